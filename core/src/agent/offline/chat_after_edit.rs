//! An edit said first, then chat that asks for nothing: "ssl cert renewed.
//! crisis averted, for now", "pills taken, mother would be proud".

use super::{Intent, contains_word, parse_in_order};

/// "pills taken, mother would be proud": the edit the first clause reads,
/// when what follows it reads as nothing to do.
pub(super) fn edit_then_chat(text: &str) -> Option<Intent> {
    let (at, len) = [", ", ". ", "! ", " - ", "; "]
        .iter()
        .filter_map(|s| text.find(s).map(|at| (at, s.len())))
        .min()?;
    // "delete 4, 5 and 6", "…, i already did it": more tasks, or news
    // that another edit is meant, is no chat.
    let tail = text[at + len..].to_ascii_lowercase();
    if tail.contains(|c: char| c.is_ascii_digit())
        || ["already", "did it", "done it", "did that"]
            .iter()
            .any(|w| contains_word(&tail, w))
    {
        return None;
    }
    let edit = parse_in_order(&text[..at]);
    (edit.edited().is_some()
        && matches!(
            parse_in_order(&text[at + len..]),
            Intent::Unknown | Intent::Greeting
        ))
    .then_some(edit)
}
