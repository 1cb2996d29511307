//! Prometheus metrics of this process: requests, latencies, agent turns, tool calls.

use std::{collections::BTreeMap, fmt::Write, sync::Mutex, time::Duration};

use tasklink_core::agent::TurnOutcome;

const BUCKETS: [f64; 11] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

#[derive(Default)]
pub(crate) struct Metrics(Mutex<Counters>);

#[derive(Default)]
struct Counters {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
    turns: u64,
    tool_calls: BTreeMap<String, u64>,
}

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    pub(crate) fn record_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let mut c = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *c.requests
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        let h = c.latency.entry(route.to_owned()).or_default();
        let secs = elapsed.as_secs_f64();
        for (bucket, le) in h.buckets.iter_mut().zip(BUCKETS) {
            if secs <= le {
                *bucket += 1;
            }
        }
        h.count += 1;
        h.sum += secs;
    }

    pub(crate) fn record_turn(&self, outcome: &TurnOutcome) {
        let mut c = self.0.lock().unwrap_or_else(|p| p.into_inner());
        c.turns += 1;
        for call in &outcome.tool_calls {
            *c.tool_calls.entry(call.name.clone()).or_default() += 1;
        }
    }

    /// The text exposition format.
    pub(crate) fn render(&self) -> String {
        let c = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        out.push_str("# HELP tasklink_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE tasklink_http_requests_total counter\n");
        for ((method, route, status), n) in &c.requests {
            let _ = writeln!(
                out,
                "tasklink_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str("# HELP tasklink_http_request_duration_seconds HTTP request latency.\n");
        out.push_str("# TYPE tasklink_http_request_duration_seconds histogram\n");
        for (route, h) in &c.latency {
            for (n, le) in h.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "tasklink_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "tasklink_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "tasklink_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "tasklink_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP tasklink_agent_turns_total Agent turns served by this process.\n");
        out.push_str("# TYPE tasklink_agent_turns_total counter\n");
        let _ = writeln!(out, "tasklink_agent_turns_total {}", c.turns);
        out.push_str("# HELP tasklink_agent_tool_calls_total Tool calls made by the agent, by tool.\n");
        out.push_str("# TYPE tasklink_agent_tool_calls_total counter\n");
        for (tool, n) in &c.tool_calls {
            let _ = writeln!(out, "tasklink_agent_tool_calls_total{{tool=\"{tool}\"}} {n}");
        }
        out
    }
}
