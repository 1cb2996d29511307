//! Task values that cannot exist unless valid.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use super::TaskError;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 1000;

/// A task title: 1–200 characters after trimming, on one line.
///
/// Titles are shown one per line in every list, so they are neutralised here:
/// - a NUL character is refused (Postgres cannot store it in `text`);
/// - every run of control characters (newline, tab, …) and Unicode line or
///   paragraph separators (U+2028, U+2029) becomes one space, so a title
///   cannot start a forged line of its own;
/// - bidirectional embeddings, overrides and isolates (U+202A–U+202E,
///   U+2066–U+2069) are removed, so a title cannot reorder the text after it.
///   The implicit marks (U+200E, U+200F, U+061C) are kept: they only affect
///   neighbouring characters, and right-to-left titles need them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub fn parse(raw: &str) -> Result<Self, TaskError> {
        if raw.contains('\0') {
            return Err(TaskError::InvalidTitle(NUL_REFUSED.into()));
        }
        let one_line = single_line(raw);
        let title = one_line.trim();
        match title.chars().count() {
            0 => Err(TaskError::InvalidTitle("the title cannot be empty".into())),
            n if n > MAX_TITLE_CHARS => Err(TaskError::InvalidTitle(format!(
                "the title is {n} characters long; the limit is {MAX_TITLE_CHARS}"
            ))),
            _ => Ok(Self(title.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

const NUL_REFUSED: &str = "it contains a NUL character (\\0), which cannot be stored";

/// Line breaks and other controls become single spaces; bidi overrides and
/// isolates go (see [`TaskTitle`]).
fn single_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_break = false;
    for c in raw.chars() {
        if is_bidi_control(c) {
            continue;
        }
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            if !in_break {
                out.push(' ');
                in_break = true;
            }
            continue;
        }
        in_break = false;
        out.push(c);
    }
    out
}

/// Embeddings, overrides and isolates: U+202A–U+202E and U+2066–U+2069.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A task description: at most 1000 characters after trimming; empty means none.
/// Several lines are fine; a NUL character is refused (Postgres cannot store it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskDescription(String);

impl TaskDescription {
    pub fn parse(raw: &str) -> Result<Self, TaskError> {
        if raw.contains('\0') {
            return Err(TaskError::InvalidDescription(NUL_REFUSED.into()));
        }
        let text = raw.trim();
        let n = text.chars().count();
        if n > MAX_DESCRIPTION_CHARS {
            return Err(TaskError::InvalidDescription(format!(
                "the description is {n} characters long; the limit is {MAX_DESCRIPTION_CHARS}"
            )));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The number a person uses for a task (#1, #2, … per person).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "i32", try_from = "i64")]
pub struct TaskNumber(i32);

impl From<TaskNumber> for i32 {
    fn from(n: TaskNumber) -> Self {
        n.0
    }
}

impl TryFrom<i64> for TaskNumber {
    type Error = TaskError;

    fn try_from(n: i64) -> Result<Self, Self::Error> {
        Self::new(n)
    }
}

impl TaskNumber {
    pub fn new(n: i64) -> Result<Self, TaskError> {
        i32::try_from(n)
            .ok()
            .filter(|n| *n > 0)
            .map(Self)
            .ok_or_else(|| TaskError::InvalidNumber(n.to_string()))
    }

    pub fn get(self) -> i32 {
        self.0
    }

    /// Numbers read back from the database are positive by a table constraint.
    pub(crate) fn from_db(n: i32) -> Self {
        Self(n)
    }
}

impl FromStr for TaskNumber {
    type Err = TaskError;

    /// Accepts `3` and `#3`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.trim().trim_start_matches('#');
        digits
            .parse::<i64>()
            .map_err(|_| TaskError::InvalidNumber(s.trim().chars().take(20).collect()))
            .and_then(Self::new)
    }
}

impl fmt::Display for TaskNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Which tasks a listing shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskFilter {
    #[default]
    All,
    Pending,
    Completed,
}

impl TaskFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Pending => "pending",
            Self::Completed => "completed",
        }
    }

    /// `None` for all, otherwise the `completed` value to match.
    pub(crate) fn completed(self) -> Option<bool> {
        match self {
            Self::All => None,
            Self::Pending => Some(false),
            Self::Completed => Some(true),
        }
    }
}

impl FromStr for TaskFilter {
    type Err = TaskError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "" | "all" => Ok(Self::All),
            "pending" | "open" | "todo" => Ok(Self::Pending),
            "completed" | "complete" | "done" => Ok(Self::Completed),
            other => Err(TaskError::InvalidFilter(other.chars().take(20).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(TaskTitle::parse("  Buy milk ").unwrap().as_str(), "Buy milk");
        assert!(TaskTitle::parse("   ").is_err());
        assert!(TaskTitle::parse(&"a".repeat(200)).is_ok());
        assert!(TaskTitle::parse(&"a".repeat(201)).is_err());
        // Characters, not bytes: 200 emoji are a valid title.
        assert!(TaskTitle::parse(&"🎉".repeat(200)).is_ok());
    }

    #[test]
    fn titles_with_nul_are_refused() {
        for raw in ["Buy\0milk", "\0", "Buy milk\0"] {
            match TaskTitle::parse(raw) {
                Err(TaskError::InvalidTitle(why)) => assert!(why.contains("NUL"), "{why}"),
                other => panic!("{raw:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn titles_stay_on_one_line() {
        let parse = |raw: &str| TaskTitle::parse(raw).unwrap().as_str().to_owned();
        assert_eq!(parse("Buy milk\n⬜ #99 fake"), "Buy milk ⬜ #99 fake");
        assert_eq!(parse("a\r\n\r\nb"), "a b");
        assert_eq!(parse("a\tb\u{0B}c\u{85}d"), "a b c d");
        assert_eq!(parse("a\u{2028}b\u{2029}c"), "a b c");
        assert_eq!(parse("\n\nBuy milk\n"), "Buy milk");
        assert!(TaskTitle::parse("\n\r\t").is_err());
    }

    #[test]
    fn titles_lose_bidi_overrides_and_isolates() {
        let parse = |raw: &str| TaskTitle::parse(raw).unwrap().as_str().to_owned();
        assert_eq!(parse("pay \u{202E}lanoitan\u{202C} bills"), "pay lanoitan bills");
        assert_eq!(parse("\u{2066}a\u{2067}b\u{2068}c\u{2069}"), "abc");
        assert_eq!(parse("\u{202A}x\u{202B}y\u{202D}z"), "xyz");
        // Implicit marks stay: right-to-left titles need them.
        assert_eq!(parse("שלום\u{200F} 3"), "שלום\u{200F} 3");
        assert!(TaskTitle::parse("\u{202E}\u{2066}").is_err());
    }

    #[test]
    fn descriptions_refuse_nul_and_keep_lines() {
        assert!(matches!(
            TaskDescription::parse("a\0b"),
            Err(TaskError::InvalidDescription(_))
        ));
        assert_eq!(TaskDescription::parse("one\ntwo").unwrap().as_str(), "one\ntwo");
    }

    #[test]
    fn descriptions_are_bounded() {
        assert!(TaskDescription::parse(&"d".repeat(1000)).is_ok());
        assert!(matches!(
            TaskDescription::parse(&"d".repeat(1001)),
            Err(TaskError::InvalidDescription(_))
        ));
    }

    #[test]
    fn numbers_parse_strictly() {
        assert_eq!("#3".parse::<TaskNumber>().unwrap().get(), 3);
        assert!("0".parse::<TaskNumber>().is_err());
        assert!("-1".parse::<TaskNumber>().is_err());
        assert!("three".parse::<TaskNumber>().is_err());
        assert!("99999999999".parse::<TaskNumber>().is_err());
    }
}
