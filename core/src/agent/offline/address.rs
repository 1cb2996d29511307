//! Terms of address and courtesy said around a request: "mark 9 as done,
//! dear", "delete 6 please hun", "mate, add milk", "delete please the task
//! 6". They say who is spoken to, never what to do, so they go before the
//! request is read.

use super::*;

/// Words a person calls the one they write to.
pub(super) const ADDRESS_TERMS: &[&str] = &[
    // Indian English: "thanks bhai", "add milk yaar", "ok ji".
    "bhai",
    "bhaiya",
    "yaar",
    "ji",
    "didi",
    "dear",
    "love",
    "luv",
    "hun",
    "hon",
    "honey",
    "darling",
    "sweetie",
    "babe",
    "mate",
    "bro",
    "bruv",
    "dude",
    "buddy",
    "pal",
    "man",
    "fam",
    "boss",
    "chief",
    "sir",
    "madam",
    "friend",
    "guys",
    "x",
    "xx",
    "xxx",
    "chef",
    "captain",
    "doc",
    "champ",
    // Filipino "ate" and "kuya" (older sister, brother); "sugar" (Southern US).
    "ate",
    "kuya",
    "sugar",
    "sis",
    // Spanish and northern English terms of address: "gracias compa", "ta lad".
    "compa",
    "compadre",
    "amigo",
    "amiga",
    "hermano",
    "jefe",
    "mija",
    "mijo",
    "lad",
    "lass",
    "sweetheart",
    "bestie",
];

/// Words before a last word that make it part of the title, not an
/// address: "buy a gift for my mate", "call the man", "text dear".
const OWNED: &[&str] = &[
    "my", "your", "our", "his", "her", "their", "the", "a", "an", "for", "to", "with", "call", "text",
    "ring", "email", "phone", "visit", "meet", "see", "and", "of", "in", "my", "best", "old", "i",
];

/// The text without a term of address said first (with a comma) or last
/// (after a comma, "please" or a finished request), when more is left.
pub(super) fn without_address(s: &str) -> Option<String> {
    // Most messages have no term of address at either end: look first.
    let first = s.split([' ', ',']).next().unwrap_or("");
    let last = s
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .trim_end_matches(['!', '.', ')', '?']);
    let term =
        |w: &str| (1..=8).contains(&w.len()) && ADDRESS_TERMS.iter().any(|a| a.eq_ignore_ascii_case(w));
    if !term(first) && !term(last) {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    // "mate, add milk": first, with its comma.
    if let Some((first, rest)) = lower.split_once(", ")
        && ADDRESS_TERMS.contains(&first)
        && !rest.trim().is_empty()
    {
        return Some(s[first.len() + 2..].trim_start().to_owned());
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    let [.., before, last] = words.as_slice() else {
        return None;
    };
    let last = last.trim_end_matches(['!', '.', ')', '?']);
    if !ADDRESS_TERMS.contains(&last) {
        return None;
    }
    let comma = before.ends_with(',');
    let before = before.trim_end_matches([',', '!', '.']);
    if !comma && OWNED.contains(&before) {
        return None;
    }
    // A short message ("thanks love", "night mate") stays for small talk.
    if words.len() < 3 && !comma {
        return None;
    }
    let at = lower.rfind(last)?;
    let head = s[..at].trim_end().trim_end_matches([',', ' ']);
    (!head.is_empty()).then(|| head.to_owned())
}

/// Courtesy words said after the verb: "delete please the task number 6".
pub(super) const COURTESY: &[&str] = &["please", "pls", "plz", "kindly"];

/// The text without a courtesy word said second, after the verb.
pub(super) fn without_inner_courtesy(s: &str) -> Option<String> {
    let mut words = s.splitn(3, ' ');
    let (verb, second, rest) = (words.next()?, words.next()?, words.next()?);
    // "later pls, snooze …": a courtesy closing a clause stays for it.
    (!verb.ends_with(',') && COURTESY.iter().any(|c| c.eq_ignore_ascii_case(second)) && !rest.is_empty())
        .then(|| format!("{verb} {}", rest.trim_start_matches([',', ' '])))
}

/// "the task 3 it is done": a task number, then "it" said again before the
/// link (non-native order), without the "it".
pub(super) fn without_resumptive_it(s: &str) -> Option<String> {
    // Only a message with a digit and " it " is read further.
    if !s.bytes().any(|b| b.is_ascii_digit())
        || !s.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b" it "))
    {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    [" it is ", " it was ", " it has been "].iter().find_map(|p| {
        let at = lower.find(p)?;
        // Only after the task alone: "drop 6 it's not happening" is a reason.
        let task = Text {
            original: &s[..at],
            lower: &lower[..at],
        };
        number_token(&task)
            .is_some_and(|(_, rest)| rest.is_empty())
            .then(|| format!("{}{}", &s[..at + 1], &s[at + 4..]))
    })
}
