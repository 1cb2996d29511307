//! A tag said in words in a question about the list: "with the garden
//! tag", "the uni tasks", not the words that only say which tasks
//! ("the completed tasks").

use super::*;

/// "with the garden tag", "under the gym label": the word before the noun.
pub(super) fn tag_said_before(t: &Text<'_>) -> Option<Tag> {
    [" tag", " label"].iter().find_map(|noun| {
        t.lower.match_indices(noun).find_map(|(at, _)| {
            let after = &t.lower[at + noun.len()..];
            if after.starts_with(|c: char| c.is_alphanumeric()) {
                return None;
            }
            let word = t.lower[..at].rsplit(' ').next()?;
            let ok = !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !NOT_A_TAG.contains(&word)
                && ![
                    "the", "a", "that", "this", "which", "what", "my", "each", "any", "same",
                ]
                .contains(&word);
            ok.then(|| Tag::parse(word).ok()).flatten()
        })
    })
}

/// Words that say which tasks without being a tag: "the completed tasks".
pub(super) const NOT_A_TAG: &[&str] = &[
    "completed",
    "complete",
    "done",
    "finished",
    "pending",
    "open",
    "outstanding",
    "remaining",
    "overdue",
    "urgent",
    "important",
    "other",
    "same",
    "new",
    "old",
    "late",
    "current",
    "unfinished",
    "incomplete",
    "upcoming",
    "recent",
    "last",
    "first",
    "next",
    "previous",
    "active",
    "undone",
    "high",
    "low",
    "medium",
    "priority",
    "dated",
    "undated",
    "ticked",
    "daily",
    "weekly",
    "monthly",
    "repeating",
    "recurring",
    "few",
    "many",
    "most",
    "all",
    "remaining",
    "open",
    "closed",
    "big",
    "small",
    "main",
    "important",
    "today's",
    "tomorrow's",
    "week's",
    "current",
    "existing",
    "various",
    "different",
    "two",
    "three",
    "other",
];

/// A tag said as the kind of tasks: "the uni tasks I have finished",
/// "list work tasks", "show me home stuff".
pub(super) fn kind_of_tasks(t: &Text<'_>) -> Option<Tag> {
    let words: Vec<&str> = t.lower.split_whitespace().collect();
    words.windows(3).find_map(|w| {
        ([
            "the", "my", "all", "any", "our", "show", "list", "see", "view", "display", "me", "get", "what",
        ]
        .contains(&w[0])
            && ["tasks", "todos", "items", "stuff", "things", "reminders"].contains(&w[2])
            && ![
                "my", "the", "your", "our", "all", "any", "some", "these", "those", "me", "a", "an", "his",
                "her", "their", "of", "this", "that", "more", "other",
            ]
            .contains(&w[1])
            && w[1].chars().all(|c| c.is_ascii_alphabetic())
            && !NOT_A_TAG.contains(&w[1]))
        .then(|| Tag::parse(w[1]).ok())
        .flatten()
    })
}
