//! Export and import of a person's list: a versioned JSON document with the
//! settings and every field of every task, and CSV for spreadsheets (header
//! `title,description,due,priority,tags,completed,repeat`).
//!
//! Import reads each field with the code the API uses for tasks
//! ([`FieldText`], [`TaskTitle`], [`Tags`], the RRULE parser), is all or
//! nothing in one transaction, and gives imported tasks new numbers.
//!
//! - `due` is a date (`2026-12-01`, in the person's zone) or a local date and
//!   time with the zone it was set in (`2026-12-01T09:00[America/New_York]`),
//!   so a repeating "09:00" stays 09:00 in that zone. Anything the API's `due`
//!   takes is accepted too (read in the person's zone).
//! - The JSON's `settings` (timezone, agenda_time, quiet_hours,
//!   reminder_platform) are applied, in the same transaction; a key that is
//!   absent keeps the setting. CSV carries no settings.
//! - A reminder is kept as its offset (`remind`, e.g. `30m before`, which
//!   repeats with the task) or else as its instant (`remind_at`). An instant
//!   already past is kept as it is: the reminder scheduler treats it as a
//!   missed reminder (sent late only within 24 hours), so importing an old
//!   backup does not send old reminders.
//! - CSV has the documented seven columns; `repeat_from` and `remind` columns
//!   may be added after them and are read when present. The JSON export is
//!   the complete backup; CSV is the spreadsheet subset.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::{
    accounts::UserId,
    tasks::{
        self, FieldText, Tags, Task, TaskDescription, TaskError, TaskFields, TaskFilter, TaskNumber,
        TaskTitle,
    },
    time::{
        Due, Remind, TimeZone, Timestamp, parse_zone,
        settings::{self, SettingsChanges, SettingsError, SettingsText},
        storage,
    },
};

pub const FORMAT: &str = "tasklink-export";
pub const VERSION: u32 = 1;
pub const CSV_HEADER: [&str; 7] = [
    "title",
    "description",
    "due",
    "priority",
    "tags",
    "completed",
    "repeat",
];
/// Columns a CSV may add after the documented ones.
const CSV_OPTIONAL: [&str; 2] = ["repeat_from", "remind"];
/// Most tasks one import may carry.
pub const MAX_IMPORT_TASKS: usize = 10_000;
/// Largest import body, in bytes.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// The JSON export: settings and every task with all its fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportDocument {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub exported_at: Option<DateTime<Utc>>,
    /// `{timezone, agenda_time, quiet_hours, reminder_platform}` as `/api/settings` shows them.
    #[serde(default)]
    pub settings: serde_json::Map<String, serde_json::Value>,
    pub tasks: Vec<ExportedTask>,
}

/// One task, its fields as text in the forms the API reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportedTask {
    /// Informational: an import numbers tasks anew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<TaskNumber>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub completed: bool,
    /// Kept by an import when the task is completed.
    #[serde(default)]
    pub completed_at: Option<DateTime<Utc>>,
    /// Informational: an import stamps tasks anew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
    /// `2026-12-01` or `2026-12-01T09:00[Europe/Berlin]` (local time and its zone).
    #[serde(default)]
    pub due: Option<String>,
    /// `high`, `medium`, `low` or `none`.
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// RRULE text (COUNT is what is left of the series).
    #[serde(default)]
    pub repeat: Option<String>,
    /// `due` or `completion`.
    #[serde(default)]
    pub repeat_from: Option<String>,
    /// Informational: the repeat in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_text: Option<String>,
    /// A reminder as an offset before the due (`30m before`); it repeats with the task.
    #[serde(default)]
    pub remind: Option<String>,
    /// The pending reminder's instant; read when there is no `remind` offset.
    #[serde(default)]
    pub remind_at: Option<DateTime<Utc>>,
}

/// Why an import was refused; nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// `line` is the CSV line (the header is line 1) or, for JSON, the task's
    /// position in `tasks` counting from 1.
    #[error("{where_} {line}: {field}: {message}")]
    Invalid {
        where_: &'static str,
        line: usize,
        field: &'static str,
        message: String,
    },
    #[error("settings: {field}: {message}")]
    Settings { field: &'static str, message: String },
    #[error("not a Tasklink export: {0}")]
    Unreadable(String),
    #[error("this is a {format} version {version} export; this Tasklink reads {FORMAT} version {VERSION}")]
    UnsupportedVersion { format: String, version: u32 },
    #[error("the CSV header must be `title,description,due,priority,tags,completed,repeat`; {0}")]
    BadHeader(String),
    #[error("at most {MAX_IMPORT_TASKS} tasks per import")]
    TooMany,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl ImportError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } | Self::Settings { .. } => "invalid_import",
            Self::Unreadable(_) => "unreadable_import",
            Self::UnsupportedVersion { .. } => "unsupported_version",
            Self::BadHeader(_) => "invalid_csv_header",
            Self::TooMany => "too_many_tasks",
            Self::Database(_) => "internal",
        }
    }

    /// The field at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Invalid { field, .. } | Self::Settings { field, .. } => Some(field),
            _ => None,
        }
    }
}

pub async fn export(db: &PgPool, user: UserId) -> Result<ExportDocument, TaskError> {
    let settings = settings::load(db, user).await?;
    let settings = match serde_json::to_value(settings) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let tasks = tasks::list(db, user, TaskFilter::All).await?;
    Ok(ExportDocument {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at: Some(Utc::now()),
        settings,
        tasks: tasks.into_iter().map(exported).collect(),
    })
}

fn exported(t: Task) -> ExportedTask {
    ExportedTask {
        number: Some(t.number),
        due: t.due_local.map(|d| due_text(d, t.due_zone.as_deref())),
        title: t.title,
        description: t.description,
        completed: t.completed,
        completed_at: t.completed_at,
        created_at: Some(t.created_at),
        updated_at: Some(t.updated_at),
        priority: Some(t.priority.as_str().to_owned()),
        tags: t.tags.to_strings(),
        repeat: t.repeat,
        repeat_from: Some(t.repeat_from.as_str().to_owned()),
        repeat_text: t.repeat_text,
        remind: t
            .remind_before
            .filter(|d| d.as_secs() > 0)
            .map(|d| format!("{}m before", d.as_secs() / 60)),
        remind_at: t.remind_at,
    }
}

/// `2026-12-01`, or `2026-12-01T09:00[Europe/Berlin]`: the local wall time is
/// what is stored (and what repeats), so it is written with its zone rather
/// than as an instant.
fn due_text(due: Due, zone: Option<&str>) -> String {
    match (due, zone) {
        (Due::DateTime(_), Some(zone)) => format!("{}[{zone}]", due.to_local_iso()),
        _ => due.to_local_iso(),
    }
}

/// Splits `2026-12-01T09:00[Europe/Berlin]` into the local text and its zone.
fn split_zone(text: &str) -> Result<(&str, Option<TimeZone>), String> {
    let text = text.trim();
    match text.strip_suffix(']').and_then(|t| t.split_once('[')) {
        None => Ok((text, None)),
        Some((local, zone)) => parse_zone(zone)
            .map(|z| (local, Some(z)))
            .map_err(|e| e.to_string()),
    }
}

/// The tasks as CSV (RFC 4180: quoted where needed, CRLF line ends).
pub fn to_csv(document: &ExportDocument) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(CSV_HEADER);
    for t in &document.tasks {
        let completed = if t.completed { "true" } else { "false" };
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let priority = t.priority.as_deref().filter(|p| *p != "none").unwrap_or("");
        let _ = writer.write_record([
            t.title.as_str(),
            &text(&t.description),
            &text(&t.due),
            priority,
            &t.tags.join(" "),
            completed,
            &text(&t.repeat),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A checked import: settings to apply (JSON only) and the tasks.
#[derive(Debug)]
pub struct Import {
    settings: Option<SettingsChanges>,
    tasks: Vec<ImportTask>,
}

impl Import {
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }
}

/// A task checked and ready to insert.
#[derive(Debug)]
pub struct ImportTask {
    where_: &'static str,
    line: usize,
    title: TaskTitle,
    description: Option<TaskDescription>,
    completed: bool,
    completed_at: Option<DateTime<Utc>>,
    fields: TaskFields,
    /// The zone the due is read in: its own, or the person's.
    zone: TimeZone,
}

fn invalid(
    where_: &'static str,
    line: usize,
    field: &'static str,
    message: impl Into<String>,
) -> ImportError {
    ImportError::Invalid {
        where_,
        line,
        field,
        message: message.into(),
    }
}

/// A task error at this line, with the field it names.
fn task_error(where_: &'static str, line: usize) -> impl Fn(TaskError) -> ImportError {
    move |e| match e {
        TaskError::Database(e) => ImportError::Database(e),
        TaskError::Time { field, error } => invalid(where_, line, field, error.to_string()),
        other => invalid(where_, line, other.field().unwrap_or("task"), other.to_string()),
    }
}

/// One task's text, as it came from either format.
struct TaskText<'a> {
    title: &'a str,
    description: Option<&'a str>,
    completed: bool,
    completed_at: Option<DateTime<Utc>>,
    due: Option<&'a str>,
    priority: Option<&'a str>,
    tags: Result<Tags, tasks::FieldError>,
    repeat: Option<&'a str>,
    repeat_from: Option<&'a str>,
    remind: Option<&'a str>,
    remind_at: Option<DateTime<Utc>>,
}

/// Reads one task with the API's parsers, at `now`, in the person's `zone`
/// unless the due names its own.
fn check(
    where_: &'static str,
    line: usize,
    t: TaskText<'_>,
    now: Timestamp,
    zone: &TimeZone,
) -> Result<ImportTask, ImportError> {
    let error = task_error(where_, line);
    let present = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let (due, zone) = match t.due.map(split_zone).transpose() {
        Err(message) => return Err(invalid(where_, line, "due", message)),
        Ok(None) => (None, zone.clone()),
        Ok(Some((local, own))) => (Some(local), own.unwrap_or_else(|| zone.clone())),
    };
    let text = FieldText {
        due: Some(present(due)),
        priority: Some(present(t.priority)),
        tags: None,
        repeat: Some(present(t.repeat)),
        repeat_from: Some(present(t.repeat_from)),
        remind: Some(present(t.remind)),
    };
    let mut fields = text.resolve_new(now, &zone).map_err(&error)?;
    fields.tags = t.tags.map_err(|e| error(e.into()))?;
    if fields.remind.is_none()
        && let Some(at) = t.remind_at
    {
        fields.remind = Some(Remind::At(storage::timestamp_from_chrono(at)));
    }
    Ok(ImportTask {
        where_,
        line,
        title: TaskTitle::parse(t.title).map_err(&error)?,
        description: t
            .description
            .filter(|d| !d.trim().is_empty())
            .map(TaskDescription::parse)
            .transpose()
            .map_err(&error)?,
        completed: t.completed,
        completed_at: t.completed_at,
        fields,
        zone,
    })
}

/// The settings of a JSON export as the settings API reads them; an absent
/// key keeps the setting.
fn settings_text(map: &serde_json::Map<String, serde_json::Value>) -> Result<SettingsText, ImportError> {
    use serde_json::Value;
    let wrong = |field: &'static str, message: &str| ImportError::Settings {
        field,
        message: message.to_owned(),
    };
    let text = |field: &'static str| -> Result<Option<Option<String>>, ImportError> {
        match map.get(field) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(Value::String(s)) => Ok(Some(Some(s.clone()))),
            Some(_) => Err(wrong(field, "must be a string or null")),
        }
    };
    let timezone = match text("timezone")? {
        Some(None) => return Err(wrong("timezone", "must be an IANA zone name")),
        Some(Some(zone)) => Some(zone),
        None => None,
    };
    let quiet_hours = match map.get("quiet_hours") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(q) => {
            let end = |k: &str| q.get(k).and_then(Value::as_str).map(str::to_owned);
            match (end("start"), end("end")) {
                (Some(a), Some(b)) => Some(Some((a, b))),
                _ => {
                    return Err(wrong(
                        "quiet_hours",
                        "must be {\"start\": \"HH:MM\", \"end\": \"HH:MM\"} or null",
                    ));
                }
            }
        }
    };
    Ok(SettingsText {
        timezone,
        agenda_time: text("agenda_time")?,
        quiet_hours,
        reminder_platform: text("reminder_platform")?,
    })
}

fn check_settings(text: &SettingsText) -> Result<SettingsChanges, ImportError> {
    text.check().map_err(|e| match e {
        SettingsError::Invalid { field, message, .. } => ImportError::Settings { field, message },
        SettingsError::Database(e) => ImportError::Database(e),
    })
}

/// Reads a JSON export; times are read at `now`, in its settings' zone or
/// else the person's `zone`.
pub fn parse_json(body: &[u8], now: Timestamp, zone: &TimeZone) -> Result<Import, ImportError> {
    let head: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| ImportError::Unreadable(e.to_string()))?;
    let format = head.get("format").and_then(|v| v.as_str()).unwrap_or("unknown");
    let version = head.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if format != FORMAT || version != u64::from(VERSION) {
        return Err(ImportError::UnsupportedVersion {
            format: format.chars().take(40).collect(),
            version: u32::try_from(version).unwrap_or(u32::MAX),
        });
    }
    if head
        .get("tasks")
        .and_then(|t| t.as_array())
        .is_some_and(|t| t.len() > MAX_IMPORT_TASKS)
    {
        return Err(ImportError::TooMany);
    }
    let document: ExportDocument =
        serde_json::from_value(head).map_err(|e| ImportError::Unreadable(e.to_string()))?;
    let settings = check_settings(&settings_text(&document.settings)?)?;
    let zone = settings.zone().cloned().unwrap_or_else(|| zone.clone());
    let tasks = document
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let text = TaskText {
                title: &t.title,
                description: t.description.as_deref(),
                completed: t.completed,
                completed_at: t.completed_at,
                due: t.due.as_deref(),
                priority: t.priority.as_deref(),
                tags: Tags::parse(&t.tags),
                repeat: t.repeat.as_deref(),
                repeat_from: t.repeat_from.as_deref(),
                remind: t.remind.as_deref(),
                remind_at: t.remind_at,
            };
            check("task", i + 1, text, now, &zone)
        })
        .collect::<Result<_, _>>()?;
    Ok(Import {
        settings: Some(settings),
        tasks,
    })
}

/// Reads CSV with the documented header (a UTF-8 byte-order mark is
/// skipped); times are read at `now` in the person's `zone`.
pub fn parse_csv(body: &[u8], now: Timestamp, zone: &TimeZone) -> Result<Import, ImportError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::BadHeader(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<&str> = CSV_HEADER
        .iter()
        .copied()
        .filter(|c| column(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::BadHeader(format!("missing {}", missing.join(", "))));
    }
    let columns: Vec<Option<usize>> = CSV_HEADER
        .iter()
        .chain(CSV_OPTIONAL.iter())
        .map(|c| column(c))
        .collect();
    let mut tasks = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(i + 2, |p| line_at(body, p.byte()));
            invalid("line", line, "row", e.to_string())
        })?;
        let line = record.position().map_or(i + 2, |p| line_at(body, p.byte()));
        if tasks.len() == MAX_IMPORT_TASKS {
            return Err(ImportError::TooMany);
        }
        let get = |name: &str| {
            let at = CSV_HEADER
                .iter()
                .chain(CSV_OPTIONAL.iter())
                .position(|c| *c == name)
                .and_then(|i| columns[i]);
            at.and_then(|at| record.get(at)).unwrap_or("")
        };
        let completed = match get("completed").trim().to_lowercase().as_str() {
            "" | "false" | "no" | "0" => false,
            "true" | "yes" | "1" => true,
            other => {
                return Err(invalid(
                    "line",
                    line,
                    "completed",
                    format!(
                        "`{}` is not true or false",
                        other.chars().take(20).collect::<String>()
                    ),
                ));
            }
        };
        let text = TaskText {
            title: get("title"),
            description: Some(get("description")),
            completed,
            completed_at: None,
            due: Some(get("due")),
            priority: Some(get("priority")),
            tags: Tags::parse_list(get("tags")),
            repeat: Some(get("repeat")),
            repeat_from: Some(get("repeat_from")),
            remind: Some(get("remind")),
            remind_at: None,
        };
        tasks.push(check("line", line, text, now, zone)?);
    }
    Ok(Import {
        settings: None,
        tasks,
    })
}

/// The line (from 1) a record starting at this byte is on. The csv crate's own
/// line numbers, and its record offsets, fall one line short after CRLF line
/// ends (it stops at the `\r`), so skip line-end bytes before counting.
fn line_at(body: &[u8], byte: u64) -> usize {
    let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(body.len());
    while at < body.len() && matches!(body[at], b'\r' | b'\n') {
        at += 1;
    }
    1 + body[..at].iter().filter(|b| **b == b'\n').count()
}

/// Applies the settings and adds every task, or nothing: one transaction.
/// Returns how many tasks were added.
pub async fn import(db: &PgPool, user: UserId, import: Import, now: Timestamp) -> Result<usize, ImportError> {
    let mut tx = db.begin().await?;
    if let Some(changes) = &import.settings {
        settings::write(&mut tx, user, changes).await?;
    }
    let count = import.tasks.len();
    for t in import.tasks {
        let error = task_error(t.where_, t.line);
        let added = tasks::add_with_fields(
            &mut *tx,
            user,
            &t.title,
            t.description.as_ref(),
            &t.fields,
            &t.zone,
            now,
        )
        .await
        .map_err(&error)?;
        if t.completed {
            sqlx::query!(
                r#"
                UPDATE tasks SET completed = true, completed_at = COALESCE($3, now()), updated_at = now()
                WHERE user_id = $1 AND number = $2
                "#,
                user.get(),
                added.number.get(),
                t.completed_at,
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{tasks::Priority, time::zone_name};

    fn doc(tasks: Vec<ExportedTask>) -> ExportDocument {
        ExportDocument {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: None,
            settings: serde_json::Map::new(),
            tasks,
        }
    }

    fn task(title: &str, description: Option<&str>, completed: bool) -> ExportedTask {
        ExportedTask {
            title: title.into(),
            description: description.map(Into::into),
            completed,
            ..ExportedTask::default()
        }
    }

    fn now() -> Timestamp {
        "2026-11-26T09:00:00Z".parse().unwrap()
    }

    fn csv(body: &[u8]) -> Result<Import, ImportError> {
        parse_csv(body, now(), &TimeZone::UTC)
    }

    fn json(body: &[u8]) -> Result<Import, ImportError> {
        parse_json(body, now(), &TimeZone::UTC)
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_reads_back() {
        let mut rent = task("Pay \"rent\", now", Some("line one\nline two"), false);
        rent.due = Some("2026-12-01T09:00[America/New_York]".into());
        rent.priority = Some("high".into());
        rent.tags = vec!["home".into(), "money".into()];
        rent.repeat = Some("FREQ=MONTHLY;BYMONTHDAY=1".into());
        let tricky = doc(vec![rent, task("Café ☕ 日本", None, true)]);
        let text = to_csv(&tricky);
        assert!(
            text.starts_with("title,description,due,priority,tags,completed,repeat\r\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "\"Pay \"\"rent\"\", now\",\"line one\nline two\",2026-12-01T09:00[America/New_York],high,home money,false,FREQ=MONTHLY;BYMONTHDAY=1\r\n"
            ),
            "{text}"
        );
        let back = csv(text.as_bytes()).unwrap().tasks;
        assert_eq!(back[0].title.as_str(), "Pay \"rent\", now");
        assert_eq!(
            back[0].description.as_ref().unwrap().as_str(),
            "line one\nline two"
        );
        assert_eq!(back[0].fields.due.unwrap().to_local_iso(), "2026-12-01T09:00");
        assert_eq!(zone_name(&back[0].zone), "America/New_York");
        assert_eq!(back[0].fields.priority, Priority::High);
        assert_eq!(back[0].fields.tags.to_string(), "#home #money");
        assert_eq!(
            back[0].fields.repeat.as_ref().unwrap().to_string(),
            "FREQ=MONTHLY;BYMONTHDAY=1"
        );
        assert!(!back[0].completed && back[1].completed);
        assert_eq!(back[1].title.as_str(), "Café ☕ 日本");
    }

    #[test]
    fn csv_errors_name_the_line_and_field() {
        let bom = "\u{feff}title,description,due,priority,tags,completed,repeat\r\nA,,,,,false,\r\n";
        assert_eq!(csv(bom.as_bytes()).unwrap().len(), 1);

        let missing = csv(b"title,description\nA,b\n").unwrap_err();
        assert_eq!(missing.code(), "invalid_csv_header");
        assert!(missing.to_string().contains("missing due"), "{missing}");

        for end in ["\n", "\r\n"] {
            let long = format!(
                "title,description,due,priority,tags,completed,repeat{end}\"ok,\nstill ok\",,,,,,{end}{},,,,,,{end}",
                "x".repeat(201)
            );
            let e = csv(long.as_bytes()).unwrap_err();
            assert_eq!((e.code(), e.field()), ("invalid_import", Some("title")));
            assert!(e.to_string().starts_with("line 4: title:"), "{end:?}: {e}");
        }

        let header = "title,description,due,priority,tags,completed,repeat\n";
        let field_of = |row: &str| {
            let e = csv(format!("{header}ok,,,,,,\n{row}\n").as_bytes()).unwrap_err();
            assert!(e.to_string().starts_with("line 3: "), "{e}");
            e.field()
        };
        assert_eq!(field_of("A,,2026-02-30,,,,"), Some("due"));
        assert_eq!(field_of("A,,2026-12-01T09:00[Mars/Base],,,,"), Some("due"));
        assert_eq!(field_of("A,,,urgent-ish,,,"), Some("priority"));
        assert_eq!(field_of("A,,,,two words!,,"), Some("tags"));
        assert_eq!(field_of("A,,,,,maybe,"), Some("completed"));
        assert_eq!(field_of("A,,2026-12-01,,,,FREQ=HOURLY"), Some("repeat"));
        assert_eq!(field_of("A,,,,"), Some("row"));

        // Optional extra columns are read when present.
        let extra = "title,description,due,priority,tags,completed,repeat,repeat_from,remind\n\
                     A,,2026-12-01T09:00,,,,FREQ=DAILY,completion,30m before\n";
        let t = &csv(extra.as_bytes()).unwrap().tasks[0];
        assert_eq!(t.fields.repeat_from, crate::time::RepeatFrom::Completion);
        assert!(matches!(t.fields.remind, Some(Remind::Before(_))));
    }

    #[test]
    fn json_of_another_version_is_refused() {
        let e = json(br#"{"format": "tasklink-export", "version": 2, "tasks": []}"#).unwrap_err();
        assert_eq!(e.code(), "unsupported_version");
        assert!(e.to_string().contains("version 2"), "{e}");
        let e = json(br#"{"tasks": []}"#).unwrap_err();
        assert_eq!(e.code(), "unsupported_version");
        let e = json(b"not json").unwrap_err();
        assert_eq!(e.code(), "unreadable_import");
        let body = serde_json::to_vec(&doc(vec![task("A", None, false), task("", None, false)])).unwrap();
        let e = json(&body).unwrap_err();
        assert!(e.to_string().starts_with("task 2: title:"), "{e}");
    }

    #[test]
    fn json_settings_are_checked_and_set_the_zone_for_dues() {
        let mut d = doc(vec![ExportedTask {
            due: Some("2026-12-01T09:00".into()),
            remind: Some("1h before".into()),
            ..task("A", None, false)
        }]);
        d.settings = serde_json::json!({"timezone": "Asia/Tokyo", "agenda_time": "08:00",
            "quiet_hours": {"start": "22:00", "end": "07:00"}, "reminder_platform": null})
        .as_object()
        .unwrap()
        .clone();
        let import = json(&serde_json::to_vec(&d).unwrap()).unwrap();
        assert_eq!(zone_name(&import.tasks[0].zone), "Asia/Tokyo");

        d.settings = serde_json::json!({"timezone": "Mars/Base"})
            .as_object()
            .unwrap()
            .clone();
        let e = json(&serde_json::to_vec(&d).unwrap()).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid_import", Some("timezone")));
        assert!(e.to_string().starts_with("settings: timezone:"), "{e}");
        d.settings = serde_json::json!({"agenda_time": "25:00"})
            .as_object()
            .unwrap()
            .clone();
        assert_eq!(
            json(&serde_json::to_vec(&d).unwrap()).unwrap_err().field(),
            Some("agenda_time")
        );
    }
}
