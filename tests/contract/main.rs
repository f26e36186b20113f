//! Contract tests: intops against the vendors' own published specifications.
//!
//! Each vendor module serves the answers the spec documents (its examples and error answers, kept
//! under tests/fixtures/VENDOR/ or read from the trimmed spec) on a real socket, runs the provider
//! the commands use, and asserts the typed result or the error class an engineer would see. Every
//! request the fake received is then checked against its operation in tests/contract/specs/ (see
//! tests/contract/specs/README.md for where each spec comes from and under which licence).
//!
//! Where the spec shows intops reading or sending something wrongly, the test is written and kept
//! `#[ignore = "issue N: ..."]` until the provider is fixed; `cargo test --test contract --
//! --ignored` lists what is still open.

mod calendly;
mod elevenlabs;
mod meta;
mod meta_graph;
mod spec;
mod zoho;

use intops::http::{HttpClient, HttpOptions};
use serde_json::Value;
use std::time::Duration;
use wiremock::ResponseTemplate;

/// The shared client as the commands build it, without retries (each example is served once).
pub fn http() -> HttpClient {
    HttpClient::new(HttpOptions {
        timeout: Duration::from_secs(5),
        budget: Duration::from_secs(10),
        max_retries: 0,
        ..Default::default()
    })
}

pub fn fixture(rel: &str) -> String {
    let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn fixture_json(rel: &str) -> Value {
    serde_json::from_str(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn json(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/json")
        .set_body_string(body.to_string())
}
