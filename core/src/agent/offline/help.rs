//! Asking what the bot does or how to use it: "help", "what can you do?",
//! "how does one use this thing".

use super::*;

/// Ways to ask what the bot does.
pub(super) const HELP_PHRASES: &[&str] = &[
    "help",
    "?",
    "commands",
    "menu",
    "start",
    "what can you do",
    "what do you do",
    "what are you",
    "who are you",
    "what's your name",
    "whats your name",
    "what is your name",
    "who made you",
    "are you a robot",
    "are you a bot",
    "are you human",
    "are you real",
    "are you an ai",
    "are you ai",
    "who built you",
    "who created you",
    "who wrote you",
    "what is this",
    "what's this",
    "how does this work",
    "how it works",
    "how you work",
    "how does it work",
    "how do i use this",
    "how do i use you",
    "how do i use it",
    "how do you work",
    "what commands are there",
    "what commands do you know",
    "which commands are there",
    "what can i say",
    "what can i ask",
    "show me the commands",
    "list commands",
    "show commands",
    "help me",
    "i need help",
    "instructions",
    "usage",
    // Shell users: a manual page, a help flag.
    "man todo",
    "man tasks",
    "man tasklink",
    "--help",
    "-h",
];

/// Questions about the bot anywhere in a message: "hello! what sort of things can you help me with?"
pub(super) const HELP_MARKERS: &[&str] = &[
    "anything you can't do",
    "anything you cant do",
    "what can't you do",
    "what cant you do",
    "what can i do with",
    "what can i do here",
    "what can i use this for",
    "explain how",
    "how this works",
    "how this thing works",
    "how this app works",
    "how this bot works",
    "what can you do",
    "what can you actually do",
    "what can you even do",
    "what can you really do",
    "what do you actually do",
    "what can you help",
    "help me with",
    "what sort of things",
    "what kind of things",
    "what sorts of things",
    "what kinds of things",
    "what sorts of stuff",
    "what kinds of stuff",
    "what am i able to do",
    "how do i get this thing to",
    "how do i get this bot to",
    "how do i get you to",
    "how can i get you to",
    "how do i make you",
    "what i'm able to do",
    "what can i do in here",
    "things you're able to do",
    "things you are able to do",
    "things you can do",
    "what you're able to do",
    "what you are able to do",
    "what you can do",
    "supposed to use this",
    "supposed to use you",
    "meant to use this",
    "meant to use you",
    "should i use this",
    "best way to use this",
    "use this bot",
    "get started with this",
    "how do i get started",
    "how do i set a",
    "how do i set up a",
    "how do i add",
    "how do i create",
    "how do i make a",
    "how can i add",
    "how can i set",
    "how do i start",
    "where do i start",
    "how do i use",
    "how does this work",
    "how does this bot work",
    "what commands",
    "which commands",
    "what are your commands",
    "what can i ask",
    "what can i say",
    "what are you able to",
    // "Could you explain what I am able to ask you to do?": what one may ask.
    "what i am able to ask",
    "what i'm able to ask",
    "what i can ask",
    "what am i able to ask",
    "what i can get you to",
    "what can this bot do",
    "about yourself",
    "introduce yourself",
    "tell me about tasklink",
    "tell me about this bot",
    "what are the commands",
    "which are the commands",
    "show the commands",
    "the commands",
    "your commands",
    "what is tasklink",
    "what's tasklink",
    "what does tasklink",
    "how does tasklink",
    "who is tasklink",
    "what can this thing do",
    "what can this do",
    "what does this bot do",
    "what does this thing do",
    "what is this bot",
    "what's this bot",
    "what is this thing",
    "what else can you do",
    "what are you for",
    "what is this for",
    "what's this for",
    "what are your features",
    "help me out",
    "how does this thing work",
    "how does it work",
    "how do you work",
    "how do i use",
    "how to use",
    // "how does one use this thing", "how am I meant to use this"
    "how does one use",
    "how would one use",
    "how should one use",
    "how should i use",
    "how do we use",
    "how am i supposed to use",
    "how am i meant to use",
    "how do you use this",
    "how i can use",
    "how i use",
    "how i can add",
    "how can i use",
    "how do i add",
    "how do i delete",
    "how do i mark",
    "what should i type",
    "what do i type",
    "what do i say",
    "any commands",
    "list of commands",
    "show me the commands",
    "i'm confused",
    "i am confused",
    "i'm lost",
    "i don't understand",
    "i dont understand",
];

/// Words that may go with "help" in a plain request for it: "i need some help please".
pub(super) const HELP_COMPANIONS: &[&str] = &[
    "i", "need", "some", "help", "please", "me", "can", "could", "you", "want", "a", "little", "bit", "get",
    "the", "here", "out", "with", "this", "bot", "how", "do", "does", "it", "work", "any", "info", "more",
    "hey", "hi", "hello", "so", "um",
];

pub(super) fn parse_help(t: &Text<'_>) -> Option<Intent> {
    let words: Vec<&str> = t
        .lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let plain_help = words.contains(&"help") && words.iter().all(|w| HELP_COMPANIONS.contains(w));
    // "how do reminders work?", "how does snoozing work": how the bot works.
    let how_it_works = ["how do ", "how does "].iter().any(|h| t.lower.starts_with(h))
        && (["work", "works", "work here"]
            .iter()
            .any(|w| t.lower.ends_with(&format!(" {w}")))
            // "how does this yoke work at all": the bot, by any noun.
            // "how does this thing even work, like can i do recurring stuff":
            // the question said first, then what one wants to know.
            || words.iter().position(|w| *w == "work").is_some_and(|at| words.len() <= 8 || at <= 6)
                && ["this", "you", "it"].iter().any(|w| words[..words.len().min(6)].contains(w)));
    // "What kind of commands can I use?", "What sort of instructions are
    // you able to understand?": a question about what the bot takes.
    let asked = ["what", "which", "how"].iter().any(|q| words.contains(q));
    let about_its_words = asked
        && ["commands", "command", "instructions", "phrases", "keywords"]
            .iter()
            .any(|w| words.contains(w))
        || asked && words.contains(&"understand") && ["you", "u"].iter().any(|w| words.contains(w));
    (plain_help
        || how_it_works
        || asked_of_the_bot(t.lower)
        || about_its_words
        || t.is_one_of(HELP_PHRASES)
        || HELP_MARKERS.iter().any(|m| t.lower.contains(m)))
    .then_some(Intent::Help)
}

/// Words a question about the bot is made of, in any order: question and
/// helper words, the bot by any name, and what one does with it.
const BOT_QUESTION_WORDS: &[&str] = &[
    "what", "how", "which", "can", "could", "do", "does", "i", "you", "u", "ya", "it", "this", "that",
    "thing", "bot", "app", "tool", "then", "exactly", "even", "actually", "really", "else", "here", "me",
    "the", "with", "is", "are", "to", "so", "ok", "okay", "hi", "hello", "hey", "we", "for", "one", "should",
    "must", "say", "ask", "use", "work", "works", "support", "supports", "type", "write", "tell", "explain",
    "able", "stuff", "things", "kind", "of", "all", "please", "pls", "new",
];

/// What one does with the bot, one of which a question about it names.
const BOT_USES: &[&str] = &[
    "say", "ask", "use", "work", "works", "support", "supports", "type", "write", "do", "explain",
];

/// A question about the bot in a learner's or a dialect's word order: "how
/// this thing work?", "what i can say?", "what can tha do then", "explain
/// what it supports". One sentence of at most eight words, all of
/// `BOT_QUESTION_WORDS`, with a question word and one of `BOT_USES`.
fn asked_of_the_bot(lower: &str) -> bool {
    lower.split(['?', '.', '!', ',']).any(|sentence| {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        (2..=8).contains(&words.len())
            && words.iter().all(|w| BOT_QUESTION_WORDS.contains(w))
            && words
                .iter()
                .any(|w| ["what", "how", "which", "explain"].contains(w))
            && words.iter().any(|w| BOT_USES.contains(w))
    })
}
