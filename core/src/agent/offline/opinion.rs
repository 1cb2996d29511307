//! A question about the world that mentions a day is talk, not a task:
//! "Leinster or Munster on saturday, what do you reckon", "Did you see the
//! rugby on Saturday?".

use super::contains_word;

/// Asking the bot what it thinks or saw: chat about the world.
const OPINION_ASKS: &[&str] = &[
    "what do you reckon",
    "what d'you reckon",
    "what do you think",
    "what d'you think",
    "wdyt",
    "any thoughts",
    "did you see",
    "did you watch",
    "did you hear",
    "have you seen",
    "have you heard",
    "did ya see",
    "who do you think",
    "who will win",
    "who's going to win",
    "who do you fancy",
];

/// Words that ask for a task even inside such a question.
const ASKS_FOR_A_TASK: &[&str] = &[
    "remind", "add", "task", "note", "list", "put", "schedule", "reminder",
];

/// Whether `text` asks the bot's view of the world, and for no task.
pub(super) fn asks_an_opinion(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    OPINION_ASKS.iter().any(|a| lower.contains(a))
        && !ASKS_FOR_A_TASK.iter().any(|w| contains_word(&lower, w))
}
