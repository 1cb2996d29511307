//! The slash commands: their definitions for Discord, and the chat text each
//! invocation stands for, so core parses `/done 3` the same way on every platform.

use serenity::all::{
    CommandData, CommandDataOptionValue, CommandOptionType, CreateCommand, CreateCommandOption, GuildId, Http,
};

/// Replaces the bot's commands: for one guild (instant) or globally.
pub(crate) async fn register(http: &Http, guild: Option<GuildId>) -> serenity::Result<usize> {
    let registered = match guild {
        Some(guild) => guild.set_commands(http, definitions()).await?,
        None => serenity::all::Command::set_global_commands(http, definitions()).await?,
    };
    Ok(registered.len())
}

pub(crate) fn definitions() -> Vec<CreateCommand> {
    let number = || {
        CreateCommandOption::new(
            CommandOptionType::Integer,
            "number",
            "The task's number, as /tasks shows it",
        )
        .required(true)
        .min_int_value(1)
    };
    let title = |what: &str| {
        CreateCommandOption::new(CommandOptionType::String, "title", what)
            .required(true)
            .max_length(200)
    };
    vec![
        CreateCommand::new("link")
            .description("Link this Discord account with the token from the Tasklink portal")
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    "token",
                    "The token shown on the portal",
                )
                .required(true),
            ),
        CreateCommand::new("unlink").description("Unlink this Discord account from Tasklink"),
        CreateCommand::new("tasks")
            .description("Show your tasks")
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "status", "Which tasks (default: all)")
                    .add_string_choice("all", "all")
                    .add_string_choice("pending", "pending")
                    .add_string_choice("completed", "completed"),
            ),
        CreateCommand::new("add")
            .description("Add a task")
            .add_option(title("What to do")),
        CreateCommand::new("done")
            .description("Mark a task as complete")
            .add_option(number()),
        CreateCommand::new("delete")
            .description("Delete a task")
            .add_option(number()),
        CreateCommand::new("edit")
            .description("Rename a task")
            .add_option(number())
            .add_option(title("The new title")),
        CreateCommand::new("help").description("What can Tasklink do?"),
    ]
}

/// Whether the command's answer concerns linking, so a deferred answer starts ephemeral.
pub(crate) fn is_link_related(name: &str) -> bool {
    matches!(name, "link" | "unlink")
}

/// The chat command an invocation stands for, e.g. `/done 3`; `None` for a
/// command this bot does not define or a missing required option.
pub(crate) fn to_text(data: &CommandData) -> Option<String> {
    let arg = |name: &str| {
        data.options
            .iter()
            .find(|o| o.name == name)
            .and_then(|o| match &o.value {
                CommandDataOptionValue::String(s) => Some(s.trim().to_owned()),
                CommandDataOptionValue::Integer(n) => Some(n.to_string()),
                _ => None,
            })
    };
    let name = data.name.as_str();
    Some(match name {
        "unlink" | "help" => format!("/{name}"),
        "link" => format!("/link {}", arg("token")?),
        "tasks" => format!("/tasks {}", arg("status").unwrap_or_default()),
        "add" => format!("/add {}", arg("title")?),
        "done" | "delete" => format!("/{name} {}", arg("number")?),
        "edit" => format!("/edit {} {}", arg("number")?, arg("title")?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn data(name: &str, options: serde_json::Value) -> CommandData {
        serde_json::from_value(json!({ "id": "1", "name": name, "type": 1, "options": options }))
            .expect("valid command data")
    }

    #[test]
    fn invocations_become_chat_commands() {
        let edit = data(
            "edit",
            json!([{"name": "number", "type": 4, "value": 3}, {"name": "title", "type": 3, "value": " Call mom "}]),
        );
        assert_eq!(to_text(&edit).as_deref(), Some("/edit 3 Call mom"));
        assert_eq!(to_text(&data("tasks", json!([]))).as_deref(), Some("/tasks "));
        assert_eq!(to_text(&data("help", json!([]))).as_deref(), Some("/help"));
        assert_eq!(to_text(&data("add", json!([]))), None);
        assert_eq!(to_text(&data("weird", json!([]))), None);
    }

    #[test]
    fn the_eight_commands_are_defined() {
        let names: Vec<String> = definitions()
            .iter()
            .map(|c| {
                serde_json::to_value(c).unwrap()["name"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            names,
            ["link", "unlink", "tasks", "add", "done", "delete", "edit", "help"]
        );
    }
}
