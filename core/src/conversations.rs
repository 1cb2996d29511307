//! Conversations with the agent and their messages, always scoped to their owner.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use crate::{accounts::UserId, linking::Platform};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Assistant => "assistant",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Message {
    pub id: i64,
    pub role: Role,
    pub content: String,
    /// On assistant messages: the tools that turn ran.
    pub tool_calls: Option<Value>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConversationError {
    #[error("conversation not found")]
    NotFound,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub async fn start(db: impl PgExecutor<'_>, user: UserId) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO conversations (id, user_id) VALUES ($1, $2) RETURNING id",
        Uuid::new_v4(),
        user.get()
    )
    .fetch_one(db)
    .await
}

/// Continues `id` when it is the user's, or starts a new conversation.
pub async fn resume_or_start(db: &PgPool, user: UserId, id: Option<Uuid>) -> Result<Uuid, ConversationError> {
    match id {
        None => Ok(start(db, user).await?),
        Some(id) => {
            let owned = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM conversations WHERE id = $1 AND user_id = $2) AS "owned!""#,
                id,
                user.get()
            )
            .fetch_one(db)
            .await?;
            if owned {
                Ok(id)
            } else {
                Err(ConversationError::NotFound)
            }
        }
    }
}

/// Starts a fresh conversation for the chat: on its first message, and on `/new`.
pub async fn restart_chat(
    db: impl PgExecutor<'_>,
    platform: Platform,
    chat_id: &str,
    user: UserId,
) -> Result<Uuid, sqlx::Error> {
    // One statement, so atomic without a transaction's extra round trips. Two
    // replicas racing on a chat's first message both succeed; the last one wins.
    sqlx::query_scalar!(
        r#"
        WITH conversation AS (
            INSERT INTO conversations (id, user_id) VALUES ($4, $3) RETURNING id
        )
        INSERT INTO chat_conversations (platform, chat_id, user_id, conversation_id)
        SELECT $1, $2, $3, id FROM conversation
        ON CONFLICT (platform, chat_id, user_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id
        RETURNING conversation_id
        "#,
        platform.as_str(),
        chat_id,
        user.get(),
        Uuid::new_v4(),
    )
    .fetch_one(db)
    .await
}

/// Stores a turn: the person's message and the reply, in one statement. The
/// composite foreign key refuses a conversation of another user.
pub async fn append_turn(
    db: impl PgExecutor<'_>,
    user: UserId,
    conversation: Uuid,
    message: &str,
    reply: &str,
    tool_calls: Option<&Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        INSERT INTO messages (conversation_id, user_id, role, content, tool_calls)
        VALUES ($1, $2, 'user', $3, NULL), ($1, $2, 'assistant', $4, $5)
        "#,
        conversation,
        user.get(),
        message,
        reply,
        tool_calls,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A turn to store: the person's message and the reply.
#[derive(Clone, Copy, Debug)]
pub struct Turn<'a> {
    pub user: UserId,
    pub conversation: Uuid,
    pub message: &'a str,
    pub reply: &'a str,
    pub tool_calls: Option<&'a Value>,
}

/// [`append_turn`] for a chat message through the inbox, in the same
/// statement: its decided reply stored under its inbox row (`inbox`: the
/// row's id and the reply as the inbox keeps it; `None` when the message did
/// not come through the inbox) and the person's turn lock held by
/// `lock_holder` released.
pub async fn append_chat_turn(
    db: impl PgExecutor<'_>,
    turn: Turn<'_>,
    inbox: Option<(i64, &Value)>,
    lock_holder: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        WITH stored AS (
            UPDATE inbox SET reply = $6 WHERE id = $7
        ), unlocked AS (
            DELETE FROM turn_locks WHERE user_id = $2 AND holder = $8
        )
        INSERT INTO messages (conversation_id, user_id, role, content, tool_calls)
        VALUES ($1, $2, 'user', $3, NULL), ($1, $2, 'assistant', $4, $5)
        "#,
        turn.conversation,
        turn.user.get(),
        turn.message,
        turn.reply,
        turn.tool_calls,
        inbox.map(|(_, reply)| reply),
        inbox.map(|(id, _)| id),
        lock_holder,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The last `limit` messages, oldest first: the window the model sees.
pub async fn recent(
    db: impl PgExecutor<'_>,
    user: UserId,
    conversation: Uuid,
    limit: i64,
) -> Result<Vec<Message>, sqlx::Error> {
    let mut rows = sqlx::query_as!(
        MessageRow,
        r#"
        SELECT id, role, content, tool_calls, created_at FROM messages
        WHERE conversation_id = $1 AND user_id = $2
        ORDER BY id DESC LIMIT $3
        "#,
        conversation,
        user.get(),
        limit,
    )
    .fetch_all(db)
    .await?;
    rows.reverse();
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Every message of a conversation, oldest first.
pub async fn history(
    db: &PgPool,
    user: UserId,
    conversation: Uuid,
) -> Result<Vec<Message>, ConversationError> {
    resume_or_start(db, user, Some(conversation)).await?;
    let rows = sqlx::query_as!(
        MessageRow,
        r#"
        SELECT id, role, content, tool_calls, created_at FROM messages
        WHERE conversation_id = $1 AND user_id = $2 ORDER BY id
        "#,
        conversation,
        user.get(),
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// A page of history that cannot be asked for.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PageQueryError {
    #[error("limit is a whole number from 1 to {MAX_PAGE}")]
    InvalidLimit,
    #[error("the cursor is not one this history gave out; start again from the latest page")]
    InvalidCursor,
}

/// Messages per page of history unless asked otherwise, and at most.
pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 200;

/// Which page of a conversation's history: the latest `limit` messages
/// before the cursor (none: the latest of all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageQuery {
    limit: i64,
    before: Option<i64>,
}

impl PageQuery {
    /// `limit` 1 to [`MAX_PAGE`] (default [`DEFAULT_PAGE`]); `before` a
    /// `next_cursor` this history gave out.
    pub fn parse(limit: Option<&str>, before: Option<&str>) -> Result<Self, PageQueryError> {
        let limit = match limit.map(str::trim) {
            None | Some("") => DEFAULT_PAGE,
            Some(text) => text
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_PAGE).contains(n))
                .ok_or(PageQueryError::InvalidLimit)?,
        };
        let before = match before.map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                text.strip_prefix('m')
                    .and_then(|id| id.parse::<i64>().ok())
                    .filter(|id| *id > 0)
                    .ok_or(PageQueryError::InvalidCursor)?,
            ),
        };
        Ok(Self { limit, before })
    }

    pub fn latest() -> Self {
        Self {
            limit: DEFAULT_PAGE,
            before: None,
        }
    }
}

/// One page of history, oldest first; `next_cursor` fetches the messages
/// before it, and is `None` on the first page of the conversation.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryPage {
    pub conversation_id: Uuid,
    pub messages: Vec<Message>,
    pub next_cursor: Option<String>,
}

/// One page of a conversation of `user`'s, newest page first. A cursor only
/// narrows the query of the caller's own conversation, so it needs no signature.
pub async fn page(
    db: &PgPool,
    user: UserId,
    conversation: Uuid,
    query: PageQuery,
) -> Result<HistoryPage, ConversationError> {
    resume_or_start(db, user, Some(conversation)).await?;
    let mut rows = sqlx::query_as!(
        MessageRow,
        r#"
        SELECT id, role, content, tool_calls, created_at FROM messages
        WHERE conversation_id = $1 AND user_id = $2 AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4
        "#,
        conversation,
        user.get(),
        query.before,
        query.limit + 1,
    )
    .fetch_all(db)
    .await?;
    let more = rows.len() as i64 > query.limit;
    rows.truncate(query.limit as usize);
    rows.reverse();
    let next_cursor = more.then(|| rows.first().map(|m| format!("m{}", m.id))).flatten();
    Ok(HistoryPage {
        conversation_id: conversation,
        messages: rows.into_iter().map(Into::into).collect(),
        next_cursor,
    })
}

struct MessageRow {
    id: i64,
    role: String,
    content: String,
    tool_calls: Option<Value>,
    created_at: DateTime<Utc>,
}

impl From<MessageRow> for Message {
    fn from(row: MessageRow) -> Self {
        Self {
            id: row.id,
            role: if row.role == "user" {
                Role::User
            } else {
                Role::Assistant
            },
            content: row.content,
            tool_calls: row.tool_calls,
            created_at: row.created_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_queries_are_bounded() {
        assert_eq!(PageQuery::parse(None, None), Ok(PageQuery::latest()));
        assert_eq!(
            PageQuery::parse(Some("200"), Some("m17")),
            Ok(PageQuery {
                limit: 200,
                before: Some(17)
            })
        );
        for bad in ["0", "201", "-1", "ten", "1e3"] {
            assert_eq!(
                PageQuery::parse(Some(bad), None),
                Err(PageQueryError::InvalidLimit),
                "{bad}"
            );
        }
        for bad in ["17", "m", "m-3", "m0", "mx", "eyJhbGciOi.x.y"] {
            assert_eq!(
                PageQuery::parse(None, Some(bad)),
                Err(PageQueryError::InvalidCursor),
                "{bad}"
            );
        }
    }
}
