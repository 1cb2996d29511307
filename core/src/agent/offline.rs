//! The offline brain: a deterministic parser for commands and common phrasings.
//!
//! It answers when no model is configured and when the model fails, so a person
//! always gets a reply. Matching is on an ASCII-lower-cased copy of the text, so
//! byte offsets line up with the original and titles keep their case.

use sqlx::PgPool;

use super::tools::{self, ToolCall, ToolCallRecord, ToolResult};
use crate::{
    accounts::UserId,
    commands::{self, Surface},
    tasks::{TaskFilter, TaskNumber},
};

/// What the person asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    Help,
    Greeting,
    Add(String),
    List(TaskFilter),
    Complete(Target),
    Delete(Target),
    /// Task number (unparsed, so a bad one gets a clear error) and new title.
    Rename(String, String),
    Unknown,
}

/// A task named by number or by words from its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Number(String),
    Named(String),
}

pub fn parse(text: &str) -> Intent {
    let original = text.trim().trim_end_matches(['.', '!', '?', ' ']);
    let lower = original.to_ascii_lowercase();
    let t = Text {
        original,
        lower: &lower,
    };
    if lower.is_empty() {
        return Intent::Unknown;
    }
    parse_help(&t)
        .or_else(|| parse_rename(&t))
        .or_else(|| parse_complete(&t))
        .or_else(|| parse_delete(&t))
        .or_else(|| parse_add(&t))
        .or_else(|| parse_list(&t))
        .unwrap_or(Intent::Unknown)
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
        .trim_end_matches([':', ',', '.', ')']);
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

fn parse_rename(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(&["change ", "rename ", "update ", "edit ", "retitle "])?;
    let (number, remainder) = number_token(&rest)?;
    let remainder = Text {
        original: &remainder,
        lower: &remainder.to_ascii_lowercase(),
    }
    .after(&["to be ", "to ", "into ", "as ", "title to ", ": ", "- "])
    .map(|r| r.original.to_owned())
    .unwrap_or(remainder);
    let title = unquote(&remainder);
    (!title.is_empty()).then(|| Intent::Rename(number, title.to_owned()))
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
        "forget ",
    ])?;
    let rest = rest
        .before(&[" from my list", " from the list", " from my tasks"])
        .unwrap_or(rest);
    Some(Intent::Delete(target(&rest)?))
}

fn target(t: &Text<'_>) -> Option<Target> {
    match number_token(t) {
        Some((number, remainder)) if remainder.is_empty() => Some(Target::Number(number)),
        _ => task_name(t).map(Target::Named),
    }
}

fn parse_add(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(&[
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
    ])?;
    let rest = rest.after(&["called ", "named ", "titled "]).unwrap_or(rest);
    let rest = rest
        .before(&[
            " to my list",
            " to the list",
            " to my tasks",
            " to my task list",
            " to my to-do list",
            " to my todo list",
        ])
        .unwrap_or(rest);
    let title = unquote(rest.original);
    let mut chars = title.chars();
    let first = chars.next()?;
    Some(Intent::Add(first.to_uppercase().chain(chars).collect()))
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
        || t.has_any(&[
            "tasks",
            "task list",
            "my list",
            "to-do",
            "todo",
            "pending",
            "completed",
        ]);
    if !asks {
        return None;
    }
    let filter = if t.has_any(&[
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
    ]) {
        TaskFilter::Pending
    } else if t.has_any(&["completed", "complete", "done", "finished"]) {
        TaskFilter::Completed
    } else {
        TaskFilter::All
    };
    Some(Intent::List(filter))
}

/// Carries out an intent with the task tools and words the reply.
pub async fn respond(
    db: &PgPool,
    user: UserId,
    intent: Intent,
) -> Result<(String, Vec<ToolCallRecord>), sqlx::Error> {
    let mut records = Vec::new();
    let reply = match intent {
        Intent::Help => commands::help(Surface::Web),
        Intent::Greeting => "Hi! I keep your task list. Try “add buy milk”, “what's pending?” or “done 1”.".to_owned(),
        Intent::Unknown => {
            "I didn't catch that. Try “add buy milk”, “show pending”, “done 3”, “delete 2” or “rename 1 to Call mom”. Say “help” for more.".to_owned()
        }
        Intent::Add(title) => {
            let record = tools::execute(db, user, "add_task", serde_json::json!({ "title": title })).await?;
            let reply = tools::describe(&record.result);
            records.push(record);
            reply
        }
        Intent::List(status) => run(db, user, ToolCall::ListTasks { status }, &mut records).await?,
        Intent::Rename(number, title) => {
            let args = serde_json::json!({"task_number": number, "title": title});
            let record = tools::execute(db, user, "update_task", args).await?;
            let reply = tools::describe(&record.result);
            records.push(record);
            reply
        }
        Intent::Complete(target) => on_target(db, user, target, "complete_task", &mut records).await?,
        Intent::Delete(target) => on_target(db, user, target, "delete_task", &mut records).await?,
    };
    Ok((reply, records))
}

async fn run(
    db: &PgPool,
    user: UserId,
    call: ToolCall,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let record = tools::execute_call(db, user, call).await?;
    let reply = tools::describe(&record.result);
    records.push(record);
    Ok(reply)
}

/// Completes or deletes a task given by number, or by name when exactly one matches.
async fn on_target(
    db: &PgPool,
    user: UserId,
    target: Target,
    tool: &str,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let number = match target {
        Target::Number(n) => n,
        Target::Named(name) => {
            let listing = tools::execute_call(
                db,
                user,
                ToolCall::ListTasks {
                    status: TaskFilter::All,
                },
            )
            .await?;
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
    let record = tools::execute(db, user, tool, serde_json::json!({ "task_number": number })).await?;
    let reply = tools::describe(&record.result);
    records.push(record);
    Ok(reply)
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
mod tests {
    use super::*;
    use crate::tasks::{TaskNumber, TaskTitle};

    fn add(s: &str) -> Intent {
        Intent::Add(TaskTitle::parse(s).unwrap().as_str().to_owned())
    }
    fn num(n: &str) -> Target {
        assert!(n.parse::<TaskNumber>().is_ok());
        Target::Number(n.into())
    }

    #[test]
    fn design_phrases() {
        assert_eq!(parse("Add a task to buy groceries"), add("Buy groceries"));
        assert_eq!(parse("I need to remember to pay bills"), add("Pay bills"));
        assert_eq!(parse("Show me all my tasks"), Intent::List(TaskFilter::All));
        assert_eq!(parse("What's pending?"), Intent::List(TaskFilter::Pending));
        assert_eq!(
            parse("What have I completed?"),
            Intent::List(TaskFilter::Completed)
        );
        assert_eq!(parse("Mark task 3 as complete"), Intent::Complete(num("3")));
        assert_eq!(
            parse("Delete the meeting task"),
            Intent::Delete(Target::Named("meeting".into()))
        );
        assert_eq!(
            parse("Change task 1 to 'Call mom tonight'"),
            Intent::Rename("1".into(), "Call mom tonight".into())
        );
    }

    #[test]
    fn variants() {
        assert_eq!(parse("add buy milk"), add("Buy milk"));
        assert_eq!(parse("remind me to call the bank!"), add("Call the bank"));
        assert_eq!(parse("Add milk to my list"), add("Milk"));
        assert_eq!(parse("show pending"), Intent::List(TaskFilter::Pending));
        assert_eq!(parse("list"), Intent::List(TaskFilter::All));
        assert_eq!(parse("tasks"), Intent::List(TaskFilter::All));
        assert_eq!(parse("what's left to do?"), Intent::List(TaskFilter::Pending));
        assert_eq!(parse("mark 3 done"), Intent::Complete(num("3")));
        assert_eq!(parse("done 3"), Intent::Complete(num("3")));
        assert_eq!(parse("done #3"), Intent::Complete(num("3")));
        assert_eq!(parse("3 done"), Intent::Complete(num("3")));
        assert_eq!(parse("task 4 is done"), Intent::Complete(num("4")));
        assert_eq!(parse("complete task 2"), Intent::Complete(num("2")));
        assert_eq!(parse("remove 2"), Intent::Delete(num("2")));
        assert_eq!(parse("delete task #7"), Intent::Delete(num("7")));
        assert_eq!(parse("rename 1 to X"), Intent::Rename("1".into(), "X".into()));
        assert_eq!(
            parse("edit 2: Call mom"),
            Intent::Rename("2".into(), "Call mom".into())
        );
        assert_eq!(parse("help"), Intent::Help);
        assert_eq!(parse("hello"), Intent::Greeting);
        assert_eq!(parse("the weather is nice"), Intent::Unknown);
        assert_eq!(parse(""), Intent::Unknown);
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
