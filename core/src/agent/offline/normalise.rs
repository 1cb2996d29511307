//! Normalising a message before it is read: symbols and shorthand spelt out,
//! slips in command words corrected, politeness, interjections, afterthoughts
//! and trailing corrections taken off.

use super::*;

/// Symbols that stand for a word at the start: "✅ 3", "🗑️ 4", "+ milk".
pub(super) const SYMBOL_WORDS: &[(&str, &str)] = &[
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
pub(super) const DONE_MARKS: &[&str] = &[
    "✅", "✔️", "✔", "✔︎", "☑️", "☑", "✓", "✔✔", "✅✅", "👍", "👌", "🎉",
];

/// Symbols mapped to words, and tokens without a letter or digit dropped at
/// either end ("🛒 buy oat milk", "show everything 👀"); arrows read "to".
pub(super) fn symbols(text: &str) -> String {
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
                "checked",
                "ticked",
                "crossed",
                "marked",
                "knocked",
                "finish",
                "sorted",
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
pub(super) const SHORTHAND: &[(&str, &str)] = &[
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
    ("arvo", "afternoon"),
    ("aft", "afternoon"),
    ("morn", "morning"),
    ("mrng", "morning"),
    ("wks", "weeks"),
    ("hrs", "hours"),
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
];
const LINK_LEADS: &[&str] = &[
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
    let led = before.as_deref().is_some_and(|b| DAY_LEADS.contains(&b));
    let timed = next.as_deref().is_some_and(|n| {
        n.starts_with(|c: char| c.is_ascii_digit())
            || ["-", "–", "—", "at", "morning", "afternoon", "evening", "night"].contains(&n)
    });
    let last = next.is_none()
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

/// Words spelt out: shorthand, first-word verbs, and a slip in a keyword
/// where a keyword is expected. Quoted titles are left alone.
pub(super) fn shorthand(text: &str) -> String {
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
        if REMIND_SYNONYMS.contains(&core) && words.get(i + 1).is_some_and(|w| w.eq_ignore_ascii_case("me")) {
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
pub(super) const POLITE_PREFIXES: &[&str] = &[
    "quick one - ",
    "quick one, ",
    "quick one: ",
    "quick one ",
    "quick thing - ",
    "quick thing, ",
    "one more thing, ",
    "one more thing ",
    "another thing, ",
    "oh and ",
    "and also ",
    "also, ",
    "you can ",
    "you could ",
    "feel free to ",
    "can we ",
    "could we ",
    "shall we ",
    "let's ",
    "could you please ",
    "can you please ",
    "would you please ",
    "will you please ",
    "could you ",
    "can you ",
    "would you ",
    "will you ",
    "please to ",
    "please you ",
    "you please ",
    "pls you ",
    "please can you to ",
    "pls to ",
    "kindly to ",
    "i just remembered that ",
    "i just remembered ",
    "just remembered that ",
    "just remembered ",
    "i remembered that ",
    "i remembered ",
    "i've just remembered ",
    "i realised ",
    "i realized ",
    "i just realised ",
    "i just realized ",
    "just realised ",
    "just realized ",
    "it occurred to me that ",
    "it occurred to me ",
    "it just occurred to me ",
    "come to think of it ",
    "come to think of it, ",
    "now that i think of it ",
    "now that i think of it, ",
    "that reminds me ",
    "that reminds me, ",
    "before i forget ",
    "before i forget, ",
    "while i remember ",
    "while i remember, ",
    "while i think of it ",
    "while i think of it, ",
    "oh yeah ",
    "oh yeah, ",
    "oh right ",
    "oh right, ",
    "please ",
    "pls ",
    "plz ",
    "kindly ",
    "hey bot, ",
    "hey bot ",
    "hi bot, ",
    "hi bot ",
    "ok bot, ",
    "ok bot ",
    "bot, ",
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
    "want to ",
    "i would like that you ",
    "i'd like that you ",
    "i want that you ",
    "i need that you ",
    "i would like you ",
    "would you be so kind as to ",
    "could you be so kind as to ",
    "would you be kind enough to ",
    "be so kind as to ",
    "would you kindly ",
    "i reckon ",
    "i think ",
    "i guess ",
    "i suppose ",
    "i feel like ",
    "let's ",
    "lets ",
    "let me ",
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
    "can you possibly ",
    "would you possibly ",
    "which means ",
    "which means that ",
    "that means ",
    "that means that ",
    "this means ",
    "so that means ",
    "meaning ",
    "would it be possible to ",
    "would it be at all possible to ",
    "is it at all possible to ",
    "please may you ",
    "may you ",
    "would it be possible for you to ",
    "would it be possible if you could ",
    "is it possible to ",
    "is it possible for you to ",
    "is there any way you could ",
    "would you be able to ",
    "i was hoping you could ",
    "i was hoping you'd ",
    "i'm hoping you could ",
    "i am hoping you could ",
    "i was hoping you could please ",
    "i need you to ",
    "i'd need you to ",
    "i'd love it if you could ",
    "i'd love you to ",
    "are you able to ",
    "could you be able to ",
    "i'd be grateful if you could ",
    "i'd be grateful if you'd ",
    "i'd be grateful if you would ",
    "i would be grateful if you would ",
    "i'd appreciate it if you'd ",
    "i would appreciate it if you would ",
    "i would be grateful if you could ",
    "is there any chance you could ",
    "is it possible for me to ",
    "would it be possible for me to ",
    "do you think you could ",
    "do you think you can ",
    "is it ok if you ",
    "is it okay if you ",
    "is it alright if you ",
    "would it be ok if you ",
    "would it be okay if you ",
    "can i get you to ",
    "could i get you to ",
    "can i ask you to ",
    "could i ask you to ",
    "might i ask you to ",
    "is there any chance you can ",
    "is there any way to ",
    "is there any way i can ",
    "is there any way i could ",
    "would it be sensible to ",
    "would it be wise to ",
    "would it be alright to ",
    "would it be all right to ",
    "would it be ok to ",
    "would it be okay to ",
    "is it alright to ",
    "is it ok to ",
    "is it okay to ",
    "might i ",
    "might you ",
    "any chance you could ",
    "any chance you can ",
    "i've been asked to ",
    "i was asked to ",
    "i've just been asked to ",
    "i've just been told ",
    "i've been told ",
    "i have been told ",
    "i was just told ",
    "i was told ",
    "i just found out ",
    "i just found out that ",
    "i've just found out ",
    "i've just found out that ",
    "i just heard ",
    "i just heard that ",
    "apparently ",
    "turns out ",
    "it turns out ",
    "now ",
    "i was wondering if you could ",
    "i was wondering if you could possibly ",
    "i wonder if you could ",
    "i was wondering whether you could ",
    "i was wondering if you would ",
    "i was wondering whether you would ",
    "i wonder whether you could ",
    "i was hoping you would ",
    "if it's not too much trouble ",
    "if it's not too much trouble, ",
    "if it isn't too much trouble ",
    "when you get a chance ",
    "when you get a moment ",
    "when you get a moment, ",
    "when you have a moment ",
    "when you have a moment, ",
    "when you have a minute, ",
    "when you get a sec, ",
    "when you have time, ",
    "when you can, ",
    "as discussed, ",
    "sorry to bother you, but ",
    "sorry to bother you but ",
    "sorry to bother you, ",
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

pub(super) const POLITE_SUFFIXES: &[&str] = &[
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
    " that'd be great",
    " that would be great",
    " that'd be amazing",
    " that would be amazing",
    " that'd be lovely",
    " that would be lovely",
    " if that's ok",
    " if that's okay",
    " thanks in advance",
    ", would you",
    " would you",
    ", could you",
    ", will you",
    ", can you",
    " if you would",
    ", if you would",
    " if you don't mind",
    ", if you don't mind",
    ", ta",
    " many thanks",
    " please update it",
    " please update that",
    " please change it",
    " can you update it",
    " could you update it",
    " thanks so much",
    " thanks very much",
    " thank you very much",
    " thanks again",
    " much appreciated",
    " appreciate it",
    " i appreciate it",
    " have a good weekend",
    " have a nice weekend",
    " have a great weekend",
    " have a good day",
    " have a nice day",
    " have a great day",
    " have a good one",
    " best regards",
    " kind regards",
    " regards",
];

/// Trims, drops politeness at either end (repeatedly: "could you please … for me, thanks"),
/// closing punctuation, and quotes around the whole message.
/// Interjections said first, with or without punctuation: "hey! add milk",
/// "ugh i need to …", "k add eggs".
pub(super) const INTERJECTIONS: &[&str] = &[
    "hey", "hi", "hiya", "heya", "howdy", "hello", "yo", "ok", "okay", "oh", "omg", "ugh", "argh", "so",
    "well", "um", "umm", "hmm", "k", "kk", "alright", "right", "cool", "great", "welp", "honestly", "like",
    "ah", "ahh", "uh", "oops", "wow", "sweet", "perfect", "yes", "yeah", "yep", "no", "nope", "yay",
    "woohoo", "woo", "phew", "whew", "ngl", "tbh", "tbf", "lowkey", "fr", "srsly", "anyway", "anyways",
    "bruh", "lol",
];

/// The text without an interjection at its start, when more follows.
pub(super) fn without_interjection(s: &str) -> Option<String> {
    let (first, rest) = s.split_once(' ')?;
    let word = first.trim_end_matches(['!', ',', '.', '…']).to_ascii_lowercase();
    // "no priority for 2", "no deadline on 4": "no" says what to clear.
    let clears = word == "no"
        && first.len() == 2
        && (starts_with_field(&rest.to_ascii_lowercase())
            || ["longer ", "need "]
                .iter()
                .any(|w| rest.to_ascii_lowercase().starts_with(w)));
    if !INTERJECTIONS.contains(&word.as_str()) || rest.trim().is_empty() || clears {
        return None;
    }
    // "hey bot, …", "ok tasklink …": the bot addressed after the interjection.
    let rest = rest.trim();
    let addressed = ADDRESSES.iter().find_map(|a| {
        let after = rest.get(a.len()..)?;
        (rest[..a.len()].eq_ignore_ascii_case(a) && after.starts_with([' ', ',', '!']))
            .then(|| after.trim_start_matches([' ', ',', '!']))
            .filter(|r| !r.is_empty())
    });
    Some(addressed.unwrap_or(rest).to_owned())
}

/// Names the bot is addressed by after a greeting: "hey bot", "ok tasklink".
const ADDRESSES: &[&str] = &["bot", "tasklink", "assistant", "buddy", "mate"];

/// Where a correction naming another task number starts at the end:
/// "mark 4 done, not 3", "delete 6 (not 5)", "done 2 not task 3".
pub(super) fn trailing_correction(s: &str) -> Option<usize> {
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
pub(super) const REASONS: &[&str] = &[
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
pub(super) const IT_REASONS: &[&str] = &[
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
    "don't need it",
    "don't need it anymore",
    "i dont need it",
];
pub(super) const SAID_IMPORTANCE: &[(&str, &str)] = &[
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

/// Words that join a reason to the request before it.
const REASON_JOINS: &[&str] = &[
    " because ",
    ", because ",
    " cuz ",
    " coz ",
    " bc ",
    " since it's ",
    " since its ",
    " since it ",
    " since i ",
    " since we ",
    " since the ",
    ", since ",
    " as it's ",
    " as its ",
    " as it is ",
];

/// Words of a request that edits a field or removes a task, after which a
/// word of importance is its reason.
const EDITS_OF_A_FIELD: &[&str] = &[
    "due date",
    "deadline",
    "priority",
    "the date",
    "delete",
    "remove",
    "rename",
    "reschedule",
    "postpone",
    "snooze",
    "erase",
];

/// Where an afterthought starts at the end, and the priority words it becomes.
pub(super) fn afterthought(s: &str) -> Option<(usize, Option<&'static str>)> {
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
    // "remove number 2 since it's cancelled", "delete 5 because we did it":
    // a reason joined by "because" (or "since" with a subject) goes too.
    let joined = REASON_JOINS
        .iter()
        .filter_map(|j| lower.find(j))
        .filter(|at| *at > 0)
        .map(|at| (at, None));
    spaced.chain(after_sep).chain(joined).min_by_key(|(cut, _)| *cut)
}

pub(super) fn normalize(text: &str) -> String {
    // A slash command typed where commands are not parsed: "/add milk" is "add milk".
    let text = text.trim_start().strip_prefix('/').unwrap_or(text);
    let mut s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = s.len();
        if let Some(rest) = without_interjection(&s) {
            s = rest;
        }
        if let Some(rest) = without_address(&s) {
            s = rest;
        }
        if let Some(rest) = asked_to(&s)
            .or_else(|| forgot_then_need(&s))
            .or_else(|| context_before_need(&s))
            .or_else(|| wrapped_question(&s))
            .or_else(|| for_me_before_object(&s))
            .or_else(|| topic_first(&s))
            .or_else(|| wanted_title(&s))
            .or_else(|| wanted_state(&s))
            .or_else(|| time_before_link(&s))
        {
            s = rest;
        }
        if let Some(rest) = gerund_request(&s)
            .or_else(|| reminder_waits(&s))
            .or_else(|| modal_about_a_task(&s))
            .or_else(|| command_with_colon(&s))
        {
            s = rest;
        }
        if let Some(at) = trailing_correction(&s) {
            s.truncate(at);
        }
        // "that's 5 done": the task, then its mark.
        let lower = s.to_ascii_lowercase();
        if let Some(p) = ["that's ", "thats ", "that is "].iter().find(|p| {
            lower
                .strip_prefix(**p)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        }) {
            s = s[p.len()..].to_owned();
        }
        if let Some(plain) = plain_importance(&s) {
            s = plain;
        }
        if let Some((at, said)) = afterthought(&s) {
            // "3, it's done": the reason is the message when only a task is left.
            let tail = s[at..].to_ascii_lowercase();
            let done = ["done", "finished", "sorted", "complete", "completed"]
                .iter()
                .any(|w| contains_word(&tail, w));
            s.truncate(at);
            let head = s.to_ascii_lowercase();
            let bare = Text {
                original: &head,
                lower: &head,
            };
            if done && number_token(&bare).is_some_and(|(_, rest)| rest.is_empty()) {
                s.push_str(" done");
            }
            // "take the due date off the passport task, there's no rush": after
            // an edit of a field the importance is a reason, not a marker.
            let edit = EDITS_OF_A_FIELD.iter().any(|w| contains_word(&head, w));
            if let Some(said) = said.filter(|_| !edit) {
                s.push_str(", ");
                s.push_str(said);
            }
        }
        let lower = s.to_ascii_lowercase();
        if let Some(at) = statement_aside(&lower).or_else(|| trailing_feeling(&lower)) {
            s.truncate(at);
        }
        s = s
            .trim()
            .trim_end_matches(['.', '!', '?', ',', ';', ' ', '-', '–', '—'])
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
