//! `intops webhook …`: the clap tree, our callbacks and the handshake that several verbs run. One
//! file per verb: `status.rs`, `verify.rs`, `reregister.rs`, `backfill.rs`; signatures and test
//! events in `signature.rs`.

pub mod backfill;
pub mod reregister;
pub mod signature;
pub mod status;
pub mod verify;

use crate::commands::common::need_setting;
use crate::context::Context;
use crate::error::Result;
use crate::http::Req;
use crate::providers::meta::AppSubscription;
use crate::report::{Report, Step};
use crate::secrets::Secret;
use clap::{Subcommand, ValueEnum};
use url::Url;

#[derive(Debug, Subcommand)]
pub enum WebhookCmd {
    /// App subscriptions, the WABA subscription, the Lead Ads page install and the callback
    /// handshake: everything that decides whether events reach us.
    Status,
    /// The hub.challenge handshake against our own callback: status, exact echo, latency.
    Verify(verify::VerifyArgs),
    /// Verify the callback, subscribe, read back (runbook Option 2). Never deletes first.
    Reregister(reregister::ReregisterArgs),
    /// Print the signature header for a payload file (Meta X-Hub-Signature-256 or Calendly).
    Sign(signature::SignArgs),
    /// Check a signature header against a payload file (constant-time, raw bytes).
    CheckSignature(signature::CheckArgs),
    /// Post a realistic, correctly signed sample event to our callback.
    SendTest(signature::SendTestArgs),
    /// Re-deliver the leads or bookings created while the webhook was down (last step of the
    /// webhook incident): signed like the vendor, each at most once.
    Backfill(backfill::BackfillArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// WhatsApp: WHATSAPP_WEBHOOK_URL, WEBHOOK_VERIFY_TOKEN, POST /{WABA-ID}/subscribed_apps.
    Whatsapp,
    /// Lead Ads: META_WEBHOOK_URL, META_VERIFY_TOKEN, POST /{app-id}/subscriptions object=page.
    Leadgen,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Whatsapp => "whatsapp",
            Target::Leadgen => "leadgen",
        }
    }
    pub fn url_name(self) -> &'static str {
        match self {
            Target::Whatsapp => "WHATSAPP_WEBHOOK_URL",
            Target::Leadgen => "META_WEBHOOK_URL",
        }
    }
    pub fn token_name(self) -> &'static str {
        match self {
            Target::Whatsapp => "WEBHOOK_VERIFY_TOKEN",
            Target::Leadgen => "META_VERIFY_TOKEN",
        }
    }
}

pub const DOCTOR_REQUIRES: &[&str] = &["WHATSAPP_APP_ID"];

/// The doctor's check: `webhook status` with its defaults.
pub async fn doctor(ctx: &Context) -> Result<Report> {
    status::status(ctx).await
}

pub async fn run(ctx: &Context, cmd: WebhookCmd) -> Result<Report> {
    match cmd {
        WebhookCmd::Status => status::status(ctx).await,
        WebhookCmd::Verify(a) => verify::verify(ctx, a).await,
        WebhookCmd::Reregister(a) => reregister::reregister(ctx, a).await,
        WebhookCmd::Sign(a) => signature::sign(ctx, a).await,
        WebhookCmd::CheckSignature(a) => signature::check(ctx, a).await,
        WebhookCmd::SendTest(a) => signature::send_test(ctx, a).await,
        WebhookCmd::Backfill(a) => backfill::backfill(ctx, a).await,
    }
}

/// One of our callbacks: where it is and the verify token it expects.
pub struct Callback {
    pub target: Target,
    pub url: String,
    pub token: Secret,
}

pub(crate) fn callback(ctx: &Context, target: Target, url: Option<&str>) -> Result<Callback> {
    let url = match url {
        Some(u) => u.to_string(),
        None => need_setting(ctx, target.url_name(), Some("--url"))?,
    };
    Ok(Callback {
        target,
        url,
        token: ctx.secrets.get(target.token_name())?,
    })
}

pub(crate) fn missing(ctx: &Context, step: &str, name: &str) -> Step {
    Step::unknown(step, format!("{name} is not set: not checked")).hint(crate::error::missing_hint(
        name,
        &ctx.profile,
        ctx.secrets.keyring_usable(),
    ))
}

/// Meta's verification GET against our callback, judged like Meta would, plus latency against
/// the SLA thresholds. A non-https URL is a warning (Meta needs a valid certificate), but it is
/// still checked.
pub async fn handshake_steps(ctx: &Context, cb: &Callback) -> Vec<Step> {
    let t = cb.target.as_str();
    let name = format!("handshake {t}");
    let url = match Url::parse(&cb.url) {
        Ok(u) if u.scheme() == "https" || u.scheme() == "http" => u,
        _ => {
            return vec![
                Step::crit(name, format!("{:?} is not an http(s) URL", cb.url)).hint(format!(
                    "set {} to the callback's full https URL",
                    cb.target.url_name()
                )),
            ]
        }
    };
    let mut steps = Vec::new();
    if url.scheme() != "https" {
        steps.push(
            Step::warn(
                format!("tls {t}"),
                format!("{} is not https: Meta only delivers to https with a valid certificate", cb.url),
            )
            .hint("serve the callback over https with a certificate from a public CA (not self-signed)"),
        );
    }
    // Numeric, like Meta's: some handlers parse it as an integer before echoing it.
    let challenge = format!("{}", 1_000_000_000 + rand::random::<u32>() % 1_000_000_000);
    let th = &ctx.config.thresholds;
    // Past the crit threshold the answer is crit anyway: don't make the on-call wait longer.
    let limit = std::time::Duration::from_millis(th.webhook_latency_crit_ms + 1000)
        .min(ctx.http.opts.timeout);
    let req = Req::get("callback", url)
        .query("hub.mode", "subscribe")
        .query("hub.verify_token", cb.token.expose())
        .query("hub.challenge", &challenge)
        .timeout(limit)
        .no_retry();
    let step = match ctx.http.send(req).await {
        Err(e) if e.message.contains("certificate not trusted") => Step::crit(&name, format!("{} did not answer: {}", cb.url, e.message))
            .hint("Meta delivers only to a certificate chain a public CA signed: fix the callback's certificate (full chain, right host name). For a private CA (the sandbox's), set INTOPS_CA_FILE to its PEM: `intops sandbox --print-env` prints it"),
        Err(e) => Step::crit(&name, format!("{} did not answer: {}", cb.url, e.message))
            .hint("is the service up and reachable from the internet? Meta gives up after a few seconds; check its deploy and logs, then `intops webhook verify`"),
        Ok(r) => {
            let ms = r.elapsed.as_millis() as u64;
            let body = r.text();
            let step = if r.status == 401 || r.status == 403 {
                Step::crit(
                    &name,
                    format!("the callback refused the verify token (HTTP {})", r.status),
                )
                .hint(format!(
                    "{} differs from the token the service expects: make them the same (`intops auth set {}` or the service's env)",
                    cb.target.token_name(),
                    cb.target.token_name()
                ))
            } else if !r.is_success() {
                Step::crit(
                    &name,
                    format!("the callback answered HTTP {} with {}", r.status, r.body_hint()),
                )
                .hint("the callback is failing: check the service's deploy and logs, then `intops webhook verify`")
            } else if body != challenge {
                if body.trim() == challenge {
                    Step::warn(
                        &name,
                        "the echo of hub.challenge has extra whitespace around it",
                    )
                    .hint("return the raw hub.challenge value as the whole body")
                } else {
                    Step::crit(
                        &name,
                        format!(
                            "HTTP {} but the body is not the hub.challenge value (got {})",
                            r.status,
                            r.body_hint()
                        ),
                    )
                    .hint("the handler must answer the GET with the raw hub.challenge value as the body (not JSON, not quoted) when hub.verify_token matches")
                }
            } else if ms > th.webhook_latency_crit_ms {
                Step::crit(
                    &name,
                    format!("echoed hub.challenge, but in {ms} ms (crit above {} ms)", th.webhook_latency_crit_ms),
                )
                .hint("the callback is too slow: Meta times out; look at the service's cold starts and load")
            } else if ms > th.webhook_latency_warn_ms {
                Step::warn(
                    &name,
                    format!("echoed hub.challenge in {ms} ms (warn above {} ms)", th.webhook_latency_warn_ms),
                )
                .hint("the callback is slow: look at the service's cold starts and load")
            } else {
                Step::ok(&name, format!("{} echoed hub.challenge in {ms} ms", cb.url))
            };
            step.with("http_status", r.status)
                .with("latency_ms", ms)
                .metric("webhook_handshake_seconds", ms as f64 / 1000.0)
        }
    };
    steps.push(step.with("url", cb.url.clone()).with("target", t));
    steps
}

pub(crate) fn describe_sub(s: &AppSubscription) -> String {
    format!(
        "{} → {} · fields {} · {}",
        s.object,
        s.callback_url.as_deref().unwrap_or("(no callback)"),
        if s.fields.is_empty() {
            "none".to_string()
        } else {
            s.field_names().join(",")
        },
        if s.active { "active" } else { "INACTIVE" }
    )
}

pub(crate) fn reregister_hint(t: Target) -> String {
    format!(
        "`intops webhook reregister --provider {}` (verifies the callback first)",
        t.as_str()
    )
}
