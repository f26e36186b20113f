//! Prometheus `GET /api/v1/query`: answers the runbook's queries (by the metric they name) with
//! healthy or degraded numbers, or the `{"status":"error"}` envelope.

use super::{generic_fault, reply, Shared};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "metrics-degraded",
        "Prometheus: 7.5% API errors, nothing received, 93% send success, webhook p95 6.2 s",
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

/// The value for a query, by the metric it names.
fn value(q: &str, degraded: bool) -> Option<f64> {
    let pick = |healthy: f64, bad: f64| Some(if degraded { bad } else { healthy });
    if q.contains("api_requests") {
        pick(0.2, 7.5)
    } else if q.contains("messages_received") {
        pick(1.4, 0.0)
    } else if q.contains("messages_sent") {
        pick(99.6, 93.0)
    } else if q.contains("webhook_received") {
        pick(1.3, 0.0)
    } else if q.contains("webhook_duration") || q.contains("latency") {
        pick(0.8, 6.2)
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
    let result = match value(&q, st.has("metrics-degraded")) {
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
