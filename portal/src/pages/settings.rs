//! Settings: time zone (suggested from the browser by `/static/settings.js`),
//! the daily agenda's time, quiet hours, where reminders go, and the calendar
//! feed's secret address with a button that makes a new one.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Query, State},
    response::{IntoResponse, Redirect},
    routing::{get, post},
};
use serde::Deserialize;
use tasklink_core::{
    calendar,
    time::settings::{self, SettingsText, TimeSettings},
};

use super::{CsrfForm, PageError, PageResult, check_csrf};
use crate::{AppState, error::ApiError, extract::PageUser};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/app/settings", get(settings_page).post(save))
        .route("/app/settings/calendar", post(rotate_feed))
}

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
struct SettingsPage {
    csrf: String,
    timezone: String,
    agenda_time: String,
    quiet_start: String,
    quiet_end: String,
    reminder_platform: String,
    ical_url: String,
    notice: Option<&'static str>,
    error: Option<String>,
}

impl SettingsPage {
    async fn new(state: &AppState, user: &PageUser, s: &TimeSettings) -> Result<Self, PageError> {
        let hhmm = |t: tasklink_core::time::Time| format!("{:02}:{:02}", t.hour(), t.minute());
        let feed = calendar::feed_token(&state.core.db, user.id).await?;
        Ok(Self {
            csrf: user.csrf().to_owned(),
            timezone: s.timezone.clone(),
            agenda_time: s.agenda_time.map(hhmm).unwrap_or_default(),
            quiet_start: s.quiet_hours.as_ref().map(|q| hhmm(q.start)).unwrap_or_default(),
            quiet_end: s.quiet_hours.as_ref().map(|q| hhmm(q.end)).unwrap_or_default(),
            reminder_platform: s.reminder_platform.clone().unwrap_or_default(),
            ical_url: calendar::feed_url(&state.core.config.public_url, &feed),
            notice: None,
            error: None,
        })
    }
}

#[derive(Deserialize)]
struct SettingsQuery {
    notice: Option<String>,
}

async fn settings_page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<SettingsQuery>,
) -> PageResult {
    let s = settings::load(&state.core.db, user.id).await?;
    let mut page = SettingsPage::new(&state, &user, &s).await?;
    // Notices come from this fixed set, never from the URL's text.
    page.notice = match q.notice.as_deref() {
        Some("saved") => Some("Settings saved."),
        Some("rotated") => Some("New calendar address made; the old one no longer works."),
        _ => None,
    };
    Ok(page.into_response())
}

#[derive(Deserialize)]
struct SettingsForm {
    csrf: String,
    timezone: String,
    #[serde(default)]
    agenda_time: String,
    #[serde(default)]
    quiet_start: String,
    #[serde(default)]
    quiet_end: String,
    #[serde(default)]
    reminder_platform: String,
}

async fn save(State(state): State<AppState>, user: PageUser, Form(form): Form<SettingsForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let off = |s: &str| Some(Some(s.trim().to_owned()).filter(|s| !s.is_empty()));
    let quiet = match (form.quiet_start.trim(), form.quiet_end.trim()) {
        ("", "") => None,
        (a, b) => Some((a.to_owned(), b.to_owned())),
    };
    let text = SettingsText {
        timezone: Some(form.timezone.clone()),
        agenda_time: off(&form.agenda_time),
        quiet_hours: Some(quiet),
        reminder_platform: off(&form.reminder_platform),
    };
    match settings::apply(&state.core.db, user.id, &text).await {
        Ok(_) => Ok(Redirect::to("/app/settings?notice=saved").into_response()),
        Err(e) => {
            let error = ApiError::from(e);
            let current = settings::load(&state.core.db, user.id).await?;
            let mut page = SettingsPage::new(&state, &user, &current).await?;
            // Show what was typed, with what is wrong with it.
            page.timezone = form.timezone;
            page.agenda_time = form.agenda_time;
            page.quiet_start = form.quiet_start;
            page.quiet_end = form.quiet_end;
            page.error = Some(error.message().to_owned());
            Err(PageError::page((error.status(), page)))
        }
    }
}

/// Makes a new feed address; the old one answers 404 from now on.
async fn rotate_feed(
    State(state): State<AppState>,
    user: PageUser,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    calendar::rotate(&state.core.db, user.id).await?;
    Ok(Redirect::to("/app/settings?notice=rotated#calendar").into_response())
}
