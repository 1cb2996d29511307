//! `/api/tasks`: the caller's list, addressed by per-user number. Times are
//! read (ISO 8601 or a phrase) and shown in the caller's zone.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Deserialize;
use tasklink_core::{
    tasks::{
        self, Completion, FieldText, RawTaskQuery, Task, TaskChanges, TaskDescription, TaskNumber, TaskPage,
        TaskQuery, TaskTitle,
    },
    time::resolve_when,
};

use utoipa::{IntoParams, ToSchema};

use super::{
    schemas::{self, ErrorBody, TaskList},
    time::{nullable, zone_of},
};
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
    /// Words to find in the title or the description (each word, any case).
    #[param(max_length = 200)]
    q: Option<String>,
    /// One tag, with or without `#`.
    tag: Option<String>,
    /// `high`, `medium`, `low` or `none` (also `p1`..`p3`).
    #[param(inline, value_type = Option<schemas::Priority>)]
    priority: Option<String>,
    /// Days in the caller's zone.
    #[param(inline, value_type = Option<schemas::DueFilter>)]
    due: Option<String>,
    /// Default `number`; ties go by number.
    #[param(inline, value_type = Option<schemas::SortOrder>)]
    sort: Option<String>,
    /// 1 to 500; default 100.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    limit: Option<String>,
    /// `next_cursor` of the page before, with the same filters and sort.
    cursor: Option<String>,
}

/// The caller's tasks
///
/// Filters, search, sort and pages; `count` is every match, `next_cursor` the next page.
#[utoipa::path(get, path = "/api/tasks", tag = "tasks", operation_id = "list_tasks", security(("bearer" = [])), params(ListQuery), responses(
    (status = 200, description = "One page of tasks", body = TaskList),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
    (status = 422, description = "A parameter that cannot be used (`field` names it), including a cursor that was not given out", body = ErrorBody),
))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<TaskPage>> {
    let raw = RawTaskQuery {
        status: q.status,
        q: q.q,
        tag: q.tag,
        priority: q.priority,
        due: q.due,
        sort: q.sort,
        limit: q.limit,
        cursor: q.cursor,
    };
    let query = TaskQuery::parse(&raw)?;
    let zone = zone_of(&state, &caller).await?;
    let now = state.core.clock.now();
    let keys = state.core.cursor_key();
    let db = &state.core.db;
    let mut page = tasks::list_page(db, &keys, caller.id, &query, now, &zone).await?;
    if page.tasks.is_empty() && query.cursor.is_some() {
        // Past the end (the tasks after the cursor were deleted): still say how many match.
        page.count = tasks::query::count(db, caller.id, &query, now, &zone).await?;
    }
    page.tasks = page.tasks.into_iter().map(|t| t.shown_in(&zone)).collect();
    Ok(Json(page))
}

/// The time and order fields of a request body: absent keeps, `null` clears.
struct FieldsBody {
    due: Option<Option<String>>,
    priority: Option<Option<String>>,
    tags: Option<Option<Vec<String>>>,
    repeat: Option<Option<String>>,
    repeat_from: Option<Option<String>>,
    remind: Option<Option<String>>,
}

impl FieldsBody {
    fn text(self) -> FieldText {
        FieldText {
            due: self.due,
            priority: self.priority,
            tags: self.tags.map(Option::unwrap_or_default),
            repeat: self.repeat,
            repeat_from: self.repeat_from,
            remind: self.remind,
        }
    }
}

/// A new task. `due` and `remind` take ISO 8601 (`2026-11-27T18:00` is the
/// caller's local time) or a phrase ("tomorrow 6pm", "30m before"); `repeat`
/// an RRULE or a phrase ("every other monday").
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewTask {
    /// 1 to 200 characters after trimming.
    #[schema(min_length = 1, max_length = 200)]
    title: String,
    /// At most 1000 characters.
    #[schema(max_length = 1000)]
    description: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    due: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<schemas::Priority>, nullable)]
    priority: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<String>>, nullable, max_items = 10)]
    tags: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    repeat: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<schemas::RepeatFrom>, nullable)]
    repeat_from: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    remind: Option<Option<String>>,
}

/// Add a task
#[utoipa::path(post, path = "/api/tasks", tag = "tasks", operation_id = "create_task", security(("bearer" = [])), request_body = NewTask, responses(
    (status = 201, description = "Added", body = schemas::Task),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
    (status = 422, description = "Invalid field (`field` names it): title, description, due, priority, tags, repeat, repeat_from, remind", body = ErrorBody),
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
    let fields = FieldsBody {
        due: body.due,
        priority: body.priority,
        tags: body.tags,
        repeat: body.repeat,
        repeat_from: body.repeat_from,
        remind: body.remind,
    }
    .text();
    let zone = zone_of(&state, &caller).await?;
    let now = state.core.clock.now();
    let fields = fields.resolve_new(now, &zone)?;
    let task = tasks::add_with_fields(
        &state.core.db,
        caller.id,
        &title,
        description.as_ref(),
        &fields,
        &zone,
        now,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(task.shown_in(&zone))))
}

/// The fields to change; the others stay as they are; `null` clears.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaskPatch {
    #[schema(min_length = 1, max_length = 200)]
    title: Option<String>,
    #[schema(max_length = 1000)]
    description: Option<String>,
    /// `true` on a repeating task moves it to its next occurrence.
    completed: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    due: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<schemas::Priority>, nullable)]
    priority: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Vec<String>>, nullable, max_items = 10)]
    tags: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    repeat: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<schemas::RepeatFrom>, nullable)]
    repeat_from: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    remind: Option<Option<String>>,
}

/// Change a task
///
/// `completed: true` on a repeating task moves it to its next occurrence (it
/// stays open), as on every other surface.
#[utoipa::path(patch, path = "/api/tasks/{number}", tag = "tasks", operation_id = "update_task", security(("bearer" = [])),
    params(("number" = i64, Path, description = "The task's number (3 for #3)")),
    request_body = TaskPatch,
    responses(
        (status = 200, description = "The changed task", body = schemas::Task),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 404, description = "Not one of the caller's tasks", body = ErrorBody),
        (status = 422, description = "Invalid field (`field` names it)", body = ErrorBody),
    ),
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(number): ApiPath<String>,
    ApiJson(body): ApiJson<TaskPatch>,
) -> Result<Json<Task>> {
    let number = parse_number(&number)?;
    let db = &state.core.db;
    let changes = TaskChanges {
        title: body.title.as_deref().map(TaskTitle::parse).transpose()?,
        description: body
            .description
            .as_deref()
            .map(TaskDescription::parse)
            .transpose()?,
        completed: None,
    };
    let fields = FieldsBody {
        due: body.due,
        priority: body.priority,
        tags: body.tags,
        repeat: body.repeat,
        repeat_from: body.repeat_from,
        remind: body.remind,
    }
    .text();
    if changes.title.is_none()
        && changes.description.is_none()
        && fields.is_empty()
        && body.completed.is_none()
    {
        return Err(tasks::TaskError::NothingToUpdate.into());
    }
    let zone = zone_of(&state, &caller).await?;
    let now = state.core.clock.now();
    // Everything is read before anything is written, so a bad field changes nothing.
    let fields = fields.resolve(now, &zone)?;
    let mut task = tasks::get(db, caller.id, number).await?;
    if changes.title.is_some() || changes.description.is_some() {
        task = tasks::update(db, caller.id, number, changes).await?;
    }
    if !fields.is_empty() {
        task = tasks::update_fields(db, caller.id, number, fields, &zone, now).await?;
    }
    match body.completed {
        Some(true) if !task.completed => {
            task = match tasks::complete_occurrence(db, caller.id, number, task.due_local, now).await? {
                Completion::Completed(t) | Completion::Rescheduled(t) => t,
            };
        }
        Some(completed) if completed != task.completed => {
            let reopen = TaskChanges {
                completed: Some(completed),
                ..TaskChanges::default()
            };
            task = tasks::update(db, caller.id, number, reopen).await?;
        }
        _ => {}
    }
    Ok(Json(task.shown_in(&zone)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SnoozeBody {
    /// A time or a duration: `2026-11-27T09:00`, `tomorrow 9am`, `1h`.
    until: String,
}

/// Snooze a task's reminder
///
/// Moves only the current occurrence's reminder.
#[utoipa::path(post, path = "/api/tasks/{number}/snooze", tag = "tasks", operation_id = "snooze_task", security(("bearer" = [])),
    params(("number" = i64, Path, description = "The task's number (3 for #3)")),
    request_body = SnoozeBody,
    responses(
        (status = 200, description = "The task with its new `remind_at`", body = schemas::Task),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 404, description = "Not one of the caller's tasks", body = ErrorBody),
        (status = 422, description = "`until` is not a time or a duration", body = ErrorBody),
    ),
)]
pub(crate) async fn snooze(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(number): ApiPath<String>,
    ApiJson(body): ApiJson<SnoozeBody>,
) -> Result<Json<Task>> {
    let number = parse_number(&number)?;
    let zone = zone_of(&state, &caller).await?;
    let until = resolve_when(&body.until, state.core.clock.now(), &zone)
        .map_err(|error| tasks::TaskError::Time {
            field: "until",
            error,
        })?
        .instant(&zone);
    let task = tasks::snooze(&state.core.db, caller.id, number, until).await?;
    Ok(Json(task.shown_in(&zone)))
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
