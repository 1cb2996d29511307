//! What a reminder says: "⏰ #7 Pay rent — due today 09:00", with the
//! Done / 15 min / 1 hour / Tomorrow buttons.

use crate::{
    chat::{Button, ButtonAction, Reply},
    tasks::Task,
    time::{Due, SignedDuration, TimeZone, Timestamp},
};

use super::snooze::SnoozeFor;

/// A notification sent this long after its time says "(late)".
pub(crate) const LATE_AFTER: SignedDuration = SignedDuration::from_secs(60);

/// The reminder of `task`, meant for `scheduled` (its time, or the end of
/// quiet hours), read in the person's `zone`.
pub(crate) fn reminder(task: &Task, zone: &TimeZone, scheduled: Timestamp) -> Reply {
    let mut text = format!("⏰ #{} {}", task.number, task.title);
    if let Some(due) = task.due_in(zone) {
        let phrase = due_phrase(due, zone, scheduled);
        let due_word = if phrase.starts_with("overdue") { "" } else { "due " };
        text.push_str(&format!(" — {due_word}{phrase}"));
    }
    // The stored occurrence, so that a second press does not advance a
    // repeating task twice.
    let seen = task.due_local.filter(|_| task.repeat_rule.is_some());
    Reply {
        text,
        buttons: buttons(task, seen),
        only_sender: false,
        ask: Default::default(),
    }
}

/// `today 09:00`, `tomorrow`, `Tue 1 Dec 09:00`, `overdue 2 days`, as seen
/// just before the minute of the reminder's own time: dues are kept to the
/// minute, so a reminder at 09:00(:xx) for a task due at 09:00 says "today
/// 09:00", not "overdue since 09:00".
fn due_phrase(due: Due, zone: &TimeZone, scheduled: Timestamp) -> String {
    let minute = scheduled.as_second().div_euclid(60) * 60;
    let just_before = Timestamp::from_second(minute - 1).unwrap_or(scheduled);
    due.relative(just_before, zone)
}

fn buttons(task: &Task, seen: Option<Due>) -> Vec<Button> {
    let number = task.number;
    let mut buttons = vec![Button {
        label: "✅ Done".to_owned(),
        action: ButtonAction::Finish(number, seen),
    }];
    buttons.extend(SnoozeFor::ALL.iter().map(|&until| Button {
        label: until.label().to_owned(),
        action: ButtonAction::Snooze(number, until),
    }));
    buttons
}
