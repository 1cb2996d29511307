//! Every chat command, defined once. Parsing, `/help`, Telegram's command menu
//! and Discord's slash commands are all made from [`COMMANDS`]; adding a
//! command is one row here and one arm in `chat::run_command`.

use std::fmt::Write as _;

/// Where a person can type a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Surface {
    Telegram,
    Discord,
    /// The portal's web chat, where the person is already signed in.
    Web,
}

impl Surface {
    pub const ALL: [Self; 3] = [Self::Telegram, Self::Discord, Self::Web];
}

/// What a command does; `chat` matches on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommandName {
    Start,
    Link,
    Unlink,
    Help,
    Tasks,
    Add,
    Done,
    Delete,
    Edit,
    New,
    Agenda,
    Due,
    Remind,
    Snooze,
    Tz,
    Daily,
    Quiet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// Free text (the rest of the line for the last argument).
    Text,
    /// A task number.
    Number,
}

#[derive(Clone, Copy, Debug)]
pub struct ArgSpec {
    pub name: &'static str,
    pub kind: ArgKind,
    pub required: bool,
    pub description: &'static str,
    /// Longest value in characters, where one applies (a task title).
    pub max_chars: Option<u16>,
}

#[derive(Clone, Copy, Debug)]
pub struct CommandSpec {
    pub name: CommandName,
    /// What people type after the slash.
    pub command: &'static str,
    /// Other words accepted for it (`/list` for `/tasks`); never advertised.
    pub aliases: &'static [&'static str],
    pub args: &'static [ArgSpec],
    /// One line for `/help`, menus and slash-command descriptions.
    pub summary: &'static str,
    /// A working invocation, shown in `/help` and used by the tests.
    pub example: &'static str,
    /// The answer concerns linking: shown only to the sender where the platform can.
    pub linking: bool,
    pub surfaces: &'static [Surface],
}

impl CommandSpec {
    pub fn offered_on(&self, surface: Surface) -> bool {
        self.surfaces.contains(&surface)
    }

    /// `<number> <title>`: required arguments in angle brackets, optional in square ones.
    pub fn usage(&self) -> String {
        let mut usage = String::new();
        for arg in self.args {
            let (open, close) = if arg.required { ('<', '>') } else { ('[', ']') };
            let _ = write!(usage, " {open}{}{close}", arg.name);
        }
        usage
    }

    /// The command line an invocation with these argument values stands for,
    /// or `None` when a required one is missing. Values are in `args` order.
    pub fn invocation(&self, mut value: impl FnMut(&ArgSpec) -> Option<String>) -> Option<String> {
        let mut line = format!("/{}", self.command);
        for arg in self.args {
            match value(arg).filter(|v| !v.trim().is_empty()) {
                Some(v) => {
                    line.push(' ');
                    line.push_str(v.trim());
                }
                None if arg.required => return None,
                None => {}
            }
        }
        Some(line)
    }
}

const ALL: &[Surface] = &Surface::ALL;
const CHAT: &[Surface] = &[Surface::Telegram, Surface::Discord];

const NUMBER: ArgSpec = ArgSpec {
    name: "number",
    kind: ArgKind::Number,
    required: true,
    description: "The task's number, as /tasks shows it",
    max_chars: None,
};

const fn when(description: &'static str) -> ArgSpec {
    ArgSpec {
        name: "when",
        kind: ArgKind::Text,
        required: true,
        description,
        max_chars: Some(100),
    }
}

const fn title(description: &'static str) -> ArgSpec {
    ArgSpec {
        name: "title",
        kind: ArgKind::Text,
        required: true,
        description,
        max_chars: Some(crate::tasks::MAX_TITLE_CHARS as u16),
    }
}

/// Every command, in the order menus and `/help` show them.
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: CommandName::Tasks,
        command: "tasks",
        aliases: &["list"],
        args: &[ArgSpec {
            name: "filter",
            kind: ArgKind::Text,
            required: false,
            description: "pending, completed, today, overdue, week, #tag, p1-p3 or words to find",
            max_chars: Some(100),
        }],
        summary: "Show your tasks (filters: pending, today, overdue, week, #tag, p1, words)",
        example: "/tasks pending",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Add,
        command: "add",
        aliases: &[],
        args: &[ArgSpec {
            name: "title",
            kind: ArgKind::Text,
            required: true,
            description: "What to do, with a date, repeat, p1-p3 and #tags if you like",
            max_chars: Some(300),
        }],
        summary: "Add a task: /add Pay rent every month on the 1st 9am p1 #home",
        example: "/add Buy milk tomorrow 9am #shop",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Done,
        command: "done",
        aliases: &["complete"],
        args: &[NUMBER],
        summary: "Mark a task as complete",
        example: "/done 1",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Edit,
        command: "edit",
        aliases: &["rename"],
        args: &[NUMBER, title("The new title")],
        summary: "Rename a task",
        example: "/edit 1 Call mom tonight",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Delete,
        command: "delete",
        aliases: &["remove"],
        args: &[NUMBER],
        summary: "Delete a task",
        example: "/delete 1",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Agenda,
        command: "agenda",
        aliases: &["today"],
        args: &[],
        summary: "What's overdue, due today and in the next 7 days",
        example: "/agenda",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Due,
        command: "due",
        aliases: &[],
        args: &[NUMBER, when("When it is due, or none")],
        summary: "Set or clear a task's due date",
        example: "/due 2 friday 5pm",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Remind,
        command: "remind",
        aliases: &[],
        args: &[
            NUMBER,
            when("When to remind you (30m before, tomorrow 9am), or none"),
        ],
        summary: "Set or clear a task's reminder",
        example: "/remind 2 30m before",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Snooze,
        command: "snooze",
        aliases: &[],
        args: &[
            NUMBER,
            ArgSpec {
                name: "until",
                kind: ArgKind::Text,
                required: false,
                description: "For how long or until when (default 1h)",
                max_chars: Some(100),
            },
        ],
        summary: "Move a task's reminder to later",
        example: "/snooze 2 15m",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Tz,
        command: "tz",
        aliases: &["timezone"],
        args: &[ArgSpec {
            name: "zone",
            kind: ArgKind::Text,
            required: false,
            description: "An IANA zone such as Europe/Berlin, or a city",
            max_chars: Some(64),
        }],
        summary: "Show or set your time zone",
        example: "/tz Europe/Berlin",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Daily,
        command: "daily",
        aliases: &[],
        args: &[ArgSpec {
            name: "time",
            kind: ArgKind::Text,
            required: true,
            description: "HH:MM in your time zone, or off",
            max_chars: Some(10),
        }],
        summary: "Get your agenda every day at this time",
        example: "/daily 08:00",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::Quiet,
        command: "quiet",
        aliases: &[],
        args: &[ArgSpec {
            name: "hours",
            kind: ArgKind::Text,
            required: true,
            description: "HH:MM-HH:MM, or off",
            max_chars: Some(20),
        }],
        summary: "Quiet hours for the agenda and date-only reminders",
        example: "/quiet 22:00-07:00",
        linking: false,
        surfaces: ALL,
    },
    CommandSpec {
        name: CommandName::New,
        command: "new",
        aliases: &[],
        args: &[],
        summary: "Start a fresh conversation (your tasks stay)",
        example: "/new",
        linking: false,
        surfaces: CHAT,
    },
    CommandSpec {
        name: CommandName::Start,
        command: "start",
        aliases: &[],
        args: &[ArgSpec {
            name: "code",
            kind: ArgKind::Text,
            required: false,
            description: "The code from the portal's Telegram link",
            max_chars: Some(64),
        }],
        summary: "Say hello, or link with the portal's Telegram link",
        example: "/start",
        linking: true,
        surfaces: &[Surface::Telegram],
    },
    CommandSpec {
        name: CommandName::Link,
        command: "link",
        aliases: &[],
        args: &[ArgSpec {
            name: "token",
            kind: ArgKind::Text,
            required: true,
            description: "The token shown on the Tasklink portal",
            max_chars: None,
        }],
        summary: "Link this account with the token from the portal",
        example: "/link <token from the portal>",
        linking: true,
        surfaces: CHAT,
    },
    CommandSpec {
        name: CommandName::Unlink,
        command: "unlink",
        aliases: &[],
        args: &[],
        summary: "Unlink this chat account from Tasklink",
        example: "/unlink",
        linking: true,
        surfaces: CHAT,
    },
    CommandSpec {
        name: CommandName::Help,
        command: "help",
        aliases: &[],
        args: &[],
        summary: "What I can do",
        example: "/help",
        linking: false,
        surfaces: ALL,
    },
];

/// The commands a surface offers, in menu order.
pub fn offered_on(surface: Surface) -> impl Iterator<Item = &'static CommandSpec> {
    COMMANDS.iter().filter(move |c| c.offered_on(surface))
}

/// The row for a command name.
pub fn spec(name: CommandName) -> &'static CommandSpec {
    COMMANDS
        .iter()
        .find(|c| c.name == name)
        .expect("every command name has a row in COMMANDS")
}

/// A line that starts with a slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// A command this surface offers, with the rest of the line (trimmed).
    Known { name: CommandName, args: String },
    /// Anything else after a slash (at most 32 characters of its name).
    Unknown(String),
}

impl Command {
    /// `None` when the text is not a command. Accepts `/name@bot args`.
    pub fn parse(text: &str, surface: Surface) -> Option<Self> {
        let rest = text.trim().strip_prefix('/')?;
        let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let word = head.split('@').next().unwrap_or_default().to_lowercase();
        let known = offered_on(surface).find(|c| c.command == word || c.aliases.contains(&word.as_str()));
        Some(match known {
            Some(spec) => Self::Known {
                name: spec.name,
                args: args.trim().to_owned(),
            },
            None => Self::Unknown(word.chars().take(32).collect()),
        })
    }

    pub fn is_linking(&self) -> bool {
        matches!(self, Self::Known { name, .. } if spec(*name).linking)
    }
}

/// `/help` for a surface: the plain-language examples, then every command it offers.
pub fn help(surface: Surface) -> String {
    let mut text = String::from(
        "I keep your task list. Talk to me naturally or use commands:
• add buy milk — or “remind me to pay the bills”
• what's pending? / show completed / show all my tasks
• done 3 — or “mark task 3 as complete”
• delete 2 — or “delete the meeting task”
• rename 1 to Call mom tonight
Commands:",
    );
    for spec in offered_on(surface) {
        let _ = write!(text, "\n/{}{} — {}", spec.command, spec.usage(), spec.summary);
    }
    text
}

/// The command reference as a Markdown table, for the README (a test keeps
/// the README's copy in step with the table).
pub fn markdown() -> String {
    let mut out =
        String::from("| command | what it does | Telegram | Discord | web chat |\n|---|---|---|---|---|\n");
    let mark = |spec: &CommandSpec, surface| if spec.offered_on(surface) { "✓" } else { "" };
    for spec in COMMANDS {
        let aliases: String = spec.aliases.iter().map(|a| format!(" (or /{a})")).collect();
        let _ = writeln!(
            out,
            "| `/{}{}`{aliases} | {} | {} | {} | {} |",
            spec.command,
            spec.usage(),
            spec.summary,
            mark(spec, Surface::Telegram),
            mark(spec, Surface::Discord),
            mark(spec, Surface::Web),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_the_commands_of_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
        let readme = std::fs::read_to_string(path).expect("README.md is readable");
        let start = "<!-- commands:start -->\n";
        let section = readme
            .split_once(start)
            .and_then(|(_, rest)| rest.split_once("<!-- commands:end -->"))
            .map(|(section, _)| section)
            .expect("README.md has a commands section between the markers");
        // `BLESS=1 cargo test -p tasklink-core readme` writes the table in.
        if std::env::var_os("BLESS").is_some() && section != markdown() {
            std::fs::write(path, readme.replacen(section, &markdown(), 1)).expect("README.md is writable");
            return;
        }
        assert_eq!(
            section,
            markdown(),
            "run `BLESS=1 cargo test -p tasklink-core readme`"
        );
    }

    #[test]
    fn commands_parse_with_bot_suffix_aliases_and_arguments() {
        let known = |name, args: &str| {
            Some(Command::Known {
                name,
                args: args.into(),
            })
        };
        assert_eq!(
            Command::parse("/tasks@tasklink_bot pending", Surface::Telegram),
            known(CommandName::Tasks, "pending")
        );
        assert_eq!(
            Command::parse("/start", Surface::Telegram),
            known(CommandName::Start, "")
        );
        assert_eq!(
            Command::parse("/LINK abc", Surface::Discord),
            known(CommandName::Link, "abc")
        );
        assert_eq!(
            Command::parse("/rename 3 New title", Surface::Web),
            known(CommandName::Edit, "3 New title")
        );
        assert_eq!(
            Command::parse("/weird", Surface::Telegram),
            Some(Command::Unknown("weird".into()))
        );
        assert_eq!(Command::parse("hello /tasks", Surface::Telegram), None);
    }

    #[test]
    fn a_surface_only_accepts_what_it_offers() {
        assert_eq!(
            Command::parse("/link abc", Surface::Web),
            Some(Command::Unknown("link".into()))
        );
        assert_eq!(
            Command::parse("/start", Surface::Discord),
            Some(Command::Unknown("start".into()))
        );
    }

    #[test]
    fn every_row_is_consistent() {
        let mut words = std::collections::HashSet::new();
        for row in COMMANDS {
            for word in std::iter::once(&row.command).chain(row.aliases) {
                assert!(words.insert(*word), "/{word} is defined twice");
                // Telegram: 1-32 of a-z, 0-9, _; Discord allows the same.
                assert!(
                    !word.is_empty()
                        && word.len() <= 32
                        && word
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                    "/{word} is not a valid command name"
                );
            }
            // Discord: descriptions are 1-100 characters; Telegram: 1-256.
            assert!((1..=100).contains(&row.summary.chars().count()), "{:?}", row.name);
            assert!(!row.surfaces.is_empty());
            assert!(
                row.example.starts_with(&format!("/{}", row.command)),
                "{:?}",
                row.name
            );
            // Only the last argument may be free text, and required ones come first.
            let optional_at = row
                .args
                .iter()
                .position(|a| !a.required)
                .unwrap_or(row.args.len());
            assert!(row.args[optional_at..].iter().all(|a| !a.required));
            assert_eq!(spec(row.name).command, row.command);
        }
    }

    #[test]
    fn help_lists_exactly_what_each_surface_offers() {
        for surface in Surface::ALL {
            let help = help(surface);
            for spec in COMMANDS {
                let line = format!("\n/{}{} — ", spec.command, spec.usage());
                assert_eq!(
                    help.contains(&line),
                    spec.offered_on(surface),
                    "{surface:?} /{}",
                    spec.command
                );
            }
        }
    }

    #[test]
    fn invocations_rebuild_the_command_line() {
        let edit = spec(CommandName::Edit);
        let values = |arg: &ArgSpec| match arg.name {
            "number" => Some("3".to_owned()),
            _ => Some(" Call mom ".to_owned()),
        };
        assert_eq!(edit.invocation(values).as_deref(), Some("/edit 3 Call mom"));
        assert_eq!(spec(CommandName::Add).invocation(|_| None), None);
        assert_eq!(
            spec(CommandName::Tasks).invocation(|_| None).as_deref(),
            Some("/tasks")
        );
    }
}
