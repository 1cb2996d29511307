//! Repeat rules: the RFC 5545 RRULE subset Tasklink supports (FREQ
//! DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, BYDAY with ordinals, BYMONTHDAY with
//! negatives, COUNT, UNTIL), their plain-English reading, and the next
//! occurrence.
//!
//! Occurrences are expanded on local dates (period by period, as RFC 5545
//! describes), given the due's wall time, and only then resolved in the zone.
//! A task keeps its rule anchored at its current due: the due is always an
//! occurrence, so re-anchoring keeps the INTERVAL grid, and COUNT is stored as
//! the number of occurrences left including the current one.

use std::fmt::{self, Write as _};

use jiff::{
    Timestamp, ToSpan,
    civil::{Date, Time, Weekday},
    tz::TimeZone,
};
use serde::{Deserialize, Serialize};

use super::{
    TimeError,
    due::{Due, month_abbr},
};

pub const MAX_COUNT: u32 = 1000;
const MAX_INTERVAL: u16 = 1000;
/// Periods scanned for the next occurrence before a rule is declared empty:
/// enough for "every Feb 29" (a period of years) and "every 31st" (months).
const MAX_EMPTY_PERIODS: i64 = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

impl Freq {
    fn as_str(self) -> &'static str {
        match self {
            Self::Daily => "DAILY",
            Self::Weekly => "WEEKLY",
            Self::Monthly => "MONTHLY",
            Self::Yearly => "YEARLY",
        }
    }
}

/// A BYDAY entry: a weekday, optionally the nth of the month or year
/// (`3FR` is the third Friday, `-1FR` the last).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ByDay {
    pub nth: Option<i8>,
    pub weekday: Weekday,
}

/// UNTIL: a date (inclusive, local) or an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Until {
    Date(Date),
    Instant(Timestamp),
}

/// Where the next occurrence counts from when a repeating task is completed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RepeatFrom {
    #[default]
    Due,
    Completion,
}

impl RepeatFrom {
    pub fn parse(raw: &str) -> Result<Self, TimeError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "due" | "" => Ok(Self::Due),
            "completion" | "completed" | "done" => Ok(Self::Completion),
            _ => Err(TimeError::InvalidRepeat(raw.to_owned())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Due => "due",
            Self::Completion => "completion",
        }
    }
}

/// A validated repeat rule. `Display` writes RRULE text without the `RRULE:` prefix.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    pub freq: Freq,
    pub interval: u16,
    pub by_day: Vec<ByDay>,
    pub by_month_day: Vec<i8>,
    pub count: Option<u32>,
    pub until: Option<Until>,
}

const RRULE_DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
/// Weekday names, Monday first.
pub(crate) const DAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn wd_index(w: Weekday) -> usize {
    w.to_monday_zero_offset() as usize
}

pub(crate) fn weekday_from_index(i: usize) -> Weekday {
    const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    ALL[i % 7]
}

fn ordinal(n: i8) -> String {
    match n {
        -1 => "last".to_owned(),
        -2 => "second to last".to_owned(),
        n if n < 0 => format!("{} to last", ordinal(-n)),
        n => {
            let suffix = match (n % 10, n % 100) {
                (1, 11) | (2, 12) | (3, 13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Rule {
    /// A rule with nothing but a frequency and an interval.
    pub fn every(freq: Freq, interval: u16) -> Self {
        Self {
            freq,
            interval: interval.max(1),
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            count: None,
            until: None,
        }
    }

    /// Parses RRULE text (`FREQ=WEEKLY;BYDAY=MO`, with or without `RRULE:`)
    /// and validates it.
    pub fn parse(text: &str) -> Result<Self, TimeError> {
        let raw = text.trim();
        let body = raw
            .get(..6)
            .filter(|p| p.eq_ignore_ascii_case("RRULE:"))
            .map_or(raw, |_| &raw[6..]);
        let invalid = || TimeError::InvalidRepeat(raw.to_owned());
        let mut freq = None;
        let mut rule = Self::every(Freq::Daily, 1);
        let mut seen: Vec<String> = Vec::new();
        for part in body.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(invalid)?;
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim();
            if seen.contains(&key) {
                return Err(invalid());
            }
            seen.push(key.clone());
            match key.as_str() {
                "FREQ" => {
                    freq = Some(match value.to_ascii_uppercase().as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        "HOURLY" | "MINUTELY" | "SECONDLY" => return Err(TimeError::TooFrequent),
                        _ => return Err(invalid()),
                    })
                }
                "INTERVAL" => {
                    rule.interval = value
                        .parse::<u16>()
                        .ok()
                        .filter(|n| (1..=MAX_INTERVAL).contains(n))
                        .ok_or_else(invalid)?
                }
                "BYDAY" => {
                    for item in value.split(',') {
                        rule.by_day.push(parse_by_day(item.trim()).ok_or_else(invalid)?);
                    }
                }
                "BYMONTHDAY" => {
                    for item in value.split(',') {
                        let n = item
                            .trim()
                            .parse::<i8>()
                            .ok()
                            .filter(|n| *n != 0 && (-31..=31).contains(n))
                            .ok_or_else(invalid)?;
                        rule.by_month_day.push(n);
                    }
                }
                "COUNT" => {
                    let n = value.parse::<u32>().map_err(|_| invalid())?;
                    rule.count = Some(n);
                }
                "UNTIL" => rule.until = Some(parse_until(value).ok_or_else(invalid)?),
                "WKST" if value.eq_ignore_ascii_case("MO") => {}
                _ => return Err(TimeError::UnsupportedRule(part.to_owned())),
            }
        }
        rule.freq = freq.ok_or_else(invalid)?;
        rule.validate()?;
        Ok(rule)
    }

    /// Checks what parsing alone cannot: bounds and combinations RFC 5545 forbids.
    pub fn validate(&self) -> Result<(), TimeError> {
        let unsupported = |what: &str| Err(TimeError::UnsupportedRule(what.to_owned()));
        if let Some(n) = self.count {
            if n > MAX_COUNT {
                return Err(TimeError::CountTooLarge(n));
            }
            if n == 0 {
                return unsupported("COUNT=0");
            }
        }
        if self.count.is_some() && self.until.is_some() {
            return unsupported("COUNT together with UNTIL");
        }
        if !(1..=MAX_INTERVAL).contains(&self.interval) {
            return unsupported("INTERVAL outside 1..1000");
        }
        if self.freq == Freq::Weekly && !self.by_month_day.is_empty() {
            return unsupported("BYMONTHDAY in a weekly rule");
        }
        for d in &self.by_day {
            match (self.freq, d.nth) {
                (_, None) => {}
                (Freq::Daily | Freq::Weekly, Some(_)) => {
                    return unsupported("an ordinal BYDAY in a daily or weekly rule");
                }
                (Freq::Monthly, Some(n)) if n == 0 || !(-5..=5).contains(&n) => {
                    return unsupported("a BYDAY ordinal outside -5..5");
                }
                (Freq::Yearly, Some(n)) if n == 0 || !(-53..=53).contains(&n) => {
                    return unsupported("a BYDAY ordinal outside -53..53");
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// UNTIL must not be before the series starts.
    pub fn check_start(&self, start: &Due, zone: &TimeZone) -> Result<(), TimeError> {
        match self.until {
            Some(Until::Date(d)) if d < start.date() => Err(TimeError::UntilBeforeStart),
            Some(Until::Instant(t)) if t < start.instant(zone) => Err(TimeError::UntilBeforeStart),
            _ => Ok(()),
        }
    }

    fn weekday_set(&self) -> Option<u8> {
        let mut mask = 0u8;
        for d in &self.by_day {
            if d.nth.is_some() {
                return None;
            }
            mask |= 1 << wd_index(d.weekday);
        }
        Some(mask)
    }

    /// The plain-English reading: "every month on the 1st", "every other
    /// monday", "every weekday", "every last friday".
    pub fn text(&self) -> String {
        let n = self.interval;
        let every = |unit: &str, plural: &str| match n {
            1 => format!("every {unit}"),
            2 => format!("every other {unit}"),
            n => format!("every {n} {plural}"),
        };
        let day_list = |with_nth: bool| {
            let names: Vec<String> = self
                .by_day
                .iter()
                .map(|d| match (with_nth, d.nth) {
                    (true, Some(k)) => format!("{} {}", ordinal(k), DAY_NAMES[wd_index(d.weekday)]),
                    _ => DAY_NAMES[wd_index(d.weekday)].to_owned(),
                })
                .collect();
            join_and(&names)
        };
        let month_days = || {
            let days: Vec<String> = self
                .by_month_day
                .iter()
                .map(|&d| match d {
                    -1 => "last day".to_owned(),
                    d if d < 0 => format!("{} day", ordinal(d)),
                    d => ordinal(d),
                })
                .collect();
            join_and(&days)
        };
        const WEEKDAYS_MASK: u8 = 0b0001_1111;
        const WEEKEND_MASK: u8 = 0b0110_0000;
        let mut s = match self.freq {
            Freq::Daily | Freq::Weekly
                if n == 1 && self.by_month_day.is_empty() && self.weekday_set() == Some(WEEKDAYS_MASK) =>
            {
                "every weekday".to_owned()
            }
            Freq::Daily | Freq::Weekly
                if n == 1 && self.by_month_day.is_empty() && self.weekday_set() == Some(WEEKEND_MASK) =>
            {
                "every weekend day".to_owned()
            }
            Freq::Daily => {
                let mut s = every("day", "days");
                if !self.by_day.is_empty() {
                    let _ = write!(s, " on {}", day_list(false));
                }
                if !self.by_month_day.is_empty() {
                    let _ = write!(s, " on the {}", month_days());
                }
                s
            }
            Freq::Weekly if self.by_day.is_empty() => every("week", "weeks"),
            Freq::Weekly => match n {
                1 => format!("every {}", day_list(false)),
                2 => format!("every other {}", day_list(false)),
                n => format!("every {n} weeks on {}", day_list(false)),
            },
            Freq::Monthly => {
                let prefix = every("month", "months");
                match (self.by_day.is_empty(), self.by_month_day.is_empty()) {
                    (true, true) => prefix,
                    (true, false) => format!("{prefix} on the {}", month_days()),
                    (false, true) if self.by_day.iter().all(|d| d.nth.is_some()) => {
                        if n == 1 {
                            format!("every {}", day_list(true))
                        } else {
                            format!("{prefix} on the {}", day_list(true))
                        }
                    }
                    (false, true) => format!("{prefix} on every {}", day_list(true)),
                    (false, false) => {
                        format!("{prefix} on the {} if it is a {}", month_days(), day_list(true))
                    }
                }
            }
            Freq::Yearly => {
                let mut s = every("year", "years");
                if !self.by_day.is_empty() {
                    let _ = write!(s, " on the {} of the year", day_list(true));
                }
                if !self.by_month_day.is_empty() {
                    let _ = write!(s, " on the {} of each month", month_days());
                }
                s
            }
        };
        match (self.count, self.until) {
            (Some(1), _) => s.push_str(", once"),
            (Some(c), _) => {
                let _ = write!(s, ", {c} times");
            }
            (None, Some(Until::Date(d))) => {
                let _ = write!(s, ", until {} {} {}", d.day(), month_abbr(d.month()), d.year());
            }
            (None, Some(Until::Instant(t))) => {
                let _ = write!(s, ", until {t}");
            }
            (None, None) => {}
        }
        s
    }

    /// The local dates of one period of the rule (period `k` counted from the
    /// anchor's period in steps of INTERVAL), ascending, into `out`.
    fn period_dates(&self, anchor: Date, k: i64, out: &mut Vec<Date>) -> Option<()> {
        out.clear();
        let step = k * i64::from(self.interval);
        match self.freq {
            Freq::Daily => {
                let d = anchor.checked_add(step.days()).ok()?;
                if self.matches_limits(d) {
                    out.push(d);
                }
            }
            Freq::Weekly => {
                let monday = anchor
                    .checked_sub(i64::from(anchor.weekday().to_monday_zero_offset()).days())
                    .ok()?
                    .checked_add((step * 7).days())
                    .ok()?;
                if self.by_day.is_empty() {
                    out.push(
                        monday
                            .checked_add(i64::from(anchor.weekday().to_monday_zero_offset()).days())
                            .ok()?,
                    );
                } else {
                    for d in &self.by_day {
                        out.push(
                            monday
                                .checked_add(i64::from(d.weekday.to_monday_zero_offset()).days())
                                .ok()?,
                        );
                    }
                }
            }
            Freq::Monthly => {
                let total = i64::from(anchor.year()) * 12 + i64::from(anchor.month() - 1) + step;
                let first = Date::new(
                    i16::try_from(total.div_euclid(12)).ok()?,
                    (total.rem_euclid(12) + 1) as i8,
                    1,
                )
                .ok()?;
                self.month_dates(first, Some(anchor.day()), out)?;
            }
            Freq::Yearly => {
                let year = i64::from(anchor.year()) + step;
                let year = i16::try_from(year).ok()?;
                if !self.by_month_day.is_empty() {
                    for m in 1..=12 {
                        self.month_dates(Date::new(year, m, 1).ok()?, None, out)?;
                    }
                } else if !self.by_day.is_empty() {
                    let first = Date::new(year, 1, 1).ok()?;
                    let last = Date::new(year, 12, 31).ok()?;
                    for d in &self.by_day {
                        match d.nth {
                            Some(n) => {
                                let from = if n > 0 {
                                    first.yesterday().ok()?
                                } else {
                                    last.tomorrow().ok()?
                                };
                                if let Ok(x) = from.nth_weekday(i32::from(n), d.weekday)
                                    && x.year() == year
                                {
                                    out.push(x);
                                }
                            }
                            None => {
                                let mut x = first;
                                let off = (wd_index(d.weekday) + 7 - wd_index(first.weekday())) % 7;
                                x = x.checked_add((off as i64).days()).ok()?;
                                while x.year() == year {
                                    out.push(x);
                                    x = x.checked_add(7.days()).ok()?;
                                }
                            }
                        }
                    }
                } else if let Ok(d) = Date::new(year, anchor.month(), anchor.day()) {
                    out.push(d);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(())
    }

    /// Dates of one month: BYMONTHDAY (limited by BYDAY), else BYDAY, else the
    /// anchor's day of month when the month has it (RFC 5545: the 31st skips
    /// shorter months).
    fn month_dates(&self, first: Date, anchor_day: Option<i8>, out: &mut Vec<Date>) -> Option<()> {
        let dim = first.days_in_month();
        if !self.by_month_day.is_empty() {
            for &md in &self.by_month_day {
                let day = if md > 0 { md } else { dim + 1 + md };
                if (1..=dim).contains(&day) {
                    let d = first.with().day(day).build().ok()?;
                    if self.by_day.is_empty()
                        || self.by_day.iter().any(|b| self.by_day_matches_in_month(b, d))
                    {
                        out.push(d);
                    }
                }
            }
        } else if !self.by_day.is_empty() {
            for b in &self.by_day {
                match b.nth {
                    Some(n) => {
                        if let Ok(d) = first.nth_weekday_of_month(n, b.weekday) {
                            out.push(d);
                        }
                    }
                    None => {
                        let off = (wd_index(b.weekday) + 7 - wd_index(first.weekday())) % 7;
                        let mut day = 1 + off as i8;
                        while day <= dim {
                            out.push(first.with().day(day).build().ok()?);
                            day += 7;
                        }
                    }
                }
            }
        } else if let Some(day) = anchor_day
            && day <= dim
        {
            out.push(first.with().day(day).build().ok()?);
        }
        Some(())
    }

    fn by_day_matches_in_month(&self, b: &ByDay, d: Date) -> bool {
        b.weekday == d.weekday()
            && b.nth
                .is_none_or(|n| d.nth_weekday_of_month(n, b.weekday).is_ok_and(|x| x == d))
    }

    /// BYDAY and BYMONTHDAY limit a daily rule.
    fn matches_limits(&self, d: Date) -> bool {
        let day_ok = self.by_day.is_empty() || self.by_day.iter().any(|b| b.weekday == d.weekday());
        let dim = d.days_in_month();
        let md_ok = self.by_month_day.is_empty()
            || self.by_month_day.iter().any(|&m| {
                if m > 0 {
                    m == d.day()
                } else {
                    dim + 1 + m == d.day()
                }
            });
        day_ok && md_ok
    }

    /// The occurrences of the series anchored at `anchor` (whose period is
    /// period 0), from the anchor's date on, ignoring COUNT and UNTIL.
    fn occurrences(&self, anchor: Due) -> Occurrences<'_> {
        Occurrences {
            rule: self,
            anchor,
            k: 0,
            empty: 0,
            buf: Vec::new(),
            idx: 0,
            done: false,
        }
    }

    fn within_until(&self, due: &Due, zone: &TimeZone) -> bool {
        match self.until {
            None => true,
            Some(Until::Date(d)) => due.date() <= d,
            Some(Until::Instant(t)) => due.instant(zone) <= t,
        }
    }

    /// The first due of a new repeating task: the rule's first occurrence from
    /// `now`, at `time` of day (or date-only). The interval counts from that
    /// first occurrence, so "every other monday" starts next Monday.
    pub fn first_due(&self, time: Option<Time>, now: Timestamp, zone: &TimeZone) -> Result<Due, TimeError> {
        let today = zone.to_datetime(now).date();
        let start = match time {
            Some(t) => Due::DateTime(today.to_datetime(t)),
            None => Due::Date(today),
        };
        let mut pattern = self.clone();
        pattern.interval = 1;
        let first = pattern
            .occurrences(start)
            .find(|d| match d {
                Due::Date(_) => true,
                Due::DateTime(_) => d.instant(zone) >= now,
            })
            .ok_or(TimeError::NoOccurrence)?;
        if !self.within_until(&first, zone) {
            return Err(TimeError::UntilBeforeStart);
        }
        Ok(first)
    }

    /// Every occurrence of the series starting at `start` (a due that is an
    /// occurrence), honouring COUNT and UNTIL, at most `limit` of them.
    pub fn expand(&self, start: Due, zone: &TimeZone, limit: usize) -> Vec<Due> {
        let max = self.count.map_or(limit, |c| (c as usize).min(limit));
        self.occurrences(start)
            .skip_while(|d| *d < start)
            .take_while(|d| self.within_until(d, zone))
            .take(max)
            .collect()
    }
}

/// What completing a repeating task does to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Advance {
    /// The task stays open with this due and this rule (COUNT reduced by the
    /// occurrences used up).
    Next { due: Due, rule: Rule },
    /// The rule is exhausted: the task completes.
    Done,
}

/// The next due of a repeating task completed at `completed_at`.
///
/// - `RepeatFrom::Due`: the next occurrence of the series after the current
///   due that is also not already past, so a task completed late does not
///   come back overdue; occurrences skipped that way count towards COUNT.
/// - `RepeatFrom::Completion`: the series restarts on the day of completion
///   (same time of day) and the next occurrence after that day is taken.
pub fn next_due(
    rule: &Rule,
    from: RepeatFrom,
    current: Due,
    completed_at: Timestamp,
    zone: &TimeZone,
) -> Advance {
    let remaining = rule.count;
    let (mut candidates, mut used): (Box<dyn Iterator<Item = Due>>, u32) = match from {
        RepeatFrom::Due => (
            Box::new(rule.occurrences(current).filter(move |d| *d > current)),
            1,
        ),
        RepeatFrom::Completion => {
            let day = zone.to_datetime(completed_at).date();
            let anchor = current.on(day);
            (
                Box::new(rule.occurrences(anchor).filter(move |d| d.date() > day)),
                1,
            )
        }
    };
    let next = loop {
        let Some(d) = candidates.next() else {
            return Advance::Done;
        };
        if remaining.is_some_and(|c| used >= c) || !rule.within_until(&d, zone) {
            return Advance::Done;
        }
        let past = match d {
            Due::Date(date) => date < zone.to_datetime(completed_at).date(),
            Due::DateTime(_) => d.instant(zone) <= completed_at,
        };
        if from == RepeatFrom::Due && past {
            used += 1;
            continue;
        }
        break d;
    };
    let mut rule = rule.clone();
    rule.count = remaining.map(|c| c - used);
    Advance::Next { due: next, rule }
}

struct Occurrences<'r> {
    rule: &'r Rule,
    anchor: Due,
    k: i64,
    empty: i64,
    buf: Vec<Date>,
    idx: usize,
    done: bool,
}

impl Iterator for Occurrences<'_> {
    type Item = Due;

    fn next(&mut self) -> Option<Due> {
        loop {
            if self.done {
                return None;
            }
            while self.idx < self.buf.len() {
                let date = self.buf[self.idx];
                self.idx += 1;
                if date >= self.anchor.date() {
                    return Some(self.anchor.on(date));
                }
            }
            if self.empty > MAX_EMPTY_PERIODS {
                self.done = true;
                return None;
            }
            let mut buf = std::mem::take(&mut self.buf);
            if self
                .rule
                .period_dates(self.anchor.date(), self.k, &mut buf)
                .is_none()
            {
                self.done = true;
                return None;
            }
            self.buf = buf;
            self.idx = 0;
            self.k += 1;
            if self.buf.iter().any(|d| *d >= self.anchor.date()) {
                self.empty = 0;
            } else {
                self.empty += 1;
            }
        }
    }
}

fn parse_by_day(item: &str) -> Option<ByDay> {
    if item.len() < 2 || !item.is_char_boundary(item.len() - 2) {
        return None;
    }
    let (num, code) = item.split_at(item.len() - 2);
    let i = RRULE_DAYS.iter().position(|c| c.eq_ignore_ascii_case(code))?;
    let nth = if num.is_empty() {
        None
    } else {
        let n = num.strip_prefix('+').unwrap_or(num).parse::<i8>().ok()?;
        (n != 0).then_some(n)?;
        Some(n)
    };
    Some(ByDay {
        nth,
        weekday: weekday_from_index(i),
    })
}

fn parse_until(value: &str) -> Option<Until> {
    let v = value.trim();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| -> Option<Date> {
        if s.len() != 8 || !digits(s) {
            return None;
        }
        Date::new(s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?).ok()
    };
    match v.len() {
        8 => date(v).map(Until::Date),
        15 | 16 => {
            let d = date(&v[..8])?;
            let t = v.get(9..15).filter(|t| digits(t))?;
            if v.as_bytes()[8] != b'T' {
                return None;
            }
            let dt = d.at(
                t[..2].parse().ok()?,
                t[2..4].parse().ok()?,
                t[4..].parse().ok()?,
                0,
            );
            // A floating UNTIL (no `Z`) is read as UTC: Tasklink writes UNTIL as a date.
            TimeZone::UTC.to_timestamp(dt).ok().map(Until::Instant)
        }
        _ => None,
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FREQ={}", self.freq.as_str())?;
        if self.interval > 1 {
            write!(f, ";INTERVAL={}", self.interval)?;
        }
        if !self.by_day.is_empty() {
            f.write_str(";BYDAY=")?;
            for (i, d) in self.by_day.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                if let Some(n) = d.nth {
                    write!(f, "{n}")?;
                }
                f.write_str(RRULE_DAYS[wd_index(d.weekday)])?;
            }
        }
        if !self.by_month_day.is_empty() {
            f.write_str(";BYMONTHDAY=")?;
            for (i, d) in self.by_month_day.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                write!(f, "{d}")?;
            }
        }
        if let Some(c) = self.count {
            write!(f, ";COUNT={c}")?;
        }
        match self.until {
            Some(Until::Date(d)) => write!(f, ";UNTIL={}", d.strftime("%Y%m%d"))?,
            Some(Until::Instant(t)) => write!(f, ";UNTIL={}", t.strftime("%Y%m%dT%H%M%SZ"))?,
            None => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
