//! The five task tools every brain drives, with the caller bound by the server.
//!
//! Arguments come from a model or the offline parser and are untrusted: they
//! are parsed leniently (numbers as strings are fine), unknown fields such as a
//! `user_id` are ignored, and the user is always the one the turn belongs to.

use serde::Serialize;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    accounts::UserId,
    tasks::{self, Task, TaskChanges, TaskDescription, TaskError, TaskFilter, TaskNumber, TaskTitle},
};

/// One tool run, as the API returns it and the conversation stores it.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ToolCallRecord {
    pub name: String,
    pub arguments: Value,
    pub result: Value,
}

impl ToolCallRecord {
    pub fn failed(&self) -> bool {
        self.result.get("error").is_some()
    }

    /// Whether the call changed the task list (so it must not be repeated).
    pub fn changed_tasks(&self) -> bool {
        !self.failed() && self.name != "list_tasks"
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

impl ToolCall {
    pub fn parse(name: &str, arguments: &Value) -> Result<Self, ArgumentError> {
        let args = arguments.as_object().ok_or(ArgumentError::NotAnObject)?;
        let text = |key: &str| args.get(key).and_then(Value::as_str);
        let number = || -> Result<TaskNumber, ArgumentError> {
            match args.get("task_number").or_else(|| args.get("number")) {
                Some(Value::Number(n)) => Ok(TaskNumber::new(n.as_i64().unwrap_or(0))?),
                Some(Value::String(s)) => Ok(s.parse()?),
                Some(other) => Err(TaskError::InvalidNumber(other.to_string()).into()),
                None => Err(ArgumentError::Missing("task_number")),
            }
        };
        let description = || text("description").map(TaskDescription::parse).transpose();
        Ok(match name {
            "add_task" => Self::AddTask {
                title: TaskTitle::parse(text("title").ok_or(ArgumentError::Missing("title"))?)?,
                description: description()?,
            },
            "list_tasks" => Self::ListTasks {
                status: text("status").unwrap_or("all").parse()?,
            },
            "complete_task" => Self::CompleteTask { number: number()? },
            "delete_task" => Self::DeleteTask { number: number()? },
            "update_task" => Self::UpdateTask {
                number: number()?,
                title: text("title").map(TaskTitle::parse).transpose()?,
                description: description()?,
            },
            other => return Err(ArgumentError::UnknownTool(other.chars().take(64).collect())),
        })
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
            Self::AddTask { title, description } => match description {
                Some(d) => json!({"title": title.as_str(), "description": d.as_str()}),
                None => json!({"title": title.as_str()}),
            },
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

    async fn run(self, db: &PgPool, user: UserId) -> Result<Value, TaskError> {
        let outcome =
            |task: Task, status: &str| json!({"number": task.number, "title": task.title, "status": status});
        Ok(match self {
            Self::AddTask { title, description } => outcome(
                tasks::add(db, user, &title, description.as_ref()).await?,
                "created",
            ),
            Self::ListTasks { status } => {
                let list = tasks::list(db, user, status).await?;
                let items: Vec<Value> = list
                    .iter()
                    .map(|t| {
                        json!({"number": t.number, "title": t.title, "description": t.description, "completed": t.completed})
                    })
                    .collect();
                json!({"tasks": items, "count": items.len()})
            }
            Self::CompleteTask { number } => outcome(tasks::complete(db, user, number).await?, "completed"),
            Self::DeleteTask { number } => outcome(tasks::delete(db, user, number).await?, "deleted"),
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
                outcome(tasks::update(db, user, number, changes).await?, "updated")
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
        Err(e) => error_result(e.code(), &e.to_string()),
        Ok(call) => match call.run(db, user).await {
            Ok(value) => value,
            Err(TaskError::Database(e)) => return Err(e),
            Err(e) => error_result(e.code(), &e.to_string()),
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

fn error_result(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

/// The tool definitions in OpenAI's function-calling format, built once: every
/// model request carries them.
pub fn definitions() -> &'static Value {
    static DEFINITIONS: std::sync::LazyLock<Value> = std::sync::LazyLock::new(build_definitions);
    &DEFINITIONS
}

fn build_definitions() -> Value {
    let number = json!({"type": "integer", "minimum": 1, "description": "The task's number as the user sees it, e.g. 3 for #3"});
    json!([
        {"type": "function", "function": {
            "name": "add_task",
            "description": "Add a task to the user's list.",
            "parameters": {"type": "object", "properties": {
                "title": {"type": "string", "description": "Short task title, 1-200 characters, capitalised like a sentence"},
                "description": {"type": "string", "description": "Optional details, at most 1000 characters"}
            }, "required": ["title"], "additionalProperties": false}
        }},
        {"type": "function", "function": {
            "name": "list_tasks",
            "description": "List the user's tasks. Use it to find a task's number from its title.",
            "parameters": {"type": "object", "properties": {
                "status": {"type": "string", "enum": ["all", "pending", "completed"], "description": "Which tasks (default all)"}
            }, "additionalProperties": false}
        }},
        {"type": "function", "function": {
            "name": "complete_task",
            "description": "Mark a task as completed. Completing a completed task is fine.",
            "parameters": {"type": "object", "properties": {"task_number": number}, "required": ["task_number"], "additionalProperties": false}
        }},
        {"type": "function", "function": {
            "name": "delete_task",
            "description": "Delete a task for good.",
            "parameters": {"type": "object", "properties": {"task_number": number}, "required": ["task_number"], "additionalProperties": false}
        }},
        {"type": "function", "function": {
            "name": "update_task",
            "description": "Change a task's title and/or description (give at least one).",
            "parameters": {"type": "object", "properties": {
                "task_number": number,
                "title": {"type": "string", "description": "New title"},
                "description": {"type": "string", "description": "New description; empty clears it"}
            }, "required": ["task_number"], "additionalProperties": false}
        }}
    ])
}

/// A friendly sentence for one recorded call, used by the offline brain and
/// when the model fails after tools already ran.
pub fn describe(record: &ToolCallRecord) -> String {
    let r = &record.result;
    if let Some(err) = r.get("error") {
        let message = err
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("something went wrong");
        return format!("Sorry, I couldn't do that: {message}.");
    }
    let number = r.get("number").and_then(Value::as_i64).unwrap_or_default();
    let title = r.get("title").and_then(Value::as_str).unwrap_or_default();
    match record.name.as_str() {
        "add_task" => format!("Added task #{number}: {title}"),
        "complete_task" => format!("Marked #{number} as done: {title} ✅"),
        "delete_task" => format!("Deleted #{number}: {title}"),
        "update_task" => format!("Updated #{number}: {title}"),
        "list_tasks" => describe_list(record),
        other => format!("Ran {other}."),
    }
}

fn describe_list(record: &ToolCallRecord) -> String {
    let status = record
        .arguments
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("all");
    let tasks = record.result["tasks"].as_array().cloned().unwrap_or_default();
    let kind = match status {
        "pending" => "pending tasks",
        "completed" => "completed tasks",
        _ => "tasks",
    };
    if tasks.is_empty() {
        return format!("You have no {kind}.");
    }
    let mut out = format!("Your {kind} ({}):", tasks.len());
    for t in &tasks {
        let done = t["completed"].as_bool().unwrap_or(false);
        out.push_str(&format!(
            "\n{} #{} {}",
            if done { "✅" } else { "⬜" },
            t["number"],
            t["title"].as_str().unwrap_or_default()
        ));
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
