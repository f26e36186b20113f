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

#[derive(Debug, Clone, Args)]
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
    /// Output format: table for people, json for scripts, prom for the node_exporter textfile collector.
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Read credentials and settings from a service's .env file (after the environment).
    #[arg(long, global = true, value_name = "PATH")]
    pub env_file: Option<PathBuf>,
    /// Per-request timeout in seconds (retries stay within 3x this).
    #[arg(long, global = true, value_name = "SECS")]
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

/// Parse the arguments; the report name is the chain of subcommands clap matched
/// (`whatsapp token-debug`).
pub fn try_parse<I, T>(args: I) -> Result<(Cli, String), clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command().try_get_matches_from(args)?;
    let cli = <Cli as clap::FromArgMatches>::from_arg_matches(&matches)?;
    Ok((cli, commands::command_name(&matches)))
}

pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
