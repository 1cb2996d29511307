//! The time routes: `/api/agenda`, `/api/settings`, `/api/parse`. Times are
//! read and shown in the caller's zone.

use axum::{Json, extract::State};
use serde::{Deserialize, Deserializer, Serialize};
use tasklink_core::{
    calendar,
    quickadd::{self, Reading},
    reminders,
    tasks::{self, Agenda},
    time::{
        TimeZone, Timestamp,
        settings::{self, SettingsText, TimeSettings},
    },
};

use utoipa::ToSchema;

use super::schemas::{self, ErrorBody};
use crate::{
    AppState,
    error::{ApiError, Result},
    extract::{ApiJson, ApiUser},
};

/// `Some(None)` for an explicit `null`, `None` when the field is absent.
pub(crate) fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The caller's zone (UTC until they set one).
pub(crate) async fn zone_of(state: &AppState, caller: &ApiUser) -> Result<TimeZone> {
    Ok(settings::load(&state.core.db, caller.id).await?.zone())
}

/// The agenda
///
/// Open tasks that are overdue, due today, and due in the next 7 days, in the
/// caller's zone; and the open tasks whose current reminder reached none of
/// the caller's chat accounts.
#[utoipa::path(get, path = "/api/agenda", tag = "time", operation_id = "agenda", security(("bearer" = [])), responses(
    (status = 200, description = "The agenda", body = schemas::Agenda),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
))]
pub(crate) async fn agenda(State(state): State<AppState>, caller: ApiUser) -> Result<Json<AgendaBody>> {
    let zone = zone_of(&state, &caller).await?;
    let mut agenda = tasks::agenda(&state.core.db, caller.id, state.core.clock.now(), &zone).await?;
    for section in [&mut agenda.overdue, &mut agenda.today, &mut agenda.upcoming] {
        let shown = std::mem::take(section).into_iter().map(|t| t.shown_in(&zone));
        section.extend(shown);
    }
    let undelivered = reminders::undelivered(&state.core.db, caller.id)
        .await?
        .into_iter()
        .map(|u| NotDelivered {
            number: u.task_number,
            title: u.title,
            remind_at: u.remind_at,
        })
        .collect();
    Ok(Json(AgendaBody { agenda, undelivered }))
}

/// `GET /api/agenda`: core's agenda and the reminders not delivered.
#[derive(Serialize)]
pub(crate) struct AgendaBody {
    #[serde(flatten)]
    agenda: Agenda,
    undelivered: Vec<NotDelivered>,
}

/// An open task whose current reminder reached no chat account.
#[derive(Serialize)]
pub(crate) struct NotDelivered {
    number: i32,
    title: String,
    remind_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// `{timezone, agenda_time, quiet_hours, reminder_platform, ical_url}`.
#[derive(Serialize)]
pub(crate) struct SettingsBody {
    #[serde(flatten)]
    settings: TimeSettings,
    /// The calendar feed's address, for a log-in session; `null` for a
    /// personal access token (see [`ical_url_for`]).
    ical_url: Option<String>,
}

impl SettingsBody {
    async fn of(state: &AppState, caller: &ApiUser, settings: TimeSettings) -> Result<Self> {
        Ok(Self {
            settings,
            ical_url: ical_url_for(state, caller).await?,
        })
    }
}

/// The feed's address is a credential that outlives any token: whoever holds
/// it reads the list until the feed is rotated, which only a session can do.
/// Showing it to a personal access token would let a leaked or revoked-later
/// token keep read access, so only a log-in session sees it.
async fn ical_url_for(state: &AppState, caller: &ApiUser) -> Result<Option<String>> {
    if caller.by_access_token {
        return Ok(None);
    }
    let token = calendar::feed_token(&state.core.db, caller.id).await?;
    Ok(Some(calendar::feed_url(&state.core.config.public_url, &token)))
}

/// The caller's time settings
///
/// `ical_url` is the calendar feed's secret address for a log-in session, and
/// `null` for a personal access token: the address keeps working after the
/// token is revoked, so a token cannot read it (rotating it needs a session too).
#[utoipa::path(get, path = "/api/settings", tag = "time", operation_id = "get_settings", security(("bearer" = [])), responses(
    (status = 200, description = "The settings", body = schemas::Settings),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
))]
pub(crate) async fn get_settings(
    State(state): State<AppState>,
    caller: ApiUser,
) -> Result<Json<SettingsBody>> {
    let settings = settings::load(&state.core.db, caller.id).await?;
    Ok(Json(SettingsBody::of(&state, &caller, settings).await?))
}

/// Local times, `HH:MM`.
#[derive(Deserialize, ToSchema)]
pub(crate) struct QuietHoursBody {
    start: String,
    end: String,
}

/// The settings to change; `null` turns one off.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SettingsPatch {
    /// An IANA name (`Europe/Berlin`) or a city the offline table knows (`Tokyo`).
    timezone: Option<String>,
    /// `HH:MM`, local.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, nullable)]
    agenda_time: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<QuietHoursBody>, nullable)]
    quiet_hours: Option<Option<QuietHoursBody>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<schemas::ReminderPlatform>, nullable)]
    reminder_platform: Option<Option<String>>,
    /// Read-only: accepted (and ignored) so that a client can send back what it read.
    #[serde(default)]
    #[allow(dead_code)]
    #[schema(value_type = Option<String>, nullable)]
    ical_url: Option<serde_json::Value>,
}

/// Change time settings
///
/// All or nothing; an unknown zone is a 422 naming `timezone`. `ical_url` as for reading.
#[utoipa::path(patch, path = "/api/settings", tag = "time", operation_id = "update_settings", security(("bearer" = [])), request_body = SettingsPatch, responses(
    (status = 200, description = "The settings now", body = schemas::Settings),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
    (status = 422, description = "A value that cannot be used (`field` names it)", body = ErrorBody),
))]
pub(crate) async fn patch_settings(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiJson(body): ApiJson<SettingsPatch>,
) -> Result<Json<SettingsBody>> {
    let text = SettingsText {
        timezone: body.timezone,
        agenda_time: body.agenda_time,
        quiet_hours: body.quiet_hours.map(|q| q.map(|q| (q.start, q.end))),
        reminder_platform: body.reminder_platform,
    };
    let settings = settings::apply(&state.core.db, caller.id, &text).await?;
    Ok(Json(SettingsBody::of(&state, &caller, settings).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParseBody {
    /// One quick-add line, e.g. `Pay rent every month on the 1st at 9am p1 #home`.
    #[schema(max_length = 500)]
    text: String,
    /// RFC 3339; fixes "now" (tests, previews).
    #[schema(format = DateTime)]
    now: Option<String>,
}

/// The quick-add reading, and the sentence the bot would echo.
#[derive(Serialize)]
pub(crate) struct LiveReading {
    #[serde(flatten)]
    reading: Reading,
    /// `Pay rent — due Tue 1 Dec 09:00 (Europe/Berlin), every month on the 1st, high, #home`.
    echo: String,
}

impl LiveReading {
    pub(crate) fn of(text: &str, now: Timestamp, zone: &TimeZone) -> Self {
        let qa = quickadd::parse(text, now, zone);
        Self {
            reading: qa.reading(zone),
            echo: qa.echo(zone, now),
        }
    }
}

/// Longest line the reading looks at.
pub(crate) const MAX_PARSE_CHARS: usize = 500;

/// Read a quick-add line
///
/// What quick add would save, without saving it, in the caller's zone.
#[utoipa::path(post, path = "/api/parse", tag = "time", operation_id = "parse", security(("bearer" = [])), request_body = ParseBody, responses(
    (status = 200, description = "The reading", body = schemas::Reading),
    (status = 401, description = "No valid bearer token", body = ErrorBody),
    (status = 422, description = "`text` too long, or `now` not an RFC 3339 instant", body = ErrorBody),
))]
pub(crate) async fn parse(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiJson(body): ApiJson<ParseBody>,
) -> Result<Json<LiveReading>> {
    let unprocessable = |field: &'static str, code: &'static str, message: String| {
        ApiError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, code, message).with_field(field)
    };
    if body.text.chars().count() > MAX_PARSE_CHARS {
        return Err(unprocessable(
            "text",
            "invalid_text",
            format!("text is longer than {MAX_PARSE_CHARS} characters"),
        ));
    }
    let now = match body.now.as_deref() {
        None => state.core.clock.now(),
        Some(n) => n.parse().map_err(|_| {
            unprocessable(
                "now",
                "invalid_date",
                format!("`{n}` is not an RFC 3339 instant such as 2026-11-26T09:00:00Z"),
            )
        })?,
    };
    let zone = zone_of(&state, &caller).await?;
    Ok(Json(LiveReading::of(&body.text, now, &zone)))
}
