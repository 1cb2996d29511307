//! The due filters of lists and the agenda (overdue, today, tomorrow, week,
//! none) as instant ranges over `tasks.due_at`, computed from the person's
//! local days.

use jiff::{Timestamp, ToSpan, civil::Date, tz::TimeZone};

use super::{TimeError, due::resolve};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueFilter {
    /// A timed due before now, or a date before today.
    Overdue,
    Today,
    Tomorrow,
    /// Today and the next six days.
    Week,
    /// No due at all.
    None,
}

/// Instants for a query: `due_at >= from AND due_at < to`; for `Overdue`,
/// `due_at < now AND (due_has_time OR due_at < today_start)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueBounds {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    pub now: Timestamp,
    pub today_start: Timestamp,
}

impl DueFilter {
    pub fn parse(raw: &str) -> Result<Self, TimeError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "overdue" => Ok(Self::Overdue),
            "today" => Ok(Self::Today),
            "tomorrow" => Ok(Self::Tomorrow),
            "week" | "this week" | "next 7 days" => Ok(Self::Week),
            "none" | "no date" => Ok(Self::None),
            _ => Err(TimeError::InvalidWhen(raw.to_owned())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::Today => "today",
            Self::Tomorrow => "tomorrow",
            Self::Week => "week",
            Self::None => "none",
        }
    }

    pub fn bounds(self, now: Timestamp, zone: &TimeZone) -> DueBounds {
        let today = zone.to_datetime(now).date();
        let start = |days: i64| day_start(today.checked_add(days.days()).unwrap_or(today), zone);
        let (from, to) = match self {
            Self::Overdue | Self::None => (None, None),
            Self::Today => (Some(start(0)), Some(start(1))),
            Self::Tomorrow => (Some(start(1)), Some(start(2))),
            Self::Week => (Some(start(0)), Some(start(7))),
        };
        DueBounds {
            from,
            to,
            now,
            today_start: start(0),
        }
    }
}

/// The first instant of a local day (midnight, or the end of a gap that swallows it).
pub fn day_start(date: Date, zone: &TimeZone) -> Timestamp {
    resolve(date.at(0, 0, 0, 0), zone)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn local_days_as_instants() {
        let zone = TimeZone::get("Europe/Berlin").unwrap();
        let now = zone.to_timestamp(date(2026, 11, 26).at(10, 0, 0, 0)).unwrap();
        let b = DueFilter::parse("Today").unwrap().bounds(now, &zone);
        assert_eq!(b.from.unwrap().to_string(), "2026-11-25T23:00:00Z");
        assert_eq!(b.to.unwrap().to_string(), "2026-11-26T23:00:00Z");
        let w = DueFilter::Week.bounds(now, &zone);
        assert_eq!(w.to.unwrap().to_string(), "2026-12-02T23:00:00Z");
        assert!(DueFilter::parse("someday").is_err());
        // A day whose midnight does not exist starts when the gap ends.
        let santiago = TimeZone::get("America/Santiago").unwrap();
        assert_eq!(
            day_start(date(2026, 9, 6), &santiago).to_string(),
            "2026-09-06T04:00:00Z"
        );
    }
}
