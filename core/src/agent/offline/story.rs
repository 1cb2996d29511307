//! A story told before the request, the ask said last: "So the landlord
//! emailed this morning and apparently the boiler inspection is due, and I
//! keep forgetting to reply, so can you add a task to book the boiler
//! inspection for monday". The story's own "forgetting to …" or "need to …"
//! is no task when a later clause asks for one in so many words.

use super::*;

/// How a clause asks for a new task in so many words.
const ASKS_TO_ADD: &[&str] = &[
    "can you add ",
    "could you add ",
    "would you add ",
    "will you add ",
    "please add ",
    "pls add ",
    "can you put ",
    "could you put ",
    "please put ",
    "can you remind me ",
    "could you remind me ",
    "would you remind me ",
    "please remind me ",
    "can you set a reminder ",
    "could you set a reminder ",
    "please set a reminder ",
    "add a task ",
    "add a reminder ",
    "remind me to ",
];

/// Words of a story before the ask: at least this many.
const STORY_WORDS: usize = 8;

/// The new task a clause after a story asks for, the last such clause.
pub(super) fn story_then_request(original: &str, lower: &str, question: bool) -> Option<Intent> {
    clauses(lower).into_iter().rev().find_map(|at| {
        let clause = &lower[at..];
        let asks = ASKS_TO_ADD.iter().any(|a| clause.starts_with(a));
        if !asks || lower[..at].split_whitespace().count() < STORY_WORDS {
            return None;
        }
        let normal = normalize(&original[at..]);
        let lower_clause = normal.to_ascii_lowercase();
        let intent = strong(
            &Text {
                original: &normal,
                lower: &lower_clause,
            },
            question,
        )?;
        // "…, please add that as high priority": the task is the story's.
        let Intent::Add(line) = &intent else {
            return None;
        };
        let reading = quickadd::parse(line, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
        let titled = !names_many(&reading.title) && !adds_only_a_pronoun(&intent);
        titled.then_some(intent)
    })
}
