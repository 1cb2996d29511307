//! `GET /api/export` (JSON, or `?format=csv`) and `POST /api/import` (that
//! JSON, or CSV with the documented header), all or nothing.

use axum::{
    Json,
    body::{Body, to_bytes},
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;
use tasklink_core::export::{self, MAX_IMPORT_BYTES};

use super::{
    schemas::{self, ErrorBody, Imported},
    time::zone_of,
};
use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiQuery, ApiUser},
};

#[derive(Deserialize)]
pub(crate) struct ExportQuery {
    format: Option<String>,
}

/// Export every task and the settings
#[utoipa::path(get, path = "/api/export", tag = "data", operation_id = "export", security(("bearer" = [])),
    params(("format" = Option<String>, Query, description = "`json` (default) or `csv`")),
    responses(
        (status = 200, description = "A download: JSON (`tasklink-export`, version 1: the settings and every field of every task), or CSV with the header `title,description,due,priority,tags,completed,repeat` (RFC 4180; tags separated by spaces; `due` as in the JSON). CSV is the spreadsheet subset: it leaves out the settings, `repeat_from` and reminders.",
            content((schemas::Export = "application/json"), (String = "text/csv"))),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 422, description = "Unknown format", body = ErrorBody),
    ),
)]
pub(crate) async fn export(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> Result<Response> {
    let document = export::export(&state.core.db, caller.id).await?;
    match q.format.as_deref() {
        None | Some("json") => Ok((
            [(
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tasklink.json\"",
            )],
            Json(document),
        )
            .into_response()),
        Some("csv") => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"tasklink.csv\"",
                ),
            ],
            export::to_csv(&document),
        )
            .into_response()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_query",
            "format is json or csv",
        )
        .with_field("format")),
    }
}

/// Import tasks
///
/// The export's JSON, or CSV with its header (a UTF-8 byte-order mark is
/// fine; optional `repeat_from` and `remind` columns may follow). Each field is
/// read as `POST /api/tasks` reads it; a `due` without a zone is in the
/// caller's zone. The JSON's settings are applied. All or nothing: an error
/// names the line (CSV, the header is line 1) or the task (JSON, from 1) and
/// the field, and nothing is imported. At most 5 MB and 10,000 tasks; imported
/// tasks get new numbers. Reminders already past are kept as missed: they are
/// not sent when over a day old.
#[utoipa::path(post, path = "/api/import", tag = "data", operation_id = "import", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "or application/json, the export's format"),
    responses(
        (status = 201, description = "Imported", body = Imported),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 413, description = "Over 5 MB (`payload_too_large`) or over 10,000 tasks (`too_many_tasks`)", body = ErrorBody),
        (status = 415, description = "Neither application/json nor text/csv", body = ErrorBody),
        (status = 422, description = "A line or field is invalid (`field` names it), the CSV header lacks a column, or the JSON is another format version (`unsupported_version`); nothing was imported", body = ErrorBody),
    ),
)]
pub(crate) async fn import(
    State(state): State<AppState>,
    caller: ApiUser,
    headers: HeaderMap,
    body: Body,
) -> Result<impl IntoResponse> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let csv = if content_type.starts_with("application/json") {
        false
    } else if content_type.starts_with("text/csv") {
        true
    } else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send application/json (a Tasklink export) or text/csv",
        ));
    };
    let bytes = to_bytes(body, MAX_IMPORT_BYTES).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("an import is at most {} MB", MAX_IMPORT_BYTES / (1024 * 1024)),
        )
    })?;
    let zone = zone_of(&state, &caller).await?;
    let now = state.core.clock.now();
    let parsed = if csv {
        export::parse_csv(&bytes, now, &zone)?
    } else {
        export::parse_json(&bytes, now, &zone)?
    };
    let imported = export::import(&state.core.db, caller.id, parsed, now).await?;
    tracing::info!(user = %caller.id, imported, "tasks imported");
    Ok((StatusCode::CREATED, Json(json!({ "imported": imported }))))
}
