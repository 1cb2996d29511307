//! The linking dialogue in chat, in one place: spotting a link secret posted
//! where others can read it (and spending it), asking before a deep link links,
//! redeeming, unlinking, and every reply about it.

use super::{Button, ButtonAction, ChatError, Inbound, Reply};
use crate::{
    Core,
    accounts::UserId,
    commands::{self, Command, CommandName},
    linking::{self, LinkError, Linked, Platform, PlatformAccount},
};

/// Answers the message when it is about linking; `None` lets the caller go on.
pub(super) async fn dialogue(
    core: &Core,
    inbound: &Inbound,
    command: Option<&Command>,
    user: Option<UserId>,
) -> Result<Option<Reply>, ChatError> {
    let account = &inbound.account;
    let known = match command {
        Some(Command::Known { name, args }) => Some((*name, args.as_str())),
        _ => None,
    };
    let posts_secret = matches!(known, Some((CommandName::Link | CommandName::Start, args)) if !args.is_empty())
        || inbound.text.split_whitespace().any(linking::looks_like_jwt);
    if posts_secret && !inbound.direct {
        return refuse_public_secret(core, &inbound.text).await.map(Some);
    }
    let portal = &core.config.public_url;
    let reply = match (known, user) {
        (Some((CommandName::Start, code)), _) if !code.is_empty() => ask(core, account, code).await?,
        (Some((CommandName::Link, token)), _) if !token.is_empty() => {
            let outcome = linking::redeem_token(&core.db, &core.tokens, token, account).await;
            linked(core, account, outcome)?
        }
        (Some((CommandName::Link, _)), _) => Reply::only_sender(format!(
            "Send /link followed by the token from {portal}/app. Tokens last 10 minutes and work once."
        )),
        (Some((CommandName::Unlink, _)), Some(_)) => {
            linking::unlink_account(&core.db, account.platform, &account.user_id).await?;
            Reply::only_sender(format!(
                "This {} account is no longer linked. Your tasks are safe on the portal: {portal}",
                account.platform.display_name(),
            ))
        }
        (Some((CommandName::Start, _)), Some(_)) => Reply::text(format!(
            "Welcome back!\n\n{}",
            commands::help(account.platform.into())
        )),
        _ => return Ok(None),
    };
    Ok(Some(reply))
}

/// The answer to everything from an account that is not linked.
pub(super) fn unlinked(core: &Core, platform: Platform) -> Reply {
    Reply::only_sender(format!(
        "Hi! This {} account isn't linked to Tasklink yet. Sign up or log in at {}, choose “Link a chat account”, \
and send me the /link command it shows.",
        platform.display_name(),
        core.config.public_url
    ))
}

/// A deep link links nothing by itself: someone may have sent it to capture
/// this person's chat. Name the account it would join and ask.
async fn ask(core: &Core, account: &PlatformAccount, code: &str) -> Result<Reply, ChatError> {
    let email = match linking::peek_code(&core.db, code).await {
        Ok(email) => email,
        Err(e) => return linked(core, account, Err(e)),
    };
    Ok(Reply {
        text: format!(
            "Link this {} account to the Tasklink account {}? Only say yes if that is your account: \
whoever owns it will see what you add here.",
            account.platform.display_name(),
            mask_email(&email)
        ),
        buttons: vec![
            Button {
                label: "🔗 Link".into(),
                action: ButtonAction::Link(code.to_owned()),
            },
            Button {
                label: "Cancel".into(),
                action: ButtonAction::CancelLink(code.to_owned()),
            },
        ],
        only_sender: true,
        ask: Default::default(),
    })
}

/// The Link or Cancel button under the question.
pub(super) async fn answer(
    core: &Core,
    account: &PlatformAccount,
    code: &str,
    confirmed: bool,
) -> Result<Reply, ChatError> {
    if confirmed {
        let outcome = linking::redeem_code(&core.db, code, account).await;
        return linked(core, account, outcome);
    }
    linking::revoke(&core.db, &core.tokens, code).await?;
    Ok(Reply::only_sender(
        "Cancelled: nothing was linked, and that link no longer works.",
    ))
}

fn linked(
    core: &Core,
    account: &PlatformAccount,
    outcome: Result<Linked, LinkError>,
) -> Result<Reply, ChatError> {
    let portal = &core.config.public_url;
    let platform = account.platform.display_name();
    let text = match outcome {
        Ok(Linked::New(_)) => format!(
            "Linked! This {platform} account now shares your Tasklink list.\n\n{}",
            commands::help(account.platform.into())
        ),
        Ok(Linked::Already(_)) => "This account was already linked to you; nothing changed.".to_owned(),
        Err(LinkError::Database(e)) => return Err(e.into()),
        Err(LinkError::LinkedElsewhere) => format!(
            "This {platform} account is already linked to another Tasklink account. Send /unlink from it first \
(or unlink it on the portal), then try again."
        ),
        Err(e @ (LinkError::Expired | LinkError::AlreadyUsed | LinkError::Invalid)) => {
            format!("Sorry, {e}. Get a fresh one at {portal}/app (tokens last 10 minutes and work once).")
        }
    };
    Ok(Reply::only_sender(text))
}

/// A link token posted where others can read it: spend it so nobody else can.
async fn refuse_public_secret(core: &Core, text: &str) -> Result<Reply, ChatError> {
    for word in text.split_whitespace() {
        linking::revoke(&core.db, &core.tokens, word).await?;
    }
    Ok(Reply::only_sender(format!(
        "Link tokens must only be sent to me in a private chat. That token is now revoked; get a new one at {}/app \
and send it to me directly.",
        core.config.public_url
    )))
}

/// `ada@example.com` → `a•••@example.com`: enough to recognise one's own account.
fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first: String = local.chars().take(1).collect();
    format!("{first}•••@{domain}")
}

#[cfg(test)]
mod tests {
    use super::mask_email;

    #[test]
    fn emails_are_masked() {
        assert_eq!(mask_email("ada@example.com"), "a•••@example.com");
        assert_eq!(mask_email("é@x.org"), "é•••@x.org");
    }
}
