//! The outbox in Postgres: rows written when a notification falls due,
//! claimed by one replica at a time with `FOR UPDATE SKIP LOCKED` and a lease,
//! and kept after sending, so that the unique occurrence key lets each one go
//! out once however many replicas run.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::Recipient;
use crate::{
    accounts::UserId,
    linking::Platform,
    tasks::{Task, TaskRow},
    time::{SignedDuration, Timestamp, storage},
};

/// What a row sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Reminder,
    Agenda,
    Message,
}

impl Kind {
    fn parse(s: &str) -> Self {
        match s {
            "reminder" => Self::Reminder,
            "agenda" => Self::Agenda,
            _ => Self::Message,
        }
    }
}

/// A row this replica holds the lease of, with everything its send needs,
/// read by the claim itself: no query per row before the send.
#[derive(Clone, Debug)]
pub(crate) struct Claimed {
    pub id: i64,
    pub kind: Kind,
    pub user: UserId,
    pub remind_at: Option<DateTime<Utc>>,
    pub due_at: Timestamp,
    pub body: Option<String>,
    pub attempts: i32,
    /// A one-off message is not sent after this.
    pub expires_at: Option<Timestamp>,
    /// A reminder's task as it is now (`None`: deleted, or not the person's).
    pub task: Option<Task>,
    /// The person's time zone (IANA name), to word the reminder.
    pub timezone: String,
    /// Whether the person has any linked chat account at all.
    pub linked: bool,
    /// Where to send, best first: the reminder platform they chose, else the
    /// account they wrote from most recently; unreachable accounts left out.
    pub recipients: Vec<(i64, Recipient)>,
}

/// A row to write: its key, and when it goes out.
pub(crate) struct NewRow {
    pub kind: Kind,
    pub user: UserId,
    pub occurrence: String,
    pub task_id: Option<i64>,
    pub remind_at: Option<Timestamp>,
    pub due_at: Timestamp,
    /// Written already finished (`skipped`) with this reason.
    pub skipped: Option<&'static str>,
}

/// The key of a reminder occurrence: the task and the instant it was set for.
pub(crate) fn reminder_key(task_id: i64, remind_at: DateTime<Utc>) -> String {
    format!("r:{task_id}:{}", remind_at.timestamp_micros())
}

/// A task whose reminder time has come and that has no outbox row yet.
pub(crate) struct DueReminder {
    pub task_id: i64,
    pub user: UserId,
    pub remind_at: DateTime<Utc>,
    pub due_has_time: bool,
    pub timezone: String,
    pub quiet: Option<(chrono::NaiveTime, chrono::NaiveTime)>,
}

/// How far back a reminder is still written to the outbox (as sent late or
/// skipped); older ones after a long outage are only listed in the agenda.
const LOOK_BACK_DAYS: i32 = 7;

/// Reminders due at `now` (of people with a linked chat) without a row yet,
/// at most `limit`.
pub(crate) async fn due_reminders(
    db: &PgPool,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<DueReminder>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        SELECT t.id, t.user_id, t.remind_at AS "remind_at!", t.due_has_time,
               u.timezone, u.quiet_start, u.quiet_end
        FROM tasks t JOIN users u ON u.id = t.user_id
        WHERE t.remind_at <= $1 AND t.remind_at > $1 - make_interval(days => $2)
          AND NOT t.completed
          AND EXISTS (SELECT 1 FROM linked_accounts l WHERE l.user_id = t.user_id)
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.task_id = t.id AND o.remind_at = t.remind_at)
        ORDER BY t.remind_at
        LIMIT $3
        "#,
        storage::timestamp_to_chrono(now),
        LOOK_BACK_DAYS,
        limit,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DueReminder {
            task_id: r.id,
            user: UserId::from_trusted(r.user_id),
            remind_at: r.remind_at,
            due_has_time: r.due_has_time,
            timezone: r.timezone,
            quiet: r.quiet_start.zip(r.quiet_end),
        })
        .collect())
}

/// A person with a daily agenda and a linked chat.
pub(crate) struct AgendaPerson {
    pub user: UserId,
    pub timezone: String,
    pub agenda_time: chrono::NaiveTime,
    pub quiet: Option<(chrono::NaiveTime, chrono::NaiveTime)>,
}

pub(crate) async fn agenda_people(db: &PgPool) -> Result<Vec<AgendaPerson>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        SELECT u.id, u.timezone, u.agenda_time AS "agenda_time!", u.quiet_start, u.quiet_end
        FROM users u
        WHERE u.agenda_time IS NOT NULL
          AND EXISTS (SELECT 1 FROM linked_accounts l WHERE l.user_id = u.id)
        "#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AgendaPerson {
            user: UserId::from_trusted(r.id),
            timezone: r.timezone,
            agenda_time: r.agenda_time,
            quiet: r.quiet_start.zip(r.quiet_end),
        })
        .collect())
}

/// Writes rows; one whose occurrence already has a row is left alone.
pub(crate) async fn insert(db: &PgPool, rows: &[NewRow]) -> Result<u64, sqlx::Error> {
    if rows.is_empty() {
        return Ok(0);
    }
    let kinds: Vec<&str> = rows
        .iter()
        .map(|r| match r.kind {
            Kind::Reminder => "reminder",
            Kind::Agenda => "agenda",
            Kind::Message => "message",
        })
        .collect();
    let users: Vec<i64> = rows.iter().map(|r| r.user.get()).collect();
    let keys: Vec<String> = rows.iter().map(|r| r.occurrence.clone()).collect();
    let tasks: Vec<Option<i64>> = rows.iter().map(|r| r.task_id).collect();
    let reminds: Vec<Option<DateTime<Utc>>> = rows
        .iter()
        .map(|r| r.remind_at.map(storage::timestamp_to_chrono))
        .collect();
    let dues: Vec<DateTime<Utc>> = rows
        .iter()
        .map(|r| storage::timestamp_to_chrono(r.due_at))
        .collect();
    let skipped: Vec<Option<String>> = rows.iter().map(|r| r.skipped.map(str::to_owned)).collect();
    let done = sqlx::query!(
        r#"
        INSERT INTO outbox (kind, user_id, occurrence, task_id, remind_at, due_at, state, failure)
        SELECT kind, user_id, occurrence, task_id, remind_at, due_at,
               CASE WHEN failure IS NULL THEN 'pending' ELSE 'skipped' END, failure
        FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::timestamptz[],
                    $6::timestamptz[], $7::text[])
             AS r(kind, user_id, occurrence, task_id, remind_at, due_at, failure)
        ON CONFLICT (occurrence) DO NOTHING
        "#,
        &kinds as &[&str],
        &users,
        &keys,
        &tasks as &[Option<i64>],
        &reminds as &[Option<DateTime<Utc>>],
        &dues,
        &skipped as &[Option<String>],
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Queues a one-off message to a person (a password-reset link); `key` makes
/// it once (the same key twice is one message). After `expires_at` it is not
/// sent. The body stays in the row only until the row is finished (sent,
/// undelivered, skipped or expired): then it is cleared.
pub async fn enqueue_message(
    db: &PgPool,
    user: UserId,
    key: &str,
    body: &str,
    now: Timestamp,
    expires_at: Option<Timestamp>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"
        INSERT INTO outbox (kind, user_id, occurrence, due_at, body, expires_at)
        VALUES ('message', $1, 'm:' || $2, $3, $4, $5)
        ON CONFLICT (occurrence) DO NOTHING
        "#,
        user.get(),
        key,
        storage::timestamp_to_chrono(now),
        body,
        expires_at.map(storage::timestamp_to_chrono),
    )
    .execute(db)
    .await?;
    sqlx::query!("SELECT pg_notify('tasklink_reminders', '')")
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Takes up to `limit` rows that are due (or whose holder's lease ran out)
/// for `lease`, in one statement that also reads what each send needs: the
/// reminder's task, the person's zone and linked accounts. Committed before
/// anything is sent: that is the record that a replica is on it.
pub(crate) async fn claim(
    db: &PgPool,
    now: Timestamp,
    lease: SignedDuration,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let now_c = storage::timestamp_to_chrono(now);
    let until = storage::timestamp_to_chrono(now.checked_add(lease).unwrap_or(now));
    let rows = sqlx::query!(
        r#"
        WITH claimed AS (
            UPDATE outbox o SET state = 'sending', claimed_until = $2, attempts = o.attempts + 1
            WHERE o.id IN (
                SELECT id FROM outbox
                WHERE (state = 'pending' AND due_at <= $1) OR (state = 'sending' AND claimed_until <= $1)
                ORDER BY due_at
                LIMIT $3
                FOR UPDATE SKIP LOCKED
            )
            RETURNING o.id, o.kind, o.user_id, o.task_id, o.remind_at, o.due_at, o.body, o.attempts, o.expires_at
        )
        SELECT c.id, c.kind, c.user_id, c.remind_at, c.due_at, c.body, c.attempts, c.expires_at,
               COALESCE(u.timezone, 'UTC') AS "timezone!",
               l.linked AS "linked!",
               l.link_ids AS "link_ids!", l.platforms AS "platforms!", l.platform_user_ids AS "platform_user_ids!",
               t.number AS "number?", t.title AS "title?", t.description, t.completed AS "completed?",
               t.created_at AS "created_at?", t.updated_at AS "updated_at?", t.due_local,
               t.due_has_time AS "due_has_time?", t.due_tz, t.priority AS "priority?", t.tags AS "tags?",
               t.repeat, t.repeat_from AS "repeat_from?", t.remind_before_secs,
               t.remind_at AS task_remind_at, t.completed_at
        FROM claimed c
        LEFT JOIN users u ON u.id = c.user_id
        LEFT JOIN tasks t ON t.id = c.task_id AND t.user_id = c.user_id
        CROSS JOIN LATERAL (
            SELECT EXISTS (SELECT 1 FROM linked_accounts a WHERE a.user_id = c.user_id) AS linked,
                   COALESCE(array_agg(r.id ORDER BY r.rank), '{}') AS link_ids,
                   COALESCE(array_agg(r.platform ORDER BY r.rank), '{}') AS platforms,
                   COALESCE(array_agg(r.platform_user_id ORDER BY r.rank), '{}') AS platform_user_ids
            FROM (
                SELECT a.id, a.platform, a.platform_user_id,
                       row_number() OVER (ORDER BY (a.platform = u.reminder_platform) IS TRUE DESC,
                                          a.last_active_at DESC NULLS LAST, a.linked_at DESC, a.id DESC) AS rank
                FROM linked_accounts a
                WHERE a.user_id = c.user_id AND a.reminders_unreachable_at IS NULL
            ) r
        ) l
        ORDER BY c.due_at
        "#,
        now_c,
        until,
        limit,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let task = (|| {
                Some(TaskRow {
                    number: r.number?,
                    title: r.title?,
                    description: r.description,
                    completed: r.completed?,
                    created_at: r.created_at?,
                    updated_at: r.updated_at?,
                    due_local: r.due_local,
                    due_has_time: r.due_has_time?,
                    due_tz: r.due_tz,
                    priority: r.priority?,
                    tags: r.tags?,
                    repeat: r.repeat,
                    repeat_from: r.repeat_from?,
                    remind_before_secs: r.remind_before_secs,
                    remind_at: r.task_remind_at,
                    completed_at: r.completed_at,
                })
            })()
            .map(Task::from);
            let recipients = r
                .link_ids
                .into_iter()
                .zip(r.platforms)
                .zip(r.platform_user_ids)
                .filter_map(|((id, platform), platform_user_id)| {
                    Some((
                        id,
                        Recipient {
                            platform: parse_platform(&platform)?,
                            platform_user_id,
                        },
                    ))
                })
                .collect();
            Claimed {
                id: r.id,
                kind: Kind::parse(&r.kind),
                user: UserId::from_trusted(r.user_id),
                remind_at: r.remind_at,
                due_at: storage::timestamp_from_chrono(r.due_at),
                body: r.body,
                attempts: r.attempts,
                expires_at: r.expires_at.map(storage::timestamp_from_chrono),
                task,
                timezone: r.timezone,
                linked: r.linked,
                recipients,
            }
        })
        .collect())
}

fn parse_platform(s: &str) -> Option<Platform> {
    match s {
        "telegram" => Some(Platform::Telegram),
        "discord" => Some(Platform::Discord),
        _ => None,
    }
}

/// Extends the lease of rows this replica is still sending.
pub(crate) async fn renew(db: &PgPool, ids: &[i64], until: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE outbox SET claimed_until = $2 WHERE id = ANY($1) AND state = 'sending'",
        ids,
        storage::timestamp_to_chrono(until),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// How a claimed row ended.
#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    Sent(Platform),
    /// Not sent, on purpose (too late, cancelled, empty agenda, unlinked).
    Skipped(&'static str),
    /// Every platform refused, or retries ran out: the agenda and portal show it.
    Undelivered(String),
    /// Try again at this instant.
    Retry(Timestamp, String),
}

/// Records how claimed rows ended, in one statement, for the rows this
/// replica still holds. A finished row keeps no body: a one-off message (a
/// reset link) is not left readable in the database once it was sent or
/// given up.
pub(crate) async fn finish(db: &PgPool, ended: &[(i64, Outcome)], now: Timestamp) -> Result<(), sqlx::Error> {
    if ended.is_empty() {
        return Ok(());
    }
    let mut ids = Vec::with_capacity(ended.len());
    let mut states = Vec::with_capacity(ended.len());
    let mut platforms: Vec<Option<&str>> = Vec::with_capacity(ended.len());
    let mut failures: Vec<Option<String>> = Vec::with_capacity(ended.len());
    let mut dues: Vec<Option<DateTime<Utc>>> = Vec::with_capacity(ended.len());
    for (id, outcome) in ended {
        let (state, platform, failure, due_at) = match outcome {
            Outcome::Sent(p) => ("sent", Some(p.as_str()), None, None),
            Outcome::Skipped(why) => ("skipped", None, Some((*why).to_owned()), None),
            Outcome::Undelivered(why) => ("undelivered", None, Some(why.clone()), None),
            Outcome::Retry(at, why) => (
                "pending",
                None,
                Some(why.clone()),
                Some(storage::timestamp_to_chrono(*at)),
            ),
        };
        ids.push(*id);
        states.push(state);
        platforms.push(platform);
        failures.push(failure);
        dues.push(due_at);
    }
    sqlx::query!(
        r#"
        UPDATE outbox o SET state = r.state, platform = r.platform, failure = r.failure,
            sent_at = CASE WHEN r.state = 'sent' THEN $6::timestamptz END,
            body = CASE WHEN r.state = 'pending' THEN o.body END,
            due_at = COALESCE(r.due_at, o.due_at), claimed_until = NULL
        FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
             AS r(id, state, platform, failure, due_at)
        WHERE o.id = r.id AND o.state = 'sending'
        "#,
        &ids,
        &states as &[&str],
        &platforms as &[Option<&str>],
        &failures as &[Option<String>],
        &dues as &[Option<DateTime<Utc>>],
        storage::timestamp_to_chrono(now),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The platform refused for good: no more reminders there until the person
/// writes from that account again.
pub(crate) async fn mark_unreachable(db: &PgPool, link_id: i64, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE linked_accounts SET reminders_unreachable_at = $2 WHERE id = $1",
        link_id,
        storage::timestamp_to_chrono(now),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The next instant something falls due: a task's reminder still to come,
/// a held-back row, or a lease running out.
pub(crate) async fn next_due(db: &PgPool, now: Timestamp) -> Result<Option<Timestamp>, sqlx::Error> {
    let next = sqlx::query_scalar!(
        r#"
        SELECT LEAST(
            (SELECT min(remind_at) FROM tasks WHERE remind_at > $1 AND NOT completed),
            (SELECT min(due_at) FROM outbox WHERE state = 'pending'),
            (SELECT min(claimed_until) FROM outbox WHERE state = 'sending')
        )
        "#,
        storage::timestamp_to_chrono(now),
    )
    .fetch_one(db)
    .await?;
    Ok(next.map(storage::timestamp_from_chrono))
}

/// A reminder that could not be delivered on any platform.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Undelivered {
    pub task_number: i32,
    pub title: String,
    pub remind_at: Option<DateTime<Utc>>,
    pub failure: Option<String>,
}

/// The person's reminders that reached no platform, newest first (for the
/// agenda and the portal's "not delivered" mark) — open tasks only, and only
/// while the reminder is still the task's current one (done, snoozed or moved
/// ends the mark).
pub async fn undelivered(
    db: impl sqlx::PgExecutor<'_>,
    user: UserId,
) -> Result<Vec<Undelivered>, sqlx::Error> {
    sqlx::query_as!(
        Undelivered,
        r#"
        SELECT t.number AS task_number, t.title, o.remind_at, o.failure
        FROM outbox o JOIN tasks t ON t.id = o.task_id AND t.user_id = o.user_id
        WHERE o.user_id = $1 AND o.kind = 'reminder' AND o.state = 'undelivered' AND NOT t.completed
          AND o.remind_at = t.remind_at
        ORDER BY o.due_at DESC
        LIMIT 50
        "#,
        user.get(),
    )
    .fetch_all(db)
    .await
}

/// Gives up one-off messages that expired while waiting (no bot ran, or every
/// try failed): skipped, and their bodies cleared. For the hourly housekeeping.
pub(crate) async fn expire_messages(db: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        r#"
        UPDATE outbox SET state = 'skipped', failure = 'expired', body = NULL
        WHERE state = 'pending' AND expires_at <= now()
        "#
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
