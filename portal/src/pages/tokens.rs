//! `/app/tokens`: personal access tokens for scripts and MCP clients. A new
//! token's secret is shown on the answer to the form post, once, and never
//! stored; the page is not cached.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect},
    routing::{get, post},
};
use secrecy::ExposeSecret;
use serde::Deserialize;
use tasklink_core::access_tokens::{self, AccessToken, TokenName};

use super::{CsrfForm, PageError, PageResult, check_csrf};
use crate::{AppState, error::ApiError, extract::PageUser};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/app/tokens", get(tokens_page).post(create))
        .route("/app/tokens/{id}/revoke", post(revoke))
}

#[derive(Template, WebTemplate)]
#[template(path = "tokens.html")]
pub(super) struct TokensPage {
    csrf: String,
    tokens: Vec<AccessToken>,
    mcp_url: String,
    /// The secret of the token just created.
    created: Option<String>,
    notice: Option<&'static str>,
    pub(super) error: Option<String>,
}

impl TokensPage {
    pub(super) async fn load(state: &AppState, user: &PageUser) -> Result<Self, PageError> {
        Ok(Self {
            csrf: user.csrf().to_owned(),
            tokens: access_tokens::list(&state.core.db, user.id).await?,
            mcp_url: format!("{}/mcp", state.core.config.public_url),
            created: None,
            notice: None,
            error: None,
        })
    }
}

fn when(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[derive(Deserialize)]
struct TokensQuery {
    notice: Option<String>,
}

async fn tokens_page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<TokensQuery>,
) -> PageResult {
    let mut page = TokensPage::load(&state, &user).await?;
    // Notices come from this fixed set, never from the URL's text.
    page.notice = match q.notice.as_deref() {
        Some("revoked") => Some("Token revoked."),
        Some("imported") => Some("Tasks imported."),
        _ => None,
    };
    Ok(page.into_response())
}

#[derive(Deserialize)]
struct NewTokenForm {
    csrf: String,
    name: String,
}

async fn create(State(state): State<AppState>, user: PageUser, Form(form): Form<NewTokenForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let created = match TokenName::parse(&form.name) {
        Ok(name) => access_tokens::create(&state.core.db, user.id, &name).await,
        Err(e) => Err(e),
    };
    let mut page = TokensPage::load(&state, &user).await?;
    match created {
        Ok(created) => {
            page.created = Some(created.secret.expose_secret().to_owned());
            Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
        }
        Err(e) => {
            let e = ApiError::from(e);
            if e.status().is_server_error() {
                return Err(e.into());
            }
            let status = e.status();
            page.error = Some(e.message().to_owned());
            Err(PageError::page((status, page)))
        }
    }
}

async fn revoke(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let id = id.parse().map_err(|_| ApiError::not_found("token"))?;
    if access_tokens::revoke(&state.core.db, user.id, id).await? {
        Ok(Redirect::to("/app/tokens?notice=revoked").into_response())
    } else {
        Err(ApiError::not_found("token").into())
    }
}
