//! Faults on message sends, for the queue drain: `flaky-send` (every 20th call a 500, every 20th a
//! 429 with Retry-After, so 5 % each, deterministically) and `send-fails` (every send a 500).
//! Called by the Meta `messages` handler and the application endpoint (`/app`).

use super::{reply, SandboxState};
use axum::http::HeaderValue;
use axum::response::Response;
use serde_json::{json, Value};

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "flaky-send",
        "message sends: 5 % answer HTTP 500, 5 % HTTP 429 with Retry-After: 1",
    ),
    ("send-fails", "message sends: every call answers HTTP 500"),
    (
        "pair-limit",
        "message sends: the first send to each recipient ending in 56 answers 131056",
    ),
];

fn next_call(st: &SandboxState) -> u64 {
    let mut store = st.store.lock().unwrap();
    let n = store
        .get("faults.sends")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    store.insert("faults.sends".into(), (n + 1).into());
    n
}

fn server_error() -> Response {
    reply(
        500,
        json!({"error": {"message": "An unexpected error has occurred. Please retry your request later.", "type": "OAuthException", "code": 2, "is_transient": true, "fbtrace_id": "AbCdSandboxFault"}}),
    )
}

/// 131056 once per recipient ending in 56: too many messages to this one user.
fn pair_limit(st: &SandboxState, body: &str) -> Option<Response> {
    let to = serde_json::from_str::<Value>(body)
        .ok()?
        .get("to")?
        .as_str()?
        .to_string();
    if !to.ends_with("56") {
        return None;
    }
    let mut store = st.store.lock().unwrap();
    let key = format!("faults.pair.{to}");
    if store.contains_key(&key) {
        return None;
    }
    store.insert(key, true.into());
    Some(reply(
        400,
        json!({"error": {"message": "(#131056) (Business Account, Consumer Account) pair rate limit hit", "type": "OAuthException", "code": 131056, "error_data": {"messaging_product": "whatsapp", "details": "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."}, "fbtrace_id": "AbCdSandboxFault"}}),
    ))
}

/// The fault this send (with its body) should get, if any.
pub fn send_fault(st: &SandboxState, body: &str) -> Option<Response> {
    if st.has("send-fails") {
        return Some(server_error());
    }
    if st.has("pair-limit") {
        if let Some(r) = pair_limit(st, body) {
            return Some(r);
        }
    }
    if !st.has("flaky-send") {
        return None;
    }
    match next_call(st) % 20 {
        7 => Some(server_error()),
        13 => {
            let mut r = reply(
                429,
                crate::fixtures::recorded_json!("meta/error_130429.json"),
            );
            r.headers_mut()
                .insert("retry-after", HeaderValue::from_static("1"));
            Some(r)
        }
        _ => None,
    }
}
