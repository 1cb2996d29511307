//! The `due`, `remind`, `until` and `repeat` arguments of the tools and the
//! API: ISO 8601 or a phrase, read by the same parser as quick add.

use jiff::{
    SignedDuration, Timestamp,
    civil::{Date, DateTime, Time},
    tz::TimeZone,
};

use super::{Due, Rule, TimeError, due::fmt_time};
use crate::quickadd::Parser;

/// When to remind: an offset before the due (repeats with the task), a time
/// of day on the due date, or a fixed instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remind {
    Before(SignedDuration),
    AtTime(Time),
    At(Timestamp),
}

/// The local time a date-only due is reminded at when the reminder is an offset.
const DATE_ONLY_REMINDER: Time = Time::constant(9, 0, 0, 0);

impl Remind {
    /// The instant of the reminder for this due (`None` when it needs a due and there is none).
    pub fn instant(&self, due: Option<&Due>, zone: &TimeZone) -> Option<Timestamp> {
        match (self, due) {
            (Self::At(t), _) => Some(*t),
            (Self::Before(d), Some(due)) => {
                let base = match due {
                    Due::Date(date) => Due::DateTime(date.to_datetime(DATE_ONLY_REMINDER)),
                    timed => *timed,
                };
                base.instant(zone).checked_sub(*d).ok()
            }
            (Self::AtTime(t), Some(due)) => Some(Due::DateTime(due.date().to_datetime(*t)).instant(zone)),
            (_, None) => None,
        }
    }

    /// `reminder 30 min before`, `reminder at 08:00`, `reminder Tue 1 Dec 08:00`.
    pub fn describe(&self, zone: &TimeZone, this_year: Option<i16>) -> String {
        match self {
            Self::Before(d) => format!("reminder {} before", fmt_duration(*d)),
            Self::AtTime(t) => format!("reminder at {}", fmt_time(*t)),
            Self::At(at) => format!("reminder {}", Due::from_instant(*at, zone).display(this_year)),
        }
    }
}

/// `30 min`, `2 h`, `1 h 30 min`, `1 day`, `2 days`.
pub(crate) fn fmt_duration(d: SignedDuration) -> String {
    let mins = d.as_secs() / 60;
    let (days, hours, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    let mut parts = Vec::new();
    match days {
        0 => {}
        1 => parts.push("1 day".to_owned()),
        n => parts.push(format!("{n} days")),
    }
    if hours > 0 {
        parts.push(format!("{hours} h"));
    }
    if m > 0 || parts.is_empty() {
        parts.push(format!("{m} min"));
    }
    parts.join(" ")
}

/// A repeat argument: the rule, the time of day it fixes ("at 9am"), and the
/// calendar date it is tied to ("every Nov 27").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatSpec {
    pub rule: Rule,
    pub time: Option<Time>,
    pub date: Option<Date>,
}

impl RepeatSpec {
    /// The first due of a task with this repeat, from `now`.
    pub fn first_due(&self, now: Timestamp, zone: &TimeZone) -> Result<Due, TimeError> {
        let due = match self.date {
            Some(d) => Ok(match self.time {
                Some(t) => Due::DateTime(d.to_datetime(t)),
                None => Due::Date(d),
            }),
            None => self.rule.first_due(self.time, now, zone),
        }?;
        self.rule.check_start(&due, zone)?;
        Ok(due)
    }
}

/// A `due`/`until`/`remind` time: ISO 8601 (`2026-11-27T18:00` is local,
/// `2026-11-27T18:00+01:00` an instant, `2026-11-27` a date), a duration from
/// now (`1h`, `15m`, `2 hours`), or a phrase ("tomorrow 6pm", "next fri",
/// "in 2 hours"), in the person's zone.
pub fn resolve_when(text: &str, now: Timestamp, zone: &TimeZone) -> Result<Due, TimeError> {
    let s = text.trim();
    let invalid = || TimeError::InvalidWhen(s.to_owned());
    if s.is_empty() || s.len() > 200 {
        return Err(invalid());
    }
    if s.as_bytes()[0].is_ascii_digit() && s.len() >= 10 && s.as_bytes().get(4) == Some(&b'-') {
        if let Ok(at) = s.parse::<Timestamp>() {
            return Ok(Due::from_instant(at, zone));
        }
        if s.len() > 10
            && let Ok(dt) = s.parse::<DateTime>()
        {
            return Ok(Due::DateTime(dt.date().at(dt.hour(), dt.minute(), 0, 0)));
        }
        if s.len() == 10 {
            return s.parse::<Date>().map(Due::Date).map_err(|_| invalid());
        }
    }
    if let Ok(d) = parse_duration(s) {
        return now
            .checked_add(d)
            .map(|at| Due::from_instant(at, zone))
            .map_err(|_| invalid());
    }
    phrase_due(s, now, zone)
        // In an argument a weekday alone is a date: "friday" means "on friday".
        .or_else(|| phrase_due(&format!("on {s}"), now, zone))
        .ok_or_else(invalid)
}

fn phrase_due(s: &str, now: Timestamp, zone: &TimeZone) -> Option<Due> {
    let mut p = Parser::new(s, now, zone);
    p.run();
    if !p.all_used() || p.is_spoiled() || p.rule.is_some() {
        return None;
    }
    p.plain_due()
}

/// A `repeat` argument: an RRULE (`FREQ=WEEKLY;BYDAY=MO`, with or without
/// `RRULE:`) or a phrase ("every other monday", "every month on the 1st",
/// "every weekday at 9am", "every day until Dec 31"). `now` and `zone` place
/// dates such as UNTIL's.
pub fn resolve_repeat(text: &str, now: Timestamp, zone: &TimeZone) -> Result<RepeatSpec, TimeError> {
    let s = text.trim();
    if s.contains('=') {
        return Ok(RepeatSpec {
            rule: Rule::parse(s)?,
            time: None,
            date: None,
        });
    }
    let invalid = || TimeError::InvalidRepeat(s.to_owned());
    if s.is_empty() || s.len() > 200 {
        return Err(invalid());
    }
    let mut p = Parser::new(s, now, zone);
    p.run();
    if !p.all_used() || p.is_spoiled() || p.rule.is_none() || p.instant.is_some() {
        return Err(invalid());
    }
    let time = p.time;
    let date = p.repeat_date_or_date();
    let rule = p.finished_rule()?;
    Ok(RepeatSpec { rule, time, date })
}

/// A duration: `1h`, `15m`, `1h30m`, `90 minutes`, `2 hours`, `an hour`,
/// `half an hour`, `1 day`, `2w`, optionally after `for`.
pub fn parse_duration(text: &str) -> Result<SignedDuration, TimeError> {
    let s = text.trim();
    let invalid = || TimeError::InvalidDuration(s.to_owned());
    let s2 = s
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("for "))
        .map_or(s, |_| s[4..].trim_start());
    let s2 = s2
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("in "))
        .map_or(s2, |_| s2[3..].trim_start());
    if s2.eq_ignore_ascii_case("half an hour") {
        return Ok(SignedDuration::from_mins(30));
    }
    let words: Vec<&str> = s2.split_whitespace().collect();
    let mut total: i64 = 0;
    let mut i = 0;
    if words.is_empty() {
        return Err(invalid());
    }
    while i < words.len() {
        let w = words[i];
        // compact parts, possibly chained: 1h30m
        if w.as_bytes()[0].is_ascii_digit() && w.bytes().any(|b| b.is_ascii_alphabetic()) {
            let mut rest = w;
            while !rest.is_empty() {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                let letters = rest[digits..].bytes().take_while(u8::is_ascii_alphabetic).count();
                if digits == 0 || letters == 0 {
                    return Err(invalid());
                }
                let n: i64 = rest[..digits].parse().map_err(|_| invalid())?;
                total += n * unit_minutes(&rest[digits..digits + letters]).ok_or_else(invalid)?;
                rest = &rest[digits + letters..];
            }
            i += 1;
            continue;
        }
        let n: i64 = if w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an") {
            1
        } else {
            w.parse().map_err(|_| invalid())?
        };
        let unit = words.get(i + 1).ok_or_else(invalid)?;
        total += n * unit_minutes(unit.trim_end_matches(',')).ok_or_else(invalid)?;
        i += 2;
        if words.get(i).is_some_and(|w| w.eq_ignore_ascii_case("and")) {
            i += 1;
        }
    }
    if total <= 0 || total > 60 * 24 * 366 {
        return Err(invalid());
    }
    Ok(SignedDuration::from_mins(total))
}

fn unit_minutes(u: &str) -> Option<i64> {
    let any = |ws: &[&str]| ws.iter().any(|w| u.eq_ignore_ascii_case(w));
    if any(&["m", "min", "mins", "minute", "minutes"]) {
        Some(1)
    } else if any(&["h", "hr", "hrs", "hour", "hours"]) {
        Some(60)
    } else if any(&["d", "day", "days"]) {
        Some(60 * 24)
    } else if any(&["w", "wk", "wks", "week", "weeks"]) {
        Some(60 * 24 * 7)
    } else {
        None
    }
}

/// A `remind` argument: an offset before the due ("30m before", "1 hour
/// before") or a time as [`resolve_when`] reads it.
pub fn resolve_remind(text: &str, now: Timestamp, zone: &TimeZone) -> Result<Remind, TimeError> {
    let s = text.trim();
    let lower_end = |suf: &str| {
        s.len() > suf.len()
            && s.is_char_boundary(s.len() - suf.len())
            && s[s.len() - suf.len()..].eq_ignore_ascii_case(suf)
    };
    for suf in [" before", " earlier", " ahead"] {
        if lower_end(suf) {
            return parse_duration(&s[..s.len() - suf.len()]).map(Remind::Before);
        }
    }
    resolve_when(s, now, zone).map(|due| Remind::At(due.instant(zone)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Timestamp, TimeZone) {
        let zone = TimeZone::get("Europe/Berlin").unwrap();
        let now = zone
            .to_timestamp(jiff::civil::date(2026, 11, 26).at(10, 0, 0, 0))
            .unwrap();
        (now, zone)
    }

    #[test]
    fn when_accepts_iso_durations_and_phrases() {
        let (now, zone) = setup();
        let w = |s: &str| resolve_when(s, now, &zone).map(|d| d.to_local_iso());
        assert_eq!(w("2026-11-27T18:00").unwrap(), "2026-11-27T18:00");
        assert_eq!(w("2026-11-27").unwrap(), "2026-11-27");
        assert_eq!(w("2026-11-27T18:00Z").unwrap(), "2026-11-27T19:00");
        assert_eq!(w("2026-11-27T18:00+01:00").unwrap(), "2026-11-27T18:00");
        assert_eq!(w("tomorrow 6pm").unwrap(), "2026-11-27T18:00");
        assert_eq!(w("next fri").unwrap(), "2026-12-04");
        assert_eq!(w("in 2 hours").unwrap(), "2026-11-26T12:00");
        assert_eq!(w("1h").unwrap(), "2026-11-26T11:00");
        assert_eq!(w("15m").unwrap(), "2026-11-26T10:15");
        assert_eq!(w("1h30m").unwrap(), "2026-11-26T11:30");
        assert_eq!(w("an hour").unwrap(), "2026-11-26T11:00");
        assert_eq!(w("tomorrow 9am").unwrap(), "2026-11-27T09:00");
        assert_eq!(w("friday").unwrap(), "2026-11-27");
        assert!(matches!(w("2026-13-01"), Err(TimeError::InvalidWhen(_))));
        assert!(matches!(w("whenever"), Err(TimeError::InvalidWhen(_))));
        assert!(matches!(w("tomorrow maybe"), Err(TimeError::InvalidWhen(_))));
        assert!(matches!(w("every day"), Err(TimeError::InvalidWhen(_))));
    }

    #[test]
    fn repeat_accepts_rrules_and_phrases() {
        let (now, zone) = setup();
        let r = |s: &str| resolve_repeat(s, now, &zone).map(|r| (r.rule.to_string(), r.time));
        assert_eq!(r("FREQ=WEEKLY;BYDAY=MO").unwrap().0, "FREQ=WEEKLY;BYDAY=MO");
        assert_eq!(
            r("RRULE:FREQ=MONTHLY;BYDAY=-1FR").unwrap().0,
            "FREQ=MONTHLY;BYDAY=-1FR"
        );
        assert_eq!(
            r("every other monday").unwrap().0,
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
        );
        assert_eq!(
            r("every month on the 1st").unwrap().0,
            "FREQ=MONTHLY;BYMONTHDAY=1"
        );
        let (rule, time) = r("every weekday at 9am").unwrap();
        assert_eq!(rule, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
        assert_eq!(time, Some(Time::constant(9, 0, 0, 0)));
        assert_eq!(r("daily").unwrap().0, "FREQ=DAILY");
        assert_eq!(
            r("every day until dec 31").unwrap().0,
            "FREQ=DAILY;UNTIL=20261231"
        );
        assert_eq!(r("every day").unwrap().0, "FREQ=DAILY");
        assert_eq!(r("FREQ=HOURLY"), Err(TimeError::TooFrequent));
        assert_eq!(
            r("every hour"),
            Err(TimeError::InvalidRepeat("every hour".into()))
        );
        assert_eq!(r("FREQ=DAILY;COUNT=1001"), Err(TimeError::CountTooLarge(1001)));
        assert!(r("tomorrow").is_err());
        assert!(r("every day and night maybe").is_err());
    }

    #[test]
    fn remind_and_durations() {
        let (now, zone) = setup();
        assert_eq!(
            resolve_remind("30m before", now, &zone),
            Ok(Remind::Before(SignedDuration::from_mins(30)))
        );
        assert_eq!(
            resolve_remind("1 hour before", now, &zone),
            Ok(Remind::Before(SignedDuration::from_mins(60)))
        );
        let at = resolve_remind("tomorrow 8am", now, &zone).unwrap();
        assert_eq!(at, Remind::At("2026-11-27T07:00:00Z".parse().unwrap()));
        assert_eq!(parse_duration("for an hour"), Ok(SignedDuration::from_mins(60)));
        assert_eq!(
            parse_duration("2 hours and 15 minutes"),
            Ok(SignedDuration::from_mins(135))
        );
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("0m").is_err());
        let due = Due::DateTime(jiff::civil::date(2026, 12, 1).at(9, 0, 0, 0));
        assert_eq!(
            Remind::Before(SignedDuration::from_mins(30)).instant(Some(&due), &zone),
            Some("2026-12-01T07:30:00Z".parse().unwrap())
        );
        assert_eq!(
            Remind::Before(SignedDuration::from_mins(90)).describe(&zone, None),
            "reminder 1 h 30 min before"
        );
    }
}
