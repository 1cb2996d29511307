//! `/api/tasks`: the caller's list, addressed by per-user number.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Deserialize;
use serde_json::{Value, json};
use tasklink_core::tasks::{self, Task, TaskChanges, TaskDescription, TaskFilter, TaskNumber, TaskTitle};

use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
};

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    status: Option<String>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Value>> {
    let filter: TaskFilter = query.status.as_deref().unwrap_or("all").parse()?;
    let tasks = tasks::list(&state.core.db, caller.id, filter).await?;
    Ok(Json(json!({"count": tasks.len(), "tasks": tasks})))
}

#[derive(Deserialize)]
pub(crate) struct NewTask {
    title: String,
    description: Option<String>,
}

pub(crate) async fn create(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiJson(body): ApiJson<NewTask>,
) -> Result<impl IntoResponse> {
    let title = TaskTitle::parse(&body.title)?;
    let description = body
        .description
        .as_deref()
        .map(TaskDescription::parse)
        .transpose()?;
    let task = tasks::add(&state.core.db, caller.id, &title, description.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(task)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaskPatch {
    title: Option<String>,
    description: Option<String>,
    completed: Option<bool>,
}

pub(crate) async fn update(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(number): ApiPath<String>,
    ApiJson(body): ApiJson<TaskPatch>,
) -> Result<Json<Task>> {
    let number = parse_number(&number)?;
    let changes = TaskChanges {
        title: body.title.as_deref().map(TaskTitle::parse).transpose()?,
        description: body
            .description
            .as_deref()
            .map(TaskDescription::parse)
            .transpose()?,
        completed: body.completed,
    };
    Ok(Json(
        tasks::update(&state.core.db, caller.id, number, changes).await?,
    ))
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(number): ApiPath<String>,
) -> Result<StatusCode> {
    tasks::delete(&state.core.db, caller.id, parse_number(&number)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A number that is not one cannot name any of the caller's tasks.
fn parse_number(raw: &str) -> Result<TaskNumber> {
    raw.parse().map_err(|_| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "task_not_found",
            format!("task {raw} not found"),
        )
    })
}
