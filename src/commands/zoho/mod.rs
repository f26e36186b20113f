//! `intops zoho …`: refresh the access token per data centre (cached, one refresh at a time) and a
//! cheap authenticated CRM check, optionally creating one test contact to reproduce the
//! runbook's `create-zoho-contact` failure.
//!
//! Token cache: the access token itself is a secret, so it lives only where README.md allows a
//! secret: the `--env-file` the user named (as `ZOHO_ACCESS_TOKEN`), else the OS keyring
//! (account `PROFILE/ZOHO_ACCESS_TOKEN`). `cache_dir/zoho-PROFILE.json` (0600) holds only
//! non-secret metadata: expiry, api_domain, where the token was stored. A lock file beside it
//! makes concurrent runs wait for each other instead of refreshing twice (Zoho allows 10
//! refreshes per refresh token per 10 minutes).

mod check;
mod refresh_token;

pub use check::check;
pub use refresh_token::refresh_token;

use crate::clients::zoho::{Endpoints, Obtained, Source, Stored};
use crate::context::Context;
use crate::error::Result;
use crate::report::{Report, Step};
use crate::timefmt::rfc;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ZohoCmd {
    /// Refresh the access token (ZOHO_CLIENT_ID/SECRET/REFRESH_TOKEN, ZOHO_DC) and store it.
    RefreshToken(RefreshArgs),
    /// A cheap authenticated CRM call (current user); optionally create one test contact.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Refresh even when the cached token is younger than ~55 minutes.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Create one test contact (asks first; --yes, or --dry-run to see the request) and report
    /// Zoho's per-record answer, as create-zoho-contact would get it.
    #[arg(long)]
    pub create_test_contact: bool,
    /// E-mail of the test contact (default: a unique intops-test address at example.com).
    #[arg(long, requires = "create_test_contact", value_name = "EMAIL")]
    pub email: Option<String>,
}

/// `intops doctor` skips Zoho without these.
pub const DOCTOR_REQUIRES: &[&str] =
    &["ZOHO_CLIENT_ID", "ZOHO_CLIENT_SECRET", "ZOHO_REFRESH_TOKEN"];

pub async fn doctor(ctx: &Context) -> Result<Report> {
    check(
        ctx,
        CheckArgs {
            create_test_contact: false,
            email: None,
        },
    )
    .await
}

pub async fn run(ctx: &Context, cmd: ZohoCmd) -> Result<Report> {
    match cmd {
        ZohoCmd::RefreshToken(a) => refresh_token(ctx, a).await,
        ZohoCmd::Check(a) => check(ctx, a).await,
    }
}

fn minutes_left(ctx: &Context, t: DateTime<Utc>) -> i64 {
    (t - ctx.now()).num_minutes().max(0)
}

/// The `token` step (and a `store` step after a refresh).
fn token_steps(ctx: &Context, ep: &Endpoints, o: &Obtained) -> Vec<Step> {
    let api = o.api_domain.clone().unwrap_or_else(|| ep.dc_api.clone());
    match &o.source {
        Source::Cached(m) => vec![Step::ok(
            "token",
            format!(
                "cached access token reused: expires in {} min ({}) · api_domain {api}",
                minutes_left(ctx, m.expires_at),
                rfc(m.expires_at)
            ),
        )
        .hint("`intops zoho refresh-token --force` refreshes anyway (counts against Zoho's 10 refreshes per 10 minutes)")
        .with("cached", true)
        .with("expires_at", rfc(m.expires_at))
        .with("refreshed_at", rfc(m.refreshed_at))
        .with("api_domain", api)
        .with("stored_in", m.stored_in.clone())
        .with("dc", ep.dc.clone())
        .metric(
            "zoho_token_expiry_seconds",
            (m.expires_at - ctx.now()).num_seconds() as f64,
        )],
        Source::Refreshed {
            grant,
            expires_at,
            stored,
        } => {
            let mut steps = vec![Step::ok(
                "token",
                format!(
                    "new access token: expires in {} min ({}) · api_domain {api}",
                    grant.expires_in / 60,
                    rfc(*expires_at)
                ),
            )
            .with("cached", false)
            .with("expires_in", grant.expires_in)
            .with("expires_at", rfc(*expires_at))
            .with("api_domain", api)
            .with("api_domain_in_answer", grant.api_domain.is_some())
            .with("scope", grant.scope.clone())
            .with("token_type", grant.token_type.clone())
            .with("accounts_url", ep.accounts.clone())
            .with("dc", ep.dc.clone())
            .with("dc_from", ep.dc_from)
            .metric("zoho_token_expiry_seconds", grant.expires_in as f64)];
            steps.push(match stored {
                None => Step::skipped("store", "--dry-run: the token was not stored"),
                Some(Stored::EnvFile(p)) => Step::ok(
                    "store",
                    format!("stored as ZOHO_ACCESS_TOKEN in {}", p.display()),
                )
                .with("stored_in", "env-file")
                .with("path", p.display().to_string()),
                Some(Stored::Keyring(acct)) => Step::ok(
                    "store",
                    format!("stored in the keyring (service intops, account {acct})"),
                )
                .with("stored_in", "keyring")
                .with("account", acct.clone()),
                Some(Stored::Not(why)) => Step::warn(
                    "store",
                    format!("not stored: {why}; the next run refreshes again"),
                )
                .hint("pass --env-file PATH (the service's .env) to store ZOHO_ACCESS_TOKEN there, or make a keyring available (INTOPS_KEYRING)")
                .with("stored_in", "none"),
            });
            steps
        }
        Source::Configured => vec![Step::ok(
            "token",
            "ZOHO_ACCESS_TOKEN as configured (no refresh credentials: expiry unknown)",
        )
        .with("cached", false)
        .with("api_domain", api)],
    }
}
