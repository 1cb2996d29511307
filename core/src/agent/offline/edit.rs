//! Requests that change a task: priority, move and rename (snoozing one
//! is in `snooze`, completing and deleting one in `done`).

use super::*;

pub(super) const PRIORITY_WORDS: &[(&str, Priority)] = &[
    ("high priority", Priority::High),
    ("top priority", Priority::High),
    ("urgent", Priority::High),
    ("important", Priority::High),
    ("high", Priority::High),
    ("p1", Priority::High),
    ("medium priority", Priority::Medium),
    ("normal priority", Priority::Medium),
    ("medium", Priority::Medium),
    ("p2", Priority::Medium),
    ("low priority", Priority::Low),
    ("low", Priority::Low),
    ("p3", Priority::Low),
    ("no priority", Priority::None),
    ("not urgent", Priority::Low),
    ("not important", Priority::Low),
    ("less important", Priority::Low),
    ("less urgent", Priority::Low),
    ("more urgent", Priority::High),
    ("more important", Priority::High),
    ("highest priority", Priority::High),
    ("the most important", Priority::High),
    ("most important", Priority::High),
    ("the least important", Priority::Low),
    ("least important", Priority::Low),
    ("lowest priority", Priority::Low),
    ("a priority", Priority::High),
    ("isn't urgent", Priority::Low),
    ("isn't urgent anymore", Priority::Low),
    ("not urgent anymore", Priority::Low),
    ("no longer urgent", Priority::Low),
    ("isn't important", Priority::Low),
    ("isn't important anymore", Priority::Low),
    ("no longer a priority", Priority::Low),
    ("not important anymore", Priority::Low),
    ("no longer important", Priority::Low),
    ("isn't a priority", Priority::Low),
];

/// "make task 4 high priority", "set the priority of task 4 to low", "mark 4 as urgent",
/// "task 4 is urgent", "task 6 p1", "remove the priority from task 3".
pub(super) fn parse_priority(t: &Text<'_>) -> Option<Intent> {
    if let Some((rest, level)) = t
        .after(&[
            "lower the priority of ",
            "lower the priority on ",
            "lower the priority for ",
            "lower priority of ",
            "lower priority on ",
            "reduce the priority of ",
            "decrease the priority of ",
            "deprioritize ",
            "deprioritise ",
            "reduce priority of ",
            "decrease priority of ",
            "no rush on ",
            "no rush for ",
            "no hurry on ",
            "no hurry for ",
            "lower ",
        ])
        .map(|r| (r, Priority::Low))
        .or_else(|| {
            t.after(&[
                "raise the priority of ",
                "raise the priority on ",
                "raise the priority for ",
                "raise priority of ",
                "increase the priority of ",
                "bump up the priority of ",
                "bump the priority of ",
                "escalate ",
                "raise ",
            ])
            .map(|r| (r, Priority::High))
        })
    {
        // "lower 6", "raise 2": only a task number; "lower the blinds" is a task.
        let bare =
            ["lower ", "raise "].iter().any(|v| t.lower.starts_with(v)) && !t.lower.contains("priority");
        // "lower the dog walker task": a task noun says it is a task too.
        let task_noun = [" task", " one", " item", " reminder"]
            .iter()
            .any(|n| rest.lower.ends_with(n));
        if bare
            && !task_noun
            && !matches!(reference(&rest), Some(Target::Number(_)))
            && level_said_last(&rest).is_none()
        {
            return None;
        }
        // "lower the priority of 5 to medium": the level said wins.
        if let Some((body, said)) = level_said_last(&rest) {
            return Some(Intent::SetPriority(reference(&body)?, said));
        }
        return Some(Intent::SetPriority(reference(&rest)?, level));
    }
    if let Some(rest) = t.after(&[
        "remove the priority from ",
        "remove the priority of ",
        "remove priority from ",
        "clear the priority of ",
        "clear the priority on ",
        "clear the priority from ",
        "drop the priority of ",
        "drop the priority from ",
        "reset the priority of ",
    ]) {
        return Some(Intent::SetPriority(reference(&rest)?, Priority::None));
    }
    let verb = t.after(&[
        "set the priority of ",
        "set the priority for ",
        "set the priority on ",
        "change the priority of ",
        "change the priority for ",
        "change priority of ",
        "change priority for ",
        "set priority of ",
        "set priority for ",
        "make ",
        "mark ",
        "set ",
        "flag ",
        "label ",
        "prioritize ",
        "prioritise ",
        "bump ",
        "bump up ",
        "lower ",
        "raise ",
        "reduce ",
        "downgrade ",
        "upgrade ",
        "knock ",
        "drop ",
        "change ",
        "move ",
        "put ",
        "switch ",
        "give ",
    ]);
    // "p1 for task 3", "high priority on the report task": the level first.
    if let Some((word, level)) = PRIORITY_WORDS
        .iter()
        .filter(|(w, _)| {
            t.lower
                .strip_prefix(*w)
                .is_some_and(|r| r.starts_with(" for ") || r.starts_with(" on "))
        })
        .max_by_key(|(w, _)| w.len())
    {
        let rest = Text {
            original: &t.original[word.len()..],
            lower: &t.lower[word.len()..],
        };
        if let Some(rest) = rest.after(&[" for ", " on "])
            && let Some(found) = reference(&rest)
        {
            return Some(Intent::SetPriority(found, *level));
        }
    }
    // "urgent: task 4", "low - 7": a level said as a label on a task number.
    if let Some((word, level)) = PRIORITY_WORDS
        .iter()
        .filter(|(w, _)| {
            t.lower
                .strip_prefix(*w)
                .is_some_and(|r| r.starts_with([':', ' ', '-']))
        })
        .max_by_key(|(w, _)| w.len())
    {
        let rest = &t.original[word.len()..];
        let rest = rest.trim_start_matches([':', ' ', '-', '–', '—']);
        let lower = rest.to_ascii_lowercase();
        if rest.len() + word.len() < t.original.len()
            && let Some((n, remainder)) = number_token(&Text {
                original: rest,
                lower: &lower,
            })
            && remainder.is_empty()
        {
            return Some(Intent::SetPriority(Target::Number(n), *level));
        }
    }
    if t.lower.starts_with("prioritize ") || t.lower.starts_with("prioritise ") {
        return Some(Intent::SetPriority(reference(&verb?)?, Priority::High));
    }
    if let Some(intent) = bumped(t) {
        return Some(intent);
    }
    let rest = verb.unwrap_or(*t);
    let (body, priority) = level_said_last(&rest)?;
    Some(Intent::SetPriority(reference(&body)?, priority))
}

/// "bump task 7 up", "bump the rota one", "knock 4 down": a bump with no
/// level is up, a knock down is low. Only of a task said by number or as a
/// task ("bump the meeting to friday" is a move).
fn bumped(t: &Text<'_>) -> Option<Intent> {
    let (rest, level) = t
        .after(&["bump up ", "bump "])
        .map(|r| (r.before(&[" up"]).unwrap_or(r), Priority::High))
        .or_else(|| {
            let r = t.after(&["knock ", "bump ", "drop "])?;
            Some((r.before(&[" down"])?, Priority::Low))
        })?;
    let found = match number_token(&rest) {
        Some((n, remainder)) if remainder.is_empty() => Target::Number(n),
        _ if [" task", " one", " item", " reminder"]
            .iter()
            .any(|n| rest.lower.ends_with(n))
            || ["it", "that", "this", "this one", "that one"].contains(&rest.lower) =>
        {
            reference(&rest).or_else(|| Some(Target::Named(rest.original.to_owned())))?
        }
        _ => return None,
    };
    Some(Intent::SetPriority(found, level))
}

/// A priority level said last and the task before it: "5 to medium", "task
/// 4 as urgent", "the report up to high priority".
pub(super) fn level_said_last<'a>(rest: &Text<'a>) -> Option<(Text<'a>, Priority)> {
    // "make the invoice task low priority?": the question mark goes.
    let rest = &rest.before(&["?"]).unwrap_or(*rest);
    // "task 9 isn't a priority any more": how long it holds goes.
    let rest = &rest
        .before(&[" any more", " anymore", " any longer", " now", " for now"])
        .unwrap_or(*rest);
    // "make task 9 a high priority one": the noun after the level goes.
    let rest = &rest.before(&[" one", " task", " item"]).unwrap_or(*rest);
    let (word, priority) = PRIORITY_WORDS
        .iter()
        .filter(|(w, _)| rest.lower.strip_suffix(w).is_some_and(|b| b.ends_with(' ')))
        .max_by_key(|(w, _)| w.len())?;
    let mut body = Text {
        original: rest.original[..rest.original.len() - word.len()].trim_end(),
        lower: rest.lower[..rest.lower.len() - word.len()].trim_end(),
    };
    // "mark the invoice as low priority, it can wait" (read "…, low
    // priority"): the level said before the comma is the one.
    if let Some(head) = body.before(&[","])
        && let Some(found) = level_said_last(&head)
    {
        return Some(found);
    }
    while let Some(shorter) = body.before(&[
        " to",
        " as",
        // "put the bank task in high priority", "on low": said by learners.
        " in",
        " on",
        " a",
        " an",
        " is",
        " is a",
        " is now",
        " now",
        " is an",
        " a bit",
        " a little",
        " slightly",
        " much",
        " very",
        " really",
        " quite",
        " super",
        " so",
        " extremely",
        " should be",
        " can be",
        " could be",
        " must be",
        " will be",
        " can go",
        " to be",
        // "the car tax one needs to be high priority"
        " needs to be",
        " has to be",
        " ought to be",
        // Asked with a modal or wanted: "can the gym task be low", "i'd like task 9 to be high".
        " be",
        " priority to",
        " priority",
        "'s priority to",
        " with",
        " up",
        " up to",
        " down",
        " down to",
        " on",
        " at",
        // "the VAT return has the highest priority", "the gym one its not
        // that important": a link of having or being before the level.
        " has",
        " has the",
        " have",
        " gets",
        " the",
        " its",
        " it's",
        " it is",
    ]) {
        body = shorter;
    }
    Some((body, *priority))
}

/// Words that introduce a new due after the task.
pub(super) const WHEN_LINKERS: &[&str] = &[
    " to ",
    " until ",
    " till ",
    " til ",
    " for ",
    " on ",
    " by ",
    " due ",
    " is due ",
    " be due ",
    " should be due ",
    " needs to be due ",
    " must be due ",
    " has to be due ",
    " is now due ",
    " back to ",
    " back ",
    // "3 can wait till monday", "the report can be done friday"
    " can wait till ",
    " can wait until ",
    " can wait til ",
    " can wait for ",
    " can wait to ",
    // "the vendor review can slip to next month"
    " can slip to ",
    " can slip till ",
    " can slip until ",
    " can move to ",
    " can be done ",
    " can be due ",
    " can be done by ",
    " can be done on ",
    // Asked with a modal: "can task 3 be moved to friday".
    " be on ",
    " be for ",
    // "task 7 should be tomorrow", "the dentist should be on friday": a
    // due said as what it should be (a bare "be" only before a time).
    " should be on ",
    " should be at ",
    " should be for ",
    " should be ",
    " needs to be on ",
    " has to be on ",
    " must be on ",
    // A move said as news: "the vet appointment is now on friday".
    " is now on ",
    " is now at ",
    " is now for ",
    " has moved to ",
    " has been moved to ",
    " was moved to ",
    " got moved to ",
    " moved to ",
    " is moving to ",
    " has changed to ",
    " changed to ",
    " got changed to ",
    " was changed to ",
    " got pushed to ",
    " got pushed back to ",
    " was pushed to ",
    " was pushed back to ",
    " has been pushed to ",
    " has been pushed back to ",
    " got rescheduled to ",
    " was rescheduled to ",
    " has been rescheduled to ",
    // "the meeting with Mr Sharma is postponed to Monday"
    " is pushed to ",
    " is pushed back to ",
    " is moved to ",
    " is rescheduled to ",
    " is postponed to ",
    " is postponed till ",
    " is postponed until ",
    " has been postponed to ",
    " was postponed to ",
    " got postponed to ",
    " is delayed to ",
    " has been delayed to ",
    " is shifted to ",
    " has been shifted to ",
    " be done by ",
    " be done on ",
    " be finished by ",
    " be ready by ",
    " has to be done by ",
    " needs to be done by ",
    " must be done by ",
    " should be done by ",
    " be by ",
    " be at ",
    " be moved to ",
    " be pushed to ",
    " be pushed back to ",
    " be rescheduled for ",
    " be rescheduled to ",
    " be postponed to ",
    " be postponed until ",
    " be changed to ",
    // "could the grandson call go to next sunday instead"
    " go to ",
    " go on ",
];

/// Linkers that tell of a move unmistakably, so the task before them may be
/// named without an article: "football practice is now on thursday", "ute
/// service can wait till next week".
const STATED_MOVES: &[&str] = &[
    " is now on ",
    " is now at ",
    " is now for ",
    " can wait till ",
    " can wait until ",
    " can wait til ",
    " can slip to ",
    " can slip till ",
    " can slip until ",
    " has moved to ",
    " has been moved to ",
    " got moved to ",
    " was moved to ",
    " got pushed to ",
    " got pushed back to ",
    " has been pushed to ",
    " has been pushed back to ",
    " is postponed to ",
    " has been postponed to ",
    " got rescheduled to ",
    " has been rescheduled to ",
];

/// "football practice is now on thursday": a task named in a few words
/// without an article, a linker of `STATED_MOVES`, and a time.
fn bare_name_stated(t: &Text<'_>) -> Option<Intent> {
    let (at, linker) = first_of(t.lower, STATED_MOVES)?;
    let name = t.original[..at].trim();
    let lower = name.to_ascii_lowercase();
    let words = lower.split_whitespace().count();
    let subject = lower.split_whitespace().next().is_some_and(|w| {
        NEWS_SUBJECTS.contains(&w) || ["it", "that", "this", "you", "my", "everything"].contains(&w)
    });
    let when = corrected(&t.original[at + linker.len()..], true);
    ((1..=4).contains(&words) && !subject && is_time_phrase(when))
        .then(|| Intent::Move(Target::Named(name.to_owned()), when.to_owned()))
}

/// What a change makes a task's time: "… so it's on thursday".
const SO_IT_IS: &[&str] = &[
    " so it's on ",
    " so it is on ",
    " so that it's on ",
    " so it's due ",
    " so it's for ",
];

/// Verbs that only ever move a task, so a bare name may follow them.
const MOVE_VERBS: &[&str] = &[
    // "prepone the client call to tomorrow" (Indian English: bring forward)
    "prepone ",
    "bring forward ",
    "move ",
    "reschedule ",
    "push back ",
    "push ",
    "postpone ",
    "defer ",
    "shift ",
    "delay ",
    "slip ",
    "slide ",
    "punt ",
];

/// A task said with its article, then a time without a linker: "make the
/// haircut thursday instead", "move the dentist one friday 3pm".
fn time_said_last(rest: &Text<'_>) -> Option<Intent> {
    // "move 3 friday" too: a task number.
    if !["the ", "my ", "task ", "#"]
        .iter()
        .any(|d| rest.lower.starts_with(d))
        && !rest.lower.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let said = corrected(rest.original, true);
    let words: Vec<&str> = said.split_whitespace().collect();
    (1..=4).rev().filter(|k| *k < words.len()).find_map(|k| {
        let when = words[words.len() - k..].join(" ");
        let name = words[..words.len() - k].join(" ");
        let lower = name.to_ascii_lowercase();
        let linker = |w: &str| {
            [
                "to", "for", "until", "till", "by", "on", "at", "in", "due", "back", "out", "up", "off",
            ]
            .contains(&w.to_ascii_lowercase().as_str())
        };
        if words[..=words.len() - k].iter().any(|w| linker(w))
            || !is_time_phrase(&when)
            || PRIORITY_WORDS
                .iter()
                .any(|(w, _)| when.to_ascii_lowercase().ends_with(w))
        {
            return None;
        }
        let target = reference(&Text {
            original: &name,
            lower: &lower,
        })?;
        Some(Intent::Move(target, when))
    })
}

/// A task named without an article after a move verb, then a time:
/// "reschedule dentist to next week", "move q3 deck to thursday".
fn bare_name_moved(rest: &Text<'_>) -> Option<(Target, String)> {
    let (at, len) = [" to ", " until ", " till ", " for "]
        .iter()
        .filter_map(|l| rest.lower.find(l).map(|at| (at, l.len())))
        .min_by_key(|(at, _)| *at)?;
    let name = rest.original[..at].trim();
    let words = name.split_whitespace().count();
    let pronoun = ["it", "that", "this", "them", "me", "everything", "all"]
        .contains(&name.to_ascii_lowercase().as_str());
    let when = &rest.original[at + len..];
    ((1..=4).contains(&words) && !pronoun && is_time_phrase(when)).then(|| {
        (
            Target::Named(name.to_owned()),
            rest.original[at..].trim().to_owned(),
        )
    })
}

/// How a note says a task has no date: "flu jabs - no date, whenever".
const NO_DATE_NOTES: &[&str] = &[
    "no date",
    "no due date",
    "no deadline",
    "undated",
    "whenever",
    "no rush, no date",
];

/// "flu jabs - no date, whenever", "dentist: no due date": a task, then a
/// note that it has no date, takes its date away.
fn undated_note(t: &Text<'_>) -> Option<Intent> {
    let (at, len) = [" - ", ": ", " – "]
        .iter()
        .filter_map(|sep| t.lower.find(sep).map(|at| (at, sep.len())))
        .min_by_key(|(at, _)| *at)?;
    let note = &t.lower[at + len..];
    if !NO_DATE_NOTES.iter().any(|n| {
        note.strip_prefix(n)
            .is_some_and(|r| r.is_empty() || r.starts_with([',', '.', '!', ' ']))
    }) {
        return None;
    }
    let name = Text {
        original: t.original[..at].trim(),
        lower: t.lower[..at].trim(),
    };
    let words = name.lower.split_whitespace().count();
    if !(1..=5).contains(&words) || todo_verb(name.lower.split(' ').next().unwrap_or("")) {
        return None;
    }
    let found = reference(&name)
        .or_else(|| task_name(&name).map(Target::Named))
        .filter(|f| !vague(f))?;
    Some(Intent::Move(found, "none".into()))
}

/// "move task 3 to friday", "reschedule 3 for tomorrow 9am", "task 3 is due friday",
/// "set the due date of task 3 to dec 1", "push task 3 to next week",
/// "make task 7 due tomorrow", "remove the due date from task 3".
pub(super) fn parse_move(t: &Text<'_>) -> Option<Intent> {
    if let Some(intent) = undated_note(t) {
        return Some(intent);
    }
    if let Some(rest) = t
        .after(&["no due date for ", "no deadline for ", "undate "])
        .or_else(|| undated(t))
    {
        // "…, is not for a specific day": a reason after a comma goes.
        let end = rest.lower.find(", ").unwrap_or(rest.lower.len());
        let rest = Text {
            original: &rest.original[..end],
            lower: &rest.lower[..end],
        };
        return Some(Intent::Move(reference(&rest)?, "none".into()));
    }
    let verb = t.after(&[
        "set the due date of ",
        "set the due date for ",
        "set the due date on ",
        "change the due date of ",
        "change the due date for ",
        "change the due date on ",
        "set the deadline of ",
        "set the deadline for ",
        "change the deadline of ",
        "change the deadline for ",
        "move the deadline of ",
        "move the deadline for ",
        "set due date of ",
        "set due date for ",
        "change the time of ",
        "change the time for ",
        "set the time of ",
        "set the time for ",
        "prepone ",
        "bring forward ",
        "move ",
        "reschedule ",
        "push back ",
        "push ",
        "postpone ",
        "defer ",
        "shift ",
        "bump ",
        "delay ",
        // Slang of a date pushed: "slip the status report to tomorrow",
        // "punt the review to monday".
        "slip ",
        "slide ",
        "punt ",
        "set ",
        "make ",
        "put ",
    ]);
    // "can we do the team lunch on thursday instead": an event said again
    // with another day and "instead" is moved.
    let verb = verb.or_else(|| {
        t.after(&["do ", "have ", "hold "])
            .filter(|r| r.lower.starts_with("the ") && t.lower.ends_with(" instead"))
    });
    let verbless = verb.is_none();
    let rest = verb.unwrap_or(*t);
    // "put the vat return on my list for march 14": a new task.
    if without_list_phrase(t).is_some() {
        return None;
    }
    // "set up a reminder for …" is a new task; "put in a reminder for …",
    // "put down a reminder to …" too.
    if ["up ", "in ", "down "].iter().any(|p| rest.lower.starts_with(p)) {
        return None;
    }
    // "change the dentist one so it's on thursday instead": a change said
    // by what it makes the task.
    if let Some(rest) = t.after(&["change ", "update ", "fix ", "adjust "])
        && contains_any_case(rest.lower, " so ")
        && let Some((target, when)) = split_target(&rest, SO_IT_IS)
        && let Some(link) = SO_IT_IS
            .iter()
            .find(|l| format!(" {}", when.to_ascii_lowercase()).starts_with(**l))
    {
        let when = &when[link.len() - 1..];
        let when = corrected(when.trim(), true);
        if is_time_phrase(when) {
            return Some(Intent::Move(target, when.to_owned()));
        }
    }
    let moved = MOVE_VERBS.iter().any(|v| t.lower.starts_with(v));
    // "make the haircut thursday instead": the time said last, no linker.
    if ["make ", "move ", "reschedule ", "shift "]
        .iter()
        .any(|v| t.lower.starts_with(v))
        && let Some(found) = time_said_last(&rest)
    {
        return Some(found);
    }
    let Some((target, remainder)) =
        split_target(&rest, WHEN_LINKERS).or_else(|| moved.then(|| bare_name_moved(&rest)).flatten())
    else {
        return verbless.then(|| bare_name_stated(t)).flatten();
    };
    // "put the dentist off until next month": the verb's particle goes,
    // and a task noun before it ("put the football kit one off").
    let target = match target {
        Target::Named(name) => {
            let name = [" off", " back"]
                .iter()
                .find_map(|p| name.strip_suffix(p))
                .unwrap_or(&name);
            let name = [" one", " task", " reminder"]
                .iter()
                .find_map(|n| name.strip_suffix(n))
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(name);
            // "move the sprint demo from friday to monday": the old time goes.
            let name = name
                .to_ascii_lowercase()
                .rfind(" from ")
                .filter(|at| is_time_phrase(&name[at + 6..]))
                .map_or(name, |at| &name[..at]);
            Target::Named(name.to_owned())
        }
        number => number,
    };
    let lower = format!(" {}", remainder.to_ascii_lowercase());
    // The remainder must start with a linker; without a verb, with "due".
    // Without a verb, "due", or a bare number moved to a time: "3 to friday".
    // "3 to friday", "task 3 → tomorrow" (arrows read "to"), "#4 to monday 9am".
    let bare_number = verbless && matches!(target, Target::Number(_));
    let linker = WHEN_LINKERS
        .iter()
        .filter(|l| lower.starts_with(**l))
        .filter(|l| {
            !verbless
                || l.contains("due")
                || l.contains(" be ")
                || l.contains(" now ")
                || news_of_a_move(l)
                || l.starts_with(" can ")
                || l.starts_with(" go ")
                || (bare_number && is_time_phrase(&lower[l.len()..]))
        })
        .max_by_key(|l| l.len())?;
    let when = remainder[linker.len() - 1..].trim();
    let when_lower = when.to_ascii_lowercase();
    let when = Text {
        original: when,
        lower: &when_lower,
    }
    .after(&["on ", "by ", "to ", "for ", "at "])
    .map_or(when, |w| w.original)
    .trim();
    // "to monday morning instead", "tomorrow not today": the correction goes.
    let when = corrected(when, true);
    // "to next week, too busy": an aside after the time goes.
    let when = time_without_aside(when);
    // "postpone task 7 for one week": a span after "for" is a push by that long.
    let pushed;
    let when = if linker.trim() == "for" && !is_time_phrase(when) && is_time_phrase(&format!("in {when}")) {
        pushed = format!("in {when}");
        pushed.as_str()
    } else {
        when
    };
    if when.is_empty() || when.eq_ignore_ascii_case("none") && verbless {
        return None;
    }
    // "my sister moved to Leeds": news of a move is of a task only with a time.
    if verbless
        && (news_of_a_move(linker) || linker.ends_with(" be ") || linker.starts_with(" go "))
        && !is_time_phrase(when)
    {
        return None;
    }
    // "set task 4 to high priority" is a priority; "move 3 to the top" is not a time.
    if PRIORITY_WORDS
        .iter()
        .any(|(w, _)| when.to_ascii_lowercase().ends_with(w))
    {
        return None;
    }
    Some(Intent::Move(target, when.to_owned()))
}

/// A linker that tells of a move as news: "… got pushed back to …".
fn news_of_a_move(linker: &str) -> bool {
    [
        "moved",
        "moving",
        "changed",
        "pushed",
        "rescheduled",
        "postponed",
        "delayed",
        "shifted",
    ]
    .iter()
    .any(|w| linker.contains(w))
}

/// What introduces a new title after the task.
pub(super) const TITLE_LINKERS: &[&str] = &[
    // Said by non-native speakers: "rename task 6 in \"call the landlord\"".
    "in \"",
    "in “",
    "to: ",
    "as: ",
    "to read: ",
    "to say: ",
    "to - ",
    "to be ",
    "to say ",
    "to read ",
    "to ",
    "into ",
    "as ",
    "title to ",
    "name to ",
    "so it says ",
    "so it reads ",
    "so that it says ",
    "so that it reads ",
    "so it will read ",
    "so that it will read ",
    ": ",
    "- ",
    "say ",
    "read ",
    "should be called ",
    "should be named ",
    "should say ",
    "should read ",
    "is now called ",
    "is called ",
    "to be called ",
    "be called ",
];

pub(super) fn parse_rename(t: &Text<'_>) -> Option<Intent> {
    // "change the status of the invoice task to completed" marks it done.
    if contains_any_case(t.lower, "status of ") {
        return None;
    }
    // "flu jabs one -> book flu jabs for kids" (the arrow is read as
    // "to"): a task by its noun, then its new title or time, without a verb.
    if let Some(at) = [" one to ", " task to "]
        .iter()
        .find_map(|n| t.lower.find(n).map(|at| at + n.len() - 4))
        && t.lower[..at]
            .split_whitespace()
            .filter(|w| !["the", "my", "our"].contains(w))
            .count()
            <= 3
        && t.lower[at + 4..].trim().len() > 1
        && !t.lower[at + 4..].contains("list")
        && t.lower.split(' ').next().is_some_and(|first| {
            !todo_verb(first)
                && !ADD_VERBS.iter().any(|v| v.0 == first)
                && !["move", "push", "set", "change", "rename", "switch", "bump"].contains(&first)
        })
    {
        let task = Text {
            original: t.original[..at].trim(),
            lower: t.lower[..at].trim(),
        };
        let value = t.original[at + 4..].trim();
        if let Some(found) = reference(&task).filter(|f| !vague(f)) {
            if is_time_phrase(value) {
                return Some(Intent::Move(found, value.to_owned()));
            }
            return Some(Intent::Rename(found, quoted_title(value).to_owned()));
        }
    }
    let make = t.after(&["make ", "have "]);
    let made = make.is_some();
    let verb = make.or_else(|| {
        t.after(&[
            "change the wording of ",
            "reword ",
            "update the name of ",
            "set the name of ",
            "change the title of ",
            "change the name of ",
            "swap the name of ",
            "switch the name of ",
            "update the title of ",
            "set the title of ",
            "change ",
            "rename ",
            "update ",
            "edit ",
            "retitle ",
            "rebrand ",
            "relabel ",
            "call ",
        ])
    });
    let verbless = verb.is_none();
    let rest = verb.unwrap_or(*t);
    // "task 2 should be called X", "make task 2 say X": only with these linkers.
    let strict: &[&str] = &[
        "say ",
        "read ",
        "should be called ",
        "should be named ",
        "should say ",
        "should read ",
        "is now called ",
        "be called ",
        "must be called ",
        "must say ",
        "should be renamed to ",
        "should be renamed ",
        "should be retitled to ",
        "should be retitled as ",
        "should be retitled ",
        "must be retitled ",
        "needs to be retitled ",
        "needs to be renamed to ",
        "needs to be renamed ",
        "needs renaming to ",
        "must be renamed to ",
        "can be renamed to ",
        "could be renamed to ",
        "has to be renamed to ",
        "be renamed to ",
        "should now be called ",
        "is actually called ",
        "is really called ",
        "should actually be called ",
        "should really be called ",
        "is supposed to be called ",
        "was meant to be called ",
    ];
    if verbless || made {
        let (target, remainder) = split_target(
            &rest,
            &[
                " should ",
                " say ",
                " read ",
                " is now ",
                " is actually ",
                " is really ",
                " is supposed ",
                " was meant ",
                " be called ",
                " must ",
                " needs ",
                " can be ",
                " could be ",
                " has to ",
                " be renamed ",
                " ought ",
            ],
        )?;
        let lower = remainder.to_ascii_lowercase();
        let said = Text {
            original: &remainder,
            lower: &lower,
        };
        // "#8 should be "interview deputy mayor"", "… ought to read "…"":
        // a link of being, only before a quoted title.
        let title = said.after(strict).or_else(|| {
            said.after(&[
                "should be ",
                "ought to be ",
                "ought to read ",
                "ought to say ",
                "must be ",
            ])
            .filter(|t| t.original.starts_with(['"', '“']))
        })?;
        let title = without_wrong_words(quoted_title(corrected(title.original, false)));
        return (!title.is_empty()).then(|| Intent::Rename(target, title.to_owned()));
    }
    let (target, remainder) = match number_token(&rest) {
        Some((number, remainder)) => (Target::Number(number), remainder),
        // "rename the groceries task to Buy vegetables"
        None => {
            // "rename the dentist task into orthodontist"
            // "retitle the portfolio task: add logo case study": a colon
            // after the task ends its name.
            // "retitle the task "a" so that it reads "b"", "rename the gpu
            // one 2 update the drivers" ("2" for "to" after a task noun).
            let (at, skip) = [
                (" to ", 1),
                (" into ", 6),
                (": ", 2),
                (" so that it reads ", 18),
                (" so it reads ", 13),
                (" so that it says ", 17),
                (" so it says ", 12),
                (" -> ", 4),
                (" 2 ", 3),
                // "rename the standup one as join scrum call", "rebrand the
                // headcount task as "…"": "as" after a task noun.
                (" as ", 4),
                // "change "buy coffee beans" for "buy coffee beans and
                // sugar"": "for" between two quoted titles.
                (" for ", 5),
            ]
            .iter()
            .filter_map(|(l, skip)| rest.lower.find(l).map(|at| (at, *skip)))
            .filter(|(at, skip)| {
                let head = &rest.lower[..*at];
                let tail = &rest.lower[*at + *skip..];
                let nouned = [" one", " task", " item", " reminder"]
                    .iter()
                    .any(|n| head.ends_with(n));
                let quoted = |s: &str| s.starts_with(['"', '“']);
                match skip {
                    3 => nouned,
                    4 => nouned || rest.lower[*at..].starts_with(" -> "),
                    5 => head.ends_with(['"', '”']) && quoted(tail),
                    _ => true,
                }
            })
            .min_by_key(|(at, _)| *at)?;
            let name = Text {
                original: &rest.original[..at],
                lower: &rest.lower[..at],
            };
            (
                Target::Named(task_name(&name)?),
                rest.original[at + skip..].to_owned(),
            )
        }
    };
    // "change 6 to be due saturday": a new due, not a title.
    let remainder_lower = remainder.to_ascii_lowercase();
    let said = Text {
        original: &remainder,
        lower: &remainder_lower,
    };
    if let Some(when) = said
        .after(&["to be due ", "to be due on ", "to be due by ", "be due "])
        .filter(|w| is_time_phrase(w.original))
    {
        return Some(Intent::Move(target, when.original.to_owned()));
    }
    let remainder = Text {
        original: &remainder,
        lower: &remainder.to_ascii_lowercase(),
    }
    .after(TITLE_LINKERS)
    .map(|r| r.original.to_owned())
    .unwrap_or(remainder);
    // "call task 3 "buy almond milk" instead": the correction word goes.
    let remainder = corrected(&remainder, false);
    let title = quoted_title(remainder);
    // "change 3 to next saturday": a time, unquoted, after "change" is a new due.
    let changed = ["change ", "update "].iter().any(|v| t.lower.starts_with(v));
    // "change the bday gift one to next week, party got moved": the time
    // without the aside after it.
    let when = time_without_aside(title);
    if changed && title == remainder.trim() && is_time_phrase(when) {
        return Some(Intent::Move(target, when.to_owned()));
    }
    (!title.is_empty()).then(|| Intent::Rename(target, title.to_owned()))
}

/// Verbs that take a date away, the date's names, and the words before the task.
const UNDATE_VERBS: &[&str] = &[
    "remove ",
    "clear ",
    "delete ",
    "drop ",
    "take ",
    "take away ",
    "strip ",
];
const DATE_FIELDS: &[&str] = &["due date ", "deadline ", "date ", "due "];
const FIELD_PREPOSITIONS: &[&str] = &["from ", "of ", "on ", "off ", "for "];

/// "remove the due date from task 3", "take the date off the bike task",
/// "clear the deadline of 4": built from its parts, the task after them.
fn undated<'a>(t: &Text<'a>) -> Option<Text<'a>> {
    let rest = t.after(UNDATE_VERBS)?;
    let rest = rest.after(&["the ", "my "])?;
    let rest = rest.after(DATE_FIELDS)?;
    rest.after(FIELD_PREPOSITIONS)
}

/// Links between a task said first and its new time: "the licence renewal
/// is actually due 12 dec", "the materials are needed on Monday instead",
/// "weigh-ins can be tomorrow instead", "dentist for Milo moved to Dec 3".
const NEW_TIME_LINKS: &[&str] = &[
    " is actually due ",
    " are actually due ",
    " is now due ",
    " are now due ",
    " is due ",
    " are due ",
    " due ",
    " is needed ",
    " are needed ",
    " is needed by ",
    " are needed by ",
    " can be ",
    " could be ",
    " should be ",
    " will be ",
    " has moved to ",
    " have moved to ",
    " has been moved to ",
    " got moved to ",
    " moved to ",
    " is moved to ",
    " was moved to ",
    " got pushed to ",
    " was pushed to ",
    " is now ",
    " are now ",
    " is now on ",
    " can wait until ",
    " can wait till ",
    " can wait to ",
];

/// Words that say a time was changed, without which "the report is due
/// friday" is a new task said as a statement.
const CHANGE_MARKS: &[&str] = &[
    "instead", "actually", "now", "moved", "pushed", "not", "rather", "changed", "wait",
];

/// A task said first, then its new time with a word of change: a move.
pub(super) fn new_time_said(t: &Text<'_>) -> Option<Intent> {
    // Most messages say no word of change: one pass over the words first.
    if !t
        .lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| CHANGE_MARKS.contains(&w))
    {
        return None;
    }
    let (at, link) = NEW_TIME_LINKS
        .iter()
        .filter_map(|l| t.lower.find(l).map(|at| (at, *l)))
        .min_by_key(|(at, l)| (*at, std::cmp::Reverse(l.len())))?;
    let name = t.original[..at].trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words.first()?.to_ascii_lowercase();
    if words.len() > 6
        || [
            "i", "we", "you", "it", "that", "this", "they", "he", "she", "there", "please",
        ]
        .contains(&first.as_str())
        || QUESTION_WORDS.contains(&first.as_str())
        // "but could the mortgage call be moved": a question or an order, read elsewhere.
        || words.iter().any(|w| {
            ["could", "can", "would", "should", "will", "be", "please", "but", "and", "so", "if"]
                .contains(&w.to_ascii_lowercase().as_str())
        })
        || todo_verb(&first)
        || name.contains(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let when = &t.original[at + link.len()..];
    let when = corrected(when, true);
    let when = when.trim_end_matches(['.', '!', '?', ' ']);
    let when = ["on ", "by ", "for ", "until ", "till "]
        .iter()
        .find_map(|p| {
            when.get(..p.len())
                .filter(|w| w.eq_ignore_ascii_case(p))
                .map(|_| &when[p.len()..])
        })
        .unwrap_or(when);
    let when = corrected(when, true);
    if !(is_time_phrase(when)
        || time::resolve_when(when, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC).is_ok())
    {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let said = Text {
        original: name,
        lower: &lower,
    };
    let found = reference(&said)
        .or_else(|| task_name(&said).map(Target::Named))
        .filter(|f| !vague(f))?;
    Some(Intent::Move(found, when.to_owned()))
}

/// Verbs that move a task's level up or down with a particle: "bump tyres
/// down to low", "bump it up", "knock the gym one down".
const LEVEL_SHIFTS: &[&str] = &["bump ", "knock "];

/// "bump tyres down to low" → "set the priority of tyres to low"; "bump it
/// up" → "… to high": a level said with a verb and its particle.
pub(super) fn level_shifted(s: &str) -> Option<String> {
    // Most messages start with neither verb: nothing to lower-case.
    if !s
        .get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("bump") || h.eq_ignore_ascii_case("knoc"))
    {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let verb = LEVEL_SHIFTS.iter().find(|v| lower.starts_with(**v))?;
    let rest = &lower[verb.len()..];
    let (at, up) = [(" up", true), (" down", false)]
        .iter()
        .filter_map(|(p, up)| {
            let at = rest.find(p)?;
            let after = &rest[at + p.len()..];
            (after.is_empty() || after.starts_with([' ', ',', '.', '!'])).then_some((at, *up))
        })
        .min_by_key(|(at, _)| *at)?;
    let name = &s[verb.len()..verb.len() + at];
    let after = rest[at..].trim_start_matches([' ']);
    let after = after.strip_prefix(if up { "up" } else { "down" })?.trim();
    let level = after
        .strip_prefix("to ")
        .or_else(|| after.strip_prefix("a notch to "))
        .map(|l| l.trim_end_matches(['.', '!', ' ']))
        .map(|l| l.strip_suffix(" priority").unwrap_or(l));
    let level = match level {
        Some(l @ ("low" | "medium" | "high" | "urgent" | "normal")) => l,
        Some(_) => return None,
        None if after.is_empty() || after.starts_with(['.', '!']) => {
            if up {
                "high"
            } else {
                "low"
            }
        }
        None => return None,
    };
    // "bump the meeting up to 3pm" moves it; only a level is read here.
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    // A bare name is said as a task, as the level's grammar wants one.
    let lower = name.to_ascii_lowercase();
    let noun = [" one", " task", " item", " reminder"]
        .iter()
        .any(|n| lower.ends_with(n))
        || ["it", "that", "this"].contains(&lower.as_str())
        || lower
            .trim_start_matches(['#', 't', 'a', 's', 'k', ' '])
            .starts_with(|c: char| c.is_ascii_digit());
    let name = match (noun, ["the ", "my ", "our "].iter().any(|d| lower.starts_with(d))) {
        (true, _) => name.to_owned(),
        (false, true) => format!("{name} task"),
        (false, false) => format!("the {name} task"),
    };
    Some(format!("set the priority of {name} to {level}"))
}
