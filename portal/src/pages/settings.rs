//! Settings: time zone (suggested from the browser by `/static/settings.js`),
//! the daily agenda's time, quiet hours, where reminders go, the calendar
//! feed's secret address with a button that makes a new one; and the account:
//! its password, its sessions, deleting it.

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
    calendar, sessions,
    time::settings::{self, SettingsText, TimeSettings},
};

use super::{CsrfForm, PageError, PageResult, auth::signed_out, check_csrf};
use crate::{AppState, auth, error::ApiError, extract::PageUser};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/app/settings", get(settings_page).post(save))
        .route("/app/settings/calendar", post(rotate_feed))
        .route("/app/settings/password", post(change_password))
        .route("/app/settings/logout-all", post(log_out_everywhere))
        .route("/app/settings/delete", post(delete_account))
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
    /// Live sessions of the account, this one included.
    sessions: i64,
    notice: Option<&'static str>,
    error: Option<String>,
}

impl SettingsPage {
    fn new(user: &PageUser, s: &TimeSettings) -> Self {
        let hhmm = |t: tasklink_core::time::Time| format!("{:02}:{:02}", t.hour(), t.minute());
        Self {
            csrf: user.csrf().to_owned(),
            timezone: s.timezone.clone(),
            agenda_time: s.agenda_time.map(hhmm).unwrap_or_default(),
            quiet_start: s.quiet_hours.as_ref().map(|q| hhmm(q.start)).unwrap_or_default(),
            quiet_end: s.quiet_hours.as_ref().map(|q| hhmm(q.end)).unwrap_or_default(),
            reminder_platform: s.reminder_platform.clone().unwrap_or_default(),
            ical_url: String::new(),
            sessions: 1,
            notice: None,
            error: None,
        }
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
    let mut page = page_for(&state, &user).await?;
    // Notices come from this fixed set, never from the URL's text.
    page.notice = match q.notice.as_deref() {
        Some("saved") => Some("Settings saved."),
        Some("rotated") => Some("New calendar address made; the old one no longer works."),
        Some("password") => Some("Password changed. Every other session has ended."),
        _ => None,
    };
    Ok(page.into_response())
}

async fn page_for(state: &AppState, user: &PageUser) -> Result<SettingsPage, ApiError> {
    let s = settings::load(&state.core.db, user.id).await?;
    let mut page = SettingsPage::new(user, &s);
    page.sessions = sessions::count(&state.core.db, user.id).await?;
    let feed = calendar::feed_token(&state.core.db, user.id).await?;
    page.ical_url = calendar::feed_url(&state.core.config.public_url, &feed);
    Ok(page)
}

/// The settings page again, with what went wrong.
async fn failed(state: &AppState, user: &PageUser, error: ApiError) -> PageError {
    let status = error.status();
    match page_for(state, user).await {
        Ok(mut page) => {
            page.error = Some(error.message().to_owned());
            PageError::page((status, page))
        }
        Err(e) => e.into(),
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

#[derive(Deserialize)]
struct PasswordForm {
    csrf: String,
    current_password: String,
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    user: PageUser,
    Form(form): Form<PasswordForm>,
) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let keep = user.session.jti.clone();
    match auth::change_password(&state, user.id, &form.current_password, form.new_password, &keep).await {
        Ok(()) => Ok(Redirect::to("/app/settings?notice=password").into_response()),
        Err(e) => Err(failed(&state, &user, e).await),
    }
}

async fn log_out_everywhere(
    State(state): State<AppState>,
    user: PageUser,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    sessions::end_all(&state.core.db, user.id, None).await?;
    Ok(signed_out(&state))
}

#[derive(Deserialize)]
struct DeleteForm {
    csrf: String,
    password: String,
}

async fn delete_account(
    State(state): State<AppState>,
    user: PageUser,
    Form(form): Form<DeleteForm>,
) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    match auth::delete_account(&state, user.id, &form.password).await {
        Ok(()) => Ok(signed_out(&state)),
        Err(e) => Err(failed(&state, &user, e).await),
    }
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
            let mut page = page_for(&state, &user).await?;
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
