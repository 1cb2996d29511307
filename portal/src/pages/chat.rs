//! The web chat: the same agent as the bots, one conversation per page.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Query, State},
    response::{IntoResponse, Redirect},
    routing::get,
};
use serde::Deserialize;
use tasklink_core::conversations::{self, Message};
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
}

async fn chat_page(State(state): State<AppState>, user: PageUser, Query(q): Query<ChatQuery>) -> PageResult {
    let messages = match q.c {
        Some(id) => conversations::history(&state.core.db, user.id, id).await?,
        None => Vec::new(),
    };
    Ok(ChatPage {
        csrf: user.csrf().to_owned(),
        conversation_id: q.c,
        messages: messages.into_iter().map(Into::into).collect(),
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
            let messages = match form.conversation_id {
                Some(id) => conversations::history(&state.core.db, user.id, id)
                    .await
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let page = ChatPage {
                csrf: user.csrf().to_owned(),
                conversation_id: form.conversation_id,
                messages: messages.into_iter().map(Into::into).collect(),
                error: Some(e.message().to_owned()),
            };
            Err(PageError::page((status, page)))
        }
    }
}
