//! INTERACTION_CREATE: slash commands and the "complete" buttons.
//!
//! Discord wants the first answer within 3 seconds. Work that finishes within
//! `Settings::defer_after` is answered directly; slower work is deferred first
//! and its answer then replaces the placeholder.

use std::future::Future;

use serenity::all::{
    CommandInteraction, ComponentInteraction, CreateInteractionResponse, CreateInteractionResponseMessage,
    Http, Interaction, InteractionId, UserId,
};
use tasklink_core::chat::{self, Inbound, Reply};
use tracing::Instrument;

use super::{Bot, render, send::Sender};

pub(crate) async fn handle(bot: &Bot, http: &Http, interaction: Interaction) {
    match interaction {
        Interaction::Command(command) => {
            let span = tracing::info_span!(
                "discord.command",
                interaction = %command.id,
                command = %command.data.name,
                user = %command.user.id,
                channel = %command.channel_id,
            );
            slash_command(bot, &bot.sender(http), &command)
                .instrument(span)
                .await;
        }
        Interaction::Component(press) => {
            let span = tracing::info_span!(
                "discord.button",
                interaction = %press.id,
                custom_id = %press.data.custom_id,
                user = %press.user.id,
                channel = %press.channel_id,
            );
            button(bot, &bot.sender(http), &press).instrument(span).await;
        }
        _ => {}
    }
}

/// What became of the work by the time Discord needed an answer.
enum Answer<T, F> {
    InTime(T),
    Late(F),
}

async fn within<F: Future + Unpin>(bot: &Bot, mut work: F) -> Answer<F::Output, F> {
    match tokio::time::timeout(bot.settings.defer_after, &mut work).await {
        Ok(done) => Answer::InTime(done),
        Err(_) => Answer::Late(work),
    }
}

/// The interaction being answered, and the user the answer is for.
#[derive(Clone, Copy)]
struct Target<'a> {
    id: InteractionId,
    token: &'a str,
    user: UserId,
}

async fn slash_command(bot: &Bot, sender: &Sender<'_>, command: &CommandInteraction) {
    let target = Target {
        id: command.id,
        token: &command.token,
        user: command.user.id,
    };
    let Some(text) = super::commands::to_text(&command.data) else {
        answer(
            sender,
            target,
            Reply::only_sender("I don't know that command. Try /help."),
        )
        .await;
        return;
    };
    // Interaction answers to link commands are ephemeral, so the token is safe here.
    let inbound = Inbound {
        account: super::account(&command.user),
        chat_id: command.channel_id.to_string(),
        direct: true,
        text,
        update_id: Some(command.id.to_string()),
        location: None,
    };
    match within(bot, Box::pin(chat::respond(&bot.core, inbound))).await {
        Answer::InTime(reply) => {
            if let Some(reply) = reply {
                answer(sender, target, reply).await;
            }
        }
        Answer::Late(work) => {
            // Whether the answer will be private is known only later; for other
            // commands it can only be the not-linked note or an apology, no secret.
            let ephemeral = super::commands::is_link_related(&command.data.name);
            let defer = CreateInteractionResponse::Defer(
                CreateInteractionResponseMessage::new().ephemeral(ephemeral),
            );
            if let Err(e) = sender.respond(command.id, &command.token, &defer).await {
                tracing::error!(error.cause_chain = ?e, "cannot defer the interaction");
                return;
            }
            if let Some(reply) = work.await {
                replace_placeholder(sender, target, reply).await;
            }
        }
    }
}

async fn button(bot: &Bot, sender: &Sender<'_>, press: &ComponentInteraction) {
    let target = Target {
        id: press.id,
        token: &press.token,
        user: press.user.id,
    };
    let Some((data, owner)) = render::parse_button(&press.data.custom_id) else {
        answer(
            sender,
            target,
            Reply::only_sender("That button is no longer valid. Send /tasks for a fresh list."),
        )
        .await;
        return;
    };
    if owner != press.user.id {
        let note = Reply::only_sender("These buttons belong to someone else. Send /tasks to see yours.");
        answer(sender, target, note).await;
        return;
    }
    let account = super::account(&press.user);
    let work = Box::pin(chat::press(&bot.core, &account, data));
    match within(bot, work).await {
        Answer::InTime(reply) => {
            if reply.only_sender {
                // e.g. the account was unlinked meanwhile: tell only the presser, leave the list alone.
                answer(sender, target, reply).await;
            } else {
                update_list(sender, target, reply).await;
            }
        }
        Answer::Late(work) => {
            // DEFERRED_UPDATE_MESSAGE: the list stays as it is until edited below.
            let ack = CreateInteractionResponse::Acknowledge;
            if let Err(e) = sender.respond(press.id, &press.token, &ack).await {
                tracing::error!(error.cause_chain = ?e, "cannot defer the button press");
                return;
            }
            let reply = work.await;
            if reply.only_sender {
                send_rest(sender, target, render::parts(&reply, target.user), true).await;
            } else {
                replace_placeholder(sender, target, reply).await;
            }
        }
    }
}

/// CHANNEL_MESSAGE_WITH_SOURCE, then follow-ups for the rest of a long reply.
async fn answer(sender: &Sender<'_>, target: Target<'_>, reply: Reply) {
    let ephemeral = reply.only_sender;
    let mut parts = render::parts(&reply, target.user).into_iter();
    let first = parts.next().unwrap_or_default();
    let response = CreateInteractionResponse::Message(render::interaction_message(first, ephemeral));
    if let Err(e) = sender.respond(target.id, target.token, &response).await {
        tracing::error!(error.cause_chain = ?e, "cannot answer the interaction");
        return;
    }
    send_rest(sender, target, parts.collect(), ephemeral).await;
}

/// UPDATE_MESSAGE: the pressed list becomes the refreshed one.
async fn update_list(sender: &Sender<'_>, target: Target<'_>, reply: Reply) {
    let mut parts = render::parts(&reply, target.user).into_iter();
    let first = parts.next().unwrap_or_default();
    let update = CreateInteractionResponse::UpdateMessage(render::interaction_message(first, false));
    if let Err(e) = sender.respond(target.id, target.token, &update).await {
        tracing::error!(error.cause_chain = ?e, "cannot update the task list");
        return;
    }
    send_rest(sender, target, parts.collect(), false).await;
}

/// Edits the deferred placeholder into the first part, then follows up.
async fn replace_placeholder(sender: &Sender<'_>, target: Target<'_>, reply: Reply) {
    let mut parts = render::parts(&reply, target.user).into_iter();
    let first = parts.next().unwrap_or_default();
    if let Err(e) = sender.edit_original(target.token, &render::edit(first)).await {
        tracing::error!(error.cause_chain = ?e, "cannot edit the deferred answer");
        return;
    }
    send_rest(sender, target, parts.collect(), reply.only_sender).await;
}

async fn send_rest(sender: &Sender<'_>, target: Target<'_>, parts: Vec<render::Part>, ephemeral: bool) {
    for part in parts {
        if let Err(e) = sender
            .followup(target.token, &render::followup(part, ephemeral))
            .await
        {
            tracing::error!(error.cause_chain = ?e, "follow-up not delivered");
            return;
        }
    }
}
