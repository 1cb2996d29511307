//! Asking for the list: list phrases, whole-message shortcuts and filters
//! (the words searched for are in `search`).

use super::*;

/// Determiners and nouns of a list named in a request: "to my list",
/// "on the shopping list", "off my to-do list", "from my tasks".
pub(super) const LIST_PREPOSITIONS: &[&str] = &["to", "on", "onto", "in", "into", "from", "off", "of"];
pub(super) const LIST_DETERMINERS: &[&str] = &["my", "the", "our", "your"];
pub(super) const LIST_NOUNS: &[&str] = &[
    "list",
    "lists",
    "tasks",
    "todos",
    "to-dos",
    "todo",
    "to-do",
    "agenda",
    "checklist",
    "tasklist",
    "todolist",
    "calendar",
    "diary",
    "planner",
];

/// The text without a list phrase, and the phrase's preposition.
pub(super) fn without_list_phrase(t: &Text<'_>) -> Option<(String, &'static str)> {
    let words = t.words_at();
    for i in 0..words.len() {
        let Some(prep) = LIST_PREPOSITIONS.iter().find(|p| **p == words[i].1) else {
            continue;
        };
        if !words.get(i + 1).is_some_and(|w| LIST_DETERMINERS.contains(&w.1)) {
            continue;
        }
        for j in i + 2..(i + 5).min(words.len()) {
            let word = words[j].1.trim_end_matches(|c: char| !c.is_alphanumeric());
            if word.chars().any(|c| c.is_ascii_digit()) {
                break;
            }
            let noun = LIST_NOUNS.contains(&word);
            let last = j + 1 == words.len() || !words[j + 1].1.starts_with("list");
            if noun && last {
                let start = words[i].0;
                let end = words[j].0 + words[j].1.len();
                // a separator after the phrase ("add to my list: x") goes with it
                let after = t.original[end..].trim_start_matches([':', '-', '–', ',', ' ']);
                // "put x on my list for saturday": a time after the list is the due.
                let after = ["for ", "For "]
                    .iter()
                    .find_map(|f| after.strip_prefix(f))
                    .filter(|when| is_time_phrase(when))
                    .unwrap_or(after);
                let before = t.original[..start].trim_end();
                let joined = match (before.is_empty(), after.is_empty()) {
                    (true, _) => after.to_owned(),
                    (_, true) => before.to_owned(),
                    _ => format!("{before} {after}"),
                };
                return Some((joined, prep));
            }
        }
    }
    None
}

/// Whole messages that ask for the list.
pub(super) const LIST_SHORTCUTS: &[&str] = &[
    "list",
    "tasks",
    "my tasks",
    "all tasks",
    "all my tasks",
    "everything",
    "all",
    "todo list",
    "to-do list",
    "todo",
    "todos",
    "to-dos",
    "my list",
    "the list",
    "my todo list",
    "my to-do list",
    "task list",
    "agenda",
    "show",
    "show all",
    "list all",
    "list everything",
    "show everything",
    "everything please",
    "ls",
];

/// A due word said on its own is a question about that day: "today?", "overdue".
pub(super) const DUE_SHORTCUTS: &[(&str, DueFilter)] = &[
    ("today", DueFilter::Today),
    ("tonight", DueFilter::Today),
    ("tomorrow", DueFilter::Tomorrow),
    ("overdue", DueFilter::Overdue),
    ("late", DueFilter::Overdue),
    ("this week", DueFilter::Week),
    ("week", DueFilter::Week),
    ("upcoming", DueFilter::Week),
];

pub(super) fn list_shortcut(t: &Text<'_>) -> Option<Intent> {
    // "#errands", "#work?": only tags is a question about those tasks.
    let words: Vec<&str> = t.original.split_whitespace().collect();
    if let [word] = words.as_slice()
        && let Some(tag) = word
            .strip_prefix('#')
            .map(|w| w.trim_end_matches(['?', '!', '.']))
            .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
            .and_then(|w| Tag::parse(w).ok())
    {
        return Some(Intent::List(ListFilter {
            tag: Some(tag),
            ..ListFilter::default()
        }));
    }
    // "todo today", "tasks tomorrow", "today's tasks": a list word with a due word.
    let bare = [
        "todo ",
        "todos ",
        "to-do ",
        "tasks ",
        "my tasks ",
        "list ",
        "agenda ",
        "tasks for ",
        "todo for ",
    ]
    .iter()
    .find_map(|p| t.lower.strip_prefix(p))
    .or_else(|| {
        [
            " tasks",
            " todos",
            " todo",
            "'s tasks",
            "'s todos",
            "'s list",
            "'s agenda",
        ]
        .iter()
        .find_map(|x| t.lower.strip_suffix(x))
    })
    .unwrap_or(t.lower);
    if let Some((_, due)) = DUE_SHORTCUTS.iter().find(|(w, _)| *w == bare) {
        return Some(Intent::List(ListFilter {
            status: TaskFilter::Pending,
            due: Some(*due),
            ..ListFilter::default()
        }));
    }
    whole_list(t).then(|| Intent::List(ListFilter::default()))
}

/// Leads that ask to see something: "show me everything", "let me see it all".
const SEE_LEADS: &[&str] = &[
    "give me a look at ",
    "let me have a look at ",
    "let me look at ",
    "have a look at ",
    "show me ",
    "let me see ",
    "let me have ",
    "give me ",
    "i want to see ",
    "i'd like to see ",
    "i would like to see ",
    "can i see ",
    "could i see ",
    "may i see ",
    "can i have ",
    "could i have ",
    "could i get ",
    "can i get ",
    "show ",
    "see ",
    "list ",
    "read me ",
    "read out ",
    "send me ",
];
/// The whole list in words, after a lead: "everything", "all of them".
const WHOLE_LIST: &[&str] = &[
    "everything",
    "all",
    "all of them",
    "all of it",
    "it all",
    "them all",
    "the lot",
    "the whole lot",
    "the whole list",
    "the full list",
    "the entire list",
    "the complete list",
    "a list of everything",
    "a list of all",
    "a list",
    "the list",
    "my list",
    "all my stuff",
    "all my things",
    "my stuff",
    "my things",
    "my items",
    "my reminders",
    "all my reminders",
    "my to-dos",
    "my todos",
    "my tasks",
    "everything i have",
    "everything i've got",
    // "show me all of my jobs"
    "my jobs",
    "all my jobs",
    "all jobs",
    "all my reminders",
    "all my items",
    "all my todos",
];

/// Words that narrow a list: with one, the list asked for is not the whole one.
const LIST_FILTER_WORDS: &[&str] = &[
    "completed",
    "complete",
    "done",
    "finished",
    "pending",
    "open",
    "left",
    "remaining",
    "overdue",
    "today",
    "tomorrow",
    "week",
    "urgent",
    "priority",
    "due",
    "tagged",
];

/// The whole list asked for: a shortcut ("everything", "my list"), with a
/// lead ("show me everything", "let me see it all") and where it is
/// ("everything on my list").
fn whole_list(t: &Text<'_>) -> bool {
    if t.is_one_of(LIST_SHORTCUTS) {
        return true;
    }
    let said = t.after(SEE_LEADS).unwrap_or(*t);
    let unlisted = without_list_phrase(&said)
        .filter(|(_, prep)| ["on", "in", "of"].contains(prep))
        .map(|(rest, _)| rest.to_ascii_lowercase());
    let object = unlisted.as_deref().unwrap_or(said.lower).trim();
    // "all of my tasks" is "all my tasks".
    let object = &object.replacen("all of my ", "all my ", 1);
    let object = object.as_str();
    let led = said.lower.len() < t.lower.len() || unlisted.is_some();
    // "a list of my completed tasks" is a filter, not the whole list.
    if t.has_any(LIST_FILTER_WORDS) {
        return false;
    }
    led && (WHOLE_LIST.contains(&object) || LIST_SHORTCUTS.contains(&object))
}

/// Words that make a question about the task list rather than about anything else.
pub(super) const LIST_TOPICS: &[&str] = &[
    "ticked off",
    "checked off",
    "crossed off",
    "got done",
    "task",
    "tasks",
    "todo",
    "todos",
    "to-do",
    "to-dos",
    "list",
    "jobs",
    "everything",
    "pending",
    "left",
    "remaining",
    "plate",
    "due",
    "overdue",
    "late",
    "completed",
    "complete",
    "done",
    "finished",
    "finish",
    "agenda",
    "open",
    "unfinished",
    "incomplete",
    "outstanding",
    "need to do",
    "have to do",
    "got to do",
    "should i do",
    "anything",
    "items",
    "do i have",
    "have i got",
    "reminders",
    "undone",
    "upcoming",
    "coming up",
    "accomplished",
    "haven't",
    "not yet",
    "priority",
    "urgent",
    "important",
    "tagged",
    "deadline",
    "schedule",
    "scheduled",
    "today",
    "tonight",
    "tomorrow",
    "this week",
    "next week",
    "next",
    "tag",
    "stuff",
    "without a date",
    "without a due date",
    "without dates",
    "with no date",
    "no date",
    "undated",
];

/// Words after "how many" in a question about the list: "how many tasks",
/// "how many are overdue", "how many do i have left".
const COUNTED_TASKS: &[&str] = &[
    "tasks",
    "task",
    "things",
    "todos",
    "to-dos",
    "todo",
    "items",
    "reminders",
    "jobs",
    "of",
    "do",
    "have",
    "are",
    "is",
    "left",
    "still",
    "more",
    "overdue",
    "pending",
    "open",
    "high",
    "urgent",
    "completed",
    "done",
    "finished",
    "unfinished",
    "outstanding",
    "p1",
    "p2",
    "p3",
    "#",
    "work",
    "home",
    "chores",
    "errands",
    "did",
    "have",
    "i",
];

/// Subjects of questions about the world that share words with list questions.
pub(super) const OFF_TOPICS: &[&str] = &[
    "weather",
    "rain",
    "raining",
    "snow",
    "snowing",
    "sunny",
    "windy",
    "storm",
    "forecast",
    "temperature",
    "news",
    "score",
    "game",
    "match",
    "time is it",
    "the date",
    "what day is it",
    "the time",
    "capital",
    "president",
    "meaning",
    "stock",
    "price",
    "traffic",
    "tv",
    "television",
    "telly",
    "film",
    "films",
    "movie",
    "movies",
    "cinema",
    "radio",
    "netflix",
    "anything good",
    "anything fun",
    "anything interesting",
    "recipe",
    "restaurant",
    "shop",
    "shops",
    "store",
    "supermarket",
    "pub",
    "easter",
    "christmas",
    "halloween",
    "bank holiday",
    "sunrise",
    "sunset",
    // "do you know if the post office is open on saturdays"
    "do you know",
    "is open",
    "are open",
    "is closed",
    "are closed",
    "opening hours",
    "post office",
    // "what's the exchange rate from AUD to USD today?"
    "exchange rate",
    "rate",
    "currency",
    "tide",
    "tides",
    "pollen",
    "horoscope",
    "lottery",
];

/// Words that deny what follows them a few words on.
const DENIALS: &[&str] = &[
    "no", "without", "don't", "dont", "doesn't", "doesnt", "haven't", "havent", "hasn't", "hasnt", "not",
    "never", "aren't", "isn't", "lack", "lacking", "missing",
];
/// Nouns of a task's date.
const DATE_NOUNS: &[&str] = &["date", "dates", "deadline", "deadlines", "due", "dated"];

/// Asked for tasks without a date, in any order of its words: "no due
/// date", "which tasks don't have a date on them", "what haven't i put a
/// date on", "undated": a denial up to four words before a date noun.
fn without_a_date(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    words.contains(&"undated")
        || words.iter().enumerate().any(|(i, w)| {
            DATE_NOUNS.contains(w) && words[i.saturating_sub(4)..i].iter().any(|d| DENIALS.contains(d))
        })
}

pub(super) fn parse_list(t: &Text<'_>) -> Option<Intent> {
    // "everything to do with the car" is a search, not what is left to do.
    if let Some(at) = t.lower.find(" to do with ") {
        let original = format!("{} about {}", &t.original[..at], &t.original[at + 12..]);
        let lower = original.to_ascii_lowercase();
        return parse_list(&Text {
            original: &original,
            lower: &lower,
        });
    }
    let first_word = t
        .lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    let searching = ["find", "search", "look", "lookup", "grep"].contains(&first_word);
    // "How much is the dollar to naira today?": a question of amount names
    // no tasks unless it says them ("how many tasks are due today").
    if ["how much ", "how many "].iter().any(|h| t.lower.starts_with(h))
        && ![
            "task",
            "todo",
            "to-do",
            "thing",
            "item",
            "reminder",
            "list",
            "stuff",
            "left",
            "do i have",
        ]
        .iter()
        .any(|n| t.lower.contains(n))
    {
        return None;
    }
    // "we have a board meeting on monday, so i need to prepare the agenda":
    // a need said after a statement is a task, not a question about the list.
    let needs = [
        "i need to ",
        "i have to ",
        "i've got to ",
        "i must ",
        "remind me ",
    ]
    .iter()
    .any(|n| {
        [", ", " so ", " means ", " realised ", " realized ", " now "]
            .iter()
            .any(|j| t.lower.contains(&format!("{j}{n}")))
    });
    if needs && !starts_with_question_word(t.lower) {
        return None;
    }
    // "…, please remove it from my list": an order about the list, not a question.
    // "…, could you please add that to my list?": an order to add, asked.
    if without_list_phrase(t).is_some_and(|(_, prep)| ["from", "off", "to", "onto"].contains(&prep))
        && !starts_with_question_word(t.lower)
    {
        return None;
    }
    // "what should i cook for dinner": a question about something other
    // than the list ("what should i do today" asks it).
    if let Some(asked) = [
        "what should i ",
        "what shall i ",
        "what should we ",
        "what shall we ",
    ]
    .iter()
    .find_map(|h| t.lower.strip_prefix(h))
        && !asked.split_whitespace().next().is_some_and(|w| {
            [
                "do",
                "work",
                "focus",
                "tackle",
                "start",
                "get",
                "prioritise",
                "prioritize",
                "look",
                "be",
            ]
            .contains(&w)
        })
    {
        return None;
    }
    // "how many sets should i do": a count of something other than tasks.
    if let Some(counted) = ["how many ", "how much "]
        .iter()
        .find_map(|h| t.lower.strip_prefix(h))
        && !counted
            .split_whitespace()
            .next()
            .is_some_and(|w| COUNTED_TASKS.contains(&w))
    {
        return None;
    }
    // "read for 2 hours tonight" is a task; "read me my tasks" is a list.
    if first_word == "read"
        && !["read me", "read my", "read out", "read back"]
            .iter()
            .any(|r| t.lower.starts_with(r))
    {
        return None;
    }
    // "get new tyres for the van next week" is a task; "get me my list" asks.
    if ["get", "give", "gimme"].contains(&first_word)
        && !t.has_any(&[
            "task",
            "tasks",
            "list",
            "todo",
            "todos",
            "to-dos",
            "reminders",
            "stuff",
            "things",
            "items",
            "agenda",
            "everything",
            "jobs",
            "schedule",
            "overview",
            "summary",
            "rundown",
        ])
    {
        return None;
    }
    let asks = searching
        || [
            "show", "list", "what", "what's", "whats", "which", "display", "view", "see", "get", "give",
            "tell", "any", "do", "anything", "how", "is", "are", "have", "did", "whats", "gimme", "print",
            "read", "showing", "listing", "telling", "giving", "got", "when", "whens", "when's", "jobs",
        ]
        .contains(&first_word)
        // "can i see what's done", "could i see my list"
        || ["can i see ", "could i see ", "let me see ", "can i have a look at ", "can i get "]
            .iter()
            .any(|p| t.lower.starts_with(p))
        || t.has_any(&[
            "tasks",
            "task list",
            "my list",
            "to-do",
            "todo",
            "pending",
            "completed",
            "agenda",
            "overdue",
        ]);
    // "my high priority stuff", "my work things": a list of one's own;
    // "high priority stuff", "the urgent things": a short noun phrase of a
    // filter word and a noun of things is one too.
    let of_things = [" stuff", " things", " tasks", " items", " todos", " list"]
        .iter()
        .any(|n| t.lower.ends_with(n));
    let mine = of_things
        && (t.lower.starts_with("my ") || t.lower.split_whitespace().count() <= 4 && t.has_any(LIST_TOPICS));
    let asks = asks || mine;
    if !asks || !(searching || t.has_any(LIST_TOPICS) || t.lower.contains('#')) {
        return None;
    }
    // "what's the weather tomorrow?" is about the world, not the list.
    // A tag says it is about the list: "what's left on #shop".
    if t.has_any(OFF_TOPICS)
        && !t.lower.contains('#')
        && !t.has_any(&["task", "tasks", "todo", "todos", "list", "reminder", "reminders"])
    {
        return None;
    }
    // "my to do list" is the whole list, not what is left.
    let (unlisted, unlisted_lower);
    let t = match ["to do list", "to-do list", "todo list"]
        .iter()
        .find(|p| t.lower.contains(*p))
    {
        Some(p) => {
            unlisted_lower = t.lower.replace(p, "list");
            unlisted = unlisted_lower.clone();
            &Text {
                original: &unlisted,
                lower: &unlisted_lower,
            }
        }
        None => t,
    };
    // "everything, including the done ones": the finished ones as well.
    let mut both = false;
    let status = if t.has_any(&[
        "including",
        "incl",
        "incl.",
        "even the",
        "as well as",
        "along with",
        "together with",
        // "everything of the week, also the finished ones".
        "also the",
        "and also the",
        "plus the",
        // "all my work tasks, done ones too", "all list, also finished one".
        "also",
        "too",
        "as well",
        "plus",
    ]) && t.has_any(&["done", "completed", "finished", "ticked off"])
        // "every item, whether completed or not": both.
        || t.has_any(&[
            "whether completed or not",
            "whether done or not",
            "whether finished or not",
            "completed or not",
            "done or not",
            "finished or not",
            "done and not done",
            // "done + not done", its sign dropped.
            "done not done",
            "done or undone",
            "completed and pending",
            "pending and completed",
            "open and closed",
        ]) {
        both = true;
        TaskFilter::All
    } else if t.has_any(&[
        "pending",
        "open",
        "left",
        "remaining",
        "still",
        "unfinished",
        "incomplete",
        "to do",
        "todo",
        "to-do",
        "not done",
        "outstanding",
        "undone",
        "need to do",
        "have to do",
        "got to do",
        "need to get done",
        "have to get done",
        "got to get done",
        "to get done",
        "needs doing",
        "need doing",
        "should i do",
        "on my plate",
        "haven't",
        "have not",
        "not yet",
        "yet",
        "next",
        "got on",
        "have on",
    ]) {
        TaskFilter::Pending
    } else if t.has_any(&[
        "completed",
        "complete",
        "done",
        "finished",
        "finish",
        "accomplished",
        "accomplish",
        "ticked off",
        "checked off",
        "crossed off",
        "got done",
        "so far",
        "did i tick",
        "did i check off",
        "did i cross off",
        "did i do",
        "did i get done",
        "have i ticked",
        "have i done",
        "i've done",
    ]) {
        TaskFilter::Completed
    } else {
        TaskFilter::All
    };
    let mut filter = ListFilter {
        status,
        ..ListFilter::default()
    };
    filter.due = if t.has_any(&[
        "overdue",
        "late",
        "past due",
        "missed",
        "past its deadline",
        "past their deadline",
        "past the deadline",
        "past its due date",
        "past their due date",
        "past the due date",
        // "which of my tasks have passed their date?", learners' "in retard".
        "passed their date",
        "passed its date",
        "passed their due date",
        "passed its due date",
        "passed the deadline",
        "passed their deadline",
        "past their date",
        "past its date",
        "in retard",
        "in delay",
        "slip past",
        "slipped past",
        "slip through",
        "fallen behind",
        "behind on",
        "behind schedule",
    ]) {
        Some(DueFilter::Overdue)
    } else if t.has_any(&[
        "today",
        "tonight",
        "this evening",
        "this afternoon",
        "this morning",
        "this arvo",
    ]) {
        Some(DueFilter::Today)
    } else if t.has_any(&["tomorrow"]) {
        Some(DueFilter::Tomorrow)
    } else if t.has_any(&[
        "this week",
        "the week",
        "end of week",
        "end of the week",
        "weekend",
        "next 7 days",
        "next seven days",
        "coming up",
        "upcoming",
    ]) {
        Some(DueFilter::Week)
    } else if without_a_date(t.lower) {
        Some(DueFilter::None)
    } else {
        None
    };
    // Anything due is still to be done ("what's due?"; not "when is task 3 due?").
    let due_asked = t.has_any(&["due"]) && !t.lower.contains(|c: char| c.is_ascii_digit());
    filter.tag = t
        .original
        .split_whitespace()
        .find_map(|w| w.strip_prefix('#'))
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-'))
        .and_then(|w| Tag::parse(w).ok())
        .or_else(|| {
            // "tasks tagged work", "with the tag home", "tagged as work".
            let at = ["tagged ", "tag ", "labelled ", "labeled ", "label "]
                .iter()
                .filter_map(|m| t.lower.find(m).map(|i| i + m.len()))
                .min()?;
            let mut words = t.original[at..].split_whitespace();
            let mut word = words.next()?;
            if ["as", "with", "under"].contains(&word.to_ascii_lowercase().as_str()) {
                word = words.next()?;
            }
            Tag::parse(word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-')).ok()
        })
        .or_else(|| tag_said_before(t))
        .or_else(|| kind_of_tasks(t));
    filter.query = list_query(t, searching, &filter);
    filter.priority = if t.has_any(&[
        "high priority",
        "high-priority",
        "top priority",
        "urgent",
        "important",
        "p1",
    ]) {
        Some(Priority::High)
    } else if t.has_any(&["medium priority", "medium-priority", "p2"]) {
        Some(Priority::Medium)
    } else if t.has_any(&["low priority", "low-priority", "p3"]) {
        Some(Priority::Low)
    } else {
        None
    };
    // A list asked by when or how important ("what's due?", "anything
    // without a date?", "show me the urgent ones") is about what is still to
    // do, unless it says "done or not"; a tag or a search finds everything
    // under it.
    let planning = due_asked || filter.due.is_some() || filter.priority.is_some();
    if planning && filter.status == TaskFilter::All && !both {
        filter.status = TaskFilter::Pending;
    }
    Some(Intent::List(filter))
}

/// Status words said before a list noun, and the status they ask for.
const STATUS_WORDS: &[(&str, TaskFilter)] = &[
    ("open", TaskFilter::Pending),
    ("pending", TaskFilter::Pending),
    ("outstanding", TaskFilter::Pending),
    ("remaining", TaskFilter::Pending),
    ("unfinished", TaskFilter::Pending),
    ("done", TaskFilter::Completed),
    ("completed", TaskFilter::Completed),
    ("finished", TaskFilter::Completed),
    ("all", TaskFilter::All),
];

/// "open items #work", "done items #metrics": a status, a list noun and
/// tags, as a heading of what to show.
pub(super) fn status_heading(lower: &str) -> Option<Intent> {
    let mut words = lower.trim_end_matches(['?', '.', '!']).split_whitespace();
    let first = words.next()?;
    let (_, status) = STATUS_WORDS.iter().find(|(w, _)| *w == first)?;
    if !words
        .next()
        .is_some_and(|n| ["items", "tasks", "todos", "ones", "things", "stuff"].contains(&n))
    {
        return None;
    }
    let tags: Vec<&str> = words.collect();
    if tags.len() != 1 || !tags[0].starts_with('#') {
        return None;
    }
    let tag = Tag::parse(&tags[0][1..]).ok()?;
    Some(Intent::List(ListFilter {
        status: *status,
        tag: Some(tag),
        ..ListFilter::default()
    }))
}
