//! The calendar feed: a secret URL (`/ical/{token}.ics`) that calendar apps
//! subscribe to, and the RFC 5545 text it serves.
//!
//! Tasks carry no due dates yet, so today's feed is a valid calendar without
//! events; [`Event`] and [`render`] already write what dated tasks will need
//! (timed or date-only starts, RRULE, CATEGORIES, escaping, line folding).

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::accounts::UserId;

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
    Date(NaiveDate),
    /// An instant, written in UTC.
    At(DateTime<Utc>),
}

/// One VEVENT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Stable across feeds, e.g. `task-<id>@<host>`.
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub start: Start,
    pub rrule: Option<String>,
    pub categories: Vec<String>,
    pub stamp: DateTime<Utc>,
}

/// The calendar as RFC 5545 text: CRLF line ends, lines folded at 75 octets.
pub fn render(name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    let mut line = |text: &str| fold_into(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Tasklink//Tasklink//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape(&e.uid)));
        line(&format!("DTSTAMP:{}", e.stamp.format("%Y%m%dT%H%M%SZ")));
        match e.start {
            Start::Date(d) => line(&format!("DTSTART;VALUE=DATE:{}", d.format("%Y%m%d"))),
            Start::At(t) => line(&format!("DTSTART:{}", t.format("%Y%m%dT%H%M%SZ"))),
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
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
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
/// start with a space) and never inside a UTF-8 character.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            uid: "task-7@tasks.example.com".into(),
            summary: "Pay rent; call landlord, \\ then relax".into(),
            description: Some(format!("line one\nline two {}", "ü".repeat(60))),
            start: Start::Date(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
            rrule: Some("FREQ=MONTHLY;BYMONTHDAY=1".into()),
            categories: vec!["home".into(), "money".into()],
            stamp: DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z")
                .unwrap()
                .into(),
        }
    }

    #[test]
    fn lines_are_crlf_folded_at_75_octets_and_escaped() {
        let text = render("Ada's tasks", &[event()]);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Pay rent\\; call landlord\\, \\\\ then relax\r\n"));
        assert!(unfolded.contains(&format!("DESCRIPTION:line one\\nline two {}\r\n", "ü".repeat(60))));
        assert!(unfolded.contains("DTSTART;VALUE=DATE:20261201\r\n"));
        assert!(unfolded.contains("RRULE:FREQ=MONTHLY;BYMONTHDAY=1\r\n"));
        assert!(unfolded.contains("CATEGORIES:home,money\r\n"));
    }

    #[test]
    fn an_independent_parser_reads_the_feed() {
        let mut timed = event();
        timed.uid = "task-8@tasks.example.com".into();
        timed.start = Start::At(
            DateTime::parse_from_rfc3339("2026-11-27T17:00:00Z")
                .unwrap()
                .into(),
        );
        timed.rrule = None;
        let text = render("Ada's tasks", &[event(), timed]);
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
        let first = &calendar.events[0].properties;
        assert_eq!(prop(first, "UID"), "task-7@tasks.example.com");
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
        assert_eq!(
            prop(&calendar.events[1].properties, "DTSTART"),
            "20261127T170000Z"
        );
    }

    #[test]
    fn etags_follow_the_content() {
        assert_eq!(etag("a"), etag("a"));
        assert_ne!(etag("a"), etag("b"));
    }
}
