use jiff::civil::date;

use super::*;

fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

fn at(d: Date, h: i8, m: i8) -> Due {
    Due::DateTime(d.at(h, m, 0, 0))
}

/// The first `n` occurrences from `start`, as the API shows them.
fn occ(rule: &str, start: Due, zone: &str, n: usize) -> Vec<String> {
    let zone = tz(zone);
    Rule::parse(rule)
        .unwrap()
        .expand(start, &zone, n)
        .iter()
        .map(|d| d.to_rfc3339(&zone))
        .collect()
}

#[test]
fn parses_and_formats_rrules() {
    for text in [
        "FREQ=DAILY",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        "FREQ=MONTHLY;BYDAY=3FR",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "FREQ=YEARLY;COUNT=5",
        "FREQ=DAILY;UNTIL=20261231",
        "FREQ=DAILY;UNTIL=20261231T230000Z",
    ] {
        assert_eq!(Rule::parse(text).unwrap().to_string(), text);
    }
    assert_eq!(
        Rule::parse("rrule:freq=monthly;byday=+2tu;wkst=MO")
            .unwrap()
            .to_string(),
        "FREQ=MONTHLY;BYDAY=2TU"
    );
}

#[test]
fn rejects_what_is_not_supported_or_too_much() {
    use TimeError::*;
    assert_eq!(Rule::parse("FREQ=HOURLY"), Err(TooFrequent));
    assert_eq!(Rule::parse("FREQ=MINUTELY;INTERVAL=90"), Err(TooFrequent));
    assert_eq!(Rule::parse("FREQ=DAILY;COUNT=1001"), Err(CountTooLarge(1001)));
    assert!(Rule::parse("FREQ=DAILY;COUNT=1000").is_ok());
    assert!(matches!(
        Rule::parse("FREQ=DAILY;BYHOUR=9"),
        Err(UnsupportedRule(_))
    ));
    assert!(matches!(
        Rule::parse("FREQ=WEEKLY;BYDAY=2MO"),
        Err(UnsupportedRule(_))
    ));
    assert!(matches!(
        Rule::parse("FREQ=WEEKLY;BYMONTHDAY=2"),
        Err(UnsupportedRule(_))
    ));
    assert!(matches!(
        Rule::parse("FREQ=DAILY;COUNT=2;UNTIL=20261231"),
        Err(UnsupportedRule(_))
    ));
    assert!(matches!(
        Rule::parse("FREQ=DAILY;COUNT=0"),
        Err(UnsupportedRule(_))
    ));
    assert!(matches!(Rule::parse("FREQ=FORTNIGHTLY"), Err(InvalidRepeat(_))));
    assert!(matches!(Rule::parse("BYDAY=MO"), Err(InvalidRepeat(_))));
    assert!(matches!(
        Rule::parse("FREQ=DAILY;FREQ=WEEKLY"),
        Err(InvalidRepeat(_))
    ));
    assert!(matches!(
        Rule::parse("FREQ=MONTHLY;BYMONTHDAY=32"),
        Err(InvalidRepeat(_))
    ));
    assert!(matches!(
        Rule::parse("FREQ=MONTHLY;BYDAY=XX"),
        Err(InvalidRepeat(_))
    ));
    assert!(matches!(
        Rule::parse("FREQ=DAILY;UNTIL=2026"),
        Err(InvalidRepeat(_))
    ));
    let berlin = tz("Europe/Berlin");
    let rule = Rule::parse("FREQ=DAILY;UNTIL=20261101").unwrap();
    assert_eq!(
        rule.check_start(&Due::Date(date(2026, 11, 26)), &berlin),
        Err(UntilBeforeStart)
    );
    assert_eq!(rule.check_start(&Due::Date(date(2026, 10, 26)), &berlin), Ok(()));
}

#[test]
fn reads_rules_in_plain_english() {
    let cases = [
        ("FREQ=DAILY", "every day"),
        ("FREQ=DAILY;INTERVAL=2", "every other day"),
        ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("FREQ=WEEKLY", "every week"),
        ("FREQ=WEEKLY;BYDAY=MO", "every monday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every other monday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE", "every monday and wednesday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "every monday, wednesday and friday"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU", "every 3 weeks on tuesday"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=WEEKLY;BYDAY=SA,SU", "every weekend day"),
        ("FREQ=MONTHLY", "every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "every month on the 1st"),
        ("FREQ=MONTHLY;BYMONTHDAY=22", "every month on the 22nd"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "every month on the 1st and 15th"),
        (
            "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1",
            "every other month on the 1st",
        ),
        ("FREQ=MONTHLY;BYDAY=-1FR", "every last friday"),
        ("FREQ=MONTHLY;BYDAY=2TU", "every 2nd tuesday"),
        (
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO",
            "every 3 months on the 1st monday",
        ),
        ("FREQ=YEARLY", "every year"),
        ("FREQ=DAILY;COUNT=5", "every day, 5 times"),
        ("FREQ=DAILY;COUNT=1", "every day, once"),
        (
            "FREQ=WEEKLY;BYDAY=FR;UNTIL=20261231",
            "every friday, until 31 Dec 2026",
        ),
    ];
    for (rule, text) in cases {
        assert_eq!(Rule::parse(rule).unwrap().text(), text, "{rule}");
    }
}

/// Daylight-saving changes: the wall time stays, the offset moves; a time
/// that does not exist is shifted forward by the gap; a repeated one is the first.
#[test]
fn dst_table() {
    let cases: &[(&str, &str, Due, &[&str])] = &[
        // New York springs forward 2026-03-08 02:00 → 03:00.
        (
            "America/New_York",
            "FREQ=DAILY",
            at(date(2026, 3, 7), 9, 0),
            &[
                "2026-03-07T09:00:00-05:00",
                "2026-03-08T09:00:00-04:00",
                "2026-03-09T09:00:00-04:00",
            ],
        ),
        (
            "America/New_York",
            "FREQ=DAILY",
            at(date(2026, 3, 7), 2, 30),
            &[
                "2026-03-07T02:30:00-05:00",
                "2026-03-08T03:30:00-04:00",
                "2026-03-09T02:30:00-04:00",
            ],
        ),
        // … and falls back 2026-11-01 02:00 → 01:00: 01:30 happens twice, the first counts.
        (
            "America/New_York",
            "FREQ=DAILY",
            at(date(2026, 10, 31), 1, 30),
            &[
                "2026-10-31T01:30:00-04:00",
                "2026-11-01T01:30:00-04:00",
                "2026-11-02T01:30:00-05:00",
            ],
        ),
        (
            "America/New_York",
            "FREQ=WEEKLY;BYDAY=SU",
            at(date(2026, 10, 25), 9, 0),
            &[
                "2026-10-25T09:00:00-04:00",
                "2026-11-01T09:00:00-05:00",
                "2026-11-08T09:00:00-05:00",
            ],
        ),
        // Berlin: 2026-03-29 02:00 → 03:00 and 2026-10-25 03:00 → 02:00.
        (
            "Europe/Berlin",
            "FREQ=DAILY",
            at(date(2026, 3, 28), 2, 30),
            &[
                "2026-03-28T02:30:00+01:00",
                "2026-03-29T03:30:00+02:00",
                "2026-03-30T02:30:00+02:00",
            ],
        ),
        (
            "Europe/Berlin",
            "FREQ=DAILY",
            at(date(2026, 10, 24), 2, 30),
            &[
                "2026-10-24T02:30:00+02:00",
                "2026-10-25T02:30:00+02:00",
                "2026-10-26T02:30:00+01:00",
            ],
        ),
        (
            "Europe/Berlin",
            "FREQ=WEEKLY;BYDAY=SU",
            at(date(2026, 3, 22), 9, 0),
            &["2026-03-22T09:00:00+01:00", "2026-03-29T09:00:00+02:00"],
        ),
        // Lord Howe shifts by 30 minutes: 2026-10-04 02:00 → 02:30, 2026-04-05 02:00 → 01:30.
        (
            "Australia/Lord_Howe",
            "FREQ=DAILY",
            at(date(2026, 10, 3), 2, 15),
            &[
                "2026-10-03T02:15:00+10:30",
                "2026-10-04T02:45:00+11:00",
                "2026-10-05T02:15:00+11:00",
            ],
        ),
        (
            "Australia/Lord_Howe",
            "FREQ=DAILY",
            at(date(2026, 4, 4), 1, 45),
            &[
                "2026-04-04T01:45:00+11:00",
                "2026-04-05T01:45:00+11:00",
                "2026-04-06T01:45:00+10:30",
            ],
        ),
        // Kolkata: no daylight saving, a half-hour offset all year.
        (
            "Asia/Kolkata",
            "FREQ=MONTHLY;BYMONTHDAY=1",
            at(date(2026, 3, 1), 9, 0),
            &["2026-03-01T09:00:00+05:30", "2026-04-01T09:00:00+05:30"],
        ),
    ];
    for (zone, rule, start, expected) in cases {
        assert_eq!(
            occ(rule, *start, zone, expected.len()),
            *expected,
            "{zone} {rule}"
        );
    }
}

#[test]
fn the_31st_skips_shorter_months_and_the_last_day_does_not() {
    let start = Due::Date(date(2026, 1, 31));
    assert_eq!(
        occ("FREQ=MONTHLY;BYMONTHDAY=31", start, "UTC", 7),
        [
            "2026-01-31",
            "2026-03-31",
            "2026-05-31",
            "2026-07-31",
            "2026-08-31",
            "2026-10-31",
            "2026-12-31"
        ]
    );
    // Without BYMONTHDAY the start's day is the rule's day (RFC 5545), same result.
    assert_eq!(occ("FREQ=MONTHLY", start, "UTC", 2), ["2026-01-31", "2026-03-31"]);
    assert_eq!(
        occ("FREQ=MONTHLY;BYMONTHDAY=-1", start, "UTC", 4),
        ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
    );
    assert_eq!(
        occ(
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            Due::Date(date(2028, 1, 31)),
            "UTC",
            2
        ),
        ["2028-01-31", "2028-02-29"]
    );
}

#[test]
fn every_last_friday_and_every_third_friday() {
    let start = Due::Date(date(2026, 11, 26));
    assert_eq!(
        occ("FREQ=MONTHLY;BYDAY=-1FR", start, "UTC", 4),
        ["2026-11-27", "2026-12-25", "2027-01-29", "2027-02-26"]
    );
    assert_eq!(
        occ("FREQ=MONTHLY;BYDAY=3FR", start, "UTC", 3),
        ["2026-12-18", "2027-01-15", "2027-02-19"]
    );
    // A fifth Monday only in months that have one.
    assert_eq!(
        occ("FREQ=MONTHLY;BYDAY=5MO", Due::Date(date(2026, 1, 1)), "UTC", 3),
        ["2026-03-30", "2026-06-29", "2026-08-31"]
    );
}

#[test]
fn leap_days_repeat_only_in_leap_years() {
    let start = Due::DateTime(date(2028, 2, 29).at(9, 0, 0, 0));
    assert_eq!(
        occ("FREQ=YEARLY", start, "Europe/Berlin", 3),
        [
            "2028-02-29T09:00:00+01:00",
            "2032-02-29T09:00:00+01:00",
            "2036-02-29T09:00:00+01:00"
        ]
    );
    // Every 3 years from a leap day: 2028, then 2040 (2031, 2034, 2037 have none).
    assert_eq!(
        occ("FREQ=YEARLY;INTERVAL=3", Due::Date(date(2028, 2, 29)), "UTC", 2),
        ["2028-02-29", "2040-02-29"]
    );
}

#[test]
fn count_and_until_end_the_series() {
    let start = Due::Date(date(2026, 11, 26));
    assert_eq!(occ("FREQ=DAILY;COUNT=3", start, "UTC", 10).len(), 3);
    assert_eq!(
        occ("FREQ=WEEKLY;UNTIL=20261210", start, "UTC", 10),
        ["2026-11-26", "2026-12-03", "2026-12-10"]
    );
    let berlin = tz("Europe/Berlin");
    let done = berlin.to_timestamp(date(2026, 11, 26).at(12, 0, 0, 0)).unwrap();
    // COUNT is what is left including the current occurrence.
    let rule = Rule::parse("FREQ=DAILY;COUNT=2").unwrap();
    let Advance::Next { due, rule } = next_due(&rule, RepeatFrom::Due, start, done, &berlin) else {
        panic!("two occurrences left")
    };
    assert_eq!(due, Due::Date(date(2026, 11, 27)));
    assert_eq!(rule.count, Some(1));
    assert_eq!(
        next_due(&rule, RepeatFrom::Due, due, done, &berlin),
        Advance::Done
    );
    let rule = Rule::parse("FREQ=DAILY;UNTIL=20261126").unwrap();
    assert_eq!(
        next_due(&rule, RepeatFrom::Due, start, done, &berlin),
        Advance::Done
    );
}

#[test]
fn completing_moves_due_from_the_due_or_from_completion() {
    let berlin = tz("Europe/Berlin");
    let rule = Rule::parse("FREQ=DAILY;INTERVAL=3").unwrap();
    let due = at(date(2026, 11, 20), 9, 0);
    let completed = berlin.to_timestamp(date(2026, 11, 26).at(15, 0, 0, 0)).unwrap();
    // From the due: the grid 20, 23, 26, 29 … and not already past.
    let Advance::Next { due: next, .. } = next_due(&rule, RepeatFrom::Due, due, completed, &berlin) else {
        panic!()
    };
    assert_eq!(next, at(date(2026, 11, 29), 9, 0));
    // From completion: three days after the day it was done, same time of day.
    let Advance::Next { due: next, .. } = next_due(&rule, RepeatFrom::Completion, due, completed, &berlin)
    else {
        panic!()
    };
    assert_eq!(next, at(date(2026, 11, 29), 9, 0));
    let completed = berlin.to_timestamp(date(2026, 11, 27).at(8, 0, 0, 0)).unwrap();
    let Advance::Next { due: next, .. } = next_due(&rule, RepeatFrom::Completion, due, completed, &berlin)
    else {
        panic!()
    };
    assert_eq!(next, at(date(2026, 11, 30), 9, 0));
    // Completed early (before the due): from the due it is the next occurrence.
    let weekly = Rule::parse("FREQ=WEEKLY;BYDAY=MO").unwrap();
    let due = at(date(2026, 11, 30), 9, 0);
    let early = berlin.to_timestamp(date(2026, 11, 26).at(12, 0, 0, 0)).unwrap();
    let Advance::Next { due: next, .. } = next_due(&weekly, RepeatFrom::Due, due, early, &berlin) else {
        panic!()
    };
    assert_eq!(next, at(date(2026, 12, 7), 9, 0));
}

#[test]
fn first_due_is_the_first_occurrence_from_now() {
    let berlin = tz("Europe/Berlin");
    let now = berlin.to_timestamp(date(2026, 11, 26).at(10, 0, 0, 0)).unwrap(); // a Thursday
    let first =
        |rule: &str, time: Option<Time>| Rule::parse(rule).unwrap().first_due(time, now, &berlin).unwrap();
    let nine = Some(Time::constant(9, 0, 0, 0));
    assert_eq!(first("FREQ=DAILY", nine), at(date(2026, 11, 27), 9, 0));
    assert_eq!(
        first("FREQ=DAILY", Some(Time::constant(18, 0, 0, 0))),
        at(date(2026, 11, 26), 18, 0)
    );
    assert_eq!(first("FREQ=DAILY", None), Due::Date(date(2026, 11, 26)));
    assert_eq!(
        first("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", None),
        Due::Date(date(2026, 11, 30))
    );
    assert_eq!(
        first("FREQ=MONTHLY;BYMONTHDAY=1", nine),
        at(date(2026, 12, 1), 9, 0)
    );
    assert_eq!(
        first("FREQ=MONTHLY;BYDAY=-1FR", None),
        Due::Date(date(2026, 11, 27))
    );
    assert_eq!(first("FREQ=WEEKLY;BYDAY=TH", nine), at(date(2026, 12, 3), 9, 0));
}

/// A small deterministic generator (xorshift), so the property tests need no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_rule(rng: &mut Rng) -> Rule {
    let freq = [Freq::Daily, Freq::Weekly, Freq::Monthly, Freq::Yearly][rng.below(4) as usize];
    let mut rule = Rule::every(freq, 1 + rng.below(4) as u16);
    let day = |rng: &mut Rng| weekday_from_index(rng.below(7) as usize);
    match (freq, rng.below(3)) {
        (Freq::Daily | Freq::Weekly, 1) => {
            for _ in 0..1 + rng.below(3) {
                let weekday = day(rng);
                if !rule.by_day.iter().any(|b| b.weekday == weekday) {
                    rule.by_day.push(ByDay { nth: None, weekday });
                }
            }
        }
        (Freq::Monthly | Freq::Yearly, 1) => {
            let nth = [1, 2, 3, 4, -1, -2][rng.below(6) as usize];
            rule.by_day.push(ByDay {
                nth: Some(nth),
                weekday: day(rng),
            });
        }
        (Freq::Monthly | Freq::Daily, 2) => {
            let md = [1, 15, 28, 29, 30, 31, -1, -2][rng.below(8) as usize];
            rule.by_month_day.push(md);
        }
        _ => {}
    }
    rule
}

/// Thousands of random rules, zones and starts: every next occurrence is
/// strictly later than the one before, every occurrence lands on the rule's
/// wall time whenever that time exists that day, and `next_due` agrees.
#[test]
fn property_occurrences_increase_and_keep_their_wall_time() {
    let zones: Vec<TimeZone> = [
        "America/New_York",
        "Europe/Berlin",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "Pacific/Chatham",
        "America/Sao_Paulo",
        "UTC",
    ]
    .iter()
    .map(|z| tz(z))
    .collect();
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    for _ in 0..3000 {
        let rule = random_rule(&mut rng);
        rule.validate().unwrap();
        let zone = &zones[rng.below(zones.len() as u64) as usize];
        let start_date = date(2025, 1, 1)
            .checked_add((rng.below(3 * 365) as i64).days())
            .unwrap();
        // Hours around the usual DST switches are the interesting ones.
        let hour = [0, 1, 2, 3, 9, 23][rng.below(6) as usize];
        let minute = [0, 15, 30, 45][rng.below(4) as usize];
        let start = if rng.below(4) == 0 {
            Due::Date(start_date)
        } else {
            at(start_date, hour, minute)
        };
        let Some(first) = rule.occurrences(start).next() else {
            continue;
        };
        let series = rule.expand(first, zone, 12);
        assert!(!series.is_empty(), "{rule} from {first:?}");
        let mut last: Option<Timestamp> = None;
        for d in &series {
            let instant = d.instant(zone);
            if let Some(prev) = last {
                assert!(instant > prev, "{rule} in {zone:?}: {d:?} not after the previous");
            }
            last = Some(instant);
            if let Due::DateTime(local) = d {
                let shown = zone.to_datetime(instant);
                if shown != *local {
                    // Only a wall time inside a gap may move, and only forward.
                    let gap = matches!(
                        zone.to_ambiguous_timestamp(*local).offset(),
                        jiff::tz::AmbiguousOffset::Gap { .. }
                    );
                    assert!(gap, "{rule} {d:?} left its wall time");
                    assert!(shown > *local, "{rule} {d:?} moved backwards");
                }
            }
            assert_eq!(d.time(), start.time());
        }
        // Completing each occurrence (on time) walks the same series.
        let mut current = series[0];
        for expected in &series[1..] {
            let done_at = current.instant(zone);
            match next_due(&rule, RepeatFrom::Due, current, done_at, zone) {
                Advance::Next { due, .. } => assert_eq!(due, *expected, "{rule}"),
                Advance::Done => panic!("{rule} ended early"),
            }
            current = *expected;
        }
    }
}
