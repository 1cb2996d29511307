//! Thanks and apologies said after a request, in a sentence or clause of
//! their own: "… next week? Thank you ever so much", "…, thanks so much,
//! sorry", "…, sorry for all the messages". They go before the request is
//! read, so they never end up in a title.

use super::*;

/// Where a sentence or clause starts that a request may end with.
const SEPARATORS: &[&str] = &[". ", "? ", "! ", ", ", "; ", " - ", " – ", " — "];

/// Where a closing courtesy starts at the end of `lower`: the first
/// separator after which everything is thanks, apology or greeting.
pub(super) fn trailing_courtesy(lower: &str) -> Option<usize> {
    // Most requests end with no courtesy word: nothing to look for.
    let lower = lower.trim_end_matches(['.', '!', ' ', '?']);
    let last = lower.rsplit(|c: char| !c.is_alphanumeric() && c != '\'').next()?;
    if !COURTESY_ENDS.contains(&last) {
        return None;
    }
    SEPARATORS
        .iter()
        .flat_map(|sep| lower.match_indices(sep).map(move |(at, _)| (at, at + sep.len())))
        .filter(|(at, start)| *at > 0 && small_talk(&lower[*start..]).is_some())
        .map(|(at, _)| at)
        .min()
}

/// Words a closing courtesy ends with.
const COURTESY_ENDS: &[&str] = &[
    "thanks",
    "thank",
    "you",
    "much",
    "sorry",
    "messages",
    "message",
    "dear",
    "darling",
    "love",
    "hun",
    "cheers",
    "ta",
    "thx",
    "ty",
    "appreciated",
    "it",
    "lot",
    "again",
    "advance",
    "mate",
    "x",
    "xx",
    "bother",
    "trouble",
];

/// How a letter is signed off, before the writer's name: "Kind regards,
/// Dorothy", "Many thanks, Betty", "Love, Gran".
const SIGN_OFFS: &[&str] = &[
    "thank you",
    "thanks",
    "many thanks",
    "with thanks",
    "with many thanks",
    "thanks so much",
    "thank you so much",
    "thanks again",
    "regards",
    "kind regards",
    "best regards",
    "warm regards",
    "warmest regards",
    "with regards",
    "with kind regards",
    "yours sincerely",
    "yours faithfully",
    "yours truly",
    "sincerely",
    "best wishes",
    "all the best",
    "best",
    "love",
    "with love",
    "lots of love",
    "fondly",
    "warmly",
    "cheers",
    "salamat",
];

/// Thanks said last without a name, beyond what small talk reads alone:
/// "…, thank you kindly", "… if it is no trouble".
const LAST_THANKS: &[&str] = &[
    "thank you kindly",
    "thanks kindly",
    "thank you ever so much",
    "thanks ever so much",
    "if it is no trouble",
    "if it's no trouble",
    "if it isn't any trouble",
    "if it is not too much trouble",
];

/// Where a letter's sign-off starts at the end of `text`: a sentence or
/// clause that is only a sign-off and a name ("… every day. Kind regards,
/// Dorothy", "…, thank you kindly"). Returns the start of its separator.
pub(super) fn sign_off(text: &str) -> Option<usize> {
    let trimmed = text.trim_end_matches(['.', '!', ' ']);
    // ASCII lower case keeps every byte where it was, so an index into
    // `lower` is one into `trimmed` ("İ" and "K" change length in full
    // lower case).
    let lower = trimmed.to_ascii_lowercase();
    SEPARATORS
        .iter()
        .flat_map(|sep| lower.match_indices(sep).map(move |(at, _)| (at, at + sep.len())))
        .filter(|(at, start)| *at > 0 && signed(&lower[*start..], &trimmed[*start..]))
        .map(|(at, _)| at)
        .min()
}

/// A sign-off, with a name of up to three capitalised words after a comma.
fn signed(lower: &str, original: &str) -> bool {
    if LAST_THANKS.contains(&lower) {
        return true;
    }
    let Some((said, _)) = lower.split_once(", ") else {
        return false;
    };
    let name = &original[said.len() + 2..];
    let words: Vec<&str> = name.split_whitespace().collect();
    SIGN_OFFS.contains(&said)
        && (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase()) && w.chars().all(|c| c.is_alphabetic() || c == '.')
        })
}

/// Closing words that ask nothing more of the bot: "…, do the needful"
/// (Indian English for "please see to it"), "… before I forget", "…!!!
/// can you believe it".
const CLOSING_ASIDES: &[&str] = &[
    "do the needful",
    "please do the needful",
    "kindly do the needful",
    "before i forget",
    "b4 i forget",
    "can you believe it",
    "can u believe it",
];

/// Where a closing aside starts (`CLOSING_ASIDES`), after a separator or a
/// space, with at least a few words before it; what follows "before I
/// forget" goes with it.
pub(super) fn closing_aside(lower: &str) -> Option<usize> {
    // Most messages say none: one look for the words they end with.
    if !["needful", "forget", "believe"].iter().any(|w| lower.contains(w)) {
        return None;
    }
    CLOSING_ASIDES
        .iter()
        .filter_map(|c| {
            let at = lower.find(c)?;
            let head = lower[..at].trim_end_matches([',', ';', '.', '!', '?', '-', ' ']);
            let tail = lower[at + c.len()..].trim_matches(['.', '!', '?', ' ']);
            // "quick one before I forget, call …": a lead-in, not a close.
            let whole = tail.is_empty() || c.contains("forget") && !tail.starts_with([',', ':', ';', '-']);
            (at > 0 && lower[..at].ends_with(' ') && head.split(' ').count() >= 2 && whole)
                .then_some(head.len())
        })
        .min()
}

/// "Add please: bring the bottles back", "delete pls the gym one": the
/// courtesy said straight after the verb goes.
pub(super) fn courtesy_after_the_verb(text: &str) -> Option<String> {
    let mut words = text.splitn(3, ' ');
    let verb = words.next()?;
    let courtesy = words.next()?;
    let rest = words.next()?;
    let bare = courtesy.trim_end_matches([':', ',']).to_ascii_lowercase();
    let verbs = [
        "add", "delete", "remove", "rename", "move", "mark", "put", "show", "list",
    ];
    (verbs.iter().any(|v| verb.eq_ignore_ascii_case(v))
        && ["please", "pls", "plz", "kindly"].contains(&bare.as_str()))
    .then(|| format!("{verb} {rest}"))
}
