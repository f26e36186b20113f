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

use crate::commands::report;
use crate::context::Context;
use crate::error::{ApiError, Error, Result};
use crate::providers::zoho::{self, Crm, Grant};
use crate::report::{Report, Step};
use crate::secrets::Secret;
use chrono::{DateTime, Duration as ChronoDuration, SecondsFormat, Utc};
use clap::{Args, Subcommand};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Subcommand)]
pub enum ZohoCmd {
    /// Refresh the access token (ZOHO_CLIENT_ID/SECRET/REFRESH_TOKEN, ZOHO_DC) and store it.
    RefreshToken(RefreshArgs),
    /// A cheap authenticated CRM call (current user); optionally create one test contact.
    Check(CheckArgs),
}

impl ZohoCmd {
    pub fn name(&self) -> &'static str {
        match self {
            ZohoCmd::RefreshToken(_) => "refresh-token",
            ZohoCmd::Check(_) => "check",
        }
    }
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

/// A reused token must have at least this long left (Zoho tokens live 1 h: reuse ≈ 55 min).
const REUSE_MARGIN_SECS: i64 = 5 * 60;
const REUSE_MAX_AGE_SECS: i64 = 55 * 60;
/// How long a run waits for another run's refresh.
const LOCK_WAIT: Duration = Duration::from_secs(60);

// ---------- where the DC, hosts and credentials come from ----------

pub struct Endpoints {
    pub dc: String,
    pub dc_from: &'static str,
    pub accounts: String,
    /// The DC's API host, used when neither INTOPS_ZOHO_API_URL nor a token's api_domain says.
    pub dc_api: String,
}

pub fn endpoints(ctx: &Context) -> Result<Endpoints> {
    // ZOHO_DC is not secret: read the keyring directly (`auth set ZOHO_DC`) instead of through
    // `Secret`, which would mask every "com.au" in the output.
    let keyring_dc = || {
        ctx.secrets
            .store()
            .get(&ctx.secrets.account("ZOHO_DC"))
            .ok()
            .flatten()
            .filter(|v| !v.trim().is_empty())
    };
    let (dc, dc_from) = match ctx.setting("ZOHO_DC").or_else(keyring_dc) {
        Some(d) => (d, "ZOHO_DC"),
        None => ("com".to_string(), "default"),
    };
    let (key, accounts, api) = zoho::data_centre(&dc).ok_or_else(|| {
        Error::config(format!(
            "ZOHO_DC={dc} is not a Zoho data centre: use one of {}",
            zoho::dc_names()
        ))
    })?;
    Ok(Endpoints {
        dc: key.to_string(),
        dc_from,
        accounts: ctx.base_url(
            "INTOPS_ZOHO_ACCOUNTS_URL",
            &ctx.config.zoho_accounts_url,
            accounts,
        ),
        dc_api: api.to_string(),
    })
}

/// The API base: INTOPS_ZOHO_API_URL / config, else the token's api_domain, else the DC's host.
fn api_base(ctx: &Context, ep: &Endpoints, api_domain: Option<&str>) -> String {
    let fallback = api_domain.unwrap_or(&ep.dc_api).to_string();
    ctx.base_url("INTOPS_ZOHO_API_URL", &ctx.config.zoho_api_url, &fallback)
}

struct RefreshCreds {
    client_id: Secret,
    client_secret: Secret,
    refresh_token: Secret,
}

fn refresh_creds(ctx: &Context) -> Result<RefreshCreds> {
    Ok(RefreshCreds {
        client_id: ctx.secrets.get("ZOHO_CLIENT_ID")?,
        client_secret: ctx.secrets.get("ZOHO_CLIENT_SECRET")?,
        refresh_token: ctx.secrets.get("ZOHO_REFRESH_TOKEN")?,
    })
}

// ---------- the cache ----------

#[derive(Debug, Clone, Serialize, Deserialize)]
struct TokenMeta {
    /// Which client and accounts host the token belongs to (a hash; changes invalidate).
    fingerprint: String,
    accounts: String,
    api_domain: Option<String>,
    refreshed_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    /// `env-file` or `keyring`.
    stored_in: String,
    env_file: Option<PathBuf>,
}

fn fingerprint(client_id: &Secret, accounts: &str, profile: &str) -> String {
    let mut h = Sha256::new();
    h.update(client_id.expose().as_bytes());
    h.update(b"\n");
    h.update(accounts.as_bytes());
    h.update(b"\n");
    h.update(profile.as_bytes());
    hex::encode(&h.finalize()[..8])
}

fn meta_path(ctx: &Context) -> PathBuf {
    ctx.paths
        .cache_dir
        .join(format!("zoho-{}.json", ctx.profile))
}

fn lock_path(ctx: &Context) -> PathBuf {
    ctx.paths
        .cache_dir
        .join(format!("zoho-{}.lock", ctx.profile))
}

fn read_meta(ctx: &Context) -> Option<TokenMeta> {
    let text = std::fs::read_to_string(meta_path(ctx)).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_meta(ctx: &Context, meta: &TokenMeta) -> std::io::Result<()> {
    let json = serde_json::to_string_pretty(meta)?;
    crate::fsutil::write_atomic(
        &meta_path(ctx),
        json.as_bytes(),
        crate::fsutil::Access::Private,
    )
}

/// The cached token when it is fresh enough and still where the metadata says.
fn cached(ctx: &Context, fp: &str) -> Option<(Secret, TokenMeta)> {
    let meta = read_meta(ctx)?;
    let now = ctx.now();
    let fresh_until = (meta.refreshed_at + ChronoDuration::seconds(REUSE_MAX_AGE_SECS))
        .min(meta.expires_at - ChronoDuration::seconds(REUSE_MARGIN_SECS));
    if meta.fingerprint != fp
        || now >= fresh_until
        || now < meta.refreshed_at - ChronoDuration::minutes(5)
    {
        return None;
    }
    let value = match meta.stored_in.as_str() {
        // Read the file again: another run may have rewritten it since this one started.
        "env-file" => crate::secrets::read_env_file(meta.env_file.as_ref()?)
            .ok()?
            .remove("ZOHO_ACCESS_TOKEN")?,
        "keyring" => ctx
            .secrets
            .store()
            .get(&ctx.secrets.account("ZOHO_ACCESS_TOKEN"))
            .ok()??,
        _ => return None,
    };
    (!value.trim().is_empty()).then(|| (Secret::new(value.trim()), meta))
}

/// Where a new token went.
enum Stored {
    EnvFile(PathBuf),
    Keyring(String),
    Not(String),
}

fn store_token(ctx: &Context, token: &Secret) -> Stored {
    if let Some(p) = ctx.secrets.env_file_path() {
        let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        return match crate::envfile::set_var(&abs, "ZOHO_ACCESS_TOKEN", token.expose()) {
            Ok(()) => Stored::EnvFile(abs),
            Err(e) => Stored::Not(e.to_string()),
        };
    }
    let account = ctx.secrets.account("ZOHO_ACCESS_TOKEN");
    match ctx.secrets.store().set(&account, token.expose()) {
        Ok(()) => Stored::Keyring(account),
        Err(e) => Stored::Not(e.to_string()),
    }
}

/// An exclusive lock on the profile's lock file, waiting (asynchronously) for another run.
async fn lock(ctx: &Context) -> Result<File> {
    let path = lock_path(ctx);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::config(format!(
                "cannot create the cache dir {}: {e}",
                dir.display()
            ))
        })?;
    }
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::config(format!("cannot open the lock file {}: {e}", path.display())))?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match f.try_lock() {
            Ok(()) => return Ok(f),
            Err(TryLockError::WouldBlock) => {
                if started.elapsed() > LOCK_WAIT {
                    return Err(Error::Other(format!(
                        "another intops run has held {} for over {}s: is one stuck? (remove the file if no intops is running)",
                        path.display(),
                        LOCK_WAIT.as_secs()
                    )));
                }
                if !told && ctx.ui.verbose > 0 {
                    ctx.http
                        .trace("* another intops run is refreshing the Zoho token; waiting for it");
                    told = true;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(TryLockError::Error(e)) => {
                return Err(Error::Other(format!("cannot lock {}: {e}", path.display())))
            }
        }
    }
}

/// How the token of this run was obtained.
enum Source {
    Cached(TokenMeta),
    Refreshed {
        grant: Grant,
        expires_at: DateTime<Utc>,
        stored: Option<Stored>,
    },
    /// ZOHO_ACCESS_TOKEN without refresh credentials: expiry unknown.
    Configured,
}

struct Obtained {
    token: Secret,
    api_domain: Option<String>,
    source: Source,
}

/// Reuse a fresh cached token or refresh (under the lock). The inner error is a failed refresh,
/// shown as a step; the outer one stops the command (missing credential, bad ZOHO_DC).
async fn obtain(
    ctx: &Context,
    ep: &Endpoints,
    creds: &RefreshCreds,
    force: bool,
    read_only: bool,
) -> Result<std::result::Result<Obtained, ApiError>> {
    let fp = fingerprint(&creds.client_id, &ep.accounts, &ctx.profile);
    // A dry run sends nothing, so it needs no lock; it still reports a cached token.
    let _guard = if ctx.ui.dry_run && !read_only {
        None
    } else {
        Some(lock(ctx).await?)
    };
    if !force {
        if let Some((token, meta)) = cached(ctx, &fp) {
            return Ok(Ok(Obtained {
                token,
                api_domain: meta.api_domain.clone(),
                source: Source::Cached(meta),
            }));
        }
    }
    let grant = match zoho::refresh(
        &ctx.http,
        &ep.accounts,
        &creds.client_id,
        &creds.client_secret,
        &creds.refresh_token,
        read_only,
    )
    .await
    {
        Ok(g) => g,
        Err(e) => return Ok(Err(e)),
    };
    let now = ctx.now();
    let expires_at = now + ChronoDuration::seconds(grant.expires_in);
    // Under --dry-run nothing of the user's is rewritten.
    let stored = (!ctx.ui.dry_run).then(|| store_token(ctx, &grant.access_token));
    if let Some(s) = &stored {
        let (stored_in, env_file) = match s {
            Stored::EnvFile(p) => ("env-file", Some(p.clone())),
            Stored::Keyring(_) => ("keyring", None),
            Stored::Not(_) => ("", None),
        };
        if !stored_in.is_empty() {
            let meta = TokenMeta {
                fingerprint: fp,
                accounts: ep.accounts.clone(),
                api_domain: grant.api_domain.clone(),
                refreshed_at: now,
                expires_at,
                stored_in: stored_in.into(),
                env_file,
            };
            if let Err(e) = write_meta(ctx, &meta) {
                ctx.http.trace(&format!(
                    "* cannot write {}: {e}; the next run refreshes again",
                    meta_path(ctx).display()
                ));
            }
        }
    }
    Ok(Ok(Obtained {
        token: grant.access_token.clone(),
        api_domain: grant.api_domain.clone(),
        source: Source::Refreshed {
            grant,
            expires_at,
            stored,
        },
    }))
}

fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
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
    let ep = endpoints(ctx)?;
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

/// A token for `check` and `intops api zoho`: cache or refresh when refresh credentials exist,
/// else ZOHO_ACCESS_TOKEN as it is.
async fn token_for_calls(
    ctx: &Context,
    ep: &Endpoints,
) -> Result<std::result::Result<Obtained, ApiError>> {
    let have_refresh = ["ZOHO_CLIENT_ID", "ZOHO_CLIENT_SECRET", "ZOHO_REFRESH_TOKEN"]
        .iter()
        .all(|n| ctx.secrets.optional(n).is_some());
    if !have_refresh {
        if let Some(t) = ctx.secrets.optional("ZOHO_ACCESS_TOKEN") {
            return Ok(Ok(Obtained {
                token: t,
                api_domain: None,
                source: Source::Configured,
            }));
        }
    }
    // Without a ZOHO_ACCESS_TOKEN this names the first missing refresh credential.
    let creds = refresh_creds(ctx)?;
    obtain(ctx, ep, &creds, false, true).await
}

/// The CRM client for `intops api zoho`.
pub async fn crm_client(ctx: &Context) -> Result<Crm> {
    let ep = endpoints(ctx)?;
    let o = token_for_calls(ctx, &ep).await?.map_err(Error::from)?;
    let api = api_base(ctx, &ep, o.api_domain.as_deref());
    Ok(Crm::new(ctx.http.clone(), &api, o.token))
}

pub async fn check(ctx: &Context, a: CheckArgs) -> Result<Report> {
    let ep = endpoints(ctx)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_dc_is_a_config_error_naming_the_choices() {
        let ctx = Context::for_tests(&[("ZOHO_DC", "de")]);
        let e = endpoints(&ctx).err().unwrap();
        assert_eq!(e.exit_code(), 3);
        assert!(e.to_string().contains("com.au") && e.to_string().contains("ca"));
    }

    #[test]
    fn dc_picks_accounts_host_unless_overridden() {
        let ctx = Context::for_tests(&[("ZOHO_DC", "ca")]);
        assert_eq!(
            endpoints(&ctx).unwrap().accounts,
            "https://accounts.zohocloud.ca"
        );
        let ctx = Context::for_tests(&[
            ("ZOHO_DC", "ca"),
            (
                "INTOPS_ZOHO_ACCOUNTS_URL",
                "http://127.0.0.1:9/zoho/accounts/",
            ),
        ]);
        assert_eq!(
            endpoints(&ctx).unwrap().accounts,
            "http://127.0.0.1:9/zoho/accounts"
        );
        let ctx = Context::for_tests(&[]);
        let ep = endpoints(&ctx).unwrap();
        assert_eq!((ep.dc.as_str(), ep.dc_from), ("com", "default"));
    }
}
