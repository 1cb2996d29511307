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
mod edit;
mod list;
mod normalise;
mod refs;
mod talk;
mod text;
mod zone;

use add::*;
use edit::*;
use list::*;
use normalise::*;
use refs::*;
use talk::*;
use text::*;
use zone::*;

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
