//! Searching the list: the words a request searches for ("find tasks
//! about milk", "anything about the essay?? …"), and asking whether a task
//! was added.

use super::*;

/// Words after which a search term follows: "find tasks about milk", "is there a task for taxes".
pub(super) const QUERY_MARKERS: &[&str] = &[
    " about ",
    " mentioning ",
    " containing ",
    " called ",
    " named ",
    " matching ",
    " with the word ",
    " that mention ",
    " that say ",
    " for ",
    " with ",
    " regarding ",
    " related to ",
    " relating to ",
    " pertaining to ",
    " to do with ",
    " concerning ",
    " involving ",
];

/// Where a search is looked for, said after its words: "on there", "on my list".
const QUERY_TAILS: &[&[&str]] = &[
    &["on", "there"],
    &["in", "there"],
    &["on", "it"],
    &["on", "my", "list"],
    &["on", "the", "list"],
    &["in", "my", "list"],
    &["on", "my", "tasks"],
    &["in", "my", "tasks"],
    &["at", "all"],
    &["by", "any", "chance"],
    // "anything with "invoice" in it"
    &["in", "it"],
    &["in", "them"],
    &["in", "the", "title"],
    &["in", "the", "name"],
    // "anything about the doctor written down", "… noted down", "… saved"
    &["written", "down"],
    &["noted", "down"],
    &["jotted", "down"],
    &["put", "down"],
    &["noted"],
    &["saved"],
    &["in", "here"],
];

/// The words to search for, when the request names some: "find tasks about
/// milk", "search for dentist", "is there a task for taxes?".
pub(super) fn list_query(t: &Text<'_>, searching: bool, filter: &ListFilter) -> Option<String> {
    let lower = format!(" {}", t.lower);
    let at = QUERY_MARKERS
        .iter()
        .filter_map(|m| lower.find(m).map(|i| i + m.len()))
        .min();
    let at = match at {
        Some(at) => at - 1,
        // "search dentist", "find milk"
        None if searching => t.lower.find(' ')? + 1,
        None => return None,
    };
    // "what remains open regarding Müller": a topic said as one needs no task noun.
    // "what's outstanding for the Henderson project": a thing said after
    // what is still to do is a topic too.
    let topic = [
        " regarding ",
        " concerning ",
        " related to ",
        " relating to ",
        " re ",
        " about ",
    ]
    .iter()
    .any(|m| lower.contains(m))
        || filter.status == TaskFilter::Pending && lower.contains(" for the ");
    if !searching
        && !topic
        && !t.has_any(&[
            "task",
            "tasks",
            "anything",
            "something",
            "everything",
            "stuff",
            "things",
            "todo",
            "todos",
            "items",
            "item",
        ])
    {
        return None;
    }
    // "anything about the essay?? i feel like i added it": the search ends
    // with its sentence.
    let said = &t.original[at.min(t.original.len())..];
    let said = said
        .find(['?', '!'])
        .or_else(|| said.find(". "))
        .map_or(said, |end| &said[..end]);
    let mut words: Vec<&str> = said
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    while words.first().is_some_and(|w| {
        [
            "the", "a", "an", "my", "for", "about", "tasks", "task", "todos", "anything", "any", "some", "to",
        ]
        .contains(&w.to_ascii_lowercase().as_str())
    }) {
        words.remove(0);
    }
    // "find the dentist task": the task noun is no search word.
    while words.len() > 1
        && words.last().is_some_and(|w| {
            [
                "task", "tasks", "one", "ones", "todo", "todos", "item", "items", "reminder", "stuff",
            ]
            .contains(&w.to_ascii_lowercase().as_str())
        })
    {
        words.pop();
    }
    // "anything with #work due this week": the tag is the filter.
    if let Some(tag) = &filter.tag
        && words
            .first()
            .is_some_and(|w| w.eq_ignore_ascii_case(tag.as_str()))
    {
        words.remove(0);
    }
    // "anything about the passport on there": where it is looked for goes.
    while let Some(tail) = QUERY_TAILS.iter().find(|tail| {
        let n = tail.len();
        words.len() > n
            && words[words.len() - n..]
                .iter()
                .zip(tail.iter())
                .all(|(w, t)| w.eq_ignore_ascii_case(t))
    }) {
        words.truncate(words.len() - tail.len());
    }
    let query = words.join(" ");
    let lower = query.to_ascii_lowercase();
    let only_filters = lower.is_empty()
        || [
            "today",
            "tomorrow",
            "this week",
            "the week",
            "overdue",
            "no due date",
            "due ",
            "no deadline",
            "no date",
            "without a date",
            "undated",
            "now",
            "me",
            "later",
            "week",
            "weekend",
            "day",
            "month",
            "morning",
            "afternoon",
            "evening",
            "rest of",
            // "the tasks with high priority": the priority is the filter.
            "high priority",
            "high-priority",
            "top priority",
            "medium priority",
            "low priority",
            "a high priority",
            "a low priority",
            "priority",
            "urgent",
            "important",
        ]
        .iter()
        .any(|w| lower.starts_with(w))
        || (filter.tag.is_some() && lower.starts_with('#'))
        || filter
            .tag
            .as_ref()
            .is_some_and(|tag| tag.as_str().eq_ignore_ascii_case(&lower))
        || lower.starts_with("tag");
    (!only_filters).then_some(query)
}

/// Asking whether a task was added: "did I already add the dentist?",
/// "have I added the MOT" → a search for it.
pub(super) fn asked_if_added(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(&[
        "did i already add ",
        "did i add ",
        "have i already added ",
        "have i added ",
        "did i put in ",
        "have i put in ",
        "did i already put ",
        "did i put ",
        "have i already put ",
        // "did i have anything abt dentist", "have I got anything to do about the church?"
        "did i have ",
        "have i got ",
        "did i write ",
        "did i save ",
        "did i note ",
        "did i make ",
        "have i written ",
        "have i saved ",
        "have i noted ",
    ])?;
    let have = ["did i have ", "have i got "]
        .iter()
        .any(|l| t.lower.starts_with(l));
    // "did i already add something about rent?": the thing it is about.
    let about = rest.after(&[
        "something about ",
        "anything about ",
        "something for ",
        "anything for ",
        "anything to do about ",
        "anything to do with ",
        "something to do with ",
        "something to do about ",
        "any task about ",
        "a task about ",
        "a reminder about ",
        "any reminder about ",
    ]);
    // "did i have a dentist appointment": what one had, not what was written.
    if have && about.is_none() {
        return None;
    }
    let rest = about.unwrap_or(rest);
    let rest = rest.after(&["the ", "a ", "my "]).unwrap_or(rest);
    // "… the dentist in here?? i feel like i did": the question ends first.
    let end = rest.original.find(['?', '!', ';']).unwrap_or(rest.original.len());
    let words = rest.original[..end].trim_end_matches(['?', '.', '!']).trim();
    // "… the flour supplier on my list?": where it would be goes.
    let words = ON_THE_LIST
        .iter()
        .find_map(|p| {
            words
                .len()
                .checked_sub(p.len())
                .filter(|at| words.is_char_boundary(*at) && words[*at..].eq_ignore_ascii_case(p))
                .map(|at| &words[..at])
        })
        .unwrap_or(words);
    (!words.is_empty() && words.split_whitespace().count() <= 4).then(|| {
        Intent::List(ListFilter {
            query: Some(words.to_owned()),
            ..ListFilter::default()
        })
    })
}

/// Where a thing is asked to be, said last: "is the dentist on my list?".
const ON_THE_LIST: &[&str] = &[
    " on my list",
    " on the list",
    " on my to-do list",
    " on my todo list",
    " on there",
    " in my tasks",
    " in there",
    " in here",
    " on here",
    " saved",
    " noted",
    " written down",
    " noted down",
    " put down",
    " at all",
];

/// "is the dentist on my list?", "when is the MOT due?": a question about
/// one thing on the list is a search for it.
pub(super) fn asked_if_listed(t: &Text<'_>) -> Option<Intent> {
    let said = t.lower.trim_end_matches(['?', '.', '!', ' ']);
    let (start, end) = if let Some(rest) = ["is ", "are "].iter().find_map(|q| said.strip_prefix(q)) {
        let place = ON_THE_LIST.iter().find(|p| rest.ends_with(**p))?;
        (said.len() - rest.len(), said.len() - place.len())
    } else {
        let rest = ["when is ", "when's ", "whens "]
            .iter()
            .find_map(|q| said.strip_prefix(q))?;
        let due = [" due", " due again"].iter().find(|d| rest.ends_with(**d))?;
        (said.len() - rest.len(), said.len() - due.len())
    };
    let thing = Text {
        original: &t.original[start..end],
        lower: &t.lower[start..end],
    };
    let thing = thing.after(&["the ", "my ", "a ", "an "]).unwrap_or(thing);
    let first = thing.lower.split(' ').next().unwrap_or("");
    let words = thing.lower.split_whitespace().count();
    // "is there anything on my list", "when is task 3 due": no one thing named.
    if [
        "there",
        "anything",
        "everything",
        "it",
        "that",
        "this",
        "task",
        "number",
        "something",
    ]
    .contains(&first)
        || !(1..=4).contains(&words)
        || thing.lower.starts_with(|c: char| c.is_ascii_digit() || c == '#')
    {
        return None;
    }
    Some(Intent::List(ListFilter {
        query: Some(thing.original.to_owned()),
        ..ListFilter::default()
    }))
}
