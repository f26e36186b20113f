//! "Our" webhook receiver, faked: `/callback/whatsapp`, `/callback/leadgen`, `/callback/calendly`.
//! GET answers Meta's `hub.challenge` handshake when the verify token matches; POST accepts an
//! event only with a valid signature (Meta: app secret; Calendly: signing key, 180 s tolerance).

use super::meta::webhooks::{
    SANDBOX_APP_SECRET, SANDBOX_META_VERIFY_TOKEN, SANDBOX_WA_VERIFY_TOKEN,
};
use super::signature;
use super::Shared;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::time::Duration;

pub const SANDBOX_CALENDLY_SIGNING_KEY: &str = "sandbox-calendly-signing-key";

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "callback-broken",
        "our callback answers HTTP 502 to the handshake and to events",
    ),
    (
        "callback-timeout",
        "our callback takes 20 s to answer anything",
    ),
    (
        "callback-flaky",
        "our callback answers HTTP 503 to the first delivery of each event, then accepts it",
    ),
    (
        "callback-rejects-some",
        "our callback answers HTTP 500 to every delivery of lead 444000000103 and invitee SBINV001",
    ),
];

/// Events whose deliveries `callback-rejects-some` always fails.
pub const REJECTED_IDS: &[&str] = &["444000000103", "SBINV001"];

/// Every event the callback accepted (signature verified), in arrival order:
/// `{"kind": "leadgen", "body": {...}}`.
pub fn received(st: &super::SandboxState) -> Vec<serde_json::Value> {
    st.store
        .lock()
        .unwrap()
        .get("callback_received")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
}

/// Remember an accepted event; `first` says whether these bytes arrived for the first time.
fn remember(st: &Shared, kind: &str, body: &[u8], accepted: bool) -> bool {
    let mut store = st.store.lock().unwrap();
    let seen = store
        .entry("callback_seen")
        .or_insert_with(|| serde_json::json!([]));
    let text = String::from_utf8_lossy(body).into_owned();
    let arr = seen.as_array_mut().unwrap();
    let first = !arr
        .iter()
        .any(|v| v == &serde_json::Value::String(text.clone()));
    if first {
        arr.push(serde_json::Value::String(text.clone()));
    }
    if accepted {
        let v = serde_json::from_slice(body).unwrap_or(serde_json::Value::String(text));
        store
            .entry("callback_received")
            .or_insert_with(|| serde_json::json!([]))
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"kind": kind, "body": v}));
    }
    first
}

pub fn routes() -> Router<Shared> {
    Router::new().route("/{kind}", get(handshake).post(event))
}

async fn fault(st: &Shared) -> Option<Response> {
    if st.has("callback-timeout") {
        tokio::time::sleep(Duration::from_secs(20)).await;
    }
    if st.has("callback-broken") {
        return Some(
            (
                StatusCode::BAD_GATEWAY,
                [("content-type", "text/html")],
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            )
                .into_response(),
        );
    }
    None
}

async fn handshake(
    State(st): State<Shared>,
    Path(kind): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(f) = fault(&st).await {
        return f;
    }
    let expected = match kind.as_str() {
        "whatsapp" => SANDBOX_WA_VERIFY_TOKEN,
        "leadgen" => SANDBOX_META_VERIFY_TOKEN,
        _ => return st.no_route("GET", &format!("/callback/{kind}")),
    };
    let mode_ok = q.get("hub.mode").map(String::as_str) == Some("subscribe");
    let token_ok = q.get("hub.verify_token").map(String::as_str) == Some(expected);
    match (mode_ok && token_ok, q.get("hub.challenge")) {
        (true, Some(c)) => ([("content-type", "text/plain")], c.clone()).into_response(),
        _ => (StatusCode::FORBIDDEN, "Forbidden").into_response(),
    }
}

async fn event(
    State(st): State<Shared>,
    Path(kind): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Some(f) = fault(&st).await {
        return f;
    }
    let header = |name: &str| super::header(&headers, name).unwrap_or("").to_string();
    let verdict = match kind.as_str() {
        "whatsapp" | "leadgen" => signature::meta_verify(
            SANDBOX_APP_SECRET.as_bytes(),
            &body,
            &header(signature::META_HEADER),
        ),
        "calendly" => signature::calendly_verify(
            SANDBOX_CALENDLY_SIGNING_KEY.as_bytes(),
            &body,
            &header(signature::CALENDLY_HEADER),
            chrono::Utc::now().timestamp(),
        ),
        _ => return st.no_route("POST", &format!("/callback/{kind}")),
    };
    if let Err(e) = verdict {
        return (StatusCode::UNAUTHORIZED, format!("rejected: {e}")).into_response();
    }
    let text = String::from_utf8_lossy(&body);
    if st.has("callback-rejects-some") && REJECTED_IDS.iter().any(|id| text.contains(id)) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "database write failed").into_response();
    }
    if st.has("callback-flaky") && remember(&st, &kind, &body, false) {
        return (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response();
    }
    remember(&st, &kind, &body, true);
    (StatusCode::OK, "EVENT_RECEIVED").into_response()
}
