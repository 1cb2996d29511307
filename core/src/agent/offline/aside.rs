//! Asides said around a complete request: a statement about why ("…, theyre
//! overdue already", "scrap 9 the trip got cancelled"), how one feels about
//! it ("…, finally 😅"), or what one is doing ("5pm pls, in a meeting").
//! They change nothing, so they go before the request is read.

use super::*;

/// Separators before an aside.
pub(super) const ASIDE_SEPARATORS: &[&str] = &[", ", " - ", "; ", " – ", " — ", ". ", "! ", "? ", " ("];

/// How a statement starts: a subject and its verb. After a separator, such a
/// clause is an aside ("add return the books tmrw, theyre overdue already",
/// "delete 3, we cancelled the trip").
pub(super) const STATEMENT_STARTS: &[&str] = &[
    "it's ",
    "its ",
    "it is ",
    "it was ",
    "it got ",
    "it has ",
    "it had ",
    "it turned ",
    "it turns ",
    "turns out ",
    "they're ",
    "they are ",
    "they were ",
    "they got ",
    "that's ",
    "thats ",
    "that was ",
    "i'm ",
    "i am ",
    "i was ",
    "i've ",
    "i already ",
    "i let ",
    "i've been ",
    "i had ",
    // "delete task 3 i added it by accident": what one did, said after it.
    "i added ",
    "i put ",
    "i made ",
    "i created ",
    "i entered ",
    "i typed ",
    "i wrote ",
    "i meant ",
    "i accidentally ",
    "i mistakenly ",
    "i don't ",
    "i no longer ",
    "i never ",
    "i hardly ",
    "i stopped ",
    "i quit ",
    "nobody ",
    "no one ",
    "we added ",
    "we don't ",
    "i won't ",
    "we're ",
    "we are ",
    "we were ",
    "we've ",
    "we already ",
    "we won't ",
    "we cancelled ",
    "we canceled ",
    "he's ",
    "she's ",
    // "…, she quit", "…, they moved it online": another subject.
    "she ",
    "he ",
    "they ",
    "he is ",
    "she is ",
    "there's ",
    "there is ",
    // "…, running out of socks", "…, I know I know, I should have …".
    "running out",
    "running low",
    "i know i know",
    "i should have ",
    "too busy",
    "so busy",
    "busy ",
    "in a meeting",
    "running late",
    "stuck in ",
    "because ",
    "cause ",
    "cuz ",
    "coz ",
    "bc ",
    "as i ",
    "since i ",
    "long story",
    "costs ",
    "takes ages",
    "takes forever",
    // Said without a subject: "…, took forever", "…, was a pain".
    "took ",
    "was ",
    "went ",
    "felt ",
    "had to ",
    "what a ",
    "so glad",
    "glad ",
    "don't ask",
];

/// Words that make a clause the message itself, not an aside: "3, it's done".
const NOT_AN_ASIDE: &[&str] = &[
    "done",
    "did",
    "finished",
    "complete",
    "completed",
    "remind",
    "delete",
    "remove",
    "add",
    "move",
    "rename",
    "urgent",
    "important",
    // "…, it is actually Wednesday": a correction.
    "actually",
];

/// A reason said in a word or two after a task number: "delete #6 dupe".
const REASON_WORDS: &[&str] = &[
    "dupe",
    "duplicate",
    "double",
    "typo",
    "mistake",
    "by mistake",
    "my mistake",
    "wrong",
    "wrong one",
    "obsolete",
    "outdated",
    "irrelevant",
    "cancelled",
    "canceled",
    "old",
    "added twice",
    "twice",
    "by accident",
    "accidentally",
    "oops",
    // When it was done: "crossed off 3 earlier".
    "earlier",
    "earlier today",
    "yesterday",
    "today",
    "just now",
    "already",
    "this morning",
    "last night",
    "finally",
];

/// Feelings said last: "task 12 complete, finally 😅", "3 done - phew".
pub(super) const TRAILING_FEELINGS: &[&str] = &[
    "finally",
    "at last",
    "at long last",
    "yay",
    "woohoo",
    "woo",
    "phew",
    "whew",
    "lol",
    "haha",
    "hehe",
    "thank god",
    "thank goodness",
    "thankfully",
    "ugh",
    "sigh",
    "oops",
    "oh well",
];

/// Laughs said inside a message, after which the rest is chat: "add buy a
/// new charger lol mine literally just died".
const LAUGHS: &[&str] = &["lol", "lmao", "lmfao", "rofl", "haha", "hahaha", "hehe", "jk"];

/// Where a laugh starts that the words after it only chat on from: the
/// request before it is the message.
pub(super) fn chat_after_a_laugh(lower: &str) -> Option<usize> {
    // Word by word, so no table is searched for in the text.
    let mut at = 0;
    for word in lower.split(' ') {
        if at > 0 && LAUGHS.contains(&word) {
            let after = lower[at + word.len()..].split_whitespace().count();
            return (after >= 2 && a_request(&lower[..at - 1])).then_some(at - 1);
        }
        at += word.len() + 1;
    }
    None
}

/// Whether the words before an aside make a request: more than a greeting
/// ("hi, i'm in tokyo" is the statement itself).
fn a_request(head: &str) -> bool {
    let words: Vec<&str> = head
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    // "I am sorry, the materials are needed on Monday": an apology is no request.
    let apology = [
        "i", "am", "i'm", "im", "so", "very", "really", "terribly", "sorry",
    ];
    words.len() >= 2
        && !words.iter().all(|w| apology.contains(w))
        && words
            .iter()
            .any(|w| !INTERJECTIONS.contains(w) && !SOCIAL_WORDS.contains(w) && !SOCIAL_FILLERS.contains(w))
}

/// Past forms that say a thing was called off, a reason after a request
/// rather than news of a task done: "delete the gym one; i've cancelled it".
const CALLED_OFF_FORMS: &[&str] = &["cancelled", "canceled", "cancelled,", "scrapped", "dropped"];

/// Where a statement said after the request starts, if one is.
pub(super) fn statement_aside(lower: &str) -> Option<usize> {
    // After an order to delete, a statement is its reason (read once).
    // "take the markers off my list, the office ordered them" deletes too.
    let deletes = DELETE_VERBS.iter().any(|v| lower.starts_with(v))
        || lower.starts_with("take ") && lower.split(", ").next().is_some_and(|h| h.contains(" off"));
    ASIDE_SEPARATORS
        .iter()
        .flat_map(|sep| lower.match_indices(sep).map(move |(at, _)| (at, at + sep.len())))
        .filter(|(at, _)| a_request(&lower[..*at]))
        .filter(|(at, start)| {
            let tail = &lower[*start..];
            (STATEMENT_STARTS.iter().any(|s| tail.starts_with(s))
                || a_subject_and_verb(tail)
                // "get rid of the bins reminder, the council collects on
                // another day now": after an order to delete, any statement.
                || deletes
                    && ["the ", "my ", "our ", "his ", "her ", "their "].iter().any(|d| tail.starts_with(d))
                // "scrap the one about the turkeys, Mary has it sorted".
                || deletes
                    && tail.split_whitespace().nth(1).is_some_and(|w| {
                        ["has", "have", "had", "is", "was", "did", "got", "said", "says"].contains(&w)
                            || w.ends_with("ed")
                    })
                || past_statement(tail)
                // "finished the essay!!! finally, i can sleep": a feeling.
                || TRAILING_FEELINGS.iter().any(|f| {
                    tail.strip_prefix(f)
                        .is_some_and(|r| r.is_empty() || r.starts_with([',', '!', '.', ' ']))
                }))
                // "delete the passport task, already done last month": after
                // an order to delete, news of it done is its reason.
                && (!NOT_AN_ASIDE.iter().any(|w| contains_word(tail, w))
                    || deletes && tail.starts_with("already "))
                // "i already paid it" is news; "took forever" is how it went;
                // "my grandson has taken over that chore": someone else's doing.
                && (["my ", "our ", "he ", "she ", "they ", "his ", "her ", "their "]
                    .iter()
                    .any(|s| tail.starts_with(s))
                    // "remove the GST one, already filed by CA": after an
                    // order to delete, news of it done is the reason.
                    || deletes
                    || !tail
                    .split_whitespace()
                    .skip(1)
                    // "…; i've already cancelled it": calling it off is a reason.
                    .any(|w| PAST_TASK_VERBS.contains(&w) && !CALLED_OFF_FORMS.contains(&w)))
                // A number in a statement may be the request's ("…, it's
                // due 5pm"), unless the request says its own time ("…
                // tonight, it's already 11pm and I'm fading").
                && (!tail.chars().any(|c| c.is_ascii_digit()) || timed_request(&lower[..*at]))
        })
        // "my time zone is IST, I am in Bangalore": the place is no aside.
        .filter(|(at, _)| !asks_for_the_zone(&lower[..*at]))
        .map(|(at, _)| at)
        .min()
}

/// How a sentence after a request starts when it only tells how things
/// are or apologises: "… for next week? Sorry if that's a weird request",
/// "… instead? I can't do it right now, I'm in a training".
const TOLD_AFTER: &[&str] = &[
    "sorry",
    "apologies",
    "i'm ",
    "im ",
    "i am ",
    "i can't ",
    "i cant ",
    "i cannot ",
    "i can not ",
    "i couldn't ",
    "i was ",
    "i hope ",
    "hope ",
    "it would ",
    "it'd ",
    "that would ",
    "that'd ",
    "thanks",
    "thank you",
    "much appreciated",
    "appreciate it",
    "no rush",
    "no worries",
    "no hurry",
    "i really ",
    "i keep ",
    "i don't ",
    "i dont ",
    "my manager ",
    "my boss ",
    "this is ",
    "that's ",
    "thats ",
    "it's been ",
    // "… at 6am!! Let's gooo": a cheer.
    "let's ",
    "lets ",
    "here we go",
    "wish me luck",
];

/// Words that make a later sentence part of the request.
pub(super) const ASKED_IN_IT: &[&str] = &[
    "remind",
    "add",
    "put",
    "delete",
    "remove",
    "done",
    "finished",
    "complete",
    "mark",
    "move",
    "change",
    "rename",
    "priority",
    "urgent",
    "important",
    "tag",
    "snooze",
    "every",
    "postpone",
    "tick",
    "due",
    "list",
    "show",
    "cancel",
    "call it",
    "title",
];

/// Where sentences after the request start that only tell how things are
/// or apologise: they change nothing, so they go.
pub(super) fn told_after(lower: &str) -> Option<usize> {
    let mut cut = None;
    let mut end = lower.len();
    // From the last sentence back, while each only tells.
    loop {
        let head = &lower[..end];
        let Some(at) = [". ", "? ", "! "].iter().filter_map(|e| head.rfind(e)).max() else {
            break;
        };
        let tail = &head[at + 2..];
        let tells = TOLD_AFTER.iter().any(|t| tail.starts_with(t))
            && !ASKED_IN_IT.iter().any(|w| contains_word(tail, w))
            && !tail.chars().any(|c| c.is_ascii_digit());
        if !tells || !a_request(&lower[..at]) {
            break;
        }
        cut = Some(at + 1);
        end = at;
    }
    cut
}

/// Whether a request says a time of its own: "mark the papers tonight".
fn timed_request(head: &str) -> bool {
    let reading = quickadd::parse(head, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    reading.due.is_some() || reading.repeat.is_some()
}

/// "it's quite important", "this is super urgent": the intensifier goes, so
/// the importance reads as said plainly (`SAID_IMPORTANCE`).
pub(super) fn plain_importance(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    // Most messages say neither word: no phrase to build.
    if !lower.contains("urgent") && !lower.contains("important") {
        return None;
    }
    let subjects = [
        "it's ",
        "its ",
        "it is ",
        "this is ",
        "that's ",
        "that is ",
        "it's not ",
        "it isn't ",
        // "not terribly important", "the tix thing is SUPER important"
        "not ",
        // "task 2 isn't that important"
        "isn't ",
        "aren't ",
        "is ",
        "are ",
    ];
    subjects.iter().find_map(|subject| {
        lower.match_indices(subject).find_map(|(at, _)| {
            let at = at + subject.len();
            let after = &lower[at..];
            let word = INTENSIFIERS
                .iter()
                .chain(["that", "all that"].iter())
                .find(|word| {
                    after
                        .strip_prefix(**word)
                        .and_then(|r| r.strip_prefix(' '))
                        .is_some_and(|r| r.starts_with("urgent") || r.starts_with("important"))
                })?;
            Some(format!("{}{}", &s[..at], &s[at + word.len() + 1..]))
        })
    })
}

/// A statement of importance run on into the order: "the tix thing is
/// SUPER important 🔥 make it high priority" → "… is important, make it
/// high priority" (marks between go), so the order is a clause of its own.
pub(super) fn run_on_after_importance(s: &str) -> Option<String> {
    // Most messages say neither word: nothing to lower-case.
    if !["mportant", "MPORTANT", "rgent", "RGENT"]
        .iter()
        .any(|w| s.contains(w))
    {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let at = ["important ", "urgent "]
        .iter()
        .filter_map(|w| lower.find(w).map(|at| at + w.len()))
        .min()?;
    let rest = &s[at..];
    let words: Vec<&str> = rest.split_whitespace().collect();
    let marks = words
        .iter()
        .take_while(|w| !w.chars().any(char::is_alphanumeric))
        .count();
    let verb = words.get(marks)?.to_ascii_lowercase();
    let object = words.get(marks + 1)?.to_ascii_lowercase();
    (["make", "bump", "set", "mark", "put", "move"].contains(&verb.as_str())
        && ["it", "that", "this", "them"].contains(&object.as_str()))
    .then(|| format!("{}, {}", s[..at].trim_end(), words[marks..].join(" ")))
}

/// Orders without a value said after a level: "task 2 is top priority,
/// kindly mark it", "… is urgent, please set it so".
const BARE_MARK_ORDERS: &[&str] = &[
    "mark it",
    "mark it so",
    "mark it as such",
    "mark that",
    "set it",
    "set it so",
    "make it so",
    "note it",
    "update it",
    "update that",
];

/// Where an order without its value starts, after a clause that says a
/// priority: the statement is the request ("task 2 is top priority").
pub(super) fn bare_order_after_a_level(lower: &str) -> Option<usize> {
    let at = lower.rfind(", ")?;
    let order = lower[at + 2..].trim_end_matches(['.', '!', ' ']);
    let order = COURTESY
        .iter()
        .find_map(|c| order.strip_prefix(c).map(str::trim_start))
        .unwrap_or(order);
    if !BARE_MARK_ORDERS.contains(&order) {
        return None;
    }
    let head = &lower[..at];
    [" priority", " urgent", " important"]
        .iter()
        .any(|w| head.contains(w))
        .then_some(at)
}

/// Where a feeling said last starts, if one is.
pub(super) fn trailing_feeling(lower: &str) -> Option<usize> {
    let lower = lower.trim_end_matches(['.', '!', ' ']);
    TRAILING_FEELINGS.iter().find_map(|f| {
        let head = lower.strip_suffix(f)?;
        let cut = head
            .trim_end_matches([',', ';', '-', '–', '—', '.', '!', ' '])
            .len();
        (cut > 0 && head.len() > cut).then_some(cut)
    })
}

/// A number, then a statement about the task: "scrap 9 the trip got
/// cancelled", "erase #4 it was a duplicate", "delete 3 we did it already".
/// The number is the task; "done 10 pushups" is not a statement.
pub(super) fn statement_after_number(remainder: &str) -> bool {
    let lower = remainder.to_ascii_lowercase();
    let lower = ["please, ", "please ", "pls ", "plz "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    if lower.is_empty() || lower.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    // "delete #6 dupe", "remove 4 not needed": a reason said alone.
    let reason = lower.trim_start_matches("a ").trim_start_matches("its ");
    if REASON_WORDS.contains(&reason) || REASONS.contains(&lower) || IT_REASONS.contains(&lower) {
        return true;
    }
    let spaced = format!("{lower} ");
    if STATEMENT_STARTS.iter().any(|s| spaced.starts_with(s)) {
        return true;
    }
    a_subject_and_verb(lower)
}

/// "the trip got cancelled", "my plans changed", "the sink's leaking": a
/// subject with a determiner, and a verb within its next three words.
fn a_subject_and_verb(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let verbs = [
        "got", "was", "were", "is", "are", "has", "had", "changed", "fell", "moved", "happened", "broke",
        "keeps",
    ];
    let verb = |w: &&str| {
        verbs.contains(w) || PAST_TASK_VERBS.contains(w) || w.ends_with("'s") && !w.starts_with("it")
    };
    let determined = matches!(words.first(), Some(&("the" | "my" | "our" | "plans")))
        && words.iter().skip(1).take(3).any(verb);
    // "shops are closed today", "post office is shut": a bare noun (one or
    // two words), then "is/are".
    // "hens aren't laying", "meeting got cancelled": a negation or "got" too.
    let copula = |w: &&str| {
        [
            "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't", "got",
        ]
        .contains(w)
    };
    let bare = words.len() >= 3
        && (copula(&words[1]) || words.len() >= 4 && copula(&words[2]) && !copula(&words[1]))
        && !TODO_VERBS.contains(&words[0])
        && ![
            "it", "this", "that", "what", "which", "who", "there", "when", "where",
        ]
        .contains(&words[0]);
    determined || bare
}

/// A time, then an aside: "next week, too busy", "5pm pls, in a meeting" →
/// the time alone. Any clause after a time that is complete without it goes.
pub(super) fn time_without_aside(when: &str) -> &str {
    let lower = when.to_ascii_lowercase();
    ASIDE_SEPARATORS
        .iter()
        .filter_map(|sep| lower.find(sep))
        .filter(|at| *at > 0)
        .min()
        .map(|at| {
            let head = when[..at].trim();
            let head_lower = head.to_ascii_lowercase();
            let head = POLITE_SUFFIXES
                .iter()
                .find_map(|x| head_lower.strip_suffix(x).map(|h| head[..h.len()].trim_end()))
                .unwrap_or(head);
            // "Saturday instead? The garden centre is closed": the correction goes too.
            let plain = corrected(head, true);
            if is_time_phrase(plain) { plain } else { head }
        })
        .filter(|head| {
            is_time_phrase(head)
                || is_time_phrase(&format!("in {head}"))
                || time::parse_duration(head).is_ok()
        })
        .or_else(|| hedged_time_last(when))
        .unwrap_or(when)
}

/// Hedges before a time said last: "perhaps in half an hour".
const LAST_TIME_HEDGES: &[&str] = &[
    "perhaps ",
    "maybe ",
    "say ",
    "ideally ",
    "preferably ",
    "probably ",
    "like ",
];

/// "a bit later, perhaps in half an hour": a vague time, then a clause
/// with a precise one, which is the time.
fn hedged_time_last(when: &str) -> Option<&str> {
    if is_time_phrase(when) {
        return None;
    }
    let at = when.rfind(", ")?;
    let tail = when[at + 2..].trim();
    let tail = LAST_TIME_HEDGES
        .iter()
        .find(|h| tail.len() > h.len() && tail.get(..h.len()).is_some_and(|x| x.eq_ignore_ascii_case(h)))
        .map_or(tail, |h| &tail[h.len()..]);
    (is_time_phrase(tail) || time::parse_duration(tail).is_ok()).then_some(tail)
}

/// Words that correct what was said before them: "tomorrow not today",
/// "pay council tax instead", "friday rather than thursday".
const CORRECTIONS: &[&str] = &[" instead of ", " rather than ", ", not ", " not "];
/// Words that say the old value was wrong before the new one: "wrong, it
/// should be wednesday", "is wrong, make it friday".
const SHOULD_BE: &[&str] = &[
    "it should be ",
    "should be ",
    "it should say ",
    "it needs to be ",
    "needs to be ",
    "make it ",
    "it's actually ",
    "it is actually ",
    "actually ",
];

/// A new time or title with the correction around it gone: "tomorrow not
/// today" → "tomorrow", "wrong, it should be wednesday" → "wednesday",
/// "pay council tax instead" → "pay council tax". `time` says the text is
/// a time, so "not …" after it may go (a title keeps its "not").
pub(super) fn corrected(text: &str, time: bool) -> &str {
    let mut s = text.trim();
    // "to the 14th": the article before a date goes, when the date reads
    // only without it (as the tools read a due).
    let resolves = |w: &str| time::resolve_when(w, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC).is_ok();
    if time
        && let Some(rest) = s.strip_prefix("the ").or_else(|| s.strip_prefix("The "))
        && !resolves(s)
        && resolves(rest)
    {
        s = rest;
    }
    let lower = s.to_ascii_lowercase();
    if time
        && let Some((at, len)) = SHOULD_BE
            .iter()
            .filter_map(|m| lower.rfind(m).map(|at| (at, m.len())))
            .max_by_key(|(at, len)| (*at, *len))
        && is_time_phrase(&s[at + len..])
    {
        s = s[at + len..].trim();
    }
    let suffixes: &[&str] = if time {
        &[
            " instead",
            " instead then",
            " then",
            " now",
            " please",
            // "to Thursday at the same time": the time of day stays.
            " at the same time",
            " same time",
        ]
    } else {
        &[" instead", " instead then"]
    };
    for suffix in suffixes {
        if s.to_ascii_lowercase().ends_with(suffix) && s.len() > suffix.len() {
            s = s[..s.len() - suffix.len()].trim_end();
        }
    }
    let lower = s.to_ascii_lowercase();
    let markers = if time { CORRECTIONS } else { &CORRECTIONS[..2] };
    if let Some(at) = markers
        .iter()
        .filter_map(|m| lower.find(m))
        .filter(|at| *at > 0)
        .min()
    {
        let head = s[..at].trim_end_matches([',', ' ']);
        // "friday now not eod": the head's own "now" goes too.
        let head = [" now", " then", " instead"]
            .iter()
            .find_map(|w| {
                head.len()
                    .checked_sub(w.len())
                    .filter(|cut| time && head.get(*cut..).is_some_and(|x| x.eq_ignore_ascii_case(w)))
                    .map(|cut| &head[..cut])
            })
            .unwrap_or(head);
        if !time || is_time_phrase(head) {
            s = head;
        }
    }
    s
}

/// Subjects of news said after a request.
pub(super) const NEWS_SUBJECTS: &[&str] = &["i", "we", "they", "he", "she"];

/// News in the past after a request: "…, i returned them", "…, we booked
/// another one": a subject, then a past form.
/// So is news with someone named ("my son fixed it"), with its subject
/// dropped ("sold the thing"), or of a thing called off ("trip's cancelled").
pub(super) fn past_statement(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().take(3).collect();
    let past = |verb: &str| {
        verb.ends_with("ed") && !NOT_PAST.contains(&verb)
            || PAST_TASK_VERBS.contains(&verb)
            || IRREGULAR_PAST.contains(&verb)
    };
    match words.as_slice() {
        [subject, verb, ..] if NEWS_SUBJECTS.contains(subject) && *verb != "have" => past(verb),
        // "…, I have paid it already": the perfect said in full.
        [subject, "have", verb] if NEWS_SUBJECTS.contains(subject) => past(verb),
        // "already filed by the accountant": the subject left out.
        ["already", verb, ..] => past(verb),
        [owner, _, verb, ..] if ["my", "our", "the"].contains(owner) => past(verb) && *verb != "need",
        [verb, _, ..]
            if PAST_TASK_VERBS.contains(verb) && !["done", "finished", "completed"].contains(verb) =>
        {
            true
        }
        [thing, state] => {
            (thing.ends_with("'s") || thing.ends_with("’s"))
                && ["cancelled", "canceled", "off", "over", "sorted", "done"].contains(state)
        }
        _ => false,
    }
}
