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

mod add;
mod add_edges;
mod add_frames;
mod address;
mod already;
mod aside;
mod chat_after_edit;
mod chat_tail;
mod context;
mod courtesy;
mod dates;
mod done;
mod edit;
mod evidence;
mod farewell;
mod field_clause;
mod fields;
mod help;
mod items;
mod leads;
mod list;
mod list_heading;
mod markers;
mod month_days;
mod moved_said;
mod name_end;
mod name_fields;
mod news;
mod normalise;
mod numbers;
mod opinion;
mod order_last;
mod politeness;
mod refs;
mod retitle;
mod said_of;
mod search;
mod shell;
mod shorthand;
mod snooze;
mod spoken;
mod statement;
mod story;
mod tag_words;
mod talk;
mod text;
mod timed;
mod title_end;
mod topic_first;
mod verb_last;
mod wished;
mod zone;
mod zone_names;

use add::*;
use add_edges::*;
use add_frames::*;
use address::*;
use already::*;
use aside::*;
use chat_after_edit::*;
use chat_tail::*;
use context::*;
use courtesy::*;
use done::*;
use edit::*;
use evidence::*;
use farewell::*;
use field_clause::*;
use fields::*;
use help::*;
use items::*;
use leads::*;
use list::*;
use list_heading::*;
use markers::*;
use month_days::*;
use moved_said::*;
use name_end::*;
use name_fields::*;
use news::*;
use normalise::*;
use numbers::*;
use opinion::*;
use order_last::*;
use politeness::*;
use refs::*;
use retitle::*;
use said_of::*;
use search::*;
use shell::*;
use shorthand::*;
use snooze::*;
use spoken::*;
use statement::*;
use story::*;
use tag_words::*;
use talk::*;
use text::*;
use timed::*;
use title_end::*;
use topic_first::*;
use verb_last::*;
use wished::*;
use zone::*;
use zone_names::*;

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

impl Intent {
    /// The task an edit is about; `None` for anything that edits no task.
    pub fn edited(&self) -> Option<&Target> {
        match self {
            Self::Complete(t)
            | Self::Delete(t)
            | Self::Rename(t, _)
            | Self::Move(t, _)
            | Self::Snooze(t, _)
            | Self::SetPriority(t, _) => Some(t),
            _ => None,
        }
    }

    /// The same intent about `change(task)`; anything that edits no task as it is.
    pub fn map_edited(self, change: impl FnOnce(Target) -> Target) -> Self {
        match self {
            Self::Complete(t) => Self::Complete(change(t)),
            Self::Delete(t) => Self::Delete(change(t)),
            Self::Rename(t, x) => Self::Rename(change(t), x),
            Self::Move(t, x) => Self::Move(change(t), x),
            Self::Snooze(t, x) => Self::Snooze(change(t), x),
            Self::SetPriority(t, p) => Self::SetPriority(change(t), p),
            other => other,
        }
    }
}

/// A task named by number or by words from its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Number(String),
    Named(String),
}

pub fn parse(text: &str) -> Intent {
    let intent = parse_in_order(text);
    // "vat return is friday now not today", "audit -> Dec 4": where the
    // grammar read no move, or the old time denied as the new one.
    if matches!(intent, Intent::Add(_) | Intent::Unknown | Intent::Move(..))
        && let Some(Intent::Move(named, when)) = moved_as_said(text)
    {
        return match intent {
            Intent::Move(target, _) => Intent::Move(target, when),
            _ => Intent::Move(named, when),
        };
    }
    // "Later with the number 7, maybe tonight": the snooze, verb first.
    // A snooze read with its default hour lost the time said after a hedge.
    let defaulted = matches!(&intent, Intent::Snooze(_, when) if when == "1h")
        && !["hour", "1h", "60"]
            .iter()
            .any(|w| text.to_ascii_lowercase().contains(w));
    if (matches!(intent, Intent::Add(_) | Intent::Unknown | Intent::List(_)) || defaulted)
        && let Some(line) = later_first(text)
        && let snooze @ Intent::Snooze(..) = parse_in_order(&line)
    {
        return snooze;
    }
    // "Leinster or Munster on saturday, what do you reckon": talk.
    if matches!(intent, Intent::Add(_) | Intent::Rename(..)) && asks_an_opinion(text) {
        return Intent::Unknown;
    }
    // "did Leeds win last night", "can you write 200 words on the strike":
    // a question about the world, or writing asked of the bot.
    if matches!(intent, Intent::Complete(_)) && asks_what_happened(text)
        || matches!(intent, Intent::Add(_)) && asks_for_writing(text)
    {
        return Intent::Unknown;
    }
    // "the bathroom job move to friday please": the verb goes first, where
    // the grammar read no edit or a name that carries the edit's verb.
    if (matches!(intent, Intent::Add(_) | Intent::Unknown) || intent.edited().is_some_and(carries_a_verb))
        && let Some(line) = topic_then_edit(text).or_else(|| {
            // "el del permit cambialo para Dec 3": the topic in dialect words.
            let read = spoken(text);
            (read != text).then(|| topic_then_edit(&read)).flatten()
        })
        && let edit @ (Intent::Move(..)
        | Intent::Rename(..)
        | Intent::Delete(_)
        | Intent::Complete(_)
        | Intent::Snooze(..)
        | Intent::SetPriority(..)) = parse_in_order(&line)
    {
        return edit.map_edited(|t| name_before_chat(&t).unwrap_or(t));
    }
    // "ssl cert renewed. crisis averted, for now": an edit, then chat.
    let intent = match intent {
        Intent::Unknown => edit_then_chat(text).unwrap_or(intent),
        // "jeff's pr can wait till next week, like everything jeff does";
        // "finish the budget tonight, …" stays a new task to finish.
        Intent::Add(_) if edit_cue_before_chat(text) => edit_then_chat(text)
            .filter(|edit| !matches!(edit, Intent::Complete(_)))
            .unwrap_or(intent),
        intent => intent,
    };
    // "scratch the conference thing I'm not going": the name ends at the chat.
    let intent = without_time_hedge(intent.map_edited(|t| name_before_chat(&t).unwrap_or(t)));
    level_not_time(title_before_chat(intent))
}

/// The intent of `text` as the readers take it, in their order.
fn parse_in_order(text: &str) -> Intent {
    match title_without_instead(parsed(text)) {
        Intent::Add(line) => {
            // "last friday of every month", "until friday": the grammar's way.
            let line = month_days_said_the_grammars_way(&line).unwrap_or(line);
            // "Tomorrow at 14:30 is the Elternabend": the event, at its time.
            let line = event_after_its_time(&line).unwrap_or(line);
            let line = without_reason_said_last(&line).unwrap_or(line);
            // "… every sunday, I always forget": the title ends before the chat.
            let line = without_chat_tail(&line).unwrap_or(line);
            // "For me: buy bread", "Actually take a break": the lead's edges go.
            Intent::Add(without_lead_edges(&line).unwrap_or(line))
        }
        // "remove the skool thing its not needed no more": the name without its reason.
        // "remove priority from passports": the field goes, not the task.
        other if field_removed(&other).is_some() => field_removed(&other).unwrap_or(other),
        other => {
            let mut trimmed = false;
            let intent = other.map_edited(|t| match t {
                // "the date of visa document", "job 12 customer cancelled".
                Target::Named(name) if name_of_the_task(&name).is_some() => {
                    trimmed = true;
                    name_of_the_task(&name).unwrap_or(Target::Named(name))
                }
                Target::Named(name) => {
                    // "the team meeting one its cancelled": the task noun goes with the reason.
                    let cut = reason_in_a_name(&name).map(|at| {
                        let head = name[..at].trim_end_matches([',', ' ']);
                        [" one", " task", " thing", " reminder", " item"]
                            .iter()
                            .find_map(|n| {
                                let at = head.len().checked_sub(n.len())?;
                                (at > 0 && head.is_char_boundary(at) && head[at..].eq_ignore_ascii_case(n))
                                    .then(|| head[..at].to_owned())
                            })
                            .unwrap_or_else(|| head.to_owned())
                    });
                    let edged = name_without_edges(cut.as_deref().unwrap_or(&name));
                    trimmed = cut.is_some() || edged.is_some();
                    Target::Named(edged.or(cut).unwrap_or(name))
                }
                t => t,
            });
            // "the skool thing": the kind of job goes from the name left.
            if trimmed {
                named_by_its_subject(intent)
            } else {
                intent
            }
        }
    }
}

/// "retitle the JAWS task to update NVDA instead": "instead" said last is
/// no part of a new title written without quotes.
fn title_without_instead(intent: Intent) -> Intent {
    match intent {
        Intent::Rename(target, title)
            if title.len() > 8
                && title.to_ascii_lowercase().ends_with(" instead")
                && !title.contains(['"', '“']) =>
        {
            let title = title[..title.len() - 8].trim_end_matches([',', ' ']).to_owned();
            Intent::Rename(target, title)
        }
        other => other,
    }
}

/// The intent of `text` as the grammar and the evidence read it.
fn parsed(text: &str) -> Intent {
    let mut spelt = None;
    let intent = match read(text, &mut spelt) {
        // What the grammar reads as a new task or nothing may name a task
        // and the words of an edit (`evidence`).
        intent @ (Intent::Add(_) | Intent::Unknown) => {
            let strict = intent != Intent::Unknown;
            // Most new tasks name no task: nothing to weigh.
            if strict && !may_name_a_task(text) {
                let intent = shown_not_added(&intent).unwrap_or(intent);
                return named_by_its_subject(at_the_time_said(intent, text));
            }
            let normal = spelt.unwrap_or_else(|| spelt_numbers(&shorthand(&spoken(&symbols(text)))));
            shown_not_added(&intent)
                .or_else(|| by_evidence(&normal, strict))
                .or_else(|| (!strict).then(|| title_then_level(&normal)).flatten())
                .or_else(|| (!strict).then(|| said_of_a_name(&normal)).flatten())
                // A quoted title said "instead" of a named task even where a
                // new task was read: "the gym task, put instead "swim"".
                .or_else(|| {
                    (!strict || normal.contains(" instead "))
                        .then(|| retitled(&normal))
                        .flatten()
                })
                .unwrap_or(intent)
        }
        intent => numbers_in_names(intent),
    };
    named_by_its_subject(at_the_time_said(intent, text))
}

/// Words that point at a time said earlier in the message: "… are due
/// every last friday, could you remind me to do my expense report then?"
const TIME_POINTERS: &[&str] = &[
    " then",
    " on that day",
    " that day",
    " at that time",
    " by then",
    " on the day",
];

/// A new task whose time is "then": the time the message said before it.
fn at_the_time_said(intent: Intent, text: &str) -> Intent {
    let Intent::Add(line) = &intent else {
        return intent;
    };
    let lower = line.to_ascii_lowercase();
    let Some(pointer) = TIME_POINTERS.iter().find(|p| lower.ends_with(**p)) else {
        return intent;
    };
    let title = &line[..line.len() - pointer.len()];
    if only_a_time(&Intent::Add(title.to_owned())).is_some() || is_time_phrase(title) {
        return intent;
    }
    let reading = quickadd::parse(title, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    if reading.due.is_some() || reading.repeat.is_some() {
        return intent;
    }
    // The longest run of words that is a time, the first such.
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| [',', '.', '?', '!', ';', '(', ')'].contains(&c)))
        .collect();
    let mut best: Option<(usize, String)> = None;
    for start in 0..words.len() {
        for len in (1..=7.min(words.len() - start)).rev() {
            if best.as_ref().is_some_and(|(l, _)| *l >= len) {
                break;
            }
            let phrase = words[start..start + len].join(" ");
            let bare = phrase.to_ascii_lowercase();
            if ["then", "now", "today"].contains(&bare.as_str()) {
                continue;
            }
            if is_time_phrase(&phrase) {
                best = Some((len, phrase));
                break;
            }
        }
    }
    match best {
        Some((_, when)) => Intent::Add(format!("{} {}", title.trim_end(), when.to_ascii_lowercase())),
        None => intent,
    }
}

/// The intent of `text`; `spelt` is given the text with its symbols,
/// fillers and shorthand spelt out, once it is (for `parse`'s evidence).
fn read(text: &str, spelt: &mut Option<String>) -> Intent {
    // `task new --title "x" --due tonight`: a shell user's line as words.
    let shell = shell_line(text);
    let text = shell.as_deref().unwrap_or(text);
    // "done items #metrics": a heading of what to show.
    if let Some(intent) = status_heading(&text.to_lowercase()).or_else(|| list_heading(&text.to_lowercase()))
    {
        return intent;
    }
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
    let mut text = spelt_numbers(&shorthand(&spoken(&symbols(text))));
    *spelt = Some(text.clone());
    if social_sentences(&text) {
        return Intent::Greeting;
    }
    // "… every day. Kind regards, Dorothy": a letter's sign-off goes first.
    if let Some(at) = sign_off(&text) {
        text.truncate(at);
    }
    // "I must the balcony plants water": the verb said last goes first.
    if let Some(line) = verb_said_last(&text) {
        text = line;
    }
    if let Some(line) = courtesy_after_the_verb(&text) {
        text = line;
    }
    if let Some(line) = bare_tick_said_last(&text)
        .or_else(|| time_before_about(&text))
        .or_else(|| bare_name_for_a_level(&text))
    {
        text = line;
    }
    // "mark task 10 as low priority only": "only" said last for stress.
    if let Some(head) = text.strip_suffix(" only")
        && ["priority", "high", "low", "medium", "urgent"]
            .iter()
            .any(|w| head.to_ascii_lowercase().ends_with(w))
    {
        text = head.to_owned();
    }
    if let Some(line) = level_said_before_a_verb(&text)
        .or_else(|| wished_edit(&text))
        .or_else(|| without_no_date(&text))
    {
        text = line;
    }
    if let Some(social) = small_talk(&text) {
        return social;
    }
    // "good evening, still up marking lol", "thanks a lot, you're a life
    // saver": a greeting or thanks, then chat that asks for nothing.
    if let Some(at) = [", ", "! ", ". ", " - "]
        .iter()
        .filter_map(|s| text.find(s))
        .min()
        // A greeting is a few words: longer heads are no greeting to read.
        && text[..at].split_whitespace().count() <= 5
        && small_talk(&text[..at]) == Some(Intent::Greeting)
        // An apology may lead to a request ("sorry, I wrote the standup one
        // wrong, it should say …"); a quoted title or a number is one.
        && !["sorry", "apolog", "oops", "my bad"]
            .iter()
            .any(|a| text[..at].to_ascii_lowercase().contains(a))
    {
        // "good morning, add milk to my list": the request after the greeting.
        let rest = read(&text[at + 2..], &mut None);
        let chat = text[at..].split_whitespace().count() <= 8
            && !text[at..].contains(|c: char| c.is_ascii_digit() || ['"', '“', '#'].contains(&c));
        // Only after a hello: "thanks, that's all for today" lists nothing.
        let hello = [
            "morning",
            "afternoon",
            "evening",
            "hello",
            "hi",
            "hey",
            "hiya",
            "day",
        ]
        .iter()
        .any(|w| contains_word(&text[..at].to_ascii_lowercase(), w));
        match rest {
            Intent::Unknown if chat => return Intent::Greeting,
            Intent::Unknown => {}
            intent if hello => return intent,
            _ => {}
        }
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
    // "shopping: milk, bread, eggs": a list of things to get.
    if let Some(intent) = listed_items(original, &lower) {
        return intent;
    }
    // "the newsletter goes out every last friday, remind me to write it":
    // the thing the statement names, in place of "it", before the story
    // and its request are read apart.
    if let Some(intent) = asked_about_it(&t, question) {
        return intent;
    }
    // "I walk the dog at 7am, pop that in as a daily reminder": the order
    // said last about the task said first.
    if let Some(intent) = order_said_last(original, &lower) {
        return intent;
    }
    // "my sister is visiting on saturday. pick up vanilla beans this
    // weekend": the request after a story, read alone.
    if let Some(request) = request_after_a_story(original, &lower)
        && let intent @ (Intent::Add(_) | Intent::List(_)) = read(&request, &mut None)
        && only_a_time(&intent).is_none()
    {
        return intent;
    }
    // "Q3 deck - fri - urgent": a clipped note, its parts only markers.
    if let Some(line) = dashed_note(original)
        && matches!(strong(&t, question), None | Some(Intent::Add(_)))
    {
        return title_line(&line, None).unwrap_or(Intent::Unknown);
    }
    // "every monday i have to do my laundry … so could you add do laundry
    // every monday?": the ask said last, before a repeat said first.
    if ["every ", "each "].iter().any(|p| lower.starts_with(p))
        && let Some(intent) = story_then_request(original, &lower, question)
    {
        return intent;
    }
    if let Some(intent) = repeat_first(&t, question) {
        return intent;
    }
    if let Some(intent) = after_change_of_mind(&t, question) {
        return resolve_it(intent, &lower);
    }
    // "bought the nappies, can u tick that off": a request about "that"
    // with no task said reads the clauses, where the statement names it.
    if let Some(intent) = added_before(original, &lower) {
        return intent;
    }
    if let Some(intent) =
        story_then_request(original, &lower, question).or_else(|| update_after_story(original, &lower))
    {
        return intent;
    }
    // "my passport expires in march so I need to renew it": the thing and
    // its time, before a clause's "renew it" is read alone.
    if (lower.ends_with(" it") || lower.ends_with(" them"))
        && let Some(intent) = order_about_it(&t, question)
    {
        return intent;
    }
    let mut vague_request = false;
    if let Some(intent) = strong(&t, question) {
        let resolved = resolve_it(intent.clone(), &lower);
        if (resolved != Intent::Unknown || !edits_a_vague_task(&intent)) && !adds_only_a_pronoun(&intent) {
            return resolved;
        }
        vague_request = true;
    }
    // A request after a lead-in: "so I just got off the phone and I need to
    // remember to …", "I changed my mind about task 3, please delete it".
    let earlier =
        |clause: usize| earlier_reference(&original[..clause]).and_then(|r| it_as(&original[clause..], &r));
    for clause in clauses(&lower) {
        let named = earlier(clause);
        let normal = normalize(named.as_deref().unwrap_or(&original[clause..]));
        let lower_clause = normal.to_ascii_lowercase();
        let c = Text {
            original: &normal,
            lower: &lower_clause,
        };
        // "…, please add that as high priority": the order, with markers.
        let (order, said) = said_markers(c.original);
        if !said.is_empty()
            && ADD_IT.contains(&order.to_ascii_lowercase().as_str())
            && let Some(line) = earlier_title(&original[..clause], question)
        {
            return Intent::Add(format!("{line} {}", said.join(" ")));
        }
        // "the board report is urgent, could you bump it up to high": the
        // task the statement before names, in place of "it".
        if named.is_none()
            && let Some(intent) = it_told_before(&original[..clause], &original[clause..], question)
        {
            return intent;
        }
        if !c.lower.is_empty()
            && let Some(intent) = strong(&c, question)
        {
            // "I've paid the electricity bill - please mark that task as
            // done": the task the statement before names.
            if let Some(intent) = pointing_back(&intent, &original[..clause]) {
                return intent;
            }
            let intent = only_a_time(&intent)
                .and_then(|when| {
                    earlier_title(&original[..clause], question)
                        .or_else(|| statement_as_title(&original[..clause]))
                        .map(|title| (title, when))
                })
                .map_or(intent, |(title, when)| Intent::Add(format!("{title} {when}")));
            let intent = with_the_time_said_before(intent, &original[..clause]);
            return resolve_it(intent, &lower);
        }
    }
    if chit_chat(&lower) || vague_request {
        return Intent::Unknown;
    }
    order_about_it(&t, question)
        .or_else(|| task_after_a_colon(original, &lower, question))
        .or_else(|| imperative_after_news(original, &lower, question))
        .or_else(|| parse_timed_line(&t, question))
        .or_else(|| parse_imperative(&t, question))
        .or_else(|| bare_item(&text, &t, question))
        .unwrap_or(Intent::Unknown)
}

/// Whether a message read as a new task may name one on the list (a number,
/// "the … one", a quoted title said instead): only then is its evidence weighed.
fn may_name_a_task(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains(|c: char| c.is_ascii_digit() || c == '#')
        || [" one", " task", " reminder"].iter().any(|w| lower.contains(w))
        || lower.contains(" instead ")
}

/// "show me everything on my list, including what is done": a new task
/// whose title asks to see the list is that list.
fn shown_not_added(intent: &Intent) -> Option<Intent> {
    let Intent::Add(line) = intent else {
        return None;
    };
    let lower = line.to_ascii_lowercase();
    if !["show me ", "let me see ", "can i see "]
        .iter()
        .any(|l| lower.starts_with(l))
    {
        return None;
    }
    parse_list(&Text {
        original: line,
        lower: &lower,
    })
}

/// "tenant in flat 2 reported a leak, get the plumber round this week":
/// news in the past, then a to-do in a clause of its own.
fn imperative_after_news(original: &str, lower: &str, question: bool) -> Option<Intent> {
    let at = [", ", "; ", " - ", " so "]
        .iter()
        .filter_map(|sep| lower.find(sep).map(|at| at + sep.len()))
        .min()?;
    let news = lower[..at].split_whitespace().any(|w| {
        let w = w.trim_end_matches([',', ';', '-']);
        w.ends_with("ed") && !NOT_PAST.contains(&w) || IRREGULAR_PAST.contains(&w)
    });
    if !news {
        return None;
    }
    let normal = normalize(&original[at..]);
    let lower_clause = normal.to_ascii_lowercase();
    parse_imperative(
        &Text {
            original: &normal,
            lower: &lower_clause,
        },
        question,
    )
}

/// "want to learn spanish, add it to my list", "I have a meeting on
/// tuesday at 10am, could you add that to my list?": the task said first,
/// then a clause that orders it added.
/// The question mark is the order's ("could you add that?"), not the task's.
fn added_before(original: &str, lower: &str) -> Option<Intent> {
    clauses(lower).into_iter().find_map(|clause| {
        let normal = normalize(&original[clause..]);
        let lower_clause = normal.to_ascii_lowercase();
        let c = Text {
            original: &normal,
            lower: &lower_clause,
        };
        let when = add_it_with_time(&c);
        if !adds_what_came_before(&c) && when.is_none() {
            return None;
        }
        // The time in lower case, so it never joins a run of capitalised
        // words read as a name ("call Aunt Sue Sunday afternoon").
        let timed = |line: String| match &when {
            Some(when) => format!("{line} {}", when.to_lowercase()),
            None => line,
        };
        // "… next week could you add that for me": the ask's lead-in, said
        // without a comma, is no part of the task.
        let head = CLAUSE_LEADS
            .iter()
            .find_map(|l| {
                let h = &original[..clause];
                h.len()
                    .checked_sub(l.len())
                    .filter(|at| h.get(*at..).is_some_and(|x| x.eq_ignore_ascii_case(l)))
                    .map(|at| &h[..at])
            })
            .unwrap_or(&original[..clause]);
        earlier_title(head, false)
            .and_then(|line| title_line(&timed(line), None))
            .or_else(|| {
                title_line(
                    &timed(head.trim_end_matches([',', ';', '-', ' ', '.']).to_owned()),
                    None,
                )
            })
    })
}

/// "right so the kids need new school shoes, remind me on saturday": the
/// statement before a reminder's time is what to be reminded of.
fn statement_as_title(head: &str) -> Option<String> {
    let normal = normalize(head.trim_end_matches([',', ';', '-', '–', '—', ':', ' ', '.']));
    let lower = normal.to_ascii_lowercase();
    let said = ["right so ", "so ", "ok so ", "okay so ", "right, so "]
        .iter()
        .find_map(|l| lower.strip_prefix(l).map(|_| &normal[l.len()..]))
        .unwrap_or(&normal);
    let words = said.split_whitespace().count();
    ((2..=12).contains(&words) && !said.contains(['?', '.'])).then(|| said.to_owned())
}

/// "mum's birthday next friday - need to buy a present": a new task
/// without a time, after a short clause that ends with one, takes it.
fn with_the_time_said_before(intent: Intent, head: &str) -> Intent {
    let Intent::Add(line) = &intent else {
        return intent;
    };
    let head = head.trim_end_matches([',', ';', '-', '–', '—', ':', ' ']);
    let words: Vec<&str> = head.split_whitespace().collect();
    if words.len() > 6 || words.len() < 2 {
        return intent;
    }
    let reading = quickadd::parse(line, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    if reading.due.is_some() || reading.repeat.is_some() {
        return intent;
    }
    let when = (1..=3)
        .rev()
        .filter(|k| *k < words.len())
        .map(|k| words[words.len() - k..].join(" "))
        .find(|w| is_time_phrase(w));
    match when {
        Some(when) => Intent::Add(format!("{line} {when}")),
        None => intent,
    }
}

/// The time of a new task that says nothing else: "remind me tonight".
fn only_a_time(intent: &Intent) -> Option<String> {
    let Intent::Add(line) = intent else {
        return None;
    };
    // "…, need to be there 14:30": being at the place said before is its time.
    let lower = line.to_ascii_lowercase();
    let line = BEING_THERE
        .iter()
        .find(|p| lower.starts_with(**p) && lower[p.len()..].starts_with(' '))
        .map_or(line.as_str(), |p| line[p.len()..].trim_start());
    let reading = quickadd::parse(line, time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    let timed = reading.due.is_some() || reading.repeat.is_some();
    (timed && reading.title.trim().is_empty()).then(|| line.to_owned())
}

/// Titles that only say one goes where the message said before: "URGENT
/// burst pipe at 14 Mill Lane, need to be there 14:30".
const BEING_THERE: &[&str] = &[
    "be there",
    "get there",
    "go there",
    "arrive there",
    "be on site",
    "be onsite",
    "show up",
    "turn up",
];

/// The task said before a clause that gives only its time: "call grandma,
/// remind me tonight", "i forgot to pay the gas bill - remind me tomorrow".
fn earlier_title(head: &str, question: bool) -> Option<String> {
    // "Good afternoon. I have a meeting …, could you add that": the last sentence.
    let head = head.trim_end_matches([',', ';', '-', '–', '—', ' ', '.', '!', '?']);
    let head = [". ", "! ", "? "]
        .iter()
        .filter_map(|s| head.rfind(s).map(|at| at + s.len()))
        .max()
        .map_or(head, |at| &head[at..]);
    // "I'm new here and my manager asked me to send the form back by
    // friday": what one was asked to do.
    let asked = head.to_ascii_lowercase();
    let head = [
        " asked me to ",
        " told me to ",
        " wants me to ",
        " needs me to ",
        " reminded me to ",
    ]
    .iter()
    .filter_map(|a| asked.rfind(a).map(|at| at + a.len()))
    .max()
    .map_or(head, |at| &head[at..]);
    // "We're hosting Christmas this year so I need to order the turkey by
    // the 15th": the clause that says the need.
    let head = clauses(&head.to_ascii_lowercase())
        .into_iter()
        .rev()
        .find(|at| {
            NEED_LEADS.iter().any(|n| {
                head.get(*at..*at + n.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(n))
            })
        })
        .map_or(head, |at| &head[at..]);
    // "my landlord texted and the gas safety check is next thursday at 10":
    // the clause that says when a thing is.
    let head = clauses(&head.to_ascii_lowercase())
        .into_iter()
        .rev()
        .map(|at| &head[at..])
        .find(|tail| {
            let lower = tail.to_ascii_lowercase();
            ["the ", "my ", "our "].iter().any(|d| lower.starts_with(d))
                && linked(&lower).is_some_and(|(_, timed)| timed)
        })
        .unwrap_or(head);
    let normal = normalize(head);
    let lower = normal.to_ascii_lowercase();
    let t = Text {
        original: &normal,
        lower: &lower,
    };
    if lower.is_empty() {
        return None;
    }
    let added = |intent: Option<Intent>| match intent {
        Some(Intent::Add(line)) => Some(line),
        _ => None,
    };
    added(strong(&t, question))
        .or_else(|| added(parse_timed_line(&t, question)))
        .or_else(|| added(parse_imperative(&t, question)))
}

/// A request's lead-ins, where a clause may start too.
const CLAUSE_LEADS: &[&str] = &[
    "if you could ",
    "if you can ",
    "could you ",
    "can you ",
    "would you ",
    "please ",
];

/// Where a clause may start besides a request's lead-in (`CLAUSE_LEADS`):
/// after a comma, "and", "so" and the like.
const CLAUSE_BREAKS: &[&str] = &[
    ", ",
    "; ",
    ". ",
    "! ",
    // "…this weekend? Can you add it, low priority": a question, then the ask.
    "? ",
    " - ",
    " — ",
    " – ",
    " and ",
    " so ",
    " but ",
    " then ",
    ": ",
    " which means ",
    " i realised ",
    " i realized ",
    " i remembered ",
    // "…isnt needed anymore delete it": a statement, then the request.
    " anymore ",
    " any more ",
];

/// Byte offsets of the clauses after the first, left to right.
fn clauses(lower: &str) -> Vec<usize> {
    // One pass over the text (the starts are ASCII, so each match is on a
    // character boundary).
    let bytes = lower.as_bytes();
    // Only where a start's first byte is, is any start compared.
    let mut first = [false; 256];
    let marks = || CLAUSE_BREAKS.iter().chain(CLAUSE_LEADS);
    for m in marks() {
        first[m.as_bytes()[0] as usize] = true;
    }
    let mut starts: Vec<usize> = (0..bytes.len())
        .filter(|i| first[bytes[*i] as usize])
        .flat_map(|i| {
            marks()
                .filter(move |m| bytes[i..].starts_with(m.as_bytes()))
                .map(move |m| i + m.len())
        })
        .filter(|i| *i < lower.len())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The readings that rest on a verb or a phrase; the weak ones (a line with a
/// date, a bare imperative) come only after every clause was tried.
fn strong(t: &Text<'_>, question: bool) -> Option<Intent> {
    parse_help(t)
        .or_else(|| agenda_or_quiet_setting(t))
        .or_else(|| parse_zone(t))
        .or_else(|| asked_if_added(t))
        .or_else(|| asked_if_listed(t))
        .or_else(|| parse_field(t))
        .or_else(|| wrong_time(t))
        .or_else(|| parse_snooze(t))
        .or_else(|| parse_priority(t))
        .or_else(|| parse_move(t))
        .or_else(|| new_time_said(t))
        .or_else(|| typo_fixed(t))
        .or_else(|| called_instead(t))
        .or_else(|| parse_rename(t))
        .or_else(|| parse_complete(t))
        .or_else(|| done_in_the_past(t))
        .or_else(|| name_then_done(t, question))
        .or_else(|| done_already(t, question))
        .or_else(|| parse_delete(t))
        .or_else(|| stated_delete(t))
        .or_else(|| not_needed(t))
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
mod tests;

/// Words of a farewell, after which a few words are where one is going:
/// "ok bye, school run".
const FAREWELL_WORDS: &[&str] = &[
    "bye", "goodbye", "cya", "ttyl", "later", "night", "see you", "see ya",
];

/// "Thank you for your hard work. See you tomorrow.", "ok bye, school
/// run": every sentence thanks, greets or takes leave, and asks for nothing.
fn social_sentences(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    // Most messages neither thank nor take leave: nothing to split.
    if ![
        "thank", "cheers", "bye", "see you", "see ya", "cya", "ttyl", "later", "night",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return false;
    }
    let words = lower.split_whitespace().count();
    if words > 20 || lower.contains(|c: char| c.is_ascii_digit() || c == '#' || c == '"') {
        return false;
    }
    // "ok bye, school run": a farewell, then where one is off to.
    if let Some((head, tail)) = lower.split_once(", ")
        && FAREWELL_WORDS.iter().any(|w| contains_word(head, w))
        && small_talk(head).is_some()
        && tail.split_whitespace().count() <= 3
    {
        return true;
    }
    let sentences: Vec<&str> = lower
        .split(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let thanks_for = |s: &str| {
        // "thank you for …" (shorthand may read "thank" as "thanks").
        s.starts_with("thank")
            && s.split_whitespace().take(5).any(|w| w == "for")
            && s.split_whitespace().count() <= 10
            && !ASKED_IN_IT.iter().any(|w| contains_word(s, w))
    };
    !sentences.is_empty()
        && sentences
            .iter()
            .all(|s| thanks_for(s) || small_talk(s).is_some() || leaving(s))
}
