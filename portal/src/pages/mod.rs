//! The HTML portal: landing, sign-up, log-in, the dashboard, the web chat and
//! personal access tokens, settings and the forgotten-password pages.
//! Plain forms that work without JavaScript; every form post is checked
//! against cross-site request forgery. One module per area.

mod agenda;
mod auth;
mod chat;
mod dashboard;
mod data;
mod reset;
mod settings;
mod tokens;

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;

use crate::{
    AppState,
    error::ApiError,
    extract::{MaybePageUser, PageUser},
};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(landing))
        .route("/static/app.css", get(stylesheet))
        .route("/static/quickadd.js", get(quickadd_script))
        .route("/static/settings.js", get(settings_script))
        .route("/static/reset.js", get(reset_script))
        .merge(auth::routes())
        .merge(dashboard::routes())
        .merge(chat::routes())
        .merge(agenda::routes())
        .merge(settings::routes())
        .merge(tokens::routes())
        .merge(data::routes())
        .merge(reset::routes())
}

/// A page handler's result: `?` turns any error the API knows into the error page.
type PageResult<T = Response> = Result<T, PageError>;

/// A page that could not be served as asked: the error page, or another page
/// (the form again, with what went wrong).
pub(crate) struct PageError(Response);

impl PageError {
    fn page(page: impl IntoResponse) -> Self {
        Self(page.into_response())
    }
}

impl<E> From<E> for PageError
where
    ApiError: From<E>,
{
    fn from(e: E) -> Self {
        Self(error_page(e.into()))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    message: String,
}

/// An error as a page: the status and a sentence, never internals (those go
/// to the log through the middleware).
fn error_page(e: ApiError) -> Response {
    let status = e.status();
    let page = ErrorPage {
        status: status.as_u16(),
        message: e.message().to_owned(),
    };
    let mut response = (status, page).into_response();
    e.attach_cause(&mut response);
    response
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

fn check_csrf(user: &PageUser, token: &str) -> Result<(), Forbidden> {
    if token == user.csrf() {
        Ok(())
    } else {
        Err(Forbidden)
    }
}

/// A form post that did not come from our own pages.
struct Forbidden;

impl From<Forbidden> for ApiError {
    fn from(_: Forbidden) -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "This form was not sent from Tasklink. Reload the page and try again.",
        )
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "landing.html")]
struct Landing {
    signed_in: bool,
}

async fn landing(MaybePageUser(user): MaybePageUser) -> Landing {
    Landing {
        signed_in: user.is_some(),
    }
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
}

fn script(source: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        source,
    )
}

async fn quickadd_script() -> impl IntoResponse {
    script(include_str!("../../static/quickadd.js"))
}

async fn settings_script() -> impl IntoResponse {
    script(include_str!("../../static/settings.js"))
}

async fn reset_script() -> impl IntoResponse {
    script(include_str!("../../static/reset.js"))
}
