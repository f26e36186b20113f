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
    /// Vendor whose base URL and credentials to use.
    pub vendor: ApiVendor,
    /// GET, POST, DELETE, ...
    pub method: String,
    /// Path below the vendor's base URL, e.g. /me or /{WABA_ID}/phone_numbers. {WABA_ID},
    /// {PHONE_NUMBER_ID}, {APP_ID}, {PAGE_ID}, {AGENT_ID} (or {WABA-ID}, ...) are filled from the
    /// profile's settings.
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
            // The value is not echoed: a field without `=` may be a pasted token.
            .ok_or_else(|| {
                Error::usage(format!(
                    "a -f/--field of {} characters has no '=': write key=value, e.g. -f fields=id,name",
                    f.chars().count()
                ))
            })?;
        fields.push((k.to_string(), v.to_string()));
    }
    let path = fill_placeholders(&a.path, |name| ctx.require_setting(name))?;
    if method != Method::GET && method != Method::HEAD {
        ctx.confirm(&format!("Send {method} {path}?"))?;
    }
    let a = ApiArgs { path, ..a };
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

/// The runbooks' placeholders and the setting each is filled from.
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("WABA_ID", "WHATSAPP_BUSINESS_ACCOUNT_ID"),
    ("PHONE_NUMBER_ID", "WHATSAPP_PHONE_NUMBER_ID"),
    ("PHONE_ID", "WHATSAPP_PHONE_NUMBER_ID"),
    ("APP_ID", "WHATSAPP_APP_ID"),
    ("PAGE_ID", "META_PAGE_ID"),
    ("AGENT_ID", "ELEVENLABS_AGENT_ID"),
];

/// Replace `{WABA_ID}`-style placeholders (any case, `-` or `_`) with the profile's settings, so a
/// line copied from a runbook never sends a literal `{WABA-ID}` to the vendor. An unknown
/// placeholder, a missing setting or a value that is not an id is refused.
pub fn fill_placeholders(path: &str, lookup: impl Fn(&str) -> Result<String>) -> Result<String> {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| Error::usage(format!("{path:?}: a '{{' without its '}}'")))?;
        let raw = &after[..close];
        let key = raw.to_ascii_uppercase().replace('-', "_");
        let Some((_, setting)) = PLACEHOLDERS.iter().find(|(k, _)| *k == key) else {
            let known: Vec<_> = PLACEHOLDERS
                .iter()
                .map(|(k, _)| format!("{{{k}}}"))
                .collect();
            return Err(Error::usage(format!(
                "unknown placeholder {{{raw}}} in {path:?}: write the id itself, or use one of {}",
                known.join(", ")
            )));
        };
        let value = lookup(setting)?;
        if !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        {
            return Err(Error::usage(format!(
                "{setting} is not an id ({{{raw}}} in {path:?}): check the setting"
            )));
        }
        out.push_str(&value);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(name: &str) -> Result<String> {
        match name {
            "WHATSAPP_BUSINESS_ACCOUNT_ID" => Ok("1029384756".into()),
            "WHATSAPP_PHONE_NUMBER_ID" => Ok("1065".into()),
            other => Err(Error::usage(format!("{other} is not set"))),
        }
    }

    #[test]
    fn fills_both_spellings_and_leaves_the_rest() {
        assert_eq!(
            fill_placeholders("/{WABA-ID}/phone_numbers", settings).unwrap(),
            "/1029384756/phone_numbers"
        );
        assert_eq!(
            fill_placeholders("/{PHONE_NUMBER_ID}/register", settings).unwrap(),
            "/1065/register"
        );
        assert_eq!(fill_placeholders("/me", settings).unwrap(), "/me");
    }

    #[test]
    fn refuses_unknown_placeholders_and_missing_settings() {
        let e = fill_placeholders("/{BUSINESS_ID}/x", settings).unwrap_err();
        assert!(e.to_string().contains("{WABA_ID}"), "{e}");
        let e = fill_placeholders("/{PAGE_ID}/subscribed_apps", settings).unwrap_err();
        assert!(e.to_string().contains("META_PAGE_ID"), "{e}");
        assert!(fill_placeholders("/{WABA_ID", settings).is_err());
    }
}
