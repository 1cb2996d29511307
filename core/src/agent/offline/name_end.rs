//! Names end where the chat starts: "scratch the conference thing I'm not
//! going" names the conference, "kill task #15 with fire" task 15, "the
//! towels one shd say …" the towels, "bump YC email to p1" the YC email.

use super::Target;

/// Words that start a clause of their own after a task's name: a subject
/// ("I'm not going", "he's not coming", "someone already ordered") or a
/// modal ("should probably", "shd say", "can wait").
const CLAUSE_STARTS: &[&str] = &[
    "i", "i'm", "im", "i've", "ive", "i'll", "he", "he's", "she", "she's", "we", "we're", "we've", "they",
    "they're", "someone", "somebody", "should", "shd", "shld", "could", "would", "might", "must",
];

/// Verbs of an edit said first that a name may have swallowed: "bump yc email".
const EDIT_VERBS: &[&str] = &["bump", "raise", "lower", "move", "mark", "tick", "set"];

/// The kind of entry said after a name: "the conference thing".
const ENTRY_NOUNS: &[&str] = &["thing", "one", "1", "task", "item", "reminder", "job"];

/// Words after a task's number that are chat, not a name: "#15 with fire",
/// "5 as concluded", "3 please".
const AFTER_A_NUMBER: &[&str] = &["with", "as", "please", "pls", "now", "too", "anyway", "already"];

/// The task `target` names once the chat after its name goes, or `None`
/// when it names it as it is.
pub(super) fn name_before_chat(target: &Target) -> Option<Target> {
    let Target::Named(name) = target else {
        return None;
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    // "#15 with fire", "5 as concluded": a number, then chat.
    let number = lower[0].trim_start_matches('#');
    if words.len() > 1
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
        && AFTER_A_NUMBER.contains(&lower[1].as_str())
    {
        return Some(Target::Number(number.to_owned()));
    }
    let start = usize::from(words.len() > 2 && EDIT_VERBS.contains(&lower[0].as_str()));
    let end = (start + 1..words.len())
        .find(|&i| CLAUSE_STARTS.contains(&lower[i].as_str()))
        .unwrap_or(words.len());
    if start == 0 && end == words.len() {
        return None;
    }
    let mut kept = &words[start..end];
    while let [head @ .., last] = kept
        && !head.is_empty()
        && ENTRY_NOUNS.contains(&last.to_ascii_lowercase().as_str())
    {
        kept = head;
    }
    (!kept.is_empty()).then(|| Target::Named(kept.join(" ")))
}
