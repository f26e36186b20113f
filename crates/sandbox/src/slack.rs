//! A Slack incoming webhook: `POST /slack/services/T000/B000/XXXX` with `{"text": ...}` → `ok`.
//! What it received is in the request record (tests read it there).

use super::{generic_fault, Shared};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;

pub const SCENARIOS: &[(&str, &str)] = &[(
    "slack-revoked",
    "Slack: the incoming webhook was removed (404 no_service)",
)];

/// The fake webhook path; the token part makes it a secret like a real one.
pub const SANDBOX_WEBHOOK_PATH: &str = "/slack/services/T0SANDBOX/B0SANDBOX/sandboxWebhookSecret00";

pub fn routes() -> Router<Shared> {
    Router::new().route("/services/{team}/{bot}/{token}", post(webhook))
}

async fn webhook(State(st): State<Shared>, body: String) -> Response {
    if let Some(r) = generic_fault(&st) {
        return r;
    }
    if st.has("slack-revoked") {
        return (StatusCode::NOT_FOUND, "no_service").into_response();
    }
    match serde_json::from_str::<serde_json::Value>(&body) {
        Ok(v) if v["text"].as_str().is_some_and(|t| !t.is_empty()) => "ok".into_response(),
        Ok(_) => (StatusCode::BAD_REQUEST, "no_text").into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "invalid_payload").into_response(),
    }
}
