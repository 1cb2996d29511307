//! Coordinates to a time zone: `cargo bench -p tasklink-core --bench location`.
//! Prints the time and resident memory taken by building the finder (the
//! first shared location after start) and the time of one lookup, for the
//! low-memory finder core uses and, for comparison, tzf-rs's `DefaultFinder`.

use std::{hint::black_box, time::Instant};

/// Resident set size in KiB, from /proc (Linux).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}

const POINTS: &[(f64, f64)] = &[
    (35.6895, 139.6917),
    (52.52, 13.405),
    (40.7128, -74.006),
    (-33.8688, 151.2093),
    (28.6139, 77.209),
    (-23.5505, -46.6333),
    (30.0, -40.0),
    (51.5074, -0.1278),
];

fn main() {
    let before = rss_kib();
    let start = Instant::now();
    let first = tasklink_core::time::zone_at(35.6895, 139.6917);
    let load = start.elapsed();
    let after = rss_kib();
    assert!(first.is_ok());
    let rounds = 2_000;
    let start = Instant::now();
    for _ in 0..rounds {
        for &(lat, lon) in POINTS {
            let _ = black_box(tasklink_core::time::zone_at(black_box(lat), black_box(lon)));
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / (rounds * POINTS.len()) as f64;
    println!(
        "core (tzf-rs EmbeddedFinder, lite data): first lookup incl. building {:.1} ms, +{} KiB resident, {per:.2} µs per lookup",
        load.as_secs_f64() * 1e3,
        after.saturating_sub(before)
    );

    let before = rss_kib();
    let start = Instant::now();
    let finder = tzf_rs::DefaultFinder::new();
    let load = start.elapsed();
    let after = rss_kib();
    let start = Instant::now();
    for _ in 0..rounds {
        for &(lat, lon) in POINTS {
            black_box(finder.get_tz_name(black_box(lon), black_box(lat)));
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / (rounds * POINTS.len()) as f64;
    println!(
        "for comparison, tzf-rs DefaultFinder: building {:.1} ms, +{} KiB resident, {per:.2} µs per lookup",
        load.as_secs_f64() * 1e3,
        after.saturating_sub(before)
    );
}
