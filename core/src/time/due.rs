//! A due date: a local date ("sometime that day") or a local date and time,
//! both read in the person's zone.

use std::fmt::Write as _;

use jiff::{
    Timestamp,
    civil::{Date, DateTime, Time, Weekday},
    tz::TimeZone,
};

/// When a task is due, as local wall time. The wall time is what is kept (and
/// what repeats): the instant is derived in the zone when needed, so "09:00"
/// stays 09:00 whatever the offset that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Due {
    Date(Date),
    DateTime(DateTime),
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub(crate) fn weekday_abbr(w: Weekday) -> &'static str {
    WEEKDAYS[w.to_monday_zero_offset() as usize]
}

pub(crate) fn month_abbr(month: i8) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// `Tue 1 Dec`, with the year when it is not `this_year`.
pub fn fmt_date_short(date: Date, this_year: Option<i16>) -> String {
    let mut s = String::with_capacity(16);
    let _ = write!(
        s,
        "{} {} {}",
        weekday_abbr(date.weekday()),
        date.day(),
        month_abbr(date.month())
    );
    if this_year.is_some_and(|y| y != date.year()) {
        let _ = write!(s, " {}", date.year());
    }
    s
}

/// `09:00`
pub fn fmt_time(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

impl Due {
    /// A timed due at the local time the instant shows in the zone,
    /// to the minute.
    pub fn from_instant(at: Timestamp, zone: &TimeZone) -> Self {
        let dt = zone.to_datetime(at);
        Self::DateTime(dt.date().at(dt.hour(), dt.minute(), 0, 0))
    }

    pub fn date(&self) -> Date {
        match self {
            Self::Date(d) => *d,
            Self::DateTime(dt) => dt.date(),
        }
    }

    pub fn time(&self) -> Option<Time> {
        match self {
            Self::Date(_) => None,
            Self::DateTime(dt) => Some(dt.time()),
        }
    }

    /// The same due on another day, keeping the time of day.
    pub fn on(&self, date: Date) -> Self {
        match self {
            Self::Date(_) => Self::Date(date),
            Self::DateTime(dt) => Self::DateTime(date.to_datetime(dt.time())),
        }
    }

    /// The local wall time this due stands for; a date means its midnight.
    pub fn local(&self) -> DateTime {
        match self {
            Self::Date(d) => d.to_datetime(Time::midnight()),
            Self::DateTime(dt) => *dt,
        }
    }

    /// The instant: a time that does not exist that day is shifted forward by
    /// the gap, one that occurs twice is the first (RFC 5545). A date means the
    /// start of that day.
    pub fn instant(&self, zone: &TimeZone) -> Timestamp {
        resolve(self.local(), zone)
    }

    /// The instant after which the task is overdue: the due time, or the end
    /// of the due day for a date.
    pub fn deadline(&self, zone: &TimeZone) -> Timestamp {
        match self {
            Self::Date(d) => match d.tomorrow() {
                Ok(next) => resolve(next.to_datetime(Time::midnight()), zone),
                Err(_) => Timestamp::MAX,
            },
            Self::DateTime(dt) => resolve(*dt, zone),
        }
    }

    pub fn is_overdue(&self, now: Timestamp, zone: &TimeZone) -> bool {
        self.deadline(zone) <= now
    }

    /// `2026-12-01` for a date; `2026-12-01T09:00:00+01:00` for a time, with the
    /// offset the zone has at that instant. This is the `due` of the API.
    pub fn to_rfc3339(&self, zone: &TimeZone) -> String {
        match self {
            Self::Date(d) => d.to_string(),
            Self::DateTime(_) => {
                let at = self.instant(zone);
                at.display_with_offset(zone.to_offset(at)).to_string()
            }
        }
    }

    /// The local form without an offset: `2026-12-01` or `2026-12-01T09:00`.
    pub fn to_local_iso(&self) -> String {
        match self {
            Self::Date(d) => d.to_string(),
            Self::DateTime(dt) => format!("{}T{}", dt.date(), fmt_time(dt.time())),
        }
    }

    /// `Tue 1 Dec 09:00` (the year appears when it is not `this_year`).
    pub fn display(&self, this_year: Option<i16>) -> String {
        let mut s = fmt_date_short(self.date(), this_year);
        if let Some(t) = self.time() {
            s.push(' ');
            s.push_str(&fmt_time(t));
        }
        s
    }

    /// For lists: `today 09:00`, `tomorrow 18:00`, `overdue 2 days`,
    /// `overdue since 09:00`, `Sat 28 Nov`, `Tue 1 Dec 09:00`.
    pub fn relative(&self, now: Timestamp, zone: &TimeZone) -> String {
        let today = zone.to_datetime(now).date();
        let date = self.date();
        let time = self.time().map(fmt_time);
        if self.is_overdue(now, zone) {
            let days = (today - date).get_days();
            return match (days, time) {
                (..=0, Some(t)) => format!("overdue since {t}"),
                (..=0, None) => "overdue".to_owned(),
                (1, _) => "overdue 1 day".to_owned(),
                (n, _) => format!("overdue {n} days"),
            };
        }
        let word = if date == today {
            "today"
        } else if today.tomorrow().is_ok_and(|t| t == date) {
            "tomorrow"
        } else {
            return self.display(Some(today.year()));
        };
        match time {
            Some(t) => format!("{word} {t}"),
            None => word.to_owned(),
        }
    }
}

/// Local wall time → instant with RFC 5545's gap and fold rules.
pub(crate) fn resolve(local: DateTime, zone: &TimeZone) -> Timestamp {
    // `compatible`: the later side of a gap, the earlier side of a fold. It
    // fails only outside jiff's supported range, which no due can reach.
    zone.to_timestamp(local).unwrap_or(Timestamp::MAX)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn tz(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    #[test]
    fn nonexistent_times_shift_forward_and_repeated_times_take_the_first() {
        let ny = tz("America/New_York");
        let gap = Due::DateTime(date(2026, 3, 8).at(2, 30, 0, 0));
        assert_eq!(gap.instant(&ny).to_string(), "2026-03-08T07:30:00Z"); // 03:30 EDT
        let fold = Due::DateTime(date(2026, 11, 1).at(1, 30, 0, 0));
        assert_eq!(fold.instant(&ny).to_string(), "2026-11-01T05:30:00Z"); // first 01:30, EDT
        assert_eq!(gap.to_rfc3339(&ny), "2026-03-08T03:30:00-04:00");
    }

    #[test]
    fn renders_for_people() {
        let berlin = tz("Europe/Berlin");
        let now = berlin.to_timestamp(date(2026, 11, 26).at(10, 0, 0, 0)).unwrap();
        let d = |y, m, dd, h, mi| Due::DateTime(date(y, m, dd).at(h, mi, 0, 0));
        assert_eq!(d(2026, 12, 1, 9, 0).display(Some(2026)), "Tue 1 Dec 09:00");
        assert_eq!(d(2027, 1, 5, 9, 0).display(Some(2026)), "Tue 5 Jan 2027 09:00");
        assert_eq!(d(2026, 11, 26, 18, 0).relative(now, &berlin), "today 18:00");
        assert_eq!(d(2026, 11, 27, 18, 0).relative(now, &berlin), "tomorrow 18:00");
        assert_eq!(d(2026, 11, 24, 9, 0).relative(now, &berlin), "overdue 2 days");
        assert_eq!(
            d(2026, 11, 26, 9, 0).relative(now, &berlin),
            "overdue since 09:00"
        );
        assert_eq!(Due::Date(date(2026, 11, 26)).relative(now, &berlin), "today");
        assert_eq!(
            Due::Date(date(2026, 11, 25)).relative(now, &berlin),
            "overdue 1 day"
        );
        assert_eq!(Due::Date(date(2026, 11, 28)).relative(now, &berlin), "Sat 28 Nov");
        assert_eq!(d(2026, 12, 1, 9, 0).to_local_iso(), "2026-12-01T09:00");
        assert_eq!(
            d(2026, 12, 1, 9, 0).to_rfc3339(&berlin),
            "2026-12-01T09:00:00+01:00"
        );
    }
}
