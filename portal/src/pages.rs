//! The HTML portal: landing, sign-up, log-in, the dashboard and the web chat.
//! Plain forms that work without JavaScript; every form post is checked
//! against cross-site request forgery.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;
use tasklink_core::{
    conversations::{self, Message},
    linking::{self, LinkedAccount},
    sessions::{self, SESSION_TTL_HOURS},
    tasks::{self, Task, TaskChanges, TaskDescription, TaskFilter, TaskNumber, TaskTitle},
    tokens::Issued,
};
use uuid::Uuid;

use crate::{
    AppState,
    api::{LinkOffer, chat::turn},
    auth,
    error::ApiError,
    extract::{ClientAddr, MaybePageUser, PageUser, SESSION_COOKIE},
};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(landing))
        .route("/signup", get(signup_page).post(signup))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/app", get(dashboard))
        .route("/app/tasks", post(add_task))
        .route("/app/tasks/{number}/{action}", post(task_action))
        .route("/app/link-token", post(link_token))
        .route("/app/links/{id}/unlink", post(unlink))
        .route("/app/chat", get(chat_page).post(chat_send))
        .route("/static/app.css", get(stylesheet))
}

type PageResult = Result<Response, Response>;

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    message: String,
}

/// An error as a page: the status and a sentence, never internals.
fn error_page(e: ApiError) -> Response {
    let status = e.status();
    let page = ErrorPage {
        status: status.as_u16(),
        message: e.message().to_owned(),
    };
    (status, page).into_response()
}

// ------------------------------------------------------------------ landing

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
        include_str!("../static/app.css"),
    )
}

// ------------------------------------------------------------------ sign-up, log-in, log-out

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
        Err(e) => Err(AuthPage::signup().failed(form.email, e)),
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
        Err(e) => Err(AuthPage::login().failed(form.email, e)),
    }
}

/// Sets the session cookie and goes to the dashboard.
fn signed_in(state: &AppState, session: &Issued) -> Response {
    let max_age = SESSION_TTL_HOURS * 3600;
    cookie_response(
        state,
        format!("{SESSION_COOKIE}={}; Max-Age={max_age}", session.token),
    )
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

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(State(state): State<AppState>, user: PageUser, Form(form): Form<CsrfForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    sessions::revoke(&state.core.db, &user.session)
        .await
        .map_err(|e| error_page(e.into()))?;
    Ok(cookie_response(&state, format!("{SESSION_COOKIE}=; Max-Age=0")))
}

/// Log-in and sign-up forms carry no session yet, so they are checked by origin:
/// a browser posting from another site says so in `Origin` (or `Referer`).
fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<(), Forbidden> {
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

fn check_csrf(user: &PageUser, token: &str) -> Result<(), Forbidden> {
    if token == user.csrf() {
        Ok(())
    } else {
        Err(Forbidden)
    }
}

/// A form post that did not come from our own pages.
struct Forbidden;

impl From<Forbidden> for Response {
    fn from(_: Forbidden) -> Self {
        error_page(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "This form was not sent from Tasklink. Reload the page and try again.",
        ))
    }
}

// ------------------------------------------------------------------ dashboard

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
struct Dashboard {
    email: String,
    csrf: String,
    tasks: Vec<Task>,
    filter: &'static str,
    filters: [(&'static str, &'static str); 3],
    links: Vec<LinkedAccount>,
    offer: Option<LinkOffer>,
    notice: Option<&'static str>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct DashboardQuery {
    status: Option<String>,
    notice: Option<String>,
}

async fn dashboard(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    let filter = q
        .status
        .as_deref()
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let mut page = render_dashboard(&state, &user, filter).await?;
    page.notice = q.notice.as_deref().and_then(notice_text);
    Ok(page.into_response())
}

/// Notices after a redirect come from this fixed set, never from the URL's text.
fn notice_text(key: &str) -> Option<&'static str> {
    Some(match key {
        "added" => "Task added.",
        "completed" => "Task completed.",
        "updated" => "Task updated.",
        "deleted" => "Task deleted.",
        "unlinked" => "Chat account unlinked.",
        _ => return None,
    })
}

async fn render_dashboard(
    state: &AppState,
    user: &PageUser,
    filter: TaskFilter,
) -> Result<Dashboard, Response> {
    let db = &state.core.db;
    let account = tasklink_core::accounts::find(db, user.id)
        .await
        .map_err(|e| error_page(e.into()))?;
    let tasks = tasks::list(db, user.id, filter)
        .await
        .map_err(|e| error_page(e.into()))?;
    let links = linking::list(db, user.id)
        .await
        .map_err(|e| error_page(e.into()))?;
    Ok(Dashboard {
        email: account.email,
        csrf: user.csrf().to_owned(),
        tasks,
        filter: filter.as_str(),
        filters: [("all", "All"), ("pending", "Pending"), ("completed", "Completed")],
        links,
        offer: None,
        notice: None,
        error: None,
    })
}

/// The dashboard again with an error, for a form that could not be applied.
async fn dashboard_error(state: &AppState, user: &PageUser, error: ApiError) -> Response {
    let status = error.status();
    match render_dashboard(state, user, TaskFilter::All).await {
        Ok(mut page) => {
            page.error = Some(error.message().to_owned());
            (status, page).into_response()
        }
        Err(page) => page,
    }
}

#[derive(Deserialize)]
struct TaskForm {
    csrf: String,
    title: Option<String>,
    description: Option<String>,
}

async fn add_task(State(state): State<AppState>, user: PageUser, Form(form): Form<TaskForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let title = form.title.as_deref().unwrap_or_default();
    let added = async {
        let title = TaskTitle::parse(title)?;
        let description = form
            .description
            .as_deref()
            .map(TaskDescription::parse)
            .transpose()?;
        tasks::add(&state.core.db, user.id, &title, description.as_ref()).await
    };
    match added.await {
        Ok(_) => Ok(Redirect::to("/app?notice=added").into_response()),
        Err(e) => Err(dashboard_error(&state, &user, e.into()).await),
    }
}

async fn task_action(
    State(state): State<AppState>,
    user: PageUser,
    Path((number, action)): Path<(String, String)>,
    Form(form): Form<TaskForm>,
) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let db = &state.core.db;
    let done = async {
        let number: TaskNumber = number.parse()?;
        match action.as_str() {
            "complete" => tasks::complete(db, user.id, number).await.map(|_| "completed"),
            "delete" => tasks::delete(db, user.id, number).await.map(|_| "deleted"),
            "edit" => {
                let changes = TaskChanges {
                    title: form.title.as_deref().map(TaskTitle::parse).transpose()?,
                    description: form
                        .description
                        .as_deref()
                        .map(TaskDescription::parse)
                        .transpose()?,
                    completed: None,
                };
                tasks::update(db, user.id, number, changes)
                    .await
                    .map(|_| "updated")
            }
            _ => Err(tasks::TaskError::NotFound(number)),
        }
    };
    match done.await {
        Ok(notice) => Ok(Redirect::to(&format!("/app?notice={notice}")).into_response()),
        Err(e) => Err(dashboard_error(&state, &user, e.into()).await),
    }
}

async fn link_token(State(state): State<AppState>, user: PageUser, Form(form): Form<CsrfForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let token = linking::issue(&state.core.db, &state.core.tokens, user.id)
        .await
        .map_err(|e| error_page(e.into()))?;
    let mut page = render_dashboard(&state, &user, TaskFilter::All).await?;
    page.offer = Some(LinkOffer::new(
        token,
        state.core.config.telegram_bot_username.as_deref(),
    ));
    // The token is a secret: keep it out of caches and history.
    Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
}

async fn unlink(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let id = id.parse().map_err(|_| error_page(ApiError::not_found("link")))?;
    match linking::unlink(&state.core.db, user.id, id).await {
        Ok(true) => Ok(Redirect::to("/app?notice=unlinked").into_response()),
        Ok(false) => Err(error_page(ApiError::not_found("link"))),
        Err(e) => Err(error_page(e.into())),
    }
}

// ------------------------------------------------------------------ web chat

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
        Some(id) => conversations::history(&state.core.db, user.id, id)
            .await
            .map_err(|e| error_page(e.into()))?,
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
            Err((status, page).into_response())
        }
    }
}
