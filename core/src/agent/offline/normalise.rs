//! Normalising a message before it is read: symbols spelt out, politeness,
//! interjections, afterthoughts and trailing corrections taken off (chat
//! shorthand and slips in command words are in `shorthand`).

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
    // "⏰ 6 1h", "💤 3": a reminder asked to wait.
    ("⏰", "snooze"),
    ("💤", "snooze"),
    // Marks of urgency said first: "🔥 task 2", "❗ pay the rent friday".
    ("🔥", "urgent:"),
    ("❗", "urgent:"),
    ("❗️", "urgent:"),
    ("‼️", "urgent:"),
    ("‼", "urgent:"),
    ("🚨", "urgent:"),
];

/// Marks that say "done" when they follow a task: "7 ✅", "#3 ✔️".
pub(super) const DONE_MARKS: &[&str] = &[
    "✅", "✔️", "✔", "✔︎", "☑️", "☑", "✓", "✔✔", "✅✅", "👍", "👌", "🎉",
];

/// Marks that say "delete" when they follow a task: "7 🗑".
const DELETE_MARKS: &[&str] = &["🗑️", "🗑", "❌"];

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
    // "7 🗑", "task 3 ❌": a delete mark after the task is the order first.
    if words.len() > 1
        && let Some(last) = words.last()
        && DELETE_MARKS.contains(last)
    {
        words.pop();
        words.insert(0, "delete");
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
    // "football practice every tuesday 5pm ⚽ #kids": an emoji said last,
    // before the tags and priority, goes too.
    while let Some(at) = words.iter().rposition(|w| !quickadd_marker(w))
        && at + 1 < words.len()
        && emoji(words[at])
    {
        words.remove(at);
    }
    // "lunch with Priya tomorrow 1pm!! #friends": marks of stress glued to
    // the last word before the markers end no sentence.
    let glued = words
        .iter()
        .rposition(|w| !quickadd_marker(w))
        .filter(|at| at + 1 < words.len() && words[*at].len() > 1 && words[*at].ends_with('!'));
    if let Some(at) = glued {
        words[at] = words[at].trim_end_matches('!');
    }
    // "pay rent!!! friday", "call grandma!! 📞 tonight": stress marks and
    // emoji before the time said last end no sentence.
    if let Some(at) = words
        .iter()
        .position(|w| w.len() > 1 && w.ends_with('!') && w.chars().any(char::is_alphanumeric))
    {
        let next = (at + 1..words.len()).find(|k| !emoji(words[*k]));
        if let Some(next) = next
            && next < words.len()
            && is_time_phrase(&words[next..].join(" "))
        {
            words[at] = words[at].trim_end_matches('!');
            words.drain(at + 1..next);
        }
    }
    // "not now 😩 snooze the lunches one", "ugh 🙄 delete the gym one": an
    // emoji between words, before a request's verb, ends a clause as a
    // comma would ("water the plants 🌱 every sunday" keeps it).
    let mut spaced: Vec<std::borrow::Cow<'_, str>> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let verb_next = || {
            words
                .get(i + 1)
                .is_some_and(|next| REQUEST_VERBS.iter().any(|v| v.eq_ignore_ascii_case(next)))
        };
        match spaced.last_mut() {
            Some(last) if emoji(w) && verb_next() => {
                if !last.ends_with([',', '.', '!', '?', ':', ';']) {
                    last.to_mut().push(',');
                }
            }
            _ => spaced.push((*w).into()),
        }
    }
    let words = spaced;
    let words: Vec<&str> = words
        .iter()
        .map(|w| {
            let w = w.as_ref();
            if matches!(w, "->" | "→" | "=>" | "-->") {
                "to"
            } else {
                w
            }
        })
        .collect();
    words.join(" ")
}

/// A word made only of emoji: pictographs, with their joiners and variation
/// selectors (not dashes, arrows or other punctuation).
fn emoji(word: &str) -> bool {
    word.chars()
        .all(|c| c >= '\u{2300}' && !('\u{3000}'..'\u{FE00}').contains(&c) || c == '\u{200D}')
}

/// A quick-add marker said as a word of its own: "#kids", "p1", "!!".
fn quickadd_marker(word: &str) -> bool {
    word.starts_with('#') || matches!(word, "p1" | "p2" | "p3" | "P1" | "P2" | "P3" | "!" | "!!" | "!!!")
}

/// Trims, drops politeness at either end (repeatedly: "could you please … for me, thanks"),
/// closing punctuation, and quotes around the whole message.
/// Interjections said first, with or without punctuation: "hey! add milk",
/// "ugh i need to …", "k add eggs".
pub(super) const INTERJECTIONS: &[&str] = &[
    "hey", "hi", "hiya", "heya", "howdy", "hello", "yo", "ok", "okay", "oh", "omg", "ugh", "argh", "so",
    "well", "um", "umm", "hmm", "k", "kk", "alright", "right", "cool", "great", "welp", "honestly", "like",
    "ah", "ahh", "uh", "oops", "wow", "sweet", "perfect", "yes", "yeah", "yep", "no", "nope", "yay",
    "woohoo", "woo", "phew", "whew", "ngl", "tbh", "tbf", "lowkey", "fr", "srsly", "anyway", "anyways",
    "nah", "meh", "y'all", "yall", "bruh", "lol", "bro", "bruv", "dude", "fam",
    // Gamers' and other languages' exclamations: "gg raid done", "voilà, …".
    "gg", "ez", "voila", "voilà", "yess", "yesss", "wait",
    // Other ways of saying "yes" or calling out first: "ya I finished …",
    // Australian "oi add …", "mate i need to …".
    "ya", "yup", "oi", "oy", "mate", "aye",
    // Singlish and Spanish calls said first: "eh remind me …", "oye add …".
    "eh", "oye", "wah", "aiyo", "alamak",
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
    // "ayy", "heyyy", "yooo": an interjection drawn out is the same one.
    let drawn = word.chars().last().map(|c| {
        let short = word.trim_end_matches(c);
        format!("{short}{c}")
    });
    let known = |w: &str| INTERJECTIONS.contains(&w) || ["ay", "ayo", "aye"].contains(&w);
    if !(known(&word)
        || drawn
            .as_deref()
            .is_some_and(|d| d.len() >= 2 && d != word && known(d)))
        || rest.trim().is_empty()
        || clears
    {
        return None;
    }
    // "hey bot, …", "ok tasklink …": the bot addressed after the interjection.
    let rest = rest.trim();
    // "hi there so I was thinking …": "there" goes with the greeting.
    let rest = match rest.get(..6) {
        Some(there)
            if there.eq_ignore_ascii_case("there ")
                && ["hi", "hey", "hello", "hiya"].contains(&word.as_str()) =>
        {
            rest[6..].trim_start()
        }
        _ => rest,
    };
    let addressed = ADDRESSES.iter().find_map(|a| {
        let after = rest.get(a.len()..)?;
        (rest[..a.len()].eq_ignore_ascii_case(a) && after.starts_with([' ', ',', '!']))
            .then(|| after.trim_start_matches([' ', ',', '!']))
            .filter(|r| !r.is_empty())
    });
    Some(addressed.unwrap_or(rest).to_owned())
}

/// Names the bot is addressed by after a greeting: "hey bot", "ok tasklink".
pub(super) const ADDRESSES: &[&str] = &["bot", "tasklink", "assistant", "buddy", "mate"];

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
    "cancelled",
    "canceled",
    "called off",
    "not needed now",
    "sorted already",
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
    ("it is high priority", "high priority"),
    ("it's high priority", "high priority"),
    ("its high priority", "high priority"),
    ("this is high priority", "high priority"),
    ("it is a high priority", "high priority"),
    ("it's a high priority", "high priority"),
    ("it is top priority", "high priority"),
    ("it's top priority", "high priority"),
    ("it is a priority", "high priority"),
    ("it's a priority", "high priority"),
    ("it is low priority", "low priority"),
    ("it's low priority", "low priority"),
    ("it is a low priority", "low priority"),
    ("it's not important", "low priority"),
    ("it is not important", "low priority"),
    ("it isn't important", "low priority"),
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
    // "remove the note about the window cleaner as he is not coming"
    " as he ",
    " as she ",
    " as they ",
    " as they've ",
    " as they're ",
    " as we ",
    " as we've ",
    " as i'm ",
    " as i've ",
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
        if let Some(rest) = without_address(&s)
            .or_else(|| without_inner_courtesy(&s))
            .or_else(|| without_resumptive_it(&s))
        {
            s = rest;
        }
        if let Some(rest) = asked_to(&s)
            .or_else(|| forgot_then_need(&s))
            .or_else(|| context_before_need(&s))
            .or_else(|| wrapped_question(&s))
            .or_else(|| for_me_before_object(&s))
            .or_else(|| topic_first(&s))
            .or_else(|| topic_for_a_field(&s))
            .or_else(|| wanted_title(&s))
            .or_else(|| wanted_state(&s))
            .or_else(|| time_before_link(&s))
            .or_else(|| wish_as_a_condition(&s))
            .or_else(|| task_as_a_heading(&s))
            .or_else(|| heading_with_a_time(&s))
            .or_else(|| need_to_edit(&s))
            .or_else(|| without_stressed_time(&s))
        {
            s = rest;
        }
        if let Some(rest) = gerund_request(&s)
            .or_else(|| put_off(&s))
            .or_else(|| level_shifted(&s))
            .or_else(|| reminder_waits(&s))
            .or_else(|| modal_about_a_task(&s))
            .or_else(|| command_with_colon(&s))
            .or_else(|| level_said_first(&s))
        {
            s = rest;
        }
        // "please lower their priority": the thing said before, as "it".
        for (own, it) in [
            (" its priority", " the priority of it"),
            (" their priority", " the priority of it"),
        ] {
            if s.contains(" priority")
                && let Some(at) = s.to_ascii_lowercase().find(own)
                && s[at + own.len()..].trim_matches(['.', '!', '?', ' ']).is_empty()
            {
                s = format!("{}{it}", &s[..at]);
            }
        }
        // "priority of 4 to medium": the field said without its verb.
        if ["priority of ", "priority for ", "Priority of ", "Priority for "]
            .iter()
            .any(|p| s.starts_with(p))
            && s.to_ascii_lowercase().contains(" to ")
        {
            s = format!("set the {s}");
        }
        // "I should very much like to …": the degree goes.
        if let Some(at) = s.to_ascii_lowercase().find(" very much like ") {
            s.replace_range(at..at + " very much".len(), "");
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
        if let Some(said) = importance_then_reason(&s).or_else(|| importance_first(&s)) {
            s = said;
        }
        if let Some(plain) = plain_importance(&s) {
            s = plain;
        }
        if let Some(split) = run_on_after_importance(&s) {
            s = split;
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
        if let Some(joined) = due_in_a_clause(&s) {
            s = joined;
        }
        let lower = s.to_ascii_lowercase();
        if let Some(at) = told_after(&lower) {
            s.truncate(at);
        }
        let lower = s.to_ascii_lowercase();
        // "Proposal sent to the Lagos client, thank God": relief said after
        // news told as a headline is its tick.
        if let Some(at) = trailing_feeling(&lower)
            && RELIEF
                .iter()
                .any(|r| lower.trim_end_matches(['.', '!', ' ']).ends_with(r))
            && headline_news(&lower[..at])
        {
            s.truncate(at);
            s.push_str(" done");
        }
        let lower = s.to_ascii_lowercase();
        if let Some(at) = statement_aside(&lower)
            .or_else(|| chat_after_a_laugh(&lower))
            .or_else(|| bare_order_after_a_level(&lower))
            .or_else(|| trailing_feeling(&lower))
            .or_else(|| trailing_courtesy(&lower))
            .or_else(|| closing_aside(&lower))
        {
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
            // "all my tasks, done ones too": the done ones as well, for a list.
            .filter(|x| {
                !([" too", " as well"].contains(x) && lower[..lower.len() - x.len()].ends_with(" ones"))
            })
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

/// How importance is said as a statement of its own.
const IMPORTANCE_SAID: &[&str] = &[
    "it's urgent",
    "its urgent",
    "it is urgent",
    "it's important",
    "its important",
    "it is important",
    "this is urgent",
    "this is important",
    "it's really important",
    "it's really urgent",
    "it is really important",
    "it's very important",
    "it is very important",
    "its really important",
    "its very important",
];

/// "…, its urgent the sheep keep gettin out", "…, it's really important
/// that I don't miss it because …": the reason after the importance goes,
/// so the importance is said last (and read as the level).
pub(super) fn importance_then_reason(s: &str) -> Option<String> {
    // Most messages say neither word: nothing to look for.
    if !s.contains("rgent") && !s.contains("mportant") {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (at, said) = IMPORTANCE_SAID
        .iter()
        .filter_map(|i| lower.find(&format!(", {i} ")).map(|at| (at + 2, i.len())))
        .min_by_key(|(at, _)| *at)?;
    let rest = &lower[at + said..];
    // "…, it's important to me", "…, it's urgent, thanks" stay as they are.
    (rest.split_whitespace().count() >= 2 && !rest.contains(|c: char| c.is_ascii_digit()))
        .then(|| s[..at + said].to_owned())
}

/// "It is important. Please add "…" for today.": importance said first, in
/// a sentence of its own, is said last instead.
pub(super) fn importance_first(s: &str) -> Option<String> {
    if !s.contains("rgent") && !s.contains("mportant") {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let said = IMPORTANCE_SAID.iter().find(|i| lower.starts_with(**i))?;
    let rest = lower[said.len()..].strip_prefix(['.', '!', ':'])?;
    let rest = rest.trim_start_matches(['.', '!', ' ']);
    if rest.split_whitespace().count() < 2 {
        return None;
    }
    let body = s[s.len() - rest.len()..].trim_end_matches(['.', '!', ' ']);
    Some(format!("{body}, {said}"))
}

/// Feelings of relief said last, after news of a thing done.
const RELIEF: &[&str] = &[
    "thank god",
    "thank goodness",
    "thankfully",
    "at last",
    "at long last",
    "phew",
    "whew",
];

/// "proposal sent to the lagos client": a thing, then a past form of a
/// to-do verb, said without a subject or a link (a headline).
fn headline_news(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let Some(k) = words.iter().take(5).position(|w| PAST_TASK_VERBS.contains(w)) else {
        return false;
    };
    (1..=4).contains(&k)
        && !words[..k].iter().any(|w| {
            NEWS_SUBJECTS.contains(w)
                || ["is", "are", "was", "were", "has", "have", "been", "it", "you"].contains(w)
                // "the gate's fixed": a link said, read as a state.
                || w.ends_with("'s")
        })
        && !lower.contains(" done")
}
