//! The one typed configuration, read once from the environment (and `./.env`).
//!
//! Every variable is declared once, in [`Vars`]: its name, type, default and
//! help. clap turns that declaration into `--help`, `--version` and the
//! per-field parsing; [`Config`] is the checked result the code reads. Tests
//! build the same thing from a map with [`Config::from_lookup`].

use std::{
    ffi::OsString,
    fmt,
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
    ops::Deref,
    time::Duration,
};

use clap::{
    Args, CommandFactory, FromArgMatches, Parser,
    builder::{RangedI64ValueParser, RangedU64ValueParser},
    error::ErrorKind,
};
use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use url::Url;

use crate::keys::{self, KeyMaterial};

/// Everything the processes read from the environment.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: SecretString,
    /// Size of each process's Postgres connection pool, when set; each
    /// binary has its own default.
    pub database_max_connections: Option<NonZeroU32>,
    /// `TASKLINK_JWT_SECRET`, or a bot's `TASKLINK_LINK_KEY` alone.
    pub keys: KeyMaterial,
    /// Portal address shown to users; displays without a trailing slash.
    pub public_url: HttpUrl,
    pub portal_bind: SocketAddr,
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    pub telegram: Option<TelegramConfig>,
    pub discord: Option<DiscordConfig>,
    pub openai: Option<OpenAiConfig>,
    /// How many recent messages the model sees (1 to [`MAX_HISTORY_WINDOW`]);
    /// all messages are kept. An `i64` because that is what SQL `LIMIT` takes.
    pub history_window: i64,
    /// The Telegram bot's username, for the portal's `https://t.me/<bot>?start=` link.
    pub telegram_bot_username: Option<String>,
    pub limits: RateLimits,
    /// How long a chat turn holds its message and its person without renewing
    /// (renewed while it runs): after a crash the message is handled again once it lapses.
    pub turn_lease: Duration,
    /// Whether this bot replica sends reminders and daily agendas.
    pub reminders: bool,
    pub smtp: Option<SmtpConfig>,
}

/// Abuse limits, per minute; 0 turns one off.
#[derive(Clone, Copy, Debug)]
pub struct RateLimits {
    /// Sign-ups and log-ins from one client address.
    pub auth_per_address: u32,
    /// Log-in attempts for one account.
    pub login_per_account: u32,
    /// Agent turns of one person.
    pub chat_per_user: u32,
}

#[derive(Clone, Debug)]
pub struct TelegramConfig {
    pub token: SecretString,
    pub api_url: HttpUrl,
    /// Public URL Telegram should post updates to; long polling when unset.
    pub webhook_url: Option<HttpUrl>,
    pub webhook_bind: Option<SocketAddr>,
    pub webhook_secret: Option<SecretString>,
    /// `false`: this replica neither polls nor serves a webhook, it only sends.
    pub polling: bool,
    /// Pacing of proactive sends (reminders, agendas).
    pub max_sends_per_second: NonZeroU32,
}

#[derive(Clone, Debug)]
pub struct DiscordConfig {
    pub token: SecretString,
    /// Set only when pointed somewhere other than discord.com.
    pub api_url: Option<HttpUrl>,
    /// Never 0 (serenity's `GuildId::new` panics on it).
    pub guild_id: Option<u64>,
    /// Pacing of proactive sends (reminders, agendas).
    pub max_sends_per_second: NonZeroU32,
    /// Total shards; `None` takes Discord's recommendation.
    pub shards: Option<NonZeroU32>,
    /// The shards this replica runs; `None` runs them all.
    pub shard_ids: Option<ShardIds>,
}

#[derive(Clone, Debug)]
pub struct OpenAiConfig {
    pub api_key: SecretString,
    pub base_url: HttpUrl,
    pub model: String,
    pub timeout: Duration,
    pub max_retries: u32,
}

/// E-mail for password resets.
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    /// `smtp://user:pass@host:587` or `smtps://…`; it may hold a password.
    pub url: SecretString,
    /// The sender, e.g. `Tasklink <tasks@example.com>`.
    pub from: String,
}

/// An inclusive range of Discord shard ids, `first..=last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardIds {
    pub first: u32,
    pub last: u32,
}

/// An absolute http(s) URL kept without a trailing slash, so that paths can
/// be appended (`format!("{url}/app")`). Reads as the `str` it displays as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpUrl {
    url: Url,
    text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable clap could not parse, or `--help`/`--version`; the message
    /// names the variable.
    #[error(transparent)]
    Parse(#[from] clap::Error),
    /// A variable that parsed but does not fit with the others.
    #[error("{name} {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// Shortest accepted HMAC secret, in bytes.
pub const MIN_JWT_SECRET_LEN: usize = 32;
/// Most messages the model is shown from a conversation.
pub const MAX_HISTORY_WINDOW: i64 = 500;

const DISCORD_URL: &str = "https://discord.com";

/// Every variable, declared once. Field names are the variable names, so the
/// long option, the value name (which clap's errors quote) and the
/// environment variable agree. Secrets are plain strings here (a malformed
/// value would be echoed in clap's error) and are checked in
/// [`Config::try_from_vars`], which never prints them.
#[derive(Debug, Parser)]
#[command(version, max_term_width = 100)]
struct Vars {
    /// Postgres connection URL
    #[arg(long, env)]
    database_url: SecretString,
    /// Size of each process's Postgres connection pool [default: 20 for the
    /// portal, four per CPU core for the bot]
    #[arg(long, env, value_parser = count(1000))]
    database_max_connections: Option<NonZeroU32>,
    /// HMAC secret for sessions and link tokens, at least 32 bytes
    #[arg(long, env)]
    tasklink_jwt_secret: Option<SecretString>,
    /// The bot only: the link-token key (64 hex digits, which ./scripts/setup
    /// writes) in place of TASKLINK_JWT_SECRET, so the bot's host never holds the secret
    #[arg(long, env)]
    tasklink_link_key: Option<SecretString>,
    /// Log filter (tracing's EnvFilter syntax)
    // Declared for `--help`; `telemetry::init` reads it from the environment itself.
    #[allow(dead_code)]
    #[arg(long, env, default_value = "info")]
    rust_log: String,

    #[command(flatten, next_help_heading = "Portal")]
    portal: PortalVars,
    #[command(flatten, next_help_heading = "Limits (per minute; 0 turns one off)")]
    limits: LimitVars,
    #[command(
        flatten,
        next_help_heading = "Model (offline brain when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set)"
    )]
    openai: OpenAiVars,
    #[command(
        flatten,
        next_help_heading = "Telegram (off when TELEGRAM_BOT_TOKEN is unset)"
    )]
    telegram: TelegramVars,
    #[command(flatten, next_help_heading = "Discord (off when DISCORD_BOT_TOKEN is unset)")]
    discord: DiscordVars,
    #[command(flatten, next_help_heading = "Reminders and e-mail")]
    outbound: OutboundVars,
}

#[derive(Debug, Args)]
struct PortalVars {
    /// Portal address shown to users; https turns on secure cookies
    #[arg(long, env, default_value = "http://127.0.0.1:8080", value_parser = HttpUrl::parse)]
    tasklink_public_url: HttpUrl,
    /// Portal listen address
    #[arg(long, env, default_value = "127.0.0.1:8080")]
    portal_bind: SocketAddr,
    /// Comma-separated CIDRs (or addresses) whose X-Forwarded-For is believed [default: none]
    #[arg(long, env, value_delimiter = ',', value_parser = parse_cidr)]
    tasklink_trusted_proxies: Vec<IpNet>,
}

#[derive(Debug, Args)]
struct LimitVars {
    /// Agent turns per person, on every surface
    #[arg(long, env, default_value = "30")]
    tasklink_chat_limit: u32,
    /// Sign-ups and log-ins per client address
    #[arg(long, env, default_value = "20")]
    tasklink_auth_limit: u32,
    /// Log-in attempts per account
    #[arg(long, env, default_value = "10")]
    tasklink_login_limit: u32,
    /// Recent messages of a conversation the model sees (1-500)
    #[arg(long, env, default_value = "20", value_parser = RangedI64ValueParser::<i64>::new().range(1..=MAX_HISTORY_WINDOW))]
    tasklink_history_window: i64,
    /// Seconds a chat turn holds its message and its person, renewed while it runs; after a crash the message is handled again once this lapses (1-600)
    #[arg(long, env, default_value = "30", value_parser = RangedU64ValueParser::<u64>::new().range(1..=600))]
    tasklink_turn_lease: u64,
}

#[derive(Debug, Args)]
struct OpenAiVars {
    /// API key of an OpenAI-compatible endpoint
    #[arg(long, env)]
    openai_api_key: Option<SecretString>,
    /// Chat-completions base URL (Ollama, vLLM, llama.cpp need no key) [default: https://api.openai.com/v1]
    #[arg(long, env, value_parser = HttpUrl::parse)]
    openai_base_url: Option<HttpUrl>,
    /// Model name
    #[arg(long, env, default_value = "gpt-4o-mini")]
    openai_model: String,
    /// Timeout of one model request, in milliseconds
    #[arg(long, env, default_value = "30000", value_parser = RangedU64ValueParser::<u64>::new().range(100..=600_000))]
    openai_timeout_ms: u64,
    /// Retries of a model request on 429 and 5xx
    #[arg(long, env, default_value = "2", value_parser = RangedU64ValueParser::<u32>::new().range(0..=10))]
    openai_max_retries: u32,
}

#[derive(Debug, Args)]
struct TelegramVars {
    /// Bot token from @BotFather; enables Telegram
    #[arg(long, env)]
    telegram_bot_token: Option<SecretString>,
    /// Bot API base URL
    #[arg(long, env, default_value = "https://api.telegram.org", value_parser = HttpUrl::parse)]
    telegram_api_url: HttpUrl,
    /// The bot's username, for the portal's t.me deep link [default: no deep link]
    #[arg(long, env, value_parser = parse_telegram_username)]
    telegram_bot_username: Option<String>,
    /// Public URL Telegram posts updates to [default: long polling]
    #[arg(long, env, value_parser = HttpUrl::parse)]
    telegram_webhook_url: Option<HttpUrl>,
    /// Listen address of the webhook server [default: 0.0.0.0:8443]
    #[arg(long, env)]
    telegram_webhook_bind: Option<SocketAddr>,
    /// Secret Telegram sends with each webhook update [default: a random one per start]
    #[arg(long, env)]
    telegram_webhook_secret: Option<SecretString>,
    /// on | off: off makes this replica send only (no polling, no webhook)
    #[arg(long, env, default_value = "on", action = clap::ArgAction::Set, value_parser = on_off)]
    telegram_polling: bool,
    /// Proactive sends per second for the whole bot (replies count too; every replica shares it), under Telegram's global limit
    #[arg(long, env, default_value = "25", value_parser = count(1000))]
    telegram_max_sends_per_second: NonZeroU32,
}

#[derive(Debug, Args)]
struct DiscordVars {
    /// Bot token; enables Discord
    #[arg(long, env)]
    discord_bot_token: Option<SecretString>,
    /// Discord base URL (HTTP and gateway discovery)
    #[arg(long, env, default_value = DISCORD_URL, value_parser = HttpUrl::parse)]
    discord_api_url: HttpUrl,
    /// Register slash commands in this guild only (instant, for testing) [default: global]
    #[arg(long, env, value_parser = RangedU64ValueParser::<u64>::new().range(1..))]
    discord_guild_id: Option<u64>,
    /// Proactive sends per second for the whole bot (every replica shares it), under Discord's global limit
    #[arg(long, env, default_value = "40", value_parser = count(1000))]
    discord_max_sends_per_second: NonZeroU32,
    /// Total shards [default: Discord's recommendation]
    #[arg(long, env, value_parser = count(65_535))]
    discord_shards: Option<NonZeroU32>,
    /// Shards this replica runs, `N` or `FIRST-LAST` (needs DISCORD_SHARDS) [default: all]
    #[arg(long, env, value_parser = ShardIds::parse)]
    discord_shard_ids: Option<ShardIds>,
}

#[derive(Debug, Args)]
struct OutboundVars {
    /// on | off: off stops this bot replica from sending reminders and agendas
    #[arg(long, env, default_value = "on", action = clap::ArgAction::Set, value_parser = on_off)]
    tasklink_reminders: bool,
    /// SMTP server for password-reset e-mail, smtp://user:pass@host:587 [default: chat only]
    #[arg(long, env)]
    smtp_url: Option<SecretString>,
    /// Sender of those e-mails, e.g. "Tasklink <tasks@example.com>" (needed with SMTP_URL)
    #[arg(long, env)]
    smtp_from: Option<String>,
}

impl Config {
    /// The definition of every variable as a command line, for `--help`.
    pub fn command(bin: &'static str, about: &'static str) -> clap::Command {
        // Values stay out of the help: some are secrets, and unset ones read as `X=`.
        Vars::command()
            .name(bin)
            .bin_name(bin)
            .about(about)
            .mut_args(|arg| arg.hide_env_values(true))
    }

    /// For `main`: reads `./.env` (never a parent directory's), then the
    /// environment and the command line. Prints `--help`, `--version` or what
    /// is wrong, and exits.
    pub fn load(bin: &'static str, about: &'static str) -> Self {
        match dotenvy::from_path(".env") {
            Ok(()) => {}
            Err(e) if e.not_found() => {}
            Err(e) => Self::command(bin, about)
                .error(ErrorKind::Io, format!("cannot read ./.env: {e}"))
                .exit(),
        }
        Self::from_process(bin, about, std::env::args_os()).unwrap_or_else(|e| match e {
            ConfigError::Parse(e) => e.exit(),
            invalid => Self::command(bin, about)
                .error(ErrorKind::ValueValidation, invalid)
                .exit(),
        })
    }

    /// The process environment and `args` (including the program name), as
    /// `main` reads them. `--help` and `--version` come back as
    /// [`ConfigError::Parse`] with their text.
    pub fn from_process(
        bin: &'static str,
        about: &'static str,
        args: impl IntoIterator<Item = OsString>,
    ) -> Result<Self, ConfigError> {
        // An empty variable counts as unset, as in `.env` templates and compose files.
        let command = Self::command(bin, about).mut_args(|arg| {
            let empty = arg
                .get_env()
                .and_then(std::env::var_os)
                .is_some_and(|v| v.is_empty());
            if empty { arg.env(None) } else { arg }
        });
        Self::parse(command, args)
    }

    /// Builds the config from any variable source (tests pass a map). The
    /// process environment is not read.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let command = Vars::command().mut_args(|arg| arg.env(None));
        let mut args = vec![OsString::from("tasklink")];
        for arg in Vars::command().get_arguments() {
            let (Some(name), Some(long)) = (arg.get_env(), arg.get_long()) else {
                continue;
            };
            if let Some(value) = name.to_str().and_then(&get).filter(|v| !v.is_empty()) {
                args.push(format!("--{long}={value}").into());
            }
        }
        Self::parse(command, args)
    }

    fn parse(
        mut command: clap::Command,
        args: impl IntoIterator<Item = OsString>,
    ) -> Result<Self, ConfigError> {
        let matches = command.try_get_matches_from_mut(args)?;
        Self::try_from_vars(Vars::from_arg_matches(&matches)?)
    }

    /// The checks that span variables, or that must not echo a secret.
    fn try_from_vars(vars: Vars) -> Result<Self, ConfigError> {
        let keys = key_material(vars.tasklink_jwt_secret, vars.tasklink_link_key)?;

        let t = vars.telegram;
        let telegram = t.telegram_bot_token.map(|token| TelegramConfig {
            token,
            api_url: t.telegram_api_url,
            webhook_url: t.telegram_webhook_url,
            webhook_bind: t.telegram_webhook_bind,
            webhook_secret: t.telegram_webhook_secret,
            polling: t.telegram_polling,
            max_sends_per_second: t.telegram_max_sends_per_second,
        });

        let d = vars.discord;
        if let Some(ids) = d.discord_shard_ids {
            match d.discord_shards {
                None => {
                    return Err(ConfigError::Invalid {
                        name: "DISCORD_SHARD_IDS",
                        reason: "needs DISCORD_SHARDS (the total) to be set".into(),
                    });
                }
                Some(total) if ids.last >= total.get() => {
                    return Err(ConfigError::Invalid {
                        name: "DISCORD_SHARD_IDS",
                        reason: format!("must be below DISCORD_SHARDS ({total})"),
                    });
                }
                Some(_) => {}
            }
        }
        let discord = d.discord_bot_token.map(|token| DiscordConfig {
            token,
            api_url: Some(d.discord_api_url).filter(|url| url.as_str() != DISCORD_URL),
            guild_id: d.discord_guild_id,
            max_sends_per_second: d.discord_max_sends_per_second,
            shards: d.discord_shards,
            shard_ids: d.discord_shard_ids,
        });

        // A local server (Ollama, llama.cpp) needs no key, so a base URL alone enables the model.
        let o = vars.openai;
        let openai = match (o.openai_api_key, o.openai_base_url) {
            (None, None) => None,
            (key, base) => Some(OpenAiConfig {
                api_key: key.unwrap_or_else(|| SecretString::from("")),
                base_url: match base {
                    Some(url) => url,
                    None => HttpUrl::parse("https://api.openai.com/v1").expect("a valid URL"),
                },
                model: o.openai_model,
                timeout: Duration::from_millis(o.openai_timeout_ms),
                max_retries: o.openai_max_retries,
            }),
        };

        let out = vars.outbound;
        let smtp = match (out.smtp_url, out.smtp_from) {
            (None, None) => None,
            (None, Some(_)) => {
                return Err(ConfigError::Invalid {
                    name: "SMTP_FROM",
                    reason: "is set but SMTP_URL is not".into(),
                });
            }
            (Some(_), None) => {
                return Err(ConfigError::Invalid {
                    name: "SMTP_FROM",
                    reason: "must be set when SMTP_URL is".into(),
                });
            }
            (Some(url), Some(from)) => {
                // Checked here rather than by clap, whose error would print the password.
                let scheme = Url::parse(url.expose_secret()).map(|u| u.scheme().to_owned());
                if !matches!(scheme.as_deref(), Ok("smtp" | "smtps")) {
                    return Err(ConfigError::Invalid {
                        name: "SMTP_URL",
                        reason: "must be an smtp:// or smtps:// URL".into(),
                    });
                }
                Some(SmtpConfig { url, from })
            }
        };

        Ok(Self {
            database_url: vars.database_url,
            database_max_connections: vars.database_max_connections,
            keys,
            public_url: vars.portal.tasklink_public_url,
            portal_bind: vars.portal.portal_bind,
            trusted_proxies: vars.portal.tasklink_trusted_proxies,
            telegram,
            discord,
            openai,
            history_window: vars.limits.tasklink_history_window,
            telegram_bot_username: t.telegram_bot_username,
            turn_lease: Duration::from_secs(vars.limits.tasklink_turn_lease),
            limits: RateLimits {
                auth_per_address: vars.limits.tasklink_auth_limit,
                login_per_account: vars.limits.tasklink_login_limit,
                chat_per_user: vars.limits.tasklink_chat_limit,
            },
            reminders: out.tasklink_reminders,
            smtp,
        })
    }

    /// Session cookies get `Secure` when the portal is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.url().scheme() == "https"
    }
}

/// The secret; or the link key alone (a bot); or both, when they agree.
/// An empty variable counts as unset (docker-compose blanks the secret for the bot).
fn key_material(
    secret: Option<SecretString>,
    link_key: Option<SecretString>,
) -> Result<KeyMaterial, ConfigError> {
    let given = |v: Option<SecretString>| v.filter(|v| !v.expose_secret().is_empty());
    let link_key = match given(link_key) {
        None => None,
        Some(text) => {
            Some(
                keys::parse_hex_key(text.expose_secret()).ok_or_else(|| ConfigError::Invalid {
                    name: "TASKLINK_LINK_KEY",
                    reason: "must be 64 hex digits".into(),
                })?,
            )
        }
    };
    match (given(secret), link_key) {
        (Some(secret), link_key) => {
            if secret.expose_secret().len() < MIN_JWT_SECRET_LEN {
                return Err(ConfigError::Invalid {
                    name: "TASKLINK_JWT_SECRET",
                    reason: format!("must be at least {MIN_JWT_SECRET_LEN} bytes"),
                });
            }
            let keys = KeyMaterial::Secret(secret);
            if link_key.is_some_and(|k| k != keys.link_key()) {
                return Err(ConfigError::Invalid {
                    name: "TASKLINK_LINK_KEY",
                    reason: "is not the link key of TASKLINK_JWT_SECRET".into(),
                });
            }
            Ok(keys)
        }
        (None, Some(key)) => Ok(KeyMaterial::LinkOnly(SecretBox::new(Box::new(key)))),
        (None, None) => Err(ConfigError::Invalid {
            name: "TASKLINK_JWT_SECRET",
            reason: "is required (a bot may be given TASKLINK_LINK_KEY instead)".into(),
        }),
    }
}

impl HttpUrl {
    /// An absolute `http` or `https` URL without query or fragment.
    pub fn parse(text: &str) -> Result<Self, String> {
        let url = Url::parse(text.trim()).map_err(|e| format!("not a URL ({e})"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err("must start with http:// or https://".into());
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err("must not have a query or fragment".into());
        }
        let text = url.as_str().trim_end_matches('/').to_owned();
        Ok(Self { url, text })
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Deref for HttpUrl {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<HttpUrl> for String {
    fn from(url: HttpUrl) -> Self {
        url.text
    }
}

impl From<&HttpUrl> for String {
    fn from(url: &HttpUrl) -> Self {
        url.text.clone()
    }
}

impl ShardIds {
    /// `3` or `0-3`.
    fn parse(text: &str) -> Result<Self, String> {
        let number = |s: &str| {
            s.trim()
                .parse::<u32>()
                .map_err(|_| format!("`{s}` is not a shard number"))
        };
        let (first, last) = match text.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => (number(text)?, number(text)?),
        };
        if first > last {
            return Err(format!("{first} comes after {last}"));
        }
        Ok(Self { first, last })
    }
}

/// `on` or `off` (or true/false, yes/no, 1/0).
fn on_off(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        _ => Err(format!("`{text}` is neither on nor off")),
    }
}

/// A whole number from 1 to `max`.
fn count(max: u32) -> impl Fn(&str) -> Result<NonZeroU32, String> + Clone + Send + Sync + 'static {
    move |text| {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= max)
            .and_then(NonZeroU32::new)
            .ok_or_else(|| format!("`{text}` is not a whole number from 1 to {max}"))
    }
}

/// A network in CIDR form, or one address.
fn parse_cidr(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{text}` is not a CIDR such as 10.0.0.0/8 or an IP address"))
}

/// Telegram usernames: 5–32 letters, digits and underscores; a leading `@` is dropped.
fn parse_telegram_username(text: &str) -> Result<String, String> {
    let name = text.trim().trim_start_matches('@');
    let valid =
        (5..=32).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if valid {
        Ok(name.to_owned())
    } else {
        Err("must be 5-32 letters, digits or underscores".into())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| vars.get(k).cloned())
    }

    fn error(vars: &[(&str, &str)]) -> String {
        load(vars).expect_err("the config is refused").to_string()
    }

    const DB: (&str, &str) = ("DATABASE_URL", "postgres://localhost/tasklink");
    const SECRET: (&str, &str) = ("TASKLINK_JWT_SECRET", "0123456789abcdef0123456789abcdef");

    #[test]
    fn refuses_to_start_without_a_strong_secret() {
        assert!(error(&[DB]).contains("TASKLINK_JWT_SECRET"));
        let short = error(&[DB, ("TASKLINK_JWT_SECRET", "too short")]);
        assert!(
            short.contains("TASKLINK_JWT_SECRET must be at least 32 bytes"),
            "{short}"
        );
        assert!(!short.contains("too short"), "the secret is not echoed: {short}");
        assert!(error(&[SECRET]).contains("DATABASE_URL"));
    }

    #[test]
    fn defaults_leave_platforms_and_model_off() {
        let config = load(&[DB, SECRET]).unwrap();
        assert_eq!(config.public_url.to_string(), "http://127.0.0.1:8080");
        assert_eq!(config.portal_bind.to_string(), "127.0.0.1:8080");
        assert!(config.telegram.is_none() && config.discord.is_none() && config.openai.is_none());
        assert!(config.smtp.is_none() && config.trusted_proxies.is_empty() && config.reminders);
        assert_eq!(config.history_window, 20);
        assert_eq!(config.database_max_connections, None);
        assert_eq!(config.limits.chat_per_user, 30);
        assert!(!config.secure_cookies());
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let config = load(&[
            DB,
            SECRET,
            ("TELEGRAM_BOT_TOKEN", ""),
            ("TASKLINK_PUBLIC_URL", ""),
        ])
        .unwrap();
        assert!(config.telegram.is_none());
        assert_eq!(config.public_url.as_str(), "http://127.0.0.1:8080");
    }

    #[test]
    fn platforms_and_model_are_configured_by_their_variables() {
        let config = load(&[
            DB,
            SECRET,
            ("TASKLINK_PUBLIC_URL", "https://tasks.example.com/"),
            ("TELEGRAM_BOT_TOKEN", "1:abc"),
            ("TELEGRAM_POLLING", "off"),
            ("TELEGRAM_BOT_USERNAME", "@tasklink_bot"),
            ("DISCORD_BOT_TOKEN", "xyz"),
            ("DISCORD_GUILD_ID", "42"),
            ("DISCORD_SHARDS", "8"),
            ("DISCORD_SHARD_IDS", "4-7"),
            ("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1/"),
            ("TASKLINK_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1,fd00::/8"),
            ("DATABASE_MAX_CONNECTIONS", "5"),
        ])
        .unwrap();
        assert_eq!(config.public_url.to_string(), "https://tasks.example.com");
        assert_eq!(
            format!("{}/app", config.public_url),
            "https://tasks.example.com/app"
        );
        assert!(config.secure_cookies());
        assert_eq!(config.telegram_bot_username.as_deref(), Some("tasklink_bot"));
        let telegram = config.telegram.unwrap();
        assert_eq!(&*telegram.api_url, "https://api.telegram.org");
        assert!(!telegram.polling);
        assert_eq!(telegram.max_sends_per_second.get(), 25);
        let discord = config.discord.unwrap();
        assert_eq!(discord.guild_id, Some(42));
        assert!(discord.api_url.is_none(), "discord.com itself is not a proxy");
        assert_eq!(discord.shard_ids, Some(ShardIds { first: 4, last: 7 }));
        assert_eq!(discord.max_sends_per_second.get(), 40);
        let openai = config.openai.unwrap();
        assert_eq!(openai.base_url.as_str(), "http://127.0.0.1:11434/v1");
        assert_eq!(openai.timeout, Duration::from_secs(30));
        assert_eq!(config.trusted_proxies.len(), 3);
        assert_eq!(config.trusted_proxies[1].to_string(), "192.168.1.1/32");
        assert_eq!(config.database_max_connections.map(NonZeroU32::get), Some(5));
    }

    #[test]
    fn malformed_values_are_refused_naming_the_variable() {
        for (vars, name) in [
            (
                &[("DISCORD_BOT_TOKEN", "x"), ("DISCORD_GUILD_ID", "abc")][..],
                "DISCORD_GUILD_ID",
            ),
            (
                &[("DISCORD_BOT_TOKEN", "x"), ("DISCORD_GUILD_ID", "0")],
                "DISCORD_GUILD_ID",
            ),
            (&[("PORTAL_BIND", "nowhere")], "PORTAL_BIND"),
            (&[("TASKLINK_HISTORY_WINDOW", "-5")], "TASKLINK_HISTORY_WINDOW"),
            (&[("TASKLINK_HISTORY_WINDOW", "0")], "TASKLINK_HISTORY_WINDOW"),
            (&[("TASKLINK_CHAT_LIMIT", "-1")], "TASKLINK_CHAT_LIMIT"),
            (&[("DATABASE_MAX_CONNECTIONS", "0")], "DATABASE_MAX_CONNECTIONS"),
            (
                &[("TASKLINK_PUBLIC_URL", "tasks.example.com")],
                "TASKLINK_PUBLIC_URL",
            ),
            (&[("OPENAI_BASE_URL", "ftp://x")], "OPENAI_BASE_URL"),
            (
                &[("TASKLINK_TRUSTED_PROXIES", "10.0.0.0/8,everyone")],
                "TASKLINK_TRUSTED_PROXIES",
            ),
            (&[("TASKLINK_REMINDERS", "maybe")], "TASKLINK_REMINDERS"),
            (&[("DISCORD_SHARD_IDS", "0-3")], "DISCORD_SHARD_IDS"),
            (
                &[("DISCORD_SHARDS", "2"), ("DISCORD_SHARD_IDS", "0-3")],
                "DISCORD_SHARD_IDS",
            ),
            (&[("SMTP_URL", "smtp://u:hunter2@mail:587")], "SMTP_FROM"),
            (
                &[("SMTP_URL", "http://u:hunter2@mail"), ("SMTP_FROM", "a@b.c")],
                "SMTP_URL",
            ),
            (&[("TELEGRAM_BOT_USERNAME", "a b")], "TELEGRAM_BOT_USERNAME"),
        ] {
            let mut all = vec![DB, SECRET];
            all.extend_from_slice(vars);
            let message = error(&all);
            assert!(message.contains(name), "{vars:?}: {message}");
            assert!(!message.contains("hunter2"), "{message}");
        }
    }

    #[test]
    fn a_negative_history_window_is_refused_at_start_with_a_clear_message() {
        let message = error(&[DB, SECRET, ("TASKLINK_HISTORY_WINDOW", "-1")]);
        assert!(
            message.contains("TASKLINK_HISTORY_WINDOW") && message.contains("1..=500"),
            "{message}"
        );
    }

    /// A bot replica may hold the link key instead of the secret; with both,
    /// they must agree; the key is never echoed.
    #[test]
    fn a_link_key_stands_in_for_the_secret_for_link_tokens_only() {
        let link_key = hex(&keys::derive(SECRET.1.as_bytes(), keys::Purpose::Link));
        let bot = load(&[DB, ("TASKLINK_LINK_KEY", &link_key)]).unwrap();
        assert!(matches!(bot.keys, KeyMaterial::LinkOnly(_)));
        assert_eq!(bot.keys.key(keys::Purpose::Session), None);
        // docker-compose blanks the secret for the bot.
        let blanked = load(&[DB, ("TASKLINK_JWT_SECRET", ""), ("TASKLINK_LINK_KEY", &link_key)]);
        assert!(matches!(blanked.unwrap().keys, KeyMaterial::LinkOnly(_)));
        // Both, agreeing: the secret (the portal and a local bot read one .env).
        let both = load(&[DB, SECRET, ("TASKLINK_LINK_KEY", &link_key)]).unwrap();
        assert!(matches!(both.keys, KeyMaterial::Secret(_)));

        let other = hex(&keys::derive(
            b"another secret that is 32 bytes!",
            keys::Purpose::Link,
        ));
        let mismatch = error(&[DB, SECRET, ("TASKLINK_LINK_KEY", &other)]);
        assert_eq!(
            mismatch,
            "TASKLINK_LINK_KEY is not the link key of TASKLINK_JWT_SECRET"
        );
        let malformed = error(&[DB, ("TASKLINK_LINK_KEY", "0123456789abcdef")]);
        assert_eq!(malformed, "TASKLINK_LINK_KEY must be 64 hex digits");
        let neither = error(&[DB, ("TASKLINK_JWT_SECRET", "")]);
        assert!(
            neither.starts_with("TASKLINK_JWT_SECRET is required"),
            "{neither}"
        );
    }

    fn hex(key: &[u8; 32]) -> String {
        key.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn help_lists_every_variable_with_its_default() {
        let mut command = Config::command("tasklink-portal", "The portal.");
        let help = command.render_help().to_string();
        let names: Vec<String> = command
            .get_arguments()
            .filter_map(|a| a.get_env().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        // The variables of the design's table, and the ones it leaves out.
        for name in [
            "DATABASE_URL",
            "DATABASE_MAX_CONNECTIONS",
            "TASKLINK_JWT_SECRET",
            "TASKLINK_LINK_KEY",
            "TASKLINK_PUBLIC_URL",
            "PORTAL_BIND",
            "TELEGRAM_BOT_TOKEN",
            "TELEGRAM_API_URL",
            "TELEGRAM_BOT_USERNAME",
            "TELEGRAM_WEBHOOK_URL",
            "TELEGRAM_WEBHOOK_BIND",
            "TELEGRAM_WEBHOOK_SECRET",
            "DISCORD_BOT_TOKEN",
            "DISCORD_API_URL",
            "DISCORD_GUILD_ID",
            "OPENAI_API_KEY",
            "OPENAI_BASE_URL",
            "OPENAI_MODEL",
            "OPENAI_TIMEOUT_MS",
            "OPENAI_MAX_RETRIES",
            "TASKLINK_CHAT_LIMIT",
            "TASKLINK_AUTH_LIMIT",
            "TASKLINK_LOGIN_LIMIT",
            "TASKLINK_HISTORY_WINDOW",
            "TASKLINK_TURN_LEASE",
            "TASKLINK_TRUSTED_PROXIES",
            "TELEGRAM_MAX_SENDS_PER_SECOND",
            "DISCORD_MAX_SENDS_PER_SECOND",
            "TASKLINK_REMINDERS",
            "TELEGRAM_POLLING",
            "DISCORD_SHARDS",
            "DISCORD_SHARD_IDS",
            "SMTP_URL",
            "SMTP_FROM",
            "RUST_LOG",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} is not declared");
        }
        for name in &names {
            assert!(
                help.contains(&format!("[env: {name}")),
                "{name} missing from\n{help}"
            );
        }
        for line in [
            "[default: 20]",
            "[default: http://127.0.0.1:8080]",
            "[default: 25]",
            "[default: on]",
        ] {
            assert!(help.contains(line), "{line} missing from\n{help}");
        }
        assert!(help.starts_with("The portal."), "{help}");
    }

    #[test]
    fn help_and_version_answer_without_any_variable() {
        let answer = |flag: &str| match Config::from_process(
            "tasklink-bot",
            "The bot.",
            ["tasklink-bot".into(), flag.into()],
        ) {
            Err(ConfigError::Parse(e)) => (e.kind(), e.render().to_string()),
            other => panic!("{flag}: {other:?}"),
        };
        let (kind, text) = answer("--version");
        assert_eq!(kind, ErrorKind::DisplayVersion);
        assert_eq!(text.trim(), format!("tasklink-bot {}", env!("CARGO_PKG_VERSION")));
        let (kind, text) = answer("--help");
        assert_eq!(kind, ErrorKind::DisplayHelp);
        assert!(text.contains("TELEGRAM_MAX_SENDS_PER_SECOND"), "{text}");
    }

    #[test]
    fn secrets_do_not_print() {
        let config = load(&[DB, SECRET]).unwrap();
        let printed = format!("{config:?}");
        assert!(
            !printed.contains("0123456789abcdef") && !printed.contains("postgres://"),
            "{printed}"
        );
    }
}
