//! Conversions at the storage boundary. sqlx has no jiff support, so columns
//! are read and written as chrono values and converted here, losslessly to the
//! microsecond Postgres keeps.

use chrono::{DateTime as ChronoDateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use jiff::{
    Timestamp,
    civil::{Date, DateTime, Time},
};

/// `timestamptz` → instant.
pub fn timestamp_from_chrono(at: ChronoDateTime<Utc>) -> Timestamp {
    Timestamp::from_microsecond(at.timestamp_micros()).unwrap_or(if at.timestamp() < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// instant → `timestamptz`.
pub fn timestamp_to_chrono(at: Timestamp) -> ChronoDateTime<Utc> {
    ChronoDateTime::<Utc>::from_timestamp_micros(at.as_microsecond()).unwrap_or(if at.as_second() < 0 {
        ChronoDateTime::<Utc>::MIN_UTC
    } else {
        ChronoDateTime::<Utc>::MAX_UTC
    })
}

/// `date` → civil date. `None` only for dates outside jiff's range (years
/// beyond ±9999), which Tasklink never writes.
pub fn date_from_chrono(d: NaiveDate) -> Option<Date> {
    Date::new(
        i16::try_from(d.year()).ok()?,
        i8::try_from(d.month()).ok()?,
        i8::try_from(d.day()).ok()?,
    )
    .ok()
}

/// civil date → `date`.
pub fn date_to_chrono(d: Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        i32::from(d.year()),
        d.month().unsigned_abs().into(),
        d.day().unsigned_abs().into(),
    )
    .unwrap_or_default()
}

/// `timestamp` (without time zone: a local wall time) → civil datetime, to the microsecond.
pub fn datetime_from_chrono(dt: NaiveDateTime) -> Option<DateTime> {
    let date = date_from_chrono(dt.date())?;
    let micros = i32::try_from(dt.nanosecond() / 1000 * 1000).ok()?;
    Some(date.at(
        i8::try_from(dt.hour()).ok()?,
        i8::try_from(dt.minute()).ok()?,
        i8::try_from(dt.second().min(59)).ok()?,
        micros.min(999_999_999),
    ))
}

/// civil datetime → `timestamp` (without time zone).
pub fn datetime_to_chrono(dt: DateTime) -> NaiveDateTime {
    let date = date_to_chrono(dt.date());
    date.and_hms_nano_opt(
        dt.hour().unsigned_abs().into(),
        dt.minute().unsigned_abs().into(),
        dt.second().unsigned_abs().into(),
        dt.subsec_nanosecond().unsigned_abs(),
    )
    .unwrap_or_default()
}

/// `time` → civil time of day (to the second).
pub fn time_from_chrono(t: NaiveTime) -> Option<Time> {
    Time::new(
        i8::try_from(t.hour()).ok()?,
        i8::try_from(t.minute()).ok()?,
        i8::try_from(t.second().min(59)).ok()?,
        0,
    )
    .ok()
}

/// civil time of day → `time`.
pub fn time_to_chrono(t: Time) -> NaiveTime {
    NaiveTime::from_hms_opt(
        t.hour().unsigned_abs().into(),
        t.minute().unsigned_abs().into(),
        t.second().unsigned_abs().into(),
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn round_trips() {
        let t: Timestamp = "2026-11-26T09:00:00.123456Z".parse().unwrap();
        let c = timestamp_to_chrono(t);
        assert_eq!(c.to_rfc3339(), "2026-11-26T09:00:00.123456+00:00");
        assert_eq!(timestamp_from_chrono(c), t);
        let d = date(2028, 2, 29);
        assert_eq!(date_from_chrono(date_to_chrono(d)), Some(d));
        let dt = date(2026, 3, 8).at(2, 30, 0, 0);
        assert_eq!(datetime_from_chrono(datetime_to_chrono(dt)), Some(dt));
    }
}
