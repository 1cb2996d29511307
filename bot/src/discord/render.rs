//! How a core [`Reply`] looks on Discord: messages of at most 2000 characters,
//! "complete" buttons in action rows, no mention that could ping anyone, and
//! no markdown: core's text is plain, so whatever a task title contains
//! (`[click](https://…)`, `**`, `# `, `<@id>`) shows literally.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, EditInteractionResponse, UserId,
};
use tasklink_core::chat::{Button, Reply};

/// Discord's limit on a message's content, in characters.
pub(crate) const MAX_CHARS: usize = 2000;
const BUTTONS_PER_ROW: usize = 5;
const MAX_ROWS: usize = 5;

/// One Discord message's worth of a reply.
#[derive(Clone, Debug, Default)]
pub(crate) struct Part {
    pub(crate) content: String,
    /// Action rows; empty clears the buttons of an updated message.
    pub(crate) components: Vec<CreateActionRow>,
}

/// The messages a reply to `owner` becomes; its buttons go on the last one.
pub(crate) fn parts(reply: &Reply, owner: UserId) -> Vec<Part> {
    // Escaped before splitting, so the escapes count against the limit.
    let mut parts: Vec<Part> = split(&escape_markdown(&reply.text), MAX_CHARS)
        .into_iter()
        .map(|content| Part {
            content,
            components: Vec::new(),
        })
        .collect();
    if let Some(last) = parts.last_mut() {
        last.components = rows(&reply.buttons, owner);
    }
    parts
}

/// Plain text as Discord markdown that renders as the same plain text.
///
/// A backslash before a markdown character shows the character itself:
/// emphasis, spoilers, code and masked links (`* _ ~ | ` [ ]`), mentions,
/// channels and timestamps (`<`), and the backslash itself, anywhere; headings,
/// subtext, quotes and list bullets (`# > -`) only where a line starts. Words
/// that are web addresses keep `_ * ~ |` as they are, so links still work (Discord
/// does not format inside them), but not their brackets.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches([' ', '\t']);
        out.push_str(&line[..line.len() - body.len()]);
        if body.starts_with(['#', '>', '-', '+']) {
            out.push('\\');
        }
        for (j, word) in body.split(' ').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            let url = word.starts_with("https://") || word.starts_with("http://");
            for c in word.chars() {
                let special = match c {
                    '\\' | '[' | ']' | '<' | '`' => true,
                    '*' | '_' | '~' | '|' => !url,
                    _ => false,
                };
                if special {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

/// Cuts `text` into messages of at most `max` characters (see [`crate::split`]).
pub(crate) fn split(text: &str, max: usize) -> Vec<String> {
    crate::split::split(text, max, |_| 1)
}

/// One green button per task, five to a row, at most five rows.
fn rows(buttons: &[Button], owner: UserId) -> Vec<CreateActionRow> {
    buttons
        .chunks(BUTTONS_PER_ROW)
        .take(MAX_ROWS)
        .map(|row| {
            CreateActionRow::Buttons(
                row.iter()
                    .map(|b| {
                        CreateButton::new(format!("{}:{owner}", b.data()))
                            .label(&b.label)
                            .style(ButtonStyle::Success)
                    })
                    .collect(),
            )
        })
        .collect()
}

/// Anyone in a guild channel can press a button on a public list; the owner's
/// id in the `custom_id` lets the adapter refuse everyone else. Returns core's
/// button data and the owner.
pub(crate) fn parse_button(custom_id: &str) -> Option<(&str, UserId)> {
    let (data, owner) = custom_id.rsplit_once(':')?;
    let owner = owner.parse::<u64>().ok().filter(|&id| id != 0)?;
    Some((data, UserId::new(owner)))
}

/// Task titles are user text: an `@everyone` in one must never ping.
fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

pub(crate) fn message(part: Part) -> CreateMessage {
    CreateMessage::new()
        .content(part.content)
        .components(part.components)
        .allowed_mentions(no_pings())
}

pub(crate) fn interaction_message(part: Part, ephemeral: bool) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .content(part.content)
        .components(part.components)
        .ephemeral(ephemeral)
        .allowed_mentions(no_pings())
}

pub(crate) fn followup(part: Part, ephemeral: bool) -> CreateInteractionResponseFollowup {
    CreateInteractionResponseFollowup::new()
        .content(part.content)
        .components(part.components)
        .ephemeral(ephemeral)
        .allowed_mentions(no_pings())
}

pub(crate) fn edit(part: Part) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .content(part.content)
        .components(part.components)
        .allowed_mentions(no_pings())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(split("one\ntwo", 2000), ["one\ntwo"]);
        assert!(split("  \n", 2000).is_empty());
    }

    #[test]
    fn long_text_splits_at_line_boundaries() {
        let line = "x".repeat(99);
        let text = vec![line.as_str(); 30].join("\n"); // 30 lines of 100 with the newline
        let pieces = split(&text, 2000);
        assert_eq!(pieces.len(), 2);
        assert!(pieces.iter().all(|p| p.chars().count() <= 2000));
        assert!(pieces.iter().flat_map(|p| p.split('\n')).all(|l| l == line));
        assert_eq!(pieces.join("\n"), text);
    }

    #[test]
    fn an_overlong_line_is_cut_on_character_boundaries() {
        let text = "é".repeat(4500);
        let pieces = split(&text, 2000);
        assert_eq!(
            pieces.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            [2000, 2000, 500]
        );
    }

    #[test]
    fn buttons_fill_rows_of_five_on_the_last_part() {
        let buttons = (1..=12)
            .map(|n| Button {
                action: tasklink_core::chat::ButtonAction::Done(n.to_string().parse().unwrap()),
                label: format!("#{n}"),
            })
            .collect();
        let reply = Reply {
            text: format!("{}\n{}", "a".repeat(1500), "b".repeat(1500)),
            buttons,
            only_sender: false,
            ask: Default::default(),
        };
        let parts = parts(&reply, UserId::new(77));
        assert_eq!(parts.len(), 2);
        assert!(parts[0].components.is_empty());
        let rows = serde_json::to_value(&parts[1].components).unwrap();
        let sizes: Vec<usize> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["components"].as_array().unwrap().len())
            .collect();
        assert_eq!(sizes, [5, 5, 2]);
        assert_eq!(rows[0]["components"][0]["custom_id"], "done:1:77");
    }

    #[test]
    fn button_ids_carry_the_owner() {
        assert_eq!(parse_button("done:3:77"), Some(("done:3", UserId::new(77))));
        assert_eq!(parse_button("done:3:0"), None);
        assert_eq!(parse_button("done"), None);
    }

    #[test]
    fn markdown_in_titles_shows_literally() {
        assert_eq!(
            escape_markdown("⬜ #1 [free nitro](https://evil.example/x_y)"),
            r"⬜ #1 \[free nitro\](https://evil.example/x\_y)"
        );
        assert_eq!(
            escape_markdown("**bold** __u__ ~~s~~ ||spoiler|| `code` <@123> a\\b"),
            r"\*\*bold\*\* \_\_u\_\_ \~\~s\~\~ \|\|spoiler\|\| \`code\` \<@123> a\\b"
        );
        assert_eq!(
            escape_markdown("# big\n> quote\n  - item\n-# small"),
            "\\# big\n\\> quote\n  \\- item\n\\-# small"
        );
        // Plain replies and the portal's address are left alone.
        assert_eq!(
            escape_markdown("Added #7 Buy milk.\nSee https://portal.test/app_x"),
            "Added #7 Buy milk.\nSee https://portal.test/app_x"
        );
    }

    #[test]
    fn replies_are_escaped_before_they_are_split() {
        let reply = Reply {
            text: "[x](https://evil.example)".into(),
            ..Reply::default()
        };
        assert_eq!(
            parts(&reply, UserId::new(1))[0].content,
            r"\[x\](https://evil.example)"
        );
    }

    #[test]
    fn messages_allow_no_mentions() {
        let body = serde_json::to_value(message(Part {
            content: "@everyone".into(),
            components: Vec::new(),
        }))
        .unwrap();
        assert_eq!(body["allowed_mentions"]["parse"], serde_json::json!([]));
    }
}
