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
