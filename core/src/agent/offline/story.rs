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
    if lower.split_whitespace().count() <= STORY_WORDS {
        return None;
    }
    clauses(lower).into_iter().rev().find_map(|at| {
        let clause = &lower[at..];
        // "could you maybe add …": a hedge after "you" changes no ask.
        let unhedged = [
            "you maybe ",
            "you perhaps ",
            "you possibly ",
            "you just ",
            "you also ",
        ]
        .iter()
        .find_map(|h| clause.find(h).filter(|i| *i < 8).map(|i| (i, h.len())))
        .map(|(i, n)| format!("{}you {}", &clause[..i], &clause[i + n..]));
        let clause = unhedged.as_deref().unwrap_or(clause);
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

/// How a clause asks to bring a task up to date, before the task.
const ASKS_TO_UPDATE: &[&str] = &[
    "can you update ",
    "could you update ",
    "please update ",
    "pls update ",
    "update ",
    "can you change ",
    "could you change ",
    "please change ",
    "change ",
    "can you fix ",
    "fix ",
    "amend ",
    "adjust ",
];

/// The verbs of `ASKS_TO_UPDATE`.
const UPDATE_VERBS: &[&str] = &["update", "change", "fix", "amend", "adjust"];

/// Words before a time that take it back: "can't do friday", "not tuesday".
const DENIED_BY: &[&str] = &[
    "not", "can't", "cannot", "cant", "won't", "isn't", "no", "instead", "than",
];

/// "The cake shop … can't do friday after all, so the collection has to be
/// saturday, can you update the cake task", "the gas man is coming
/// wednesday not tuesday, update task 2": an update asked without its
/// value takes the last time the story gives that nothing denies.
pub(super) fn update_after_story(original: &str, lower: &str) -> Option<Intent> {
    if !UPDATE_VERBS.iter().any(|v| lower.contains(v)) {
        return None;
    }
    clauses(lower).into_iter().rev().find_map(|at| {
        // Only a clause with an update verb in its first words is read.
        let verb = lower[at..]
            .split_whitespace()
            .take(4)
            .any(|w| UPDATE_VERBS.contains(&w));
        if !verb {
            return None;
        }
        let normal = normalize(&original[at..]);
        let lower_clause = normal.to_ascii_lowercase();
        let clause = Text {
            original: &normal,
            lower: &lower_clause,
        };
        let object = clause.after(ASKS_TO_UPDATE)?;
        // "change the due date on that one": the field goes, the task stays.
        let object = object
            .after(&[
                "the due date on ",
                "the due date of ",
                "the due date for ",
                "the deadline on ",
                "the deadline of ",
                "the deadline for ",
                "the date on ",
                "the date of ",
                "the date for ",
                "the time on ",
                "the time of ",
                "the time for ",
            ])
            .unwrap_or(object);
        let head = &original[..at];
        let found = if ["it", "that", "that one", "this", "that task"].contains(&object.lower) {
            head_task(head)?
        } else {
            let named = number_token(&object).is_some_and(|(_, r)| r.is_empty())
                || [" task", " one", " reminder", " item"]
                    .iter()
                    .any(|n| object.lower.ends_with(n));
            named.then(|| reference(&object)).flatten()?
        };
        Some(Intent::Move(found, last_time_said(head)?))
    })
}

/// The last time phrase in `head` (up to three words) that no word just
/// before it denies.
fn last_time_said(head: &str) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.' | '!' | '?'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found: Option<String> = None;
    // Where the last hit ended, to join "on monday" and "at 9".
    let mut last_end = usize::MAX;
    let mut last_kept = false;
    let mut i = 0;
    while i < words.len() {
        let hit = (1..=3).rev().find(|len| {
            i + len <= words.len() && {
                let phrase = words[i..i + len].join(" ");
                phrase.chars().any(|c| c.is_ascii_alphanumeric())
                    && !STORY_NOT_TIMES.contains(&phrase.as_str())
                    && is_time_phrase(&phrase)
            }
        });
        match hit {
            Some(len) => {
                let denied = words[i.saturating_sub(2)..i]
                    .iter()
                    .any(|w| DENIED_BY.contains(w));
                let phrase = words[i..i + len].join(" ");
                if last_end == i
                    && last_kept
                    && let Some(earlier) = found.as_mut()
                {
                    earlier.push(' ');
                    earlier.push_str(&phrase);
                } else if denied {
                    last_kept = false;
                } else {
                    found = Some(phrase.trim_start_matches("on ").to_owned());
                    last_kept = true;
                }
                i += len;
                last_end = i;
            }
            None => i += 1,
        }
    }
    found
}

/// Words a story says that are times to the time reader but not a new due.
const STORY_NOT_TIMES: &[&str] = &[
    "now",
    "today",
    "this morning",
    "after all",
    "just now",
    "earlier",
    "later",
];

/// A story, then a colon and the task itself: "Quick one before I forget, I
/// just got off the phone with my bookkeeper: call the accountant tomorrow
/// at 2pm". Read only when nothing else in the message was a request: the
/// words after the colon as a line with a time, or an order.
pub(super) fn task_after_a_colon(original: &str, lower: &str, question: bool) -> Option<Intent> {
    let at = lower.find(": ")?;
    let head = &lower[..at];
    // "follow up with the Garcias re: their offer": "re:" is "about", no heading.
    if head.split_whitespace().count() < 3
        || head.contains(|c: char| c.is_ascii_digit())
        || head.ends_with(" re")
    {
        return None;
    }
    let normal = normalize(&original[at + 2..]);
    let lower = normal.to_ascii_lowercase();
    let t = Text {
        original: &normal,
        lower: &lower,
    };
    parse_timed_line(&t, question).or_else(|| parse_imperative(&t, question))
}
