//! Chat shorthand and slips spelt out word by word before a message is
//! read: "tmrw", "pls", short weekdays, bare contractions, "2" for "to",
//! "nudge me" for "remind me", "remember" without its "to", and typos in
//! the command words.

use super::*;

/// Chat spellings and common slips, word by word (case-insensitive).
pub(super) const SHORTHAND: &[(&str, &str)] = &[
    ("tmrw", "tomorrow"),
    // Clipped edit verbs: "resched 14 to tonight".
    ("resched", "reschedule"),
    ("reschd", "reschedule"),
    ("postp", "postpone"),
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
    ("wot", "what"),
    ("wot's", "what's"),
    ("wots", "what's"),
    ("wat's", "what's"),
    ("wats", "what's"),
    ("whats", "what's"),
    ("cant", "can't"),
    ("dont", "don't"),
    ("wont", "won't"),
    ("im", "i'm"),
    ("wanna", "want to"),
    ("lemme", "let me"),
    ("gonna", "going to"),
    ("doesnt", "doesn't"),
    ("isnt", "isn't"),
    ("didnt", "didn't"),
    ("wasnt", "wasn't"),
    ("hasnt", "hasn't"),
    ("havent", "haven't"),
    ("arent", "aren't"),
    ("shouldnt", "shouldn't"),
    ("theyre", "they're"),
    ("thats", "that's"),
    ("prio", "priority"),
    ("pri", "priority"),
    ("ive", "i've"),
    ("hav", "have"),
    ("hve", "have"),
    ("what've", "what have"),
    ("whatve", "what have"),
    ("what’ve", "what have"),
    ("u", "you"),
    ("ur", "your"),
    ("thnx", "thanks"),
    ("thanx", "thanks"),
    ("tks", "thanks"),
    ("b4", "before"),
    ("pls", "please"),
    ("rmnd", "remind"),
    ("remi", "remind"),
    ("plz", "please"),
    ("mins", "minutes"),
    ("wk", "week"),
    ("cn", "can"),
    // Slips in the words of a time: "evry friday", "nxt week".
    ("evry", "every"),
    ("evrey", "every"),
    ("eveyr", "every"),
    ("nxt", "next"),
    ("nexr", "next"),
    ("tonigt", "tonight"),
    ("tonihgt", "tonight"),
    ("mornign", "morning"),
    ("arvo", "afternoon"),
    ("aft", "afternoon"),
    ("morn", "morning"),
    ("mrng", "morning"),
    ("wks", "weeks"),
    ("hrs", "hours"),
    ("p1s", "p1 tasks"),
    ("p2s", "p2 tasks"),
    ("p3s", "p3 tasks"),
];

/// Words before "remember" that make it the speaker's own to-do.
const REMEMBER_LEADS: &[&str] = &[
    "i", "must", "need", "to", "should", "please", "pls", "gotta", "have", "we",
];

/// Verbs said for "remind" before "me".
const REMIND_SYNONYMS: &[&str] = &["nudge", "ping", "buzz", "poke", "prod", "jog"];

/// Contractions typed without the apostrophe that are words too ("id",
/// "ill", "hell"), and the next words that show which is meant.
const BARE_CONTRACTIONS: &[(&str, &str, &[&str])] = &[
    (
        "id",
        "i'd",
        &[
            "like",
            "love",
            "appreciate",
            "prefer",
            "rather",
            "be",
            "need",
            "want",
        ],
    ),
    (
        "ill",
        "i'll",
        &["need", "have", "be", "do", "call", "forget", "want", "get"],
    ),
    ("youd", "you'd", &["be", "like", "mind"]),
    ("whatre", "what are", &["my", "the"]),
];

/// Short links, spelt out only after a request's verb (`LINK_LEADS`).
const LINK_SHORTHAND: &[(&str, &str)] = &[
    ("w/", "with"),
    ("w/o", "without"),
    ("abt", "about"),
    ("bout", "about"),
    // Scots: "done wi the invoice".
    ("wi", "with"),
];
const LINK_LEADS: &[&str] = &[
    "again",
    "done",
    "finished",
    "me",
    "reminder",
    "task",
    "tasks",
    "one",
    "anything",
    "something",
    "everything",
];

/// Weekdays typed short, and the words they are short for.
pub(super) const SHORT_WEEKDAYS: &[(&str, &str)] = &[
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("tues", "tuesday"),
    ("wed", "wednesday"),
    ("weds", "wednesday"),
    ("thu", "thursday"),
    ("thur", "thursday"),
    ("thurs", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
];
/// Words before a short weekday that make it a day: "to fri", "by thurs".
const DAY_LEADS: &[&str] = &[
    "to", "on", "by", "until", "till", "til", "next", "this", "every", "due", "before", "-", "–", "—",
];
/// Short forms that are words too ("in the sun", "get wed"): a day only
/// after a lead or before a time.
const WORDLIKE_DAYS: &[&str] = &["sun", "wed"];
/// Words before a short weekday said last that make it a verb: "i sat".
const SUBJECTS: &[&str] = &["i", "we", "he", "she", "they", "you", "it", "who", "and"];

/// A short weekday where a day is said: after a lead ("move 3 to thurs"),
/// before a time ("fri 3pm"), between dashes ("deck - fri - urgent") or last
/// ("return library books sat").
fn short_weekday(words: &[&str], i: usize, lower: &str) -> Option<&'static str> {
    let core = lower.trim_end_matches(['?', '!', '.', ',', ':', ';']);
    let (short, day) = SHORT_WEEKDAYS.iter().find(|(s, _)| *s == core)?;
    let before = i.checked_sub(1).map(|k| words[k].to_lowercase());
    let next = words.get(i + 1).map(|w| w.to_lowercase());
    // "every mon wed fri": a short day after another day is one too.
    let after_a_day = before.as_deref().is_some_and(|b| {
        let b = b.trim_end_matches(',');
        SHORT_WEEKDAYS.iter().any(|(s, d)| *s == b || *d == b)
    });
    let led = before.as_deref().is_some_and(|b| DAY_LEADS.contains(&b)) || after_a_day;
    let timed = next.as_deref().is_some_and(|n| {
        n.starts_with(|c: char| c.is_ascii_digit())
            || ["-", "–", "—", "at", "morning", "afternoon", "evening", "night"].contains(&n)
    });
    // "deploy hotfix fri p1 #work": only markers after it is last too.
    let markers_after = words[i + 1..].iter().all(|w| {
        let w = w.to_lowercase();
        w.starts_with('#') || ["p1", "p2", "p3", "p4", "!", "!!", "!!!"].contains(&w.as_str())
    });
    let last = markers_after
        && i > 0
        && !WORDLIKE_DAYS.contains(short)
        && !before.as_deref().is_some_and(|b| SUBJECTS.contains(&b));
    (led || timed || last).then_some(*day)
}

/// Short forms of a verb said first: "del 4", "rm 4", "x 5".
pub(super) const FIRST_WORD_SHORTHAND: &[(&str, &str)] = &[
    ("del", "delete"),
    ("rm", "delete"),
    ("rem", "delete"),
    ("ad", "add"),
    ("x", "done"),
    ("fin", "done"),
    ("ls", "list"),
    ("tz", "timezone"),
    ("mv", "move"),
    ("rmd", "remind"),
    ("snz", "snooze"),
    ("chng", "change"),
    ("chg", "change"),
    ("chnage", "change"),
    // "were in london now": "we're" said first without its apostrophe.
    ("were", "we're"),
];

/// Words people mistype where a slip changes the reading: the first two
/// words of a request, and its last.
/// Only words of five letters or more, whose one-letter neighbours are not
/// everyday words ("move" is one letter from "movie", "pending" from "spending").
pub(super) const LEADING_KEYWORDS: &[&str] = &[
    "remind",
    "reminds",
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
pub(super) const TRAILING_KEYWORDS: &[&str] = &[
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
pub(super) fn one_edit(a: &str, b: &str) -> bool {
    // The everyday case, ASCII: compared in place, without a table.
    if a.is_ascii() && b.is_ascii() {
        return one_ascii_edit(a.as_bytes(), b.as_bytes());
    }
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

/// `one_edit` for ASCII: one substitution, one swap of neighbours, or one
/// letter more or less.
fn one_ascii_edit(a: &[u8], b: &[u8]) -> bool {
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() {
        let (ra, rb) = (&a[prefix + 1..], &b[prefix + 1..]);
        let substituted = ra == rb;
        let swapped =
            !ra.is_empty() && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] && ra[1..] == rb[1..];
        return substituted || swapped;
    }
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    long[prefix + 1..] == short[prefix..]
}

/// Everyday command words, corrected anywhere when two neighbouring letters
/// are swapped ("lsit", "taks", "waht's", "shwo"): a swap of one of these is
/// almost never another word.
pub(super) const SWAP_KEYWORDS: &[&str] = &[
    "task", "tasks", "list", "show", "what", "what's", "todo", "todos", "done", "delete", "remove", "today",
    "pending", "overdue", "tomorrow", "week", "mark", "move", "rename", "snooze", "complete", "finished",
    "remind", "agenda", "left",
];

/// The keyword `word` is with two neighbouring letters swapped back.
pub(super) fn swapped_keyword(word: &str) -> Option<String> {
    // The keywords are ASCII; a word that is not cannot be one of them swapped.
    let w = word.as_bytes();
    if w.len() < 4 || !word.is_ascii() || SWAP_KEYWORDS.contains(&word) {
        return None;
    }
    SWAP_KEYWORDS
        .iter()
        .find(|k| {
            let k = k.as_bytes();
            if k.len() != w.len() {
                return false;
            }
            let mut diff = (0..w.len()).filter(|i| w[*i] != k[*i]);
            matches!((diff.next(), diff.next(), diff.next()),
                (Some(a), Some(b), None) if b == a + 1 && w[a] == k[b] && w[b] == k[a])
        })
        .map(|k| (*k).to_owned())
}

/// A keyword of five letters or more with one letter left out, keeping
/// its first and last ("tody", "pendng", "delte", "overdu" is not: the last
/// letter is gone).
pub(super) fn dropped_letter_keyword(word: &str) -> Option<String> {
    if word.chars().count() < 4 || SWAP_KEYWORDS.contains(&word) {
        return None;
    }
    SWAP_KEYWORDS
        .iter()
        .filter(|k| k.len() >= 5 && k.len() == word.len() + 1)
        .filter(|k| k.chars().next() == word.chars().next() && k.chars().last() == word.chars().last())
        .find(|k| {
            // `k` with one letter left out is `word`: after their common
            // start, the rest of `k` past one letter is the rest of `word`.
            let (k, w) = (k.as_bytes(), word.as_bytes());
            let prefix = k.iter().zip(w).take_while(|(x, y)| x == y).count();
            k[prefix + 1..] == w[prefix..]
        })
        .map(|k| (*k).to_owned())
}

/// Punctuation said aloud in dictation, and the mark it stands for: "…
/// by Wednesday comma can you remind me", "… after work full stop".
const SPOKEN_MARKS: &[(&[&str], char)] = &[
    (&["comma"], ','),
    (&["full", "stop"], '.'),
    (&["question", "mark"], '?'),
    (&["exclamation", "mark"], '!'),
    (&["exclamation", "point"], '!'),
    (&["new", "line"], '.'),
    (&["new", "paragraph"], '.'),
    // Marks said between two words join them: "europe slash berlin".
    (&["slash"], '/'),
    (&["forward", "slash"], '/'),
    (&["underscore"], '_'),
];

/// The text with punctuation said aloud written as its mark (only after a
/// word, so "comma" said first stays a word).
fn dictated(text: &str) -> Option<String> {
    // Most messages are typed: look for a spoken mark before splitting.
    if !SPOKEN_MARKS
        .iter()
        .any(|(words, _)| contains_any_case(text, words[0]))
    {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    let mut changed = false;
    while i < words.len() {
        let spoken = SPOKEN_MARKS.iter().find(|(said, _)| {
            words.len() >= i + said.len()
                && said
                    .iter()
                    .zip(&words[i..])
                    .all(|(s, w)| w.trim_end_matches(['.', ',']).eq_ignore_ascii_case(s))
        });
        match (spoken, out.last_mut()) {
            (Some((said, mark)), Some(last)) if !['/', '_'].contains(mark) => {
                last.push(*mark);
                i += said.len();
                changed = true;
            }
            (Some((said, mark)), Some(last)) if i + said.len() < words.len() => {
                last.push(*mark);
                last.push_str(words[i + said.len()]);
                i += said.len() + 1;
                changed = true;
            }
            _ => {
                out.push(words[i].to_owned());
                i += 1;
            }
        }
    }
    changed.then(|| out.join(" "))
}

/// Spans said in words the time reader does not know, and what they are.
const SPANS_IN_WORDS: &[(&str, &str)] = &[
    ("every other fortnight", "every 4 weeks"),
    ("every fortnight", "every 2 weeks"),
    ("once a fortnight", "every 2 weeks"),
    ("in a fortnight's time", "in 2 weeks"),
    ("in a fortnight", "in 2 weeks"),
    ("a fortnight from now", "in 2 weeks"),
];

/// Units of a span said before "from now": "three months from now".
const SPAN_UNITS: &[&str] = &[
    "minute", "minutes", "mins", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year",
    "years",
];

/// "renew my passport three months from now" → "… in three months".
fn span_from_now(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = [" from now", " from today"]
        .iter()
        .find_map(|m| lower.find(m).map(|at| (at, m.len())))?;
    let words: Vec<&str> = lower[..at.0].split(' ').collect();
    let [.., count, unit] = words.as_slice() else {
        return None;
    };
    if !SPAN_UNITS.contains(unit) || count.is_empty() {
        return None;
    }
    let start = at.0 - unit.len() - count.len() - 1;
    Some(format!(
        "{}in {}{}",
        &text[..start],
        &text[start..at.0],
        &text[at.0 + at.1..]
    ))
}

/// Parts of a day said in the plural after a weekday: "on sunday nights".
const PLURAL_PARTS: &[&str] = &["nights", "mornings", "evenings", "afternoons"];

/// "take the bins out on sunday nights" → "… every sunday night": a
/// weekday's part said in the plural is every week.
fn weekday_parts(text: &str) -> Option<String> {
    // Most messages say no plural part of a day: look before splitting.
    if !PLURAL_PARTS.iter().any(|p| contains_any_case(text, p)) {
        return None;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let low: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let i = (1..words.len()).find(|i| {
        PLURAL_PARTS.contains(&low[*i].trim_end_matches([',', '.', '!', '?']))
            && time::DAY_NAMES.contains(&low[i - 1].as_str())
    })?;
    let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    let part = &low[i].trim_end_matches([',', '.', '!', '?']);
    out[i] = format!("{}{}", &part[..part.len() - 1], &words[i][part.len()..]);
    match i.checked_sub(2).filter(|k| low[*k] == "on" || low[*k] == "every") {
        Some(k) => out[k] = "every".to_owned(),
        None => out.insert(i - 1, "every".to_owned()),
    }
    Some(out.join(" "))
}

/// "every fortnight on monday" → "every 2 weeks on monday".
fn spans_in_words(text: &str) -> Option<String> {
    // Most messages never say "fortnight": look before lowering the text.
    if !contains_any_case(text, "fortnight") {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let (at, (said, means)) = SPANS_IN_WORDS
        .iter()
        .find_map(|p| lower.find(p.0).map(|at| (at, p)))?;
    Some(format!("{}{means}{}", &text[..at], &text[at + said.len()..]))
}

/// A day of the month as an ordinal: "15th", "1st", "22nd".
fn ordinal(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    ["st", "nd", "rd", "th"].contains(&suffix) && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Words spelt out: shorthand, first-word verbs, and a slip in a keyword
/// where a keyword is expected. Quoted titles are left alone.
pub(super) fn shorthand(text: &str) -> String {
    // Phrases said in words, each read only when a word of it is said (one
    // look at the words for all of them).
    let said = |w: &str| {
        text.split_whitespace()
            .any(|x| x.trim_end_matches([',', '.', '!', '?']).eq_ignore_ascii_case(w))
    };
    let rare = text.split_whitespace().any(|x| {
        let x = x.trim_end_matches([',', '.', '!', '?', '\'', 's']);
        RARE_WORDS.iter().any(|w| x.eq_ignore_ascii_case(w))
    });
    if !rare {
        return shorthand_words(text);
    }
    let spoken = dictated(text);
    let text = spoken.as_deref().unwrap_or(text);
    let spans = spans_in_words(text);
    let text = spans.as_deref().unwrap_or(text);
    let parts = weekday_parts(text);
    let text = parts.as_deref().unwrap_or(text);
    let from_now = said("from").then(|| span_from_now(text)).flatten();
    let text = from_now.as_deref().unwrap_or(text);
    shorthand_words(text)
}

/// The words that start a phrase read before the word-by-word pass: a mark
/// said aloud, a fortnight, a part of a day in the plural, "from now"
/// (looked for without a last "s" or "'s").
const RARE_WORDS: &[&str] = &[
    "comma",
    "slash",
    "forward",
    "underscore",
    "full",
    "question",
    "exclamation",
    "new",
    "fortnight",
    "night",
    "morning",
    "evening",
    "afternoon",
    "from",
];

/// Chat spellings and slips spelt out word by word.
fn shorthand_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let quoted = text.contains(['"', '“', '”']);
    let n = words.len();
    let mut out: Vec<String> = Vec::with_capacity(n);
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        let core = lower.trim_end_matches(['?', '!', '.', ',', ':', ';']);
        let tail = &lower[core.len()..];
        // "remind me 2 call dad", "i need 2 pay": "2" between a lead and a verb is "to".
        let before = i.checked_sub(1).map(|k| words[k].to_lowercase());
        let lead = before.as_deref().is_some_and(|b| {
            [
                "me", "need", "have", "got", "want", "going", "forget", "remember", "gotta", "how",
            ]
            .contains(&b)
        });
        let verb_next = words
            .get(i + 1)
            .is_some_and(|w| TODO_VERBS.contains(&w.to_lowercase().as_str()));
        if core == "2" && lead && verb_next {
            out.push(format!("to{tail}"));
            continue;
        }
        // "by 15th", "on 3rd": a day of the month said without "the".
        if before
            .as_deref()
            .is_some_and(|b| ["by", "on", "before", "until", "till", "due", "from"].contains(&b))
            && ordinal(core)
        {
            out.push(format!("the {word}"));
            continue;
        }
        // "I must remember buy the uniform": "to" left out after "remember".
        if core == "remember"
            && tail.is_empty()
            && before.as_deref().is_none_or(|b| REMEMBER_LEADS.contains(&b))
            && words.get(i + 1).is_some_and(|w| todo_verb(&w.to_lowercase()))
        {
            out.push(format!("{word} to"));
            continue;
        }
        // "I need remember pay …": "to" left out after "need" too.
        if core == "need"
            && tail.is_empty()
            && words
                .get(i + 1)
                .is_some_and(|w| w.eq_ignore_ascii_case("remember"))
        {
            out.push(format!("{word} to"));
            continue;
        }
        // "nudge me about 8 in 2 hours", "ping me to call dad": ways to say "remind".
        // "ask me again about 3 in an hour": asked again is reminded again.
        let asked_again = core == "ask"
            && words.get(i + 1).is_some_and(|w| w.eq_ignore_ascii_case("me"))
            && words.get(i + 2).is_some_and(|w| w.eq_ignore_ascii_case("again"));
        if asked_again
            || REMIND_SYNONYMS.contains(&core)
                && words.get(i + 1).is_some_and(|w| w.eq_ignore_ascii_case("me"))
        {
            out.push(format!("remind{tail}"));
            continue;
        }
        // "done w/ 3", "remind me abt the parcel": a short link after a
        // request's verb; in a title it stays as typed ("budget review w/
        // finance", "call landlord abt the leak").
        if let Some((_, long)) = LINK_SHORTHAND.iter().find(|(s, _)| *s == core)
            && before.as_deref().is_some_and(|b| LINK_LEADS.contains(&b))
        {
            out.push(format!("{long}{tail}"));
            continue;
        }
        // "id like …", "ill need …": a contraction typed without its apostrophe,
        // where the next word shows it.
        if let Some((_, long, _)) = BARE_CONTRACTIONS.iter().find(|(short, _, next)| {
            *short == core
                && words
                    .get(i + 1)
                    .is_some_and(|w| next.contains(&w.to_lowercase().as_str()))
        }) {
            out.push(format!("{long}{tail}"));
            continue;
        }
        if let Some(day) = (!quoted).then(|| short_weekday(&words, i, &lower)).flatten() {
            out.push(format!("{day}{tail}"));
            continue;
        }
        // "hey bot del 7": the verb said first after a greeting.
        let first = i == 0
            || (i <= 3
                && FIRST_WORD_SHORTHAND.iter().any(|(short, _)| *short == core)
                && words[..i].iter().all(|w| {
                    let w = w.trim_end_matches([',', '!']).to_lowercase();
                    INTERJECTIONS.contains(&w.as_str()) || ADDRESSES.contains(&w.as_str())
                }));
        let spelt = SHORTHAND
            .iter()
            .chain(FIRST_WORD_SHORTHAND.iter().filter(|_| first && n > i + 1))
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
            .or_else(|| (!quoted).then(|| dropped_letter_keyword(core)).flatten())
            .or_else(|| (!quoted).then(|| wandering_keyword(core)).flatten());
        match spelt {
            Some(long) => out.push(format!("{long}{tail}")),
            None => out.push((*word).to_owned()),
        }
    }
    out.join(" ")
}

/// Words of structure (dates, the words of a request) matched anywhere in
/// a message when their spelling wanders ("remmber", "rember", "frday",
/// "wendsday", "plese", "priorty", "cahnge", "insted"): one edit for a
/// word of five letters or more, two for a keyword of eight or more, the
/// first letter kept. A title word is never one of these, so only the
/// words that shape the reading change. The weekday names
/// (`time::DAY_NAMES`) are keywords too.
const WANDERING_KEYWORDS: &[&str] = &[
    "remember",
    "remind",
    "please",
    "priority",
    "tomorrow",
    "tonight",
    "january",
    "february",
    "september",
    "october",
    "november",
    "december",
    "change",
    "instead",
    "weekend",
    "weekday",
    "afternoon",
    "urgent",
    "important",
    "delete",
    "rename",
    "schedule",
];

/// Everyday words an edit or two from a keyword above, which stay as
/// typed (found by matching the keywords against an English word list).
const NEAR_KEYWORDS: &[&str] = &[
    "renumber",
    "rebind",
    "remand",
    "rewind",
    "pease",
    "pleas",
    "priory",
    "priories",
    "probity",
    "sturdy",
    "sundae",
    "sundas",
    "sundry",
    "nonmember",
    "deceiver",
    "chance",
    "chang",
    "charge",
    "deplete",
    "impotent",
    "importing",
    "importune",
    "importance",
    "importantly",
];

/// The keyword a wandering spelling stands for (`WANDERING_KEYWORDS`).
pub(super) fn wandering_keyword(word: &str) -> Option<String> {
    let w = word.as_bytes();
    if w.len() < 5 || !word.is_ascii() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let keywords = time::DAY_NAMES.iter().chain(WANDERING_KEYWORDS);
    if keywords.clone().any(|k| *k == word) || NEAR_KEYWORDS.contains(&word) {
        return None;
    }
    keywords
        .filter(|k| k.as_bytes()[0] == w[0])
        // A keyword's own forms ("mondays", "changed", "pleased") are words.
        .filter(|k| !word.starts_with(**k))
        .find(|k| {
            let most = if k.len() >= 8 { 2 } else { 1 };
            k.len().abs_diff(w.len()) <= most && edits_at_most(w, k.as_bytes(), most)
        })
        .map(|k| (*k).to_owned())
}

/// Whether `a` is at most `most` edits (insert, delete, substitute, swap
/// of neighbours) from `b`: the optimal string alignment distance.
fn edits_at_most(a: &[u8], b: &[u8], most: usize) -> bool {
    // The keywords are short: rows on the stack, one more than the longest.
    const ROW: usize = 16;
    if b.len() >= ROW {
        return false;
    }
    let mut before = [0usize; ROW];
    let mut last = [0usize; ROW];
    let mut row = [0usize; ROW];
    for (j, cell) in last.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        if row[..=b.len()].iter().all(|d| *d > most) {
            return false;
        }
        before = last;
        last = row;
    }
    last[b.len()] <= most
}
