//! Quiet hours: what they hold back (the agenda, reminders of date-only
//! tasks) waits until they end; a reminder set for a time is never held.

use crate::time::{Due, TimeZone, Timestamp, settings::QuietHours, storage};

/// Quiet hours as stored (both ends or neither).
pub(crate) fn from_stored(quiet: Option<(chrono::NaiveTime, chrono::NaiveTime)>) -> Option<QuietHours> {
    let (start, end) = quiet?;
    Some(QuietHours {
        start: storage::time_from_chrono(start)?,
        end: storage::time_from_chrono(end)?,
    })
}

/// `at`, or the end of the quiet hours `at` falls in.
pub(crate) fn hold(at: Timestamp, zone: &TimeZone, quiet: Option<&QuietHours>) -> Timestamp {
    let Some(quiet) = quiet else { return at };
    let local = zone.to_datetime(at);
    if !quiet.contains(local.time()) {
        return at;
    }
    let today_end = local.date().to_datetime(quiet.end);
    let end = if today_end > local {
        today_end
    } else {
        match local.date().tomorrow() {
            Ok(tomorrow) => tomorrow.to_datetime(quiet.end),
            Err(_) => return at,
        }
    };
    Due::DateTime(end).instant(zone).max(at)
}

#[cfg(test)]
mod tests {
    use jiff::civil::{date, time};

    use super::*;

    #[test]
    fn holds_until_quiet_hours_end_even_across_midnight() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let at = |h, m| berlin.to_timestamp(date(2026, 11, 26).at(h, m, 0, 0)).unwrap();
        let local = |t: Timestamp| berlin.to_datetime(t).to_string();
        let night = QuietHours {
            start: time(22, 0, 0, 0),
            end: time(7, 0, 0, 0),
        };
        assert_eq!(
            local(hold(at(23, 0), &berlin, Some(&night))),
            "2026-11-27T07:00:00"
        );
        assert_eq!(
            local(hold(at(6, 0), &berlin, Some(&night))),
            "2026-11-26T07:00:00"
        );
        assert_eq!(hold(at(12, 0), &berlin, Some(&night)), at(12, 0));
        assert_eq!(hold(at(23, 0), &berlin, None), at(23, 0));
        let lunch = QuietHours {
            start: time(12, 0, 0, 0),
            end: time(13, 30, 0, 0),
        };
        assert_eq!(
            local(hold(at(12, 10), &berlin, Some(&lunch))),
            "2026-11-26T13:30:00"
        );
    }
}
