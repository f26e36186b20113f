//! `intops rets check [--all]`: the MLS feed runbook as steps. RETS 1.x: reach → Login (Digest /
//! Basic, UA auth) → capabilities → Action → GetMetadata SYSTEM → 1-row Search → Logout.
//! RESO Web API: token → `$metadata` → freshness of the newest Property record. One feed from the
//! `RETS_*` names, or every `[[PROFILE.rets.feeds]]` entry concurrently.

mod check;
mod feeds;
mod reso;
mod rets1;

pub use check::check;
pub use feeds::{env_key, FeedConfig, FeedKind, RetsSection, DEFAULT_CONCURRENCY};

use crate::context::Context;
use crate::error::{ApiError, Cause, Result};
use crate::report::{Report, Step};
use clap::{Args, Subcommand};
use feeds::section;

#[derive(Debug, Subcommand)]
pub enum RetsCmd {
    /// Login (Digest/Basic + UA auth), capabilities, metadata, a 1-row search, logout; RESO freshness.
    #[command(
        after_help = "Examples:\n  intops rets check                      # RETS_LOGIN_URL, RETS_USERNAME, RETS_PASSWORD\n  intops rets check --class RESI --query '(Status=|A)'\n  intops rets check --feed north-shore   # one [[default.rets.feeds]] entry\n  intops rets check --all --concurrency 32 -o json\n\nPer-feed secrets: RETS_<NAME>_PASSWORD, RETS_<NAME>_UA_PASSWORD, RESO_<NAME>_CLIENT_SECRET or\nRESO_<NAME>_TOKEN (name upper-cased, non-alphanumerics as _)."
    )]
    Check(CheckArgs),
}

#[derive(Debug, Clone, Default, Args)]
pub struct CheckArgs {
    /// Check every feed in [[PROFILE.rets.feeds]] (plus the RETS_* feed when set), concurrently.
    #[arg(long, conflicts_with = "feed")]
    pub all: bool,
    /// Check one configured feed by name.
    #[arg(long, value_name = "NAME")]
    pub feed: Option<String>,
    /// Feeds checked at once with --all [default: 16, or rets.concurrency in the config].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub concurrency: Option<u32>,
    /// RETS search resource (SearchType) [default: Property].
    #[arg(long, value_name = "NAME")]
    pub resource: Option<String>,
    /// RETS search class [default: RES].
    #[arg(long = "class", value_name = "NAME")]
    pub class: Option<String>,
    /// RETS DMQL2 query for the 1-row search [default: (ListPrice=0+)].
    #[arg(long, value_name = "DMQL2")]
    pub query: Option<String>,
}

pub async fn run(ctx: &Context, cmd: RetsCmd) -> Result<Report> {
    match cmd {
        RetsCmd::Check(a) => check(ctx, a).await,
    }
}

/// `intops doctor`: skipped unless one of these is set (or feeds are configured, see
/// [`doctor_configured`]).
pub const DOCTOR_REQUIRES: &[&str] = &["RETS_LOGIN_URL"];

/// `None` when there is something to check; otherwise the name that is missing.
pub fn doctor_configured(ctx: &Context) -> Option<String> {
    let has_feeds = section(ctx).map(|s| !s.feeds.is_empty()).unwrap_or(false);
    if has_feeds || ctx.setting("RETS_LOGIN_URL").is_some() {
        None
    } else {
        Some("RETS_LOGIN_URL".into())
    }
}

/// The doctor's check: every feed, with the default concurrency.
pub async fn doctor(ctx: &Context) -> Result<Report> {
    check(
        ctx,
        CheckArgs {
            all: true,
            ..CheckArgs::default()
        },
    )
    .await
}

/// The summary of a failed vendor call: its own words, plus code and HTTP status.
fn fail(name: &str, e: &ApiError) -> Step {
    let mut s = e.step(name);
    if matches!(e.cause, Cause::TokenInvalid | Cause::Network) {
        let mut extra = Vec::new();
        if let Some(c) = &e.code {
            extra.push(format!("code {c}"));
        }
        if let Some(h) = e.http_status {
            extra.push(format!("HTTP {h}"));
        }
        s.summary = if extra.is_empty() {
            e.message.clone()
        } else {
            format!("{} ({})", e.message, extra.join(", "))
        };
    }
    s
}
