//! `/api/tasks`: the caller's list, addressed by per-user number. Times are
//! read (ISO 8601 or a phrase) and shown in the caller's zone.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Deserialize;
use tasklink_core::{
    tasks::{
        self, Completion, CursorKey, FieldText, RawTaskQuery, Task, TaskChanges, TaskDescription, TaskNumber,
        TaskPage, TaskQuery, TaskTitle,
    },
    time::resolve_when,
};

use super::time::{nullable, zone_of};
use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiPath, ApiQuery, ApiUser},
};

/// `GET /api/tasks`: filters, search, sort and cursor pages; `count` is every match.
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiQuery(raw): ApiQuery<RawTaskQuery>,
) -> Result<Json<TaskPage>> {
    let query = TaskQuery::parse(&raw)?;
    let zone = zone_of(&state, &caller).await?;
    let now = state.core.clock.now();
    let keys = CursorKey::new(state.core.config.jwt_secret_bytes());
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
#[derive(Deserialize, Default)]
pub(crate) struct FieldsBody {
    #[serde(default, deserialize_with = "nullable")]
    due: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    priority: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    tags: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "nullable")]
    repeat: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    repeat_from: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewTask {
    title: String,
    description: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    due: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    priority: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    tags: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "nullable")]
    repeat: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    repeat_from: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    remind: Option<Option<String>>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaskPatch {
    title: Option<String>,
    description: Option<String>,
    completed: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    due: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    priority: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    tags: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "nullable")]
    repeat: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    repeat_from: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    remind: Option<Option<String>>,
}

/// Changes what is given; `completed: true` on a repeating task moves it to
/// its next occurrence (it stays open), as in every other surface.
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SnoozeBody {
    /// A time or a duration: `2026-11-27T09:00`, `tomorrow 9am`, `1h`.
    until: String,
}

/// Moves the current occurrence's reminder.
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
