//! MESSAGE_CREATE: which messages are for the bot, and answering them.
//!
//! Every DM is; in a guild channel only a mention of the bot or a reply to one
//! of its messages is, plus any message carrying a link token, so core can
//! revoke the leaked token. The bot's own messages (Discord echoes them back)
//! and other bots' are never answered.

use std::sync::Arc;

use serenity::all::{ChannelId, Http, Message, MessageType, UserId};
use tasklink_core::{
    chat::{
        self, Inbound, Reply,
        inbox::{self, Queued, Stored, Ticket},
    },
    linking::{self, Platform},
    shutdown::Stop,
};
use tracing::Instrument;

use super::{Bot, render, send::Sender};
use crate::lanes::Shed;

/// Queues the message in its channel's lane and returns at once. In its lane
/// the message is stored in core's inbox first: the gateway never delivers a
/// message again, but a stored one whose turn died with the process is taken
/// again after a restart ([`reclaim_until`]); a message lost before it was
/// stored stays lost.
pub(crate) fn handle(bot: &Arc<Bot>, http: &Arc<Http>, message: Message) {
    let Some(inbound) = addressed(&message, bot.id) else {
        return;
    };
    let queued = Queued {
        inbound,
        reply_to: None,
    };
    let (channel, owner) = (message.channel_id, message.author.id);
    let work = {
        let (bot, http) = (bot.clone(), http.clone());
        async move {
            match inbox::store(&bot.core, &queued).await {
                Ok(Stored::Fresh(ticket)) => answer(bot, http, ticket, queued).await,
                Ok(Stored::Duplicate) => tracing::info!("duplicate delivery ignored"),
                Err(e) => {
                    tracing::error!(error.cause_chain = ?e, "could not store a message");
                    deliver(&bot.sender(&http), channel, &Reply::apology(), owner).await;
                }
            }
        }
    };
    submit(bot, channel, owner, work, http);
}

fn submit(
    bot: &Arc<Bot>,
    channel: ChannelId,
    owner: UserId,
    work: impl Future<Output = ()> + Send + 'static,
    http: &Arc<Http>,
) {
    match bot.lanes.submit(channel, work) {
        Ok(()) => {}
        Err(Shed::Again) => tracing::debug!(%channel, "channel lane full; message shed"),
        Err(Shed::First) => {
            tracing::warn!(%channel, "channel lane full; shedding messages until it empties");
            let (bot, http) = (bot.clone(), http.clone());
            tokio::spawn(async move {
                deliver(&bot.sender(&http), channel, &Reply::text(chat::TOO_FAST), owner).await;
            });
        }
    }
}

/// Takes the stored messages whose holder died into their lanes, now and
/// every half lease, until `stop`.
pub(crate) async fn reclaim_until(bot: Arc<Bot>, http: Arc<Http>, stop: Stop) {
    let mut every = tokio::time::interval(inbox::reclaim_every(&bot.core));
    let mut stopped = std::pin::pin!(stop.requested());
    loop {
        tokio::select! {
            _ = every.tick() => {}
            () = &mut stopped => return,
        }
        let rows = match inbox::reclaim(&bot.core, Platform::Discord, 50).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error.cause_chain = ?e, "looking for unanswered messages failed");
                continue;
            }
        };
        for (ticket, queued) in rows {
            let Some((channel, owner)) = place(&queued) else {
                continue;
            };
            let work = answer(bot.clone(), http.clone(), ticket, queued);
            submit(&bot, channel, owner, work, &http);
        }
    }
}

/// The channel and the author of a stored message.
fn place(queued: &Queued) -> Option<(ChannelId, UserId)> {
    let channel = queued.inbound.chat_id.parse().ok().map(ChannelId::new)?;
    let owner = queued.inbound.account.user_id.parse().ok().map(UserId::new)?;
    Some((channel, owner))
}

/// Handles one held message in its lane and sends the reply.
async fn answer(bot: Arc<Bot>, http: Arc<Http>, ticket: Ticket, queued: Queued) {
    let Some((channel, owner)) = place(&queued) else {
        return;
    };
    let in_guild = !queued.inbound.direct;
    let span = tracing::info_span!(
        "discord.message",
        inbox = ticket.id,
        user = %owner,
        channel = %channel,
        direct = !in_guild,
    );
    async {
        let sender = bot.sender(&http);
        if let Err(e) = channel.broadcast_typing(&http).await {
            tracing::debug!(error.cause_chain = ?e, "typing indicator failed");
        }
        // Boxed, so that a message waiting in its lane holds only its arguments.
        Box::pin(inbox::handle(&bot.core, ticket, queued, async |reply| {
            // A link-related reply to a guild message goes to the sender's DMs,
            // falling back to the channel (it carries no secret) when DMs are closed.
            if reply.only_sender && in_guild {
                match sender.dm_channel(owner).await {
                    Ok(dm) if deliver(&sender, dm, &reply, owner).await => return,
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error.cause_chain = ?e, "cannot open a DM; answering in the channel")
                    }
                }
            }
            deliver(&sender, channel, &reply, owner).await;
        }))
        .await;
    }
    .instrument(span)
    .await;
}

/// Sends every part of the reply to `owner`; `false` (logged) when one could not be sent.
async fn deliver(sender: &Sender<'_>, channel: ChannelId, reply: &chat::Reply, owner: UserId) -> bool {
    for part in render::parts(reply, owner) {
        if let Err(e) = sender.message(channel, &render::message(part)).await {
            tracing::error!(error.cause_chain = ?e, %channel, "reply not delivered");
            return false;
        }
    }
    true
}

/// The core message for `message` when it is addressed to the bot.
pub(crate) fn addressed(message: &Message, bot: UserId) -> Option<Inbound> {
    let from_a_person = !message.author.bot && message.author.id != bot && message.webhook_id.is_none();
    let ordinary = matches!(message.kind, MessageType::Regular | MessageType::InlineReply);
    if !from_a_person || !ordinary {
        return None;
    }
    let direct = message.guild_id.is_none();
    let mentioned = message.mentions.iter().any(|u| u.id == bot) || mentions(&message.content, bot);
    let replied_to = message
        .referenced_message
        .as_ref()
        .is_some_and(|m| m.author.id == bot);
    let leaks_a_token = message.content.split_whitespace().any(linking::looks_like_jwt);
    if !direct && !mentioned && !replied_to && !leaks_a_token {
        return None;
    }
    Some(Inbound {
        account: super::account(&message.author),
        chat_id: message.channel_id.to_string(),
        direct,
        text: strip_mention(&message.content, bot),
        update_id: Some(message.id.to_string()),
        location: None,
    })
}

fn mentions(text: &str, bot: UserId) -> bool {
    text.contains(&format!("<@{bot}>")) || text.contains(&format!("<@!{bot}>"))
}

fn strip_mention(text: &str, bot: UserId) -> String {
    let text = text
        .replace(&format!("<@{bot}>"), " ")
        .replace(&format!("<@!{bot}>"), " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    const BOT: u64 = 900;

    fn user(id: u64, bot: bool) -> Value {
        json!({ "id": id.to_string(), "username": format!("u{id}"), "discriminator": "0", "avatar": null, "bot": bot })
    }

    fn message(content: &str, guild: bool, author: Value, extra: Value) -> Message {
        let mut m = json!({
            "id": "5000", "channel_id": "77", "author": author, "content": content,
            "timestamp": "2025-01-01T00:00:00.000000+00:00", "edited_timestamp": null, "tts": false,
            "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": false, "type": 0,
        });
        if guild {
            m["guild_id"] = json!("42");
        }
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        serde_json::from_value(m).expect("valid message")
    }

    fn bot() -> UserId {
        UserId::new(BOT)
    }

    #[test]
    fn dms_are_private_and_guild_chatter_is_ignored() {
        let dm = addressed(&message("add milk", false, user(1, false), json!({})), bot()).unwrap();
        assert!(dm.direct);
        assert_eq!(dm.text, "add milk");
        assert_eq!(dm.update_id.as_deref(), Some("5000"));
        assert!(addressed(&message("add milk", true, user(1, false), json!({})), bot()).is_none());
    }

    #[test]
    fn guild_mentions_are_stripped_and_not_private() {
        let m = message(
            "<@!900>  add   milk",
            true,
            user(1, false),
            json!({ "mentions": [user(BOT, true)] }),
        );
        let inbound = addressed(&m, bot()).unwrap();
        assert!(!inbound.direct);
        assert_eq!(inbound.text, "add milk");
    }

    #[test]
    fn replies_to_the_bot_count_as_addressed() {
        let original = json!({
            "id": "4000", "channel_id": "77", "author": user(BOT, true), "content": "Your tasks",
            "timestamp": "2025-01-01T00:00:00.000000+00:00", "edited_timestamp": null, "tts": false,
            "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": false, "type": 0,
        });
        let m = message(
            "done 1",
            true,
            user(1, false),
            json!({ "type": 19, "referenced_message": original }),
        );
        assert_eq!(addressed(&m, bot()).unwrap().text, "done 1");
    }

    #[test]
    fn own_and_other_bots_messages_are_ignored() {
        assert!(addressed(&message("hi", false, user(BOT, true), json!({})), bot()).is_none());
        assert!(addressed(&message("<@900> hi", true, user(3, true), json!({})), bot()).is_none());
    }
}
