//! Task fields that order a list: priority and tags. Each has a `parse`
//! constructor, so an invalid value cannot exist past the boundary, and its
//! errors name the request field at fault.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

pub const MAX_TAGS: usize = 10;
pub const MAX_TAG_CHARS: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("`{0}` is not a priority; use high, medium, low or none")]
    Priority(String),
    #[error("`{tag}` is not a tag: {reason}")]
    Tag { tag: String, reason: &'static str },
    #[error("a task has at most {MAX_TAGS} tags; {0} were given")]
    TooManyTags(usize),
}

impl FieldError {
    /// Stable machine-readable code for the API and the agent's tools.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Priority(_) => "invalid_priority",
            Self::Tag { .. } | Self::TooManyTags(_) => "invalid_tags",
        }
    }

    /// The request field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Priority(_) => "priority",
            Self::Tag { .. } | Self::TooManyTags(_) => "tags",
        }
    }
}

/// How urgent a task is. Ordered so that `High > Medium > Low > None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    #[default]
    None,
    Low,
    Medium,
    High,
}

impl Priority {
    /// Accepts the names and the quick-add spellings (`p1`/`!!!` high,
    /// `p2`/`!!` medium, `p3`/`!` low, `p4` none), case-insensitively.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        let eq = |w: &str| s.eq_ignore_ascii_case(w);
        if eq("high") || eq("p1") || s == "!!!" || eq("urgent") {
            Ok(Self::High)
        } else if eq("medium") || eq("p2") || s == "!!" || eq("normal") {
            Ok(Self::Medium)
        } else if eq("low") || eq("p3") || s == "!" {
            Ok(Self::Low)
        } else if eq("none") || eq("p4") || s.is_empty() {
            Ok(Self::None)
        } else {
            Err(FieldError::Priority(raw.to_owned()))
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::None => "none",
        }
    }

    /// The database stores a small integer so that sorting by priority is an index scan.
    pub fn as_i16(self) -> i16 {
        match self {
            Self::None => 0,
            Self::Low => 1,
            Self::Medium => 2,
            Self::High => 3,
        }
    }

    pub fn from_i16(n: i16) -> Self {
        match n {
            3.. => Self::High,
            2 => Self::Medium,
            1 => Self::Low,
            _ => Self::None,
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// One tag: 1–32 letters, digits, `_` or `-`, stored lower-case. A leading
/// `#` is accepted and dropped.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Tag(String);

impl Tag {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        let s = s.strip_prefix('#').unwrap_or(s);
        let err = |reason| FieldError::Tag {
            tag: raw.to_owned(),
            reason,
        };
        if s.is_empty() {
            return Err(err("it is empty"));
        }
        if s.chars().count() > MAX_TAG_CHARS {
            return Err(err("it is longer than 32 characters"));
        }
        if !s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            return Err(err("use only letters, digits, `_` and `-`"));
        }
        Ok(Self(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// A task's tags: at most 10, without duplicates, in the order first given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Tags(Vec<Tag>);

impl Tags {
    /// Parses each tag; duplicates (after lower-casing) count once.
    pub fn parse<S: AsRef<str>>(raw: impl IntoIterator<Item = S>) -> Result<Self, FieldError> {
        let mut tags = Self::default();
        for r in raw {
            tags.push(Tag::parse(r.as_ref())?)?;
        }
        Ok(tags)
    }

    /// Splits a comma- or space-separated list such as `"work, #home"`.
    pub fn parse_list(raw: &str) -> Result<Self, FieldError> {
        Self::parse(
            raw.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty()),
        )
    }

    /// Adds a tag unless it is already there.
    pub fn push(&mut self, tag: Tag) -> Result<(), FieldError> {
        if self.0.contains(&tag) {
            return Ok(());
        }
        if self.0.len() >= MAX_TAGS {
            return Err(FieldError::TooManyTags(self.0.len() + 1));
        }
        self.0.push(tag);
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Tag> {
        self.0.iter()
    }

    /// The tags as strings, for a `text[]` column.
    pub fn to_strings(&self) -> Vec<String> {
        self.0.iter().map(|t| t.0.clone()).collect()
    }

    /// Reads a `text[]` column back; values that no longer parse are dropped
    /// rather than failing the whole list.
    pub fn from_stored(stored: Vec<String>) -> Self {
        Self(
            stored
                .iter()
                .filter_map(|s| Tag::parse(s).ok())
                .take(MAX_TAGS)
                .collect(),
        )
    }
}

impl<'de> Deserialize<'de> for Tags {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        Self::parse(raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Tags {
    /// `#home #work`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "#{t}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_parse_names_and_quick_add_marks() {
        assert_eq!(Priority::parse("HIGH"), Ok(Priority::High));
        assert_eq!(Priority::parse("p1"), Ok(Priority::High));
        assert_eq!(Priority::parse("!!"), Ok(Priority::Medium));
        assert_eq!(Priority::parse("p3"), Ok(Priority::Low));
        assert_eq!(Priority::parse("none"), Ok(Priority::None));
        assert_eq!(Priority::default(), Priority::None);
        assert!(Priority::High > Priority::Low);
        let err = Priority::parse("asap").unwrap_err();
        assert_eq!(err.field(), "priority");
        assert_eq!(serde_json::to_string(&Priority::High).unwrap(), "\"high\"");
        assert_eq!(
            serde_json::from_str::<Priority>("\"low\"").unwrap(),
            Priority::Low
        );
        for p in [Priority::None, Priority::Low, Priority::Medium, Priority::High] {
            assert_eq!(Priority::from_i16(p.as_i16()), p);
        }
    }

    #[test]
    fn tags_are_lower_case_bounded_and_unique() {
        assert_eq!(Tag::parse("#Work").unwrap().as_str(), "work");
        assert_eq!(Tag::parse("to-do_2").unwrap().as_str(), "to-do_2");
        assert!(Tag::parse("two words").is_err());
        assert!(Tag::parse("").is_err());
        assert!(Tag::parse("#").is_err());
        assert!(Tag::parse(&"x".repeat(33)).is_err());
        assert!(Tag::parse(&"x".repeat(32)).is_ok());
        let tags = Tags::parse_list("work, #home Work").unwrap();
        assert_eq!(tags.to_string(), "#work #home");
        let eleven: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
        let err = Tags::parse(&eleven).unwrap_err();
        assert_eq!(err, FieldError::TooManyTags(11));
        assert_eq!(err.field(), "tags");
        assert!(serde_json::from_str::<Tags>(r#"["a b"]"#).is_err());
        assert_eq!(
            serde_json::to_string(&Tags::parse(["A"]).unwrap()).unwrap(),
            r#"["a"]"#
        );
    }
}
