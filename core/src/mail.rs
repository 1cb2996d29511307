//! E-mail over SMTP (`SMTP_URL`, `SMTP_FROM`), for password resets.

use std::time::Duration;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use secrecy::ExposeSecret;
use url::Url;

use crate::config::SmtpConfig;

/// One delivery attempt's bound: connect, TLS, the whole SMTP dialogue.
const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("not a mail address: {0}")]
    Address(#[source] lettre::address::AddressError),
    #[error("cannot build the message: {0}")]
    Build(#[source] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[source] lettre::transport::smtp::Error),
}

/// Sends one plain-text message.
pub async fn send(config: &SmtpConfig, to: &str, subject: &str, body: String) -> Result<(), MailError> {
    let message = Message::builder()
        .from(config.from.parse::<Mailbox>().map_err(MailError::Address)?)
        .to(to.parse::<Mailbox>().map_err(MailError::Address)?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(MailError::Build)?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&connection_url(config))
        .map_err(MailError::Smtp)?
        .timeout(Some(TIMEOUT))
        .build();
    transport.send(message).await.map_err(MailError::Smtp)?;
    Ok(())
}

/// `SMTP_URL` as lettre reads it, except that an `smtp://` URL with a user
/// name and no `tls=` asks for STARTTLS (`tls=required`): lettre would
/// otherwise talk in the clear and send the password that way. `smtps://` is
/// TLS from the start; `?tls=opportunistic` or a URL without credentials (a
/// relay on the same host) keep lettre's meaning.
fn connection_url(config: &SmtpConfig) -> String {
    let raw = config.url.expose_secret();
    let Ok(mut url) = Url::parse(raw) else {
        return raw.to_owned();
    };
    let has_tls = url.query_pairs().any(|(k, _)| k == "tls");
    if url.scheme() == "smtp" && !url.username().is_empty() && !has_tls {
        url.query_pairs_mut().append_pair("tls", "required");
    }
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_of(raw: &str) -> String {
        connection_url(&SmtpConfig {
            url: raw.to_owned().into(),
            from: "Tasklink <tasks@example.com>".into(),
        })
    }

    #[test]
    fn credentials_over_smtp_ask_for_starttls() {
        assert_eq!(
            url_of("smtp://user:pass@mail.example.com:587"),
            "smtp://user:pass@mail.example.com:587?tls=required"
        );
        assert_eq!(url_of("smtp://127.0.0.1:2525"), "smtp://127.0.0.1:2525");
        assert_eq!(
            url_of("smtp://u:p@mail.example.com?tls=opportunistic"),
            "smtp://u:p@mail.example.com?tls=opportunistic"
        );
        assert_eq!(
            url_of("smtps://u:p@mail.example.com"),
            "smtps://u:p@mail.example.com"
        );
    }
}
