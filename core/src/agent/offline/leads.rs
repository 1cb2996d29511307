//! Lead-ins that wrap a request in another form: a verb as a gerund after
//! "would you mind" ("would u mind adding …"), a task asked about with a
//! modal ("can the dentist one be due on thursday") or wanted ("i need task
//! 5 to be on wednesday"), a question wrapped in "tell me", "for me" before
//! the object, the task said first ("the task 3 i have finished it"),
//! context before a need ("for work i need …"), a reminder's time before
//! what it is about. Each is rewritten to the plain request once, before the
//! phrase tables read it.

use super::*;

/// Leads after which the request's verb is a gerund.
const GERUND_LEADS: &[&str] = &[
    "would you mind ",
    "would you mind just ",
    "would you mind awfully ",
    "would you mind terribly ",
    "would you mind very much ",
    "do you mind ",
    "mind ",
    "how about ",
    "what about ",
    "could you try ",
    "fancy ",
    "would you fancy ",
    "try ",
];

/// The verbs of requests, for their gerunds ("adding", "putting", "moving").
pub(super) const REQUEST_VERBS: &[&str] = &[
    "add",
    "delete",
    "remove",
    "mark",
    "move",
    "rename",
    "change",
    "snooze",
    "set",
    "put",
    "create",
    "make",
    "push",
    "schedule",
    "reschedule",
    "show",
    "list",
    "complete",
    "cancel",
    "tick",
    "cross",
    "check",
    "update",
    "remind",
    "clear",
    "drop",
    "postpone",
    "bump",
    "write",
    "note",
    "jot",
    "erase",
    "scrap",
    "edit",
    "finish",
    "close",
    "give",
    "take",
    "pop",
    "stick",
    "throw",
    "bin",
    "log",
    "save",
];

/// The verb of a gerund: "adding" → "add", "moving" → "move", "putting" → "put".
fn verb_of(gerund: &str) -> Option<&'static str> {
    let stem = gerund.strip_suffix("ing")?;
    REQUEST_VERBS.iter().copied().find(|v| {
        *v == stem
            || v.strip_suffix('e') == Some(stem)
            || stem.len() == v.len() + 1 && stem.starts_with(v) && stem.ends_with(&v[v.len() - 1..])
    })
}

/// "would you mind adding x" → "add x".
pub(super) fn gerund_request(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let lead = GERUND_LEADS
        .iter()
        .filter(|l| lower.starts_with(*l))
        .max_by_key(|l| l.len())?;
    let rest = &s[lead.len()..];
    let (first, tail) = rest.split_once(' ').unwrap_or((rest, ""));
    let verb = verb_of(&first.to_ascii_lowercase())?;
    Some(format!("{verb} {tail}").trim_end().to_owned())
}

/// Someone else's request as context before the task: "my manager just
/// asked me to prepare the figures", "the school wants me to sign the form".
const ASKED_TO: &[&str] = &[
    " asked me to ",
    " wants me to ",
    " told me to ",
    " needs me to ",
    " reminded me to ",
    " has asked me to ",
    " would like me to ",
];

/// "my manager just asked me to x" → "i need to x", when the one asking is
/// said in a few words.
pub(super) fn asked_to(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let (at, asked) = first_of(&lower, ASKED_TO)?;
    let len = asked.len();
    let who = lower[..at].split_whitespace().count();
    (who <= 4 && !lower[..at].contains([',', '.', '?'])).then(|| format!("i need to {}", &s[at + len..]))
}

/// Saying one forgot, before the need itself: "forgot to say, i need to …",
/// "i totally forgot i have to …".
const FORGOT: &[&str] = &[
    "forgot to say",
    "forgot to mention",
    "i forgot to say",
    "i forgot to mention",
    "i forgot",
    "forgot",
    "i totally forgot",
    "totally forgot",
    "i completely forgot",
    "completely forgot",
    "i just realised",
    "i just realized",
];

/// "forgot to say, i need to x" → "i need to x": only when a subject
/// follows, so "forgot to buy milk" stays as it is.
pub(super) fn forgot_then_need(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    FORGOT
        .iter()
        .filter(|f| lower.starts_with(**f))
        .filter_map(|f| {
            let rest = lower[f.len()..].trim_start_matches([',', ':', '-', ' ']);
            let rest = rest.strip_prefix("that ").unwrap_or(rest);
            ["i ", "we "]
                .iter()
                .any(|p| rest.starts_with(p))
                .then(|| s[s.len() - rest.len()..].to_owned())
        })
        .max_by_key(|r| std::cmp::Reverse(r.len()))
}

/// Command words said with a colon: "done: 6", "delete: 4".
const COLON_COMMANDS: &[&str] = &[
    "done", "delete", "remove", "complete", "finished", "snooze", "move", "rename", "cancel", "priority",
];

/// "done: 6" → "done 6".
pub(super) fn command_with_colon(s: &str) -> Option<String> {
    let (first, rest) = s.split_once(' ')?;
    let word = first.strip_suffix(':')?;
    COLON_COMMANDS
        .contains(&word.to_ascii_lowercase().as_str())
        .then(|| format!("{word} {rest}"))
}

/// Modals that ask for a change to a task: "can task 3 be due friday".
const MODALS: &[&str] = &["can ", "could ", "should ", "would ", "will ", "may ", "shall "];
/// How a task said after a modal starts.
const TASK_STARTS: &[&str] = &["the ", "my ", "task ", "number ", "#", "that ", "this "];

/// "can the dentist one be due on thursday" → "the dentist one be due on thursday".
pub(super) fn modal_about_a_task(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let modal = MODALS.iter().find(|m| lower.starts_with(*m))?;
    let rest = &lower[modal.len()..];
    let task =
        TASK_STARTS.iter().any(|t| rest.starts_with(t)) || rest.starts_with(|c: char| c.is_ascii_digit());
    // "could the grandson call go to next sunday": "go" asks the same.
    (task && (rest.contains(" be ") || rest.contains(" go to ") || rest.contains(" go on ")))
        .then(|| s[modal.len()..].to_owned())
}

/// Verbs that ask a task's reminder to wait, said of the task: "can the
/// fridge reminder be put off till 5pm", "could the reminder for 7 wait".
const WAITS: &[&str] = &[
    " can wait ",
    " could wait ",
    " can be put off ",
    " can be pushed back ",
    " can be snoozed ",
    " be put off ",
    " be pushed back ",
    " be pushed ",
    " be snoozed ",
    " be postponed ",
    " be delayed ",
    " be held off ",
    " wait ",
    " hold off ",
    " hold on ",
];
/// How a reminder said as the subject starts: "the reminder for 7" → "7".
const REMINDER_OF: &[&str] = &[
    "the reminder for ",
    "the reminder of ",
    "the reminder on ",
    "the reminder about ",
    "my reminder for ",
    "my reminder about ",
    "the alert for ",
];

/// "can the fridge reminder be put off till 5pm" → "snooze the fridge
/// reminder till 5pm"; "could the reminder for number 7 wait a couple of
/// hours" → "snooze number 7 for a couple of hours".
pub(super) fn reminder_waits(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let start = MODALS
        .iter()
        .find(|m| lower.starts_with(*m))
        .map_or(0, |m| m.len());
    let rest = &lower[start..];
    if !TASK_STARTS.iter().any(|t| rest.starts_with(t)) {
        return None;
    }
    let (at, verb) = first_of(rest, WAITS)?;
    let subject = &rest[..at];
    // "can task 3 wait": only a reminder, or a verb that only snoozes.
    let reminder = subject.contains("reminder") || subject.contains("alert");
    if !reminder && !verb.contains("snoozed") {
        return None;
    }
    let original = &s[start..start + at];
    let task = REMINDER_OF
        .iter()
        .find(|r| subject.starts_with(**r))
        .map_or(original, |r| &original[r.len()..]);
    let when = s[start + at + verb.len()..].trim();
    let when_lower = when.to_ascii_lowercase();
    // A span said bare is how long: "wait 2 hours" → "for 2 hours".
    let span = when.starts_with(|c: char| c.is_ascii_digit())
        || ["a ", "an ", "another "]
            .iter()
            .any(|a| when_lower.starts_with(a));
    let link = if span { "for " } else { "" };
    Some(format!("snooze {task} {link}{when}"))
}

/// Leads that wrap a question about the list in an order: "tell me what's
/// on my list", "let me know which tasks are due".
const TELL_LEADS: &[&str] = &[
    // "can you check what's due today"
    "check ",
    "check for me ",
    "look up ",
    "tell me ",
    "let me know ",
    "show me ",
    "remind me ",
    "let me see ",
    "i want to know ",
    "i'd like to know ",
    "i would like to know ",
    "i need to know ",
    "i wonder ",
];
/// How the wrapped question starts.
const WRAPPED_QUESTIONS: &[&str] = &[
    "what ",
    "what's ",
    "which ",
    "when ",
    "how many ",
    "how much ",
    "whats ",
    "if i have ",
    "whether i have ",
    "if there's ",
    "if there is ",
    "if there are ",
    "if anything ",
    "whether anything ",
];

/// "tell me what's on my list" → "what's on my list"; "let me know if i have
/// anything due" → "do i have anything due".
pub(super) fn wrapped_question(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let lead = TELL_LEADS.iter().find(|l| lower.starts_with(**l))?;
    let rest = &lower[lead.len()..];
    let asked = WRAPPED_QUESTIONS.iter().find(|q| rest.starts_with(**q))?;
    let original = &s[lead.len()..];
    Some(match *asked {
        "if i have " | "whether i have " => format!("do i have {}", &original[asked.len()..]),
        "if there's " | "if there is " => format!("is there {}", &original[asked.len()..]),
        "if there are " => format!("are there {}", &original[asked.len()..]),
        "if anything " | "whether anything " => format!("is anything {}", &original[asked.len()..]),
        _ => original.to_owned(),
    })
}

/// Determiners after which "for me" said between a verb and its object is
/// word order, not part of the object: "use for me the time zone of berlin".
const OBJECT_STARTS: &[&str] = &["the ", "a ", "an ", "my ", "this ", "that ", "task ", "number "];

/// "use for me the time zone of berlin" → "use the time zone of berlin",
/// "make for me a task to …" → "make a task to …".
pub(super) fn for_me_before_object(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let (verb, rest) = lower.split_once(' ')?;
    let after = rest
        .strip_prefix("for me ")
        .or_else(|| rest.strip_prefix("to me "))?;
    (!verb.is_empty() && OBJECT_STARTS.iter().any(|o| after.starts_with(o)))
        .then(|| format!("{} {}", &s[..verb.len()], &s[s.len() - after.len()..]))
}

/// Subjects that start the request after a task said first: "the task 3, i
/// have finished it", "task 4 please you delete it".
const TOPIC_SUBJECTS: &[&str] = &[
    " i ",
    " please ",
    " pls ",
    " you ",
    " can you ",
    " could you ",
    " we ",
];

/// When a thing was done, said last.
const WHEN_DONE: &[&str] = &[
    " yesterday",
    " today",
    " earlier",
    " this morning",
    " last night",
    " already",
    " just now",
];

/// A task said first, then a request about "it": "The task 3 I have
/// finished it" → "I have finished task 3".
pub(super) fn topic_first(s: &str) -> Option<String> {
    // "the task 4 I finished it yesterday": when it was done goes.
    let s = WHEN_DONE
        .iter()
        .find_map(|w| {
            let t = s.trim_end_matches(['.', '!', '?', ' ']);
            t.len()
                .checked_sub(w.len())
                .filter(|at| t.get(*at..).is_some_and(|x| x.eq_ignore_ascii_case(w)))
                .map(|at| &t[..at])
        })
        .unwrap_or(s);
    let lower = s.to_ascii_lowercase();
    let trimmed = lower.trim_end_matches(['.', '!', '?', ' ']);
    let at = first_of(&lower, TOPIC_SUBJECTS)?.0;
    let head = s[..at].trim_end_matches([',', ' ', ':', '-']);
    let reference = earlier_reference(head)?;
    let head_lower = head.to_ascii_lowercase();
    let t = Text {
        original: head,
        lower: &head_lower,
    };
    // Only the task: "task 3", "the task 3", "the dentist one".
    let only = number_token(&t).is_none_or(|(_, rest)| rest.is_empty());
    if !only {
        return None;
    }
    let clause = format!(" {}", s[at..].trim());
    if !trimmed.ends_with(" it") {
        return bare_order(clause.trim(), &reference);
    }
    it_as(clause.trim(), &reference).or_else(|| {
        // "task 3 i finished it": "it" may be the clause's last word only.
        let words: Vec<&str> = clause.split_whitespace().collect();
        let last = words.len().checked_sub(1)?;
        Some(format!("{} {reference}", words[..last].join(" ")))
    })
}

/// Who may be asked before an order without its object: "you can delete".
const ORDER_SUBJECTS: &[&str] = &[
    "you can ",
    "you could ",
    "you may ",
    "can you ",
    "could you ",
    "please ",
    "pls ",
    "you ",
    "just ",
];
/// Orders whose object was said first: "the task 8 you can delete".
const BARE_ORDERS: &[&str] = &[
    "delete",
    "remove",
    "cancel",
    "drop",
    "scrap",
    "bin",
    "erase",
    "complete",
    "finish",
    "close",
    "tick off",
    "check off",
    "cross off",
];

/// "you can delete" after "the task 8" → "delete task 8"; "you can mark as
/// done" → "mark task 5 as done".
fn bare_order(clause: &str, reference: &str) -> Option<String> {
    let mut order = clause.trim_end_matches(['.', '!', '?', ' ']);
    while let Some(subject) = ORDER_SUBJECTS
        .iter()
        .find(|s| order.to_ascii_lowercase().starts_with(**s))
    {
        order = &order[subject.len()..];
    }
    let lower = order.to_ascii_lowercase();
    if BARE_ORDERS.contains(&lower.as_str()) {
        return Some(format!("{order} {reference}"));
    }
    let (verb, rest) = lower.split_once(' ')?;
    (["mark", "set", "put"].contains(&verb) && rest.starts_with("as "))
        .then(|| format!("{verb} {reference} {}", &order[verb.len() + 1..]))
}

/// Needs said with the person as subject, after context: "for work i need
/// to …", "ngl i need to …".
const NEEDS: &[&str] = &[
    " i need ",
    " i have to ",
    " i must ",
    " i've got to ",
    " i gotta ",
    " i still need ",
];
/// How context before a need starts: a place or purpose ("for work", "at
/// home", "re the party").
const CONTEXT_STARTS: &[&str] = &[
    "for ",
    "at ",
    "in ",
    "re ",
    "regarding ",
    "about ",
    "as for ",
    "with ",
];

/// "For work I need prepare slides …" → "I need prepare slides …": a short
/// prepositional phrase before the need goes (a time stays: "on friday i
/// need to …" is the task's day).
pub(super) fn context_before_need(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let at = first_of(&lower, NEEDS)?.0;
    let head = lower[..at].trim_end_matches([',', ' ']);
    let words = head.split_whitespace().count();
    let context = CONTEXT_STARTS.iter().any(|c| head.starts_with(c));
    (context && (2..=4).contains(&words) && !is_time_phrase(head) && !head.contains(['.', '?']))
        .then(|| s[at + 1..].to_owned())
}

/// Wanting a task to be something: "i need task 5 to be on wednesday" →
/// "task 5 be on wednesday", read like "can task 5 be on wednesday".
const WANT_A_TASK: &[&str] = &[
    "i need ",
    "i want ",
    "i'd like ",
    "i would like ",
    "i'd prefer ",
    "i would prefer ",
    "please have ",
    "have ",
    "let ",
];

pub(super) fn wanted_state(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let lead = WANT_A_TASK.iter().find(|l| lower.starts_with(**l))?;
    let rest = &lower[lead.len()..];
    let task =
        TASK_STARTS.iter().any(|t| rest.starts_with(t)) || rest.starts_with(|c: char| c.is_ascii_digit());
    let at = rest.find(" to be ")?;
    let words = rest[..at].split_whitespace().count();
    (task && words <= 5).then(|| {
        format!(
            "{} {}",
            &s[lead.len()..lead.len() + at],
            &s[lead.len() + at + 4..]
        )
    })
}

/// Leads before a task whose new title is wanted: "i'd like task 3 to say …",
/// "can the gym one say …", "make the dentist one read …".
const TITLE_WANTS: &[&str] = &[
    "i need ",
    "i want ",
    "i'd like ",
    "i would like ",
    "i'd prefer ",
    "i would prefer ",
    "please have ",
    "have ",
    "let ",
    "can ",
    "could ",
    "would ",
    "should ",
    "make ",
    "please make ",
];
/// The verbs that say what a title should be.
const TITLE_SAYS: &[&str] = &[
    " to say ",
    " to read ",
    " to be called ",
    " to be named ",
    " to be titled ",
    " to be renamed to ",
    " to be renamed ",
    " say ",
    " read ",
    " be called ",
    " be named ",
    " be renamed to ",
    " be renamed ",
];

/// "I'd like the birthday card task to say "…" instead" → "rename the
/// birthday card task to "…" instead".
pub(super) fn wanted_title(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let lead = TITLE_WANTS.iter().find(|l| lower.starts_with(**l))?;
    let rest = &lower[lead.len()..];
    let task =
        TASK_STARTS.iter().any(|t| rest.starts_with(t)) || rest.starts_with(|c: char| c.is_ascii_digit());
    if !task {
        return None;
    }
    let (at, says) = first_of(rest, TITLE_SAYS)?;
    let words = rest[..at].split_whitespace().count();
    // The title after the verb: quoted, or words (`… say call the bank`).
    let title = &s[lead.len() + at + says.len()..];
    (words <= 6 && !title.trim().is_empty())
        .then(|| format!("rename {} to {}", &s[lead.len()..lead.len() + at], title.trim()))
}

/// Nouns of a reminder asked for, and the links to what it is about.
const REMINDER_NOUNS: &[&str] = &[" reminder ", " task ", " note ", " alert "];
const REMINDER_LINKS: &[&str] = &[" about ", " to ", " for ", " re ", " regarding "];

/// "could i get a reminder on thursday about the parents evening" → "…
/// a reminder about the parents evening on thursday": the time said before
/// the link goes after what the reminder is about.
pub(super) fn time_before_link(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let (noun_at, noun) = first_of(&lower, REMINDER_NOUNS)?;
    let from = noun_at + noun.len();
    let link_at = from + first_of(&lower[from..], REMINDER_LINKS)?.0;
    let when = s[from..link_at].trim();
    (!when.is_empty() && is_time_phrase(when)).then(|| {
        format!(
            "{} {} {when}",
            s[..from].trim_end(),
            s[link_at..].trim().trim_end_matches(['?', '.', '!'])
        )
    })
}

/// Field nouns a topic said first may be the owner of.
const FIELD_NOUNS: &[&str] = &[
    // "for the task 6 change the hour to 3pm" (learners)
    " the hour",
    " the time",
    " the due date",
    " the date",
    " the deadline",
    " the priority",
    " the title",
    " the name",
];

/// "for the task 2 change the date to friday" → "change the date of task 2
/// to friday": a task said first as a topic, then an order about one of its
/// fields.
pub(super) fn topic_for_a_field(s: &str) -> Option<String> {
    let first = s.split(' ').next()?;
    if !["for", "about", "regarding", "re", "on"]
        .iter()
        .any(|l| l.eq_ignore_ascii_case(first))
    {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let lead = ["for ", "about ", "regarding ", "re ", "on "]
        .iter()
        .find(|l| lower.starts_with(**l))?;
    let (at, noun) = first_of(&lower, FIELD_NOUNS)?;
    // The order starts at the verb before the field: the last word before it.
    let head = &lower[lead.len()..at];
    let verb_at = head.rfind(' ')?;
    // "for task 5 please set …": a courtesy before the verb goes.
    let said = |t: &'_ str| -> usize {
        let t = t.trim_end_matches([',', ' ']);
        [" please", " pls", " can you", " could you"]
            .iter()
            .find_map(|c| t.strip_suffix(c))
            .unwrap_or(t)
            .trim_end_matches([',', ' '])
            .len()
    };
    let topic_len = said(&head[..verb_at]);
    let topic = Text {
        original: &s[lead.len()..lead.len() + topic_len],
        lower: &head[..topic_len],
    };
    let reference = match number_token(&topic) {
        Some((n, rest)) if rest.is_empty() => format!("task {n}"),
        Some(_) => return None,
        None => {
            let Some(Target::Named(_)) = reference(&topic) else {
                return None;
            };
            topic.original.to_owned()
        }
    };
    let order = s[lead.len() + verb_at..at].trim();
    let end = at + noun.len();
    Some(format!("{order} {} of {reference}{}", &s[at + 1..end], &s[end..]))
}

/// How a wish said as a condition starts: "it would be good if you …".
const WISH_STARTS: &[&str] = &[
    "it would be ",
    "it'd be ",
    "itd be ",
    "would be ",
    "it will be ",
    "twould be ",
];
/// What may follow "if you" before the request: "could", "would".
const WISH_MODALS: &[&str] = &["could ", "would ", "can ", "will ", "please "];

/// "it would be good if you remind me to …", "would be really handy if you
/// could add …" → the request: any one word of praise (with "really",
/// "so", "very" before it) in the frame.
pub(super) fn wish_as_a_condition(s: &str) -> Option<String> {
    // Most messages start otherwise: look before lowering the text.
    let start = WISH_STARTS
        .iter()
        .find(|w| s.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))?;
    let lower = s.to_ascii_lowercase();
    let rest = &lower[start.len()..];
    let rest = ["really ", "so ", "very ", "super ", "most ", "ever so "]
        .iter()
        .find_map(|a| rest.strip_prefix(a))
        .unwrap_or(rest);
    let (_, rest) = rest.split_once(' ')?;
    let rest = rest.strip_prefix("if you ")?;
    let rest = WISH_MODALS
        .iter()
        .find_map(|m| rest.strip_prefix(m))
        .unwrap_or(rest);
    (!rest.is_empty()).then(|| s[s.len() - rest.len()..].to_owned())
}

/// Time words after which "itself" only stresses the time (Indian English):
/// "by tomorrow itself", "today itself"; a weekday's name too.
const STRESSED_TIMES: &[&str] = &[
    "today", "tomorrow", "tonight", "now", "week", "month", "morning", "evening", "weekend",
];

/// "send the invoice by tomorrow itself" → "send the invoice by tomorrow".
pub(super) fn without_stressed_time(s: &str) -> Option<String> {
    // Most messages never say "itself": look before lowering the text.
    if !contains_any_case(s, " itself") {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let at = lower.find(" itself")?;
    let after = lower[at + " itself".len()..].chars().next();
    let word = lower[..at].rsplit(' ').next().unwrap_or("");
    ((STRESSED_TIMES.contains(&word) || time::DAY_NAMES.contains(&word))
        && !after.is_some_and(char::is_alphanumeric))
    .then(|| format!("{}{}", &s[..at], &s[at + " itself".len()..]))
}

/// Verbs of an edit that may follow a task said as a heading.
const HEADED_EDITS: &[&str] = &[
    "reschedule",
    "move",
    "push",
    "postpone",
    "delete",
    "remove",
    "rename",
    "snooze",
    "mark",
    "tick",
    "change",
    "cancel",
    "drop",
    "bump",
    "set",
    "make",
    "clear",
    "update",
    "edit",
];

/// "Task 9: reschedule to tomorrow at 2pm", "#7 - rename to call the
/// plumber": a task said as a heading, then an edit without its object →
/// "reschedule task 9 to tomorrow at 2pm".
pub(super) fn task_as_a_heading(s: &str) -> Option<String> {
    // A heading of a task has its number in the first few characters.
    if !s.bytes().take(12).any(|b| b.is_ascii_digit()) {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (head, rest) = [": ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| lower.find(sep).map(|at| (at, sep.len())))
        .min()
        .map(|(at, n)| (&lower[..at], &s[at + n..]))?;
    let number = head
        .strip_prefix("task ")
        .or_else(|| head.strip_prefix("number "))
        .or_else(|| head.strip_prefix("no. "))
        .unwrap_or(head)
        .trim_start_matches('#');
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (verb, after) = rest.split_once(' ').unwrap_or((rest, ""));
    HEADED_EDITS
        .contains(&verb.to_ascii_lowercase().as_str())
        .then(|| format!("{verb} task {number} {after}").trim_end().to_owned())
}

/// Headings of a reminder that may say its time: "Reminder for Thursday:".
const TIMED_HEADINGS: &[&str] = &[
    "reminder for ",
    "reminder on ",
    "reminder ",
    "task for ",
    "todo for ",
    "to do for ",
    "note for ",
    "for ",
    "on ",
];

/// "Reminder for Thursday: staff meeting at 2" → "staff meeting at 2
/// Thursday": the time in a heading goes after the title.
pub(super) fn heading_with_a_time(s: &str) -> Option<String> {
    let (head, title) = s.split_once(": ")?;
    let lower = head.to_ascii_lowercase();
    let when = TIMED_HEADINGS
        .iter()
        .filter(|h| lower.starts_with(**h))
        .max_by_key(|h| h.len())
        .map(|h| &head[h.len()..])?;
    (!title.trim().is_empty() && is_time_phrase(when)).then(|| format!("{} {when}", title.trim()))
}

/// Needs said before a verb that only ever edits a task.
pub(super) const NEED_LEADS: &[&str] = &[
    "i have to ",
    "i need to ",
    "i must ",
    "i want to ",
    "i've got to ",
    "we need to ",
];
/// Verbs that only edit a task already on the list ("cancel", "move the
/// sofa", "remove the wallpaper" may be chores, so they are not here).
const EDIT_ONLY_VERBS: &[&str] = &[
    "prepone ",
    "postpone ",
    "reschedule ",
    "bring forward ",
    "push back ",
    "snooze ",
    "rename ",
    "defer ",
];

/// "I have to prepone the client call to tomorrow" → "prepone the client
/// call to tomorrow": a need to edit a task is the edit.
pub(super) fn need_to_edit(s: &str) -> Option<String> {
    let lead = NEED_LEADS
        .iter()
        .find(|l| s.get(..l.len()).is_some_and(|p| p.eq_ignore_ascii_case(l)))?;
    let rest = &s[lead.len()..];
    EDIT_ONLY_VERBS
        .iter()
        .any(|v| rest.get(..v.len()).is_some_and(|p| p.eq_ignore_ascii_case(v)))
        .then(|| rest.to_owned())
}
