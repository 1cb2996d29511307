//! The one typed configuration, read once from the environment (and `.env`).

use std::{net::SocketAddr, time::Duration};

use secrecy::{ExposeSecret, SecretString};

/// Everything the processes read from the environment.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: SecretString,
    pub jwt_secret: SecretString,
    /// Portal address shown to users, without a trailing slash.
    pub public_url: String,
    pub portal_bind: SocketAddr,
    pub telegram: Option<TelegramConfig>,
    pub discord: Option<DiscordConfig>,
    pub openai: Option<OpenAiConfig>,
    /// How many recent messages the model sees; all messages are kept.
    pub history_window: i64,
    /// The Telegram bot's username, for the portal's `https://t.me/<bot>?start=` link.
    pub telegram_bot_username: Option<String>,
    pub limits: RateLimits,
    /// Peers whose `X-Forwarded-For` is believed (`TASKLINK_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<crate::limits::Cidr>,
}

/// Abuse limits, per minute; 0 turns one off.
#[derive(Clone, Copy, Debug)]
pub struct RateLimits {
    /// Sign-ups and log-ins from one client address.
    pub auth_per_address: u32,
    /// Log-in attempts for one account.
    pub login_per_account: u32,
    /// Agent turns of one person through the portal.
    pub chat_per_user: u32,
}

#[derive(Clone, Debug)]
pub struct TelegramConfig {
    pub token: SecretString,
    pub api_url: String,
    /// Public URL Telegram should post updates to; long polling when unset.
    pub webhook_url: Option<String>,
    pub webhook_bind: Option<SocketAddr>,
    pub webhook_secret: Option<SecretString>,
}

#[derive(Clone, Debug)]
pub struct DiscordConfig {
    pub token: SecretString,
    /// Set only when pointed somewhere other than discord.com.
    pub api_url: Option<String>,
    pub guild_id: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct OpenAiConfig {
    pub api_key: SecretString,
    pub base_url: String,
    pub model: String,
    pub timeout: Duration,
    pub max_retries: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} must be set")]
    Missing(&'static str),
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// Shortest accepted HMAC secret, in bytes.
pub const MIN_JWT_SECRET_LEN: usize = 32;

impl Config {
    /// Reads `.env` when present, then the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds the config from any variable source (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let database_url = var("DATABASE_URL").ok_or(ConfigError::Missing("DATABASE_URL"))?;
        let jwt_secret = var("TASKLINK_JWT_SECRET").ok_or(ConfigError::Missing("TASKLINK_JWT_SECRET"))?;
        if jwt_secret.len() < MIN_JWT_SECRET_LEN {
            return Err(ConfigError::Invalid {
                name: "TASKLINK_JWT_SECRET",
                reason: format!("must be at least {MIN_JWT_SECRET_LEN} bytes"),
            });
        }
        let public_url = var("TASKLINK_PUBLIC_URL")
            .unwrap_or_else(|| "http://127.0.0.1:8080".into())
            .trim_end_matches('/')
            .to_owned();
        let portal_bind = parse_addr(
            "PORTAL_BIND",
            &var("PORTAL_BIND").unwrap_or_else(|| "127.0.0.1:8080".into()),
        )?;

        let telegram = match var("TELEGRAM_BOT_TOKEN") {
            None => None,
            Some(token) => Some(TelegramConfig {
                token: token.into(),
                api_url: var("TELEGRAM_API_URL").unwrap_or_else(|| "https://api.telegram.org".into()),
                webhook_url: var("TELEGRAM_WEBHOOK_URL"),
                webhook_bind: var("TELEGRAM_WEBHOOK_BIND")
                    .map(|v| parse_addr("TELEGRAM_WEBHOOK_BIND", &v))
                    .transpose()?,
                webhook_secret: var("TELEGRAM_WEBHOOK_SECRET").map(Into::into),
            }),
        };

        let discord = match var("DISCORD_BOT_TOKEN") {
            None => None,
            Some(token) => Some(DiscordConfig {
                token: token.into(),
                api_url: var("DISCORD_API_URL").map(|u| u.trim_end_matches('/').to_owned()),
                guild_id: var("DISCORD_GUILD_ID")
                    .map(|v| {
                        v.parse().map_err(|_| ConfigError::Invalid {
                            name: "DISCORD_GUILD_ID",
                            reason: "must be a number".into(),
                        })
                    })
                    .transpose()?,
            }),
        };

        // A local server (Ollama, llama.cpp) needs no key, so a base URL alone enables the model.
        let openai = match (var("OPENAI_API_KEY"), var("OPENAI_BASE_URL")) {
            (None, None) => None,
            (key, base) => Some(OpenAiConfig {
                api_key: key.unwrap_or_default().into(),
                base_url: base
                    .unwrap_or_else(|| "https://api.openai.com/v1".into())
                    .trim_end_matches('/')
                    .to_owned(),
                model: var("OPENAI_MODEL").unwrap_or_else(|| "gpt-4o-mini".into()),
                timeout: Duration::from_millis(parse_num(
                    "OPENAI_TIMEOUT_MS",
                    var("OPENAI_TIMEOUT_MS"),
                    30_000,
                )?),
                max_retries: parse_num("OPENAI_MAX_RETRIES", var("OPENAI_MAX_RETRIES"), 2)?,
            }),
        };

        Ok(Self {
            database_url: database_url.into(),
            jwt_secret: jwt_secret.into(),
            public_url,
            portal_bind,
            telegram,
            discord,
            openai,
            history_window: parse_num("TASKLINK_HISTORY_WINDOW", var("TASKLINK_HISTORY_WINDOW"), 20)?,
            telegram_bot_username: var("TELEGRAM_BOT_USERNAME").map(|u| u.trim_start_matches('@').to_owned()),
            limits: RateLimits {
                auth_per_address: parse_num("TASKLINK_AUTH_LIMIT", var("TASKLINK_AUTH_LIMIT"), 20)?,
                login_per_account: parse_num("TASKLINK_LOGIN_LIMIT", var("TASKLINK_LOGIN_LIMIT"), 10)?,
                chat_per_user: parse_num("TASKLINK_CHAT_LIMIT", var("TASKLINK_CHAT_LIMIT"), 30)?,
            },
            trusted_proxies: crate::limits::Cidr::parse_list(
                &var("TASKLINK_TRUSTED_PROXIES").unwrap_or_default(),
            )
            .map_err(|reason| ConfigError::Invalid {
                name: "TASKLINK_TRUSTED_PROXIES",
                reason,
            })?,
        })
    }

    pub fn jwt_secret_bytes(&self) -> &[u8] {
        self.jwt_secret.expose_secret().as_bytes()
    }

    /// Session cookies get `Secure` when the portal is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

fn parse_addr(name: &'static str, value: &str) -> Result<SocketAddr, ConfigError> {
    value.parse().map_err(|_| ConfigError::Invalid {
        name,
        reason: format!("`{value}` is not a host:port address"),
    })
}

fn parse_num<T: std::str::FromStr>(
    name: &'static str,
    value: Option<String>,
    default: T,
) -> Result<T, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| ConfigError::Invalid {
            name,
            reason: format!("`{v}` is not a number"),
        }),
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

    const DB: (&str, &str) = ("DATABASE_URL", "postgres://localhost/tasklink");
    const SECRET: (&str, &str) = ("TASKLINK_JWT_SECRET", "0123456789abcdef0123456789abcdef");

    #[test]
    fn refuses_to_start_without_a_strong_secret() {
        assert!(matches!(
            load(&[DB]),
            Err(ConfigError::Missing("TASKLINK_JWT_SECRET"))
        ));
        let short = load(&[DB, ("TASKLINK_JWT_SECRET", "too short")]);
        assert!(matches!(
            short,
            Err(ConfigError::Invalid {
                name: "TASKLINK_JWT_SECRET",
                ..
            })
        ));
        assert!(matches!(
            load(&[SECRET]),
            Err(ConfigError::Missing("DATABASE_URL"))
        ));
    }

    #[test]
    fn defaults_leave_platforms_and_model_off() {
        let config = load(&[DB, SECRET]).unwrap();
        assert_eq!(config.public_url, "http://127.0.0.1:8080");
        assert_eq!(config.portal_bind.to_string(), "127.0.0.1:8080");
        assert!(config.telegram.is_none() && config.discord.is_none() && config.openai.is_none());
        assert_eq!(config.history_window, 20);
        assert!(!config.secure_cookies());
    }

    #[test]
    fn platforms_and_model_are_configured_by_their_variables() {
        let config = load(&[
            DB,
            SECRET,
            ("TASKLINK_PUBLIC_URL", "https://tasks.example.com/"),
            ("TELEGRAM_BOT_TOKEN", "1:abc"),
            ("DISCORD_BOT_TOKEN", "xyz"),
            ("DISCORD_GUILD_ID", "42"),
            ("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1/"),
        ])
        .unwrap();
        assert_eq!(config.public_url, "https://tasks.example.com");
        assert!(config.secure_cookies());
        assert_eq!(config.telegram.unwrap().api_url, "https://api.telegram.org");
        assert_eq!(config.discord.unwrap().guild_id, Some(42));
        let openai = config.openai.unwrap();
        assert_eq!(openai.base_url, "http://127.0.0.1:11434/v1");
        assert_eq!(openai.timeout, Duration::from_secs(30));
        assert!(
            load(&[
                DB,
                SECRET,
                ("DISCORD_BOT_TOKEN", "x"),
                ("DISCORD_GUILD_ID", "abc")
            ])
            .is_err()
        );
        assert!(load(&[DB, SECRET, ("PORTAL_BIND", "nowhere")]).is_err());
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
