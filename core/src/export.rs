//! Export and import of a person's list: a versioned JSON document, and CSV
//! for spreadsheets (header `title,description,due,priority,tags,completed,repeat`).
//! Import is all or nothing, in one transaction; imported tasks get new numbers.
//!
//! Today tasks carry title, description and completion only: the `due`,
//! `priority`, `tags` and `repeat` columns are written empty and must be empty
//! on import until tasks carry those fields.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::{
    accounts::UserId,
    tasks::{self, TaskChanges, TaskDescription, TaskError, TaskFilter, TaskNumber, TaskTitle},
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
    #[serde(default)]
    pub settings: serde_json::Map<String, serde_json::Value>,
    pub tasks: Vec<ExportedTask>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportedTask {
    /// Informational: an import numbers tasks anew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<TaskNumber>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub completed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
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
            Self::Invalid { .. } => "invalid_import",
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
            Self::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

pub async fn export(db: &PgPool, user: UserId) -> Result<ExportDocument, TaskError> {
    let tasks = tasks::list(db, user, TaskFilter::All).await?;
    Ok(ExportDocument {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at: Some(Utc::now()),
        settings: serde_json::Map::new(),
        tasks: tasks
            .into_iter()
            .map(|t| ExportedTask {
                number: Some(t.number),
                title: t.title,
                description: t.description,
                completed: t.completed,
                created_at: Some(t.created_at),
                updated_at: Some(t.updated_at),
            })
            .collect(),
    })
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
        let description = t.description.as_deref().unwrap_or("");
        let _ = writer.write_record([t.title.as_str(), description, "", "", "", completed, ""]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A task checked and ready to insert.
#[derive(Debug)]
pub struct ImportTask {
    title: TaskTitle,
    description: Option<TaskDescription>,
    completed: bool,
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

fn check(
    where_: &'static str,
    line: usize,
    title: &str,
    description: Option<&str>,
    completed: bool,
) -> Result<ImportTask, ImportError> {
    let task_error = |e: TaskError| invalid(where_, line, e.field().unwrap_or("task"), e.to_string());
    Ok(ImportTask {
        title: TaskTitle::parse(title).map_err(task_error)?,
        description: description
            .filter(|d| !d.is_empty())
            .map(TaskDescription::parse)
            .transpose()
            .map_err(task_error)?,
        completed,
    })
}

/// Reads a JSON export.
pub fn parse_json(body: &[u8]) -> Result<Vec<ImportTask>, ImportError> {
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
    let document: ExportDocument =
        serde_json::from_value(head).map_err(|e| ImportError::Unreadable(e.to_string()))?;
    if document.tasks.len() > MAX_IMPORT_TASKS {
        return Err(ImportError::TooMany);
    }
    document
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| check("task", i + 1, &t.title, t.description.as_deref(), t.completed))
        .collect()
}

/// Reads CSV with the documented header (a UTF-8 byte-order mark is skipped).
pub fn parse_csv(body: &[u8]) -> Result<Vec<ImportTask>, ImportError> {
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
    let at = |name: &str| column(name).unwrap_or_default();
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
        let get = |name: &str| record.get(at(name)).unwrap_or("");
        for field in ["due", "priority", "tags", "repeat"] {
            if !get(field).trim().is_empty() {
                return Err(invalid(
                    "line",
                    line,
                    field,
                    "not supported yet: tasks do not carry this field",
                ));
            }
        }
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
        tasks.push(check(
            "line",
            line,
            get("title"),
            Some(get("description")),
            completed,
        )?);
    }
    Ok(tasks)
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

/// Adds every task, or none: one transaction. Returns how many were added.
pub async fn import(db: &PgPool, user: UserId, tasks: Vec<ImportTask>) -> Result<usize, ImportError> {
    let mut tx = db.begin().await?;
    let count = tasks.len();
    for t in tasks {
        let added = tasks::add(&mut *tx, user, &t.title, t.description.as_ref())
            .await
            .map_err(database)?;
        if t.completed {
            let done = TaskChanges {
                completed: Some(true),
                ..TaskChanges::default()
            };
            tasks::update(&mut *tx, user, added.number, done)
                .await
                .map_err(database)?;
        }
    }
    tx.commit().await?;
    Ok(count)
}

/// Inputs were checked before the transaction, so only the database can fail here.
fn database(e: TaskError) -> ImportError {
    match e {
        TaskError::Database(e) => ImportError::Database(e),
        other => ImportError::Unreadable(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            number: None,
            title: title.into(),
            description: description.map(Into::into),
            completed,
            created_at: None,
            updated_at: None,
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_reads_back() {
        let tricky = doc(vec![
            task("Pay \"rent\", now", Some("line one\nline two"), false),
            task("Café ☕ 日本", None, true),
        ]);
        let csv = to_csv(&tricky);
        assert!(
            csv.starts_with("title,description,due,priority,tags,completed,repeat\r\n"),
            "{csv}"
        );
        assert!(
            csv.contains("\"Pay \"\"rent\"\", now\",\"line one\nline two\""),
            "{csv}"
        );
        let back = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(back[0].title.as_str(), "Pay \"rent\", now");
        assert_eq!(
            back[0].description.as_ref().unwrap().as_str(),
            "line one\nline two"
        );
        assert!(!back[0].completed && back[1].completed);
        assert_eq!(back[1].title.as_str(), "Café ☕ 日本");
    }

    #[test]
    fn csv_errors_name_the_line_and_field() {
        let bom = "\u{feff}title,description,due,priority,tags,completed,repeat\r\nA,,,,,false,\r\n";
        assert_eq!(parse_csv(bom.as_bytes()).unwrap().len(), 1);

        let missing = parse_csv(b"title,description\nA,b\n").unwrap_err();
        assert_eq!(missing.code(), "invalid_csv_header");
        assert!(missing.to_string().contains("missing due"), "{missing}");

        for end in ["\n", "\r\n"] {
            let long = format!(
                "title,description,due,priority,tags,completed,repeat{end}\"ok,\nstill ok\",,,,,,{end}{},,,,,,{end}",
                "x".repeat(201)
            );
            let e = parse_csv(long.as_bytes()).unwrap_err();
            assert_eq!((e.code(), e.field()), ("invalid_import", Some("title")));
            assert!(e.to_string().starts_with("line 4: title:"), "{end:?}: {e}");
        }

        let due = parse_csv(b"title,description,due,priority,tags,completed,repeat\nA,,tomorrow,,,,\n")
            .unwrap_err();
        assert_eq!(due.field(), Some("due"));
        let done =
            parse_csv(b"title,description,due,priority,tags,completed,repeat\nA,,,,,maybe,\n").unwrap_err();
        assert!(done.to_string().starts_with("line 2: completed:"), "{done}");
    }

    #[test]
    fn json_of_another_version_is_refused() {
        let e = parse_json(br#"{"format": "tasklink-export", "version": 2, "tasks": []}"#).unwrap_err();
        assert_eq!(e.code(), "unsupported_version");
        let e = parse_json(br#"{"tasks": []}"#).unwrap_err();
        assert_eq!(e.code(), "unsupported_version");
        let e = parse_json(b"not json").unwrap_err();
        assert_eq!(e.code(), "unreadable_import");
        let body = serde_json::to_vec(&doc(vec![task("A", None, false), task("", None, false)])).unwrap();
        let e = parse_json(&body).unwrap_err();
        assert!(e.to_string().starts_with("task 2: title:"), "{e}");
    }
}
