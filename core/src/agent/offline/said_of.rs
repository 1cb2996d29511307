//! When nothing else reads a message: a task said by name, then a level or
//! a new date said of it ("expiry check medium prio", "rent is top
//! priority", "investor dinner -> fri", "the lamb make it saturday instead").

use super::*;

/// Words between a task's name and what is said of it: "rent is top
/// priority", "deck = p1", "lab report got extended to monday".
const NAME_LINKS: &[&str] = &[
    " to ",
    " is ",
    " are ",
    " isn't ",
    " isnt ",
    " aren't ",
    " arent ",
    " = ",
    " -> ",
    " → ",
    " got ",
    " has been ",
    " have been ",
    " was ",
    " make it ",
    " should be ",
    " needs to be ",
    " now ",
];

/// Words of a level said of a task: the level needs one of them.
const LEVEL_WORDS: &[&str] = &[
    "priority",
    "prio",
    "importance",
    "important",
    "urgent",
    "p1",
    "p2",
    "p3",
];

/// Words said with a level that change nothing: "is now of the utmost
/// importance", "arent important take the priority off".
const LEVEL_FILLERS: &[&str] = &[
    "is", "are", "isnt", "isn't", "arent", "aren't", "not", "a", "an", "the", "top", "high", "medium", "low",
    "normal", "very", "super", "really", "now", "of", "utmost", "take", "off", "no", "highest", "lowest",
    "set", "to",
];

/// Words of a new date said of a task: "got extended to monday".
const DATE_WORDS: &[&str] = &[
    "extended",
    "moved",
    "pushed",
    "postponed",
    "rescheduled",
    "changed",
    "make",
    "->",
    "→",
    "now",
    "instead",
];

/// When nothing was read: a task said by name, then a level or a new date
/// said of it ("expiry check medium prio", "rent is top priority", "investor
/// dinner -> fri", "the lamb make it saturday instead").
pub(super) fn said_of_a_name(text: &str) -> Option<Intent> {
    let lower = text.to_lowercase();
    let lower = lower.trim_end_matches(['.', '!', '?', ' ']);
    if lower.contains(['?', ',', ';']) || lower.split_whitespace().count() > 10 {
        return None;
    }
    let (name, rest) = NAME_LINKS
        .iter()
        .filter_map(|l| lower.find(l).map(|at| (at, l)))
        .min_by_key(|(at, _)| *at)
        .map(|(at, _)| (&lower[..at], &lower[at + 1..]))
        .or_else(|| {
            // "expiry check medium prio": the level said last without a link.
            let words: Vec<&str> = lower.split_whitespace().collect();
            let last = words.last()?;
            let k = if ["prio", "priority", "importance"].contains(last) {
                2
            } else {
                1
            };
            (words.len() > k).then(|| {
                let at = lower.len() - words[words.len() - k..].join(" ").len();
                (lower[..at].trim_end(), &lower[at..])
            })
        })?;
    let name = name
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("my ")
        .trim();
    // "move that to friday", "for dinner change the date to saturday": an
    // order about no named task.
    let orders = [
        "it", "that", "this", "them", "those", "for", "date", "move", "change", "set", "push", "make",
        "shift",
    ];
    if name.split_whitespace().any(|w| orders.contains(&w)) {
        return None;
    }
    let name_words = name.split_whitespace().count();
    if !(1..=5).contains(&name_words) || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let words = words_of(rest);
    let target = Target::Named(name.to_owned());
    // Only the level is said: "the team is urgent about the deadline" is talk.
    let level_only = words
        .iter()
        .all(|w| LEVEL_WORDS.contains(w) || LEVEL_FILLERS.contains(w));
    if level_only && words.iter().any(|w| LEVEL_WORDS.contains(w)) {
        let level = if ["not important", "priority off", "no priority"]
            .iter()
            .any(|p| says(&words, p))
            || rest.starts_with("arent ")
            || rest.starts_with("aren't ")
            || rest.starts_with("isnt ")
            || rest.starts_with("isn't ")
        {
            Priority::None
        } else if says(&words, "top priority") || says(&words, "urgent") || says(&words, "important") {
            Priority::High
        } else {
            level_in(&words)?
        };
        return Some(Intent::SetPriority(target, level));
    }
    // "investor dinner -> fri" ("->" reads "to"): a name, then only its new time.
    if let Some(when) = rest.strip_prefix("to ").filter(|w| is_time_phrase(w)) {
        return Some(Intent::Move(target, when.to_owned()));
    }
    if words.iter().any(|w| DATE_WORDS.contains(w)) {
        let when = time_in(&words, (0, 0))?;
        return Some(Intent::Move(target, when));
    }
    None
}
