//! The daily agenda: at a person's `agenda_time` (local), their overdue,
//! today's and tomorrow's tasks; nothing is sent when all three are empty.

use sqlx::PgPool;

use super::{
    outbox::{self, Kind, NewRow},
    quiet,
};
use crate::{
    agent::ToolContext,
    chat::{self, Reply},
    time::{Due, DueFilter, SignedDuration, Timestamp, fmt_date_short, parse_zone, storage},
};

/// An agenda not out within this long of its time is left for tomorrow's:
/// a morning summary read in the evening is noise (quiet hours aside, which
/// hold it back on purpose).
const AGENDA_WINDOW: SignedDuration = SignedDuration::from_secs(60 * 60);

/// Writes the agenda rows that are due at `now`; returns the next agenda
/// instant still to come (for the scheduler's timer).
pub(crate) async fn materialise(db: &PgPool, now: Timestamp) -> Result<Option<Timestamp>, sqlx::Error> {
    let people = outbox::agenda_people(db).await?;
    let mut rows = Vec::new();
    let mut next: Option<Timestamp> = None;
    for person in people {
        let Ok(zone) = parse_zone(&person.timezone) else {
            continue;
        };
        let Some(time) = storage::time_from_chrono(person.agenda_time) else {
            continue;
        };
        let today = zone.to_datetime(now).date();
        let quiet = quiet::from_stored(person.quiet);
        // Yesterday's too: an agenda at 23:30 may still be in its window after midnight.
        for date in [today.yesterday().ok(), Some(today), today.tomorrow().ok()]
            .into_iter()
            .flatten()
        {
            let at = Due::DateTime(date.to_datetime(time)).instant(&zone);
            if at > now {
                next = Some(next.map_or(at, |n| n.min(at)));
                break;
            }
            if now.duration_since(at) < AGENDA_WINDOW {
                rows.push(NewRow {
                    kind: Kind::Agenda,
                    user: person.user,
                    occurrence: format!("a:{}:{date}", person.user),
                    task_id: None,
                    remind_at: None,
                    due_at: quiet::hold(at, &zone, quiet.as_ref()),
                    skipped: None,
                });
            }
        }
    }
    outbox::insert(db, &rows).await?;
    Ok(next)
}

/// The agenda's message, or `None` when there is nothing to say.
pub(crate) async fn message(ctx: &ToolContext<'_>) -> Result<Option<Reply>, sqlx::Error> {
    let sections = [
        (DueFilter::Overdue, "Overdue"),
        (DueFilter::Today, "Today"),
        (DueFilter::Tomorrow, "Tomorrow"),
    ];
    let Some(body) = chat::agenda_sections(ctx, &sections).await? else {
        return Ok(None);
    };
    let today = ctx.zone.to_datetime(ctx.now).date();
    Ok(Some(Reply::text(format!(
        "📋 Your agenda for {}\n\n{body}",
        fmt_date_short(today, None)
    ))))
}
