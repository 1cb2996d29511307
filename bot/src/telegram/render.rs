//! How a core `Reply` looks on Telegram: plain text cut into messages that
//! fit, and an inline keyboard with one "complete" button per task.
//!
//! Replies go out without a parse mode, so whatever a task title contains
//! (`<b>`, `*`, `_`, `[`) arrives literally and nothing needs escaping.

use tasklink_core::chat::{Ask, Button, Reply};
use teloxide::types::{
    ButtonRequest, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup, ReplyMarkup,
};

/// Telegram's limit for one message, counted in UTF-16 code units.
pub(crate) const MAX_MESSAGE_UTF16: usize = 4096;

const BUTTONS_PER_ROW: usize = 4;

/// Cuts `text` into messages of at most `limit` UTF-16 units (see [`crate::split`]).
pub(crate) fn split(text: &str, limit: usize) -> Vec<String> {
    crate::split::split(text, limit, char::len_utf16)
}

/// The "complete" buttons; an empty keyboard removes old buttons when editing.
pub(crate) fn keyboard(buttons: &[Button]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(buttons.chunks(BUTTONS_PER_ROW).map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.data()))
            .collect::<Vec<_>>()
    }))
}

/// What goes under the last message of `reply`: its inline buttons, else
/// its ask as a reply keyboard (a one-time "share location" button), or the
/// removal of that keyboard once answered.
pub(crate) fn markup(reply: &Reply) -> Option<ReplyMarkup> {
    if !reply.buttons.is_empty() {
        return Some(ReplyMarkup::InlineKeyboard(keyboard(&reply.buttons)));
    }
    match &reply.ask {
        Ask::Nothing => None,
        Ask::Location { label } => Some(ReplyMarkup::Keyboard(
            KeyboardMarkup::new([[KeyboardButton::new(label.clone()).request(ButtonRequest::Location)]])
                .one_time_keyboard()
                .resize_keyboard(),
        )),
        Ask::Withdraw => Some(ReplyMarkup::kb_remove()),
    }
}

#[cfg(test)]
mod tests {
    use tasklink_core::chat::ButtonAction;

    use super::*;

    fn utf16_len(s: &str) -> usize {
        s.chars().map(char::len_utf16).sum()
    }

    #[test]
    fn short_text_is_one_message() {
        assert_eq!(split("Hello\nworld", 4096), ["Hello\nworld"]);
        assert!(split("\n \n", 4096).is_empty());
    }

    #[test]
    fn long_text_splits_at_line_boundaries() {
        let line = "x".repeat(99);
        let text = vec![line.as_str(); 60].join("\n");
        let chunks = split(&text, 4096);
        assert_eq!(chunks.len(), 2);
        assert!(chunks.iter().all(|c| utf16_len(c) <= 4096));
        assert!(chunks.iter().flat_map(|c| c.lines()).all(|l| l == line));
        assert_eq!(chunks.iter().map(|c| c.lines().count()).sum::<usize>(), 60);
    }

    #[test]
    fn limit_counts_utf16_units_and_never_cuts_a_character() {
        // '𝄞' is two UTF-16 units: 3000 of them need 6000 units.
        let text = "𝄞".repeat(3000);
        let chunks = split(&text, 4096);
        assert_eq!(chunks.len(), 2);
        assert_eq!(utf16_len(&chunks[0]), 4096);
        assert_eq!(chunks.concat(), text);
    }

    #[test]
    fn an_overlong_line_breaks_at_whitespace() {
        let text = "word ".repeat(2000);
        let chunks = split(&text, 4096);
        assert!(chunks.len() >= 3);
        assert!(chunks.iter().all(|c| utf16_len(c) <= 4096));
        assert!(chunks.iter().all(|c| c.trim().split(' ').all(|w| w == "word")));
    }

    #[test]
    fn buttons_come_first_then_the_ask_and_nothing_is_nothing() {
        let ask = |ask: Ask| Reply {
            ask,
            ..Reply::text("x")
        };
        assert!(markup(&Reply::text("x")).is_none());
        let location = markup(&ask(Ask::Location {
            label: "Share".into(),
        }));
        let json = serde_json::to_value(location).unwrap();
        assert_eq!(json["keyboard"][0][0]["request_location"], true, "{json}");
        assert_eq!(json["one_time_keyboard"], true, "{json}");
        let json = serde_json::to_value(markup(&ask(Ask::Withdraw))).unwrap();
        assert_eq!(json["remove_keyboard"], true, "{json}");
        let with_buttons = Reply {
            buttons: vec![Button {
                action: ButtonAction::Done(1.to_string().parse().unwrap()),
                label: "✅ #1".into(),
            }],
            ..ask(Ask::Withdraw)
        };
        let json = serde_json::to_value(markup(&with_buttons)).unwrap();
        assert!(json["inline_keyboard"].is_array(), "{json}");
    }

    #[test]
    fn keyboard_has_one_button_per_task() {
        let buttons: Vec<Button> = (1..=6)
            .map(|n| Button {
                action: ButtonAction::Done(n.to_string().parse().unwrap()),
                label: format!("✅ #{n}"),
            })
            .collect();
        let markup = keyboard(&buttons);
        assert_eq!(markup.inline_keyboard.len(), 2);
        assert_eq!(markup.inline_keyboard.concat().len(), 6);
        assert!(keyboard(&[]).inline_keyboard.is_empty());
    }
}
