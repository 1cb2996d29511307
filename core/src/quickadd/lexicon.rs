//! The words quick add knows: weekdays, months, numbers, ordinals, units.
//! Lookups compare ASCII case-insensitively and allocate nothing.

use jiff::civil::Weekday;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn any(w: &str, words: &[&str]) -> bool {
    words.iter().any(|x| eq(w, x))
}

pub(crate) fn weekday_of(w: &str) -> Option<Weekday> {
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    let table: [(&[&str], Weekday); 7] = [
        (&["mon", "monday", "mondays"], Weekday::Monday),
        (&["tue", "tues", "tuesday", "tuesdays"], Weekday::Tuesday),
        (&["wed", "weds", "wednesday", "wednesdays"], Weekday::Wednesday),
        (
            &["thu", "thur", "thurs", "thursday", "thursdays"],
            Weekday::Thursday,
        ),
        (&["fri", "friday", "fridays"], Weekday::Friday),
        (&["sat", "saturday", "saturdays"], Weekday::Saturday),
        (&["sun", "sunday", "sundays"], Weekday::Sunday),
    ];
    table.iter().find(|(words, _)| any(w, words)).map(|(_, d)| *d)
}

pub(super) fn month_of(w: &str) -> Option<i8> {
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    const MONTHS: [(&str, &str); 12] = [
        ("jan", "january"),
        ("feb", "february"),
        ("mar", "march"),
        ("apr", "april"),
        ("may", "may"),
        ("jun", "june"),
        ("jul", "july"),
        ("aug", "august"),
        ("sep", "september"),
        ("oct", "october"),
        ("nov", "november"),
        ("dec", "december"),
    ];
    if eq(w, "sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|(short, long)| eq(w, short) || eq(w, long))
        .map(|i| i as i8 + 1)
}

/// `3`, `three`, `a`, `an`.
pub(super) fn number_of(w: &str) -> Option<u32> {
    if !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse().ok();
    }
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ];
    if any(w, &["a", "an"]) {
        return Some(1);
    }
    WORDS.iter().position(|x| eq(w, x)).map(|i| i as u32 + 1)
}

/// `1st`..`31st` as a day of the month.
pub(super) fn ordinal_day(w: &str) -> Option<i8> {
    let n = w.len();
    if !(3..=4).contains(&n) || !w.is_char_boundary(n - 2) {
        return None;
    }
    let (num, suf) = w.split_at(n - 2);
    if !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: i8 = num.parse().ok()?;
    let expected = match (d % 10, d % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    (eq(suf, expected) && (1..=31).contains(&d)).then_some(d)
}

/// The nth weekday of a month: `1st`..`5th`, `first`..`fifth`, `last`,
/// `second last`/`2nd last` is not supported (say `-2FR` as an RRULE).
pub(super) fn ordinal_nth(w: &str) -> Option<i8> {
    if eq(w, "last") {
        return Some(-1);
    }
    const WORDS: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];
    if let Some(i) = WORDS.iter().position(|x| eq(w, x)) {
        return Some(i as i8 + 1);
    }
    ordinal_day(w).filter(|d| *d <= 5)
}

pub(super) fn unit_of(w: &str) -> Option<Unit> {
    if any(w, &["minute", "minutes", "min", "mins", "m"]) {
        Some(Unit::Minute)
    } else if any(w, &["hour", "hours", "hr", "hrs", "h"]) {
        Some(Unit::Hour)
    } else if any(w, &["day", "days", "d"]) {
        Some(Unit::Day)
    } else if any(w, &["week", "weeks", "wk", "wks", "w"]) {
        Some(Unit::Week)
    } else if any(w, &["month", "months", "mo", "mos"]) {
        Some(Unit::Month)
    } else if any(w, &["year", "years", "yr", "yrs", "y"]) {
        Some(Unit::Year)
    } else {
        None
    }
}

/// `30m`, `2h`, `1d`, `2w`, `90min`, `3days`.
pub(super) fn split_compact_duration(w: &str) -> Option<(u32, Unit)> {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 5 || digits == w.len() {
        return None;
    }
    let (num, unit) = w.split_at(digits);
    Some((num.parse().ok()?, unit_of(unit)?))
}

/// Weekday names that, said last, are the due day ("dentist thursday"); the
/// short forms that are words ("sun", "sat", "wed") never are.
pub(crate) const TRAILING_WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "tues",
    "weds",
    "thurs",
];

/// Words before a weekday that already say what it is ("until friday", "every
/// monday") or make it part of the title ("for Monday", "my friday").
pub(crate) const WEEKDAY_LEADS: &[&str] = &[
    "on", "by", "before", "until", "till", "til", "next", "this", "every", "each", "after", "from", "since",
    "last", "and", "or", "other", "for", "to", "the", "a", "of", "at", "in", "about", "than", "that", "my",
    "your", "our", "his", "her", "their",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(weekday_of("Fri"), Some(Weekday::Friday));
        assert_eq!(weekday_of("THURS"), Some(Weekday::Thursday));
        assert_eq!(weekday_of("fr"), None);
        assert_eq!(month_of("Sept"), Some(9));
        assert_eq!(month_of("november"), Some(11));
        assert_eq!(number_of("an"), Some(1));
        assert_eq!(number_of("three"), Some(3));
        assert_eq!(ordinal_day("1st"), Some(1));
        assert_eq!(ordinal_day("22nd"), Some(22));
        assert_eq!(ordinal_day("11th"), Some(11));
        assert_eq!(ordinal_day("11st"), None);
        assert_eq!(ordinal_day("32nd"), None);
        assert_eq!(ordinal_nth("last"), Some(-1));
        assert_eq!(ordinal_nth("2nd"), Some(2));
        assert_eq!(ordinal_nth("6th"), None);
        assert_eq!(split_compact_duration("30m"), Some((30, Unit::Minute)));
        assert_eq!(split_compact_duration("2h"), Some((2, Unit::Hour)));
        assert_eq!(split_compact_duration("90min"), Some((90, Unit::Minute)));
        assert_eq!(split_compact_duration("2026"), None);
        assert_eq!(split_compact_duration("9am"), None);
    }
}
