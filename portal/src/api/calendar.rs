//! `GET /ical/{feed_token}.ics` (the calendar feed, for calendar apps) and
//! `POST /api/settings/ical-token` (rotating its secret).

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};
use tasklink_core::calendar;

use super::schemas::{ErrorBody, IcalUrl};
use crate::{
    AppState,
    error::Result,
    extract::{ApiPath, SessionUser},
};

/// The calendar feed
///
/// An RFC 5545 calendar of the open tasks with a due date, for calendar
/// subscriptions: one VEVENT per task (a date as `DTSTART;VALUE=DATE`, a time
/// as `DTSTART;TZID=<zone>` with a VTIMEZONE, or UTC), `RRULE` for repeats,
/// `CATEGORIES` for tags, `PRIORITY` 1/5/9. Completed tasks are left out.
/// `Cache-Control: private, max-age=300` and a strong `ETag`; `If-None-Match`
/// answers 304. A wrong token is a plain 404 that says nothing about why.
#[utoipa::path(get, path = "/ical/{file}", tag = "data", operation_id = "calendar_feed",
    params(("file" = String, Path, description = "`<feed token>.ics`, from the settings")),
    responses(
        (status = 200, description = "text/calendar", content_type = "text/calendar"),
        (status = 304, description = "Unchanged since the ETag sent"),
        (status = 404, description = "No such feed"),
    ),
)]
pub(crate) async fn feed(
    State(state): State<AppState>,
    ApiPath(file): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let not_found = || (StatusCode::NOT_FOUND, "not found").into_response();
    let Some(token) = file.strip_suffix(".ics") else {
        return Ok(not_found());
    };
    let Some(user) = calendar::owner(&state.core.db, token).await? else {
        return Ok(not_found());
    };
    let config = &state.core.config;
    let host = config.public_url.url().host_str().unwrap_or("tasklink");
    let body = calendar::feed(&state.core.db, user, host, state.core.clock.now()).await?;
    let etag = calendar::etag(&body);
    let cache = [
        (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
        (header::ETAG, etag.clone()),
    ];
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((
        cache,
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response())
}

/// Rotate the calendar feed's address
///
/// The old address stops working. Needs a session: the feed token is a credential.
#[utoipa::path(post, path = "/api/settings/ical-token", tag = "data", operation_id = "rotate_ical_token", security(("bearer" = [])),
    responses(
        (status = 200, description = "The new address", body = IcalUrl),
        (status = 401, description = "No valid bearer token", body = ErrorBody),
        (status = 403, description = "A personal access token cannot rotate it", body = ErrorBody),
    ),
)]
pub(crate) async fn rotate(State(state): State<AppState>, caller: SessionUser) -> Result<Json<Value>> {
    let token = calendar::rotate(&state.core.db, caller.id).await?;
    let url = calendar::feed_url(&state.core.config.public_url, &token);
    Ok(Json(json!({ "ical_url": url })))
}
