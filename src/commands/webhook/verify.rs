//! `intops webhook verify`: the hub.challenge handshake against our own callbacks.

use super::{callback, handshake_steps, Target};
use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::report::Report;
use clap::Args;
use url::Url;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Callback URL to check (default: WHATSAPP_WEBHOOK_URL / META_WEBHOOK_URL).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Which callback and verify token (default: every configured one; whatsapp with --url).
    #[arg(long, value_enum)]
    pub target: Option<Target>,
}

pub async fn verify(ctx: &Context, a: VerifyArgs) -> Result<Report> {
    if let Some(u) = &a.url {
        match Url::parse(u) {
            Ok(p) if p.scheme() == "https" || p.scheme() == "http" => {}
            _ => {
                return Err(Error::usage(format!(
                    "--url {u:?} is not an http(s) URL (e.g. https://example.com/webhooks/whatsapp)"
                )))
            }
        }
    }
    let targets = match (a.target, &a.url) {
        (Some(t), _) => vec![t],
        (None, Some(_)) => vec![Target::Whatsapp],
        (None, None) => {
            let t: Vec<Target> = [Target::Whatsapp, Target::Leadgen]
                .into_iter()
                .filter(|t| ctx.setting(t.url_name()).is_some())
                .collect();
            if t.is_empty() {
                return Err(Error::config(
                    "no callback configured: set WHATSAPP_WEBHOOK_URL or META_WEBHOOK_URL (env, --env-file or [PROFILE.settings]), or pass --url",
                ));
            }
            t
        }
    };
    let callbacks = targets
        .into_iter()
        .map(|t| callback(ctx, t, a.url.as_deref()))
        .collect::<Result<Vec<_>>>()?;
    let steps = futures::future::join_all(callbacks.iter().map(|cb| handshake_steps(ctx, cb)))
        .await
        .into_iter()
        .flatten()
        .collect();
    Ok(report(ctx, steps))
}
