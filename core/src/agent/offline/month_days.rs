//! Dates and repeats said in other orders than the quick-add grammar's, on
//! a new task's line: "last friday of every month" and "every last friday
//! of month" → "every last friday", "on the 1st every month" → "every
//! month on the 1st", "until friday" (no repeat) → "by friday", and a
//! vague time said beside a real one ("at some point, maybe friday") goes.

use super::*;

/// Which of a month's weekdays: "the last friday of every month".
const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "last", "1st", "2nd", "3rd", "4th",
];
/// Words between "of" and "month": "of every month", "of the month", "of month".
const OF_MONTH: &[&[&str]] = &[
    &["of", "every", "month"],
    &["of", "each", "month"],
    &["of", "the", "month"],
    &["of", "month"],
];
/// Verbs of a state that lasts until a time ("stay until friday"): no deadline.
const STATE_VERBS: &[&str] = &[
    "stay", "wait", "keep", "remain", "sleep", "rest", "hold", "be", "live", "last",
];
/// Vague times said beside a real one: "at some point, maybe friday".
const VAGUE: &[&[&str]] = &[
    &["at", "some", "point"],
    &["sometime"],
    &["some", "time"],
    &["maybe"],
    &["perhaps"],
];

fn bare(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase()
}

/// Whether `words` at `at` are `phrase`, word by word.
fn said_at(words: &[String], at: usize, phrase: &[&str]) -> bool {
    phrase
        .iter()
        .enumerate()
        .all(|(k, p)| words.get(at + k).is_some_and(|w| w == p))
}

/// The line with its month's weekday, "until" and vague times said the
/// grammar's way, or `None` when it says none of them.
pub(super) fn month_days_said_the_grammars_way(line: &str) -> Option<String> {
    // Most lines say none of it: nothing to read again.
    let lower = line.to_ascii_lowercase();
    if ![" month", "until ", "till ", "some", "maybe", "perhaps"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return None;
    }
    let said: Vec<&str> = line.split_whitespace().collect();
    let words: Vec<String> = said.iter().map(|w| bare(w)).collect();
    let mut out: Vec<String> = Vec::with_capacity(said.len());
    let mut changed = false;
    let mut i = 0;
    let (now, zone) = (time::Timestamp::UNIX_EPOCH, time::TimeZone::UTC);
    let reading = quickadd::parse(line, now, &zone);
    while i < said.len() {
        // "last friday of every month" → "every last friday".
        if ORDINALS.contains(&words[i].as_str())
            && words
                .get(i + 1)
                .is_some_and(|w| crate::time::DAY_NAMES.contains(&w.as_str()))
            && let Some(of) = OF_MONTH.iter().find(|p| said_at(&words, i + 2, p))
        {
            // "every last friday of month", "on the first monday of every month".
            for lead in ["every", "the", "on"] {
                if out.last().is_some_and(|w: &String| w.eq_ignore_ascii_case(lead)) {
                    out.pop();
                }
            }
            let end = said[i + 1 + of.len()].ends_with(',');
            out.push(format!(
                "every {} {}{}",
                words[i],
                words[i + 1],
                if end { "," } else { "" }
            ));
            i += 2 + of.len();
            changed = true;
            continue;
        }
        // "on the 1st every month" → "every month on the 1st".
        if words[i] == "on"
            && words.get(i + 1).is_some_and(|w| w == "the")
            && words
                .get(i + 2)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
            && said_at(&words, i + 3, &["every", "month"])
        {
            out.push(format!("every month on the {}", words[i + 2]));
            i += 5;
            changed = true;
            continue;
        }
        // "until friday" with no repeat: the day it is due by.
        if ["until", "till"].contains(&words[i].as_str())
            && !STATE_VERBS.contains(&words[0].as_str())
            && reading.repeat.is_none()
            && reading.due.is_none()
            && i > 0
            && is_time_phrase(&said[i + 1..].join(" "))
        {
            out.push("by".to_owned());
            i += 1;
            changed = true;
            continue;
        }
        if reading.due.is_some()
            && i > 0
            && let Some(v) = VAGUE.iter().find(|v| said_at(&words, i, v))
        {
            let last = said[i + v.len() - 1];
            if last.ends_with(',')
                && let Some(prev) = out.last_mut()
                && !prev.ends_with(',')
            {
                prev.push(',');
            }
            i += v.len();
            changed = true;
            continue;
        }
        out.push(said[i].to_owned());
        i += 1;
    }
    changed.then(|| out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_months_weekday_and_until_read_as_the_grammar_says_them() {
        let read = |s: &str| month_days_said_the_grammars_way(s).unwrap_or_else(|| s.to_owned());
        assert_eq!(
            read("stocktake, last friday of every month"),
            "stocktake, every last friday"
        );
        assert_eq!(
            read("pay the bill every last friday of month"),
            "pay the bill every last friday"
        );
        assert_eq!(
            read("pay rent on the 1st every month #home"),
            "pay rent every month on the 1st #home"
        );
        assert_eq!(
            read("deliver the manual until friday"),
            "deliver the manual by friday"
        );
        assert_eq!(
            read("return the books at some point, maybe friday"),
            "return the books, friday"
        );
        assert_eq!(read("stay until friday"), "stay until friday");
        assert_eq!(
            read("bins on the first monday of every month"),
            "bins every first monday"
        );
    }
}
