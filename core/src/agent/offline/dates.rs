//! Dates and hours said in words, read as the quick-add grammar writes
//! them: "december fifteenth", "the 3rd of december", "Friday, 4
//! December", "the 7 december" → "Dec 15", "Dec 3", "Dec 4", "Dec 7";
//! "2 o'clock in the afternoon", "ten in the morning" → "2pm", "10am".

/// Months by the words said for them (full names and short forms) and
/// the short form the quick-add grammar reads.
const MONTHS: &[(&str, &str)] = &[
    ("january", "Jan"),
    ("jan", "Jan"),
    ("february", "Feb"),
    ("feb", "Feb"),
    ("march", "Mar"),
    ("mar", "Mar"),
    ("april", "Apr"),
    ("apr", "Apr"),
    ("may", "May"),
    ("june", "Jun"),
    ("jun", "Jun"),
    ("july", "Jul"),
    ("jul", "Jul"),
    ("august", "Aug"),
    ("aug", "Aug"),
    ("september", "Sep"),
    ("sept", "Sep"),
    ("sep", "Sep"),
    ("october", "Oct"),
    ("oct", "Oct"),
    ("november", "Nov"),
    ("nov", "Nov"),
    ("december", "Dec"),
    ("dec", "Dec"),
];

/// Ordinal words of the days of a month, first to nineteenth, and the
/// tens (said alone or before a unit's ordinal: "twenty-first").
const DAY_ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const TENS_ORDINALS: &[(&str, &str, u32)] = &[("twentieth", "twenty", 20), ("thirtieth", "thirty", 30)];

/// Cardinal words of an hour of the clock, one to twelve.
const HOURS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];

/// Parts of the day after an hour ("in the afternoon") and the half of
/// the clock they say.
const DAY_PARTS: &[(&str, &str)] = &[
    ("morning", "am"),
    ("afternoon", "pm"),
    ("evening", "pm"),
    ("night", "pm"),
];

/// Weekday names said short ("fri"); the whole ones are [`crate::time::DAY_NAMES`].
const SHORT_WEEKDAYS: &[&str] = &[
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

fn is_weekday(w: &str) -> bool {
    crate::time::DAY_NAMES.contains(&w) || SHORT_WEEKDAYS.contains(&w)
}

fn month(w: &str) -> Option<&'static str> {
    MONTHS.iter().find(|(m, _)| *m == w).map(|(_, short)| *short)
}

/// The day of a month said at the start of `words` and how many words it
/// takes: "15", "15th", "fifteenth", "twenty first", "twenty-first";
/// `plain` too when it is bare digits (which "may" must not take).
fn day(words: &[&str]) -> Option<(u32, usize, bool)> {
    let first = *words.first()?;
    let digits = first.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let suffix = &first[digits.len()..];
        let n: u32 = digits.parse().ok()?;
        return (["", "st", "nd", "rd", "th"].contains(&suffix) && (1..=31).contains(&n)).then_some((
            n,
            1,
            suffix.is_empty(),
        ));
    }
    if let Some(i) = DAY_ORDINALS.iter().position(|o| *o == first) {
        return Some((i as u32 + 1, 1, false));
    }
    if let Some((_, _, n)) = TENS_ORDINALS.iter().find(|(o, _, _)| *o == first) {
        return Some((*n, 1, false));
    }
    let unit = |w: &str| {
        DAY_ORDINALS[..9]
            .iter()
            .position(|o| *o == w)
            .map(|i| i as u32 + 1)
    };
    if let Some((tens, rest)) = first.split_once('-') {
        let (_, _, t) = TENS_ORDINALS.iter().find(|(_, c, _)| *c == tens)?;
        let n = t + unit(rest)?;
        return (n <= 31).then_some((n, 1, false));
    }
    let (_, _, t) = TENS_ORDINALS.iter().find(|(_, c, _)| *c == first)?;
    let n = t + unit(words.get(1)?)?;
    (n <= 31).then_some((n, 2, false))
}

/// Quick-add's own spelling of a date already ("Dec 3", "3 Dec"): no need
/// to write it again.
fn plain_date(words: &[&str], len: usize) -> bool {
    len == 2
        && words[..2]
            .iter()
            .all(|w| w.bytes().all(|b| b.is_ascii_digit()) || (w.len() == 3 && month(w).is_some()))
}

/// `text` with dates and hours said in words written as quick add reads
/// them, or `None` when it says none.
pub(super) fn dates_in_words(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    // Most messages name no month and no part of the day: one look first.
    let monthly = MONTHS.iter().any(|(m, _)| m.len() > 3 && lower.contains(m))
        || [
            "jan ", "feb ", "mar ", "apr ", "jun ", "jul ", "aug ", "sep ", "oct ", "nov ", "dec ",
        ]
        .iter()
        .any(|m| lower.contains(m));
    let timed = lower.contains(" in the ") || lower.contains("o'clock") || lower.contains("oclock");
    let repeated = lower.contains(" month");
    if !monthly && !timed && !repeated {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if lower.split_whitespace().count() != words.len() {
        return None;
    }
    let bare: Vec<String> = lower
        .split_whitespace()
        .map(|w| w.trim_end_matches(['?', '!', '.', ',', ':', ';']).to_owned())
        .collect();
    let bare: Vec<&str> = bare.iter().map(String::as_str).collect();
    // A word's punctuation, and whether it is inside the run (only a
    // weekday's comma may be: "Friday, 4 December").
    let stop = |i: usize| &words[i][bare[i].len().min(words[i].len())..];
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut changed = false;
    let mut i = 0;
    while i < words.len() {
        let found = if repeated {
            monthly_day_at(&bare, i, &stop)
        } else {
            None
        };
        if let Some((said, len)) = found
            .or_else(|| monthly.then(|| date_at(&bare, i, &stop)).flatten())
            .or_else(|| hour_at(&bare, i, &stop))
        {
            // The last word's stop stays: "… by december fifteenth."
            out.push(format!("{said}{}", stop(i + len - 1)));
            changed = true;
            i += len;
            continue;
        }
        out.push(words[i].to_owned());
        i += 1;
    }
    changed.then(|| out.join(" "))
}

/// A day of the month said with its repeat at `i`: "on the first of every
/// month", "the 15th of each month", "every month on the first", "each
/// month on the 3rd" → "every month on the 1st", and how many words it takes.
fn monthly_day_at<'a>(bare: &[&str], i: usize, stop: &impl Fn(usize) -> &'a str) -> Option<(String, usize)> {
    let at = |j: usize| bare.get(j).copied();
    let every = |j: usize| matches!(at(j), Some("every" | "each")) && at(j + 1) == Some("month");
    let clean = |from: usize, to: usize| (from..to.saturating_sub(1)).all(|j| stop(j).is_empty());
    let mut j = i;
    if at(j) == Some("on") {
        j += 1;
    }
    // `[on] the DAY of every month`
    if at(j) == Some("the")
        && let Some((d, dlen, _)) = bare.get(j + 1..).and_then(day)
        && at(j + 1 + dlen) == Some("of")
        && every(j + 2 + dlen)
        && clean(i, j + 4 + dlen)
    {
        return Some((format!("every month on the {}", ordinal(d)), j + 4 + dlen - i));
    }
    // `every month on the DAY`
    if every(i)
        && at(i + 2) == Some("on")
        && at(i + 3) == Some("the")
        && let Some((d, dlen, _)) = bare.get(i + 4..).and_then(day)
        && clean(i, i + 4 + dlen)
    {
        return Some((format!("every month on the {}", ordinal(d)), 4 + dlen));
    }
    None
}

/// A day of the month as quick add writes it: 1 → "1st", 22 → "22nd".
fn ordinal(d: u32) -> String {
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

/// A date said at `i`: `[weekday[,]] [the] DAY [of] MONTH` or `[weekday[,]]
/// MONTH [the] DAY`, as "Mon D", and how many words it takes.
fn date_at<'a>(bare: &[&str], i: usize, stop: &impl Fn(usize) -> &'a str) -> Option<(String, usize)> {
    let mut k = i;
    let weekday = is_weekday(bare[k]) && matches!(stop(k), "" | ",");
    if weekday {
        k += 1;
    }
    // Inside the run no word but the weekday carries punctuation.
    let clean = |from: usize, to: usize| (from..to.saturating_sub(1)).all(|j| stop(j).is_empty());
    let at = |j: usize| bare.get(j).copied();
    // `[the] DAY [of] MONTH`
    let mut j = k;
    if at(j) == Some("the") {
        j += 1;
    }
    if let Some((d, dlen, plain)) = bare.get(j..).and_then(day) {
        let mut m = j + dlen;
        if at(m) == Some("of") {
            m += 1;
        }
        if let Some(short) = at(m).and_then(month)
            && !(short == "May" && plain && at(m) == Some("may"))
            && clean(k, m + 1)
            && (j > k || m > j + dlen || !plain || weekday || at(m).is_some_and(|w| w.len() > 3))
        {
            let len = m + 1 - i;
            if !weekday && plain_date(&bare[i..], len) {
                return None;
            }
            return Some((format!("{short} {d}"), len));
        }
    }
    // `MONTH [the] DAY`
    let short = at(k).and_then(month)?;
    let mut j = k + 1;
    if at(j) == Some("the") {
        j += 1;
    }
    let (d, dlen, plain) = bare.get(j..).and_then(day)?;
    if plain && (bare[k] == "may" || bare[k] == "march") {
        return None;
    }
    // A year said after the day is quick add's to read: "December 4 2026".
    if at(j + dlen).is_some_and(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let len = j + dlen - i;
    if !clean(k, j + dlen) || (!weekday && plain_date(&bare[i..], len)) {
        return None;
    }
    Some((format!("{short} {d}"), len))
}

/// An hour said with a part of the day at `i`: "2 o'clock in the
/// afternoon", "ten in the morning", "7:30 in the evening" → "2pm",
/// "10am", "7:30pm".
fn hour_at<'a>(bare: &[&str], i: usize, stop: &impl Fn(usize) -> &'a str) -> Option<(String, usize)> {
    let first = bare[i];
    let hour = match HOURS.iter().position(|h| *h == first) {
        Some(h) => (h + 1).to_string(),
        None => {
            let (h, m) = first.split_once(':').unwrap_or((first, "00"));
            let n: u32 = h.parse().ok()?;
            if !(1..=12).contains(&n) || m.len() != 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            first.to_owned()
        }
    };
    let mut j = i + 1;
    if matches!(bare.get(j), Some(&("o'clock" | "oclock"))) {
        j += 1;
    }
    if bare.get(j..j + 2)? != ["in", "the"] {
        return None;
    }
    let (_, half) = DAY_PARTS.iter().find(|(p, _)| bare.get(j + 2) == Some(p))?;
    // A bare number word needs the hour said as one: "at ten in the morning".
    let led = i > 0 && ["at", "by", "around", "about", "till", "until", "from"].contains(&bare[i - 1]);
    if HOURS.contains(&first) && !led && j == i + 1 {
        return None;
    }
    if !(i..j + 2).all(|k| stop(k).is_empty()) {
        return None;
    }
    Some((format!("{hour}{half}"), j + 3 - i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_hours_in_words_read_as_quick_add_writes_them() {
        let read = |s: &str| dates_in_words(s).unwrap_or_else(|| s.to_owned());
        assert_eq!(read("renew it by december fifteenth p1"), "renew it by Dec 15 p1");
        assert_eq!(read("the 3rd of december, please"), "Dec 3, please");
        assert_eq!(read("file it by Friday, 4 December."), "file it by Dec 4.");
        assert_eq!(read("postponed to the 7 december"), "postponed to Dec 7");
        assert_eq!(read("on the twenty-first of january"), "on Jan 21");
        assert_eq!(read("on March the twenty second"), "on Mar 22");
        assert_eq!(read("friday at 2 o'clock in the afternoon"), "friday at 2pm");
        assert_eq!(read("call at ten in the morning"), "call at 10am");
        assert_eq!(read("pay rent Dec 1"), "pay rent Dec 1");
        assert_eq!(read("you may 2 things"), "you may 2 things");
        assert_eq!(read("march 3 miles"), "march 3 miles");
        assert_eq!(read("the one in the morning"), "the one in the morning");
    }
}
