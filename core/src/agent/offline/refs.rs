//! Which task a request is about: numbers and names, "it", several tasks
//! at once, and a change of mind before the real request.

use super::*;

/// Words that name many tasks at once; the brain completes or deletes one
/// task at a time, by number or by a name that matches one.
pub(super) const MANY_WORDS: &[&str] = &[
    "all",
    "everything",
    "every",
    "completed",
    "done",
    "finished",
    "them",
    "those",
    "these",
    "both",
    "tasks",
    "todos",
];

/// Words that name many tasks in an edit of one: "move everything to friday".
const BULK_WORDS: &[&str] = &["everything", "all", "them", "those", "these", "both"];

/// A target of many tasks where an edit takes one: "push everything to monday".
pub(super) fn bulk(t: &Target) -> bool {
    matches!(t, Target::Named(n) if n.to_ascii_lowercase().split_whitespace().any(|w| BULK_WORDS.contains(&w)))
}

/// Words that name no task in particular: "delete the task", "remove that one".
pub(super) const NO_NAME_WORDS: &[&str] = &[
    "task", "one", "item", "thing", "todo", "reminder", "entry", "it", "that", "this", "last", "first",
    "latest", "newest", "oldest", "previous", "top", "bottom", "other", "next", "new", "old", "recent",
    "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "2nd", "3rd",
    "4th", "5th", "middle", // "clear the whole list"; "the price list" is a name.
    "list", "whole", "entire",
];

/// A name that is many tasks, or none in particular.
pub(super) fn names_many(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let numbers = words
        .iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .count();
    // "the shopping one and the gym one": two tasks.
    let two = [" one and ", " task and ", " and the ", " and task "]
        .iter()
        .any(|j| lower.contains(j));
    words.is_empty()
        || two
        || numbers > 1
        || words.iter().any(|w| MANY_WORDS.contains(w))
        || words.iter().all(|w| NO_NAME_WORDS.contains(w))
}

/// Words said after a task's subject that name the kind of job, which the
/// title may say as a verb or not at all: "the accountant call" is "call
/// the accountant", "the toner order" is "order toner", "the VAT stuff".
const KIND_NOUNS: &[&str] = &[
    // "the grandson telephone call": the whole noun goes, not just "call".
    " telephone call",
    " phone call",
    " call",
    " order",
    " pickup",
    " pick up",
    " pick-up",
    " follow up",
    " follow-up",
    " followup",
    " stuff",
    " thing",
    " things",
    " back",
];

/// A task named by its subject, without a last word that names the kind of
/// job ("the toner order" → "toner", "called Hendricks back" → "Hendricks").
pub(super) fn named_by_its_subject(intent: Intent) -> Intent {
    let bare = |t: Target| match t {
        Target::Named(name) => {
            let name = name_without_frame(&name);
            let lower = name.to_ascii_lowercase();
            let cut = KIND_NOUNS
                .iter()
                .find(|k| lower.ends_with(**k))
                .map(|k| name.len() - k.len())
                .filter(|at| {
                    let head = &lower[..*at];
                    !head.trim().is_empty()
                        && !head
                            .split_whitespace()
                            .all(|w| NO_NAME_WORDS.contains(&w) || ["the", "my", "a", "an"].contains(&w))
                });
            match cut {
                Some(at) => Target::Named(name[..at].trim_end().to_owned()),
                None => Target::Named(name),
            }
        }
        number => number,
    };
    let intent = without_reflexive(intent);
    // "the report's urgent now": "'s" is "is", not the name's.
    let unlinked = |t: Target| match t {
        Target::Named(name) if name.len() > 3 && (name.ends_with("'s") || name.ends_with("’s")) => {
            let cut = name.trim_end_matches("'s").trim_end_matches("’s").to_owned();
            Target::Named(cut)
        }
        other => other,
    };
    let intent = match intent {
        Intent::SetPriority(t, p) => Intent::SetPriority(unlinked(t), p),
        Intent::Move(t, w) => Intent::Move(unlinked(t), w),
        other => other,
    };
    intent.map_edited(bare)
}

/// Words said after a name that link it to what is said of it: "the
/// onboarding form is actually due monday", "the policy reading is now".
const LINKS_AFTER_A_NAME: &[&str] = &[
    " is actually",
    " is now",
    " is",
    " are",
    " was",
    " actually",
    " now",
];

/// Words before a name that say what holds it, not what it is: "the
/// reminder for the invoice", "the task about the permit".
const HOLDERS_BEFORE_A_NAME: &[&str] = &[
    "reminder for the ",
    "reminder about the ",
    "reminder for ",
    "reminder about ",
    "reminder to ",
    "task for the ",
    "task about the ",
    "task for ",
    "task about ",
    "one for the ",
    "one about the ",
    "one about ",
    "item for the ",
    "item about the ",
    "entry for the ",
];

/// Verbs of getting in touch or going to: their object (a person, a
/// place) names the task ("calling the engineer" is the engineer one);
/// a chore's verb stays part of its name ("washing the car").
const CONTACT_VERBS: &[&str] = &[
    "call", "ring", "phone", "email", "e-mail", "text", "message", "contact", "meet", "visit", "see", "ask",
    "tell", "chase",
];

/// A verb of getting in touch said as a gerund: "calling", "emailing", "visiting".
fn contact_gerund(word: &str) -> bool {
    let Some(stem) = word.strip_suffix("ing") else {
        return false;
    };
    CONTACT_VERBS.contains(&stem) || CONTACT_VERBS.iter().any(|v| v.strip_suffix('e') == Some(stem))
}

/// A task's name without what frames it: the marks after it ("the
/// onboarding form!"), a link to what is said of it ("… is actually"), the
/// task noun that holds it ("the reminder for the invoice"), and the job
/// done to it said first ("calling the engineer", "the visit of the
/// construction site"): the words left are the ones its title has.
fn name_without_frame(name: &str) -> String {
    let mut name = name
        .trim()
        .trim_end_matches(['!', '?', '.', ',', ';', ':'])
        .trim_end();
    loop {
        let lower = name.to_ascii_lowercase();
        match LINKS_AFTER_A_NAME
            .iter()
            .find(|l| lower.ends_with(**l) && lower.len() > l.len() + 2)
        {
            Some(l) => name = name[..name.len() - l.len()].trim_end(),
            None => break,
        }
    }
    let lower = name.to_ascii_lowercase();
    let lead = ["the ", "my ", "our "]
        .iter()
        .find(|d| lower.starts_with(**d))
        .map_or(0, |d| d.len());
    if let Some(h) = HOLDERS_BEFORE_A_NAME
        .iter()
        .find(|h| lower[lead..].starts_with(**h) && lower.len() > lead + h.len())
    {
        return name[lead + h.len()..].to_owned();
    }
    // "calling the engineer", "visit of the construction site": the object.
    let words: Vec<&str> = lower[lead..].split(' ').collect();
    if words.len() >= 3 {
        let first = words[0];
        let (skip, det) = match words[1] {
            "of" if ["the", "my", "our"].contains(&words[2])
                && (CONTACT_VERBS.contains(&first) || contact_gerund(first)) =>
            {
                (first.len() + 4, words[2].len() + 1)
            }
            "the" | "my" | "our" if contact_gerund(first) => (first.len() + 1, words[1].len() + 1),
            _ => (0, 0),
        };
        if skip > 0 && lower.len() > lead + skip + det {
            return name[lead + skip + det..].to_owned();
        }
    }
    name.to_owned()
}

/// Words said after a thing in a statement that are not its name: "the
/// landlord fixed the tap himself so that one can go".
const AFTER_A_NAME: &[&str] = &[
    " himself so",
    " herself so",
    " themselves so",
    " himself",
    " herself",
    " themselves",
    " so",
    // "oven hood all cleaned", "churn analysis - done", "take the window
    // cleaner off altogether": degree and dashes.
    " altogether",
    " completely",
    " entirely",
    " for good",
    " all",
    " -",
    " –",
    " —",
];

fn without_reflexive(intent: Intent) -> Intent {
    let trim = |t: Target| match t {
        Target::Named(name) => {
            let lower = name.to_ascii_lowercase();
            match AFTER_A_NAME
                .iter()
                .find(|w| lower.ends_with(**w) && lower.len() > w.len())
            {
                Some(w) => Target::Named(name[..name.len() - w.len()].to_owned()),
                None => Target::Named(name),
            }
        }
        number => number,
    };
    match intent {
        Intent::Complete(t) => Intent::Complete(trim(t)),
        Intent::Delete(t) => Intent::Delete(trim(t)),
        other => other,
    }
}

/// Words that take back what came before and lead to the real request:
/// "never mind about task 4, delete it", "on second thought remove 5".
pub(super) const MIND_CHANGES: &[&str] = &[
    "never mind",
    "nevermind",
    "nvm",
    "on second thought",
    "on second thoughts",
    "second thought",
    "second thoughts",
    "scratch that",
    "forget that",
    "wait",
    "oh wait",
    "no wait",
    "hmm",
    "hm",
    "sorry",
    "oops",
    "changed my mind",
    "i changed my mind",
    "i've changed my mind",
    "i have changed my mind",
    "change of plan",
    "change of plans",
    "actually no",
    "no actually",
    "forget what i said",
    "ignore what i said",
    "ignore that",
    "disregard that",
    "ignore my last message",
    "forget my last message",
    "never mind that",
    "my bad",
    "correction",
];

/// The request after a change of mind: in a later clause ("…, delete it"),
/// or straight after the words ("on second thought remove 5").
pub(super) fn after_change_of_mind(t: &Text<'_>, question: bool) -> Option<Intent> {
    let (_, rest) = word_after(t, MIND_CHANGES)?;
    let strong_in = |s: &str| {
        let normal = normalize(s);
        let lower = normal.to_ascii_lowercase();
        let c = Text {
            original: &normal,
            lower: &lower,
        };
        (!lower.is_empty()).then(|| strong(&c, question)).flatten()
    };
    // "nvm dont need the bio project anymore delete it": the rest read
    // whole names its task, where no clause has to say it.
    if rest
        .lower
        .split_whitespace()
        .any(|w| ["need", "want"].contains(&w))
        && let Some(Intent::Delete(Target::Named(name))) = strong_in(rest.original)
        && !["it", "that", "this", "that one", "this one"].contains(&name.to_ascii_lowercase().as_str())
    {
        return Some(Intent::Delete(Target::Named(name)));
    }
    // "sorry, I added the garage thing by mistake, could you delete it":
    // "it" is the task the clause before names.
    clauses(rest.lower)
        .into_iter()
        .find_map(|at| {
            let clause = &rest.original[at..];
            // "…, i already did it" is news, not an order about "it".
            let news = ["i ", "i've ", "we ", "we've "]
                .iter()
                .any(|s| rest.lower[at..].starts_with(s));
            let named = (!news)
                .then(|| {
                    let head = &rest.original[..at];
                    earlier_reference(head).or_else(|| about_reference(head))
                })
                .flatten()
                .and_then(|r| it_as(clause, &r));
            strong_in(named.as_deref().unwrap_or(clause))
        })
        .or_else(|| strong_in(rest.original))
}

/// "delete it", "mark that as done": the one task number said elsewhere in the message.
pub(super) fn resolve_it(intent: Intent, lower: &str) -> Intent {
    let pronoun = |t: &Target| matches!(t, Target::Named(n) if ["it", "that", "this", "that one", "this one"].contains(&n.to_ascii_lowercase().as_str()));
    let number = || {
        let numbers: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
            .collect();
        match numbers.as_slice() {
            [n] => Some(Target::Number((*n).to_owned())),
            // "snooze it for 10 mins, task 3": the one said as a task.
            _ => {
                let words: Vec<&str> = lower.split_whitespace().collect();
                let led: Vec<&str> = words
                    .windows(2)
                    .filter(|w| ["task", "number", "#", "no."].contains(&w[0]))
                    .map(|w| w[1].trim_end_matches(|c: char| !c.is_ascii_digit()))
                    .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                    .collect();
                match led.as_slice() {
                    [n] => Some(Target::Number((*n).to_owned())),
                    _ => None,
                }
            }
        }
    };
    let swap = |t: Target| if pronoun(&t) { number().unwrap_or(t) } else { t };
    let intent = intent.map_edited(swap);
    // "delete it" with no task said, "clear all completed": ask, never guess.
    if let Intent::Complete(Target::Named(name)) | Intent::Delete(Target::Named(name)) = &intent
        && names_many(name)
    {
        return Intent::Unknown;
    }
    // "push everything from today to tomorrow": one task at a time.
    if intent.edited().is_some_and(|t| pronoun(t) || bulk(t)) {
        Intent::Unknown
    } else {
        intent
    }
}

/// A task reference: `3`, `#3`, `task 3`, `number 3`.
pub(super) fn number_token(t: &Text<'_>) -> Option<(String, String)> {
    // "the task 3", "the 5", "the task with number 3": an article before it.
    let t = &t
        .after(&["the "])
        .filter(|r| {
            r.lower.starts_with(|c: char| c.is_ascii_digit())
                || ["task", "number", "no.", "#", "one with number", "item"]
                    .iter()
                    .any(|p| r.lower.starts_with(p))
        })
        .unwrap_or(*t);
    let rest = t
        .after(&[
            "task with number ",
            "task with the number ",
            "one with number ",
            "one with the number ",
            "with number ",
            "item number ",
            "item ",
            "task number ",
            "task no. ",
            "task #",
            "task ",
            "number ",
            "no. ",
            "#",
        ])
        .unwrap_or(*t);
    let mut parts = rest.original.splitn(2, char::is_whitespace);
    let first = parts
        .next()?
        .trim_start_matches('#')
        .trim_end_matches([':', ',', '.', ')'])
        .trim_end_matches("'s")
        .trim_end_matches("’s");
    let remainder = parts.next().unwrap_or("").trim().to_owned();
    // "5s title", "3s due date": a possessive without its apostrophe.
    let first = match first.strip_suffix('s') {
        Some(n)
            if !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && starts_with_field(&remainder.to_ascii_lowercase()) =>
        {
            n
        }
        _ => first,
    };
    first
        .chars()
        .next()?
        .is_ascii_digit()
        .then(|| (first.to_owned(), remainder))
}

/// Task nouns a name may follow with a word saying what it is about: "the
/// task about the library books", "the one for the boiler service".
const ABOUT_NOUNS: &[&str] = &[
    "task ",
    "one ",
    "item ",
    "reminder ",
    "thing ",
    "todo ",
    "entry ",
    "note ",
];
const ABOUT_LINKS: &[&str] = &[
    "about ",
    "of ",
    "for ",
    "regarding ",
    "re ",
    "re: ",
    "concerning ",
    "on ",
    "with ",
    "to ",
    "that says ",
    "called ",
    "named ",
];

/// The words after "task about": "task about the library books" → "the library books".
pub(super) fn about<'a>(t: &Text<'a>) -> Option<Text<'a>> {
    t.after(ABOUT_NOUNS)?.after(ABOUT_LINKS)
}

/// `the meeting task` → `meeting`; `the task about the gym` → `gym`.
pub(super) fn task_name(t: &Text<'_>) -> Option<String> {
    // "the room one i already did it": a statement said after the task's
    // noun without a comma goes.
    let mut cut = None;
    let mut at = 0;
    let mut before = "";
    for word in t.lower.split(' ') {
        if NEWS_SUBJECTS.contains(&word) && ["one", "task", "thing", "reminder", "item"].contains(&before) {
            cut = Some(at - 1);
            break;
        }
        before = word;
        at += word.len() + 1;
    }
    let t = &cut.map_or(*t, |end| Text {
        original: &t.original[..end],
        lower: &t.lower[..end],
    });
    let inner = t.after(&["the ", "my ", "our ", "that ", "this "]).unwrap_or(*t);
    let inner = about(&inner).map_or(inner, |a| a.after(&["the ", "my ", "a ", "an "]).unwrap_or(a));
    let inner = inner
        .before(&[" task", " todo", " item", " one", " reminder", " thing", " entry"])
        .unwrap_or(inner);
    let inner = inner
        .after(&["task ", "task called ", "task named "])
        .unwrap_or(inner);
    let name = unquote(inner.original);
    // "the railcard one, i've sorted it": a statement after the name goes.
    let name = match name.split_once(", ") {
        // "…, i already did it" is news, not a reason (`after_change_of_mind`).
        Some((head, tail))
            if (STATEMENT_STARTS
                .iter()
                .any(|s| format!("{} ", tail.to_ascii_lowercase()).starts_with(s))
                || past_statement(&tail.to_ascii_lowercase()))
                && !Text {
                    original: tail,
                    lower: &tail.to_ascii_lowercase(),
                }
                .has_any(&["did", "already"]) =>
        {
            head.trim()
        }
        _ => name,
    };
    let name = without_stress(name);
    let name_lower = name.to_ascii_lowercase();
    let name = Text {
        original: name,
        lower: &name_lower,
    }
    .before(&[" task", " todo", " item", " one", " reminder", " thing", " entry"])
    .map_or(name, |n| n.original);
    let name = without_stress(name);

    // A long "name", or one with a clause in it, is a sentence the phrase
    // tables misread, not a task.
    let words = name.split_whitespace().count();
    let joined = [
        " so ",
        " but ",
        " because ",
        " can be ",
        " should be ",
        " can now be ",
    ]
    .iter()
    .any(|j| name.to_ascii_lowercase().contains(j));
    let clause = [", ", "; ", ". ", "! ", "? "]
        .iter()
        .any(|sep| name.contains(sep));
    (!name.is_empty() && words <= 6 && !clause && !joined).then(|| name.to_owned())
}

/// Words said after a task's name that only stress it: "the GST wala
/// task" (Indian English, the word that makes the name an adjective),
/// "the logo drafts only".
const STRESS_AFTER_A_NAME: &[&str] = &[" wala", " waala", " wali", " waali", " vala", " wale", " only"];

fn without_stress(name: &str) -> &str {
    STRESS_AFTER_A_NAME
        .iter()
        .find(|w| {
            name.len() > w.len()
                && name
                    .get(name.len() - w.len()..)
                    .is_some_and(|end| end.eq_ignore_ascii_case(w))
        })
        .map_or(name, |w| &name[..name.len() - w.len()])
}

/// The task a request is about and what follows it: `3 for an hour`,
/// `task 3 to friday`, `the laundry reminder for 2 hours` (a name ends at the
/// first of `linkers`, or at the end).
pub(super) fn split_target(t: &Text<'_>, linkers: &[&str]) -> Option<(Target, String)> {
    if let Some((number, remainder)) = number_token(t) {
        return Some((Target::Number(number), remainder));
    }
    let at = first_of(t.lower, linkers).map_or(t.lower.len(), |(at, _)| at);
    let name = Text {
        original: &t.original[..at],
        lower: &t.lower[..at],
    };
    let Some(Target::Named(name)) = reference(&name) else {
        return None;
    };
    Some((Target::Named(name), t.original[at..].trim().to_owned()))
}

/// A task said by number, or by name with an article or "task" ("the report
/// task", "my milk one"): a bare phrase is too likely to be a new task's title.
pub(super) fn reference(t: &Text<'_>) -> Option<Target> {
    match number_token(t) {
        Some((number, remainder)) if correction_only(&remainder) || aside(t, &number, &remainder) => {
            Some(Target::Number(number))
        }
        Some(_) => None,
        None => {
            // Said with a determiner or a task noun at its edge: "the milk
            // one", "my report task", "dentist task"; not "add call the vet p2".
            // "a reminder", "an item" is a new thing, not one on the list.
            let indefinite = ["a ", "an ", "me ", "us ", "myself ", "some "]
                .iter()
                .any(|a| t.lower.starts_with(a));
            let determined = ["the ", "my ", "our ", "that ", "this ", "task ", "todo "]
                .iter()
                .any(|d| t.lower.starts_with(d));
            let noun = [" task", " todo", " one", " item", " reminder", " thing"]
                .iter()
                .any(|n| t.lower.ends_with(n));
            let named = !indefinite && (determined || noun);
            named.then(|| task_name(t).map(Target::Named)).flatten()
        }
    }
}

/// Adverbs after a task number that leave it the task: "erase number 15 entirely".
const NUMBER_ADVERBS: &[&str] = &[
    "entirely",
    "completely",
    "altogether",
    "for good",
    "permanently",
    "right away",
    "straight away",
    "asap",
    "at once",
    "for now",
];

/// Where a task is kept, said after its number.
const KEPT_IN: &[&str] = &[
    "from the list",
    "from my list",
    "from the backlog",
    "from my backlog",
    "from the board",
    "from my to-do list",
    "from my todo list",
    "off the list",
    "off my list",
];

/// What may follow a task number without changing which task it is: nothing,
/// or a correction ("delete 6 not 5", "3 instead").
pub(super) fn correction_only(remainder: &str) -> bool {
    let r = remainder.trim().to_ascii_lowercase();
    // "remove task 5 from the backlog entirely": where it is kept is no name.
    let r = KEPT_IN
        .iter()
        .find_map(|k| r.strip_prefix(k))
        .map_or(r.as_str(), str::trim_start);
    let r = r.trim_end_matches(['.', '!', ',']);
    r.is_empty()
        || NUMBER_ADVERBS.contains(&r)
        || ["not ", "instead", "rather than ", "and not "]
            .iter()
            .any(|c| r.starts_with(c))
}

/// An aside after a task number and a comma or dash, with no other number:
/// "please delete number 3, i added it twice".
fn aside(t: &Text<'_>, number: &str, remainder: &str) -> bool {
    let after = |sep: &str| t.lower.contains(&format!("{number}{sep}"));
    !remainder.is_empty()
        && !remainder.chars().any(|c| c.is_ascii_digit())
        && ([",", ";", " -", " –", " —"].iter().any(|s| after(s)) || statement_after_number(remainder))
}

pub(super) fn target(t: &Text<'_>) -> Option<Target> {
    match number_token(t) {
        Some((number, remainder)) if correction_only(&remainder) || aside(t, &number, &remainder) => {
            Some(Target::Number(number))
        }
        _ => task_name(t).map(Target::Named),
    }
}

/// The task a change of mind is about: "nvm about the cinema, delete it"
/// → "the cinema".
fn about_reference(head: &str) -> Option<String> {
    let l = ["about ", "re ", "regarding "]
        .iter()
        .find(|l| head.len() > l.len() && head.get(..l.len()).is_some_and(|h| h.eq_ignore_ascii_case(l)))?;
    let said = head[l.len()..].trim_end_matches([',', ';', ':', '.', '-', ' ']);
    let lower = said.to_ascii_lowercase();
    let named = reference(&Text {
        original: said,
        lower: &lower,
    });
    (matches!(named, Some(Target::Named(_))) && said.split_whitespace().count() <= 5).then(|| said.to_owned())
}

/// What one did to a task before asking about it: "I added …".
const ADDED_LEADS: &[&str] = &[
    "i added ",
    "i put in ",
    "i put ",
    "i created ",
    "i made ",
    "i entered ",
];

/// The task a message starts with, as a reference a later clause's "it"
/// can stand for: "4 isnt that important, make it low" → "task 4"; "the
/// tax one is urgent, bump it up" → "the tax one".
pub(super) fn earlier_reference(head: &str) -> Option<String> {
    // "For the dentist one, could you change it …": the topic's preposition goes.
    let head = ["for ", "as for ", "about ", "regarding ", "re "]
        .iter()
        .find(|l| head.len() > l.len() && head.get(..l.len()).is_some_and(|h| h.eq_ignore_ascii_case(l)))
        .map_or(head, |l| &head[l.len()..]);
    // "I added the garage thing by mistake": the task one added.
    let head = ADDED_LEADS
        .iter()
        .find(|l| head.len() > l.len() && head.get(..l.len()).is_some_and(|h| h.eq_ignore_ascii_case(l)))
        .map_or(head, |l| &head[l.len()..]);
    let lower = head.to_ascii_lowercase();
    let head = [" by mistake", " by accident", " twice", " again"]
        .iter()
        .find_map(|w| {
            lower
                .trim_end_matches([',', ';', '.', ' '])
                .rfind(w)
                .map(|at| &head[..at])
        })
        .unwrap_or(head);
    let lower = head.to_ascii_lowercase();
    let t = Text {
        original: head,
        lower: &lower,
    };
    if let Some((number, _)) = number_token(&t) {
        return Some(format!("task {number}"));
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    if !["the", "my", "that"].contains(words.first()?) {
        return None;
    }
    // "the task about the car insurance, i have done it": all of it, up to
    // a statement about it ("… is urgent").
    let said = [
        " is ", " was ", " has ", " needs ", " should ", " can ", " isn't ",
    ]
    .iter()
    .filter_map(|l| lower.find(l))
    .min()
    .map_or(head, |at| &head[..at]);
    let said = said.trim_end_matches([',', ';', ':', '.', '-', ' ']);
    let words: Vec<&str> = words.into_iter().take(said.split_whitespace().count()).collect();
    if words.len() <= 8
        && let Some(Target::Named(_)) = reference(&Text {
            original: said,
            lower: &said.to_ascii_lowercase(),
        })
        && about(&Text {
            original: &said[words[0].len() + 1..],
            lower: &said.to_ascii_lowercase()[words[0].len() + 1..],
        })
        .is_some()
    {
        return Some(said.to_owned());
    }
    let noun = words
        .iter()
        .take(5)
        .position(|w| {
            ["one", "task", "item", "todo", "reminder", "thing", "stuff"]
                .contains(&w.trim_end_matches([',', ';', ':', '.', '-']))
        })
        .filter(|k| *k >= 2)?;
    // "the gym task, move it to saturday": the comma after the noun goes.
    Some(
        head.split_whitespace()
            .take(noun + 1)
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches([',', ';', ':', '.', '-'])
            .to_owned(),
    )
}

/// A clause with its "it" (or "that", or "them" for a task said in the
/// plural) naming `reference`: "bump it up to high" → "bump the tax one up
/// to high". A priority order said without its object ("put medium", "bump
/// up") takes the reference after its verb.
pub(super) fn it_as(clause: &str, reference: &str) -> Option<String> {
    let words: Vec<&str> = clause.split_whitespace().collect();
    // "lower its priority": the field of the task said before.
    if let Some(at) = words.iter().position(|w| w.eq_ignore_ascii_case("its"))
        && words
            .get(at + 1)
            .is_some_and(|f| starts_with_field(&f.to_ascii_lowercase()))
    {
        let mut out: Vec<&str> = words[..at].to_vec();
        out.push("the");
        out.push(words[at + 1]);
        out.push("of");
        out.push(reference);
        out.extend_from_slice(&words[at + 2..]);
        return Some(out.join(" "));
    }
    let at = match words
        .iter()
        .skip(1)
        .position(|w| ["it", "that", "them"].contains(&w.to_ascii_lowercase().as_str()))
    {
        Some(at) => at + 1,
        None if level_without_object(&words) => {
            let mut out = vec![words[0], reference];
            out.extend_from_slice(&words[1..]);
            return Some(out.join(" "));
        }
        None => return None,
    };
    let mut out: Vec<&str> = words[..at].to_vec();
    out.push(reference);
    out.extend_from_slice(&words[at + 1..]);
    Some(out.join(" "))
}

/// An order of priority without its object: "put medium", "set to low",
/// "bump up", "make high priority".
fn level_without_object(words: &[&str]) -> bool {
    let Some((verb, rest)) = words.split_first() else {
        return false;
    };
    let rest = rest.join(" ").to_ascii_lowercase();
    let rest = rest.trim_end_matches(['.', '!']);
    let rest = rest
        .strip_prefix("to ")
        .or_else(|| rest.strip_prefix("as "))
        .unwrap_or(rest);
    PRIORITY_VERBS.contains(&verb.to_ascii_lowercase().as_str())
        && (PRIORITY_WORDS.iter().any(|(w, _)| *w == rest) || ["up", "down"].contains(&rest))
}

/// Verbs that set a priority when a level follows.
const PRIORITY_VERBS: &[&str] = &[
    "put", "set", "make", "bump", "mark", "change", "switch", "move", "knock",
];
