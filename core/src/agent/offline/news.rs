//! News of a task done: "i've paid the electricity bill", "the MOT is
//! booked", "sent the quote ✅", "bins are out 👍 tick that one off".

use super::*;

/// Past forms of the to-do verbs that say a task was done: "i've paid the
/// electricity bill", "just called mum". Forms that are also the present
/// ("put", "read", "set", "cut") are left out: "just put out the bins" is
/// an order.
pub(super) const PAST_TASK_VERBS: &[&str] = &[
    "called",
    "rang",
    "rung",
    "phoned",
    "texted",
    "emailed",
    "e-mailed",
    "messaged",
    "paid",
    "bought",
    "booked",
    "cleaned",
    "fixed",
    "picked",
    "sent",
    "wrote",
    "written",
    "submitted",
    "renewed",
    "ordered",
    "visited",
    "returned",
    "washed",
    "watered",
    "fed",
    "walked",
    "vacuumed",
    "tidied",
    "organized",
    "organised",
    "planned",
    "reviewed",
    "updated",
    "printed",
    "filed",
    "signed",
    "cooked",
    "baked",
    "mowed",
    "repaired",
    "replaced",
    "installed",
    "backed",
    "scheduled",
    "contacted",
    "replied",
    "responded",
    "checked",
    "asked",
    "told",
    "registered",
    "applied",
    "cancelled",
    "canceled",
    "charged",
    "refilled",
    "packed",
    "unpacked",
    "sorted",
    "recycled",
    "donated",
    "sold",
    "drafted",
    "prepped",
    "prepared",
    "collected",
    "dropped",
    "took",
    "taken",
    "grabbed",
    "posted",
    "mailed",
    "shipped",
    "emptied",
    "ironed",
    "bathed",
    "groomed",
    "defrosted",
    "downloaded",
    "uploaded",
    "shopped",
    "spoke",
    "spoken",
    "talked",
    "met",
    "chased",
    "confirmed",
    "arranged",
    "settled",
    "finalised",
    "finalized",
    "dealt",
    "handled",
    "got round to",
    "got around to",
    "finished",
    "completed",
    "done",
    "handed",
    "wrapped",
    "hoovered",
    "mopped",
    "dusted",
    "swept",
    "fetched",
    "delivered",
    "invoiced",
    "serviced",
    "cleared",
    "tested",
    "fitted",
    "painted",
    "photocopied",
    "scanned",
    // News of work done in a shop, an office or a server room.
    "closed",
    "restocked",
    "rotated",
    "patched",
    "deployed",
    "merged",
    // Checks and repairs done by someone else, said in the passive: "the
    // gutters have been inspected".
    "inspected",
    "mended",
    "swapped",
    "approved",
    "assessed",
    "measured",
    "trimmed",
    "notarised",
    "notarized",
    "shredded",
    "assembled",
];

/// Slang for a thing done, said without a subject: "smashed leg day",
/// "nailed the presentation", "knocked over the tile cutter pickup".
const SLANG_DONE: &[&str] = &[
    "smashed",
    "nailed",
    "crushed",
    "aced",
    "knocked over",
    "knocked out",
    "bossed",
];

/// Past forms that count only with a clause asking to tick the task.
const PAST_WITH_A_TICK: &[&str] = &[
    "got", "put", "read", "set", "did", "cut", "had", "made", "went to", "been to",
];

/// Words that, before a past form, say it is news of a task done: "i've",
/// "i have", "just", "already", "finally".
/// When a thing said done was done, said after it: "posted the card today".
const DONE_WHEN: &[&str] = &[
    " today",
    " yesterday",
    " this morning",
    " earlier",
    " at last",
    " finally",
];

pub(super) const PAST_DONE_SIGNALS: &[&str] = &["just", "already", "finally"];
pub(super) const PERFECT_LEADS: &[&str] = &["i've ", "ive ", "i have ", "i'd ", "we've ", "we have "];

/// States that say a task is done when said of it: "the garage is sorted".
const DONE_STATES: &[&str] = &[
    "done",
    // "the task number 3 is finish" (learners)
    "finish",
    "done and dusted",
    "finished",
    "complete",
    "completed",
    "sorted",
    "sorted out",
    "dealt with",
    "taken care of",
    "handled",
    "out of the way",
    "all done",
    "all sorted",
    "ticked off",
    "crossed off",
    "checked off",
    "marked done",
    "marked as done",
    "marked complete",
    "marked as complete",
    "marked as completed",
    "marked completed",
    "marked as finished",
    "marked finished",
    "marked off",
    "closed",
    // "number 7 is ready": a task ready is done.
    "ready",
];
/// The links between a task and its state: "is", "'s", "has been".
const STATE_LINKS: &[&str] = &[
    " can be ",
    " can now be ",
    " should be ",
    " is ",
    "'s ",
    " has been ",
    " was ",
    " got ",
    " are ",
    " were ",
    " have been ",
    "'s been ",
    // "parcels been posted": the "has" dropped.
    " been ",
];
/// Links with an adverb inside, of a state and of a passive: "task 7 has
/// now been dealt with".
const ADVERB_LINKS: &[&str] = &[
    " has now been ",
    " have now been ",
    " has finally been ",
    " have finally been ",
    " has already been ",
    " have already been ",
    " has just been ",
];
/// Words between the link and the state: "is finally done".
const STATE_ADVERBS: &[&str] = &["finally", "now", "already", "all", "just"];

/// A task said with a done state: "garage is sorted", "the essay is finally
/// done". Any past form of a to-do verb counts too with a clause asking to
/// tick it ("the rent's paid, tick it off"). The subject is the name.
pub(super) fn stated_done(t: &Text<'_>, ticked: bool) -> Option<Target> {
    // "the van's MOT is booked": every link is tried, left to right, until
    // one leaves a state (the first "'s" leaves "MOT is booked").
    // Most messages have one link or none: the allocation is for the rest.
    let mut links: Vec<(usize, usize)> = STATE_LINKS
        .iter()
        .chain(ADVERB_LINKS)
        .chain([" finally ", " just ", " already "].iter())
        .flat_map(|l| t.lower.match_indices(l).map(|(at, _)| (at, l.len())))
        .collect();
    links.sort_unstable_by_key(|(at, len)| (*at, std::cmp::Reverse(*len)));
    links.dedup_by_key(|(at, _)| *at);
    links
        .into_iter()
        .find_map(|(at, link)| state_at(t, at, link, ticked))
}

/// Particles that say a chore is done when a clause asks to tick it: "bins
/// are out, tick that one off", "the forms are in".
const DONE_PARTICLES: &[&str] = &["out", "in", "up", "away", "gone", "off"];
/// Links that make a past form a passive said of the task: "the MOT is
/// booked", "car insurance has been renewed".
const PASSIVE_LINKS: &[&str] = &[
    " is ",
    // "the gate's fixed at long last".
    "'s ",
    " are ",
    " has been ",
    " have been ",
    "'s been ",
    " been ",
    " got ",
    // "The deck was sent to Sarah", "the forms were posted".
    " was ",
    " were ",
];
/// Words that start a question or an order, not a task said as a subject:
/// "has the parcel been posted", "remind me the car is booked".
const NOT_A_SUBJECT: &[&str] = &[
    "has", "have", "is", "are", "was", "were", "did", "does", "do", "why", "when", "what", "how", "where",
    "who", "which", "remind", "me", "us", "if", "whether", "can", "could", "show", "see", "let",
];

/// Words that start what follows a passive's past form: "sent to Sarah",
/// "booked in for friday", "filed with the council" ("written by my boss"
/// says who did it: no news of a task).
const PASSIVE_COMPLEMENTS: &[&str] = &[
    "to ",
    "for ",
    "with ",
    "at ",
    "on ",
    "in ",
    "off",
    "out",
    "today",
    "yesterday",
    "this ",
    "earlier",
];

/// The state after the link at `at` of `t`, and the task before it when
/// the state says it is done.
fn state_at(t: &Text<'_>, at: usize, link: usize, ticked: bool) -> Option<Target> {
    let signalled = [" finally ", " just ", " already "]
        .iter()
        .any(|s| t.lower[at..].starts_with(s));
    let ticked = ticked || signalled;
    let subject = Text {
        original: &t.original[..at],
        lower: &t.lower[..at],
    };
    let mut state = t.lower[at + link..].trim();
    while let Some((first, rest)) = state.split_once(' ')
        && STATE_ADVERBS.contains(&first)
    {
        state = rest;
    }
    // "… can be marked as completed for today": how long it holds goes.
    let state = [
        " for today",
        " for now",
        " for the day",
        " for this week",
        " now",
        " already",
        " today",
    ]
    .iter()
    .find_map(|w| state.strip_suffix(w))
    .unwrap_or(state);
    // "… submitted 🎉" reads "… submitted done": the mark repeats the state.
    let state = match state.strip_suffix(" done") {
        Some(past) if PAST_TASK_VERBS.contains(&past) => past,
        _ => state,
    };
    // "the report should be finished" is a wish: after "can be" / "should
    // be" only a tick counts ("the invoice task can be crossed off").
    let asked = [" can be ", " can now be ", " should be "]
        .iter()
        .any(|l| t.lower[at..].starts_with(l));
    let ticks = ["ticked off", "crossed off", "checked off", "marked", "closed"]
        .iter()
        .any(|w| state.starts_with(w));
    // "the MOT is booked": the passive of a to-do verb is news of it done.
    // "the trip got cancelled" calls it off: no news of it done.
    // "The deck was sent to Sarah", "the car has been booked in for friday":
    // the past form, then to whom, where or when.
    let verb = match state.split_once(' ') {
        Some((verb, rest))
            if PASSIVE_COMPLEMENTS.iter().any(|c| rest.starts_with(c))
                && rest.split_whitespace().count() <= 4
                && ![" but ", " and ", " so ", " because ", " though ", " if "]
                    .iter()
                    .any(|c| rest.contains(c)) =>
        {
            verb
        }
        _ => state,
    };
    let passive = PASSIVE_LINKS
        .iter()
        .chain(ADVERB_LINKS)
        .any(|l| t.lower[at..].starts_with(l))
        && PAST_TASK_VERBS.contains(&verb)
        && !verb.starts_with("cancel");
    let done = (DONE_STATES.contains(&state)
        || passive
        || ticked && (PAST_TASK_VERBS.contains(&state) || DONE_PARTICLES.contains(&state)))
        && (!asked || ticks);
    let words = subject.lower.split_whitespace().count();
    // "what's been ticked off": "what" asks.
    let first = subject.lower.split([' ', '\'', '’']).next().unwrap_or("");
    if !done
        || words == 0
        || words > 5
        || NOT_A_SUBJECT.contains(&first)
        // "scrap 9 the trip got …": a number inside is a request's task.
        || subject.lower.contains(|c: char| c.is_ascii_digit())
            && !number_token(&subject).is_some_and(|(_, rest)| rest.is_empty())
        || subject.has_any(&["i", "you", "it", "that", "this", "everything", "all", "me", "we", "they"])
    {
        return None;
    }
    let name = subject.after(&["the ", "my ", "our "]).unwrap_or(subject);
    // "the van's MOT", "the kids' school forms": the thing after the owner.
    let name = ["'s ", "' ", "’s "]
        .iter()
        .filter_map(|p| name.lower.find(p).map(|i| i + p.len()))
        .min()
        .filter(|i| *i < name.lower.len())
        .map_or(name, |i| Text {
            original: &name.original[i..],
            lower: &name.lower[i..],
        });
    target(&name)
}

/// A clause that asks to tick a task, said last, built from its parts:
/// "tick that one off", "cross it off", "mark this task done". Its length.
fn tick_clause(lower: &str) -> Option<usize> {
    let ends = [
        " off",
        " done",
        " as done",
        " complete",
        " as complete",
        " as completed",
    ];
    let objects = [
        " it",
        " that",
        " this",
        " that one",
        " this one",
        " that task",
        " this task",
        " them",
        " those",
    ];
    let verbs = ["tick", "cross", "check", "mark"];
    let (end, head) = ends
        .iter()
        .filter_map(|e| lower.strip_suffix(e).map(|h| (e.len(), h)))
        .max_by_key(|(len, _)| *len)?;
    let (object, head) = objects
        .iter()
        .filter_map(|o| head.strip_suffix(o).map(|h| (o.len(), h)))
        .max_by_key(|(len, _)| *len)?;
    let verb = verbs.iter().find(|v| head.ends_with(**v))?;
    let start = head.len() - verb.len();
    (start == 0 || lower[..start].ends_with(' ')).then_some(verb.len() + object + end)
}

/// Asking words before a clause that ticks the task: "…, can you tick it off".
const TICK_ASKS: &[&str] = &[
    "can you",
    "could you",
    "would you",
    "will you",
    "please",
    "pls",
    "can u",
    "so",
    "and",
    "you can",
    "just",
    "now",
];

/// Clauses after a past form that ask to tick the task: "…, cross that off".
pub(super) const TICK_CLAUSES: &[&str] = &[
    "cross that off",
    "cross it off",
    "tick that off",
    "tick it off",
    "check that off",
    "check it off",
    "mark that done",
    "mark it done",
    "mark that as done",
    "mark it as done",
    "mark it off",
    "mark that off",
    "mark it complete",
    "you can cross that off",
    "you can cross it off",
    "you can tick that off",
    "you can tick it off",
    "so cross that off",
    "so tick that off",
    "cross off",
    "tick off",
    "tick it",
    "tick that",
    "you can tick it",
    "you can tick that",
    "you can cross it",
    "you can cross that",
    // "…, please close it out": an office's way to say it is done.
    "close it out",
    "close that out",
    "close it",
    "close that",
    "cross it",
    "cross that",
    // "…has been sent, mark as done": the order without its object.
    "mark as done",
    "mark done",
    "mark as complete",
    "mark complete",
    "mark as completed",
    "mark as finished",
];

/// News of a task done, with a clear signal, names the task: "i've paid the
/// electricity bill", "just called mum, cross that off", "already booked
/// the dentist". The signal is a perfect ("i've"/"i have" + past form), "just",
/// "already" or "finally" before the past form, or a clause asking to tick it.
/// The name is what follows the verb without its article; it completes a
/// task only when exactly one open task matches (`on_target`), and is asked
/// back otherwise. "i paid the bill" alone is news, not a request.
pub(super) fn done_in_the_past(t: &Text<'_>) -> Option<Intent> {
    news_of_done(t, false)
        .or_else(|| had_it_done(t))
        .or_else(|| managed_to(t))
        .or_else(|| {
            // "sent the Hendersons quote ✅" reads "… done": the mark after news
            // is a tick (`symbols`).
            let Some(head) = t.before(&[" done"]) else {
                // "handover notes done for bay 3": where it was done, said after.
                let at = [" done for ", " done at ", " done in "]
                    .iter()
                    .filter_map(|d| t.lower.find(d))
                    .min()?;
                let said = format!("{} done", &t.original[..at]);
                let lower = said.to_ascii_lowercase();
                return name_then_done(
                    &Text {
                        original: &said,
                        lower: &lower,
                    },
                    false,
                );
            };
            news_of_done(&head, true)
        })
}

fn news_of_done(t: &Text<'_>, marked: bool) -> Option<Intent> {
    let mut head = *t;
    let mut signal = marked;
    let seps: &[&str] = &[", ", " - ", "; ", " and ", " so ", " — ", " – ", ". ", "! ", " "];
    let clause_at = |len: usize| {
        let h = &t.lower[..t.lower.len() - len];
        let sep = seps.iter().find(|s| h.ends_with(**s))?;
        Some((h.len() - sep.len(), len + sep.len()))
    };
    if let Some((at, _)) = TICK_CLAUSES
        .iter()
        .filter(|c| t.lower.ends_with(**c))
        .map(|c| c.len())
        .chain(tick_clause(t.lower))
        .filter_map(clause_at)
        .max_by_key(|(_, len)| *len)
    {
        // "bought the nappies - can you please tick that off": the asking
        // words before the clause go with it.
        let mut cut = at;
        loop {
            // "bins are out 👍 tick that one off": a mark between goes too.
            let h = t.lower[..cut]
                .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '\'' | '"' | ')'))
                .trim_end();
            match TICK_ASKS.iter().find_map(|a| {
                h.strip_suffix(a)
                    .filter(|r| r.is_empty() || r.ends_with([' ', ',', '.', '-', ';', '!']))
            }) {
                Some(rest) => cut = rest.len(),
                None => {
                    cut = h.len();
                    break;
                }
            }
        }
        head = Text {
            original: &t.original[..cut],
            lower: &t.lower[..cut],
        };
        signal = true;
    }
    // "garage is sorted, tick it off", "the essay is finally done": the
    // task, then its state.
    if let Some(task) = stated_done(&head, signal) {
        return Some(Intent::Complete(task));
    }
    // "Invoice sent to client, mark it done": said as a headline.
    if let Some(task) = signal.then(|| headline(&head)).flatten() {
        return Some(Intent::Complete(task));
    }
    let head = head.after(NEWS_ACKS).unwrap_or(head);
    let (head, perfect) = match head.after(PERFECT_LEADS) {
        Some(r) => (r, true),
        None => (head.after(&["i ", "we "]).unwrap_or(head), false),
    };
    // "i've now sent …", "i've also paid …": the adverb goes.
    let head = word_after(&head, &["now", "also", "since"]).map_or(head, |(_, r)| r);
    let (head, adverb) = match word_after(&head, PAST_DONE_SIGNALS) {
        Some((_, r)) => (r, true),
        None => (head, false),
    };
    if !(signal || perfect || adverb || a_note_of_news(t)) {
        return None;
    }
    // "got the groceries, tick that off": a past form that is also the
    // present, or a verb of having, counts only with a clause asking to tick it.
    // "i already did the gas one": "already" is signal enough for "did".
    let verbs: Vec<&str> = PAST_TASK_VERBS
        .iter()
        .chain(SLANG_DONE.iter())
        .chain(PAST_WITH_A_TICK.iter().filter(|_| signal))
        .chain(["did"].iter().filter(|_| adverb))
        .copied()
        .collect();
    let (verb, object) = word_after(&head, &verbs)?;
    // "we've cancelled the team offsite, so please remove that task": the
    // request after the news is another edit, read from its clause.
    if let Some(at) = object.lower.find(", ")
        && object.has_any(&["remove", "delete", "get rid", "bin", "drop", "scrap", "erase"])
        && !object.lower[..at].contains(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    // "the task number 4, please mark it": the request after the task goes.
    let object = match object.lower.find(", ") {
        Some(at)
            if [
                "please",
                "pls",
                "can you",
                "could you",
                "mark",
                "tick",
                "cross",
                "so ",
                "thanks",
            ]
            .iter()
            .any(|r| object.lower[at + 2..].starts_with(r))
                // "…, so you can mark 4 as done": a number after it is the task.
                && !object.lower[at..].contains(|c: char| c.is_ascii_digit()) =>
        {
            Text {
                original: &object.original[..at],
                lower: &object.lower[..at],
            }
        }
        _ => object,
    };
    let object = word_after(&object, &["up", "off", "out", "back", "to", "for", "in", "on"])
        .map_or(object, |(_, r)| r);
    // "got back from the dentist": where one came back from.
    let object = object.after(&["from "]).unwrap_or(object);
    let object = object
        .after(&["the ", "my ", "our ", "a ", "an ", "for "])
        .unwrap_or(object);
    // "sorted the garage out", "picked the kids up": the particle said last goes.
    let object = object
        .before(&[" out", " up", " off", " in", " back", " away"])
        .unwrap_or(object);
    // "got the passport renewed": the past form said last is how it was done.
    let object = match object.lower.rsplit_once(' ') {
        Some((rest, last)) if ["got", "had"].contains(&verb) && PAST_TASK_VERBS.contains(&last) => Text {
            original: &object.original[..rest.len()],
            lower: rest,
        },
        _ => object,
    };
    let object = object
        .before(&[
            " today",
            " yesterday",
            " already",
            " just now",
            " earlier",
            " this morning",
            " finally",
        ])
        .unwrap_or(object);
    if object.lower.is_empty() || names_many(object.lower) {
        return None;
    }
    // "just finished 3": a number is the task.
    if let Some((number, rest)) = number_token(&object)
        && rest.is_empty()
    {
        return Some(Intent::Complete(Target::Number(number)));
    }
    task_name(&object).map(|name| Intent::Complete(Target::Named(name)))
}

/// "got the birthday card posted", "I've had the boiler serviced": the
/// thing, then the past form of a to-do verb said last, after "got" or "had".
fn had_it_done(t: &Text<'_>) -> Option<Intent> {
    let head = t.after(&["i ", "we "]).unwrap_or(*t);
    let head = head.after(&["finally ", "just ", "already "]).unwrap_or(head);
    let (_, object) = word_after(&head, &["got", "had", "i've got", "i've had", "i have had"])?;
    let object = object.before(DONE_WHEN).unwrap_or(object);
    let (rest, last) = object.lower.rsplit_once(' ')?;
    if !PAST_TASK_VERBS.contains(&last) || last == "done" {
        return None;
    }
    let object = Text {
        original: &object.original[..rest.len()],
        lower: rest,
    };
    if !["the ", "my ", "our "]
        .iter()
        .any(|d| object.lower.starts_with(d))
    {
        return None;
    }
    Some(Intent::Complete(reference(&object).filter(|t| !vague(t))?))
}

/// News of a task done, said as a note to the list without its subject:
/// "picked up the dry cleaning", "paid the shop rent". The dropped subject
/// is the signal; "i paid the rent", said with it and nothing else, stays
/// talk (round 4). A single clause that names a thing ("the", "my", "our").
fn a_note_of_news(t: &Text<'_>) -> bool {
    let t = &t.after(NEWS_ACKS).unwrap_or(*t);
    let first = t.lower.split(' ').next().unwrap_or("");
    // "ok texted maddie", "rang Dr Patel": a person contacted, by name
    // ("called mum, she says hi": news of family is chat).
    if CONTACT_VERBS.contains(&first)
        && (2..=3).contains(&t.lower.split_whitespace().count())
        && !t.lower.contains([',', ';', '!', '?', ':'])
        && !t.has_any(&[
            "me", "you", "him", "her", "them", "us", "back", "mum", "mom", "dad", "mam", "nan", "gran",
            "grandma", "grandpa", "granny", "nana", "papa", "mama", "sis", "bro", "wife", "husband", "hubby",
            "family",
        ])
    {
        return true;
    }
    if word_after(t, SLANG_DONE).is_some() && !t.lower.contains([',', ';', '?']) {
        return true;
    }
    // "closed #7", "finished task 4": a past form and a task's number alone.
    let words: Vec<&str> = t.lower.split_whitespace().collect();
    let numbered = match words.as_slice() {
        [_, n] => n.trim_start_matches('#').parse::<u32>().is_ok() && n.starts_with('#'),
        [_, noun, n] => {
            ["task", "number", "no", "no."].contains(noun) && n.trim_start_matches('#').parse::<u32>().is_ok()
        }
        _ => false,
    };
    PAST_TASK_VERBS.contains(&first)
        && !t.lower.contains([',', ';', '!', '?', ':'])
        && !t.lower.contains(". ")
        && ([" the ", " my ", " our "].iter().any(|d| t.lower.contains(d)) || numbered)
}

/// Acknowledgements said before news of a task done: "ok texted maddie",
/// "ya called the vet".
pub(super) const NEWS_ACKS: &[&str] = &[
    "ok ", "okay ", "ok, ", "okay, ", "ya ", "yep ", "yeah ", "yup ", "right, ", "alright ", "so ", "well ",
];

/// Verbs of contacting a person, whose news names the person only:
/// "texted maddie", "rang Dr Patel"; said after a name, news of that person
/// ("mum called", see `done::AGENT_VERBS`).
pub(super) const CONTACT_VERBS: &[&str] = &[
    "called",
    "rang",
    "phoned",
    "texted",
    "emailed",
    "e-mailed",
    "messaged",
    "pinged",
    "dmed",
    "whatsapped",
];

/// News said as a headline, the link left out: "invoice sent to client",
/// "rent paid for december", "parcel posted". The thing (up to six words,
/// its article aside), then a past form of a to-do verb.
fn headline(head: &Text<'_>) -> Option<Target> {
    // "pharmacy called. done": the full stop before the tick goes.
    let words: Vec<&str> = head
        .lower
        .split_whitespace()
        .map(|w| w.trim_end_matches(['.', '!']))
        .collect();
    // Asked to tick, any past form is one: "protein bars restocked, tick
    // it off", "certs rotated, mark it done".
    let past =
        |w: &str| PAST_TASK_VERBS.contains(&w) || w.len() > 4 && w.ends_with("ed") && !NOT_PAST.contains(&w);
    let k = words.iter().take(7).position(|w| past(w))?;
    let first = *words.first()?;
    // "sent to client", "paid for december": no object after the verb.
    let objectless = words
        .get(k + 1)
        .is_none_or(|w| ["to", "for", "by", "at", "on", "today", "yesterday", "earlier"].contains(w));
    // "got the car washed", "the fundraiser has been called off": a verb
    // among the thing's words is no headline.
    let linked = words[..k].iter().any(|w| {
        [
            "has", "have", "had", "been", "is", "was", "are", "were", "got", "get",
        ]
        .contains(w)
    });
    if !(1..=6).contains(&k)
        || !objectless
        || linked
        || PAST_DONE_SIGNALS.contains(&first)
        || TRAILING_FEELINGS.contains(&first)
        || NEWS_SUBJECTS.contains(&first)
        || NOT_A_SUBJECT.contains(&first)
        || ["it", "that", "this", "you", "i've", "we've", "just", "already"].contains(&first)
    {
        return None;
    }
    let name: Vec<&str> = head
        .original
        .split_whitespace()
        .take(k)
        .skip_while(|w| ["the", "my", "our"].contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    (!name.is_empty()).then(|| Target::Named(name.join(" ")))
}

/// How one says a thing got done at last, before the doing: "I managed to
/// renew the passport", "got round to fixing the shelf".
const MANAGED_TO: &[&str] = &[
    "managed to ",
    "got round to ",
    "got around to ",
    "finally got to ",
    "was able to ",
    "were able to ",
    "succeeded in ",
];

/// "I managed to renew the passport" → the passport: the to-do verb (or
/// its gerund) after a phrase of `MANAGED_TO`, then the thing.
fn managed_to(t: &Text<'_>) -> Option<Intent> {
    let head = t.after(&["i ", "we "]).unwrap_or(*t);
    let head = head
        .after(&["finally ", "just ", "eventually ", "at last "])
        .unwrap_or(head);
    let rest = head.after(MANAGED_TO)?;
    let verb = rest.lower.split(' ').next()?;
    let stem = verb.strip_suffix("ing");
    let todo = todo_verb(verb)
        || stem.is_some_and(|s| {
            todo_verb(s) || todo_verb(&format!("{s}e")) || s.len() > 2 && todo_verb(&s[..s.len() - 1])
        });
    if !todo || rest.lower.len() <= verb.len() {
        return None;
    }
    let object = Text {
        original: rest.original[verb.len()..].trim_start(),
        lower: rest.lower[verb.len()..].trim_start(),
    };
    let object = object.after(&["the ", "my ", "our "]).unwrap_or(object);
    let object = object.before(DONE_WHEN).unwrap_or(object);
    task_name(&object)
        .filter(|n| !names_many(n))
        .map(|n| Intent::Complete(Target::Named(n)))
}

/// Orders to tick said last without their "off", or with another particle:
/// "…, you can tick it", "…, please close it out" → "… tick it off".
const BARE_TICKS: &[&str] = &[
    " tick it",
    " tick that",
    " cross it",
    " cross that",
    " close it out",
    " close that out",
    " close it",
];

/// The message with a bare tick said last spelt as "tick it off".
pub(super) fn bare_tick_said_last(text: &str) -> Option<String> {
    let trimmed = text.trim_end_matches(['.', '!', ' ']);
    let lower = trimmed.to_ascii_lowercase();
    let tick = BARE_TICKS.iter().find(|t| lower.ends_with(**t))?;
    // Only after a clause of its own: "…, tick it", not "pick it".
    let head = &trimmed[..trimmed.len() - tick.len()];
    let lead = head.to_ascii_lowercase();
    let clause = [",", "please", "you can", "can you", "so", "pls", "just"]
        .iter()
        .any(|l| lead.trim_end().ends_with(l));
    clause.then(|| format!("{head} tick it off"))
}
