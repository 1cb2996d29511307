//! The update handler tree: which Telegram updates reach core, as what
//! [`Inbound`], and where the answer goes. Deciding what a message means is
//! core's job; this module only decides whether it is addressed to the bot.

use std::convert::Infallible;

use tasklink_core::{
    Core,
    chat::{self, Inbound, inbox::Queued},
    linking::{self, Platform, PlatformAccount},
};
use teloxide::{
    dispatching::UpdateHandler,
    prelude::*,
    types::{Me, MessageEntityKind, User},
};
use tracing::Instrument;

use super::send;

/// The updates the dispatcher acts on: presses of the bot's buttons.
/// Messages never reach it: they go through the inbox (see `super::inbox`).
/// Handlers never fail: whatever goes wrong is logged and, where possible,
/// answered with an apology.
pub fn schema() -> UpdateHandler<Infallible> {
    dptree::entry().branch(Update::filter_callback_query().endpoint(on_button))
}

async fn on_button(bot: Bot, core: Core, update: Update, query: CallbackQuery) -> Result<(), Infallible> {
    let chat = query.message.as_ref().map(|m| m.chat().id);
    let span = tracing::info_span!(
        "telegram_update",
        platform = "telegram",
        chat = chat.map(|c| c.0),
        update = update.id.0
    );
    async move {
        let notice = press_button(&bot, &core, &query).await;
        let mut answer = bot.answer_callback_query(query.id.clone());
        if let Some(text) = notice {
            answer = answer.text(text).show_alert(true);
        }
        if let Err(error) = send::retrying("answerCallbackQuery", || answer.clone().send()).await {
            tracing::warn!(error.cause_chain = ?error, "could not answer a button press");
        }
    }
    .instrument(span)
    .await;
    Ok(())
}

/// Completes the task and refreshes the list message; returns a notice for
/// the presser when the press was refused.
async fn press_button(bot: &Bot, core: &Core, query: &CallbackQuery) -> Option<&'static str> {
    let message = query.regular_message();
    // In a group, the list answers someone's /tasks (the bot quotes it): only
    // that person may press its buttons, or a stranger would complete their
    // own task of the same number and post their list to the group.
    if let Some(message) = message
        && !message.chat.is_private()
        && message
            .reply_to_message()
            .and_then(|m| m.from.as_ref())
            .map(|u| u.id)
            != Some(query.from.id)
    {
        return Some("These buttons belong to someone else's list. Send /tasks for yours.");
    }
    // A private chat is its person's (its id is theirs): buttons under a
    // reminder there are for nobody else.
    if let Some(message) = message
        && message.chat.is_private()
        && message.chat.id.0 != query.from.id.0 as i64
    {
        return Some("These buttons belong to someone else. Send /tasks for yours.");
    }
    let reply = chat::press(
        core,
        &account(&query.from),
        query.data.as_deref().unwrap_or_default(),
    )
    .await;
    match message {
        Some(message) => send::replace(bot, message.chat.id, message.id, &reply).await,
        // The message is too old to edit: answer in the presser's private chat.
        None => send::deliver(bot, query.from.id.into(), &reply, None).await,
    }
    None
}

/// The message as the inbox stores it, or `None` when it is not for the bot
/// (see [`inbound`]). In groups the answer quotes it.
pub(crate) fn queued(me: &Me, msg: &Message) -> Option<Queued> {
    Some(Queued {
        inbound: inbound(me, msg)?,
        reply_to: (!msg.chat.is_private()).then(|| msg.id.0.to_string()),
    })
}

/// The message as core sees it, or `None` when it is not for the bot: in
/// private chats everything is; in groups only commands (bare or
/// `/cmd@this_bot`), mentions of the bot (removed from the text), replies to
/// its messages, and link tokens, so that core can revoke them. Messages
/// from bots and messages without text are not, except a location shared in
/// a private chat (its text is empty).
pub(crate) fn inbound(me: &Me, msg: &Message) -> Option<Inbound> {
    let from = msg.from.as_ref().filter(|u| !u.is_bot)?;
    let shared_location = msg.location().is_some() && msg.chat.is_private();
    let text = msg.text().or(shared_location.then_some(""))?;
    let username = me.user.username.as_deref().unwrap_or_default();
    let entities = msg.parse_entities().unwrap_or_default();
    let is_me = |name: &str| !username.is_empty() && name.eq_ignore_ascii_case(username);

    let mentions: Vec<_> = entities
        .iter()
        .filter(|e| *e.kind() == MessageEntityKind::Mention && is_me(e.text().trim_start_matches('@')))
        .collect();
    let direct = msg.chat.is_private();
    let addressed = direct
        || !mentions.is_empty()
        || entities.iter().any(|e| {
            *e.kind() == MessageEntityKind::BotCommand
                && e.start() == 0
                && e.text().split_once('@').is_none_or(|(_, bot)| is_me(bot))
        })
        || msg
            .reply_to_message()
            .and_then(|m| m.from.as_ref())
            .is_some_and(|u| u.id == me.user.id)
        // A link token pasted into a group goes to core too, which revokes it.
        || text.split_whitespace().any(linking::looks_like_jwt);
    if !addressed {
        return None;
    }

    let mut stripped = String::with_capacity(text.len());
    let mut at = 0;
    for mention in &mentions {
        stripped.push_str(&text[at..mention.start()]);
        at = mention.end();
    }
    stripped.push_str(&text[at..]);
    Some(Inbound {
        account: account(from),
        chat_id: msg.chat.id.0.to_string(),
        direct,
        text: stripped.split_whitespace().collect::<Vec<_>>().join(" "),
        // Message ids never repeat within a chat, whereas update ids restart
        // at a random value after a week without updates.
        update_id: Some(format!("{}:{}", msg.chat.id.0, msg.id.0)),
        location: msg
            .location()
            .filter(|_| shared_location)
            .map(|at| chat::Location {
                latitude: at.latitude,
                longitude: at.longitude,
            }),
    })
}

fn account(user: &User) -> PlatformAccount {
    PlatformAccount {
        platform: Platform::Telegram,
        user_id: user.id.0.to_string(),
        username: user.username.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    const BOT_ID: u64 = 4242;

    fn me() -> Me {
        serde_json::from_value(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Tasklink", "username": "tasklink_bot",
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        }))
        .unwrap()
    }

    fn message(chat: Value, text: &str, entities: Value, reply_from: Option<u64>) -> Message {
        let mut m = json!({
            "message_id": 7, "date": 1_700_000_000, "chat": chat,
            "from": {"id": 1, "is_bot": false, "first_name": "Ada", "username": "ada"},
            "text": text, "entities": entities,
        });
        if let Some(id) = reply_from {
            m["reply_to_message"] = json!({
                "message_id": 6, "date": 1_700_000_000, "chat": chat,
                "from": {"id": id, "is_bot": id == BOT_ID, "first_name": "X"}, "text": "earlier"
            });
        }
        serde_json::from_value(m).unwrap()
    }

    fn group(text: &str, entities: Value) -> Message {
        message(
            json!({"id": -100, "type": "group", "title": "Team"}),
            text,
            entities,
            None,
        )
    }

    fn entity(kind: &str, offset: usize, length: usize) -> Value {
        json!({"type": kind, "offset": offset, "length": length})
    }

    #[test]
    fn private_messages_are_always_for_the_bot() {
        let msg = message(
            json!({"id": 1, "type": "private", "first_name": "Ada"}),
            "buy  milk",
            json!([]),
            None,
        );
        let inbound = inbound(&me(), &msg).unwrap();
        assert!(inbound.direct);
        assert_eq!(inbound.text, "buy milk");
        assert_eq!(inbound.chat_id, "1");
        assert_eq!(inbound.account.user_id, "1");
        assert_eq!(inbound.update_id.as_deref(), Some("1:7"));
    }

    #[test]
    fn groups_only_pass_what_is_addressed_to_the_bot() {
        let me = me();
        assert!(inbound(&me, &group("just chatting", json!([]))).is_none());
        assert!(
            inbound(
                &me,
                &group("/tasks@other_bot", json!([entity("bot_command", 0, 16)]))
            )
            .is_none()
        );
        assert!(inbound(&me, &group("hi @someone", json!([entity("mention", 3, 8)]))).is_none());

        let bare = inbound(&me, &group("/tasks", json!([entity("bot_command", 0, 6)]))).unwrap();
        assert!(!bare.direct);
        assert_eq!(bare.text, "/tasks");
        let addressed = inbound(
            &me,
            &group("/tasks@TaskLink_Bot", json!([entity("bot_command", 0, 19)])),
        );
        assert_eq!(addressed.unwrap().text, "/tasks@TaskLink_Bot");

        let mention = group("@tasklink_bot add buy milk", json!([entity("mention", 0, 13)]));
        assert_eq!(inbound(&me, &mention).unwrap().text, "add buy milk");
        let reply = message(
            json!({"id": -100, "type": "group", "title": "Team"}),
            "done 1",
            json!([]),
            Some(BOT_ID),
        );
        assert_eq!(inbound(&me, &reply).unwrap().text, "done 1");
        let reply_to_someone = message(
            json!({"id": -100, "type": "group", "title": "Team"}),
            "ok",
            json!([]),
            Some(9),
        );
        assert!(inbound(&me, &reply_to_someone).is_none());
    }

    #[test]
    fn mention_offsets_are_utf16() {
        // "🎉 " is three UTF-16 units.
        let msg = group(
            "🎉 @tasklink_bot what's pending?",
            json!([entity("mention", 3, 13)]),
        );
        assert_eq!(inbound(&me(), &msg).unwrap().text, "🎉 what's pending?");
    }
}
