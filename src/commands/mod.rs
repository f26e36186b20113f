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
pub mod incident_backlog;
pub mod incident_fallback;
pub mod incident_timeline;
pub mod messenger;
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

use crate::context::Context;
use crate::error::Result;
use crate::report::{Report, Status, Step};
use clap::{ArgMatches, FromArgMatches, Subcommand};

/// The commands that produce a report. (completions, man, help and sandbox are `cli::Local`, run by
/// main.rs without a context.)
#[derive(Debug, Subcommand)]
pub enum Command {
    /// WhatsApp Cloud API: token, phone numbers, test send.
    #[command(subcommand)]
    Whatsapp(whatsapp::WhatsappCmd),
    /// Webhooks: subscriptions, callback handshake, safe re-registration, signatures, test events.
    #[command(subcommand)]
    Webhook(webhook::WebhookCmd),
    /// Meta Lead Ads: fetch one lead.
    #[command(subcommand)]
    Meta(meta::MetaCmd),
    /// Calendly: webhook subscriptions with their state.
    #[command(subcommand)]
    Calendly(calendly::CalendlyCmd),
    /// Zoho: refresh the access token per data centre; CRM check.
    #[command(subcommand)]
    Zoho(zoho::ZohoCmd),
    /// ElevenLabs: credits, agent, voicemail detection, phone number; recent calls.
    #[command(subcommand)]
    Elevenlabs(elevenlabs::ElevenlabsCmd),
    /// Vendor status pages (Statuspage v2, Zoho RSS, Meta), concurrently.
    Status(status::StatusArgs),
    /// MLS feeds: RETS 1.x login/search/logout and RESO Web API freshness, one feed or all.
    #[command(subcommand)]
    Rets(rets::RetsCmd),
    /// Every configured check, concurrently, one table.
    Doctor(doctor::DoctorArgs),
    /// Long-running Prometheus exporter: /metrics, /probe?check=NAME, /healthz.
    Exporter(exporter::ExporterArgs),
    /// Guided incident flows that print the communication templates.
    #[command(subcommand)]
    Incident(incident::IncidentCmd),
    /// The runbooks, embedded in the binary.
    #[command(subcommand)]
    Runbook(runbook::RunbookCmd),
    /// Configured mitigations (restart, gmail-fallback, ...), audited in the incident timeline.
    #[command(subcommand)]
    Action(action::ActionCmd),
    /// Raw escape hatch: any vendor call with auth, retries and redaction.
    Api(api::ApiArgs),
    /// Secrets in the OS keyring.
    #[command(subcommand)]
    Auth(auth::AuthCmd),
    /// Message queue: Redis backlog and drain, Postgres message_queue.
    #[command(subcommand)]
    Queue(queue::QueueCmd),
    /// Facebook Messenger: Page token, subscribed_apps `messages`, page webhook, Send API test.
    #[command(subcommand)]
    Messenger(messenger::MessengerCmd),
}

/// The report name of parsed arguments: the chain of subcommands clap matched, `whatsapp token-debug`.
pub fn command_name(matches: &ArgMatches) -> String {
    let mut names = Vec::new();
    let mut cur = matches;
    while let Some((name, sub)) = cur.subcommand() {
        names.push(name);
        cur = sub;
    }
    names.join(" ")
}

/// Parse one command given as words (no binary name), with its report name.
pub fn parse(words: &[&str]) -> std::result::Result<(Command, String), clap::Error> {
    let cmd = Command::augment_subcommands(clap::Command::new("intops").no_binary_name(true));
    let matches = cmd.try_get_matches_from(words)?;
    Ok((Command::from_arg_matches(&matches)?, command_name(&matches)))
}

/// Run a command that produces a report; `name` is its report name (see `command_name`).
pub async fn run(ctx: &Context, cmd: Command, name: String) -> Result<Report> {
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
        Command::Messenger(c) => messenger::run(ctx, c).await?,
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
