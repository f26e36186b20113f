//! `intops zoho refresh-token`: obtain (cached or refreshed) and store the access token.

use super::{token_steps, RefreshArgs};
use crate::clients::zoho::{obtain, refresh_creds, Source};
use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::report::{Report, Step};
use crate::secrets::Secret;

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
