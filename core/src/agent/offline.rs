//! The offline brain: a deterministic parser for commands and common phrasings.
//!
//! It answers when no model is configured and when the model fails, so a person
//! always gets a reply. Matching is on an ASCII-lower-cased copy of the text, so
//! byte offsets line up with the original and titles keep their case.

use serde_json::json;

use super::tools::{self, ListFilter, ToolCall, ToolCallRecord, ToolContext, ToolResult};
use crate::{
    commands::{self, Command, CommandName, Surface},
    quickadd,
    tasks::{Priority, Tag, TaskFilter, TaskNumber, TaskTitle},
    time::{self, DueFilter},
};

/// What the person asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    Help,
    Greeting,
    /// A quick-add line: the title with any date, repeat, priority and tags.
    Add(String),
    List(ListFilter),
    Complete(Target),
    Delete(Target),
    /// The task and its new title.
    Rename(Target, String),
    /// Give a task a new due ("move task 3 to friday").
    Move(Target, String),
    SetPriority(Target, Priority),
    /// Move a task's reminder ("snooze task 2 for an hour"); default one hour.
    Snooze(Target, String),
    /// "I'm in Tokyo".
    SetZone(String),
    Unknown,
}

/// A task named by number or by words from its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Number(String),
    Named(String),
}

pub fn parse(text: &str) -> Intent {
    // A slash command typed where commands are not run reads as that command.
    if let Some(Command::Known { name, args }) = Command::parse(text, Surface::Web)
        && let Some(intent) = command_intent(name, &args)
    {
        return intent;
    }
    let question = text.trim_end().ends_with('?');
    // "??": a bare question is a question about the bot.
    if !text.trim().is_empty() && text.trim().chars().all(|c| c == '?' || c == '¿' || c == '❓') {
        return Intent::Help;
    }
    let text = shorthand(&symbols(text));
    if let Some(social) = small_talk(&text) {
        return social;
    }
    let normal = normalize(&text);
    let original = normal.as_str();
    let lower = original.to_ascii_lowercase();
    let t = Text {
        original,
        lower: &lower,
    };
    if lower.is_empty() {
        return Intent::Unknown;
    }
    if let Some(intent) = after_change_of_mind(&t, question) {
        return resolve_it(intent, &lower);
    }
    if let Some(intent) = strong(&t, question) {
        return resolve_it(intent, &lower);
    }
    // A request after a lead-in: "so I just got off the phone and I need to
    // remember to …", "I changed my mind about task 3, please delete it".
    for clause in clauses(&lower) {
        let normal = normalize(&original[clause..]);
        let lower_clause = normal.to_ascii_lowercase();
        let c = Text {
            original: &normal,
            lower: &lower_clause,
        };
        if !c.lower.is_empty()
            && let Some(intent) = strong(&c, question)
        {
            let intent = only_a_time(&intent)
                .and_then(|when| earlier_title(&original[..clause], question).map(|title| (title, when)))
                .map_or(intent, |(title, when)| Intent::Add(format!("{title} {when}")));
            return resolve_it(intent, &lower);
        }
    }
    if chit_chat(&lower) {
        return Intent::Unknown;
    }
    parse_timed_line(&t, question)
        .or_else(|| parse_imperative(&t, question))
        .or_else(|| bare_item(&text, &t, question))
        .unwrap_or(Intent::Unknown)
}

/// The time of a new task that says nothing else: "remind me tonight".
fn only_a_time(intent: &Intent) -> Option<String> {
    let Intent::Add(line) = intent else {
        return None;
    };
    let reading = quickadd::parse(line, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    let timed = reading.due.is_some() || reading.repeat.is_some();
    (timed && reading.title.trim().is_empty()).then(|| line.to_owned())
}

/// The task said before a clause that gives only its time: "call grandma,
/// remind me tonight", "i forgot to pay the gas bill - remind me tomorrow".
fn earlier_title(head: &str, question: bool) -> Option<String> {
    let normal = normalize(head.trim_end_matches([',', ';', '-', '–', '—', ' ', '.', '!']));
    let lower = normal.to_ascii_lowercase();
    let t = Text {
        original: &normal,
        lower: &lower,
    };
    if lower.is_empty() {
        return None;
    }
    match strong(&t, question).or_else(|| parse_imperative(&t, question)) {
        Some(Intent::Add(line)) => Some(line),
        _ => None,
    }
}

/// Where a clause may start: after a comma, "and", "so", or a request's lead-in.
const CLAUSE_STARTS: &[&str] = &[
    ", ",
    "; ",
    ". ",
    "! ",
    " - ",
    " and ",
    " so ",
    " but ",
    " then ",
    "if you could ",
    "if you can ",
    "could you ",
    "can you ",
    "would you ",
    "please ",
];

/// Byte offsets of the clauses after the first, left to right.
fn clauses(lower: &str) -> Vec<usize> {
    let mut starts: Vec<usize> = CLAUSE_STARTS
        .iter()
        .flat_map(|m| lower.match_indices(m).map(move |(i, _)| i + m.len()))
        .filter(|i| *i < lower.len())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Words that name many tasks at once; the brain completes or deletes one
/// task at a time, by number or by a name that matches one.
const MANY_WORDS: &[&str] = &[
    "all",
    "everything",
    "every",
    "completed",
    "done",
    "finished",
    "them",
    "those",
    "these",
    "both",
    "list",
    "tasks",
    "todos",
];

/// Words that name no task in particular: "delete the task", "remove that one".
const NO_NAME_WORDS: &[&str] = &[
    "task", "one", "item", "thing", "todo", "reminder", "entry", "it", "that", "this", "last", "first",
    "latest", "newest", "oldest", "previous", "top", "bottom", "other", "next", "new", "old", "recent",
];

/// A name that is many tasks, or none in particular.
fn names_many(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let numbers = words
        .iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .count();
    words.is_empty()
        || numbers > 1
        || words.iter().any(|w| MANY_WORDS.contains(w))
        || words.iter().all(|w| NO_NAME_WORDS.contains(w))
}

/// Words that take back what came before and lead to the real request:
/// "never mind about task 4, delete it", "on second thought remove 5".
const MIND_CHANGES: &[&str] = &[
    "never mind",
    "nevermind",
    "nvm",
    "on second thought",
    "on second thoughts",
    "second thought",
    "second thoughts",
    "scratch that",
    "forget that",
    "wait",
    "oh wait",
    "no wait",
    "hmm",
    "hm",
    "sorry",
    "oops",
    "changed my mind",
    "i changed my mind",
    "i've changed my mind",
    "i have changed my mind",
    "change of plan",
    "change of plans",
    "actually no",
    "no actually",
    "forget what i said",
    "ignore what i said",
    "ignore that",
    "disregard that",
    "ignore my last message",
    "forget my last message",
    "never mind that",
    "my bad",
    "correction",
];

/// The request after a change of mind: in a later clause ("…, delete it"),
/// or straight after the words ("on second thought remove 5").
fn after_change_of_mind(t: &Text<'_>, question: bool) -> Option<Intent> {
    let (_, rest) = word_after(t, MIND_CHANGES)?;
    let strong_in = |s: &str| {
        let normal = normalize(s);
        let lower = normal.to_ascii_lowercase();
        let c = Text {
            original: &normal,
            lower: &lower,
        };
        (!lower.is_empty()).then(|| strong(&c, question)).flatten()
    };
    clauses(rest.lower)
        .into_iter()
        .find_map(|at| strong_in(&rest.original[at..]))
        .or_else(|| strong_in(rest.original))
}

/// "delete it", "mark that as done": the one task number said elsewhere in the message.
fn resolve_it(intent: Intent, lower: &str) -> Intent {
    let pronoun = |t: &Target| matches!(t, Target::Named(n) if ["it", "that", "this", "that one", "this one"].contains(&n.to_ascii_lowercase().as_str()));
    let number = || {
        let numbers: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
            .collect();
        match numbers.as_slice() {
            [n] => Some(Target::Number((*n).to_owned())),
            _ => None,
        }
    };
    let swap = |t: Target| if pronoun(&t) { number().unwrap_or(t) } else { t };
    let intent = match intent {
        Intent::Complete(t) => Intent::Complete(swap(t)),
        Intent::Delete(t) => Intent::Delete(swap(t)),
        Intent::Rename(t, x) => Intent::Rename(swap(t), x),
        Intent::Move(t, x) => Intent::Move(swap(t), x),
        Intent::Snooze(t, x) => Intent::Snooze(swap(t), x),
        Intent::SetPriority(t, p) => Intent::SetPriority(swap(t), p),
        other => other,
    };
    // "delete it" with no task said, "clear all completed": ask, never guess.
    if let Intent::Complete(Target::Named(name)) | Intent::Delete(Target::Named(name)) = &intent
        && names_many(name)
    {
        return Intent::Unknown;
    }
    match &intent {
        Intent::Complete(t)
        | Intent::Delete(t)
        | Intent::Rename(t, _)
        | Intent::Move(t, _)
        | Intent::Snooze(t, _)
        | Intent::SetPriority(t, _)
            if pronoun(t) =>
        {
            Intent::Unknown
        }
        _ => intent,
    }
}

/// The readings that rest on a verb or a phrase; the weak ones (a line with a
/// date, a bare imperative) come only after every clause was tried.
fn strong(t: &Text<'_>, question: bool) -> Option<Intent> {
    let t = &Text {
        original: t.original,
        lower: t.lower,
    };
    parse_help(t)
        .or_else(|| agenda_or_quiet_setting(t))
        .or_else(|| parse_zone(t))
        .or_else(|| parse_snooze(t))
        .or_else(|| parse_priority(t))
        .or_else(|| parse_move(t))
        .or_else(|| parse_rename(t))
        .or_else(|| parse_complete(t))
        .or_else(|| done_in_the_past(t))
        .or_else(|| parse_delete(t))
        .or_else(|| list_shortcut(t))
        .or_else(|| parse_add(t, question))
        .or_else(|| parse_list(t))
}

/// The intent of a command from the command table, with its arguments.
fn command_intent(name: CommandName, args: &str) -> Option<Intent> {
    let (number, rest) = match args.split_once(char::is_whitespace) {
        Some((n, rest)) => (n, rest.trim()),
        None => (args, ""),
    };
    let task = || Target::Number(number.trim_start_matches('#').to_owned());
    let numbered = !number.is_empty()
        && number
            .trim_start_matches('#')
            .starts_with(|c: char| c.is_ascii_digit());
    Some(match name {
        CommandName::Help | CommandName::Start => Intent::Help,
        CommandName::Tasks => Intent::List(ListFilter::from_words(args)),
        CommandName::Add if !args.is_empty() => return title_line(args, None),
        CommandName::Done if numbered && rest.is_empty() => Intent::Complete(task()),
        CommandName::Delete if numbered && rest.is_empty() => Intent::Delete(task()),
        CommandName::Edit if numbered && !rest.is_empty() => Intent::Rename(task(), unquote(rest).to_owned()),
        CommandName::Due if numbered && !rest.is_empty() => Intent::Move(task(), rest.to_owned()),
        CommandName::Snooze if numbered => {
            Intent::Snooze(task(), if rest.is_empty() { "1h" } else { rest }.to_owned())
        }
        CommandName::Tz if !args.is_empty() => Intent::SetZone(args.to_owned()),
        _ => return None,
    })
}

/// Symbols that stand for a word at the start: "✅ 3", "🗑️ 4", "+ milk".
const SYMBOL_WORDS: &[(&str, &str)] = &[
    ("✅", "done"),
    ("✔️", "done"),
    ("✔", "done"),
    ("✔︎", "done"),
    ("✓", "done"),
    ("☑️", "done"),
    ("☑", "done"),
    ("🗑️", "delete"),
    ("🗑", "delete"),
    ("❌", "delete"),
    ("👋", "hi"),
    ("🙏", "thanks"),
    ("+", "add"),
    ("➕", "add"),
];

/// Marks that say "done" when they follow a task: "7 ✅", "#3 ✔️".
const DONE_MARKS: &[&str] = &[
    "✅", "✔️", "✔", "✔︎", "☑️", "☑", "✓", "✔✔", "✅✅", "👍", "👌", "🎉",
];

/// Symbols mapped to words, and tokens without a letter or digit dropped at
/// either end ("🛒 buy oat milk", "show everything 👀"); arrows read "to".
fn symbols(text: &str) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let keep = |w: &str| {
        w.chars().any(char::is_alphanumeric)
            || w.starts_with(['#', '/', '"', '\'', '“', '‘'])
            || matches!(w, "!" | "!!" | "!!!" | "?")
    };
    if let Some(first) = words.first()
        && let Some((_, word)) = SYMBOL_WORDS.iter().find(|(s, _)| s == first)
    {
        words[0] = word;
    }
    // "7 ✅", "task 3 ✔": a status mark after the task reads "done".
    if words.len() > 1
        && let Some(last) = words.last_mut()
        && DONE_MARKS.contains(last)
    {
        *last = "done";
        // "3 done ✅", "done with 2 🎉": the mark repeats a word said.
        let said = words[..words.len() - 1].iter().any(|w| {
            let w = w.to_lowercase();
            [
                "done",
                "complete",
                "completed",
                "finished",
                "did",
                "check",
                "tick",
                "mark",
                "cross",
            ]
            .contains(&w.as_str())
        });
        if said {
            words.pop();
        }
    }
    while words.first().is_some_and(|w| !keep(w)) {
        words.remove(0);
    }
    while words.last().is_some_and(|w| !keep(w)) {
        words.pop();
    }
    let words: Vec<&str> = words
        .into_iter()
        .map(|w| {
            if matches!(w, "->" | "→" | "=>" | "-->") {
                "to"
            } else {
                w
            }
        })
        .collect();
    words.join(" ")
}

/// Chat spellings and common slips, word by word (case-insensitive).
const SHORTHAND: &[(&str, &str)] = &[
    ("tmrw", "tomorrow"),
    ("tmr", "tomorrow"),
    ("tmrow", "tomorrow"),
    ("tmw", "tomorrow"),
    ("tomoz", "tomorrow"),
    ("2moro", "tomorrow"),
    ("2morrow", "tomorrow"),
    ("tomorow", "tomorrow"),
    ("tommorow", "tomorrow"),
    ("tommorrow", "tomorrow"),
    ("2day", "today"),
    ("tdy", "today"),
    ("2nite", "tonight"),
    ("tonite", "tonight"),
    ("wat", "what"),
    ("wut", "what"),
    ("wat's", "what's"),
    ("wats", "what's"),
    ("whats", "what's"),
    ("cant", "can't"),
    ("dont", "don't"),
    ("wont", "won't"),
    ("im", "i'm"),
    ("ive", "i've"),
    ("u", "you"),
    ("ur", "your"),
    ("thnx", "thanks"),
    ("thanx", "thanks"),
    ("tks", "thanks"),
    ("b4", "before"),
    ("w/", "with"),
    ("w/o", "without"),
    ("pls", "please"),
    ("plz", "please"),
    ("mins", "minutes"),
    ("hrs", "hours"),
];

/// Short forms of a verb said first: "del 4", "rm 4", "x 5".
const FIRST_WORD_SHORTHAND: &[(&str, &str)] = &[
    ("del", "delete"),
    ("rm", "delete"),
    ("rem", "delete"),
    ("ad", "add"),
    ("x", "done"),
    ("fin", "done"),
    ("ls", "list"),
    ("tz", "timezone"),
];

/// Words people mistype where a slip changes the reading: the first two
/// words of a request, and its last.
/// Only words of five letters or more, whose one-letter neighbours are not
/// everyday words ("move" is one letter from "movie", "pending" from "spending").
const LEADING_KEYWORDS: &[&str] = &[
    "remind",
    "delete",
    "rename",
    "complete",
    "finish",
    "finished",
    "snooze",
    "cancel",
    "update",
    "completed",
    "deleted",
    "renamed",
    "updated",
    "cancelled",
    "canceled",
    "snoozed",
    "reminder",
    "reminders",
    "scheduled",
    "postponed",
    "finishes",
    "completes",
    "schedule",
    "reschedule",
    "postpone",
    "hello",
    "thanks",
];
const TRAILING_KEYWORDS: &[&str] = &[
    "complete",
    "completed",
    "finished",
    "today",
    "tomorrow",
    "tonight",
    "overdue",
    "priority",
];

/// Optimal string alignment distance, capped: whether `a` is one edit
/// (insert, delete, substitute, swap of neighbours) from `b`.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()] == 1
}

/// Everyday command words, corrected anywhere when two neighbouring letters
/// are swapped ("lsit", "taks", "waht's", "shwo"): a swap of one of these is
/// almost never another word.
const SWAP_KEYWORDS: &[&str] = &[
    "task", "tasks", "list", "show", "what", "what's", "todo", "todos", "done", "delete", "remove", "today",
    "pending", "overdue", "tomorrow", "week", "mark", "move", "rename", "snooze", "complete", "finished",
    "remind", "agenda", "left",
];

/// The keyword `word` is with two neighbouring letters swapped back.
fn swapped_keyword(word: &str) -> Option<String> {
    let w: Vec<char> = word.chars().collect();
    if w.len() < 4 || SWAP_KEYWORDS.contains(&word) {
        return None;
    }
    SWAP_KEYWORDS
        .iter()
        .find(|k| {
            let k: Vec<char> = k.chars().collect();
            if k.len() != w.len() {
                return false;
            }
            let diff: Vec<usize> = (0..w.len()).filter(|i| w[*i] != k[*i]).collect();
            matches!(diff.as_slice(), [a, b] if *b == a + 1 && w[*a] == k[*b] && w[*b] == k[*a])
        })
        .map(|k| (*k).to_owned())
}

/// A keyword of five letters or more with one letter left out, keeping
/// its first and last ("tody", "pendng", "delte", "overdu" is not: the last
/// letter is gone).
fn dropped_letter_keyword(word: &str) -> Option<String> {
    if word.chars().count() < 4 || SWAP_KEYWORDS.contains(&word) {
        return None;
    }
    SWAP_KEYWORDS
        .iter()
        .filter(|k| k.len() >= 5 && k.len() == word.len() + 1)
        .filter(|k| k.chars().next() == word.chars().next() && k.chars().last() == word.chars().last())
        .find(|k| {
            (0..k.len()).any(|i| k.is_char_boundary(i) && format!("{}{}", &k[..i], &k[i + 1..]) == word)
        })
        .map(|k| (*k).to_owned())
}

/// Words spelt out: shorthand, first-word verbs, and a slip in a keyword
/// where a keyword is expected. Quoted titles are left alone.
fn shorthand(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let quoted = text.contains(['"', '“', '”']);
    let n = words.len();
    let mut out: Vec<String> = Vec::with_capacity(n);
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        let core = lower.trim_end_matches(['?', '!', '.', ',', ':', ';']);
        let tail = &lower[core.len()..];
        let spelt = SHORTHAND
            .iter()
            .chain(FIRST_WORD_SHORTHAND.iter().filter(|_| i == 0 && n > 1))
            .find(|(short, _)| *short == core)
            .map(|(_, long)| (*long).to_owned())
            .or_else(|| {
                let keywords = if i < 2 {
                    LEADING_KEYWORDS
                } else if i + 1 == n {
                    TRAILING_KEYWORDS
                } else {
                    return None;
                };
                let candidate = core.len() >= 5
                    && !quoted
                    && core.chars().all(|c| c.is_alphabetic() || c == '\'')
                    && !keywords.contains(&core);
                candidate
                    .then(|| keywords.iter().find(|k| one_edit(core, k)))
                    .flatten()
                    .map(|k| (*k).to_owned())
            })
            .or_else(|| (!quoted).then(|| swapped_keyword(core)).flatten())
            .or_else(|| (!quoted).then(|| dropped_letter_keyword(core)).flatten());
        match spelt {
            Some(long) => out.push(format!("{long}{tail}")),
            None => out.push((*word).to_owned()),
        }
    }
    out.join(" ")
}

/// Politeness and framing around a request, taken off once so the phrase
/// tables below only see the request itself.
const POLITE_PREFIXES: &[&str] = &[
    "could you please ",
    "can you please ",
    "would you please ",
    "will you please ",
    "could you ",
    "can you ",
    "would you ",
    "will you ",
    "please ",
    "pls ",
    "plz ",
    "kindly ",
    "hey tasklink, ",
    "hey tasklink ",
    "tasklink, ",
    "hey, ",
    "hi, ",
    "hey ",
    "hi ",
    "hello ",
    "yo ",
    "ok, ",
    "okay, ",
    "ok so ",
    "so ",
    "just ",
    "quickly ",
    "i'd like you to ",
    "i would like you to ",
    "i want you to ",
    "go ahead and ",
    "ok ",
    "okay ",
    "alright ",
    "hey there ",
    "hey there, ",
    "hello there ",
    "hi there ",
    "can i ",
    "could i ",
    "may i ",
    "i want to ",
    "i'd like to ",
    "i would like to ",
    "let's ",
    "lets ",
    "um ",
    "uh ",
    "oh ",
    "also ",
    "and ",
    "right, ",
    "actually ",
    "actually, ",
    "btw ",
    "btw, ",
    "fyi ",
    "fyi, ",
    "possibly ",
    "if you could ",
    "if you can ",
    "would you mind ",
    "do you mind ",
    "could you possibly ",
    "i was wondering if you could ",
    "i was wondering if you could possibly ",
    "i wonder if you could ",
    "if it's not too much trouble ",
    "if it's not too much trouble, ",
    "if it isn't too much trouble ",
    "when you get a chance ",
    "when you get a chance, ",
    "wanted to let you know that ",
    "i wanted to let you know that ",
    "just wanted to let you know that ",
    "i just wanted to let you know that ",
    "just so you know ",
    "just so you know, ",
    "i'd appreciate it if you could ",
    "i'd really appreciate it if you could ",
    "i would appreciate it if you could ",
    "be a dear and ",
    "do me a favour and ",
    "do me a favor and ",
];

const POLITE_SUFFIXES: &[&str] = &[
    " please",
    " pls",
    " plz",
    " for me",
    " thanks",
    " thank you",
    " thx",
    " if you can",
    " if you could",
    " if possible",
    " now",
    " thanks a lot",
    " thank you so much",
    " cheers",
    " ty",
    " :)",
    " 🙏",
];

/// Trims, drops politeness at either end (repeatedly: "could you please … for me, thanks"),
/// closing punctuation, and quotes around the whole message.
/// Interjections said first, with or without punctuation: "hey! add milk",
/// "ugh i need to …", "k add eggs".
const INTERJECTIONS: &[&str] = &[
    "hey", "hi", "hello", "yo", "ok", "okay", "oh", "omg", "ugh", "argh", "so", "well", "um", "umm", "hmm",
    "k", "kk", "alright", "right", "cool", "great", "welp", "honestly", "like", "ah", "ahh", "uh", "oops",
    "wow", "sweet", "perfect", "yes", "yeah", "yep", "no", "nope",
];

/// The text without an interjection at its start, when more follows.
fn without_interjection(s: &str) -> Option<String> {
    let (first, rest) = s.split_once(' ')?;
    let word = first.trim_end_matches(['!', ',', '.', '…']).to_ascii_lowercase();
    (INTERJECTIONS.contains(&word.as_str()) && !rest.trim().is_empty()).then(|| rest.trim().to_owned())
}

/// Where a correction naming another task number starts at the end:
/// "mark 4 done, not 3", "delete 6 (not 5)", "done 2 not task 3".
fn trailing_correction(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let (at, marker) = [", not ", " (not ", " not ", " - not "]
        .iter()
        .filter_map(|m| lower.rfind(m).map(|i| (i, *m)))
        .max_by_key(|(i, _)| *i)?;
    let rest = lower[at + marker.len()..].trim_end_matches([')', '!', '.']);
    let rest = rest
        .strip_prefix("task ")
        .or_else(|| rest.strip_prefix("number "))
        .unwrap_or(rest)
        .trim_start_matches('#');
    (at > 0 && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())).then_some(at)
}

/// Afterthoughts said after a request: a reason, which goes ("cancel task 3,
/// no longer needed", "delete 4 it's done already"), or how much it matters,
/// which becomes the priority word ("must cancel the gym membership, it's
/// urgent", "book the vet this is important"). A reason after a comma or a
/// dash may be any of `REASONS`; without one it must start with "it"/"this".
const REASONS: &[&str] = &[
    "no longer needed",
    "not needed anymore",
    "not needed any more",
    "not needed",
    "no need anymore",
    "don't need it anymore",
    "dont need it anymore",
    "don't need it",
    "dont need it",
    "no longer relevant",
    "not relevant anymore",
    "not happening",
    "not happening anymore",
    "plans changed",
    "my plans changed",
    "was a mistake",
    "my mistake",
    "added it by mistake",
    "already sorted",
    "all sorted",
];
const IT_REASONS: &[&str] = &[
    "it's done already",
    "its done already",
    "it is done already",
    "it's already done",
    "its already done",
    "it is already done",
    "it's done",
    "its done",
    "it's been done",
    "it's finished",
    "it's sorted",
    "it's cancelled",
    "it's canceled",
    "it got cancelled",
    "it got canceled",
    "it was cancelled",
    "it was canceled",
    "it's not happening",
    "it's no longer needed",
    "it's not needed",
    "it isn't needed",
    "it was a mistake",
    "that was a mistake",
    "i don't need it anymore",
    "i dont need it anymore",
    "i don't need it",
    "i dont need it",
];
const SAID_IMPORTANCE: &[(&str, &str)] = &[
    ("it's urgent", "urgent"),
    ("its urgent", "urgent"),
    ("it is urgent", "urgent"),
    ("this is urgent", "urgent"),
    ("that's urgent", "urgent"),
    ("it's really urgent", "urgent"),
    ("it's super urgent", "urgent"),
    ("it's important", "important"),
    ("its important", "important"),
    ("it is important", "important"),
    ("this is important", "important"),
    ("that's important", "important"),
    ("it's really important", "important"),
    ("this one is important", "important"),
    ("it's not urgent", "low priority"),
    ("its not urgent", "low priority"),
    ("it is not urgent", "low priority"),
    ("it isn't urgent", "low priority"),
    ("this isn't urgent", "low priority"),
    ("no rush", "low priority"),
    ("there's no rush", "low priority"),
    ("it can wait", "low priority"),
];

/// Where an afterthought starts at the end, and the priority words it becomes.
fn afterthought(s: &str) -> Option<(usize, Option<&'static str>)> {
    let lower = s.to_ascii_lowercase();
    let lower = lower.trim_end_matches(['.', '!', ' ']);
    let seps: &[&str] = &[", ", " - ", "; ", " – ", " — ", ". ", "! "];
    let open = IT_REASONS
        .iter()
        .map(|r| (*r, None))
        .chain(SAID_IMPORTANCE.iter().map(|(r, w)| (*r, Some(*w))));
    let spaced = open.filter_map(|(r, said)| {
        let head = lower.strip_suffix(r)?;
        let cut = head
            .trim_end_matches([',', ';', '-', '–', '—', '.', '!', ' '])
            .len();
        (head.ends_with(' ') && cut > 0).then_some((cut, said))
    });
    let after_sep = REASONS.iter().filter_map(|r| {
        let head = lower.strip_suffix(r)?;
        let sep = seps.iter().find(|sep| head.ends_with(**sep))?;
        let cut = head.len() - sep.len();
        (cut > 0).then_some((cut, None))
    });
    spaced.chain(after_sep).min_by_key(|(cut, _)| *cut)
}

fn normalize(text: &str) -> String {
    // A slash command typed where commands are not parsed: "/add milk" is "add milk".
    let text = text.trim_start().strip_prefix('/').unwrap_or(text);
    let mut s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = s.len();
        if let Some(rest) = without_interjection(&s) {
            s = rest;
        }
        if let Some(at) = trailing_correction(&s) {
            s.truncate(at);
        }
        if let Some((at, said)) = afterthought(&s) {
            s.truncate(at);
            if let Some(said) = said {
                s.push_str(", ");
                s.push_str(said);
            }
        }
        s = s
            .trim()
            .trim_end_matches(['.', '!', '?', ',', ';', ' '])
            .to_owned();
        let lower = s.to_ascii_lowercase();
        // "just called mum": "just" before a past form is news of a task
        // done (`done_in_the_past`), not politeness.
        let news = |p: &str| {
            let next = lower[p.len()..].split_whitespace().next().unwrap_or("");
            PAST_DONE_SIGNALS.contains(&p.trim()) && PAST_TASK_VERBS.contains(&next)
        };
        if let Some(p) = POLITE_PREFIXES
            .iter()
            .filter(|p| lower.starts_with(*p) && lower.len() > p.len() && !news(p))
            .max_by_key(|p| p.len())
        {
            s = s[p.len()..].to_owned();
        }
        let lower = s.to_ascii_lowercase();
        if let Some(x) = POLITE_SUFFIXES
            .iter()
            .filter(|x| lower.ends_with(*x) && lower.len() > x.len())
            .max_by_key(|x| x.len())
        {
            s.truncate(s.len() - x.len());
        }
        // "I really need to …", "I just finished 3": the adverb goes.
        let lower = s.to_ascii_lowercase();
        if let Some(adverb) = [
            "really ",
            "just ",
            "actually ",
            "definitely ",
            "also ",
            "still ",
            "probably ",
            "totally ",
            "finally ",
        ]
        .iter()
        .find(|a| lower.strip_prefix("i ").is_some_and(|r| r.starts_with(**a)))
        {
            // "I just called mum" keeps its "just" (a completion, see
            // `done_in_the_past`); "I just finished 3" is "I finished 3".
            let past = lower[2 + adverb.len()..].split_whitespace().next().unwrap_or("");
            if PAST_DONE_SIGNALS.contains(&adverb.trim()) && PAST_TASK_VERBS.contains(&past) {
                s = s[2..].to_owned();
            } else {
                s = format!("{}{}", &s[..2], &s[2 + adverb.len()..]);
            }
        }
        let unquoted = unquote(&s);
        if unquoted.len() != s.len() && !unquoted.contains(['"', '“', '”']) {
            s = unquoted.to_owned();
        }
        if s.len() == before {
            return s;
        }
    }
}

struct Text<'a> {
    original: &'a str,
    lower: &'a str,
}

impl<'a> Text<'a> {
    /// The original text after the first matching prefix (case-insensitive).
    /// The longest matching prefix wins, so a table's order does not matter
    /// ("done with " before "done ").
    fn after(&self, prefixes: &[&str]) -> Option<Text<'a>> {
        let p = prefixes
            .iter()
            .filter(|p| self.lower.starts_with(**p))
            .max_by_key(|p| p.len())?;
        Some(Text {
            original: self.original[p.len()..].trim_start(),
            lower: self.lower[p.len()..].trim_start(),
        })
    }

    /// After a framing phrase that ends at a word boundary, with any
    /// separator after it taken off: "note to self: x", "memo - x", "todo x".
    fn after_frame(&self, frames: &[&str]) -> Option<Text<'a>> {
        let p = frames
            .iter()
            .map(|p| p.trim_end_matches([' ', ':']))
            .filter(|p| {
                self.lower.starts_with(*p)
                    && !self.lower[p.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '\'')
            })
            .max_by_key(|p| p.len())?;
        let cut = |s: &'a str| s[p.len()..].trim_start_matches([':', '-', '–', '—', ',', ' ']);
        let rest = Text {
            original: cut(self.original),
            lower: cut(self.lower),
        };
        (!rest.lower.is_empty()).then_some(rest)
    }

    /// The original text before the first matching suffix.
    fn before(&self, suffixes: &[&str]) -> Option<Text<'a>> {
        let s = suffixes
            .iter()
            .filter(|s| self.lower.ends_with(**s))
            .max_by_key(|s| s.len())?;
        let end = self.lower.len() - s.len();
        Some(Text {
            original: self.original[..end].trim_end(),
            lower: self.lower[..end].trim_end(),
        })
    }

    fn is_one_of(&self, words: &[&str]) -> bool {
        words.contains(&self.lower)
    }

    fn has_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| contains_word(self.lower, w))
    }
}

fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A task reference: `3`, `#3`, `task 3`, `number 3`.
fn number_token(t: &Text<'_>) -> Option<(String, String)> {
    let rest = t
        .after(&[
            "task number ",
            "task no. ",
            "task #",
            "task ",
            "number ",
            "no. ",
            "#",
        ])
        .unwrap_or(Text {
            original: t.original,
            lower: t.lower,
        });
    let mut parts = rest.original.splitn(2, char::is_whitespace);
    let first = parts
        .next()?
        .trim_start_matches('#')
        .trim_end_matches([':', ',', '.', ')'])
        .trim_end_matches("'s")
        .trim_end_matches("’s");
    let remainder = parts.next().unwrap_or("").trim().to_owned();
    first
        .chars()
        .next()?
        .is_ascii_digit()
        .then(|| (first.to_owned(), remainder))
}

/// `the meeting task` → `meeting`.
fn task_name(t: &Text<'_>) -> Option<String> {
    let inner = t.after(&["the ", "my ", "that ", "this "]).unwrap_or(Text {
        original: t.original,
        lower: t.lower,
    });
    let inner = inner
        .before(&[" task", " todo", " item", " one", " reminder", " thing", " entry"])
        .unwrap_or(inner);
    let inner = inner
        .after(&["task ", "task called ", "task named "])
        .unwrap_or(inner);
    let name = unquote(inner.original);
    // A long "name" is a sentence the phrase tables misread, not a task.
    let words = name.split_whitespace().count();
    (!name.is_empty() && words <= 6).then(|| name.to_owned())
}

fn unquote(s: &str) -> &str {
    s.trim()
        .trim_matches(['"', '\'', '“', '”', '‘', '’', '`', '«', '»'])
        .trim()
}

/// Ways to ask what the bot does.
const HELP_PHRASES: &[&str] = &[
    "help",
    "?",
    "commands",
    "menu",
    "start",
    "what can you do",
    "what do you do",
    "what are you",
    "who are you",
    "what is this",
    "what's this",
    "how does this work",
    "how does it work",
    "how do i use this",
    "how do i use you",
    "how do i use it",
    "how do you work",
    "what commands are there",
    "what commands do you know",
    "which commands are there",
    "what can i say",
    "what can i ask",
    "show me the commands",
    "list commands",
    "show commands",
    "help me",
    "i need help",
    "instructions",
    "usage",
];

/// Questions about the bot anywhere in a message: "hello! what sort of things can you help me with?"
const HELP_MARKERS: &[&str] = &[
    "what can you do",
    "what can you help",
    "help me with",
    "what sort of things",
    "what kind of things",
    "how do i use",
    "how does this work",
    "how does this bot work",
    "what commands",
    "which commands",
    "what are your commands",
    "what can i ask",
    "what can i say",
    "what are you able to",
    "what can this bot do",
    "about yourself",
    "introduce yourself",
    "tell me about tasklink",
    "tell me about this bot",
    "what are the commands",
    "which are the commands",
    "show the commands",
    "the commands",
    "your commands",
    "what is tasklink",
    "what's tasklink",
    "what does tasklink",
    "how does tasklink",
    "who is tasklink",
    "what can this thing do",
    "what can this do",
    "what does this bot do",
    "what does this thing do",
    "what is this bot",
    "what's this bot",
    "what is this thing",
    "what else can you do",
    "what are you for",
    "what is this for",
    "what's this for",
    "what are your features",
    "help me out",
    "how does this thing work",
    "how does it work",
    "how do you work",
    "how do i use",
    "how to use",
    "how can i use",
    "how do i add",
    "how do i delete",
    "how do i mark",
    "what should i type",
    "what do i type",
    "what do i say",
    "any commands",
    "list of commands",
    "show me the commands",
    "i'm confused",
    "i am confused",
    "i'm lost",
    "i don't understand",
    "i dont understand",
];

/// Words that may go with "help" in a plain request for it: "i need some help please".
const HELP_COMPANIONS: &[&str] = &[
    "i", "need", "some", "help", "please", "me", "can", "could", "you", "want", "a", "little", "bit", "get",
    "the", "here", "out", "with", "this", "bot", "how", "do", "does", "it", "work", "any", "info", "more",
    "hey", "hi", "hello", "so", "um",
];

fn parse_help(t: &Text<'_>) -> Option<Intent> {
    let words: Vec<&str> = t
        .lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let plain_help = words.contains(&"help") && words.iter().all(|w| HELP_COMPANIONS.contains(w));
    (plain_help || t.is_one_of(HELP_PHRASES) || HELP_MARKERS.iter().any(|m| t.lower.contains(m)))
        .then_some(Intent::Help)
}

/// Words of a greeting or a thank-you; a message made only of these (with at
/// least one of the first kind) is small talk, not a request.
const SOCIAL_WORDS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "howdy",
    "yo",
    "sup",
    "greetings",
    "morning",
    "evening",
    "afternoon",
    "thanks",
    "thank",
    "thx",
    "ty",
    "cheers",
    "ta",
    "appreciated",
    "appreciate",
    "it",
    "helo",
    "hallo",
    "hii",
    "heya",
    "night",
    "goodnight",
    "nite",
    "gn",
    "gm",
    "bye",
    "goodbye",
    "byebye",
    "cya",
    "farewell",
    "you're",
    "youre",
    "nighty",
    "rock",
    "rocks",
    "see",
];
const SOCIAL_FILLERS: &[&str] = &[
    "there",
    "you",
    "so",
    "much",
    "very",
    "a",
    "lot",
    "many",
    "ok",
    "okay",
    "great",
    "cool",
    "awesome",
    "nice",
    "tasklink",
    "bot",
    "good",
    "all",
    "again",
    "man",
    "mate",
    "friend",
    "buddy",
    "again",
    "really",
    "for",
    "that",
    "the",
    "help",
    "oh",
    "and",
    "perfect",
    "brilliant",
    "your",
    "today",
    "with",
    "me",
    "everything",
    "this",
    "tonight",
    "loads",
    "heaps",
    "bunch",
    "no",
    "best",
    "rock",
    "amazing",
    "star",
    "legend",
    "sleep",
    "well",
    "sweet",
    "dreams",
    "see",
    "ya",
    "later",
    "soon",
    "have",
    "day",
    "one",
    "now",
    "are",
    "is",
    "such",
    "job",
    "work",
    "talk",
    "speak",
    "chat",
    "tomorrow",
    "catch",
];
const HOW_ARE_YOU: &[&str] = &[
    "how are you",
    "how are you doing",
    "how's it going",
    "hows it going",
    "how is it going",
    "what's up",
    "whats up",
    "how do you do",
    "how are things",
    "how's everything",
    "how is everything",
    "how you doing",
    "how are you today",
    "how's your day",
    "how was your day",
];

/// Greetings, thanks and "how are you", on the raw text (before politeness is
/// taken off: "hi there" is all politeness).
fn small_talk(text: &str) -> Option<Intent> {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let phrase = words.join(" ");
    let social = words.iter().any(|w| SOCIAL_WORDS.contains(w) && *w != "it")
        && words
            .iter()
            .all(|w| SOCIAL_WORDS.contains(w) || SOCIAL_FILLERS.contains(w));
    let how = HOW_ARE_YOU
        .iter()
        .any(|h| phrase == *h || phrase.ends_with(&format!(" {h}")) && words.len() <= 5);
    (social || how).then_some(Intent::Greeting)
}

/// Topics of chit-chat: reactions, feelings, the weather, yes and no.
const CHAT_TOPICS: &[&str] = &[
    "lol",
    "lmao",
    "lmfao",
    "rofl",
    "haha",
    "hahaha",
    "hehe",
    "heh",
    "omg",
    "wow",
    "cool",
    "nice",
    "neat",
    "sweet",
    "awesome",
    "great",
    "ok",
    "okay",
    "k",
    "kk",
    "yes",
    "yeah",
    "yep",
    "yup",
    "no",
    "nope",
    "nah",
    "sure",
    "fine",
    "hmm",
    "hm",
    "meh",
    "ugh",
    "oops",
    "tired",
    "sleepy",
    "hungry",
    "thirsty",
    "bored",
    "busy",
    "happy",
    "sad",
    "stressed",
    "exhausted",
    "sick",
    "fun",
    "boring",
    "love",
    "lovely",
    "beautiful",
    "amazing",
    "terrible",
    "awful",
    "weather",
    "sunny",
    "rainy",
    "raining",
    "rain",
    "snow",
    "snowing",
    "cold",
    "hot",
    "warm",
    "freezing",
    "windy",
    "cloudy",
    "lucky",
    "weird",
    "funny",
    "bad",
    "good",
    "alright",
    "interesting",
    "true",
    "agreed",
    "exactly",
    "indeed",
    "right",
    "whatever",
    "same",
];

/// Words that go with chit-chat without making it a request.
const CHAT_FILLERS: &[&str] = &[
    "it",
    "it's",
    "its",
    "is",
    "so",
    "very",
    "really",
    "too",
    "today",
    "tonight",
    "outside",
    "here",
    "the",
    "a",
    "an",
    "what",
    "i",
    "i'm",
    "im",
    "am",
    "feel",
    "feeling",
    "kinda",
    "pretty",
    "quite",
    "this",
    "that",
    "that's",
    "thats",
    "was",
    "such",
    "just",
    "out",
    "there",
    "oh",
    "and",
    "but",
    "ah",
    "well",
    "of",
    "me",
    "we",
    "now",
    "man",
    "dude",
    "day",
    "morning",
    "afternoon",
    "evening",
    "weekend",
    "lol",
    "totally",
    "super",
    "getting",
    "got",
    "bit",
    "little",
    "much",
    "all",
    "then",
    "cool",
    "then",
    "again",
    "thing",
];

/// A sentence made only of chit-chat ("nice weather today", "lol ok",
/// "i'm so tired"): no task verb, task noun, number or time of its own. It
/// gets the friendly answer that says what the bot can do, never a task.
fn chit_chat(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 8
        && words.iter().any(|w| CHAT_TOPICS.contains(w))
        && words
            .iter()
            .all(|w| CHAT_TOPICS.contains(w) || CHAT_FILLERS.contains(w) || SOCIAL_WORDS.contains(w))
}

/// Words that are never a shopping-list item on their own.
const NOT_ITEMS: &[&str] = &[
    "nothing",
    "something",
    "anything",
    "everything",
    "test",
    "testing",
    "stuff",
    "things",
    "thing",
    "undo",
    "redo",
    "stop",
    "settings",
    "options",
    "more",
    "again",
    "back",
    "next",
    "previous",
    "what",
    "why",
    "who",
    "where",
    "when",
    "how",
    "which",
    "please",
    "sorry",
    "maybe",
    "idk",
    "dunno",
    "nevermind",
    "never",
    "mind",
    "play",
    "sing",
    "tell",
    "translate",
    "show",
    "find",
    "search",
    "open",
    "close",
    "start",
    "go",
    "cancel",
    "done",
    "delete",
    "remove",
    "clear",
    "reset",
    "list",
    "task",
    "tasks",
    "todo",
    "todos",
    "reminder",
    "reminders",
    "me",
    "you",
    "i",
    "my",
    "your",
    "it",
    "we",
    "they",
    "he",
    "she",
    "this",
    "that",
    "is",
    "are",
    "was",
    "not",
    "don't",
    "do",
    "does",
    "did",
    "can",
    "will",
    "would",
    "should",
    "menu",
    "status",
    "version",
    "ping",
    "hello",
    "asdf",
    "enough",
    "brb",
    "gtg",
    "np",
    "sounds",
    "perfect",
    "understood",
    "noted",
    "got",
    "gotcha",
    "roger",
    "bet",
    "welcome",
    "wait",
    "huh",
    "what's",
    "whats",
    "um",
    "uh",
    "er",
    "anyway",
    "anyways",
    "btw",
    "fair",
];

/// A bare noun phrase is a shopping-list style task: "milk", "oat milk",
/// "eggs and bread", "milk, eggs & butter". At most two words per item,
/// letters only, no question, nothing that reads as chat or a command.
fn bare_item(said: &str, t: &Text<'_>, question: bool) -> Option<Intent> {
    // As said, before politeness and interjections went: "ugh mondays" is not an item.
    let said = said.trim().trim_end_matches(['.', '!']).to_lowercase();
    let said = ["please ", "pls ", "add "]
        .iter()
        .fold(said.as_str(), |s, p| s.strip_prefix(p).unwrap_or(s));
    let said = [" please", " pls", " thanks", " thx", " ty"]
        .iter()
        .fold(said, |s, x| s.strip_suffix(x).unwrap_or(s));
    if question || said != t.lower {
        return None;
    }
    let items: Vec<&str> = t
        .lower
        .split([',', '&', '+'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .collect();
    let word_ok = |w: &str| {
        w.len() > 1
            && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !NOT_ITEMS.contains(&w)
            && !CHAT_TOPICS.contains(&w)
            && !SOCIAL_WORDS.contains(&w)
            && !gibberish(w)
    };
    let fits = |item: &str| {
        let words: Vec<&str> = item.split_whitespace().collect();
        (1..=2).contains(&words.len()) && words.iter().all(|w| word_ok(w))
    };
    (items.len() <= 6 && items.iter().all(|i| fits(i))).then(|| Intent::Add(t.original.to_owned()))
}

/// Keyboard mashing: a row run ("asdf", "qwer") or five consonants in a row.
fn gibberish(w: &str) -> bool {
    const RUNS: &[&str] = &[
        "asdf", "sdfg", "dfgh", "fghj", "ghjk", "hjkl", "qwer", "wert", "zxcv", "xcvb",
    ];
    let mut consonants = 0;
    let mut longest = 0;
    for c in w.chars() {
        if c.is_ascii_alphabetic() && !"aeiouy".contains(c) {
            consonants += 1;
            longest = longest.max(consonants);
        } else {
            consonants = 0;
        }
    }
    longest >= 5 || RUNS.iter().any(|r| w.contains(r))
}

/// Words of the daily agenda and quiet hours settings. The brain has no tool
/// for them (they are the /daily and /quiet commands), so a request for one
/// gets the help, which shows both commands, and is never added as a task.
const AGENDA_WORDS: &[&str] = &["agenda", "summary", "digest", "briefing", "overview", "rundown"];
const EVERY_DAY: &[&str] = &[
    "daily",
    "every day",
    "every morning",
    "each morning",
    "each day",
    "every evening",
    "every night",
];
const QUIET_WORDS: &[&str] = &[
    "quiet hours",
    "quiet time",
    "do not disturb",
    "don't disturb",
    "dont disturb",
    "don't message me",
    "don't text me",
    "don't ping me",
    "no notifications",
    "no reminders at night",
    "mute notifications",
    "mute reminders",
    "stop messaging me",
];

fn agenda_or_quiet_setting(t: &Text<'_>) -> Option<Intent> {
    let agenda = t.has_any(AGENDA_WORDS) && t.has_any(EVERY_DAY);
    let quiet = QUIET_WORDS.iter().any(|q| t.lower.contains(q));
    (agenda || quiet).then_some(Intent::Help)
}

/// "I'm in Tokyo", "my time zone is Europe/Berlin", "set my timezone to Asia/Kolkata".
fn parse_zone(t: &Text<'_>) -> Option<Intent> {
    // "use Europe/Berlin time", "Tokyo time please"
    let bare = t.after(&["use ", "switch to ", "go with "]).unwrap_or(Text {
        original: t.original,
        lower: t.lower,
    });
    if let Some(place) = bare.before(&[" time", " time zone", " timezone", " hours"])
        && time::parse_zone(place.original).is_ok()
        && place.original.len() < t.original.len()
    {
        return Some(Intent::SetZone(place.original.to_owned()));
    }
    // "use Europe/Madrid": a zone's own name after the verb.
    if bare.original.len() < t.original.len()
        && bare.original.contains('/')
        && time::parse_zone(bare.original).is_ok()
    {
        return Some(Intent::SetZone(bare.original.to_owned()));
    }
    // "I just moved to Paris": adverbs between the subject and the verb.
    let (original, lower);
    let t = match ["just ", "recently ", "now ", "currently "].iter().find_map(|a| {
        t.lower
            .find(a)
            .filter(|i| *i > 0 && *i < 12)
            .map(|i| (i, a.len()))
    }) {
        Some((i, n)) => {
            original = format!("{}{}", &t.original[..i], &t.original[i + n..]);
            lower = original.to_ascii_lowercase();
            Text {
                original: &original,
                lower: &lower,
            }
        }
        None => Text {
            original: t.original,
            lower: t.lower,
        },
    };
    let rest = zone_frame(&t).or_else(|| {
        t.after(&[
            "i've moved to ",
            "i've relocated to ",
            "i have relocated to ",
            "i'm moving to ",
            "i am moving to ",
            "i've arrived in ",
            "i have arrived in ",
            "i arrived in ",
            "i'm visiting ",
            "i am visiting ",
            "i have moved to ",
            "i relocated to ",
            "i'm staying in ",
            "i am staying in ",
            "i'm living in ",
            "i am living in ",
            "i'm located in ",
            "i am located in ",
            "i'm travelling in ",
            "i'm traveling in ",
            "set my zone to ",
            "change my zone to ",
            "set my time zone to ",
            "set my time zone to ",
            "set my timezone to ",
            "change my time zone to ",
            "change my timezone to ",
            "set time zone to ",
            "set timezone to ",
            "my time zone is ",
            "my timezone is ",
            "time zone ",
            "timezone ",
            "i'm in ",
            "im in ",
            "i am in ",
            "i live in ",
            "i'm living in ",
            "i moved to ",
            "i'm now in ",
            "i landed in ",
            "i've landed in ",
            "i have landed in ",
            "landed in ",
            "i'm back in ",
            "i am back in ",
            "back in ",
            "i flew to ",
            "i've flown to ",
            "i got to ",
            "i'm here in ",
            "arrived in ",
            "now in ",
            "i am now in ",
            "i'm based in ",
            "i'm currently in ",
            "i am currently in ",
        ])
    })?;
    let rest = rest.after(ZONE_LINKERS).unwrap_or(rest);
    // "Singapore, so please update my time zone": the place ends at the clause.
    let end = [
        ",",
        " so ",
        " and ",
        " now",
        " please",
        ";",
        " - ",
        " this ",
        " for ",
        " until ",
        " till ",
        " today",
        " tonight",
        " at the moment",
        " right now",
        " these days",
        " from ",
        " last ",
        " since ",
        " yesterday",
        " recently",
        " a few ",
        " earlier",
    ]
    .iter()
    .filter_map(|m| rest.lower.find(m))
    .min()
    .unwrap_or(rest.lower.len());
    let rest = Text {
        original: &rest.original[..end],
        lower: &rest.lower[..end],
    };
    let place = unquote(rest.original).trim_end_matches(" now").trim();
    // Only what the zone table knows: "I'm in a meeting" is not a place.
    time::parse_zone(place)
        .is_ok()
        .then(|| Intent::SetZone(place.to_owned()))
}

/// What joins a zone setting to its value: "my timezone should be Tokyo".
const ZONE_LINKERS: &[&str] = &[
    "is ",
    "to ",
    "= ",
    "should be ",
    "is now ",
    "needs to be ",
    "must be ",
    "as ",
    "into ",
    "over to ",
];

/// A zone setting said as a statement or an order, after its framing:
/// "[set|change|update|switch] [my|the] time zone [to|is|should be] …".
fn zone_frame<'a>(t: &Text<'a>) -> Option<Text<'a>> {
    let same = |t: &Text<'a>| Text {
        original: t.original,
        lower: t.lower,
    };
    let rest = t
        .after(&[
            "set ", "change ", "update ", "switch ", "make ", "put ", "fix ", "adjust ", "reset ",
        ])
        .unwrap_or(same(t));
    let rest = rest.after(&["my ", "the "]).unwrap_or(rest);
    let rest = rest.after_frame(&["time zone", "timezone", "tz", "zone", "local time"])?;
    Some(rest.after(ZONE_LINKERS).unwrap_or(rest))
}

/// "snooze task 2 for an hour", "snooze 2 until 5pm", "remind me about task 3 in 30 minutes".
fn parse_snooze(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(&[
        "snooze ",
        "snooze the reminder for ",
        "snooze the reminder of ",
        "snooze the reminder on ",
        "snooze my reminder for ",
        "snooze the alarm for ",
        "remind me about ",
        "remind me again about ",
        "remind me again of ",
        "postpone the reminder for ",
        "postpone the reminder of ",
        "put off the reminder for ",
        "put off the reminder of ",
        "delay the reminder for ",
        "delay the reminder of ",
        "push the reminder for ",
        "push back the reminder for ",
    ])?;
    let (target, remainder) = split_target(
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
        ],
    )?;
    let mut remainder = remainder.to_ascii_lowercase();
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
        .unwrap_or(when)
        .lower;
    let when = match when {
        "" => "1h",
        "an hour" | "one hour" | "a hour" => "1h",
        "half an hour" => "30m",
        "a day" | "one day" => "1 day",
        other => other,
    };
    Some(Intent::Snooze(target, when.to_owned()))
}

/// Words said between a snoozed task and its time that change nothing.
const SNOOZE_FILLERS: &[&str] = &["again", "once more", "one more time", "later", "please", "pls"];

/// The task a request is about and what follows it: `3 for an hour`,
/// `task 3 to friday`, `the laundry reminder for 2 hours` (a name ends at the
/// first of `linkers`, or at the end).
fn split_target(t: &Text<'_>, linkers: &[&str]) -> Option<(Target, String)> {
    if let Some((number, remainder)) = number_token(t) {
        return Some((Target::Number(number), remainder));
    }
    let at = linkers
        .iter()
        .filter_map(|l| t.lower.find(l))
        .min()
        .unwrap_or(t.lower.len());
    let name = Text {
        original: &t.original[..at],
        lower: &t.lower[..at],
    };
    let Some(Target::Named(name)) = reference(&name) else {
        return None;
    };
    Some((Target::Named(name), t.original[at..].trim().to_owned()))
}

const PRIORITY_WORDS: &[(&str, Priority)] = &[
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
    ("highest priority", Priority::High),
    ("lowest priority", Priority::Low),
    ("a priority", Priority::High),
];

/// A task said by number, or by name with an article or "task" ("the report
/// task", "my milk one"): a bare phrase is too likely to be a new task's title.
fn reference(t: &Text<'_>) -> Option<Target> {
    match number_token(t) {
        Some((number, remainder)) if correction_only(&remainder) => Some(Target::Number(number)),
        Some(_) => None,
        None => {
            // Said with a determiner or a task noun at its edge: "the milk
            // one", "my report task", "dentist task"; not "add call the vet p2".
            // "a reminder", "an item" is a new thing, not one on the list.
            let indefinite = ["a ", "an ", "me ", "us ", "myself ", "some "]
                .iter()
                .any(|a| t.lower.starts_with(a));
            let determined = ["the ", "my ", "that ", "this ", "task ", "todo "]
                .iter()
                .any(|d| t.lower.starts_with(d));
            let noun = [" task", " todo", " one", " item", " reminder"]
                .iter()
                .any(|n| t.lower.ends_with(n));
            let named = !indefinite && (determined || noun);
            named.then(|| task_name(t).map(Target::Named)).flatten()
        }
    }
}

/// "make task 4 high priority", "set the priority of task 4 to low", "mark 4 as urgent",
/// "task 4 is urgent", "task 6 p1", "remove the priority from task 3".
fn parse_priority(t: &Text<'_>) -> Option<Intent> {
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
            ])
            .map(|r| (r, Priority::High))
        })
    {
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
    ]);
    if t.lower.starts_with("prioritize ") || t.lower.starts_with("prioritise ") {
        return Some(Intent::SetPriority(reference(&verb?)?, Priority::High));
    }
    let rest = verb.unwrap_or(Text {
        original: t.original,
        lower: t.lower,
    });
    let (body, priority) = level_said_last(&rest)?;
    Some(Intent::SetPriority(reference(&body)?, priority))
}

/// A priority level said last and the task before it: "5 to medium", "task
/// 4 as urgent", "the report up to high priority".
fn level_said_last<'a>(rest: &Text<'a>) -> Option<(Text<'a>, Priority)> {
    let (word, priority) = PRIORITY_WORDS
        .iter()
        .filter(|(w, _)| rest.lower.strip_suffix(w).is_some_and(|b| b.ends_with(' ')))
        .max_by_key(|(w, _)| w.len())?;
    let mut body = Text {
        original: rest.original[..rest.original.len() - word.len()].trim_end(),
        lower: rest.lower[..rest.lower.len() - word.len()].trim_end(),
    };
    while let Some(shorter) = body.before(&[
        " to",
        " as",
        " a",
        " an",
        " is",
        " is a",
        " is an",
        " should be",
        " to be",
        " priority to",
        " priority",
        "'s priority to",
        " with",
        " up",
        " up to",
        " down",
        " down to",
    ]) {
        body = shorter;
    }
    Some((body, *priority))
}

/// Words that introduce a new due after the task.
const WHEN_LINKERS: &[&str] = &[
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
    " back to ",
    " back ",
];

/// "move task 3 to friday", "reschedule 3 for tomorrow 9am", "task 3 is due friday",
/// "set the due date of task 3 to dec 1", "push task 3 to next week",
/// "make task 7 due tomorrow", "remove the due date from task 3".
fn parse_move(t: &Text<'_>) -> Option<Intent> {
    if let Some(rest) = t.after(&[
        "remove the due date from ",
        "remove the due date of ",
        "remove the due date on ",
        "remove the deadline from ",
        "remove the deadline of ",
        "clear the due date of ",
        "clear the due date on ",
        "clear the due date from ",
        "clear the deadline of ",
        "clear the deadline on ",
        "delete the due date of ",
        "delete the due date from ",
        "drop the due date from ",
        "drop the due date of ",
        "no due date for ",
        "no deadline for ",
        "undate ",
    ]) {
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
        "move ",
        "reschedule ",
        "push back ",
        "push ",
        "postpone ",
        "defer ",
        "shift ",
        "bump ",
        "delay ",
        "set ",
        "make ",
        "put ",
    ]);
    let verbless = verb.is_none();
    let rest = verb.unwrap_or(Text {
        original: t.original,
        lower: t.lower,
    });
    let (target, remainder) = split_target(&rest, WHEN_LINKERS)?;
    let lower = format!(" {}", remainder.to_ascii_lowercase());
    // The remainder must start with a linker; without a verb, with "due".
    // Without a verb, "due", or a bare number moved to a time: "3 to friday".
    // "3 to friday", "task 3 → tomorrow" (arrows read "to"), "#4 to monday 9am".
    let bare_number = verbless && matches!(target, Target::Number(_));
    let linker = WHEN_LINKERS
        .iter()
        .filter(|l| lower.starts_with(**l))
        .filter(|l| !verbless || l.contains("due") || (bare_number && is_time_phrase(&lower[l.len()..])))
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
    if when.is_empty() || when.eq_ignore_ascii_case("none") && verbless {
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

/// What introduces a new title after the task.
const TITLE_LINKERS: &[&str] = &[
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

fn parse_rename(t: &Text<'_>) -> Option<Intent> {
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
            "update the title of ",
            "set the title of ",
            "change ",
            "rename ",
            "update ",
            "edit ",
            "retitle ",
            "call ",
        ])
    });
    let verbless = verb.is_none();
    let rest = verb.unwrap_or(Text {
        original: t.original,
        lower: t.lower,
    });
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
    ];
    if verbless || made {
        let (target, remainder) =
            split_target(&rest, &[" should ", " say ", " read ", " is now ", " be called "])?;
        let lower = remainder.to_ascii_lowercase();
        let title = Text {
            original: &remainder,
            lower: &lower,
        }
        .after(strict)?;
        let title = unquote(title.original);
        return (!title.is_empty()).then(|| Intent::Rename(target, title.to_owned()));
    }
    let (target, remainder) = match number_token(&rest) {
        Some((number, remainder)) => (Target::Number(number), remainder),
        // "rename the groceries task to Buy vegetables"
        None => {
            let at = rest.lower.find(" to ")?;
            let name = Text {
                original: &rest.original[..at],
                lower: &rest.lower[..at],
            };
            (
                Target::Named(task_name(&name)?),
                rest.original[at + 1..].to_owned(),
            )
        }
    };
    let remainder = Text {
        original: &remainder,
        lower: &remainder.to_ascii_lowercase(),
    }
    .after(TITLE_LINKERS)
    .map(|r| r.original.to_owned())
    .unwrap_or(remainder);
    let title = unquote(&remainder);
    (!title.is_empty()).then(|| Intent::Rename(target, title.to_owned()))
}

const DONE_WORDS: &[&str] = &[
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

fn parse_complete(t: &Text<'_>) -> Option<Intent> {
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
        None => Text {
            original: t.original,
            lower: t.lower,
        },
    };
    let t = &t;
    // "mark task 3 as complete", "cross 2 off", "tick the milk one off"
    if let Some(rest) = t.after(&["mark ", "check ", "tick ", "cross ", "strike ", "knock "]) {
        let marked = rest.before(DONE_WORDS);
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
    // "complete task 3", "done 3", "finish the report task"
    if let Some(rest) = t.after(&[
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
        "finished w ",
    ]) {
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
        .before(&[" is", " is now", " is all", " has been", " was", " got"])
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

/// Past forms of the to-do verbs that say a task was done: "i've paid the
/// electricity bill", "just called mum". Forms that are also the present
/// ("put", "read", "set", "cut") are left out: "just put out the bins" is
/// an order.
const PAST_TASK_VERBS: &[&str] = &[
    "called",
    "rang",
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
];

/// Words that, before a past form, say it is news of a task done: "i've",
/// "i have", "just", "already", "finally".
const PAST_DONE_SIGNALS: &[&str] = &["just", "already", "finally"];
const PERFECT_LEADS: &[&str] = &["i've ", "ive ", "i have ", "i'd ", "we've ", "we have "];

/// Clauses after a past form that ask to tick the task: "…, cross that off".
const TICK_CLAUSES: &[&str] = &[
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
];

/// News of a task done, with a clear signal, names the task: "i've paid the
/// electricity bill", "just called mum, cross that off", "already booked
/// the dentist". The signal is a perfect ("i've"/"i have" + past form), "just",
/// "already" or "finally" before the past form, or a clause asking to tick it.
/// The name is what follows the verb without its article; it completes a
/// task only when exactly one open task matches (`on_target`), and is asked
/// back otherwise. "i paid the bill" alone is news, not a request.
fn done_in_the_past(t: &Text<'_>) -> Option<Intent> {
    let mut head = Text {
        original: t.original,
        lower: t.lower,
    };
    let mut signal = false;
    let seps: &[&str] = &[", ", " - ", "; ", " and ", " so ", " — ", " – ", ". ", "! ", " "];
    if let Some((at, _)) = TICK_CLAUSES
        .iter()
        .filter_map(|c| {
            let h = t.lower.strip_suffix(c)?;
            let sep = seps.iter().find(|s| h.ends_with(**s))?;
            Some((h.len() - sep.len(), c.len() + sep.len()))
        })
        .max_by_key(|(_, len)| *len)
    {
        head = Text {
            original: t.original[..at].trim_end_matches([',', ' ']),
            lower: t.lower[..at].trim_end_matches([',', ' ']),
        };
        signal = true;
    }
    let (head, perfect) = match head.after(PERFECT_LEADS) {
        Some(r) => (r, true),
        None => (head.after(&["i "]).unwrap_or(head), false),
    };
    let (head, adverb) = match word_after(&head, PAST_DONE_SIGNALS) {
        Some((_, r)) => (r, true),
        None => (head, false),
    };
    if !(signal || perfect || adverb) {
        return None;
    }
    let (_, object) = word_after(&head, PAST_TASK_VERBS)?;
    let object = word_after(&object, &["up", "off", "out", "back", "to", "for", "in", "on"])
        .map_or(object, |(_, r)| r);
    let object = object
        .after(&["the ", "my ", "our ", "a ", "an ", "for "])
        .unwrap_or(object);
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
    task_name(&object).map(|name| Intent::Complete(Target::Named(name)))
}

fn parse_delete(t: &Text<'_>) -> Option<Intent> {
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
            Text {
                original: t.original,
                lower: t.lower,
            }
        }
    };
    // "take task 3 off my list", "take the gym one off"
    if let Some(rest) = t.after(&["take "]) {
        let body = rest.before(&[" off", " away", " out"]);
        if body.is_some() || prep == "off" || prep == "from" {
            return Some(Intent::Delete(reference(&body.unwrap_or(rest))?));
        }
        return None;
    }
    let rest = t.after(&[
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
        "bin ",
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
        "i do not need ",
        "i no longer need ",
        "no need for ",
        "never mind ",
        "nevermind ",
    ])?;
    let rest = rest
        .before(&[" anymore", " any more", " after all", " off", " for good"])
        .unwrap_or(rest);
    Some(Intent::Delete(target(&rest)?))
}

/// Determiners and nouns of a list named in a request: "to my list",
/// "on the shopping list", "off my to-do list", "from my tasks".
const LIST_PREPOSITIONS: &[&str] = &["to", "on", "onto", "in", "into", "from", "off", "of"];
const LIST_DETERMINERS: &[&str] = &["my", "the", "our", "your"];
const LIST_NOUNS: &[&str] = &[
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
];

/// The text without a list phrase, and the phrase's preposition.
fn without_list_phrase(t: &Text<'_>) -> Option<(String, &'static str)> {
    let words: Vec<(usize, &str)> = t
        .lower
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
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

/// A title that starts with a quoted part keeps the part and what follows:
/// `'pay electricity bill' tomorrow` → `pay electricity bill tomorrow`.
fn dequote(s: &str) -> String {
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
            let tail = inner[at + closing..].trim();
            if tail.is_empty() {
                quoted.trim().to_owned()
            } else {
                format!("{} {tail}", quoted.trim())
            }
        }
        _ => unquote(s).to_owned(),
    }
}

/// What may follow a task number without changing which task it is: nothing,
/// or a correction ("delete 6 not 5", "3 instead").
fn correction_only(remainder: &str) -> bool {
    let r = remainder.trim().to_ascii_lowercase();
    r.is_empty()
        || ["not ", "instead", "rather than ", "and not "]
            .iter()
            .any(|c| r.starts_with(c))
}

fn target(t: &Text<'_>) -> Option<Target> {
    match number_token(t) {
        Some((number, remainder)) if correction_only(&remainder) => Some(Target::Number(number)),
        _ => task_name(t).map(Target::Named),
    }
}

/// Where an added task goes: "… to my list", "… on my to-do list".
const LIST_SUFFIXES: &[&str] = &[
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

/// Framing before a new task's title, matched at a word boundary with any
/// separator after it dropped ("note to self: x", "remind me to x").
const ADD_FRAMES: &[&str] = &[
    "remind me to",
    "remind me that i need to",
    "remind me that i have to",
    "please remind me to",
    "i need to remember to",
    "i have to remember to",
    "i must remember to",
    "remember to",
    "remember that i need to",
    "don't forget to",
    "dont forget to",
    "do not forget to",
    "don't let me forget to",
    "dont let me forget to",
    "do not let me forget to",
    "don't let me forget about",
    "don't forget about",
    "dont forget about",
    "do not forget about",
    "dont let me forget about",
    "don't let me forget",
    "dont let me forget",
    "make sure i",
    "make sure to",
    "make sure that i",
    "note to self",
    "i need to",
    "i have to",
    "i must",
    "i should",
    "i ought to",
    "i've got to",
    "ive got to",
    "i have got to",
    "i gotta",
    "i got to",
    "i'll need to",
    "i will need to",
    "i'd better",
    "i better",
    "i need",
    "todo",
    "to do",
    "to-do",
    "add to list",
    "add to todo",
    "add to todos",
    "add to to-do",
    "add to tasks",
    "add to todo list",
    "add to to-do list",
    "add to shopping list",
    "remember",
    "need",
    "i forgot to",
    "i almost forgot to",
    "i nearly forgot to",
    "forgot to",
    "make a note to",
    "make a note that",
    "note that",
    "take note that",
    "make a note",
    "take a note",
    "jot down",
    "write down",
    "note down",
    "reminder to",
    "reminder for me to",
    "remind me",
    "need to",
    "have to",
    "gotta",
    "got to",
    "must",
    "can't forget to",
    "cannot forget to",
    "mustn't forget to",
    "must not forget to",
    "shouldn't forget to",
    "i can't forget to",
    "i cannot forget to",
    "i mustn't forget to",
    "i must not forget to",
    "i shouldn't forget to",
    "must remember to",
    "i must remember to",
    "i should remember to",
    "should remember to",
];

/// Frames whose object is a thing, not a verb: "don't let me forget the gym bag".
const NOUN_FRAMES: &[&str] = &["forget", "forget about", "remember", "need"];

/// Asking for a new task by wanting one: "i'd like a reminder to x".
const WANT_LEADS: &[&str] = &[
    "i'd like ",
    "i would like ",
    "i want ",
    "i need ",
    "i'd love ",
    "give me ",
    "get me ",
    "i'll need ",
    "i could use ",
    "gimme ",
];

/// Framing that needs a separator after it: "memo: x", "task - x".
const COLON_FRAMES: &[&str] = &[
    "task",
    "note",
    "memo",
    "reminder",
    "new",
    "idea",
    "remember",
    "add",
    "reminder for me",
];

/// Verbs that add what follows; the ones marked `false` only with a list
/// phrase or a task noun ("create a task to x", "make a todo: x").
const ADD_VERBS: &[(&str, bool)] = &[
    ("add", true),
    ("put down", true),
    ("write down", true),
    ("pencil in", true),
    ("put", true),
    ("stick", true),
    ("pop", true),
    ("throw", false),
    ("toss", false),
    ("jot", true),
    ("include", false),
    ("create", false),
    ("make", false),
    ("new", false),
    ("set", false),
    ("set up", false),
    ("log", false),
    ("enter", false),
    ("record", false),
    ("save", false),
    ("start", false),
    ("open", false),
    ("insert", false),
];

/// Particles that make an add verb a task of its own: "put out the bins",
/// "put away the laundry", "put up the shelves", "throw out the old paint".
const PARTICLES: &[&str] = &[
    "out", "away", "up", "back", "together", "aside", "forward", "through", "off",
];

/// The words between an add verb and the title: "a new high priority task called".
const ARTICLES: &[&str] = &["a", "an", "another", "one more", "the", "one", "me a"];
const ADJECTIVES: &[&str] = &["new", "quick", "small", "separate", "single"];
const NOUNS: &[&str] = &[
    "task", "todo", "to-do", "item", "reminder", "note", "entry", "thing", "one", "tasks",
];
const NOUN_LINKERS: &[&str] = &[
    "for me to",
    "for me",
    "for me about",
    "for me that says",
    "called",
    "named",
    "titled",
    "that says",
    "saying",
    "to",
    "for",
    "about",
    "of",
    "with the title",
    "which is",
    "that is",
    "reading",
];
const PRIORITY_ADJECTIVES: &[(&str, &str)] = &[
    ("high priority", "p1"),
    ("high-priority", "p1"),
    ("top priority", "p1"),
    ("urgent", "p1"),
    ("important", "p1"),
    ("medium priority", "p2"),
    ("medium-priority", "p2"),
    ("low priority", "p3"),
    ("low-priority", "p3"),
];

/// A word-bounded prefix from `words`, the longest, and the text after it.
fn word_after<'a>(t: &Text<'a>, words: &[&'static str]) -> Option<(&'static str, Text<'a>)> {
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
fn task_object<'a>(t: &Text<'a>) -> Option<(Text<'a>, Option<&'static str>)> {
    let same = |t: &Text<'a>| Text {
        original: t.original,
        lower: t.lower,
    };
    let rest = word_after(t, ARTICLES).map_or(same(t), |(_, r)| r);
    let rest = word_after(&rest, ADJECTIVES).map_or(rest, |(_, r)| r);
    let (marker, rest) = match word_after(
        &rest,
        &PRIORITY_ADJECTIVES.iter().map(|p| p.0).collect::<Vec<_>>(),
    ) {
        Some((word, r)) => (PRIORITY_ADJECTIVES.iter().find(|p| p.0 == word).map(|p| p.1), r),
        None => (None, rest),
    };
    let rest = word_after(&rest, ADJECTIVES).map_or(rest, |(_, r)| r);
    let (_, rest) = word_after(&rest, NOUNS)?;
    let rest = word_after(&rest, NOUN_LINKERS).map_or(rest, |(_, r)| r);
    Some((rest, marker))
}

/// Whether a phrase is only a time: "at 5pm", "in 2 hours", "every monday".
fn is_time_phrase(s: &str) -> bool {
    let (now, zone) = (time::Timestamp::UNIX_EPOCH, time::TimeZone::UTC);
    let reading = quickadd::parse(s, now, &zone);
    (reading.due.is_some() || reading.repeat.is_some()) && reading.title.trim().is_empty()
        || time::resolve_when(s, now, &zone).is_ok()
}

/// "remind me at 5pm to leave", "in 30 minutes remind me to take the pizza out":
/// the time said first goes after the title.
fn time_first(t: &Text<'_>) -> Option<String> {
    if let Some(rest) = t.after(&["remind me ", "please remind me "]) {
        let at = rest.lower.find(" to ")?;
        let when = &rest.original[..at];
        return is_time_phrase(when).then(|| format!("{} {when}", rest.original[at + 4..].trim()));
    }
    let at = t.lower.find("remind me to ").filter(|at| *at > 0)?;
    let when = t.original[..at].trim_end_matches([',', ' ', '-']);
    is_time_phrase(when).then(|| format!("{} {when}", t.original[at + 13..].trim()))
}

/// A task, then its time in a clause of its own: "call grandma, remind me
/// tonight" → "call grandma tonight".
fn time_in_a_reminder_clause(s: &str) -> Option<String> {
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

/// A title that starts with its time: "5pm to leave" → "leave 5pm".
fn time_before_title(s: &str) -> Option<String> {
    let at = s.to_ascii_lowercase().find(" to ")?;
    let when = &s[..at];
    is_time_phrase(when).then(|| format!("{} {when}", s[at + 4..].trim()))
}

fn parse_add(t: &Text<'_>, question: bool) -> Option<Intent> {
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
        _ => (
            Text {
                original: t.original,
                lower: t.lower,
            },
            false,
        ),
    };
    let t = t.before(LIST_SUFFIXES).map_or((t, listed), |r| (r, true));
    let (t, listed) = t;
    if let Some(line) = time_first(&t) {
        return title_line(&line, None);
    }
    let mut marker = None;
    let wanted = t.after(WANT_LEADS).and_then(|r| task_object(&r));
    let rest = if let Some((rest, m)) = wanted {
        // "i'd like a reminder to x", "give me a task to x"
        marker = m;
        rest
    } else if let Some(rest) = t.after_frame(ADD_FRAMES) {
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
        if word_after(&rest, PARTICLES).is_some() {
            return title_line(t.original, None);
        }
        let free = ADD_VERBS.iter().any(|v| v.0 == verb && v.1);
        match task_object(&rest) {
            Some((title, m)) => {
                marker = m;
                title
            }
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
        ])
        .unwrap_or(rest);
    // "note that i need to x": a subject's frame after the first one
    let rest = rest
        .after_frame(
            &ADD_FRAMES
                .iter()
                .copied()
                .filter(|f| f.starts_with("i "))
                .collect::<Vec<_>>(),
        )
        .unwrap_or(rest);
    let rest = rest.before(LIST_SUFFIXES).unwrap_or(rest);
    let joined = time_in_a_reminder_clause(rest.original);
    let rest = joined.as_deref().unwrap_or(rest.original);
    match time_before_title(rest) {
        Some(line) => title_line(&line, marker),
        None => title_line(rest, marker),
    }
}

/// The quick-add line of a new task: quotes opened, the first letter
/// capitalised, a priority said in words added as its marker.
/// A priority said in words at either end of a new task: "call the bank
/// urgent", "fix the leak asap", "water plants, low priority", "urgent: fix
/// the leak". In brackets it stays in the title: "renew passport (urgent)".
const SAID_PRIORITIES: &[(&str, &str)] = &[
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
    ("not urgent", "p3"),
    ("priority low", "p3"),
    ("whenever", "p3"),
];

fn said_priority(line: &str) -> Option<(String, &'static str)> {
    let lower = line.to_ascii_lowercase();
    let seps: &[char] = &[' ', ',', '-', '–', '—', ':', '!', ';'];
    SAID_PRIORITIES.iter().find_map(|(words, marker)| {
        let title = if let Some(head) = lower.strip_suffix(words) {
            head.ends_with(seps).then(|| &line[..head.len()])?
        } else {
            let tail = lower.strip_prefix(words)?;
            tail.starts_with([':', '-', '–', '—', '!'])
                .then(|| &line[words.len()..])?
        };
        let title = title.trim_matches(seps);
        (!title.is_empty()).then(|| (title.to_owned(), *marker))
    })
}

/// A new task said without a verb or framing ("call the bank friday
/// urgent"): a priority in words is its marker (a weekday said last is its
/// day, as the quick-add parser reads it).
fn task_line(line: &str) -> String {
    match said_priority(line) {
        Some((title, marker)) => format!("{title} {marker}"),
        None => line.to_owned(),
    }
}

fn title_line(line: &str, marker: Option<&str>) -> Option<Intent> {
    let (line, marker) = match said_priority(line).filter(|_| marker.is_none()) {
        Some((title, m)) => (title, Some(m)),
        None => (line.to_owned(), marker),
    };
    let line = line.as_str();
    let title = dequote(line);
    let mut chars = title.chars();
    let first = chars.next()?;
    let mut line: String = first.to_uppercase().chain(chars).collect();
    if let Some(m) = marker {
        line.push(' ');
        line.push_str(m);
    }
    Some(Intent::Add(line))
}

fn starts_with_question_word(lower: &str) -> bool {
    let first = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    QUESTION_WORDS.contains(&first)
}

const QUESTION_WORDS: &[&str] = &[
    "what", "what's", "whats", "which", "who", "whom", "whose", "when", "where", "why", "how", "how's", "is",
    "are", "do", "does", "did", "can", "could", "should", "would", "will", "am", "have", "has",
];

/// Verbs that start a to-do when said on their own ("buy bread", "call the bank").
const TODO_VERBS: &[&str] = &[
    "buy", "call", "email", "e-mail", "mail", "pay", "book", "clean", "fix", "pick", "send", "write", "read",
    "submit", "renew", "order", "visit", "return", "wash", "water", "text", "ring", "phone", "meet",
    "prepare", "print", "file", "sign", "cook", "bake", "feed", "walk", "vacuum", "tidy", "organize",
    "organise", "plan", "review", "update", "study", "practice", "practise", "learn", "finish", "start",
    "go", "get", "bring", "take", "drop", "collect", "grab", "shop", "iron", "mow", "repair", "replace",
    "install", "backup", "back", "schedule", "contact", "message", "reply", "respond", "check", "ask",
    "tell", "remind", "register", "apply", "cancel", "charge", "refill", "pack", "unpack", "move", "sort",
    "throw", "recycle", "donate", "sell", "research", "draft", "edit", "prep", "make", "see", "watch",
    "listen", "exercise", "run", "stretch", "meditate",
];

/// A bare imperative with no other reading is something to do.
fn parse_imperative(t: &Text<'_>, question: bool) -> Option<Intent> {
    let first = t.lower.split_whitespace().next()?;
    let more_than_one_word = t.lower.split_whitespace().nth(1).is_some();
    let to_the_bot = ["me", "us"].contains(&t.lower.split_whitespace().nth(1).unwrap_or(""));
    let earlier = edits_an_earlier_thing(t.lower);
    (TODO_VERBS.contains(&first) && more_than_one_word && !question && !to_the_bot && !earlier)
        .then(|| Intent::Add(task_line(t.original)))
}

/// A line with no verb that still carries a date or a repeat ("pay rent every
/// month on the 1st", "dentist tomorrow at 3pm") is something to add.
/// "make it 3pm instead", "move that to friday": an edit of something said
/// before, with no task named; never a new task.
fn edits_an_earlier_thing(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    let (Some(verb), Some(object)) = (words.next(), words.next()) else {
        return false;
    };
    [
        "make", "move", "change", "set", "push", "put", "switch", "do", "shift", "bump",
    ]
    .contains(&verb)
        && ["it", "that", "this", "them", "those"].contains(&object)
}

/// Verbs that link a subject to how it is: "my cat is being weird today".
const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't", "seems", "seem", "seemed", "feels",
    "feel", "felt", "looks", "look", "looked", "keeps", "keep", "kept",
];
/// A subject and "is"/"are" in one word: "it's been a long day". Not a
/// possessive: "doctor's appointment".
const SUBJECT_CONTRACTIONS: &[&str] = &[
    "it's",
    "that's",
    "he's",
    "she's",
    "they're",
    "you're",
    "everything's",
    "work's",
    "life's",
    "today's",
    "traffic's",
    "weather's",
    "there's",
];

/// A statement about oneself or the world, not a task: a subject (a few
/// words, no to-do verb, no number) then "is/are/was…", with no time right
/// after it ("my cat is being weird today", "the kids are driving me
/// crazy", "work was long today", "it's been a long day"). "my dentist
/// appointment is on friday" says when something is, and stays a task; a
/// statement with an order in a later clause ("my passport expires in june,
/// renew it") is read by that clause.
fn a_statement(lower: &str) -> bool {
    linked(lower).is_some_and(|(_, timed)| !timed)
}

/// A subject linked by "is/are/was…" (the link's word index) and whether a
/// time follows the link.
fn linked(lower: &str) -> Option<(usize, bool)> {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    if TODO_VERBS.contains(&first) || ["i", "i'm", "im", "we", "we're", "i've", "we've"].contains(&first) {
        return None;
    }
    let linked = words.iter().take(5).enumerate().find_map(|(k, w)| {
        if k > 0 && COPULAS.contains(w) {
            return Some(k + 1);
        }
        SUBJECT_CONTRACTIONS.contains(w).then_some(k + 1)
    });
    let after = linked?;
    let subject_plain = words[..after]
        .iter()
        .all(|w| !w.chars().any(|c| c.is_ascii_digit()));
    let rest = words[after..].join(" ");
    let timed = [
        "on ", "at ", "due ", "by ", "in ", "next ", "this ", "every ", "tomorrow", "today", "tonight",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
        || is_time_phrase(&rest);
    (subject_plain && !rest.is_empty()).then_some((after - 1, timed))
}

fn parse_timed_line(t: &Text<'_>, question: bool) -> Option<Intent> {
    if edits_an_earlier_thing(t.lower) {
        return None;
    }
    // "I have a doctor's appointment on monday at 9": the appointment.
    let t = &t
        .after(&[
            "i have a ",
            "i have an ",
            "i've got a ",
            "i've got an ",
            "i got a ",
            "i got an ",
            "there's a ",
            "there is a ",
            "we have a ",
            "we've got a ",
        ])
        .unwrap_or(Text {
            original: t.original,
            lower: t.lower,
        });
    if a_statement(t.lower) {
        return None;
    }
    // "my dentist appointment is on friday": the thing, then its time.
    let unlinked: String;
    let original = match linked(t.lower) {
        Some((k, true)) if COPULAS.contains(&t.lower.split_whitespace().nth(k).unwrap_or("")) => {
            unlinked = t
                .original
                .split_whitespace()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, w)| w)
                .collect::<Vec<_>>()
                .join(" ");
            unlinked.as_str()
        }
        _ => t.original,
    };
    let line = task_line(original);
    let reading = quickadd::parse(&line, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    let timed = reading.due.is_some() || reading.repeat.is_some();
    let question = question || t.lower.starts_with("what") || t.lower.starts_with("when");
    (timed && !question && !reading.title.trim().is_empty()).then_some(Intent::Add(line))
}

/// Whole messages that ask for the list.
const LIST_SHORTCUTS: &[&str] = &[
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
const DUE_SHORTCUTS: &[(&str, DueFilter)] = &[
    ("today", DueFilter::Today),
    ("tonight", DueFilter::Today),
    ("tomorrow", DueFilter::Tomorrow),
    ("overdue", DueFilter::Overdue),
    ("late", DueFilter::Overdue),
    ("this week", DueFilter::Week),
    ("week", DueFilter::Week),
    ("upcoming", DueFilter::Week),
];

fn list_shortcut(t: &Text<'_>) -> Option<Intent> {
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
    if let Some((_, due)) = DUE_SHORTCUTS.iter().find(|(w, _)| *w == t.lower) {
        return Some(Intent::List(ListFilter {
            status: TaskFilter::Pending,
            due: Some(*due),
            ..ListFilter::default()
        }));
    }
    t.is_one_of(LIST_SHORTCUTS)
        .then(|| Intent::List(ListFilter::default()))
}

/// Words that make a question about the task list rather than about anything else.
const LIST_TOPICS: &[&str] = &[
    "task",
    "tasks",
    "todo",
    "todos",
    "to-do",
    "to-dos",
    "list",
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
];

/// Subjects of questions about the world that share words with list questions.
const OFF_TOPICS: &[&str] = &[
    "weather",
    "forecast",
    "temperature",
    "news",
    "score",
    "game",
    "match",
    "time is it",
    "the time",
    "capital",
    "president",
    "meaning",
    "stock",
    "price",
    "traffic",
];

/// Words after which a search term follows: "find tasks about milk", "is there a task for taxes".
const QUERY_MARKERS: &[&str] = &[
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
];

fn parse_list(t: &Text<'_>) -> Option<Intent> {
    let first_word = t
        .lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    let searching = ["find", "search", "look", "lookup", "grep"].contains(&first_word);
    let asks = searching
        || [
            "show", "list", "what", "what's", "whats", "which", "display", "view", "see", "get", "give",
            "tell", "any", "do", "anything", "how", "is", "are", "have", "did", "whats", "gimme", "print",
            "read", "showing", "listing", "telling", "giving", "got", "when", "whens", "when's",
        ]
        .contains(&first_word)
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
    if !asks || !(searching || t.has_any(LIST_TOPICS) || t.lower.contains('#')) {
        return None;
    }
    // "what's the weather tomorrow?" is about the world, not the list.
    if t.has_any(OFF_TOPICS)
        && !t.has_any(&["task", "tasks", "todo", "todos", "list", "reminder", "reminders"])
    {
        return None;
    }
    let status = if t.has_any(&[
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
        "should i do",
        "on my plate",
        "haven't",
        "have not",
        "not yet",
        "yet",
        "next",
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
    ]) {
        TaskFilter::Completed
    } else {
        TaskFilter::All
    };
    let mut filter = ListFilter {
        status,
        ..ListFilter::default()
    };
    filter.due = if t.has_any(&["overdue", "late", "past due", "missed"]) {
        Some(DueFilter::Overdue)
    } else if t.has_any(&["today", "tonight", "this evening"]) {
        Some(DueFilter::Today)
    } else if t.has_any(&["tomorrow"]) {
        Some(DueFilter::Tomorrow)
    } else if t.has_any(&[
        "this week",
        "the week",
        "next 7 days",
        "next seven days",
        "coming up",
        "upcoming",
    ]) {
        Some(DueFilter::Week)
    } else if t.has_any(&[
        "no due date",
        "without a due date",
        "without due date",
        "without a date",
        "no date",
        "undated",
        "no deadline",
        "without a deadline",
        "without deadline",
        "no due",
        "not due",
    ]) {
        Some(DueFilter::None)
    } else {
        None
    };
    // Anything due is still to be done ("what's due?"; not "when is task 3 due?").
    let due_asked = t.has_any(&["due"]) && !t.lower.contains(|c: char| c.is_ascii_digit());
    if (due_asked && filter.due != Some(DueFilter::None) || filter.due.is_some_and(|d| d != DueFilter::None))
        && filter.status == TaskFilter::All
    {
        filter.status = TaskFilter::Pending;
    }
    filter.tag = t
        .original
        .split_whitespace()
        .find_map(|w| w.strip_prefix('#'))
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-'))
        .and_then(|w| Tag::parse(w).ok())
        .or_else(|| {
            // "tasks tagged work", "with the tag home"
            let at = ["tagged ", "tag ", "labelled ", "labeled ", "label "]
                .iter()
                .filter_map(|m| t.lower.find(m).map(|i| i + m.len()))
                .min()?;
            let word = t.original[at..].split_whitespace().next()?;
            Tag::parse(word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-')).ok()
        });
    filter.query = list_query(t, searching, &filter);
    filter.priority = if t.has_any(&["high priority", "urgent", "important", "p1"]) {
        Some(Priority::High)
    } else if t.has_any(&["medium priority", "p2"]) {
        Some(Priority::Medium)
    } else if t.has_any(&["low priority", "p3"]) {
        Some(Priority::Low)
    } else {
        None
    };
    Some(Intent::List(filter))
}

/// The words to search for, when the request names some: "find tasks about
/// milk", "search for dentist", "is there a task for taxes?".
fn list_query(t: &Text<'_>, searching: bool, filter: &ListFilter) -> Option<String> {
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
    if !searching
        && !t.has_any(&[
            "task",
            "tasks",
            "anything",
            "something",
            "todo",
            "todos",
            "items",
            "item",
        ])
    {
        return None;
    }
    let mut words: Vec<&str> = t.original[at.min(t.original.len())..]
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
            "no deadline",
            "now",
            "me",
            "later",
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

/// Carries out an intent with the task tools and words the reply.
pub async fn respond(
    ctx: &ToolContext<'_>,
    intent: Intent,
) -> Result<(String, Vec<ToolCallRecord>), sqlx::Error> {
    let mut records = Vec::new();
    let reply = match intent {
        Intent::Help => commands::help(Surface::Web),
        Intent::Greeting => {
            "Hi! I keep your task list. Try “add buy milk”, “what's pending?” or “done 1”.".to_owned()
        }
        Intent::Unknown => {
            "I didn't catch that. Try “add buy milk tomorrow 9am”, “what's due today?”, “done 3”, \
“delete 2” or “rename 1 to Call mom”. Say “help” for more."
                .to_owned()
        }
        Intent::Add(line) => add(ctx, &line, &mut records).await?,
        Intent::List(filter) => run(ctx, ToolCall::ListTasks(filter), &mut records).await?,
        Intent::Rename(target, title) => {
            on_target(ctx, target, "update_task", json!({"title": title}), &mut records).await?
        }
        Intent::Complete(target) => on_target(ctx, target, "complete_task", json!({}), &mut records).await?,
        Intent::Delete(target) => on_target(ctx, target, "delete_task", json!({}), &mut records).await?,
        Intent::Move(target, when) => {
            on_target(ctx, target, "update_task", json!({"due": when}), &mut records).await?
        }
        Intent::SetPriority(target, priority) => {
            let args = json!({"priority": priority.as_str()});
            on_target(ctx, target, "update_task", args, &mut records).await?
        }
        Intent::Snooze(target, until) => {
            on_target(ctx, target, "snooze_task", json!({"until": until}), &mut records).await?
        }
        Intent::SetZone(place) => {
            execute(ctx, "set_timezone", json!({"timezone": place}), &mut records).await?
        }
    };
    Ok((reply, records))
}

/// A quick-add line: the reply echoes what was understood, and says what was not.
pub async fn add(
    ctx: &ToolContext<'_>,
    line: &str,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let reading = quickadd::parse(line, ctx.now, &ctx.zone);
    let mut chars = reading.title.trim().chars();
    let title: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let title = match TaskTitle::parse(&title) {
        Ok(title) => title,
        Err(_) if title.is_empty() => {
            return Ok("What should I add? For example: add Pay rent tomorrow 9am".into());
        }
        Err(e) => {
            let record = tools::refused("add_task", json!({"title": title}), e.code(), &e.to_string());
            let reply = tools::describe(&record.result);
            records.push(record);
            return Ok(reply);
        }
    };
    let mut reply = run(ctx, ToolCall::add(title, &reading), records).await?;
    for note in &reading.notes {
        reply.push_str(&format!("\n({note})"));
    }
    Ok(reply)
}

async fn run(
    ctx: &ToolContext<'_>,
    call: ToolCall,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let record = tools::execute_call(ctx, call).await?;
    let reply = tools::describe(&record.result);
    records.push(record);
    Ok(reply)
}

async fn execute(
    ctx: &ToolContext<'_>,
    tool: &str,
    args: serde_json::Value,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let record = tools::execute(ctx, tool, args).await?;
    let reply = tools::describe(&record.result);
    records.push(record);
    Ok(reply)
}

/// Runs `tool` on a task given by number, or by name when exactly one matches.
async fn on_target(
    ctx: &ToolContext<'_>,
    target: Target,
    tool: &str,
    mut args: serde_json::Value,
    records: &mut Vec<ToolCallRecord>,
) -> Result<String, sqlx::Error> {
    let number = match target {
        Target::Number(n) => n,
        Target::Named(name) => {
            let listing = tools::execute_call(ctx, ToolCall::ListTasks(ListFilter::default())).await?;
            let mut matches = matching(&listing.result, &name);
            records.push(listing);
            // "complete the report task" means the open one when a done one shares the name.
            if tool == "complete_task" && matches.len() > 1 {
                let open: Vec<_> = matches.iter().filter(|m| !m.2).cloned().collect();
                if !open.is_empty() {
                    matches = open;
                }
            }
            match matches.as_slice() {
                [] => {
                    return Ok(format!(
                        "I couldn't find a task matching “{name}”. Say “show my tasks” to see them."
                    ));
                }
                [(number, _, _)] => number.to_string(),
                several => {
                    let options: Vec<String> = several
                        .iter()
                        .map(|(n, title, _)| format!("#{n} {title}"))
                        .collect();
                    let verb = if tool == "delete_task" { "delete" } else { "done" };
                    return Ok(format!(
                        "More than one task matches “{name}”: {}. Which one? Say “{verb} {}”, for example.",
                        options.join(", "),
                        several[0].0
                    ));
                }
            }
        }
    };
    args["task_number"] = number.into();
    execute(ctx, tool, args, records).await
}

/// Tasks from a `list_tasks` result whose title contains every word of `name`.
fn matching(listing: &ToolResult, name: &str) -> Vec<(TaskNumber, String, bool)> {
    let ToolResult::Tasks(list) = listing else {
        return Vec::new();
    };
    let words: Vec<String> = name
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    list.tasks
        .iter()
        .filter(|t| {
            let lower = t.title.to_lowercase();
            words.iter().all(|w| lower.contains(w.as_str()))
        })
        .map(|t| (t.number, t.title.clone(), t.completed))
        .collect()
}

#[cfg(test)]
mod corpus;

#[cfg(test)]
mod tests {
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
}
