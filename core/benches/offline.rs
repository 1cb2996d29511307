//! The offline brain's throughput on one core: `cargo bench -p tasklink-core --bench offline`.
//! Parses the corpus phrases (`core/src/agent/offline/corpus.txt`) in a loop
//! and prints phrases per second. The brain is on the hot path of every chat
//! message when no model is configured.

use std::{hint::black_box, time::Instant};

const CORPUS: &str = include_str!("../src/agent/offline/corpus.txt");

fn main() {
    let phrases: Vec<&str> = CORPUS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.rsplit_once(" => ").map(|(p, _)| p))
        .collect();
    for p in &phrases {
        black_box(tasklink_core::agent::offline::parse(p));
    }
    let rounds = 300;
    let start = Instant::now();
    for _ in 0..rounds {
        for p in &phrases {
            black_box(tasklink_core::agent::offline::parse(black_box(p)));
        }
    }
    let elapsed = start.elapsed();
    let n = rounds * phrases.len();
    println!(
        "offline brain: {n} phrases in {:.3} s = {:.0} phrases/second ({:.2} µs per phrase)",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / n as f64
    );
}
