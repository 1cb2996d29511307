//! A new title ends where the chat starts: "should be called chapter 3
//! revisions actually, I think that's clearer", "should be called "backup
//! db", an untested backup is just a hope".

use super::Intent;

/// Words that start a clause of chat after a comma: "…, I quite forgot",
/// "…, they'll be together", "…, an untested backup is just a hope".
const CHAT_STARTS: &[&str] = &[
    "i", "i'm", "im", "i've", "i'd", "i'll", "we", "we're", "we'll", "they", "they're", "they'll", "he",
    "he's", "she", "she's", "it", "it's", "its", "that's", "thats", "which", "since", "because", "as", "so",
    "an", "just", "thanks", "thank", "cheers", "please", "pls",
];

/// Words said last for stress, no part of a title: "… revisions actually".
const STRESS_LAST: &[&str] = &[" actually", " instead", " please", " pls", " thanks"];

/// The rename with its new title cut where chat starts.
pub(super) fn title_before_chat(intent: Intent) -> Intent {
    let Intent::Rename(target, title) = intent else {
        return intent;
    };
    // A quoted title, then chat after its closing quote.
    if let Some(rest) = title.strip_prefix(['"', '“'])
        && let Some(end) = rest.find(['"', '”'])
        && rest[end + 1..].trim_start().starts_with(',')
    {
        return Intent::Rename(target, rest[..end].to_owned());
    }
    let lower = title.to_ascii_lowercase();
    let cut = lower.match_indices(", ").find_map(|(at, _)| {
        let next = lower[at + 2..].split_whitespace().next()?;
        CHAT_STARTS.contains(&next).then_some(at)
    });
    // "chapter 3 revisions actually that's clearer": "actually" ends it too.
    let cut = cut.or_else(|| {
        lower
            .match_indices(" actually")
            .find(|(at, w)| *at > 0 && lower[at + w.len()..].starts_with([' ', ',']))
            .map(|(at, _)| at)
    });
    let mut kept = &title[..cut.unwrap_or(title.len())];
    // "backup db and test the restore\"": a closing quote left alone.
    if kept.matches(['"', '”']).count() == 1 && kept.ends_with(['"', '”']) {
        kept = kept.trim_end_matches(['"', '”']);
    }
    if let Some(stress) = STRESS_LAST
        .iter()
        .find(|s| kept.len() > s.len() && kept.to_ascii_lowercase().ends_with(**s))
    {
        kept = &kept[..kept.len() - stress.len()];
    }
    let kept = kept.trim_end_matches([',', ' ']);
    if kept.is_empty() {
        return Intent::Rename(target, title);
    }
    Intent::Rename(target, kept.to_owned())
}
