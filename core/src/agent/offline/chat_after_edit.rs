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

/// Words of an edit a new task's line never needs: only where one is said
/// is a line read as a new task weighed as an edit then chat ("can wait").
const EDIT_CUES: &[&str] = &[
    "wait",
    "move",
    "moved",
    "push",
    "pushed",
    "postpone",
    "reschedule",
    "due",
    "instead",
    "p1",
    "p2",
    "p3",
    "priority",
    "delete",
    "remove",
    "cancel",
    "snooze",
    "rename",
];

/// Whether the first clause of `text` says a word of an edit.
pub(super) fn edit_cue_before_chat(text: &str) -> bool {
    let head = [", ", ". ", "! ", " - ", "; "]
        .iter()
        .filter_map(|s| text.find(s))
        .min()
        .map_or(text, |at| &text[..at]);
    let lower = head.to_ascii_lowercase();
    EDIT_CUES.iter().any(|w| contains_word(&lower, w))
}
