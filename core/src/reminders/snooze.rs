//! The buttons under a reminder: Done, and snoozing this occurrence's
//! reminder by 15 minutes, an hour, or to tomorrow.
//!
//! "Tomorrow" means tomorrow (local) at the due's time of day, or at 09:00
//! for a task due on a date only or not at all: the time the person chose
//! for the task is the best guess of when they want to hear about it.

use crate::{
    Core,
    accounts::UserId,
    chat::Reply,
    tasks::{self, Completion, Task, TaskError, TaskNumber},
    time::{Due, SignedDuration, Time, TimeZone, Timestamp, fmt_time, settings},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnoozeFor {
    Minutes15,
    Hour,
    Tomorrow,
}

impl SnoozeFor {
    pub const ALL: [Self; 3] = [Self::Minutes15, Self::Hour, Self::Tomorrow];

    pub fn label(self) -> &'static str {
        match self {
            Self::Minutes15 => "15 min",
            Self::Hour => "1 hour",
            Self::Tomorrow => "Tomorrow",
        }
    }

    /// The short form in callback data.
    pub fn code(self) -> &'static str {
        match self {
            Self::Minutes15 => "15m",
            Self::Hour => "1h",
            Self::Tomorrow => "tmrw",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// When the reminder comes again, snoozed at `now`.
    pub fn until(self, now: Timestamp, zone: &TimeZone, due: Option<Due>) -> Timestamp {
        let later = |secs| now.checked_add(SignedDuration::from_secs(secs)).unwrap_or(now);
        match self {
            Self::Minutes15 => later(15 * 60),
            Self::Hour => later(60 * 60),
            Self::Tomorrow => {
                let today = zone.to_datetime(now).date();
                let time = due.and_then(|d| d.time()).unwrap_or(Time::constant(9, 0, 0, 0));
                match today.tomorrow() {
                    Ok(tomorrow) => Due::DateTime(tomorrow.to_datetime(time)).instant(zone),
                    Err(_) => later(24 * 60 * 60),
                }
            }
        }
    }
}

/// A snooze button: moves the current occurrence's reminder and says until when.
pub(crate) async fn snooze(
    core: &Core,
    user: UserId,
    number: TaskNumber,
    by: SnoozeFor,
) -> Result<Reply, sqlx::Error> {
    let zone = settings::load(&core.db, user).await?.zone();
    let task = match open_task(core, user, number).await? {
        Ok(task) => task,
        Err(answer) => return Ok(answer),
    };
    let now = core.clock.now();
    let until = by.until(now, &zone, task.due_in(&zone));
    match tasks::snooze(&core.db, user, number, until).await {
        Ok(task) => Ok(Reply::text(format!(
            "⏰ #{} {} — snoozed until {}",
            task.number,
            task.title,
            when(until, now, &zone)
        ))),
        Err(TaskError::Database(e)) => Err(e),
        Err(_) => Ok(gone(number)),
    }
}

/// The Done button: completes the task, or moves a repeating one to its next
/// occurrence and says when. `seen` is the occurrence the reminder was for: a
/// second press for it (from another chat, or twice) advances nothing.
pub(crate) async fn finish(
    core: &Core,
    user: UserId,
    number: TaskNumber,
    seen: Option<Due>,
) -> Result<Reply, sqlx::Error> {
    if let Err(answer) = open_task(core, user, number).await? {
        return Ok(answer);
    }
    let zone = settings::load(&core.db, user).await?.zone();
    let now = core.clock.now();
    match tasks::complete_occurrence(&core.db, user, number, seen, now).await {
        Ok(Completion::Completed(task)) => {
            Ok(Reply::text(format!("✅ #{} {} — done.", task.number, task.title)))
        }
        Ok(Completion::Rescheduled(task)) => {
            let next = task
                .due_in(&zone)
                .map(|d| format!(" Next: {}.", d.display(Some(zone.to_datetime(now).year()))))
                .unwrap_or_default();
            Ok(Reply::text(format!(
                "✅ #{} {} — done.{next}",
                task.number, task.title
            )))
        }
        Err(TaskError::Database(e)) => Err(e),
        Err(_) => Ok(gone(number)),
    }
}

/// The task, or the answer when a button is pressed on a task since
/// deleted or finished.
async fn open_task(
    core: &Core,
    user: UserId,
    number: TaskNumber,
) -> Result<Result<Task, Reply>, sqlx::Error> {
    match tasks::get(&core.db, user, number).await {
        Ok(task) if task.completed => Ok(Err(Reply::text(format!(
            "#{} {} is already done: nothing to remind you of.",
            task.number, task.title
        )))),
        Ok(task) => Ok(Ok(task)),
        Err(TaskError::Database(e)) => Err(e),
        Err(_) => Ok(Err(gone(number))),
    }
}

fn gone(number: TaskNumber) -> Reply {
    Reply::text(format!("Task #{number} no longer exists: it was deleted."))
}

/// `09:15`, `tomorrow 09:00`, `Tue 1 Dec 09:00`.
fn when(at: Timestamp, now: Timestamp, zone: &TimeZone) -> String {
    let local = zone.to_datetime(at);
    let today = zone.to_datetime(now).date();
    if local.date() == today {
        fmt_time(local.time())
    } else if today.tomorrow().is_ok_and(|t| t == local.date()) {
        format!("tomorrow {}", fmt_time(local.time()))
    } else {
        Due::from_instant(at, zone).display(Some(today.year()))
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn snoozes_by_a_quarter_an_hour_or_to_tomorrow() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let now = berlin.to_timestamp(date(2026, 11, 26).at(9, 0, 0, 0)).unwrap();
        let at = |t: Timestamp| berlin.to_datetime(t).to_string();
        assert_eq!(
            at(SnoozeFor::Minutes15.until(now, &berlin, None)),
            "2026-11-26T09:15:00"
        );
        assert_eq!(
            at(SnoozeFor::Hour.until(now, &berlin, None)),
            "2026-11-26T10:00:00"
        );
        let due = Due::DateTime(date(2026, 11, 26).at(18, 30, 0, 0));
        assert_eq!(
            at(SnoozeFor::Tomorrow.until(now, &berlin, Some(due))),
            "2026-11-27T18:30:00"
        );
        let day = Due::Date(date(2026, 11, 26));
        assert_eq!(
            at(SnoozeFor::Tomorrow.until(now, &berlin, Some(day))),
            "2026-11-27T09:00:00"
        );
        assert_eq!(
            when(SnoozeFor::Minutes15.until(now, &berlin, None), now, &berlin),
            "09:15"
        );
        assert_eq!(
            when(SnoozeFor::Tomorrow.until(now, &berlin, None), now, &berlin),
            "tomorrow 09:00"
        );
        for s in SnoozeFor::ALL {
            assert_eq!(SnoozeFor::parse(s.code()), Some(s));
        }
    }
}
