//! A goodbye with the leaving said in another clause: "night night, off to
//! bed after a long shift", "off to bed now, night".

use super::*;

/// How one says one is off: "off to bed", "heading to sleep", "logging off".
const LEAVING: &[&str] = &[
    "off to bed",
    "off to sleep",
    "heading to bed",
    "heading to sleep",
    "heading off",
    "going to bed",
    "going to sleep",
    "time for bed",
    "time to sleep",
    "bedtime",
    "bed time",
    "logging off",
    "signing off",
    "calling it a day",
    "calling it a night",
    "i'm off",
    "im off",
    "off now",
    "off to the ",
    "off to work",
    "am off",
    "i'm away",
    "am away",
    // In a hurry: "k bye gotta run", "must dash".
    "gotta run",
    "gotta go",
    "gotta dash",
    "got to go",
    "got to run",
    "have to run",
    "have to go",
    "need to run",
    "must dash",
    "must run",
    "gtg",
    "g2g",
];

/// A goodbye with the leaving said in another clause: "night night, off to
/// bed after a long shift", "off to bed now, night". Each clause is a
/// greeting or a short leaving.
pub(super) fn leaving(lower: &str) -> bool {
    if !LEAVING.iter().any(|l| lower.contains(l)) {
        return false;
    }
    let parts: Vec<&str> = lower
        .split([',', '.', '!', ';', '-', '—', '–'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // A part shorter than the message: no reading of the same words again.
    let bye = |p: &str| {
        p.len() < lower.trim().len()
            && !p.contains([',', '.', '!', ';', '-', '—', '–'])
            && small_talk(p).is_some()
    };
    let left = |p: &str| {
        let p = ["right ", "ok ", "okay ", "well ", "so "]
            .iter()
            .find_map(|i| p.strip_prefix(i))
            .unwrap_or(p);
        p.split_whitespace().count() <= 8 && LEAVING.iter().any(|l| p.starts_with(l))
    };
    // "k bye gotta run": a goodbye and the leaving in one clause.
    let both = |p: &str| {
        LEAVING.iter().any(|l| {
            p.strip_suffix(l)
                .is_some_and(|head| head.ends_with(' ') && small_talk(head.trim_end()).is_some())
        })
    };
    // "…, trauma coming in": why one leaves, said after it, asks nothing.
    let why = |i: usize, p: &str| {
        i > 0
            && (left(parts[i - 1]) || both(parts[i - 1]))
            && p.split_whitespace().count() <= 5
            && !p.contains(|c: char| c.is_ascii_digit())
            && !p.split_whitespace().next().is_some_and(todo_verb)
    };
    (parts.len() >= 2 || parts.iter().any(|p| both(p)))
        && parts.iter().any(|p| bye(p) || both(p))
        && parts.iter().any(|p| left(p) || both(p))
        && parts
            .iter()
            .enumerate()
            .all(|(i, p)| bye(p) || left(p) || both(p) || why(i, p))
}
