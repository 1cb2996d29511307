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

use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiQuery, ApiUser},
};

#[derive(Deserialize)]
pub(crate) struct ExportQuery {
    format: Option<String>,
}

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

/// 201 `{imported}`; nothing is imported when any task is refused.
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
    let tasks = if csv {
        export::parse_csv(&bytes)?
    } else {
        export::parse_json(&bytes)?
    };
    let imported = export::import(&state.core.db, caller.id, tasks).await?;
    tracing::info!(user = %caller.id, imported, "tasks imported");
    Ok((StatusCode::CREATED, Json(json!({ "imported": imported }))))
}
