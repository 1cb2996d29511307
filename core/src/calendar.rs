//! The calendar feed: a secret URL (`/ical/{token}.ics`) that calendar apps
//! subscribe to, and the RFC 5545 text it serves.
//!
//! One VEVENT per open task with a due (completed tasks are left out: the
//! feed shows what is still to do; a repeating task stays open until its rule
//! is exhausted, so its series stays). A date is `DTSTART;VALUE=DATE` lasting
//! a day; a time is `DTSTART;TZID=<zone>` (UTC ones as `...Z`) lasting 30
//! minutes, with a VTIMEZONE for each zone used, made from the time zone
//! database: one observance per transition from the year before the first
//! event to ten years after the later of the last event and now (clients keep
//! the last offset after that). Repeats are the stored RRULE (COUNT is what is
//! left of the series, counted from the current due); an UNTIL date is turned
//! into the end of that day for a timed start, as RFC 5545 requires. UIDs are
//! stable and say nothing about the server's ids: a hash of the account and
//! the task's number (never reused). DTSTAMP is the task's last change, so the
//! text, and its ETag, change only when a task does.

use jiff::{
    SignedDuration, Timestamp,
    civil::{Date, DateTime, Time},
    tz::{Offset, TimeZone},
};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::{
    accounts::UserId,
    tasks::{self, Priority, Task, TaskError, TaskFilter},
    time::{Due, Rule, Until, parse_zone, settings, storage, zone_name},
};

/// The person's feed token, made on first use.
pub async fn feed_token(db: &PgPool, user: UserId) -> Result<String, sqlx::Error> {
    sqlx::query!(
        "INSERT INTO calendar_feeds (user_id, token) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING",
        user.get(),
        new_token(),
    )
    .execute(db)
    .await?;
    sqlx::query_scalar!("SELECT token FROM calendar_feeds WHERE user_id = $1", user.get())
        .fetch_one(db)
        .await
}

/// Replaces the feed token: the old URL stops working.
pub async fn rotate(db: &PgPool, user: UserId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar!(
        r#"
        INSERT INTO calendar_feeds (user_id, token) VALUES ($1, $2)
        ON CONFLICT (user_id) DO UPDATE SET token = EXCLUDED.token, rotated_at = now()
        RETURNING token
        "#,
        user.get(),
        new_token(),
    )
    .fetch_one(db)
    .await
}

/// Whose feed this token opens, if anyone's.
pub async fn owner(db: &PgPool, token: &str) -> Result<Option<UserId>, sqlx::Error> {
    if token.len() != 43 || !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    let user = sqlx::query_scalar!("SELECT user_id FROM calendar_feeds WHERE token = $1", token)
        .fetch_optional(db)
        .await?;
    Ok(user.map(UserId::from_trusted))
}

pub fn feed_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/ical/{token}.ics")
}

fn new_token() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..43)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// When an event happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    /// "Sometime that day": `DTSTART;VALUE=DATE`.
    Date(Date),
    /// A local time in a zone: `DTSTART;TZID=...`, or `...Z` when the zone is UTC.
    Local(DateTime, TimeZone),
}

/// One VEVENT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Stable across feeds, `<hash>@<host>`.
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub start: Start,
    /// RRULE text, valid for this start.
    pub rrule: Option<String>,
    pub categories: Vec<String>,
    pub priority: Priority,
    /// The task's last change.
    pub stamp: Timestamp,
}

/// How long a timed task shows in a calendar (tasks have no length).
const TIMED_LENGTH: &str = "PT30M";
/// Years of time zone transitions written after the last event (or now).
const ZONE_YEARS_AHEAD: i16 = 10;

/// The feed of a person's open tasks with a due, as RFC 5545 text.
pub async fn feed(db: &PgPool, user: UserId, host: &str, now: Timestamp) -> Result<String, TaskError> {
    let zone = settings::load(db, user).await?.timezone;
    let tasks = tasks::list(db, user, TaskFilter::Pending).await?;
    let events: Vec<Event> = tasks.iter().filter_map(|t| event(user, host, t)).collect();
    Ok(render("Tasklink", &zone, &events, now))
}

/// The task as an event, when it has a due.
fn event(user: UserId, host: &str, t: &Task) -> Option<Event> {
    let due = t.due_local?;
    let zone = t
        .due_zone
        .as_deref()
        .and_then(|z| parse_zone(z).ok())
        .unwrap_or(TimeZone::UTC);
    let start = match due {
        Due::Date(d) => Start::Date(d),
        Due::DateTime(dt) => Start::Local(dt, zone.clone()),
    };
    let digest = Sha256::digest(format!("tasklink-task:{}:{}", user.get(), t.number).as_bytes());
    let id: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    Some(Event {
        uid: format!("{id}@{host}"),
        summary: t.title.clone(),
        description: t.description.clone().filter(|d| !d.is_empty()),
        rrule: t.repeat_rule.as_ref().map(|r| rrule_for(r, &start)),
        start,
        categories: t.tags.to_strings(),
        priority: t.priority,
        stamp: storage::timestamp_from_chrono(t.updated_at),
    })
}

/// The rule with UNTIL in the value type RFC 5545 wants for this start: a
/// date for a date, a UTC instant for a time.
fn rrule_for(rule: &Rule, start: &Start) -> String {
    let mut rule = rule.clone();
    rule.until = match (rule.until, start) {
        (Some(Until::Instant(t)), Start::Date(_)) => Some(Until::Date(TimeZone::UTC.to_datetime(t).date())),
        (Some(Until::Date(d)), Start::Local(_, zone)) => {
            let end = d
                .tomorrow()
                .map(|next| Due::Date(next).instant(zone) - SignedDuration::from_secs(1))
                .unwrap_or(Timestamp::MAX);
            Some(Until::Instant(end))
        }
        (until, _) => until,
    };
    rule.to_string()
}

/// The calendar as RFC 5545 text: CRLF line ends, lines folded at 75 octets.
pub fn render(name: &str, timezone: &str, events: &[Event], now: Timestamp) -> String {
    let mut out = String::new();
    let mut line = |text: &str| fold_into(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Tasklink//Tasklink//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(name)));
    line(&format!("X-WR-TIMEZONE:{}", escape(timezone)));
    line("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    line("X-PUBLISHED-TTL:PT1H");
    for (zone, first, last) in zones_used(events) {
        let until = last
            .max(TimeZone::UTC.to_datetime(now).year())
            .saturating_add(ZONE_YEARS_AHEAD);
        for l in vtimezone(&zone, first.saturating_sub(1), until) {
            line(&l);
        }
    }
    for e in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape(&e.uid)));
        line(&format!("DTSTAMP:{}", utc(e.stamp)));
        line(&format!("LAST-MODIFIED:{}", utc(e.stamp)));
        match &e.start {
            Start::Date(d) => {
                line(&format!("DTSTART;VALUE=DATE:{}", d.strftime("%Y%m%d")));
                line("DURATION:P1D");
            }
            Start::Local(dt, zone) => {
                match zone.iana_name().filter(|n| *n != "UTC" && *n != "Etc/UTC") {
                    Some(name) => line(&format!("DTSTART;TZID={name}:{}", dt.strftime("%Y%m%dT%H%M%S"))),
                    None => line(&format!("DTSTART:{}", utc(Due::DateTime(*dt).instant(zone)))),
                }
                line(&format!("DURATION:{TIMED_LENGTH}"));
            }
        }
        line(&format!("SUMMARY:{}", escape(&e.summary)));
        if let Some(d) = &e.description {
            line(&format!("DESCRIPTION:{}", escape(d)));
        }
        if let Some(rule) = &e.rrule {
            line(&format!("RRULE:{rule}"));
        }
        if !e.categories.is_empty() {
            let tags: Vec<String> = e.categories.iter().map(|c| escape(c)).collect();
            line(&format!("CATEGORIES:{}", tags.join(",")));
        }
        match e.priority {
            Priority::High => line("PRIORITY:1"),
            Priority::Medium => line("PRIORITY:5"),
            Priority::Low => line("PRIORITY:9"),
            Priority::None => {}
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Each named zone that a timed event uses, with the first and last year of its events.
fn zones_used(events: &[Event]) -> Vec<(TimeZone, i16, i16)> {
    let mut zones: Vec<(TimeZone, i16, i16)> = Vec::new();
    for e in events {
        let Start::Local(dt, zone) = &e.start else {
            continue;
        };
        let Some(name) = zone.iana_name().filter(|n| *n != "UTC" && *n != "Etc/UTC") else {
            continue;
        };
        let year = dt.year();
        match zones.iter_mut().find(|(z, _, _)| z.iana_name() == Some(name)) {
            Some((_, first, last)) => {
                *first = (*first).min(year);
                *last = (*last).max(year);
            }
            None => zones.push((zone.clone(), year, year)),
        }
    }
    zones
}

/// A VTIMEZONE for `zone` covering the years `from..=to`: the observance in
/// force on 1 January of `from`, then one per transition.
fn vtimezone(zone: &TimeZone, from: i16, to: i16) -> Vec<String> {
    let name = zone.iana_name().unwrap_or_else(|| zone_name(zone));
    let mut lines = vec!["BEGIN:VTIMEZONE".to_owned(), format!("TZID:{name}")];
    let start_local = Date::new(from, 1, 1)
        .unwrap_or_default()
        .to_datetime(Time::midnight());
    let end = Date::new(to.saturating_add(1), 1, 1)
        .ok()
        .and_then(|d| zone.to_timestamp(d.to_datetime(Time::midnight())).ok())
        .unwrap_or(Timestamp::MAX);
    let Ok(start) = zone.to_timestamp(start_local) else {
        lines.push("END:VTIMEZONE".to_owned());
        return lines;
    };
    let info = zone.to_offset_info(start);
    let observance =
        |lines: &mut Vec<String>, dst: bool, at: DateTime, from: Offset, to: Offset, abbr: &str| {
            let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
            lines.push(format!("BEGIN:{kind}"));
            lines.push(format!("DTSTART:{}", at.strftime("%Y%m%dT%H%M%S")));
            lines.push(format!("TZOFFSETFROM:{}", offset_text(from)));
            lines.push(format!("TZOFFSETTO:{}", offset_text(to)));
            if !abbr.is_empty() {
                lines.push(format!("TZNAME:{}", escape(abbr)));
            }
            lines.push(format!("END:{kind}"));
        };
    observance(
        &mut lines,
        info.dst().is_dst(),
        start_local,
        info.offset(),
        info.offset(),
        info.abbreviation(),
    );
    let mut before = info.offset();
    for t in zone
        .following(start)
        .take_while(|t| t.timestamp() < end)
        .take(200)
    {
        let at = before.to_datetime(t.timestamp());
        observance(
            &mut lines,
            t.dst().is_dst(),
            at,
            before,
            t.offset(),
            t.abbreviation(),
        );
        before = t.offset();
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

/// `+0100`, `-0430`, `+053028` (seconds only when there are any).
fn offset_text(offset: Offset) -> String {
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// A strong validator for the feed's body, so apps can poll with `If-None-Match`.
pub fn etag(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// TEXT escaping (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so no line exceeds 75 octets (continuations
/// start with a space) and never inside a UTF-8 character. A physical line
/// does not end in a space or tab where that can be helped: the blanks move to
/// the next line, since some parsers trim line ends before unfolding.
fn fold_into(out: &mut String, line: &str) {
    let mut physical = String::with_capacity(76);
    let mut first = true;
    for c in line.chars() {
        if physical.len() + c.len_utf8() > 75 {
            let content = physical.trim_end_matches([' ', '\t']);
            let lead = usize::from(!first);
            let blanks = physical.len() - content.len();
            let carry = if content.len() > lead && 1 + blanks + c.len_utf8() <= 75 {
                physical.split_off(content.len())
            } else {
                String::new()
            };
            out.push_str(&physical);
            out.push_str("\r\n");
            physical = format!(" {carry}");
            first = false;
        }
        physical.push(c);
    }
    out.push_str(&physical);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn now() -> Timestamp {
        "2026-11-26T10:00:00Z".parse().unwrap()
    }

    fn event() -> Event {
        Event {
            uid: "a1@tasks.example.com".into(),
            summary: "Pay rent; call landlord, \\ then relax".into(),
            description: Some(format!("line one\nline two {}", "ü".repeat(60))),
            start: Start::Date(date(2026, 12, 1)),
            rrule: Some("FREQ=MONTHLY;BYMONTHDAY=1".into()),
            categories: vec!["home".into(), "money".into()],
            priority: Priority::High,
            stamp: "2026-11-26T10:00:00Z".parse().unwrap(),
        }
    }

    fn timed(zone: &str) -> Event {
        Event {
            uid: format!("{zone}@tasks.example.com"),
            start: Start::Local(date(2026, 11, 27).at(9, 0, 0, 0), TimeZone::get(zone).unwrap()),
            rrule: None,
            priority: Priority::Low,
            description: None,
            categories: Vec::new(),
            ..event()
        }
    }

    #[test]
    fn lines_are_crlf_folded_at_75_octets_and_escaped() {
        let text = render("Ada's tasks", "Europe/Berlin", &[event()], now());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Pay rent\\; call landlord\\, \\\\ then relax\r\n"));
        assert!(unfolded.contains(&format!("DESCRIPTION:line one\\nline two {}\r\n", "ü".repeat(60))));
        assert!(unfolded.contains("DTSTART;VALUE=DATE:20261201\r\nDURATION:P1D\r\n"));
        assert!(unfolded.contains("RRULE:FREQ=MONTHLY;BYMONTHDAY=1\r\n"));
        assert!(unfolded.contains("CATEGORIES:home,money\r\n"));
        assert!(unfolded.contains("PRIORITY:1\r\n"));
    }

    #[test]
    fn timed_starts_carry_their_zone_and_a_vtimezone_from_the_database() {
        let events = [timed("America/New_York"), timed("UTC"), timed("America/New_York")];
        let text = render("Tasks", "UTC", &events, now());
        assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1, "{text}");
        assert!(text.contains("DTSTART;TZID=America/New_York:20261127T090000\r\n"));
        assert!(text.contains("DTSTART:20261127T090000Z\r\n"));
        assert!(text.contains("DURATION:PT30M\r\n"));
        // The 2026 changes: 8 March 02:00 EST → EDT, 1 November 02:00 EDT → EST.
        assert!(text.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n"
        ));
        assert!(text.contains(
            "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD\r\n"
        ));
        // From the year before the event to ten years ahead.
        assert!(text.contains("DTSTART:20250101T000000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0500\r\n"));
        assert!(text.contains("DTSTART:20361102T020000\r\n"));
        assert!(!text.contains("DTSTART:2037"));
        // A zone without changes has its one observance.
        let tokyo = render("Tasks", "UTC", &[timed("Asia/Tokyo")], now());
        assert!(tokyo.contains("TZID:Asia/Tokyo\r\nBEGIN:STANDARD\r\nDTSTART:20250101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"), "{tokyo}");
        assert_eq!(
            offset_text(Offset::from_seconds(-(4 * 3600 + 30 * 60)).unwrap()),
            "-0430"
        );
    }

    #[test]
    fn until_takes_the_value_type_of_the_start() {
        let rule = Rule::parse("FREQ=DAILY;UNTIL=20261231").unwrap();
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let at = Start::Local(date(2026, 12, 1).at(9, 0, 0, 0), berlin);
        assert_eq!(rrule_for(&rule, &at), "FREQ=DAILY;UNTIL=20261231T225959Z");
        assert_eq!(
            rrule_for(&rule, &Start::Date(date(2026, 12, 1))),
            "FREQ=DAILY;UNTIL=20261231"
        );
        let instant = Rule::parse("FREQ=DAILY;UNTIL=20261231T120000Z").unwrap();
        assert_eq!(
            rrule_for(&instant, &Start::Date(date(2026, 12, 1))),
            "FREQ=DAILY;UNTIL=20261231"
        );
        let count = Rule::parse("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5").unwrap();
        assert_eq!(
            rrule_for(&count, &Start::Date(date(2026, 12, 2))),
            "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5"
        );
    }

    #[test]
    fn an_independent_parser_reads_the_feed() {
        let text = render(
            "Ada's tasks",
            "Europe/Berlin",
            &[event(), timed("Europe/Berlin")],
            now(),
        );
        let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let calendar = calendars.next().expect("a calendar").expect("it parses");
        assert!(calendars.next().is_none());
        let prop = |props: &[ical::property::Property], name: &str| {
            props
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        };
        assert_eq!(prop(&calendar.properties, "VERSION"), "2.0");
        assert_eq!(calendar.events.len(), 2);
        assert_eq!(calendar.timezones.len(), 1);
        assert_eq!(prop(&calendar.timezones[0].properties, "TZID"), "Europe/Berlin");
        let first = &calendar.events[0].properties;
        assert_eq!(prop(first, "UID"), "a1@tasks.example.com");
        assert_eq!(prop(first, "DTSTART"), "20261201");
        let dtstart = first.iter().find(|p| p.name == "DTSTART").unwrap();
        assert_eq!(
            dtstart.params.as_ref().unwrap()[0],
            ("VALUE".to_owned(), vec!["DATE".to_owned()])
        );
        assert_eq!(prop(first, "RRULE"), "FREQ=MONTHLY;BYMONTHDAY=1");
        assert_eq!(
            prop(first, "DESCRIPTION"),
            format!("line one\\nline two {}", "ü".repeat(60))
        );
        let second = &calendar.events[1].properties;
        let dtstart = second.iter().find(|p| p.name == "DTSTART").unwrap();
        assert_eq!(dtstart.value.as_deref(), Some("20261127T090000"));
        assert_eq!(
            dtstart.params.as_ref().unwrap()[0],
            ("TZID".to_owned(), vec!["Europe/Berlin".to_owned()])
        );
        assert_eq!(prop(second, "PRIORITY"), "9");
    }

    #[test]
    fn folds_never_split_a_character_or_end_a_line_in_a_blank() {
        for pad in 0..8 {
            let title = format!("{}{}!", "x".repeat(pad), "€ ☕ 日本語 ".repeat(12));
            let mut out = String::new();
            fold_into(&mut out, &format!("SUMMARY:{title}"));
            for l in out.trim_end_matches("\r\n").split("\r\n") {
                assert!(l.len() <= 75, "{l:?}");
                assert!(!l.ends_with(' '), "{l:?}");
            }
            assert_eq!(out.replace("\r\n ", ""), format!("SUMMARY:{title}\r\n"));
        }
        for text in [
            format!("a{}b", " ".repeat(200)),
            format!("{}{}☕", "x".repeat(50), " ".repeat(12)),
        ] {
            let mut out = String::new();
            fold_into(&mut out, &format!("DESCRIPTION:{text}"));
            assert_eq!(out.replace("\r\n ", ""), format!("DESCRIPTION:{text}\r\n"));
            assert!(out.split("\r\n").all(|l| l.len() <= 75), "{out:?}");
        }
    }

    #[test]
    fn etags_follow_the_content() {
        assert_eq!(etag("a"), etag("a"));
        assert_ne!(etag("a"), etag("b"));
    }
}
