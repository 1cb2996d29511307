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
    // Learners' word order: "the colour too dark, what you think?".
    "what you think",
    "what u think",
    "what you reckon",
    "your opinion",
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

/// Verbs of what happens in the world, not of a task one does: "did
/// Leeds win last night", "did the parcel come yesterday".
const EVENT_VERBS: &[&str] = &[
    "win", "lose", "draw", "come", "arrive", "happen", "rain", "snow", "land", "open", "close", "start",
    "end", "play", "score", "show", "turn", "go", "get", "make", "die", "crash", "sell", "rise", "fall",
];

/// Whether `text` asks whether something happened in the world: "did" and
/// someone or something not the speaker or the bot, then a verb of
/// `EVENT_VERBS` ("did Leeds win last night", "did the parcel come").
pub(super) fn asks_what_happened(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    words.first() == Some(&"did")
        && words
            .get(1)
            .is_some_and(|w| !["i", "we", "you", "u", "ya", "it", "that", "this"].contains(w))
        && (2..words.len().min(5)).any(|k| EVENT_VERBS.contains(&words[k]))
        && !ASKS_FOR_A_TASK.iter().any(|w| contains_word(&lower, w))
}

/// Verbs of writing something for the asker: "can you write 200 words on
/// the port strike", "could you draft a speech for my dad".
const WRITING_VERBS: &[&str] = &[
    "write",
    "compose",
    "draft",
    "translate",
    "summarise",
    "summarize",
    "proofread",
    "rewrite",
    "generate",
];

/// Asks that put the verb to the bot.
const ASKED_OF_YOU: &[&str] = &[
    "can you ",
    "could you ",
    "would you ",
    "will you ",
    "can u ",
    "could u ",
];

/// Whether `text` asks the bot to write something now (no task): an ask put
/// to the bot, a verb of `WRITING_VERBS`, and no time, list or "down" ("can
/// you write down milk" is a note).
pub(super) fn asks_for_writing(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let Some(at) = ASKED_OF_YOU
        .iter()
        .find_map(|a| lower.find(a).map(|at| at + a.len()))
    else {
        return false;
    };
    let rest = lower[at..].trim_start_matches("please ");
    let Some((verb, object)) = rest.split_once(' ') else {
        return false;
    };
    WRITING_VERBS.contains(&verb)
        && !object.starts_with("down")
        && !object.starts_with("that")
        && !object.starts_with("it ")
        && !object.contains(['"', '\u{201c}'])
        && !ASKS_FOR_A_TASK.iter().any(|w| contains_word(&lower, w))
        // "could you draft the agenda by friday": a time makes it a task.
        && crate::quickadd::parse(text, jiff::Timestamp::UNIX_EPOCH, &jiff::tz::TimeZone::UTC)
            .due
            .is_none()
}
