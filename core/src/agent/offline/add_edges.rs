//! The edges of a new task's line left by the lead of a request: a label
//! before a colon or a comma ("Add for me: …", "the following item: …",
//! "register task: …", "very important task, pay rent …"), adverbs said
//! before the verb ("actually take a lunch break", "absolutely send …"),
//! a level said inside the line ("renew the card with medium priority next
//! week") and a question mark left inside it ("call grandma? sunday").

use super::*;

/// Words a label before the title is made of: "for me:", "the following
/// item:", "new task:", "very important task,", "with low priority,".
const LABEL_WORDS: &[&str] = &[
    "add",
    "for",
    "me",
    "the",
    "following",
    "item",
    "items",
    "task",
    "tasks",
    "todo",
    "to-do",
    "reminder",
    "note",
    "entry",
    "register",
    "new",
    "a",
    "an",
    "one",
    "another",
    "with",
    "please",
    "pls",
    "kindly",
    "very",
    "really",
    "super",
    "urgent",
    "important",
    "high",
    "medium",
    "low",
    "top",
    "priority",
    "quick",
    "this",
    "here",
    "is",
    "my",
    "list",
    "create",
    "put",
    "down",
    // "Put there for me: …" once its verb went.
    "there",
];

/// Words of which a label before a colon needs one to be a label: "I
/// should be grateful if you would add the following: …".
const COLON_LABEL_WORDS: &[&str] = &[
    "add",
    "following",
    "task",
    "item",
    "reminder",
    "todo",
    "to-do",
    "register",
    "note",
    "entry",
];

/// Levels said in a label or inside the line, and their markers.
const LEVELS: &[(&str, &str)] = &[
    ("low priority", "p3"),
    ("medium priority", "p2"),
    ("normal priority", "p2"),
    ("high priority", "p1"),
    ("top priority", "p1"),
    ("urgent", "p1"),
    ("important", "p1"),
];

/// An event one has, said before it with its owner: "I have my hair
/// appointment tomorrow", "we've got a parents' evening on friday".
const HAVING: &[&str] = &[
    "i have my ",
    "i have a ",
    "i have an ",
    "i've got my ",
    "i've got a ",
    "i've got an ",
    "ive got a ",
    "ive got my ",
    "i got my ",
    "i got a ",
    "we have a ",
    "we have our ",
    "we've got a ",
    "we've got our ",
];

/// The same said without an article, as learners do: "i have meeting with
/// my buddy at 14:30 today", "we have team project check every 2 weeks".
const HAVING_BARE: &[&str] = &[
    "i have ",
    "we have ",
    "i've got ",
    "we've got ",
    "ive got ",
    "i got ",
];

/// Adverbs said before the verb of a title: "to actually take a lunch break".
const LEAD_ADVERBS: &[&str] = &[
    "actually",
    "absolutely",
    "definitely",
    "seriously",
    "finally",
    "also",
    "urgently",
];

/// Words of a need said before the verb, with a hedge or an apology:
/// "sorry I should probably email …", "I think we must also fix …".
const NEED_LEAD: &[&str] = &[
    "sorry",
    "i",
    "we",
    "think",
    "should",
    "probably",
    "also",
    "guess",
    "suppose",
    "need",
    "needs",
    "to",
    "must",
    "have",
    "has",
    "gotta",
    "got",
    "really",
    "just",
    "maybe",
    "ought",
    "definitely",
    "so",
    "ok",
    "okay",
    "well",
];
/// Of which one must be said: the need itself.
const NEEDS: &[&str] = &[
    "should", "need", "needs", "must", "have", "has", "gotta", "got", "ought",
];

/// "Sorry I should probably email my supervisor" → "email my supervisor":
/// a need said before a doing verb goes, however it is hedged.
fn without_a_need(line: &str) -> Option<&str> {
    let mut at = 0;
    let mut need = false;
    for word in line.split(' ') {
        let w = word.trim_end_matches(',').to_ascii_lowercase();
        if !NEED_LEAD.contains(&w.as_str()) {
            let rest = &line[at..];
            return (need && a_doing_verb(&w) && rest.split_whitespace().count() >= 2).then_some(rest);
        }
        need |= NEEDS.contains(&w.as_str());
        at += word.len() + 1;
    }
    None
}

/// What one does by habit or asks to be reminded of, after a time said
/// first: "every sunday i go market" → "go market", "tomorrow 7am remind
/// me wake up" → "wake up".
fn done_by_habit(rest: &str) -> Option<&str> {
    let lower = rest.to_ascii_lowercase();
    let lead = [
        "i ",
        "we ",
        "remind me to ",
        "remind me ",
        "please remind me to ",
        "pls remind me to ",
    ]
    .iter()
    .filter(|l| lower.starts_with(**l))
    .max_by_key(|l| l.len())?;
    let task = &rest[lead.len()..];
    let verb = task.split_whitespace().next()?.to_ascii_lowercase();
    let asked = lead.contains("remind");
    ((asked || a_doing_verb(&verb)) && task.split_whitespace().count() >= 2).then_some(task)
}

/// Singlish and learners' "got" for "there is", and the having of an
/// event, said before it: "got meeting with client" → "meeting with client".
fn event_had(rest: &str) -> Option<&str> {
    let lower = rest.to_ascii_lowercase();
    let lead = HAVING
        .iter()
        .chain(HAVING_BARE)
        .chain(&["got ", "have ", "got a ", "have a ", "there's a ", "there is a "])
        .filter(|h| lower.starts_with(**h))
        .max_by_key(|h| h.len())?;
    let event = &rest[lead.len()..];
    (event.split_whitespace().count() >= 2
        && !["to ", "it", "that", "no "].iter().any(|w| event.starts_with(w)))
    .then_some(event)
}

/// The time said first in a line, up to four words, and the rest:
/// "tomorrow 9am must chase it" → ("tomorrow 9am", "must chase it").
fn time_said_first(line: &str) -> Option<(&str, &str)> {
    let ends: Vec<usize> = line
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .take(4)
        .collect();
    ends.iter()
        .rev()
        .find(|at| is_time_phrase(&line[..**at]))
        .map(|at| (&line[..*at], line[*at + 1..].trim_start()))
}

/// A request said as a noun before the title and a wish after it: "A
/// reminder to submit the report … would be helpful".
const NOUN_LEADS: &[&str] = &["a reminder to ", "a task to ", "a note to ", "to "];
const WISHED_AFTER: &[&str] = &[
    " would be helpful",
    " would be great",
    " would be nice",
    " would be lovely",
    " would be appreciated",
    " would be good",
];
/// Contact verbs said with "to" by learners: "call to my mom".
const CONTACT_TO: &[&str] = &["call to ", "phone to ", "ring to ", "text to "];
const PERSON_WORDS: &[&str] = &["my ", "the ", "his ", "her ", "our ", "mr ", "mrs ", "ms ", "dr "];

/// Verbs of arranging a meeting said before it: "set up a recurring 1:1
/// with Tom", "arrange a call with the landlord". The meeting is the task.
/// "schedule" stays: writers keep it in the title about as often as not
/// ("Schedule a sync with design …", "schedule a haircut").
const ARRANGING: &[&str] = &[
    "set up ",
    "setup ",
    "arrange ",
    "organise ",
    "organize ",
    "line up ",
];
/// Words between the verb and the meeting that say it repeats (the repeat
/// is said elsewhere in the line).
const ARRANGED_REPEATS: &[&str] = &["recurring ", "regular ", "repeating "];
/// Meetings that are arranged.
const ARRANGED_EVENTS: &[&str] = &[
    "call",
    "meeting",
    "1:1",
    "1-1",
    "one-on-one",
    "1-on-1",
    "one to one",
    "catch-up",
    "catchup",
    "catch up",
    "chat",
    "sync",
    "check-in",
    "video call",
    "phone call",
    "zoom",
    "teams call",
    "meet",
    "session",
];

/// "set up a call with the surveyor …" → "call with the surveyor …".
fn arranged_meeting(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let verb = ARRANGING.iter().find(|v| lower.starts_with(**v))?;
    let rest = &lower[verb.len()..];
    let article = ["a ", "an ", "the "].iter().find(|a| rest.starts_with(**a))?;
    let mut at = verb.len() + article.len();
    if let Some(r) = ARRANGED_REPEATS.iter().find(|r| lower[at..].starts_with(**r)) {
        at += r.len();
    }
    let event = ARRANGED_EVENTS
        .iter()
        .find(|e| lower[at..].starts_with(**e) && lower[at + e.len()..].starts_with(' '))?;
    // "schedule a call" alone, or "… with …", "… for …": a meeting said with more.
    (lower[at + event.len()..].split_whitespace().count() >= 2).then(|| line[at..].to_owned())
}

/// A level said inside the line with its preposition: "with medium
/// priority", "as a high priority", "of low priority".
const LEVEL_PREPOSITIONS: &[&str] = &["with ", "as ", "as a ", "at ", "of ", "in "];

fn level_in(lower: &str) -> Option<&'static str> {
    LEVELS
        .iter()
        .find(|(w, _)| contains_word(lower, w))
        .map(|(_, m)| *m)
}

/// The new task's line without the edges a request's lead left, or `None`.
pub(super) fn without_lead_edges(line: &str) -> Option<String> {
    if line.starts_with(['"', '“', '\'']) {
        return None;
    }
    let mut out = line.to_owned();
    let mut marker: Option<&'static str> = None;
    // Labels, one after another: "With low priority, the following item: …".
    loop {
        let lower = out.to_ascii_lowercase();
        let sep = [": ", ", "]
            .iter()
            .filter_map(|s| lower.find(s).map(|at| (at, s.len())))
            .min();
        let Some((at, len)) = sep else { break };
        let head = &lower[..at];
        let words: Vec<&str> = head.split_whitespace().collect();
        let colon = lower[at..].starts_with(':');
        let label = !words.is_empty() && words.iter().all(|w| LABEL_WORDS.contains(w))
            // A comma label must say a level or a task noun: not "please, …".
            && (colon
                || words.iter().any(|w| ["task", "item", "priority", "important", "urgent", "reminder"].contains(w))
                // "For me, buy rice cooker", "note for me, …": who it is for, last.
                || words.len() >= 2
                    && words[words.len() - 2] == "for"
                    && ["me", "us"].contains(&words[words.len() - 1]))
            || colon && words.len() <= 12 && words.iter().any(|w| COLON_LABEL_WORDS.contains(w));
        let rest = out[at + len..].trim_start();
        if !label || rest.split_whitespace().count() < 2 {
            break;
        }
        marker = marker.or_else(|| level_in(head));
        out = rest.to_owned();
    }
    // "I have my hair appointment tomorrow at 10:30": an event one has, at its time.
    let lower = out.to_ascii_lowercase();
    if let Some(lead) = HAVING.iter().find(|h| lower.starts_with(**h))
        && out[lead.len()..].split_whitespace().count() >= 2
        && quickadd::parse(
            &out[lead.len()..],
            time::Timestamp::UNIX_EPOCH,
            &time::TimeZone::UTC,
        )
        .due
        .is_some()
    {
        out = out[lead.len()..].to_owned();
    } else if let Some(lead) = HAVING_BARE.iter().find(|h| lower.starts_with(**h))
        && let rest = &out[lead.len()..]
        && rest.split_whitespace().count() >= 2
        && !["to ", "a ", "an ", "the ", "my ", "our ", "it", "that", "no "]
            .iter()
            .any(|w| rest.to_ascii_lowercase().starts_with(w))
        && {
            let said = quickadd::parse(rest, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
            said.due.is_some() || said.repeat.is_some()
        }
    {
        out = rest.to_owned();
    }
    if let Some(rest) = without_a_need(&out) {
        out = rest.to_owned();
    } else if let Some((when, rest)) = time_said_first(&out)
        && let Some(task) = without_a_need(rest)
            .or_else(|| event_had(rest))
            .or_else(|| done_by_habit(rest))
    {
        // "tomorrow 9am must chase the forwarder", "every monday must send
        // the report": the need after a time said first goes too; so does
        // the having of an event ("tomorrow got meeting with client").
        out = format!("{task} {when}");
    }
    // "A reminder to submit the report … would be helpful", "To take the pills".
    let lower = out.to_ascii_lowercase();
    if let Some(wish) = WISHED_AFTER
        .iter()
        .find(|w| lower.trim_end_matches('.').ends_with(**w))
    {
        out.truncate(lower.trim_end_matches('.').len() - wish.len());
    }
    if let Some(lead) = NOUN_LEADS.iter().find(|l| lower.starts_with(**l))
        && out[lead.len()..]
            .split_whitespace()
            .next()
            .is_some_and(|v| a_doing_verb(&v.to_ascii_lowercase()))
        && out[lead.len()..].split_whitespace().count() >= 2
    {
        out = out[lead.len()..].to_owned();
    }
    // "call to my mom in korea": the contact verb without its "to".
    let lower = out.to_ascii_lowercase();
    if let Some((at, verb)) = CONTACT_TO.iter().find_map(|v| {
        let at = if lower.starts_with(v) {
            0
        } else {
            lower.find(&format!(" {v}"))? + 1
        };
        Some((at, *v))
    }) && PERSON_WORDS
        .iter()
        .any(|p| lower[at + verb.len()..].starts_with(p))
    {
        let end = at + verb.len();
        out = format!("{}{}", &out[..end - 3], &out[end - 1..]);
    }
    // "Actually take a lunch break": the adverb before the verb goes.
    if let Some((first, rest)) = out.split_once(' ')
        && LEAD_ADVERBS.contains(&first.to_ascii_lowercase().as_str())
        && rest.split_whitespace().count() >= 2
        && rest.starts_with(|c: char| c.is_alphabetic())
    {
        out = rest.to_owned();
    }
    if let Some(meeting) = arranged_meeting(&out) {
        out = meeting;
    }
    // "… with medium priority next week": the level said inside the line.
    let lower = out.to_ascii_lowercase();
    let levelled = lower.contains(" priority");
    for (level, m) in LEVELS.iter().filter(|(l, _)| levelled && l.ends_with("priority")) {
        let found = LEVEL_PREPOSITIONS.iter().find_map(|p| {
            let phrase = format!(" {p}{level}");
            lower.find(&phrase).map(|at| (at, phrase.len()))
        });
        if let Some((at, len)) = found {
            out = format!("{}{}", &out[..at], &out[at + len..]);
            marker = marker.or(Some(m));
            break;
        }
    }
    // "Call grandma? sunday at 4pm": a question mark inside the line.
    if let Some(at) = out.find("? ").filter(|at| *at > 0 && !out.contains(['"', '“']))
        && out[..at].split_whitespace().count() >= 2
    {
        out = format!("{}{}", out[..at].trim_end_matches(['?', '!']), &out[at + 1..]);
    }
    if let Some(m) = marker
        && !out.split_whitespace().any(|w| ["p1", "p2", "p3"].contains(&w))
    {
        out = format!("{} {m}", out.trim_end_matches(['.', ',', ' ']));
    }
    let out = out.trim().to_owned();
    (out != line && !out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_leaves_no_edges_on_the_title() {
        let cut = |s: &str| without_lead_edges(s).unwrap_or_else(|| s.to_owned());
        assert_eq!(cut("For me: buy bread tonight"), "buy bread tonight");
        assert_eq!(
            cut("With low priority, the following item: update my log"),
            "update my log p3"
        );
        assert_eq!(
            cut("Very important task, pay rent by Dec 1"),
            "pay rent by Dec 1 p1"
        );
        assert_eq!(
            cut("Actually take a lunch break at 1pm"),
            "take a lunch break at 1pm"
        );
        assert_eq!(
            cut("Renew the card with medium priority next week"),
            "Renew the card next week p2"
        );
        assert_eq!(cut("Call grandma? sunday at 4pm"), "Call grandma sunday at 4pm");
        assert_eq!(cut("Buy milk, eggs and bread"), "Buy milk, eggs and bread");
        assert_eq!(
            cut("Still waiting on the plumber"),
            "Still waiting on the plumber"
        );
    }
}
