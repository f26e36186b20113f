//! The application's own admin endpoint, as the runbook calls it: `POST
//! /app/admin/messages/process-queue` takes one queue item and answers 200. It honours the
//! send faults (`flaky-send`, `send-fails`) and answers at full speed otherwise (the benchmark's
//! no-rate-limit receiver).

use super::{faults, reply, Shared};
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};

pub fn routes() -> Router<Shared> {
    Router::new().route("/admin/messages/process-queue", post(process))
}

async fn process(State(st): State<Shared>, body: String) -> Response {
    if let Some(f) = faults::send_fault(&st, &body) {
        return f;
    }
    match serde_json::from_str::<Value>(&body) {
        Ok(v) if v.is_object() => reply(200, json!({"processed": 1, "id": v.get("id")})),
        _ => reply(422, json!({"error": "body is not a JSON object"})),
    }
}
