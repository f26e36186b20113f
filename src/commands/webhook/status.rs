//! `intops webhook status`: the app's subscriptions, the WABA subscription, the Lead Ads Page
//! install and the callback handshakes, read concurrently and judged against the configuration.

use super::{describe_sub, handshake_steps, missing, reregister_hint, Callback, Target};
use crate::commands::common::graph_version_step;
use crate::commands::common::need_setting;
use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::providers::meta::{AppSubscription, WabaSubscribedApp};
use crate::report::{Report, Step};

/// Judge the app's subscriptions against what is configured.
pub(crate) fn subscription_steps(
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

pub(crate) fn waba_step(app_id: &str, waba: &str, apps: &[WabaSubscribedApp]) -> Step {
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

pub(crate) async fn page_step(ctx: &Context, app_id: &str, page: &str) -> Step {
    let Some(client) = ctx.meta_page() else {
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
    let m = ctx.meta_with_token(t, "WHATSAPP_ACCESS_TOKEN");
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
    let Some((tok, _)) = ctx.app_token() else {
        return Err(missing(ctx, "app subscriptions", "META_APP_SECRET")
            .hint("an app token is needed: `intops auth set WHATSAPP_APP_TOKEN`, or WHATSAPP_APP_ID plus `intops auth set META_APP_SECRET`"));
    };
    ctx.meta_with_token(tok, "WHATSAPP_APP_TOKEN")
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
    steps.extend(graph_version_step(ctx));
    Ok(report(ctx, steps))
}
