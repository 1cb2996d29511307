//! What a chat message means, for every platform: link command, unlinked
//! account, task command, or free text for the agent. Adapters translate their
//! platform's updates into an [`Inbound`] and render the [`Reply`].

use serde_json::json;
use uuid::Uuid;

use crate::{
    Core,
    accounts::UserId,
    agent::{AgentError, HELP, tools},
    conversations,
    linking::{self, LinkError, Linked, Platform, PlatformAccount},
    tasks::{self, TaskFilter, TaskNumber},
};

/// A message from a chat, already known to be addressed to the bot.
#[derive(Clone, Debug)]
pub struct Inbound {
    pub account: PlatformAccount,
    pub chat_id: String,
    /// A one-to-one chat with the bot (a DM), where secrets may be posted.
    pub private: bool,
    /// The text, with any mention of the bot removed.
    pub text: String,
    /// The platform's id for this delivery, to drop redeliveries.
    pub update_id: Option<String>,
}

/// What to send back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
    /// "Complete" buttons, one per pending task shown.
    pub buttons: Vec<TaskButton>,
    /// Concerns linking: show it only to the sender where the platform can.
    pub private: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskButton {
    pub number: TaskNumber,
    pub label: String,
}

impl TaskButton {
    /// Callback data carried by the button; parsed back by [`handle_button`].
    pub fn data(&self) -> String {
        format!("done:{}", self.number)
    }
}

/// Said when handling fails on our side (the database is down); details go to the log.
pub const APOLOGY: &str = "Sorry, something went wrong on my side. Please try again in a moment.";

impl Reply {
    /// The reply when handling failed on our side.
    pub fn apology() -> Self {
        Self::text(APOLOGY)
    }

    fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    fn private(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            private: true,
            ..Self::default()
        }
    }
}

/// A chat command, from `/name[@bot] args`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Start(Option<String>),
    Link(Option<String>),
    Unlink,
    Help,
    Tasks(String),
    Add(String),
    Done(String),
    Delete(String),
    Edit(String),
    New,
    Unknown(String),
}

impl Command {
    /// `None` when the text is not a command.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let rest = text.strip_prefix('/')?;
        let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let name = head.split('@').next().unwrap_or_default().to_ascii_lowercase();
        let args = args.trim().to_owned();
        let arg = || (!args.is_empty()).then(|| args.clone());
        Some(match name.as_str() {
            "start" => Self::Start(arg()),
            "link" => Self::Link(arg()),
            "unlink" => Self::Unlink,
            "help" => Self::Help,
            "tasks" | "list" => Self::Tasks(args),
            "add" => Self::Add(args),
            "done" | "complete" => Self::Done(args),
            "delete" | "remove" => Self::Delete(args),
            "edit" | "rename" => Self::Edit(args),
            "new" => Self::New,
            _ => Self::Unknown(name.chars().take(32).collect()),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Handles one inbound message. `None` means there is nothing to send: the
/// update was delivered before.
#[tracing::instrument(skip_all, fields(platform = inbound.account.platform.as_str(), chat = %inbound.chat_id))]
pub async fn handle(core: &Core, inbound: Inbound) -> Result<Option<Reply>, ChatError> {
    let sender = identify(core, &inbound).await?;
    if !sender.fresh {
        tracing::info!(update = ?inbound.update_id, "duplicate delivery ignored");
        return Ok(None);
    }
    let command = Command::parse(&inbound.text);

    if !inbound.private && posts_link_secret(&inbound.text, command.as_ref()) {
        return Ok(Some(refuse_public_secret(core, &inbound.text).await?));
    }

    let account = &inbound.account;
    let reply = match (command, sender.user) {
        (Some(Command::Start(Some(code))), _) => link(core, account, LinkSecret::Code(&code)).await?,
        (Some(Command::Link(Some(token))), _) => link(core, account, LinkSecret::Token(&token)).await?,
        (Some(Command::Link(None)), _) => Reply::private(format!(
            "Send /link followed by the token from {}/app. Tokens last 10 minutes and work once.",
            core.config.public_url
        )),
        (Some(Command::Unlink), Some(_)) => {
            linking::unlink_account(&core.db, account.platform, &account.user_id).await?;
            Reply::private(format!(
                "This {} account is no longer linked. Your tasks are safe on the portal: {}",
                account.platform.display_name(),
                core.config.public_url
            ))
        }
        (Some(Command::Help), Some(_)) => Reply::text(HELP),
        (Some(Command::Start(None)), Some(_)) => Reply::text(format!("Welcome back!\n\n{HELP}")),
        (_, None) => unlinked(core, account.platform),
        (Some(command), Some(user)) => run_command(core, &inbound, user, command).await?,
        (None, Some(user)) => converse(core, &inbound, user, sender.conversation).await?,
    };
    Ok(Some(reply))
}

/// A pressed "complete" button: completes the task and returns the refreshed list.
pub async fn handle_button(core: &Core, account: &PlatformAccount, data: &str) -> Result<Reply, ChatError> {
    let Some(user) = linking::find_user(&core.db, account.platform, &account.user_id).await? else {
        return Ok(unlinked(core, account.platform));
    };
    let Some(number) = data
        .strip_prefix("done:")
        .and_then(|n| n.parse::<TaskNumber>().ok())
    else {
        return Ok(Reply::text("That button is no longer valid."));
    };
    let note = match tasks::complete(&core.db, user, number).await {
        Ok(task) => format!("Marked #{} as done: {} ✅", task.number, task.title),
        Err(tasks::TaskError::Database(e)) => return Err(e.into()),
        Err(e) => format!("Sorry, I couldn't do that: {e}."),
    };
    let mut list = task_list(core, user, TaskFilter::All).await?;
    list.text = format!("{note}\n\n{}", list.text);
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

fn unlinked(core: &Core, platform: Platform) -> Reply {
    Reply::private(format!(
        "Hi! This {} account isn't linked to Tasklink yet. Sign up or log in at {}, choose “Link a chat account”, \
and send me the /link command it shows.",
        platform.display_name(),
        core.config.public_url
    ))
}

enum LinkSecret<'a> {
    Token(&'a str),
    Code(&'a str),
}

async fn link(core: &Core, account: &PlatformAccount, secret: LinkSecret<'_>) -> Result<Reply, ChatError> {
    let outcome = match secret {
        LinkSecret::Token(token) => linking::redeem_token(&core.db, &core.tokens, token, account).await,
        LinkSecret::Code(code) => linking::redeem_code(&core.db, code, account).await,
    };
    let portal = &core.config.public_url;
    let text = match outcome {
        Ok(Linked::New(_)) => format!(
            "Linked! This {} account now shares your Tasklink list.\n\n{HELP}",
            account.platform.display_name()
        ),
        Ok(Linked::Already(_)) => "This account was already linked to you; nothing changed.".to_owned(),
        Err(LinkError::Database(e)) => return Err(e.into()),
        Err(LinkError::LinkedElsewhere) => format!(
            "This {} account is already linked to another Tasklink account. Send /unlink from it first \
(or unlink it on the portal), then try again.",
            account.platform.display_name()
        ),
        Err(e @ (LinkError::Expired | LinkError::AlreadyUsed | LinkError::Invalid)) => {
            format!("Sorry, {e}. Get a fresh one at {portal}/app (tokens last 10 minutes and work once).")
        }
    };
    Ok(Reply::private(text))
}

fn posts_link_secret(text: &str, command: Option<&Command>) -> bool {
    matches!(command, Some(Command::Link(Some(_)) | Command::Start(Some(_))))
        || text.split_whitespace().any(linking::looks_like_jwt)
}

/// A link token posted where others can read it: spend it so nobody else can.
async fn refuse_public_secret(core: &Core, text: &str) -> Result<Reply, ChatError> {
    for word in text.split_whitespace() {
        linking::revoke(&core.db, &core.tokens, word).await?;
    }
    Ok(Reply::private(format!(
        "Link tokens must only be sent to me in a private chat. That token is now revoked; get a new one at {}/app \
and send it to me directly.",
        core.config.public_url
    )))
}

async fn run_command(
    core: &Core,
    inbound: &Inbound,
    user: UserId,
    command: Command,
) -> Result<Reply, ChatError> {
    let db = &core.db;
    let tool = |name: &'static str, args: serde_json::Value| async move {
        let record = tools::execute(db, user, name, args).await?;
        Ok::<_, ChatError>(Reply::text(tools::describe(&record)))
    };
    match command {
        Command::Tasks(filter) => match filter.parse::<TaskFilter>() {
            Ok(filter) => task_list(core, user, filter).await,
            Err(e) => Ok(Reply::text(format!("{e}. Try /tasks pending."))),
        },
        Command::Add(title) if title.is_empty() => {
            Ok(Reply::text("What should I add? For example: /add Buy milk"))
        }
        Command::Add(title) => tool("add_task", json!({ "title": title })).await,
        Command::Done(n) if n.is_empty() => Ok(Reply::text("Which task? For example: /done 3")),
        Command::Done(n) => tool("complete_task", json!({ "task_number": n })).await,
        Command::Delete(n) if n.is_empty() => Ok(Reply::text("Which task? For example: /delete 3")),
        Command::Delete(n) => tool("delete_task", json!({ "task_number": n })).await,
        Command::Edit(args) => match args.split_once(char::is_whitespace) {
            Some((n, title)) => tool("update_task", json!({ "task_number": n, "title": title })).await,
            None => Ok(Reply::text(
                "Give the number and the new title, for example: /edit 3 Call mom tonight",
            )),
        },
        Command::New => {
            conversations::restart_chat(db, inbound.account.platform, &inbound.chat_id, user).await?;
            Ok(Reply::text(
                "Started a fresh conversation. Your tasks are unchanged.",
            ))
        }
        Command::Unknown(name) => Ok(Reply::text(format!(
            "I don't know /{name}. Send /help to see what I can do."
        ))),
        // Answered in `handle` before a user is needed.
        Command::Start(_) | Command::Link(_) | Command::Unlink | Command::Help => Ok(Reply::text(HELP)),
    }
}

async fn task_list(core: &Core, user: UserId, filter: TaskFilter) -> Result<Reply, ChatError> {
    let record = tools::execute_call(&core.db, user, tools::ToolCall::ListTasks { status: filter }).await?;
    let buttons = record.result["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["completed"] == false)
        .filter_map(|t| {
            let number = TaskNumber::new(t["number"].as_i64()?).ok()?;
            Some(TaskButton {
                number,
                label: format!("✅ #{number}"),
            })
        })
        .take(24)
        .collect();
    Ok(Reply {
        text: tools::describe(&record),
        buttons,
        private: false,
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
        Err(e @ AgentError::NulCharacter) => Ok(Reply::text(format!(
            "Sorry, {e}. Please send it without that character."
        ))),
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
    fn commands_parse_with_bot_suffix_and_arguments() {
        assert_eq!(
            Command::parse("/tasks@tasklink_bot pending"),
            Some(Command::Tasks("pending".into()))
        );
        assert_eq!(Command::parse("/start"), Some(Command::Start(None)));
        assert_eq!(
            Command::parse("/LINK abc"),
            Some(Command::Link(Some("abc".into())))
        );
        assert_eq!(
            Command::parse("/edit 3 New title"),
            Some(Command::Edit("3 New title".into()))
        );
        assert_eq!(Command::parse("/weird"), Some(Command::Unknown("weird".into())));
        assert_eq!(Command::parse("hello /tasks"), None);
    }
}
