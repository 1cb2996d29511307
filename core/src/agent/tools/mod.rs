//! The task tools every brain drives, with the caller bound by the server.
//!
//! Arguments come from a model or the offline parser and are untrusted: they
//! are parsed leniently (numbers as strings are fine), unknown fields such as a
//! `user_id` are ignored, and the user is always the one the turn belongs to.
//! Times (`due`, `remind`, `until`) are ISO 8601 or phrases, read in the
//! person's zone at the turn's "now".

mod connection;
mod effects;
mod results;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::{PgConnection, PgPool};

pub use connection::{Conn, Held};
pub use effects::TurnEffects;
pub use results::{
    ListedTask, MAX_LISTED, TaskList, TaskOutcome, TaskStatus, TimezoneOutcome, TimezoneStatus, ToolFailure,
    ToolResult, describe,
};

use crate::{
    accounts::UserId,
    quickadd::QuickAdd,
    tasks::{
        self, Completion, FieldChanges, Priority, SortKey, Tag, Tags, Task, TaskChanges, TaskDescription,
        TaskError, TaskFields, TaskFilter, TaskNumber, TaskTitle,
    },
    time::{
        self, Due, DueFilter, Remind, RepeatFrom, Rule, TimeError, TimeZone, Timestamp, settings, zone_name,
    },
};

/// Who a tool acts for, and when and where they are.
#[derive(Clone, Debug)]
pub struct ToolContext<'a> {
    pub db: &'a PgPool,
    pub user: UserId,
    pub now: Timestamp,
    pub zone: TimeZone,
    /// The inbound message the calls answer, when it came through the inbox:
    /// each call's effect is then recorded under it, once.
    effects: Option<&'a TurnEffects>,
    /// The message's one connection, when it has one: the calls run on it.
    held: Option<&'a Held>,
}

impl<'a> ToolContext<'a> {
    /// The person's zone from their settings.
    pub async fn load(db: &'a PgPool, user: UserId, now: Timestamp) -> Result<Self, sqlx::Error> {
        let zone = settings::load(db, user).await?.zone();
        Ok(Self::new(db, user, now, zone))
    }

    /// With the person's zone already known.
    pub fn new(db: &'a PgPool, user: UserId, now: Timestamp, zone: TimeZone) -> Self {
        Self {
            db,
            user,
            now,
            zone,
            effects: None,
            held: None,
        }
    }

    /// The same context, running its statements on `held`.
    pub fn on(self, held: Option<&'a Held>) -> Self {
        Self { held, ..self }
    }

    /// The held connection, if any.
    pub fn held(&self) -> Option<&'a Held> {
        self.held
    }

    /// A connection for the calls' statements: the message's held one when
    /// it has one (free), otherwise one of the pool's.
    pub async fn conn(&self) -> Result<Conn<'a>, sqlx::Error> {
        match self.held {
            Some(held) => held.get().await,
            None => Ok(Conn::Own(self.db.acquire().await?)),
        }
    }

    /// The record of the turn's effects, when it is keyed by a message.
    pub fn effects(&self) -> Option<&'a TurnEffects> {
        self.effects
    }

    /// The same context, recording every effect under the turn's message.
    pub fn keyed(self, effects: Option<&'a TurnEffects>) -> Self {
        Self { effects, ..self }
    }

    /// `Thursday, 26 November 2026, 10:00 (Europe/Berlin)`.
    pub fn local_now(&self) -> String {
        let local = self.zone.to_datetime(self.now);
        format!(
            "{} ({})",
            local.strftime("%A, %-d %B %Y, %H:%M"),
            zone_name(&self.zone)
        )
    }
}

/// One tool run, as the API returns it and the conversation stores it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolCallRecord {
    pub name: String,
    pub arguments: Value,
    pub result: ToolResult,
}

impl ToolCallRecord {
    pub fn failed(&self) -> bool {
        matches!(self.result, ToolResult::Failed { .. })
    }

    /// Whether the call changed anything (so it must not be repeated).
    pub fn changed_tasks(&self) -> bool {
        matches!(self.result, ToolResult::Task(_) | ToolResult::Timezone(_))
    }
}

/// Which tasks `list_tasks` shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub status: TaskFilter,
    /// Words to find in the title or description.
    pub query: Option<String>,
    pub tag: Option<Tag>,
    pub priority: Option<Priority>,
    pub due: Option<DueFilter>,
    pub sort: SortKey,
}

impl ListFilter {
    /// `/tasks` arguments: a status, a due filter, `#tag`, `p1`..`p3`; other words are searched for.
    pub fn from_words(args: &str) -> Self {
        let mut filter = Self::default();
        let mut words = Vec::new();
        for word in args.split_whitespace() {
            let lower = word.to_lowercase();
            if let Ok(status) = lower.parse::<TaskFilter>() {
                filter.status = status;
            } else if let Ok(due) = DueFilter::parse(&lower) {
                filter.due = Some(due);
            } else if let Some(tag) = word.strip_prefix('#').and_then(|t| Tag::parse(t).ok()) {
                filter.tag = Some(tag);
            } else if let Some(priority) = ["p1", "p2", "p3"]
                .contains(&lower.as_str())
                .then(|| Priority::parse(&lower).ok())
                .flatten()
            {
                filter.priority = Some(priority);
            } else {
                words.push(word);
            }
        }
        if filter.due.is_some() && filter.status == TaskFilter::All {
            filter.status = TaskFilter::Pending;
        }
        filter.query = (!words.is_empty()).then(|| words.join(" "));
        filter
    }
}

/// A tool call with its arguments checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolCall {
    AddTask {
        title: TaskTitle,
        description: Option<TaskDescription>,
        fields: TaskFields,
    },
    ListTasks(ListFilter),
    CompleteTask {
        number: TaskNumber,
    },
    DeleteTask {
        number: TaskNumber,
    },
    UpdateTask {
        number: TaskNumber,
        title: Option<TaskTitle>,
        description: Option<TaskDescription>,
        fields: FieldChanges,
    },
    SnoozeTask {
        number: TaskNumber,
        until: Timestamp,
    },
    SetTimezone {
        zone: TimeZone,
    },
}

/// Why a call could not even be attempted.
#[derive(Debug, thiserror::Error)]
pub enum ArgumentError {
    #[error("unknown tool `{0}`")]
    UnknownTool(String),
    #[error("the arguments are not a JSON object")]
    NotAnObject,
    #[error("missing argument `{0}`")]
    Missing(&'static str),
    #[error(transparent)]
    Invalid(#[from] TaskError),
}

impl From<tasks::FieldError> for ArgumentError {
    fn from(e: tasks::FieldError) -> Self {
        Self::Invalid(e.into())
    }
}

impl ArgumentError {
    fn code(&self) -> &'static str {
        match self {
            Self::UnknownTool(_) => "unknown_tool",
            Self::NotAnObject | Self::Missing(_) => "invalid_arguments",
            Self::Invalid(e) => e.code(),
        }
    }
}

/// A tool, defined once: the LLM brain's function list and the MCP server's
/// tool list are made from [`TOOLS`].
pub struct ToolSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// JSON schema of the arguments.
    pub parameters: fn() -> Value,
    /// Checks the arguments; the user is never among them.
    parse: fn(&Args<'_>) -> Result<ToolCall, ArgumentError>,
}

const WHEN: &str = "ISO 8601 (2026-11-27T18:00 or 2026-11-27; without an offset it is the user's local time) \
or a phrase such as \"tomorrow 6pm\", \"next fri\", \"in 2 hours\"";

/// Every tool, in the order the model sees them.
pub static TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "add_task",
        description: "Add a task to the user's list, optionally with a due date, priority, tags, a repeat and a reminder.",
        parameters: || {
            let mut properties = json!({
                "title": {"type": "string", "description": "Short task title, 1-200 characters, capitalised like a sentence, without the date words"},
                "description": {"type": "string", "description": "Optional details, at most 1000 characters"},
            });
            extend(&mut properties, time_properties());
            object(properties, &["title"])
        },
        parse: |args| {
            Ok(ToolCall::AddTask {
                title: TaskTitle::parse(args.text("title").ok_or(ArgumentError::Missing("title"))?)?,
                description: args.description()?,
                fields: args.fields()?,
            })
        },
    },
    ToolSpec {
        name: "list_tasks",
        description: "List the user's tasks (at most 50 shown; count is the total). Use it to find a task's number from its title.",
        parameters: || {
            object(
                json!({
                    "status": {"type": "string", "enum": ["all", "pending", "completed"], "description": "Which tasks (default all)"},
                    "query": {"type": "string", "description": "Words to find in the title or description"},
                    "tag": {"type": "string", "description": "Only tasks with this tag"},
                    "priority": {"type": "string", "enum": ["high", "medium", "low", "none"]},
                    "due": {"type": "string", "enum": ["overdue", "today", "tomorrow", "week", "none"]},
                    "sort": {"type": "string", "enum": ["due", "priority", "created", "title", "number"]}
                }),
                &[],
            )
        },
        parse: |args| args.list_filter().map(ToolCall::ListTasks),
    },
    ToolSpec {
        name: "complete_task",
        description: "Mark a task as completed (a repeating task moves to its next occurrence). Completing a completed task is fine.",
        parameters: || object(json!({"task_number": task_number()}), &["task_number"]),
        parse: |args| {
            Ok(ToolCall::CompleteTask {
                number: args.number()?,
            })
        },
    },
    ToolSpec {
        name: "delete_task",
        description: "Delete a task for good.",
        parameters: || object(json!({"task_number": task_number()}), &["task_number"]),
        parse: |args| {
            Ok(ToolCall::DeleteTask {
                number: args.number()?,
            })
        },
    },
    ToolSpec {
        name: "update_task",
        description: "Change a task: title, description, due, priority, tags, repeat or reminder (give at least one; \"none\" clears due, repeat or remind).",
        parameters: || {
            let mut properties = json!({
                "task_number": task_number(),
                "title": {"type": "string", "description": "New title"},
                "description": {"type": "string", "description": "New description; empty clears it"},
            });
            extend(&mut properties, time_properties());
            object(properties, &["task_number"])
        },
        parse: |args| {
            Ok(ToolCall::UpdateTask {
                number: args.number()?,
                title: args.text("title").map(TaskTitle::parse).transpose()?,
                description: args.description()?,
                fields: args.field_changes()?,
            })
        },
    },
    ToolSpec {
        name: "snooze_task",
        description: "Move the reminder of a task's current occurrence to later.",
        parameters: || {
            object(
                json!({
                    "task_number": task_number(),
                    "until": {"type": "string", "description": format!("A duration (\"1h\", \"15m\") or a time: {WHEN}")}
                }),
                &["task_number", "until"],
            )
        },
        parse: |args| {
            let until = args.text("until").ok_or(ArgumentError::Missing("until"))?;
            Ok(ToolCall::SnoozeTask {
                number: args.number()?,
                until: args.until(until)?,
            })
        },
    },
    ToolSpec {
        name: "set_timezone",
        description: "Set the user's time zone (dates and reminders are read in it).",
        parameters: || {
            object(
                json!({"timezone": {"type": "string", "description": "IANA name such as Europe/Berlin, or a city such as Tokyo"}}),
                &["timezone"],
            )
        },
        parse: |args| {
            let name = args.text("timezone").ok_or(ArgumentError::Missing("timezone"))?;
            let zone = time::parse_zone(name).map_err(|error| TaskError::Time {
                field: "timezone",
                error,
            })?;
            Ok(ToolCall::SetTimezone { zone })
        },
    },
];

fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

fn extend(properties: &mut Value, more: Value) {
    if let (Some(properties), Value::Object(more)) = (properties.as_object_mut(), more) {
        properties.extend(more);
    }
}

fn time_properties() -> Value {
    json!({
        "due": {"type": "string", "description": format!("When it is due: {WHEN}")},
        "priority": {"type": "string", "enum": ["high", "medium", "low", "none"]},
        "tags": {"type": "array", "items": {"type": "string"}, "description": "Up to 10 tags, letters, digits, _ or -"},
        "repeat": {"type": "string", "description": "An RRULE (FREQ=WEEKLY;BYDAY=MO) or a phrase (\"every other monday\", \"every month on the 1st\")"},
        "repeat_from": {"type": "string", "enum": ["due", "completion"]},
        "remind": {"type": "string", "description": format!("When to remind: an offset before the due (\"30m before\") or a time: {WHEN}")}
    })
}

fn task_number() -> Value {
    json!({"type": "integer", "minimum": 1, "description": "The task's number as the user sees it, e.g. 3 for #3"})
}

/// Untrusted arguments, read leniently, with the turn's "now" and zone.
struct Args<'a> {
    map: &'a serde_json::Map<String, Value>,
    now: Timestamp,
    zone: &'a TimeZone,
}

fn time_error(field: &'static str) -> impl Fn(TimeError) -> ArgumentError {
    move |error| TaskError::Time { field, error }.into()
}

/// `"none"`, `"null"`, `""` or JSON null: clear the field.
fn clears(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "" | "none" | "null" | "never" | "no"
        ),
        _ => false,
    }
}

impl Args<'_> {
    fn text(&self, key: &str) -> Option<&str> {
        self.map.get(key).and_then(Value::as_str)
    }

    /// `3`, `"3"` and `"#3"` all name task 3.
    fn number(&self) -> Result<TaskNumber, ArgumentError> {
        match self.map.get("task_number").or_else(|| self.map.get("number")) {
            Some(Value::Number(n)) => Ok(TaskNumber::new(n.as_i64().unwrap_or(0))?),
            Some(Value::String(s)) => Ok(s.parse()?),
            Some(other) => Err(TaskError::InvalidNumber(other.to_string().chars().take(20).collect()).into()),
            None => Err(ArgumentError::Missing("task_number")),
        }
    }

    fn description(&self) -> Result<Option<TaskDescription>, ArgumentError> {
        Ok(self.text("description").map(TaskDescription::parse).transpose()?)
    }

    fn due(&self, text: &str) -> Result<Due, ArgumentError> {
        time::resolve_when(text, self.now, self.zone).map_err(time_error("due"))
    }

    /// The repeat and, when the phrase carries one ("every weekday at 9am"),
    /// the due it starts at.
    fn repeat(&self, text: &str) -> Result<(Rule, Option<Due>), ArgumentError> {
        let spec = time::resolve_repeat(text, self.now, self.zone).map_err(time_error("repeat"))?;
        let first = spec
            .first_due(self.now, self.zone)
            .map_err(time_error("repeat"))?;
        Ok((spec.rule, Some(first)))
    }

    fn remind(&self, text: &str) -> Result<Remind, ArgumentError> {
        time::resolve_remind(text, self.now, self.zone).map_err(time_error("remind"))
    }

    fn until(&self, text: &str) -> Result<Timestamp, ArgumentError> {
        if let Ok(span) = time::parse_duration(text) {
            return self
                .now
                .checked_add(span)
                .map_err(|_| time_error("until")(TimeError::InvalidDuration(text.into())));
        }
        let due = time::resolve_when(text, self.now, self.zone).map_err(time_error("until"))?;
        Ok(due.instant(self.zone))
    }

    fn priority(&self) -> Result<Option<Priority>, ArgumentError> {
        Ok(self.text("priority").map(Priority::parse).transpose()?)
    }

    fn tags(&self) -> Result<Option<Tags>, ArgumentError> {
        Ok(match self.map.get("tags") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(Tags::parse_list(s)?),
            Some(Value::Array(items)) => Some(Tags::parse(items.iter().map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }))?),
            Some(other) => Some(Tags::parse_list(&other.to_string())?),
        })
    }

    fn repeat_from(&self) -> Result<Option<RepeatFrom>, ArgumentError> {
        self.text("repeat_from")
            .map(RepeatFrom::parse)
            .transpose()
            .map_err(time_error("repeat_from"))
    }

    fn fields(&self) -> Result<TaskFields, ArgumentError> {
        let mut due = self
            .text("due")
            .filter(|t| !t.trim().is_empty())
            .map(|t| self.due(t))
            .transpose()?;
        let repeat = match self.text("repeat").filter(|t| !t.trim().is_empty()) {
            Some(text) => {
                let (rule, first) = self.repeat(text)?;
                due = due.or(first);
                Some(rule)
            }
            None => None,
        };
        Ok(TaskFields {
            due,
            priority: self.priority()?.unwrap_or_default(),
            tags: self.tags()?.unwrap_or_default(),
            repeat,
            repeat_from: self.repeat_from()?.unwrap_or_default(),
            remind: self
                .text("remind")
                .filter(|t| !t.trim().is_empty())
                .map(|t| self.remind(t))
                .transpose()?,
        })
    }

    fn field_changes(&self) -> Result<FieldChanges, ArgumentError> {
        let mut changes = FieldChanges {
            priority: self.priority()?,
            tags: self.tags()?,
            repeat_from: self.repeat_from()?,
            ..FieldChanges::default()
        };
        if let Some(value) = self.map.get("due") {
            changes.due = Some(if clears(value) {
                None
            } else {
                Some(self.due(value.as_str().unwrap_or_default())?)
            });
        }
        if let Some(value) = self.map.get("repeat") {
            changes.repeat = Some(if clears(value) {
                None
            } else {
                let (rule, first) = self.repeat(value.as_str().unwrap_or_default())?;
                if changes.due.is_none() {
                    changes.due = Some(first);
                }
                Some(rule)
            });
        }
        if let Some(value) = self.map.get("remind") {
            changes.remind = Some(if clears(value) {
                None
            } else {
                Some(self.remind(value.as_str().unwrap_or_default())?)
            });
        }
        Ok(changes)
    }

    fn list_filter(&self) -> Result<ListFilter, ArgumentError> {
        let tag = self
            .text("tag")
            .filter(|t| !t.trim().is_empty())
            .map(|t| Tag::parse(t.trim_start_matches('#')))
            .transpose()?;
        let due = self
            .text("due")
            .filter(|t| !t.trim().is_empty())
            .map(DueFilter::parse)
            .transpose()
            .map_err(time_error("due"))?;
        let sort = match self
            .text("sort")
            .map(|s| s.trim().trim_start_matches('-').to_ascii_lowercase())
        {
            None => SortKey::Number,
            Some(s) => match s.as_str() {
                "due" => SortKey::Due,
                "priority" => SortKey::Priority,
                "created" => SortKey::Created,
                "title" => SortKey::Title,
                _ => SortKey::Number,
            },
        };
        Ok(ListFilter {
            status: self.text("status").unwrap_or("all").parse()?,
            query: self
                .text("query")
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(str::to_owned),
            tag,
            priority: self.priority()?,
            due,
            sort,
        })
    }
}

impl ToolCall {
    /// Checks a call's arguments at the turn's "now", in the person's zone.
    pub fn parse(
        name: &str,
        arguments: &Value,
        now: Timestamp,
        zone: &TimeZone,
    ) -> Result<Self, ArgumentError> {
        let spec = TOOLS
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| ArgumentError::UnknownTool(name.chars().take(64).collect()))?;
        let map = arguments.as_object().ok_or(ArgumentError::NotAnObject)?;
        (spec.parse)(&Args { map, now, zone })
    }

    /// A quick-add reading as an `add_task` call (the title already checked).
    pub fn add(title: TaskTitle, reading: &QuickAdd) -> Self {
        Self::AddTask {
            title,
            description: None,
            fields: TaskFields {
                due: reading.due,
                priority: reading.priority,
                tags: reading.tags.clone(),
                repeat: reading.repeat.clone(),
                repeat_from: RepeatFrom::Due,
                remind: reading.remind,
            },
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::AddTask { .. } => "add_task",
            Self::ListTasks(_) => "list_tasks",
            Self::CompleteTask { .. } => "complete_task",
            Self::DeleteTask { .. } => "delete_task",
            Self::UpdateTask { .. } => "update_task",
            Self::SnoozeTask { .. } => "snooze_task",
            Self::SetTimezone { .. } => "set_timezone",
        }
    }

    /// The arguments as a model would have written them.
    pub fn arguments(&self) -> Value {
        let mut args = json!({});
        let mut put = |key: &str, value: Value| {
            args[key] = value;
        };
        match self {
            Self::AddTask {
                title,
                description,
                fields,
            } => {
                put("title", title.as_str().into());
                if let Some(d) = description {
                    put("description", d.as_str().into());
                }
                if let Some(due) = fields.due {
                    put("due", due.to_local_iso().into());
                }
                if fields.priority != Priority::None {
                    put("priority", fields.priority.as_str().into());
                }
                if !fields.tags.is_empty() {
                    put("tags", json!(fields.tags.to_strings()));
                }
                if let Some(rule) = &fields.repeat {
                    put("repeat", rule.to_string().into());
                }
            }
            Self::ListTasks(filter) => {
                put("status", filter.status.as_str().into());
                if let Some(q) = &filter.query {
                    put("query", q.as_str().into());
                }
                if let Some(tag) = &filter.tag {
                    put("tag", tag.as_str().into());
                }
                if let Some(p) = filter.priority {
                    put("priority", p.as_str().into());
                }
                if let Some(due) = filter.due {
                    put("due", due.as_str().into());
                }
            }
            Self::CompleteTask { number } | Self::DeleteTask { number } => put("task_number", json!(number)),
            Self::UpdateTask {
                number,
                title,
                description,
                fields,
            } => {
                put("task_number", json!(number));
                if let Some(t) = title {
                    put("title", t.as_str().into());
                }
                if let Some(d) = description {
                    put("description", d.as_str().into());
                }
                if let Some(due) = &fields.due {
                    put("due", due.map_or("none".into(), |d| d.to_local_iso()).into());
                }
                if let Some(p) = fields.priority {
                    put("priority", p.as_str().into());
                }
                if let Some(tags) = &fields.tags {
                    put("tags", json!(tags.to_strings()));
                }
                if let Some(rule) = &fields.repeat {
                    put(
                        "repeat",
                        rule.as_ref().map_or("none".into(), Rule::to_string).into(),
                    );
                }
            }
            Self::SnoozeTask { number, until } => {
                put("task_number", json!(number));
                put("until", until.to_string().into());
            }
            Self::SetTimezone { zone } => put("timezone", zone_name(zone).into()),
        }
        args
    }

    /// Whether running the call changes anything (only a listing does not).
    pub fn changes(&self) -> bool {
        !matches!(self, Self::ListTasks(_))
    }

    /// Runs the call on `conn` (a transaction when its effect is recorded with it).
    async fn run(self, ctx: &ToolContext<'_>, conn: &mut PgConnection) -> Result<ToolResult, TaskError> {
        let user = ctx.user;
        Ok(match self {
            Self::AddTask {
                title,
                description,
                fields,
            } => {
                let task = tasks::add_with_fields(
                    &mut *conn,
                    user,
                    &title,
                    description.as_ref(),
                    &fields,
                    &ctx.zone,
                    ctx.now,
                )
                .await?;
                let note = QuickAdd {
                    title: String::new(),
                    due: fields.due,
                    repeat: fields.repeat,
                    priority: fields.priority,
                    tags: fields.tags,
                    remind: fields.remind,
                    notes: Vec::new(),
                }
                .summary_parts(&ctx.zone, ctx.now)
                .join(", ");
                outcome(ctx, task, TaskStatus::Created, Some(note))
            }
            Self::ListTasks(filter) => ToolResult::Tasks(list(ctx, &mut *conn, &filter).await?),
            Self::CompleteTask { number } => {
                match tasks::complete_occurrence_on(&mut *conn, user, number, None, ctx.now).await? {
                    Completion::Completed(task) => outcome(ctx, task, TaskStatus::Completed, None),
                    Completion::Rescheduled(task) => {
                        let next = shown_due(ctx, &task).map(|d| d.relative(ctx.now, &ctx.zone));
                        let mut result = outcome(
                            ctx,
                            task,
                            TaskStatus::Rescheduled,
                            next.map(|n| format!("next due {n}")),
                        );
                        if let ToolResult::Task(o) = &mut result {
                            o.next_due = o.due.clone();
                        }
                        result
                    }
                }
            }
            Self::DeleteTask { number } => outcome(
                ctx,
                tasks::delete(&mut *conn, user, number).await?,
                TaskStatus::Deleted,
                None,
            ),
            Self::UpdateTask {
                number,
                title,
                description,
                fields,
            } => {
                let plain = TaskChanges {
                    title,
                    description,
                    completed: None,
                };
                if plain.title.is_none() && plain.description.is_none() && fields.is_empty() {
                    return Err(TaskError::NothingToUpdate);
                }
                let mut task = None;
                if plain.title.is_some() || plain.description.is_some() {
                    task = Some(tasks::update(&mut *conn, user, number, plain).await?);
                }
                if !fields.is_empty() {
                    task = Some(
                        tasks::update_fields(&mut *conn, user, number, fields, &ctx.zone, ctx.now).await?,
                    );
                }
                let task = task.ok_or(TaskError::NothingToUpdate)?;
                let note = task_summary(ctx, &task);
                outcome(ctx, task, TaskStatus::Updated, note)
            }
            Self::SnoozeTask { number, until } => {
                let task = tasks::snooze(&mut *conn, user, number, until).await?;
                let when = Due::from_instant(until, &ctx.zone).relative(ctx.now, &ctx.zone);
                outcome(
                    ctx,
                    task,
                    TaskStatus::Snoozed,
                    Some(format!("I'll remind you {when}")),
                )
            }
            Self::SetTimezone { zone } => {
                settings::set_timezone(&mut *conn, user, &zone).await?;
                let local = zone.to_datetime(ctx.now);
                ToolResult::Timezone(TimezoneOutcome {
                    timezone: zone_name(&zone).to_owned(),
                    status: TimezoneStatus::Updated,
                    local_time: Some(time::fmt_time(local.time())),
                })
            }
        })
    }
}

/// The zone a task's due is read in: its own, else the person's.
fn task_zone(ctx: &ToolContext<'_>, task: &Task) -> TimeZone {
    task.due_zone
        .as_deref()
        .and_then(|z| time::parse_zone(z).ok())
        .unwrap_or_else(|| ctx.zone.clone())
}

/// A task's due as the person sees it now: a timed due at the same instant in
/// their current zone (they may have moved since it was set), a date as it is.
fn shown_due(ctx: &ToolContext<'_>, task: &Task) -> Option<Due> {
    task.due_local.map(|due| match due {
        Due::DateTime(_) => Due::from_instant(due.instant(&task_zone(ctx, task)), &ctx.zone),
        Due::Date(_) => due,
    })
}

/// `due tomorrow 18:00, every day, high, #home` for a stored task.
fn task_summary(ctx: &ToolContext<'_>, task: &Task) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(due) = shown_due(ctx, task) {
        parts.push(format!("due {}", due.relative(ctx.now, &ctx.zone)));
    }
    parts.extend(task.repeat_text.clone());
    if task.priority != Priority::None {
        parts.push(task.priority.as_str().to_owned());
    }
    if !task.tags.is_empty() {
        parts.push(task.tags.to_string());
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn outcome(ctx: &ToolContext<'_>, task: Task, status: TaskStatus, note: Option<String>) -> ToolResult {
    let due = shown_due(ctx, &task).map(|d| d.to_rfc3339(&ctx.zone));
    ToolResult::Task(TaskOutcome {
        number: task.number,
        title: task.title,
        status,
        due,
        repeat_text: task.repeat_text,
        next_due: None,
        remind_at: task.remind_at.map(|t| t.to_rfc3339()),
        note: note.filter(|n| !n.is_empty()),
    })
}

/// The tasks a filter selects, at most [`MAX_LISTED`] of them.
/// On the call's own connection: taking the context's again while the call
/// holds it would borrow a second one from the pool, and a burst of such
/// calls, each holding one and waiting for another, drains the pool.
async fn list(
    ctx: &ToolContext<'_>,
    conn: &mut PgConnection,
    filter: &ListFilter,
) -> Result<TaskList, TaskError> {
    let all = tasks::list(&mut *conn, ctx.user, filter.status).await?;
    let words: Vec<String> = filter
        .query
        .iter()
        .flat_map(|q| {
            q.to_lowercase()
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let bounds = filter.due.map(|d| (d, d.bounds(ctx.now, &ctx.zone)));
    let mut matching: Vec<Task> = all
        .into_iter()
        .filter(|t| {
            let text = format!("{} {}", t.title, t.description.as_deref().unwrap_or_default()).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .filter(|t| {
            filter
                .tag
                .as_ref()
                .is_none_or(|tag| t.tags.iter().any(|x| x == tag))
        })
        .filter(|t| filter.priority.is_none_or(|p| t.priority == p))
        .filter(|t| match (&bounds, t.due_local) {
            (None, _) => true,
            (Some((DueFilter::None, _)), due) => due.is_none(),
            (Some(_), None) => false,
            (Some((DueFilter::Overdue, _)), Some(due)) => due.is_overdue(ctx.now, &task_zone(ctx, t)),
            (Some((_, b)), Some(due)) => {
                let at = due.instant(&task_zone(ctx, t));
                b.from.is_none_or(|f| at >= f) && b.to.is_none_or(|to| at < to)
            }
        })
        .collect();
    match filter.sort {
        SortKey::Number => {}
        SortKey::Due => matching.sort_by_key(|t| {
            (
                t.due_local.is_none(),
                t.due_local.map(|d| d.instant(&task_zone(ctx, t))),
            )
        }),
        SortKey::Priority => matching.sort_by_key(|t| std::cmp::Reverse(t.priority.as_i16())),
        SortKey::Created => matching.sort_by_key(|t| t.created_at),
        SortKey::Title => matching.sort_by_key(|t| t.title.to_lowercase()),
    }
    let count = matching.len();
    let tasks = matching
        .into_iter()
        .take(MAX_LISTED)
        .map(|t| {
            let due = shown_due(ctx, &t);
            ListedTask {
                when: due
                    .filter(|_| !t.completed)
                    .map(|d| d.relative(ctx.now, &ctx.zone)),
                due: due.map(|d| d.to_rfc3339(&ctx.zone)),
                number: t.number,
                title: t.title,
                description: t.description,
                completed: t.completed,
                priority: t.priority,
                tags: t.tags,
                repeat_text: t.repeat_text,
            }
        })
        .collect();
    let mut extra = Vec::new();
    extra.extend(filter.due.map(|d| match d {
        DueFilter::None => "no due date".to_owned(),
        DueFilter::Week => "due this week".to_owned(),
        other => format!("due {}", other.as_str()),
    }));
    extra.extend(filter.tag.as_ref().map(|t| format!("#{}", t.as_str())));
    extra.extend(filter.priority.map(|p| format!("{} priority", p.as_str())));
    extra.extend(filter.query.as_ref().map(|q| format!("“{q}”")));
    Ok(TaskList {
        tasks,
        count,
        heading: results::heading(filter.status, &extra),
    })
}

/// Runs a tool for the context's person and records it. Failures become
/// `{"error": {code, message}}` results for the brain to explain; only a
/// database outage is an `Err`.
pub async fn execute(
    ctx: &ToolContext<'_>,
    name: &str,
    arguments: Value,
) -> Result<ToolCallRecord, sqlx::Error> {
    let result = match ToolCall::parse(name, &arguments, ctx.now, &ctx.zone) {
        Err(e) => ToolResult::failed(e.code(), e.to_string()),
        Ok(call) => run(ctx, call).await?,
    };
    Ok(ToolCallRecord {
        name: name.to_owned(),
        arguments,
        result,
    })
}

/// Runs an already checked call.
pub async fn execute_call(ctx: &ToolContext<'_>, call: ToolCall) -> Result<ToolCallRecord, sqlx::Error> {
    let (name, arguments) = (call.name(), call.arguments());
    Ok(ToolCallRecord {
        name: name.to_owned(),
        arguments,
        result: run(ctx, call).await?,
    })
}

async fn run(ctx: &ToolContext<'_>, call: ToolCall) -> Result<ToolResult, sqlx::Error> {
    if let Some(effects) = ctx.effects
        && call.changes()
    {
        return effects.once(ctx, call).await;
    }
    let mut conn = ctx.conn().await?;
    match call.run(ctx, &mut conn).await {
        Ok(result) => Ok(result),
        Err(TaskError::Database(e)) => Err(e),
        Err(e) => Ok(ToolResult::failed(e.code(), e.to_string())),
    }
}

/// A call whose arguments were not even JSON.
pub fn unreadable(name: &str, raw_arguments: &str) -> ToolCallRecord {
    ToolCallRecord {
        name: name.to_owned(),
        arguments: Value::String(raw_arguments.to_owned()),
        result: ToolResult::failed("invalid_arguments", "the arguments were not valid JSON"),
    }
}

/// A call not run because the turn's rules forbid it; the model reads why.
pub fn refused(name: &str, arguments: Value, code: &str, message: &str) -> ToolCallRecord {
    ToolCallRecord {
        name: name.to_owned(),
        arguments,
        result: ToolResult::failed(code, message),
    }
}

/// The tool definitions in OpenAI's function-calling format, built once: every
/// model request carries them.
pub fn definitions() -> &'static Value {
    static DEFINITIONS: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        TOOLS
            .iter()
            .map(|t| {
                json!({"type": "function", "function": {
                    "name": t.name, "description": t.description, "parameters": (t.parameters)()
                }})
            })
            .collect()
    });
    &DEFINITIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, args: Value) -> Result<ToolCall, ArgumentError> {
        let now: Timestamp = "2026-11-26T09:00:00Z".parse().unwrap();
        ToolCall::parse(name, &args, now, &time::parse_zone("Europe/Berlin").unwrap())
    }

    #[test]
    fn arguments_are_parsed_leniently_and_user_ids_ignored() {
        let call = parse("complete_task", json!({"task_number": "3", "user_id": 99})).unwrap();
        assert_eq!(
            call,
            ToolCall::CompleteTask {
                number: "3".parse().unwrap()
            }
        );
        assert!(matches!(
            parse("delete_task", json!({"task_number": "three"})),
            Err(ArgumentError::Invalid(TaskError::InvalidNumber(_)))
        ));
        assert!(matches!(
            parse("drop_table", json!({})),
            Err(ArgumentError::UnknownTool(_))
        ));
        assert!(matches!(
            parse("add_task", json!("x")),
            Err(ArgumentError::NotAnObject)
        ));
        assert!(matches!(
            parse("add_task", json!({})),
            Err(ArgumentError::Missing("title"))
        ));
    }

    #[test]
    fn times_are_iso_or_phrases_in_the_persons_zone() {
        let ToolCall::AddTask { fields, .. } = parse(
            "add_task",
            json!({"title": "Call mom", "due": "tomorrow 6pm", "priority": "high", "tags": ["family"]}),
        )
        .unwrap() else {
            panic!("an add")
        };
        assert_eq!(fields.due.unwrap().to_local_iso(), "2026-11-27T18:00");
        assert_eq!(fields.priority, Priority::High);
        let ToolCall::AddTask { fields, .. } = parse(
            "add_task",
            json!({"title": "Pay rent", "repeat": "every month on the 1st"}),
        )
        .unwrap() else {
            panic!("an add")
        };
        assert!(fields.repeat.is_some());
        assert_eq!(
            fields.due.unwrap().date().to_string(),
            "2026-12-01",
            "the rule's first occurrence"
        );
        let err = parse("add_task", json!({"title": "x", "due": "the day after never"})).unwrap_err();
        assert_eq!(err.code(), "invalid_date");
        let err = parse("add_task", json!({"title": "x", "tags": ["two words"]})).unwrap_err();
        assert_eq!(err.code(), "invalid_tags");
        let ToolCall::UpdateTask { fields, .. } =
            parse("update_task", json!({"task_number": 1, "due": "none"})).unwrap()
        else {
            panic!("an update")
        };
        assert_eq!(fields.due, Some(None), "\"none\" clears");
        let ToolCall::SnoozeTask { until, .. } =
            parse("snooze_task", json!({"task_number": 2, "until": "1h"})).unwrap()
        else {
            panic!("a snooze")
        };
        assert_eq!(until.to_string(), "2026-11-26T10:00:00Z");
        assert_eq!(
            parse("set_timezone", json!({"timezone": "Mars/Olympus"}))
                .unwrap_err()
                .code(),
            "invalid_timezone"
        );
    }

    #[test]
    fn definitions_name_every_tool() {
        let names: Vec<String> = definitions()
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["function"]["name"].as_str().unwrap().to_owned())
            .collect();
        let table: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        assert_eq!(names, table);
        assert_eq!(
            table,
            [
                "add_task",
                "list_tasks",
                "complete_task",
                "delete_task",
                "update_task",
                "snooze_task",
                "set_timezone"
            ]
        );
    }

    #[test]
    fn results_serialise_to_the_designed_json() {
        let outcome = ToolResult::Task(TaskOutcome {
            number: TaskNumber::new(7).unwrap(),
            title: "Pay rent".into(),
            status: TaskStatus::Created,
            due: Some("2026-12-01T09:00:00+01:00".into()),
            repeat_text: Some("every month on the 1st".into()),
            next_due: None,
            remind_at: None,
            note: Some("not in the JSON".into()),
        });
        assert_eq!(
            serde_json::to_value(&outcome).unwrap(),
            json!({"number": 7, "title": "Pay rent", "status": "created", "due": "2026-12-01T09:00:00+01:00", "repeat_text": "every month on the 1st"})
        );
        let back: ToolResult = serde_json::from_value(serde_json::to_value(&outcome).unwrap()).unwrap();
        assert!(matches!(
            back,
            ToolResult::Task(TaskOutcome {
                status: TaskStatus::Created,
                ..
            })
        ));
        let tz = ToolResult::Timezone(TimezoneOutcome {
            timezone: "Asia/Tokyo".into(),
            status: TimezoneStatus::Updated,
            local_time: None,
        });
        assert_eq!(
            serde_json::to_value(&tz).unwrap(),
            json!({"timezone": "Asia/Tokyo", "status": "updated"})
        );
    }
}
