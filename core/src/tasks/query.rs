//! Lists as the API and the portal ask for them: filters, search, sort and
//! keyset pages, in one statement per page; plus the agenda.
//!
//! Pages are keyset pages, not offsets: the cursor holds the sort key of the
//! last task shown, so a page costs the same however deep it is and a task
//! added meanwhile does not shift what comes next. The cursor is signed
//! (HMAC-SHA256 over the person and the payload) so a client can neither
//! forge one nor use one across accounts; a bad cursor is an error naming
//! `cursor`, never a failed query.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use jiff::ToSpan;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use serde::Serialize;
use sqlx::{PgExecutor, Postgres, QueryBuilder};

use super::{Priority, Tag, Task, TaskError, TaskFilter, TaskRow};
use crate::{
    accounts::UserId,
    time::{DueFilter, TimeZone, Timestamp, day_start, storage, zone_name},
};

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 500;
/// Longest search text; longer is refused rather than silently cut.
pub const MAX_SEARCH_CHARS: usize = 200;

/// What a list sorts by. Each has a natural direction (due: soonest first,
/// priority: highest first, created: oldest first, title: A to Z, number:
/// ascending); `-` reverses it. Ties go by number, so the order is total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    Due,
    Priority,
    Created,
    Title,
    #[default]
    Number,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    pub fn parse(raw: &str) -> Result<Self, TaskError> {
        let s = raw.trim();
        let (descending, name) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let key = match name.to_ascii_lowercase().as_str() {
            "due" => SortKey::Due,
            "priority" => SortKey::Priority,
            "created" => SortKey::Created,
            "title" => SortKey::Title,
            "number" | "" => SortKey::Number,
            _ => {
                return Err(TaskError::InvalidParam {
                    field: "sort",
                    code: "invalid_sort",
                    message: format!(
                        "`{}` is not a sort; use due, priority, created, title or number, with - for descending",
                        raw.chars().take(20).collect::<String>()
                    ),
                });
            }
        };
        Ok(Self { key, descending })
    }

    /// `due`, `-priority`: the form `parse` reads.
    pub fn as_param(&self) -> String {
        let name = match self.key {
            SortKey::Due => "due",
            SortKey::Priority => "priority",
            SortKey::Created => "created",
            SortKey::Title => "title",
            SortKey::Number => "number",
        };
        if self.descending {
            format!("-{name}")
        } else {
            name.to_owned()
        }
    }

    fn code(&self) -> char {
        let c = match self.key {
            SortKey::Due => 'd',
            SortKey::Priority => 'p',
            SortKey::Created => 'c',
            SortKey::Title => 't',
            SortKey::Number => 'n',
        };
        if self.descending {
            c.to_ascii_uppercase()
        } else {
            c
        }
    }
}

/// A list request, already validated: build it with [`TaskQuery::parse`] from
/// the raw parameters, or field by field from `TaskQuery::default()` (all
/// tasks by number, 100 a page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskQuery {
    pub status: TaskFilter,
    /// Words to find in the title or the description, case-insensitively.
    pub q: Option<String>,
    pub tag: Option<Tag>,
    pub priority: Option<Priority>,
    pub due: Option<DueFilter>,
    pub sort: Sort,
    /// 1–500.
    pub limit: u32,
    /// The page after this one's cursor (as `next_cursor` gave it).
    pub cursor: Option<String>,
}

impl Default for TaskQuery {
    fn default() -> Self {
        Self {
            status: TaskFilter::All,
            q: None,
            tag: None,
            priority: None,
            due: None,
            sort: Sort::default(),
            limit: DEFAULT_LIMIT,
            cursor: None,
        }
    }
}

/// The raw parameters of a list request (`GET /api/tasks`, the dashboard).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct RawTaskQuery {
    pub status: Option<String>,
    pub q: Option<String>,
    pub tag: Option<String>,
    pub priority: Option<String>,
    pub due: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl TaskQuery {
    /// Reads the raw parameters; each error names its parameter. Empty
    /// parameters (an HTML form's unset fields) mean "not given".
    pub fn parse(raw: &RawTaskQuery) -> Result<Self, TaskError> {
        let q = blank(&raw.q).map(str::to_owned);
        if q.as_ref().is_some_and(|q| q.chars().count() > MAX_SEARCH_CHARS) {
            return Err(TaskError::InvalidParam {
                field: "q",
                code: "invalid_query",
                message: format!("search text is longer than {MAX_SEARCH_CHARS} characters"),
            });
        }
        let limit = match blank(&raw.limit) {
            None => DEFAULT_LIMIT,
            Some(l) => l
                .parse::<u32>()
                .ok()
                .filter(|l| (1..=MAX_LIMIT).contains(l))
                .ok_or_else(|| TaskError::InvalidParam {
                    field: "limit",
                    code: "invalid_limit",
                    message: format!("limit must be a number from 1 to {MAX_LIMIT}"),
                })?,
        };
        Ok(Self {
            status: blank(&raw.status).unwrap_or("all").parse()?,
            q,
            tag: blank(&raw.tag)
                .map(Tag::parse)
                .transpose()
                .map_err(|e| TaskError::InvalidParam {
                    field: "tag",
                    code: e.code(),
                    message: e.to_string(),
                })?,
            priority: blank(&raw.priority).map(Priority::parse).transpose()?,
            due: blank(&raw.due)
                .map(DueFilter::parse)
                .transpose()
                .map_err(|error| TaskError::Time { field: "due", error })?,
            sort: blank(&raw.sort).map(Sort::parse).transpose()?.unwrap_or_default(),
            limit,
            cursor: blank(&raw.cursor).map(str::to_owned),
        })
    }
}

/// One page of a list.
#[derive(Clone, Debug, Serialize)]
pub struct TaskPage {
    pub tasks: Vec<Task>,
    /// Every task that matches, on all pages.
    pub count: i64,
    /// The cursor of the next page; `None` on the last.
    pub next_cursor: Option<String>,
}

/// Signs and checks cursors; made from the server's secret.
#[derive(Clone)]
pub struct CursorKey {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl CursorKey {
    pub fn new(secret: &[u8]) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    fn message(user: UserId, payload: &str) -> Vec<u8> {
        format!("tasklink-cursor:{}:{payload}", user.get()).into_bytes()
    }

    fn sign(&self, user: UserId, key: &Key) -> String {
        let payload = key.encode();
        // HS256 over plain bytes cannot fail.
        let mac =
            jsonwebtoken::crypto::sign(&Self::message(user, &payload), &self.encoding, Algorithm::HS256)
                .unwrap_or_default();
        format!("{}.{mac}", hex(payload.as_bytes()))
    }

    fn verify(&self, user: UserId, sort: Sort, cursor: &str) -> Result<Key, TaskError> {
        let bad = || TaskError::InvalidParam {
            field: "cursor",
            code: "invalid_cursor",
            message: "the cursor is not one this list gave out; start again from the first page".into(),
        };
        if cursor.len() > 2048 {
            return Err(bad());
        }
        let (payload_hex, mac) = cursor.split_once('.').ok_or_else(bad)?;
        let payload = String::from_utf8(unhex(payload_hex).ok_or_else(bad)?).map_err(|_| bad())?;
        let ok = jsonwebtoken::crypto::verify(
            mac,
            &Self::message(user, &payload),
            &self.decoding,
            Algorithm::HS256,
        )
        .unwrap_or(false);
        if !ok {
            return Err(bad());
        }
        let key = Key::decode(&payload).ok_or_else(bad)?;
        // A cursor of another sort order would skip or repeat tasks.
        if key.sort != sort {
            return Err(bad());
        }
        Ok(key)
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// The sort key of the last task on a page.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    sort: Sort,
    number: i32,
    value: KeyValue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum KeyValue {
    None,
    /// A due (`None` for a task without one) or a creation time, in microseconds.
    Instant(Option<i64>),
    Priority(i16),
    Title(String),
}

impl Key {
    /// `<sort code>|<number>|<value>`; the value last, so a title may hold `|`.
    fn encode(&self) -> String {
        let value = match &self.value {
            KeyValue::None => String::new(),
            KeyValue::Instant(None) => "-".to_owned(),
            KeyValue::Instant(Some(us)) => us.to_string(),
            KeyValue::Priority(p) => p.to_string(),
            KeyValue::Title(t) => t.clone(),
        };
        format!("{}|{}|{value}", self.sort.code(), self.number)
    }

    fn decode(payload: &str) -> Option<Self> {
        let mut parts = payload.splitn(3, '|');
        let code = parts.next()?;
        let number: i32 = parts.next()?.parse().ok()?;
        let value = parts.next()?;
        let mut chars = code.chars();
        let c = chars.next()?;
        if chars.next().is_some() {
            return None;
        }
        let key = match c.to_ascii_lowercase() {
            'd' => SortKey::Due,
            'p' => SortKey::Priority,
            'c' => SortKey::Created,
            't' => SortKey::Title,
            'n' => SortKey::Number,
            _ => return None,
        };
        let sort = Sort {
            key,
            descending: c.is_ascii_uppercase(),
        };
        let value = match key {
            SortKey::Number => KeyValue::None,
            SortKey::Due if value == "-" => KeyValue::Instant(None),
            SortKey::Due | SortKey::Created => KeyValue::Instant(Some(value.parse().ok()?)),
            SortKey::Priority => KeyValue::Priority(value.parse().ok()?),
            SortKey::Title => KeyValue::Title(value.to_owned()),
        };
        Some(Self { sort, number, value })
    }

    fn of(sort: Sort, row: &PageRow) -> Self {
        let value = match sort.key {
            SortKey::Number => KeyValue::None,
            SortKey::Due => KeyValue::Instant(row.due_at.map(|t| t.timestamp_micros())),
            SortKey::Created => KeyValue::Instant(Some(row.task.created_at.timestamp_micros())),
            SortKey::Priority => KeyValue::Priority(row.task.priority),
            SortKey::Title => KeyValue::Title(row.task.title.clone()),
        };
        Self {
            sort,
            number: row.task.number,
            value,
        }
    }
}

#[derive(sqlx::FromRow)]
struct PageRow {
    #[sqlx(flatten)]
    task: TaskRow,
    due_at: Option<DateTime<Utc>>,
    total: i64,
}

const COLUMNS: &str = "number, title, description, completed, created_at, updated_at, \
    due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from, \
    remind_before_secs, remind_at, completed_at, due_at";

/// The search expression; the same text as `tasks_search_idx`, so the index serves it.
const SEARCH_EXPR: &str = "(title || ' ' || COALESCE(description, ''))";

/// `%text%` with the pattern characters of the text taken literally.
fn like_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// `user_id = … AND …` for the query's filters (not the cursor).
fn push_filters(
    qb: &mut QueryBuilder<Postgres>,
    user: UserId,
    query: &TaskQuery,
    now: Timestamp,
    zone: &TimeZone,
) {
    qb.push(" user_id = ").push_bind(user.get());
    if let Some(completed) = query.status.completed() {
        qb.push(" AND completed = ").push_bind(completed);
    }
    if let Some(q) = &query.q {
        // Each word must appear (in any order), so "milk buy" finds "Buy milk".
        for word in q.split_whitespace().take(8) {
            qb.push(" AND ")
                .push(SEARCH_EXPR)
                .push(" ILIKE ")
                .push_bind(like_pattern(word));
        }
    }
    if let Some(tag) = &query.tag {
        qb.push(" AND tags @> ARRAY[")
            .push_bind(tag.as_str().to_owned())
            .push("]::text[]");
    }
    if let Some(p) = query.priority {
        qb.push(" AND priority = ").push_bind(p.as_i16());
    }
    if let Some(due) = query.due {
        let b = due.bounds(now, zone);
        let ts = storage::timestamp_to_chrono;
        match due {
            DueFilter::None => {
                qb.push(" AND due_at IS NULL");
            }
            DueFilter::Overdue => {
                // A timed due before now, or a date before today; done tasks are never overdue.
                qb.push(" AND NOT completed AND due_at < ")
                    .push_bind(ts(b.now))
                    .push(" AND (due_has_time OR due_at < ")
                    .push_bind(ts(b.today_start))
                    .push(")");
            }
            DueFilter::Today | DueFilter::Tomorrow | DueFilter::Week => {
                if let Some(from) = b.from {
                    qb.push(" AND due_at >= ").push_bind(ts(from));
                }
                if let Some(to) = b.to {
                    qb.push(" AND due_at < ").push_bind(ts(to));
                }
            }
        }
    }
}

/// The order-by columns of a sort: (expression, ascending?) in order.
fn order_columns(sort: Sort) -> [(&'static str, bool); 2] {
    let natural = match sort.key {
        SortKey::Due => [("due_at", true), ("number", true)],
        SortKey::Priority => [("priority", false), ("number", true)],
        SortKey::Created => [("created_at", true), ("number", true)],
        SortKey::Title => [("lower(title)", true), ("number", true)],
        SortKey::Number => [("number", true), ("", true)],
    };
    natural.map(|(c, asc)| (c, asc != sort.descending))
}

/// `AND (rows after the cursor)`.
fn push_after(qb: &mut QueryBuilder<Postgres>, key: &Key) {
    let [(col, asc), (_, tie_asc)] = order_columns(key.sort);
    let op = |asc: bool| if asc { " > " } else { " < " };
    let n = key.number;
    qb.push(" AND (");
    match &key.value {
        KeyValue::None => {
            qb.push("number").push(op(asc)).push_bind(n);
        }
        // Tasks without a due come last in both directions.
        KeyValue::Instant(None) => {
            qb.push("due_at IS NULL AND number")
                .push(op(tie_asc))
                .push_bind(n);
        }
        KeyValue::Instant(Some(us)) => {
            let at = DateTime::<Utc>::from_timestamp_micros(*us).unwrap_or_default();
            qb.push(col).push(op(asc)).push_bind(at);
            qb.push(" OR (").push(col).push(" = ").push_bind(at);
            qb.push(" AND number").push(op(tie_asc)).push_bind(n).push(")");
            if key.sort.key == SortKey::Due {
                qb.push(" OR due_at IS NULL");
            }
        }
        KeyValue::Priority(p) => {
            qb.push(col).push(op(asc)).push_bind(*p);
            qb.push(" OR (").push(col).push(" = ").push_bind(*p);
            qb.push(" AND number").push(op(tie_asc)).push_bind(n).push(")");
        }
        KeyValue::Title(t) => {
            qb.push(col)
                .push(op(asc))
                .push("lower(")
                .push_bind(t.clone())
                .push(")");
            qb.push(" OR (")
                .push(col)
                .push(" = lower(")
                .push_bind(t.clone())
                .push(")");
            qb.push(" AND number").push(op(tie_asc)).push_bind(n).push(")");
        }
    }
    qb.push(")");
}

fn push_order(qb: &mut QueryBuilder<Postgres>, sort: Sort) {
    qb.push(" ORDER BY ");
    for (i, (col, asc)) in order_columns(sort).into_iter().enumerate() {
        if col.is_empty() {
            continue;
        }
        if i > 0 {
            qb.push(", ");
        }
        qb.push(col).push(if asc { " ASC" } else { " DESC" });
        if col == "due_at" {
            qb.push(" NULLS LAST");
        }
    }
}

/// One page of the person's tasks that match `query`, with the count of all
/// matches, in one statement. `now` and `zone` (the person's) place the due
/// filters' days.
pub async fn list_page(
    db: impl PgExecutor<'_>,
    keys: &CursorKey,
    user: UserId,
    query: &TaskQuery,
    now: Timestamp,
    zone: &TimeZone,
) -> Result<TaskPage, TaskError> {
    let after = query
        .cursor
        .as_deref()
        .map(|c| keys.verify(user, query.sort, c))
        .transpose()?;
    let limit = query.limit.clamp(1, MAX_LIMIT);
    let mut qb = QueryBuilder::<Postgres>::new("SELECT ");
    qb.push(COLUMNS);
    // The count is of every match, so it leaves the cursor out; Postgres runs
    // this uncorrelated subquery once (an InitPlan).
    qb.push(", (SELECT count(*) FROM tasks WHERE");
    push_filters(&mut qb, user, query, now, zone);
    qb.push(") AS total FROM tasks WHERE");
    push_filters(&mut qb, user, query, now, zone);
    if let Some(key) = &after {
        push_after(&mut qb, key);
    }
    push_order(&mut qb, query.sort);
    qb.push(" LIMIT ").push_bind(i64::from(limit) + 1);
    let mut rows: Vec<PageRow> = qb.build_query_as().fetch_all(db).await?;
    let count = rows.first().map_or(0, |r| r.total);
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|r| keys.sign(user, &Key::of(query.sort, r)))
    } else {
        None
    };
    Ok(TaskPage {
        tasks: rows.into_iter().map(|r| r.task.into()).collect(),
        count,
        next_cursor,
    })
}

/// A page past the end still needs the count; only a cursor whose next tasks
/// were all deleted meanwhile gets here.
pub async fn count(
    db: impl PgExecutor<'_>,
    user: UserId,
    query: &TaskQuery,
    now: Timestamp,
    zone: &TimeZone,
) -> Result<i64, TaskError> {
    let mut qb = QueryBuilder::<Postgres>::new("SELECT count(*) FROM tasks WHERE");
    push_filters(&mut qb, user, query, now, zone);
    Ok(qb.build_query_scalar::<i64>().fetch_one(db).await?)
}

/// Most tasks one agenda section shows.
pub const AGENDA_LIMIT: i64 = 200;

/// What is open: overdue, due today, and due in the next 7 days, in the
/// person's zone, soonest first.
#[derive(Clone, Debug, Serialize)]
pub struct Agenda {
    pub timezone: String,
    /// Today's local date, `2026-11-26`.
    pub date: String,
    pub overdue: Vec<Task>,
    pub today: Vec<Task>,
    pub upcoming: Vec<Task>,
}

impl Agenda {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty() && self.today.is_empty() && self.upcoming.is_empty()
    }
}

/// The agenda at `now` in `zone`, in one statement: open tasks due before the
/// end of the seventh day after today (the `tasks_user_due_idx` range).
pub async fn agenda(
    db: impl PgExecutor<'_>,
    user: UserId,
    now: Timestamp,
    zone: &TimeZone,
) -> Result<Agenda, TaskError> {
    let today = zone.to_datetime(now).date();
    let day = |n: i64| {
        today
            .checked_add(n.days())
            .map_or(Timestamp::MAX, |d| day_start(d, zone))
    };
    let (tomorrow_start, end) = (day(1), day(8));
    let today_start = day(0);
    // Two ranges, each with its own bound, so a long overdue backlog cannot
    // crowd out today and the week: before today, and today to the 8th day.
    let rows = sqlx::query_as!(
        TaskRow,
        r#"
        (SELECT number AS "number!", title AS "title!", description,
            completed AS "completed!", created_at AS "created_at!", updated_at AS "updated_at!",
            due_local, due_has_time AS "due_has_time!", due_tz, priority AS "priority!",
            tags AS "tags!", repeat, repeat_from AS "repeat_from!",
            remind_before_secs, remind_at, completed_at
        FROM tasks
        WHERE user_id = $1 AND NOT completed AND due_at < $2
        ORDER BY due_at, number
        LIMIT $4)
        UNION ALL
        (SELECT number, title, description, completed, created_at, updated_at,
            due_local, due_has_time, due_tz, priority, tags, repeat, repeat_from,
            remind_before_secs, remind_at, completed_at
        FROM tasks
        WHERE user_id = $1 AND NOT completed AND due_at >= $2 AND due_at < $3
        ORDER BY due_at, number
        LIMIT $4 * 2)
        "#,
        user.get(),
        storage::timestamp_to_chrono(today_start),
        storage::timestamp_to_chrono(end),
        AGENDA_LIMIT,
    )
    .fetch_all(db)
    .await?;
    let mut agenda = Agenda {
        timezone: zone_name(zone).to_owned(),
        date: today.to_string(),
        overdue: Vec::new(),
        today: Vec::new(),
        upcoming: Vec::new(),
    };
    for task in rows.into_iter().map(Task::from) {
        let Some(due) = task.due_local else { continue };
        // The instant `due_at` holds: the wall time in the zone it was set in.
        let task_zone = task
            .due_zone
            .as_deref()
            .and_then(|z| crate::time::parse_zone(z).ok())
            .unwrap_or(TimeZone::UTC);
        let at = due.instant(&task_zone);
        // As the `overdue` filter: a time before now, a date before today.
        let overdue = if due.time().is_some() {
            at < now
        } else {
            at < today_start
        };
        let section = if overdue {
            &mut agenda.overdue
        } else if at < tomorrow_start {
            &mut agenda.today
        } else {
            &mut agenda.upcoming
        };
        if (section.len() as i64) < AGENDA_LIMIT {
            section.push(task);
        }
    }
    Ok(agenda)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_parse_and_round_trip() {
        for s in [
            "due",
            "-due",
            "priority",
            "-priority",
            "created",
            "title",
            "-number",
        ] {
            assert_eq!(Sort::parse(s).unwrap().as_param(), s);
        }
        assert_eq!(Sort::parse("").unwrap(), Sort::default());
        let err = Sort::parse("size").unwrap_err();
        assert_eq!(err.field(), Some("sort"));
    }

    #[test]
    fn cursors_are_signed_per_person_and_sort() {
        let keys = CursorKey::new(b"0123456789abcdef0123456789abcdef");
        let ada = UserId::from_trusted(1);
        let sort = Sort::parse("-title").unwrap();
        let key = Key {
            sort,
            number: 7,
            value: KeyValue::Title("a|b ü".into()),
        };
        let cursor = keys.sign(ada, &key);
        assert_eq!(keys.verify(ada, sort, &cursor).unwrap(), key);
        let field = |r: Result<Key, TaskError>| r.unwrap_err().field();
        assert_eq!(
            field(keys.verify(UserId::from_trusted(2), sort, &cursor)),
            Some("cursor")
        );
        assert_eq!(field(keys.verify(ada, Sort::default(), &cursor)), Some("cursor"));
        let (payload, mac) = cursor.split_once('.').unwrap();
        let forged = format!("{}.{mac}", hex(b"T|1|zzz"));
        assert_eq!(field(keys.verify(ada, sort, &forged)), Some("cursor"));
        assert_eq!(
            field(keys.verify(ada, sort, &format!("{payload}.x{mac}"))),
            Some("cursor")
        );
        for junk in ["", ".", "zz.zz", "not a cursor", "\u{fe0f}.a"] {
            assert_eq!(field(keys.verify(ada, sort, junk)), Some("cursor"), "{junk}");
        }
        let other = CursorKey::new(b"another secret that is 32 bytes!");
        assert_eq!(field(other.verify(ada, sort, &cursor)), Some("cursor"));
    }

    #[test]
    fn search_patterns_are_literal() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn queries_parse_and_name_the_bad_parameter() {
        let raw = |f: fn(&mut RawTaskQuery)| {
            let mut r = RawTaskQuery::default();
            f(&mut r);
            TaskQuery::parse(&r)
        };
        let q = raw(|r| {
            r.status = Some("pending".into());
            r.tag = Some("#Work".into());
            r.priority = Some("p1".into());
            r.due = Some("today".into());
            r.sort = Some("-due".into());
            r.limit = Some("5".into());
            r.q = Some("  ".into());
        })
        .unwrap();
        assert_eq!(q.status, TaskFilter::Pending);
        assert_eq!(q.tag.unwrap().as_str(), "work");
        assert_eq!(q.priority, Some(Priority::High));
        assert_eq!(q.due, Some(DueFilter::Today));
        assert_eq!(q.limit, 5);
        assert_eq!(q.q, None);
        assert_eq!(raw(|_| {}).unwrap().limit, DEFAULT_LIMIT);
        let field = |r: Result<TaskQuery, TaskError>| r.unwrap_err().field();
        assert_eq!(field(raw(|r| r.limit = Some("501".into()))), Some("limit"));
        assert_eq!(field(raw(|r| r.limit = Some("0".into()))), Some("limit"));
        assert_eq!(field(raw(|r| r.tag = Some("two words".into()))), Some("tag"));
        assert_eq!(field(raw(|r| r.due = Some("someday".into()))), Some("due"));
        assert_eq!(field(raw(|r| r.status = Some("maybe".into()))), Some("status"));
        assert_eq!(field(raw(|r| r.priority = Some("asap".into()))), Some("priority"));
        assert_eq!(field(raw(|r| r.q = Some("x".repeat(201)))), Some("q"));
    }
}
