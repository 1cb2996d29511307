//! A new time said of a task as a state, or with an arrow: "vat return is
//! friday now not today", "the dentist is now on thursday", "audit -> Dec 4".

use super::*;

/// Arrows typed between a task and its new time.
const ARROWS: &[&str] = &["->", "→", "=>", "-->"];

/// Links between a task and its new time, said as a state.
const STATE_LINKS: &[&str] = &[
    " is now on ",
    " is now ",
    " are now ",
    " is on ",
    " is ",
    " are ",
    "'s now ",
    "'s ",
];

/// A move said as a state of the task, changed ("now", "instead", or the
/// old time denied after it: "…, not today"), or with an arrow. The task is
/// a few words without a number; the new time is only a time.
pub(super) fn moved_as_said(text: &str) -> Option<Intent> {
    let lower = text.trim().trim_end_matches(['.', '!', ' ']).to_ascii_lowercase();
    // "audit -> Dec 4": a task, an arrow, a time.
    if let Some((arrow, at)) = ARROWS.iter().find_map(|a| lower.find(a).map(|at| (a, at))) {
        let name = lower[..at].trim();
        let when = lower[at + arrow.len()..].trim();
        return task_and_time(text, name, when);
    }
    if !lower.contains(" now") && !lower.contains(" not ") && !lower.contains(" instead") {
        return None;
    }
    let mut body = lower.as_str();
    let mut changed = false;
    // "…, not today": the old time denied.
    if let Some(at) = body.rfind(" not ")
        && is_time_phrase(&body[at + 5..])
    {
        body = body[..at].trim_end_matches([',', ' ', ';']);
        changed = true;
    }
    for end in [" now", " instead"] {
        if let Some(head) = body.strip_suffix(end) {
            body = head.trim_end_matches([',', ' ']);
            changed = true;
        }
    }
    let (at, link) = STATE_LINKS.iter().find_map(|l| body.find(l).map(|at| (at, *l)))?;
    changed |= link.contains(" now");
    if !changed {
        return None;
    }
    task_and_time(text, &body[..at], body[at + link.len()..].trim())
}

/// The move of a task named by `name` to `when`, each read from the
/// lower-cased text: the name in the writer's own case.
fn task_and_time(text: &str, name: &str, when: &str) -> Option<Intent> {
    let words = name.split_whitespace().count();
    if !(1..=6).contains(&words)
        || name.contains(|c: char| c.is_ascii_digit())
        || name.split_whitespace().next().is_some_and(|w| {
            [
                "i", "we", "it", "that", "this", "there", "what", "when", "which", "who", "he", "she", "they",
            ]
            .contains(&w)
        })
        || when.is_empty()
        || !is_time_phrase(when)
    {
        return None;
    }
    let from = text.to_ascii_lowercase().find(name)?;
    let name = &text[from..from + name.len()];
    let name = ["the ", "my ", "The ", "My "]
        .iter()
        .find_map(|a| name.strip_prefix(a))
        .unwrap_or(name);
    Some(Intent::Move(Target::Named(name.to_owned()), when.to_owned()))
}
