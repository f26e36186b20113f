//! intops: integration runbooks as typed checks. See README.md (the user-facing contract) and
//! docs/vendors/ (the vendor facts the providers rely on, with their sources).
// ApiError carries the vendor code, trace id and hint by value: it is returned once per vendor
// call, so its size does not matter and boxing it everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod actions;
pub mod backfill;
pub mod checks;
pub mod cli;
pub mod clients;
pub mod commands;
pub mod config;
pub mod context;
pub mod envfile;
pub mod error;
pub mod examples;
pub mod exporter;
pub mod fsutil;
pub mod http;
pub mod incident;
pub mod logs;
pub mod output;
pub mod providers;
pub mod queue;
pub mod redact;
pub mod report;
pub mod runbooks;
/// The vendor simulator lives in its own crate (crates/sandbox) so it cannot share code with the
/// providers it fakes; re-exported for `intops sandbox` and the tests.
pub use intops_sandbox as sandbox;
pub mod secrets;
pub mod signing;
#[cfg(test)]
pub mod testutil;
pub mod timefmt;
pub mod tls;
