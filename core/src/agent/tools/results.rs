//! What tools answer, typed. Each serialises to the JSON in DESIGN.md's tools
//! table (what the model reads back and the API shows); fields marked
//! `serde(skip)` are for the replies people read and never leave the server.

use serde::{Deserialize, Serialize};

use crate::tasks::{Priority, Tags, TaskFilter, TaskNumber};

/// Most tasks a listing shows; `count` still says how many match.
pub const MAX_LISTED: usize = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ToolResult {
    /// `{"error": {"code", "message"}}`; the turn goes on.
    Failed { error: ToolFailure },
    /// `list_tasks`: `{"tasks": [..], "count"}`.
    Tasks(TaskList),
    /// Every tool that acts on one task: `{"number", "title", "status", ..}`.
    Task(TaskOutcome),
    /// `set_timezone`: `{"timezone", "status": "updated"}`.
    Timezone(TimezoneOutcome),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolFailure {
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskOutcome {
    pub number: TaskNumber,
    pub title: String,
    pub status: TaskStatus,
    /// RFC 3339 in the person's zone, or a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_text: Option<String>,
    /// A repeating task that was completed: its next occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remind_at: Option<String>,
    /// What was understood, for the reply: `due Tue 1 Dec 09:00 (Europe/Berlin), high`.
    #[serde(skip)]
    pub note: Option<String>,
}

/// What happened to the task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    Created,
    Completed,
    /// A repeating task moved to its next occurrence and stays open.
    Rescheduled,
    Deleted,
    Updated,
    Snoozed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskList {
    /// At most [`MAX_LISTED`].
    pub tasks: Vec<ListedTask>,
    /// Every match, also those not shown.
    pub count: usize,
    /// What was asked for, for the heading; not part of the JSON.
    #[serde(skip)]
    pub heading: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedTask {
    pub number: TaskNumber,
    pub title: String,
    pub description: Option<String>,
    pub completed: bool,
    pub due: Option<String>,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default)]
    pub tags: Tags,
    pub repeat_text: Option<String>,
    /// The due as people read it: `tomorrow 18:00`, `overdue 2 days`.
    #[serde(skip)]
    pub when: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimezoneOutcome {
    pub timezone: String,
    pub status: TimezoneStatus,
    /// The local time there now, for the reply.
    #[serde(skip)]
    pub local_time: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimezoneStatus {
    Updated,
}

impl ToolResult {
    pub(super) fn failed(code: &str, message: impl Into<String>) -> Self {
        Self::Failed {
            error: ToolFailure {
                code: code.to_owned(),
                message: message.into(),
            },
        }
    }
}

/// A friendly sentence for one result, used by the offline brain, the chat
/// commands and when the model fails after tools already ran.
pub fn describe(result: &ToolResult) -> String {
    match result {
        ToolResult::Failed { error } => format!("Sorry, I couldn't do that: {}.", error.message),
        ToolResult::Tasks(list) => describe_list(list),
        ToolResult::Timezone(tz) => match &tz.local_time {
            Some(time) => format!("Your time zone is now {} (it's {time} there).", tz.timezone),
            None => format!("Your time zone is now {}.", tz.timezone),
        },
        ToolResult::Task(outcome) => {
            let TaskOutcome { number, title, .. } = outcome;
            let sentence = match outcome.status {
                TaskStatus::Created => format!("Added task #{number}: {title}"),
                TaskStatus::Completed => format!("Marked #{number} as done: {title} ✅"),
                TaskStatus::Rescheduled => format!("Done for now: #{number} {title} ✅"),
                TaskStatus::Deleted => format!("Deleted #{number}: {title}"),
                TaskStatus::Updated => format!("Updated #{number}: {title}"),
                TaskStatus::Snoozed => format!("Snoozed #{number}: {title}"),
            };
            match &outcome.note {
                Some(note) if !note.is_empty() => format!("{sentence} — {note}"),
                _ => sentence,
            }
        }
    }
}

fn describe_list(list: &TaskList) -> String {
    if list.tasks.is_empty() {
        return format!("You have no {}.", list.heading);
    }
    let mut out = format!("Your {} ({}):", list.heading, list.count);
    for t in &list.tasks {
        let mark = if t.completed { "✅" } else { "⬜" };
        out.push_str(&format!("\n{mark} #{} {}", t.number, t.title));
        let mut details: Vec<String> = Vec::new();
        details.extend(t.when.clone());
        if t.priority != Priority::None {
            details.push(t.priority.as_str().to_owned());
        }
        if !t.tags.is_empty() {
            details.push(t.tags.to_string());
        }
        details.extend(t.repeat_text.clone());
        if !details.is_empty() {
            out.push_str(" — ");
            out.push_str(&details.join(" · "));
        }
    }
    if list.count > list.tasks.len() {
        out.push_str(&format!(
            "\n…and {} more. Narrow it down, e.g. /tasks pending or /tasks today.",
            list.count - list.tasks.len()
        ));
    }
    out
}

/// The heading of a listing: `pending tasks`, `tasks · due today, #work`.
pub(super) fn heading(status: TaskFilter, extra: &[String]) -> String {
    let status = match status {
        TaskFilter::Pending => "pending ",
        TaskFilter::Completed => "completed ",
        TaskFilter::All => "",
    };
    if extra.is_empty() {
        format!("{status}tasks")
    } else {
        format!("{status}tasks · {}", extra.join(", "))
    }
}
