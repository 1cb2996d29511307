//! Requests that end a task: complete and delete (news of a task done is
//! in `news`).

use super::*;

pub(super) const DONE_WORDS: &[&str] = &[
    " as complete",
    " as completed",
    " as done",
    " as finished",
    " complete",
    " completed",
    " done",
    " finished",
    " as complete ✅",
    " ✅",
    " off",
];

pub(super) fn parse_complete(t: &Text<'_>) -> Option<Intent> {
    // "completed: hoovering", "done: 4": the mark as a heading.
    if let Some(rest) = t.after(&[
        "done: ",
        "completed: ",
        "finished: ",
        "ticked: ",
        "ticked off: ",
        "done - ",
        "completed - ",
    ]) && let Some(found) = target(&rest).filter(|t| !vague(t))
    {
        return Some(Intent::Complete(found));
    }
    // "mark task 3 as complete", "mark 3 done", "mark the meeting task done"
    let (listless, listless_lower);
    let t = match without_list_phrase(t) {
        Some((o, _)) => {
            listless_lower = o.to_ascii_lowercase();
            listless = o;
            Text {
                original: &listless,
                lower: &listless_lower,
            }
        }
        None => *t,
    };
    let t = &t;
    // "mark task 3 as complete", "cross 2 off", "tick the milk one off"
    // "mark as done the task 2": the mark said before the task.
    if let Some(rest) = t.after(&[
        "mark as done ",
        "mark as complete ",
        "mark as completed ",
        "mark as finished ",
        "mark done ",
        "mark complete ",
        "tick as done ",
    ]) && let Some(found) = reference(&rest)
    {
        return Some(Intent::Complete(found));
    }
    // "kindly update the status of task 5 as done" (Indian English).
    if let Some(rest) = t.after(&[
        "update the status of ",
        "change the status of ",
        "set the status of ",
        "mark the status of ",
        "update status of ",
    ]) && let Some(body) = rest.before(&[
        " as done",
        " to done",
        " as completed",
        " to completed",
        " as complete",
        " to complete",
        " as finished",
        " to finished",
    ]) && let Some(found) = reference(&body)
    {
        return Some(Intent::Complete(found));
    }
    // "put task 2 as done", "set 4 as complete": other verbs, with "as".
    // "record the budget request as finished": a clerk's "mark".
    if let Some(rest) = t.after(&["put ", "set ", "make ", "have ", "record ", "log "])
        && let Some(body) = rest.before(&[" as complete", " as completed", " as done", " as finished"])
        && let Some(found) = reference(&body)
    {
        return Some(Intent::Complete(found));
    }
    if let Some(rest) = t.after(&[
        "mark ",
        "consider ",
        "mark off ",
        "check ",
        "tick ",
        "cross ",
        "strike ",
        "knock ",
    ]) {
        // "mark the gas bill as paid": a past form of a to-do verb says done.
        let past = PAST_TASK_VERBS
            .iter()
            .flat_map(|v| [format!(" as {v}"), format!(" {v}")])
            .find(|w| rest.lower.ends_with(w.as_str()) && rest.lower.len() > w.len());
        let marked = rest.before(DONE_WORDS).or_else(|| {
            past.map(|w| Text {
                original: rest.original[..rest.original.len() - w.len()].trim_end(),
                lower: rest.lower[..rest.lower.len() - w.len()].trim_end(),
            })
        });
        // "…, mark as done": the order without its object is about "it".
        if marked.is_some_and(|b| b.lower == "as") {
            return Some(Intent::Complete(Target::Named("it".into())));
        }
        if let Some(body) = &marked
            && let Some(found) = reference(body)
        {
            return Some(Intent::Complete(found));
        }
        if t.lower.starts_with("mark ") {
            return Some(Intent::Complete(target(&marked.unwrap_or(rest))?));
        }
        if let Some(Target::Number(n)) = reference(&rest) {
            return Some(Intent::Complete(Target::Number(n)));
        }
    }
    // "did you see the match?" asks something else.
    let asked = [
        "did you ",
        "did u ",
        "did we ",
        "did they ",
        "did anyone ",
        "did someone ",
    ]
    .iter()
    .any(|p| t.lower.starts_with(p));
    // "complete task 3", "done 3", "finish the report task"
    if !asked
        && let Some(rest) = t.after(&[
            "complete ",
            "done ",
            "finish ",
            "finished ",
            "close ",
            "i finished ",
            "i completed ",
            "i did ",
            "i've done ",
            "i have done ",
            "i've finished ",
            "i have finished ",
            "i've completed ",
            "i have completed ",
            "i'm done with ",
            "i am done with ",
            "done with ",
            "all done with ",
            "i'm all done with ",
            "cross off ",
            "cross out ",
            "check off ",
            "tick off ",
            "strike off ",
            "strike out ",
            "knock off ",
            "i did ",
            "i've done ",
            "i just did ",
            "i just finished ",
            "i'm finished with ",
            "i am finished with ",
            "finished with ",
            "completed ",
            "did ",
            "wrap up ",
            "i wrapped up ",
            "crossed off ",
            "crossed out ",
            "ticked off ",
            "ticked ",
            "checked off ",
            "checked ",
            "knocked off ",
            "knocked out ",
            "wrapped up ",
            "sorted ",
            "nailed ",
            "i crossed off ",
            "i ticked off ",
            "i checked off ",
            "i knocked out ",
            "done w ",
            "done and dusted with ",
            "mark off ",
            "finished w ",
        ])
    {
        return Some(Intent::Complete(target(&rest)?));
    }
    // "3 done", "task 3 is done", "#3 complete"
    let body = t.before(&[
        " done",
        " complete",
        " completed",
        " finished",
        " ✅",
        " taken care of",
        " sorted",
        " handled",
        " over",
    ])?;
    let body = body
        .before(&[
            " finally",
            " now",
            " already",
            " all",
            " totally",
            " completely",
            " officially",
        ])
        .unwrap_or(body);
    let body = body
        .before(&[
            " is",
            " is now",
            " is all",
            " are",
            " are all",
            " are now",
            " have been",
            " were",
            " has been",
            " was",
            " got",
            "'s",
            "’s",
        ])
        .unwrap_or(body);
    let body = body
        .after(&["got ", "i got ", "i've got ", "just got "])
        .unwrap_or(body);
    // "2 - done", "#4: complete"
    let body = Text {
        original: body
            .original
            .trim_end_matches(['-', ':', '–', '—', ',', '=', ' ']),
        lower: body.lower.trim_end_matches(['-', ':', '–', '—', ',', '=', ' ']),
    };
    Some(Intent::Complete(reference(&body)?))
}

/// States that ask for a task to go when said of it: "the offsite one can
/// be deleted".
const GONE_STATES: &[&str] = &[
    "deleted",
    "removed",
    "cancelled",
    "canceled",
    "binned",
    "dropped",
    "scrapped",
    "taken off",
    "ditched",
    "go",
];
/// The links before a state that asks for it.
const ASKED_STATE_LINKS: &[&str] = &[
    " can ",
    " can be ",
    " can now be ",
    " should be ",
    " needs to be ",
    " is to be ",
    " may be ",
    // Asked with a modal: "could task 5 be deleted".
    " be ",
];

/// A task said with a task noun or its number as no longer needed: "no
/// need for the haircut task anymore", "i don't need task 4 any more".
pub(super) fn not_needed(t: &Text<'_>) -> Option<Intent> {
    if let Some(intent) = not_needed_then_asked(t) {
        return Some(intent);
    }
    // "the flights one is not needed anymore": said after the task.
    let object = match t.after(NOT_NEEDED) {
        Some(object) => object,
        None => t.before(&[
            " is not needed anymore",
            " is not needed any more",
            " isn't needed anymore",
            " isn't needed any more",
            " is no longer needed",
            " is not needed",
            " isn't needed",
            " not needed anymore",
            " no longer needed",
            " is not required anymore",
            " is no longer required",
        ])?,
    };
    let object = object.after(&["the ", "my "]).unwrap_or(object);
    let object = object.before(NOT_NEEDED_ENDS).unwrap_or(object);
    let noun = [" task", " one", " reminder", " item", " todo"]
        .iter()
        .any(|n| object.lower.ends_with(n));
    let numbered = number_token(&object).is_some_and(|(_, rest)| rest.is_empty());
    if !(noun || numbered) {
        return None;
    }
    let object = about(&object.after(&["the "]).unwrap_or(object)).unwrap_or(object);
    Some(Intent::Delete(target(&object).filter(|t| !vague(t))?))
}

/// Asks to delete "it" said last, after the thing no longer needed.
const DELETE_IT: &[&str] = &[
    "delete it",
    "delete that",
    "delete",
    "remove it",
    "remove that",
    "bin it",
    "scrap it",
    "drop it",
    "erase it",
    "get rid of it",
    "take it off",
    "cancel it",
];

/// Words said before the thing no longer needed that are no part of it.
const NEED_LEADS: &[&str] = &["nvm ", "never mind ", "ok ", "okay ", "oh ", "actually ", "so "];

/// The thing no longer needed, then an ask to delete it: "no need send
/// coupon to Linda anymore, delete it", "dont need the bio project anymore
/// delete it". With the ask said, any name will do (no task noun needed).
fn not_needed_then_asked(t: &Text<'_>) -> Option<Intent> {
    let lower = t.lower.trim_end_matches(['.', '!', ' ']);
    let ask = DELETE_IT.iter().find(|a| {
        lower
            .strip_suffix(**a)
            .is_some_and(|h| h.ends_with([' ', ',', '.', ';']))
    })?;
    let head_len = lower[..lower.len() - ask.len()]
        .trim_end_matches([' ', ',', '.', ';', '-'])
        .len();
    let head = Text {
        original: &t.original[..head_len],
        lower: &t.lower[..head_len],
    };
    let head = head.before(&[" please", " pls", " so", " just"]).unwrap_or(head);
    let head = head.after(NEED_LEADS).unwrap_or(head);
    let object = head
        .after(NOT_NEEDED)
        .or_else(|| head.after(&["no need ", "not need ", "dont need "]))?;
    // "… anymore": the need's end is said after the name.
    let object = object.before(NOT_NEEDED_ENDS)?;
    let object = object.after(&["to "]).unwrap_or(object);
    let object = object.after(&["the ", "my ", "our "]).unwrap_or(object);
    if object.lower.is_empty() || object.lower.split_whitespace().count() > 6 {
        return None;
    }
    Some(Intent::Delete(target(&object).filter(|t| !vague(t))?))
}

/// A task said with a state that asks to delete it: "the offsite task can
/// be deleted", "task 4 should be removed".
pub(super) fn stated_delete(t: &Text<'_>) -> Option<Intent> {
    let (at, link) = ASKED_STATE_LINKS
        .iter()
        .filter_map(|l| t.lower.find(l).map(|at| (at, l.len())))
        .min_by_key(|(at, len)| (*at, std::cmp::Reverse(*len)))?;
    let state = t.lower[at + link..].trim_start_matches("now ").trim();
    // "can go" only as it is, and only of a task said as one ("the kids
    // can go" is no request); "can be deleted" after any link.
    let task_said = [" task", " one", " item", " reminder", " todo"]
        .iter()
        .any(|n| t.lower[..at].ends_with(n))
        || number_token(&Text {
            original: &t.original[..at],
            lower: &t.lower[..at],
        })
        .is_some_and(|(_, rest)| rest.is_empty());
    if !GONE_STATES.contains(&state) || state == "go" && (link != " can ".len() || !task_said) {
        return None;
    }
    let subject = Text {
        original: &t.original[..at],
        lower: &t.lower[..at],
    };
    // "…, so that task can go": "that task" is swapped for the task said
    // before (`pointing_back`), or asked about.
    Some(Intent::Delete(reference(&subject)?))
}

/// The verbs (and phrases) of a request to delete a task, before it.
pub(super) const DELETE_VERBS: &[&str] = &[
    "delete ",
    "remove ",
    "drop ",
    "erase ",
    "cancel ",
    "get rid of ",
    "forget about ",
    "forget ",
    "scratch ",
    "scrap ",
    "yeet ",
    "bin ",
    "bin off ",
    "ditch ",
    "axe ",
    "trash ",
    "discard ",
    "throw away ",
    "throw out ",
    "nuke ",
    "kill ",
    "take off ",
    "clear ",
    "i don't need ",
    "i dont need ",
    "don't need ",
    "dont need ",
    "no longer need ",
    "i won't need ",
    "i wont need ",
    "we won't need ",
    "we don't need ",
    "i do not need ",
    "i no longer need ",
    "no need for ",
    "never mind ",
    "nevermind ",
    // "take away the hairdresser one", "rub out the gym one"
    "take away ",
    "rub out ",
    "rub off ",
    "wipe out ",
    "wipe off ",
    "strike out ",
    "do away with ",
    "purge ",
    // Learners' words from other languages ("supprimer", "eliminar").
    "suppress ",
    "supress ",
    "eliminate ",
];

pub(super) fn parse_delete(t: &Text<'_>) -> Option<Intent> {
    // "dont need the bio project anymore delete it": the need's end first.
    if let Some(intent) = not_needed_then_asked(t) {
        return Some(intent);
    }
    let (listless, listless_lower, prep);
    let t = match without_list_phrase(t) {
        Some((o, p)) => {
            listless_lower = o.to_ascii_lowercase();
            listless = o;
            prep = p;
            Text {
                original: &listless,
                lower: &listless_lower,
            }
        }
        None => {
            prep = "";
            *t
        }
    };
    // "take task 3 off my list", "take the gym one off"
    if let Some(rest) = t.after(&["take ", "rub ", "wipe "]).filter(|r| {
        !r.lower.starts_with("away ") && !r.lower.starts_with("out ") && !r.lower.starts_with("off ")
    }) {
        let body = rest.before(&[" off", " away", " out"]);
        if body.is_some() || prep == "off" || prep == "from" {
            return Some(Intent::Delete(reference(&body.unwrap_or(rest))?));
        }
        return None;
    }
    let rest = t.after(DELETE_VERBS)?;
    // "i don't need to do the tax thing anymore", "don't need to buy
    // batteries anymore": the doing goes.
    let rest = rest.after(&["to do "]).unwrap_or(rest);
    let verb = rest
        .lower
        .strip_prefix("to ")
        .and_then(|r| r.split(' ').next())
        .filter(|v| todo_verb(v));
    let rest = match verb.map(|v| "to ".len() + v.len() + 1) {
        Some(cut) if cut < rest.lower.len() => Text {
            original: &rest.original[cut..],
            lower: &rest.lower[cut..],
        },
        _ => rest,
    };
    let rest = rest
        .before(&[
            " anymore",
            " any more",
            " no more",
            " any longer",
            " now",
            " after all",
            " off",
            " for good",
        ])
        .unwrap_or(rest);
    Some(Intent::Delete(target(&rest)?))
}

/// Words that are no task's name before "done": "job done", "all done".
const NOT_NAMES_BEFORE_DONE: &[&str] = &[
    "job", "well", "all", "that's", "thats", "it's", "its", "i'm", "im", "we're", "you're", "nearly",
    "almost", "half", "not", "get", "got", "getting", "be", "is", "are", "was", "am", "i", "we", "you", "it",
    "that", "this", "and", "so", "just", "mostly", "finally", "already", "now", "then", "the", "a", "show",
    "list", "see", "view", "what", "which", "any", "anything", "tasks", "my", "mark", "tick",
];

/// Past forms a person does, said after a name: "mum called", "Sam told",
/// beside [`CONTACT_VERBS`] ("Sam texted").
const AGENT_VERBS: &[&str] = &[
    "asked",
    "told",
    "met",
    "spoke",
    "spoken",
    "talked",
    "replied",
    "responded",
    "confirmed",
    "arranged",
    "took",
    "taken",
    "sent",
    "wrote",
    "written",
    "visited",
    "returned",
    "dropped",
    "handled",
    "done",
];

/// A task named bare, then the mark: "dentist ✅" (read "dentist done"),
/// "laundry done". A short name of letters with no verb before it.
pub(super) fn name_then_done(t: &Text<'_>, question: bool) -> Option<Intent> {
    // "that's the car washed": what is done, said with "that's".
    let lead = [
        "that's the ",
        "thats the ",
        "that's my ",
        "thats my ",
        "that is the ",
    ]
    .iter()
    .find(|l| t.lower.starts_with(**l))
    .map_or(0, |l| l.len());
    let lower = &t.lower[lead..];
    // "parcel posted", "rent paid": a past form said last is done too, but
    // not one a person does ("mum called" is news of mum).
    let head = lower.strip_suffix(" done").or_else(|| {
        let (head, last) = lower.rsplit_once(' ')?;
        (PAST_TASK_VERBS.contains(&last) && !AGENT_VERBS.contains(&last) && !CONTACT_VERBS.contains(&last))
            .then_some(head)
    })?;
    let words: Vec<&str> = head.split_whitespace().collect();
    let plain = |w: &&str| {
        w.chars()
            .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '-')
    };
    let ok = !question
        && (1..=3).contains(&words.len())
        && words.iter().all(plain)
        && !words
            .iter()
            .any(|w| NOT_NAMES_BEFORE_DONE.contains(w) || MANY_WORDS.contains(w))
        && !todo_verb(words[0])
        && !words.iter().all(|w| NO_NAME_WORDS.contains(w));
    ok.then(|| Intent::Complete(Target::Named(t.original[lead..lead + head.len()].to_owned())))
}
