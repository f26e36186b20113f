//! `intops webhook …`: whether events reach us (status), the callback handshake (verify), the
//! runbook's safe re-registration (reregister). Signatures and test events live in
//! `webhook_signature.rs`.

use crate::commands::report;
use crate::commands::webhook_signature::{self, CheckArgs, SendTestArgs, SignArgs};
use crate::commands::whatsapp::{app_token, meta_client, meta_with_token};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::Req;
use crate::providers::meta::{AppSubscription, Meta, NewAppSubscription, WabaSubscribedApp};
use crate::report::{Report, Status, Step};
use crate::secrets::Secret;
use clap::{Args, Subcommand, ValueEnum};
use url::Url;

#[derive(Debug, Subcommand)]
pub enum WebhookCmd {
    /// App subscriptions, the WABA subscription, the Lead Ads page install and the callback
    /// handshake: everything that decides whether events reach us.
    Status,
    /// The hub.challenge handshake against our own callback: status, exact echo, latency.
    Verify(VerifyArgs),
    /// Verify the callback, subscribe, read back (runbook Option 2). Never deletes first.
    Reregister(ReregisterArgs),
    /// Print the signature header for a payload file (Meta X-Hub-Signature-256 or Calendly).
    Sign(SignArgs),
    /// Check a signature header against a payload file (constant-time, raw bytes).
    CheckSignature(CheckArgs),
    /// Post a realistic, correctly signed sample event to our callback.
    SendTest(SendTestArgs),
}

impl WebhookCmd {
    pub fn name(&self) -> &'static str {
        match self {
            WebhookCmd::Status => "status",
            WebhookCmd::Verify(_) => "verify",
            WebhookCmd::Reregister(_) => "reregister",
            WebhookCmd::Sign(_) => "sign",
            WebhookCmd::CheckSignature(_) => "check-signature",
            WebhookCmd::SendTest(_) => "send-test",
        }
    }
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
    fn url_name(self) -> &'static str {
        match self {
            Target::Whatsapp => "WHATSAPP_WEBHOOK_URL",
            Target::Leadgen => "META_WEBHOOK_URL",
        }
    }
    fn token_name(self) -> &'static str {
        match self {
            Target::Whatsapp => "WEBHOOK_VERIFY_TOKEN",
            Target::Leadgen => "META_VERIFY_TOKEN",
        }
    }
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Callback URL to check (default: WHATSAPP_WEBHOOK_URL / META_WEBHOOK_URL).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Which callback and verify token (default: every configured one; whatsapp with --url).
    #[arg(long, value_enum)]
    pub target: Option<Target>,
}

#[derive(Debug, Args)]
pub struct ReregisterArgs {
    /// What to re-register.
    #[arg(long, value_enum, default_value_t = Target::Whatsapp)]
    pub target: Target,
    /// Callback URL (default: WHATSAPP_WEBHOOK_URL / META_WEBHOOK_URL).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// WhatsApp: send the callback as override_callback_uri (+ verify_token) for this WABA only.
    #[arg(long)]
    pub override_callback: bool,
    /// Lead Ads: after the new subscription is confirmed, remove the page object's other fields.
    #[arg(long)]
    pub replace: bool,
}

pub const DOCTOR_REQUIRES: &[&str] = &["WHATSAPP_APP_ID"];

/// The doctor's check: `webhook status` with its defaults.
pub async fn doctor(ctx: &Context) -> Result<Report> {
    status(ctx).await
}

pub async fn run(ctx: &Context, cmd: WebhookCmd) -> Result<Report> {
    match cmd {
        WebhookCmd::Status => status(ctx).await,
        WebhookCmd::Verify(a) => verify(ctx, a).await,
        WebhookCmd::Reregister(a) => reregister(ctx, a).await,
        WebhookCmd::Sign(a) => webhook_signature::sign(ctx, a).await,
        WebhookCmd::CheckSignature(a) => webhook_signature::check(ctx, a).await,
        WebhookCmd::SendTest(a) => webhook_signature::send_test(ctx, a).await,
    }
}

/// One of our callbacks: where it is and the verify token it expects.
pub struct Callback {
    pub target: Target,
    pub url: String,
    pub token: Secret,
}

fn callback(ctx: &Context, target: Target, url: Option<&str>) -> Result<Callback> {
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

/// A plain setting (env, --env-file or `[PROFILE.settings]`), or an error that says where to put
/// it. Settings are not secrets, so `intops auth set` would not help.
pub fn need_setting(ctx: &Context, name: &str, alternative: Option<&str>) -> Result<String> {
    ctx.setting(name).ok_or_else(|| {
        Error::config(format!(
            "{name} is not set{}: export {name}=… (or put it in the --env-file, or under [{}.settings] in {})",
            alternative.map(|a| format!(" (or pass {a})")).unwrap_or_default(),
            ctx.profile,
            ctx.paths.config_file.display()
        ))
    })
}

fn missing(ctx: &Context, step: &str, name: &str) -> Step {
    let profile = if ctx.profile == "default" {
        String::new()
    } else {
        format!(" --profile {}", ctx.profile)
    };
    Step::unknown(step, format!("{name} is not set: not checked"))
        .hint(format!("`intops auth set {name}{profile}` (or export it)"))
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
    let challenge = format!("intops{}", rand::random::<u64>());
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
                    t_token(cb.target),
                    t_token(cb.target)
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

fn t_token(t: Target) -> &'static str {
    t.token_name()
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

fn describe_sub(s: &AppSubscription) -> String {
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

fn reregister_hint(t: Target) -> String {
    format!(
        "`intops webhook reregister --target {}` (verifies the callback first)",
        t.as_str()
    )
}

/// Judge the app's subscriptions against what is configured.
fn subscription_steps(
    ctx: &Context,
    subs: &[AppSubscription],
    waba_override: Option<&str>,
) -> Vec<Step> {
    let wa_url = ctx.setting("WHATSAPP_WEBHOOK_URL");
    let lead_url = ctx.setting("META_WEBHOOK_URL");
    let wants_wa = wa_url.is_some() || ctx.setting("WHATSAPP_BUSINESS_ACCOUNT_ID").is_some();
    let wants_lead = lead_url.is_some() || ctx.setting("META_PAGE_ID").is_some();
    let mut steps = Vec::new();
    for s in subs {
        let name = format!("subscription {}", s.object);
        let data = serde_json::to_value(s).unwrap_or_default();
        let target = match s.object.as_str() {
            "whatsapp_business_account" => Some(Target::Whatsapp),
            "page" => Some(Target::Leadgen),
            _ => None,
        };
        let configured = match target {
            Some(Target::Whatsapp) => wa_url.as_deref(),
            Some(Target::Leadgen) => lead_url.as_deref(),
            None => None,
        };
        let step = if !s.active {
            let hint = match target {
                Some(t) => reregister_hint(t),
                None => "re-save the subscription in the App Dashboard > Webhooks".into(),
            };
            Step::crit(
                &name,
                format!(
                    "inactive: Meta is not delivering {} events ({})",
                    s.object,
                    describe_sub(s)
                ),
            )
            .hint(hint)
        } else if target == Some(Target::Leadgen) && wants_lead && !s.has_field("leadgen") {
            Step::crit(&name, format!("no leadgen field: {}", describe_sub(s)))
                .hint(reregister_hint(Target::Leadgen))
        } else if let (Some(want), Some(got)) = (configured, s.callback_url.as_deref()) {
            let overridden = target == Some(Target::Whatsapp) && waba_override == Some(want);
            if want != got && !overridden {
                Step::warn(
                    &name,
                    format!(
                        "Meta delivers to {got}, but {} is {want}",
                        target.map(Target::url_name).unwrap_or("")
                    ),
                )
                .hint(format!(
                    "if {want} is right: {}",
                    reregister_hint(target.unwrap_or(Target::Whatsapp))
                ))
            } else {
                Step::ok(&name, describe_sub(s))
            }
        } else {
            Step::ok(&name, describe_sub(s))
        };
        steps.push(step.data(data).metric(
            "webhook_subscription_active",
            if s.active { 1.0 } else { 0.0 },
        ));
    }
    let has = |o: &str| subs.iter().any(|s| s.object == o);
    if wants_wa && !has("whatsapp_business_account") {
        steps.push(match waba_override {
            Some(o) => Step::ok(
                "subscription whatsapp_business_account",
                format!("no app-level WhatsApp callback; the WABA's override callback {o} receives events"),
            ),
            None => Step::crit(
                "subscription whatsapp_business_account",
                "the app has no whatsapp_business_account subscription: WhatsApp events have no callback",
            )
            .hint("App Dashboard > WhatsApp > Configuration: set the callback URL and verify token and subscribe to messages; or `intops webhook reregister --target whatsapp --override-callback`"),
        });
    }
    if wants_lead && !has("page") {
        steps.push(
            Step::crit(
                "subscription page",
                "the app has no page subscription: Lead Ads events have no callback",
            )
            .hint(reregister_hint(Target::Leadgen)),
        );
    }
    if subs.is_empty() && !wants_wa && !wants_lead {
        steps.push(Step::warn(
            "app subscriptions",
            "the app has no webhook subscriptions",
        ));
    }
    steps
}

fn waba_step(app_id: &str, waba: &str, apps: &[WabaSubscribedApp]) -> Step {
    let ours = apps.iter().find(|a| a.app_id() == Some(app_id));
    let data = serde_json::to_value(apps).unwrap_or_default();
    let step = match ours {
        Some(a) => Step::ok(
            "waba subscription",
            match a.override_callback() {
                Some(o) => {
                    format!("app {app_id} is subscribed to WABA {waba}, override callback {o}")
                }
                None => format!("app {app_id} is subscribed to WABA {waba}"),
            },
        ),
        None if apps.is_empty() => Step::crit(
            "waba subscription",
            format!("no app is subscribed to WABA {waba}: WhatsApp events are not delivered"),
        )
        .hint(reregister_hint(Target::Whatsapp)),
        None => Step::crit(
            "waba subscription",
            format!(
                "WABA {waba} has {} app(s) subscribed, but not ours ({app_id})",
                apps.len()
            ),
        )
        .hint(reregister_hint(Target::Whatsapp)),
    };
    step.with("apps", data).metric(
        "webhook_waba_subscribed",
        if ours.is_some() { 1.0 } else { 0.0 },
    )
}

fn page_client(ctx: &Context) -> Option<Meta> {
    for name in ["META_PAGE_ACCESS_TOKEN", "META_ACCESS_TOKEN"] {
        if let Some(t) = ctx.secrets.optional(name) {
            return Some(meta_with_token(ctx, t, name));
        }
    }
    None
}

async fn page_step(ctx: &Context, app_id: &str, page: &str) -> Step {
    let Some(client) = page_client(ctx) else {
        return missing(ctx, "page install", "META_PAGE_ACCESS_TOKEN");
    };
    match client.page_subscribed_apps(page).await {
        Err(e) => e.step("page install"),
        Ok(apps) => {
            let ours = apps.iter().find(|a| a.id.as_deref() == Some(app_id));
            let data = serde_json::to_value(&apps).unwrap_or_default();
            let step = match ours {
                Some(a) if a.subscribed_fields.iter().any(|f| f == "leadgen") => Step::ok(
                    "page install",
                    format!(
                        "app {app_id} is installed on Page {page} with {}",
                        a.subscribed_fields.join(",")
                    ),
                ),
                Some(a) => Step::crit(
                    "page install",
                    format!(
                        "app {app_id} is installed on Page {page} without leadgen (fields: {})",
                        a.subscribed_fields.join(",")
                    ),
                )
                .hint(reregister_hint(Target::Leadgen)),
                None => Step::crit(
                    "page install",
                    format!("app {app_id} is not installed on Page {page}: no lead events"),
                )
                .hint(reregister_hint(Target::Leadgen)),
            };
            step.with("apps", data)
        }
    }
}

/// The WABA's subscribed apps: the step, and our override callback if one is set.
async fn waba_check(ctx: &Context, app_id: &str) -> (Step, Option<String>) {
    let Some(waba) = ctx.setting("WHATSAPP_BUSINESS_ACCOUNT_ID") else {
        return (
            Step::skipped(
                "waba subscription",
                "WHATSAPP_BUSINESS_ACCOUNT_ID is not set",
            ),
            None,
        );
    };
    let Some(t) = ctx.secrets.optional("WHATSAPP_ACCESS_TOKEN") else {
        return (
            missing(ctx, "waba subscription", "WHATSAPP_ACCESS_TOKEN"),
            None,
        );
    };
    let m = meta_with_token(ctx, t, "WHATSAPP_ACCESS_TOKEN");
    match m.waba_subscribed_apps(&waba).await {
        Ok(apps) => {
            let over = apps
                .iter()
                .find(|a| a.app_id() == Some(app_id))
                .and_then(|a| a.override_callback().map(str::to_string));
            (waba_step(app_id, &waba, &apps), over)
        }
        Err(e) => (e.step("waba subscription"), None),
    }
}

async fn app_subscriptions_check(
    ctx: &Context,
    app_id: &str,
) -> std::result::Result<Vec<AppSubscription>, Step> {
    let Some((tok, _)) = app_token(ctx) else {
        return Err(missing(ctx, "app subscriptions", "META_APP_SECRET")
            .hint("an app token is needed: `intops auth set WHATSAPP_APP_TOKEN`, or WHATSAPP_APP_ID plus `intops auth set META_APP_SECRET`"));
    };
    meta_with_token(ctx, tok, "WHATSAPP_APP_TOKEN")
        .app_subscriptions(app_id)
        .await
        .map_err(|e| e.step("app subscriptions"))
}

async fn page_check(ctx: &Context, app_id: &str) -> Option<Step> {
    match ctx.setting("META_PAGE_ID") {
        Some(page) => Some(page_step(ctx, app_id, &page).await),
        None if ctx.setting("META_WEBHOOK_URL").is_some() => Some(Step::skipped(
            "page install",
            "META_PAGE_ID is not set: the Lead Ads page install is not checked",
        )),
        None => None,
    }
}

async fn handshake_check(ctx: &Context, t: Target, url: Option<String>) -> Vec<Step> {
    let Some(url) = url else { return Vec::new() };
    match ctx.secrets.optional(t.token_name()) {
        None => vec![missing(
            ctx,
            &format!("handshake {}", t.as_str()),
            t.token_name(),
        )],
        Some(token) => {
            let cb = Callback {
                target: t,
                url,
                token,
            };
            handshake_steps(ctx, &cb).await
        }
    }
}

pub async fn status(ctx: &Context) -> Result<Report> {
    let app_id = need_setting(ctx, "WHATSAPP_APP_ID", None)?;
    // Independent reads run together; a slow Graph should not add up.
    let ((waba, waba_override), subs, page) = futures::join!(
        waba_check(ctx, &app_id),
        app_subscriptions_check(ctx, &app_id),
        page_check(ctx, &app_id)
    );
    let mut steps = match subs {
        Ok(subs) => subscription_steps(ctx, &subs, waba_override.as_deref()),
        Err(step) => vec![step],
    };
    steps.push(waba);
    // Meta delivers WhatsApp events to the WABA's override callback when one is set.
    let wa_configured = ctx.setting(Target::Whatsapp.url_name());
    if let (Some(o), Some(c)) = (&waba_override, &wa_configured) {
        if o != c {
            steps.push(
                Step::warn(
                    "waba override",
                    format!("the WABA's override callback is {o}, but WHATSAPP_WEBHOOK_URL is {c}"),
                )
                .hint(format!(
                    "if {c} is right: {}",
                    "`intops webhook reregister --target whatsapp --override-callback`"
                )),
            );
        }
    }
    steps.extend(page);
    let (wa, lead) = futures::join!(
        handshake_check(ctx, Target::Whatsapp, waba_override.or(wa_configured)),
        handshake_check(
            ctx,
            Target::Leadgen,
            ctx.setting(Target::Leadgen.url_name())
        )
    );
    steps.extend(wa);
    steps.extend(lead);
    Ok(report(ctx, steps))
}

fn worst(steps: &[Step]) -> Status {
    steps.iter().fold(Status::Ok, |a, s| a.worst(s.status))
}

fn stop(steps: &mut Vec<Step>, why: &str, t: Target) {
    steps.push(
        Step::crit("reregister", format!("stopped: {why}; nothing was changed")).hint(format!(
            "fix it, check with `intops webhook verify --target {}`, then run this again",
            t.as_str()
        )),
    );
}

pub async fn reregister(ctx: &Context, a: ReregisterArgs) -> Result<Report> {
    if a.replace && a.target == Target::Whatsapp {
        return Err(Error::usage(
            "--replace applies to --target leadgen (it removes the page object's other fields); a WhatsApp subscription has nothing to replace",
        ));
    }
    if a.override_callback && a.target == Target::Leadgen {
        return Err(Error::usage(
            "--override-callback applies to --target whatsapp (a WABA's override_callback_uri)",
        ));
    }
    if a.url.is_some() && a.target == Target::Whatsapp && !a.override_callback {
        return Err(Error::usage(
            "--url needs --override-callback for --target whatsapp: without it the WABA uses the app's callback from the App Dashboard",
        ));
    }
    let app_id = need_setting(ctx, "WHATSAPP_APP_ID", None)?;
    let cb = callback(ctx, a.target, a.url.as_deref())?;
    match a.target {
        Target::Whatsapp => reregister_whatsapp(ctx, &app_id, &cb, a.override_callback).await,
        Target::Leadgen => reregister_leadgen(ctx, &app_id, &cb, a.replace).await,
    }
}

async fn reregister_whatsapp(
    ctx: &Context,
    app_id: &str,
    cb: &Callback,
    override_callback: bool,
) -> Result<Report> {
    // Every credential is resolved before anything is sent.
    let waba = need_setting(ctx, "WHATSAPP_BUSINESS_ACCOUNT_ID", None)?;
    let client = meta_client(ctx, "WHATSAPP_ACCESS_TOKEN")?;
    let mut steps = handshake_steps(ctx, cb).await;
    if worst(&steps) == Status::Crit {
        stop(
            &mut steps,
            "the callback failed the handshake, so Meta would reject or never reach it",
            cb.target,
        );
        return Ok(report(ctx, steps));
    }
    let before = match client.waba_subscribed_apps(&waba).await {
        Ok(apps) => apps,
        Err(e) => {
            steps.push(e.step("before"));
            stop(
                &mut steps,
                "the current subscription could not be read",
                cb.target,
            );
            return Ok(report(ctx, steps));
        }
    };
    steps.push(snapshot(waba_step(app_id, &waba, &before), "before"));
    let over = override_callback.then_some((cb.url.as_str(), &cb.token));
    ctx.confirm(&format!(
        "Subscribe app {app_id} to WABA {waba}{}?",
        if override_callback {
            format!(" with override callback {}", cb.url)
        } else {
            String::new()
        }
    ))?;
    match client.subscribe_waba(&waba, over).await {
        Ok(()) => steps.push(Step::ok(
            "subscribe",
            format!("POST /{waba}/subscribed_apps: success"),
        )),
        Err(e) if e.is_dry_run() => {
            steps.push(Step::skipped("subscribe", e.message.clone()));
            steps.push(Step::skipped(
                "after",
                "dry run: nothing was sent, nothing to read back",
            ));
            return Ok(report(ctx, steps));
        }
        Err(e) => {
            steps.push(e.step("subscribe"));
            return Ok(report(ctx, steps));
        }
    }
    let after = match client.waba_subscribed_apps(&waba).await {
        Ok(apps) => {
            let mut s = rename(waba_step(app_id, &waba, &apps), "after");
            if override_callback {
                let got = apps
                    .iter()
                    .find(|x| x.app_id() == Some(app_id))
                    .and_then(|x| x.override_callback());
                if got.is_some() && got != Some(cb.url.as_str()) {
                    s = Step::warn(
                        "after",
                        format!(
                            "subscribed, but the override callback reads back as {}",
                            got.unwrap_or("")
                        ),
                    )
                    .hint("run `intops webhook status` and compare with WHATSAPP_WEBHOOK_URL");
                }
            }
            s
        }
        Err(e) => e.step("after"),
    };
    steps.push(after);
    Ok(report(ctx, steps))
}

/// The state before a change, shown for comparison: it does not decide the exit code.
fn snapshot(mut s: Step, name: &str) -> Step {
    s.name = name.to_string();
    s.status = Status::Ok;
    s.hint = None;
    s
}

fn rename(mut s: Step, name: &str) -> Step {
    s.name = name.to_string();
    s
}

fn page_sub(subs: &[AppSubscription]) -> Option<&AppSubscription> {
    subs.iter().find(|s| s.object == "page")
}

async fn reregister_leadgen(
    ctx: &Context,
    app_id: &str,
    cb: &Callback,
    replace: bool,
) -> Result<Report> {
    let (tok, _) = app_token(ctx).ok_or_else(|| Error::MissingSecret {
        name: "META_APP_SECRET".into(),
        profile: ctx.profile.clone(),
    })?;
    let app = meta_with_token(ctx, tok, "WHATSAPP_APP_TOKEN");
    let page_id = ctx.setting("META_PAGE_ID");
    let page = ctx
        .secrets
        .optional("META_PAGE_ACCESS_TOKEN")
        .map(|t| meta_with_token(ctx, t, "META_PAGE_ACCESS_TOKEN"));
    let mut steps = handshake_steps(ctx, cb).await;
    if worst(&steps) == Status::Crit {
        stop(
            &mut steps,
            "the callback failed the handshake, so Meta would reject the subscription",
            cb.target,
        );
        return Ok(report(ctx, steps));
    }
    let before = match app.app_subscriptions(app_id).await {
        Ok(s) => s,
        Err(e) => {
            steps.push(e.step("before"));
            stop(
                &mut steps,
                "the current subscriptions could not be read",
                cb.target,
            );
            return Ok(report(ctx, steps));
        }
    };
    let before_page = page_sub(&before).cloned();
    steps.push(
        Step::ok(
            "before",
            before_page
                .as_ref()
                .map(describe_sub)
                .unwrap_or_else(|| "no page subscription".into()),
        )
        .with(
            "subscriptions",
            serde_json::to_value(&before).unwrap_or_default(),
        ),
    );
    let page_fields_before = match (&page_id, &page) {
        (Some(p), Some(client)) => client
            .page_subscribed_apps(p)
            .await
            .ok()
            .and_then(|apps| apps.into_iter().find(|a| a.id.as_deref() == Some(app_id)))
            .map(|a| a.subscribed_fields)
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let stale: Vec<String> = before_page
        .as_ref()
        .map(|s| {
            s.field_names()
                .into_iter()
                .filter(|f| f != "leadgen")
                .collect()
        })
        .unwrap_or_default();
    let mut prompt = format!(
        "Subscribe app {app_id} to object=page fields=leadgen at {}{}",
        cb.url,
        page_id
            .as_ref()
            .map(|p| format!(" and install it on Page {p}"))
            .unwrap_or_default()
    );
    if replace && !stale.is_empty() {
        prompt.push_str(&format!(", then remove page fields {}", stale.join(",")));
    }
    ctx.confirm(&format!("{prompt}?"))?;
    let new = NewAppSubscription {
        object: "page".into(),
        callback_url: cb.url.clone(),
        fields: vec!["leadgen".into()],
        verify_token: cb.token.clone(),
    };
    let dry = ctx.ui.dry_run;
    match app.subscribe_app(app_id, &new).await {
        Ok(()) => steps.push(Step::ok(
            "subscribe",
            format!("POST /{app_id}/subscriptions object=page fields=leadgen: success"),
        )),
        Err(e) if e.is_dry_run() => steps.push(Step::skipped("subscribe", e.message.clone())),
        Err(e) => {
            steps.push(e.step("subscribe"));
            return Ok(report(ctx, steps));
        }
    }
    // The Page install keeps the fields the app already had there.
    if let Some(p) = &page_id {
        match &page {
            None => steps.push(
                Step::warn("page install", "META_PAGE_ACCESS_TOKEN is not set: the Page install was not changed")
                    .hint("a Page token with pages_manage_metadata is needed: `intops auth set META_PAGE_ACCESS_TOKEN`"),
            ),
            Some(client) => {
                let mut fields = page_fields_before.clone();
                if !fields.iter().any(|f| f == "leadgen") {
                    fields.push("leadgen".into());
                }
                match client.install_on_page(p, &fields).await {
                    Ok(()) => steps.push(Step::ok(
                        "page install",
                        format!("POST /{p}/subscribed_apps subscribed_fields={}: success", fields.join(",")),
                    )),
                    Err(e) if e.is_dry_run() => steps.push(Step::skipped("page install", e.message.clone())),
                    Err(e) => steps.push(e.step("page install")),
                }
            }
        }
    }
    let confirmed = if dry {
        steps.push(Step::skipped(
            "after",
            "dry run: nothing was sent, nothing to read back",
        ));
        false
    } else {
        match app.app_subscriptions(app_id).await {
            Ok(after) => {
                let ok = page_sub(&after)
                    .map(|s| {
                        s.active
                            && s.has_field("leadgen")
                            && s.callback_url.as_deref() == Some(cb.url.as_str())
                    })
                    .unwrap_or(false);
                let summary = page_sub(&after)
                    .map(describe_sub)
                    .unwrap_or_else(|| "no page subscription".into());
                let s = if ok {
                    Step::ok("after", summary)
                } else {
                    Step::crit("after", format!("read back does not show an active leadgen subscription at {}: {summary}", cb.url))
                        .hint("run `intops webhook status`; Meta may take a moment, or the app may lack pages_manage_metadata")
                };
                steps.push(s.with(
                    "subscriptions",
                    serde_json::to_value(&after).unwrap_or_default(),
                ));
                if let (Some(p), Some(_)) = (&page_id, &page) {
                    steps.push(rename(
                        page_step(ctx, app_id, p).await,
                        "after page install",
                    ));
                }
                ok
            }
            Err(e) => {
                steps.push(e.step("after"));
                false
            }
        }
    };
    if replace {
        if stale.is_empty() {
            steps.push(Step::ok(
                "replace",
                "the page object has no other fields: nothing to remove",
            ));
        } else if confirmed || dry {
            // Always with object and fields: a DELETE without object removes every subscription.
            match app.unsubscribe_app_fields(app_id, "page", &stale).await {
                Ok(()) => steps.push(Step::ok(
                    "replace",
                    format!("removed page fields {}", stale.join(",")),
                )),
                Err(e) if e.is_dry_run() => steps.push(Step::skipped("replace", e.message.clone())),
                Err(e) => steps.push(e.step("replace")),
            }
        } else {
            steps.push(Step::skipped(
                "replace",
                format!(
                    "not attempted: the new subscription was not confirmed, so page fields {} stay",
                    stale.join(",")
                ),
            ));
        }
    }
    Ok(report(ctx, steps))
}
