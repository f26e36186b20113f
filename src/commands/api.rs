//! `intops api VENDOR METHOD PATH`: the raw escape hatch, with the same auth, retries, dry-run and
//! redaction as every other call.

use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::Resp;
use crate::report::{Report, Step};
use clap::{Args, ValueEnum};
use reqwest::Method;
use serde_json::Value;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ApiVendor {
    /// Graph API (token: WHATSAPP_ACCESS_TOKEN unless --token names another).
    Meta,
    /// Calendly API v2 (token: CALENDLY_TOKEN unless --token names another).
    Calendly,
    /// Zoho CRM at the token's api_domain (a cached or refreshed access token, `Zoho-oauthtoken`).
    Zoho,
    /// ElevenLabs (ELEVENLABS_API_KEY in `xi-api-key`; -f fields go as a JSON body on writes).
    Elevenlabs,
}

#[derive(Debug, Args)]
pub struct ApiArgs {
    pub vendor: ApiVendor,
    /// GET, POST, DELETE, ...
    pub method: String,
    /// Path below the vendor's base URL, e.g. /me or /{WABA-ID}/phone_numbers.
    pub path: String,
    /// A field: key=value (query string for GET/DELETE, form body otherwise). Repeatable.
    #[arg(short = 'f', long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// The credential to authenticate with, e.g. META_ACCESS_TOKEN.
    #[arg(long, value_name = "NAME")]
    pub token: Option<String>,
}

pub async fn run(ctx: &Context, a: ApiArgs) -> Result<Report> {
    let method = Method::from_bytes(a.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| Error::usage(format!("unknown HTTP method {:?}", a.method)))?;
    let mut fields = Vec::new();
    for f in &a.fields {
        let (k, v) = f
            .split_once('=')
            .ok_or_else(|| Error::usage(format!("-f {f:?}: expected key=value")))?;
        fields.push((k.to_string(), v.to_string()));
    }
    if method != Method::GET && method != Method::HEAD {
        ctx.confirm(&format!("Send {method} {}?", a.path))?;
    }
    let result = match a.vendor {
        ApiVendor::Meta => {
            let token = a.token.as_deref().unwrap_or("WHATSAPP_ACCESS_TOKEN");
            let client = ctx.meta_named(token)?;
            client.raw(method, &a.path, &fields).await
        }
        ApiVendor::Calendly => {
            let token = a.token.as_deref().unwrap_or("CALENDLY_TOKEN");
            let base = ctx.base_url(
                "INTOPS_CALENDLY_URL",
                &ctx.config.calendly_url,
                crate::providers::calendly::DEFAULT_URL,
            );
            let client = crate::providers::calendly::Calendly::new(
                ctx.http.clone(),
                &base,
                ctx.secrets.get(token)?,
            );
            client.raw(method, &a.path, &fields).await
        }
        ApiVendor::Elevenlabs => {
            let client = ctx.elevenlabs()?;
            client.raw(method, &a.path, &fields).await
        }
        ApiVendor::Zoho => {
            let client = ctx.zoho_crm().await?;
            client.raw(method, &a.path, &fields).await
        }
    };
    match result {
        Ok(resp) => Ok(response_report(ctx, &resp)),
        Err(e) if e.is_dry_run() => Ok(report(
            ctx,
            vec![Step::skipped("response", e.message.clone())],
        )),
        Err(e) => Err(e.into()),
    }
}

/// The body for people (pretty JSON, or the text as it came) and a step for scripts.
pub fn response_report(ctx: &Context, resp: &Resp) -> Report {
    let body: Value =
        serde_json::from_slice(&resp.body).unwrap_or_else(|_| Value::String(resp.text()));
    let pretty = match &body {
        Value::String(s) => s.clone(),
        v => serde_json::to_string_pretty(v).unwrap_or_default(),
    };
    let step = Step::ok(
        "response",
        format!("HTTP {} in {} ms", resp.status, resp.elapsed.as_millis()),
    )
    .with("http_status", resp.status)
    .with("body", body);
    let mut r = report(ctx, vec![step]);
    r.raw = Some(pretty);
    r
}
