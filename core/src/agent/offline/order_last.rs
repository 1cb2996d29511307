//! An order said last about what came before: "I walk the dog every day at
//! 7am, pop that in as a daily reminder will you", "take the bins out every
//! monday put that on the list", "…, better write it down", "… put it for
//! saturday?". The order clause is built from its parts (softeners, an add
//! verb, a word pointing back, then only particles, list words or a time),
//! so any wording of them is read; the clause before is the task.

use super::*;

/// Words said before the order's verb: "so", "can you", "better".
const SOFTENERS: &[&str] = &[
    "so", "and", "then", "better", "i'd", "just", "please", "pls", "can", "could", "would", "will", "you",
    "u", "kindly", "now", "ok", "okay", "right", "if", "maybe",
];

/// Verbs that put something on the list.
const ORDER_VERBS: &[&str] = &[
    "put", "pop", "stick", "add", "note", "write", "jot", "pencil", "save", "bung", "whack", "chuck", "log",
    "keep",
];

/// Words pointing back at what came before.
const POINTING: &[&str] = &["that", "it", "this"];

/// Words that may follow the pointer without saying anything new: particles,
/// the list, "as a daily reminder", "will you".
const AFTER_THE_POINTER: &[&str] = &[
    "one",
    "in",
    "down",
    "on",
    "onto",
    "into",
    "to",
    "the",
    "my",
    "list",
    "lists",
    "todo",
    "todos",
    "to-do",
    "tasks",
    "task",
    "there",
    "for",
    "me",
    "as",
    "a",
    "an",
    "regular",
    "daily",
    "weekly",
    "monthly",
    "yearly",
    "recurring",
    "repeating",
    "new",
    "reminder",
    "please",
    "will",
    "you",
    "would",
    "thanks",
    "somewhere",
    "too",
    "also",
    "as",
    "well",
    "if",
    "could",
    "can",
    "u",
    "pls",
    // "can you put that on repeat": the repeat said before is the order's.
    "repeat",
];

/// Where the order starts, and the time it says ("put it for saturday").
fn order_clause(lower: &str) -> Option<(usize, Option<String>)> {
    // Most messages say no pointer after an add verb: nothing to split.
    let said = |table: &[&str]| {
        lower
            .split_whitespace()
            .any(|w| table.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
    };
    if !said(POINTING) || !said(ORDER_VERBS) {
        return None;
    }
    let words: Vec<(usize, &str)> = lower
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - lower.as_ptr() as usize, w))
        .collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
            .to_owned()
    };
    // The last add verb followed by a pointer.
    let verb = (1..words.len().saturating_sub(1)).rev().find(|i| {
        ORDER_VERBS.contains(&bare(words[*i].1).as_str()) && POINTING.contains(&bare(words[i + 1].1).as_str())
    })?;
    // "i think i put it on there": said of the past, no order.
    if ["i", "we", "they", "he", "she"].contains(&bare(words[verb - 1].1).as_str()) {
        return None;
    }
    // Back over the softeners to where the clause starts.
    let mut start = verb;
    while start > 0
        && SOFTENERS.contains(&bare(words[start - 1].1).as_str())
        && !words[start - 1].1.ends_with([',', '.', ';'])
    {
        start -= 1;
    }
    if start == 0 {
        return None;
    }
    let rest = &lower[words[verb + 1].0 + words[verb + 1].1.len()..];
    let rest = rest.trim().trim_end_matches(['?', '.', '!']);
    // "put it for saturday": a time after "for", "on" or "at".
    let (plain, when) = ["for ", "on ", "at "]
        .iter()
        .filter_map(|lead| {
            let at = rest
                .find(lead)
                .filter(|at| *at == 0 || rest.as_bytes()[at - 1] == b' ')?;
            let said = rest[at + lead.len()..].trim();
            is_time_phrase(said).then(|| (&rest[..at], Some(said.to_owned())))
        })
        .next()
        .unwrap_or((rest, None));
    plain
        .split_whitespace()
        .all(|w| AFTER_THE_POINTER.contains(&bare(w).as_str()))
        .then_some((words[start].0, when))
}

/// "I walk the dog every day at 7am, pop that in as a daily reminder will
/// you": the task said first, with the time the order adds.
pub(super) fn order_said_last(original: &str, lower: &str) -> Option<Intent> {
    let (at, when) = order_clause(lower)?;
    let head = original[..at].trim_end_matches([',', ';', '-', '–', '—', ' ', '.', '!', ':']);
    if head.split_whitespace().count() < 2 {
        return None;
    }
    let timed = |line: String| match &when {
        Some(when) => format!("{line} {when}"),
        None => line,
    };
    let head = without_subject(head);
    let head = head.as_str();
    earlier_title(head, false)
        .and_then(|line| title_line(&timed(line), None))
        .or_else(|| title_line(&timed(head.to_owned()), None))
}

/// How a person says a task of theirs as a statement, before its verb:
/// "I've promised to fix the gate", "I have my eye test on tuesday".
const STATEMENT_LEADS: &[&str] = &[
    "i've promised to ",
    "i have promised to ",
    "i promised to ",
    "i have my ",
    "i've got my ",
    "i have got my ",
    "we have our ",
    "we've got our ",
];

/// A task said as a habit or a statement without its subject: "I walk the
/// dog every day at 7am" → "walk the dog every day at 7am", "On the 1st
/// of every month I pay the window cleaner" → "On the 1st of every month
/// pay the window cleaner". The subject goes only first or after a time.
fn without_subject(head: &str) -> String {
    let lower = head.to_ascii_lowercase();
    let lead = |at: usize| {
        STATEMENT_LEADS
            .iter()
            .find(|l| lower[at..].starts_with(**l))
            .map(|l| l.len())
            .or_else(|| {
                let mut words = lower[at..].split_whitespace();
                let subject = words.next()?;
                let verb = words.next()?;
                // "Every weekday at 8am I have stand-up with the sales team".
                let third = words.next();
                let has = verb == "have" && !["to", "got", "been"].contains(&third.unwrap_or("to"));
                let article = match third {
                    Some("a") if has => 2,
                    Some("an") if has => 3,
                    _ => 0,
                };
                (["i ", "we "].iter().any(|s| s.trim() == subject) && (todo_verb(verb) || has))
                    .then(|| subject.len() + 1 + if has { 5 + article } else { 0 })
            })
    };
    if let Some(len) = lead(0) {
        return head[len..].to_owned();
    }
    for (at, _) in lower.match_indices(' ') {
        let start = at + 1;
        if lead(start).is_some() && is_time_phrase(head[..at].trim_end_matches(',')) {
            let len = lead(start).unwrap_or(0);
            return format!("{}{}", &head[..start], &head[start + len..]);
        }
    }
    head.to_owned()
}

/// Where a sentence may end before a request said last.
const SENTENCE_ENDS: &[&str] = &[". ", "! ", " - ", " – ", " — "];

/// Words of a request anywhere in the story before: then the story is no
/// mere lead-in.
const ASKS: &[&str] = &[
    "add",
    "remind",
    "please",
    "pls",
    "can you",
    "could you",
    "delete",
    "remove",
    "list",
    "show",
];

/// "my sister is visiting so i'll be out most of saturday. pick up vanilla
/// beans this weekend", "after nights i always forget - renew parking
/// permit next monday": a story, then a request in a sentence of its own
/// that starts with its verb. The request is read alone.
pub(super) fn request_after_a_story(original: &str, lower: &str) -> Option<String> {
    let (at, len) = SENTENCE_ENDS
        .iter()
        .filter_map(|e| lower.rfind(e).map(|at| (at, e.len())))
        .max_by_key(|(at, _)| *at)?;
    let head = &lower[..at];
    let tail = &original[at + len..];
    let first = tail.split_whitespace().next()?.to_ascii_lowercase();
    if !(first == "add" || todo_verb(&first)) || tail.split_whitespace().count() < 3 {
        return None;
    }
    let asked = head.contains('?') || ASKS.iter().any(|a| contains_word(head, a));
    (!asked && head.split_whitespace().count() >= 3).then(|| tail.to_owned())
}
