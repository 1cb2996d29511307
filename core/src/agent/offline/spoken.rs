//! One pass, driven by tables, that reads spoken and regional English as
//! the rest of the brain expects it: fillers said anywhere ("uh", "um",
//! "in like 2 hours", "i guess"), Scots and Taglish function words and
//! verbs ("tae" → "to", "the morra" → "tomorrow", "pa-remind" → "remind",
//! "yung" → "the") and text-speak the word-by-word shorthand does not know.
//! Only words that steer the reading are mapped; a title keeps the person's
//! own nouns ("phone mrs mcleod aboot her consumer unit"). Quoted text is
//! left alone.

use std::{collections::HashMap, sync::LazyLock};

/// Words said to fill a pause, dropped wherever they are.
const FILLERS: &[&str] = &[
    "uh", "uhh", "um", "umm", "uhm", "er", "erm", "ehm", "hmm", "hmmm", "po", "naman", "lang", "daw", "pala",
    "talaga", "na", "nga", "fr", "whew", "phew", "ha",
    // Singlish particles ("tmr lah", "saturday leh"), Spanish "oye" (hey),
    // and Yorkshire "t'" for "the" ("fetch t' kids"): never a title's word.
    "lah", "leh", "lor", "oye", "t'",
];

/// Runs of words said to fill a pause or to soften, dropped wherever they are.
const FILLER_PHRASES: &[&[&str]] = &[
    &["i", "guess"],
    &["i", "suppose"],
    &["you", "know", "what"],
    &["no", "excuses"],
    &["rain", "or", "shine"],
    // Taglish exclamations: "naku muntik ko na makalimutan" (oh, I nearly forgot).
    &["naku"],
    &["muntik", "ko", "na", "makalimutan"],
    &["muntik", "ko", "nang", "makalimutan"],
];

/// Tagalog words of an aside said after a request: "…, lagi na lang ako late
/// sa pre-shift", "…, hindi na pala ako uuwi this month".
const ASIDE_WORDS: &[&str] = &[
    "ako",
    "ko",
    "mo",
    "sa",
    "ng",
    "lagi",
    "kasi",
    "hindi",
    "dapat",
    "kailangan",
    "baka",
    "ni",
    "sabi",
    "siya",
    "kami",
    "tayo",
    "uuwi",
    "pa",
    "ba",
];

/// A trailing clause in another language, after a comma, goes: the request
/// before it is what is asked. Two of its words must be `ASIDE_WORDS`.
fn without_foreign_aside(text: String) -> String {
    let Some(at) = text.rfind(", ") else {
        return text;
    };
    let aside = text[at + 2..].to_lowercase();
    let foreign = aside
        .split_whitespace()
        .filter(|w| ASIDE_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
        .count();
    // A quoted title or a number is no aside ("typo sa task 6, dapat "…"").
    if foreign < 2 || at == 0 || aside.contains(['"', '“']) || aside.contains(|c: char| c.is_ascii_digit())
    {
        return text;
    }
    // "…, important daw sabi ni TL": a level said in it stays.
    match ["urgent", "important"].iter().find(|l| aside.contains(**l)) {
        Some(level) => format!("{}, {level}", &text[..at]),
        None => text[..at].to_owned(),
    }
}

/// Words of a dialect, a second language or text-speak, and the standard
/// English they stand for (one word or a run of words, lower case).
const LEXICON: &[(&[&str], &str)] = &[
    // Scots.
    (&["tae"], "to"),
    (&["intae"], "into"),
    (&["the", "morra"], "tomorrow"),
    (&["the", "morra's"], "tomorrow's"),
    (&["the", "nicht"], "tonight"),
    (&["whit"], "what"),
    (&["whit's"], "what's"),
    (&["whit've"], "what have"),
    (&["gie's"], "give me"),
    (&["gies"], "give me"),
    (&["gie"], "give"),
    (&["mak"], "make"),
    (&["aff"], "off"),
    (&["dae"], "do"),
    (&["nae"], "no"),
    (&["cannae"], "can't"),
    (&["dinnae"], "don't"),
    (&["didnae"], "didn't"),
    (&["isnae"], "isn't"),
    (&["wisnae"], "wasn't"),
    (&["oot"], "out"),
    (&["ye"], "you"),
    (&["yer"], "your"),
    (&["workin"], "working"),
    // A reminder asked to wait: "not now, remind me about the gas bill in
    // an hour", "give me a nudge about the tablets again tomorrow".
    (&["not", "now", "remind", "me"], "remind me again"),
    (&["give", "me", "a", "nudge"], "remind me"),
    (&["give", "me", "a", "shout"], "remind me"),
    (&["give", "me", "a", "bell"], "remind me"),
    // Learners' "must to", "should to": "this weekend I must to fix the bike".
    // "at 8 in morning": the part of the day without its article.
    (&["in", "morning"], "in the morning"),
    (&["in", "afternoon"], "in the afternoon"),
    (&["in", "evening"], "in the evening"),
    (&["must", "to"], "must"),
    (&["should", "to"], "should"),
    // Learners' English: "remember me to call" is "remind me to call".
    (&["remember", "me"], "remind me"),
    // Slips in "remind me" that are words of their own or run together.
    (&["remindme"], "remind me"),
    (&["remained", "me"], "remind me"),
    (&["remaind", "me"], "remind me"),
    (&["remine", "me"], "remind me"),
    // "help me add …", "help me to remember to …": the help is the request.
    (&["help", "me", "add"], "add"),
    (&["help", "me", "to", "add"], "add"),
    (&["help", "me", "remember", "to"], "remind me to"),
    (&["help", "me", "to", "remember", "to"], "remind me to"),
    (&["put", "for", "me", "to"], "remind me to"),
    (&["add", "for", "me", "to"], "remind me to"),
    // Spanglish: the dates, needs and levels said in Spanish inside an
    // English request ("pick up rebar hoy", "necesito order concrete").
    (&["hoy"], "today"),
    (&["mañana"], "tomorrow"),
    (&["manana"], "tomorrow"),
    (&["necesito"], "i need to"),
    (&["tengo", "que"], "i have to"),
    (&["hay", "que"], "i need to"),
    (&["urgente"], "urgent"),
    // Spanish weekdays, with their article: "pagar la renta el viernes".
    (&["el", "lunes"], "monday"),
    (&["lunes"], "monday"),
    (&["el", "martes"], "tuesday"),
    (&["martes"], "tuesday"),
    (&["el", "miércoles"], "wednesday"),
    (&["miércoles"], "wednesday"),
    (&["el", "miercoles"], "wednesday"),
    (&["miercoles"], "wednesday"),
    (&["el", "jueves"], "thursday"),
    (&["jueves"], "thursday"),
    (&["el", "viernes"], "friday"),
    (&["viernes"], "friday"),
    (&["el", "sábado"], "saturday"),
    (&["sábado"], "saturday"),
    (&["el", "sabado"], "saturday"),
    (&["sabado"], "saturday"),
    (&["el", "domingo"], "sunday"),
    (&["domingo"], "sunday"),
    (&["no", "se", "me", "puede", "olvidar"], "don't let me forget"),
    (&["que", "no", "se", "me", "olvide"], "don't let me forget"),
    (&["no", "me", "dejes", "olvidar"], "don't let me forget"),
    (&["no", "olvidar"], "don't let me forget"),
    // "2" typed for "to" after "remind me" ("remind us" is with Yorkshire's).
    // "could ya stick a reminder in": "ya" for "you" after a modal.
    (&["could", "ya"], "could you"),
    (&["can", "ya"], "can you"),
    (&["would", "ya"], "would you"),
    (&["will", "ya"], "will you"),
    // Learners' "no forget" for "don't forget": "no forget pay the bill".
    (&["no", "forget", "to"], "don't forget to"),
    (&["no", "forget"], "don't forget"),
    (&["help", "me", "remember"], "remind me"),
    (&["remind", "me", "2"], "remind me to"),
    // Singlish "can + verb" asks without a subject: "can help me remember to
    // … or not", "can remind me to …".
    (&["can", "help", "me", "remember", "to"], "please remind me to"),
    (&["can", "remind", "me", "to"], "please remind me to"),
    // Taglish.
    (&["yung"], "the"),
    (&["ung"], "the"),
    (&["pa-remind"], "remind"),
    (&["paremind"], "remind"),
    (&["pa-add"], "add"),
    (&["paki-add"], "add"),
    (&["pakiadd"], "add"),
    (&["pakidelete"], "delete"),
    (&["paki-delete"], "delete"),
    (&["pa-delete"], "delete"),
    (&["pa-change"], "change"),
    (&["paki-change"], "change"),
    (&["i-move"], "move"),
    (&["pa-move"], "move"),
    (&["pa-check"], "tick it off"),
    (&["check", "mo"], "tick it off"),
    (&["tapos", "na"], "finished"),
    (&["tapos"], "finished"),
    (&["salamat"], "thanks"),
    (&["importante"], "important"),
    (&["pwede", "bang"], "can you"),
    (&["pwede", "ba"], "can you"),
    (&["paalala"], "reminder:"),
    // Comparatives of a level: "make the gas bill a lower priority".
    (&["a", "lower", "priority"], "low priority"),
    (&["a", "higher", "priority"], "high priority"),
    (&["lower", "priority"], "low priority"),
    (&["higher", "priority"], "high priority"),
    // British "Monday next" for next Monday.
    (&["monday", "next"], "next monday"),
    (&["tuesday", "next"], "next tuesday"),
    (&["wednesday", "next"], "next wednesday"),
    (&["thursday", "next"], "next thursday"),
    (&["friday", "next"], "next friday"),
    (&["saturday", "next"], "next saturday"),
    (&["sunday", "next"], "next sunday"),
    // Nigerian and West African English: "abeg" and "biko" are "please".
    (&["abeg"], "please"),
    (&["biko"], "please"),
    (&["oya"], "please"),
    // Yorkshire and northern English ("t'" is a filler): "owt about the
    // boiler" (anything), "summat" (something), "what can tha do", "ey up"
    // (hello), "get rid o' number 9", "remind us" and "nag us" (me).
    (&["o'"], "of"),
    (&["owt"], "anything"),
    (&["nowt"], "nothing"),
    (&["summat"], "something"),
    (&["can", "tha"], "can you"),
    (&["could", "tha"], "could you"),
    (&["will", "tha"], "will you"),
    (&["does", "tha"], "do you"),
    (&["ey", "up"], "hello"),
    (&["eh", "up"], "hello"),
    (&["remind", "us"], "remind me"),
    (&["nag", "us"], "remind me"),
    (&["nag", "me"], "remind me"),
    // Singlish: "liao" (already); the particles said at a clause's end go
    // (`CLAUSE_PARTICLES`).
    (&["liao"], "already"),
    // Spanglish: the verbs of an edit, the function words around a task's
    // name ("lo del concrete", "el del permit": the one about …) and the
    // units of a time. Nouns stay the writer's own.
    (&["lo", "del"], "the"),
    (&["el", "del"], "the"),
    (&["la", "del"], "the"),
    (&["lo", "de"], "the"),
    (&["el", "de"], "the"),
    (&["el", "numero"], "number"),
    (&["el", "número"], "number"),
    (&["la", "numero"], "number"),
    (&["numero"], "number"),
    (&["número"], "number"),
    (&["borra"], "delete"),
    (&["bórralo"], "delete it"),
    (&["borralo"], "delete it"),
    (&["elimina"], "delete"),
    (&["eliminalo"], "delete it"),
    (&["elimínalo"], "delete it"),
    (&["quita"], "remove"),
    (&["quitalo"], "remove it"),
    (&["quítalo"], "remove it"),
    (&["tachalo"], "tick it off"),
    (&["táchalo"], "tick it off"),
    (&["tacha"], "tick off"),
    (&["cambialo", "para"], "move to"),
    (&["cámbialo", "para"], "move to"),
    (&["cambialo", "a"], "move to"),
    (&["pasalo", "para"], "move to"),
    (&["pásalo", "para"], "move to"),
    (&["pasalo", "a"], "move to"),
    (&["muevelo", "a"], "move to"),
    (&["muévelo", "a"], "move to"),
    (&["recuerdame", "lo", "del"], "remind me again about the"),
    (&["recuérdame", "lo", "del"], "remind me again about the"),
    (&["recuerdame"], "remind me"),
    (&["recuérdame"], "remind me"),
    (&["es", "urgente"], "is urgent"),
    (&["porfa"], "please"),
    (&["por", "favor"], "please"),
    (&["no", "es", "importante"], "is not important"),
    (&["ponlo"], "make it"),
    (&["en", "una", "hora"], "in 1 hour"),
    (&["horas"], "hours"),
    (&["minutos"], "minutes"),
    (&["esta", "semana"], "this week"),
    (&["sin", "fecha"], "without a date"),
    (&["enseñame"], "show me"),
    (&["enseñame", "todo"], "show me all"),
    (&["ensename"], "show me"),
    (&["muestrame"], "show me"),
    (&["muéstrame"], "show me"),
    (&["que", "puedo", "hacer"], "what can i do"),
    (&["qué", "puedo", "hacer"], "what can i do"),
    (&["con", "este", "bot"], "with this bot"),
    // Questions about the list: "que me falta por hacer?" (what is left
    // to do), "cuales ya termine?" (which have I finished), "que tengo"
    // (what do I have).
    (&["que", "me", "falta", "por", "hacer"], "what is left to do"),
    (&["qué", "me", "falta", "por", "hacer"], "what is left to do"),
    (&["que", "me", "falta"], "what is left to do"),
    (&["cuales", "ya", "termine"], "which ones have i finished"),
    (&["cuáles", "ya", "terminé"], "which ones have i finished"),
    (&["que", "ya", "termine"], "which ones have i finished"),
    (&["que", "cosas", "tengo"], "what do i have"),
    (&["qué", "cosas", "tengo"], "what do i have"),
    (&["que", "tengo"], "what do i have"),
    (&["qué", "tengo"], "what do i have"),
    (&["estoy", "en"], "i'm in"),
    (&["vivo", "en"], "i live in"),
    (&["ponme", "esa", "hora"], "use the time there"),
    (&["pon", "esa", "hora"], "use the time there"),
    // Learners' English without "am": "this month i in Hanoi".
    (&["i", "in"], "i'm in"),
    // Text-speak.
    (&["tysm"], "thank you so much"),
    (&["ty", "so", "much"], "thank you so much"),
    (&["thank", "u"], "thank you"),
    (&["rn"], "right now"),
    (&["bc"], "because"),
    (&["cuz"], "because"),
    (&["coz"], "because"),
    (&["cmds"], "commands"),
    // Modals without their vowels: "#8 shd be …".
    (&["shd"], "should"),
    (&["shld"], "should"),
    (&["cld"], "could"),
    (&["wld"], "would"),
    // Dashes typed long: "churn analysis — done".
    (&["—"], "-"),
    (&["–"], "-"),
];

/// Punctuation said aloud by someone dictating, and the mark it stands for:
/// "add task comma call the bank", "new task colon book a room", "… tonight
/// period". A mark is read only after a word that is not a determiner or a
/// noun it names ("the period", "trial period", "my colon"), and a colon
/// only after a word that labels what follows ("task colon …").
const DICTATED_MARKS: &[(&[&str], &str)] = &[
    (&["comma"], ","),
    (&["period"], "."),
    (&["full", "stop"], "."),
    (&["colon"], ":"),
    (&["question", "mark"], "?"),
    (&["exclamation", "mark"], "!"),
    (&["exclamation", "point"], "!"),
];

/// Words before "period", "comma" or "colon" that make it the noun: "the
/// period", "grace period", "inverted comma".
const NOT_BEFORE_A_MARK: &[&str] = &[
    "the",
    "a",
    "my",
    "her",
    "his",
    "your",
    "our",
    "their",
    "this",
    "that",
    "each",
    "per",
    "every",
    "trial",
    "grace",
    "free",
    "waiting",
    "notice",
    "probation",
    "probationary",
    "billing",
    "cooling",
    "cooling-off",
    "rental",
    "reporting",
    "tax",
    "accounting",
    "inverted",
    "semi",
    "of",
    "first",
    "last",
    "next",
    "school",
    "class",
    "lesson",
    "study",
    "holiday",
    "exam",
    "sigmoid",
    "spastic",
];

/// Words after which a dictated "colon" labels what follows.
const COLON_LABELS: &[&str] = &[
    "task", "reminder", "note", "title", "item", "todo", "to-do", "add", "date", "time", "tag", "tags",
    "subject", "priority", "new", "remind", "list",
];

/// Hours a dictating phone wrote as words that sound the same: "at for pm"
/// is 4pm, "at ate am" 8am. Read only between "at" and "am", "pm" or
/// "o'clock".
const HEARD_HOURS: &[(&str, &str)] = &[
    ("for", "4"),
    ("to", "2"),
    ("too", "2"),
    ("ate", "8"),
    ("won", "1"),
];

/// Words that say a time of day after an hour.
const HOUR_MARKS: &[&str] = &["am", "pm", "a.m", "p.m", "a.m.", "p.m.", "o'clock"];

/// Number words after which "like" is a filler: "in like 2 hours".
const AMOUNTS: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "ten", "fifteen", "twenty", "thirty", "half",
];

/// Singlish particles said at the end of a clause ("very urgent leh",
/// "later la, remind me", "so hot sia", "thanks ah"): they go there, and
/// only there ("la" in a name, "Ah Hock" stay).
const CLAUSE_PARTICLES: &[&str] = &["lah", "la", "leh", "lor", "sia", "meh", "ah", "hor", "mah"];

/// Spanish words read before a number: "borra el 4" (the 4th), "en 2
/// horas" (in 2 hours).
const BEFORE_A_NUMBER: &[(&str, &str)] = &[("el", "task"), ("en", "in"), ("al", "task")];

/// The table entries by their first word: a word that starts none of them
/// (nor is "like" or "the") starts nothing to read. A filler phrase is an
/// entry with no standard English.
type Entry = (&'static [&'static str], Option<&'static str>);
static BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<Entry>>> = LazyLock::new(|| {
    let mut map: HashMap<_, Vec<_>> = HashMap::new();
    let phrases = FILLER_PHRASES.iter().map(|p| (*p, None));
    for (phrase, standard) in phrases.chain(LEXICON.iter().map(|(p, s)| (*p, Some(*s)))) {
        map.entry(phrase[0]).or_default().push((phrase, standard));
    }
    // The longest phrase first, whatever the tables' order: "enseñame todo"
    // before "enseñame".
    for entries in map.values_mut() {
        entries.sort_by_key(|(phrase, _)| std::cmp::Reverse(phrase.len()));
    }
    let particles = CLAUSE_PARTICLES
        .iter()
        .chain(BEFORE_A_NUMBER.iter().map(|(w, _)| w));
    for w in FILLERS
        .iter()
        .chain(&["like", "the", "hashtag", "hash"])
        .chain(particles)
    {
        map.entry(*w).or_default();
    }
    for (phrase, _) in DICTATED_MARKS {
        map.entry(phrase[0]).or_default();
    }
    for (heard, _) in HEARD_HOURS {
        map.entry(*heard).or_default();
    }
    map
});

/// The text with fillers dropped and dialect read as standard English.
/// Returns the text as it was when nothing applies.
pub(super) fn spoken(text: &str) -> String {
    let purposeless = without_purpose(text);
    let text = purposeless.as_deref().unwrap_or(text);
    let text = without_question_tag(text);
    let text = without_purpose_of_adding(text);
    let words: Vec<&str> = text.split_whitespace().collect();
    // The words lower-cased with their last punctuation off, in one copy.
    let lower = text.to_lowercase().replace('’', "'");
    let lowered: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_end_matches(['?', '!', '.', ',', ':', ';']))
        .collect();
    if lowered.len() != words.len() {
        return text.to_owned();
    }
    // Most messages say none of it: nothing to rebuild.
    if !lowered.iter().any(|w| BY_FIRST_WORD.contains_key(w)) {
        return text.to_owned();
    }
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut quoted = false;
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let quotes = word.matches(['"', '“', '”']).count();
        if quoted || quotes > 0 {
            quoted ^= quotes % 2 == 1;
            out.push(word.to_owned());
            i += 1;
            continue;
        }
        let Some(entries) = BY_FIRST_WORD.get(lowered[i]) else {
            out.push(word.to_owned());
            i += 1;
            continue;
        };
        let tail = &word[word.trim_end_matches(['?', '!', '.', ',', ':', ';']).len()..];
        let run = |phrase: &[&str]| {
            phrase.len() <= words.len() - i
                && phrase.iter().enumerate().all(|(k, p)| lowered[i + k] == *p)
                // Only the last word of a run may carry punctuation but a comma.
                && (0..phrase.len() - 1).all(|k| {
                    words[i + k].trim_end_matches(',').len() == lowered[i + k].len()
                })
        };
        let last_tail = |len: usize| {
            let w = words[i + len - 1];
            w[w.trim_end_matches(['?', '!', '.', ',', ':', ';']).len()..].to_owned()
        };
        if let Some((phrase, _)) = entries.iter().find(|(p, s)| s.is_none() && run(p)) {
            attach(&mut out, &last_tail(phrase.len()));
            i += phrase.len();
            continue;
        }
        let w = lowered[i];
        // Punctuation dictated: "add task comma call …", "… tonight period".
        if let Some((phrase, mark)) = DICTATED_MARKS.iter().find(|(p, _)| run(p))
            && i > 0
            && !out.last().is_some_and(|l| l.ends_with(['?', '!', '.', ',', ':', ';']))
            && !NOT_BEFORE_A_MARK.contains(&lowered[i - 1])
            && (*mark != ":" || COLON_LABELS.contains(&lowered[i - 1]))
            // A full stop or a question mark ends a sentence: last, or
            // before a word that starts one.
            && (![".", "?", "!"].contains(mark)
                || i + phrase.len() == words.len()
                || words[i + phrase.len()].starts_with(|c: char| c.is_uppercase()))
            // A comma or a colon stands between words.
            && ([".", "?", "!"].contains(mark) || i + phrase.len() < words.len())
        {
            attach(&mut out, mark);
            i += phrase.len();
            continue;
        }
        // "pick up the kids at for pm": an hour misheard as a word.
        if let Some((_, hour)) = HEARD_HOURS.iter().find(|(h, _)| *h == w)
            && i > 0
            && lowered[i - 1] == "at"
            && lowered.get(i + 1).is_some_and(|n| HOUR_MARKS.contains(n))
        {
            out.push(format!("{hour}{tail}"));
            i += 1;
            continue;
        }
        // A tag dictated: "hashtag work", "hash tag work" → "#work".
        let hashed = match w {
            "hashtag" => 1,
            "hash" if lowered.get(i + 1) == Some(&"tag") => 2,
            _ => 0,
        };
        if hashed > 0
            && words[i + hashed - 1].len() == lowered[i + hashed - 1].len()
            && let Some(tag) = words.get(i + hashed)
            && tag.starts_with(|c: char| c.is_alphanumeric())
        {
            out.push(format!("#{tag}"));
            i += hashed + 1;
            continue;
        }
        let like = w == "like"
            && lowered
                .get(i + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()) || AMOUNTS.contains(n))
            && (i == 0
                || ["in", "for", "about", "around", "at", "maybe"].contains(&lowered[i - 1])
                || words[i - 1].ends_with(','));
        // "very urgent leh": a particle ends its clause (last, or with its mark).
        let particle = CLAUSE_PARTICLES.contains(&w)
            && i > 0
            && (i + 1 == words.len() || word.len() > w.len())
            && !out
                .last()
                .is_some_and(|l| l.ends_with(['?', '!', '.', ',', ':', ';']));
        if FILLERS.contains(&w) || like || particle {
            attach(&mut out, tail);
            i += 1;
            continue;
        }
        if let Some((phrase, Some(standard))) = entries.iter().find(|(p, s)| s.is_some() && run(p)) {
            out.push(format!("{standard}{}", last_tail(phrase.len())));
            i += phrase.len();
            continue;
        }
        // "borra el 4", "en 2 horas": Spanish before a number.
        if let Some((_, standard)) = BEFORE_A_NUMBER.iter().find(|(s, _)| *s == w)
            && word.len() == w.len()
            && lowered
                .get(i + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        {
            out.push((*standard).to_owned());
            i += 1;
            continue;
        }
        // Scots "the day" for today, said last or before a time.
        if w == "the"
            && lowered.get(i + 1).is_some_and(|n| *n == "day")
            && (i + 2 == words.len()
                || words[i + 1].len() > 3
                || lowered.get(i + 2).is_some_and(|n| *n == "at"))
            && i > 0
            && !["of", "all", "whole", "same", "next", "every"].contains(&lowered[i - 1])
        {
            out.push(format!("today{}", &words[i + 1][3..]));
            i += 2;
            continue;
        }
        out.push(word.to_owned());
        i += 1;
    }
    without_foreign_aside(out.join(" "))
}

/// Why the ask is made, said after "it" or "that" to the end: "please add
/// it so I stop forgetting to read the paper", "note that so we can plan".
fn without_purpose_of_adding(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    [" it so ", " that so ", " this so ", " them so "]
        .iter()
        .filter_map(|p| lower.find(p).map(|at| (at, p.len())))
        .min()
        .filter(|(at, len)| {
            let rest = &lower[at + len..];
            ["i ", "that i ", "we ", "that we ", "i'm ", "im "]
                .iter()
                .any(|s| rest.starts_with(s))
                && text.is_char_boundary(*at)
        })
        .map_or(text, |(at, len)| &text[..at + len - 4])
}

/// Singlish asks "can … or not": the tag said last asks nothing more
/// ("can add buy rice tomorrow or not" → "can add buy rice tomorrow").
fn without_question_tag(text: &str) -> &str {
    let trimmed = text.trim_end_matches(['?', '!', '.', ' ']);
    let starts = trimmed.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("can "));
    match trimmed.len().checked_sub(7) {
        Some(at)
            if starts && trimmed.is_char_boundary(at) && trimmed[at..].eq_ignore_ascii_case(" or not") =>
        {
            trimmed[..at].trim_end_matches([',', ' '])
        }
        _ => text,
    }
}

/// A dropped filler's punctuation kept on the word before it ("…, uh, …").
fn attach(out: &mut [String], tail: &str) {
    if let Some(last) = out.last_mut()
        && !tail.is_empty()
        && !last.ends_with(['?', '!', '.', ',', ':', ';'])
    {
        last.push_str(tail);
    }
}

/// Why the task is asked for, and hedges, said around it: "add that so I
/// don't forget", "can you add it just in case", "I think I'm supposed to
/// …", Irish "ah sure". Longest first; each is cut where it is.
const PURPOSES: &[&str] = &[
    " before i forget again",
    " so that i don't forget it",
    " so that i don't forget",
    " so i don't forget it",
    " so i don't forget",
    " so i dont forget",
    " so i won't forget",
    " so i wont forget",
    " so i remember",
    " in case i forget",
    " just in case",
    " lest i forget",
    ", i think",
    " i think ",
    " ah sure ",
];

/// The text without what `PURPOSES` says (found in an ASCII lower-case
/// copy, which keeps every byte where it is).
fn without_purpose(text: &str) -> Option<String> {
    // Most messages say none of it: one look for the words they all have.
    if !["forget", "case", "remember", "think", "sure"]
        .iter()
        .any(|w| text.contains(w))
    {
        return None;
    }
    let mut lower = format!(" {}", text.to_ascii_lowercase().replace('’', "'"));
    let mut out = format!(" {text}");
    if lower.len() != out.len() {
        return None;
    }
    let mut changed = false;
    for p in PURPOSES {
        while let Some(at) = lower.find(p) {
            // Only at a word's end: "so i rememberd" is no match.
            let end = at + p.len();
            if !p.ends_with(' ') && lower[end..].starts_with(|c: char| c.is_alphanumeric()) {
                break;
            }
            let keep = if p.ends_with(' ') { " " } else { "" };
            out.replace_range(at..end, keep);
            lower.replace_range(at..end, keep);
            changed = true;
        }
    }
    changed.then(|| out.trim().to_owned())
}
