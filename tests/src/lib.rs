//! Test support: a database per test, and local stand-ins that speak the wire
//! formats of the services we cannot reach from here (OpenAI, Telegram, Discord,
//! an SMTP server).

pub mod fake_discord;
pub mod fake_openai;
pub mod fake_smtp;
pub mod fake_telegram;
pub mod helpers;
pub mod pg_proxy;
pub mod private_pg;
pub mod serve;
pub mod webdriver;
