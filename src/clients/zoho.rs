//! The Zoho access token behind every Zoho call: the data centre's endpoints and a token that is
//! cached, refreshed one run at a time, and stored where the user can reach it.
//!
//! Token cache: the access token itself is a secret, so it lives only where a secret may live:
//! the `--env-file` the user named (as `ZOHO_ACCESS_TOKEN`), else the OS keyring (account
//! `PROFILE/ZOHO_ACCESS_TOKEN`). `cache_dir/zoho-PROFILE.json` (0600) holds only non-secret
//! metadata: expiry, api_domain, where the token was stored. A lock file beside it makes
//! concurrent runs wait for each other instead of refreshing twice (Zoho allows 10 refreshes per
//! refresh token per 10 minutes).

use crate::context::Context;
use crate::error::{ApiError, Error, Result};
use crate::providers::zoho::{self, Crm, Grant};
use crate::secrets::Secret;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;
use std::time::{Duration, Instant};

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

pub(crate) fn endpoints(ctx: &Context) -> Result<Endpoints> {
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
pub fn api_base(ctx: &Context, ep: &Endpoints, api_domain: Option<&str>) -> String {
    let fallback = api_domain.unwrap_or(&ep.dc_api).to_string();
    ctx.base_url("INTOPS_ZOHO_API_URL", &ctx.config.zoho_api_url, &fallback)
}

pub struct RefreshCreds {
    client_id: Secret,
    client_secret: Secret,
    refresh_token: Secret,
}

pub fn refresh_creds(ctx: &Context) -> Result<RefreshCreds> {
    Ok(RefreshCreds {
        client_id: ctx.secrets.get("ZOHO_CLIENT_ID")?,
        client_secret: ctx.secrets.get("ZOHO_CLIENT_SECRET")?,
        refresh_token: ctx.secrets.get("ZOHO_REFRESH_TOKEN")?,
    })
}

// ---------- the cache ----------

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenMeta {
    /// Which client and accounts host the token belongs to (a hash; changes invalidate).
    pub fingerprint: String,
    pub accounts: String,
    pub api_domain: Option<String>,
    pub refreshed_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// `env-file` or `keyring`.
    pub stored_in: String,
    pub env_file: Option<PathBuf>,
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
pub enum Stored {
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
pub enum Source {
    Cached(TokenMeta),
    Refreshed {
        grant: Grant,
        expires_at: DateTime<Utc>,
        stored: Option<Stored>,
    },
    /// ZOHO_ACCESS_TOKEN without refresh credentials: expiry unknown.
    Configured,
}

pub struct Obtained {
    pub token: Secret,
    pub api_domain: Option<String>,
    pub source: Source,
}

/// Reuse a fresh cached token or refresh (under the lock). The inner error is a failed refresh,
/// shown as a step; the outer one stops the command (missing credential, bad ZOHO_DC).
pub async fn obtain(
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

/// A token for `check` and `intops api zoho`: cache or refresh when refresh credentials exist,
/// else ZOHO_ACCESS_TOKEN as it is.
pub async fn token_for_calls(
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
pub(crate) async fn crm_client(ctx: &Context) -> Result<Crm> {
    let ep = ctx.zoho_endpoints()?;
    let o = token_for_calls(ctx, &ep).await?.map_err(Error::from)?;
    let api = api_base(ctx, &ep, o.api_domain.as_deref());
    Ok(Crm::new(ctx.http.clone(), &api, o.token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_dc_is_a_config_error_naming_the_choices() {
        let ctx = Context::for_tests(&[("ZOHO_DC", "de")]);
        let e = ctx.zoho_endpoints().err().unwrap();
        assert_eq!(e.exit_code(), 3);
        assert!(e.to_string().contains("com.au") && e.to_string().contains("ca"));
    }

    #[test]
    fn dc_picks_accounts_host_unless_overridden() {
        let ctx = Context::for_tests(&[("ZOHO_DC", "ca")]);
        assert_eq!(
            ctx.zoho_endpoints().unwrap().accounts,
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
            ctx.zoho_endpoints().unwrap().accounts,
            "http://127.0.0.1:9/zoho/accounts"
        );
        let ctx = Context::for_tests(&[]);
        let ep = ctx.zoho_endpoints().unwrap();
        assert_eq!((ep.dc.as_str(), ep.dc_from), ("com", "default"));
    }
}
