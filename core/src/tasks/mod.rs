//! Tasks: one list per person, addressed by per-user numbers.
//!
//! Every function takes the owner's [`UserId`] from the authenticated context;
//! a task of someone else is indistinguishable from one that does not exist.

mod domain;
pub mod fields;
mod input;
pub mod query;
mod reminders;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use sqlx::{Acquire, PgExecutor, Postgres};

pub use domain::{
    MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS, TaskDescription, TaskFilter, TaskNumber, TaskTitle,
};

pub use fields::{FieldError, Priority, Tag, Tags};
pub use input::FieldText;
pub use query::{Agenda, CursorKey, RawTaskQuery, Sort, SortKey, TaskPage, TaskQuery, agenda, list_page};
pub use reminders::snooze;

use crate::{
    accounts::UserId,
    time::{
        Advance, Due, Remind, RepeatFrom, Rule, SignedDuration, TimeZone, Timestamp, next_due, parse_zone,
        storage, zone_name,
    },
};

/// A task as people and the API see it; the global id never leaves the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Task {
    pub number: TaskNumber,
    pub title: String,
    pub description: Option<String>,
    pub completed: bool,
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `2026-12-01` (a date) or `2026-12-01T09:00:00+01:00` (a time, with the
    /// offset its zone has then).
    pub due: Option<String>,
    pub priority: Priority,
    pub tags: Tags,
    /// RRULE text, e.g. `FREQ=MONTHLY;BYMONTHDAY=1`.
    pub repeat: Option<String>,
    pub repeat_from: RepeatFrom,
    /// The repeat in plain English: "every month on the 1st".
    pub repeat_text: Option<String>,
    pub remind_at: Option<DateTime<Utc>>,
    /// The due as local wall time, and the zone it is read in.
    #[serde(skip)]
    pub due_local: Option<Due>,
    #[serde(skip)]
    pub due_zone: Option<String>,
    #[serde(skip)]
    pub repeat_rule: Option<Rule>,
    /// A reminder set as an offset before the due (it repeats with the task).
    #[serde(skip)]
    pub remind_before: Option<SignedDuration>,
}

impl Task {
    /// The due as the person sees it in `zone`: a date stays that date; a
    /// time is the same instant on `zone`'s clock (the due was set in
    /// `due_zone`, which may be an earlier zone of theirs).
    pub fn due_in(&self, zone: &TimeZone) -> Option<Due> {
        let due = self.due_local?;
        match due {
            Due::Date(_) => Some(due),
            Due::DateTime(_) => {
                let set_in = self
                    .due_zone
                    .as_deref()
                    .and_then(|z| parse_zone(z).ok())
                    .unwrap_or(TimeZone::UTC);
                Some(Due::from_instant(due.instant(&set_in), zone))
            }
        }
    }

    /// The task with `due` written for `zone`, the person's current zone.
    pub fn shown_in(mut self, zone: &TimeZone) -> Self {
        if let Some(Due::DateTime(_)) = self.due_local {
            let set_in = self
                .due_zone
                .as_deref()
                .and_then(|z| parse_zone(z).ok())
                .unwrap_or(TimeZone::UTC);
            let at = self.due_local.map(|d| d.instant(&set_in));
            self.due = at.map(|at| at.display_with_offset(zone.to_offset(at)).to_string());
        }
        self
    }
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
    Field(#[from] FieldError),
    #[error("{field}: {error}")]
    Time {
        field: &'static str,
        #[source]
        error: crate::time::TimeError,
    },
    /// A list parameter (`sort`, `limit`, `cursor`, `q`, `tag`) that cannot be used.
    #[error("{message}")]
    InvalidParam {
        field: &'static str,
        code: &'static str,
        message: String,
    },
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
            Self::Field(e) => e.code(),
            Self::Time { error, .. } => error.code(),
            Self::InvalidParam { code, .. } => code,
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
            Self::Field(e) => Some(e.field()),
            Self::Time { field, .. } => Some(field),
            Self::InvalidParam { field, .. } => Some(field),
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
        RETURNING number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
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
        SELECT number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
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
        SELECT number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
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
            completed_at = CASE
                WHEN $5::bool IS NULL THEN completed_at
                WHEN $5 THEN COALESCE(completed_at, now())
                ELSE NULL
            END,
            updated_at = now()
        WHERE user_id = $1 AND number = $2
        RETURNING number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
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
        RETURNING number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
        "#,
        user.get(),
        number.get(),
    )
    .fetch_optional(db)
    .await?
    .map(Into::into)
    .ok_or(TaskError::NotFound(number))
}

/// The time and order fields of a new task, already validated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskFields {
    pub due: Option<Due>,
    pub priority: Priority,
    pub tags: Tags,
    /// Needs a due: the first due of a repeating task is the rule's first
    /// occurrence (`Rule::first_due`, or `QuickAdd::due`).
    pub repeat: Option<Rule>,
    pub repeat_from: RepeatFrom,
    pub remind: Option<Remind>,
}

/// Changes to the time and order fields: `None` keeps, `Some(None)` clears.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldChanges {
    pub due: Option<Option<Due>>,
    pub priority: Option<Priority>,
    pub tags: Option<Tags>,
    pub repeat: Option<Option<Rule>>,
    pub repeat_from: Option<RepeatFrom>,
    pub remind: Option<Option<Remind>>,
}

impl FieldChanges {
    pub fn is_empty(&self) -> bool {
        self.due.is_none()
            && self.priority.is_none()
            && self.tags.is_none()
            && self.repeat.is_none()
            && self.repeat_from.is_none()
            && self.remind.is_none()
    }
}

/// The columns a due, a repeat and a reminder become.
struct TimeColumns {
    due_local: Option<NaiveDateTime>,
    due_has_time: bool,
    due_tz: Option<String>,
    due_at: Option<DateTime<Utc>>,
    repeat: Option<String>,
    remind_before_secs: Option<i32>,
    remind_at: Option<DateTime<Utc>>,
}

impl TimeColumns {
    /// Setting a timed due sets a reminder at the due time unless one is
    /// given; an offset is kept so that it repeats with the task.
    fn new(
        due: Option<Due>,
        repeat: Option<&Rule>,
        remind: Option<Remind>,
        zone: &TimeZone,
        now: Timestamp,
    ) -> Result<Self, TaskError> {
        let time_error = |field, error| TaskError::Time { field, error };
        // A repeat without a due starts at the rule's first occurrence from now.
        let due = match (due, repeat) {
            (None, Some(rule)) => Some(
                rule.first_due(None, now, zone)
                    .map_err(|e| time_error("repeat", e))?,
            ),
            (due, _) => due,
        };
        if let (Some(rule), Some(due)) = (repeat, due) {
            rule.validate().map_err(|e| time_error("repeat", e))?;
            rule.check_start(&due, zone)
                .map_err(|e| time_error("repeat", e))?;
        }
        let remind_at = match (remind, due) {
            (Some(r), due) => r.instant(due.as_ref(), zone),
            (None, Some(d @ Due::DateTime(_))) => Some(d.instant(zone)),
            (None, _) => None,
        };
        let remind_before_secs = match remind {
            Some(Remind::Before(d)) => Some(i32::try_from(d.as_secs()).unwrap_or(i32::MAX)),
            _ => None,
        };
        Ok(Self {
            due_local: due.map(|d| storage::datetime_to_chrono(d.local())),
            due_has_time: due.is_some_and(|d| d.time().is_some()),
            due_tz: due.map(|_| zone_name(zone).to_owned()),
            due_at: due.map(|d| storage::timestamp_to_chrono(d.instant(zone))),
            repeat: repeat.map(Rule::to_string),
            remind_before_secs,
            remind_at: remind_at.map(storage::timestamp_to_chrono),
        })
    }
}

/// Adds a task with its due, priority, tags, repeat and reminder; the due is
/// read in `zone` (the person's). A repeat without a due starts at the rule's
/// first occurrence from `now`.
pub async fn add_with_fields(
    db: impl PgExecutor<'_>,
    user: UserId,
    title: &TaskTitle,
    description: Option<&TaskDescription>,
    fields: &TaskFields,
    zone: &TimeZone,
    now: Timestamp,
) -> Result<Task, TaskError> {
    let cols = TimeColumns::new(fields.due, fields.repeat.as_ref(), fields.remind, zone, now)?;
    let task = sqlx::query_as!(
        TaskRow,
        r#"
        WITH next AS (
            UPDATE users SET next_task_number = next_task_number + 1
            WHERE id = $1
            RETURNING next_task_number - 1 AS number
        )
        INSERT INTO tasks (user_id, number, title, description, due_local, due_has_time, due_tz,
                           due_at, priority, tags, repeat, repeat_from, remind_before_secs, remind_at)
        SELECT $1, next.number, $2, NULLIF($3, ''), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM next
        RETURNING number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
        "#,
        user.get(),
        title.as_str(),
        description.map(TaskDescription::as_str),
        cols.due_local,
        cols.due_has_time,
        cols.due_tz,
        cols.due_at,
        fields.priority.as_i16(),
        &fields.tags.to_strings(),
        cols.repeat,
        fields.repeat_from.as_str(),
        cols.remind_before_secs,
        cols.remind_at,
    )
    .fetch_one(db)
    .await?;
    Ok(task.into())
}

/// Changes a task's time and order fields in one transaction (the reminder
/// depends on the due, so the current values are read under a row lock).
/// A due is read in `zone`; clearing the due clears the repeat and reminder;
/// a repeat set on a task without a due starts at its first occurrence from `now`.
pub async fn update_fields(
    db: impl Acquire<'_, Database = Postgres>,
    user: UserId,
    number: TaskNumber,
    changes: FieldChanges,
    zone: &TimeZone,
    now: Timestamp,
) -> Result<Task, TaskError> {
    if changes.is_empty() {
        return Err(TaskError::NothingToUpdate);
    }
    let mut tx = db.begin().await?;
    let current: Task = select_for_update(&mut tx, user, number).await?;
    let due = changes.due.unwrap_or(current.due_local);
    let due_changed = changes.due.is_some();
    // Keep the stored zone for an unchanged due; a new due is in the person's zone.
    let stored_zone = current.due_zone.as_deref().and_then(|z| parse_zone(z).ok());
    let zone = match (&stored_zone, due_changed) {
        (Some(z), false) => z.clone(),
        _ => zone.clone(),
    };
    let repeat = match changes.repeat {
        Some(r) => r,
        None if changes.due == Some(None) => None,
        None => current.repeat_rule.clone(),
    };
    let remind = match changes.remind {
        Some(r) => r,
        None => current.remind_before.map(Remind::Before).or_else(|| {
            // A reminder at an instant stays unless the due moved.
            (!due_changed)
                .then(|| {
                    current
                        .remind_at
                        .map(|t| Remind::At(storage::timestamp_from_chrono(t)))
                })
                .flatten()
        }),
    };
    let cols = TimeColumns::new(due, repeat.as_ref(), remind, &zone, now)?;
    let priority = changes.priority.unwrap_or(current.priority);
    let tags = changes.tags.unwrap_or(current.tags);
    let repeat_from = changes.repeat_from.unwrap_or(current.repeat_from);
    let row = sqlx::query_as!(
        TaskRow,
        r#"
        UPDATE tasks SET
            due_local = $3, due_has_time = $4, due_tz = $5, due_at = $6,
            priority = $7, tags = $8, repeat = $9, repeat_from = $10,
            remind_before_secs = $11, remind_at = $12, updated_at = now()
        WHERE user_id = $1 AND number = $2
        RETURNING number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
        "#,
        user.get(),
        number.get(),
        cols.due_local,
        cols.due_has_time,
        cols.due_tz,
        cols.due_at,
        priority.as_i16(),
        &tags.to_strings(),
        cols.repeat,
        repeat_from.as_str(),
        cols.remind_before_secs,
        cols.remind_at,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// What completing did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    Completed(Task),
    /// A repeating task moved to its next occurrence and stays open.
    Rescheduled(Task),
}

/// Completes a task; a repeating one moves to its next occurrence instead
/// (and completes when its rule is exhausted). `seen_due` is the due the
/// person was looking at, when known: if the task has already moved past it
/// (a second "done" for the same occurrence from another surface), nothing
/// advances again.
pub async fn complete_occurrence(
    db: impl Acquire<'_, Database = Postgres>,
    user: UserId,
    number: TaskNumber,
    seen_due: Option<Due>,
    now: Timestamp,
) -> Result<Completion, TaskError> {
    let mut tx = db.begin().await?;
    let completion = complete_occurrence_on(&mut tx, user, number, seen_due, now).await?;
    tx.commit().await?;
    Ok(completion)
}

/// [`complete_occurrence`] on a connection, in its transaction if it is in
/// one (a chat turn's effect): a task that does not repeat is completed in
/// one statement; only a repeating one is locked and moved, in a transaction
/// (a savepoint) of its own.
pub async fn complete_occurrence_on(
    conn: &mut sqlx::PgConnection,
    user: UserId,
    number: TaskNumber,
    seen_due: Option<Due>,
    now: Timestamp,
) -> Result<Completion, TaskError> {
    // Most tasks do not repeat: one statement completes them, with no
    // savepoint, lock and second statement around it.
    if let Some(task) = complete_unless_repeating(&mut *conn, user, number).await? {
        return Ok(Completion::Completed(task));
    }
    let mut tx = sqlx::Connection::begin(conn).await?;
    let current = select_for_update(&mut tx, user, number).await?;
    let (Some(rule), Some(due), false) = (&current.repeat_rule, current.due_local, current.completed) else {
        let task = complete(&mut *tx, user, number).await?;
        tx.commit().await?;
        return Ok(Completion::Completed(task));
    };
    if seen_due.is_some_and(|seen| seen != due) {
        tx.commit().await?;
        return Ok(Completion::Rescheduled(current));
    }
    let zone = current
        .due_zone
        .as_deref()
        .and_then(|z| parse_zone(z).ok())
        .unwrap_or(TimeZone::UTC);
    match next_due(rule, current.repeat_from, due, now, &zone) {
        Advance::Done => {
            let task = complete(&mut *tx, user, number).await?;
            tx.commit().await?;
            Ok(Completion::Completed(task))
        }
        Advance::Next { due, rule } => {
            let remind = current.remind_before.map(Remind::Before);
            let cols = TimeColumns::new(Some(due), Some(&rule), remind, &zone, now)?;
            let row = sqlx::query_as!(
                TaskRow,
                r#"
                UPDATE tasks SET
                    due_local = $3, due_has_time = $4, due_at = $5, repeat = $6,
                    remind_at = $7, updated_at = now()
                WHERE user_id = $1 AND number = $2
                RETURNING number, title, description, completed, created_at, updated_at,
                    due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
                    remind_before_secs, remind_at, completed_at
                "#,
                user.get(),
                number.get(),
                cols.due_local,
                cols.due_has_time,
                cols.due_at,
                cols.repeat,
                cols.remind_at,
            )
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Completion::Rescheduled(row.into()))
        }
    }
}

/// Completes the task if it has no next occurrence to move to (no repeat
/// rule or no due date, or completed already); `None` when it repeats, or
/// there is no such task.
async fn complete_unless_repeating(
    db: impl PgExecutor<'_>,
    user: UserId,
    number: TaskNumber,
) -> Result<Option<Task>, sqlx::Error> {
    let row = sqlx::query_as!(
        TaskRow,
        r#"
        UPDATE tasks SET
            completed = true,
            completed_at = COALESCE(completed_at, now()),
            updated_at = now()
        WHERE user_id = $1 AND number = $2
            AND (repeat IS NULL OR due_local IS NULL OR completed)
        RETURNING number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
        "#,
        user.get(),
        number.get(),
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

async fn select_for_update(
    tx: &mut sqlx::PgConnection,
    user: UserId,
    number: TaskNumber,
) -> Result<Task, TaskError> {
    sqlx::query_as!(
        TaskRow,
        r#"
        SELECT number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
        FROM tasks WHERE user_id = $1 AND number = $2
        FOR UPDATE
        "#,
        user.get(),
        number.get(),
    )
    .fetch_optional(tx)
    .await?
    .map(Into::into)
    .ok_or(TaskError::NotFound(number))
}

#[derive(sqlx::FromRow)]
pub(crate) struct TaskRow {
    pub(crate) number: i32,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) completed: bool,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
    pub(crate) due_local: Option<NaiveDateTime>,
    pub(crate) due_has_time: bool,
    pub(crate) due_tz: Option<String>,
    pub(crate) priority: i16,
    pub(crate) tags: Vec<String>,
    pub(crate) repeat: Option<String>,
    pub(crate) repeat_from: String,
    pub(crate) remind_before_secs: Option<i32>,
    pub(crate) remind_at: Option<DateTime<Utc>>,
    pub(crate) completed_at: Option<DateTime<Utc>>,
}

impl From<TaskRow> for Task {
    fn from(row: TaskRow) -> Self {
        let due_local = row.due_local.and_then(storage::datetime_from_chrono).map(|dt| {
            if row.due_has_time {
                Due::DateTime(dt)
            } else {
                Due::Date(dt.date())
            }
        });
        let zone = row
            .due_tz
            .as_deref()
            .and_then(|z| parse_zone(z).ok())
            .unwrap_or(TimeZone::UTC);
        // A stored rule always parsed when it was written; one that no longer
        // does (a future tightening) shows as RRULE text without a reading.
        let repeat_rule = row.repeat.as_deref().and_then(|r| Rule::parse(r).ok());
        Self {
            number: TaskNumber::from_db(row.number),
            title: row.title,
            description: row.description,
            completed: row.completed,
            completed_at: row.completed_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
            due: due_local.map(|d| d.to_rfc3339(&zone)),
            priority: Priority::from_i16(row.priority),
            tags: Tags::from_stored(row.tags),
            repeat_text: repeat_rule.as_ref().map(Rule::text),
            repeat: row.repeat,
            repeat_from: RepeatFrom::parse(&row.repeat_from).unwrap_or_default(),
            remind_at: row.remind_at,
            due_local,
            due_zone: row.due_tz,
            repeat_rule,
            remind_before: row
                .remind_before_secs
                .map(|s| SignedDuration::from_secs(i64::from(s))),
        }
    }
}
