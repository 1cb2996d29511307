//! A task's fields named in words: "change due date of 2 to …", "5s title
//! to …", "take the priority off 5", "7 doesnt need a deadline anymore".
//! Each field phrase maps to the edit it means (move, priority, rename).

use super::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Due,
    Priority,
    Title,
}

/// The words for each field, longest first within a field.
pub(super) const FIELDS: &[(&str, Field)] = &[
    ("due date", Field::Due),
    ("due-date", Field::Due),
    ("duedate", Field::Due),
    ("due time", Field::Due),
    // "change the hour of task 6 to 3pm" (learners)
    ("hour", Field::Due),
    ("deadline", Field::Due),
    ("date", Field::Due),
    ("due", Field::Due),
    ("priority level", Field::Priority),
    ("priority", Field::Priority),
    ("urgency", Field::Priority),
    ("importance", Field::Priority),
    ("title", Field::Title),
    ("name", Field::Title),
    ("wording", Field::Title),
    ("description", Field::Title),
    ("text", Field::Title),
];

/// Whether `lower` starts with a field word ("title to x", "due date").
pub(super) fn starts_with_field(lower: &str) -> bool {
    field_at(lower).is_some()
}

/// The field word at the start of `lower` (the longest), and its length.
fn field_at(lower: &str) -> Option<(Field, usize)> {
    FIELDS
        .iter()
        .filter(|(w, _)| {
            lower.starts_with(w) && !lower[w.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
        })
        .max_by_key(|(w, _)| w.len())
        .map(|(w, f)| (*f, w.len()))
}

/// Verbs that set a field.
const SET_VERBS: &[&str] = &[
    "set", "change", "update", "edit", "make", "fix", "alter", "modify", "switch", "adjust", "correct",
    "move", "push", "put",
];
/// Verbs that take a field away.
const CLEAR_VERBS: &[&str] = &[
    "remove",
    "take",
    "take away",
    "clear",
    "drop",
    "delete",
    "strip",
    "get rid of",
    "lose",
    "ditch",
    "scrap",
    "unset",
    "erase",
    "reset",
    "cancel",
];
const ARTICLES_OF_A_FIELD: &[&str] = &["the", "its", "that", "this"];
const FIELD_PREPOSITIONS: &[&str] = &["of", "for", "on", "from", "off", "in"];
/// What joins a field to its new value.
const VALUE_LINKERS: &[&str] = &[
    // "edit 7 title: write blog post on caching"
    ":",
    "to read",
    "to say",
    "so it reads",
    "so it says",
    "to",
    "as",
    "=",
    "into",
    "so it's",
    "is",
    "should be",
    "to be",
    "is now",
    "needs to be",
    "must be",
    "has to be",
    "back to",
    "forward to",
    "out to",
    "back until",
    "back till",
    "until",
    "till",
    // Said by non-native speakers: "change the date of 14 for next week",
    // "change name for task 2 in \"order new glasses\"".
    "for",
    "in",
];
/// Linkers that set a field without a verb: "due date for 4 should be the
/// 20th", "task 3 title: send the invoice".
const STATED_LINKERS: &[&str] = &[
    "is",
    "should be",
    "is now",
    "needs to be",
    "must be",
    "has to be",
    ":",
    // "the deadline for 12 has moved to next friday": a change said as news.
    "has moved to",
    "has been moved to",
    "moved to",
    "has changed to",
    "has been changed to",
    "changed to",
    "has been pushed to",
    "has been pushed back to",
    "got pushed to",
    "got pushed back to",
    "got moved to",
    "has shifted to",
    "is moving to",
    "will be",
    "is changing to",
    "be pushed back to",
    "be pushed to",
    "be moved to",
    "be changed to",
    "be extended to",
    "be set to",
    "needs to change to",
    "needs changing to",
    "should change to",
    "needs to move to",
    "needs moving to",
    "should move to",
    "needs to be moved to",
    "should be moved to",
    "needs to be changed to",
    "should be changed to",
    "has been extended to",
    "was extended to",
    "got extended to",
    "is extended to",
];

/// A field said with its task, in either order: "the due date of 2 …",
/// "2's deadline …", "5s title …", "task 3 priority …". The task, the field,
/// and what follows.
fn task_and_field<'a>(t: &Text<'a>) -> Option<(Target, Field, Text<'a>)> {
    let rest = word_after(t, ARTICLES_OF_A_FIELD).map_or(*t, |(_, r)| r);
    if let Some((field, n)) = field_at(rest.lower) {
        let after = Text {
            original: rest.original[n..].trim_start(),
            lower: rest.lower[n..].trim_start(),
        };
        // "due 6 monday 9am", "title 14 "fix flaky tests"": a number may
        // follow the field without a preposition.
        let after = match word_after(&after, FIELD_PREPOSITIONS) {
            Some((_, after)) => after,
            None if after.lower.starts_with(|c: char| c.is_ascii_digit() || c == '#') => after,
            None => return None,
        };
        let (target, tail) = split_target(
            &after,
            &[
                " to ",
                " as ",
                " = ",
                " into ",
                " is ",
                " should ",
                " off",
                " so ",
                " has ",
                " got ",
                " was ",
                " needs ",
                " will ",
                " moved ",
                " changed ",
                " back ",
                " forward ",
            ],
        )?;
        // The tail is the end of the text, trimmed.
        let start = t.original.trim_end().len() - tail.len();
        return Some((
            target,
            field,
            Text {
                original: &t.original[start..],
                lower: &t.lower[start..],
            },
        ));
    }
    // "the uni application deadline is now …": a named task, then its field.
    if let Some((at, field, n)) = FIELDS
        .iter()
        .filter_map(|(w, f)| {
            let at = t.lower.find(&format!(" {w} "))? + 1;
            Some((at, *f, w.len()))
        })
        .min_by_key(|(at, _, n)| (*at, std::cmp::Reverse(*n)))
        && let Some(Target::Named(name)) = reference(&Text {
            original: &t.original[..at - 1],
            lower: &t.lower[..at - 1],
        })
    {
        return Some((
            Target::Named(name),
            field,
            Text {
                original: t.original[at + n..].trim_start(),
                lower: t.lower[at + n..].trim_start(),
            },
        ));
    }
    // "2's deadline", "5s title", "task 3 priority"
    let (number, _) = number_token(t)?;
    let at = t.lower.find(number.as_str())? + number.len();
    let after = t.lower[at..].trim_start_matches(['\'', '’', 's', ' ']);
    let start = t.lower.len() - after.len();
    let (field, n) = field_at(after)?;
    let start = start + n;
    Some((
        Target::Number(number),
        field,
        Text {
            original: t.original[start..].trim_start(),
            lower: t.lower[start..].trim_start(),
        },
    ))
}

/// "change due date of 2 to tomorrow at 4pm", "set 5s title to call the
/// electrician", "update the priority of 3 to low": a field set by its name.
pub(super) fn parse_field(t: &Text<'_>) -> Option<Intent> {
    if let Some(intent) = field_cleared(t) {
        return Some(intent);
    }
    let (linkers, rest) = match word_after(t, SET_VERBS) {
        Some((_, rest)) => (VALUE_LINKERS, rest),
        None => (STATED_LINKERS, *t),
    };
    let (target, field, tail) = task_and_field(&rest)?;
    // "edit title of 2: order receipt paper": the colon after the task.
    let colon = t.original[..t.original.len() - tail.original.len()]
        .trim_end()
        .ends_with(':');
    // "due 6 monday 9am", "mv title 14 "fix flaky tests"": a terse order,
    // the field first, then the task and its value with no linker.
    let terse = field_at(rest.lower).is_some()
        && !tail.lower.is_empty()
        && match field {
            Field::Due => is_time_phrase(tail.original),
            Field::Title => tail.lower.starts_with(['"', '“', '\'']),
            Field::Priority => PRIORITY_WORDS.iter().any(|(w, _)| *w == tail.lower),
        };
    let (linker, value) = match word_after(&tail, linkers) {
        Some((linker, value)) => (linker, value.original),
        None if colon || terse => ("", tail.original),
        None => return None,
    };
    // "… in 3 days": "in" that starts a span stays with it.
    let spanned = format!("in {value}");
    let value = if linker == "in" && is_time_phrase(&spanned) {
        spanned.as_str()
    } else {
        value
    };
    let full = value;
    // "…, please update it": the order after the new value goes.
    let value = value
        .split_once(", please ")
        .or_else(|| value.split_once(", can you "))
        .or_else(|| value.split_once(", could you "))
        .map_or(value, |(v, _)| v);
    let said = value;
    let value = unquote(value);
    if value.is_empty() {
        return None;
    }
    let lower = value.to_ascii_lowercase();
    match field {
        Field::Due
            if ["none", "nothing", "no date", "no due date", "no deadline"].contains(&lower.as_str()) =>
        {
            Some(Intent::Move(target, "none".into()))
        }
        Field::Due => Some(Intent::Move(
            target,
            time_without_aside(corrected(value, true)).to_owned(),
        )),
        Field::Priority => {
            let level = lower.trim_end_matches(" priority");
            let (_, p) = PRIORITY_WORDS
                .iter()
                .find(|(w, _)| *w == level || *w == lower)
                .or_else(|| {
                    ["none", "nothing"]
                        .contains(&level)
                        .then_some(&("none", Priority::None))
                })?;
            Some(Intent::SetPriority(target, *p))
        }
        // `"a" not "b"`: the first quoted title, before the wrong one;
        // "is wrong, it should say …": the right words after the wrong.
        Field::Title => {
            // "is not correct, please modify it to: …": the right words may
            // follow the order that cut the value.
            let wrong = WRONG.iter().any(|w| lower.starts_with(w));
            let said = if wrong { full } else { said };
            let said = match first_of(&said.to_ascii_lowercase(), RIGHT_WORDS) {
                Some((at, link)) if wrong => said[at + link.len()..].trim_start_matches([':', ' ']),
                _ => said,
            };
            Some(Intent::Rename(
                target,
                quoted_title(corrected(said, false)).to_owned(),
            ))
        }
    }
}

/// How a field's value is said to be wrong, before the right one.
const WRONG: &[&str] = &[
    "wrong",
    "incorrect",
    "not right",
    "not correct",
    "isn't right",
    "isn't correct",
    "a typo",
    "misspelled",
    "misspelt",
];

/// Where a wrong time is said to be, before the task: "I put the wrong date
/// on the MOT task, it should be the 20th".
const WRONG_TIMES: &[&str] = &[
    // "I have got the date wrong for the chiropodist, it is actually Wednesday"
    "date wrong for ",
    "date wrong on ",
    "day wrong for ",
    "time wrong for ",
    "wrong date on ",
    "wrong date for ",
    "wrong day on ",
    "wrong day for ",
    "wrong time on ",
    "wrong time for ",
    "wrong deadline on ",
    "wrong deadline for ",
];

/// "I put the wrong date on the MOT task, it should be the 20th": the task
/// and its right time.
pub(super) fn wrong_time(t: &Text<'_>) -> Option<Intent> {
    // Most messages say nothing is wrong: look before the table is read.
    if !contains_any_case(t.lower, "wrong") {
        return None;
    }
    let (at, said) = first_of(t.lower, WRONG_TIMES)?;
    let rest = &t.lower[at + said.len()..];
    let (end, link) = first_of(rest, RIGHT_WORDS)?;
    let object = Text {
        original: t.original[at + said.len()..at + said.len() + end].trim_end_matches([',', ' ', '-', ';']),
        lower: rest[..end].trim_end_matches([',', ' ', '-', ';']),
    };
    let when = corrected(&t.original[at + said.len() + end + link.len()..], true);
    is_time_phrase(when)
        .then(|| reference(&object).filter(|t| !vague(t)))
        .flatten()
        .map(|task| Intent::Move(task, when.to_owned()))
}

/// The edit that clears a field.
fn cleared(target: Target, field: Field) -> Option<Intent> {
    match field {
        Field::Due => Some(Intent::Move(target, "none".into())),
        Field::Priority => Some(Intent::SetPriority(target, Priority::None)),
        Field::Title => None,
    }
}

/// Statements that a task has no field: "7 doesnt need a deadline
/// anymore", "3 has no due date", "5 needs no priority".
const NO_FIELD: &[&str] = &[
    " doesn't need a ",
    " doesn't need any ",
    " doesn't need the ",
    " does not need a ",
    " doesn't have a ",
    " shouldn't have a ",
    " should not have a ",
    " don't need a ",
    " needs no ",
    " has no ",
    " should have no ",
    " with no ",
    " without a ",
    " without ",
    ": no ",
    " - no ",
    " no ",
];

/// "take the priority off 5", "remove 2's deadline", "clear the due date
/// on the report task", "7 doesnt need a deadline anymore".
pub(super) fn field_cleared(t: &Text<'_>) -> Option<Intent> {
    let t = t
        .before(&[" anymore", " any more", " after all", " any longer", " now"])
        .unwrap_or(*t);
    if let Some((_, rest)) = word_after(&t, CLEAR_VERBS) {
        let rest = rest.before(&[" off", " away"]).unwrap_or(rest);
        // "…, remove the deadline": the field of the task said before ("it").
        if let Some((field, _)) = word_after(&rest, ARTICLES_OF_A_FIELD)
            .and_then(|(_, f)| field_at(f.lower).filter(|(_, n)| *n == f.lower.len()))
        {
            return cleared(Target::Named("it".into()), field);
        }
        let (target, field, tail) = task_and_field(&rest)?;
        return tail.lower.is_empty().then(|| cleared(target, field)).flatten();
    }
    if let Some((_, rest)) = word_after(&t, &["no", "without"]) {
        let rest = word_after(&rest, &["more", "a", "the", "any"]).map_or(rest, |(_, r)| r);
        let (field, n) = field_at(rest.lower)?;
        let after = Text {
            original: rest.original[n..].trim_start(),
            lower: rest.lower[n..].trim_start(),
        };
        let (_, after) = word_after(&after, &["for", "on"])?;
        return cleared(reference(&after)?, field);
    }
    let (at, len) = NO_FIELD
        .iter()
        .filter_map(|m| t.lower.find(m).map(|at| (at, m.len())))
        .min_by_key(|(at, _)| *at)?;
    let head = Text {
        original: &t.original[..at],
        lower: &t.lower[..at],
    };
    let tail = &t.lower[at + len..];
    // "task 3 has no fixed date now": a word that says which kind goes.
    let tail = ["more ", "fixed ", "set ", "firm ", "real "]
        .iter()
        .find_map(|w| tail.strip_prefix(w))
        .unwrap_or(tail);
    let (field, n) = field_at(tail)?;
    (tail.len() == n).then_some(())?;
    cleared(reference(&head)?, field)
}

/// "bump the ssl thing to p2. medium panic": a move to a level is the
/// level (the words after it chat).
pub(super) fn level_not_time(intent: Intent) -> Intent {
    let Intent::Move(target, when) = &intent else {
        return intent;
    };
    let first = when
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    let level = match first.as_str() {
        "p1" | "high" => Priority::High,
        "p2" | "medium" => Priority::Medium,
        "p3" | "low" => Priority::Low,
        _ => return intent,
    };
    Intent::SetPriority(target.clone(), level)
}
