//! `/api/tasks`: the caller's list, addressed by per-user number.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Deserialize;
use serde_json::{Value, json};
use tasklink_core::tasks::{self, Task, TaskChanges, TaskDescription, TaskFilter, TaskNumber, TaskTitle};
use utoipa::{IntoParams, ToSchema};

use super::schemas::{self, ErrorBody, TaskList};
use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Which tasks: `all` (the default), `pending` or `completed`.
    #[param(inline, value_type = Option<schemas::StatusFilter>)]
    status: Option<String>,
}

/// The caller's tasks
#[utoipa::path(get, path = "/api/tasks", tag = "tasks", operation_id = "list_tasks", security(("bearer" = [])), params(ListQuery), responses(
    (status = 200, description = "Tasks in number order", body = TaskList),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
    (status = 422, description = "Unknown filter", body = ErrorBody),
))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Value>> {
    let filter: TaskFilter = query.status.as_deref().unwrap_or("all").parse()?;
    let tasks = tasks::list(&state.core.db, caller.id, filter).await?;
    Ok(Json(json!({"count": tasks.len(), "tasks": tasks})))
}

#[derive(Deserialize, ToSchema)]
pub(crate) struct NewTask {
    /// 1 to 200 characters after trimming.
    #[schema(min_length = 1, max_length = 200)]
    title: String,
    /// At most 1000 characters.
    #[schema(max_length = 1000)]
    description: Option<String>,
}

/// Add a task
#[utoipa::path(post, path = "/api/tasks", tag = "tasks", operation_id = "create_task", security(("bearer" = [])), request_body = NewTask, responses(
    (status = 201, description = "Added", body = schemas::Task),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
    (status = 422, description = "Invalid title or description", body = ErrorBody),
))]
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

/// The fields to change; the others stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaskPatch {
    #[schema(min_length = 1, max_length = 200)]
    title: Option<String>,
    #[schema(max_length = 1000)]
    description: Option<String>,
    completed: Option<bool>,
}

/// Change a task
#[utoipa::path(patch, path = "/api/tasks/{number}", tag = "tasks", operation_id = "update_task", security(("bearer" = [])),
    params(("number" = i64, Path, description = "The task's number (3 for #3)")),
    request_body = TaskPatch,
    responses(
        (status = 200, description = "The changed task", body = schemas::Task),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 404, description = "Not one of the caller's tasks", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody),
    ),
)]
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

/// Delete a task
///
/// Its number is not reused.
#[utoipa::path(delete, path = "/api/tasks/{number}", tag = "tasks", operation_id = "delete_task", security(("bearer" = [])),
    params(("number" = i64, Path, description = "The task's number (3 for #3)")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 404, description = "Not one of the caller's tasks", body = ErrorBody),
    ),
)]
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
