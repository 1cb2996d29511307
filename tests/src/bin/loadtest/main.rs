//! Load harness: the real `tasklink-bot` and `tasklink-portal` processes against
//! the fake Telegram and OpenAI servers and real Postgres. Prints the figures
//! and, with `--record`, writes them into BENCHMARKS.md.
//!
//! `scripts/bench` builds in release mode and runs the full configuration;
//! `scripts/bench --small` is the few-second run CI uses so the harness cannot
//! rot (it runs every part, the reminder burst and the chaos run included,
//! at a small scale). `--reminders [N]` runs only the reminder burst (issue
//! 11), `--chaos` only the kill-and-restart run (issue 13).

mod chaos;
mod chat;
mod common;
mod portal;
mod reminders;

use std::{path::PathBuf, time::Duration};

use anyhow::{Context, bail};

use crate::{
    chat::{ChatRun, Load, chat_pipeline},
    common::{machine, ms, percentile},
    portal::{PortalRun, portal_load},
    reminders::Burst,
};

#[derive(Clone, Debug)]
struct Options {
    users: usize,
    messages: usize,
    model_latency: Duration,
    /// Pause between one user's messages in the latency run (jittered ±50%).
    think: Duration,
    signups: usize,
    record: bool,
    label: String,
    small: bool,
    /// Only the portal's bursts (`--portal-only`): the chat runs take minutes.
    portal_only: bool,
    /// Only the reminder burst, with this many reminders (`--reminders [N]`).
    reminders: Option<usize>,
    /// The fake's bot-wide limit and the bots' pacing in all (`--telegram-limit`, `--max-sends`).
    telegram_limit: usize,
    max_sends: u32,
    /// Only the chaos run (`--chaos`).
    chaos: bool,
}

impl Options {
    fn parse() -> anyhow::Result<Self> {
        let mut o = Self {
            users: 1000,
            messages: 8,
            model_latency: Duration::from_millis(300),
            think: Duration::from_secs(2),
            signups: 100,
            record: false,
            label: "full".into(),
            small: false,
            portal_only: false,
            reminders: None,
            telegram_limit: 1000,
            max_sends: 900,
            chaos: false,
        };
        let mut args = std::env::args().skip(1).peekable();
        while let Some(arg) = args.next() {
            let mut value = || args.next().context("a value after the option");
            match arg.as_str() {
                "--small" => {
                    o.users = 20;
                    o.messages = 4;
                    o.model_latency = Duration::from_millis(50);
                    o.think = Duration::from_millis(100);
                    o.signups = 8;
                    o.label = "small".into();
                    o.small = true;
                    // Above the small chat's own ~100 replies a second.
                    o.telegram_limit = 200;
                    o.max_sends = 180;
                }
                "--users" => o.users = value()?.parse()?,
                "--messages" => o.messages = value()?.parse()?,
                "--model-latency-ms" => o.model_latency = Duration::from_millis(value()?.parse()?),
                "--think-ms" => o.think = Duration::from_millis(value()?.parse()?),
                "--signups" => o.signups = value()?.parse()?,
                "--label" => o.label = value()?,
                "--record" => o.record = true,
                "--portal-only" => o.portal_only = true,
                "--telegram-limit" => o.telegram_limit = value()?.parse()?,
                "--max-sends" => o.max_sends = value()?.parse()?,
                "--chaos" => o.chaos = true,
                "--reminders" => {
                    let n = match args.peek().and_then(|v| v.parse::<usize>().ok()) {
                        Some(n) => {
                            args.next();
                            n
                        }
                        None => 10_000,
                    };
                    o.reminders = Some(n);
                }
                other => bail!("unknown option {other}; see scripts/bench"),
            }
        }
        if o.small && o.reminders == Some(10_000) {
            o.reminders = Some(200);
        }
        Ok(o)
    }

    fn load(&self) -> Load {
        Load {
            model_latency: self.model_latency,
            think: self.think,
        }
    }

    /// The reminder burst with `replicas` bots.
    fn burst(&self, reminders: usize, replicas: usize) -> Burst {
        Burst {
            reminders,
            replicas,
            telegram_limit: self.telegram_limit,
            max_sends: self.max_sends,
            chatters: self.users,
            messages: self.messages,
            load: self.load(),
            lead: if self.small {
                Duration::from_secs(2)
            } else {
                Duration::from_secs(5)
            },
        }
    }

    /// The chaos run's scale: 300 users × 8 messages, or the small run's.
    fn chaos_scale(&self) -> (usize, usize) {
        if self.small {
            (self.users, self.messages)
        } else {
            (self.users.min(300), self.messages)
        }
    }
}

fn header(o: &Options, what: &str) -> String {
    format!(
        "Run `{}` on {}, `scripts/bench{}{}`; load average as it ended {}.\n\n",
        o.label,
        machine(),
        if o.small { " --small" } else { "" },
        what,
        common::load_average(),
    )
}

fn chat_rows(run: &ChatRun) -> Vec<String> {
    let lat = |p| ms(percentile(&run.latencies, p));
    let over = |p| ms(percentile(&run.overheads, p));
    vec![
        format!(
            "{} users × {} messages, model {} ms, pause {} ms",
            run.users,
            run.messages / run.users.max(1),
            run.load.model_latency.as_millis(),
            run.load.think.as_millis()
        ),
        format!("{:.0} messages/s", run.messages as f64 / run.wall.as_secs_f64()),
        format!("{} / {} / {}", lat(50.0), lat(95.0), lat(99.0)),
        format!("{} / {} / {}", over(50.0), over(95.0), over(99.0)),
        if run.steady_overheads.is_empty() {
            "— (no message after the first second)".to_owned()
        } else {
            let steady = |p| ms(percentile(&run.steady_overheads, p));
            format!("{} / {} / {}", steady(50.0), steady(95.0), steady(99.0))
        },
        format!("{:.2}", run.round_trips),
        format!("{:.1} MB", run.peak_rss_mb),
        format!("{} / {}", run.lost, run.duplicated),
    ]
}

fn report(o: &Options, chat: Option<(&ChatRun, &ChatRun)>, portal: &PortalRun) -> String {
    let names = [
        "configuration",
        "throughput",
        "end-to-end latency p50 / p95 / p99",
        "overhead (latency − model time) p50 / p95 / p99",
        "the same after the first second (the bot's cold start left out)",
        "database round trips per message",
        "bot peak RSS",
        "lost / duplicated messages",
    ];
    let mut out = header(o, if o.portal_only { " --portal-only" } else { "" });
    if let Some((latency, throughput)) = chat {
        out.push_str("| chat pipeline | latency run | throughput run |\n|---|---|---|\n");
        for ((name, a), b) in names.iter().zip(chat_rows(latency)).zip(chat_rows(throughput)) {
            out.push_str(&format!("| {name} | {a} | {b} |\n"));
        }
        out.push('\n');
    }
    let p = |v: &[Duration]| {
        format!(
            "{} / {} ({} samples)",
            ms(percentile(v, 50.0)),
            ms(percentile(v, 99.0)),
            v.len()
        )
    };
    out.push_str("| portal | value |\n|---|---|\n");
    for (name, value) in [
        (
            "sign-up burst",
            format!(
                "{} concurrent sign-ups in {}",
                portal.signups,
                ms(portal.signup_wall)
            ),
        ),
        (
            "log-in burst",
            format!(
                "{} concurrent log-ins in {}",
                portal.signups,
                ms(portal.login_wall)
            ),
        ),
        (
            "portal peak RSS: after the sign-ups / after the log-ins too",
            format!(
                "{:.1} MB / {:.1} MB",
                portal.peak_rss_signups_mb, portal.peak_rss_mb
            ),
        ),
        ("`/healthz` during the log-in burst p50 / p99", p(&portal.healthz)),
        (
            "`GET /api/tasks` during the log-in burst p50 / p99",
            p(&portal.tasks),
        ),
        (
            "failed log-in, median: wrong password / unknown email",
            format!("{} / {}", ms(portal.failed_login.0), ms(portal.failed_login.1)),
        ),
        ("errors", portal.errors.to_string()),
    ] {
        out.push_str(&format!("| {name} | {value} |\n"));
    }
    out
}

/// Replaces the section between the markers for this run's label.
fn record(label: &str, table: &str) -> anyhow::Result<()> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let start = format!("<!-- results:{label}:start -->");
    let end = format!("<!-- results:{label}:end -->");
    let section = format!("{start}\n{table}{end}");
    let updated = match (text.find(&start), text.find(&end)) {
        (Some(a), Some(b)) if a < b => format!("{}{section}{}", &text[..a], &text[b + end.len()..]),
        _ => format!("{text}\n{section}\n"),
    };
    std::fs::write(&path, updated)?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = Options::parse()?;
    // Measured on a server without the databases earlier runs left.
    let (dropped, in_use) = tasklink_tests::helpers::drop_leftover_databases().await;
    eprintln!("loadtest: dropped {dropped} databases left by earlier runs ({in_use} in use, left)");
    let only_reminders = o.reminders.is_some();
    let everything = !only_reminders && !o.chaos && !o.portal_only;
    let mut failures = Vec::new();

    if everything {
        let latency = chat_pipeline(o.users, o.messages, o.load()).await?;
        let throughput = chat_pipeline(
            o.users,
            o.messages,
            Load {
                model_latency: Duration::ZERO,
                think: Duration::ZERO,
            },
        )
        .await?;
        let portal = portal_load(o.signups).await?;
        let table = report(&o, Some((&latency, &throughput)), &portal);
        println!("{table}");
        if o.record {
            record(&o.label, &table)?;
        }
        let lost = latency.lost + throughput.lost;
        let duplicated = latency.duplicated + throughput.duplicated;
        if lost > 0 || duplicated > 0 || portal.errors > 0 {
            failures.push(format!(
                "{lost} lost and {duplicated} duplicated messages, {} portal errors",
                portal.errors
            ));
        }
    } else if o.portal_only {
        let portal = portal_load(o.signups).await?;
        let table = report(&o, None, &portal);
        println!("{table}");
        if o.record {
            record(&o.label, &table)?;
        }
        if portal.errors > 0 {
            failures.push(format!("{} portal errors", portal.errors));
        }
    }

    // The reminder burst: one bot, then two replicas on one database.
    if only_reminders || (everything && o.small) {
        let n = o.reminders.unwrap_or(200);
        let mut runs = Vec::new();
        for replicas in [1, 2] {
            let run = reminders::burst(&o.burst(n, replicas)).await?;
            if run.missing > 0 || run.twice > 0 {
                failures.push(format!(
                    "reminder burst with {replicas} replica(s): {} missing, {} sent twice",
                    run.missing, run.twice
                ));
            }
            eprintln!("{}", reminders::report(std::slice::from_ref(&run)));
            runs.push(run);
        }
        let table = format!(
            "{}{}",
            header(&o, &format!(" --reminders {n}")),
            reminders::report(&runs)
        );
        println!("{table}");
        if o.record && only_reminders {
            record("reminders", &table)?;
        }
    }

    if o.chaos || (everything && o.small) {
        let (users, messages) = o.chaos_scale();
        let run = chaos::chaos(users, messages, o.load()).await?;
        let table = format!("{}{}", header(&o, " --chaos"), chaos::report(&run));
        println!("{table}");
        if o.record && o.chaos {
            record("chaos", &table)?;
        }
        if run.lost > 0 || run.doubled_effects > 0 || run.missing_effects > 0 {
            failures.push(format!(
                "chaos run: {} lost replies, {} doubled and {} missing effects",
                run.lost, run.doubled_effects, run.missing_effects
            ));
        }
    }

    if !failures.is_empty() {
        bail!("{}", failures.join("; "));
    }
    Ok(())
}
