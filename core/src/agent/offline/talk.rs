//! Talk that is no task (asking for help is in `help`): greetings and
//! thanks, small talk and chit-chat, statements about oneself, keyboard
//! mashing, the daily agenda and quiet hours in words; and a bare item said
//! alone.

use super::*;

/// Words of a greeting or a thank-you; a message made only of these (with at
/// least one of the first kind) is small talk, not a request.
pub(super) const SOCIAL_WORDS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "howdy",
    "yo",
    "sup",
    "greetings",
    // "gg ty": good game, thank you.
    "gg",
    "morning",
    "evening",
    "afternoon",
    "thanks",
    "thank",
    "thx",
    "ty",
    // Thanks said in the writer's own language: "Danke schön, very helpful!"
    "danke",
    "merci",
    "gracias",
    "grazie",
    "obrigado",
    "obrigada",
    "dankie",
    "bedankt",
    "cheers",
    "ta",
    "appreciated",
    "appreciate",
    "it",
    "helo",
    "hallo",
    "hii",
    "heya",
    "night",
    "goodnight",
    "nite",
    "gn",
    "gnight",
    "ttyl",
    "ttys",
    "l8r",
    "laters",
    "bbl",
    "cu",
    "care",
    "peace",
    "gm",
    "bye",
    "goodbye",
    "byebye",
    "cya",
    "farewell",
    "you're",
    "youre",
    "nighty",
    "rock",
    "rocks",
    "see",
    "kind",
    "lovely",
    "g'day",
    "gday",
    "sorry",
    "apologies",
    "hola",
    "cheerio",
    "salamat",
    // Greetings and thanks in dialects and other languages: "howya",
    // "Oi! Good morning", "Habari, good morning", "tchau", "diolch".
    "howya",
    "howye",
    "oi",
    "oy",
    "ahoy",
    "tchau",
    "ciao",
    "adios",
    "habari",
    "jambo",
    "asante",
    "diolch",
    "shukran",
    "salut",
    "servus",
    "moin",
    "namaste",
    "hej",
    "ahoj",
    "ola",
    "olá",
    "bonjour",
];
pub(super) const SOCIAL_FILLERS: &[&str] = &[
    "there",
    // "tchau, see you tomorrow".
    "tomorrow",
    "aye",
    "pal",
    "lifesaver",
    "ka",
    "u",
    "you",
    "so",
    "much",
    "very",
    "a",
    "lot",
    "many",
    "ok",
    "okay",
    "great",
    "cool",
    "awesome",
    "nice",
    "tasklink",
    "bot",
    "good",
    "all",
    "again",
    "man",
    "mate",
    "friend",
    "buddy",
    "again",
    "really",
    "for",
    "that",
    "the",
    "help",
    "oh",
    "and",
    "perfect",
    "brilliant",
    "your",
    "today",
    "with",
    "me",
    "everything",
    "this",
    "tonight",
    "loads",
    "heaps",
    "bunch",
    "no",
    "best",
    "rock",
    "amazing",
    "star",
    "legend",
    "sleep",
    "well",
    "sweet",
    "dreams",
    "see",
    "ya",
    "later",
    "soon",
    "have",
    "day",
    "one",
    "now",
    "are",
    "is",
    "such",
    "job",
    "work",
    "talk",
    "speak",
    "chat",
    "tomorrow",
    "catch",
    "that's",
    "thats",
    "of",
    "too",
    "million",
    "ton",
    "tons",
    "take",
    "out",
    "weekend",
    "enjoy",
    "just",
    "wanted",
    "to",
    "say",
    "i",
    "ever",
    "regards",
    "kindly",
    // "thx 4 the help": "for" typed as a digit.
    "4",
    "dear",
    "darling",
    "love",
    "hun",
    // "that is most helpful", "you've been a great help", "have a lovely evening"
    "most",
    "helpful",
    "useful",
    "wonderful",
    "fantastic",
    "excellent",
    "fab",
    "super",
    "lifesaver",
    // "thx life saver", "Danke schön": the words around thanks.
    "life",
    "saver",
    "schön",
    "schoen",
    "amigo",
    "amiga",
    "beaucoup",
    "muchas",
    "mille",
    "been",
    "was",
    "it's",
    "you've",
    "lovely",
    "evening",
    "happy",
    // "I'm fine thanks, how are you?", "k thx"
    "fine",
    "k",
    "kk",
    "i'm",
    "im",
    "week",
    "be",
    "extremely",
    "truly",
    "indeed",
    // "good morning, what a lovely day"
    "what",
    // "sorry for all the messages", "sorry to bother you"
    "messages",
    "message",
    "bother",
    "bothering",
    "trouble",
    "x",
    "xx",
    // "thank you for your patience", "thanks for your time"
    "patience",
    "time",
    "kindness",
    "support",
    "assistance",
    "understanding",
];
/// What a wish on leaving is for: "have a good one", "enjoy your weekend".
const WISHED: &[&str] = &[
    "one",
    "day",
    "evening",
    "night",
    "weekend",
    "week",
    "afternoon",
    "morning",
    "time",
    "trip",
    "holiday",
];
pub(super) const HOW_ARE_YOU: &[&str] = &[
    "how are you",
    "how are you doing",
    "how's it going",
    "hows it going",
    "how is it going",
    "what's up",
    "whats up",
    "how do you do",
    "how are things",
    "how's everything",
    "how is everything",
    "how you doing",
    "how are you today",
    "how's your day",
    "how was your day",
    // A wish said with the greeting: "good morning to you, hope you're keeping well".
    "hope you're keeping well",
    "hope you are keeping well",
    "hope you're well",
    "hope you are well",
    "hope you're doing well",
    "hope all is well",
    // Asking whether anyone reads: "good morning, is anybody there?"
    "is anybody there",
    "anybody there",
    "is anyone there",
    "anyone there",
    "is anybody home",
    "anybody home",
    "is anyone home",
    "anyone home",
    "are you there",
    "you there",
    "are you still there",
    "you still there",
    "are you awake",
    "are you around",
    // Pleasantries and closings said with a greeting or thanks: "good
    // evening dear, I hope you are having a nice day", "hello, nice to
    // meet you. I am new user", "thank you, that will be all for today".
    "how are you doing today",
    "hope you are having a nice day",
    "hope you are having a good day",
    "hope you're having a nice day",
    "hope you're having a good day",
    "i hope you are having a nice day",
    "i hope you are having a good day",
    "i hope you're having a good day",
    "i hope you're having a nice day",
    "hope your day is going well",
    "hope you had a good day",
    "nice to meet you",
    "pleased to meet you",
    "glad to meet you",
    "i am new user",
    "i am a new user",
    "i am new here",
    "i'm new here",
    "i'm a new user",
    "that will be all",
    "that will be all for today",
    "that will be all for now",
    "that's all for today",
    "that's all for now",
    "that is all for today",
    "that is all for now",
];

/// Greetings, thanks and "how are you", on the raw text (before politeness is
/// taken off: "hi there" is all politeness).
/// A social word with its last letter repeated ("heyyy", "hiii", "byeee")
/// as the word; any other word as it is.
fn drawn_out(word: &str) -> String {
    if SOCIAL_WORDS.contains(&word) {
        return word.to_owned();
    }
    let last = word.chars().last().unwrap_or(' ');
    let stem = word.trim_end_matches(last);
    [1, 2]
        .iter()
        .map(|n| format!("{stem}{}", last.to_string().repeat(*n)))
        .find(|w| word.len() > w.len() && SOCIAL_WORDS.contains(&w.as_str()))
        .unwrap_or_else(|| word.to_owned())
}

pub(super) fn small_talk(text: &str) -> Option<Intent> {
    let lower = text.trim().to_lowercase();
    // "heyyy", "thanksss", "byeee": a last letter drawn out is said once.
    let squashed: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(drawn_out)
        .collect();
    let words: Vec<&str> = squashed.iter().map(String::as_str).collect();
    if words.is_empty() || words.len() > 16 {
        return None;
    }
    let phrase = words.join(" ");
    let social = words.iter().any(|w| SOCIAL_WORDS.contains(w) && *w != "it")
        && words
            .iter()
            .all(|w| SOCIAL_WORDS.contains(w) || SOCIAL_FILLERS.contains(w) || ADDRESS_TERMS.contains(w));
    let how = HOW_ARE_YOU
        .iter()
        .any(|h| phrase == *h || phrase.ends_with(&format!(" {h}")) && words.len() <= 10)
        || pleasantries_after_a_greeting(&phrase);
    // "have a good one", "enjoy your evening": a wish on leaving.
    let wish = words.len() <= 6
        && ["have a ", "have a nice ", "enjoy your ", "enjoy the "]
            .iter()
            .any(|w| phrase.starts_with(w))
        && words.last().is_some_and(|w| WISHED.contains(w));
    (social || how || wish || leaving(&lower)).then_some(Intent::Greeting)
}

/// Pleasantries said one after another after a greeting or thanks ("good
/// morning o, how are you doing today", "hello nice to meet you i am new
/// user"): each taken off the end, what is left is all social words.
fn pleasantries_after_a_greeting(phrase: &str) -> bool {
    let mut rest = phrase;
    let mut said = false;
    // A phrase said last, as whole words (no copy made to look).
    let said_last = |rest: &str, h: &str| {
        rest.strip_suffix(h)
            .is_some_and(|head| head.is_empty() || head.ends_with(' '))
    };
    while let Some(h) = HOW_ARE_YOU
        .iter()
        .filter(|h| said_last(rest, h))
        .max_by_key(|h| h.len())
    {
        rest = rest[..rest.len() - h.len()].trim_end();
        said = true;
    }
    said && !rest.is_empty()
        && rest.split(' ').any(|w| SOCIAL_WORDS.contains(&w) && w != "it")
        && rest.split(' ').all(|w| {
            SOCIAL_WORDS.contains(&w) || SOCIAL_FILLERS.contains(&w) || ADDRESS_TERMS.contains(&w) || w == "o"
        })
}

/// Topics of chit-chat: reactions, feelings, the weather, yes and no.
pub(super) const CHAT_TOPICS: &[&str] = &[
    "lol",
    "lmao",
    "lmfao",
    "rofl",
    "haha",
    "hahaha",
    "hehe",
    "heh",
    "omg",
    "wow",
    "cool",
    "nice",
    "neat",
    "sweet",
    "awesome",
    "great",
    "ok",
    "okay",
    "k",
    "kk",
    "yes",
    "yeah",
    "yep",
    "yup",
    "no",
    "nope",
    "nah",
    "sure",
    "fine",
    "hmm",
    "hm",
    "meh",
    "ugh",
    "oops",
    "tired",
    "sleepy",
    "hungry",
    "thirsty",
    "bored",
    "busy",
    "happy",
    "sad",
    "stressed",
    "exhausted",
    "sick",
    "fun",
    "boring",
    "love",
    "lovely",
    "beautiful",
    "amazing",
    "terrible",
    "awful",
    "weather",
    "sunny",
    "rainy",
    "raining",
    "rain",
    "snow",
    "snowing",
    "cold",
    "hot",
    "warm",
    "freezing",
    "windy",
    "cloudy",
    "lucky",
    "weird",
    "funny",
    "bad",
    "good",
    "alright",
    "interesting",
    "true",
    "agreed",
    "exactly",
    "indeed",
    "right",
    "whatever",
    "same",
];

/// Words that go with chit-chat without making it a request.
pub(super) const CHAT_FILLERS: &[&str] = &[
    "it",
    "it's",
    "its",
    "is",
    "so",
    "very",
    "really",
    "too",
    "today",
    "tonight",
    "outside",
    "here",
    "the",
    "a",
    "an",
    "what",
    "i",
    "i'm",
    "im",
    "am",
    "feel",
    "feeling",
    "kinda",
    "pretty",
    "quite",
    "this",
    "that",
    "that's",
    "thats",
    "was",
    "such",
    "just",
    "out",
    "there",
    "oh",
    "and",
    "but",
    "ah",
    "well",
    "of",
    "me",
    "we",
    "now",
    "man",
    "dude",
    "day",
    "morning",
    "afternoon",
    "evening",
    "weekend",
    "lol",
    "totally",
    "super",
    "getting",
    "got",
    "bit",
    "little",
    "much",
    "all",
    "then",
    "cool",
    "then",
    "again",
    "thing",
];

/// A sentence made only of chit-chat ("nice weather today", "lol ok",
/// "i'm so tired"): no task verb, task noun, number or time of its own. It
/// gets the friendly answer that says what the bot can do, never a task.
pub(super) fn chit_chat(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 8
        && words.iter().any(|w| CHAT_TOPICS.contains(w))
        && words
            .iter()
            .all(|w| CHAT_TOPICS.contains(w) || CHAT_FILLERS.contains(w) || SOCIAL_WORDS.contains(w))
}

/// Words that are never a shopping-list item on their own.
pub(super) const NOT_ITEMS: &[&str] = &[
    // A command word said alone asks which task: "snooze", "delete".
    "snooze",
    "delete",
    "remove",
    "complete",
    "rename",
    "edit",
    "reschedule",
    "postpone",
    "prioritise",
    "prioritize",
    "nothing",
    "something",
    "anything",
    "everything",
    "test",
    "testing",
    "stuff",
    "things",
    "thing",
    "undo",
    "redo",
    "stop",
    "settings",
    "options",
    "more",
    "again",
    "back",
    "next",
    "previous",
    "what",
    "why",
    "who",
    "where",
    "when",
    "how",
    "which",
    "please",
    "sorry",
    "maybe",
    "idk",
    "dunno",
    "nevermind",
    "never",
    "mind",
    "play",
    "sing",
    "tell",
    "translate",
    "show",
    "find",
    "search",
    "open",
    "close",
    "start",
    "go",
    "cancel",
    "done",
    "delete",
    "remove",
    "clear",
    "reset",
    "list",
    "task",
    "tasks",
    "todo",
    "todos",
    "reminder",
    "reminders",
    "me",
    "you",
    "i",
    "my",
    "your",
    "it",
    "we",
    "they",
    "he",
    "she",
    "this",
    "that",
    "is",
    "are",
    "was",
    "not",
    "don't",
    "do",
    "does",
    "did",
    "can",
    "will",
    "would",
    "should",
    "menu",
    "status",
    "version",
    "ping",
    "hello",
    "asdf",
    "enough",
    "brb",
    "gtg",
    "np",
    "sounds",
    "perfect",
    "understood",
    "noted",
    "got",
    "gotcha",
    "roger",
    "bet",
    "welcome",
    "wait",
    "huh",
    "what's",
    "whats",
    "um",
    "uh",
    "er",
    "anyway",
    "anyways",
    "btw",
    "fair",
    "wtf",
    "smh",
    "ffs",
    "lmao",
    "rofl",
    "meh",
    "brb",
    "afk",
    "tbh",
    "imo",
    "fml",
    "bruh",
    "i'm",
    "i've",
    "you're",
    "we're",
    "it's",
    "that's",
    "ikr",
];

/// A bare noun phrase is a shopping-list style task: "milk", "oat milk",
/// "eggs and bread", "milk, eggs & butter". At most two words per item,
/// letters only, no question, nothing that reads as chat or a command.
pub(super) fn bare_item(said: &str, t: &Text<'_>, question: bool) -> Option<Intent> {
    // As said, before politeness and interjections went: "ugh mondays" is not an item.
    let said = said.trim().trim_end_matches(['.', '!']).to_lowercase();
    let said = ["please ", "pls ", "add "]
        .iter()
        .fold(said.as_str(), |s, p| s.strip_prefix(p).unwrap_or(s));
    let said = [" please", " pls", " thanks", " thx", " ty"]
        .iter()
        .fold(said, |s, x| s.strip_suffix(x).unwrap_or(s));
    if question || said != t.lower {
        return None;
    }
    let items: Vec<&str> = t
        .lower
        .split([',', '&', '+'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .collect();
    let word_ok = |w: &str| {
        w.len() > 1
            && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !NOT_ITEMS.contains(&w)
            && !CHAT_TOPICS.contains(&w)
            && !SOCIAL_WORDS.contains(&w)
            && !gibberish(w)
    };
    let fits = |item: &str| {
        let words: Vec<&str> = item.split_whitespace().collect();
        (1..=2).contains(&words.len()) && words.iter().all(|w| word_ok(w))
    };
    (items.len() <= 6 && items.iter().all(|i| fits(i))).then(|| Intent::Add(t.original.to_owned()))
}

/// Keyboard mashing: a row run ("asdf", "qwer") or five consonants in a row.
pub(super) fn gibberish(w: &str) -> bool {
    const RUNS: &[&str] = &[
        "asdf", "sdfg", "dfgh", "fghj", "ghjk", "hjkl", "qwer", "wert", "zxcv", "xcvb",
    ];
    let mut consonants = 0;
    let mut longest = 0;
    for c in w.chars() {
        if c.is_ascii_alphabetic() && !"aeiouy".contains(c) {
            consonants += 1;
            longest = longest.max(consonants);
        } else {
            consonants = 0;
        }
    }
    longest >= 5 || RUNS.iter().any(|r| w.contains(r))
}

/// Words of the daily agenda and quiet hours settings. The brain has no tool
/// for them (they are the /daily and /quiet commands), so a request for one
/// gets the help, which shows both commands, and is never added as a task.
pub(super) const AGENDA_WORDS: &[&str] = &["agenda", "summary", "digest", "briefing", "overview", "rundown"];
pub(super) const EVERY_DAY: &[&str] = &[
    "daily",
    "every day",
    "every morning",
    "each morning",
    "each day",
    "every evening",
    "every night",
];
pub(super) const QUIET_WORDS: &[&str] = &[
    "quiet hours",
    "quiet time",
    "do not disturb",
    "don't disturb",
    "dont disturb",
    "don't message me",
    "don't text me",
    "don't ping me",
    "no notifications",
    "no reminders at night",
    "mute notifications",
    "mute reminders",
    "stop messaging me",
];

pub(super) fn agenda_or_quiet_setting(t: &Text<'_>) -> Option<Intent> {
    let agenda = t.has_any(AGENDA_WORDS) && t.has_any(EVERY_DAY);
    let quiet = QUIET_WORDS.iter().any(|q| t.lower.contains(q));
    (agenda || quiet).then_some(Intent::Help)
}
