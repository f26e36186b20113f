//! `intops webhook sign | check-signature | send-test`: signatures over a payload's raw bytes, and
//! a realistic signed sample event posted to our callback.

use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::Req;
use crate::report::{Report, Step};
use crate::signing::{self, MetaMatch, SigError};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SigProvider {
    /// X-Hub-Signature-256 keyed with META_APP_SECRET.
    Meta,
    /// Calendly-Webhook-Signature keyed with CALENDLY_SIGNING_KEY.
    Calendly,
}

impl SigProvider {
    fn secret_name(self) -> &'static str {
        match self {
            SigProvider::Meta => "META_APP_SECRET",
            SigProvider::Calendly => "CALENDLY_SIGNING_KEY",
        }
    }
    fn header(self) -> &'static str {
        match self {
            SigProvider::Meta => signing::META_HEADER,
            SigProvider::Calendly => signing::CALENDLY_HEADER,
        }
    }
}

/// What a valid signature matched.
enum Verdict {
    Meta(MetaMatch),
    /// The timestamp's age in seconds.
    Calendly(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestProvider {
    /// A WhatsApp `messages` event to WHATSAPP_WEBHOOK_URL.
    MetaWhatsapp,
    /// A Lead Ads `leadgen` event to META_WEBHOOK_URL.
    MetaLeadgen,
    /// A Calendly `invitee.created` event to CALENDLY_WEBHOOK_URL.
    Calendly,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    #[arg(long, value_enum)]
    pub provider: SigProvider,
    /// The payload, byte for byte as it is (or will be) sent.
    #[arg(long, value_name = "PATH")]
    pub file: PathBuf,
    /// Calendly: the timestamp to sign with (Unix seconds; default now).
    #[arg(long, value_name = "UNIX")]
    pub timestamp: Option<i64>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum)]
    pub provider: SigProvider,
    /// The payload, byte for byte as received.
    #[arg(long, value_name = "PATH")]
    pub file: PathBuf,
    /// The header value (`sha256=…` or `t=…,v1=…`), or the whole `Name: value` line.
    #[arg(long, value_name = "HEADER")]
    pub header: String,
    /// Calendly: the largest accepted age of `t`, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = signing::CALENDLY_TOLERANCE_SECS)]
    pub tolerance: i64,
}

#[derive(Debug, Args)]
pub struct SendTestArgs {
    #[arg(long, value_enum)]
    pub provider: TestProvider,
    /// Callback URL (default: WHATSAPP_WEBHOOK_URL / META_WEBHOOK_URL / CALENDLY_WEBHOOK_URL).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

/// The payload's bytes, and a warning step when they are not UTF-8 (still signed as they are).
fn read_payload(path: &PathBuf) -> Result<(Vec<u8>, Option<Step>)> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::usage(format!(
            "cannot read the payload file {}: {e}",
            path.display()
        ))
    })?;
    let warn = std::str::from_utf8(&bytes).err().map(|_| {
        Step::warn(
            "payload",
            format!(
                "{} is not valid UTF-8 ({} bytes): signatures work on the raw bytes, so it was used as is",
                path.display(),
                bytes.len()
            ),
        )
        .hint("webhook bodies are UTF-8 JSON: is this the right file (an editor may have saved it as UTF-16)?")
    });
    Ok((bytes, warn))
}

pub async fn sign(ctx: &Context, a: SignArgs) -> Result<Report> {
    let (body, warn) = read_payload(&a.file)?;
    let secret = ctx.secrets.get(a.provider.secret_name())?;
    let value = match a.provider {
        SigProvider::Meta => signing::meta_sign(secret.expose().as_bytes(), &body),
        SigProvider::Calendly => {
            let t = a.timestamp.unwrap_or_else(|| ctx.now().timestamp());
            signing::calendly_sign(secret.expose().as_bytes(), t, &body)
        }
    };
    let line = format!("{}: {value}", a.provider.header());
    let mut steps: Vec<Step> = warn.into_iter().collect();
    steps.push(
        Step::ok("signature", line.clone())
            .with("header", a.provider.header())
            .with("value", value)
            .with("bytes", body.len())
            .with("key", a.provider.secret_name()),
    );
    let clean = steps.len() == 1;
    let mut r = report(ctx, steps);
    // The bare header line for people and `curl -H "$(intops webhook sign …)"`; with a warning,
    // the table shows it instead.
    if clean {
        r.raw = Some(line);
    }
    Ok(r)
}

pub async fn check(ctx: &Context, a: CheckArgs) -> Result<Report> {
    let (body, warn) = read_payload(&a.file)?;
    if a.tolerance < 0 {
        return Err(Error::usage("--tolerance must be 0 or more seconds"));
    }
    let secret = ctx.secrets.get(a.provider.secret_name())?;
    let key = secret.expose().as_bytes();
    let now = ctx.now().timestamp();
    let verdict = |b: &[u8]| match a.provider {
        SigProvider::Meta => signing::meta_check(key, b, &a.header).map(Verdict::Meta),
        SigProvider::Calendly => {
            signing::calendly_check(key, b, &a.header, now, a.tolerance).map(Verdict::Calendly)
        }
    };
    let name = a.provider.secret_name();
    let mut steps: Vec<Step> = warn.into_iter().collect();
    let step = match verdict(&body) {
        Ok(v) => Step::ok(
            "signature",
            match v {
                Verdict::Calendly(age) => {
                    format!("valid: signed with {name}, timestamp {age} s old")
                }
                Verdict::Meta(MetaMatch::Raw) => format!("valid: signed with {name}"),
                Verdict::Meta(MetaMatch::EscapedUnicode) => format!(
                    "valid: signed with {name} over the body with non-ASCII characters as \\uXXXX escapes"
                ),
                Verdict::Meta(MetaMatch::LegacySha1) => format!(
                    "valid: legacy X-Hub-Signature (sha1) signed with {name}; Meta also sends X-Hub-Signature-256, prefer it"
                ),
            },
        ),
        Err(SigError::Malformed(m)) => {
            return Err(Error::usage(format!(
                "malformed {} header: {m}",
                a.provider.header()
            )))
        }
        Err(SigError::Mismatch) => {
            let trimmed = body.strip_suffix(b"\n").map(|b| b.strip_suffix(b"\r").unwrap_or(b));
            match trimmed.map(verdict) {
                Some(Ok(_)) => Step::warn(
                    "signature",
                    "invalid for the file as it is, but valid without its trailing newline",
                )
                .hint("the signature is right: an editor or `echo` added the newline; receivers must verify the raw bytes received"),
                _ => Step::crit(
                    "signature",
                    format!("invalid: the signature does not match this body with {name}"),
                )
                .hint(match a.provider {
                    SigProvider::Meta => "check META_APP_SECRET is the secret of the app that sent it (App Dashboard > Settings > Basic) and that the body is the raw bytes received, not re-serialised JSON",
                    SigProvider::Calendly => "check CALENDLY_SIGNING_KEY is the key the subscription was created with (`intops calendly subscriptions ensure` sets it) and that the body is the raw bytes received",
                }),
            }
        }
        Err(e @ (SigError::Stale { .. } | SigError::Future { .. })) => Step::crit(
            "signature",
            format!("the HMAC matches, but the {e}"),
        )
        .hint("a receiver rejects it: if this is a saved payload, pass a wider --tolerance; otherwise check the clocks (NTP)"),
    };
    steps.push(
        step.with("header", a.provider.header())
            .with("bytes", body.len()),
    );
    Ok(report(ctx, steps))
}

fn ts(ctx: &Context) -> (i64, String) {
    let now = ctx.now();
    (
        now.timestamp(),
        now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
    )
}

/// A realistic event in the documented shapes (docs/vendors/meta.md §7, docs/vendors/calendly.md).
pub fn sample_payload(ctx: &Context, p: TestProvider) -> Vec<u8> {
    let (unix, iso) = ts(ctx);
    let n: u32 = rand::random();
    let v = match p {
        TestProvider::MetaWhatsapp => json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": ctx.setting("WHATSAPP_BUSINESS_ACCOUNT_ID").unwrap_or_else(|| "0".into()), "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "15550100001", "phone_number_id": ctx.setting("WHATSAPP_PHONE_NUMBER_ID").unwrap_or_else(|| "0".into())},
                "contacts": [{"profile": {"name": "intops send-test"}, "wa_id": "15550100099"}],
                "messages": [{"from": "15550100099", "id": format!("wamid.intopsTEST{n:010}"), "timestamp": unix.to_string(), "type": "text", "text": {"body": format!("intops send-test {iso}")}}]
            }}]}]
        }),
        TestProvider::MetaLeadgen => {
            let page = ctx.setting("META_PAGE_ID").unwrap_or_else(|| "0".into());
            json!({
                "object": "page",
                "entry": [{"id": page, "time": unix, "changes": [{"field": "leadgen", "value": {
                    "leadgen_id": format!("{}", 444_000_000_000u64 + n as u64), "page_id": page, "form_id": "555000000001",
                    "adgroup_id": "23850000000000002", "ad_id": "23850000000000001", "created_time": unix
                }}]}]
            })
        }
        TestProvider::Calendly => json!({
            "event": "invitee.created",
            "created_at": iso,
            "created_by": "https://api.calendly.com/users/INTOPSTEST",
            "payload": {
                "uri": format!("https://api.calendly.com/scheduled_events/INTOPSTEST/invitees/T{n}"),
                "email": "intops-send-test@example.com",
                "name": "intops send-test", "first_name": "intops", "last_name": "send-test",
                "status": "active", "timezone": "UTC", "rescheduled": false,
                "questions_and_answers": [], "tracking": {"utm_source": "intops"},
                "text_reminder_number": null, "old_invitee": null, "new_invitee": null,
                "cancel_url": "https://calendly.com/cancellations/INTOPSTEST",
                "reschedule_url": "https://calendly.com/reschedulings/INTOPSTEST",
                "created_at": iso, "updated_at": iso,
                "event": "https://api.calendly.com/scheduled_events/INTOPSTEST",
                "scheduled_event": {"uri": "https://api.calendly.com/scheduled_events/INTOPSTEST", "name": "intops send-test", "start_time": iso, "end_time": iso, "event_type": "https://api.calendly.com/event_types/INTOPSTEST", "location": {"type": "custom", "location": "test"}, "event_memberships": []}
            }
        }),
    };
    serde_json::to_vec(&v).expect("a JSON value serialises")
}

pub async fn send_test(ctx: &Context, a: SendTestArgs) -> Result<Report> {
    let (url_name, provider) = match a.provider {
        TestProvider::MetaWhatsapp => ("WHATSAPP_WEBHOOK_URL", SigProvider::Meta),
        TestProvider::MetaLeadgen => ("META_WEBHOOK_URL", SigProvider::Meta),
        TestProvider::Calendly => ("CALENDLY_WEBHOOK_URL", SigProvider::Calendly),
    };
    let url = match &a.url {
        Some(u) => u.clone(),
        None => crate::commands::common::need_setting(ctx, url_name, Some("--url"))?,
    };
    let parsed = url::Url::parse(&url)
        .ok()
        .filter(|u| u.scheme() == "https" || u.scheme() == "http")
        .ok_or_else(|| Error::usage(format!("{url:?} is not an http(s) URL")))?;
    let secret = ctx.secrets.get(provider.secret_name())?;
    let body = sample_payload(ctx, a.provider);
    let sig = match provider {
        SigProvider::Meta => signing::meta_sign(secret.expose().as_bytes(), &body),
        SigProvider::Calendly => {
            signing::calendly_sign(secret.expose().as_bytes(), ctx.now().timestamp(), &body)
        }
    };
    let mut steps = Vec::new();
    if parsed.scheme() != "https" {
        steps.push(
            Step::warn("tls", format!("{url} is not https: the vendor only delivers to https with a valid certificate"))
                .hint("serve the callback over https with a certificate from a public CA"),
        );
    }
    ctx.confirm(&format!(
        "Post a signed sample {} event to {url}?",
        a.provider
            .to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    ))?;
    let req = Req::post("callback", parsed)
        .raw("application/json", body.clone())
        .header(provider.header(), sig)
        .no_retry();
    let th = &ctx.config.thresholds;
    let step = match ctx.http.send(req).await {
        Err(e) if e.is_dry_run() => Step::skipped("send-test", e.message.clone()),
        Err(e) => Step::crit("send-test", format!("{url} did not answer: {}", e.message))
            .hint("is the service up and reachable? check its deploy and logs"),
        Ok(r) => {
            let ms = r.elapsed.as_millis() as u64;
            let s = if r.status == 401 || r.status == 403 {
                Step::crit(
                    "send-test",
                    format!(
                        "the callback rejected the signed event (HTTP {}): {}",
                        r.status,
                        r.body_hint()
                    ),
                )
                .hint(format!(
                    "the service verifies with a different key: make its key and {} the same",
                    provider.secret_name()
                ))
            } else if !r.is_success() {
                Step::crit(
                    "send-test",
                    format!("the callback answered HTTP {} with {}", r.status, r.body_hint()),
                )
                .hint("the vendor retries, then gives up (Calendly disables the hook after 24 h): check the service's logs")
            } else if ms > th.webhook_latency_crit_ms {
                Step::crit(
                    "send-test",
                    format!(
                        "accepted (HTTP {}) but in {ms} ms (crit above {} ms)",
                        r.status, th.webhook_latency_crit_ms
                    ),
                )
                .hint("answer 200 first and process the event asynchronously")
            } else if ms > th.webhook_latency_warn_ms {
                Step::warn(
                    "send-test",
                    format!(
                        "accepted (HTTP {}) in {ms} ms (warn above {} ms)",
                        r.status, th.webhook_latency_warn_ms
                    ),
                )
                .hint("answer 200 first and process the event asynchronously")
            } else {
                Step::ok(
                    "send-test",
                    format!("accepted: HTTP {} in {ms} ms", r.status),
                )
            };
            s.with("http_status", r.status)
                .with("latency_ms", ms)
                .metric("webhook_send_test_seconds", ms as f64 / 1000.0)
        }
    };
    steps.push(step.with("url", url).with("bytes", body.len()));
    Ok(report(ctx, steps))
}
