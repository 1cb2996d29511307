//! Numbers said in words where the brain expects digits: a task number after
//! a task word ("check off number two", "snooze task six") and the count of
//! a span ("for fifteen minutes"). Elsewhere ("buy two loaves") they stay.

/// Number words, with their values; tens combine with units ("twenty five").
const UNITS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[(&str, u32)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// Words after which a number word is a task's number.
const NUMBER_LEADS: &[&str] = &["task", "number", "no.", "item", "todo", "#"];
/// Words after a task number that make it something else: "my number one priority".
const NOT_A_TASK_AFTER: &[&str] = &["priority", "thing", "fan", "spot", "choice"];
/// Units of a span, for "fifteen minutes".
const SPAN_UNITS: &[&str] = &[
    "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks",
];

fn unit_value(w: &str) -> Option<u32> {
    UNITS.iter().position(|u| *u == w).map(|i| i as u32)
}

/// The value of the number words at the start of `words` and how many there
/// are: "six" (1), "twenty five" (2), "twenty-five" (1).
fn value(words: &[String]) -> Option<(u32, usize)> {
    let first = words.first()?.as_str();
    if let Some((tens, unit)) = first.split_once('-') {
        let t = TENS.iter().find(|(w, _)| *w == tens)?.1;
        let u = unit_value(unit).filter(|u| (1..10).contains(u))?;
        return Some((t + u, 1));
    }
    if let Some(u) = unit_value(first) {
        return Some((u, 1));
    }
    let t = TENS.iter().find(|(w, _)| *w == first)?.1;
    match words
        .get(1)
        .and_then(|w| unit_value(w))
        .filter(|u| (1..10).contains(u))
    {
        Some(u) => Some((t + u, 2)),
        None => Some((t, 1)),
    }
}

/// Vague counts before a span's unit, and the number they are taken as:
/// "a couple of hours" → "2 hours".
const ROUGH_COUNTS: &[(&str, &str)] = &[
    // Spans said with fractions: "in half an hour", "a quarter of an hour".
    ("an hour and a half", "90 minutes"),
    ("one and a half hours", "90 minutes"),
    ("half an hour", "30 minutes"),
    ("half hour", "30 minutes"),
    ("a quarter of an hour", "15 minutes"),
    ("quarter of an hour", "15 minutes"),
    ("a quarter hour", "15 minutes"),
    ("a couple of ", "2 "),
    ("couple of ", "2 "),
    ("a couple ", "2 "),
    ("a few ", "3 "),
];

/// "for a couple of hours" → "for 2 hours" (only before a span's unit);
/// "in half an hour" → "in 30 minutes" (a fraction of an hour, anywhere).
fn rough_counts(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    ROUGH_COUNTS.iter().find_map(|(rough, count)| {
        let at = lower.find(rough)?;
        if !rough.ends_with(' ') {
            let end = at + rough.len();
            let whole = (at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric())
                && !lower.as_bytes().get(end).is_some_and(u8::is_ascii_alphanumeric);
            return whole.then(|| format!("{}{count}{}", &text[..at], &text[end..]));
        }
        let after = &lower[at + rough.len()..];
        let unit = after.split_whitespace().next().unwrap_or("");
        SPAN_UNITS
            .contains(&unit.trim_end_matches(['?', '!', '.', ',']))
            .then(|| format!("{}{count}{}", &text[..at], &text[at + rough.len()..]))
    })
}

/// Words after an hour said in words: "at nine tomorrow", "at seven pm".
const CLOCK_AFTER: &[&str] = &[
    "am", "pm", "a.m.", "p.m.", "o'clock", "oclock", "tomorrow", "today", "tonight", "on", "this", "next",
    "every", "and", "please", "pls", "thanks",
];

/// Ordinal words and the numbers they are.
const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];
/// Nouns after a position that make it a task on the list: "the 4th one".
const POSITION_NOUNS: &[&str] = &["one", "item", "task", "todo", "entry", "reminder", "ones"];

/// The number an ordinal is: "4th" → 4, "second" → 2.
fn ordinal(w: &str) -> Option<u32> {
    if let Some(i) = ORDINALS.iter().position(|o| *o == w) {
        return Some(i as u32 + 1);
    }
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    (["st", "nd", "rd", "th"].contains(&suffix) && !digits.is_empty() && digits.len() <= 3)
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|n| *n > 0)
}

/// "the 4th one", "the second item": the task shown at that place on the
/// list is the task of that number, as the list numbers them (what people
/// are told to write: "the 4th one" names task 4).
fn positions(text: &str) -> Option<String> {
    // Most messages say no place on the list: one look before the words.
    let bytes = text.as_bytes();
    let numbered = (1..bytes.len().saturating_sub(1)).any(|i| {
        bytes[i - 1].is_ascii_digit()
            && matches!(
                &bytes[i..i + 2],
                b"st" | b"nd" | b"rd" | b"th" | b"ST" | b"ND" | b"RD" | b"TH"
            )
    });
    if !numbered {
        let lower = text.to_ascii_lowercase();
        if !ORDINALS.iter().any(|o| lower.contains(o)) {
            return None;
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower: Vec<String> = words
        .iter()
        .map(|w| {
            w.to_lowercase()
                .trim_end_matches(['?', '!', '.', ',', ':', ';'])
                .to_owned()
        })
        .collect();
    let at = (1..lower.len().saturating_sub(1)).find(|i| {
        lower[i - 1] == "the"
            && ordinal(&lower[*i]).is_some()
            && POSITION_NOUNS.contains(&lower[i + 1].as_str())
    })?;
    let n = ordinal(&lower[at])?;
    let noun = words[at + 1];
    // The noun's stop stays; a noun whose lower case has another length keeps none.
    let tail = noun.get(lower[at + 1].len()..).unwrap_or("");
    let mut out: Vec<String> = words[..at - 1].iter().map(|w| (*w).to_owned()).collect();
    out.push(format!("task {n}{tail}"));
    out.extend(words[at + 2..].iter().map(|w| (*w).to_owned()));
    Some(out.join(" "))
}

/// `text` with number words in digits after a task word or before a span's
/// unit: "snooze task six for fifteen minutes" → "snooze task 6 for 15 minutes".
pub(super) fn spelt_numbers(text: &str) -> String {
    let dated = super::dates::dates_in_words(text);
    let text = dated.as_deref().unwrap_or(text);
    let placed = positions(text);
    let text = placed.as_deref().unwrap_or(text);
    let rough = rough_counts(text);
    let text = rough.as_deref().unwrap_or(text);
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower: Vec<String> = words
        .iter()
        .map(|w| {
            let w = w.to_lowercase();
            let w = w.trim_end_matches(['?', '!', '.', ',', ':', ';']);
            // "task two's title": the possessive stays after the digits.
            w.strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w)
                .to_owned()
        })
        .collect();
    if !lower
        .iter()
        .any(|w| unit_value(w).is_some() || TENS.iter().any(|(t, _)| w.split('-').next() == Some(*t)))
    {
        return text.to_owned();
    }
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if let Some((n, len)) = value(&lower[i..]) {
            let last = i + len - 1;
            let led = i > 0 && NUMBER_LEADS.contains(&lower[i - 1].as_str());
            let next = lower.get(last + 1).map(String::as_str);
            let task = led && !next.is_some_and(|w| NOT_A_TASK_AFTER.contains(&w));
            let span = next.is_some_and(|w| SPAN_UNITS.contains(&w)) && n > 0;
            // "tomorrow at nine", "at seven pm": an hour of the clock.
            let hour = i > 0
                && ["at", "by", "till", "until"].contains(&lower[i - 1].as_str())
                && (1..=12).contains(&n)
                && next.is_none_or(|w| CLOCK_AFTER.contains(&w));
            if task || span || hour {
                let tail = &words[last][lower[last].len().min(words[last].len())..];
                out.push(format!("{n}{tail}"));
                i += len;
                continue;
            }
        }
        out.push(words[i].to_owned());
        i += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_digits_only_where_a_number_is_expected() {
        assert_eq!(spelt_numbers("check off number two"), "check off number 2");
        assert_eq!(
            spelt_numbers("snooze task six for fifteen minutes"),
            "snooze task 6 for 15 minutes"
        );
        assert_eq!(spelt_numbers("done with task twenty five!"), "done with task 25!");
        assert_eq!(spelt_numbers("in twenty-five mins"), "in 25 mins");
        assert_eq!(spelt_numbers("change task two's title"), "change task 2's title");
        assert_eq!(spelt_numbers("buy two loaves"), "buy two loaves");
        assert_eq!(spelt_numbers("call the school at nine"), "call the school at 9");
        assert_eq!(
            spelt_numbers("meet at one of the cafes"),
            "meet at one of the cafes"
        );
        assert_eq!(
            spelt_numbers("snooze it for a couple of hours"),
            "snooze it for 2 hours"
        );
        assert_eq!(spelt_numbers("a couple of eggs"), "a couple of eggs");
        assert_eq!(
            spelt_numbers("make it my number one priority"),
            "make it my number one priority"
        );
    }
}
