//! The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json`.

use serde_json::{Value, json};

/// (method, path, summary, needs a session, request schema, success status and schema, error statuses)
type Operation = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    Option<&'static str>,
    (&'static str, Option<&'static str>),
    &'static [&'static str],
);

const OPERATIONS: &[Operation] = &[
    (
        "post",
        "/api/auth/signup",
        "Create an account",
        false,
        Some("Credentials"),
        ("201", Some("Session")),
        &["409", "413", "415", "422", "429"],
    ),
    (
        "post",
        "/api/auth/login",
        "Log in",
        false,
        Some("Credentials"),
        ("200", Some("Session")),
        &["401", "422", "429"],
    ),
    (
        "post",
        "/api/auth/logout",
        "Revoke the bearer token",
        true,
        None,
        ("204", None),
        &["401"],
    ),
    (
        "get",
        "/api/me",
        "The caller and their linked accounts",
        true,
        None,
        ("200", Some("Me")),
        &["401"],
    ),
    (
        "post",
        "/api/link-tokens",
        "Issue a 10-minute single-use link token",
        true,
        None,
        ("201", Some("LinkToken")),
        &["401"],
    ),
    (
        "get",
        "/api/links",
        "Linked chat accounts",
        true,
        None,
        ("200", Some("Links")),
        &["401"],
    ),
    (
        "delete",
        "/api/links/{id}",
        "Unlink a chat account",
        true,
        None,
        ("204", None),
        &["401", "404"],
    ),
    (
        "get",
        "/api/tasks",
        "The caller's tasks",
        true,
        None,
        ("200", Some("TaskList")),
        &["401", "422"],
    ),
    (
        "post",
        "/api/tasks",
        "Add a task",
        true,
        Some("NewTask"),
        ("201", Some("Task")),
        &["401", "422"],
    ),
    (
        "patch",
        "/api/tasks/{number}",
        "Change a task",
        true,
        Some("TaskPatch"),
        ("200", Some("Task")),
        &["401", "404", "422"],
    ),
    (
        "delete",
        "/api/tasks/{number}",
        "Delete a task",
        true,
        None,
        ("204", None),
        &["401", "404"],
    ),
    (
        "get",
        "/api/tokens",
        "Personal access tokens (needs a log-in session)",
        true,
        None,
        ("200", Some("AccessTokens")),
        &["401", "403"],
    ),
    (
        "post",
        "/api/tokens",
        "Create a personal access token, shown once (needs a log-in session)",
        true,
        Some("NewAccessToken"),
        ("201", Some("AccessToken")),
        &["401", "403", "409", "422"],
    ),
    (
        "delete",
        "/api/tokens/{id}",
        "Revoke a personal access token (needs a log-in session)",
        true,
        None,
        ("204", None),
        &["401", "403", "404"],
    ),
    (
        "get",
        "/api/export",
        "Settings and every task (JSON; `?format=csv` for a spreadsheet)",
        true,
        None,
        ("200", Some("Export")),
        &["401", "422"],
    ),
    (
        "post",
        "/api/import",
        "Import an export or a CSV, all or nothing; tasks get new numbers",
        true,
        Some("Export"),
        ("201", None),
        &["401", "413", "415", "422"],
    ),
    (
        "post",
        "/api/settings/ical-token",
        "Rotate the calendar feed's secret (needs a log-in session)",
        true,
        None,
        ("200", Some("IcalUrl")),
        &["401", "403"],
    ),
    (
        "get",
        "/ical/{file}",
        "The calendar feed, `{feed_token}.ics` (RFC 5545)",
        false,
        None,
        ("200", None),
        &["404"],
    ),
    (
        "post",
        "/api/tasks/{number}/snooze",
        "Move this occurrence's reminder",
        true,
        Some("Snooze"),
        ("200", Some("Task")),
        &["401", "404", "422"],
    ),
    (
        "get",
        "/api/agenda",
        "Overdue, today and the next 7 days",
        true,
        None,
        ("200", Some("Agenda")),
        &["401"],
    ),
    (
        "get",
        "/api/settings",
        "The caller's time settings",
        true,
        None,
        ("200", Some("Settings")),
        &["401"],
    ),
    (
        "patch",
        "/api/settings",
        "Change time settings (all or nothing)",
        true,
        Some("SettingsPatch"),
        ("200", Some("Settings")),
        &["401", "422"],
    ),
    (
        "post",
        "/api/parse",
        "Read a quick-add line without saving it",
        true,
        Some("ParseRequest"),
        ("200", Some("Reading")),
        &["401", "422"],
    ),
    (
        "post",
        "/api/chat",
        "One turn with the agent",
        true,
        Some("ChatRequest"),
        ("200", Some("ChatResponse")),
        &["401", "404", "422", "429"],
    ),
    (
        "get",
        "/api/conversations/{id}/messages",
        "A conversation's messages",
        true,
        None,
        ("200", Some("History")),
        &["401", "404"],
    ),
    (
        "get",
        "/api/openapi.json",
        "This document",
        false,
        None,
        ("200", None),
        &[],
    ),
    ("get", "/healthz", "Liveness", false, None, ("200", None), &[]),
    (
        "get",
        "/readyz",
        "Readiness: the database answers",
        false,
        None,
        ("200", None),
        &["503"],
    ),
    (
        "get",
        "/metrics",
        "Prometheus metrics",
        false,
        None,
        ("200", None),
        &[],
    ),
];

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn list_parameters() -> Vec<Value> {
    let p = |name: &str, schema: Value| json!({"name": name, "in": "query", "schema": schema});
    vec![
        p(
            "status",
            json!({"type": "string", "enum": ["all", "pending", "completed"]}),
        ),
        p("q", json!({"type": "string", "maxLength": 200})),
        p("tag", json!({"type": "string"})),
        p(
            "priority",
            json!({"type": "string", "enum": ["high", "medium", "low", "none"]}),
        ),
        p(
            "due",
            json!({"type": "string", "enum": ["overdue", "today", "tomorrow", "week", "none"]}),
        ),
        p(
            "sort",
            json!({"type": "string", "enum": ["due", "-due", "priority", "-priority", "created", "-created", "title", "-title", "number", "-number"]}),
        ),
        p(
            "limit",
            json!({"type": "integer", "minimum": 1, "maximum": 500, "default": 100}),
        ),
        p("cursor", json!({"type": "string"})),
    ]
}

/// The schemas of the time routes (kept apart: one `json!` this large exceeds the macro's recursion limit).
fn time_schemas() -> Value {
    json!({
                "Snooze": {"type": "object", "required": ["until"], "properties": {"until": {"type": "string"}}},
                "Agenda": {"type": "object", "properties": {"timezone": {"type": "string"}, "date": {"type": "string", "format": "date"},
                    "overdue": {"type": "array", "items": schema_ref("Task")}, "today": {"type": "array", "items": schema_ref("Task")},
                    "upcoming": {"type": "array", "items": schema_ref("Task")}}},
                "QuietHours": {"type": "object", "required": ["start", "end"], "properties": {"start": {"type": "string"}, "end": {"type": "string"}}},
                "Settings": {"type": "object", "properties": {"timezone": {"type": "string"}, "agenda_time": {"type": ["string", "null"]},
                    "quiet_hours": {"oneOf": [schema_ref("QuietHours"), {"type": "null"}]},
                    "reminder_platform": {"type": ["string", "null"], "enum": ["telegram", "discord", null]}, "ical_url": {"type": ["string", "null"]}}},
                "SettingsPatch": {"type": "object", "properties": {"timezone": {"type": "string"}, "agenda_time": {"type": ["string", "null"]},
                    "quiet_hours": {"oneOf": [schema_ref("QuietHours"), {"type": "null"}]},
                    "reminder_platform": {"type": ["string", "null"], "enum": ["telegram", "discord", null]}}},
                "ParseRequest": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "maxLength": 500},
                    "now": {"type": "string", "format": "date-time"}}},
                "Reading": {"type": "object", "properties": {"title": {"type": "string"}, "due": {"type": ["string", "null"]},
                    "priority": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}, "repeat": {"type": ["string", "null"]},
                    "repeat_text": {"type": ["string", "null"]}, "remind_at": {"type": ["string", "null"], "format": "date-time"},
                    "notes": {"type": "array", "items": {"type": "string"}}, "echo": {"type": "string"}}}
    })
}

pub(crate) fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, summary, secured, request, (ok, ok_schema), errors) in OPERATIONS {
        let mut responses = serde_json::Map::new();
        let mut success = json!({"description": "success"});
        if let Some(schema) = ok_schema {
            success["content"] = json!({"application/json": {"schema": schema_ref(schema)}});
        }
        responses.insert((*ok).into(), success);
        for status in *errors {
            responses.insert(
                (*status).into(),
                json!({"description": "error", "content": {"application/json": {"schema": schema_ref("Error")}}}),
            );
        }
        let mut op = json!({"summary": summary, "responses": responses});
        if *secured {
            op["security"] = json!([{"bearer": []}]);
        }
        if let Some(schema) = request {
            op["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": schema_ref(schema)}}});
        }
        let params: Vec<Value> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .chain(
                (*path == "/api/tasks" && *method == "get")
                    .then(list_parameters)
                    .into_iter()
                    .flatten(),
            )
            .collect();
        if !params.is_empty() {
            op["parameters"] = params.into();
        }
        let entry = paths.entry(*path).or_insert_with(|| json!({}));
        entry[*method] = op;
    }

    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "Tasklink API", "version": env!("CARGO_PKG_VERSION")},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
                    "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}}}}},
                "Credentials": {"type": "object", "required": ["email", "password"],
                    "properties": {"email": {"type": "string", "format": "email"}, "password": {"type": "string", "minLength": 8, "maxLength": 128}}},
                "User": {"type": "object", "properties": {"id": {"type": "integer"}, "email": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}},
                "Session": {"type": "object", "properties": {"token": {"type": "string"}, "user": schema_ref("User")}},
                "Link": {"type": "object", "properties": {"id": {"type": "integer"}, "platform": {"type": "string", "enum": ["telegram", "discord"]},
                    "platform_user_id": {"type": "string"}, "username": {"type": ["string", "null"]}, "linked_at": {"type": "string", "format": "date-time"}}},
                "Links": {"type": "object", "properties": {"links": {"type": "array", "items": schema_ref("Link")}}},
                "Me": {"type": "object", "properties": {"user": schema_ref("User"), "links": {"type": "array", "items": schema_ref("Link")}}},
                "LinkToken": {"type": "object", "required": ["token", "code", "expires_at", "command"], "properties": {
                    "token": {"type": "string"}, "code": {"type": "string"}, "expires_at": {"type": "string", "format": "date-time"},
                    "telegram_url": {"type": "string"}, "command": {"type": "string"}}},
                "Task": {"type": "object", "properties": {"number": {"type": "integer"}, "title": {"type": "string"},
                    "description": {"type": ["string", "null"]}, "completed": {"type": "boolean"},
                    "completed_at": {"type": ["string", "null"], "format": "date-time"},
                    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
                    "due": {"type": ["string", "null"], "description": "2026-12-01 (a date) or 2026-12-01T09:00:00+01:00, in the caller's zone"},
                    "priority": {"type": "string", "enum": ["high", "medium", "low", "none"]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "repeat": {"type": ["string", "null"], "description": "RRULE"}, "repeat_from": {"type": "string", "enum": ["due", "completion"]},
                    "repeat_text": {"type": ["string", "null"]}, "remind_at": {"type": ["string", "null"], "format": "date-time"}}},
                "TaskList": {"type": "object", "properties": {"tasks": {"type": "array", "items": schema_ref("Task")}, "count": {"type": "integer"},
                    "next_cursor": {"type": ["string", "null"]}}},
                "NewTask": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 200},
                    "description": {"type": "string", "maxLength": 1000}, "due": {"type": ["string", "null"]}, "priority": {"type": ["string", "null"]},
                    "tags": {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 10}, "repeat": {"type": ["string", "null"]},
                    "repeat_from": {"type": ["string", "null"], "enum": ["due", "completion", null]}, "remind": {"type": ["string", "null"]}}},
                "TaskPatch": {"type": "object", "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "completed": {"type": "boolean"},
                    "due": {"type": ["string", "null"]}, "priority": {"type": ["string", "null"]},
                    "tags": {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": 10}, "repeat": {"type": ["string", "null"]},
                    "repeat_from": {"type": ["string", "null"]}, "remind": {"type": ["string", "null"]}}},
                "AccessToken": {"type": "object", "required": ["id", "name", "created_at"], "properties": {"id": {"type": "integer"},
                    "name": {"type": "string"}, "token": {"type": "string", "description": "only in the answer to create"},
                    "created_at": {"type": "string", "format": "date-time"}, "last_used_at": {"type": ["string", "null"], "format": "date-time"}}},
                "AccessTokens": {"type": "object", "properties": {"tokens": {"type": "array", "items": schema_ref("AccessToken")}}},
                "NewAccessToken": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100}}},
                "Export": {"type": "object", "required": ["format", "version", "tasks"], "properties": {
                    "format": {"const": "tasklink-export"}, "version": {"const": 1}, "exported_at": {"type": "string", "format": "date-time"},
                    "settings": {"type": "object"}, "tasks": {"type": "array", "items": schema_ref("Task")}}},
                "IcalUrl": {"type": "object", "properties": {"ical_url": {"type": "string", "format": "uri"}}},
                "ChatRequest": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string", "maxLength": 4000},
                    "conversation_id": {"type": "string", "format": "uuid"}}},
                "ToolCall": {"type": "object", "properties": {"name": {"type": "string"}, "arguments": {"type": "object"}, "result": {"type": "object"}}},
                "ChatResponse": {"type": "object", "properties": {"conversation_id": {"type": "string", "format": "uuid"},
                    "response": {"type": "string"}, "tool_calls": {"type": "array", "items": schema_ref("ToolCall")}}},
                "Message": {"type": "object", "properties": {"id": {"type": "integer"}, "role": {"type": "string", "enum": ["user", "assistant"]},
                    "content": {"type": "string"}, "tool_calls": {"type": ["array", "null"], "items": schema_ref("ToolCall")},
                    "created_at": {"type": "string", "format": "date-time"}}},
                "History": {"type": "object", "properties": {"conversation_id": {"type": "string", "format": "uuid"},
                    "messages": {"type": "array", "items": schema_ref("Message")}}}
            }
        }
    });
    if let (Some(schemas), Value::Object(time)) =
        (doc["components"]["schemas"].as_object_mut(), time_schemas())
    {
        schemas.extend(time);
    }
    doc
}
