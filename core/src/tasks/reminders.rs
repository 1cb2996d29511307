//! Moving a task's pending reminder.

use sqlx::PgExecutor;

use super::{Task, TaskError, TaskNumber, TaskRow};
use crate::{
    accounts::UserId,
    time::{Timestamp, storage},
};

/// Moves the reminder of the task's current occurrence to `until`; the next
/// occurrence's reminder follows the task's own rule again.
pub async fn snooze(
    db: impl PgExecutor<'_>,
    user: UserId,
    number: TaskNumber,
    until: Timestamp,
) -> Result<Task, TaskError> {
    sqlx::query_as!(
        TaskRow,
        r#"
        UPDATE tasks SET remind_at = $3, updated_at = now()
        WHERE user_id = $1 AND number = $2
        RETURNING number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
        "#,
        user.get(),
        number.get(),
        storage::timestamp_to_chrono(until),
    )
    .fetch_optional(db)
    .await?
    .map(Into::into)
    .ok_or(TaskError::NotFound(number))
}
