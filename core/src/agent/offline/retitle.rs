//! A title corrected rather than renamed: a typo reported with the right
//! words ("fix the typo in 10, it should be buy grout") and a quoted title
//! said with the wrong one after it ("… should be "a" not "b""), a
//! quoted name given after a naming verb ("call the x "y" instead"), and,
//! when nothing else reads a message, a quoted title for a task named in
//! quotes or as "the <name> task" (`retitled`).

use super::*;

/// How a typo is reported, before the task.
const TYPO_LEADS: &[&str] = &[
    "fix the typo in ",
    "fix the typo on ",
    "fix the typo of ",
    "fix a typo in ",
    "fix typo in ",
    "fix the spelling in ",
    "fix the spelling of ",
    "fix the spelling on ",
    "fix the spelling mistake in ",
    "correct the typo in ",
    "correct the typo on ",
    "correct typo in ",
    "correct the spelling in ",
    "correct the spelling of ",
    "typo in ",
    "typo on ",
    "small typo in ",
    "spelling mistake in ",
    "there's a typo in ",
    "there is a typo in ",
    "theres a typo in ",
    "i made a typo in ",
    "i misspelled ",
    "i misspelt ",
    "i spelled ",
    "i spelt ",
    "i wrote ",
    "i typed ",
    "i entered ",
    "you misspelled ",
    // "please correct task 4, it should read …", "I worded #10 badly; could it say …"
    "correct ",
    "reword ",
    "i worded ",
    "i phrased ",
    "i called ",
    "i named ",
    "i titled ",
    "fix ",
];

/// What joins the task to its right words: "…, it should be …".
pub(super) const RIGHT_WORDS: &[&str] = &[
    " it should be ",
    " it should say ",
    " it should read ",
    " should be ",
    " should say ",
    " should read ",
    " it is actually ",
    " it's actually ",
    " it's meant to be ",
    " its meant to be ",
    " it is meant to be ",
    " meant to be ",
    " it's supposed to be ",
    " supposed to be ",
    " it needs to say ",
    " needs to say ",
    " needs to be ",
    " must be ",
    " make it ",
    " change it to ",
    " modify it to ",
    " update it to ",
    " correct it to ",
    " please change it to ",
    " please modify it to ",
    " please update it to ",
    " please correct it to ",
    " please make it ",
    " could it say ",
    " to say ",
    " to read ",
    " can it say ",
    " could it read ",
    " can it read ",
    " make it say ",
    " make it read ",
    ", it's ",
    ", its ",
    ": ",
];

/// "fix the typo in 10, it should be buy grout", "typo in task 4 - should
/// be Buy grout", "the dentist task is wrong, it should be orthodontist
/// appointment": the task and its corrected title.
pub(super) fn typo_fixed(t: &Text<'_>) -> Option<Intent> {
    let (task, right) = match t.after(TYPO_LEADS) {
        Some(rest) => {
            let (at, link) = first_of(rest.lower, RIGHT_WORDS)?;
            (&rest.original[..at], &rest.original[at + link.len()..])
        }
        None => {
            // The task said first, then that its title is wrong.
            let (at, said) = first_of(t.lower, SAID_WRONG)?;
            let after = &t.lower[at + said.len()..];
            let (right_at, link) = first_of(after, RIGHT_WORDS)?;
            // Only separators between the statement and the right words.
            if !after[..right_at]
                .trim_matches([',', '-', '–', '—', ':', ';', ' '])
                .is_empty()
            {
                return None;
            }
            let from = at + said.len() + right_at + link.len();
            (&t.original[..at], &t.original[from..])
        }
    };
    let task = task.trim_end_matches([',', '-', '–', '—', ':', ';', ' ']);
    // "I worded #10 badly": how it was worded goes.
    let task = [
        " the wrong thing",
        " the wrong name",
        " badly",
        " wrongly",
        " wrong",
        " poorly",
        " incorrectly",
    ]
    .iter()
    .find_map(|w| task.strip_suffix(w))
    .unwrap_or(task);
    let task_lower = task.to_ascii_lowercase();
    let task = Text {
        original: task,
        lower: &task_lower,
    };
    let found = target(&task).filter(|t| !vague(t))?;
    // "correct task 10: it should read …": the right words said twice over.
    let right = RIGHT_WORDS
        .iter()
        .map(|w| w.trim_start())
        .filter(|w| !w.starts_with([',', ':']))
        .filter(|w| right.len() > w.len() && right.get(..w.len()).is_some_and(|x| x.eq_ignore_ascii_case(w)))
        .max_by_key(|w| w.len())
        .map_or(right, |w| &right[w.len()..]);
    // "modify it to: review the plans": the colon before the title goes.
    let right = right.trim_start_matches([':', ' ']);
    let title = without_wrong_words(quoted_title(corrected(right, false)));
    (!title.is_empty()).then(|| Intent::Rename(found, title.to_owned()))
}

/// How a task's title is said to be wrong, after the task.
const SAID_WRONG: &[&str] = &[
    " is wrong",
    " is spelled wrong",
    " is spelt wrong",
    " is misspelled",
    " is misspelt",
    " has a typo",
    " has a typo in it",
    " has a spelling mistake",
    " is not right",
    " is not correct",
    " isn't correct",
    " is incorrect",
    " isn't right",
    " is named wrong",
    " has the wrong name",
    " needs a better name",
    " needs a new name",
    " needs a new title",
    " needs a better title",
    " needs renaming",
    " needs rewording",
];

/// "pick up Amy not Anna": the wrong words after a corrected title go
/// (not from a quoted title, which keeps what is inside its quotes).
pub(super) fn without_wrong_words(title: &str) -> &str {
    match title.to_ascii_lowercase().find(" not ") {
        Some(cut) if !title.contains(['"', '“']) && cut > 0 => title[..cut].trim_end_matches([',', ' ']),
        _ => title,
    }
}

/// Words after a quoted title that take back another one: `"a" not "b"`.
const TAKEN_BACK: &[&str] = &[
    "not ",
    ", not ",
    "(not ",
    "instead of ",
    "rather than ",
    "and not ",
];

/// A title as said: the first quoted part when the wrong title follows it
/// (`"pay electricity bill" not "pay bill"`), else without its quotes.
pub(super) fn quoted_title(s: &str) -> &str {
    let t = s.trim();
    let Some(open) = t.chars().next() else {
        return t;
    };
    let close = match open {
        '"' => '"',
        '“' => '”',
        '\'' => '\'',
        '‘' => '’',
        _ => return unquote(s),
    };
    let inner = &t[open.len_utf8()..];
    // A closing quote is one not inside a word ("mum's" keeps its apostrophe).
    let end = inner.char_indices().find(|(i, c)| {
        *c == close
            && !inner[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    });
    match end {
        Some((i, c)) => {
            let after = inner[i + c.len_utf8()..].trim_start().to_ascii_lowercase();
            if TAKEN_BACK.iter().any(|w| after.starts_with(w)) {
                inner[..i].trim()
            } else {
                unquote(s)
            }
        }
        None => unquote(s),
    }
}

/// Verbs that give a task a new name, said before the task and the name in
/// quotes: "call the supervisor meeting "committee meeting" instead".
const NAMING_VERBS: &[&str] = &["call ", "name ", "title ", "retitle "];

/// A task on the list given a quoted name after a naming verb: "call the
/// supervisor meeting "committee meeting" instead", "name task 3 "pay rent"".
pub(super) fn called_instead(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(NAMING_VERBS)?;
    let open = rest.original.find(['"', '“'])?;
    let title = quoted_title(corrected(&rest.original[open..], false));
    let task = rest.original[..open].trim_end();
    // "retitle the dentist one as "…"": the link before the name goes.
    let task = [" as", " to", " into"]
        .iter()
        .find_map(|l| task.strip_suffix(l))
        .unwrap_or(task);
    let task_lower = task.to_ascii_lowercase();
    let named = Text {
        original: task,
        lower: &task_lower,
    };
    let found = reference(&named).filter(|t| !vague(t))?;
    (!title.is_empty() && !title.contains(['"', '“', '”'])).then(|| Intent::Rename(found, title.to_owned()))
}

/// Words that ask for a new title.
const RETITLE_WORDS: &[&str] = &[
    "called", "say", "says", "read", "reads", "rename", "renamed", "amend", "title", "instead", "wording",
    "put",
];

/// Task nouns that end a task's name: "the chemist task", "the gym one".
const NAME_ENDS: &[&str] = &["task", "one", "reminder", "item", "todo"];

/// When nothing was read: a new title in quotes, a task named in quotes or
/// by "the <name> task", and a word asking for a new title ("The task
/// \"draft letter\" should be called \"final letter\"", "amend the chemist
/// task so that it says \"…\"").
pub(super) fn retitled(text: &str) -> Option<Intent> {
    let lower = text.to_lowercase();
    let words = words_of(&lower);
    // "is it correct to say "on the weekend" or "at the weekend"?" asks.
    if !RETITLE_WORDS.iter().any(|w| words.contains(w))
        || lower.trim_end().ends_with('?')
        || starts_with_question_word(&lower)
    {
        return None;
    }
    let quotes: Vec<&str> = text
        .split(['"', '“', '”'])
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .collect();
    let (name, title) = match quotes.as_slice() {
        [name, title]
            if ["task", "rename", "renamed", "called", "title"]
                .iter()
                .any(|w| words.contains(w)) =>
        {
            ((*name).to_owned(), (*title).to_owned())
        }
        [title] => {
            let before = &lower[..lower.find(['"', '“'])?];
            let named = words_of(before);
            let end = named.iter().position(|w| NAME_ENDS.contains(w))?;
            let start = named[..end].iter().rposition(|w| ["the", "my"].contains(w))? + 1;
            (start < end).then_some(())?;
            (named[start..end].join(" "), (*title).to_owned())
        }
        _ => return None,
    };
    Some(Intent::Rename(
        Target::Named(name),
        title.trim_end_matches(['.', '!']).to_owned(),
    ))
}
