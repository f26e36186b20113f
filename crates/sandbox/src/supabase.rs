//! The Supabase Management API under `/supabase`: the project's Edge Function secrets
//! (`POST`/`GET /v1/projects/{ref}/secrets`, what `whatsapp token-rotate --store supabase` writes),
//! the function list (`GET /v1/projects/{ref}/functions`) and the logs query endpoint
//! (`GET /v1/projects/{ref}/analytics/endpoints/logs.all?sql=…&iso_timestamp_start=…&iso_timestamp_end=…`)
//! over `function_logs`, answered `{"result": [...], "error": null}` with BigQuery-style
//! microsecond timestamps.
//!
//! The logs follow the scenario: under `token-expired` the whatsapp-webhook function logs Meta's
//! `(#190)` error with an `fbtrace_id` 190 times in the window; otherwise every function logs a
//! few info lines. `supabase-unauthorized` answers 401 to everything.

use super::{bearer_is, generic_fault, reply, Shared};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[(
    "supabase-unauthorized",
    "Supabase: the Management API refuses the access token (401)",
)];

pub const SANDBOX_ACCESS_TOKEN: &str = "sbp_sandbox0000000000000000000000000000000";
pub const SANDBOX_PROJECT_REF: &str = "sandboxprojectref000";
/// Errors the whatsapp-webhook function logs in the window under `token-expired`.
pub const TOKEN_EXPIRED_ERRORS: u64 = 190;
pub const SANDBOX_FBTRACE_ID: &str = "AbCdSandboxTrace190xyz";

/// (id, slug) of the project's functions.
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("0a6d5c1e-0000-4000-8000-00000000wa01", "whatsapp-webhook"),
    ("0a6d5c1e-0000-4000-8000-00000000fb02", "facebook-webhook"),
    ("0a6d5c1e-0000-4000-8000-00000000me03", "meta_webhook"),
    ("0a6d5c1e-0000-4000-8000-00000000ca04", "calendly_webhook"),
];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/v1/projects/{r}/secrets",
            get(list_secrets).post(set_secrets),
        )
        .route("/v1/projects/{r}/functions", get(functions))
        .route("/v1/projects/{r}/analytics/endpoints/logs.all", get(logs))
}

/// The checks every call gets: faults, the token, the project.
fn gate(st: &Shared, headers: &HeaderMap, project: &str) -> Option<Response> {
    if let Some(r) = generic_fault(st) {
        return Some(r);
    }
    if st.has("supabase-unauthorized") || !bearer_is(headers, SANDBOX_ACCESS_TOKEN) {
        return Some(reply(401, json!({"message": "Unauthorized"})));
    }
    if project != SANDBOX_PROJECT_REF {
        return Some(reply(404, json!({"message": "Project not found"})));
    }
    None
}

async fn set_secrets(
    State(st): State<Shared>,
    Path(project): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Some(r) = gate(&st, &headers, &project) {
        return r;
    }
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(&body) else {
        return reply(
            400,
            json!({"message": "body must be an array of {name, value}"}),
        );
    };
    let mut store = st.store.lock().unwrap();
    let secrets = store.entry("supabase_secrets").or_insert_with(|| json!({}));
    for i in &items {
        match (i["name"].as_str(), i["value"].as_str()) {
            (Some(n), Some(v)) if !n.is_empty() => {
                secrets[n] = json!(v);
            }
            _ => {
                return reply(
                    400,
                    json!({"message": "each secret needs a name and a value"}),
                )
            }
        }
    }
    reply(201, Value::Null)
}

async fn list_secrets(
    State(st): State<Shared>,
    Path(project): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&st, &headers, &project) {
        return r;
    }
    let store = st.store.lock().unwrap();
    let names: Vec<Value> = store
        .get("supabase_secrets")
        .and_then(Value::as_object)
        .map(|m| {
            m.keys()
                .map(|k| json!({"name": k, "value": "(hidden)"}))
                .collect()
        })
        .unwrap_or_default();
    reply(200, Value::Array(names))
}

async fn functions(
    State(st): State<Shared>,
    Path(project): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&st, &headers, &project) {
        return r;
    }
    let list: Vec<Value> = FUNCTIONS
        .iter()
        .map(|(id, slug)| {
            json!({"id": id, "slug": slug, "name": slug, "status": "ACTIVE", "version": 3,
                "created_at": 1_760_000_000_000i64, "updated_at": 1_790_000_000_000i64, "verify_jwt": false})
        })
        .collect();
    reply(200, Value::Array(list))
}

/// One function's log lines over the window, newest first: (id, level, message).
fn lines(st: &Shared, slug: &str) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if slug == "whatsapp-webhook" && st.has("token-expired") {
        for _ in 0..TOKEN_EXPIRED_ERRORS {
            v.push((
                "error",
                format!(
                    "WhatsApp send failed: Graph API error {{\"error\":{{\"message\":\"Error validating access token: Session has expired.\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"{SANDBOX_FBTRACE_ID}\"}}}}"
                ),
            ));
        }
    }
    for i in 0..4 {
        v.push(("log", format!("{slug}: webhook event {i} processed")));
    }
    v
}

fn time_param(q: &HashMap<String, String>, name: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(q.get(name)?)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

async fn logs(
    State(st): State<Shared>,
    Path(project): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = gate(&st, &headers, &project) {
        return r;
    }
    let sql = q.get("sql").cloned().unwrap_or_default();
    if !sql.contains("function_logs") {
        return reply(200, json!({"result": [], "error": null}));
    }
    let end = time_param(&q, "iso_timestamp_end").unwrap_or_else(chrono::Utc::now);
    let start = time_param(&q, "iso_timestamp_start").unwrap_or(end - chrono::Duration::minutes(1));
    if end - start > chrono::Duration::hours(24) {
        return reply(
            400,
            json!({"message": "iso_timestamp_start and iso_timestamp_end must be at most 24 hours apart"}),
        );
    }
    let span = (end - start)
        .num_microseconds()
        .unwrap_or(60_000_000)
        .max(1);
    let selected: Vec<&(&str, &str)> = FUNCTIONS
        .iter()
        .filter(|(id, _)| sql.contains(id))
        .collect();
    if sql.contains("count(*)") {
        let mut rows = Vec::new();
        for (id, slug) in &selected {
            let mut by: Vec<(&str, u64)> = Vec::new();
            for (level, _) in lines(&st, slug) {
                match by.iter_mut().find(|(l, _)| *l == level) {
                    Some(e) => e.1 += 1,
                    None => by.push((level, 1)),
                }
            }
            for (level, n) in by {
                // BigQuery answers INT64 as text.
                rows.push(json!({"function_id": id, "level": level, "count": n.to_string()}));
            }
        }
        return reply(200, json!({"result": rows, "error": null}));
    }
    let errors_only = sql.contains("= 'error'");
    let limit: usize = sql
        .rsplit("limit ")
        .next()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(100);
    let mut all = Vec::new();
    for (id, slug) in &selected {
        let ls = lines(&st, slug);
        let n = ls.len() as i64;
        for (i, (level, msg)) in ls.into_iter().enumerate() {
            if errors_only && level != "error" {
                continue;
            }
            // Spread over the window, newest first.
            let ts = end.timestamp_micros() - (i as i64 + 1) * span / (n + 2);
            all.push((
                ts,
                json!({"id": format!("{slug}-{i}"), "timestamp": ts, "event_message": msg,
                "level": level, "event_type": "Log", "function_id": id}),
            ));
        }
    }
    all.sort_by_key(|x| std::cmp::Reverse(x.0));
    let rows: Vec<Value> = all.into_iter().take(limit).map(|(_, v)| v).collect();
    reply(200, json!({"result": rows, "error": null}))
}
