//! The offline brain: a deterministic parser for commands and common phrasings.
//!
//! It answers when no model is configured and when the model fails, so a person
//! always gets a reply. Matching is on an ASCII-lower-cased copy of the text, so
//! byte offsets line up with the original and titles keep their case.

use serde_json::json;

use super::tools::{self, ListFilter, ToolCall, ToolCallRecord, ToolContext, ToolResult};
use crate::{
    commands::{self, Surface},
    quickadd,
    tasks::{Priority, Tag, TaskFilter, TaskNumber, TaskTitle},
    time::{self, DueFilter},
};

/// What the person asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    Help,
    Greeting,
    /// A quick-add line: the title with any date, repeat, priority and tags.
    Add(String),
    List(ListFilter),
    Complete(Target),
    Delete(Target),
    /// The task and its new title.
    Rename(Target, String),
    /// Give a task a new due ("move task 3 to friday").
    Move(Target, String),
    SetPriority(Target, Priority),
    /// Move a task's reminder ("snooze task 2 for an hour"); default one hour.
    Snooze(Target, String),
    /// "I'm in Tokyo".
    SetZone(String),
    Unknown,
}

/// A task named by number or by words from its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Number(String),
    Named(String),
}

pub fn parse(text: &str) -> Intent {
    let question = text.trim_end().ends_with('?');
    let normal = normalize(text);
    let original = normal.as_str();
    let lower = original.to_ascii_lowercase();
    let t = Text {
        original,
        lower: &lower,
    };
    if lower.is_empty() {
        return Intent::Unknown;
    }
    parse_help(&t)
        .or_else(|| parse_zone(&t))
        .or_else(|| parse_snooze(&t))
        .or_else(|| parse_priority(&t))
        .or_else(|| parse_move(&t))
        .or_else(|| parse_rename(&t))
        .or_else(|| parse_complete(&t))
        .or_else(|| parse_delete(&t))
        .or_else(|| parse_add(&t))
        .or_else(|| parse_list(&t))
        .or_else(|| parse_timed_line(&t, question))
        .or_else(|| parse_imperative(&t, question))
        .unwrap_or(Intent::Unknown)
}

/// Politeness and framing around a request, taken off once so the phrase
/// tables below only see the request itself.
const POLITE_PREFIXES: &[&str] = &[
    "could you please ",
    "can you please ",
    "would you please ",
    "will you please ",
    "could you ",
    "can you ",
    "would you ",
    "will you ",
    "please ",
    "pls ",
    "plz ",
    "kindly ",
    "hey tasklink, ",
    "hey tasklink ",
    "tasklink, ",
    "hey, ",
    "hi, ",
    "hey ",
    "hi ",
    "hello ",
    "yo ",
    "ok, ",
    "okay, ",
    "ok so ",
    "so ",
    "just ",
    "quickly ",
    "i'd like you to ",
    "i would like you to ",
    "i want you to ",
    "go ahead and ",
];

const POLITE_SUFFIXES: &[&str] = &[
    " please",
    " pls",
    " plz",
    " for me",
    " thanks",
    " thank you",
    " thx",
    " if you can",
    " if you could",
    " if possible",
    " asap",
    " now",
];

/// Trims, drops politeness at either end (repeatedly: "could you please … for me, thanks"),
/// closing punctuation, and quotes around the whole message.
fn normalize(text: &str) -> String {
    // A slash command typed where commands are not parsed: "/add milk" is "add milk".
    let text = text.trim_start().strip_prefix('/').unwrap_or(text);
    let mut s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = s.len();
        s = s
            .trim()
            .trim_end_matches(['.', '!', '?', ',', ';', ' '])
            .to_owned();
        let lower = s.to_ascii_lowercase();
        if let Some(p) = POLITE_PREFIXES
            .iter()
            .find(|p| lower.starts_with(*p) && lower.len() > p.len())
        {
            s = s[p.len()..].to_owned();
        }
        let lower = s.to_ascii_lowercase();
        if let Some(x) = POLITE_SUFFIXES
            .iter()
            .find(|x| lower.ends_with(*x) && lower.len() > x.len())
        {
            s.truncate(s.len() - x.len());
        }
        let unquoted = unquote(&s);
        if unquoted.len() != s.len() && !unquoted.contains(['"', '“', '”']) {
            s = unquoted.to_owned();
        }
        if s.len() == before {
            return s;
        }
    }
}

struct Text<'a> {
    original: &'a str,
    lower: &'a str,
}

impl<'a> Text<'a> {
    /// The original text after the first matching prefix (case-insensitive).
    fn after(&self, prefixes: &[&str]) -> Option<Text<'a>> {
        prefixes.iter().find_map(|p| {
            self.lower.starts_with(p).then(|| Text {
                original: self.original[p.len()..].trim_start(),
                lower: self.lower[p.len()..].trim_start(),
            })
        })
    }

    /// The original text before the first matching suffix.
    fn before(&self, suffixes: &[&str]) -> Option<Text<'a>> {
        suffixes.iter().find_map(|s| {
            self.lower.ends_with(s).then(|| {
                let end = self.lower.len() - s.len();
                Text {
                    original: self.original[..end].trim_end(),
                    lower: self.lower[..end].trim_end(),
                }
            })
        })
    }

    fn is_one_of(&self, words: &[&str]) -> bool {
        words.contains(&self.lower)
    }

    fn has_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| contains_word(self.lower, w))
    }
}

fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A task reference: `3`, `#3`, `task 3`, `number 3`.
fn number_token(t: &Text<'_>) -> Option<(String, String)> {
    let rest = t
        .after(&[
            "task number ",
            "task no. ",
            "task #",
            "task ",
            "number ",
            "no. ",
            "#",
        ])
        .unwrap_or(Text {
            original: t.original,
            lower: t.lower,
        });
    let mut parts = rest.original.splitn(2, char::is_whitespace);
    let first = parts
        .next()?
        .trim_start_matches('#')
        .trim_end_matches([':', ',', '.', ')'])
        .trim_end_matches("'s")
        .trim_end_matches("’s");
    let remainder = parts.next().unwrap_or("").trim().to_owned();
    first
        .chars()
        .next()?
        .is_ascii_digit()
        .then(|| (first.to_owned(), remainder))
}

/// `the meeting task` → `meeting`.
fn task_name(t: &Text<'_>) -> Option<String> {
    let inner = t.after(&["the ", "my ", "that "]).unwrap_or(Text {
        original: t.original,
        lower: t.lower,
    });
    let inner = inner.before(&[" task", " todo", " item"]).unwrap_or(inner);
    let inner = inner
        .after(&["task ", "task called ", "task named "])
        .unwrap_or(inner);
    let name = unquote(inner.original);
    (!name.is_empty()).then(|| name.to_owned())
}

fn unquote(s: &str) -> &str {
    s.trim()
        .trim_matches(['"', '\'', '“', '”', '‘', '’', '`', '«', '»'])
        .trim()
}

fn parse_help(t: &Text<'_>) -> Option<Intent> {
    if t.is_one_of(&[
        "help",
        "/help",
        "?",
        "commands",
        "what can you do",
        "how does this work",
        "menu",
        "start",
    ]) {
        return Some(Intent::Help);
    }
    if t.is_one_of(&[
        "hi",
        "hello",
        "hey",
        "hi there",
        "hello there",
        "thanks",
        "thank you",
        "thx",
        "good morning",
    ]) {
        return Some(Intent::Greeting);
    }
    None
}

/// "I'm in Tokyo", "my time zone is Europe/Berlin", "set my timezone to Asia/Kolkata".
fn parse_zone(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(&[
        "set my time zone to ",
        "set my timezone to ",
        "change my time zone to ",
        "change my timezone to ",
        "set time zone to ",
        "set timezone to ",
        "my time zone is ",
        "my timezone is ",
        "time zone ",
        "timezone ",
        "i'm in ",
        "im in ",
        "i am in ",
        "i live in ",
        "i'm living in ",
        "i moved to ",
        "i'm now in ",
        "i am now in ",
        "i'm based in ",
        "i'm currently in ",
        "i am currently in ",
    ])?;
    let place = unquote(rest.original).trim_end_matches(" now").trim();
    // Only what the zone table knows: "I'm in a meeting" is not a place.
    time::parse_zone(place)
        .is_ok()
        .then(|| Intent::SetZone(place.to_owned()))
}

/// "snooze task 2 for an hour", "snooze 2 until 5pm", "remind me about task 3 in 30 minutes".
fn parse_snooze(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(&[
        "snooze ",
        "remind me about ",
        "remind me again about ",
        "postpone the reminder for ",
    ])?;
    let (number, remainder) = number_token(&rest)?;
    let remainder = remainder.to_ascii_lowercase();
    let when = remainder
        .trim()
        .trim_start_matches("for ")
        .trim_start_matches("until ")
        .trim_start_matches("till ")
        .trim();
    let when = match when {
        "" => "1h",
        "an hour" | "one hour" | "a hour" => "1h",
        "half an hour" => "30m",
        "a day" | "one day" => "1 day",
        other => other,
    };
    Some(Intent::Snooze(Target::Number(number), when.to_owned()))
}

const PRIORITY_WORDS: &[(&str, Priority)] = &[
    ("high priority", Priority::High),
    ("top priority", Priority::High),
    ("urgent", Priority::High),
    ("important", Priority::High),
    ("high", Priority::High),
    ("p1", Priority::High),
    ("medium priority", Priority::Medium),
    ("normal priority", Priority::Medium),
    ("medium", Priority::Medium),
    ("p2", Priority::Medium),
    ("low priority", Priority::Low),
    ("low", Priority::Low),
    ("p3", Priority::Low),
    ("no priority", Priority::None),
];

/// "make task 4 high priority", "set the priority of task 4 to low", "mark 4 as urgent".
fn parse_priority(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(&[
        "set the priority of ",
        "change the priority of ",
        "set priority of ",
        "make ",
        "mark ",
        "set ",
        "flag ",
        "prioritize ",
        "prioritise ",
    ])?;
    let (number, remainder) = number_token(&rest)?;
    let remainder = remainder.to_ascii_lowercase();
    let words = remainder
        .trim()
        .trim_start_matches("to ")
        .trim_start_matches("as ")
        .trim_start_matches("a ")
        .trim_start_matches("priority to ")
        .trim_start_matches("priority ")
        .trim();
    if t.lower.starts_with("prioritize ") || t.lower.starts_with("prioritise ") {
        return words
            .is_empty()
            .then_some(Intent::SetPriority(Target::Number(number), Priority::High));
    }
    let priority = PRIORITY_WORDS.iter().find(|(w, _)| words == *w)?.1;
    Some(Intent::SetPriority(Target::Number(number), priority))
}

/// "move task 3 to friday", "reschedule 3 for tomorrow 9am", "task 3 is due friday",
/// "set the due date of task 3 to dec 1", "push task 3 to next week".
fn parse_move(t: &Text<'_>) -> Option<Intent> {
    if let Some(rest) = t.after(&[
        "set the due date of ",
        "set the due date for ",
        "change the due date of ",
        "change the due date for ",
        "set due date of ",
        "move ",
        "reschedule ",
        "push ",
        "postpone ",
        "defer ",
        "shift ",
    ]) {
        let (number, remainder) = number_token(&rest)?;
        let lower = remainder.to_ascii_lowercase();
        let when = ["to ", "until ", "till ", "for ", "on ", "by "]
            .iter()
            .find_map(|p| {
                lower
                    .strip_prefix(p)
                    .map(|w| remainder[remainder.len() - w.len()..].to_owned())
            })?;
        return Some(Intent::Move(Target::Number(number), when.trim().to_owned()));
    }
    // "task 3 is due friday", "3 is due tomorrow"
    let (number, remainder) = number_token(t)?;
    let lower = remainder.to_ascii_lowercase();
    let when = ["is due ", "due "].iter().find_map(|p| lower.strip_prefix(p))?;
    Some(Intent::Move(
        Target::Number(number),
        remainder[remainder.len() - when.len()..].trim().to_owned(),
    ))
}

fn parse_rename(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(&[
        "change the title of ",
        "change the name of ",
        "update the title of ",
        "set the title of ",
        "change ",
        "rename ",
        "update ",
        "edit ",
        "retitle ",
        "call ",
    ])?;
    let (target, remainder) = match number_token(&rest) {
        Some((number, remainder)) => (Target::Number(number), remainder),
        // "rename the groceries task to Buy vegetables"
        None => {
            let at = rest.lower.find(" to ")?;
            let name = Text {
                original: &rest.original[..at],
                lower: &rest.lower[..at],
            };
            (
                Target::Named(task_name(&name)?),
                rest.original[at + 1..].to_owned(),
            )
        }
    };
    let remainder = Text {
        original: &remainder,
        lower: &remainder.to_ascii_lowercase(),
    }
    .after(&[
        "to be ",
        "to say ",
        "to read ",
        "to ",
        "into ",
        "as ",
        "title to ",
        "so it says ",
        "so it reads ",
        ": ",
        "- ",
    ])
    .map(|r| r.original.to_owned())
    .unwrap_or(remainder);
    let title = unquote(&remainder);
    (!title.is_empty()).then(|| Intent::Rename(target, title.to_owned()))
}

const DONE_WORDS: &[&str] = &[
    "as complete",
    "as completed",
    "as done",
    "as finished",
    "complete",
    "completed",
    "done",
    "finished",
    "as complete ✅",
    "off",
];

fn parse_complete(t: &Text<'_>) -> Option<Intent> {
    // "mark task 3 as complete", "mark 3 done", "mark the meeting task done"
    if let Some(rest) = t.after(&["mark ", "check off ", "tick off ", "tick ", "check "]) {
        let body = rest.before(DONE_WORDS).unwrap_or(rest);
        return Some(Intent::Complete(target(&body)?));
    }
    // "complete task 3", "done 3", "finish the report task"
    if let Some(rest) = t.after(&[
        "complete ",
        "done ",
        "finish ",
        "finished ",
        "close ",
        "i finished ",
        "i completed ",
        "i did ",
        "i've done ",
        "i have done ",
        "i've finished ",
        "i have finished ",
        "i've completed ",
        "i have completed ",
        "i'm done with ",
        "i am done with ",
        "done with ",
        "cross off ",
        "strike ",
        "tick ",
        "check ",
    ]) {
        return Some(Intent::Complete(target(&rest)?));
    }
    // "3 done", "task 3 is done", "#3 complete"
    let body = t.before(&[
        " is done",
        " is complete",
        " is completed",
        " is finished",
        " done",
        " complete",
        " completed",
        " finished",
    ])?;
    let (number, remainder) = number_token(&body)?;
    remainder
        .is_empty()
        .then_some(Intent::Complete(Target::Number(number)))
}

fn parse_delete(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(&[
        "delete ",
        "remove ",
        "drop ",
        "erase ",
        "cancel ",
        "get rid of ",
        "forget about ",
        "forget ",
        "scratch ",
        "trash ",
        "discard ",
        "throw away ",
        "throw out ",
        "nuke ",
        "kill ",
        "take off ",
        "clear ",
        "i don't need ",
        "i no longer need ",
    ])?;
    let rest = rest
        .before(&[
            " from my list",
            " from the list",
            " from my tasks",
            " from my to-do list",
            " from my todo list",
            " off my list",
            " off the list",
            " anymore",
            " any more",
        ])
        .unwrap_or(rest);
    Some(Intent::Delete(target(&rest)?))
}

fn target(t: &Text<'_>) -> Option<Target> {
    match number_token(t) {
        Some((number, remainder)) if remainder.is_empty() => Some(Target::Number(number)),
        _ => task_name(t).map(Target::Named),
    }
}

/// Where an added task goes: "… to my list", "… on my to-do list".
const LIST_SUFFIXES: &[&str] = &[
    " to my to-do list",
    " to my todo list",
    " to my task list",
    " to my tasks",
    " to my list",
    " to the list",
    " to the to-do list",
    " to the todo list",
    " on my to-do list",
    " on my todo list",
    " on my task list",
    " on my list",
    " on the list",
    " onto my list",
    " in my list",
    " as a task",
    " as a todo",
    " as a to-do",
];

fn parse_add(t: &Text<'_>) -> Option<Intent> {
    let verb = t.after(&[
        "add a new task to ",
        "add a task to ",
        "add task to ",
        "add a new task: ",
        "add a task: ",
        "add task: ",
        "add a new task ",
        "add a task ",
        "add task ",
        "add a todo ",
        "add todo ",
        "add ",
        "create a new task to ",
        "create a task to ",
        "create a task ",
        "create task ",
        "new task: ",
        "new task ",
        "remind me to ",
        "please remind me to ",
        "i need to remember to ",
        "remember to ",
        "don't forget to ",
        "dont forget to ",
        "note to self: ",
        "i need to ",
        "i have to ",
        "i must ",
        "i should ",
        "todo: ",
        "todo ",
        "to do: ",
        "task: ",
        "add a reminder to ",
        "add a reminder: ",
        "add reminder ",
        "set a reminder to ",
        "set a reminder for ",
        "create a reminder to ",
        "don't let me forget to ",
        "dont let me forget to ",
        "do not let me forget to ",
        "don't let me forget ",
        "dont let me forget ",
        "make sure i ",
        "make sure to ",
        "i've got to ",
        "i have got to ",
        "i gotta ",
        "i got to ",
        "i'll need to ",
        "i will need to ",
        "i want to ",
        "i'd like to ",
        "i need ",
        "note to self: ",
        "note to self ",
        "note: ",
        "make a note to ",
        "make a note: ",
        "make a task to ",
        "make a task: ",
        "make a todo: ",
        "new todo: ",
        "new todo ",
        "new reminder: ",
        "jot down ",
        "write down ",
        "note down ",
        "put ",
        "schedule ",
        "remind me ",
    ]);
    let rest = match verb {
        Some(rest) => rest,
        // "buy milk on my list", without a verb
        None => t.before(LIST_SUFFIXES).filter(|r| !r.lower.is_empty())?,
    };
    let rest = rest
        .after(&["called ", "named ", "titled ", "to "])
        .unwrap_or(rest);
    let rest = rest
        .after(&[
            "probably ",
            "really ",
            "definitely ",
            "also ",
            "still ",
            "actually ",
            "maybe ",
        ])
        .unwrap_or(rest);
    let rest = rest.before(LIST_SUFFIXES).unwrap_or(rest);
    let title = unquote(rest.original);
    let mut chars = title.chars();
    let first = chars.next()?;
    Some(Intent::Add(first.to_uppercase().chain(chars).collect()))
}

/// Verbs that start a to-do when said on their own ("buy bread", "call the bank").
const TODO_VERBS: &[&str] = &[
    "buy", "call", "email", "e-mail", "mail", "pay", "book", "clean", "fix", "pick", "send", "write", "read",
    "submit", "renew", "order", "visit", "return", "wash", "water", "text", "ring", "phone", "meet",
    "prepare", "print", "file", "sign", "cook", "bake", "feed", "walk", "vacuum", "tidy", "organize",
    "organise", "plan", "review", "update", "study", "practice", "practise", "learn", "finish", "start",
    "go", "get", "bring", "take", "drop", "collect", "grab", "shop", "iron", "mow", "repair", "replace",
    "install", "backup", "back", "schedule", "contact", "message", "reply", "respond", "check", "ask",
    "tell", "remind", "register", "apply", "cancel", "charge", "refill", "pack", "unpack", "move", "sort",
    "throw", "recycle", "donate", "sell", "research", "draft", "edit", "prep", "make", "see", "watch",
    "listen", "exercise", "run", "stretch", "meditate",
];

/// A bare imperative with no other reading is something to do.
fn parse_imperative(t: &Text<'_>, question: bool) -> Option<Intent> {
    let first = t.lower.split_whitespace().next()?;
    let more_than_one_word = t.lower.split_whitespace().nth(1).is_some();
    (TODO_VERBS.contains(&first) && more_than_one_word && !question)
        .then(|| Intent::Add(t.original.to_owned()))
}

/// A line with no verb that still carries a date or a repeat ("pay rent every
/// month on the 1st", "dentist tomorrow at 3pm") is something to add.
fn parse_timed_line(t: &Text<'_>, question: bool) -> Option<Intent> {
    let reading = quickadd::parse(t.original, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    let timed = reading.due.is_some() || reading.repeat.is_some();
    let question = question || t.lower.starts_with("what") || t.lower.starts_with("when");
    (timed && !question && !reading.title.trim().is_empty()).then(|| Intent::Add(t.original.to_owned()))
}

fn parse_list(t: &Text<'_>) -> Option<Intent> {
    let first_word = t
        .lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    let asks = [
        "show", "list", "what", "what's", "whats", "which", "display", "view", "see", "get", "give", "tell",
        "any", "do",
    ]
    .contains(&first_word)
        || ["anything", "how"].contains(&first_word)
        || t.has_any(&[
            "tasks",
            "task list",
            "my list",
            "to-do",
            "todo",
            "pending",
            "completed",
            "agenda",
            "overdue",
        ]);
    if !asks {
        return None;
    }
    let status = if t.has_any(&[
        "pending",
        "open",
        "left",
        "remaining",
        "still",
        "unfinished",
        "incomplete",
        "to do",
        "todo",
        "to-do",
        "not done",
        "outstanding",
        "undone",
        "need to do",
        "have to do",
        "got to do",
        "should i do",
        "on my plate",
        "haven't",
        "have not",
        "not yet",
        "yet",
        "next",
    ]) {
        TaskFilter::Pending
    } else if t.has_any(&[
        "completed",
        "complete",
        "done",
        "finished",
        "finish",
        "accomplished",
        "accomplish",
        "ticked off",
        "checked off",
    ]) {
        TaskFilter::Completed
    } else {
        TaskFilter::All
    };
    let mut filter = ListFilter {
        status,
        ..ListFilter::default()
    };
    filter.due = if t.has_any(&["overdue", "late", "past due", "missed"]) {
        Some(DueFilter::Overdue)
    } else if t.has_any(&["today", "tonight", "this evening"]) {
        Some(DueFilter::Today)
    } else if t.has_any(&["tomorrow"]) {
        Some(DueFilter::Tomorrow)
    } else if t.has_any(&[
        "this week",
        "the week",
        "next 7 days",
        "next seven days",
        "coming up",
        "upcoming",
    ]) {
        Some(DueFilter::Week)
    } else if t.has_any(&[
        "no due date",
        "without a due date",
        "without a date",
        "no date",
        "undated",
    ]) {
        Some(DueFilter::None)
    } else {
        None
    };
    // Anything due is still to be done.
    if filter.due.is_some() && filter.status == TaskFilter::All {
        filter.status = TaskFilter::Pending;
    }
    filter.tag = t
        .original
        .split_whitespace()
        .find_map(|w| w.strip_prefix('#'))
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-'))
        .and_then(|w| Tag::parse(w).ok());
    filter.priority = if t.has_any(&["high priority", "urgent", "important", "p1"]) {
        Some(Priority::High)
    } else if t.has_any(&["medium priority", "p2"]) {
        Some(Priority::Medium)
    } else if t.has_any(&["low priority", "p3"]) {
        Some(Priority::Low)
    } else {
        None
    };
    Some(Intent::List(filter))
}

/// Carries out an intent with the task tools and words the reply.
pub async fn respond(
    ctx: &ToolContext<'_>,
    intent: Intent,
) -> Result<(String, Vec<ToolCallRecord>), sqlx::Error> {
    let mut records = Vec::new();
    let reply = match intent {
        Intent::Help => commands::help(Surface::Web),
        Intent::Greeting => {
            "Hi! I keep your task list. Try “add buy milk”, “what's pending?” or “done 1”.".to_owned()
        }
        Intent::Unknown => {
            "I didn't catch that. Try “add buy milk tomorrow 9am”, “what's due today?”, “done 3”, \
“delete 2” or “rename 1 to Call mom”. Say “help” for more."
                .to_owned()
        }
        Intent::Add(line) => add(ctx, &line, &mut records).await?,
        Intent::List(filter) => run(ctx, ToolCall::ListTasks(filter), &mut records).await?,
        Intent::Rename(target, title) => {
            on_target(ctx, target, "update_task", json!({"title": title}), &mut records).await?
        }
        Intent::Complete(target) => on_target(ctx, target, "complete_task", json!({}), &mut records).await?,
        Intent::Delete(target) => on_target(ctx, target, "delete_task", json!({}), &mut records).await?,
        Intent::Move(target, when) => {
            on_target(ctx, target, "update_task", json!({"due": when}), &mut records).await?
        }
        Intent::SetPriority(target, priority) => {
            let args = json!({"priority": priority.as_str()});
            on_target(ctx, target, "update_task", args, &mut records).await?
        }
        Intent::Snooze(target, until) => {
            on_target(ctx, target, "snooze_task", json!({"until": until}), &mut records).await?
        }
        Intent::SetZone(place) => {
            execute(ctx, "set_timezone", json!({"timezone": place}), &mut records).await?
        }
    };
    Ok((reply, records))
}

/// A quick-add line: the reply echoes what was understood, and says what was not.
pub async fn add(
    ctx: &ToolContext<'_>,
    line: &str,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let reading = quickadd::parse(line, ctx.now, &ctx.zone);
    let mut chars = reading.title.trim().chars();
    let title: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let title = match TaskTitle::parse(&title) {
        Ok(title) => title,
        Err(_) if title.is_empty() => {
            return Ok("What should I add? For example: add Pay rent tomorrow 9am".into());
        }
        Err(e) => {
            let record = tools::refused("add_task", json!({"title": title}), e.code(), &e.to_string());
            let reply = tools::describe(&record.result);
            records.push(record);
            return Ok(reply);
        }
    };
    let mut reply = run(ctx, ToolCall::add(title, &reading), records).await?;
    for note in &reading.notes {
        reply.push_str(&format!("\n({note})"));
    }
    Ok(reply)
}

async fn run(
    ctx: &ToolContext<'_>,
    call: ToolCall,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let record = tools::execute_call(ctx, call).await?;
    let reply = tools::describe(&record.result);
    records.push(record);
    Ok(reply)
}

async fn execute(
    ctx: &ToolContext<'_>,
    tool: &str,
    args: serde_json::Value,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let record = tools::execute(ctx, tool, args).await?;
    let reply = tools::describe(&record.result);
    records.push(record);
    Ok(reply)
}

/// Runs `tool` on a task given by number, or by name when exactly one matches.
async fn on_target(
    ctx: &ToolContext<'_>,
    target: Target,
    tool: &str,
    mut args: serde_json::Value,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let number = match target {
        Target::Number(n) => n,
        Target::Named(name) => {
            let listing = tools::execute_call(ctx, ToolCall::ListTasks(ListFilter::default())).await?;
            let mut matches = matching(&listing.result, &name);
            records.push(listing);
            // "complete the report task" means the open one when a done one shares the name.
            if tool == "complete_task" && matches.len() > 1 {
                let open: Vec<_> = matches.iter().filter(|m| !m.2).cloned().collect();
                if !open.is_empty() {
                    matches = open;
                }
            }
            match matches.as_slice() {
                [] => {
                    return Ok(format!(
                        "I couldn't find a task matching “{name}”. Say “show my tasks” to see them."
                    ));
                }
                [(number, _, _)] => number.to_string(),
                several => {
                    let options: Vec<String> = several
                        .iter()
                        .map(|(n, title, _)| format!("#{n} {title}"))
                        .collect();
                    let verb = if tool == "delete_task" { "delete" } else { "done" };
                    return Ok(format!(
                        "More than one task matches “{name}”: {}. Which one? Say “{verb} {}”, for example.",
                        options.join(", "),
                        several[0].0
                    ));
                }
            }
        }
    };
    args["task_number"] = number.into();
    execute(ctx, tool, args, records).await
}

/// Tasks from a `list_tasks` result whose title contains every word of `name`.
fn matching(listing: &ToolResult, name: &str) -> Vec<(TaskNumber, String, bool)> {
    let ToolResult::Tasks(list) = listing else {
        return Vec::new();
    };
    let words: Vec<String> = name
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    list.tasks
        .iter()
        .filter(|t| {
            let lower = t.title.to_lowercase();
            words.iter().all(|w| lower.contains(w.as_str()))
        })
        .map(|t| (t.number, t.title.clone(), t.completed))
        .collect()
}

#[cfg(test)]
mod corpus;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::{TaskNumber, TaskTitle};

    fn add(s: &str) -> Intent {
        Intent::Add(TaskTitle::parse(s).unwrap().as_str().to_owned())
    }
    fn list(status: TaskFilter) -> Intent {
        Intent::List(ListFilter {
            status,
            ..ListFilter::default()
        })
    }
    fn num(n: &str) -> Target {
        assert!(n.parse::<TaskNumber>().is_ok());
        Target::Number(n.into())
    }

    #[test]
    fn design_phrases() {
        assert_eq!(parse("Add a task to buy groceries"), add("Buy groceries"));
        assert_eq!(parse("I need to remember to pay bills"), add("Pay bills"));
        assert_eq!(parse("Show me all my tasks"), list(TaskFilter::All));
        assert_eq!(parse("What's pending?"), list(TaskFilter::Pending));
        assert_eq!(parse("What have I completed?"), list(TaskFilter::Completed));
        assert_eq!(parse("Mark task 3 as complete"), Intent::Complete(num("3")));
        assert_eq!(
            parse("Delete the meeting task"),
            Intent::Delete(Target::Named("meeting".into()))
        );
        assert_eq!(
            parse("Change task 1 to 'Call mom tonight'"),
            Intent::Rename(num("1"), "Call mom tonight".into())
        );
    }

    #[test]
    fn variants() {
        assert_eq!(parse("add buy milk"), add("Buy milk"));
        assert_eq!(parse("remind me to call the bank!"), add("Call the bank"));
        assert_eq!(parse("Add milk to my list"), add("Milk"));
        assert_eq!(parse("show pending"), list(TaskFilter::Pending));
        assert_eq!(parse("list"), list(TaskFilter::All));
        assert_eq!(parse("tasks"), list(TaskFilter::All));
        assert_eq!(parse("what's left to do?"), list(TaskFilter::Pending));
        assert_eq!(parse("mark 3 done"), Intent::Complete(num("3")));
        assert_eq!(parse("done 3"), Intent::Complete(num("3")));
        assert_eq!(parse("done #3"), Intent::Complete(num("3")));
        assert_eq!(parse("3 done"), Intent::Complete(num("3")));
        assert_eq!(parse("task 4 is done"), Intent::Complete(num("4")));
        assert_eq!(parse("complete task 2"), Intent::Complete(num("2")));
        assert_eq!(parse("remove 2"), Intent::Delete(num("2")));
        assert_eq!(parse("delete task #7"), Intent::Delete(num("7")));
        assert_eq!(parse("rename 1 to X"), Intent::Rename(num("1"), "X".into()));
        assert_eq!(
            parse("edit 2: Call mom"),
            Intent::Rename(num("2"), "Call mom".into())
        );
        assert_eq!(parse("help"), Intent::Help);
        assert_eq!(parse("hello"), Intent::Greeting);
        assert_eq!(parse("the weather is nice"), Intent::Unknown);
        assert_eq!(parse(""), Intent::Unknown);
    }

    #[test]
    fn time_phrases() {
        assert_eq!(
            parse("remind me to call mom tomorrow at 6pm"),
            Intent::Add("Call mom tomorrow at 6pm".into())
        );
        assert_eq!(
            parse("pay rent every month on the 1st"),
            Intent::Add("pay rent every month on the 1st".into())
        );
        let due = |status, due| {
            Intent::List(ListFilter {
                status,
                due: Some(due),
                ..ListFilter::default()
            })
        };
        assert_eq!(
            parse("what's due today?"),
            due(TaskFilter::Pending, DueFilter::Today)
        );
        assert_eq!(
            parse("what's overdue?"),
            due(TaskFilter::Pending, DueFilter::Overdue)
        );
        assert_eq!(
            parse("what do I have this week?"),
            due(TaskFilter::Pending, DueFilter::Week)
        );
        assert_eq!(
            parse("show my #work tasks"),
            Intent::List(ListFilter {
                tag: Some(Tag::parse("work").unwrap()),
                ..ListFilter::default()
            })
        );
        assert_eq!(
            parse("make task 4 high priority"),
            Intent::SetPriority(num("4"), Priority::High)
        );
        assert_eq!(
            parse("move task 3 to friday"),
            Intent::Move(num("3"), "friday".into())
        );
        assert_eq!(
            parse("snooze task 2 for an hour"),
            Intent::Snooze(num("2"), "1h".into())
        );
        assert_eq!(parse("I'm in Tokyo"), Intent::SetZone("Tokyo".into()));
        assert_eq!(parse("I'm in a meeting"), Intent::Unknown);
    }

    #[test]
    fn politeness_quotes_and_indirect_adds() {
        assert_eq!(parse("could you please add buy milk for me?"), add("Buy milk"));
        assert_eq!(parse("Please delete task 3, thanks"), Intent::Delete(num("3")));
        assert_eq!(parse("\"add call the plumber\""), add("Call the plumber"));
        assert_eq!(parse("put eggs on my list"), add("Eggs"));
        assert_eq!(parse("eggs on my list please"), add("Eggs"));
        assert_eq!(
            parse("don't let me forget to water the plants"),
            add("Water the plants")
        );
        assert_eq!(parse("note to self: renew passport"), add("Renew passport"));
        assert_eq!(
            parse("change the title of task 2 to Call dad"),
            Intent::Rename(num("2"), "Call dad".into())
        );
        assert_eq!(parse("get rid of task 5 from my list"), Intent::Delete(num("5")));
        assert_eq!(parse("I'm done with task 2"), Intent::Complete(num("2")));
        assert_eq!(parse("what do I still need to do?"), list(TaskFilter::Pending));
        assert_eq!(parse("anything left?"), list(TaskFilter::Pending));
    }

    #[test]
    fn bare_imperatives_renames_by_name_and_typed_slashes() {
        assert_eq!(parse("buy bread"), Intent::Add("buy bread".into()));
        assert_eq!(parse("call the bank?"), Intent::Unknown);
        assert_eq!(
            parse("rename the groceries task to Buy vegetables"),
            Intent::Rename(Target::Named("groceries".into()), "Buy vegetables".into())
        );
        assert_eq!(
            parse("change task 2's title to Call the bank"),
            Intent::Rename(num("2"), "Call the bank".into())
        );
        assert_eq!(parse("/done 2"), Intent::Complete(num("2")));
        assert_eq!(
            parse("show me what I haven't done yet"),
            list(TaskFilter::Pending)
        );
        assert_eq!(parse("what did I finish?"), list(TaskFilter::Completed));
        assert_eq!(
            parse("hey can you remind me to book flights"),
            add("Book flights")
        );
        assert_eq!(
            parse("I should probably call the landlord"),
            add("Call the landlord")
        );
    }

    #[test]
    fn titles_keep_their_text() {
        assert_eq!(
            parse("add Ünïcödé 🎉 مرحبا"),
            Intent::Add("Ünïcödé 🎉 مرحبا".into())
        );
        assert_eq!(parse("add <b>*_[x]"), Intent::Add("<b>*_[x]".into()));
        assert_eq!(
            parse("mark the report task as done"),
            Intent::Complete(Target::Named("report".into()))
        );
    }

    #[test]
    fn non_ascii_input_never_panics() {
        for s in [
            "ÄDD milk",
            "İstanbul",
            "ß",
            "\u{202e}right-to-left",
            "add",
            "mark",
            "delete the",
            "#",
            "done #",
        ] {
            let _ = parse(s);
        }
    }
}
