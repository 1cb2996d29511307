//! The context said before a request: the task a statement names ("I've
//! paid the electricity bill", "dont need the garage one anymore", "the
//! board report is urgent"), for a later "it", "that task" or "that one".

use super::*;

/// Ways to say a task is no longer wanted, before its name: "i no longer
/// need the task about the tickets", "dont need the garage one anymore".
pub(super) const NOT_NEEDED: &[&str] = &[
    "i no longer need ",
    "no longer need ",
    "we no longer need ",
    "i don't need ",
    "don't need ",
    "i do not need ",
    "we don't need ",
    "i don't want ",
    "i won't need ",
    "won't need ",
    "we won't need ",
    "i will not need ",
    "i won't be needing ",
    "we won't be needing ",
    "don't want ",
    "i no longer want ",
    "no need for ",
    "there's no need for ",
];
/// What may follow the name of a task no longer wanted.
pub(super) const NOT_NEEDED_ENDS: &[&str] = &[" anymore", " any more", " any longer", " now", " after all"];
/// Statements that an event is called off, said last.
const CALLED_OFF: &[&str] = &[
    "'s off",
    "'s cancelled",
    "'s canceled",
    "'s been cancelled",
    "'s been canceled",
    "'s called off",
    " has been cancelled",
    " has been canceled",
    " was cancelled",
    " was canceled",
    " got cancelled",
    " got canceled",
    " is cancelled",
    " is canceled",
    " is off",
    " is called off",
    " has been called off",
    " was called off",
    " isn't happening",
    " is not happening",
    " isn't happening anymore",
    " fell through",
    " has fallen through",
];

/// Links after a task said as the subject of a statement: "the board
/// report is urgent", "the dentist one isn't needed".
const SUBJECT_LINKS: &[&str] = &[
    " is ", "'s ", " isn't ", " has ", " was ", " can ", " needs ", " should ", " got ", " will ", " went ",
    " have ", " are ", " aren't ",
];

/// The task a statement before a request names, for the request's "it" or
/// "that task": news of it done ("I've paid the electricity bill - please
/// mark that task as done"), no longer needed ("dont need the garage one
/// anymore, delete it"), or the subject of a statement ("the board report
/// is urgent, could you bump it up").
pub(super) fn head_task(head: &str) -> Option<Target> {
    let head = head.trim_end_matches([',', ';', '-', '–', '—', ' ', '.', '!', ':']);
    said_before(head).or_else(|| done_by_someone(head))
}

/// How news starts that tells of something done by someone else.
const NEWS_LEADS: &[&str] = &[
    "turns out ",
    "it turns out ",
    "apparently ",
    "so ",
    "well ",
    "good news ",
    "good news, ",
];
/// Words after the thing done that say who did it or when.
const DONE_BY: &[&str] = &[
    " themselves",
    " himself",
    " herself",
    " itself",
    " for me",
    " for us",
    " already",
    " anyway",
    " today",
    " yesterday",
    " this morning",
];

/// "Turns out the supplier sorted the damaged delivery themselves, so
/// that task is pointless": the thing someone else did, in the first
/// clause that tells of one (a subject of up to three words, a past form
/// of a to-do verb, then the thing with its article).
fn done_by_someone(head: &str) -> Option<Target> {
    let lower = head.to_ascii_lowercase();
    let mut starts = vec![0];
    starts.extend(
        [", ", "; ", " so ", " and "]
            .iter()
            .flat_map(|sep| lower.match_indices(sep).map(|(at, _)| at + sep.len())),
    );
    starts.sort_unstable();
    starts.into_iter().find_map(|at| {
        let end = [",", ";", " so ", " and "]
            .iter()
            .filter_map(|sep| lower[at..].find(sep))
            .min()
            .map_or(lower.len(), |e| at + e);
        let clause = Text {
            original: &head[at..end],
            lower: &lower[at..end],
        };
        let clause = clause.after(NEWS_LEADS).unwrap_or(clause);
        let words: Vec<&str> = clause.lower.split_whitespace().collect();
        let verb = words
            .iter()
            .take(5)
            .position(|w| PAST_TASK_VERBS.contains(w))
            .filter(|k| (1..=4).contains(k))?;
        // "I booked …" is one's own news (`done_in_the_past`).
        if ["i", "we", "you"].contains(&words[0]) {
            return None;
        }
        let skip: usize = words[..=verb].iter().map(|w| w.len() + 1).sum();
        let object = Text {
            original: clause.original.get(skip..)?,
            lower: clause.lower.get(skip..)?,
        };
        let object = object.after(&["up ", "off ", "out "]).unwrap_or(object);
        let object = object.before(DONE_BY).unwrap_or(object);
        let object = object.before(&[" up", " off", " out"]).unwrap_or(object);
        if !["the ", "my ", "our "]
            .iter()
            .any(|d| object.lower.starts_with(d))
        {
            return None;
        }
        reference(&object).filter(|t| !vague(t))
    })
}

/// The task a statement before a request names (see `head_task`).
fn said_before(head: &str) -> Option<Target> {
    // "sent the invoice, please mark that one as done", "we sorted the
    // broadband issue, so that task can go": a request pointing back makes a
    // bare past form news of that task.
    {
        let said = format!("{}, tick it off", normalize(head));
        let lower = said.to_ascii_lowercase();
        if let Some(Intent::Complete(task)) = done_in_the_past(&Text {
            original: &said,
            lower: &lower,
        }) {
            return Some(task);
        }
    }
    // "the board report is urgent": the statement as said, before its
    // importance is read as a marker.
    let raw = head.to_ascii_lowercase();
    // "Lunch with Sam has been cancelled": an event called off names itself.
    // "yoga's off this week": when it is off goes.
    let called = [" this week", " today", " tonight", " tomorrow", " now", " again"]
        .iter()
        .find_map(|w| raw.strip_suffix(w))
        .unwrap_or(&raw);
    if let Some((at, _)) = CALLED_OFF
        .iter()
        .filter_map(|c| called.strip_suffix(c).map(|s| (s.len(), c)))
        .max_by_key(|(at, _)| std::cmp::Reverse(*at))
    {
        let subject = Text {
            original: &head[..at],
            lower: &raw[..at],
        };
        let subject = subject.after(&["the ", "my ", "our "]).unwrap_or(subject);
        let words = subject.lower.split_whitespace().count();
        if (1..=5).contains(&words)
            && let Some(task) = target(&subject).filter(|t| !vague(t))
        {
            return Some(task);
        }
    }
    if let Some(at) = SUBJECT_LINKS.iter().filter_map(|l| raw.find(l)).min() {
        let subject = Text {
            original: &head[..at],
            lower: &raw[..at],
        };
        let subject = about(&subject.after(&["the "]).unwrap_or(subject)).unwrap_or(subject);
        if let Some(task) = reference(&subject)
            .or_else(|| bare_subject(&subject))
            .filter(|t| !vague(t))
        {
            return Some(task);
        }
    }
    let normal = normalize(head);
    let lower = normal.to_ascii_lowercase();
    let t = Text {
        original: &normal,
        lower: &lower,
    };
    if lower.is_empty() {
        return None;
    }
    if let Some(Intent::Complete(task)) = done_in_the_past(&t) {
        return Some(task);
    }
    // "No longer need …": as said ("no" is no interjection here), or normalised.
    let said = Text {
        original: head,
        lower: &raw,
    };
    if let Some(object) = said.after(NOT_NEEDED).or_else(|| t.after(NOT_NEEDED)) {
        let object = object.before(NOT_NEEDED_ENDS).unwrap_or(object);
        let object = about(&object.after(&["the "]).unwrap_or(object)).unwrap_or(object);
        return target(&object).filter(|t| !vague(t));
    }
    let at = SUBJECT_LINKS.iter().filter_map(|l| lower.find(l)).min()?;
    let subject = Text {
        original: &normal[..at],
        lower: &lower[..at],
    };
    let subject = about(&subject.after(&["the "]).unwrap_or(subject)).unwrap_or(subject);
    reference(&subject).filter(|t| !vague(t))
}

/// A request whose "it" is the task a statement before it names, read with
/// that task in its place: "the board report is urgent, could you bump it
/// up to high priority". Only an edit of one task counts.
pub(super) fn it_told_before(head: &str, clause: &str, question: bool) -> Option<Intent> {
    let said = match head_task(head)? {
        Target::Number(n) => format!("task {n}"),
        Target::Named(name) => format!("the {name} task"),
    };
    let normal = normalize(&it_as(clause, &said)?);
    let lower = normal.to_ascii_lowercase();
    let intent = strong(
        &Text {
            original: &normal,
            lower: &lower,
        },
        question,
    )?;
    intent.edited().is_some_and(|t| !vague(t)).then_some(intent)
}

/// An edit of a task said only as "it", "that" or "that task".
pub(super) fn edits_a_vague_task(intent: &Intent) -> bool {
    intent.edited().is_some_and(|t| vague(t) || bulk(t))
}

/// A target that names no task in particular: "it", "that task", "that one".
pub(super) fn vague(t: &Target) -> bool {
    match t {
        Target::Named(name) => {
            let lower = name.to_ascii_lowercase();
            lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .all(|w| NO_NAME_WORDS.contains(&w))
        }
        Target::Number(_) => false,
    }
}

/// A request whose task is "it" or "that task", with the task the statement
/// before it names.
pub(super) fn pointing_back(intent: &Intent, head: &str) -> Option<Intent> {
    let swap = |t: &Target| vague(t).then(|| head_task(head)).flatten();
    Some(match intent {
        Intent::Complete(t) => Intent::Complete(swap(t)?),
        Intent::Delete(t) => Intent::Delete(swap(t)?),
        Intent::Rename(t, x) => Intent::Rename(swap(t)?, x.clone()),
        Intent::Move(t, x) => Intent::Move(swap(t)?, x.clone()),
        Intent::Snooze(t, x) => Intent::Snooze(swap(t)?, x.clone()),
        Intent::SetPriority(t, p) => Intent::SetPriority(swap(t)?, *p),
        _ => return None,
    })
}

/// Words that start a subject that is no task: "flu jabs is urgent" names
/// one, "everything is fine" and "I am late" do not.
const NOT_TASK_SUBJECTS: &[&str] = &[
    "i",
    "i'm",
    "you",
    "we",
    "he",
    "she",
    "they",
    "there",
    "what",
    "which",
    "who",
    "that",
    "this",
    "it",
    "everything",
    "nothing",
    "something",
    "anything",
    "all",
    "today",
    "tomorrow",
];

/// A task named by a bare subject of up to three words, without its article:
/// "flu jabs is urgent now, bump it up".
fn bare_subject(subject: &Text<'_>) -> Option<Target> {
    let words: Vec<&str> = subject.lower.split_whitespace().collect();
    let first = *words.first()?;
    ((1..=3).contains(&words.len()) && !NOT_TASK_SUBJECTS.contains(&first) && !todo_verb(first))
        .then(|| task_name(subject).map(Target::Named))
        .flatten()
}
