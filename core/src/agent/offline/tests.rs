//! Unit tests of the offline brain's parser and replies.

use super::*;
use crate::tasks::{TaskNumber, TaskTitle};

fn add(s: &str) -> Intent {
    Intent::Add(TaskTitle::parse(s).unwrap().as_str().to_owned())
}
fn list(status: TaskFilter) -> Intent {
    Intent::List(ListFilter {
        status,
        ..ListFilter::default()
    })
}
fn num(n: &str) -> Target {
    assert!(n.parse::<TaskNumber>().is_ok());
    Target::Number(n.into())
}

#[test]
fn design_phrases() {
    assert_eq!(parse("Add a task to buy groceries"), add("Buy groceries"));
    assert_eq!(parse("I need to remember to pay bills"), add("Pay bills"));
    assert_eq!(parse("Show me all my tasks"), list(TaskFilter::All));
    assert_eq!(parse("What's pending?"), list(TaskFilter::Pending));
    assert_eq!(parse("What have I completed?"), list(TaskFilter::Completed));
    assert_eq!(parse("Mark task 3 as complete"), Intent::Complete(num("3")));
    assert_eq!(
        parse("Delete the meeting task"),
        Intent::Delete(Target::Named("meeting".into()))
    );
    assert_eq!(
        parse("Change task 1 to 'Call mom tonight'"),
        Intent::Rename(num("1"), "Call mom tonight".into())
    );
}

#[test]
fn variants() {
    assert_eq!(parse("add buy milk"), add("Buy milk"));
    assert_eq!(parse("remind me to call the bank!"), add("Call the bank"));
    assert_eq!(parse("Add milk to my list"), add("Milk"));
    assert_eq!(parse("show pending"), list(TaskFilter::Pending));
    assert_eq!(parse("list"), list(TaskFilter::All));
    assert_eq!(parse("tasks"), list(TaskFilter::All));
    assert_eq!(parse("what's left to do?"), list(TaskFilter::Pending));
    assert_eq!(parse("mark 3 done"), Intent::Complete(num("3")));
    assert_eq!(parse("done 3"), Intent::Complete(num("3")));
    assert_eq!(parse("done #3"), Intent::Complete(num("3")));
    assert_eq!(parse("3 done"), Intent::Complete(num("3")));
    assert_eq!(parse("task 4 is done"), Intent::Complete(num("4")));
    assert_eq!(parse("complete task 2"), Intent::Complete(num("2")));
    assert_eq!(parse("remove 2"), Intent::Delete(num("2")));
    assert_eq!(parse("delete task #7"), Intent::Delete(num("7")));
    assert_eq!(parse("rename 1 to X"), Intent::Rename(num("1"), "X".into()));
    assert_eq!(
        parse("edit 2: Call mom"),
        Intent::Rename(num("2"), "Call mom".into())
    );
    assert_eq!(parse("help"), Intent::Help);
    assert_eq!(parse("hello"), Intent::Greeting);
    assert_eq!(parse("the weather is nice"), Intent::Unknown);
    assert_eq!(parse(""), Intent::Unknown);
}

#[test]
fn time_phrases() {
    assert_eq!(
        parse("remind me to call mom tomorrow at 6pm"),
        Intent::Add("Call mom tomorrow at 6pm".into())
    );
    assert_eq!(
        parse("pay rent every month on the 1st"),
        Intent::Add("pay rent every month on the 1st".into())
    );
    let due = |status, due| {
        Intent::List(ListFilter {
            status,
            due: Some(due),
            ..ListFilter::default()
        })
    };
    assert_eq!(
        parse("what's due today?"),
        due(TaskFilter::Pending, DueFilter::Today)
    );
    assert_eq!(
        parse("what's overdue?"),
        due(TaskFilter::Pending, DueFilter::Overdue)
    );
    assert_eq!(
        parse("what do I have this week?"),
        due(TaskFilter::Pending, DueFilter::Week)
    );
    assert_eq!(
        parse("show my #work tasks"),
        Intent::List(ListFilter {
            tag: Some(Tag::parse("work").unwrap()),
            ..ListFilter::default()
        })
    );
    assert_eq!(
        parse("make task 4 high priority"),
        Intent::SetPriority(num("4"), Priority::High)
    );
    assert_eq!(
        parse("move task 3 to friday"),
        Intent::Move(num("3"), "friday".into())
    );
    assert_eq!(
        parse("snooze task 2 for an hour"),
        Intent::Snooze(num("2"), "1h".into())
    );
    assert_eq!(parse("I'm in Tokyo"), Intent::SetZone("Tokyo".into()));
    assert_eq!(parse("I'm in a meeting"), Intent::Unknown);
}

#[test]
fn politeness_quotes_and_indirect_adds() {
    assert_eq!(parse("could you please add buy milk for me?"), add("Buy milk"));
    assert_eq!(parse("Please delete task 3, thanks"), Intent::Delete(num("3")));
    assert_eq!(parse("\"add call the plumber\""), add("Call the plumber"));
    assert_eq!(parse("put eggs on my list"), add("Eggs"));
    assert_eq!(parse("eggs on my list please"), add("Eggs"));
    assert_eq!(
        parse("don't let me forget to water the plants"),
        add("Water the plants")
    );
    assert_eq!(parse("note to self: renew passport"), add("Renew passport"));
    assert_eq!(
        parse("change the title of task 2 to Call dad"),
        Intent::Rename(num("2"), "Call dad".into())
    );
    assert_eq!(parse("get rid of task 5 from my list"), Intent::Delete(num("5")));
    assert_eq!(parse("I'm done with task 2"), Intent::Complete(num("2")));
    assert_eq!(parse("what do I still need to do?"), list(TaskFilter::Pending));
    assert_eq!(parse("anything left?"), list(TaskFilter::Pending));
}

#[test]
fn bare_imperatives_renames_by_name_and_typed_slashes() {
    assert_eq!(parse("buy bread"), Intent::Add("buy bread".into()));
    assert_eq!(parse("call the bank?"), Intent::Unknown);
    assert_eq!(
        parse("rename the groceries task to Buy vegetables"),
        Intent::Rename(Target::Named("groceries".into()), "Buy vegetables".into())
    );
    assert_eq!(
        parse("change task 2's title to Call the bank"),
        Intent::Rename(num("2"), "Call the bank".into())
    );
    assert_eq!(parse("/done 2"), Intent::Complete(num("2")));
    assert_eq!(
        parse("show me what I haven't done yet"),
        list(TaskFilter::Pending)
    );
    assert_eq!(parse("what did I finish?"), list(TaskFilter::Completed));
    assert_eq!(
        parse("hey can you remind me to book flights"),
        add("Book flights")
    );
    assert_eq!(
        parse("I should probably call the landlord"),
        add("Call the landlord")
    );
}

#[test]
fn titles_keep_their_text() {
    assert_eq!(
        parse("add Ünïcödé 🎉 مرحبا"),
        Intent::Add("Ünïcödé 🎉 مرحبا".into())
    );
    assert_eq!(parse("add <b>*_[x]"), Intent::Add("<b>*_[x]".into()));
    assert_eq!(
        parse("mark the report task as done"),
        Intent::Complete(Target::Named("report".into()))
    );
}

#[test]
fn non_ascii_input_never_panics() {
    for s in [
        "ÄDD milk",
        "İstanbul",
        "ß",
        "\u{202e}right-to-left",
        "add",
        "mark",
        "delete the",
        "#",
        "done #",
        "✅",
        "7 ✅",
        "never mind",
        "wait,",
        "on second thought",
        "??",
        "urgent:",
        "add urgent",
        "asap",
        "friday",
        "x friday",
        "3 ->",
        "-> friday",
        "#",
        "#ü",
        "i have a ",
        "use /",
        "ß ✔",
        "täsks",
    ] {
        let _ = parse(s);
    }
}

/// Lines built from the words the round 5 and 6 rules look at (fields,
/// asides, lead-ins, markers, clock words, statements before a request),
/// with punctuation and non-ASCII mixed
/// in, never make the brain panic.
#[test]
fn round_5_words_never_panic() {
    const WORDS: &[&str] = &[
        "the",
        "task",
        "3",
        "3s",
        "3's",
        "due",
        "date",
        "of",
        "for",
        "to",
        "is",
        "should",
        "be",
        ",",
        ", ",
        "it's",
        "its",
        "tag",
        "it",
        "work",
        "#home",
        "low",
        "priority",
        ":",
        "-",
        "no",
        "doesnt",
        "need",
        "a",
        "deadline",
        "anymore",
        "take",
        "off",
        "would",
        "you",
        "mind",
        "adding",
        "can",
        "one",
        "half",
        "past",
        "quarter",
        "six",
        "pm",
        "am",
        "until",
        "sometime",
        "next",
        "week",
        "finally",
        "😅",
        "💐",
        "’",
        "é",
        "日本",
        "remind",
        "me",
        "add",
        "that",
        "done",
        "delete",
        "scrap",
        "9",
        "was",
        "got",
        "cancelled",
        "snooze",
        "another",
        "15",
        "lower",
        "raise",
        "very",
        "urgent",
        "!!",
        "give",
        "on",
        "title",
        "todo",
        "today",
        "in",
        "nyc",
        "now",
        "moved",
        "tokyo",
        "please",
        "pls",
        "we",
        "don't",
        "forget",
        "every",
        "morning",
        "at",
        "7am",
        "1st",
        "month",
        "first",
        "thing",
        "one's",
        "over",
        // round 6: context before a request, fields as news, markers after a title
        "no longer",
        "asked me to",
        "quick one -",
        "\"",
        "'",
        "?",
        "sorted",
        "tick",
        "would it be possible to",
        "has moved to",
        "renamed",
        "back",
        "make it",
        "many thanks",
        "finished",
        "on my list",
        "so far",
        "what've",
        "i've paid",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap_or(0) % n
    };
    for _ in 0..6_000 {
        let len = 1 + next(9);
        let line: Vec<&str> = (0..len).map(|_| WORDS[next(WORDS.len())]).collect();
        let _ = parse(&line.join(" "));
        let _ = parse(&line.concat());
    }
}
