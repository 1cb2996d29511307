//! The time and order fields as clients send them, as text: `due` and
//! `remind` as ISO 8601 or a phrase, `repeat` as an RRULE or a phrase, all
//! read in the person's zone by the same resolvers as the tools. Used by the
//! API and the portal's forms, so both accept and refuse the same things.

use super::{FieldChanges, Priority, RepeatFrom, Tags, TaskError, TaskFields};
use crate::time::{TimeZone, Timestamp, resolve_remind, resolve_repeat, resolve_when};

/// Each field: `None` keeps it, `Some(None)` clears it, `Some(Some(text))`
/// sets it. An empty text or `none` clears too.
#[derive(Clone, Debug, Default)]
pub struct FieldText {
    pub due: Option<Option<String>>,
    pub priority: Option<Option<String>>,
    /// `Some(empty)` clears the tags.
    pub tags: Option<Vec<String>>,
    pub repeat: Option<Option<String>>,
    pub repeat_from: Option<Option<String>>,
    pub remind: Option<Option<String>>,
}

/// `Some(text)` unless the text says "nothing".
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("none"))
}

impl FieldText {
    pub fn is_empty(&self) -> bool {
        self.due.is_none()
            && self.priority.is_none()
            && self.tags.is_none()
            && self.repeat.is_none()
            && self.repeat_from.is_none()
            && self.remind.is_none()
    }

    /// Reads every field at `now` in `zone`; an error names the field at fault.
    pub fn resolve(&self, now: Timestamp, zone: &TimeZone) -> Result<FieldChanges, TaskError> {
        let time = |field| move |error| TaskError::Time { field, error };
        let mut due = self
            .due
            .as_ref()
            .map(|d| given(d).map(|t| resolve_when(t, now, zone)).transpose())
            .transpose()
            .map_err(time("due"))?;
        let repeat = match &self.repeat {
            None => None,
            Some(r) => match given(r) {
                None => Some(None),
                Some(text) => {
                    let spec = resolve_repeat(text, now, zone).map_err(time("repeat"))?;
                    // "every weekday at 9am" fixes the time of day: without a due
                    // of its own, the task starts at the rule's first occurrence.
                    if due.is_none() && (spec.time.is_some() || spec.date.is_some()) {
                        due = Some(Some(spec.first_due(now, zone).map_err(time("repeat"))?));
                    }
                    Some(Some(spec.rule))
                }
            },
        };
        let remind = self
            .remind
            .as_ref()
            .map(|r| given(r).map(|t| resolve_remind(t, now, zone)).transpose())
            .transpose()
            .map_err(time("remind"))?;
        let priority = self
            .priority
            .as_ref()
            .map(|p| Priority::parse(p.as_deref().unwrap_or("none")))
            .transpose()?;
        let tags = self.tags.as_ref().map(Tags::parse).transpose()?;
        let repeat_from = self
            .repeat_from
            .as_ref()
            .map(|r| RepeatFrom::parse(r.as_deref().unwrap_or("due")))
            .transpose()
            .map_err(time("repeat_from"))?;
        Ok(FieldChanges {
            due,
            priority,
            tags,
            repeat,
            repeat_from,
            remind,
        })
    }

    /// The fields of a new task.
    pub fn resolve_new(&self, now: Timestamp, zone: &TimeZone) -> Result<TaskFields, TaskError> {
        let c = self.resolve(now, zone)?;
        Ok(TaskFields {
            due: c.due.flatten(),
            priority: c.priority.unwrap_or_default(),
            tags: c.tags.unwrap_or_default(),
            repeat: c.repeat.flatten(),
            repeat_from: c.repeat_from.unwrap_or_default(),
            remind: c.remind.flatten(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{Due, parse_zone};

    #[test]
    fn text_fields_resolve_in_the_zone_and_name_their_field() {
        let zone = parse_zone("Europe/Berlin").unwrap();
        let now: Timestamp = "2026-11-26T09:00:00Z".parse().unwrap();
        let text = FieldText {
            due: Some(Some("tomorrow 6pm".into())),
            priority: Some(Some("p1".into())),
            tags: Some(vec!["Work".into()]),
            remind: Some(Some("30m before".into())),
            ..FieldText::default()
        };
        let f = text.resolve_new(now, &zone).unwrap();
        assert_eq!(f.due.unwrap().to_local_iso(), "2026-11-27T18:00");
        assert_eq!(f.priority, Priority::High);
        assert_eq!(f.tags.to_string(), "#work");

        let weekday = FieldText {
            repeat: Some(Some("every weekday at 9am".into())),
            ..FieldText::default()
        };
        let c = weekday.resolve(now, &zone).unwrap();
        assert_eq!(
            c.due,
            Some(Some(Due::DateTime(
                jiff::civil::date(2026, 11, 27).at(9, 0, 0, 0)
            )))
        );
        let clear = FieldText {
            due: Some(None),
            remind: Some(Some("".into())),
            ..FieldText::default()
        };
        let c = clear.resolve(now, &zone).unwrap();
        assert_eq!((c.due, c.remind), (Some(None), Some(None)));

        let field = |t: FieldText| t.resolve(now, &zone).unwrap_err().field();
        let bad = |f: fn(&mut FieldText)| {
            let mut t = FieldText::default();
            f(&mut t);
            t
        };
        assert_eq!(
            field(bad(|t| t.due = Some(Some("2026-13-45".into())))),
            Some("due")
        );
        assert_eq!(
            field(bad(|t| t.repeat = Some(Some("FREQ=HOURLY".into())))),
            Some("repeat")
        );
        assert_eq!(
            field(bad(|t| t.remind = Some(Some("whenever".into())))),
            Some("remind")
        );
        assert_eq!(
            field(bad(|t| t.priority = Some(Some("asap".into())))),
            Some("priority")
        );
        assert_eq!(field(bad(|t| t.tags = Some(vec!["a b".into()]))), Some("tags"));
        assert_eq!(
            field(bad(|t| t.repeat_from = Some(Some("moon".into())))),
            Some("repeat_from")
        );
    }
}
