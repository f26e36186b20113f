//! The clap tree. No logic: each noun's arguments live beside its verbs in `commands/<noun>.rs`.

use crate::commands;
use crate::context::{GlobalOptions, OutputFormat};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "intops",
    version,
    about = "Integration runbooks as typed checks: WhatsApp/Meta, Zoho, Calendly, ElevenLabs, RETS/RESO, status pages, message queue",
    long_about = None,
    disable_help_subcommand = true,
    propagate_version = true,
    after_help = "Exit codes: 0 ok · 1 warn · 2 crit (or an action failed) · 3 unknown (bad arguments, missing credential) · 130 cancelled.\nRun `intops help exit-codes` for details."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Global flags: accepted before or after the subcommand, listed under their own heading so a
/// command's own flags stand out in its `--help`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Profile: a table in config.toml and the keyring account prefix.
    #[arg(
        long,
        global = true,
        default_value = "default",
        env = "INTOPS_PROFILE",
        value_name = "NAME",
        add = clap_complete::engine::ArgValueCandidates::new(profile_candidates)
    )]
    pub profile: String,
    /// Output format: table for people, json for scripts, prom for the node_exporter textfile collector, nagios for Nagios/Icinga/Sensu.
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Read credentials and settings from a service's .env file (after the environment).
    #[arg(long, global = true, value_name = "PATH")]
    pub env_file: Option<PathBuf>,
    /// Per-request timeout in seconds (retries stay within 3x this).
    #[arg(long, global = true, value_name = "SECS", value_parser = parse_timeout)]
    pub timeout: Option<f64>,
    /// Answer yes to confirmations (required for destructive steps when stdin is not a terminal).
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
    /// Print the requests a mutating step would send; send none.
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// HTTP trace on stderr, secrets redacted (-vv for more).
    #[arg(long, short = 'v', global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// No colours (also: NO_COLOR=1).
    #[arg(long, global = true)]
    pub no_color: bool,
}

/// Longest `--timeout`: an hour per request is already longer than any runbook step should wait.
pub const MAX_TIMEOUT_SECS: f64 = 3600.0;
/// Fastest `--rate`: above Meta's highest per-number throughput (1,000 msg/s).
pub const MAX_RATE: f64 = 10_000.0;

fn number(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("{s:?} is not a number"))
}

/// `--timeout`: seconds, more than 0 and at most an hour.
pub fn parse_timeout(s: &str) -> Result<f64, String> {
    let v = number(s)?;
    if (0.001..=MAX_TIMEOUT_SECS).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "{s} is out of range: seconds between 0.001 and {MAX_TIMEOUT_SECS}"
        ))
    }
}

/// `--rate`: messages per second, 0 for no limit, otherwise 0.001 to [`MAX_RATE`].
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let v = number(s)?;
    if v == 0.0 || (0.001..=MAX_RATE).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "{s} is out of range: 0 (no limit) or 0.001 to {MAX_RATE} messages per second"
        ))
    }
}

/// Profile names from the config file, for dynamic completion.
fn profile_candidates() -> Vec<clap_complete::engine::CompletionCandidate> {
    crate::config::Paths::from_env()
        .map(|p| crate::config::profile_names(&p.config_file))
        .unwrap_or_default()
        .into_iter()
        .map(clap_complete::engine::CompletionCandidate::new)
        .collect()
}

impl GlobalArgs {
    pub fn options(&self) -> GlobalOptions {
        GlobalOptions {
            profile: self.profile.clone(),
            output: self.output,
            env_file: self.env_file.clone(),
            timeout: self.timeout,
            yes: self.yes,
            dry_run: self.dry_run,
            verbose: self.verbose,
            no_color: self.no_color,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// WhatsApp Cloud API: token, phone numbers, test send.
    #[command(subcommand)]
    Whatsapp(commands::whatsapp::WhatsappCmd),
    /// Webhooks: subscriptions, callback handshake, safe re-registration, signatures, test events.
    #[command(subcommand)]
    Webhook(commands::webhook::WebhookCmd),
    /// Meta Lead Ads: fetch one lead.
    #[command(subcommand)]
    Meta(commands::meta::MetaCmd),
    /// Calendly: webhook subscriptions with their state.
    #[command(subcommand)]
    Calendly(commands::calendly::CalendlyCmd),
    /// Zoho: refresh the access token per data centre; CRM check.
    #[command(subcommand)]
    Zoho(commands::zoho::ZohoCmd),
    /// ElevenLabs: credits, agent, voicemail detection, phone number; recent calls.
    #[command(subcommand)]
    Elevenlabs(commands::elevenlabs::ElevenlabsCmd),
    /// Vendor status pages (Statuspage v2, Zoho RSS, Meta), concurrently.
    Status(commands::status::StatusArgs),
    /// MLS feeds: RETS 1.x login/search/logout and RESO Web API freshness, one feed or all.
    #[command(subcommand)]
    Rets(commands::rets::RetsCmd),
    /// Every configured check, concurrently, one table.
    Doctor(commands::doctor::DoctorArgs),
    /// Long-running Prometheus exporter: /metrics, /probe?check=NAME, /healthz.
    Exporter(commands::exporter::ExporterArgs),
    /// Guided incident flows that print the communication templates.
    #[command(subcommand)]
    Incident(commands::incident::IncidentCmd),
    /// The runbooks, embedded in the binary.
    #[command(subcommand)]
    Runbook(commands::runbook::RunbookCmd),
    /// Configured mitigations (restart, gmail-fallback, ...), audited in the incident timeline.
    #[command(subcommand)]
    Action(commands::action::ActionCmd),
    /// Raw escape hatch: any vendor call with auth, retries and redaction.
    Api(commands::api::ApiArgs),
    /// Secrets in the OS keyring.
    #[command(subcommand)]
    Auth(commands::auth::AuthCmd),
    /// Message queue: Redis backlog and drain, Postgres message_queue.
    #[command(subcommand)]
    Queue(commands::queue::QueueCmd),
    /// Local simulator of every vendor API, for demos, drills and tests.
    Sandbox(commands::sandbox::SandboxArgs),
    /// Print a shell completion script.
    Completions(commands::shell::CompletionsArgs),
    /// Render man pages.
    Man(commands::shell::ManArgs),
    /// Help for a command, or a topic: `intops help exit-codes`.
    Help(commands::shell::HelpArgs),
}

impl Command {
    /// The command name as it appears in reports: `whatsapp token-debug`.
    pub fn name(&self) -> String {
        match self {
            Command::Whatsapp(c) => format!("whatsapp {}", c.name()),
            Command::Webhook(c) => format!("webhook {}", c.name()),
            Command::Meta(c) => format!("meta {}", c.name()),
            Command::Calendly(c) => format!("calendly {}", c.name()),
            Command::Zoho(c) => format!("zoho {}", c.name()),
            Command::Elevenlabs(c) => format!("elevenlabs {}", c.name()),
            Command::Status(_) => "status".into(),
            Command::Rets(c) => format!("rets {}", c.name()),
            Command::Api(_) => "api".into(),
            Command::Action(c) => format!("action {}", c.name()),
            Command::Doctor(_) => "doctor".into(),
            Command::Exporter(_) => "exporter".into(),
            Command::Incident(c) => format!("incident {}", c.name()),
            Command::Runbook(c) => format!("runbook {}", c.name()),
            Command::Auth(c) => format!("auth {}", c.name()),
            Command::Queue(c) => format!("queue {}", c.name()),
            Command::Sandbox(_) => "sandbox".into(),
            Command::Completions(_) => "completions".into(),
            Command::Man(_) => "man".into(),
            Command::Help(_) => "help".into(),
        }
    }
}

/// The full clap tree: the derived one with every command's examples attached.
pub fn command() -> clap::Command {
    crate::examples::attach(<Cli as clap::CommandFactory>::command())
}

/// Parse like `Cli::try_parse_from`, with [`command`]'s tree (so `--help` shows the examples).
pub fn try_parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}
