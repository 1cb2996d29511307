//! Effects once per inbound message. A turn that came through the chat inbox
//! may run again (the process died, the lease lapsed, the platform delivered
//! twice); each call that changes something is recorded, in the transaction of
//! its change, under (message, place among the turn's changing calls). Run
//! again, the call reads its result back instead of adding a second task.

use std::sync::atomic::{AtomicI32, Ordering};

use super::{ToolCall, ToolContext, ToolResult};
use crate::tasks::TaskError;

/// The record of one inbound message's effects, shared by the calls of its turn.
#[derive(Debug)]
pub struct TurnEffects {
    inbox_id: i64,
    /// The message's first attempt: nothing can be recorded for it yet, so
    /// a call does not look (the primary key still refuses a second record).
    first_attempt: bool,
    next: AtomicI32,
}

impl TurnEffects {
    /// For the inbox row `inbox_id`; its calls are numbered from 0.
    pub fn new(inbox_id: i64, first_attempt: bool) -> Self {
        Self {
            inbox_id,
            first_attempt,
            next: AtomicI32::new(0),
        }
    }

    /// Runs a changing call once: its recorded result when this place of the
    /// turn already ran, otherwise its effect and the record, committed together.
    /// A call that fails changes nothing and is not recorded.
    pub(super) async fn once(
        &self,
        ctx: &ToolContext<'_>,
        call: ToolCall,
    ) -> Result<ToolResult, sqlx::Error> {
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        let mut conn = ctx.conn().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let recorded = if self.first_attempt {
            None
        } else {
            sqlx::query!(
                "SELECT record, note FROM turn_effects WHERE inbox_id = $1 AND call_index = $2",
                self.inbox_id,
                index,
            )
            .fetch_optional(&mut *tx)
            .await?
        };
        if let Some(row) = recorded {
            tracing::info!(
                inbox = self.inbox_id,
                call = index,
                "call already ran for this message; its result is reused"
            );
            return Ok(match serde_json::from_value::<ToolResult>(row.record) {
                Ok(result) => with_note(result, row.note),
                Err(_) => ToolResult::failed("already_done", "this was already done for this message"),
            });
        }
        let result = match call.run(ctx, &mut tx).await {
            Ok(result) => result,
            Err(TaskError::Database(e)) => return Err(e),
            // Dropping the transaction rolls back whatever the failed call began.
            Err(e) => return Ok(ToolResult::failed(e.code(), e.to_string())),
        };
        let record = serde_json::to_value(&result).unwrap_or_default();
        sqlx::query!(
            "INSERT INTO turn_effects (inbox_id, call_index, record, note) VALUES ($1, $2, $3, $4)",
            self.inbox_id,
            index,
            record,
            note(&result),
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(result)
    }
}

impl TurnEffects {
    /// Every change recorded for the message so far, in order: also those of
    /// an earlier attempt whose process died.
    pub async fn recorded(&self, db: impl sqlx::PgExecutor<'_>) -> Result<Vec<ToolResult>, sqlx::Error> {
        let rows = sqlx::query!(
            "SELECT record, note FROM turn_effects WHERE inbox_id = $1 ORDER BY call_index",
            self.inbox_id,
        )
        .fetch_all(db)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                serde_json::from_value(row.record)
                    .ok()
                    .map(|r| with_note(r, row.note))
            })
            .collect())
    }
}

/// The sentence for people, which the JSON leaves out.
fn note(result: &ToolResult) -> Option<&str> {
    match result {
        ToolResult::Task(outcome) => outcome.note.as_deref(),
        ToolResult::Timezone(outcome) => outcome.local_time.as_deref(),
        ToolResult::Failed { .. } | ToolResult::Tasks(_) => None,
    }
}

fn with_note(mut result: ToolResult, note: Option<String>) -> ToolResult {
    match &mut result {
        ToolResult::Task(outcome) => outcome.note = note,
        ToolResult::Timezone(outcome) => outcome.local_time = note,
        ToolResult::Failed { .. } | ToolResult::Tasks(_) => {}
    }
    result
}
