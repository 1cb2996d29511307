//! Word orders of learners of English: the verb said last, after its object
//! ("every 2 weeks I must the balcony plants water", "in 2 hours I should
//! the Hausverwaltung call about the Heizung", "remind me that I on 3 Dec
//! the Anmeldung make"), and an event told as what one has at a time
//! ("tomorrow at 8:30 I have the appointment at the Bürgeramt", "tomorrow
//! at 14:30 is the Elternabend").

use super::*;

/// Who does it.
const SUBJECTS: &[&str] = &["i", "we"];

/// Modal verbs between the subject and the rest.
const MODALS: &[&[&str]] = &[
    &["must"],
    &["should"],
    &["have", "to"],
    &["need", "to"],
    &["want", "to"],
    &["will"],
    &["shall"],
    &["can"],
    &["could"],
    &["would"],
    &["muss"],
];

/// Words that never follow "I" or "I must" in English, but start the
/// object or a time in a verb-last order: "I must the …", "I on 3 Dec …".
const OBJECT_STARTS: &[&str] = &[
    "the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "these", "those", "some",
    "on", "at", "in", "by", "until", "tomorrow", "today", "tonight", "next", "every",
];

/// The words of a clause with its verb said last moved to the front:
/// "In 2 hours I should the Hausverwaltung call about the Heizung" → "In 2
/// hours call the Hausverwaltung about the Heizung". `None` when no
/// subject is followed by an object or time where a verb should be.
pub(super) fn verb_said_last(text: &str) -> Option<String> {
    // Most messages have no "I"/"we" before an article: look word by word
    // before lowering anything.
    let words: Vec<&str> = text.split_whitespace().collect();
    let said = |w: &str, set: &[&str]| set.iter().any(|s| w.eq_ignore_ascii_case(s));
    let modals = [
        "must", "should", "have", "need", "want", "will", "shall", "can", "could", "would", "muss",
    ];
    let likely = words.windows(2).any(|pair| {
        said(pair[0], SUBJECTS) && (said(pair[1], OBJECT_STARTS) || said(pair[1], &modals))
            || said(pair[0], &modals) && said(pair[1], SUBJECTS)
    });
    if !likely {
        return None;
    }
    let low: Vec<String> = words
        .iter()
        .map(|w| {
            w.to_ascii_lowercase()
                .trim_end_matches([',', '.', '!', '?', ';', ':'])
                .to_owned()
        })
        .collect();
    let modal_at = |k: usize| {
        MODALS
            .iter()
            .find(|m| k + m.len() <= low.len() && m.iter().zip(&low[k..]).all(|(a, b)| a == b))
            .map(|m| m.len())
    };
    let (start, object) = (0..low.len()).find_map(|i| {
        // "I must the …", "I on 3 Dec …", or inverted: "must I the …".
        let after = if SUBJECTS.contains(&low[i].as_str()) {
            i + 1 + modal_at(i + 1).unwrap_or(0)
        } else {
            let m = modal_at(i)?;
            (i + m < low.len() && SUBJECTS.contains(&low[i + m].as_str())).then_some(i + m + 1)?
        };
        // A subject said at the end of a clause ("…, I") starts nothing.
        (after < low.len()
            && !words[after - 1].ends_with([',', '.', '!', '?', ';', ':'])
            && OBJECT_STARTS.contains(&low[after].as_str()))
        .then_some((i, after))
    })?;
    let end = (object..words.len())
        .find(|k| words[*k].ends_with([',', '.', '!', '?', ';', ':']))
        .unwrap_or(words.len() - 1);
    let verb = (object + 1..=end).rev().find(|k| a_doing_verb(&low[*k]))?;
    let mut out: Vec<String> = Vec::with_capacity(words.len() + 1);
    // "remind me that I … make": the "that" before the subject is "to".
    match start.checked_sub(1) {
        Some(before) if low[before] == "that" => {
            out.extend(words[..before].iter().map(|w| (*w).to_owned()));
            out.push("to".to_owned());
        }
        _ => out.extend(words[..start].iter().map(|w| (*w).to_owned())),
    }
    out.push(low[verb].clone());
    for k in object..=end {
        if k == verb {
            // The verb's stop stays at the end of its clause.
            let mark = &words[k][low[k].len().min(words[k].len())..];
            if let Some(last) = out.last_mut().filter(|_| !mark.is_empty()) {
                last.push_str(mark);
            }
            continue;
        }
        out.push(words[k].to_owned());
    }
    out.extend(words[end + 1..].iter().map(|w| (*w).to_owned()));
    Some(out.join(" "))
}

/// Ways to tell an event one has: "I have the …", "is the …".
const EVENT_TOLD: &[&str] = &[
    "i have the ",
    "i have an ",
    "i have a ",
    "i have my ",
    "we have the ",
    "we have a ",
    "we have an ",
    "is the ",
    "is a ",
    "is an ",
    "is my ",
    "there is a ",
    "there is an ",
    "there is the ",
    "there's a ",
    "there's the ",
];

/// A new task told as an event after its time: "Tomorrow at 8:30 I have
/// the appointment at the Bürgeramt" → "Tomorrow at 8:30 appointment at the
/// Bürgeramt": the telling goes, where all before it is a time.
pub(super) fn event_after_its_time(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    // Most new tasks tell no event: one look for the verbs it is told with.
    if ![" is ", " have ", " there"].iter().any(|w| lower.contains(w)) {
        return None;
    }
    let (at, told) = EVENT_TOLD
        .iter()
        .filter_map(|t| lower.find(&format!(" {t}")).map(|at| (at, t.len() + 1)))
        .min_by_key(|(at, _)| *at)?;
    let head = line[..at].trim_end_matches([',', ' ']);
    if head.is_empty() || !is_time_phrase(head) || line.len() <= at + told {
        return None;
    }
    Some(format!("{} {}", &line[at + told..], head))
}

/// Words after "its" that make it "it's", a reason told after the task:
/// "call grandma on sunday at noon its her birthday"; "give the dog its
/// medicine" keeps its "its".
const AFTER_ITS: &[&str] = &[
    "her",
    "his",
    "my",
    "our",
    "their",
    "the",
    "a",
    "an",
    "not",
    "been",
    "so",
    "too",
    "already",
    "just",
    "really",
    "very",
    "getting",
    "overdue",
    "late",
    "for",
    // "remove the team meeting one its cancelled": the state that is the reason.
    "cancelled",
    "canceled",
    "done",
    "over",
    "finished",
    "sorted",
    "postponed",
    "off",
    "no",
    "gone",
    "pointless",
    "irrelevant",
    "obsolete",
    "outdated",
];

/// Where a reason starting "its"/"it's" begins in a name or title.
pub(super) fn reason_in_a_name(name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    let mut at = 0;
    let mut words = lower.split(' ').peekable();
    while let Some(word) = words.next() {
        let next = words.peek().copied().unwrap_or("");
        let reason = word == "it's" || word == "its" && AFTER_ITS.contains(&next);
        if at > 0 && reason && !next.is_empty() {
            return Some(at - 1);
        }
        at += word.len() + 1;
    }
    None
}

/// A new task's line with a reason said last without a comma cut off,
/// its time and markers kept: "call grandma on sunday at noon its her
/// birthday" → "call grandma on sunday at noon".
pub(super) fn without_reason_said_last(line: &str) -> Option<String> {
    if !line.contains("its ") && !line.contains("it's ") && !line.contains("Its ") {
        return None;
    }
    let at = reason_in_a_name(line)?;
    let head = line[..at].trim_end_matches([',', ' ']);
    // A time said in the reason may be the task's: then it stays whole.
    let reason = quickadd::parse(&line[at..], time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    if reason.due.is_some() || reason.repeat.is_some() {
        return None;
    }
    // Markers said after the reason stay: "…, its due soon p1 #work".
    let markers: Vec<&str> = line[at..]
        .split_whitespace()
        .filter(|w| w.starts_with('#') || ["p1", "p2", "p3"].contains(w))
        .collect();
    (!head.is_empty()).then(|| [head].into_iter().chain(markers).collect::<Vec<_>>().join(" "))
}

/// "remind me again tomorrow morning about the fridge temps" → "remind me
/// about the fridge temps again tomorrow morning": the time said between
/// "again" and what it is about goes after it, where a snooze reads it.
pub(super) fn time_before_about(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let again = lower.find(" me again ")? + " me again ".len();
    let about = again + lower[again..].find(" about ")?;
    let when = text[again..about].trim_end_matches(',');
    if when.is_empty() || !is_time_phrase(when) {
        return None;
    }
    let thing = text[about + " about ".len()..].trim_end_matches(['.', '!', '?']);
    Some(format!(
        "{}about {thing} again {when}",
        &text[..again - "again ".len()]
    ))
}

/// Verbs that set a level said with the level alone: "set thesis to
/// medium", "lower rotate api keys to medium".
const LEVEL_VERBS: &[&str] = &["set", "lower", "raise", "bump", "change", "make", "put", "drop"];

/// "set thesis to medium" → "set the thesis to medium": a bare name
/// between a level's verb and "to <level>" gets its article, as names do.
pub(super) fn bare_name_for_a_level(text: &str) -> Option<String> {
    let (verb, rest) = text.split_once(' ')?;
    if !LEVEL_VERBS.iter().any(|v| verb.eq_ignore_ascii_case(v)) {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    let first = lower.split(' ').next()?;
    let determined = [
        "the",
        "a",
        "an",
        "my",
        "our",
        "this",
        "that",
        "it",
        "its",
        "task",
        "number",
        "no",
        "item",
        "priority",
        "me",
        "everything",
        "all",
        "them",
        "these",
        "those",
    ]
    .contains(&first)
        || first.starts_with(|c: char| c.is_ascii_digit() || c == '#');
    let leveled = [" to high", " to medium", " to low", " to urgent", " to normal"]
        .iter()
        .any(|l| lower.contains(l));
    (!determined && leveled).then(|| format!("{verb} the {rest}"))
}

/// Words before a task's name that say which task, not what it is about:
/// "on the vendor follow-up", "the task of the laundry", "the one regarding
/// the gutters".
const NAME_LEADS: &[&str] = &[
    "on the ",
    "about the ",
    "re the ",
    "re: ",
    "on my ",
    "about my ",
    "the task of the ",
    "task of the ",
    "the task of ",
    "the task concerning the ",
    "the task regarding the ",
    "the task about the ",
    "the task for the ",
    "the one about the ",
    "the one regarding the ",
    "the one for the ",
    "the reminder about the ",
    "the reminder regarding the ",
    "the reminder concerning the ",
    "the reminder for the ",
    "regarding the ",
    "concerning the ",
    // An edit's verb left on the name by a question's lead: "Could you
    // retitle the JAWS task to …".
    "retitle the ",
    "rename the ",
    "reword the ",
];

/// A name's frame left at its edges: "on the vendor" → "vendor" ("ping me
/// again on the vendor follow-up"), "essay's" → "essay".
pub(super) fn name_without_edges(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let lead = NAME_LEADS
        .iter()
        .find(|l| lower.starts_with(**l) && lower.len() > l.len());
    if let Some(l) = lead {
        return Some(name[l.len()..].to_owned());
    }
    // "deck was sent to Sarah": news said of the task in its name; the
    // task is the subject.
    if let Some((at, link)) = [" was ", " were ", " has been ", " have been "]
        .iter()
        .find_map(|l| lower.find(l).map(|at| (at, l.len())))
        && lower[at + link..]
            .split(' ')
            .next()
            .is_some_and(|v| PAST_TASK_VERBS.contains(&v))
    {
        return Some(name[..at].to_owned());
    }
    let one_word = !name.contains(' ');
    (one_word && (lower.ends_with("'s") || lower.ends_with("’s")) && name.len() > 4)
        .then(|| name[..name.len() - if lower.ends_with("'s") { 2 } else { 4 }].to_owned())
}

/// Verbs of doing that the to-do table leaves out because they edit a task
/// when said first ("change"), or are rarer.
const MORE_DOING_VERBS: &[&str] = &[
    "change", "do", "find", "look", "help", "put", "give", "fetch", "fill", "hang", "paint", "mend", "sweep",
    "empty", "carry", "load", "unload", "cut", "clear", "fold", "hoover", "dust", "wipe", "post", "pay",
    "escalate", "swap", "lock", "wrap", "bin", "fit", "test", "top", "buy", "restock", "reorder", "follow",
    "hand", "deliver",
];

/// A verb that starts a to-do: the to-do table's, said again ("repaint"),
/// or one of `MORE_DOING_VERBS`.
pub(super) fn a_doing_verb(word: &str) -> bool {
    todo_verb(word)
        || MORE_DOING_VERBS.contains(&word)
        || CHORE_VERBS.contains(&word)
        || word
            .strip_prefix("re")
            .is_some_and(|v| MORE_DOING_VERBS.contains(&v) && v != "do")
}
