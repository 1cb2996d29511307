//! Shell users' habits read as requests: a to-do command line with flags
//! (`task new --title "x" --due tonight --prio p1`, `todo add 'x'`), a line
//! echoed into a list (`echo "x" >> todo`), `mv "old" "new"`, `grep -i x`,
//! `sleep 2h && remind 14`.

/// Program names said before a subcommand: "todo add …", "task new …".
const PROGRAMS: &[&str] = &["todo", "task", "tasks", "tasklink", "t"];

/// Subcommands, and the request they stand for.
const SUBCOMMANDS: &[(&str, &str)] = &[
    ("add", "add"),
    ("new", "add"),
    ("create", "add"),
    ("ls", "list"),
    ("list", "list"),
    ("rm", "delete"),
    ("del", "delete"),
    ("done", "done"),
];

/// Flags and what their value becomes: `--due tonight` → "tonight".
const FLAGS: &[(&str, &str)] = &[
    ("--title", ""),
    ("--name", ""),
    ("--due", ""),
    ("--when", ""),
    ("--at", ""),
    ("--prio", ""),
    ("--priority", ""),
    ("-p", ""),
    ("--tag", "#"),
    ("-t", "#"),
];

/// The words of a command line, with quoted runs kept whole (quotes dropped).
fn argv(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'' | '“' | '”') => quote = Some(if c == '“' { '”' } else { c }),
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            (_, c) => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A shell-style line as the request it stands for, or `None` for any
/// other message.
pub(super) fn shell_line(text: &str) -> Option<String> {
    // Most messages start with no program's name: nothing to split.
    let head = text.split_whitespace().next()?.to_ascii_lowercase();
    if !["mv", "grep", "sleep", "echo"].contains(&head.as_str()) && !PROGRAMS.contains(&head.as_str()) {
        return None;
    }
    let lower = text.trim().to_ascii_lowercase();
    let args = argv(text.trim());
    let first = args.first()?.to_ascii_lowercase();
    // `mv "old" "new"`: a new title.
    if first == "mv" && args.len() == 3 && text.contains(['"', '\'', '“']) {
        return Some(format!("rename \"{}\" to \"{}\"", args[1], args[2]));
    }
    // `grep -i etl`: a search.
    if first == "grep" {
        let words: Vec<&str> = args[1..]
            .iter()
            .map(String::as_str)
            .filter(|a| !a.starts_with('-'))
            .collect();
        return (!words.is_empty()).then(|| format!("search {}", words.join(" ")));
    }
    // `sleep 2h && remind 14`: a reminder asked to wait.
    if first == "sleep" && lower.contains("&&") {
        let (wait, then) = lower.split_once("&&")?;
        let span = wait.trim().strip_prefix("sleep")?.trim();
        let task = then.split_whitespace().last()?;
        return Some(format!("snooze {task} {span}"));
    }
    // `echo "x" >> todo --due …`: a line added to a list.
    let (verb, rest) = if first == "echo" && lower.contains(">>") {
        let (said, after) = text.split_once(">>")?;
        let after_args = argv(after);
        let flags = after_args.iter().skip(1).cloned();
        let title: Vec<String> = argv(said).into_iter().skip(1).collect();
        ("add", title.into_iter().chain(flags).collect::<Vec<_>>())
    } else if PROGRAMS.contains(&first.as_str())
        && let Some((_, verb)) = args
            .get(1)
            .and_then(|s| SUBCOMMANDS.iter().find(|(c, _)| s.eq_ignore_ascii_case(c)))
    {
        (*verb, args[2..].to_vec())
    } else {
        return None;
    };
    let mut out = vec![verb.to_owned()];
    let mut i = 0;
    while i < rest.len() {
        let arg = rest[i].as_str();
        if let Some((_, prefix)) = FLAGS.iter().find(|(f, _)| arg.eq_ignore_ascii_case(f)) {
            if let Some(value) = rest.get(i + 1) {
                out.push(format!("{prefix}{value}"));
            }
            i += 2;
            continue;
        }
        out.push(arg.to_owned());
        i += 1;
    }
    Some(out.join(" "))
}
