//! The dashboard: the task list with quick add, search, filters, sort and
//! pages, every field editable; and linking chat accounts.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Json, Router,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;
use tasklink_core::{
    accounts::UserId,
    linking::{self, LinkedAccount},
    quickadd, reminders,
    tasks::{
        self, FieldText, RawTaskQuery, Task, TaskChanges, TaskDescription, TaskFields, TaskNumber, TaskQuery,
        TaskTitle,
    },
    time::{self, Due, TimeZone, Timestamp, settings},
};

use super::{CsrfForm, PageError, PageResult, check_csrf};
use crate::{
    AppState,
    api::{LinkOffer, links, time::LiveReading},
    error::ApiError,
    extract::PageUser,
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/app", get(dashboard))
        .route("/app/tasks", post(add_task))
        .route("/app/parse", post(parse))
        .route("/app/tasks/{number}/{action}", post(task_action))
        .route("/app/link-token", post(link_token))
        .route("/app/links/{id}/unlink", post(unlink))
}

/// A task as the pages show it, in the person's zone.
pub(super) struct TaskView {
    pub(super) number: i32,
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) completed: bool,
    /// `tomorrow 18:00`, `overdue 2 days`, `Tue 1 Dec`.
    pub(super) due_text: Option<String>,
    pub(super) overdue: bool,
    /// `high`, `medium`, `low`; empty for none.
    pub(super) priority: &'static str,
    pub(super) tags: Vec<String>,
    pub(super) repeat_text: Option<String>,
    // What the edit form shows; a value sent back unchanged is kept as it is.
    pub(super) due_value: String,
    pub(super) priority_value: &'static str,
    pub(super) tags_value: String,
    pub(super) repeat_value: String,
    pub(super) repeat_from: &'static str,
    pub(super) remind_value: String,
    /// The due the person saw, so a second "done" of one occurrence advances once.
    pub(super) seen: String,
    /// Its current reminder reached none of the person's chats.
    pub(super) undelivered: bool,
}

impl TaskView {
    pub(super) fn new(task: &Task, now: Timestamp, zone: &TimeZone) -> Self {
        let due = task.due_in(zone);
        let overdue = !task.completed && due.is_some_and(|d| d.is_overdue(now, zone));
        Self {
            number: task.number.get(),
            title: task.title.clone(),
            description: task.description.clone(),
            completed: task.completed,
            due_text: due.map(|d| d.relative(now, zone)),
            overdue,
            priority: match task.priority {
                tasks::Priority::None => "",
                p => p.as_str(),
            },
            tags: task.tags.iter().map(|t| t.as_str().to_owned()).collect(),
            repeat_text: task.repeat_text.clone(),
            due_value: due.map(|d| d.to_local_iso()).unwrap_or_default(),
            priority_value: task.priority.as_str(),
            tags_value: task.tags.to_strings().join(" "),
            repeat_value: task.repeat.clone().unwrap_or_default(),
            repeat_from: task.repeat_from.as_str(),
            remind_value: remind_value(task, zone),
            seen: task.due_local.map(|d| d.to_local_iso()).unwrap_or_default(),
            undelivered: false,
        }
    }

    /// Views of `tasks`, each marked when its current reminder was not delivered.
    pub(super) async fn list(
        db: &sqlx::PgPool,
        user: UserId,
        tasks: &[Task],
        now: Timestamp,
        zone: &TimeZone,
    ) -> Result<Vec<Self>, sqlx::Error> {
        let undelivered = if tasks.iter().any(|t| t.remind_at.is_some() && !t.completed) {
            reminders::undelivered(db, user).await?
        } else {
            Vec::new()
        };
        Ok(tasks
            .iter()
            .map(|t| Self {
                undelivered: undelivered.iter().any(|u| u.task_number == t.number.get()),
                ..Self::new(t, now, zone)
            })
            .collect())
    }
}

fn remind_value(task: &Task, zone: &TimeZone) -> String {
    if let Some(before) = task.remind_before {
        return format!("{} minutes before", before.as_secs() / 60);
    }
    let Some(at) = task.remind_at else {
        return String::new();
    };
    let at = time::storage::timestamp_from_chrono(at);
    // The automatic reminder at a timed due is implied by the due.
    if task
        .due_local
        .is_some_and(|d| d.time().is_some() && task.due_in(zone).map(|d| d.instant(zone)) == Some(at))
    {
        return String::new();
    }
    Due::from_instant(at, zone).to_local_iso()
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
struct Dashboard {
    email: String,
    csrf: String,
    timezone: String,
    tasks: Vec<TaskView>,
    count: i64,
    /// The list's parameters, for the filter form and the page links.
    params: ListParams,
    next_page: Option<String>,
    first_page: Option<String>,
    links: Vec<LinkedAccount>,
    offer: Option<LinkOffer>,
    notice: Option<&'static str>,
    error: Option<String>,
    /// Task rows here have their edit form (the agenda's do not).
    back: bool,
}

/// The filter form's values as given (empty when not).
#[derive(Default)]
struct ListParams {
    q: String,
    status: String,
    due: String,
    tag: String,
    priority: String,
    sort: String,
}

impl ListParams {
    fn of(raw: &RawTaskQuery) -> Self {
        let v = |s: &Option<String>| s.as_deref().unwrap_or_default().trim().to_owned();
        Self {
            q: v(&raw.q),
            status: v(&raw.status),
            due: v(&raw.due),
            tag: v(&raw.tag),
            priority: v(&raw.priority),
            sort: v(&raw.sort),
        }
    }

    /// `/app?q=…&…` with only the parameters that are set, and a cursor.
    fn url(&self, cursor: Option<&str>) -> String {
        let mut url = String::from("/app");
        let mut sep = '?';
        for (k, v) in [
            ("q", self.q.as_str()),
            ("status", &self.status),
            ("due", &self.due),
            ("tag", &self.tag),
            ("priority", &self.priority),
            ("sort", &self.sort),
            ("cursor", cursor.unwrap_or_default()),
        ] {
            if !v.is_empty() {
                url.push(sep);
                url.push_str(k);
                url.push('=');
                url.push_str(&percent_encode(v));
                sep = '&';
            }
        }
        url
    }

    fn selected(&self, name: &str, value: &str) -> bool {
        let current = match name {
            "status" => &self.status,
            "due" => &self.due,
            "priority" => &self.priority,
            "sort" => &self.sort,
            _ => return false,
        };
        current == value
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Deserialize)]
struct DashboardQuery {
    #[serde(flatten)]
    list: RawTaskQuery,
    notice: Option<String>,
}

async fn dashboard(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    let page = match TaskQuery::parse(&q.list) {
        Ok(query) => {
            let mut page = render_dashboard(&state, &user, &query, ListParams::of(&q.list)).await?;
            page.notice = q.notice.as_deref().and_then(notice_text);
            page
        }
        Err(e) => {
            let error = ApiError::from(e);
            let mut page =
                render_dashboard(&state, &user, &TaskQuery::default(), ListParams::of(&q.list)).await?;
            page.error = Some(error.message().to_owned());
            return Ok((error.status(), page).into_response());
        }
    };
    Ok(page.into_response())
}

/// Notices after a redirect come from this fixed set, never from the URL's text.
fn notice_text(key: &str) -> Option<&'static str> {
    Some(match key {
        "added" => "Task added.",
        "completed" => "Task completed.",
        "rescheduled" => "Done — it moved to its next date.",
        "updated" => "Task updated.",
        "deleted" => "Task deleted.",
        "unlinked" => "Chat account unlinked.",
        _ => return None,
    })
}

async fn render_dashboard(
    state: &AppState,
    user: &PageUser,
    query: &TaskQuery,
    params: ListParams,
) -> PageResult<Dashboard> {
    let db = &state.core.db;
    let account = tasklink_core::accounts::find(db, user.id).await?;
    let zone = settings::load(db, user.id).await?.zone();
    let now = state.core.clock.now();
    let keys = state.core.cursor_key();
    let page = match tasks::list_page(db, &keys, user.id, query, now, &zone).await {
        Ok(page) => page,
        // A stale or edited cursor: the first page rather than an error page.
        Err(tasks::TaskError::InvalidParam { field: "cursor", .. }) => {
            let first = TaskQuery {
                cursor: None,
                ..query.clone()
            };
            tasks::list_page(db, &keys, user.id, &first, now, &zone).await?
        }
        Err(e) => return Err(e.into()),
    };
    let links = linking::list(db, user.id).await?;
    Ok(Dashboard {
        email: account.email,
        csrf: user.csrf().to_owned(),
        timezone: time::zone_name(&zone).to_owned(),
        tasks: TaskView::list(db, user.id, &page.tasks, now, &zone).await?,
        count: page.count,
        next_page: page.next_cursor.as_deref().map(|c| params.url(Some(c))),
        first_page: query.cursor.is_some().then(|| params.url(None)),
        params,
        links,
        offer: None,
        notice: None,
        error: None,
        back: false,
    })
}

/// The dashboard again with an error, for a form that could not be applied.
async fn dashboard_error(state: &AppState, user: &PageUser, error: ApiError) -> Response {
    let status = error.status();
    match render_dashboard(state, user, &TaskQuery::default(), ListParams::default()).await {
        Ok(mut page) => {
            page.error = Some(error.message().to_owned());
            (status, page).into_response()
        }
        Err(page) => page.into_response(),
    }
}

/// The add box: one quick-add line (`title`), optionally a description.
#[derive(Deserialize)]
struct TaskForm {
    csrf: String,
    title: Option<String>,
    description: Option<String>,
    due: Option<String>,
    priority: Option<String>,
    tags: Option<String>,
    repeat: Option<String>,
    repeat_from: Option<String>,
    remind: Option<String>,
    /// The due shown when "Done" was pressed (local ISO).
    seen: Option<String>,
    /// `agenda`: go back there afterwards.
    back: Option<String>,
}

async fn add_task(State(state): State<AppState>, user: PageUser, Form(form): Form<TaskForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let db = &state.core.db;
    let added = async {
        let zone = settings::load(db, user.id).await?.zone();
        let now = state.core.clock.now();
        let qa = quickadd::parse(form.title.as_deref().unwrap_or_default(), now, &zone);
        let title = TaskTitle::parse(&qa.title)?;
        let description = form
            .description
            .as_deref()
            .map(TaskDescription::parse)
            .transpose()?;
        let fields = TaskFields {
            due: qa.due,
            priority: qa.priority,
            tags: qa.tags,
            repeat: qa.repeat,
            remind: qa.remind,
            ..TaskFields::default()
        };
        tasks::add_with_fields(db, user.id, &title, description.as_ref(), &fields, &zone, now).await
    };
    match added.await {
        Ok(_) => Ok(Redirect::to("/app?notice=added").into_response()),
        Err(e) => Err(PageError::page(dashboard_error(&state, &user, e.into()).await)),
    }
}

#[derive(Deserialize)]
struct ParseForm {
    csrf: String,
    text: String,
}

/// What the add box would save, as the person types (`/static/quickadd.js`):
/// the page's session cookie and its CSRF token, the same JSON as `POST /api/parse`.
async fn parse(
    State(state): State<AppState>,
    user: PageUser,
    Form(form): Form<ParseForm>,
) -> PageResult<Json<LiveReading>> {
    check_csrf(&user, &form.csrf)?;
    let zone = settings::load(&state.core.db, user.id).await?.zone();
    let text: String = form
        .text
        .chars()
        .take(crate::api::time::MAX_PARSE_CHARS)
        .collect();
    Ok(Json(LiveReading::of(&text, state.core.clock.now(), &zone)))
}

/// What an edit form changes: a field sent back as it was shown is kept.
fn edit_changes(form: &TaskForm, view: &TaskView) -> FieldText {
    let changed = |sent: &Option<String>, shown: &str| {
        sent.as_deref()
            .map(str::trim)
            .filter(|s| *s != shown)
            .map(|s| Some(s.to_owned()))
    };
    FieldText {
        due: changed(&form.due, &view.due_value),
        priority: changed(&form.priority, view.priority_value),
        tags: changed(&form.tags, &view.tags_value).map(|t| {
            t.unwrap_or_default()
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        }),
        repeat: changed(&form.repeat, &view.repeat_value),
        repeat_from: changed(&form.repeat_from, view.repeat_from),
        remind: changed(&form.remind, &view.remind_value),
    }
}

async fn task_action(
    State(state): State<AppState>,
    user: PageUser,
    Path((number, action)): Path<(String, String)>,
    Form(form): Form<TaskForm>,
) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let db = &state.core.db;
    let done = async {
        let number: TaskNumber = number.parse()?;
        let zone = settings::load(db, user.id).await?.zone();
        let now = state.core.clock.now();
        match action.as_str() {
            "complete" => {
                let seen = form
                    .seen
                    .as_deref()
                    .filter(|s| !s.is_empty())
                    .and_then(|s| time::resolve_when(s, now, &zone).ok());
                match tasks::complete_occurrence(db, user.id, number, seen, now).await? {
                    tasks::Completion::Completed(_) => Ok("completed"),
                    tasks::Completion::Rescheduled(_) => Ok("rescheduled"),
                }
            }
            "delete" => tasks::delete(db, user.id, number).await.map(|_| "deleted"),
            "edit" => {
                let current = tasks::get(db, user.id, number).await?;
                let view = TaskView::new(&current, now, &zone);
                let fields = edit_changes(&form, &view).resolve(now, &zone)?;
                let changes = TaskChanges {
                    title: form
                        .title
                        .as_deref()
                        .filter(|t| *t != view.title)
                        .map(TaskTitle::parse)
                        .transpose()?,
                    description: form
                        .description
                        .as_deref()
                        .filter(|d| *d != view.description.as_deref().unwrap_or_default())
                        .map(TaskDescription::parse)
                        .transpose()?,
                    completed: None,
                };
                if !fields.is_empty() {
                    tasks::update_fields(db, user.id, number, fields, &zone, now).await?;
                }
                if changes.title.is_some() || changes.description.is_some() {
                    tasks::update(db, user.id, number, changes).await?;
                }
                Ok("updated")
            }
            _ => Err(tasks::TaskError::NotFound(number)),
        }
    };
    let back = if form.back.as_deref() == Some("agenda") {
        "/app/agenda"
    } else {
        "/app"
    };
    match done.await {
        Ok(notice) => Ok(Redirect::to(&format!("{back}?notice={notice}")).into_response()),
        Err(e) => Err(PageError::page(dashboard_error(&state, &user, e.into()).await)),
    }
}

async fn link_token(State(state): State<AppState>, user: PageUser, Form(form): Form<CsrfForm>) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let offer = links::offer(&state, user.id).await?;
    let mut page = render_dashboard(&state, &user, &TaskQuery::default(), ListParams::default()).await?;
    page.offer = Some(offer);
    // The token is a secret: keep it out of caches and history.
    Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
}

async fn unlink(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    check_csrf(&user, &form.csrf)?;
    let id = id.parse().map_err(|_| ApiError::not_found("link"))?;
    match linking::unlink(&state.core.db, user.id, id).await {
        Ok(true) => Ok(Redirect::to("/app?notice=unlinked").into_response()),
        Ok(false) => Err(ApiError::not_found("link").into()),
        Err(e) => Err(e.into()),
    }
}
