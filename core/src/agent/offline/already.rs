//! News of a task done said with "already" and a bare verb, as learners of
//! English and Singlish say it: "task 7 settle already", "i finish pay rent
//! already", "already order gel polish, check it", "the lorry booked liao"
//! ("liao" is read "already" in `spoken`).

use super::*;

/// Verbs that say the whole task was done, so the task is what follows
/// them: "i finish pay rent already" names "pay rent".
const FINISH_VERBS: &[&str] = &["finish", "finished", "complete", "completed", "do", "did", "done"];

/// Words said before the news that are no part of it.
const NEWS_LEADS: &[&str] = &["ok", "okay", "ya", "yes", "yep", "i", "we", "just", "oh", "boss"];

/// People said as the ones who did a thing: "wife bought already".
const DOERS: &[&str] = &[
    "wife",
    "husband",
    "mum",
    "mom",
    "dad",
    "he",
    "she",
    "they",
    "someone",
    "somebody",
    "partner",
    "son",
    "daughter",
    "kids",
    "boss",
    "hubby",
    "bf",
    "gf",
    "sis",
    "bro",
    "colleague",
    "team",
];

/// Words of a question about the list, said without a question mark.
const ASKED_WORDS: &[&str] = &[
    "which", "what", "did", "does", "any", "anything", "tasks", "show", "list", "see", "how", "who",
];

/// A verb of a task in its bare or past form: "pay", "paid", "settle".
fn task_verb(word: &str) -> bool {
    todo_verb(word)
        || CHORE_VERBS.contains(&word)
        || PAST_TASK_VERBS.contains(&word)
        || FINISH_VERBS.contains(&word)
        || ["settle", "submit", "sign", "clear", "close", "confirm"].contains(&word)
}

/// The task said done with "already" in its clause: the thing after the
/// verb when "already" or a subject comes first ("already send the
/// invoice", "i call the landlord already"), or before it when the thing is
/// said first ("gas bill pay already"). A question, or a clause that begins
/// with its verb and ends with "already" ("call mum already!", impatience),
/// says no news.
pub(super) fn done_already(t: &Text<'_>, question: bool) -> Option<Intent> {
    if question || !contains_word(t.lower, "already") {
        return None;
    }
    // The clause that says "already"; a tick asked after it goes.
    let at = t.lower.find("already")?;
    let start = t.lower[..at].rfind([',', '.', ';', '!']).map_or(0, |c| c + 1);
    let end = t.lower[at..]
        .find([',', '.', ';', '!'])
        .map_or(t.lower.len(), |c| at + c);
    // The news is said first: "…, wife bought already" is a reason.
    if !t.lower[..start]
        .split(|c: char| !c.is_alphanumeric())
        .all(|w| w.is_empty() || NEWS_LEADS.contains(&w))
    {
        return None;
    }
    let clause = &t.lower[start..end];
    // "which tasks did I finish already": a question about the list.
    if clause.split_whitespace().any(|w| ASKED_WORDS.contains(&w)) {
        return None;
    }
    let words: Vec<&str> = clause.split_whitespace().collect();
    let mut first = 0;
    while words.get(first).is_some_and(|w| NEWS_LEADS.contains(w)) {
        first += 1;
    }
    let led = first > 0;
    let words = &words[first..];
    let already = words.iter().position(|w| *w == "already")?;
    let (object, verb): (&[&str], &str) = if already == 0 {
        // "already order gel polish".
        let verb = words.get(1)?;
        (&words[2..], verb)
    } else if already + 1 == words.len() {
        let body = &words[..already];
        if led && body.first().is_some_and(|w| task_verb(w)) {
            // "i finish pay rent already".
            (&body[1..], body[0])
        } else if body.len() >= 2 && task_verb(body[body.len() - 1]) && !task_verb(body[0]) {
            // "task 7 settle already", "the quotation submit already".
            (&body[..body.len() - 1], body[body.len() - 1])
        } else {
            return None;
        }
    } else {
        return None;
    };
    // "wife bought already": a person who did it is no task.
    if !task_verb(verb)
        || object.is_empty()
        || object.len() > 6
        || object.len() == 1 && DOERS.contains(&object[0])
    {
        return None;
    }
    let object = object.join(" ");
    // The writer's own case for the name.
    let from = t.lower.find(&object)?;
    let original = &t.original[from..from + object.len()];
    let named = Text {
        original,
        lower: &t.lower[from..from + object.len()],
    };
    if let Some((number, rest)) = number_token(&named)
        && rest.is_empty()
    {
        return Some(Intent::Complete(Target::Number(number)));
    }
    task_name(&named).map(|name| Intent::Complete(Target::Named(name)))
}
