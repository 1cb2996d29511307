//! A new task's priority and tags said in words around its title: a
//! lead-in ("low priority: sort out the garage", "task for #home: fix the
//! door"), a clause after it ("…, tag it work", "…, very urgent!!"), and
//! hedges on its time ("sometime next week", "until friday" for "by"), and
//! a repeat said before the title ("every friday at 4pm cash up #shop").

use super::*;

/// Ways to give a tag in words, before the tag: "tag it work", "file under home".
pub(super) const TAG_PHRASES: &[&str] = &[
    "with the tag",
    "with tag",
    "with the label",
    "tag it as",
    "tag it with",
    "tag it",
    "tag this as",
    "tag this",
    "tag as",
    "tag with",
    "tagged as",
    "tagged with",
    "tagged",
    "tag",
    "tags",
    "label it as",
    "label it",
    "labelled",
    "labeled",
    "label",
    "file it under",
    "file under",
    "filed under",
    "put it under",
    "under",
    "category",
    "in category",
];

/// Words an intensifier adds to a priority said last: "very urgent".
pub(super) const INTENSIFIERS: &[&str] = &[
    "very",
    "really",
    "super",
    "extremely",
    "quite",
    "pretty",
    "kinda",
    "rather",
    "fairly",
    "so",
    "most",
    "terribly",
    "particularly",
    "especially",
    "incredibly",
    "awfully",
    "massively",
    "hugely",
    "seriously",
    // "it's a bit urgent", "it's kind of important"
    "a bit",
    "a little",
    "kind of",
    "sort of",
    "somewhat",
    "slightly",
];

/// Orders to add what was said before: "…, add it to my list".
pub(super) const ADD_IT: &[&str] = &[
    "remind me",
    "remind me about it",
    "remind me of it",
    "set a reminder",
    "add it",
    "add that",
    "please add it",
    "please add that",
    "please add this",
    "can you add that",
    "can you add it",
    "could you add that",
    "could you add it",
    "add this",
    "put it down",
    "put that down",
    "make it a task",
    "make that a task",
    "save it",
    "note it",
    "note that down",
    "jot it down",
    "write it down",
    // "…, can you pop that in?": an add verb and its particle, about what came before.
    "pop that in",
    "pop it in",
    "put that in",
    "put it in",
    "stick that in",
    "stick it in",
    "pop that on",
    "pop it on",
    "add it in",
    "pencil it in",
    "pencil that in",
];

/// Separators before a clause of markers.
const SEPARATORS: &[&str] = &[", ", "; ", " - ", " – ", " — ", ". ", "? "];

/// A tag given in words at the end of a line, and the line before it:
/// "book flights to lisbon, tag it travel" → ("book flights to lisbon", "travel").
fn tag_said_last(line: &str) -> Option<(String, String)> {
    let lower = line.to_ascii_lowercase();
    let (head, last) = lower.rsplit_once(' ')?;
    let tag = last.trim_start_matches('#');
    // "…, tag it" left once "#finance" was taken: "it" is no tag.
    if ["it", "this", "that", "them", "as", "with"].contains(&tag) {
        return None;
    }
    Tag::parse(tag).ok()?;
    TAG_PHRASES.iter().find_map(|p| {
        let before = head.strip_suffix(p)?;
        let sep = SEPARATORS.iter().find(|s| before.ends_with(**s)).map(|s| s.len());
        // Without a separator only the unmistakable phrases: "… tag it work".
        // After a quoted title any: `"order toner" under work`.
        let spaced = before.ends_with(' ')
            && (p.starts_with("tag")
                || p.starts_with("label")
                || p.starts_with("file")
                || before.trim_end().ends_with(['"', '”', '\'', '’']));
        let cut = before.len() - sep.or(spaced.then_some(1))?;
        (cut > 0).then(|| (line[..cut].trim_end().to_owned(), tag.to_owned()))
    })
}

/// A priority said last with an intensifier: "…, very urgent" → "…, urgent".
fn without_intensifier(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let (head, last) = lower.rsplit_once(' ')?;
    let (head2, intensifier) = head.rsplit_once(' ')?;
    (INTENSIFIERS.contains(&intensifier) && SAID_PRIORITIES.iter().any(|(w, _)| *w == last))
        .then(|| format!("{} {}", &line[..head2.len()], &line[head.len() + 1..]))
}

/// The markers said around a line: tags and a priority at its end, in any
/// order ("…, high priority, tag it work"), as quick-add markers.
pub(super) fn said_markers(line: &str) -> (String, Vec<String>) {
    let (line, mut markers) = priority_between_commas(line);
    let mut line = line.trim_end_matches(['!', '.', ' ']).to_owned();
    loop {
        let last = line
            .rsplit_once(' ')
            .map(|(head, w)| (head, w.to_ascii_lowercase()));
        if let Some((head, word)) = last.filter(|(_, w)| {
            priority_marker(w).is_some() || w.strip_prefix('#').is_some_and(|t| Tag::parse(t).is_ok())
        }) {
            // "… tag it finance p1": a marker the quick-add parser reads, said last.
            markers.insert(0, word);
            line = head.trim_end_matches([',', ' ', '?']).to_owned();
        } else if let Some((head, tag)) = tag_said_last(&line) {
            markers.insert(0, format!("#{tag}"));
            // "…, and do tag it as garden": the joining words go with it.
            let lower = head.to_ascii_lowercase();
            let cut = [" and do", " and please", " and"]
                .iter()
                .find(|j| lower.trim_end_matches([',', ' ']).ends_with(**j))
                .map_or(head.len(), |j| lower.trim_end_matches([',', ' ']).len() - j.len());
            line = head[..cut].trim_end_matches([',', ' ']).to_owned();
        } else if let Some(head) = ADD_IT.iter().find_map(|a| {
            let lower = line.to_ascii_lowercase();
            let head = lower.strip_suffix(a)?;
            let sep = SEPARATORS.iter().find(|s| head.ends_with(**s))?;
            Some(line[..head.len() - sep.len()].to_owned())
        }) {
            // "…, add it": the order to add what was said.
            line = head;
        } else if let Some(plain) = without_intensifier(&line) {
            line = plain;
        } else if let Some((head, marker)) = said_priority(&line) {
            markers.push(marker.to_owned());
            line = head;
        } else if let Some(head) = (!markers.is_empty()).then(|| without_order(&line)).flatten() {
            // "…, please make it high priority and tag it #x": the words
            // that ordered the markers go with them.
            line = head;
        } else {
            return (line, markers);
        }
    }
}

/// A priority said as a field of its own between commas: "prepare slides,
/// high priority, due wednesday at 9am" → ("prepare slides, due wednesday at
/// 9am", ["p1"]).
fn priority_between_commas(line: &str) -> (String, Vec<String>) {
    let parts: Vec<&str> = line.split(", ").collect();
    if parts.len() < 3 {
        return (line.to_owned(), Vec::new());
    }
    let mut markers: Vec<String> = Vec::new();
    let mut kept = vec![parts[0]];
    for (i, part) in parts.iter().enumerate().skip(1) {
        let lower = part.to_ascii_lowercase();
        let lower = lower.trim_end_matches(['!', '.', ' ']);
        let words = lower
            .split_once(' ')
            .filter(|(i, _)| INTENSIFIERS.contains(i))
            .map_or(lower, |(_, rest)| rest);
        let said = SAID_PRIORITIES.iter().find(|(w, _)| *w == words);
        // "…, tagged work, due next friday": a tag said as a field too.
        let tag = TAG_PHRASES.iter().find_map(|p| {
            let word = lower.strip_prefix(p)?.strip_prefix(' ')?.trim_start_matches('#');
            (!word.contains(' ') && !["it", "this", "that", "as", "with"].contains(&word))
                .then(|| Tag::parse(word).ok())
                .flatten()
        });
        let prioritised = markers.iter().any(|m| !m.starts_with('#'));
        match (said, tag) {
            (Some((_, marker)), _) if !prioritised && i + 1 < parts.len() => {
                markers.push((*marker).to_owned());
            }
            (_, Some(tag)) if i + 1 < parts.len() => markers.push(format!("#{}", tag.as_str())),
            _ => kept.push(part),
        }
    }
    (kept.join(", "), markers)
}

/// The words that order a marker for the task just said, left at the end
/// once the marker is taken: "please make it", "and tag it", "mark it as".
const MARKER_ORDERS: &[&str] = &[
    "and",
    "please",
    "pls",
    "make it",
    "make it a",
    "make this",
    "make this a",
    "mark it",
    "mark it as",
    "set it to",
    "set it as",
    "set it",
    "give it",
    "give it a",
    "flag it",
    "flag it as",
    "tag it",
    "tag it as",
    "tag it with",
    "tag",
    "label it",
    "label it as",
    "with",
    "as",
    "also",
    "so",
];

/// The line without an order for a marker at its end.
fn without_order(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    MARKER_ORDERS
        .iter()
        .filter_map(|o| {
            let head = lower.strip_suffix(o)?;
            head.ends_with([' ', ',']).then_some(head.len())
        })
        .min()
        .map(|cut| line[..cut].trim_end_matches([',', ';', ' ', '-']).to_owned())
        .filter(|head| !head.is_empty())
}

/// Words before a colon that only say what kind of task follows.
const KIND_WORDS: &[&str] = &[
    "task", "todo", "to-do", "item", "reminder", "note", "new", "a", "another", "quick", "for", "under",
    "in", "add", "one", "priority",
];

/// "low priority: sort out the garage", "task for #home: fix the door",
/// "urgent - call the bank", "#work: send the deck": a lead-in that gives
/// only a priority or tags, then the title.
pub(super) fn marked_lead(t: &Text<'_>) -> Option<String> {
    let at = [": ", " - ", " – ", " — "]
        .iter()
        .filter_map(|s| t.lower.find(s).map(|i| (i, s.len())))
        .min_by_key(|(i, _)| *i)?;
    let (head, rest) = (&t.lower[..at.0], t.original[at.0 + at.1..].trim());
    if rest.is_empty() {
        return None;
    }
    // "tomorrow: call bob", "every monday - water the plants": a time first.
    if is_time_phrase(head) {
        return Some(format!("{rest} {head}"));
    }
    let mut markers = Vec::new();
    let mut head = head.to_owned();
    // The longest priority phrase first: "not urgent" before "urgent".
    let mut said: Vec<&(&str, &str)> = SAID_PRIORITIES.iter().collect();
    said.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    if let Some((words, marker)) = said.into_iter().find(|(w, _)| contains_word(&head, w)) {
        markers.push((*marker).to_owned());
        head = head.replacen(words, " ", 1);
    }
    let mut rest_words = Vec::new();
    for word in head.split_whitespace() {
        if let Some(tag) = word.strip_prefix('#').filter(|w| Tag::parse(w).is_ok()) {
            markers.push(format!("#{tag}"));
        } else if let Some(p) = priority_marker(word) {
            markers.push(p.to_owned());
        } else {
            rest_words.push(word);
        }
    }
    let fillers_only = rest_words.iter().all(|w| KIND_WORDS.contains(w));
    (!markers.is_empty() && fillers_only).then(|| format!("{rest} {}", markers.join(" ")))
}

/// `p1`..`p3`, `!`, `!!`, `!!!` as a quick-add priority marker.
fn priority_marker(word: &str) -> Option<&'static str> {
    ["p1", "p2", "p3"].into_iter().find(|p| *p == word)
}

/// Hedges said before a time: "sometime next week", "at some point tomorrow".
const TIME_HEDGES: &[&str] = &[
    "sometime",
    "some time",
    "at some point",
    "anytime",
    "any time",
    "around",
    "roughly",
    "approximately",
    "probably",
    "maybe",
    "hopefully",
    "ideally",
];

/// Hedges said last, with no time: "…at some point", "…eventually".
const TIME_HEDGES_LAST: &[&str] = &[
    "at some point",
    "sometime",
    "some time",
    "some day",
    "someday",
    "eventually",
    "one of these days",
    "at some stage",
    "sometime soon",
];

/// "until" for "by" in a to-do with no repeat (said by many learners of
/// English: "send invoice to client until friday"); "stay until friday"
/// keeps it (no to-do verb).
const UNTIL_WORDS: &[&str] = &["until", "untill", "till", "til"];

/// The line with hedges before its time taken off, and "until" read as "by"
/// after a to-do verb with no repeat.
pub(super) fn plain_time(line: &str) -> String {
    // "renew car insurance (due 30th)": a time in brackets said last is the due.
    let bracketed = time_in_brackets(line);
    let line = bracketed.as_deref().unwrap_or(line);
    let words: Vec<&str> = line.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let timed = |k: usize| is_time_phrase(&words[k..].join(" "));
    // "call the council at some point": a hedge said last, with no time, goes.
    let lower_line = line.to_ascii_lowercase();
    if let Some(h) = TIME_HEDGES_LAST.iter().find(|h| {
        lower_line
            .strip_suffix(**h)
            .is_some_and(|head| head.ends_with(' ') && head.len() > 1)
    }) {
        return line[..line.len() - h.len()]
            .trim_end_matches([' ', ','])
            .to_owned();
    }
    // "first thing tomorrow": the morning of that day.
    if let Some(k) =
        (1..words.len().saturating_sub(2)).find(|k| lower[*k] == "first" && lower[k + 1] == "thing")
    {
        let tail = words[k + 2..].join(" ");
        let when = if ["in the morning", "tomorrow"].contains(&tail.to_ascii_lowercase().as_str()) {
            "tomorrow morning".to_owned()
        } else {
            format!("{tail} morning")
        };
        if timed(k + 2) || tail.eq_ignore_ascii_case("in the morning") {
            return format!("{} {when}", words[..k].join(" "));
        }
    }
    for k in 1..words.len() {
        let hedge = TIME_HEDGES.iter().find(|h| {
            let n = h.split(' ').count();
            k + n < words.len() && lower[k..k + n].join(" ") == **h
        });
        if let Some(h) = hedge {
            let n = h.split(' ').count();
            // "sometime this week": a span the quick-add parser keeps as words.
            let span = ["this", "next"].contains(&lower[k + n].as_str());
            if timed(k + n) || span {
                let mut out = words[..k].to_vec();
                out.extend_from_slice(&words[k + n..]);
                return out.join(" ");
            }
        }
        // "water the plants for tomorrow", "book the boiler inspection for
        // monday": "for" a day after the object is its due; "prepare for
        // tomorrow" (a verb with "for"), "study for 2 hours" and a weekday
        // after a verb of getting ready ("prep slides for monday", the
        // meeting's) or after no to-do verb ("recommend a restaurant for
        // friday") keep it.
        let duration = |w: &String| {
            w.starts_with(|c: char| c.is_ascii_digit())
                || ["a", "an", "the", "half"].contains(&w.as_str())
                || quickadd::weekday_of(w).is_some()
                    && (GETTING_READY.contains(&lower[0].as_str()) || !todo_verb(&lower[0]))
        };
        if lower[k] == "for"
            && k >= 2
            && k + 1 < words.len()
            && k + 4 > words.len()
            && !duration(&lower[k + 1])
            && timed(k + 1)
        {
            let mut out = words[..k].to_vec();
            out.extend_from_slice(&words[k + 1..]);
            return out.join(" ");
        }
        // "receipt rolls for the till before friday": a "till" after an
        // article is the thing.
        if UNTIL_WORDS.contains(&lower[k].as_str())
            && !["the", "a", "my", "our", "this", "that", "shop"].contains(&lower[k - 1].as_str())
            && k + 1 < words.len()
            && TODO_VERBS.contains(&lower[0].as_str())
            && timed(k + 1)
            && !lower
                .iter()
                .any(|w| ["every", "each", "daily", "weekly", "monthly"].contains(&w.as_str()))
        {
            let mut out = words[..k].to_vec();
            out.push("by");
            out.extend_from_slice(&words[k + 1..]);
            return out.join(" ");
        }
    }
    line.to_owned()
}

/// A level said first, then the order to add: "low priority but add tidy
/// the garage" → "add tidy the garage, low priority".
pub(super) fn level_said_first(s: &str) -> Option<String> {
    // Compared byte by byte, so most messages allocate nothing here.
    let starts = |at: usize, w: &str| {
        s.as_bytes()
            .get(at..at + w.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(w.as_bytes()))
    };
    let (words, _) = SAID_PRIORITIES
        .iter()
        .filter(|(w, _)| starts(0, w))
        .max_by_key(|(w, _)| w.len())?;
    let join = [", but ", " but ", ", so ", " so ", ", ", " - "]
        .iter()
        .find(|j| starts(words.len(), j))?;
    let order = &s[words.len() + join.len()..];
    let verb = order.split_whitespace().next()?.to_ascii_lowercase();
    // "low priority but look into daycare options", "low prio, but can you
    // capture …": a to-do said plainly or asked for is the order too.
    let asked = ["can you ", "could you ", "can u ", "please ", "pls "]
        .iter()
        .any(|a| order.get(..a.len()).is_some_and(|o| o.eq_ignore_ascii_case(a)));
    if ADD_VERBS.iter().any(|(v, _)| *v == verb) || verb == "remind" || asked {
        return Some(format!("{order}, {}", &s[..words.len()]));
    }
    // A to-do said plainly is a new task: "add" says so, where "look into
    // …" alone might read as a search.
    a_doing_verb(&verb).then(|| format!("add {order}, {}", &s[..words.len()]))
}

/// Words before a due in brackets: "(due 30th)", "(by friday)".
const BRACKET_LEADS: &[&str] = &[
    "due on ",
    "due by ",
    "due ",
    "by ",
    "deadline ",
    "deadline: ",
    "on ",
    "for ",
];

/// "renew car insurance (due 30th)" → "renew car insurance on the 30th": a
/// bracket said last that holds only a time.
fn time_in_brackets(line: &str) -> Option<String> {
    let head = line.trim_end().strip_suffix(')')?;
    let open = head.rfind('(')?;
    let inner = head[open + 1..].trim();
    let lower = inner.to_ascii_lowercase();
    let when = BRACKET_LEADS
        .iter()
        .find_map(|l| lower.strip_prefix(l).map(|_| &inner[l.len()..]))
        .unwrap_or(inner);
    // "30th": an ordinal day alone reads after "on the".
    let when = if when.starts_with(|c: char| c.is_ascii_digit()) && !is_time_phrase(when) {
        format!("on the {when}")
    } else {
        when.to_owned()
    };
    (open > 0 && is_time_phrase(&when)).then(|| format!("{} {when}", head[..open].trim_end()))
}

/// Verbs of getting ready for a day's event: "prep slides for monday" keeps
/// the day in its title.
const GETTING_READY: &[&str] = &[
    "prep", "prepare", "plan", "pack", "study", "revise", "practise", "practice", "rehearse", "ready", "get",
    "dress", "shop", "cook", "bake", "write", "draft",
];

/// Dashes between the parts of a clipped note.
const NOTE_DASHES: &[&str] = &[" - ", " – ", " — ", " | "];

/// A clipped note: a title, then parts that only say when, how urgent, or
/// which tags ("Q3 deck - friday - urgent", "board prep - monday 8am - high
/// priority") → the quick-add line "Q3 deck friday p1".
pub(super) fn dashed_note(line: &str) -> Option<String> {
    let dash = NOTE_DASHES.iter().find(|d| line.contains(**d))?;
    let mut parts = line.split(dash).map(str::trim);
    let title = parts.next().filter(|t| !t.is_empty())?;
    let mut out = vec![title.to_owned()];
    for part in parts {
        let lower = part.to_ascii_lowercase();
        let lower = lower.trim_end_matches(['!', '.']);
        let (said, words): (Vec<&str>, Vec<&str>) = lower.split_whitespace().partition(|w| {
            priority_marker(w).is_some() || w.strip_prefix('#').is_some_and(|t| Tag::parse(t).is_ok())
        });
        let said: Vec<String> = said.into_iter().map(str::to_owned).collect();
        let when = words.join(" ");
        let said_level = SAID_PRIORITIES.iter().find(|(w, _)| *w == when).map(|(_, m)| *m);
        match said_level {
            Some(level) => out.push(level.to_owned()),
            None if when.is_empty() => {}
            None if is_time_phrase(&when) => out.push(when),
            None => return None,
        }
        out.extend(said);
    }
    (out.len() > 1 && !is_time_phrase(title)).then(|| out.join(" "))
}

/// Titles that only point back at what was said: "add that to my list".
const POINTERS: &[&str] = &[
    "that", "it", "this", "them", "those", "these", "that one", "this one",
];

/// A new task whose title only points back ("…, could you add that to my
/// list?"): the task is in the clause before.
pub(crate) fn adds_only_a_pronoun(intent: &Intent) -> bool {
    matches!(intent, Intent::Add(line) if POINTERS.contains(&line.trim().to_ascii_lowercase().as_str()))
}

/// An order to add what was said before: "add it", "please add that to my list".
/// An order to add what came before, with its time: "could you put that
/// down for sunday afternoon" → "sunday afternoon".
pub(super) fn add_it_with_time(c: &Text<'_>) -> Option<String> {
    let said = ADD_IT
        .iter()
        .filter(|p| c.lower.starts_with(**p) && c.lower[p.len()..].starts_with(' '))
        .max_by_key(|p| p.len())?;
    let rest = c.original[said.len()..].trim();
    let lower = rest.to_ascii_lowercase();
    let when = ["for ", "on ", "at "]
        .iter()
        .find_map(|l| lower.strip_prefix(l).map(|_| &rest[l.len()..]))
        .unwrap_or(rest);
    is_time_phrase(when).then(|| when.to_owned())
}

pub(super) fn adds_what_came_before(c: &Text<'_>) -> bool {
    ADD_IT.contains(&c.lower)
        || without_list_phrase(c).is_some_and(|(rest, prep)| {
            let rest = rest.to_ascii_lowercase();
            ["to", "onto", "on", "in", "into"].contains(&prep)
                && (ADD_IT.contains(&rest.as_str())
                    || ["add ", "put ", "pop ", "stick ", "write "]
                        .iter()
                        .any(|v| rest.strip_prefix(v).is_some_and(|p| POINTERS.contains(&p))))
        })
}

/// Words that make a line starting with "every" a question about the list:
/// "every task tagged #work", "every todo due friday".
const LIST_NOUNS: &[&str] = &[
    "task",
    "tasks",
    "todo",
    "todos",
    "item",
    "items",
    "list",
    "reminders",
];

/// Words that start a request rather than a title.
const REQUEST_WORDS: &[&str] = &[
    "remind", "add", "put", "please", "pls", "i", "i'd", "i'm", "can", "could", "would", "don't", "dont",
    "make", "set", "create", "note", "we", "show", "list", "what", "tell",
];

/// "every friday at 4pm cash up and do the banking #shop": a repeat said
/// first, then the title, is a new task (the tag does not make it a list).
pub(super) fn repeat_first(t: &Text<'_>, question: bool) -> Option<Intent> {
    if question || !["every ", "each "].iter().any(|p| t.lower.starts_with(p)) {
        return None;
    }
    let reading = quickadd::parse(t.original, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    let title = reading.title.trim().to_ascii_lowercase();
    // "every monday - water the plants": a dashed note (`dashed_note`).
    if !title.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let listing = title.split_whitespace().any(|w| LIST_NOUNS.contains(&w));
    // "every friday remind me to …": a request after the repeat is read as one.
    let first = title.split_whitespace().next().unwrap_or("");
    if REQUEST_WORDS.contains(&first) {
        return None;
    }
    (reading.repeat.is_some() && !listing).then(|| Intent::Add(t.original.to_owned()))
}
