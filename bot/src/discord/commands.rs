//! The slash commands, made from core's command table: their definitions for
//! Discord, and the chat text each invocation stands for, so core parses
//! `/done 3` the same way on every platform.

use serenity::all::{
    CommandData, CommandDataOptionValue, CommandOptionType, CreateCommand, CreateCommandOption, GuildId, Http,
};
use tasklink_core::commands::{self, ArgKind, CommandSpec, Surface};

/// Replaces the bot's commands: for one guild (instant) or globally.
pub(crate) async fn register(http: &Http, guild: Option<GuildId>) -> serenity::Result<usize> {
    let registered = match guild {
        Some(guild) => guild.set_commands(http, definitions()).await?,
        None => serenity::all::Command::set_global_commands(http, definitions()).await?,
    };
    Ok(registered.len())
}

pub(crate) fn definitions() -> Vec<CreateCommand> {
    commands::offered_on(Surface::Discord).map(definition).collect()
}

fn definition(spec: &CommandSpec) -> CreateCommand {
    spec.args.iter().fold(
        CreateCommand::new(spec.command).description(spec.summary),
        |command, arg| {
            let option = match arg.kind {
                ArgKind::Number => {
                    CreateCommandOption::new(CommandOptionType::Integer, arg.name, arg.description)
                        .min_int_value(1)
                }
                ArgKind::Text => {
                    let option =
                        CreateCommandOption::new(CommandOptionType::String, arg.name, arg.description);
                    match arg.max_chars {
                        Some(max) => option.max_length(max),
                        None => option,
                    }
                }
            };
            command.add_option(option.required(arg.required))
        },
    )
}

fn spec(name: &str) -> Option<&'static CommandSpec> {
    commands::offered_on(Surface::Discord).find(|c| c.command == name)
}

/// Whether the command's answer concerns linking, so a deferred answer starts ephemeral.
pub(crate) fn is_link_related(name: &str) -> bool {
    spec(name).is_some_and(|c| c.linking)
}

/// The chat command an invocation stands for, e.g. `/done 3`; `None` for a
/// command this bot does not define or a missing required option.
pub(crate) fn to_text(data: &CommandData) -> Option<String> {
    spec(&data.name)?.invocation(|arg| {
        data.options
            .iter()
            .find(|o| o.name == arg.name)
            .and_then(|o| match &o.value {
                CommandDataOptionValue::String(s) => Some(s.clone()),
                CommandDataOptionValue::Integer(n) => Some(n.to_string()),
                _ => None,
            })
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
        assert_eq!(to_text(&data("tasks", json!([]))).as_deref(), Some("/tasks"));
        assert_eq!(to_text(&data("help", json!([]))).as_deref(), Some("/help"));
        assert_eq!(to_text(&data("new", json!([]))).as_deref(), Some("/new"));
        assert_eq!(to_text(&data("add", json!([]))), None);
        assert_eq!(to_text(&data("weird", json!([]))), None);
        assert_eq!(to_text(&data("start", json!([]))), None, "Telegram only");
    }

    #[test]
    fn every_discord_command_of_the_table_is_defined_with_its_options() {
        let defined: Vec<serde_json::Value> = definitions()
            .iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .collect();
        let offered: Vec<&CommandSpec> = commands::offered_on(Surface::Discord).collect();
        assert_eq!(defined.len(), offered.len());
        for (json, spec) in defined.iter().zip(offered) {
            assert_eq!(json["name"], spec.command);
            assert_eq!(json["description"], spec.summary);
            let options = json["options"].as_array().cloned().unwrap_or_default();
            let names: Vec<&str> = options.iter().map(|o| o["name"].as_str().unwrap()).collect();
            let expected: Vec<&str> = spec.args.iter().map(|a| a.name).collect();
            assert_eq!(names, expected, "/{}", spec.command);
        }
        assert!(defined.iter().any(|c| c["name"] == "new"));
    }
}
