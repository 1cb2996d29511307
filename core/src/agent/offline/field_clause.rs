//! A task's fields said apart from its title: a level said first ("URGENT
//! sign the fridge log by end of day") or in a clause of its own after a
//! title without a verb ("quote for the boiler, low priority"). The level
//! becomes its marker and the title keeps the person's words.

use super::*;

/// Levels said as one word before a to-do verb, and their markers.
const LEVELS_FIRST: &[(&str, &str)] = &[("urgent", "p1"), ("important", "p1"), ("asap", "p1")];

/// Levels said in a clause of their own after a title.
const LEVEL_CLAUSES: &[(&str, &str)] = &[
    ("low priority", "p3"),
    ("low prio", "p3"),
    ("medium priority", "p2"),
    ("medium prio", "p2"),
    ("high priority", "p1"),
    ("high prio", "p1"),
    ("top priority", "p1"),
    ("urgent", "p1"),
    ("important", "p1"),
];

/// Needs said between a level said first and the verb: "URGENT need to
/// reorder foils today".
const NEEDS_AFTER_A_LEVEL: &[&str] = &[
    "i ",
    "we ",
    "need to ",
    "needs to ",
    "have to ",
    "must ",
    "gotta ",
    "got to ",
];

/// "URGENT sign fridge temp log by end of day" → "sign fridge temp log by
/// end of day p1": a level said first, before a doing verb or a need.
pub(super) fn level_said_before_a_verb(text: &str) -> Option<String> {
    let (first, rest) = text.split_once(' ')?;
    let word = first.trim_end_matches([':', ',', '!', '-']).to_ascii_lowercase();
    let (_, marker) = LEVELS_FIRST.iter().find(|(w, _)| *w == word)?;
    let mut rest = rest.trim_start();
    while let Some(need) = NEEDS_AFTER_A_LEVEL
        .iter()
        .find(|n| rest.get(..n.len()).is_some_and(|h| h.eq_ignore_ascii_case(n)))
    {
        rest = &rest[need.len()..];
    }
    let verb = rest.split_whitespace().next()?.to_ascii_lowercase();
    // "URGENT burst pipe at 14 Mill Lane 14:30": a level shouted first,
    // in a message not all in capitals, is a level before any title.
    let shouted = first.chars().any(char::is_alphabetic)
        && !first.chars().any(char::is_lowercase)
        && rest.chars().any(char::is_lowercase)
        && rest.split_whitespace().count() >= 2;
    (a_doing_verb(&verb) || shouted).then(|| format!("{rest} {marker}"))
}

/// "quote for the boiler, low priority" → an added task, when nothing
/// else read the message: a title of two words or more, then only a level.
pub(super) fn title_then_level(text: &str) -> Option<Intent> {
    let (head, tail) = text.rsplit_once(", ")?;
    let tail = tail.trim_end_matches(['.', '!', ' ']).to_ascii_lowercase();
    // "…, low priority no rush": what is said after the level changes nothing.
    let (_, marker) = LEVEL_CLAUSES
        .iter()
        .find(|(l, _)| tail == *l || tail.strip_prefix(l).is_some_and(|r| r == " no rush"))?;
    let words = head.split_whitespace().count();
    let plain = (2..=10).contains(&words) && !head.contains(['?', ',', '.']);
    plain
        .then(|| title_line(&format!("{head} {marker}"), None))
        .flatten()
}

/// How one says a task has no date, in a clause of its own after it.
const NO_DATE: &[&str] = &[
    "no date",
    "no due date",
    "no deadline",
    "without date",
    "without a date",
    "any time",
];

/// "is possible to add a task for fix the bike of my son? no date": a
/// clause saying there is no date goes (a new task has none anyway).
pub(super) fn without_no_date(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let trimmed = lower.trim_end_matches(['.', '!', ' ']);
    let said = NO_DATE.iter().find(|n| trimmed.ends_with(**n))?;
    let head = text[..trimmed.len() - said.len()].trim_end();
    let cut = head.trim_end_matches(['?', ',', '.', ';', '-', ' ']);
    (cut.len() < head.len() && cut.split_whitespace().count() >= 3).then(|| cut.to_owned())
}
