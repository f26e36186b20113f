//! Black-box tests: the real binary, a clean HOME and XDG dirs, vendors faked on 127.0.0.1
//! (the built-in sandbox, or wiremock where a test needs exact expectations).
//! One test binary with a module per noun keeps link time down.

mod action;
mod calendly;
mod common;
mod doctor;
mod elevenlabs;
mod evidence;
mod foundation;
mod incident;
mod metrics;
mod pgtls;
mod queue;
mod rets;
mod runbook;
mod status;
mod tls;
mod token_rotate;
mod webhook;
mod whatsapp;
mod zoho;
