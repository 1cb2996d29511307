//! Time as people mean it: due dates in a person's zone, repeat rules (an
//! RFC 5545 RRULE subset), reminders' offsets, and the conversions to and from
//! what Postgres stores.
//!
//! Everything that repeats is computed on local wall time and only then
//! resolved to an instant in the zone, with RFC 5545's rules for the two
//! daylight-saving edge cases: a local time that does not exist is shifted
//! forward by the gap (02:30 → 03:30), one that occurs twice means the first
//! of the two. jiff's `compatible` disambiguation is exactly that.

mod due;
mod filters;
mod location;
mod rrule;
pub mod settings;
pub mod storage;
mod when;
mod zones;

pub use due::{Due, fmt_date_short, fmt_time};
pub use filters::{DueBounds, DueFilter, day_start};
pub use jiff::{
    SignedDuration, Timestamp,
    civil::{Date, DateTime, Time, Weekday},
    tz::TimeZone,
};
pub use location::{LocationError, zone_at};
pub use rrule::{Advance, ByDay, Freq, MAX_COUNT, RepeatFrom, Rule, Until, next_due};
pub use when::{Remind, RepeatSpec, parse_duration, resolve_remind, resolve_repeat, resolve_when};
pub use zones::{city_zone, parse_zone, zone_name};

pub(crate) use due::month_abbr as fmt_date_month;
pub(crate) use rrule::{DAY_NAMES, weekday_from_index as weekday_from_monday};

/// What can be wrong with a time value a person or a client gave.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("`{0}` is not a time zone; give an IANA name such as Europe/Berlin, or a city")]
    UnknownZone(String),
    #[error(
        "`{0}` is not a date or time I understand; try 2026-11-27T18:00, \"tomorrow 6pm\" or \"in 2 hours\""
    )]
    InvalidWhen(String),
    #[error("`{0}` is not a duration; try 30m, 2h or 1 day")]
    InvalidDuration(String),
    #[error("`{0}` is not a repeat rule I understand; try \"every monday\" or FREQ=WEEKLY;BYDAY=MO")]
    InvalidRepeat(String),
    #[error("`{0}` is not supported in repeat rules")]
    UnsupportedRule(String),
    #[error("a task can repeat at most daily")]
    TooFrequent,
    #[error("COUNT is {0}; a rule may repeat at most 1000 times")]
    CountTooLarge(u32),
    #[error("UNTIL is before the rule starts")]
    UntilBeforeStart,
    #[error("the rule has no occurrence")]
    NoOccurrence,
}

impl TimeError {
    /// Stable machine-readable code for the API and the agent's tools.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownZone(_) => "invalid_timezone",
            Self::InvalidWhen(_) => "invalid_date",
            Self::InvalidDuration(_) => "invalid_duration",
            Self::InvalidRepeat(_)
            | Self::UnsupportedRule(_)
            | Self::TooFrequent
            | Self::CountTooLarge(_)
            | Self::UntilBeforeStart
            | Self::NoOccurrence => "invalid_repeat",
        }
    }
}
