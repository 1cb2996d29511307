//! A person's time settings: zone, daily agenda time, quiet hours and the
//! platform reminders go to. Stored on `users`.

use jiff::civil::Time;
use serde::{Serialize, Serializer};
use sqlx::PgExecutor;

use super::{TimeError, TimeZone, parse_zone, storage, zone_name};
use crate::accounts::UserId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuietHours {
    pub start: Time,
    pub end: Time,
}

impl QuietHours {
    /// Whether a local time of day falls in the quiet hours (they may wrap midnight).
    pub fn contains(&self, t: Time) -> bool {
        if self.start <= self.end {
            self.start <= t && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeSettings {
    /// IANA name.
    pub timezone: String,
    #[serde(serialize_with = "hhmm_opt")]
    pub agenda_time: Option<Time>,
    pub quiet_hours: Option<QuietHours>,
    /// `telegram`, `discord`, or none: the chat last written from.
    pub reminder_platform: Option<String>,
}

impl TimeSettings {
    /// The zone to read times in; an unknown stored name (never written by
    /// Tasklink) falls back to UTC.
    pub fn zone(&self) -> TimeZone {
        parse_zone(&self.timezone).unwrap_or(TimeZone::UTC)
    }
}

impl Serialize for QuietHours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire {
            start: String,
            end: String,
        }
        Wire {
            start: hhmm(self.start),
            end: hhmm(self.end),
        }
        .serialize(s)
    }
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn hhmm_opt<S: Serializer>(t: &Option<Time>, s: S) -> Result<S::Ok, S::Error> {
    t.map(hhmm).serialize(s)
}

/// `HH:MM` (24-hour) as a time of day.
pub fn parse_hhmm(text: &str) -> Result<Time, TimeError> {
    let invalid = || TimeError::InvalidWhen(text.to_owned());
    let (h, m) = text.trim().split_once(':').ok_or_else(invalid)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(invalid());
    }
    let h: i8 = h.parse().map_err(|_| invalid())?;
    let m: i8 = m.parse().map_err(|_| invalid())?;
    Time::new(h, m, 0, 0).map_err(|_| invalid())
}

/// `HH:MM-HH:MM` as quiet hours.
pub fn parse_quiet_hours(text: &str) -> Result<QuietHours, TimeError> {
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| TimeError::InvalidWhen(text.to_owned()))?;
    Ok(QuietHours {
        start: parse_hhmm(a)?,
        end: parse_hhmm(b)?,
    })
}

pub async fn load(db: impl PgExecutor<'_>, user: UserId) -> Result<TimeSettings, sqlx::Error> {
    let row = sqlx::query!(
        r#"
        SELECT timezone, agenda_time, quiet_start, quiet_end, reminder_platform
        FROM users WHERE id = $1
        "#,
        user.get(),
    )
    .fetch_one(db)
    .await?;
    let time = |t: Option<chrono::NaiveTime>| t.and_then(storage::time_from_chrono);
    Ok(TimeSettings {
        timezone: row.timezone,
        agenda_time: time(row.agenda_time),
        quiet_hours: match (time(row.quiet_start), time(row.quiet_end)) {
            (Some(start), Some(end)) => Some(QuietHours { start, end }),
            _ => None,
        },
        reminder_platform: row.reminder_platform,
    })
}

pub async fn set_timezone(db: impl PgExecutor<'_>, user: UserId, zone: &TimeZone) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET timezone = $2 WHERE id = $1",
        user.get(),
        zone_name(zone),
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_agenda_time(
    db: impl PgExecutor<'_>,
    user: UserId,
    at: Option<Time>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET agenda_time = $2 WHERE id = $1",
        user.get(),
        at.map(storage::time_to_chrono),
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_quiet_hours(
    db: impl PgExecutor<'_>,
    user: UserId,
    quiet: Option<&QuietHours>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET quiet_start = $2, quiet_end = $3 WHERE id = $1",
        user.get(),
        quiet.map(|q| storage::time_to_chrono(q.start)),
        quiet.map(|q| storage::time_to_chrono(q.end)),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// `platform` must be `telegram`, `discord` or `None` (the table checks it).
pub async fn set_reminder_platform(
    db: impl PgExecutor<'_>,
    user: UserId,
    platform: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET reminder_platform = $2 WHERE id = $1",
        user.get(),
        platform,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Changes to the settings as clients send them, as text: `None` keeps a
/// setting, `Some(None)` turns it off (the zone cannot be turned off).
#[derive(Clone, Debug, Default)]
pub struct SettingsText {
    pub timezone: Option<String>,
    /// `HH:MM`.
    pub agenda_time: Option<Option<String>>,
    /// (`HH:MM`, `HH:MM`).
    pub quiet_hours: Option<Option<(String, String)>>,
    /// `telegram` or `discord`.
    pub reminder_platform: Option<Option<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A value that cannot be used; `field` names it.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        code: &'static str,
        message: String,
    },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl SettingsError {
    fn from_time(field: &'static str, e: TimeError) -> Self {
        let code = match e {
            TimeError::UnknownZone(_) => "invalid_timezone",
            _ => "invalid_time",
        };
        let message = match e {
            TimeError::UnknownZone(_) => e.to_string(),
            _ => format!("`{field}` takes a time of day as HH:MM (24-hour)"),
        };
        Self::Invalid { field, code, message }
    }
}

/// Settings changes that were checked and are ready to write.
#[derive(Clone, Debug, Default)]
pub struct SettingsChanges {
    zone: Option<TimeZone>,
    agenda_time: Option<Option<Time>>,
    quiet_hours: Option<Option<QuietHours>>,
    reminder_platform: Option<Option<&'static str>>,
}

impl SettingsText {
    /// Checks every change; nothing is written.
    pub fn check(&self) -> Result<SettingsChanges, SettingsError> {
        let zone = self
            .timezone
            .as_deref()
            .map(parse_zone)
            .transpose()
            .map_err(|e| SettingsError::from_time("timezone", e))?;
        let agenda_time = self
            .agenda_time
            .as_ref()
            .map(|t| t.as_deref().map(parse_hhmm).transpose())
            .transpose()
            .map_err(|e| SettingsError::from_time("agenda_time", e))?;
        let quiet_hours = self
            .quiet_hours
            .as_ref()
            .map(|q| {
                q.as_ref()
                    .map(|(a, b)| {
                        Ok(QuietHours {
                            start: parse_hhmm(a)?,
                            end: parse_hhmm(b)?,
                        })
                    })
                    .transpose()
            })
            .transpose()
            .map_err(|e| SettingsError::from_time("quiet_hours", e))?;
        let reminder_platform = match &self.reminder_platform {
            None => None,
            Some(None) => Some(None),
            Some(Some(p)) => match p.trim().to_ascii_lowercase().as_str() {
                "" | "auto" | "none" => Some(None),
                "telegram" => Some(Some("telegram")),
                "discord" => Some(Some("discord")),
                _ => {
                    return Err(SettingsError::Invalid {
                        field: "reminder_platform",
                        code: "invalid_platform",
                        message:
                            "reminder_platform is telegram, discord or null (the chat you wrote from last)"
                                .into(),
                    });
                }
            },
        };
        Ok(SettingsChanges {
            zone,
            agenda_time,
            quiet_hours,
            reminder_platform,
        })
    }
}

impl SettingsChanges {
    /// The zone these changes set, if they set one.
    pub fn zone(&self) -> Option<&TimeZone> {
        self.zone.as_ref()
    }
}

/// Writes checked changes on a connection the caller holds (a transaction
/// when they must go together with other writes).
pub async fn write(
    conn: &mut sqlx::PgConnection,
    user: UserId,
    changes: &SettingsChanges,
) -> Result<(), sqlx::Error> {
    if let Some(zone) = &changes.zone {
        set_timezone(&mut *conn, user, zone).await?;
    }
    if let Some(at) = changes.agenda_time {
        set_agenda_time(&mut *conn, user, at).await?;
    }
    if let Some(q) = &changes.quiet_hours {
        set_quiet_hours(&mut *conn, user, q.as_ref()).await?;
    }
    if let Some(p) = changes.reminder_platform {
        set_reminder_platform(&mut *conn, user, p).await?;
    }
    Ok(())
}

/// Validates every change first, then writes them together, so a bad value
/// changes nothing.
pub async fn apply(
    db: &sqlx::PgPool,
    user: UserId,
    text: &SettingsText,
) -> Result<TimeSettings, SettingsError> {
    let changes = text.check()?;
    let mut tx = db.begin().await?;
    write(&mut tx, user, &changes).await?;
    let settings = load(&mut *tx, user).await?;
    tx.commit().await?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hours_wrap_midnight() {
        let q = parse_quiet_hours("22:00-07:00").unwrap();
        assert!(q.contains(Time::constant(23, 0, 0, 0)));
        assert!(q.contains(Time::constant(6, 59, 0, 0)));
        assert!(!q.contains(Time::constant(7, 0, 0, 0)));
        assert!(!q.contains(Time::constant(12, 0, 0, 0)));
        assert!(parse_hhmm("24:00").is_err());
        assert!(parse_hhmm("9").is_err());
        assert_eq!(parse_hhmm("9:05").unwrap(), Time::constant(9, 5, 0, 0));
        let json = serde_json::to_string(&TimeSettings {
            timezone: "Europe/Berlin".into(),
            agenda_time: Some(Time::constant(8, 0, 0, 0)),
            quiet_hours: Some(q),
            reminder_platform: None,
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"timezone":"Europe/Berlin","agenda_time":"08:00","quiet_hours":{"start":"22:00","end":"07:00"},"reminder_platform":null}"#
        );
    }
}
