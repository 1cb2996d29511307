//! Telegram messages through core's inbox (`chat::inbox`): each message for
//! the bot is stored before Telegram can consider it received, then handled
//! in its chat's lane from the stored row.
//!
//! Long polling confirms a batch when the next `getUpdates` passes a higher
//! offset: our poller (`super::polling`) stores the whole batch in one
//! statement ([`Intake::keep_all`]) before it asks again. The webhook answers 200 only after the
//! row is stored (see `webhook`). Rows whose holder died are taken again by
//! [`Intake::reclaim_until`], at start and then twice per lease.

use std::{sync::Arc, time::Duration};

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
    types::{Me, MessageId, UpdateKind},
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::Instrument;

use super::{handlers, send};
use crate::lanes::{Lanes, Shed};

/// Rows taken per look for lapsed ones.
const RECLAIM_BATCH: i64 = 50;
/// Longest pause between tries to store an update while the database fails.
const MAX_STORE_BACKOFF: Duration = Duration::from_secs(5);
/// Polled messages being handled at most: with more, the poller waits
/// before it stores (and so before it asks for, and confirms) the next
/// batch. A batch is taken in at once, so without this a burst puts every
/// waiting message in memory and on the pool together.
const MAX_IN_FLIGHT: usize = 256;

/// Where Telegram messages go in: the inbox, then the chat's lane.
#[derive(Clone)]
pub(crate) struct Intake {
    core: Core,
    bot: Bot,
    me: Me,
    lanes: Arc<Lanes<ChatId>>,
    /// The poller stores each batch on a connection it keeps (no ping per
    /// batch; concurrent webhook requests borrow others).
    held: Arc<Held>,
    /// Marks answered rows done, batched.
    finisher: Finisher,
    /// A permit per polled message being handled (see [`MAX_IN_FLIGHT`]).
    in_flight: Arc<Semaphore>,
}

impl Intake {
    pub(crate) fn new(core: Core, bot: Bot, me: Me, lanes: Arc<Lanes<ChatId>>) -> Self {
        Self {
            held: Arc::new(Held::new(&core.db)),
            finisher: Finisher::start(&core),
            in_flight: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
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
        self.try_store(queued).await?;
        Ok(None)
    }

    /// Stores one message and queues it in its lane (unless it came before).
    async fn try_store(&self, queued: Queued) -> Result<(), sqlx::Error> {
        let stored = inbox::store_on(&self.core, &mut *self.held.get().await?, &queued).await;
        if stored.is_err() {
            // A broken connection is not kept.
            self.held.release();
        }
        self.queue(stored?, queued, None);
        Ok(())
    }

    fn queue(&self, stored: Stored, queued: Queued, permit: Option<OwnedSemaphorePermit>) {
        match stored {
            Stored::Fresh(ticket) => self.submit(ticket, queued, permit),
            Stored::Duplicate => tracing::info!(
                delivery = queued.inbound.update_id.as_deref(),
                "duplicate delivery ignored"
            ),
        }
    }

    /// Takes a whole `getUpdates` answer: its messages for the bot stored in
    /// one statement (one commit) and queued in their lanes, trying until the
    /// database takes them, so the poller asks for no more (and so confirms
    /// nothing) meanwhile. Returns the updates for the dispatcher (button
    /// presses), in order.
    pub(crate) async fn keep_all(&self, updates: Vec<Update>) -> Vec<Update> {
        let mut forward = Vec::new();
        let mut batch = Vec::new();
        for update in updates {
            match &update.kind {
                UpdateKind::Message(msg) => batch.extend(handlers::queued(&self.me, msg)),
                _ => forward.push(update),
            }
        }
        // Waits (not storing, so not confirming) while too many are handled.
        let permits = u32::try_from(batch.len().min(MAX_IN_FLIGHT)).unwrap_or(0);
        let mut permits = self.in_flight.clone().acquire_many_owned(permits).await.ok();
        let mut backoff = Duration::from_millis(100);
        while !batch.is_empty() {
            let stored = match self.held.get().await {
                Ok(mut conn) => inbox::store_all_on(&self.core, &mut *conn, Platform::Telegram, &batch).await,
                Err(error) => Err(error),
            };
            match stored {
                Ok(stored) => {
                    for (stored, queued) in stored.into_iter().zip(batch.drain(..)) {
                        let permit = permits.as_mut().and_then(|p| p.split(1));
                        self.queue(stored, queued, permit);
                    }
                }
                Err(error) if inbox::refused_for_good(&error) => {
                    // One message the database refuses: the others are stored
                    // one by one, and only that one is dropped.
                    tracing::warn!(error.cause_chain = ?error, messages = batch.len(), "the database refuses a batch of updates; storing them one by one");
                    for queued in batch.drain(..) {
                        self.keep(queued).await;
                    }
                }
                Err(error) => {
                    self.held.release();
                    tracing::warn!(error.cause_chain = ?error, ?backoff, messages = batch.len(), "could not store updates; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_STORE_BACKOFF);
                }
            }
        }
        forward
    }

    /// As [`try_store`](Self::try_store), trying until the database takes
    /// the message or refuses it for good.
    async fn keep(&self, queued: Queued) {
        let mut backoff = Duration::from_millis(100);
        loop {
            match self.try_store(queued.clone()).await {
                Ok(()) => return,
                Err(error) if inbox::refused_for_good(&error) => {
                    // Holding the poller for it would stall every chat for good.
                    tracing::error!(error.cause_chain = ?error, "the database refuses an update; dropping it");
                    return;
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
    fn submit(&self, ticket: Ticket, queued: Queued, permit: Option<OwnedSemaphorePermit>) {
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
        // The permit goes with the work, and is given back when it ends.
        let work = async move {
            work.await;
            drop(permit);
        };
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
                        self.submit(ticket, queued, None);
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
    // Boxed, so that a message waiting in its lane holds only its arguments.
    let handled = Box::pin(inbox::handle_then(
        &core,
        ticket,
        queued,
        Some(&finisher),
        |reply| {
            let bot = bot.clone();
            async move { send::deliver(&bot, chat, &reply, reply_to).await }
        },
    ));
    if free_text {
        send::while_typing(&bot, chat, handled).await;
    } else {
        handled.await;
    }
}
