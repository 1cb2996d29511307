//! A reminder asked to wait: "snooze task 2 for an hour", "hold the gym
//! reminder for 20 minutes", "remind me again in 5 minutes about 3".

use super::*;

/// Words that put a reminder off before asking for it again: "not now,
/// remind me …", "later please, ask me about …".
const PUT_OFF_LEADS: &[&str] = &[
    "not right now",
    "not now",
    "not yet",
    "not today",
    "maybe later",
    "later",
    "can't now",
    "cant now",
    "can't right now",
    "busy now",
    "busy rn",
    "busy",
    // Why now is no good: "I'm driving, hit me with …", "in a meeting; remind me …".
    "i'm driving",
    "im driving",
    "driving",
    "i am driving",
    "i'm in a meeting",
    "im in a meeting",
    "i am in a meeting",
    "in a meeting",
];

/// Words of being busy now, in a short clause said before a reminder asked
/// again: "in a match rn, ping me …", "on a call, remind me …", "kids
/// screaming, remind me …".
const BUSY_WORDS: &[&str] = &[
    "busy",
    "driving",
    "meeting",
    "match",
    "game",
    "call",
    "class",
    "lecture",
    "shift",
    "surgery",
    "rn",
    "now",
    "cooking",
    "working",
    "swamped",
    "slammed",
    "screaming",
    "crying",
    "eating",
    "train",
    "bus",
    "drive",
    "gym",
    "mid",
    "middle",
    "stuck",
    "traffic",
];

/// A short clause of being busy said first: "in a match right now, …",
/// "on a call, …". It ends at a comma, a full stop or a semicolon, has at
/// most six words and says one of `BUSY_WORDS`; no number is in it.
fn busy_clause(lower: &str) -> Option<usize> {
    let end = lower.find([',', '.', ';'])?;
    let clause = &lower[..end];
    let words = clause.split_whitespace().count();
    ((1..=6).contains(&words)
        && !clause.contains(|c: char| c.is_ascii_digit())
        && clause.split_whitespace().any(|w| BUSY_WORDS.contains(&w)))
    .then(|| end + 1 + lower[end + 1..].len() - lower[end + 1..].trim_start().len())
}

/// Nouns that say a task already on the list: "the trash thing", "the
/// laundry one".
const LISTED_NOUNS: &[&str] = &["thing", "one", "task", "reminder", "item"];

/// Whether the words after a reminder's ask name a task on the list: a
/// word of its name, then one of `LISTED_NOUNS` ("the trash thing
/// tomorrow", "the laundry one in an hour"; not "one hour", "task 3").
fn named_as_listed(body: &str) -> bool {
    let words: Vec<&str> = body.split_whitespace().collect();
    (1..words.len()).any(|i| {
        LISTED_NOUNS.contains(&words[i])
            && !["the", "a", "about", "of", "in", "this", "that"].contains(&words[i - 1])
            && !words.get(i + 1).is_some_and(|n| {
                n.starts_with(|c: char| c.is_ascii_digit())
                    || ["hour", "hours", "minute", "minutes", "day", "week", "more"].contains(n)
            })
    })
}

/// Ways to ask to be reminded of a task: "remind me of the rent", "ask me about the call".
const REMIND_ASKS: &[&str] = &[
    "remind me again about ",
    "remind me again of ",
    "remind me about ",
    "remind me of ",
    "ask me again about ",
    "ask me about ",
    "ping me again about ",
    "ping me about ",
    "nudge me about ",
    "bug me about ",
    // "hit me with the fuel receipts one again", "tell me again the mom call one".
    "hit me with ",
    "hit me about ",
    "hit me up about ",
    "tell me again about ",
    "tell me again ",
    "remind me once more about ",
    "remind me once more of ",
];

/// A reminder asked again, said with a putting off: "not now please, ask
/// me about the supplier call tomorrow morning", "remind me about the
/// timesheet tomorrow morning instead", "ask me again about the dentist
/// tomorrow" → "remind me again about …", which is a snooze.
pub(super) fn put_off(s: &str) -> Option<String> {
    // Most messages ask to be reminded of nothing: nothing to lower-case.
    if ![
        "emind", "EMIND", "sk me", "SK ME", "ing me", "ING ME", "dge me", "ug me", "it me", "ell me",
    ]
    .iter()
    .any(|w| s.contains(w))
    {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let led = PUT_OFF_LEADS
        .iter()
        .find(|l| lower.starts_with(**l) && lower[l.len()..].starts_with([',', ' ', '.', '!', '-', ';']))
        .map(|l| {
            let rest = lower[l.len()..].trim_start_matches([',', ' ', '.', '!', '-', ';']);
            let rest = ["please", "pls", "plz", "thanks"]
                .iter()
                .find_map(|p| rest.strip_prefix(p))
                .unwrap_or(rest);
            lower.len() - rest.trim_start_matches([',', ' ', '.', '!', '-', ';']).len()
        });
    let led = led.or_else(|| busy_clause(&lower));
    let at = led.unwrap_or(0);
    let ask = REMIND_ASKS.iter().find(|a| lower[at..].starts_with(**a))?;
    let tail = lower.trim_end_matches(['?', '.', '!', ' ']);
    let again = ask.contains(" again ")
        || ask.contains(" once more ")
        || tail.ends_with(" instead")
        || tail.ends_with(" later")
        || contains_word(&tail[at + ask.len()..], "again")
        // "remind me about the trash thing tomorrow": a task on the list.
        || !tail[at..].contains(',') && named_as_listed(&tail[at + ask.len()..]);
    if led.is_none() && !again || ask.starts_with("remind me again") {
        return None;
    }
    let body = &s[at + ask.len()..];
    let body = body.trim_end_matches(['?', '.', '!', ' ']);
    let body = [" instead", " later"]
        .iter()
        .find_map(|w| {
            body.len()
                .checked_sub(w.len())
                .filter(|cut| body.get(*cut..).is_some_and(|b| b.eq_ignore_ascii_case(w)))
                .map(|cut| &body[..cut])
        })
        .unwrap_or(body);
    // "the letter to Margaret again tomorrow morning": "again" said once, first.
    let body = match body.to_ascii_lowercase().find(" again ") {
        Some(at) => format!("{}{}", &body[..at], &body[at + " again".len()..]),
        None => body.to_owned(),
    };
    // "the mom call one after 2 hours": a span after "after" is one "in" it.
    let body = match body.to_ascii_lowercase().find(" after ") {
        Some(at) if body[at + 7..].starts_with(|c: char| c.is_ascii_digit() || c == 'a') => {
            format!("{} in {}", &body[..at], &body[at + 7..])
        }
        _ => body,
    };
    Some(format!("remind me again about {body}"))
}

/// "snooze task 2 for an hour", "snooze 2 until 5pm", "remind me about task 3 in 30 minutes".
pub(super) fn parse_snooze(t: &Text<'_>) -> Option<Intent> {
    // "give me another 10 minutes on 1", "another hour for the report task"
    // "10 more mins on the pasta reminder": the span said first.
    let span_first = t.lower.starts_with(|c: char| c.is_ascii_digit())
        && t.lower
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| ["more", "extra"].contains(&w));
    if let Some(rest) = t
        .after(&[
            "give me another ",
            "give me an extra ",
            "give me ",
            // "give us 15 min on the lunches one" (British and Australian
            // "us" for "me"), "gimme 10 on task 2".
            "give us another ",
            "give us an extra ",
            "give us ",
            "gimme another ",
            "gimme ",
            "another ",
            "an extra ",
        ])
        .or_else(|| span_first.then_some(*t))
        && let Some((at, len)) = [" on ", " for ", " with "]
            .iter()
            .filter_map(|l| rest.lower.find(l).map(|at| (at, l.len())))
            .min_by_key(|(at, _)| *at)
    {
        let when = rest.original[..at].trim();
        // "10 more minutes", "5 extra mins": the filler goes.
        let when = when
            .split_whitespace()
            .filter(|w| !["more", "extra"].contains(&w.to_ascii_lowercase().as_str()))
            .collect::<Vec<_>>()
            .join(" ");
        let when = match when.to_ascii_lowercase().as_str() {
            "hour" | "an hour" => "1h".to_owned(),
            "day" | "a day" => "1 day".to_owned(),
            _ => when.clone(),
        };
        let task = Text {
            original: &rest.original[at + len..],
            lower: &rest.lower[at + len..],
        };
        if (time::parse_duration(&when).is_ok() || is_time_phrase(&format!("in {when}")))
            && let Some(found) = reference(&task)
        {
            return Some(Intent::Snooze(found, when));
        }
    }
    let rest = t.after(&[
        "snooze ",
        "hit snooze on ",
        "press snooze on ",
        "snooze the reminder for ",
        "snooze the reminder of ",
        "snooze the reminder on ",
        "snooze my reminder for ",
        "snooze the alarm for ",
        "remind me about ",
        "remind me later about ",
        "remind me again later about ",
        "remind me again about ",
        "remind me again of ",
        "remind me again ",
        "remind me of ",
        "postpone the reminder for ",
        "postpone the reminder of ",
        "postpone the reminder about ",
        "put off the reminder about ",
        "delay the reminder about ",
        "put off the reminder for ",
        "put off the reminder of ",
        "delay the reminder for ",
        "delay the reminder of ",
        "push the reminder for ",
        "push back the reminder for ",
        "push the reminder of ",
        "push my reminder for ",
        // "hold the gym reminder for 20 minutes": other verbs of a
        // reminder asked to wait ("nudge me" is "remind me", `shorthand`).
        "hold ",
        "hold off on ",
        // "push the pharmacy reminder back an hour": only of a reminder.
        "push ",
        "push back ",
        "delay ",
        "put off ",
    ])?;
    let of_a_reminder_only = ["push ", "delay ", "put off "]
        .iter()
        .any(|v| t.lower.starts_with(v) && !t.lower[v.len()..].starts_with("the reminder"))
        && !t.lower.starts_with("push my reminder");
    // "remind me in 5 minutes about 3": a task on the list only by number
    // or as a task ("remind me in an hour about the dentist" is a new one).
    let on_the_list = |target: &Target| match target {
        Target::Number(_) => true,
        Target::Named(_) => !t.lower.starts_with("remind me ") || t.lower.starts_with("remind me again "),
    };
    // "snooze the fridge log 30 min, on a ward round": after "snooze" any
    // name is one on the list, and an aside after a comma goes.
    let snoozed = t.lower.starts_with("snooze ");
    let head = match rest.lower.find(", ").filter(|_| snoozed) {
        Some(at) => Text {
            original: &rest.original[..at],
            lower: &rest.lower[..at],
        },
        None => rest,
    };
    if let Some((target, when)) = time_then_task(&rest)
        .filter(|(target, _)| on_the_list(target))
        .or_else(|| span_said_last(&head, snoozed))
        .or_else(|| snoozed.then(|| span_then_chat(&head)).flatten())
    {
        return Some(Intent::Snooze(target, when));
    }
    // "remind me again about the supplier call tomorrow morning": the
    // name, then its time, before a linker is looked for.
    if t.lower.starts_with("remind me again about ")
        && let Some(intent) = name_then_time(&rest)
    {
        return Some(intent);
    }
    let Some((target, remainder)) = split_target(
        &rest,
        &[
            " for ",
            " until ",
            " till ",
            " til ",
            " in ",
            " to ",
            " by ",
            " again",
            " once more",
            " one more time",
            " later",
            " back",
            ", ",
        ],
    ) else {
        // "remind me again about Dennis tomorrow morning": a name, then a
        // time without a linker, when the reminder is asked again or snoozed.
        return (snoozed || t.lower.starts_with("remind me again "))
            .then(|| name_then_time(&rest))
            .flatten();
    };
    let named = &rest.lower[..rest.lower.len().saturating_sub(remainder.len())];
    if of_a_reminder_only && !contains_word(named, "reminder") {
        return None;
    }
    let mut remainder = remainder.to_ascii_lowercase();
    // "remind me about the parcel tomorrow" is a new task; "remind me about
    // the vet one later", "… the parcel task again" name one on the list.
    // "… in an hour instead": a change of a reminder already set.
    let asked_again = SNOOZE_FILLERS.iter().any(|f| remainder.starts_with(f))
        || remainder.trim_end().ends_with(" instead")
        // "remind me again about the bank in an hour": "again" said first.
        || t.lower.starts_with("remind me again ")
        || t.lower.starts_with("remind me later ");
    if ["remind me ", "hold "].iter().any(|v| t.lower.starts_with(v))
        && let Target::Named(name) = &target
        && !asked_again
        && !NO_NAME_WORDS
            .iter()
            .any(|n| name.to_ascii_lowercase().ends_with(&format!(" {n}")))
        && !rest
            .lower
            .split_whitespace()
            .take(6)
            .any(|w| ["task", "one", "reminder", "item"].contains(&w))
    {
        return None;
    }
    // "remind me about 4 again in 2 hours": fillers before the time go.
    while let Some(filler) = SNOOZE_FILLERS
        .iter()
        .find(|f| remainder == **f || remainder.starts_with(&format!("{f} ")))
    {
        remainder = remainder[filler.len()..].trim_start().to_owned();
    }
    let when = Text {
        original: &remainder,
        lower: &remainder,
    };
    let when = when
        .after(&["for ", "until ", "till ", "til ", "to ", "by "])
        .unwrap_or(when);
    let when = when.after(SPAN_FILLERS).unwrap_or(when).lower;
    // "tomorrow morning instead": the correction goes.
    let when = corrected(when, true);
    // "in an hour or so": the hedge goes.
    let when = when
        .strip_suffix(" or so")
        .or_else(|| when.strip_suffix("-ish"))
        .or_else(|| when.strip_suffix(" ish"))
        .unwrap_or(when);
    // "until 5pm pls, in a meeting": an aside after the time goes.
    let when = time_without_aside(when);
    // "2h on a job": a span, then where one is.
    let when = span_then_aside(when);
    // "for another 15": a bare number after "for" is minutes.
    let minutes;
    let when =
        if remainder.starts_with("for ") && !when.is_empty() && when.bytes().all(|b| b.is_ascii_digit()) {
            minutes = format!("{when}m");
            minutes.as_str()
        } else {
            when
        };
    // "again in 10": a bare number after "in" is minutes too.
    let in_minutes;
    let when = match when.strip_prefix("in ") {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            in_minutes = format!("{n}m");
            in_minutes.as_str()
        }
        _ => when,
    };
    let when = match when {
        "" => "1h",
        "morning" | "the morning" => "tomorrow morning",
        "an hour" | "one hour" | "a hour" | "hour" => "1h",
        "half an hour" => "30m",
        "a bit" | "a while" | "a little while" | "a little bit" | "a little" => "1h",
        "a day" | "one day" | "day" => "1 day",
        other => other,
    };
    Some(Intent::Snooze(target, when.to_owned()))
}

/// A span said first, then an aside that is no time: "2h on a job" → "2h".
fn span_then_aside(when: &str) -> &str {
    if time::parse_duration(when).is_ok() || is_time_phrase(when) {
        return when;
    }
    let ends: Vec<usize> = when.match_indices(' ').map(|(at, _)| at).take(2).collect();
    ends.into_iter()
        .rev()
        .map(|at| &when[..at])
        .find(|head| time::parse_duration(head).is_ok())
        .unwrap_or(when)
}

/// "snooze dailies 30 min im mid match": after "snooze", a name and a span
/// said before an aside without a comma; the aside goes.
fn span_then_chat(rest: &Text<'_>) -> Option<(Target, String)> {
    let words: Vec<(usize, &str)> = rest
        .lower
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - rest.lower.as_ptr() as usize, w))
        .collect();
    (1..words.len().saturating_sub(1)).find_map(|i| {
        (1..=2).rev().find_map(|k| {
            let last = words.get(i + k - 1)?;
            let end = last.0 + last.1.len();
            if i + k >= words.len() || time::parse_duration(&rest.lower[words[i].0..end]).is_err() {
                return None;
            }
            let head = Text {
                original: &rest.original[..end],
                lower: &rest.lower[..end],
            };
            span_said_last(&head, true)
        })
    })
}

/// "snooze the vitamins reminder 1 hour": a span said last without a linker.
fn span_said_last(rest: &Text<'_>, snoozed: bool) -> Option<(Target, String)> {
    let words: Vec<&str> = rest.lower.split_whitespace().collect();
    (1..=3).rev().filter(|k| *k < words.len()).find_map(|k| {
        let span = words[words.len() - k..].join(" ");
        if ["for", "in", "until", "till", "til", "by", "to", "again"].contains(&words[words.len() - k]) {
            return None;
        }
        let when = match span.as_str() {
            "an hour" | "one hour" | "a hour" => "1h".to_owned(),
            "half an hour" => "30m".to_owned(),
            _ if time::parse_duration(&span).is_ok() => span,
            _ => return None,
        };
        let cut = rest.lower.len() - words[words.len() - k..].join(" ").len();
        let task = Text {
            original: rest.original[..cut].trim_end(),
            lower: rest.lower[..cut].trim_end(),
        };
        // The task said by number or as a task: "snooze the milk 2 hours"
        // keeps to the other readings.
        // "snooze the laundry one for 2 hours": the linker is the other readings'.
        if [" for", " in", " until", " till", " til", " by", " to", " again"]
            .iter()
            .any(|l| task.lower.ends_with(l))
        {
            return None;
        }
        let plain = !task
            .lower
            .split_whitespace()
            .any(|w| ["for", "in", "until", "till", "til", "by", "to", "again"].contains(&w));
        let named = snoozed && plain
            || number_token(&task).is_some_and(|(_, r)| r.is_empty())
            || [" task", " one", " reminder", " item", " thing", " stuff"]
                .iter()
                .any(|n| task.lower.ends_with(n));
        // After "snooze" a bare name is one on the list: "snooze essay 2h".
        let bare = || snoozed.then(|| task_name(&task).map(Target::Named)).flatten();
        named
            .then(|| reference(&task).or_else(bare))
            .flatten()
            .map(|t| (t, when))
    })
}

/// "snooze for 1 hour the task 3": the time said before the task;
/// "remind me again in 5 minutes about 3".
fn time_then_task(rest: &Text<'_>) -> Option<(Target, String)> {
    let rest = &word_after(rest, &["again", "once more"]).map_or(*rest, |(_, r)| r);
    if let Some(span) = rest.after(&["in ", "after "])
        && let Some(at) = [" about ", " for ", " on ", " with "]
            .iter()
            .filter_map(|l| span.lower.find(l).map(|at| (at, l.len())))
            .min()
        && time::parse_duration(span.original[..at.0].trim()).is_ok()
    {
        let task = Text {
            original: span.original[at.0 + at.1..].trim(),
            lower: span.lower[at.0 + at.1..].trim(),
        };
        if let Some(found) = reference(&task) {
            return Some((found, span.original[..at.0].trim().to_owned()));
        }
    }
    let span = rest.after(&["for ", "until ", "till ", "til "])?;
    let at = [" the ", " task ", " number ", " #", " my "]
        .iter()
        .filter_map(|s| span.lower.find(s))
        .min()?;
    let when = span.original[..at].trim();
    let task = Text {
        original: span.original[at..].trim(),
        lower: span.lower[at..].trim(),
    };
    let found = reference(&task)?;
    let timed =
        time::parse_duration(when).is_ok() || is_time_phrase(when) || is_time_phrase(&format!("in {when}"));
    timed.then(|| (found, when.to_owned()))
}

/// Words said between a snoozed task and its time that change nothing.
pub(super) const SNOOZE_FILLERS: &[&str] = &[
    "again",
    "once more",
    "one more time",
    "later",
    "please",
    "pls",
    "back",
    "off",
];
/// Words between "for" and a snooze's span: "for another 15", "for an extra hour".
const SPAN_FILLERS: &[&str] = &["another ", "an extra ", "a further ", "extra "];

/// A task's name, then a time said without a linker: "Dennis tomorrow morning".
fn name_then_time(rest: &Text<'_>) -> Option<Intent> {
    let words: Vec<(usize, &str)> = rest
        .lower
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - rest.lower.as_ptr() as usize, w))
        .collect();
    (1..words.len()).find_map(|k| {
        let at = words[k].0;
        let when = rest.lower[at..].trim();
        if !is_time_phrase(when) || time::parse_duration(when).is_ok() && words.len() - k > 3 {
            return None;
        }
        let task = Text {
            original: rest.original[..at].trim_end(),
            lower: rest.lower[..at].trim_end(),
        };
        if [
            " for", " in", " until", " till", " til", " by", " to", " again", " at", " on",
        ]
        .iter()
        .any(|l| task.lower.ends_with(l))
        {
            return None;
        }
        let target = reference(&task).or_else(|| task_name(&task).map(Target::Named))?;
        Some(Intent::Snooze(target, when.to_owned()))
    })
}

/// Hedges said before a snooze's or a move's time: "like tomorrow morning",
/// "maybe tonight".
const TIME_HEDGES: &[&str] = &["like ", "maybe ", "perhaps ", "probably ", "say ", "around "];

/// The intent with a hedge before its time dropped: "snooze 5 like
/// tomorrow morning" → "tomorrow morning".
pub(super) fn without_time_hedge(intent: Intent) -> Intent {
    let strip = |when: String| {
        let lower = when.to_ascii_lowercase();
        match TIME_HEDGES.iter().find(|h| lower.starts_with(**h)) {
            Some(h) if is_time_phrase(&when[h.len()..]) => when[h.len()..].to_owned(),
            _ => when,
        }
    };
    match intent {
        Intent::Snooze(t, when) => Intent::Snooze(t, strip(when)),
        Intent::Move(t, when) => Intent::Move(t, strip(when)),
        other => other,
    }
}

/// Words around a "later" that say nothing of the task or the time:
/// "later na lang, like tomorrow morning for #5", "Later with the number 7".
const LATER_FILLERS: &[&str] = &[
    "later", "please", "pls", "plz", "na", "lang", "with", "for", "the", "maybe", "like", "perhaps", "not",
    "now", "then", "ok", "okay", "on",
];

/// "Later with the number 7, maybe tonight", "please later 30 minutes for
/// vocabulary": "later" said first, a task and a time in any order, as
/// "snooze <task> <time>".
pub(super) fn later_first(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| [',', '.', '!', '?', ';'].contains(&c)))
        .filter(|w| !w.is_empty())
        .collect();
    let lowered: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let at = lowered.iter().position(|w| w == "later")?;
    if at > 3
        || !lowered[..at].iter().all(|w| LATER_FILLERS.contains(&w.as_str()))
        || lower.contains("remind")
    {
        return None;
    }
    // The longest run of words that is a time, the first such.
    let mut best: Option<(usize, usize)> = None;
    for start in at + 1..words.len() {
        for end in (start + 1..=words.len().min(start + 4)).rev() {
            if best.is_some_and(|(s, e)| e - s >= end - start) {
                break;
            }
            if is_time_phrase(&words[start..end].join(" ")) {
                best = Some((start, end));
                break;
            }
        }
    }
    let (start, end) = best?;
    let task: Vec<&str> = (at + 1..words.len())
        .filter(|i| !(start..end).contains(i) && !LATER_FILLERS.contains(&lowered[*i].as_str()))
        .map(|i| words[i])
        .collect();
    if task.is_empty() || task.len() > 5 {
        return None;
    }
    // "the number 7": a number alone is the task's.
    let task = match task.as_slice() {
        ["number" | "task" | "no", n] => (*n).to_owned(),
        _ => task.join(" "),
    };
    Some(format!("snooze {task} {}", words[start..end].join(" ")))
}
