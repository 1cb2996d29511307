//! What a chat message means, for every platform: link command, unlinked
//! account, task command, or free text for the agent. Adapters translate their
//! platform's updates into an [`Inbound`] and render the [`Reply`].

pub mod inbox;
mod linking;
pub mod turn_lock;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use serde_json::json;

use crate::{
    Core,
    accounts::UserId,
    agent::{
        AgentError, ChatTurnStore, ToolContext, TurnOutcome, offline,
        tools::{self, Held, ListFilter, ToolCall, ToolCallRecord, ToolResult, TurnEffects},
    },
    commands::{self, Command, CommandName, Surface},
    conversations,
    limits::{self, Limit},
    linking::{Platform, PlatformAccount},
    reminders::{self, SnoozeFor},
    tasks::{TaskFilter, TaskNumber},
    time::{self, Due, DueFilter, TimeZone, fmt_time, settings, zone_name},
};

/// A message from a chat, already known to be addressed to the bot.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Inbound {
    pub account: PlatformAccount,
    pub chat_id: String,
    /// A one-to-one chat with the bot (a DM), where secrets may be posted.
    pub direct: bool,
    /// The text, with any mention of the bot removed.
    pub text: String,
    /// The platform's id for this delivery, to drop redeliveries.
    pub update_id: Option<String>,
    /// A location shared in a direct chat (Telegram's "share location"):
    /// sets the sender's time zone from the coordinates, offline.
    #[serde(default)]
    pub location: Option<Location>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
}

/// What to send back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub buttons: Vec<Button>,
    /// Concerns linking: show it only to the sender where the platform can.
    pub only_sender: bool,
    /// Something asked for besides text, where the platform can offer it.
    #[serde(default)]
    pub ask: Ask,
}

/// A platform-neutral ask under a reply. Telegram renders it as a reply
/// keyboard in a private chat; Discord has no such thing and ignores it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ask {
    #[default]
    Nothing,
    /// A one-time button that shares the person's location (the `/tz` reply).
    Location { label: String },
    /// The earlier ask was answered: take its button away.
    Withdraw,
}

/// The label of the "share location" button.
pub const SHARE_LOCATION: &str = "📍 Share location";

/// A button under a reply; its [`data`](Button::data) comes back when pressed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub action: ButtonAction,
}

/// Stored (in the inbox's replies) as its callback data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum ButtonAction {
    /// Complete a task of the presser's list.
    Done(TaskNumber),
    /// Confirm linking with a deep-link code.
    Link(String),
    /// Decline linking with a deep-link code (and spend it).
    CancelLink(String),
    /// Under a reminder: complete the task; for a repeating one, the
    /// occurrence the reminder was about (a second press advances nothing).
    Finish(TaskNumber, Option<Due>),
    /// Under a reminder: remind again later.
    Snooze(TaskNumber, SnoozeFor),
}

impl Button {
    /// Callback data carried by the button (at most 64 bytes, Telegram's limit).
    pub fn data(&self) -> String {
        self.action.data()
    }
}

impl ButtonAction {
    fn data(&self) -> String {
        match self {
            Self::Done(n) => format!("done:{n}"),
            Self::Link(code) => format!("link:{code}"),
            Self::CancelLink(code) => format!("nolink:{code}"),
            Self::Finish(n, None) => format!("fin:{n}"),
            Self::Finish(n, Some(due)) => format!("fin:{n}:{}", due.to_local_iso()),
            Self::Snooze(n, until) => format!("snz:{}:{n}", until.code()),
        }
    }

    fn parse(data: &str) -> Option<Self> {
        let (kind, value) = data.split_once(':')?;
        match kind {
            "done" => value.parse().ok().map(Self::Done),
            "link" => Some(Self::Link(value.to_owned())),
            "nolink" => Some(Self::CancelLink(value.to_owned())),
            "fin" => {
                let (number, due) = match value.split_once(':') {
                    Some((n, due)) => (n, Some(parse_local_due(due)?)),
                    None => (value, None),
                };
                Some(Self::Finish(number.parse().ok()?, due))
            }
            "snz" => {
                let (until, number) = value.split_once(':')?;
                Some(Self::Snooze(number.parse().ok()?, SnoozeFor::parse(until)?))
            }
            _ => None,
        }
    }
}

impl From<ButtonAction> for String {
    fn from(action: ButtonAction) -> Self {
        action.data()
    }
}

impl TryFrom<String> for ButtonAction {
    type Error = String;

    fn try_from(data: String) -> Result<Self, Self::Error> {
        Self::parse(&data).ok_or_else(|| format!("not button data: {data}"))
    }
}

/// `2026-12-01` or `2026-12-01T09:00`, as [`Due::to_local_iso`] writes it.
fn parse_local_due(text: &str) -> Option<Due> {
    if text.contains('T') {
        text.parse().ok().map(Due::DateTime)
    } else {
        text.parse().ok().map(Due::Date)
    }
}

/// Said when handling fails on our side (the database is down); details go to the log.
pub const APOLOGY: &str = "Sorry, something went wrong on my side. Please try again in a moment.";

/// Said once when a chat's messages arrive faster than the adapter can answer
/// them and it has to skip some.
pub const TOO_FAST: &str = "You're sending messages faster than I can answer, so I skipped some. \
Wait for my replies, then send what's missing again.";

impl Reply {
    /// The reply when handling failed on our side.
    pub fn apology() -> Self {
        Self::text(APOLOGY)
    }

    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    pub fn only_sender(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            only_sender: true,
            ..Self::default()
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    #[error("the database failed")]
    Database(#[from] sqlx::Error),
}

impl From<Platform> for Surface {
    fn from(platform: Platform) -> Self {
        match platform {
            Platform::Telegram => Self::Telegram,
            Platform::Discord => Self::Discord,
        }
    }
}

/// Handles one inbound message; `None` means there is nothing to send (a
/// redelivery, or a person already told they are over their limit). A failure
/// on our side is logged here, with its causes, and answered with the apology.
pub async fn respond(core: &Core, inbound: Inbound) -> Option<Reply> {
    handle(core, inbound, None).await.unwrap_or_else(|error| {
        tracing::error!(error.cause_chain = ?error, "handling a message failed");
        Some(Reply::apology())
    })
}

/// A pressed button; failures are logged here and answered with the apology.
pub async fn press(core: &Core, account: &PlatformAccount, data: &str) -> Reply {
    handle_button(core, account, data).await.unwrap_or_else(|error| {
        tracing::error!(error.cause_chain = ?error, "handling a button press failed");
        Reply::apology()
    })
}

#[tracing::instrument(skip_all, fields(platform = inbound.account.platform.as_str(), chat = %inbound.chat_id))]
async fn handle(
    core: &Core,
    inbound: Inbound,
    keyed: Option<(inbox::Ticket, &TurnEffects)>,
) -> Result<Option<Reply>, ChatError> {
    // One connection for the whole message (see `tools::Held`); given back
    // while the model thinks.
    let held = Held::new(&core.db);
    let command = Command::parse(&inbound.text, inbound.account.platform.into());
    // Only a turn with the model is one per person: commands are quick
    // and each is one transaction, so they skip the lock.
    let holder = (inbound.location.is_none() && command.is_none()).then(|| match keyed {
        Some((ticket, _)) => format!("inbox:{}", ticket.id),
        None => format!("turn:{}", Uuid::new_v4()),
    });
    let sender = identify(core, &held, &inbound, keyed.is_none(), holder.as_deref()).await?;
    if !sender.fresh {
        tracing::info!(update = ?inbound.update_id, "duplicate delivery ignored");
        return Ok(None);
    }
    let (reply, keep) = Box::pin(decide(
        core,
        &held,
        &inbound,
        command,
        &sender,
        keyed,
        holder.as_deref(),
    ))
    .await;
    if sender.locked && keep == Keep::Store {
        // Answered before the turn (the linking dialogue): the hold taken
        // with the message is not needed.
        if let (Some(user), Some(holder)) = (sender.user, holder.as_deref()) {
            turn_lock::release(&mut *held.get().await?, user, holder).await?;
        }
    }
    let reply = reply?;
    if let (Some((ticket, _)), Keep::Store) = (keyed, keep) {
        inbox::save_reply(&mut *held.get().await?, ticket, reply.as_ref()).await?;
    }
    Ok(reply)
}

/// What becomes of a decided reply of a message through the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keep {
    /// Stored under its row, to be sent as it is by a replay.
    Store,
    /// Already stored, with the turn.
    Stored,
    /// Refused or failed by the turn with the model, which released its
    /// hold; not stored (a replay tries the turn again).
    Turned,
    /// Not stored: a replay decides it again, to the same effect (a
    /// command's effects are recorded; reading or refusing changes nothing).
    Recompute,
}

/// The reply to an identified, fresh message.
async fn decide(
    core: &Core,
    held: &Held,
    inbound: &Inbound,
    command: Option<Command>,
    sender: &Sender,
    keyed: Option<(inbox::Ticket, &TurnEffects)>,
    holder: Option<&str>,
) -> (Result<Option<Reply>, ChatError>, Keep) {
    match linking::dialogue(core, inbound, command.as_ref(), sender.user).await {
        Ok(Some(reply)) => return (Ok(Some(reply)), Keep::Store),
        Ok(None) => {}
        Err(e) => return (Err(e), Keep::Store),
    }
    let Some(user) = sender.user else {
        return (
            Ok(Some(linking::unlinked(core, inbound.account.platform))),
            Keep::Store,
        );
    };
    if let Some(reply) = sender.over_limit() {
        return (Ok(reply), Keep::Recompute);
    }
    let effects = keyed.map(|(_, effects)| effects);
    let ctx = ToolContext::new(&core.db, user, core.clock.now(), sender.zone.clone())
        .keyed(effects)
        .on(Some(held));
    match (inbound.location, command, holder) {
        (Some(at), _, _) => (zone_from_location(&ctx, at).await.map(Some), Keep::Recompute),
        (None, Some(command), _) => (
            run_command(&ctx, command, Some(inbound))
                .await
                .map(|(reply, _)| Some(reply)),
            Keep::Recompute,
        ),
        (None, None, holder) => {
            let holder = holder.expect("free text has a turn holder");
            // Boxed: the model's future is large, and a debug build's worker
            // stack is not.
            let turn = Box::pin(converse(
                core,
                &ctx,
                inbound,
                sender.conversation,
                keyed.map(|(t, _)| t.id),
                holder,
            ));
            let lease = core.config.turn_lease;
            if !sender.locked {
                // No connection is held while waiting for the person's other turn.
                held.release();
            }
            match turn_lock::hold(&core.db, user, holder, lease, sender.locked, turn).await {
                Ok(Some(Ok(Converse::Stored(reply)))) => (Ok(Some(reply)), Keep::Stored),
                Ok(Some(Ok(Converse::Refused(reply)))) => {
                    let released = turn_lock::release(&core.db, user, holder).await;
                    (released.map(|()| Some(reply)).map_err(Into::into), Keep::Turned)
                }
                Ok(Some(Err(e))) => {
                    if let Err(error) = turn_lock::release(&core.db, user, holder).await {
                        tracing::warn!(error.cause_chain = ?error, "releasing a failed turn's hold failed");
                    }
                    (Err(e), Keep::Turned)
                }
                Ok(None) => (Ok(Some(Reply::only_sender(turn_lock::BUSY))), Keep::Turned),
                Err(e) => (Err(e.into()), Keep::Turned),
            }
        }
    }
}

/// A turn in the portal's web chat: commands run directly, free text goes to
/// the agent. Either way the turn is stored in the conversation. Like a chat
/// turn with the model, it waits for the person's model turn running
/// elsewhere ([`AgentError::Busy`] when that takes too long).
pub async fn web_turn(
    core: &Core,
    user: UserId,
    conversation: Option<Uuid>,
    message: &str,
) -> Result<TurnOutcome, AgentError> {
    let Some(command) = Command::parse(message, Surface::Web) else {
        let holder = format!("turn:{}", Uuid::new_v4());
        // Boxed: the model's future is large, and is moved into the lock's.
        let turn = Box::pin(core.agent.handle_turn(&core.db, user, conversation, message));
        return turn_lock::exclusive(&core.db, user, &holder, core.config.turn_lease, turn)
            .await?
            .unwrap_or(Err(AgentError::Busy));
    };
    let message = crate::agent::check_message(message)?;
    let conversation = conversations::resume_or_start(&core.db, user, conversation).await?;
    let ctx = ToolContext::load(&core.db, user, core.clock.now()).await?;
    let (reply, tool_calls) = run_command(&ctx, command, None).await.map_err(|e| match e {
        ChatError::Database(e) => AgentError::Database(e),
    })?;
    let calls = (!tool_calls.is_empty())
        .then(|| serde_json::to_value(&tool_calls).ok())
        .flatten();
    conversations::append_turn(&core.db, user, conversation, message, &reply.text, calls.as_ref()).await?;
    Ok(TurnOutcome {
        conversation_id: conversation,
        response: reply.text,
        tool_calls,
    })
}

/// A pressed button: completes the task and returns the refreshed list, or
/// answers a linking question.
async fn handle_button(core: &Core, account: &PlatformAccount, data: &str) -> Result<Reply, ChatError> {
    let action = ButtonAction::parse(data);
    if let Some(ButtonAction::Link(code) | ButtonAction::CancelLink(code)) = &action {
        let confirmed = matches!(action, Some(ButtonAction::Link(_)));
        return linking::answer(core, account, code, confirmed).await;
    }
    let Some(user) = crate::linking::find_user(&core.db, account.platform, &account.user_id).await? else {
        return Ok(linking::unlinked(core, account.platform));
    };
    let number = match action {
        Some(ButtonAction::Done(number)) => number,
        Some(ButtonAction::Finish(number, seen)) => {
            return Ok(reminders::finish(core, user, number, seen).await?);
        }
        Some(ButtonAction::Snooze(number, until)) => {
            return Ok(reminders::snooze(core, user, number, until).await?);
        }
        _ => return Ok(Reply::only_sender("That button is no longer valid.")),
    };
    let ctx = ToolContext::load(&core.db, user, core.clock.now()).await?;
    let record = tools::execute_call(&ctx, ToolCall::CompleteTask { number }).await?;
    let mut list = task_list(&ctx, ListFilter::default()).await?;
    list.text = format!("{}\n\n{}", tools::describe(&record.result), list.text);
    Ok(list)
}

/// Who sent an inbound message and what their turn may do, learnt in one
/// round trip.
struct Sender {
    /// The delivery was not seen before (it is recorded now).
    fresh: bool,
    user: Option<UserId>,
    /// The conversation this chat is in for that person, once started.
    conversation: Option<Uuid>,
    /// The person's zone (UTC when unlinked).
    zone: TimeZone,
    /// The message counted against the person's chat limit.
    verdict: limits::Verdict,
    /// The person's turn hold was taken for this message's turn.
    locked: bool,
}

impl Sender {
    /// The per-person chat limit, the same on every surface. The first refused
    /// message of a window is answered; later ones are dropped silently, so a
    /// flood does not become a flood of refusals.
    fn over_limit(&self) -> Option<Option<Reply>> {
        match self.verdict {
            limits::Verdict::Allowed => None,
            limits::Verdict::Refused { retry_after, first } => Some(first.then(|| {
                Reply::only_sender(format!(
                    "You're sending messages faster than I can keep up with. Please wait {} seconds; \
I'll ignore messages until then.",
                    retry_after.as_secs().max(1)
                ))
            })),
        }
    }
}

/// The hot path's first statement: records the delivery for de-duplication
/// (`dedupe`: not through the inbox, whose row's key already did), finds the
/// linked person, their zone and the chat's conversation, counts the message
/// against the person's chat limit (as `limits::hit_counted` does) and, for a
/// turn with the model (`holder`), takes the person's turn hold if it is free.
async fn identify(
    core: &Core,
    held: &Held,
    inbound: &Inbound,
    dedupe: bool,
    holder: Option<&str>,
) -> Result<Sender, sqlx::Error> {
    let limit = Limit::per_minute(core.config.limits.chat_per_user);
    let delivery = inbound.update_id.as_deref().filter(|_| dedupe);
    let row = sqlx::query_file!(
        "src/chat/identify.sql",
        inbound.account.platform.as_str(),
        inbound.account.user_id,
        delivery,
        inbound.chat_id,
        i64::from(limit.max),
        limit.window.as_secs_f64(),
        holder,
        core.config.turn_lease.as_secs_f64(),
    )
    .fetch_one(&mut *held.get().await?)
    .await?;
    Ok(Sender {
        fresh: row.fresh,
        user: row.user_id.map(UserId::from_trusted),
        conversation: row.conversation_id,
        zone: row
            .timezone
            .and_then(|z| time::parse_zone(&z).ok())
            .unwrap_or(TimeZone::UTC),
        verdict: match (row.hits, row.retry_after) {
            (Some(count), Some(retry_after)) => limits::verdict(count, retry_after, limit),
            _ => limits::Verdict::Allowed,
        },
        locked: row.locked,
    })
}

/// Plans [`identify`]'s statement on a new connection before it takes work,
/// for an account that does not exist (so nothing is written). Postgres plans
/// a prepared statement afresh on each of its first five executions before it
/// settles on one plan, and this statement, run for every message, takes
/// about 0.6 ms to plan: twenty connections opened at start paid that about a
/// hundred times within the first few hundred messages, the largest part of
/// the backlog a bot starting under load built up (BENCHMARKS.md). The text
/// is the one `identify` runs (`identify.sql`), so sqlx reuses this
/// statement, and its plans, for it; the parameters are of the same types.
pub(crate) async fn warm(conn: &mut sqlx::PgConnection) -> Result<(), sqlx::Error> {
    for turn in [Some("warm-up"), None].into_iter().cycle().take(6) {
        sqlx::query(include_str!("identify.sql"))
            .bind(Platform::Telegram.as_str())
            .bind("")
            .bind(None::<&str>)
            .bind("")
            .bind(20_i64)
            .bind(60.0_f64)
            .bind(turn)
            .bind(30.0_f64)
            .fetch_one(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Runs a command for a linked person; `inbound` is the chat it came from
/// (`None` on the web). Linking commands are answered before this.
async fn run_command(
    ctx: &ToolContext<'_>,
    command: Command,
    inbound: Option<&Inbound>,
) -> Result<(Reply, Vec<ToolCallRecord>), ChatError> {
    let user = ctx.user;
    let surface = inbound.map_or(Surface::Web, |i| i.account.platform.into());
    let (name, args) = match command {
        Command::Known { name, args } => (name, args),
        Command::Unknown(word) => {
            let text = format!("I don't know /{word}. Send /help to see what I can do.");
            return Ok((Reply::text(text), Vec::new()));
        }
    };
    let mut records = Vec::new();
    let mut ask = Ask::Nothing;
    let example = || format!("For example: {}", commands::spec(name).example);
    let usage = |text: String| Ok((Reply::text(text), Vec::new()));
    // `<number> <rest>`, the shape of /due, /remind, /snooze and /edit.
    let (number, rest) = match args.split_once(char::is_whitespace) {
        Some((n, rest)) => (n, rest.trim()),
        None => (args.as_str(), ""),
    };
    let on_task = |extra: serde_json::Value| {
        let mut args = extra;
        args["task_number"] = number.into();
        args
    };
    let text = match name {
        CommandName::Tasks => {
            return task_list(ctx, ListFilter::from_words(&args))
                .await
                .map(|r| (r, Vec::new()));
        }
        CommandName::Agenda => agenda(ctx).await?,
        CommandName::Add if args.is_empty() => return usage(format!("What should I add? {}", example())),
        CommandName::Add => offline::add(ctx, &args, &mut records).await?,
        CommandName::Done | CommandName::Delete | CommandName::Snooze | CommandName::Edit
            if args.is_empty() =>
        {
            return usage(format!("Which task? {}", example()));
        }
        CommandName::Due | CommandName::Remind | CommandName::Edit if rest.is_empty() => {
            return usage(format!(
                "Give the task's number and {}. {}",
                commands::spec(name).args[1].description.to_lowercase(),
                example()
            ));
        }
        CommandName::Done => tool(ctx, "complete_task", on_task(json!({})), &mut records).await?,
        CommandName::Delete => tool(ctx, "delete_task", on_task(json!({})), &mut records).await?,
        CommandName::Edit => tool(ctx, "update_task", on_task(json!({"title": rest})), &mut records).await?,
        CommandName::Due => tool(ctx, "update_task", on_task(json!({"due": rest})), &mut records).await?,
        CommandName::Remind => {
            tool(ctx, "update_task", on_task(json!({"remind": rest})), &mut records).await?
        }
        CommandName::Snooze => {
            let until = if rest.is_empty() { "1h" } else { rest };
            tool(ctx, "snooze_task", on_task(json!({"until": until})), &mut records).await?
        }
        CommandName::Tz if args.is_empty() => {
            let direct = inbound.is_some_and(|i| i.direct);
            let share = match surface {
                Surface::Telegram if direct => {
                    ask = Ask::Location {
                        label: SHARE_LOCATION.to_owned(),
                    };
                    ", or share your location with the button below and I'll work it out"
                }
                Surface::Telegram => {
                    ", or share your location with me in a private chat and I'll work it out"
                }
                _ => "",
            };
            format!(
                "Your time zone is {}. It's {} there now. Change it with {}{share}",
                zone_name(&ctx.zone),
                ctx.local_now(),
                commands::spec(name).example
            )
        }
        CommandName::Tz => tool(ctx, "set_timezone", json!({"timezone": args}), &mut records).await?,
        CommandName::Daily => daily(ctx, &args).await?,
        CommandName::Quiet => quiet(ctx, &args).await?,
        CommandName::New => {
            if let Some(inbound) = inbound {
                let mut conn = ctx.conn().await?;
                conversations::restart_chat(&mut *conn, inbound.account.platform, &inbound.chat_id, user)
                    .await?;
            }
            "Started a fresh conversation. Your tasks are unchanged.".to_owned()
        }
        // Linking commands are answered by the linking dialogue before a command runs.
        CommandName::Help | CommandName::Start | CommandName::Link | CommandName::Unlink => {
            commands::help(surface)
        }
    };
    Ok((
        Reply {
            ask,
            ..Reply::text(text)
        },
        records,
    ))
}

/// The zone at the shared point, set with the `set_timezone` tool; at sea or
/// off the map, the way to set it by name.
/// Either way the "share location" button, if one was offered, goes away.
async fn zone_from_location(ctx: &ToolContext<'_>, at: Location) -> Result<Reply, ChatError> {
    let answered = |text: String| Reply {
        ask: Ask::Withdraw,
        ..Reply::text(text)
    };
    let zone = match time::zone_at(at.latitude, at.longitude) {
        Ok(zone) => zone,
        Err(why) => {
            return Ok(answered(format!(
                "I couldn't tell the time zone there: {why}. Send /tz with a zone or a city instead, \
for example /tz Europe/Berlin."
            )));
        }
    };
    let mut records = Vec::new();
    let args = json!({"timezone": zone_name(&zone)});
    Ok(answered(tool(ctx, "set_timezone", args, &mut records).await?))
}

async fn tool(
    ctx: &ToolContext<'_>,
    name: &str,
    args: serde_json::Value,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let record = tools::execute(ctx, name, args).await?;
    let text = tools::describe(&record.result);
    records.push(record);
    Ok(text)
}

/// Overdue, today, and the next seven days.
async fn agenda(ctx: &ToolContext<'_>) -> Result<String, sqlx::Error> {
    let sections = [
        (DueFilter::Overdue, "Overdue"),
        (DueFilter::Today, "Today"),
        (DueFilter::Week, "Next 7 days"),
    ];
    let mut text = agenda_sections(ctx, &sections)
        .await?
        .unwrap_or_else(|| "Nothing overdue and nothing due in the next 7 days. 🎉".to_owned());
    // On the message's connection, as the sections above: a second one from
    // the pool while the message holds one would drain it under a burst.
    let mut undelivered = crate::reminders::undelivered(&mut *ctx.conn().await?, ctx.user).await?;
    undelivered.sort_by_key(|u| u.task_number);
    if !undelivered.is_empty() {
        let tasks: Vec<String> = undelivered
            .iter()
            .map(|u| format!("#{} {}", u.task_number, u.title))
            .collect();
        text.push_str(&format!(
            "\n\n⚠ Not delivered (no linked chat took the reminder): {}",
            tasks.join(", ")
        ));
    }
    Ok(text)
}

/// The person's pending tasks under each heading, each task once (in the
/// first section it falls in); `None` when every section is empty. Shared
/// by `/agenda` and the daily agenda.
pub(crate) async fn agenda_sections(
    ctx: &ToolContext<'_>,
    sections: &[(DueFilter, &str)],
) -> Result<Option<String>, sqlx::Error> {
    let mut bodies = Vec::new();
    let mut shown = std::collections::HashSet::new();
    for &(due, heading) in sections {
        let filter = ListFilter {
            status: TaskFilter::Pending,
            due: Some(due),
            sort: crate::tasks::SortKey::Due,
            ..ListFilter::default()
        };
        let record = tools::execute_call(ctx, ToolCall::ListTasks(filter)).await?;
        let ToolResult::Tasks(mut list) = record.result else {
            continue;
        };
        list.tasks.retain(|t| shown.insert(t.number));
        if !list.tasks.is_empty() {
            list.count = list.tasks.len();
            list.heading = heading.to_owned();
            let body = tools::describe(&ToolResult::Tasks(list));
            bodies.push(body.replacen(&format!("Your {heading}"), heading, 1));
        }
    }
    Ok((!bodies.is_empty()).then(|| bodies.join("\n\n")))
}

async fn daily(ctx: &ToolContext<'_>, args: &str) -> Result<String, sqlx::Error> {
    if args.eq_ignore_ascii_case("off") {
        settings::set_agenda_time(ctx.db, ctx.user, None).await?;
        return Ok("The daily agenda is off.".to_owned());
    }
    Ok(match settings::parse_hhmm(args) {
        Ok(at) => {
            settings::set_agenda_time(ctx.db, ctx.user, Some(at)).await?;
            format!(
                "I'll send your agenda every day at {} ({}).",
                fmt_time(at),
                zone_name(&ctx.zone)
            )
        }
        Err(_) => "Give a time as HH:MM, for example /daily 08:00, or /daily off.".to_owned(),
    })
}

async fn quiet(ctx: &ToolContext<'_>, args: &str) -> Result<String, sqlx::Error> {
    if args.eq_ignore_ascii_case("off") {
        settings::set_quiet_hours(ctx.db, ctx.user, None).await?;
        return Ok("Quiet hours are off.".to_owned());
    }
    Ok(match settings::parse_quiet_hours(args) {
        Ok(hours) => {
            settings::set_quiet_hours(ctx.db, ctx.user, Some(&hours)).await?;
            format!(
                "Quiet from {} to {} ({}): the agenda and reminders of date-only tasks wait until then; \
a reminder set for a time still comes on time.",
                fmt_time(hours.start),
                fmt_time(hours.end),
                zone_name(&ctx.zone)
            )
        }
        Err(_) => {
            "Give quiet hours as HH:MM-HH:MM, for example /quiet 22:00-07:00, or /quiet off.".to_owned()
        }
    })
}

async fn task_list(ctx: &ToolContext<'_>, filter: ListFilter) -> Result<Reply, ChatError> {
    let record = tools::execute_call(ctx, ToolCall::ListTasks(filter)).await?;
    let buttons = match &record.result {
        ToolResult::Tasks(list) => list
            .tasks
            .iter()
            .filter(|t| !t.completed)
            .take(24)
            .map(|t| Button {
                label: format!("✅ #{}", t.number),
                action: ButtonAction::Done(t.number),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Reply {
        text: tools::describe(&record.result),
        buttons,
        only_sender: false,
        ask: Default::default(),
    })
}

/// How a turn with the model ended.
enum Converse {
    /// Answered, and stored with the turn (its hold released).
    Stored(Reply),
    /// Refused before the model (too long, a NUL): nothing stored.
    Refused(Reply),
}

/// A turn with the model, in this chat's conversation (started now if there
/// is none). Through the inbox (`inbox_id`), the turn's statement stores its
/// reply under the row; either way it releases `holder`'s hold.
async fn converse(
    core: &Core,
    ctx: &ToolContext<'_>,
    inbound: &Inbound,
    conversation: Option<Uuid>,
    inbox_id: Option<i64>,
    holder: &str,
) -> Result<Converse, ChatError> {
    let conversation = match conversation {
        Some(id) => id,
        None => {
            let mut conn = ctx.conn().await?;
            conversations::restart_chat(&mut *conn, inbound.account.platform, &inbound.chat_id, ctx.user)
                .await?
        }
    };
    let store = ChatTurnStore {
        inbox_id,
        lock_holder: holder,
    };
    match core
        .agent
        .chat_turn(ctx, conversation, &inbound.text, store)
        .await
    {
        Ok(outcome) => Ok(Converse::Stored(Reply::text(outcome.response))),
        Err(AgentError::Database(e)) => Err(e.into()),
        Err(e @ AgentError::MessageTooLong(_)) => Ok(Converse::Refused(Reply::text(format!(
            "Sorry, {e}. Please send something shorter."
        )))),
        Err(e @ AgentError::NulCharacter) => Ok(Converse::Refused(Reply::text(format!(
            "Sorry, {e}. Please send it without that character."
        )))),
        Err(_) => Ok(Converse::Refused(Reply::text("Send me some text, or /help."))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_data_round_trips_and_fits_telegram() {
        for action in [
            ButtonAction::Done(TaskNumber::new(i32::MAX.into()).unwrap()),
            ButtonAction::Link("abcdefghijklmnopqrstuv".into()),
            ButtonAction::CancelLink("abcdefghijklmnopqrstuv".into()),
            ButtonAction::Finish(TaskNumber::new(i32::MAX.into()).unwrap(), None),
            ButtonAction::Finish(
                TaskNumber::new(i32::MAX.into()).unwrap(),
                Some(Due::DateTime(jiff::civil::date(-9999, 12, 31).at(23, 59, 0, 0))),
            ),
            ButtonAction::Finish(
                TaskNumber::new(7).unwrap(),
                Some(Due::Date(jiff::civil::date(2026, 12, 1))),
            ),
            ButtonAction::Snooze(TaskNumber::new(i32::MAX.into()).unwrap(), SnoozeFor::Tomorrow),
            ButtonAction::Snooze(TaskNumber::new(3).unwrap(), SnoozeFor::Minutes15),
        ] {
            let button = Button {
                label: "x".into(),
                action: action.clone(),
            };
            assert!(button.data().len() <= 64, "{}", button.data());
            assert_eq!(ButtonAction::parse(&button.data()), Some(action));
        }
        assert_eq!(ButtonAction::parse("done:x"), None);
        assert_eq!(ButtonAction::parse("weird"), None);
        assert_eq!(ButtonAction::parse("snz:2d:3"), None);
        assert_eq!(ButtonAction::parse("fin:3:yesterday"), None);
        assert_eq!(ButtonAction::parse("snz:1h:-4"), None);
    }
}
