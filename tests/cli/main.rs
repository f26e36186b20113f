//! Black-box tests: the real binary, a clean HOME and XDG dirs, vendors faked on 127.0.0.1
//! (the built-in sandbox, or wiremock where a test needs exact expectations).
//! One test binary with a module per noun keeps link time down.

mod action;
mod backfill;
mod calendly;
mod common;
mod contrib;
mod doctor;
mod drill;
mod elevenlabs;
mod evidence;
mod exporter;
mod foundation;
mod help;
mod hints;
mod incident;
mod live;
mod messenger;
mod metrics;
mod nagios;
mod pgtls;
mod prometheus_e2e;
mod pty;
mod queue;
mod rets;
mod runbook;
mod secrets;
mod snapshots;
mod status;
mod switch_number;
mod tls;
mod token_rotate;
mod vocabulary;
mod webhook;
mod whatsapp;
mod zoho;
