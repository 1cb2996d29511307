//! A line that carries a date or a repeat with no verb of its own ("pay
//! rent every month on the 1st", "dentist tomorrow at 3pm") is something to
//! add; news of one's day with its time ("I burnt the toast this morning")
//! and an edit of something said before ("move that to friday") are not.

use super::*;

/// A line with no verb that still carries a date or a repeat ("pay rent every
/// month on the 1st", "dentist tomorrow at 3pm") is something to add.
/// "make it 3pm instead", "move that to friday": an edit of something said
/// before, with no task named; never a new task.
pub(super) fn edits_an_earlier_thing(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    let (Some(verb), Some(object)) = (words.next(), words.next()) else {
        return false;
    };
    [
        "make", "move", "change", "set", "push", "put", "switch", "do", "shift", "bump",
    ]
    .contains(&verb)
        && ["it", "that", "this", "them", "those", "everything", "all"].contains(&object)
}

/// How news starts: of one's own day ("i had a lovely walk today", "we
/// went to the beach yesterday") or of the world ("it will rain tomorrow").
/// A time in it says when it was, not a task's due.
const PAST_NEWS: &[&str] = &[
    "i had ",
    "we had ",
    "i went ",
    "we went ",
    "i was ",
    "we were ",
    "i saw ",
    "we saw ",
    "i met ",
    "we met ",
    "i've had ",
    "we've had ",
    "i enjoyed ",
    "we enjoyed ",
    "i loved ",
    "i felt ",
    // What the world will do: "(i think) it will rain tomorrow".
    "it will ",
    "it'll ",
    "it might ",
    "it may ",
    "it's going to ",
    "it is going to ",
    "there will be ",
    "there's going to be ",
];

/// Past forms that do not end in "-ed".
pub(super) const IRREGULAR_PAST: &[&str] = &[
    "burnt", "made", "got", "went", "saw", "had", "ate", "took", "left", "lost", "found", "bought", "broke",
    "spent", "won", "ran", "came", "did", "said", "told", "heard", "felt", "met", "kept", "slept", "drove",
    "wrote", "sent", "paid", "caught", "fell", "forgot", "gave", "knew", "thought", "brought", "sold",
    "swam", "sang", "wore", "tore", "rode", "flew", "drank", "began", "hurt", "cut", "spilt", "spilled",
    "given", "gone", "lent", "seen", "became", "meant",
];
/// Words ending in "-ed" that are no past form.
pub(super) const NOT_PAST: &[&str] = &[
    "need", "feed", "bed", "seed", "speed", "shed", "embed", "proceed", "exceed", "succeed",
];

/// News of one's own day with its time: "I burnt the toast this morning",
/// "we painted the fence yesterday" (a time in it says when it was).
/// So is what one is doing now: "I'm working from home today" ("I'm
/// meeting Sam on friday" keeps its later day and stays a task).
fn told_in_the_past(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    let (Some(subject), Some(verb)) = (words.next(), words.next()) else {
        return false;
    };
    let past = ["i", "we"].contains(&subject)
        && (IRREGULAR_PAST.contains(&verb) || verb.ends_with("ed") && !NOT_PAST.contains(&verb));
    let now = ["i'm", "we're"].contains(&subject) && verb.ends_with("ing") && !a_later_day(lower);
    past || now
}

/// What someone else said, with its time: "the plumber said he'd come on
/// thursday", "mum says she's visiting next week" (news, not one's task).
fn reported(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    let first = words.next().unwrap_or("");
    !["i", "we", "i've", "we've"].contains(&first)
        && words
            .take(3)
            .any(|w| ["said", "says", "reckons", "told", "promised", "mentioned"].contains(&w))
}

pub(super) fn parse_timed_line(t: &Text<'_>, question: bool) -> Option<Intent> {
    if edits_an_earlier_thing(t.lower) {
        return None;
    }
    // "I have a doctor's appointment on monday at 9": the appointment.
    let t = &t
        .after(&[
            "i have a ",
            "i have an ",
            "i've got a ",
            "i've got an ",
            "i got a ",
            "i got an ",
            "there's a ",
            "there is a ",
            "we have a ",
            "we've got a ",
        ])
        .unwrap_or(*t);
    if a_statement(t.lower)
        || PAST_NEWS.iter().any(|p| t.lower.starts_with(p))
        || told_in_the_past(t.lower)
        || reported(t.lower)
    {
        return None;
    }
    let line = task_line(&dequote(&without_link(t.original)));
    let reading = quickadd::parse(&line, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    let timed = reading.due.is_some() || reading.repeat.is_some();
    // "is it going to rain tomorrow": a question about the world, without its mark.
    // "is the shop open on sunday": a question about the world, without its mark.
    let asked = [
        "what", "when", "is ", "are ", "will it ", "does ", "was ", "were ", "how ", "where ", "who ", "why ",
    ];
    let question = question || asked.iter().any(|q| t.lower.starts_with(q));
    (timed && !question && !reading.title.trim().is_empty()).then_some(Intent::Add(line))
}
