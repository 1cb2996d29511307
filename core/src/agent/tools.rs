//! The task tools every brain drives, with the caller bound by the server.
//!
//! Arguments come from a model or the offline parser and are untrusted: they
//! are parsed leniently (numbers as strings are fine), unknown fields such as a
//! `user_id` are ignored, and the user is always the one the turn belongs to.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    accounts::UserId,
    tasks::{self, Task, TaskChanges, TaskDescription, TaskError, TaskFilter, TaskNumber, TaskTitle},
};

/// One tool run, as the API returns it and the conversation stores it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolCallRecord {
    pub name: String,
    pub arguments: Value,
    pub result: ToolResult,
}

impl ToolCallRecord {
    pub fn failed(&self) -> bool {
        matches!(self.result, ToolResult::Failed { .. })
    }

    /// Whether the call changed the task list (so it must not be repeated).
    pub fn changed_tasks(&self) -> bool {
        matches!(self.result, ToolResult::Task(_))
    }
}

/// What a tool answers, serialised as the JSON in DESIGN.md's tools table:
/// this is what the model reads back and what the API shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ToolResult {
    /// `{"error": {"code", "message"}}`; the turn goes on.
    Failed { error: ToolFailure },
    /// `list_tasks`: `{"tasks": [..], "count"}`.
    Tasks(TaskList),
    /// Every tool that acts on one task: `{"number", "title", "status"}`.
    Task(TaskOutcome),
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
}

/// What happened to the task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    Created,
    Completed,
    Deleted,
    Updated,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskList {
    pub tasks: Vec<ListedTask>,
    /// Every match, also those not shown.
    pub count: usize,
    /// Which tasks were asked for; not part of the JSON.
    #[serde(skip)]
    pub status: TaskFilter,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedTask {
    pub number: TaskNumber,
    pub title: String,
    pub description: Option<String>,
    pub completed: bool,
}

impl ToolResult {
    fn failed(code: &str, message: impl Into<String>) -> Self {
        Self::Failed {
            error: ToolFailure {
                code: code.to_owned(),
                message: message.into(),
            },
        }
    }

    fn task(task: Task, status: TaskStatus) -> Self {
        Self::Task(TaskOutcome {
            number: task.number,
            title: task.title,
            status,
        })
    }
}

/// A tool call with its arguments checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolCall {
    AddTask {
        title: TaskTitle,
        description: Option<TaskDescription>,
    },
    ListTasks {
        status: TaskFilter,
    },
    CompleteTask {
        number: TaskNumber,
    },
    DeleteTask {
        number: TaskNumber,
    },
    UpdateTask {
        number: TaskNumber,
        title: Option<TaskTitle>,
        description: Option<TaskDescription>,
    },
}

/// Why a call could not even be attempted.
#[derive(Debug, thiserror::Error)]
pub enum ArgumentError {
    #[error("unknown tool `{0}`")]
    UnknownTool(String),
    #[error("the arguments are not a JSON object")]
    NotAnObject,
    #[error("missing argument `{0}`")]
    Missing(&'static str),
    #[error(transparent)]
    Invalid(#[from] TaskError),
}

impl ArgumentError {
    fn code(&self) -> &'static str {
        match self {
            Self::UnknownTool(_) => "unknown_tool",
            Self::NotAnObject | Self::Missing(_) => "invalid_arguments",
            Self::Invalid(e) => e.code(),
        }
    }
}

/// A tool, defined once: the LLM brain's function list and (later) the MCP
/// server's tool list are made from [`TOOLS`].
pub struct ToolSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// JSON schema of the arguments.
    pub parameters: fn() -> Value,
    /// Checks the arguments; the user is never among them.
    parse: fn(&Args<'_>) -> Result<ToolCall, ArgumentError>,
}

/// Every tool, in the order the model sees them.
pub static TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "add_task",
        description: "Add a task to the user's list.",
        parameters: || {
            object(
                json!({
                    "title": {"type": "string", "description": "Short task title, 1-200 characters, capitalised like a sentence"},
                    "description": {"type": "string", "description": "Optional details, at most 1000 characters"}
                }),
                &["title"],
            )
        },
        parse: |args| {
            Ok(ToolCall::AddTask {
                title: TaskTitle::parse(args.text("title").ok_or(ArgumentError::Missing("title"))?)?,
                description: args.description()?,
            })
        },
    },
    ToolSpec {
        name: "list_tasks",
        description: "List the user's tasks. Use it to find a task's number from its title.",
        parameters: || {
            object(
                json!({"status": {"type": "string", "enum": ["all", "pending", "completed"], "description": "Which tasks (default all)"}}),
                &[],
            )
        },
        parse: |args| {
            Ok(ToolCall::ListTasks {
                status: args.text("status").unwrap_or("all").parse()?,
            })
        },
    },
    ToolSpec {
        name: "complete_task",
        description: "Mark a task as completed. Completing a completed task is fine.",
        parameters: || object(json!({"task_number": task_number()}), &["task_number"]),
        parse: |args| {
            Ok(ToolCall::CompleteTask {
                number: args.number()?,
            })
        },
    },
    ToolSpec {
        name: "delete_task",
        description: "Delete a task for good.",
        parameters: || object(json!({"task_number": task_number()}), &["task_number"]),
        parse: |args| {
            Ok(ToolCall::DeleteTask {
                number: args.number()?,
            })
        },
    },
    ToolSpec {
        name: "update_task",
        description: "Change a task's title and/or description (give at least one).",
        parameters: || {
            object(
                json!({
                    "task_number": task_number(),
                    "title": {"type": "string", "description": "New title"},
                    "description": {"type": "string", "description": "New description; empty clears it"}
                }),
                &["task_number"],
            )
        },
        parse: |args| {
            Ok(ToolCall::UpdateTask {
                number: args.number()?,
                title: args.text("title").map(TaskTitle::parse).transpose()?,
                description: args.description()?,
            })
        },
    },
];

fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

fn task_number() -> Value {
    json!({"type": "integer", "minimum": 1, "description": "The task's number as the user sees it, e.g. 3 for #3"})
}

/// Untrusted arguments, read leniently.
struct Args<'a>(&'a serde_json::Map<String, Value>);

impl Args<'_> {
    fn text(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// `3`, `"3"` and `"#3"` all name task 3.
    fn number(&self) -> Result<TaskNumber, ArgumentError> {
        match self.0.get("task_number").or_else(|| self.0.get("number")) {
            Some(Value::Number(n)) => Ok(TaskNumber::new(n.as_i64().unwrap_or(0))?),
            Some(Value::String(s)) => Ok(s.parse()?),
            Some(other) => Err(TaskError::InvalidNumber(other.to_string().chars().take(20).collect()).into()),
            None => Err(ArgumentError::Missing("task_number")),
        }
    }

    fn description(&self) -> Result<Option<TaskDescription>, ArgumentError> {
        Ok(self.text("description").map(TaskDescription::parse).transpose()?)
    }
}

impl ToolCall {
    pub fn parse(name: &str, arguments: &Value) -> Result<Self, ArgumentError> {
        let spec = TOOLS
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| ArgumentError::UnknownTool(name.chars().take(64).collect()))?;
        let args = arguments.as_object().ok_or(ArgumentError::NotAnObject)?;
        (spec.parse)(&Args(args))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::AddTask { .. } => "add_task",
            Self::ListTasks { .. } => "list_tasks",
            Self::CompleteTask { .. } => "complete_task",
            Self::DeleteTask { .. } => "delete_task",
            Self::UpdateTask { .. } => "update_task",
        }
    }

    /// The arguments as a model would have written them.
    pub fn arguments(&self) -> Value {
        match self {
            Self::AddTask { title, description } => {
                let mut args = json!({"title": title.as_str()});
                if let Some(d) = description {
                    args["description"] = d.as_str().into();
                }
                args
            }
            Self::ListTasks { status } => json!({"status": status.as_str()}),
            Self::CompleteTask { number } | Self::DeleteTask { number } => json!({"task_number": number}),
            Self::UpdateTask {
                number,
                title,
                description,
            } => {
                let mut args = json!({"task_number": number});
                if let Some(t) = title {
                    args["title"] = t.as_str().into();
                }
                if let Some(d) = description {
                    args["description"] = d.as_str().into();
                }
                args
            }
        }
    }

    async fn run(self, db: &PgPool, user: UserId) -> Result<ToolResult, TaskError> {
        use TaskStatus::*;
        Ok(match self {
            Self::AddTask { title, description } => {
                ToolResult::task(tasks::add(db, user, &title, description.as_ref()).await?, Created)
            }
            Self::ListTasks { status } => {
                let tasks: Vec<ListedTask> = tasks::list(db, user, status)
                    .await?
                    .into_iter()
                    .map(|t| ListedTask {
                        number: t.number,
                        title: t.title,
                        description: t.description,
                        completed: t.completed,
                    })
                    .collect();
                ToolResult::Tasks(TaskList {
                    count: tasks.len(),
                    tasks,
                    status,
                })
            }
            Self::CompleteTask { number } => {
                ToolResult::task(tasks::complete(db, user, number).await?, Completed)
            }
            Self::DeleteTask { number } => ToolResult::task(tasks::delete(db, user, number).await?, Deleted),
            Self::UpdateTask {
                number,
                title,
                description,
            } => {
                let changes = TaskChanges {
                    title,
                    description,
                    completed: None,
                };
                ToolResult::task(tasks::update(db, user, number, changes).await?, Updated)
            }
        })
    }
}

/// Runs a tool for `user` and records it. Failures become `{"error": {code, message}}`
/// results for the brain to explain; only a database outage is an `Err`.
pub async fn execute(
    db: &PgPool,
    user: UserId,
    name: &str,
    arguments: Value,
) -> Result<ToolCallRecord, sqlx::Error> {
    let result = match ToolCall::parse(name, &arguments) {
        Err(e) => ToolResult::failed(e.code(), e.to_string()),
        Ok(call) => match call.run(db, user).await {
            Ok(result) => result,
            Err(TaskError::Database(e)) => return Err(e),
            Err(e) => ToolResult::failed(e.code(), e.to_string()),
        },
    };
    Ok(ToolCallRecord {
        name: name.to_owned(),
        arguments,
        result,
    })
}

/// Runs an already checked call.
pub async fn execute_call(db: &PgPool, user: UserId, call: ToolCall) -> Result<ToolCallRecord, sqlx::Error> {
    execute(db, user, call.name(), call.arguments()).await
}

/// A call whose arguments were not even JSON.
pub fn unreadable(name: &str, raw_arguments: &str) -> ToolCallRecord {
    ToolCallRecord {
        name: name.to_owned(),
        arguments: Value::String(raw_arguments.to_owned()),
        result: ToolResult::failed("invalid_arguments", "the arguments were not valid JSON"),
    }
}

/// A call not run because the turn's rules forbid it; the model reads why.
pub fn refused(name: &str, arguments: Value, code: &str, message: &str) -> ToolCallRecord {
    ToolCallRecord {
        name: name.to_owned(),
        arguments,
        result: ToolResult::failed(code, message),
    }
}

/// The tool definitions in OpenAI's function-calling format, built once: every
/// model request carries them.
pub fn definitions() -> &'static Value {
    static DEFINITIONS: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        TOOLS
            .iter()
            .map(|t| {
                json!({"type": "function", "function": {
                    "name": t.name, "description": t.description, "parameters": (t.parameters)()
                }})
            })
            .collect()
    });
    &DEFINITIONS
}

/// A friendly sentence for one recorded call, used by the offline brain, the
/// chat commands and when the model fails after tools already ran.
pub fn describe(result: &ToolResult) -> String {
    match result {
        ToolResult::Failed { error } => format!("Sorry, I couldn't do that: {}.", error.message),
        ToolResult::Tasks(list) => describe_list(list),
        ToolResult::Task(TaskOutcome {
            number,
            title,
            status,
        }) => match status {
            TaskStatus::Created => format!("Added task #{number}: {title}"),
            TaskStatus::Completed => format!("Marked #{number} as done: {title} ✅"),
            TaskStatus::Deleted => format!("Deleted #{number}: {title}"),
            TaskStatus::Updated => format!("Updated #{number}: {title}"),
        },
    }
}

fn describe_list(list: &TaskList) -> String {
    let kind = match list.status {
        TaskFilter::Pending => "pending tasks",
        TaskFilter::Completed => "completed tasks",
        TaskFilter::All => "tasks",
    };
    if list.tasks.is_empty() {
        return format!("You have no {kind}.");
    }
    let mut out = format!("Your {kind} ({}):", list.count);
    for t in &list.tasks {
        let mark = if t.completed { "✅" } else { "⬜" };
        out.push_str(&format!("\n{mark} #{} {}", t.number, t.title));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_parsed_leniently_and_user_ids_ignored() {
        let call = ToolCall::parse("complete_task", &json!({"task_number": "3", "user_id": 99})).unwrap();
        assert_eq!(
            call,
            ToolCall::CompleteTask {
                number: "3".parse().unwrap()
            }
        );
        assert!(matches!(
            ToolCall::parse("delete_task", &json!({"task_number": "three"})),
            Err(ArgumentError::Invalid(TaskError::InvalidNumber(_)))
        ));
        assert!(matches!(
            ToolCall::parse("drop_table", &json!({})),
            Err(ArgumentError::UnknownTool(_))
        ));
        assert!(matches!(
            ToolCall::parse("add_task", &json!("x")),
            Err(ArgumentError::NotAnObject)
        ));
        assert!(matches!(
            ToolCall::parse("add_task", &json!({})),
            Err(ArgumentError::Missing("title"))
        ));
    }

    #[test]
    fn definitions_name_every_tool() {
        let names: Vec<String> = definitions()
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["function"]["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "add_task",
                "list_tasks",
                "complete_task",
                "delete_task",
                "update_task"
            ]
        );
    }
}
