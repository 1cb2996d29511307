//! Tasks: one list per person, addressed by per-user numbers.
//!
//! Every function takes the owner's [`UserId`] from the authenticated context;
//! a task of someone else is indistinguishable from one that does not exist.

mod domain;
pub mod fields;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgExecutor;

pub use domain::{
    MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS, TaskDescription, TaskFilter, TaskNumber, TaskTitle,
};

use crate::accounts::UserId;

/// A task as people and the API see it; the global id never leaves the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Task {
    pub number: TaskNumber,
    pub title: String,
    pub description: Option<String>,
    pub completed: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    #[error("invalid title: {0}")]
    InvalidTitle(String),
    #[error("invalid description: {0}")]
    InvalidDescription(String),
    #[error("`{0}` is not a task number")]
    InvalidNumber(String),
    #[error("`{0}` is not a status; use all, pending or completed")]
    InvalidFilter(String),
    #[error("task #{0} not found")]
    NotFound(TaskNumber),
    #[error("nothing to change: give a new title or description")]
    NothingToUpdate,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl TaskError {
    /// Stable machine-readable code, shared by the API and the agent's tools.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidTitle(_) => "invalid_title",
            Self::InvalidDescription(_) => "invalid_description",
            Self::InvalidNumber(_) => "invalid_task_number",
            Self::InvalidFilter(_) => "invalid_status",
            Self::NotFound(_) => "task_not_found",
            Self::NothingToUpdate => "nothing_to_update",
            Self::Database(_) => "internal",
        }
    }

    /// The request field at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::InvalidTitle(_) => Some("title"),
            Self::InvalidDescription(_) => Some("description"),
            Self::InvalidNumber(_) => Some("number"),
            Self::InvalidFilter(_) => Some("status"),
            _ => None,
        }
    }
}

/// What an update changes; at least one field must be set.
#[derive(Clone, Debug, Default)]
pub struct TaskChanges {
    pub title: Option<TaskTitle>,
    /// `Some` of an empty description clears it.
    pub description: Option<TaskDescription>,
    pub completed: Option<bool>,
}

impl TaskChanges {
    fn is_empty(&self) -> bool {
        self.title.is_none() && self.description.is_none() && self.completed.is_none()
    }
}

/// Adds a task under the owner's next number, in one statement.
pub async fn add(
    db: impl PgExecutor<'_>,
    user: UserId,
    title: &TaskTitle,
    description: Option<&TaskDescription>,
) -> Result<Task, TaskError> {
    let task = sqlx::query_as!(
        TaskRow,
        r#"
        WITH next AS (
            UPDATE users SET next_task_number = next_task_number + 1
            WHERE id = $1
            RETURNING next_task_number - 1 AS number
        )
        INSERT INTO tasks (user_id, number, title, description)
        SELECT $1, next.number, $2, NULLIF($3, '') FROM next
        RETURNING number, title, description, completed, created_at, updated_at
        "#,
        user.get(),
        title.as_str(),
        description.map(TaskDescription::as_str),
    )
    .fetch_one(db)
    .await?;
    Ok(task.into())
}

/// The owner's tasks, oldest first.
pub async fn list(db: impl PgExecutor<'_>, user: UserId, filter: TaskFilter) -> Result<Vec<Task>, TaskError> {
    let rows = sqlx::query_as!(
        TaskRow,
        r#"
        SELECT number, title, description, completed, created_at, updated_at
        FROM tasks
        WHERE user_id = $1 AND ($2::bool IS NULL OR completed = $2)
        ORDER BY number
        "#,
        user.get(),
        filter.completed(),
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn get(db: impl PgExecutor<'_>, user: UserId, number: TaskNumber) -> Result<Task, TaskError> {
    sqlx::query_as!(
        TaskRow,
        r#"
        SELECT number, title, description, completed, created_at, updated_at
        FROM tasks WHERE user_id = $1 AND number = $2
        "#,
        user.get(),
        number.get(),
    )
    .fetch_optional(db)
    .await?
    .map(Into::into)
    .ok_or(TaskError::NotFound(number))
}

/// Marks a task done; completing a completed task is fine.
pub async fn complete(db: impl PgExecutor<'_>, user: UserId, number: TaskNumber) -> Result<Task, TaskError> {
    update(
        db,
        user,
        number,
        TaskChanges {
            completed: Some(true),
            ..TaskChanges::default()
        },
    )
    .await
}

pub async fn update(
    db: impl PgExecutor<'_>,
    user: UserId,
    number: TaskNumber,
    changes: TaskChanges,
) -> Result<Task, TaskError> {
    if changes.is_empty() {
        return Err(TaskError::NothingToUpdate);
    }
    sqlx::query_as!(
        TaskRow,
        r#"
        UPDATE tasks SET
            title = COALESCE($3, title),
            description = CASE WHEN $4::text IS NULL THEN description ELSE NULLIF($4, '') END,
            completed = COALESCE($5, completed),
            updated_at = now()
        WHERE user_id = $1 AND number = $2
        RETURNING number, title, description, completed, created_at, updated_at
        "#,
        user.get(),
        number.get(),
        changes.title.as_ref().map(TaskTitle::as_str),
        changes.description.as_ref().map(TaskDescription::as_str),
        changes.completed,
    )
    .fetch_optional(db)
    .await?
    .map(Into::into)
    .ok_or(TaskError::NotFound(number))
}

/// Deletes a task and returns what it was. Its number is never handed out again.
pub async fn delete(db: impl PgExecutor<'_>, user: UserId, number: TaskNumber) -> Result<Task, TaskError> {
    sqlx::query_as!(
        TaskRow,
        r#"
        DELETE FROM tasks WHERE user_id = $1 AND number = $2
        RETURNING number, title, description, completed, created_at, updated_at
        "#,
        user.get(),
        number.get(),
    )
    .fetch_optional(db)
    .await?
    .map(Into::into)
    .ok_or(TaskError::NotFound(number))
}

struct TaskRow {
    number: i32,
    title: String,
    description: Option<String>,
    completed: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<TaskRow> for Task {
    fn from(row: TaskRow) -> Self {
        Self {
            number: TaskNumber::from_db(row.number),
            title: row.title,
            description: row.description,
            completed: row.completed,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
