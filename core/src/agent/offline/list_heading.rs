//! A list asked as a heading, only status, list and filter words: "completed
//! items?", "Open tasks, no date", "Outstanding items this wk", "p1 only pls".

use super::*;

/// The heading's words, each with what it sets.
enum Word {
    Status(TaskFilter),
    /// "items", "tasks", "only": says a list is meant.
    Noun,
    Due(DueFilter),
    Level(Priority),
    /// "my", "pls", "the": says nothing.
    Filler,
    /// "#ops": the tag of the tasks.
    Tag,
}

/// One word of a heading, or `None` for a word no heading has.
fn word(w: &str) -> Option<Word> {
    Some(match w {
        "open" | "pending" | "outstanding" | "remaining" | "unfinished" | "undone" => {
            Word::Status(TaskFilter::Pending)
        }
        "done" | "completed" | "finished" | "closed" => Word::Status(TaskFilter::Completed),
        "all" | "everything" => Word::Status(TaskFilter::All),
        // "this week got what" (Singlish): "what" asks for the list.
        "items" | "tasks" | "todos" | "things" | "stuff" | "only" | "list" | "ones" | "what" => Word::Noun,
        "today" | "tonight" => Word::Due(DueFilter::Today),
        "tomorrow" => Word::Due(DueFilter::Tomorrow),
        "overdue" => Word::Due(DueFilter::Overdue),
        "week" | "wk" => Word::Due(DueFilter::Week),
        "p1" | "high" | "urgent" | "important" | "top" => Word::Level(Priority::High),
        "medium" => Word::Level(Priority::Medium),
        "low" => Word::Level(Priority::Low),
        "p2" => Word::Level(Priority::Medium),
        "p3" => Word::Level(Priority::Low),
        "my" | "the" | "pls" | "please" | "plz" | "this" | "for" | "with" | "no" | "date" | "due"
        | "priority" | "prio" | "without" | "w/o" | "a" | "deadline" | "tag" | "tagged" | "got" | "just"
        | "show" | "ah" | "lah" | "leh" | "lor" => Word::Filler,
        // "done stuff with #ops tag": a tag.
        _ if w.len() > 1 && w.starts_with('#') => Word::Tag,
        _ => return None,
    })
}

/// "Open tasks, no date" → the open tasks without a date: a message of
/// heading words only, with a status or a level, and a list noun or "only".
pub(super) fn list_heading(lower: &str) -> Option<Intent> {
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || [',', '?', '.', '!'].contains(&c))
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 6 {
        return None;
    }
    let mut filter = ListFilter::default();
    let (mut status, mut noun, mut level) = (None, false, false);
    for w in &words {
        match word(w)? {
            Word::Status(s) => status = Some(s),
            Word::Noun => noun = true,
            Word::Due(d) => filter.due = Some(d),
            Word::Level(p) => {
                filter.priority = Some(p);
                level = true;
            }
            Word::Filler => {}
            Word::Tag => filter.tag = Tag::parse(w).ok(),
        }
    }
    // "no date": the tasks without one.
    if [
        "no date",
        "no due",
        "without a date",
        "w/o a date",
        "without date",
        "no deadline",
    ]
    .iter()
    .any(|d| lower.contains(d))
    {
        filter.due = Some(DueFilter::None);
    }
    // "this week got what": by when, asked; "list stuff w/o a date".
    let when = filter.due.is_some() && words.contains(&"what") || filter.due == Some(DueFilter::None);
    if !(status.is_some() || level || when) || !noun {
        return None;
    }
    // By when or how important, with no status word: the open ones.
    filter.status = status.unwrap_or(TaskFilter::Pending);
    Some(Intent::List(filter))
}
