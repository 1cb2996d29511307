//! Lead-ins that wrap a request in another form: a verb as a gerund after
//! "would you mind" ("would u mind adding …"), a task asked about with a
//! modal ("can the dentist one be due on thursday"). Each is rewritten to
//! the plain request once, before the phrase tables read it.

/// Leads after which the request's verb is a gerund.
const GERUND_LEADS: &[&str] = &[
    "would you mind ",
    "would you mind just ",
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
const REQUEST_VERBS: &[&str] = &[
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
    let (at, len) = ASKED_TO
        .iter()
        .filter_map(|a| lower.find(a).map(|at| (at, a.len())))
        .min_by_key(|(at, _)| *at)?;
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
    (task && rest.contains(" be ")).then(|| s[modal.len()..].to_owned())
}
