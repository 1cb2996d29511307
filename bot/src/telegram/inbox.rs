//! Telegram messages through core's inbox (`chat::inbox`): each message for
//! the bot is stored before Telegram can consider it received, then handled
//! in its chat's lane from the stored row.
//!
//! Long polling confirms a batch when the next `getUpdates` passes a higher
//! offset, which teloxide's `Polling` sends when the stream is polled again:
//! [`Durable`] stores each update before yielding it, so the next request
//! waits until the batch is durable. The webhook answers 200 only after the
//! row is stored (see `webhook`). Rows whose holder died are taken again by
//! [`Intake::reclaim_until`], at start and then twice per lease.

use std::{sync::Arc, time::Duration};

use futures::{StreamExt, stream::BoxStream};
use tasklink_core::{
    Core,
    agent::Held,
    chat::{
        self, Reply,
        inbox::{self, Finisher, Queued, Stored, Ticket},
    },
    commands::{Command, Surface},
    linking::Platform,
    shutdown::Stop,
};
use teloxide::{
    prelude::*,
    stop::StopToken,
    types::{AllowedUpdate, Me, MessageId, UpdateKind},
    update_listeners::{AsUpdateStream, UpdateListener},
};
use tracing::Instrument;

use super::{handlers, send};
use crate::lanes::{Lanes, Shed};

/// Rows taken per look for lapsed ones.
const RECLAIM_BATCH: i64 = 50;
/// Longest pause between tries to store an update while the database fails.
const MAX_STORE_BACKOFF: Duration = Duration::from_secs(5);

/// Where Telegram messages go in: the inbox, then the chat's lane.
#[derive(Clone)]
pub(crate) struct Intake {
    core: Core,
    bot: Bot,
    me: Me,
    lanes: Arc<Lanes<ChatId>>,
    /// The poller stores one update at a time, on a connection it keeps
    /// (no ping per update; concurrent webhook requests borrow others).
    held: Arc<Held>,
    /// Marks answered rows done, batched.
    finisher: Finisher,
}

impl Intake {
    pub(crate) fn new(core: Core, bot: Bot, me: Me, lanes: Arc<Lanes<ChatId>>) -> Self {
        Self {
            held: Arc::new(Held::new(&core.db)),
            finisher: Finisher::start(&core),
            core,
            bot,
            me,
            lanes,
        }
    }

    /// Waits until every answered row is marked done (before shutting down).
    pub(crate) async fn flushed(&self) {
        self.finisher.flushed().await;
    }

    /// Takes a message for the bot into the inbox and its lane; returns the
    /// update when it is for the dispatcher instead (button presses). Messages
    /// not for the bot, and second deliveries, are dropped.
    pub(crate) async fn try_keep(&self, update: Update) -> Result<Option<Update>, sqlx::Error> {
        let UpdateKind::Message(msg) = &update.kind else {
            return Ok(Some(update));
        };
        let Some(queued) = handlers::queued(&self.me, msg) else {
            return Ok(None);
        };
        let stored = inbox::store_on(&self.core, &mut *self.held.get().await?, &queued).await;
        if stored.is_err() {
            // A broken connection is not kept.
            self.held.release();
        }
        match stored? {
            Stored::Fresh(ticket) => self.submit(ticket, queued),
            Stored::Duplicate => tracing::info!(
                delivery = queued.inbound.update_id.as_deref(),
                "duplicate delivery ignored"
            ),
        }
        Ok(None)
    }

    /// As [`try_keep`](Self::try_keep), trying until the database takes the
    /// update: the poller asks for no more (and so confirms nothing) meanwhile.
    async fn keep(&self, update: Update) -> Option<Update> {
        let mut backoff = Duration::from_millis(100);
        loop {
            match self.try_keep(update.clone()).await {
                Ok(forward) => return forward,
                Err(error) if inbox::refused_for_good(&error) => {
                    // Holding the poller for it would stall every chat for good.
                    tracing::error!(error.cause_chain = ?error, "the database refuses an update; dropping it");
                    return None;
                }
                Err(error) => {
                    tracing::warn!(error.cause_chain = ?error, ?backoff, "could not store an update; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_STORE_BACKOFF);
                }
            }
        }
    }

    /// Queues a held row in its chat's lane. A row shed from a full lane is
    /// done (the person is told once to send again).
    fn submit(&self, ticket: Ticket, queued: Queued) {
        let Ok(chat) = queued.inbound.chat_id.parse().map(ChatId) else {
            tracing::error!(inbox = ticket.id, "stored message has no Telegram chat");
            return;
        };
        let span = tracing::info_span!(
            "telegram_message",
            platform = "telegram",
            chat = chat.0,
            inbox = ticket.id
        );
        let work = answer(
            self.bot.clone(),
            self.core.clone(),
            self.finisher.clone(),
            ticket,
            queued,
            chat,
        )
        .instrument(span);
        let shed = match self.lanes.submit(chat, work) {
            Ok(()) => return,
            Err(shed) => shed,
        };
        let (bot, core) = (self.bot.clone(), self.core.clone());
        tokio::spawn(async move {
            if let Err(error) = inbox::finish(&core, ticket).await {
                tracing::warn!(error.cause_chain = ?error, "could not mark a shed message done");
            }
            match shed {
                Shed::Again => tracing::debug!(chat = chat.0, "chat lane full; message shed"),
                Shed::First => {
                    tracing::warn!(
                        chat = chat.0,
                        "chat lane full; shedding messages until it empties"
                    );
                    send::deliver(&bot, chat, &Reply::text(chat::TOO_FAST), None).await;
                }
            }
        });
    }

    /// Takes the rows whose holder died (lease lapsed) into their lanes, now
    /// and every half lease, until `stop`.
    pub(crate) async fn reclaim_until(&self, stop: Stop) {
        let mut every = tokio::time::interval(inbox::reclaim_every(&self.core));
        let mut stopped = std::pin::pin!(stop.requested());
        loop {
            tokio::select! {
                _ = every.tick() => {}
                () = &mut stopped => return,
            }
            match inbox::reclaim(&self.core, Platform::Telegram, RECLAIM_BATCH).await {
                Ok(rows) => {
                    for (ticket, queued) in rows {
                        self.submit(ticket, queued);
                    }
                }
                Err(error) => {
                    tracing::warn!(error.cause_chain = ?error, "looking for unanswered messages failed")
                }
            }
        }
    }
}

/// Handles one held row in its lane and sends the reply.
async fn answer(bot: Bot, core: Core, finisher: Finisher, ticket: Ticket, queued: Queued, chat: ChatId) {
    // Telegram cannot show a message to one member of a group only, so a
    // private reply in a group is posted there quoting the sender; linking
    // replies carry no secret.
    let reply_to = queued
        .reply_to
        .as_deref()
        .and_then(|id| id.parse().ok())
        .map(MessageId);
    // Only free text goes to the agent, the one step slow enough to show "typing…".
    let free_text = Command::parse(&queued.inbound.text, Surface::Telegram).is_none();
    let handled = inbox::handle_then(&core, ticket, queued, Some(&finisher), |reply| {
        let bot = bot.clone();
        async move { send::deliver(&bot, chat, &reply, reply_to).await }
    });
    if free_text {
        send::while_typing(&bot, chat, handled).await;
    } else {
        handled.await;
    }
}

/// An update listener that stores every message for the bot before the next
/// update is asked for, and passes on only what the dispatcher handles.
pub(crate) struct Durable<L> {
    inner: L,
    intake: Intake,
}

impl<L> Durable<L> {
    pub(crate) fn new(inner: L, intake: Intake) -> Self {
        Self { inner, intake }
    }
}

impl<'a, L> AsUpdateStream<'a> for Durable<L>
where
    L: UpdateListener + 'a,
    L::Err: Send + 'a,
{
    type StreamErr = L::Err;
    type Stream = BoxStream<'a, Result<Update, L::Err>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let intake = &self.intake;
        self.inner
            .as_stream()
            .then(move |item| async move {
                match item {
                    Ok(update) => intake.keep(update).await.map(Ok),
                    Err(error) => Some(Err(error)),
                }
            })
            .filter_map(std::future::ready)
            .boxed()
    }
}

impl<L> UpdateListener for Durable<L>
where
    L: UpdateListener + 'static,
    L::Err: Send,
{
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.inner.stop_token()
    }

    /// The dispatcher hints only what its handlers take (button presses):
    /// messages, which never reach it, are asked for too.
    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        let mut allowed: Vec<AllowedUpdate> = hint.collect();
        if !allowed.contains(&AllowedUpdate::Message) {
            allowed.push(AllowedUpdate::Message);
        }
        self.inner.hint_allowed_updates(&mut allowed.into_iter());
    }
}
