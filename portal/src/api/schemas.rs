//! The shapes of API responses that are built from core types (which stay
//! free of utoipa) or with `json!`: described for the OpenAPI document, never
//! built. The portal test `responses_match_their_schemas` compares real
//! responses against them, so they cannot drift unnoticed.
#![allow(dead_code, reason = "described for the OpenAPI document, never built")]

use serde_json::Value;
use utoipa::ToSchema;

/// `{"error": {...}}`, the body of every error response.
#[derive(ToSchema)]
pub(crate) struct ErrorBody {
    error: ErrorDetail,
}

#[derive(ToSchema)]
pub(crate) struct ErrorDetail {
    /// Machine-readable, e.g. `invalid_title`, `task_not_found`, `rate_limited`.
    code: String,
    /// A sentence for people.
    message: String,
    /// The request field at fault, when there is one.
    field: Option<String>,
}

/// A portal account.
#[derive(ToSchema)]
pub(crate) struct User {
    id: i64,
    #[schema(format = "email")]
    email: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

/// A bearer token and whose it is.
#[derive(ToSchema)]
pub(crate) struct Session {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    user: User,
}

#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum Platform {
    Telegram,
    Discord,
}

/// A linked chat account.
#[derive(ToSchema)]
pub(crate) struct Link {
    id: i64,
    platform: Platform,
    platform_user_id: String,
    username: Option<String>,
    linked_at: chrono::DateTime<chrono::Utc>,
}

#[derive(ToSchema)]
pub(crate) struct Links {
    links: Vec<Link>,
}

/// The caller and their linked accounts.
#[derive(ToSchema)]
pub(crate) struct Me {
    user: User,
    links: Vec<Link>,
}

/// A task. The global id never leaves the server; `number` is the caller's own (#1, #2, ...).
#[derive(ToSchema)]
pub(crate) struct Task {
    #[schema(minimum = 1)]
    number: i64,
    title: String,
    description: Option<String>,
    completed: bool,
    completed_at: Option<chrono::DateTime<chrono::Utc>>,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    /// A date (`2026-11-27`) or a date and time with its offset, on the caller's current zone's clock.
    due: Option<String>,
    priority: Priority,
    /// Lower-case, at most 10.
    tags: Vec<String>,
    /// An RRULE, e.g. `FREQ=MONTHLY;BYMONTHDAY=1`.
    repeat: Option<String>,
    repeat_from: RepeatFrom,
    /// The repeat in plain English, e.g. `every month on the 1st`.
    repeat_text: Option<String>,
    /// When the next reminder goes off.
    remind_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum Priority {
    High,
    Medium,
    Low,
    None,
}

#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum RepeatFrom {
    Due,
    Completion,
}

/// A personal access token; `token` only in the answer that creates it.
#[derive(ToSchema)]
pub(crate) struct AccessToken {
    id: i64,
    name: String,
    /// `tl_pat_…`, shown once.
    token: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(ToSchema)]
pub(crate) struct AccessTokens {
    tokens: Vec<AccessToken>,
}

/// The calendar feed's secret address.
#[derive(ToSchema)]
pub(crate) struct IcalUrl {
    ical_url: String,
}

/// `GET /api/export`: a Tasklink export, also what `POST /api/import` reads.
#[derive(ToSchema)]
pub(crate) struct Export {
    /// `tasklink-export`.
    format: String,
    /// `1`; an import of another version is refused.
    version: u32,
    exported_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Applied by an import (a key left out keeps that setting).
    settings: ExportSettings,
    tasks: Vec<ExportedTask>,
}

/// The time settings in an export.
#[derive(ToSchema)]
pub(crate) struct ExportSettings {
    timezone: String,
    agenda_time: Option<String>,
    quiet_hours: Option<QuietHours>,
    reminder_platform: Option<ReminderPlatform>,
}

/// Every field of a task, as text the API reads.
#[derive(ToSchema)]
pub(crate) struct ExportedTask {
    /// Informational: an import numbers tasks anew.
    number: Option<i64>,
    title: String,
    description: Option<String>,
    completed: bool,
    /// Kept by an import.
    completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Informational: an import stamps tasks anew.
    created_at: Option<chrono::DateTime<chrono::Utc>>,
    updated_at: Option<chrono::DateTime<chrono::Utc>>,
    /// `2026-12-01` (a date, in the person's zone) or
    /// `2026-12-01T09:00[Europe/Berlin]` (local time and the zone it is in).
    /// An import also takes anything `due` of `POST /api/tasks` takes.
    #[schema(example = "2026-12-01T09:00[Europe/Berlin]")]
    due: Option<String>,
    priority: Option<Priority>,
    tags: Vec<String>,
    /// RRULE; COUNT is what is left of the series.
    repeat: Option<String>,
    repeat_from: Option<RepeatFrom>,
    /// Informational: the repeat in words.
    repeat_text: Option<String>,
    /// A reminder as an offset before the due, e.g. `30m before` (it repeats with the task).
    remind: Option<String>,
    /// The pending reminder; an import keeps it when there is no `remind`
    /// offset, even if past (the scheduler then treats it as missed, and does
    /// not send reminders over a day old).
    remind_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// How many tasks an import added.
#[derive(ToSchema)]
pub(crate) struct Imported {
    imported: u64,
}

/// One page of the caller's tasks.
#[derive(ToSchema)]
pub(crate) struct TaskList {
    /// At most `limit` (default 100).
    tasks: Vec<Task>,
    /// How many tasks match, on all pages.
    count: u64,
    /// Pass as `cursor` for the next page; null on the last. Opaque and signed.
    next_cursor: Option<String>,
}

/// What is open: overdue, due today, and due in the next 7 days.
#[derive(ToSchema)]
pub(crate) struct Agenda {
    /// The caller's zone, e.g. `Europe/Berlin`.
    timezone: String,
    /// Today's local date.
    #[schema(format = "date")]
    date: String,
    overdue: Vec<Task>,
    today: Vec<Task>,
    /// Tomorrow and the six days after.
    upcoming: Vec<Task>,
    /// Open tasks whose current reminder reached none of the caller's chat
    /// accounts (every one refused, or retries ran out), newest first. A task
    /// leaves this list when it is done or its reminder is moved.
    undelivered: Vec<UndeliveredReminder>,
}

/// A reminder that was not delivered.
#[derive(ToSchema)]
pub(crate) struct UndeliveredReminder {
    #[schema(minimum = 1)]
    number: i64,
    title: String,
    /// The reminder's instant.
    remind_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Quiet hours as local times (`HH:MM`); `start` after `end` wraps midnight.
#[derive(ToSchema)]
pub(crate) struct QuietHours {
    #[schema(example = "22:00")]
    start: String,
    #[schema(example = "07:00")]
    end: String,
}

#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum ReminderPlatform {
    Telegram,
    Discord,
}

/// The caller's time settings.
#[derive(ToSchema)]
pub(crate) struct Settings {
    /// IANA name; `UTC` until set.
    timezone: String,
    /// Local `HH:MM` of the daily agenda; null: none.
    agenda_time: Option<String>,
    quiet_hours: Option<QuietHours>,
    /// Null: the chat account the caller wrote from most recently.
    reminder_platform: Option<ReminderPlatform>,
    /// The calendar feed's secret address (see `POST /api/settings/ical-token`) for a
    /// log-in session; null for a personal access token, since the address keeps
    /// working after a token is revoked.
    ical_url: Option<String>,
}

/// What quick add reads in a line, without saving it.
#[derive(ToSchema)]
pub(crate) struct Reading {
    /// What is left once the date, repeat, priority and tag words are taken out.
    title: String,
    /// A date or a date and time with its offset, in the caller's zone.
    due: Option<String>,
    priority: Priority,
    tags: Vec<String>,
    /// An RRULE.
    repeat: Option<String>,
    repeat_text: Option<String>,
    remind_at: Option<chrono::DateTime<chrono::Utc>>,
    /// What was not understood, or kept in the title on purpose.
    notes: Vec<String>,
    /// The sentence the bot answers after `Added #7 `.
    echo: String,
}

/// The `due` filter of `GET /api/tasks`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum DueFilter {
    Overdue,
    Today,
    Tomorrow,
    Week,
    None,
}

/// The `sort` of `GET /api/tasks`; `-` reverses.
#[derive(ToSchema)]
pub(crate) enum SortOrder {
    #[schema(rename = "due")]
    Due,
    #[schema(rename = "-due")]
    DueDesc,
    #[schema(rename = "priority")]
    Priority,
    #[schema(rename = "-priority")]
    PriorityDesc,
    #[schema(rename = "created")]
    Created,
    #[schema(rename = "-created")]
    CreatedDesc,
    #[schema(rename = "title")]
    Title,
    #[schema(rename = "-title")]
    TitleDesc,
    #[schema(rename = "number")]
    Number,
    #[schema(rename = "-number")]
    NumberDesc,
}

/// One tool the agent ran in a turn.
#[derive(ToSchema)]
pub(crate) struct ToolCall {
    /// `add_task`, `list_tasks`, `complete_task`, `delete_task`, `update_task`, ...
    name: String,
    #[schema(value_type = Object)]
    arguments: Value,
    /// What the tool answered; `{"error": {"code", "message"}}` when it failed.
    #[schema(value_type = Object)]
    result: Value,
}

/// The agent's answer to one message.
#[derive(ToSchema)]
pub(crate) struct ChatResponse {
    conversation_id: uuid::Uuid,
    response: String,
    tool_calls: Vec<ToolCall>,
}

#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum Role {
    User,
    Assistant,
}

#[derive(ToSchema)]
pub(crate) struct Message {
    id: i64,
    role: Role,
    content: String,
    /// On assistant messages: the tools that turn ran.
    tool_calls: Option<Vec<ToolCall>>,
    created_at: chrono::DateTime<chrono::Utc>,
}

/// A page of a conversation's messages, oldest first.
#[derive(ToSchema)]
pub(crate) struct History {
    conversation_id: uuid::Uuid,
    messages: Vec<Message>,
    /// Pass as `before` for the older messages; `null` on the conversation's first page.
    next_cursor: Option<String>,
}

/// The `status` filter of `GET /api/tasks`.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum StatusFilter {
    All,
    Pending,
    Completed,
}
