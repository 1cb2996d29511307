//! Asking for a new task: add frames and verbs, wanting one, a time said
//! first or in a clause of its own, a priority said in words, bare
//! imperatives and lines with a date.

use super::*;

/// A title that starts with a quoted part keeps the part and what follows:
/// `'pay electricity bill' tomorrow` → `pay electricity bill tomorrow`.
pub(super) fn dequote(s: &str) -> String {
    let s = s.trim();
    let Some(open) = s.chars().next().filter(|c| "\"'“‘`«".contains(*c)) else {
        return s.to_owned();
    };
    let close: Vec<char> = match open {
        '“' => vec!['”', '"'],
        '‘' => vec!['’', '\''],
        '«' => vec!['»'],
        c => vec![c],
    };
    let inner = &s[open.len_utf8()..];
    match inner.find(close.as_slice()) {
        Some(at) if at > 0 => {
            let quoted = &inner[..at];
            let closing = inner[at..].chars().next().map_or(1, char::len_utf8);
            // `"order stationery" - friday`: a separator after the quotes goes.
            let tail = inner[at + closing..]
                .trim()
                .trim_start_matches(['-', '–', '—', ':', ',', '?'])
                .trim();
            // `"submit expense report" for friday`: the quotes end the
            // title, so a time after them is its due, "for" and all.
            // `put "x" down for saturday`: the verb's particle goes too.
            let tail = QUOTE_PARTICLES
                .iter()
                .find_map(|p| {
                    let rest = tail.get(p.len()..)?;
                    (tail[..p.len()].eq_ignore_ascii_case(p) && (rest.is_empty() || rest.starts_with(' ')))
                        .then(|| rest.trim_start())
                })
                .unwrap_or(tail);
            let tail = ["for ", "For "]
                .iter()
                .find_map(|f| tail.strip_prefix(f))
                .filter(|when| is_time_phrase(when))
                .unwrap_or(tail);
            if tail.is_empty() {
                quoted.trim().to_owned()
            } else {
                format!("{} {tail}", quoted.trim())
            }
        }
        _ => unquote(s).to_owned(),
    }
}

/// A verb's particle after a quoted title: `put "x" down`, `pencil "x" in`.
const QUOTE_PARTICLES: &[&str] = &["down", "in"];

/// Where an added task goes: "… to my list", "… on my to-do list".
pub(super) const LIST_SUFFIXES: &[&str] = &[
    " to my to-do list",
    " to my todo list",
    " to my task list",
    " to my tasks",
    " to my list",
    " to the list",
    " to the to-do list",
    " to the todo list",
    " on my to-do list",
    " on my todo list",
    " on my task list",
    " on my list",
    " on the list",
    " onto my list",
    " in my list",
    " as a task",
    " as a todo",
    " as a to-do",
];

/// A word-bounded prefix from `words`, the longest, and the text after it.
pub(super) fn word_after<'a>(t: &Text<'a>, words: &[&'static str]) -> Option<(&'static str, Text<'a>)> {
    let w = words
        .iter()
        .filter(|w| {
            t.lower.starts_with(**w)
                && !t.lower[w.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '\'' || c == '-')
        })
        .max_by_key(|w| w.len())?;
    let cut = |s: &'a str| s[w.len()..].trim_start_matches([':', '-', '–', '—', ',', ' ']);
    Some((
        w,
        Text {
            original: cut(t.original),
            lower: cut(t.lower),
        },
    ))
}

/// "a new high priority task called x" → (x, Some("p1")); `None` when no task noun is said.
pub(super) fn task_object<'a>(t: &Text<'a>) -> Option<(Text<'a>, Option<&'static str>)> {
    let same = |t: &Text<'a>| *t;
    let article = word_after(t, ARTICLES);
    let one = article.as_ref().is_some_and(|(a, _)| *a == "one");
    let rest = article.map_or(same(t), |(_, r)| r);
    let rest = word_after(&rest, ADJECTIVES).map_or(rest, |(_, r)| r);
    let (marker, rest) = match word_after(
        &rest,
        &PRIORITY_ADJECTIVES.iter().map(|p| p.0).collect::<Vec<_>>(),
    ) {
        Some((word, r)) => (PRIORITY_ADJECTIVES.iter().find(|p| p.0 == word).map(|p| p.1), r),
        None => (None, rest),
    };
    let rest = word_after(&rest, ADJECTIVES).map_or(rest, |(_, r)| r);
    // "a daily reminder to x": the repeat goes after the title.
    let (repeat, rest) = match word_after(&rest, REPEAT_ADJECTIVES) {
        Some((word, r)) => (Some(if word == "annual" { "yearly" } else { word }), r),
        None => (None, rest),
    };
    let marker = marker.or(repeat);
    // "bung one in for me to buy milk": "one" is the task noun itself.
    let rest = match word_after(&rest, NOUNS) {
        Some((_, r)) => r,
        None if one && word_after(&rest, NOUN_LINKERS).is_some_and(|(l, _)| l.starts_with("in ")) => rest,
        None => return None,
    };
    let rest = word_after(&rest, NOUN_LINKERS).map_or(rest, |(_, r)| r);
    // "a task for the boss: sign the lease": who it is for, before a colon.
    let rest = match rest.lower.find(": ") {
        Some(at)
            if [" for", " for the", " for my", " for our"].iter().any(|f| {
                t.lower[..t.lower.len() - rest.lower.len()]
                    .trim_end()
                    .ends_with(f)
            }) && rest.lower[..at].split_whitespace().count() <= 3 =>
        {
            Text {
                original: rest.original[at + 2..].trim_start(),
                lower: rest.lower[at + 2..].trim_start(),
            }
        }
        _ => rest,
    };
    Some((rest, marker))
}

/// Whether a phrase is only a time: "at 5pm", "in 2 hours", "every monday".
pub(super) fn is_time_phrase(s: &str) -> bool {
    let (now, zone) = (time::Timestamp::UNIX_EPOCH, time::TimeZone::UTC);
    let reading = quickadd::parse(s, now, &zone);
    (reading.due.is_some() || reading.repeat.is_some()) && reading.title.trim().is_empty()
        || time::resolve_when(s, now, &zone).is_ok()
}

/// "remind me at 5pm to leave", "in 30 minutes remind me to take the pizza out":
/// the time said first goes after the title.
pub(super) fn time_first(t: &Text<'_>) -> Option<String> {
    // "tomorrow i need to call the school": a time, then a frame with "i".
    if let Some((at, frame)) = FRAMES_AFTER_A_TIME
        .iter()
        .filter_map(|f| t.lower.find(f).map(|at| (at, *f)))
        .filter(|(at, _)| *at > 0)
        .min_by_key(|(at, _)| *at)
    {
        let when = t.original[..at].trim_end_matches([',', ' ', '-']);
        let title = t.original[at + frame.len()..].trim();
        if !title.is_empty() && is_time_phrase(when) {
            return Some(format!("{title} {when}"));
        }
    }
    // "every monday I need check the van oil", "in 2 hours remind me pick
    // up the tools": a time, then any lead read word by word.
    if let Some(line) = lead_after_a_time(t) {
        return Some(line);
    }
    // "remind me tomorrow morning that the parcel is coming": "that" too.
    if let Some(rest) = t.after(&["remind me ", "please remind me ", "be reminded "]) {
        let (at, link) = [" to ", " that ", " about "]
            .iter()
            .filter_map(|l| rest.lower.find(l).map(|at| (at, l.len())))
            .min()?;
        let when = &rest.original[..at];
        return is_time_phrase(when).then(|| format!("{} {when}", rest.original[at + link..].trim()));
    }
    let at = t.lower.find("remind me to ").filter(|at| *at > 0)?;
    let when = t.original[..at].trim_end_matches([',', ' ', '-']);
    is_time_phrase(when).then(|| format!("{} {when}", t.original[at + 13..].trim()))
}

/// Words that start a lead after a time said first.
const LEAD_STARTS: &[&str] = &[
    "i", "we", "i'll", "we'll", "i'd", "we'd", "i'm", "we're", "remind", "please", "pls", "remember",
    "don't", "dont", "not",
];
/// The words of a lead after its start: the asking and the needing, as
/// learners say them too ("I need check", "remind me pick up").
const LEAD_WORDS: &[&str] = &[
    "please",
    "pls",
    "remind",
    "me",
    "us",
    "need",
    "needs",
    "must",
    "should",
    "gotta",
    "wanna",
    "want",
    "will",
    "would",
    "like",
    "ought",
    "also",
    "really",
    "definitely",
    "am",
    "going",
    "plan",
    "remember",
    "forget",
    "don't",
    "dont",
    "not",
    "let",
    "i",
    "we",
];
/// Words that make a need only with "to" after them: "I have to", "I've got to".
const NEED_WITH_TO: &[&str] = &["have", "has", "got", "'ve", "i've", "we've"];

/// "on friday I want to clean the car" → "clean the car on friday": a
/// time said first, then a lead that needs or asks, then the title.
fn lead_after_a_time(t: &Text<'_>) -> Option<String> {
    let words = t.words_at();
    let k = words
        .iter()
        .position(|(_, w)| LEAD_STARTS.contains(&w.trim_start_matches(',')))
        // A time said first is a few words: "every monday", "on the 3rd at 9".
        .filter(|k| (1..=6).contains(k))?;
    let when = t.original[..words[k].0].trim_end_matches([',', ' ', '-']);
    if !is_time_phrase(when) {
        return None;
    }
    let mut j = k;
    let mut asked = false;
    while let Some((_, w)) = words.get(j) {
        if NEED_WITH_TO.contains(w) && words.get(j + 1).is_some_and(|(_, n)| *n == "to" || *n == "got") {
            asked = true;
            j += 1;
        } else if LEAD_WORDS.contains(w) {
            asked |= !["i", "we", "please", "pls", "also", "really", "me", "us"].contains(w);
            j += 1;
        } else {
            break;
        }
    }
    if words.get(j).is_some_and(|(_, w)| *w == "to") {
        j += 1;
    }
    let (start, first) = words.get(j)?;
    let title = t.original[*start..].trim();
    (asked && a_doing_verb(first.trim_end_matches(',')) && title.split_whitespace().count() >= 2)
        .then(|| format!("{title} {when}"))
}

/// A need joined to a statement about a thing, before an order about "it".
const NEEDS_ABOUT_IT: &[&str] = &[
    " so i need to ",
    " so i have to ",
    " so i've got to ",
    " so i must ",
    " so need to ",
    ", i need to ",
    ", need to ",
    " and i need to ",
];

/// `order_about_it` where the order is asked for ("…, remind me to write
/// it"), read before the request is read apart from its statement.
pub(super) fn asked_about_it(t: &Text<'_>, question: bool) -> Option<Intent> {
    if !(t.lower.ends_with(" it") || t.lower.ends_with(" them")) {
        return None;
    }
    // The lead, after the statement, with only "verb it" (and a particle) after it.
    let asked = ORDER_LEADS.iter().any(|l| {
        t.lower
            .rfind(l)
            .is_some_and(|at| at > 0 && t.lower[at + l.len()..].split_whitespace().count() <= 3)
    });
    if !asked {
        return None;
    }
    order_about_it(t, question)
}

/// Asks said before an order about "it": "…, remind me to write it".
const ORDER_LEADS: &[&str] = &[
    "remind me to ",
    "please remind me to ",
    "pls remind me to ",
    "can you remind me to ",
    "don't let me forget to ",
    "help me remember to ",
    "i need to ",
    "i have to ",
    "i must ",
];

/// First words of a clause that name no thing: pronouns, names of days,
/// words of time ("I goes …", "Tomorrow is …").
const NOT_THINGS: &[&str] = &[
    "i",
    "you",
    "he",
    "she",
    "it",
    "we",
    "they",
    "this",
    "that",
    "there",
    "today",
    "tomorrow",
    "tonight",
    "everything",
    "nothing",
    "something",
    "someone",
    "everyone",
];

/// Verbs that end the subject of a statement about a thing: "my passport
/// expires in june".
const THING_VERBS: &[&str] = &[
    "expires", "expire", "ends", "runs", "needs", "need", "has", "have", "will", "is", "are", "was", "were",
    "broke", "stopped", "keeps", "won't", "doesn't", "isn't", "due", "goes", "looks", "comes", "starts",
    "opens", "closes", "arrives", "leaves",
];

/// A statement about a thing, then an order about "it": "my passport
/// expires in june, renew it" → "Renew my passport in june"; "the car
/// insurance is due next month - sort it out" → "Sort out the car
/// insurance next month". The thing is the subject (a determiner and up to
/// three words); a time after its verb goes with it.
pub(super) fn order_about_it(t: &Text<'_>, question: bool) -> Option<Intent> {
    if question {
        return None;
    }
    // "my passport expires in march so I need to renew it": the need said
    // as the order.
    if let Some((at, need)) = first_of(t.lower, NEEDS_ABOUT_IT) {
        let said = format!("{}, {}", &t.original[..at], &t.original[at + need.len()..]);
        let lower = said.to_ascii_lowercase();
        return order_about_it(
            &Text {
                original: &said,
                lower: &lower,
            },
            question,
        );
    }
    let (at, sep) = [", ", " - ", "; ", " so ", "! ", ". "]
        .iter()
        .filter_map(|s| t.lower.rfind(s).map(|i| (i, s.len())))
        .max_by_key(|(i, _)| *i)?;
    // "…, remind me to write it": the ask before the order goes.
    let asked = &t.lower[at + sep..];
    let lead = ORDER_LEADS
        .iter()
        .find(|l| asked.starts_with(**l))
        .map_or(0, |l| l.len());
    let order: Vec<&str> = t.original[at + sep + lead..].split_whitespace().collect();
    let (verb, particle) = match order.as_slice() {
        [verb, it] | [verb, it, _] if ["it", "them"].contains(&it.to_ascii_lowercase().as_str()) => {
            let particle = order
                .get(2)
                .filter(|p| PARTICLES.contains(&p.to_ascii_lowercase().as_str()));
            (*verb, particle.copied())
        }
        _ => return None,
    };
    if !TODO_VERBS.contains(&verb.to_ascii_lowercase().as_str()) || order.len() == 3 && particle.is_none() {
        return None;
    }
    let head: Vec<&str> = t.original[..at].split_whitespace().collect();
    let det = head.first()?.to_ascii_lowercase();
    // "Newsletter goes out every last friday, remind me to write it": a
    // bare noun said first is the thing, with its article in the title.
    let bare = !["my", "our", "the", "his", "her", "their"].contains(&det.as_str());
    if bare && (NOT_THINGS.contains(&det.as_str()) || lead == 0) {
        return None;
    }
    let stop = head
        .iter()
        .position(|w| THING_VERBS.contains(&w.to_ascii_lowercase().as_str()))
        .filter(|k| (2 - usize::from(bare)..=4 - usize::from(bare)).contains(k))?;
    let thing = head[..stop].join(" ");
    let thing = if bare { format!("the {thing}") } else { thing };
    let after = head[stop + 1..].join(" ");
    let after = after.trim_start_matches("out ").trim_start_matches("up ");
    let dated = ["in ", "on ", "at ", "by ", "next ", "this ", "before "]
        .iter()
        .any(|p| after.to_ascii_lowercase().starts_with(p));
    let when = (!after.is_empty() && (dated || is_time_phrase(after))).then_some(after);
    let verb = match particle {
        Some(p) => format!("{verb} {p}"),
        None => verb.to_owned(),
    };
    let line = match when {
        Some(when) => format!("{verb} {thing} {when}"),
        None => format!("{verb} {thing}"),
    };
    title_line(&line, None)
}

/// Frames said after a time: "tomorrow i need to call the school".
const FRAMES_AFTER_A_TIME: &[&str] = &[
    " i need to ",
    " i have to ",
    " i've got to ",
    " i gotta ",
    " i must ",
    " i should ",
    " remember to ",
    " don't forget to ",
];

/// "my dentist appointment is on friday", "dentist is on the 12th": the
/// thing, then its time, without the link word.
pub(super) fn without_link(original: &str) -> String {
    let lower = original.to_ascii_lowercase();
    match linked(&lower) {
        Some((k, true)) if COPULAS.contains(&lower.split_whitespace().nth(k).unwrap_or("")) => original
            .split_whitespace()
            .enumerate()
            .filter(|(i, _)| *i != k)
            .map(|(_, w)| w)
            .collect::<Vec<_>>()
            .join(" "),
        _ => original.to_owned(),
    }
}

/// A task, then its time in a clause of its own: "call grandma, remind me
/// tonight" → "call grandma tonight".
pub(super) fn time_in_a_reminder_clause(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let (at, marker) = [
        ", remind me ",
        " - remind me ",
        "; remind me ",
        ". remind me ",
        " and remind me ",
    ]
    .iter()
    .filter_map(|m| lower.rfind(m).map(|i| (i, *m)))
    .max_by_key(|(i, _)| *i)?;
    let when = s[at + marker.len()..].trim();
    let title = s[..at].trim();
    (!title.is_empty() && is_time_phrase(when)).then(|| format!("{title} {when}"))
}

/// How a task's time is said in a clause after it: "…, they're due wednesday".
const DUE_CLAUSES: &[&str] = &[
    ", it's due ",
    ", its due ",
    ", it is due ",
    ", they're due ",
    ", theyre due ",
    ", they are due ",
    ", she's due ",
    ", he's due ",
    // "pay rent its due friday": said without the comma.
    " its due ",
    " it's due ",
    // "…, and it should be done by end of day": the due said as a need.
    ", and it should be done by ",
    ", and it needs to be done by ",
    ", and it must be done by ",
    ", it should be done by ",
    ", it needs to be done by ",
    ", it must be done by ",
    ", it has to be done by ",
    ", needs doing by ",
    ", needed by ",
];

/// A task, then when it is due in a clause of its own: "return the library
/// books, they're due wednesday" → "return the library books wednesday".
pub(super) fn due_in_a_clause(s: &str) -> Option<String> {
    // Most messages say no "due" after a comma: nothing to lower-case.
    if !s.contains(" due ") && !s.contains(" Due ") && !s.contains(" DUE ") && !s.contains(" by ") {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (at, marker) = DUE_CLAUSES
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, *m)))
        .min_by_key(|(i, _)| *i)?;
    let rest = &s[at + marker.len()..];
    // The time, up to the end or the next clause.
    let end = rest.find([',', ';', '.']).unwrap_or(rest.len());
    let when = rest[..end].trim();
    let when = ["on ", "by "]
        .iter()
        .find_map(|p| when.strip_prefix(p))
        .unwrap_or(when);
    (at > 0 && is_time_phrase(when)).then(|| format!("{} {when}{}", &s[..at], &rest[end..]))
}

/// A title that starts with its time: "5pm to leave" → "leave 5pm".
pub(super) fn time_before_title(s: &str) -> Option<String> {
    let at = s.to_ascii_lowercase().find(" to ")?;
    let when = &s[..at];
    is_time_phrase(when).then(|| format!("{} {when}", s[at + 4..].trim()))
}

pub(super) fn parse_add(t: &Text<'_>, question: bool) -> Option<Intent> {
    let (listless, listless_lower);
    let (t, listed) = match without_list_phrase(t) {
        Some((o, prep)) if !["from", "off", "of"].contains(&prep) && !o.is_empty() => {
            listless_lower = o.to_ascii_lowercase();
            listless = o;
            (
                Text {
                    original: &listless,
                    lower: &listless_lower,
                },
                true,
            )
        }
        _ => (*t, false),
    };
    let t = t.before(LIST_SUFFIXES).map_or((t, listed), |r| (r, true));
    let (t, listed) = t;
    if let Some(line) = time_first(&t) {
        return title_line(&line, None);
    }
    // "low priority: sort out the garage", "task for #home: fix the door"
    if let Some(line) = marked_lead(&t) {
        return title_line(&line, None);
    }
    let mut marker = None;
    let wanted = t.after(WANT_LEADS).and_then(|r| task_object(&r));
    // "daily reminder to check the stream setup": a repeat and a task noun
    // said first are the order.
    let repeated = word_after(&t, REPEAT_ADJECTIVES)
        .is_some()
        .then(|| task_object(&t))
        .flatten();
    let rest = if let Some((rest, m)) = wanted.or(repeated) {
        // "i'd like a reminder to x", "give me a task to x"
        marker = m;
        rest
    } else if let Some(rest) = t.after_frame(ADD_FRAMES) {
        // "we need to remember to book the hall": a second frame after the first.
        let rest = rest
            .after_frame(&["remember to", "not forget to", "don't forget to"])
            .unwrap_or(rest);
        // "don't let me forget the gym bag", "remember the milk": the thing,
        // without its article, is the title (as "remind me to buy milk" is).
        let frame =
            t.lower[..t.lower.len() - rest.lower.len()].trim_end_matches([':', '-', '–', '—', ',', ' ']);
        if NOUN_FRAMES.iter().any(|f| frame.ends_with(f)) {
            rest.after(&["the "])
                .filter(|r| !r.lower.is_empty())
                .unwrap_or(rest)
        } else {
            rest
        }
    } else if let Some((_, rest)) = word_after(&t, COLON_FRAMES).filter(|_| {
        let head = t.lower.split([':', '-', '–']).next().unwrap_or("");
        head.len() < t.lower.len() && COLON_FRAMES.contains(&head.trim())
    }) {
        rest
    } else if let Some((verb, rest)) = word_after(&t, &ADD_VERBS.iter().map(|v| v.0).collect::<Vec<_>>()) {
        // "put out the bins", "put away the laundry": a phrasal verb is the task.
        // "put the recycling out tonight", "stick the kettle on": so is one
        // whose particle follows the object.
        let later = |w: &str| PARTICLES.contains(&w) || w == "on";
        // "put a reminder in for the offsite on the 14th": a task noun said is no phrasal verb.
        let particle_later = ["put", "stick", "pop"].contains(&verb)
            && !listed
            && task_object(&rest).is_none()
            // `put "read the article on economics" down`: a quoted title is the object.
            && !rest.lower.starts_with(['"', '\'', '“', '‘', '`'])
            // "put car insurance every month on the 15th": an "on" that
            // starts a date is no particle.
            && {
                let words: Vec<&str> = rest.lower.split_whitespace().collect();
                (1..words.len()).any(|i| {
                    later(words[i])
                        && !(words[i] == "on" && i + 1 < words.len() && is_time_phrase(&words[i..].join(" ")))
                })
            };
        if word_after(&rest, PARTICLES).is_some() || particle_later {
            return title_line(t.original, None);
        }
        let free = ADD_VERBS.iter().any(|v| v.0 == verb && v.1);
        // "put in list renew the licence", "write down on list …": the list
        // named without its article, before the title.
        let rest = rest
            .after(&[
                "list ",
                "the list ",
                "my list ",
                "on list ",
                "in list ",
                "to list ",
            ])
            .filter(|r| verb != "add" && !r.lower.is_empty() && !r.lower.starts_with("of "))
            .unwrap_or(rest);
        match task_object(&rest) {
            Some((title, m)) => {
                marker = m;
                title
            }
            // "put the vat return on my list": the thing, without its article.
            None if listed && ["put", "stick", "pop"].contains(&verb) => rest
                .after(&["the "])
                .filter(|r| !r.lower.is_empty())
                .unwrap_or(rest),
            None if free || listed => rest,
            None => return None,
        }
    } else if listed && !question && !starts_with_question_word(t.lower) {
        // "buy milk on my list", without a verb
        t
    } else {
        return None;
    };
    // "add a reminder to x" after a frame: the task words again
    let rest = task_object(&rest).map_or(rest, |(r, m)| {
        marker = marker.or(m);
        r
    });
    let rest = rest
        .after(&["called ", "named ", "titled ", "to "])
        .unwrap_or(rest);
    let rest = rest
        .after(&[
            "probably ",
            "really ",
            "definitely ",
            "also ",
            "still ",
            "actually ",
            "maybe ",
            "please ",
            // "note to self basically: pay the fee": a hedge before the colon.
            "basically ",
            "basically: ",
            "basically, ",
            "honestly ",
            "honestly: ",
            "honestly, ",
            "seriously ",
            "seriously: ",
            "literally ",
        ])
        .unwrap_or(rest);
    // "note that i need to x", "add that i need to x": a subject's frame
    // after the first one
    let rest = rest
        .after_frame(
            &ADD_FRAMES
                .iter()
                .copied()
                .filter(|f| f.starts_with("i ") || f.starts_with("that i "))
                .collect::<Vec<_>>(),
        )
        .unwrap_or(rest);
    let rest = rest.before(LIST_SUFFIXES).unwrap_or(rest);
    let joined = time_in_a_reminder_clause(rest.original);
    let rest = joined.as_deref().unwrap_or(rest.original);
    // "add turning the compost heap": the gerund said as the verb.
    let verbed = gerund_as_verb(rest);
    let rest = verbed.as_deref().unwrap_or(rest);
    // "weekly reminder to put the bins out on monday": the week's day is the repeat's.
    let weekly;
    let rest = match marker {
        Some("weekly") => {
            let lower = rest.to_ascii_lowercase();
            let day = crate::time::DAY_NAMES
                .iter()
                .find_map(|d| lower.find(&format!(" on {d}")).map(|at| at + 1));
            match day {
                Some(at) => {
                    weekly = format!("{}every {}", &rest[..at], &rest[at + 3..]);
                    marker = None;
                    weekly.as_str()
                }
                None => rest,
            }
        }
        _ => rest,
    };
    match time_before_title(rest) {
        Some(line) => title_line(&line, marker),
        None => title_line(rest, marker),
    }
}

/// Verbs of chores that are no to-do verb of their own ("turn", "prune").
pub(super) const CHORE_VERBS: &[&str] = &[
    "turn", "prune", "trim", "weed", "plant", "rake", "dust", "mop", "hoover", "polish", "paint", "mend",
    "defrost", "descale", "service", "empty",
];

/// A title that starts with a gerund before its object, as the verb:
/// "turning the compost heap" → "turn the compost heap", "sorting the
/// loft" → "sort the loft". "running shoes" (no article after it) stays.
fn gerund_as_verb(title: &str) -> Option<String> {
    let (first, rest) = title.split_once(' ')?;
    let lower = first.to_ascii_lowercase();
    let stem = lower.strip_suffix("ing")?;
    let next = rest.split_whitespace().next()?.to_ascii_lowercase();
    if ![
        "the", "my", "a", "an", "our", "some", "his", "her", "their", "your",
    ]
    .contains(&next.as_str())
    {
        return None;
    }
    let doubled = stem.len() > 2 && stem.as_bytes()[stem.len() - 1] == stem.as_bytes()[stem.len() - 2];
    let candidates = [
        Some(stem.to_owned()),
        Some(format!("{stem}e")),
        doubled.then(|| stem[..stem.len() - 1].to_owned()),
    ];
    let verb = candidates
        .into_iter()
        .flatten()
        .find(|v| TODO_VERBS.contains(&v.as_str()) || CHORE_VERBS.contains(&v.as_str()))?;
    Some(format!("{verb} {rest}"))
}

/// The quick-add line of a new task: quotes opened, the first letter
/// capitalised, a priority said in words added as its marker.
/// A priority said in words at either end of a new task: "call the bank
/// urgent", "fix the leak asap", "water plants, low priority", "urgent: fix
/// the leak". In brackets it stays in the title: "renew passport (urgent)".
pub(super) const SAID_PRIORITIES: &[(&str, &str)] = &[
    ("urgent", "p1"),
    ("urgently", "p1"),
    ("asap", "p1"),
    ("important", "p1"),
    ("high priority", "p1"),
    ("top priority", "p1"),
    ("priority high", "p1"),
    ("medium priority", "p2"),
    ("normal priority", "p2"),
    ("priority medium", "p2"),
    ("low priority", "p3"),
    ("low priority is fine", "p3"),
    ("low priority is ok", "p3"),
    ("low priority is okay", "p3"),
    ("low priority is enough", "p3"),
    ("high priority please", "p1"),
    ("not urgent", "p3"),
    ("not urgent at all", "p3"),
    ("not important at all", "p3"),
    // "…, is important", "…, is urgent": the subject left out (said by
    // learners of English; "it" is the task).
    ("is important", "p1"),
    ("is urgent", "p1"),
    ("it's not urgent", "p3"),
    ("its not urgent", "p3"),
    ("it is not urgent", "p3"),
    ("it isn't urgent", "p3"),
    ("it isnt urgent", "p3"),
    ("it's not that urgent", "p3"),
    ("not that urgent", "p3"),
    ("it's urgent", "p1"),
    ("it is urgent", "p1"),
    ("not important", "p3"),
    ("priority low", "p3"),
    ("whenever", "p3"),
    // `add "fix the fence" as a low priority task`
    ("as a low priority task", "p3"),
    ("as a low priority", "p3"),
    ("as low priority", "p3"),
    ("as a high priority task", "p1"),
    ("as a high priority", "p1"),
    ("as high priority", "p1"),
    ("as urgent", "p1"),
];

pub(super) fn said_priority(line: &str) -> Option<(String, &'static str)> {
    let lower = line.to_ascii_lowercase();
    let seps: &[char] = &[' ', ',', '-', '–', '—', ':', '!', ';', '?'];
    // The longest words said win: "…, not urgent" is low, not "urgent".
    let mut said: Vec<&(&str, &str)> = SAID_PRIORITIES.iter().collect();
    said.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    said.into_iter().find_map(|(words, marker)| {
        let title = if let Some(head) = lower.strip_suffix(words) {
            head.ends_with(seps).then(|| &line[..head.len()])?
        } else {
            let tail = lower.strip_prefix(words)?;
            tail.starts_with([':', '-', '–', '—', '!'])
                .then(|| &line[words.len()..])?
        };
        // "…conference. Low priority": the sentence's stop goes too.
        let title = title.trim_matches(seps).trim_end_matches('.');
        (!title.is_empty()).then(|| (title.to_owned(), *marker))
    })
}

/// A new task said without a verb or framing ("call the bank friday
/// urgent"): a priority in words is its marker (a weekday said last is its
/// day, as the quick-add parser reads it).
pub(super) fn task_line(line: &str) -> String {
    marked(line, None).join(" ")
}

/// The title and its markers: tags and a priority said around it (the
/// priority only when `marker` gives none), hedges on its time gone.
fn marked(line: &str, marker: Option<&str>) -> Vec<String> {
    let (line, mut said) = said_markers(line);
    if marker.is_some() {
        said.retain(|m| m.starts_with('#'));
    }
    let line = plain_time(&line);
    let (line, marker) = match said_priority(&line).filter(|_| marker.is_none()) {
        Some((title, m)) => (title, Some(m)),
        None => (line, marker),
    };
    // "…; it isn't urgent, so low priority is fine": a priority said twice is one marker.
    if let Some(m) = marker {
        said.retain(|s| s != m);
    }
    let mut seen = Vec::new();
    said.retain(|s| {
        let first = !seen.contains(s);
        seen.push(s.clone());
        first
    });
    std::iter::once(line)
        .chain(marker.map(str::to_owned))
        .chain(said)
        .collect()
}

pub(super) fn title_line(line: &str, marker: Option<&str>) -> Option<Intent> {
    let mut parts = marked(line, marker);
    let markers = parts.split_off(1);
    // "order markers tagged #classroom": the words that gave the tag go with it.
    if markers.iter().any(|m| m.starts_with('#')) {
        let lower = parts[0].to_ascii_lowercase();
        if let Some(cut) = TAG_PHRASES
            .iter()
            .filter_map(|p| lower.strip_suffix(p))
            .filter(|head| head.ends_with([' ', ',']))
            .map(|head| head.trim_end_matches([' ', ',']).len())
            .min()
            .filter(|cut| *cut > 0)
        {
            parts[0].truncate(cut);
        }
    }
    let line = without_link(&parts[0]);
    let title = dequote(&line);
    let mut chars = title.chars();
    let first = chars.next()?;
    let mut line: String = first.to_uppercase().chain(chars).collect();
    for m in &markers {
        line.push(' ');
        line.push_str(m);
    }
    Some(Intent::Add(line))
}

pub(super) fn starts_with_question_word(lower: &str) -> bool {
    let first = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    QUESTION_WORDS.contains(&first)
}

pub(super) const QUESTION_WORDS: &[&str] = &[
    "what", "what's", "whats", "which", "who", "whom", "whose", "when", "where", "why", "how", "how's", "is",
    "are", "do", "does", "did", "can", "could", "should", "would", "will", "am", "have", "has",
];

/// Verbs that start a to-do when said on their own ("buy bread", "call the bank").
pub(super) const TODO_VERBS: &[&str] = &[
    "buy", "call", "email", "e-mail", "mail", "pay", "book", "clean", "fix", "pick", "send", "write", "read",
    "submit", "renew", "order", "visit", "return", "wash", "water", "text", "ring", "phone", "meet",
    "prepare", "print", "file", "sign", "cook", "bake", "feed", "walk", "vacuum", "tidy", "organize",
    "organise", "plan", "review", "update", "study", "practice", "practise", "learn", "finish", "start",
    "go", "get", "bring", "take", "drop", "collect", "grab", "shop", "iron", "mow", "repair", "replace",
    "install", "backup", "back", "schedule", "contact", "message", "reply", "respond", "check", "ask",
    "tell", "remind", "register", "apply", "cancel", "charge", "refill", "pack", "unpack", "move", "sort",
    "throw", "recycle", "donate", "sell", "research", "draft", "edit", "prep", "make", "see", "watch",
    "listen", "exercise", "run", "stretch", "meditate", "chase", "confirm", "arrange", "deploy", "invoice",
    "ship",
];

/// A to-do verb, or one said again: "reorder", "re-send", "rebook" (not
/// the edit verbs "remove", "reschedule", "rename").
pub(super) fn todo_verb(word: &str) -> bool {
    TODO_VERBS.contains(&word)
        || word
            .strip_prefix("re-")
            .or_else(|| word.strip_prefix("re"))
            .is_some_and(|v| TODO_VERBS.contains(&v) && !["move", "schedule", "name", "mind"].contains(&v))
}

/// A bare imperative with no other reading is something to do: "change
/// the batteries in the smoke alarm" (any doing verb, once no edit read it).
pub(super) fn parse_imperative(t: &Text<'_>, question: bool) -> Option<Intent> {
    let first = t.lower.split_whitespace().next()?;
    let more_than_one_word = t.lower.split_whitespace().nth(1).is_some();
    // "do you know any good jokes": a subject after the verb asks a question.
    let to_the_bot = ["me", "us", "you", "u", "i", "we", "they"]
        .contains(&t.lower.split_whitespace().nth(1).unwrap_or(""));
    let earlier = edits_an_earlier_thing(t.lower);
    (a_doing_verb(first) && more_than_one_word && !question && !to_the_bot && !earlier)
        .then(|| Intent::Add(task_line(t.original)))
}
