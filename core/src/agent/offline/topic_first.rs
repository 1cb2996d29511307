//! A task named first, then an edit whose object is missing or a pronoun:
//! "the bathroom job move to friday please", "visa document, can you rename
//! it to visa extension paper", "Rota: raise to high prio", "task 7 remind me
//! again tomorrow". The reader puts the verb first ("move the bathroom job to
//! friday please") for the grammar to read, one structure for every verb.

use super::{Target, is_time_phrase};

/// What an edit verb does, which decides how the line is put back together.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edit {
    /// A new date: "move", "put", "resched".
    Move,
    /// A date or a title, as the words after it are a time or not: "change".
    Change,
    /// A new title: "rename", "make it".
    Rename,
    Delete,
    Done,
    Snooze,
    /// A new level: "raise", "bump".
    Level,
    /// The date goes: "drop the date", "no deadline".
    Undate,
}

/// The edit verbs a topic may be followed by, longest first where one
/// starts another ("remind me again" before nothing shorter).
const VERBS: &[(&str, Edit)] = &[
    ("drop the date", Edit::Undate),
    ("remove the date", Edit::Undate),
    ("drop the deadline", Edit::Undate),
    ("remove the deadline", Edit::Undate),
    ("clear the date", Edit::Undate),
    ("move", Edit::Move),
    ("put", Edit::Move),
    ("push", Edit::Move),
    ("postpone", Edit::Move),
    ("resched", Edit::Move),
    ("reschedule", Edit::Move),
    ("shift", Edit::Move),
    ("change", Edit::Change),
    ("rename", Edit::Rename),
    ("retitle", Edit::Rename),
    ("make it", Edit::Rename),
    ("call it", Edit::Rename),
    ("delete", Edit::Delete),
    ("remove", Edit::Delete),
    ("cancel", Edit::Delete),
    ("scrap", Edit::Delete),
    ("bin", Edit::Delete),
    ("tick off", Edit::Done),
    ("tick it off", Edit::Done),
    ("tick that off", Edit::Done),
    ("check off", Edit::Done),
    ("cross off", Edit::Done),
    ("mark done", Edit::Done),
    ("mark as done", Edit::Done),
    ("mark it done", Edit::Done),
    ("mark it as done", Edit::Done),
    ("snooze", Edit::Snooze),
    ("remind me again", Edit::Snooze),
    ("remind me later", Edit::Snooze),
    // "task 5 remind again tmr morning": asked again without "me", or by
    // another verb of reminding.
    ("remind again", Edit::Snooze),
    ("ping me again", Edit::Snooze),
    ("ping again", Edit::Snooze),
    ("nudge me again", Edit::Snooze),
    ("ask me again", Edit::Snooze),
    ("remind me again later", Edit::Snooze),
    ("raise", Edit::Level),
    ("lower", Edit::Level),
    ("bump", Edit::Level),
];

/// Courtesy before the verb of the edit: "visa document, can you rename it".
const ASKS: &[&str] = &[
    "can you ",
    "could you ",
    "can u ",
    "pls ",
    "please ",
    "just ",
    "then ",
];

/// The pronoun standing for the topic after the verb: "rename it to …".
const PRONOUNS: &[&str] = &["that one", "this one", "it", "that", "this", "them"];

/// Words that may follow a verb whose object is missing: "move to friday",
/// "put for next monday", "raise to high prio".
const AFTER_VERB: &[&str] = &[
    "to", "for", "till", "until", "as", "in", "on", "by", "off", "again", "up", "down",
];

/// News about the topic said before the edit, no part of its name:
/// "Gloves order cancelled, delete", "landing page copy no deadline anymore".
const NEWS: &[&str] = &[
    " cancelled",
    " canceled",
    " complete",
    " completed",
    " done",
    " finished",
    " no deadline",
    " no date",
    " no longer",
    " not needed",
    " has ",
    " is ",
    " are ",
    " was ",
];

/// Words a topic never starts with: a person or a request, not a task.
const NOT_TOPICS: &[&str] = &[
    "i", "i'm", "im", "we", "you", "can", "could", "please", "pls", "add", "remind", "need", "what", "how",
    "why", "when", "where", "is", "are", "do", "did", "new", "create", "make", "set", "show", "list",
];

/// "the bathroom job move to friday please" as "move the bathroom job to
/// friday please": the line with the edit's verb first, when `text` names a
/// task and then edits it without naming it again.
pub(super) fn topic_then_edit(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    if !VERBS.iter().any(|(v, _)| lower.contains(v)) {
        return None;
    }
    let (topic, command) = split(text, &lower)?;
    let topic = topic.trim().trim_end_matches([',', ':', '-', ' ']);
    let topic_lower = topic.to_ascii_lowercase();
    let first = topic_lower.split_whitespace().next()?;
    if NOT_TOPICS.contains(&first)
        || VERBS.iter().any(|(v, _)| topic_lower.starts_with(v))
        || topic.split_whitespace().count() > 6
        || topic.contains(['"', '“', '?'])
    {
        return None;
    }
    // "Gloves order cancelled": the news goes from the name.
    let spaced = format!("{topic_lower} ");
    let news = NEWS.iter().filter_map(|n| spaced.find(n)).min();
    let topic = news.map_or(topic, |at| &topic[..at]).trim();
    if topic.is_empty() || is_time_phrase(topic) {
        return None;
    }
    let (edit, verb, rest) = command;
    let line = match edit {
        Edit::Undate => format!("remove the due date from {topic}"),
        // "foils ordered, tick it off": news the statement readers know.
        Edit::Done if news.is_none() => return None,
        Edit::Delete => format!("delete {topic}"),
        Edit::Done => format!("mark {topic} done"),
        // "task 6 is very important, make it high": a level, not a title.
        // "call the landlord, make it a task": an order to add, not a title.
        Edit::Rename if only_a_level(rest) || names_a_kind(rest) => return None,
        Edit::Rename => format!("rename {topic} to {}", strip_word(rest, &["to", "as"])),
        Edit::Snooze => format!("snooze {topic} {}", strip_word(rest, &["for"])),
        Edit::Level => format!("{verb} {topic} {rest}"),
        Edit::Move | Edit::Change => {
            let when = strip_word(rest, &["to", "for", "till", "until", "on"]);
            let bare = when.trim_end_matches(" please").trim_end_matches(" pls");
            match (edit, is_time_phrase(bare)) {
                (_, true) => format!("move {topic} to {when}"),
                (Edit::Change, false) if !bare.is_empty() => format!("rename {topic} to {when}"),
                _ => return None,
            }
        }
    };
    Some(line)
}

/// The topic and the edit said after it: at the first comma, colon or dash,
/// or else at the first edit verb after the first word.
fn split<'a>(text: &'a str, lower: &str) -> Option<(&'a str, (Edit, &'a str, &'a str))> {
    let separated = [", ", ": ", " - ", "; "]
        .iter()
        .filter_map(|s| lower.find(s).map(|at| (at, s.len())))
        .min();
    if let Some((at, len)) = separated
        && let Some(command) = edit_at(&text[at + len..])
    {
        return Some((&text[..at], command));
    }
    // "task 3 put for next monday": the verb after the name, no mark between.
    let starts = lower.match_indices(' ').map(|(i, _)| i + 1);
    for at in starts {
        if let Some(command) = edit_at(&text[at..]) {
            return Some((&text[..at], command));
        }
    }
    None
}

/// The edit `command` starts with and the words after its missing object.
fn edit_at(command: &str) -> Option<(Edit, &str, &str)> {
    let mut rest = command.trim_start();
    loop {
        let lower = rest.to_ascii_lowercase();
        match ASKS.iter().find(|a| lower.starts_with(**a)) {
            Some(a) => rest = rest[a.len()..].trim_start(),
            None => break,
        }
    }
    let lower = rest.to_ascii_lowercase();
    let (verb, edit) = VERBS
        .iter()
        .filter(|(v, _)| {
            lower.starts_with(v)
                && !lower[v.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '\'')
        })
        .max_by_key(|(v, _)| v.len())?;
    let said = &rest[..verb.len()];
    let mut after = rest[verb.len()..].trim_start();
    let after_lower = after.to_ascii_lowercase();
    // "make it …": the pronoun is part of the verb.
    if verb.contains(" it") {
    } else if let Some(p) = PRONOUNS.iter().find(|p| {
        after_lower.starts_with(**p) && !after_lower[p.len()..].starts_with(|c: char| c.is_alphanumeric())
    }) {
        after = after[p.len()..].trim_start();
    } else {
        let word = after_lower
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric());
        let open = word.is_empty()
            || AFTER_VERB.contains(&word)
            || ["please", "pls", "now"].contains(&word)
            || word.starts_with(|c: char| c.is_ascii_digit())
            || matches!(edit, Edit::Rename | Edit::Undate) && after.starts_with(['"', '“'])
            || is_time_phrase(after);
        if !open {
            return None;
        }
    }
    Some((*edit, said, after.trim_end_matches(['.', '!', ' '])))
}

/// `text` without one of `words` said first.
fn strip_word<'a>(text: &'a str, words: &[&str]) -> &'a str {
    let lower = text.to_ascii_lowercase();
    words
        .iter()
        .find(|w| lower.starts_with(**w) && lower[w.len()..].starts_with(' '))
        .map_or(text, |w| text[w.len()..].trim_start())
}

/// Whether `words` only say a level: "high", "top priority", "p1".
fn only_a_level(words: &str) -> bool {
    const LEVEL_WORDS: &[&str] = &[
        "high",
        "low",
        "medium",
        "urgent",
        "important",
        "top",
        "priority",
        "prio",
        "p1",
        "p2",
        "p3",
        "a",
        "the",
        "please",
        "pls",
        "more",
        "less",
    ];
    words.split_whitespace().all(|w| {
        LEVEL_WORDS.contains(
            &w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase()
                .as_str(),
        )
    })
}

/// Whether a task's name carries an edit verb or a time where a number was
/// wanted: "rota: raise", "15m" (the name ran on into the edit).
pub(super) fn carries_a_verb(target: &Target) -> bool {
    match target {
        Target::Number(n) => !n.chars().all(|c| c.is_ascii_digit()),
        Target::Named(name) => {
            let lower = name.to_ascii_lowercase();
            lower
                .split([' ', ':', ','])
                .any(|w| VERBS.iter().any(|(v, _)| *v == w))
        }
    }
}

/// Whether `words` name a kind of entry, not a title: "a task", "a reminder".
fn names_a_kind(words: &str) -> bool {
    let lower = words.to_ascii_lowercase();
    let bare = lower.trim_start_matches("a ").trim_start_matches("an ");
    ["task", "reminder", "todo", "to-do", "to do", "note", "entry"]
        .iter()
        .any(|k| bare.starts_with(k) && bare.split_whitespace().count() <= 3)
}
