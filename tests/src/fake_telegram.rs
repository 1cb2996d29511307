//! A local stand-in for the Telegram Bot API (to be written).
