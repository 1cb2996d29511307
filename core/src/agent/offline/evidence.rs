//! The last word when the grammar reads a new task or nothing: a task
//! named by number ("task 14", "no 7", "#5") or as "the <name> one"
//! together with the words of one kind of edit ("bin", "get rid of", "take
//! the date off", "medium", "remind me in an hour") is that edit. A task is
//! never added from a message that names a task and says a strong edit;
//! when the words point at more than one edit, nothing is done rather than
//! a junk task. Also the repairs of an edit the grammar read
//! (`numbers_in_names`), and the words and times the other fallbacks share.

use super::*;

/// Kinds of edit, each with the words that say it (matched at word bounds).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Edit {
    Done,
    Delete,
    Undate,
    Move,
    Level,
    Snooze,
    Rename,
}

const LEXICON: &[(Edit, &[&str])] = &[
    (
        Edit::Done,
        &[
            "done",
            "finished",
            "finish",
            "complete",
            "completed",
            "tick",
            "ticked",
            "cross",
            "crossed",
            "check off",
            "checked off",
            "already made",
            "is made",
        ],
    ),
    (
        Edit::Delete,
        &[
            "delete",
            "remove",
            "get rid of",
            "bin",
            "scrap",
            "ditch",
            "drop",
            "take off",
            "cancel",
            "quit",
            "erase",
            "trash",
            "axe",
            "nuke",
            "rm",
        ],
    ),
    (
        Edit::Undate,
        &[
            "take the date off",
            "take the date away",
            "remove the date",
            "remove the due date",
            "clear the date",
            "clear the due date",
            "no date",
            "no due date",
            "no deadline",
            "need a deadline",
            "need a date",
            "leave it open",
            "without a date",
            "undated",
        ],
    ),
    (
        Edit::Move,
        &[
            "move",
            "push",
            "shift",
            "reschedule",
            "change",
            "due",
            "deadline",
            "make it",
            "bring forward",
            "put off",
        ],
    ),
    (
        Edit::Level,
        &[
            "priority",
            "prio",
            "urgent",
            "important",
            "high",
            "medium",
            "low",
            "p1",
            "p2",
            "p3",
        ],
    ),
    (
        Edit::Snooze,
        &[
            "snooze",
            "remind me in",
            "remind me later",
            "remind",
            "later",
            "not now",
            "sleep",
        ],
    ),
    (
        Edit::Rename,
        &[
            "rename",
            "title",
            "should say",
            "should read",
            "to read",
            "typo",
            "call it",
            "wording",
            "dapat",
        ],
    ),
];

/// Edits that must never become a new task when a task is named.
const STRONG: &[Edit] = &[Edit::Done, Edit::Delete, Edit::Undate, Edit::Move];

/// Words before a number that make it a task's: "task 14", "no 7".
const NUMBER_NOUNS: &[&str] = &["task", "no", "no.", "number", "item", "todo", "num", "nr", "#"];

/// The words of `lower` as a list, without punctuation at either end.
pub(super) fn words_of(lower: &str) -> Vec<&str> {
    lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '#' && c != '\''))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The task a message names by number, and where its words are.
fn numbered(words: &[&str]) -> Option<(String, usize, usize)> {
    let digits = |w: &str| !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit());
    for (i, w) in words.iter().enumerate() {
        if let Some(n) = w.strip_prefix('#').filter(|n| digits(n)) {
            return Some((n.to_owned(), i, 1));
        }
        if NUMBER_NOUNS.contains(w) && words.get(i + 1).is_some_and(|n| digits(n)) {
            return Some((words[i + 1].to_owned(), i, 2));
        }
        if NUMBER_NOUNS.contains(w)
            && words.get(i + 1).is_some_and(|n| *n == "number" || *n == "#")
            && words.get(i + 2).is_some_and(|n| digits(n))
        {
            return Some((words[i + 2].to_owned(), i, 3));
        }
    }
    // "12 done", "remind 14": a bare number first, or right after a verb.
    let first = words
        .first()
        .filter(|w| digits(w))
        .map(|w| ((*w).to_owned(), 0, 1));
    first.or_else(|| {
        words.iter().enumerate().skip(1).find_map(|(i, w)| {
            let after_verb = LEXICON
                .iter()
                .any(|(_, said)| said.contains(&words[i - 1]) && !["in", "later"].contains(&words[i - 1]));
            (digits(w) && after_verb && i + 1 == words.len()).then(|| ((*w).to_owned(), i, 1))
        })
    })
}

/// Whether `phrase` is said in `words` (as whole words).
pub(super) fn says(words: &[&str], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words.windows(parts.len()).any(|w| w == parts.as_slice())
}

/// Words after which a time is said: "to monday", "until friday".
const TIME_LEADS: &[&str] = &["to", "for", "until", "till", "til", "on", "by", "it", "now"];

/// The longest run of words (up to five) that is a time, outside the
/// reference: said last, or after a word that leads a time (each run read
/// once, so a long message costs a few readings, not one per window).
pub(super) fn time_in(words: &[&str], skip: (usize, usize)) -> Option<String> {
    let outside = |i: usize, n: usize| i + n <= skip.0 || i >= skip.0 + skip.1;
    let starts = (0..words.len()).filter(|i| *i == 0 || TIME_LEADS.contains(&words[i - 1]));
    let mut runs: Vec<(usize, usize)> = (1..=5.min(words.len()))
        .map(|n| (words.len() - n, n))
        .chain(starts.flat_map(|i| (1..=4).filter(move |n| i + n <= words.len()).map(move |n| (i, n))))
        .filter(|(i, n)| outside(*i, *n))
        .collect();
    runs.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    runs.into_iter()
        .map(|(i, n)| words[i..i + n].join(" "))
        .find(|w| !w.bytes().all(|b| b.is_ascii_digit() || b == b' ') && is_time_phrase(w))
}

/// A span of time said in the words: "2h", "30 min", "an hour".
fn span_in(words: &[&str]) -> Option<String> {
    (1..=2).rev().find_map(|n| {
        (0..words.len().saturating_sub(n - 1))
            .map(|i| words[i..i + n].join(" "))
            .find(|w| time::parse_duration(w).is_ok())
    })
}

/// The level said: "medium", "p1", "top priority", "take the priority off".
pub(super) fn level_in(words: &[&str]) -> Option<Priority> {
    if says(words, "priority off") || says(words, "no priority") || says(words, "not important") {
        return Some(Priority::None);
    }
    if says(words, "top priority") || says(words, "urgent") || says(words, "important") {
        return Some(Priority::High);
    }
    words
        .iter()
        .find(|w| ["high", "medium", "low", "p1", "p2", "p3", "normal"].contains(w))
        .and_then(|w| Priority::parse(w).ok())
}

/// The first quoted text, for a new title.
fn quoted(original: &str) -> Option<String> {
    let start = original.find(['"', '“'])?;
    let rest = &original[start + 1..];
    let end = rest.find(['"', '”'])?;
    let title = rest[..end].trim();
    (!title.is_empty()).then(|| title.to_owned())
}

/// The edit a message's evidence points at, when the grammar read a new
/// task or nothing: `Some(Unknown)` when a strong edit and a task are said
/// but the words point more than one way.
/// After a new task was read (`strict`), only a task named with its noun
/// ("task 5", "#5") and a reminder put off in so many words
/// ("snooze", "not now") count: "remind me to fill in form no 3" is a task.
pub(super) fn by_evidence(text: &str, strict: bool) -> Option<Intent> {
    let lower = text.to_lowercase();
    let words = words_of(&lower);
    let (target, at, len) = match numbered(&words) {
        Some((n, at, len)) => {
            if strict && !(words[at] == "task" || words[at].starts_with('#')) {
                return None;
            }
            (Target::Number(n), at, len)
        }
        None => {
            // "get rid of the swimming lessons one were not doing that": a
            // task named "the <name> one" right after the edit's verb.
            let (name, at, len) = named_one(&words)?;
            if at == 0 || at > 3 {
                return None;
            }
            (Target::Named(name), at, len)
        }
    };
    let rest: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < at || *i >= at + len)
        .map(|(_, w)| *w)
        .collect();
    let mut said: Vec<Edit> = LEXICON
        .iter()
        .filter(|(_, phrases)| phrases.iter().any(|p| says(&rest, p)))
        .map(|(edit, _)| *edit)
        .collect();
    // Taking the date off is a change of date, not a deletion; a level
    // or a title said outweighs "change".
    if said.contains(&Edit::Undate) {
        said.retain(|e| !matches!(e, Edit::Delete | Edit::Move | Edit::Done));
    }
    if said.contains(&Edit::Rename) && quoted(text).is_some() {
        said.retain(|e| *e == Edit::Rename);
    }
    if said.contains(&Edit::Level) && level_in(&rest).is_some() {
        said.retain(|e| !matches!(e, Edit::Move | Edit::Snooze));
    }
    if strict && !["snooze", "not now", "later"].iter().any(|p| says(&rest, p)) {
        said.retain(|e| *e != Edit::Snooze);
    }
    if said.contains(&Edit::Snooze) && span_in(&rest).is_some() {
        said.retain(|e| !matches!(e, Edit::Move | Edit::Level));
    }
    let named = matches!(target, Target::Named(_));
    let intent = match said.as_slice() {
        [Edit::Done] => Intent::Complete(target),
        [Edit::Delete] => Intent::Delete(target),
        [Edit::Undate] => Intent::Move(target, "none".into()),
        [Edit::Move] => Intent::Move(target, time_in(&words, (at, len))?),
        [Edit::Level] => Intent::SetPriority(target, level_in(&rest)?),
        [Edit::Snooze] => Intent::Snooze(
            target,
            span_in(&rest)
                .or_else(|| time_in(&words, (at, len)))
                .unwrap_or_else(|| "1h".into()),
        ),
        [Edit::Rename] => Intent::Rename(target, quoted(text)?),
        many if many.iter().any(|e| STRONG.contains(e)) && !named => Intent::Unknown,
        _ => return None,
    };
    // A task by name only for a deletion or a completion said before it.
    if named && !matches!(intent, Intent::Delete(_) | Intent::Complete(_)) {
        return None;
    }
    Some(intent)
}

/// An edit whose task was read as a name that is only a number and the
/// edit's own words ("finished no 7" → 7, "bin #9" → 9), whose new title
/// is only a time ("change task 11 for tomorrow at 10am" is a move), or
/// whose importance is denied ("the forms aren't important").
pub(super) fn numbers_in_names(intent: Intent) -> Intent {
    // "the school forms aren't important": the level denied is none.
    if let Intent::SetPriority(Target::Named(name), Priority::High) = &intent
        && let Some(name) = [" aren't", " isn't", " arent", " isnt", " not"]
            .iter()
            .find_map(|n| name.strip_suffix(n))
    {
        return Intent::SetPriority(Target::Named(name.to_owned()), Priority::None);
    }
    // "reschedule task 6 to Monday 7 December": the weekday said with a
    // date is the date's.
    if let Intent::Move(t, when) = &intent
        && let Some((day, date)) = when.split_once(' ')
        && date.starts_with(|c: char| c.is_ascii_digit())
        && time::resolve_when(day, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC).is_ok()
        && !is_time_phrase(when)
        && is_time_phrase(date)
    {
        return Intent::Move(t.clone(), date.to_owned());
    }
    if let Intent::Rename(t, title) = &intent
        && title.split_whitespace().count() <= 6
    {
        let when = title.strip_prefix("for ").unwrap_or(title);
        if is_time_phrase(when) {
            return Intent::Move(t.clone(), when.to_owned());
        }
    }
    intent.map_edited(|t| match &t {
        Target::Named(name) => {
            let lower = name.to_lowercase();
            let words = words_of(&lower);
            let edit_word = |w: &str| w == "the" || LEXICON.iter().any(|(_, said)| said.contains(&w));
            match numbered(&words) {
                Some((n, at, len))
                    if words.len() <= 3
                        && words
                            .iter()
                            .enumerate()
                            .all(|(i, w)| (at..at + len).contains(&i) || edit_word(w)) =>
                {
                    Target::Number(n)
                }
                _ => t,
            }
        }
        Target::Number(_) => t,
    })
}

/// "the swimming lessons one": a task named with "the" and a task noun
/// (one to four words between), and where its words are.
fn named_one(words: &[&str]) -> Option<(String, usize, usize)> {
    let at = words.iter().position(|w| *w == "the")?;
    let end =
        (at + 2..(at + 6).min(words.len())).find(|i| ["one", "task", "reminder"].contains(&words[*i]))?;
    let name = words[at + 1..end].join(" ");
    // "the last one", "the shopping one and the gym one": no one task by name.
    (!names_many(&name) && !words[end + 1..].contains(&"and")).then_some((name, at, end - at + 1))
}
