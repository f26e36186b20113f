//! The endpoints the runbook's mitigations call, so a drill can run them: a feature-flag API
//! (`PUT` / `DELETE` / `GET /actions/flags/NAME`, the Gmail fallback's `channels.gmail.priority`)
//! and a restart hook (`POST /actions/restart/SERVICE`). Both want `Authorization: Bearer
//! FLAGS_TOKEN`; what they were asked is in the request record and the flag state.

use super::{generic_fault, header, reply, Shared};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{post, put};
use axum::Router;
use serde_json::{json, Value};

pub const SCENARIOS: &[(&str, &str)] = &[(
    "restart-fails",
    "Actions: the restart hook answers 500 (the service did not come back)",
)];

pub const SANDBOX_FLAGS_TOKEN: &str = "sandbox-flags-token";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/flags/{name}",
            put(set_flag).delete(clear_flag).get(get_flag),
        )
        .route("/restart/{service}", post(restart))
}

/// The flag's state as the sandbox holds it: `Some(true)` on, `Some(false)` set off, `None` never set.
pub fn flag(st: &super::SandboxState, name: &str) -> Option<bool> {
    st.store
        .lock()
        .unwrap()
        .get(&format!("flag:{name}"))
        .and_then(Value::as_bool)
}

fn gate(st: &Shared, headers: &HeaderMap) -> Option<Response> {
    if let Some(r) = generic_fault(st) {
        return Some(r);
    }
    let ok = header(headers, "authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .is_some_and(|t| t == SANDBOX_FLAGS_TOKEN);
    (!ok).then(|| {
        reply(
            401,
            json!({"error": "unauthorized", "message": "bad or missing bearer token"}),
        )
    })
}

async fn set_flag(
    State(st): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    let v: Value = match serde_json::from_str(&body) {
        Ok(v) => v,
        Err(_) => {
            return reply(
                400,
                json!({"error": "bad_request", "message": "body must be JSON"}),
            )
        }
    };
    let Some(enabled) = v.get("enabled").and_then(Value::as_bool) else {
        return reply(
            422,
            json!({"error": "invalid", "message": "`enabled` (true or false) is required"}),
        );
    };
    st.store
        .lock()
        .unwrap()
        .insert(format!("flag:{name}"), enabled.into());
    reply(200, json!({"name": name, "enabled": enabled}))
}

async fn clear_flag(
    State(st): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    st.store
        .lock()
        .unwrap()
        .insert(format!("flag:{name}"), false.into());
    reply(200, json!({"name": name, "enabled": false}))
}

async fn get_flag(
    State(st): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    match flag(&st, &name) {
        Some(enabled) => reply(200, json!({"name": name, "enabled": enabled})),
        None => reply(
            404,
            json!({"error": "not_found", "message": format!("no flag {name}")}),
        ),
    }
}

async fn restart(
    State(st): State<Shared>,
    Path(service): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    if st.has("restart-fails") {
        return reply(
            500,
            json!({"error": "restart_failed", "message": format!("{service} did not become healthy within 60s")}),
        );
    }
    reply(202, json!({"service": service, "status": "restarting"}))
}
