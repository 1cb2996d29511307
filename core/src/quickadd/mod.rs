//! Quick add: one line such as `Pay rent every month on the 1st at 9am p1 #home`
//! becomes a title, a due, a repeat, a priority, tags and a reminder. The same
//! deterministic parser serves `/add`, the offline brain, the portal's add box,
//! `POST /api/parse`, and the `due`/`repeat`/`remind` arguments of the tools.
//!
//! # How words are read
//!
//! The line is split into words once; at each word the phrase matchers are
//! tried, and a word a matcher takes leaves the title. What stays is the title,
//! in the person's own spelling.
//!
//! Date words can be part of a title, so some need a marker:
//! - `today`, `tonight`, `tomorrow`, `in 2 hours`, `next week`, `Nov 27`,
//!   `2026-11-27`, `9am`, `14:30`, `at 9`, `noon`, `every …` are dates wherever they stand.
//! - A weekday alone ("Sunday roast recipe") stays in the title unless something
//!   marks it as a date: `on`/`by`/`due`/`this`/`next`/`every`/`until` before it,
//!   a time right before or after it ("friday 5pm"), or being said last after
//!   a title word ("pay the gas bill friday", as the chat brain reads it too).
//!   Otherwise a note says so, so nothing is guessed silently.
//! - Capitalised date words inside a run of three or more capitalised words
//!   (not counting the first word of the line) are a name, not a date:
//!   "Finish The Day After Tomorrow essay" keeps its title.
//! - A month name needs a day next to it ("May" alone is a word).
//! - `at 14` is 14:00; a bare hour from 1 to 12 (`at 7`, `at 2:15`) is read by its
//!   context: a part of the day said ("tonight", "every evening") or a title
//!   word ("dinner", "breakfast") gives its half; else 1-6 is the afternoon,
//!   12 noon, and 7-11 the morning on a day that is said, or the next time
//!   the clock shows it. A time alone is today's if it is still ahead, else
//!   tomorrow's.
//! - Fixed readings: `tonight` 20:00, `end of day`/`eod` 17:00, `midnight`
//!   23:59 (so it stays on the day it is said for), `morning` 09:00,
//!   `afternoon` 15:00, `evening` 19:00, `night` 21:00; `next fri` is the
//!   Friday of next week, `on fri`/`fri 5pm` the next Friday after today,
//!   `this fri` the next from today on; `next week` is next Monday.
//!
//! A date that cannot be read ("Nov 31", "at 25") or is ambiguous ("03/04",
//! two different dates) leaves the whole title (minus tags and priority) and no
//! due; a note says why.

#[cfg(test)]
mod golden;
mod lexicon;

use jiff::{
    SignedDuration, Timestamp, ToSpan,
    civil::{Date, Time, Weekday},
    tz::TimeZone,
};

use crate::{
    tasks::fields::{Priority, Tag, Tags},
    time::{ByDay, Due, Freq, Remind, Rule, TimeError, Until, zone_name},
};
/// Whether a word names a weekday ("mon", "Friday"); shared with the chat brain.
pub(crate) use lexicon::weekday_of;
use lexicon::{
    TRAILING_WEEKDAYS, Unit, WEEKDAY_LEADS, month_of, number_of, ordinal_day, ordinal_nth,
    split_compact_duration, unit_of,
};

/// What a quick-add line says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuickAdd {
    /// What is left once the date, repeat, priority and tag words are taken
    /// out; may be empty ("tomorrow 9am").
    pub title: String,
    pub due: Option<Due>,
    pub repeat: Option<Rule>,
    pub priority: Priority,
    pub tags: Tags,
    pub remind: Option<Remind>,
    /// What was not understood or was kept in the title on purpose, for the echo.
    pub notes: Vec<String>,
}

impl QuickAdd {
    /// `due Tue 1 Dec 09:00 (Europe/Berlin)`, `every month on the 1st`,
    /// `high`, `#home`, `reminder 30 min before`: the pieces of the echo, in order.
    pub fn summary_parts(&self, zone: &TimeZone, now: Timestamp) -> Vec<String> {
        let mut parts = Vec::new();
        let this_year = zone.to_datetime(now).year();
        if let Some(due) = &self.due {
            parts.push(format!(
                "due {} ({})",
                due.display(Some(this_year)),
                zone_name(zone)
            ));
        }
        if let Some(rule) = &self.repeat {
            parts.push(rule.text());
        }
        if self.priority != Priority::None {
            parts.push(self.priority.as_str().to_owned());
        }
        if !self.tags.is_empty() {
            parts.push(self.tags.to_string());
        }
        if let Some(remind) = &self.remind {
            parts.push(remind.describe(zone, Some(this_year)));
        }
        parts
    }

    /// The echo after the number: `Pay rent — due Tue 1 Dec 09:00
    /// (Europe/Berlin), every month on the 1st, high, #home`, then any notes.
    /// The bot replies `Added #7 ` followed by this.
    pub fn echo(&self, zone: &TimeZone, now: Timestamp) -> String {
        let mut s = self.title.clone();
        let parts = self.summary_parts(zone, now);
        if !parts.is_empty() {
            s.push_str(" — ");
            s.push_str(&parts.join(", "));
        }
        for note in &self.notes {
            s.push_str("\n(");
            s.push_str(note);
            s.push(')');
        }
        s
    }
}

/// The reading `POST /api/parse` answers: `{title, due, priority, tags,
/// repeat, repeat_text, remind_at, notes}`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Reading {
    pub title: String,
    /// `2026-12-01` or `2026-12-01T09:00:00+01:00`.
    pub due: Option<String>,
    pub priority: Priority,
    pub tags: Tags,
    pub repeat: Option<String>,
    pub repeat_text: Option<String>,
    /// RFC 3339 instant.
    pub remind_at: Option<String>,
    pub notes: Vec<String>,
}

impl QuickAdd {
    pub fn reading(&self, zone: &TimeZone) -> Reading {
        Reading {
            title: self.title.clone(),
            due: self.due.map(|d| d.to_rfc3339(zone)),
            priority: self.priority,
            tags: self.tags.clone(),
            repeat: self.repeat.as_ref().map(Rule::to_string),
            repeat_text: self.repeat.as_ref().map(Rule::text),
            remind_at: self.remind_at(zone).map(|t| t.to_string()),
            notes: self.notes.clone(),
        }
    }

    /// When the reminder goes off: the one asked for, else the due time of a
    /// timed due (DESIGN: a timed due sets a reminder at the due time).
    pub fn remind_at(&self, zone: &TimeZone) -> Option<Timestamp> {
        match (self.remind, self.due) {
            (Some(r), due) => r.instant(due.as_ref(), zone),
            (None, Some(d @ Due::DateTime(_))) => Some(d.instant(zone)),
            (None, _) => None,
        }
    }
}

/// Reads a quick-add line at `now` in the person's `zone`.
pub fn parse(text: &str, now: Timestamp, zone: &TimeZone) -> QuickAdd {
    let mut p = Parser::new(text, now, zone);
    p.run();
    p.finish()
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok<'a> {
    /// The word without trailing punctuation.
    w: &'a str,
    start: usize,
    end: usize,
    /// A comma (or semicolon) followed the word.
    comma: bool,
    /// Part of a run of 3+ capitalised words (a name such as a film title).
    in_name: bool,
}

impl Tok<'_> {
    fn is(&self, word: &str) -> bool {
        self.w.eq_ignore_ascii_case(word)
    }
    fn is_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.is(w))
    }
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::with_capacity(16);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if start == i {
            break;
        }
        let raw = &text[start..i];
        // Trailing punctuation is not part of the word, but `!`-only words are priorities.
        let w = if raw.bytes().all(|b| b == b'!') {
            raw
        } else {
            raw.trim_end_matches([',', '.', ';', '?', '!', ')', ':'])
        };
        let w = w.strip_prefix('(').unwrap_or(w);
        toks.push(Tok {
            w,
            start,
            end: i,
            comma: raw.ends_with(',') || raw.ends_with(';'),
            in_name: false,
        });
    }
    // Names: runs of 3+ capitalised words, not counting the first word. A
    // word in capitals throughout ("MONDAY", "EVERY") is shouted, not a name's:
    // "I NEED TO GO TO THE BANK ON MONDAY" keeps its date.
    let cap = |t: &Tok<'_>| {
        t.w.chars().next().is_some_and(char::is_uppercase) && t.w.chars().skip(1).any(char::is_lowercase)
    };
    let mut j = 1;
    while j < toks.len() {
        if cap(&toks[j]) {
            let s = j;
            while j < toks.len() && cap(&toks[j]) {
                j += 1;
            }
            // "Open house at 42 Birch Lane Sunday 1pm": a weekday that ends
            // the run, said last or before a clock time, is the date.
            let mut e = j;
            let weekday = |t: &Tok<'_>| crate::time::DAY_NAMES.iter().any(|d| t.is(d));
            if weekday(&toks[e - 1])
                && toks
                    .get(e)
                    .is_none_or(|n| n.w.starts_with(|c: char| c.is_ascii_digit()))
            {
                e -= 1;
            }
            if e - s >= 3 {
                for t in &mut toks[s..e] {
                    t.in_name = true;
                }
            }
        } else {
            j += 1;
        }
    }
    toks
}

/// What a matcher found at a word.
enum Found {
    /// A phrase of this many words was understood.
    Took(usize),
    /// A phrase of this many words looks like a date but cannot be read.
    Bad(usize, String),
    No,
}

/// A time of day that applies unless an explicit one is given ("tonight").
#[derive(Clone, Copy)]
struct DefaultTime(Time);

pub(crate) struct Parser<'a> {
    text: &'a str,
    toks: Vec<Tok<'a>>,
    used: Vec<bool>,
    now: Timestamp,
    zone: &'a TimeZone,
    today: Date,
    pub(crate) date: Option<Date>,
    pub(crate) time: Option<Time>,
    default_time: Option<DefaultTime>,
    pub(crate) instant: Option<Timestamp>,
    pub(crate) rule: Option<Rule>,
    /// A repeat tied to a calendar date ("every Nov 27").
    repeat_date: Option<Date>,
    until: Option<Date>,
    count: Option<u32>,
    remind: Option<Remind>,
    priority: Priority,
    tags: Tags,
    notes: Vec<String>,
    /// The date or time could not be read: no due, the title stays whole.
    spoiled: bool,
    /// Index of the word after the last time phrase (for "5pm friday").
    last_time_end: Option<usize>,
    last_date_end: Option<usize>,
    /// Words a weekday alone would have been a date for, to mention in a note.
    bare_weekdays: Vec<(usize, &'a str)>,
    /// The hour a part of day ("tomorrow morning") gave, until a clock time refines it.
    part_of_day: Option<i8>,
    /// The time is a bare hour ("at 7"), read by its context after every word.
    bare_hour: bool,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str, now: Timestamp, zone: &'a TimeZone) -> Self {
        let toks = tokenize(text);
        let local_now = zone.to_datetime(now);
        Self {
            text,
            used: vec![false; toks.len()],
            toks,
            now,
            zone,
            today: local_now.date(),
            date: None,
            time: None,
            default_time: None,
            instant: None,
            rule: None,
            repeat_date: None,
            until: None,
            count: None,
            remind: None,
            priority: Priority::None,
            tags: Tags::default(),
            notes: Vec::new(),
            spoiled: false,
            last_time_end: None,
            last_date_end: None,
            bare_weekdays: Vec::new(),
            part_of_day: None,
            bare_hour: false,
        }
    }

    /// True when every word was taken by some phrase (for tool arguments).
    pub(crate) fn all_used(&self) -> bool {
        !self.toks.is_empty() && self.used.iter().all(|u| *u)
    }

    pub(crate) fn is_spoiled(&self) -> bool {
        self.spoiled
    }

    pub(crate) fn run(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            if self.used[i] {
                i += 1;
                continue;
            }
            let found = self.try_at(i);
            match found {
                Found::Took(n) => {
                    for u in &mut self.used[i..i + n] {
                        *u = true;
                    }
                    i += n;
                }
                Found::Bad(n, note) => {
                    self.spoiled = true;
                    self.notes.push(note);
                    i += n.max(1);
                }
                Found::No => i += 1,
            }
        }
        let undated = self.date.is_none() && self.rule.is_none() && self.instant.is_none() && !self.spoiled;
        if undated
            && let Some(&(i, w)) = self.bare_weekdays.last()
            && self.weekday_said_last(i)
            && let Some(wd) = weekday_of(w)
        {
            self.date = Some(next_weekday(self.today, wd, false));
            self.last_date_end = Some(i + 1);
            self.used[i] = true;
        } else if !self.bare_weekdays.is_empty() && undated {
            let (_, w) = self.bare_weekdays[0];
            self.notes.push(format!(
                "\"{w}\" is kept in the title; write \"on {w}\" to make it the due date"
            ));
        }
        if self.bare_hour {
            self.read_bare_hour();
        }
    }

    /// "at 7" with no am/pm, read by its context: a part of the day said
    /// ("tonight", "every evening") or a word of the title ("dinner at 7",
    /// "breakfast at 8") gives its half of the day; without one, 1 to 6 is
    /// the afternoon (no one calls the bank at 4am), 12 is noon, and 7 to 11
    /// is the morning on a day that is said, or else the next time the clock
    /// shows it ("call the electrician at 7" at 10:00 is 19:00 today).
    fn read_bare_hour(&mut self) {
        let Some(t) = self.time else {
            return;
        };
        let h = t.hour() % 12;
        // 12 is noon whatever is said around it.
        if h == 0 {
            return;
        }
        let said = |words: &[&str]| {
            self.toks
                .iter()
                .enumerate()
                .any(|(k, x)| !self.used[k] && words.iter().any(|w| x.is(w)))
        };
        let part = self.default_time.map(|d| d.0.hour());
        let pm = if part.is_some_and(|p| p >= 12) || said(EVENING_WORDS) {
            true
        } else if part.is_some() || said(MORNING_WORDS) {
            false
        } else if h <= 6 {
            // 1 to 6 is the afternoon.
            true
        } else if self.date.is_some() || self.rule.is_some() {
            false
        } else {
            // Today's hour in the morning has passed and its evening has not.
            let at = |hour: i8| {
                self.zone
                    .to_timestamp(self.today.to_datetime(Time::constant(hour, 0, 0, 0)))
                    .is_ok_and(|x| x < self.now)
            };
            at(h) && !at(h + 12)
        };
        let hour = if pm { h + 12 } else { h };
        self.time = Time::new(hour, t.minute(), 0, 0).ok().or(self.time);
    }

    /// A weekday said last, after a title word that does not already say what
    /// it is, is the due day: "pay the gas bill friday", "dentist thursday
    /// #health". Said first ("Sunday roast recipe"), before a title noun
    /// ("Prepare for Monday meeting"), after a lead ("Stay until friday",
    /// "Prepare for Monday"), in a name ("Watch Friday Night Lights") or
    /// abbreviated ("lie in the sun"), it stays in the title.
    fn weekday_said_last(&self, i: usize) -> bool {
        let (Some(day), Some(before)) = (self.toks.get(i), i.checked_sub(1).and_then(|k| self.toks.get(k)))
        else {
            return false;
        };
        let full = TRAILING_WEEKDAYS.iter().any(|w| day.is(w));
        let last = self.used[i + 1..].iter().all(|u| *u);
        let led = before.is_any(WEEKDAY_LEADS) || self.used[i - 1];
        full && last && !led && !day.in_name
    }

    fn try_at(&mut self, i: usize) -> Found {
        let t = self.toks[i];
        let first = t.w.as_bytes().first().copied().unwrap_or(b' ');
        if first == b'#' {
            return self.tag(i);
        }
        if let Some(p) = priority_of(t.w) {
            self.priority = p;
            return Found::Took(1);
        }
        if t.in_name {
            return Found::No;
        }
        if t.is("remind") || (t.is("reminder") && !t.comma) {
            return self.remind(i);
        }
        if t.is_any(&[
            "every",
            "each",
            "daily",
            "weekly",
            "monthly",
            "yearly",
            "annually",
            "fortnightly",
            "biweekly",
        ]) {
            return self.repeat(i);
        }
        // UNTIL and COUNT belong to a repeat said before them ("every day until Dec 31").
        if (t.is("until") || t.is("till")) && self.rule.is_some() {
            return self.until(i);
        }
        if (t.is("for") || first.is_ascii_digit() || t.is_any(&["once", "twice"]))
            && self.rule.is_some()
            && let Some(n) = self.count_phrase(i)
        {
            return Found::Took(n);
        }
        if (t.is("the") || first.is_ascii_digit())
            && let Some(n) = self.day_of_every_month(i)
        {
            return Found::Took(n);
        }
        // "the 3 of december", "the 14th of May": a calendar date after
        // "the" without "on" (a day of the month alone stays in the title).
        if t.is("the")
            && self.date.is_none()
            && self
                .tok(i + 1)
                .is_some_and(|x| x.w.starts_with(|c: char| c.is_ascii_digit()))
            && let Some((len, d)) = self.read_calendar_date(i + 1)
        {
            return match d {
                Ok(d) => self.set_date(i, len + 1, d),
                Err(note) => Found::Bad(len + 1, note),
            };
        }
        if let f @ (Found::Took(_) | Found::Bad(..)) = self.time_phrase(i) {
            return f;
        }
        self.date_phrase(i)
    }

    fn tag(&mut self, i: usize) -> Found {
        let w = self.toks[i].w;
        if !is_tag_word(w) {
            return Found::No;
        }
        match Tag::parse(w) {
            Ok(tag) => match self.tags.push(tag) {
                Ok(()) => Found::Took(1),
                Err(e) => {
                    self.notes.push(format!("{w} kept in the title: {e}"));
                    Found::No
                }
            },
            // "#1" style words and symbols are not tags; they stay as written.
            Err(_) => Found::No,
        }
    }

    fn tok(&self, i: usize) -> Option<&Tok<'a>> {
        self.toks
            .get(i)
            .filter(|_| !self.used.get(i).copied().unwrap_or(true))
    }

    // ---- times -------------------------------------------------------------

    /// `9am`, `9 am`, `9:30pm`, `14:30`, `at 9`, `at 14:30`, `noon`, `midnight`,
    /// `at noon`, and `morning`/`evening`… after a date word.
    fn time_phrase(&mut self, i: usize) -> Found {
        let t = self.toks[i];
        // "at 3 in the afternoon", "at 7 in the evening": the part of the day
        // after a clock time says its half of the day.
        if t.is("in")
            && self.last_time_end == Some(i)
            && let Some(time) = self.time
            && self.tok(i + 1).is_some_and(|x| x.is("the"))
            && let Some(h) = self.tok(i + 2).and_then(|x| part_of_day(x.w))
            && !self.tok(i + 2).is_some_and(|x| x.is_any(&["am", "pm"]))
        {
            self.time = Some(in_part_of_day(time, h));
            self.bare_hour = false;
            self.last_time_end = Some(i + 3);
            return Found::Took(3);
        }
        // "by 10", "before 5": a bare hour after them is a clock time, as after "at".
        let bare_hour_after = |k: usize| {
            self.tok(k)
                .is_some_and(|x| x.w.len() <= 2 && x.w.bytes().all(|b| b.is_ascii_digit()))
                && !self.tok(k + 1).is_some_and(|x| {
                    x.is_any(&[
                        "days", "day", "weeks", "week", "hours", "hour", "minutes", "mins", "min", "months",
                        "month", "years", "year", "of", "st", "nd", "rd", "th",
                    ]) || month_of(x.w).is_some()
                })
        };
        let (start, at) = if t.is("at") || t.is("@") || t.is_any(&["by", "before"]) && bare_hour_after(i + 1)
        {
            (i + 1, true)
        } else {
            (i, false)
        };
        let Some(tok) = self.tok(start).copied() else {
            return Found::No;
        };
        let found = if tok.is("noon") || tok.is("midday") || tok.is("lunchtime") {
            Some((1, Ok(Time::constant(12, 0, 0, 0))))
        } else if let Some(spoken) = self.spoken_clock(start, at) {
            Some(spoken)
        } else if tok.is("midnight") {
            // The last minute of the day, so "midnight" stays on the day it is said for.
            Some((1, Ok(Time::constant(23, 59, 0, 0))))
        } else if !at
            && self.last_date_end == Some(i)
            && let Some(h) = part_of_day(tok.w)
        {
            // "at 8 tomorrow morning", "at 7 tomorrow evening": the clock time
            // said first stays, in the half of the day the part names.
            if let Some(t) = self.time {
                self.time = Some(in_part_of_day(t, h));
                self.bare_hour = false;
                return Found::Took(1);
            }
            self.part_of_day = Some(h);
            Some((1, Ok(Time::constant(h, 0, 0, 0))))
        } else {
            let next = self.tok(start + 1).map(|t| t.w);
            clock_time(tok.w, next, at)
        };
        match found {
            None => Found::No,
            // "at 42 Birch Lane", "at 14 Mill St": a house number before a
            // capitalised name is a place in the title, not a time.
            Some(_) if at && tok.w.bytes().all(|b| b.is_ascii_digit()) && self.street_after(start + 1) => {
                Found::No
            }
            Some((n, Ok(time))) => {
                let len = start - i + n;
                // "at 7": a bare hour, read by its context once every word is read.
                // "at 2:15" too: an hour of the twelve with its minutes.
                let bare = at
                    && n == 1
                    && tok.w.bytes().all(|b| b.is_ascii_digit() || b == b':')
                    && tok
                        .w
                        .split(':')
                        .next()
                        .is_some_and(|h| h.len() <= 2 && !h.starts_with('0'))
                    && (1..=12).contains(&time.hour());
                // "tomorrow evening at 7": a clock time after a part of day refines it.
                let (time, bare) = match self.part_of_day {
                    Some(h) if self.time == Some(Time::constant(h, 0, 0, 0)) => {
                        self.time = None;
                        self.part_of_day = None;
                        (in_part_of_day(time, h), false)
                    }
                    _ => (time, bare),
                };
                self.bare_hour = bare;
                if self.time.is_some_and(|t| t != time) || self.instant.is_some() {
                    return Found::Bad(len, format!("two different times (\"{}\")", self.span(i, len)));
                }
                self.time = Some(time);
                self.last_time_end = Some(i + len);
                // "5pm friday": a weekday right after a time is a date.
                if let Some(n) = self.bare_weekday_after_time(i + len) {
                    return Found::Took(len + n);
                }
                Found::Took(len)
            }
            Some((n, Err(()))) => {
                let len = start - i + n;
                Found::Bad(
                    len,
                    format!(
                        "\"{}\" is not a time of day; no due date was set",
                        self.span(i, len)
                    ),
                )
            }
        }
    }

    /// Whether the word at `j` starts a street's name after a house number:
    /// capitalised, and no word of time ("at 9 Tomorrow", "at 7 PM").
    fn street_after(&self, j: usize) -> bool {
        const TIME_WORDS: &[&str] = &[
            "am", "pm", "a.m", "p.m", "h", "hrs", "uhr", "o'clock", "today", "tomorrow", "tonight", "next",
            "this", "every", "on", "in", "at", "by", "and", "or", "to", "till", "until",
        ];
        self.tok(j).is_some_and(|x| {
            x.w.starts_with(|c: char| c.is_uppercase())
                && !x.is_any(TIME_WORDS)
                && weekday_of(x.w).is_none()
                && month_of(x.w).is_none()
        })
    }

    /// A clock time said in words: `half past nine`, `quarter to 6`, `a
    /// quarter past 5pm`, `six o'clock`; and with `at` or am/pm, `half nine`
    /// (British, 9:30) and `six thirty`. Without am/pm the hour reads on a
    /// 24-hour clock (09:00); only a bare hour in digits is read by context.
    fn spoken_clock(&self, j: usize, at: bool) -> Option<(usize, Result<Time, ()>)> {
        let first = self.tok(j)?;
        let hour_at = |k: usize| -> Option<i8> {
            let w = self.tok(k)?.w;
            let n = if w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()) {
                w.parse().ok()?
            } else if w.len() > 2 {
                number_of(w)?
            } else {
                return None;
            };
            (1..=12).contains(&n).then_some(n as i8)
        };
        let meridiem_at = |k: usize| {
            let x = self.tok(k)?;
            if x.is_any(&["am", "a.m"]) {
                Some(false)
            } else if x.is_any(&["pm", "p.m"]) {
                Some(true)
            } else {
                None
            }
        };
        let (len, hour, minute, marked) = if first.is("half") {
            let past = usize::from(self.tok(j + 1).is_some_and(|x| x.is("past")));
            (2 + past, hour_at(j + 1 + past)?, 30, past == 1)
        } else if first.is("quarter") || first.is("a") && self.tok(j + 1).is_some_and(|x| x.is("quarter")) {
            let q = usize::from(first.is("a"));
            let dir = self.tok(j + q + 1)?;
            let h = hour_at(j + q + 2)?;
            if dir.is_any(&["past", "after"]) {
                (q + 3, h, 15, true)
            } else if dir.is_any(&["to", "before", "til"]) {
                (q + 3, if h == 1 { 12 } else { h - 1 }, 45, true)
            } else {
                return None;
            }
        } else {
            let h = hour_at(j)?;
            let next = self.tok(j + 1)?;
            if next.is_any(&["o'clock", "oclock", "o’clock"]) {
                (2, h, 0, true)
            } else {
                let m = [
                    ("thirty", 30),
                    ("fifteen", 15),
                    ("forty-five", 45),
                    ("fortyfive", 45),
                ]
                .iter()
                .find(|(w, _)| next.is(w))?
                .1;
                (2, h, m, false)
            }
        };
        let meridiem = meridiem_at(j + len);
        if !(marked || at || meridiem.is_some()) {
            return None;
        }
        let hour = match meridiem {
            Some(true) if hour < 12 => hour + 12,
            Some(false) if hour == 12 => 0,
            _ => hour,
        };
        Some((
            len + usize::from(meridiem.is_some()),
            Time::new(hour, minute, 0, 0).map_err(|_| ()),
        ))
    }

    /// "end of day friday", "eod on monday", "eod tomorrow": the day the end
    /// of day is of, said right after it (words taken and the date).
    fn day_after_end_of_day(&self, j: usize) -> Option<(usize, Date)> {
        let on = usize::from(self.tok(j).is_some_and(|t| t.is("on")));
        let t = self.tok(j + on).filter(|t| !t.in_name)?;
        if t.is_any(&["tomorrow", "tmr", "tmrw"]) {
            return Some((on + 1, add_days(self.today, 1)));
        }
        let wd = weekday_of(t.w)?;
        Some((on + 1, next_weekday(self.today, wd, true)))
    }

    fn bare_weekday_after_time(&mut self, j: usize) -> Option<usize> {
        let t = *self.tok(j)?;
        if t.in_name || self.date.is_some() {
            return None;
        }
        let (skip, t) = if t.is("on") {
            (1, *self.tok(j + 1)?)
        } else {
            (0, t)
        };
        let wd = weekday_of(t.w)?;
        self.date = Some(next_weekday(self.today, wd, false));
        self.last_date_end = Some(j + skip + 1);
        Some(skip + 1)
    }

    fn span(&self, i: usize, len: usize) -> &'a str {
        let end = (i + len).min(self.toks.len());
        if end <= i {
            return "";
        }
        &self.text[self.toks[i].start..self.toks[end - 1].end]
    }

    // ---- dates -------------------------------------------------------------

    fn set_date(&mut self, i: usize, len: usize, date: Date) -> Found {
        if self.date.is_some_and(|d| d != date) || self.instant.is_some() {
            return Found::Bad(
                len,
                format!(
                    "two different dates (\"{}\"); no due date was set",
                    self.span(i, len)
                ),
            );
        }
        self.date = Some(date);
        self.last_date_end = Some(i + len);
        // "friday 5pm" is read by the time matcher at the next word.
        Found::Took(len)
    }

    fn date_phrase(&mut self, i: usize) -> Found {
        let t = self.toks[i];
        // Markers that make the next date phrase a due date.
        if t.is_any(&["on", "by", "due", "before"]) {
            let mut j = i + 1;
            if t.is("due") && self.tok(j).is_some_and(|n| n.is_any(&["on", "by"])) {
                j += 1;
            }
            let Some(next) = self.tok(j).copied() else {
                return Found::No;
            };
            if next.in_name {
                return Found::No;
            }

            // "on mondays": a weekday in the plural is every week's.
            if t.is("on")
                && self.rule.is_none()
                && next.w.len() > 4
                && next.w.ends_with(['s', 'S'])
                && let Some(wd) = weekday_of(next.w)
            {
                self.rule = Some(weekly_on(1, &[wd.to_monday_zero_offset() as usize]));
                return Found::Took(2);
            }
            if let Some(wd) = weekday_of(next.w) {
                let d = next_weekday(self.today, wd, false);
                return self.set_date(i, j - i + 1, d);
            }
            // "on the 1st of every month"
            if let Some(n) = self.day_of_every_month(j) {
                return Found::Took(j - i + n);
            }
            // "on the 14th of December": a calendar date after "the".
            if next.is("the")
                && let Some((len, d)) = self.read_calendar_date(j + 1)
            {
                return match d {
                    Ok(d) => self.set_date(i, j - i + 1 + len, d),
                    Err(note) => Found::Bad(j - i + 1 + len, note),
                };
            }
            // "on the 27th"
            if next.is("the")
                && let Some(day) = self.tok(j + 1).and_then(|x| ordinal_day(x.w))
            {
                return match self.next_month_day(day) {
                    Some(d) => self.set_date(i, j - i + 2, d),
                    None => Found::Bad(
                        j - i + 2,
                        format!("\"{}\" is not a date", self.span(i, j - i + 2)),
                    ),
                };
            }
            return match self.date_core(j) {
                Found::Took(n) => Found::Took(n + (j - i)),
                Found::Bad(n, note) => Found::Bad(n + (j - i), note),
                Found::No => Found::No,
            };
        }
        if let Some(wd) = weekday_of(t.w) {
            // A bare weekday is a date only next to a time ("friday 5pm").
            let time_follows = {
                let n = self.tok(i + 1).copied();
                let at = n.is_some_and(|n| n.is("at"));
                let k = if at { i + 2 } else { i + 1 };
                self.tok(k).is_some_and(|x| {
                    clock_time(x.w, self.tok(k + 1).map(|y| y.w), at).is_some()
                        || x.is_any(&[
                            "noon",
                            "midnight",
                            "morning",
                            "afternoon",
                            "evening",
                            "night",
                            "am",
                            "pm",
                        ])
                })
            };
            if time_follows || self.last_time_end == Some(i) {
                let d = next_weekday(self.today, wd, false);
                return self.set_date(i, 1, d);
            }
            self.bare_weekdays.push((i, t.w));
            return Found::No;
        }
        self.date_core(i)
    }

    /// Date phrases that need no marker.
    fn date_core(&mut self, i: usize) -> Found {
        let Some(t) = self.tok(i).copied() else {
            return Found::No;
        };
        if t.in_name {
            return Found::No;
        }
        let today = self.today;
        if t.is("today") {
            return self.set_date(i, 1, today);
        }
        if t.is("tonight") {
            self.default_time = Some(DefaultTime(Time::constant(20, 0, 0, 0)));
            return self.set_date(i, 1, today);
        }
        if t.is_any(&["tomorrow", "tmr", "tmrw", "tomorow"]) {
            return self.set_date(i, 1, add_days(today, 1));
        }
        if t.is("eod") {
            self.default_time = Some(DefaultTime(Time::constant(17, 0, 0, 0)));
            let (more, d) = self.day_after_end_of_day(i + 1).unwrap_or((0, today));
            return self.set_date(i, 1 + more, d);
        }
        // "(the) day after tomorrow"
        let the = usize::from(t.is("the"));
        if self.tok(i + the).is_some_and(|x| x.is("day"))
            && self.tok(i + the + 1).is_some_and(|x| x.is("after"))
            && self
                .tok(i + the + 2)
                .is_some_and(|x| x.is("tomorrow") && !x.in_name)
        {
            return self.set_date(i, the + 3, add_days(today, 2));
        }
        // "end of day|week|month"
        if self.tok(i + the).is_some_and(|x| x.is("end")) && self.tok(i + the + 1).is_some_and(|x| x.is("of"))
        {
            let e = i + the;
            let (skip, unit) = match self.tok(e + 2) {
                Some(x) if x.is("the") => (1, self.tok(e + 3).map(|x| x.w)),
                Some(x) => (0, Some(x.w)),
                None => (0, None),
            };
            let len = the + 3 + skip;
            match unit.map(str::to_ascii_lowercase).as_deref() {
                Some("day") => {
                    self.default_time = Some(DefaultTime(Time::constant(17, 0, 0, 0)));
                    let (more, d) = self.day_after_end_of_day(i + len).unwrap_or((0, today));
                    return self.set_date(i, len + more, d);
                }
                Some("week") => return self.set_date(i, len, next_weekday(today, Weekday::Friday, true)),
                Some("month") => return self.set_date(i, len, today.last_of_month()),
                _ => {}
            }
        }
        if t.is("this") || t.is("next") {
            let next = t.is("next");
            if let Some(n) = self.tok(i + 1).copied() {
                if let Some(wd) = weekday_of(n.w) {
                    let d = if next {
                        // "next fri": the Friday of next week (weeks start on Monday).
                        let monday = add_days(today, 7 - i64::from(today.weekday().to_monday_zero_offset()));
                        add_days(monday, i64::from(wd.to_monday_zero_offset()))
                    } else {
                        next_weekday(today, wd, true)
                    };
                    return self.set_date(i, 2, d);
                }
                if n.is("week") && next {
                    let monday = add_days(today, 7 - i64::from(today.weekday().to_monday_zero_offset()));
                    return self.set_date(i, 2, monday);
                }
                if n.is("month") && next {
                    let d = today.first_of_month().checked_add(1.month()).unwrap_or(today);
                    return self.set_date(i, 2, d);
                }
                if n.is("weekend") {
                    let sat = next_weekday(today, Weekday::Saturday, true);
                    let d =
                        if next && today.weekday() != Weekday::Saturday && today.weekday() != Weekday::Sunday
                        {
                            add_days(sat, 7)
                        } else {
                            sat
                        };
                    return self.set_date(i, 2, d);
                }
                if !next && let Some(h) = part_of_day(n.w) {
                    self.default_time = Some(DefaultTime(Time::constant(h, 0, 0, 0)));
                    return self.set_date(i, 2, today);
                }
            }
            return Found::No;
        }
        // "within 14 days" reads as "in 14 days".
        if t.is("in") || t.is("within") {
            let span = self.relative(i);
            // "in 3 Dec", "in this weekend": a date after "in", as learners say it.
            if t.is("in") && matches!(span, Found::No) && self.tok(i + 1).is_some_and(|n| !n.in_name) {
                return match self.date_core(i + 1) {
                    Found::Took(n) => Found::Took(n + 1),
                    Found::Bad(n, note) => Found::Bad(n + 1, note),
                    Found::No => Found::No,
                };
            }
            return span;
        }
        self.calendar_date(i)
    }

    /// `in 2 hours`, `in 3 days`, `in a week`, `in 30m`, `in half an hour`.
    fn relative(&mut self, i: usize) -> Found {
        let Some(n) = self.tok(i + 1).copied() else {
            return Found::No;
        };
        let (len, amount, unit) = if n.is("half")
            && self.tok(i + 2).is_some_and(|x| x.is("an"))
            && self.tok(i + 3).is_some_and(|x| x.is_any(&["hour", "hr"]))
        {
            (4, 30, Unit::Minute)
        } else if let Some((a, u)) = split_compact_duration(n.w) {
            (2, a, u)
        } else if let Some(a) = number_of(n.w) {
            match self.tok(i + 2).and_then(|x| unit_of(x.w)) {
                Some(u) => (3, a, u),
                None => return Found::No,
            }
        } else {
            return Found::No;
        };
        match unit {
            Unit::Minute | Unit::Hour => {
                let mins = if unit == Unit::Hour {
                    i64::from(amount) * 60
                } else {
                    i64::from(amount)
                };
                if self.date.is_some() || self.time.is_some() || self.instant.is_some() {
                    return Found::Bad(
                        len,
                        format!(
                            "two different dates (\"{}\"); no due date was set",
                            self.span(i, len)
                        ),
                    );
                }
                self.instant = self.now.checked_add(SignedDuration::from_mins(mins)).ok();
                Found::Took(len)
            }
            Unit::Day | Unit::Week | Unit::Month | Unit::Year => {
                let span = match unit {
                    Unit::Day => i64::from(amount).days(),
                    Unit::Week => i64::from(amount).weeks(),
                    Unit::Month => i64::from(amount).months(),
                    _ => i64::from(amount).years(),
                };
                match self.today.checked_add(span) {
                    Ok(d) => self.set_date(i, len, d),
                    Err(_) => Found::Bad(len, format!("\"{}\" is too far away", self.span(i, len))),
                }
            }
        }
    }

    /// `Nov 27`, `November 27th 2027`, `27 Nov`, `27th of November`,
    /// `2026-11-27`, `27/11`, `11/27/2026`.
    fn calendar_date(&mut self, i: usize) -> Found {
        // "the 1st of December": the article goes with the date.
        if self.tok(i).is_some_and(|t| t.is("the") && !t.in_name)
            && let Some((len, d)) = self.read_calendar_date(i + 1)
            && self.tok(i + 1).is_some_and(|t| ordinal_day(t.w).is_some())
        {
            return match d {
                Ok(d) => self.set_date(i, len + 1, d),
                Err(note) => Found::Bad(len + 1, note),
            };
        }
        match self.read_calendar_date(i) {
            Some((len, Ok(d))) => self.set_date(i, len, d),
            Some((len, Err(note))) => Found::Bad(len, note),
            None => Found::No,
        }
    }

    /// A calendar date at `i` without touching the state; `Err` for a date
    /// that looks like one but is not valid or is ambiguous.
    fn read_calendar_date(&self, i: usize) -> Option<(usize, Result<Date, String>)> {
        let t = *self.tok(i)?;
        let w = t.w;
        // ISO 2026-11-27
        if w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
            let d = w
                .parse::<Date>()
                .map_err(|_| format!("\"{w}\" is not a date; no due date was set"));
            return Some((1, d));
        }
        // 27/11, 11/27, 27/11/2026
        if w.contains('/') && w.bytes().all(|b| b.is_ascii_digit() || b == b'/') {
            return Some((1, self.slash_date(w)));
        }
        let bad = |len: usize| {
            Err(format!(
                "\"{}\" is not a date; no due date was set",
                self.span(i, len)
            ))
        };
        // Month first: "Nov 27", "November 27th", "Nov 27 2027", "Nov 27, 2027"
        if let Some(m) = month_of(w) {
            let n = *self.tok(i + 1)?;
            let day = ordinal_day(n.w).or_else(|| n.w.parse::<i8>().ok().filter(|d| (1..=31).contains(d)))?;
            let (year, ylen) = self.year_at(i + 2, n.comma);
            return Some(match self.build_date(year, m, day) {
                Some(d) => (2 + ylen, Ok(d)),
                None => (2 + ylen, bad(2 + ylen)),
            });
        }
        // Day first: "27 Nov", "27th November", "27th of November"
        let day = ordinal_day(w).or_else(|| w.parse::<i8>().ok().filter(|d| (1..=31).contains(d)))?;
        let of = usize::from(self.tok(i + 1).is_some_and(|x| x.is("of")));
        let m = self.tok(i + 1 + of).and_then(|x| month_of(x.w))?;
        let comma = self.tok(i + 1 + of).is_some_and(|x| x.comma);
        let (year, ylen) = self.year_at(i + 2 + of, comma);
        let len = 2 + of + ylen;
        Some(match self.build_date(year, m, day) {
            Some(d) => (len, Ok(d)),
            None => (len, bad(len)),
        })
    }

    fn year_at(&self, i: usize, _after_comma: bool) -> (Option<i16>, usize) {
        match self.tok(i) {
            Some(t) if t.w.len() == 4 && t.w.bytes().all(|b| b.is_ascii_digit()) => {
                (t.w.parse::<i16>().ok().filter(|y| (2000..=2200).contains(y)), 1)
            }
            _ => (None, 0),
        }
    }

    /// A month and day, in the given year or else the next time it comes
    /// (today counts).
    fn build_date(&self, year: Option<i16>, month: i8, day: i8) -> Option<Date> {
        match year {
            Some(y) => Date::new(y, month, day).ok(),
            None => {
                let y = self.today.year();
                // Valid in some year at all? (Feb 29 is, Nov 31 is not.)
                Date::new(2028, month, day).ok()?;
                (0..8)
                    .filter_map(|k| Date::new(y + k, month, day).ok())
                    .find(|d| *d >= self.today)
            }
        }
    }

    fn slash_date(&self, w: &str) -> Result<Date, String> {
        let bad = || format!("\"{w}\" is not a date; no due date was set");
        let mut parts = w.split('/');
        let a: i8 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let b: i8 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let year = match parts.next() {
            Some(y) => {
                let y: i16 = y.parse().map_err(|_| bad())?;
                Some(if y < 100 { 2000 + y } else { y })
            }
            None => None,
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        let (day, month) = match (a, b) {
            (a, b) if a == b => (a, b),
            (a, b) if a > 12 && b <= 12 => (a, b),
            (a, b) if b > 12 && a <= 12 => (b, a),
            (a, b) if a <= 12 && b <= 12 => {
                return Err(format!(
                    "\"{w}\" could be {a} {} or {b} {}; write 2026-{b:02}-{a:02} or {a} {}; no due date was set",
                    crate::time::fmt_date_month(b),
                    crate::time::fmt_date_month(a),
                    crate::time::fmt_date_month(b),
                ));
            }
            _ => return Err(bad()),
        };
        self.build_date(year, month, day).ok_or_else(bad)
    }

    /// The next date (today counts) that has this day of the month.
    fn next_month_day(&self, day: i8) -> Option<Date> {
        let first = self.today.first_of_month();
        (0..12).find_map(|k| {
            let m = first.checked_add(k.months()).ok()?;
            let d = m.with().day(day).build().ok()?;
            (d >= self.today).then_some(d)
        })
    }

    // ---- repeats -----------------------------------------------------------

    fn repeat(&mut self, i: usize) -> Found {
        if self.rule.is_some() {
            return Found::No;
        }
        match self.read_repeat(i) {
            Some((len, Ok((rule, date)))) => {
                self.rule = Some(rule);
                self.repeat_date = date;
                Found::Took(len)
            }
            Some((len, Err(note))) => Found::Bad(len, note),
            None => Found::No,
        }
    }

    #[allow(clippy::type_complexity)]
    fn read_repeat(&mut self, i: usize) -> Option<(usize, Result<(Rule, Option<Date>), String>)> {
        let t = *self.tok(i)?;
        let simple = |f| Some((1, Ok((Rule::every(f, 1), None))));
        if t.is("daily") {
            return simple(Freq::Daily);
        }
        if t.is("weekly") {
            return simple(Freq::Weekly);
        }
        if t.is("monthly") {
            return simple(Freq::Monthly);
        }
        if t.is("yearly") || t.is("annually") {
            return simple(Freq::Yearly);
        }
        if t.is("fortnightly") || t.is("biweekly") {
            return Some((1, Ok((Rule::every(Freq::Weekly, 2), None))));
        }
        // every|each …
        let mut j = i + 1;
        let n = *self.tok(j)?;
        // every weekday / every weekend
        if n.is_any(&["weekday", "weekdays", "workday", "workdays"]) {
            return Some((2, Ok((weekly_on(1, &[0, 1, 2, 3, 4]), None))));
        }
        if n.is_any(&["weekend", "weekends"]) {
            return Some((2, Ok((weekly_on(1, &[5, 6]), None))));
        }
        // every morning / evening / night: daily at that time
        // A time said with it wins: "every morning at 7am".
        if let Some(h) = part_of_day(n.w) {
            if self.time.is_none() {
                self.default_time = Some(DefaultTime(Time::constant(h, 0, 0, 0)));
            }
            return Some((2, Ok((Rule::every(Freq::Daily, 1), None))));
        }
        // every last day (of the month)
        if n.is("last") && self.tok(j + 1).is_some_and(|x| x.is("day")) {
            let mut rule = Rule::every(Freq::Monthly, 1);
            rule.by_month_day.push(-1);
            return Some((3 + self.of_the_month(j + 2), Ok((rule, None))));
        }
        // every 2nd tue / every last fri (of the month)
        if let Some(nth) = ordinal_nth(n.w)
            && let Some(wd) = self.tok(j + 1).and_then(|x| weekday_of(x.w))
        {
            let mut rule = Rule::every(Freq::Monthly, 1);
            rule.by_day.push(ByDay {
                nth: Some(nth),
                weekday: wd,
            });
            return Some((3 + self.of_the_month(j + 2), Ok((rule, None))));
        }
        // every 15th (of the month)
        if let Some(day) = ordinal_day(n.w)
            && self.tok(j + 1).and_then(|x| month_of(x.w)).is_none()
        {
            let mut rule = Rule::every(Freq::Monthly, 1);
            rule.by_month_day.push(day);
            return Some((2 + self.of_the_month(j + 1), Ok((rule, None))));
        }
        // every Nov 27 / every 27 Nov
        if let Some((len, d)) = self.read_calendar_date(j) {
            return Some((1 + len, d.map(|d| (Rule::every(Freq::Yearly, 1), Some(d)))));
        }
        // interval: "other" or a number
        let interval: u16 = if n.is("other") {
            j += 1;
            2
        } else if let Some(k) = number_of(n.w).filter(|k| *k >= 1) {
            if self
                .tok(j + 1)
                .is_some_and(|x| unit_of(x.w).is_some() || weekday_of(x.w).is_some())
            {
                j += 1;
                u16::try_from(k).unwrap_or(u16::MAX)
            } else {
                1
            }
        } else {
            1
        };
        let u = *self.tok(j)?;
        if let Some(unit) = unit_of(u.w) {
            let freq = match unit {
                Unit::Minute | Unit::Hour => {
                    return Some((
                        j - i + 1,
                        Err("a task can repeat at most daily; no repeat was set".to_owned()),
                    ));
                }
                Unit::Day => Freq::Daily,
                Unit::Week => Freq::Weekly,
                Unit::Month => Freq::Monthly,
                Unit::Year => Freq::Yearly,
            };
            let mut rule = Rule::every(freq, interval);
            let mut len = j - i + 1;
            // "every week on mon, wed", "every month on the 1st", "every month on the last day",
            // "every month on the 2nd tuesday", "every year on Nov 27"
            if self.tok(j + 1).is_some_and(|x| x.is("on")) {
                let k = j + 2;
                match freq {
                    Freq::Weekly | Freq::Daily => {
                        if let Some((n, days)) = self.weekday_list(k) {
                            rule.freq = Freq::Weekly;
                            rule.by_day = days
                                .into_iter()
                                .map(|weekday| ByDay { nth: None, weekday })
                                .collect();
                            len += 1 + n;
                        }
                    }
                    Freq::Monthly => {
                        let the = usize::from(self.tok(k).is_some_and(|x| x.is("the")));
                        let a = self.tok(k + the).copied();
                        let b = self.tok(k + the + 1).copied();
                        if let Some(a) = a {
                            if a.is("last") && b.is_some_and(|b| b.is("day")) {
                                rule.by_month_day.push(-1);
                                len += 3 + the;
                            } else if let Some(nth) = ordinal_nth(a.w)
                                && let Some(wd) = b.and_then(|b| weekday_of(b.w))
                            {
                                rule.by_day.push(ByDay {
                                    nth: Some(nth),
                                    weekday: wd,
                                });
                                len += 3 + the;
                            } else if let Some(day) = ordinal_day(a.w).or_else(|| {
                                (the == 1)
                                    .then(|| a.w.parse::<i8>().ok())
                                    .flatten()
                                    .filter(|d| (1..=31).contains(d))
                            }) {
                                rule.by_month_day.push(day);
                                len += 2 + the;
                            }
                        }
                    }
                    Freq::Yearly => {
                        if let Some((n, d)) = self.read_calendar_date(k) {
                            len += 1 + n;
                            return Some((len, d.map(|d| (rule, Some(d)))));
                        }
                    }
                }
            }
            return Some((len, Ok((rule, None))));
        }
        // every mon, wed / every other monday / every 2 mondays
        if let Some((n, days)) = self.weekday_list(j) {
            let idx: Vec<usize> = days.iter().map(|d| d.to_monday_zero_offset() as usize).collect();
            // "every sunday night": the part of day is the time, unless one is said.
            let part = self.tok(j + n).and_then(|x| part_of_day(x.w));
            if let Some(h) = part
                && self.time.is_none()
            {
                self.default_time = Some(DefaultTime(Time::constant(h, 0, 0, 0)));
            }
            let n = n + usize::from(part.is_some());
            return Some((j - i + n, Ok((weekly_on(interval, &idx), None))));
        }
        None
    }

    /// "the 1st of every month", "15th of each month": a monthly repeat on that day;
    /// "the last friday of every month", "the 2nd tuesday of each month": on that
    /// weekday; "the day 1 of every month" (as learners say it).
    fn day_of_every_month(&mut self, i: usize) -> Option<usize> {
        if self.rule.is_some() {
            return None;
        }
        let the = usize::from(self.tok(i)?.is("the"));
        let is = |k: usize, words: &[&str]| self.tok(k).is_some_and(|x| x.is_any(words));
        let every_month = |k: usize| is(k, &["of"]) && is(k + 1, &["every", "each"]) && is(k + 2, &["month"]);
        let mut rule = Rule::every(Freq::Monthly, 1);
        let word = self.tok(i + the)?.w;
        let len = if let Some(nth) = ordinal_nth(word)
            && let Some(weekday) = self.tok(i + the + 1).and_then(|x| weekday_of(x.w))
        {
            rule.by_day.push(ByDay {
                nth: Some(nth),
                weekday,
            });
            2
        } else if let Some(day) = ordinal_day(word) {
            rule.by_month_day.push(day);
            1
        } else if the == 1
            && is(i + 1, &["day"])
            && let Some(day) = self
                .tok(i + 2)
                .and_then(|x| x.w.parse::<i8>().ok())
                .filter(|d| (1..=31).contains(d))
        {
            rule.by_month_day.push(day);
            2
        } else {
            return None;
        };
        if !every_month(i + the + len) {
            return None;
        }
        self.rule = Some(rule);
        Some(the + len + 3)
    }

    /// "of the month" / "of each month" / "of every month" after a monthly phrase.
    fn of_the_month(&self, j: usize) -> usize {
        let is = |k: usize, words: &[&str]| self.tok(k).is_some_and(|x| x.is_any(words));
        if is(j, &["of"]) && is(j + 1, &["the", "each", "every"]) && is(j + 2, &["month"]) {
            3
        } else if is(j, &["a", "per"]) && is(j + 1, &["month"]) {
            2
        } else {
            0
        }
    }

    /// "mon, wed", "monday and friday", "tue/thu", "mondays": (words taken, days).
    fn weekday_list(&self, j: usize) -> Option<(usize, Vec<Weekday>)> {
        let mut days = Vec::new();
        let mut k = j;
        loop {
            let t = self.tok(k)?;
            let mut any = false;
            for part in t.w.split('/') {
                let wd = weekday_of(part.trim_end_matches('s')).or_else(|| weekday_of(part))?;
                if !days.contains(&wd) {
                    days.push(wd);
                }
                any = true;
            }
            if !any {
                return None;
            }
            k += 1;
            let comma = t.comma;
            match self.tok(k) {
                Some(n)
                    if (n.is("and") || n.is("&"))
                        && self.tok(k + 1).is_some_and(|x| weekday_of(x.w).is_some()) =>
                {
                    k += 1
                }
                Some(n) if comma && weekday_of(n.w).is_some() => {}
                // "every monday wednesday and friday": full names need no comma.
                Some(n) if n.is_any(TRAILING_WEEKDAYS) && t.is_any(TRAILING_WEEKDAYS) => {}
                _ => break,
            }
        }
        days.sort_by_key(|d| d.to_monday_zero_offset());
        Some((k - j, days))
    }

    fn until(&mut self, i: usize) -> Found {
        let Some(n) = self.tok(i + 1).copied() else {
            return Found::No;
        };
        let today = self.today;
        let date = if n.is("tomorrow") {
            Some((1, Ok(add_days(today, 1))))
        } else if n.is("next") && self.tok(i + 2).is_some_and(|x| x.is("week")) {
            Some((
                2,
                Ok(add_days(
                    today,
                    7 - i64::from(today.weekday().to_monday_zero_offset()),
                )),
            ))
        } else if n.is("end") && self.tok(i + 2).is_some_and(|x| x.is("of")) {
            match self.tok(i + 3).map(|x| x.w.to_ascii_lowercase()).as_deref() {
                Some("month") => Some((3, Ok(today.last_of_month()))),
                Some("year") => Some((3, Ok(today.last_of_year()))),
                _ => None,
            }
        } else if let Some(wd) = weekday_of(n.w) {
            Some((1, Ok(next_weekday(today, wd, false))))
        } else {
            self.read_calendar_date(i + 1)
        };
        match date {
            Some((len, Ok(d))) => {
                self.until = Some(d);
                Found::Took(len + 1)
            }
            Some((len, Err(note))) => Found::Bad(len + 1, note),
            None => Found::No,
        }
    }

    /// `for 5 times`, `5 times`, `once`, `twice`.
    fn count_phrase(&mut self, i: usize) -> Option<usize> {
        let t = self.toks[i];
        let for_ = usize::from(t.is("for"));
        let n = self.tok(i + for_)?;
        let (count, len) = if n.is("once") {
            (1, 1)
        } else if n.is("twice") {
            (2, 1)
        } else {
            let c = number_of(n.w).filter(|c| *c >= 1)?;
            self.tok(i + for_ + 1).filter(|x| x.is("times"))?;
            (c, 2)
        };
        self.count = Some(count);
        Some(for_ + len)
    }

    // ---- reminders ---------------------------------------------------------

    /// `remind me 30m before`, `remind me 1 hour before`, `reminder 10 minutes
    /// before`, `remind me at 8am`.
    fn remind(&mut self, i: usize) -> Found {
        let me = usize::from(self.tok(i + 1).is_some_and(|x| x.is("me")));
        let j = i + 1 + me;
        let Some(n) = self.tok(j).copied() else {
            return Found::No;
        };
        if n.is("at") {
            let Some(x) = self.tok(j + 1).copied() else {
                return Found::No;
            };
            return match clock_time(x.w, self.tok(j + 2).map(|y| y.w), true) {
                Some((k, Ok(time))) => {
                    self.remind = Some(Remind::AtTime(time));
                    Found::Took(1 + me + 1 + k)
                }
                Some((k, Err(()))) => Found::Bad(
                    1 + me + 1 + k,
                    format!("\"{}\" is not a time of day", self.span(i, 2 + me + k)),
                ),
                None => Found::No,
            };
        }
        let (len, amount, unit) = if let Some((a, u)) = split_compact_duration(n.w) {
            (1, a, u)
        } else if let Some(a) = number_of(n.w) {
            match self.tok(j + 1).and_then(|x| unit_of(x.w)) {
                Some(u) => (2, a, u),
                None => return Found::No,
            }
        } else {
            return Found::No;
        };
        if !self
            .tok(j + len)
            .is_some_and(|x| x.is_any(&["before", "earlier", "ahead"]))
        {
            return Found::No;
        }
        let mins = i64::from(amount)
            * match unit {
                Unit::Minute => 1,
                Unit::Hour => 60,
                Unit::Day => 60 * 24,
                Unit::Week => 60 * 24 * 7,
                Unit::Month | Unit::Year => {
                    return Found::Bad(len + 2 + me, "a reminder can be at most weeks before".to_owned());
                }
            };
        self.remind = Some(Remind::Before(SignedDuration::from_mins(mins)));
        Found::Took(1 + me + len + 1)
    }

    // ---- result ------------------------------------------------------------

    /// The due the words give, if any (no repeat involved).
    pub(crate) fn plain_due(&self) -> Option<Due> {
        if let Some(at) = self.instant {
            return Some(Due::from_instant(at, self.zone));
        }
        let time = self.time.or(self.default_time.map(|d| d.0));
        match (self.date, time) {
            (Some(d), Some(t)) => Some(Due::DateTime(d.to_datetime(t))),
            (Some(d), None) => Some(Due::Date(d)),
            (None, Some(t)) => {
                let today = Due::DateTime(self.today.to_datetime(t));
                Some(if today.instant(self.zone) >= self.now {
                    today
                } else {
                    today.on(add_days(self.today, 1))
                })
            }
            (None, None) => None,
        }
    }

    pub(crate) fn repeat_date_or_date(&self) -> Option<Date> {
        self.repeat_date.or(self.date)
    }

    /// The rule read, with UNTIL and COUNT applied, validated.
    pub(crate) fn finished_rule(&self) -> Result<Rule, TimeError> {
        let mut rule = self
            .rule
            .clone()
            .ok_or_else(|| TimeError::InvalidRepeat(self.text.to_owned()))?;
        if let Some(u) = self.until {
            rule.until = Some(Until::Date(u));
        }
        if let Some(c) = self.count {
            rule.count = Some(c);
        }
        rule.validate()?;
        Ok(rule)
    }

    /// The rule with UNTIL/COUNT applied and its first due.
    fn repeat_and_due(&mut self) -> Result<Option<(Rule, Due)>, String> {
        if self.rule.is_none() {
            return Ok(None);
        }
        let rule = self.finished_rule().map_err(|e| e.to_string())?;
        let time = self.time.or(self.default_time.map(|d| d.0));
        let due = match (self.repeat_date, self.date) {
            // "every Nov 27": that date is the first occurrence.
            (Some(d), _) => Ok(match time {
                Some(t) => Due::DateTime(d.to_datetime(t)),
                None => Due::Date(d),
            }),
            // "every monday starting Dec 2": the first occurrence from that day.
            (None, Some(d)) => {
                let from = crate::time::day_start(d, self.zone).max(self.now);
                rule.first_due(time, from, self.zone)
            }
            (None, None) => rule.first_due(time, self.now, self.zone),
        }
        .map_err(|e| e.to_string())?;
        rule.check_start(&due, self.zone).map_err(|e| e.to_string())?;
        Ok(Some((rule, due)))
    }

    pub(crate) fn finish(mut self) -> QuickAdd {
        let (due, repeat) = if self.spoiled {
            (None, None)
        } else {
            match self.repeat_and_due() {
                Ok(Some((rule, due))) => (Some(due), Some(rule)),
                Ok(None) => (self.plain_due(), None),
                Err(note) => {
                    self.notes.push(format!("{note}; no repeat was set"));
                    self.spoiled = true;
                    (None, None)
                }
            }
        };
        let remind = if self.spoiled { None } else { self.remind };
        if remind.is_some() && due.is_none() {
            self.notes
                .push("a reminder needs a due date; none was set".to_owned());
        }
        let title = self.title();
        QuickAdd {
            title,
            due,
            repeat,
            priority: self.priority,
            tags: self.tags,
            remind: remind.filter(|_| due.is_some()),
            notes: self.notes,
        }
    }

    /// The words no phrase took; when the date was spoiled, every word but
    /// tags and priorities.
    fn title(&self) -> String {
        let mut s = String::with_capacity(self.text.len());
        for (k, t) in self.toks.iter().enumerate() {
            let keep = if self.spoiled {
                !(t.w.starts_with('#') && t.w.len() > 1 && Tag::parse(t.w).is_ok()
                    || priority_of(t.w).is_some())
            } else {
                !self.used[k]
            };
            if keep {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(&self.text[t.start..t.end]);
            }
        }
        // Connectors and punctuation left dangling at the end by a removed phrase
        // ("pitch the piece. in 2 hours": its full stop too).
        let cut_last = !self.spoiled && self.used.last().copied().unwrap_or(false);
        loop {
            let trimmed = s.trim_end_matches([',', ';', ':', '-', '–', '—', ' ']);
            let trimmed = match trimmed.strip_suffix('.') {
                Some(t) if cut_last && !t.ends_with('.') => t.trim_end(),
                _ => trimmed,
            };
            let trimmed = [
                "and", "at", "on", "by", "due", "for", "from", "starting", "until", "before",
            ]
            .iter()
            .find_map(|w| {
                let cut = trimmed.len().checked_sub(w.len() + 1)?;
                (trimmed.is_char_boundary(cut) && trimmed[cut..].eq_ignore_ascii_case(&format!(" {w}")))
                    .then(|| &trimmed[..cut])
            })
            .unwrap_or(trimmed);
            if trimmed.len() == s.len() {
                break;
            }
            s.truncate(trimmed.len());
        }
        s
    }
}

/// `#work`; "#123" is an issue number, not a tag: a tag has a letter.
fn is_tag_word(w: &str) -> bool {
    w.len() > 1 && w.starts_with('#') && w.chars().any(char::is_alphabetic) && Tag::parse(w).is_ok()
}

fn priority_of(w: &str) -> Option<Priority> {
    match w.as_bytes() {
        b"!!!" => Some(Priority::High),
        b"!!" => Some(Priority::Medium),
        b"!" => Some(Priority::Low),
        [b'p' | b'P', b'1'] => Some(Priority::High),
        [b'p' | b'P', b'2'] => Some(Priority::Medium),
        [b'p' | b'P', b'3'] => Some(Priority::Low),
        _ => None,
    }
}

/// Words of a title that put a bare hour in the evening: "dinner at 7".
const EVENING_WORDS: &[&str] = &[
    "dinner", "supper", "tea", "drinks", "pub", "party", "movie", "film", "cinema", "concert", "gig", "date",
    "bedtime", "bed", "pm",
];
/// Words of a title that put a bare hour in the morning: "breakfast at 8".
const MORNING_WORDS: &[&str] = &["breakfast", "brunch", "wake", "alarm", "am", "sunrise"];

fn part_of_day(w: &str) -> Option<i8> {
    let is = |x: &str| w.eq_ignore_ascii_case(x);
    // "tomorrow am", "friday pm": the half of the day as its part.
    if is("morning") || is("am") {
        Some(9)
    } else if is("afternoon") || is("pm") {
        Some(15)
    } else if is("evening") {
        Some(19)
    } else if is("night") {
        Some(21)
    } else {
        None
    }
}

/// A clock time from one word (and maybe the next: `9 am`): `9am`, `9:30pm`,
/// `14:30`, and with `at` before it a bare hour (`at 9` is 09:00). Returns the
/// words taken and the time, or `Err` for a clock time that is not valid.
pub(crate) fn clock_time(w: &str, next: Option<&str>, at: bool) -> Option<(usize, Result<Time, ()>)> {
    let lower_suffix = |s: &str, suf: &str| {
        s.len() >= suf.len()
            && s.is_char_boundary(s.len() - suf.len())
            && s[s.len() - suf.len()..].eq_ignore_ascii_case(suf)
    };
    let (body, meridiem, len) = if lower_suffix(w, "am") || lower_suffix(w, "a.m") || lower_suffix(w, "a.m.")
    {
        (w.trim_end_matches(['.', 'a', 'A', 'm', 'M']), Some(false), 1)
    } else if lower_suffix(w, "pm") || lower_suffix(w, "p.m") || lower_suffix(w, "p.m.") {
        (w.trim_end_matches(['.', 'p', 'P', 'm', 'M']), Some(true), 1)
    } else if let Some(n) = next
        && (n.eq_ignore_ascii_case("am")
            || n.eq_ignore_ascii_case("a.m")
            || n.eq_ignore_ascii_case("pm")
            || n.eq_ignore_ascii_case("p.m"))
    {
        (w, Some(n.as_bytes()[0].eq_ignore_ascii_case(&b'p')), 2)
    } else {
        (w, None, 1)
    };
    if body.is_empty() {
        return None;
    }
    // "six pm", "ten am": an hour in words, only with am/pm.
    let spelt;
    let body = if body.as_bytes()[0].is_ascii_digit() {
        body
    } else {
        let hour = meridiem
            .and_then(|_| (body.len() > 2).then(|| number_of(body)).flatten())
            .filter(|h| (1..=12).contains(h))?;
        spelt = hour.to_string();
        spelt.as_str()
    };
    let (h, m) = match body.split_once([':', '.']) {
        Some((h, m)) => {
            if m.len() != 2
                || !m.bytes().all(|b| b.is_ascii_digit())
                || h.is_empty()
                || h.len() > 2
                || !h.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?)
        }
        None => {
            if body.len() > 2 || !body.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // A bare number is a time only with `at` or am/pm.
            if meridiem.is_none() && !at {
                return None;
            }
            (body.parse::<i8>().ok()?, 0)
        }
    };
    let hour = match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&h) {
                return Some((len, Err(())));
            }
            match (pm, h) {
                (false, 12) => 0,
                (false, h) => h,
                (true, 12) => 12,
                (true, h) => h + 12,
            }
        }
        None if h == 24 && m == 0 => return Some((len, Ok(Time::constant(23, 59, 0, 0)))),
        None => h,
    };
    Some((len, Time::new(hour, m, 0, 0).map_err(|_| ())))
}

/// A clock time in the half of the day a part of day names: 7 in the
/// evening is 19:00; 8 in the morning stays 08:00.
fn in_part_of_day(t: Time, part_hour: i8) -> Time {
    if part_hour >= 12 && t.hour() < 12 {
        Time::new(t.hour() + 12, t.minute(), 0, 0).unwrap_or(t)
    } else {
        t
    }
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(n.days()).unwrap_or(d)
}

/// The next date with this weekday: after today, or from today on when
/// `today_counts`.
fn next_weekday(today: Date, wd: Weekday, today_counts: bool) -> Date {
    let diff = (i64::from(wd.to_monday_zero_offset()) - i64::from(today.weekday().to_monday_zero_offset()))
        .rem_euclid(7);
    let diff = if diff == 0 && !today_counts { 7 } else { diff };
    add_days(today, diff)
}

fn weekly_on(interval: u16, days: &[usize]) -> Rule {
    let mut rule = Rule::every(Freq::Weekly, interval);
    rule.by_day = days
        .iter()
        .map(|&d| ByDay {
            nth: None,
            weekday: crate::time::weekday_from_monday(d),
        })
        .collect();
    rule
}
