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
    let bye = |p: &str| !p.contains([',', '.', '!', ';', '-', '—', '–']) && small_talk(p).is_some();
    let left = |p: &str| {
        let p = ["right ", "ok ", "okay ", "well ", "so "]
            .iter()
            .find_map(|i| p.strip_prefix(i))
            .unwrap_or(p);
        p.split_whitespace().count() <= 8 && LEAVING.iter().any(|l| p.starts_with(l))
    };
    parts.len() >= 2
        && parts.iter().any(|p| bye(p))
        && parts.iter().any(|p| left(p))
        && parts.iter().all(|p| bye(p) || left(p))
}
