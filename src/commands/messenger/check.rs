//! `intops messenger check`: everything that decides whether Messenger messages reach the service
//! and replies leave the Page. Four steps, each with its own status: the Page token
//! (`debug_token`), the Page's installed apps (`subscribed_apps` with `messages`), the app's `page`
//! webhook subscription, and its callback. A step that could not run is unknown, saying why.

use crate::clients::messenger::MessengerPage;
use crate::commands::common::graph_version_step;
use crate::commands::report;
use crate::commands::webhook::{describe_sub, handshake_steps, Callback, Target};
use crate::context::Context;
use crate::error::{Cause, Result};
use crate::http::Req;
use crate::providers::meta::messenger::{self, MESSAGES_FIELD, SEND_SCOPE};
use crate::providers::meta::{AppSubscription, DebugToken, PageSubscribedApp};
use crate::report::{Report, Step};
use crate::timefmt::{from_unix, rfc};
use serde_json::json;
use url::Url;

const TOKEN: &str = "page token";
const SCOPES: &str = "page token scopes";
const PAGE_APPS: &str = "page subscription";
const APP_SUB: &str = "app subscription";
const CALLBACK: &str = "callback";

/// Where to subscribe the Page and the app to `messages` by hand.
const SUBSCRIBE_HINT: &str = "App Dashboard > Messenger > Settings > Webhooks: add the Page and tick `messages` (this installs the app on the Page), and make sure the app's Page webhook (callback URL and verify token) is subscribed to `messages`";

pub async fn check(ctx: &Context) -> Result<Report> {
    let page = ctx.messenger_page()?;
    let app = ctx.messenger_app_id();
    let app_id = app.as_ref().map(|(id, _)| id.as_str());
    let (token, apps, sub) = futures::join!(
        token_steps(ctx, &page, app_id),
        page_apps_step(&page, app_id),
        app_subscription_step(ctx, app_id),
    );
    let mut steps = token;
    steps.push(apps);
    let (sub_step, callback_url) = sub;
    let callback = callback_steps(ctx, callback_url, &sub_step).await;
    steps.push(sub_step);
    steps.extend(callback);
    steps.extend(graph_version_step(ctx));
    Ok(report(ctx, steps))
}

// ---------- 1. the Page token ----------

async fn token_steps(ctx: &Context, page: &MessengerPage, app_id: Option<&str>) -> Vec<Step> {
    let token_name = page.names.token;
    // An app token inspects best; without one the Page token inspects itself.
    let (inspector, inspector_name) = match ctx.messenger_app_token() {
        Some((t, name)) => (ctx.meta_with_token(t, "WHATSAPP_APP_TOKEN"), name),
        None => (page.client.clone(), "the token itself"),
    };
    match inspector.debug_token(&page.token).await {
        Ok(t) => judge_token(ctx, page, app_id, &t, inspector_name),
        Err(e) => {
            let by_app = inspector_name != "the token itself";
            let rejected = matches!(
                e.cause,
                Cause::BadRequest | Cause::TokenInvalid | Cause::TokenExpired
            );
            let mut step = if by_app {
                e.step(TOKEN)
            } else {
                messenger::messenger_meaning(e.clone(), token_name).step(TOKEN)
            };
            if by_app && rejected {
                step.summary = format!(
                    "the app token ({inspector_name}) was rejected: {}",
                    e.line()
                );
                step.hint = Some(format!(
                    "check {inspector_name}: it must belong to the app the Page token was made for (App Dashboard > Settings > Basic)"
                ));
            }
            vec![
                step,
                Step::unknown(SCOPES, "debug_token did not answer: scopes not checked"),
            ]
        }
    }
}

fn judge_token(
    ctx: &Context,
    page: &MessengerPage,
    app_id: Option<&str>,
    t: &DebugToken,
    inspector: &str,
) -> Vec<Step> {
    let token_name = page.names.token;
    let fix = messenger::new_page_token_hint(token_name);
    let now = ctx.now();
    let ty = t.token_type.clone().unwrap_or_else(|| "UNKNOWN".into());
    let mut data = json!({
        "is_valid": t.is_valid,
        "type": ty,
        "app_id": t.app_id,
        "profile_id": t.profile_id,
        "scopes": t.scopes,
        "credential": token_name,
        "inspected_with": inspector,
    });
    if !t.is_valid {
        let err = t.error.clone().unwrap_or_default();
        let expired_at = t.expires_at.filter(|e| *e > 0).and_then(from_unix);
        let why = match (err.subcode, expired_at) {
            (Some(463), Some(at)) => format!("expired on {}", rfc(at)),
            (Some(463), None) => "expired".to_string(),
            (Some(460), _) => {
                "invalidated: its user changed their password or Facebook reset the session".into()
            }
            (Some(458), _) => "the user removed the app".into(),
            _ => format!(
                "invalid: {}",
                err.message
                    .clone()
                    .unwrap_or_else(|| "no reason given".into())
            ),
        };
        let code = match (err.code, err.subcode) {
            (Some(c), Some(s)) => Some(format!("{c}/{s}")),
            (Some(c), None) => Some(c.to_string()),
            _ => None,
        };
        data["code"] = code.clone().into();
        let code_text = code.map(|c| format!(" ({c})")).unwrap_or_default();
        return vec![
            Step::crit(
                TOKEN,
                format!("{token_name} ({ty}) is not valid: {why}{code_text}: Messenger cannot send or read"),
            )
            .hint(fix)
            .data(data)
            .metric("token_valid", 0.0),
            Step::unknown(SCOPES, "the token is not valid: its scopes do not matter until it is replaced"),
        ];
    }
    let mut steps = Vec::new();
    // An expiry further ahead than any Meta token lives is no evidence of a good token.
    if let Some(Err(e)) = t
        .expires_at
        .map(|v| crate::providers::bounds::token_expiry("expires_at", v, now))
    {
        steps.push(e.api_error("meta").step(TOKEN));
    } else {
        let warn_days = ctx.config.thresholds.token_warn_days;
        let step = match t.expires_at.filter(|e| *e > 0).and_then(from_unix) {
            None => Step::ok(
                TOKEN,
                format!("valid {ty} token for Page {}, never expires", page.page_id),
            )
            .metric("token_valid", 1.0),
            Some(exp) => {
                let secs = exp.timestamp() - now.timestamp();
                let days = secs.div_euclid(86_400);
                data["expires_at"] = rfc(exp).into();
                data["days_left"] = days.into();
                let s = if secs <= 0 {
                    Step::crit(TOKEN, format!("{token_name} expired on {}", rfc(exp)))
                        .hint(fix.clone())
                } else if days <= warn_days {
                    Step::warn(
                        TOKEN,
                        format!("{token_name} expires in {days} days ({})", rfc(exp)),
                    )
                    .hint(fix.clone())
                } else {
                    Step::ok(
                        TOKEN,
                        format!(
                            "valid {ty} token for Page {}, expires in {days} days ({})",
                            page.page_id,
                            rfc(exp)
                        ),
                    )
                };
                s.metric("token_valid", if secs > 0 { 1.0 } else { 0.0 })
                    .metric("token_expiry_seconds", secs as f64)
            }
        };
        steps.push(step.data(data));
    }
    // The Send API takes a Page token of this Page; a user or system-user token is not one.
    if ty != "PAGE" && ty != "UNKNOWN" {
        steps.push(
            Step::warn(
                "page token type",
                format!("{token_name} is a {ty} token, not a Page token: the Send API needs the Page's own access token"),
            )
            .hint(fix.clone()),
        );
    } else if let Some(p) = t.profile_id.as_deref().filter(|p| *p != page.page_id) {
        steps.push(
            Step::crit(
                "page token page",
                format!(
                    "{token_name} is Page {p}'s token, but {} is {}",
                    page.names.id, page.page_id
                ),
            )
            .hint(format!(
                "use the token of Page {} in {token_name}, or fix {}",
                page.page_id, page.names.id
            )),
        );
    }
    if let (Some(want), Some(got)) = (app_id, t.app_id.as_deref()) {
        if want != got {
            steps.push(
                Step::warn(
                    "page token app",
                    format!("{token_name} was made for app {got}, but our app is {want}"),
                )
                .hint("make the Page token with the app that receives the Page's webhooks (META_APP_ID, else WHATSAPP_APP_ID)"),
            );
        }
    }
    let has = |s: &str| t.scopes.iter().any(|x| x == s);
    let scope_step = if !has(SEND_SCOPE) {
        Step::crit(
            SCOPES,
            format!("{token_name} lacks {SEND_SCOPE}: the Page cannot send Messenger messages"),
        )
        .hint(fix)
    } else if !has("pages_manage_metadata") {
        Step::warn(
            SCOPES,
            format!("{SEND_SCOPE} present, but pages_manage_metadata is missing: the Page's webhook installs (subscribed_apps) cannot be read or changed with this token"),
        )
        .hint(format!("add pages_manage_metadata when you next make the Page token: {fix}"))
    } else {
        Step::ok(
            SCOPES,
            format!(
                "{} scopes, including {SEND_SCOPE} and pages_manage_metadata",
                t.scopes.len()
            ),
        )
    };
    steps.push(scope_step.with("scopes", t.scopes.clone()));
    steps
}

// ---------- 2. the Page's installed apps ----------

async fn page_apps_step(page: &MessengerPage, app_id: Option<&str>) -> Step {
    let p = &page.page_id;
    let apps = match messenger::page_apps(&page.client, page.names.token, p).await {
        Ok(apps) => apps,
        Err(e) => return e.step(PAGE_APPS),
    };
    judge_page_apps(p, app_id, &apps)
}

fn judge_page_apps(page: &str, app_id: Option<&str>, apps: &[PageSubscribedApp]) -> Step {
    let data = serde_json::to_value(apps).unwrap_or_default();
    let Some(app_id) = app_id else {
        return Step::unknown(
            PAGE_APPS,
            format!(
                "Page {page} has {} app(s) installed, but META_APP_ID (or WHATSAPP_APP_ID) is not set: cannot tell whether ours is one",
                apps.len()
            ),
        )
        .hint("set META_APP_ID (or WHATSAPP_APP_ID) to the app that receives the Page's webhooks")
        .with("apps", data);
    };
    let ours = apps.iter().find(|a| a.id.as_deref() == Some(app_id));
    let step = match ours {
        None => Step::crit(
            PAGE_APPS,
            format!(
                "app {app_id} is not installed on Page {page} ({} other app(s) are): Messenger events are not delivered",
                apps.len()
            ),
        )
        .hint(install_hint(page)),
        Some(a) if !a.subscribed_fields.iter().any(|f| f == MESSAGES_FIELD) => Step::crit(
            PAGE_APPS,
            format!(
                "app {app_id} is installed on Page {page} without `messages` (fields: {}): no Messenger events",
                if a.subscribed_fields.is_empty() {
                    "none".to_string()
                } else {
                    a.subscribed_fields.join(",")
                }
            ),
        )
        .hint(install_hint(page)),
        Some(a) => Step::ok(
            PAGE_APPS,
            format!(
                "app {app_id} is installed on Page {page} with {}",
                a.subscribed_fields.join(",")
            ),
        ),
    };
    let subscribed = if step.status == crate::report::Status::Ok {
        1.0
    } else {
        0.0
    };
    step.metric("messenger_page_subscribed", subscribed)
        .with("apps", data)
}

fn install_hint(page: &str) -> String {
    format!(
        "{SUBSCRIBE_HINT}; or with the Page token: `intops api meta POST /{page}/subscribed_apps -f subscribed_fields=messages,messaging_postbacks,leadgen --token NAME` (NAME: the Page token's variable; list every field the Page needs, leadgen included when Lead Ads uses this Page)"
    )
}

// ---------- 3. the app's page subscription ----------

async fn app_subscription_step(ctx: &Context, app_id: Option<&str>) -> (Step, Option<String>) {
    let Some(app_id) = app_id else {
        return (
            Step::unknown(
                APP_SUB,
                "META_APP_ID (or WHATSAPP_APP_ID) is not set: the app's page webhook was not checked",
            )
            .hint("set META_APP_ID (or WHATSAPP_APP_ID) to the app that receives the Page's webhooks"),
            None,
        );
    };
    let Some((tok, _)) = ctx.messenger_app_token() else {
        return (
            Step::unknown(
                APP_SUB,
                "no app token: the app's page webhook was not checked",
            )
            .hint("an app token is needed: META_APP_SECRET with META_APP_ID (or WHATSAPP_APP_ID), or WHATSAPP_APP_TOKEN"),
            None,
        );
    };
    match ctx
        .meta_with_token(tok, "WHATSAPP_APP_TOKEN")
        .app_subscriptions(app_id)
        .await
    {
        Err(e) => (e.step(APP_SUB), None),
        Ok(subs) => judge_app_subscription(app_id, &subs),
    }
}

fn judge_app_subscription(app_id: &str, subs: &[AppSubscription]) -> (Step, Option<String>) {
    let Some(s) = subs.iter().find(|s| s.object == "page") else {
        return (
            Step::crit(
                APP_SUB,
                format!("app {app_id} has no `page` webhook subscription: Messenger events have no callback"),
            )
            .hint(SUBSCRIBE_HINT)
            .metric("webhook_subscription_active", 0.0),
            None,
        );
    };
    let data = serde_json::to_value(s).unwrap_or_default();
    let step = if !s.active {
        Step::crit(
            APP_SUB,
            format!("inactive: Meta is not delivering Page events ({})", describe_sub(s)),
        )
        .hint("re-save the Page webhook (callback URL and verify token) in App Dashboard > Messenger > Settings, or `intops webhook reregister --provider leadgen`; both reactivate it after verifying the callback")
    } else if !s.has_field(MESSAGES_FIELD) {
        Step::crit(
            APP_SUB,
            format!(
                "the app's page webhook lacks `messages`: {}",
                describe_sub(s)
            ),
        )
        .hint(SUBSCRIBE_HINT)
    } else {
        Step::ok(APP_SUB, describe_sub(s))
    };
    let url = s.callback_url.clone().filter(|u| !u.trim().is_empty());
    (
        step.data(data).metric(
            "webhook_subscription_active",
            if s.active { 1.0 } else { 0.0 },
        ),
        url,
    )
}

// ---------- 4. the callback ----------

/// The callback must be https (Meta delivers nowhere else) and answer. With the verify token,
/// the full handshake `webhook status` runs; without it, any answer below 500 proves it is reachable.
async fn callback_steps(ctx: &Context, url: Option<String>, sub: &Step) -> Vec<Step> {
    let Some(url) = url else {
        let why = if sub.status == crate::report::Status::Crit && sub.data.get("object").is_none() {
            "the app's page webhook could not be read or does not exist: no callback URL to reach"
        } else if sub.status == crate::report::Status::Unknown {
            "the app's page webhook was not checked: no callback URL to reach"
        } else {
            "the app's page webhook has no callback URL: nothing to reach"
        };
        return vec![Step::unknown(CALLBACK, why)];
    };
    let parsed = match Url::parse(&url) {
        Ok(u) if u.scheme() == "https" || u.scheme() == "http" => u,
        _ => {
            return vec![
                Step::crit(CALLBACK, format!("{url:?} is not an http(s) URL")).hint(SUBSCRIBE_HINT),
            ]
        }
    };
    if let Some(token) = ctx.secrets.optional(Target::Leadgen.token_name()) {
        let cb = Callback {
            target: Target::Leadgen,
            url,
            token,
        };
        return handshake_steps(ctx, &cb)
            .await
            .into_iter()
            .map(|mut s| {
                s.name = if s.name.starts_with("tls") {
                    format!("{CALLBACK} tls")
                } else {
                    CALLBACK.to_string()
                };
                s
            })
            .collect();
    }
    let mut steps = Vec::new();
    if parsed.scheme() != "https" {
        steps.push(
            Step::warn(
                format!("{CALLBACK} tls"),
                format!("{url} is not https: Meta only delivers to https with a valid certificate"),
            )
            .hint("serve the callback over https with a certificate from a public CA"),
        );
    }
    let th = &ctx.config.thresholds;
    let limit = std::time::Duration::from_millis(th.webhook_latency_crit_ms + 1000)
        .min(ctx.http.opts.timeout);
    let req = Req::get("callback", parsed)
        .query("hub.mode", "subscribe")
        .query("hub.challenge", "1158201444")
        .timeout(limit)
        .no_retry();
    let step = match ctx.http.send(req).await {
        Err(e) => Step::crit(CALLBACK, format!("{url} did not answer: {}", e.message))
            .hint("is the service (the facebook-webhook function) up and reachable from the internet? check its deploy and logs"),
        Ok(r) if r.status >= 500 => Step::crit(
            CALLBACK,
            format!("{url} answered HTTP {} with {}", r.status, r.body_hint()),
        )
        .hint("the callback is failing: check the service's deploy and logs"),
        Ok(r) => Step::ok(
            CALLBACK,
            format!(
                "{url} is reachable (HTTP {} in {} ms); the verify-token handshake was not checked: META_VERIFY_TOKEN is not set",
                r.status,
                r.elapsed.as_millis()
            ),
        )
        .with("http_status", r.status),
    };
    steps.push(step.with("url", url));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Status;

    fn app(id: &str, fields: &[&str]) -> PageSubscribedApp {
        PageSubscribedApp {
            id: Some(id.into()),
            name: Some("x".into()),
            subscribed_fields: fields.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn page_apps_need_our_app_with_messages() {
        let ok = judge_page_apps("P", Some("A"), &[app("B", &[]), app("A", &["messages"])]);
        assert_eq!(ok.status, Status::Ok);
        let no = judge_page_apps("P", Some("A"), &[app("B", &["messages"])]);
        assert_eq!(no.status, Status::Crit);
        assert!(no.summary.contains("not installed"));
        let field = judge_page_apps("P", Some("A"), &[app("A", &["leadgen"])]);
        assert_eq!(field.status, Status::Crit);
        assert!(field.summary.contains("without `messages`"));
        let unknown = judge_page_apps("P", None, &[app("A", &["messages"])]);
        assert_eq!(unknown.status, Status::Unknown);
    }

    #[test]
    fn app_subscription_must_be_active_with_messages() {
        let sub = |active: bool, fields: &[&str]| AppSubscription {
            object: "page".into(),
            callback_url: Some("https://x/cb".into()),
            active,
            fields: fields
                .iter()
                .map(|f| crate::providers::meta::SubscriptionField {
                    name: f.to_string(),
                    version: None,
                })
                .collect(),
        };
        let (s, url) = judge_app_subscription("A", &[sub(true, &["messages"])]);
        assert_eq!(s.status, Status::Ok);
        assert_eq!(url.as_deref(), Some("https://x/cb"));
        assert_eq!(
            judge_app_subscription("A", &[sub(false, &["messages"])])
                .0
                .status,
            Status::Crit
        );
        let (s, _) = judge_app_subscription("A", &[sub(true, &["leadgen"])]);
        assert_eq!(s.status, Status::Crit);
        assert!(s.summary.contains("lacks `messages`"));
        let (s, url) = judge_app_subscription("A", &[]);
        assert_eq!(s.status, Status::Crit);
        assert!(url.is_none());
    }
}
