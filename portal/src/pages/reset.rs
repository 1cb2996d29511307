//! A forgotten password: `/reset` asks for a link by address, and the link
//! (`/reset#<token>`) comes back to the same page to set a new one.
//!
//! The token is in the link's fragment, which browsers never send: it cannot
//! reach access logs, proxies or a `Referer`. `/static/reset.js` moves it into
//! the form (and out of the address bar), and the form POSTs it. Without
//! JavaScript the form asks for the code after `#` instead.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;

use super::{PageResult, auth::check_origin};
use crate::{AppState, auth, error::ApiError, extract::ClientAddr};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/reset", get(reset_page).post(ask))
        .route("/reset/confirm", post(confirm))
}

#[derive(Template, WebTemplate, Default)]
#[template(path = "reset.html")]
struct ResetPage {
    email: String,
    /// Kept when setting the password failed for another reason than the token.
    token: String,
    notice: Option<&'static str>,
    error: Option<String>,
    /// The password is set: only the way to log in is left to show.
    done: bool,
}

impl ResetPage {
    fn failed(mut self, error: ApiError) -> Response {
        let status = error.status();
        self.error = Some(error.message().to_owned());
        (status, self).into_response()
    }
}

async fn reset_page() -> ResetPage {
    ResetPage::default()
}

#[derive(Deserialize)]
struct AskForm {
    email: String,
}

async fn ask(
    State(state): State<AppState>,
    from: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<AskForm>,
) -> PageResult {
    check_origin(&state, &headers)?;
    let page = ResetPage {
        email: form.email.clone(),
        ..ResetPage::default()
    };
    match auth::request_reset(&state, &from, &form.email).await {
        Ok(()) => Ok(ResetPage {
            notice: Some(
                "If an account has this address, a link to set a new password is on its way by e-mail \
                 and to its linked chat accounts. It works once, for 30 minutes.",
            ),
            ..page
        }
        .into_response()),
        Err(e) => Ok(page.failed(e)),
    }
}

#[derive(Deserialize)]
struct ConfirmForm {
    token: String,
    new_password: String,
}

async fn confirm(
    State(state): State<AppState>,
    from: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<ConfirmForm>,
) -> PageResult {
    check_origin(&state, &headers)?;
    match auth::confirm_reset(&state, &from, &form.token, form.new_password).await {
        Ok(()) => Ok(ResetPage {
            notice: Some("Your new password is set, and every session has ended."),
            done: true,
            ..ResetPage::default()
        }
        .into_response()),
        Err(e) => {
            // A bad token needs a new link; a weak password only another try.
            let token = if e.status() == axum::http::StatusCode::BAD_REQUEST {
                String::new()
            } else {
                form.token
            };
            Ok(ResetPage {
                token,
                ..ResetPage::default()
            }
            .failed(e))
        }
    }
}
