//! Sign-up, log-in and log-out pages, and the session cookie.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::State,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;
use tasklink_core::{
    sessions::{self, SESSION_TTL_HOURS},
    tokens::Issued,
};

use super::{CsrfForm, Forbidden, PageError, PageResult, check_csrf};
use crate::{
    AppState, auth,
    error::ApiError,
    extract::{ClientAddr, PageUser, session_cookie},
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/signup", get(signup_page).post(signup))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
}

#[derive(Template, WebTemplate)]
#[template(path = "auth.html")]
struct AuthPage {
    heading: &'static str,
    action: &'static str,
    email: String,
    error: Option<String>,
}

impl AuthPage {
    fn signup() -> Self {
        Self {
            heading: "Sign up",
            action: "/signup",
            email: String::new(),
            error: None,
        }
    }

    fn login() -> Self {
        Self {
            heading: "Log in",
            action: "/login",
            email: String::new(),
            error: None,
        }
    }

    fn failed(mut self, email: String, error: ApiError) -> Response {
        let status = error.status();
        self.email = email;
        self.error = Some(error.message().to_owned());
        (status, self).into_response()
    }
}

#[derive(Deserialize)]
struct CredentialsForm {
    email: String,
    password: String,
}

async fn signup_page() -> AuthPage {
    AuthPage::signup()
}

async fn login_page() -> AuthPage {
    AuthPage::login()
}

async fn signup(
    State(state): State<AppState>,
    from: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<CredentialsForm>,
) -> PageResult {
    check_origin(&state, &headers)?;
    match auth::sign_up(&state, &from, &form.email, form.password).await {
        Ok((_, session)) => Ok(signed_in(&state, &session)),
        Err(e) => Err(PageError::page(AuthPage::signup().failed(form.email, e))),
    }
}

async fn login(
    State(state): State<AppState>,
    from: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<CredentialsForm>,
) -> PageResult {
    check_origin(&state, &headers)?;
    match auth::log_in(&state, &from, &form.email, &form.password).await {
        Ok((_, session)) => Ok(signed_in(&state, &session)),
        Err(e) => Err(PageError::page(AuthPage::login().failed(form.email, e))),
    }
}

/// Sets the session cookie and goes to the dashboard.
fn signed_in(state: &AppState, session: &Issued) -> Response {
    let max_age = SESSION_TTL_HOURS * 3600;
    let name = session_cookie(&state.core.config);
    cookie_response(state, format!("{name}={}; Max-Age={max_age}", session.token))
}

fn cookie_response(state: &AppState, cookie: String) -> Response {
    let secure = if state.core.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!("{cookie}; Path=/; HttpOnly; SameSite=Lax{secure}");
    let mut response = Redirect::to(if cookie.contains("Max-Age=0") { "/" } else { "/app" }).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn logout(State(state): State<AppState>, user: PageUser, Form(form): Form<CsrfForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    sessions::revoke(&state.core.db, &user.session).await?;
    Ok(signed_out(&state))
}

/// Clears the session cookie and goes to the landing page.
pub(super) fn signed_out(state: &AppState) -> Response {
    let name = session_cookie(&state.core.config);
    cookie_response(state, format!("{name}=; Max-Age=0"))
}

/// Log-in and sign-up forms carry no session yet, so they are checked by origin:
/// a browser posting from another site says so in `Origin` (or `Referer`).
pub(super) fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<(), Forbidden> {
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(source) = source else { return Ok(()) };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let public = &state.core.config.public_url;
    let same = |base: &str| source == base || source.starts_with(&format!("{base}/"));
    if same(public) || same(&format!("http://{host}")) || same(&format!("https://{host}")) {
        Ok(())
    } else {
        Err(Forbidden)
    }
}
