//! Where a new task's title ends before chat said after it: "water the
//! plants every sunday dear, I always forget and they look sorry",
//! "update my portfolio next week, it still shows 2023 which is
//! embarrassing", "study kanji every day at 9pm, please help me to
//! remember", "return jakes controller this weekend or hes gonna rage".
//! The words of a time, a repeat, a level or a tag said in the chat stay
//! with the task; the rest goes. A cut is kept only when the line still
//! reads the same time and repeat as before.

use super::*;

/// Separators after which a clause may be chat.
/// A bracket opens an aside: "backup the db tonight (yes i know, …)".
const CHAT_SEPARATORS: &[&str] = &[", ", ". ", "; ", "! ", "? ", "!! ", " - ", " -- ", " ("];

/// First words of a clause that is chat, not the task: a subject telling
/// how things are, a request about the list itself, thanks, a hedge or a
/// laugh.
const CHAT_OPENERS: &[&str] = &[
    // A subject and what follows: "…, I always forget", "…, it still shows …".
    "i",
    "i'm",
    "im",
    "i've",
    "ive",
    "i'd",
    "i'll",
    "it",
    "it's",
    "its",
    "they",
    "they're",
    "theyre",
    "he",
    "he's",
    "hes",
    "she",
    "she's",
    "shes",
    "we",
    "we're",
    "which",
    "that's",
    "thats",
    "there's",
    "theres",
    "my",
    "you're",
    "youre",
    // The request about the list, or thanks: "…, please help me to remember".
    "please",
    "pls",
    "plz",
    "kindly",
    "thank",
    "thanks",
    "thx",
    "ty",
    "cheers",
    "many",
    // Chat and hedges: "…, anyway", "…, honestly it's a mess".
    "anyway",
    "anyways",
    "honestly",
    "lol",
    "lmao",
    "haha",
    "ugh",
    "dear",
    "because",
    "cause",
    "cuz",
    "coz",
    "since",
    "otherwise",
    "hope",
    // A yes closing the message: "…, yeah that's it", "(yes i know …)".
    "yeah",
    "yep",
    "yup",
    "yes",
    // A subject left out, as learners do: "…, is a long time I don't do it".
    "is",
    "was",
    "this",
    // How things stand: "…, almost out", "…, running low".
    "almost",
    "nearly",
    "running",
    "already",
    // A level said alone, stressed: "…, very important", "…, super urgent".
    "very",
    "really",
    "super",
    "extremely",
    "important",
    // A blessing closing the message: "…, God bless", "…, god willing".
    "god",
    // Thanks in the person's own language: "… tomorrow at 9am? Obrigado!".
    "obrigado",
    "obrigada",
    "gracias",
    "danke",
    "merci",
    "grazie",
    "bedankt",
    "dziekuje",
];

/// Conjunctions that start chat after a separator when a subject follows:
/// "…, as it must arrive in time", "…, if that is possible".
const CHAT_CLAUSE_CONJUNCTIONS: &[&str] = &["as", "if"];

/// Subjects after a conjunction that starts chat after a separator.
const CLAUSE_SUBJECTS: &[&str] = &[
    "i", "it", "it's", "its", "that", "that's", "this", "he", "she", "they", "we", "you", "possible",
];

/// The words of a clause that asks to write the task down, in any language
/// the writers used: "…, put for me pls", "…, please write", "…, not
/// forget", "…, don't let me forget por favor", "…, coloca aí".
const WRITE_IT_DOWN: &[&str] = &[
    "put", "write", "add", "note", "save", "record", "keep", "jot", "log", "coloca", "anota", "apunta",
    "pon", "it", "that", "this", "for", "me", "down", "set", "up", "schedule", "create", "make", "pls",
    "please", "plz", "por", "favor", "not", "forget", "don't", "dont", "let", "remember", "aí", "ai",
    "there", "in", "on", "my", "list", "the", "a", "reminder", "task", "thanks", "thank", "you", "bitte",
    "ok", "okay", "here", "so", "i", "can", "could", "would", "pra", "mim",
];
/// Of which one must be said: the verb of writing it down, or forgetting.
const WRITING: &[&str] = &[
    "put", "write", "add", "note", "save", "record", "keep", "jot", "log", "coloca", "anota", "apunta",
    "pon", "forget", "remember", "set", "schedule", "create", "make",
];

/// Laughs and groans that make their clause chat wherever they are said:
/// "…, lost everything last time smh".
const LAUGHS: &[&str] = &["lol", "lmao", "smh", "haha", "hahaha", "ugh", "rofl", "lmfao"];

/// Words that tell a statement about someone else: ". the landlord doesn't
/// do reminders, sadly" (a determiner, then one of these within three words).
const STATEMENT_DETERMINERS: &[&str] = &[
    "the", "this", "that", "these", "those", "his", "her", "their", "our",
];
const FINITE_VERBS: &[&str] = &[
    "is", "are", "was", "were", "does", "doesn't", "don't", "didn't", "isn't", "aren't", "wasn't", "won't",
    "can't", "has", "have", "had", "will", "never", "always",
];

/// Whether the clause from `start` only asks to write the task down or
/// chats (a laugh in it, a statement about someone after a full stop).
fn request_or_chat(line: &str, start: usize, sentence: bool) -> bool {
    // Most clauses say none of these words: no need to read their time.
    let raw: Vec<String> = line[start..].split_whitespace().map(bare).collect();
    let may = raw
        .iter()
        .any(|w| WRITING.contains(&w.as_str()) || LAUGHS.contains(&w.as_str()))
        || sentence
            && raw
                .first()
                .is_some_and(|w| STATEMENT_DETERMINERS.contains(&w.as_str()));
    if !may {
        return false;
    }
    let said = quickadd::parse(&line[start..], time::Timestamp::UNIX_EPOCH, &time::TimeZone::UTC);
    let words: Vec<String> = said.title.split_whitespace().map(bare).collect();
    if words.is_empty() {
        return false;
    }
    let asks = words.iter().all(|w| WRITE_IT_DOWN.contains(&w.as_str()))
        && words.iter().any(|w| WRITING.contains(&w.as_str()));
    let laughs = words.iter().any(|w| LAUGHS.contains(&w.as_str()));
    let states = sentence
        && STATEMENT_DETERMINERS.contains(&words[0].as_str())
        && words
            .iter()
            .skip(1)
            .take(3)
            .any(|w| FINITE_VERBS.contains(&w.as_str()));
    asks || laughs || states
}

/// Words that join a clause and may come before its opener: "…, so
/// please record that", "…, but it is urgent".
const JOINS: &[&str] = &["so", "and", "but", "or", "ok", "okay", "oh"];

/// Conjunctions that start chat without a separator when a subject follows:
/// "… this weekend or hes gonna rage", "… every 2 weeks until they pay".
const CHAT_CONJUNCTIONS: &[&str] = &["or", "until", "because", "cause", "cuz", "coz", "since"];

/// Conjunctions of time that start chat right after the task's own time
/// when a subject follows: "… tonight before I leave", "… at 6 after we
/// eat" ("call mom before she leaves", with no time, keeps its clause).
const WHEN_CONJUNCTIONS: &[&str] = &["before", "after", "when", "once", "while"];

/// Subjects after such a conjunction.
const SUBJECTS: &[&str] = &[
    "i", "i'm", "im", "he", "hes", "he's", "she", "shes", "she's", "they", "theyre", "they're", "we", "it",
    "its", "it's",
];

/// Levels said in the chat, kept as markers: "…, it is urgent o".
const CHAT_LEVELS: &[(&str, &str)] = &[
    ("urgent", "p1"),
    ("urgently", "p1"),
    ("important", "p1"),
    ("asap", "p1"),
    ("high priority", "p1"),
    ("medium priority", "p2"),
    ("low priority", "p3"),
    ("not urgent", "p3"),
];

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '#' && c != ':')
        .to_lowercase()
        .replace('’', "'")
}

/// Whether a clause starting with `words` is chat.
fn chat_clause(words: &[String]) -> bool {
    let first = words.first().map(String::as_str).unwrap_or("");
    if CHAT_OPENERS.contains(&first) {
        return true;
    }
    // "…, no rush really": no hurry said is chat (a level said with it stays).
    if ["no", "not"].contains(&first)
        && words.get(1).is_some_and(|w| {
            ["rush", "hurry", "pressure", "stress", "worries", "urgent"].contains(&w.as_str())
        })
    {
        return true;
    }
    if CHAT_CLAUSE_CONJUNCTIONS.contains(&first)
        && words
            .get(1)
            .is_some_and(|w| CLAUSE_SUBJECTS.contains(&w.as_str()))
    {
        return true;
    }
    JOINS.contains(&first) && words.get(1).is_some_and(|w| CHAT_OPENERS.contains(&w.as_str()))
}

/// Words that ask for a task; the words after one that are not
/// `ABOUT_THE_LIST` are a task ("…, I require a reminder to serve the
/// notice"), not chat about the list ("…, please make a reminder for me").
const ASKING: &[&str] = &["remind", "reminder", "add", "need", "must", "require", "gotta"];
const ABOUT_THE_LIST: &[&str] = &[
    "to", "me", "for", "it", "this", "that", "list", "my", "the", "a", "an", "please", "remember",
    "reminder", "thanks", "you", "on", "in", "of", "task", "note", "down", "so", "i", "don't", "forget",
    "pls",
];

fn asks_for_a_task(tail: &str) -> bool {
    let words: Vec<String> = tail.split_whitespace().map(bare).collect();
    // "…, as it must arrive in time": a reason asks for nothing.
    if words
        .first()
        .is_some_and(|w| CHAT_CLAUSE_CONJUNCTIONS.contains(&w.as_str()))
    {
        return false;
    }
    words
        .iter()
        .position(|w| ASKING.contains(&w.as_str()))
        .is_some_and(|r| {
            words[r + 1..]
                .iter()
                .filter(|w| !ABOUT_THE_LIST.contains(&w.as_str()))
                .count()
                >= 2
        })
}

/// Words said last only to round a message off: "… last friday of every
/// month like", "…, it's important mind", "… tomorrow innit".
const SAID_LAST: &[&str] = &["like", "mind", "innit", "eh", "aye", "yeah", "ok", "okay"];

/// Singlish particles said last that are words too ("a can", "one"): said
/// after a time they round the ask off ("… friday can", "…, important ah").
/// Indian English "only" and "itself" and Irish "so" stress the time the
/// same way ("by tomorrow evening only", "next week so").
const PARTICLES_AFTER_A_TIME: &[&str] = &["can", "ah", "one", "hor", "meh", "only", "itself", "so"];

/// The line without a word of `SAID_LAST` at its end, when what is left
/// still reads the same time, repeat and level.
fn without_word_said_last(line: &str) -> Option<String> {
    let (head, last) = line.trim_end_matches(['.', '!', ' ']).rsplit_once(' ')?;
    let head = head.trim_end_matches([',', ' ']);
    let particle = PARTICLES_AFTER_A_TIME.contains(&bare(last).as_str());
    if !(SAID_LAST.contains(&bare(last).as_str()) || particle) || head.split_whitespace().count() < 2 {
        return None;
    }
    let (now, zone) = (time::Timestamp::UNIX_EPOCH, time::TimeZone::UTC);
    let (whole, cut) = (
        quickadd::parse(line, now, &zone),
        quickadd::parse(head, now, &zone),
    );
    if particle {
        let before = bare(head.rsplit(' ').next().unwrap_or(""));
        // The head ends with its time ("friday", "tomorrow evening", "next week").
        let words: Vec<&str> = head.split_whitespace().collect();
        let ends_timed =
            (1..=3.min(words.len())).any(|n| is_time_phrase(&words[words.len() - n..].join(" ")));
        let timed = ends_timed && (cut.due.is_some() || cut.repeat.is_some());
        return (timed || ["important", "urgent"].contains(&before.as_str())).then(|| head.to_owned());
    }
    (whole.due == cut.due
        && whole.repeat == cut.repeat
        && whole.priority == cut.priority
        && whole.due.is_some()
        || whole.repeat.is_some() && whole.repeat == cut.repeat)
        .then(|| head.to_owned())
}

/// The line without a statement in brackets said last, time words and
/// all: "autoclave the glassware tonight (the autoclave is booked all day
/// tomorrow)", "ring the vet at 10 (they're closed after noon)".
fn without_bracketed_statement(line: &str) -> Option<String> {
    let trimmed = line.trim_end_matches(['.', '!', ' ']);
    let inner = trimmed.strip_suffix(')')?;
    let at = inner.rfind(" (")?;
    let words: Vec<String> = inner[at + 2..].split_whitespace().map(bare).collect();
    let subject = words
        .first()
        .is_some_and(|w| STATEMENT_DETERMINERS.contains(&w.as_str()) || SUBJECTS.contains(&w.as_str()));
    let finite = words.iter().take(4).any(|w| {
        FINITE_VERBS.contains(&w.as_str()) || w.ends_with("'re") || w.ends_with("'s") || w.ends_with("'m")
    });
    let head = inner[..at].trim_end_matches([',', ' ']);
    (subject && finite && head.split_whitespace().count() >= 2).then(|| head.to_owned())
}

/// The new task's line without chat said after it, or `None`.
pub(super) fn without_chat_tail(line: &str) -> Option<String> {
    if line.contains(['"', '“', '”']) {
        return None;
    }
    if let Some(head) = without_bracketed_statement(line) {
        return Some(without_chat_tail(&head).unwrap_or(head));
    }
    if let Some(head) = without_word_said_last(line) {
        return Some(without_chat_tail(&head).unwrap_or(head));
    }
    let lower = line.to_ascii_lowercase();
    let mut cuts: Vec<(usize, usize)> = CHAT_SEPARATORS
        .iter()
        .flat_map(|sep| lower.match_indices(sep).map(move |(at, _)| (at, at + sep.len())))
        .filter(|(at, start)| {
            let words: Vec<String> = line[*start..].split_whitespace().take(2).map(bare).collect();
            chat_clause(&words) || request_or_chat(line, *start, lower[*at..].starts_with(". "))
        })
        .collect();
    // "… or hes gonna rage": a conjunction and a subject, without a separator.
    let mut at = 0;
    let words: Vec<&str> = lower.split(' ').collect();
    for (k, w) in words.iter().enumerate() {
        // "… #stream its urgent af": a level said as a statement, without one either.
        let next = words.get(k + 1).map(|s| bare(s));
        let next = next.as_deref().unwrap_or("");
        // "finish the essay by sunday its due", "… next week yeah that's
        // it": chat straight after a time, without a separator.
        let after_a_time = || {
            let bares: Vec<String> = words[..k].iter().rev().take(3).map(|w| bare(w)).collect();
            (1..=bares.len()).any(|n| {
                let phrase: Vec<&str> = bares[..n].iter().rev().map(String::as_str).collect();
                is_time_phrase(&phrase.join(" "))
            })
        };
        if k > 1
            && chat_clause(&[bare(w), next.to_owned()])
            && !["my", "please", "pls", "plz", "kindly", "dear", "since", "because"]
                .contains(&bare(w).as_str())
            && after_a_time()
        {
            cuts.push((at - 1, at));
        }
        if k > 1 && WHEN_CONJUNCTIONS.contains(w) && SUBJECTS.contains(&next) && after_a_time() {
            cuts.push((at - 1, at));
        }
        if k > 1
            && (CHAT_CONJUNCTIONS.contains(w) && SUBJECTS.contains(&next)
                || ["its", "it's"].contains(w)
                    && ["urgent", "important", "super", "very", "really", "so"].contains(&next))
        {
            cuts.push((at - 1, at));
        }
        at += w.len() + 1;
    }
    // Most new tasks say no chat after them: nothing to read again.
    if cuts.is_empty() {
        return None;
    }
    cuts.sort_unstable();
    let (now, zone) = (time::Timestamp::UNIX_EPOCH, time::TimeZone::UTC);
    let whole = quickadd::parse(line, now, &zone);
    cuts.into_iter()
        .filter(|(at, _)| line[..*at].split_whitespace().count() >= 2)
        .find_map(|(at, start)| cut_at(line, at, start, &whole))
}

/// The line cut at `at`, the chat from `start` on keeping its time words
/// and markers, when it reads the time and repeat `whole` reads.
fn cut_at(line: &str, at: usize, start: usize, whole: &quickadd::QuickAdd) -> Option<String> {
    let (now, zone) = (time::Timestamp::UNIX_EPOCH, time::TimeZone::UTC);
    let head = line[..at].trim_end_matches([',', ';', ' ', '-']);
    let tail = &line[start..];
    if asks_for_a_task(tail) {
        return None;
    }
    let said = quickadd::parse(tail, now, &zone);
    // The words of the chat's time: those its title does not take, in order.
    let title: Vec<String> = said.title.split_whitespace().map(bare).collect();
    let mut left = title.iter().peekable();
    let mut kept: Vec<&str> = Vec::new();
    for word in tail.split_whitespace() {
        let b = bare(word);
        if left.peek().is_some_and(|t| **t == b) {
            left.next();
        } else if !b.is_empty() {
            kept.push(word.trim_end_matches([',', '.', '!', '?', ';']));
        }
    }
    if left.peek().is_some() {
        return None;
    }
    let mut out = format!("{head} {}", kept.join(" ")).trim().to_owned();
    let tail_lower = format!(" {} ", tail.to_ascii_lowercase().replace(['!', '.', ','], " "));
    if whole.priority == Priority::None
        && let Some((_, marker)) = CHAT_LEVELS
            .iter()
            .rev()
            .find(|(w, _)| tail_lower.contains(&format!(" {w} ")))
        && !["not ", "isn't ", "no "]
            .iter()
            .any(|n| tail_lower.contains(&format!(" {n}urgent")))
    {
        out.push(' ');
        out.push_str(marker);
    }
    let cut = quickadd::parse(&out, now, &zone);
    (cut.due == whole.due
        && cut.repeat == whole.repeat
        && !cut.title.trim().is_empty()
        && cut.title.len() < whole.title.len())
    .then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_after_a_new_task_goes_and_its_time_stays() {
        let cut = |s: &str| without_chat_tail(s).unwrap_or_else(|| s.to_owned());
        assert_eq!(
            cut("Water the plants every Sunday, I always forget and they look sad"),
            "Water the plants every Sunday"
        );
        assert_eq!(
            cut("Study kanji every day at 9pm, please help me to remember"),
            "Study kanji every day at 9pm"
        );
        assert_eq!(
            cut("Return the drill this weekend or hes going to rage"),
            "Return the drill this weekend"
        );
        assert_eq!(
            cut("Renew my passport on 3 Dec, it is urgent o"),
            "Renew my passport on 3 Dec p1"
        );
        assert_eq!(cut("Buy milk, eggs and bread"), "Buy milk, eggs and bread");
        assert_eq!(cut("Fix the mic #stream its urgent af"), "Fix the mic #stream p1");
        assert_eq!(
            cut("For the record, I require a reminder to serve the notice today at 4pm"),
            "For the record, I require a reminder to serve the notice today at 4pm"
        );
        assert_eq!(cut("Call mom before she leaves"), "Call mom before she leaves");
        assert_eq!(
            cut("Call the bank tomorrow i keep forgetting"),
            "Call the bank tomorrow"
        );
    }
}
