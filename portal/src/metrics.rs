//! Prometheus metrics of this process: requests, latencies, agent turns, tool
//! calls, through the `metrics` facade and its Prometheus exporter.
//!
//! Each app owns its recorder instead of installing a process-global one:
//! tests build many apps in one process, and their counts must not mix. Label
//! values come from known sets only (route templates, standard methods, the
//! agent's tool names), so neither a client nor the model can mint series.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use axum::http::Method;
use metrics::{counter, describe_counter, describe_histogram, histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};
use tasklink_core::agent::{TurnOutcome, tools};

const BUCKETS: [f64; 11] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// Latency samples wait in the recorder until a scrape drains them; without
/// scrapes, draining every this many requests keeps that memory bounded.
const UPKEEP_EVERY: u64 = 1024;

pub(crate) struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    tools: Vec<&'static str>,
    requests: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&BUCKETS)
            .expect("the bucket list is not empty")
            .build_recorder();
        metrics::with_local_recorder(&recorder, || {
            describe_counter!(
                "tasklink_http_requests_total",
                "HTTP requests by route and status."
            );
            describe_histogram!("tasklink_http_request_duration_seconds", "HTTP request latency.");
            describe_counter!(
                "tasklink_agent_turns_total",
                "Agent turns served by this process."
            );
            describe_counter!(
                "tasklink_agent_tool_calls_total",
                "Tool calls made by the agent, by tool."
            );
        });
        let tools = tools::definitions()
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|definition| definition["function"]["name"].as_str())
            .collect();
        Self {
            handle: recorder.handle(),
            recorder,
            tools,
            requests: AtomicU64::new(0),
        }
    }
}

impl Metrics {
    /// `route` is the matched route template (or `None` when nothing matched), never the raw path.
    pub(crate) fn record_request(
        &self,
        method: &Method,
        route: Option<&str>,
        status: u16,
        elapsed: Duration,
    ) {
        let method = known_method(method);
        let route = route.unwrap_or("unmatched").to_owned();
        metrics::with_local_recorder(&self.recorder, || {
            counter!(
                "tasklink_http_requests_total",
                "method" => method,
                "route" => route.clone(),
                "status" => status.to_string(),
            )
            .increment(1);
            histogram!("tasklink_http_request_duration_seconds", "route" => route).record(elapsed);
        });
        if self.requests.fetch_add(1, Ordering::Relaxed) % UPKEEP_EVERY == UPKEEP_EVERY - 1 {
            self.handle.run_upkeep();
        }
    }

    pub(crate) fn record_turn(&self, outcome: &TurnOutcome) {
        metrics::with_local_recorder(&self.recorder, || {
            counter!("tasklink_agent_turns_total").increment(1);
            for call in &outcome.tool_calls {
                // A name the model invented is not a tool: it must not become a series.
                let tool = self
                    .tools
                    .iter()
                    .find(|known| **known == call.name)
                    .copied()
                    .unwrap_or("other");
                counter!("tasklink_agent_tool_calls_total", "tool" => tool).increment(1);
            }
        });
    }

    /// The text exposition format.
    pub(crate) fn render(&self) -> String {
        self.handle.render()
    }
}

fn known_method(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}
