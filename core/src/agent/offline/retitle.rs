//! A title corrected rather than renamed: a typo reported with the right
//! words ("fix the typo in 10, it should be buy grout") and a quoted title
//! said with the wrong one after it ("… should be "a" not "b"").

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
    "you misspelled ",
];

/// What joins the task to its right words: "…, it should be …".
const RIGHT_WORDS: &[&str] = &[
    " it should be ",
    " it should say ",
    " it should read ",
    " should be ",
    " should say ",
    " should read ",
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
    ", it's ",
    ", its ",
    ": ",
];

/// "fix the typo in 10, it should be buy grout", "typo in task 4 - should
/// be Buy grout": the task and its corrected title.
pub(super) fn typo_fixed(t: &Text<'_>) -> Option<Intent> {
    let rest = t.after(TYPO_LEADS)?;
    let (at, link) = first_of(rest.lower, RIGHT_WORDS)?;
    let task = rest.original[..at].trim_end_matches([',', '-', '–', '—', ':', ';', ' ']);
    let task_lower = task.to_ascii_lowercase();
    let found = target(&Text {
        original: task,
        lower: &task_lower,
    })?;
    let title = quoted_title(corrected(&rest.original[at + link.len()..], false));
    // "… should be pick up Jo not pick up Joe": the wrong words go.
    let title = match title.to_ascii_lowercase().find(" not ") {
        Some(cut) if !title.contains(['"', '“']) => title[..cut].trim_end_matches([',', ' ']),
        _ => title,
    };
    (!title.is_empty()).then(|| Intent::Rename(found, title.to_owned()))
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
