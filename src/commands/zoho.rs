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

use crate::clients::zoho::{
    api_base, obtain, refresh_creds, token_for_calls, Endpoints, Obtained, Source, Stored,
};
use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::providers::zoho::Crm;
use crate::report::{Report, Step};
use crate::secrets::Secret;
use crate::timefmt::rfc;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde_json::json;

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

pub async fn refresh_token(ctx: &Context, a: RefreshArgs) -> Result<Report> {
    let creds = refresh_creds(ctx)?;
    let ep = ctx.zoho_endpoints()?;
    let steps = match obtain(ctx, &ep, &creds, a.force, false).await? {
        Ok(o) => {
            let mut steps = token_steps(ctx, &ep, &o);
            if let Source::Cached(_) = &o.source {
                steps.extend(copy_to_env_file(ctx, &o.token));
            }
            steps
        }
        Err(e) if e.is_dry_run() => vec![Step::skipped("token", e.message.clone())
            .with("accounts_url", ep.accounts.clone())
            .with("dc", ep.dc.clone())],
        Err(e) => vec![e
            .step("token")
            .with("accounts_url", ep.accounts.clone())
            .with("dc", ep.dc.clone())],
    };
    Ok(report(ctx, steps))
}

/// The user named an env-file that does not hold the cached token yet (it was cached in the
/// keyring or another file): write it there too, without a refresh.
fn copy_to_env_file(ctx: &Context, token: &Secret) -> Option<Step> {
    let path = ctx.secrets.env_file_path()?;
    let current = crate::secrets::read_env_file(path)
        .ok()
        .and_then(|m| m.get("ZOHO_ACCESS_TOKEN").cloned());
    if ctx.ui.dry_run || current.as_deref().map(str::trim) == Some(token.expose()) {
        return None;
    }
    Some(
        match crate::envfile::set_var(path, "ZOHO_ACCESS_TOKEN", token.expose()) {
            Ok(()) => Step::ok(
                "store",
                format!(
                    "cached token written as ZOHO_ACCESS_TOKEN to {}",
                    path.display()
                ),
            )
            .with("stored_in", "env-file")
            .with("path", path.display().to_string()),
            Err(e) => Step::warn("store", format!("not written: {e}")),
        },
    )
}

pub async fn check(ctx: &Context, a: CheckArgs) -> Result<Report> {
    let ep = ctx.zoho_endpoints()?;
    // Ask before any call, so a refused confirmation sends nothing at all.
    if a.create_test_contact {
        ctx.confirm(
            "Create one test contact in Zoho CRM (Contacts module, no workflows triggered)?",
        )?;
    }
    let mut steps = Vec::new();
    let mut o = match token_for_calls(ctx, &ep).await? {
        Ok(o) => o,
        Err(e) => {
            steps.push(e.step("token").with("accounts_url", ep.accounts.clone()));
            return Ok(report(ctx, steps));
        }
    };
    let mut crm = Crm::new(
        ctx.http.clone(),
        &api_base(ctx, &ep, o.api_domain.as_deref()),
        o.token.clone(),
    );
    let mut user = crm.current_user().await;
    let mut evicted = false;
    // A cached token can die early (Zoho keeps 15 per refresh token and evicts the oldest):
    // refresh once and try again rather than report a stale cache as an outage.
    if let (Err(e), Source::Cached(_)) = (&user, &o.source) {
        if e.cause == crate::error::Cause::TokenExpired {
            let creds = refresh_creds(ctx)?;
            match obtain(ctx, &ep, &creds, true, true).await? {
                Ok(fresh) => {
                    o = fresh;
                    evicted = true;
                    crm = Crm::new(
                        ctx.http.clone(),
                        &api_base(ctx, &ep, o.api_domain.as_deref()),
                        o.token.clone(),
                    );
                    user = crm.current_user().await;
                }
                Err(e) => {
                    steps.push(e.step("token").with("accounts_url", ep.accounts.clone()));
                    return Ok(report(ctx, steps));
                }
            }
        }
    }
    // A check is not asked to store anything: fold the store outcome into the token row
    // rather than warning (a cron box without a keyring would warn forever).
    for step in token_steps(ctx, &ep, &o) {
        match (step.name.as_str(), step.status) {
            ("store", crate::report::Status::Warn) => {
                if let Some(t) = steps.last_mut() {
                    t.summary
                        .push_str(" · not cached (no keyring; --env-file caches it)");
                    t.data["stored_in"] = "none".into();
                }
            }
            ("store", _) => {
                if let Some(t) = steps.last_mut() {
                    t.data["stored_in"] = step.data["stored_in"].clone();
                }
            }
            _ => steps.push(step),
        }
    }
    if evicted {
        if let Some(t) = steps.first_mut() {
            t.summary = format!(
                "the cached token was rejected (INVALID_TOKEN), refreshed: {}",
                t.summary
            );
        }
    }
    let api = api_base(ctx, &ep, o.api_domain.as_deref());
    match user {
        Ok((u, credits)) => {
            let name = u.full_name.clone().unwrap_or_else(|| "?".into());
            let mut summary = name;
            if let Some(e) = &u.email {
                summary.push_str(&format!(" <{e}>"));
            }
            if let Some(r) = u.role.as_ref().and_then(|r| r.name.clone()) {
                summary.push_str(&format!(" · role {r}"));
            }
            if let Some(p) = u.profile.as_ref().and_then(|p| p.name.clone()) {
                summary.push_str(&format!(" · profile {p}"));
            }
            if let Some(c) = credits {
                summary.push_str(&format!(" · {c} API credits left today"));
            }
            let active = u
                .status
                .as_deref()
                .map(|s| s.eq_ignore_ascii_case("active"))
                .unwrap_or(true);
            let step = if active {
                Step::ok("crm user", summary)
            } else {
                Step::warn(
                    "crm user",
                    format!("{summary} · status {}", u.status.clone().unwrap_or_default()),
                )
                .hint("the token's CRM user is not active: calls act as an inactive user; reactivate it or mint the token as an active user")
            };
            let mut step = step
                .data(serde_json::to_value(&u).unwrap_or_default())
                .with("api_url", api.clone())
                .with("api_credits_remaining", credits);
            if let Some(c) = credits {
                step = step.metric("zoho_api_credits_remaining", c as f64);
            }
            steps.push(step);
        }
        Err(e) => {
            steps.push(e.step("crm user").with("api_url", api.clone()));
            return Ok(report(ctx, steps));
        }
    }
    if a.create_test_contact {
        steps.push(test_contact(ctx, &crm, a.email).await);
    }
    if let Some(org) = ctx.setting("ZOHO_BILLING_ORG_ID") {
        steps.push(billing_step(&crm, &org).await);
    }
    Ok(report(ctx, steps))
}

async fn test_contact(ctx: &Context, crm: &Crm, email: Option<String>) -> Step {
    let now = ctx.now();
    let email = email.unwrap_or_else(|| format!("intops-test-{}@example.com", now.timestamp()));
    let record = json!({
        "Last_Name": "intops test",
        "First_Name": "On-call",
        "Email": email,
        "Description": format!("created by `intops zoho check --create-test-contact` at {}; safe to delete", rfc(now)),
    });
    match crm.create_contact(record.clone()).await {
        Ok(r) if r.is_success() => {
            let id = r.id().unwrap_or_else(|| "?".into());
            Step::ok("test contact", format!("created contact {id} ({email})"))
                .hint(format!(
                    "delete the test contact {id} in Zoho CRM when done"
                ))
                .with("id", id)
                .with("record", record)
        }
        Ok(r) => {
            let field = r.field();
            let path = r
                .details
                .get("json_path")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            let mut summary = format!("{}: {}", r.code, r.message);
            if let Some(f) = &field {
                summary.push_str(&format!(" (field {f})"));
            }
            Step::crit("test contact", summary)
                .maybe_hint(r.hint())
                .with("code", r.code.clone())
                .with("field", field)
                .with("json_path", path)
                .with("details", r.details.clone())
                .with("record", record)
        }
        Err(e) if e.is_dry_run() => Step::skipped("test contact", e.message.clone()),
        Err(e) => e.step("test contact"),
    }
}

async fn billing_step(crm: &Crm, org: &str) -> Step {
    match crm.billing_organizations(org).await {
        Ok(orgs) => {
            let found = orgs.iter().find(|o| {
                o.get("organization_id")
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    })
                    .as_deref()
                    == Some(org)
            });
            match found {
                Some(o) => Step::ok(
                    "billing",
                    format!(
                        "Billing organization {org} ({}) reachable",
                        o.get("name").and_then(|v| v.as_str()).unwrap_or("?")
                    ),
                )
                .with("organization_id", org),
                None => Step::crit(
                    "billing",
                    format!("Billing organization {org} is not among the {} this token sees", orgs.len()),
                )
                .hint("check ZOHO_BILLING_ORG_ID (GET /billing/v1/organizations lists them) and that the token's user belongs to that organization"),
            }
        }
        Err(e) => e.step("billing"),
    }
}
