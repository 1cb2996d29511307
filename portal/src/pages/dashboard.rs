//! The dashboard: the task list with its forms, and linking chat accounts.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;
use tasklink_core::{
    linking::{self, LinkedAccount},
    tasks::{self, Task, TaskChanges, TaskDescription, TaskFilter, TaskNumber, TaskTitle},
};

use super::{CsrfForm, PageError, PageResult, check_csrf};
use crate::{
    AppState,
    api::{LinkOffer, links},
    error::ApiError,
    extract::PageUser,
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/app", get(dashboard))
        .route("/app/tasks", post(add_task))
        .route("/app/tasks/{number}/{action}", post(task_action))
        .route("/app/link-token", post(link_token))
        .route("/app/links/{id}/unlink", post(unlink))
}

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

async fn render_dashboard(state: &AppState, user: &PageUser, filter: TaskFilter) -> PageResult<Dashboard> {
    let db = &state.core.db;
    let account = tasklink_core::accounts::find(db, user.id).await?;
    let tasks = tasks::list(db, user.id, filter).await?;
    let links = linking::list(db, user.id).await?;
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
        Err(page) => page.into_response(),
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
        Err(e) => Err(PageError::page(dashboard_error(&state, &user, e.into()).await)),
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
        Err(e) => Err(PageError::page(dashboard_error(&state, &user, e.into()).await)),
    }
}

async fn link_token(State(state): State<AppState>, user: PageUser, Form(form): Form<CsrfForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let offer = links::offer(&state, user.id).await?;
    let mut page = render_dashboard(&state, &user, TaskFilter::All).await?;
    page.offer = Some(offer);
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
    let id = id.parse().map_err(|_| ApiError::not_found("link"))?;
    match linking::unlink(&state.core.db, user.id, id).await {
        Ok(true) => Ok(Redirect::to("/app?notice=unlinked").into_response()),
        Ok(false) => Err(ApiError::not_found("link").into()),
        Err(e) => Err(e.into()),
    }
}
