//! The agenda: what is overdue, what is due today, and the next 7 days, in
//! the person's zone.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Query, State},
    response::IntoResponse,
    routing::get,
};
use serde::Deserialize;
use tasklink_core::{tasks, time::settings};

use super::{PageResult, dashboard::TaskView};
use crate::{AppState, extract::PageUser};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/app/agenda", get(agenda))
}

#[derive(Template, WebTemplate)]
#[template(path = "agenda.html")]
struct AgendaPage {
    csrf: String,
    timezone: String,
    date: String,
    sections: Vec<(&'static str, &'static str, Vec<TaskView>)>,
    empty: bool,
    notice: Option<&'static str>,
    /// Task rows link back here after "Done", and have no edit form.
    back: bool,
}

#[derive(Deserialize)]
struct AgendaQuery {
    notice: Option<String>,
}

async fn agenda(State(state): State<AppState>, user: PageUser, Query(q): Query<AgendaQuery>) -> PageResult {
    let db = &state.core.db;
    let zone = settings::load(db, user.id).await?.zone();
    let now = state.core.clock.now();
    let agenda = tasks::agenda(db, user.id, now, &zone).await?;
    Ok(AgendaPage {
        csrf: user.csrf().to_owned(),
        empty: agenda.is_empty(),
        sections: vec![
            (
                "overdue",
                "Overdue",
                TaskView::list(db, user.id, &agenda.overdue, now, &zone).await?,
            ),
            (
                "today",
                "Today",
                TaskView::list(db, user.id, &agenda.today, now, &zone).await?,
            ),
            (
                "upcoming",
                "Next 7 days",
                TaskView::list(db, user.id, &agenda.upcoming, now, &zone).await?,
            ),
        ],
        timezone: agenda.timezone,
        date: agenda.date,
        notice: match q.notice.as_deref() {
            Some("completed") => Some("Task completed."),
            Some("rescheduled") => Some("Done — it moved to its next date."),
            _ => None,
        },
        back: true,
    }
    .into_response())
}
