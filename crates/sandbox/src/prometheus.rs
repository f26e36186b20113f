//! Prometheus `GET /api/v1/query`: answers the WhatsApp service's queries from a model of its
//! counters that follows the other vendors' scenarios, or the `{"status":"error"}` envelope.
//!
//! The model, per second: API calls (`whatsapp_api_calls_total`, the older
//! `whatsapp_api_requests_total` too) labelled by HTTP `status` ("200", "401", "429", "500"), so a
//! query's `status` matcher decides what it counts (`status=~"5.."` misses a token outage,
//! `status=~"error|401|403|429|5.."` sees it); sends (`whatsapp_messages_sent_total`) as a
//! success percentage; inbound messages (`whatsapp_messages_received_total`, also answering
//! `whatsapp_webhook_received_total`); webhook p95 (`*webhook_duration*` or `*latency*`).

use super::{generic_fault, reply, SandboxState, Shared};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "metrics-degraded",
        "Prometheus: 7.5% API errors (500), nothing received, 93% send success, webhook p95 6.2 s",
    ),
    (
        "metrics-no-data",
        "Prometheus: every query matches no series",
    ),
    (
        "metrics-bad-query",
        "Prometheus: 400 bad_data (the query does not parse)",
    ),
];

pub fn routes() -> Router<Shared> {
    Router::new().route("/api/v1/query", get(query).post(query))
}

/// The service as the current scenarios leave it.
struct Service {
    /// API calls per second by HTTP status.
    calls: Vec<(&'static str, f64)>,
    send_success: f64,
    received: f64,
    latency: f64,
}

fn service(st: &SandboxState) -> Service {
    let mut s = Service {
        calls: vec![("200", 99.8), ("500", 0.2)],
        send_success: 99.6,
        received: 1.4,
        latency: 0.8,
    };
    if st.has("metrics-degraded") {
        s.calls = vec![("200", 92.5), ("500", 7.5)];
        s.send_success = 93.0;
        s.received = 0.0;
        s.latency = 6.2;
    }
    if st.has("flaky-send") {
        s.calls = vec![("200", 90.0), ("500", 5.0), ("429", 5.0)];
        s.send_success = 90.0;
    }
    if st.has("rate-limited") {
        s.calls = vec![("200", 90.0), ("429", 10.0)];
        s.send_success = 88.0;
    }
    if st.has("number-flagged") {
        s.send_success = s.send_success.min(96.5);
    }
    if st.has("send-fails") {
        s.calls = vec![("200", 10.0), ("500", 30.0)];
        s.send_success = 0.0;
    }
    // Every call with the dead token fails; inbound webhooks still arrive (they need no token).
    if st.has("token-expired") {
        s.calls = vec![("401", 40.0)];
        s.send_success = 0.0;
    }
    // Meta delivers nothing to an inactive subscription; a broken callback processes nothing.
    if st.has("subscription-inactive") || st.has("callback-broken") || st.has("callback-timeout") {
        s.received = 0.0;
    }
    if st.has("callback-timeout") {
        s.latency = 20.0;
    }
    s
}

/// Whether an HTTP status label matches the query's `status` matcher (none: every call).
fn status_matches(q: &str, status: &str) -> Option<bool> {
    let re = regex::Regex::new(r#"status\s*(=~|!~|!=|=)\s*"([^"]*)""#).ok()?;
    let Some(c) = re.captures(q) else {
        return Some(true);
    };
    let anchored = format!("^(?:{})$", &c[2]);
    let m = regex::Regex::new(&anchored).ok()?.is_match(status);
    Some(match &c[1] {
        "=" => status == &c[2],
        "!=" => status != &c[2],
        "=~" => m,
        _ => !m,
    })
}

/// The value for a query, by the metric it names.
fn value(q: &str, st: &SandboxState) -> Option<f64> {
    let s = service(st);
    if q.contains("api_calls") || q.contains("api_requests") {
        let total: f64 = s.calls.iter().map(|(_, r)| r).sum();
        let mut matched = 0.0;
        for (status, r) in &s.calls {
            if status_matches(q, status)? {
                matched += r;
            }
        }
        return Some(if q.contains('/') {
            100.0 * matched / total
        } else {
            matched
        });
    }
    if q.contains("messages_received") || q.contains("webhook_received") {
        Some(s.received)
    } else if q.contains("messages_sent") {
        Some(s.send_success)
    } else if q.contains("webhook_duration") || q.contains("latency") {
        Some(s.latency)
    } else if q.starts_with("vector(") {
        q.trim_start_matches("vector(")
            .trim_end_matches(')')
            .parse()
            .ok()
    } else {
        None
    }
}

async fn query(State(st): State<Shared>, Query(p): Query<HashMap<String, String>>) -> Response {
    if let Some(r) = generic_fault(&st) {
        return r;
    }
    let q = p.get("query").cloned().unwrap_or_default();
    if q.is_empty() || st.has("metrics-bad-query") {
        return reply(
            400,
            json!({"status": "error", "errorType": "bad_data",
                   "error": "invalid parameter \"query\": 1:20: parse error: unexpected right parenthesis ')'"}),
        );
    }
    let now = chrono::Utc::now().timestamp() as f64;
    let result = match value(&q, &st) {
        Some(v) if !st.has("metrics-no-data") => {
            json!([{"metric": {}, "value": [now, v.to_string()]}])
        }
        _ => json!([]),
    };
    reply(
        200,
        json!({"status": "success", "data": {"resultType": "vector", "result": result}}),
    )
}
