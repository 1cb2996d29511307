//! Quick-add throughput on one core: `cargo bench -p tasklink-core --bench quickadd`.
//! Parses the golden-table phrases (and a few long lines) in a loop and prints
//! phrases per second.

use std::{hint::black_box, time::Instant};

use jiff::{civil::date, tz::TimeZone};

const PHRASES: &[&str] = &[
    "Buy groceries",
    "Call mom tomorrow at 6pm",
    "Pay rent every month on the 1st at 9am p1 #home",
    "Meet Anna next friday",
    "Sunday roast recipe",
    "Finish The Day After Tomorrow essay",
    "Check oven in 15 minutes",
    "Book flights November 27th",
    "Party 03/04",
    "Standup every weekday at 9am",
    "Book club every last fri",
    "Physio every monday for 6 times",
    "Dentist tomorrow at 9am remind me 30m before",
    "Email #team about launch tomorrow p2",
    "Water plants every day until dec 31",
    "Gym every mon, wed and fri at 7am",
    "Submit by end of day",
    "Team sync every 2 weeks on friday",
    "Lunch with Sam tomorrow at 12:30 #social",
    "Remember to renew the car insurance policy before it expires and compare quotes from at least three providers on saturday afternoon #car !!",
];

fn main() {
    let zone = TimeZone::get("Europe/Berlin").expect("bundled zone");
    let now = zone
        .to_timestamp(date(2026, 11, 26).at(10, 0, 0, 0))
        .expect("valid time");
    // Warm up.
    for p in PHRASES {
        black_box(tasklink_core::quickadd::parse(p, now, &zone));
    }
    let rounds = 20_000;
    let start = Instant::now();
    for _ in 0..rounds {
        for p in PHRASES {
            black_box(tasklink_core::quickadd::parse(black_box(p), now, &zone));
        }
    }
    let elapsed = start.elapsed();
    let n = rounds * PHRASES.len();
    let per_sec = n as f64 / elapsed.as_secs_f64();
    println!(
        "quickadd: {n} phrases in {:.3} s = {:.0} phrases/second ({:.2} µs per phrase)",
        elapsed.as_secs_f64(),
        per_sec,
        elapsed.as_secs_f64() * 1e6 / n as f64
    );
}
