//! One file per noun. Each verb is `async fn verb(ctx: &Context, args) -> Result<Report>`: it calls
//! providers and turns their typed answers into steps with a status, summary and hint.

pub mod action;
pub mod api;
pub mod auth;
pub mod calendly;
pub mod common;
pub mod doctor;
pub mod elevenlabs;
pub mod exporter;
pub mod incident;
pub mod incident_fallback;
pub mod incident_timeline;
pub mod meta;
pub mod queue;
pub mod rets;
pub mod runbook;
pub mod sandbox;
pub mod shell;
pub mod status;
pub mod webhook;
pub mod whatsapp;
pub mod zoho;

use crate::cli::Command;
use crate::context::Context;
use crate::error::Result;
use crate::report::{Report, Status, Step};

/// Run a command that produces a report. (completions, man, help and sandbox are run by main.rs
/// without a context.)
pub async fn run(ctx: &Context, cmd: Command) -> Result<Report> {
    let name = cmd.name();
    let started = ctx.now();
    let clock = std::time::Instant::now();
    let mut report = match cmd {
        Command::Whatsapp(c) => whatsapp::run(ctx, c).await?,
        Command::Webhook(c) => webhook::run(ctx, c).await?,
        Command::Meta(c) => meta::run(ctx, c).await?,
        Command::Calendly(c) => calendly::run(ctx, c).await?,
        Command::Zoho(c) => zoho::run(ctx, c).await?,
        Command::Elevenlabs(c) => elevenlabs::run(ctx, c).await?,
        Command::Status(a) => status::run(ctx, a).await?,
        Command::Api(a) => api::run(ctx, a).await?,
        Command::Rets(c) => rets::run(ctx, c).await?,
        Command::Auth(c) => auth::run(ctx, c).await?,
        Command::Queue(c) => queue::run(ctx, c).await?,
        Command::Doctor(a) => doctor::run(ctx, a).await?,
        Command::Exporter(a) => exporter::run(ctx, a).await?,
        Command::Incident(c) => incident::run(ctx, c).await?,
        Command::Runbook(c) => runbook::run(ctx, c).await?,
        Command::Action(c) => action::run(ctx, c).await?,
        Command::Sandbox(_) | Command::Completions(_) | Command::Man(_) | Command::Help(_) => {
            unreachable!("run by main.rs without a context")
        }
    };
    report.command = name;
    report.profile = ctx.profile.clone();
    report.started_at = started;
    finish(ctx, &mut report, clock);
    Ok(report)
}

/// Add what the HTTP client noticed (usage, version drift) and the duration.
pub fn finish(ctx: &Context, report: &mut Report, clock: std::time::Instant) {
    for a in ctx.http.take_advisories() {
        report.push(Step::new(format!("{} api", a.vendor), a.status, a.message).maybe_hint(a.hint));
    }
    report.status = report.worst();
    report.thresholds = Some(ctx.config.thresholds.clone());
    report.duration_ms = clock.elapsed().as_millis() as u64;
}

/// A report with the given steps, for verbs to return.
pub fn report(ctx: &Context, steps: Vec<Step>) -> Report {
    let mut r = Report::new("", ctx.profile.clone(), ctx.now());
    r.extend(steps);
    if r.steps.is_empty() {
        r.status = Status::Ok;
    }
    r
}
