//! Statements about oneself or the world that are no task: a subject
//! linked to how it is ("my cat is being weird today", "the museum is
//! closed on mondays"); "my dentist appointment is on friday" says when
//! something is, and stays a task.

use super::*;

/// Verbs that link a subject to how it is: "my cat is being weird today".
pub(super) const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't", "seems", "seem", "seemed", "feels",
    "feel", "felt", "looks", "look", "looked", "keeps", "keep", "kept",
];
/// A subject and "is"/"are" in one word: "it's been a long day". Not a
/// possessive: "doctor's appointment".
pub(super) const SUBJECT_CONTRACTIONS: &[&str] = &[
    "it's",
    "that's",
    "he's",
    "she's",
    "they're",
    "you're",
    "everything's",
    "work's",
    "life's",
    "today's",
    "traffic's",
    "weather's",
    "there's",
];

/// A statement about oneself or the world, not a task: a subject (a few
/// words, no to-do verb, no number) then "is/are/was…", with no time right
/// after it ("my cat is being weird today", "the kids are driving me
/// crazy", "work was long today", "it's been a long day"). "my dentist
/// appointment is on friday" says when something is, and stays a task; a
/// statement with an order in a later clause ("my passport expires in june,
/// renew it") is read by that clause.
pub(super) fn a_statement(lower: &str) -> bool {
    linked(lower).is_some_and(|(_, timed)| !timed)
}

/// "is"/"are" (or a subject with it: "it's"), not the past: "my sister is
/// visiting this weekend" may be an event, "work was long" never is.
fn linked_now(link: &str) -> bool {
    ["is", "are"].contains(&link) || SUBJECT_CONTRACTIONS.contains(&link)
}

/// Whether the words carry a day after today ("this weekend", "on friday",
/// "next week"); "today", "tonight" and "this morning" are how things are now.
pub(super) fn a_later_day(rest: &str) -> bool {
    let (now, zone) = (time::Timestamp::UNIX_EPOCH, time::TimeZone::UTC);
    let today = zone.to_datetime(now).date();
    quickadd::parse(rest, now, &zone)
        .due
        .is_some_and(|due| due.to_local_iso().get(..10) != Some(today.to_string().as_str()))
}

/// How a place or thing is, said after its link: "the museum is closed".
const STATES: &[&str] = &[
    "closed",
    "open",
    "shut",
    "busy",
    "quiet",
    "packed",
    "crowded",
    "empty",
    "full",
    "cheaper",
    "cheap",
    "expensive",
    "free",
    "always",
    "usually",
    "normally",
    "never",
    "often",
    "sometimes",
    "rarely",
    "off",
    "away",
    "out",
    "released",
];
/// Weekdays said in the plural: what happens every week, not a due.
const HABITUAL_DAYS: &[&str] = &[
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "saturdays",
    "sundays",
    "weekends",
    "weekdays",
];

/// A subject linked by "is/are/was…" (the link's word index) and whether a
/// time follows the link.
pub(super) fn linked(lower: &str) -> Option<(usize, bool)> {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    if TODO_VERBS.contains(&first) || ["i", "i'm", "im", "we", "we're", "i've", "we've"].contains(&first) {
        return None;
    }
    // "my knee appointment at the clinic is on …": a subject of up to six words.
    let linked = words.iter().take(7).enumerate().find_map(|(k, w)| {
        if k > 0 && COPULAS.contains(w) {
            return Some(k + 1);
        }
        SUBJECT_CONTRACTIONS.contains(w).then_some(k + 1)
    });
    let after = linked?;
    let subject_plain = words[..after]
        .iter()
        .all(|w| !w.chars().any(|c| c.is_ascii_digit()));
    let rest = words[after..].join(" ");
    let timed = [
        "on ", "at ", "due ", "by ", "in ", "next ", "this ", "every ", "tomorrow", "today", "tonight",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
        || is_time_phrase(&rest)
        || (linked_now(words[after - 1]) && a_later_day(&rest));
    // "the museum is closed on mondays", "the gym is always packed on
    // saturdays": how a thing is, or is every week, is no task.
    let how_it_is = words[after..].first().is_some_and(|w| STATES.contains(w))
        || words[after..].iter().any(|w| HABITUAL_DAYS.contains(w));
    (subject_plain && !rest.is_empty()).then_some((after - 1, timed && !how_it_is))
}
