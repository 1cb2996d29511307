//! How a core `Reply` looks on Telegram: plain text cut into messages that
//! fit, and an inline keyboard with one "complete" button per task.
//!
//! Replies go out without a parse mode, so whatever a task title contains
//! (`<b>`, `*`, `_`, `[`) arrives literally and nothing needs escaping.

use tasklink_core::chat::Button;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

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
