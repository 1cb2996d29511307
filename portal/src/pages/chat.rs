//! The web chat: the same agent as the bots, one conversation per page,
//! showing its latest messages (and older ones a page at a time).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Query, State},
    response::{IntoResponse, Redirect},
    routing::get,
};
use serde::Deserialize;
use tasklink_core::conversations::{self, HistoryPage, Message, PageQuery};
use uuid::Uuid;

use super::{PageError, PageResult, check_csrf};
use crate::{AppState, extract::PageUser, turns::turn};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/app/chat", get(chat_page).post(chat_send))
}

#[derive(Template, WebTemplate)]
#[template(path = "chat.html")]
struct ChatPage {
    csrf: String,
    conversation_id: Option<Uuid>,
    messages: Vec<MessageView>,
    /// The cursor of the page of older messages, if any.
    earlier: Option<String>,
    error: Option<String>,
}

struct MessageView {
    role: &'static str,
    content: String,
}

impl From<Message> for MessageView {
    fn from(m: Message) -> Self {
        Self {
            role: m.role.as_str(),
            content: m.content,
        }
    }
}

#[derive(Deserialize)]
struct ChatQuery {
    c: Option<Uuid>,
    before: Option<String>,
}

/// A page of the conversation (none yet: empty).
async fn page_of(
    state: &AppState,
    user: &PageUser,
    conversation: Option<Uuid>,
    query: PageQuery,
) -> Result<Option<HistoryPage>, PageError> {
    Ok(match conversation {
        Some(id) => Some(conversations::page(&state.core.db, user.id, id, query).await?),
        None => None,
    })
}

fn views(page: Option<HistoryPage>) -> (Vec<MessageView>, Option<String>) {
    page.map(|p| (p.messages.into_iter().map(Into::into).collect(), p.next_cursor))
        .unwrap_or_default()
}

async fn chat_page(State(state): State<AppState>, user: PageUser, Query(q): Query<ChatQuery>) -> PageResult {
    let query = PageQuery::parse(None, q.before.as_deref())?;
    let (messages, earlier) = views(page_of(&state, &user, q.c, query).await?);
    Ok(ChatPage {
        csrf: user.csrf().to_owned(),
        conversation_id: q.c,
        messages,
        earlier,
        error: None,
    }
    .into_response())
}

#[derive(Deserialize)]
struct ChatForm {
    csrf: String,
    message: String,
    conversation_id: Option<Uuid>,
}

async fn chat_send(State(state): State<AppState>, user: PageUser, Form(form): Form<ChatForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    match turn(&state, user.id, form.conversation_id, &form.message).await {
        Ok(outcome) => Ok(Redirect::to(&format!("/app/chat?c={}", outcome.conversation_id)).into_response()),
        Err(e) => {
            let status = e.status();
            let latest = page_of(&state, &user, form.conversation_id, PageQuery::latest()).await;
            let (messages, earlier) = views(latest.ok().flatten());
            let page = ChatPage {
                csrf: user.csrf().to_owned(),
                conversation_id: form.conversation_id,
                messages,
                earlier,
                error: Some(e.message().to_owned()),
            };
            Err(PageError::page((status, page)))
        }
    }
}
