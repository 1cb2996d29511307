//! What a chat message means, for every platform: link command, unlinked
//! account, task command, or free text for the agent. Adapters translate their
//! platform's updates into an [`Inbound`] and render the [`Reply`].

mod linking;

use uuid::Uuid;

use crate::{
    Core,
    accounts::UserId,
    agent::{AgentError, ToolCallRecord, TurnOutcome, tools},
    commands::{self, Command, CommandName, Surface},
    conversations,
    limits::{self, Limit},
    linking::{Platform, PlatformAccount},
    tasks::{TaskFilter, TaskNumber},
};

/// A message from a chat, already known to be addressed to the bot.
#[derive(Clone, Debug)]
pub struct Inbound {
    pub account: PlatformAccount,
    pub chat_id: String,
    /// A one-to-one chat with the bot (a DM), where secrets may be posted.
    pub direct: bool,
    /// The text, with any mention of the bot removed.
    pub text: String,
    /// The platform's id for this delivery, to drop redeliveries.
    pub update_id: Option<String>,
}

/// What to send back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
    pub buttons: Vec<Button>,
    /// Concerns linking: show it only to the sender where the platform can.
    pub only_sender: bool,
}

/// A button under a reply; its [`data`](Button::data) comes back when pressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub action: ButtonAction,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ButtonAction {
    /// Complete a task of the presser's list.
    Done(TaskNumber),
    /// Confirm linking with a deep-link code.
    Link(String),
    /// Decline linking with a deep-link code (and spend it).
    CancelLink(String),
}

impl Button {
    /// Callback data carried by the button (at most 64 bytes, Telegram's limit).
    pub fn data(&self) -> String {
        match &self.action {
            ButtonAction::Done(n) => format!("done:{n}"),
            ButtonAction::Link(code) => format!("link:{code}"),
            ButtonAction::CancelLink(code) => format!("nolink:{code}"),
        }
    }
}

impl ButtonAction {
    fn parse(data: &str) -> Option<Self> {
        let (kind, value) = data.split_once(':')?;
        match kind {
            "done" => value.parse().ok().map(Self::Done),
            "link" => Some(Self::Link(value.to_owned())),
            "nolink" => Some(Self::CancelLink(value.to_owned())),
            _ => None,
        }
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
    handle(core, inbound).await.unwrap_or_else(|error| {
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
async fn handle(core: &Core, inbound: Inbound) -> Result<Option<Reply>, ChatError> {
    let sender = identify(core, &inbound).await?;
    if !sender.fresh {
        tracing::info!(update = ?inbound.update_id, "duplicate delivery ignored");
        return Ok(None);
    }
    let command = Command::parse(&inbound.text, inbound.account.platform.into());
    if let Some(reply) = linking::dialogue(core, &inbound, command.as_ref(), sender.user).await? {
        return Ok(Some(reply));
    }
    let Some(user) = sender.user else {
        return Ok(Some(linking::unlinked(core, inbound.account.platform)));
    };
    if let Some(reply) = over_limit(core, user).await? {
        return Ok(reply);
    }
    let reply = match command {
        Some(command) => run_command(core, user, command, Some(&inbound)).await?.0,
        None => converse(core, &inbound, user, sender.conversation).await?,
    };
    Ok(Some(reply))
}

/// The per-person chat limit, the same on every surface. The first refused
/// message of a window is answered; later ones are dropped silently, so a
/// flood does not become a flood of refusals.
async fn over_limit(core: &Core, user: UserId) -> Result<Option<Option<Reply>>, sqlx::Error> {
    let limit = Limit::per_minute(core.config.limits.chat_per_user);
    Ok(
        match limits::hit_counted(&core.db, &format!("chat:{user}"), limit).await? {
            limits::Verdict::Allowed => None,
            limits::Verdict::Refused { retry_after, first } => Some(first.then(|| {
                Reply::only_sender(format!(
                    "You're sending messages faster than I can keep up with. Please wait {} seconds; \
I'll ignore messages until then.",
                    retry_after.as_secs().max(1)
                ))
            })),
        },
    )
}

/// A turn in the portal's web chat: commands run directly, free text goes to
/// the agent. Either way the turn is stored in the conversation.
pub async fn web_turn(
    core: &Core,
    user: UserId,
    conversation: Option<Uuid>,
    message: &str,
) -> Result<TurnOutcome, AgentError> {
    let Some(command) = Command::parse(message, Surface::Web) else {
        return core
            .agent
            .handle_turn(&core.db, user, conversation, message)
            .await;
    };
    let message = crate::agent::check_message(message)?;
    let conversation = conversations::resume_or_start(&core.db, user, conversation).await?;
    let (reply, tool_calls) = run_command(core, user, command, None)
        .await
        .map_err(|e| match e {
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
    let Some(ButtonAction::Done(number)) = action else {
        return Ok(Reply::only_sender("That button is no longer valid."));
    };
    let record = tools::execute_call(&core.db, user, tools::ToolCall::CompleteTask { number }).await?;
    let mut list = task_list(core, user, TaskFilter::All).await?;
    list.text = format!("{}\n\n{}", tools::describe(&record.result), list.text);
    Ok(list)
}

/// Who sent an inbound message, learnt in one round trip.
struct Sender {
    /// The delivery was not seen before (it is recorded now).
    fresh: bool,
    user: Option<UserId>,
    /// The conversation this chat is in for that person, once started.
    conversation: Option<Uuid>,
}

/// Records the delivery for de-duplication, and finds the linked person and
/// the chat's conversation: the hot path's first query, so one statement.
async fn identify(core: &Core, inbound: &Inbound) -> Result<Sender, sqlx::Error> {
    let row = sqlx::query!(
        r#"
        WITH claim AS (
            INSERT INTO processed_updates (platform, update_id)
            SELECT $1, $3 WHERE $3::text IS NOT NULL
            ON CONFLICT DO NOTHING
            RETURNING 1
        ), account AS (
            SELECT user_id FROM linked_accounts WHERE platform = $1 AND platform_user_id = $2
        )
        SELECT
            ($3::text IS NULL OR EXISTS (SELECT 1 FROM claim)) AS "fresh!",
            (SELECT user_id FROM account) AS user_id,
            (SELECT conversation_id FROM chat_conversations
             WHERE platform = $1 AND chat_id = $4 AND user_id = (SELECT user_id FROM account)) AS conversation_id
        "#,
        inbound.account.platform.as_str(),
        inbound.account.user_id,
        inbound.update_id,
        inbound.chat_id,
    )
    .fetch_one(&core.db)
    .await?;
    Ok(Sender {
        fresh: row.fresh,
        user: row.user_id.map(UserId::from_trusted),
        conversation: row.conversation_id,
    })
}

/// Runs a command for a linked person; `inbound` is the chat it came from
/// (`None` on the web). Linking commands are answered before this.
async fn run_command(
    core: &Core,
    user: UserId,
    command: Command,
    inbound: Option<&Inbound>,
) -> Result<(Reply, Vec<ToolCallRecord>), ChatError> {
    let db = &core.db;
    let surface = inbound.map_or(Surface::Web, |i| i.account.platform.into());
    let (name, args) = match command {
        Command::Known { name, args } => (name, args),
        Command::Unknown(word) => {
            let text = format!("I don't know /{word}. Send /help to see what I can do.");
            return Ok((Reply::text(text), Vec::new()));
        }
    };
    let tool = |call: Result<tools::ToolCall, String>| async move {
        match call {
            Err(usage) => Ok::<_, ChatError>((Reply::text(usage), Vec::new())),
            Ok(call) => {
                let record = tools::execute_call(db, user, call).await?;
                Ok((Reply::text(tools::describe(&record.result)), vec![record]))
            }
        }
    };
    let example = || format!("For example: {}", commands::spec(name).example);
    let number = |n: &str| {
        n.parse::<TaskNumber>()
            .map_err(|e| format!("Sorry, {e}. {}", example()))
    };
    match name {
        CommandName::Tasks => match args.parse::<TaskFilter>() {
            Ok(filter) => {
                let list = task_list(core, user, filter).await?;
                Ok((list, Vec::new()))
            }
            Err(e) => Ok((Reply::text(format!("{e}. Try /tasks pending.")), Vec::new())),
        },
        CommandName::Add if args.is_empty() => Ok((
            Reply::text(format!("What should I add? {}", example())),
            Vec::new(),
        )),
        CommandName::Add => {
            let call = crate::tasks::TaskTitle::parse(&args)
                .map(|title| tools::ToolCall::AddTask {
                    title,
                    description: None,
                })
                .map_err(|e| format!("Sorry, {e}."));
            tool(call).await
        }
        CommandName::Done | CommandName::Delete if args.is_empty() => {
            Ok((Reply::text(format!("Which task? {}", example())), Vec::new()))
        }
        CommandName::Done => tool(number(&args).map(|number| tools::ToolCall::CompleteTask { number })).await,
        CommandName::Delete => tool(number(&args).map(|number| tools::ToolCall::DeleteTask { number })).await,
        CommandName::Edit => {
            let Some((n, title)) = args.split_once(char::is_whitespace) else {
                let text = format!("Give the number and the new title. {}", example());
                return Ok((Reply::text(text), Vec::new()));
            };
            let call = number(n).and_then(|number| {
                let title = crate::tasks::TaskTitle::parse(title).map_err(|e| format!("Sorry, {e}."))?;
                Ok(tools::ToolCall::UpdateTask {
                    number,
                    title: Some(title),
                    description: None,
                })
            });
            tool(call).await
        }
        CommandName::New => {
            if let Some(inbound) = inbound {
                conversations::restart_chat(db, inbound.account.platform, &inbound.chat_id, user).await?;
            }
            let text = "Started a fresh conversation. Your tasks are unchanged.";
            Ok((Reply::text(text), Vec::new()))
        }
        CommandName::Help => Ok((Reply::text(commands::help(surface)), Vec::new())),
        // Answered by the linking dialogue before a command runs.
        CommandName::Start | CommandName::Link | CommandName::Unlink => {
            Ok((Reply::text(commands::help(surface)), Vec::new()))
        }
    }
}

async fn task_list(core: &Core, user: UserId, filter: TaskFilter) -> Result<Reply, ChatError> {
    let record = tools::execute_call(&core.db, user, tools::ToolCall::ListTasks { status: filter }).await?;
    let buttons = match &record.result {
        tools::ToolResult::Tasks(list) => list
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
    })
}

async fn converse(
    core: &Core,
    inbound: &Inbound,
    user: UserId,
    conversation: Option<Uuid>,
) -> Result<Reply, ChatError> {
    let conversation = match conversation {
        Some(id) => id,
        None => {
            conversations::restart_chat(&core.db, inbound.account.platform, &inbound.chat_id, user).await?
        }
    };
    match core
        .agent
        .turn_in(&core.db, user, conversation, &inbound.text)
        .await
    {
        Ok(outcome) => Ok(Reply::text(outcome.response)),
        Err(AgentError::Database(e)) => Err(e.into()),
        Err(e @ AgentError::MessageTooLong(_)) => {
            Ok(Reply::text(format!("Sorry, {e}. Please send something shorter.")))
        }
        Err(_) => Ok(Reply::text("Send me some text, or /help.")),
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
    }
}
