//! The clap tree's root: global options and the commands main.rs runs without a context. The
//! commands that produce a report, and each noun's arguments, live in `commands/`.

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
    #[command(flatten)]
    Report(commands::Command),
    #[command(flatten)]
    Local(Local),
}

/// Commands main.rs runs without a context: they produce no report.
#[derive(Debug, Subcommand)]
pub enum Local {
    /// Local simulator of every vendor API, for demos, drills and tests.
    Sandbox(commands::sandbox::SandboxArgs),
    /// Print a shell completion script.
    Completions(commands::shell::CompletionsArgs),
    /// Render man pages.
    Man(commands::shell::ManArgs),
    /// Help for a command, or a topic: `intops help exit-codes`.
    Help(commands::shell::HelpArgs),
}

/// Parse the arguments with [`command`]'s tree (so `--help` shows the examples); the report name
/// is the chain of subcommands clap matched (`whatsapp token-debug`).
pub fn try_parse<I, T>(args: I) -> Result<(Cli, String), clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    let cli = <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
        .map_err(|e| e.format(&mut cmd))?;
    Ok((cli, commands::command_name(&matches)))
}

/// The full clap tree: the derived one with every command's examples attached.
pub fn command() -> clap::Command {
    crate::examples::attach(<Cli as clap::CommandFactory>::command())
}
