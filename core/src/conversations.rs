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
    db: &PgPool,
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

/// The last `limit` messages, oldest first: the window the model sees.
pub async fn recent(
    db: &PgPool,
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
