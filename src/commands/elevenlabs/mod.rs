//! `intops elevenlabs …`: credits, the calling agent (voicemail detection), the phone number,
//! and recent conversations, to diagnose "the call did not go out" and "it did not hang up on
//! voicemail".

mod calls;
mod check;

pub use calls::{calls, MAX_DETAIL_FETCHES};
pub use check::{check, credits_step, subscription_step};

use crate::context::Context;
use crate::error::Result;
use crate::report::Report;
use clap::{Args, Subcommand};
use serde::Deserialize;

#[derive(Debug, Subcommand)]
pub enum ElevenlabsCmd {
    /// Credits used/left and reset, subscription, agent (voicemail detection), phone number.
    Check,
    /// Recent conversations and their outcome, or one conversation with --id.
    Calls(CallsArgs),
}

#[derive(Debug, Args)]
pub struct CallsArgs {
    /// How far back, e.g. 30m, 24h, 7d.
    #[arg(long, default_value = "24h", value_parser = humantime::parse_duration, conflicts_with = "id")]
    pub since: std::time::Duration,
    /// Only calls that failed or were judged unsuccessful.
    #[arg(long, conflicts_with = "id")]
    pub failed: bool,
    /// At most this many conversations.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=500), conflicts_with = "id")]
    pub limit: u16,
    /// Show one conversation: outcome, termination reason, voicemail detection, summary.
    #[arg(long, value_name = "CONVERSATION_ID")]
    pub id: Option<String>,
}

/// `[PROFILE.elevenlabs]` in config.toml.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct ElevenlabsConfig {
    /// Percent of the credit limit used: warn at or above.
    pub credits_warn_pct: f64,
    /// Percent used: crit at or above.
    pub credits_crit_pct: f64,
}

impl Default for ElevenlabsConfig {
    fn default() -> Self {
        ElevenlabsConfig {
            credits_warn_pct: 80.0,
            credits_crit_pct: 95.0,
        }
    }
}

/// `intops doctor` skips ElevenLabs without a key.
pub const DOCTOR_REQUIRES: &[&str] = &["ELEVENLABS_API_KEY"];

pub async fn doctor(ctx: &Context) -> Result<Report> {
    check(ctx).await
}

pub async fn run(ctx: &Context, cmd: ElevenlabsCmd) -> Result<Report> {
    match cmd {
        ElevenlabsCmd::Check => check(ctx).await,
        ElevenlabsCmd::Calls(a) => calls(ctx, a).await,
    }
}
