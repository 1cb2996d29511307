//! The text a phrase is read from: the original and its ASCII-lower-cased
//! copy, cut together so byte offsets line up.

#[derive(Clone, Copy)]
pub(super) struct Text<'a> {
    pub(super) original: &'a str,
    pub(super) lower: &'a str,
}

impl<'a> Text<'a> {
    /// The original text after the first matching prefix (case-insensitive).
    /// The longest matching prefix wins, so a table's order does not matter
    /// ("done with " before "done ").
    pub(super) fn after(&self, prefixes: &[&str]) -> Option<Text<'a>> {
        let p = prefixes
            .iter()
            .filter(|p| self.lower.starts_with(**p))
            .max_by_key(|p| p.len())?;
        Some(Text {
            original: self.original[p.len()..].trim_start(),
            lower: self.lower[p.len()..].trim_start(),
        })
    }

    /// After a framing phrase that ends at a word boundary, with any
    /// separator after it taken off: "note to self: x", "memo - x", "todo x".
    pub(super) fn after_frame(&self, frames: &[&str]) -> Option<Text<'a>> {
        let p = frames
            .iter()
            .map(|p| p.trim_end_matches([' ', ':']))
            .filter(|p| {
                self.lower.starts_with(*p)
                    && !self.lower[p.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '\'')
            })
            .max_by_key(|p| p.len())?;
        let cut = |s: &'a str| s[p.len()..].trim_start_matches([':', '-', '–', '—', ',', ' ']);
        let rest = Text {
            original: cut(self.original),
            lower: cut(self.lower),
        };
        (!rest.lower.is_empty()).then_some(rest)
    }

    /// The original text before the first matching suffix.
    pub(super) fn before(&self, suffixes: &[&str]) -> Option<Text<'a>> {
        let s = suffixes
            .iter()
            .filter(|s| self.lower.ends_with(**s))
            .max_by_key(|s| s.len())?;
        let end = self.lower.len() - s.len();
        Some(Text {
            original: self.original[..end].trim_end(),
            lower: self.lower[..end].trim_end(),
        })
    }

    /// The lower-cased text's words (split at single spaces), each with the
    /// byte offset it starts at.
    pub(super) fn words_at(&self) -> Vec<(usize, &'a str)> {
        self.lower
            .split(' ')
            .scan(0, |at, w| {
                let start = *at;
                *at += w.len() + 1;
                Some((start, w))
            })
            .collect()
    }

    pub(super) fn is_one_of(&self, words: &[&str]) -> bool {
        words.contains(&self.lower)
    }

    pub(super) fn has_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| contains_word(self.lower, w))
    }
}

/// Where the first of `needles` starts in `haystack`, and which (the longest
/// there): one pass over the text rather than a search per needle.
pub(super) fn first_of<'n>(haystack: &str, needles: &[&'n str]) -> Option<(usize, &'n str)> {
    let bytes = haystack.as_bytes();
    // The bytes a needle starts with: only there is any needle compared
    // (most tables start every phrase with a space).
    let mut starts = [false; 256];
    for n in needles {
        if let Some(b) = n.as_bytes().first() {
            starts[*b as usize] = true;
        }
    }
    (0..bytes.len())
        .filter(|i| starts[bytes[*i] as usize])
        .find_map(|i| {
            let rest = &bytes[i..];
            needles
                .iter()
                .filter(|n| rest.starts_with(n.as_bytes()))
                .max_by_key(|n| n.len())
                .map(|n| (i, *n))
        })
}

pub(super) fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

pub(super) fn unquote(s: &str) -> &str {
    s.trim()
        .trim_matches(['"', '\'', '“', '”', '‘', '’', '`', '«', '»'])
        .trim()
}

/// Whether `haystack` holds `needle` in any case, without lowering either
/// (a look before a phrase table is read).
pub(super) fn contains_any_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}
