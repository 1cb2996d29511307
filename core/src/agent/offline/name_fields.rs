//! A task's name said with the field being changed before it ("the date
//! of visa document", "the name for number 8", "the wording of task 6")
//! or with a noun of its own before its number ("job 12 customer
//! cancelled", "item number 12 in its entirety"): the task, by its words
//! or by its number.

use super::*;

/// A field's noun said before the task it belongs to.
const FIELD_LEADS: &[&str] = &[
    "the due date of ",
    "the due date for ",
    "due date of ",
    "due date for ",
    "the date of ",
    "the date for ",
    "date of ",
    "date for ",
    "the deadline of ",
    "the deadline for ",
    "deadline of ",
    "deadline for ",
    "the name of ",
    "the name for ",
    "name of ",
    "name for ",
    "the title of ",
    "the title for ",
    "title of ",
    "title for ",
    "the wording of ",
    "wording of ",
    "the priority of ",
    "priority of ",
    "the time of ",
    "time of ",
    "the reminder for ",
    "reminder for ",
];

/// Nouns people put before a task's number: "job 12", "item number 12".
const NUMBER_NOUNS: &[&str] = &[
    "task", "job", "item", "number", "no.", "no", "nr", "#", "ticket", "todo", "to-do", "entry", "card",
];

/// The task a name stands for when it says a field or a number noun, or `None`.
pub(super) fn name_of_the_task(name: &str) -> Option<Target> {
    let lower = name.to_ascii_lowercase();
    let field = FIELD_LEADS
        .iter()
        .find(|l| lower.starts_with(**l) && lower.len() > l.len())
        .map_or(0, |l| l.len());
    let rest = &lower[field..];
    // "job 12 customer cancelled", "item number 12 …", "number 8".
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut k = 0;
    while k < 2 && words.get(k).is_some_and(|w| NUMBER_NOUNS.contains(w)) {
        k += 1;
    }
    if k > 0
        && let Some(n) = words
            .get(k)
            .map(|w| w.trim_start_matches('#').trim_end_matches([',', '.', ';']))
        && !n.is_empty()
        && n.len() <= 4
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(Target::Number(n.to_owned()));
    }
    (field > 0).then(|| Target::Named(name[field..].to_owned()))
}

/// Fields said removed from a task, read as the task deleted: "remove
/// priority from passports", "remove any priority designation from the
/// docket review task", "take the date off the report" (as the field's
/// edit: no level, no due date).
const REMOVED_FIELDS: &[(&str, bool)] = &[
    ("priority", true),
    ("priority level", true),
    ("priority designation", true),
    ("priority flag", true),
    ("the priority", true),
    ("the priority level", true),
    ("any priority", true),
    ("any priority designation", true),
    ("its priority", true),
    ("due date", false),
    ("the due date", false),
    ("the date", false),
    ("date", false),
    ("the deadline", false),
    ("deadline", false),
    ("any date", false),
    ("any due date", false),
];

/// The edit a deletion of a field from a task is, or `None`.
pub(super) fn field_removed(intent: &Intent) -> Option<Intent> {
    let Intent::Delete(Target::Named(name)) = intent else {
        return None;
    };
    let lower = name.to_ascii_lowercase();
    REMOVED_FIELDS.iter().rev().find_map(|(field, level)| {
        let rest = lower.strip_prefix(field)?;
        let link = [" from ", " of ", " on ", " off ", " for "]
            .iter()
            .find(|l| rest.starts_with(**l))?;
        let at = field.len() + link.len();
        let task = Text {
            original: &name[at..],
            lower: &lower[at..],
        };
        let target = reference(&task).or_else(|| task_name(&task).map(Target::Named))?;
        Some(if *level {
            Intent::SetPriority(target, Priority::None)
        } else {
            Intent::Move(target, "none".to_owned())
        })
    })
}
