//! `intops webhook reregister`: the runbook's Option 2 made safe. Verify the callback (stop, changing
//! nothing, if it fails), read the state, confirm, subscribe, read back; delete only with
//! `--replace`, by name, after the new subscription is confirmed.

use super::status::{page_step, waba_step};
use super::{callback, describe_sub, handshake_steps, Callback, Target};
use crate::commands::common::need_setting;
use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::providers::meta::{AppSubscription, NewAppSubscription};
use crate::report::{Report, Status, Step};
use clap::Args;

#[derive(Debug, Args)]
pub struct ReregisterArgs {
    /// What to re-register.
    #[arg(long = "provider", alias = "target", value_enum, default_value_t = Target::Whatsapp)]
    pub target: Target,
    /// Callback URL (default: WHATSAPP_WEBHOOK_URL / META_WEBHOOK_URL).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// WhatsApp: send the callback as override_callback_uri (+ verify_token) for this WABA only.
    #[arg(long)]
    pub override_callback: bool,
    /// Lead Ads: after the new subscription is confirmed, remove the page object's other fields
    /// (Messenger's stay while a Messenger Page is configured).
    #[arg(long)]
    pub replace: bool,
}

fn stop(steps: &mut Vec<Step>, why: &str, t: Target) {
    steps.push(
        Step::crit("reregister", format!("stopped: {why}; nothing was changed")).hint(format!(
            "fix it, check with `intops webhook verify --provider {}`, then run this again",
            t.as_str()
        )),
    );
}

pub async fn reregister(ctx: &Context, a: ReregisterArgs) -> Result<Report> {
    if a.replace && a.target == Target::Whatsapp {
        return Err(Error::usage(
            "--replace applies to --provider leadgen (it removes the page object's other fields); a WhatsApp subscription has nothing to replace",
        ));
    }
    if a.override_callback && a.target == Target::Leadgen {
        return Err(Error::usage(
            "--override-callback applies to --provider whatsapp (a WABA's override_callback_uri)",
        ));
    }
    if a.url.is_some() && a.target == Target::Whatsapp && !a.override_callback {
        return Err(Error::usage(
            "--url needs --override-callback for --provider whatsapp: without it the WABA uses the app's callback from the App Dashboard",
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
    let client = ctx.meta_named("WHATSAPP_ACCESS_TOKEN")?;
    let mut steps = handshake_steps(ctx, cb).await;
    if Status::worst_of(&steps) == Status::Crit {
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
    // Whether a plain subscribe keeps an existing override is undocumented: don't risk dropping it.
    let existing_override = before
        .iter()
        .find(|x| x.app_id() == Some(app_id))
        .and_then(|x| x.override_callback());
    if let (Some(o), false) = (existing_override, override_callback) {
        steps.push(
            Step::crit(
                "reregister",
                format!("stopped: the WABA has an override callback ({o}) that a plain subscribe may drop; nothing was changed"),
            )
            .hint(format!(
                "keep it: `intops webhook reregister --provider whatsapp --override-callback --url {o}`; or pass --override-callback alone to use WHATSAPP_WEBHOOK_URL"
            )),
        );
        return Ok(report(ctx, steps));
    }
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
    let (tok, _) = ctx
        .app_token()
        .ok_or_else(|| ctx.missing("META_APP_SECRET"))?;
    let app = ctx.meta_with_token(tok, "WHATSAPP_APP_TOKEN");
    let page_id = ctx.setting("META_PAGE_ID");
    let page = ctx
        .secrets
        .optional("META_PAGE_ACCESS_TOKEN")
        .map(|t| ctx.meta_with_token(t, "META_PAGE_ACCESS_TOKEN"));
    let mut steps = handshake_steps(ctx, cb).await;
    if Status::worst_of(&steps) == Status::Crit {
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
    // The Page install POST replaces the app's fields on the Page: without a good read of what
    // is there, it would leave `leadgen` alone. A failed read stops before any write.
    let page_fields_before = match (&page_id, &page) {
        (Some(p), Some(client)) => match client.page_subscribed_apps(p).await {
            Ok(apps) => apps
                .into_iter()
                .find(|a| a.id.as_deref() == Some(app_id))
                .map(|a| a.subscribed_fields)
                .unwrap_or_default(),
            Err(e) => {
                steps.push(e.step("before page install"));
                stop(
                    &mut steps,
                    &format!("the apps installed on Page {p} could not be read, so installing would replace their fields with leadgen alone"),
                    cb.target,
                );
                return Ok(report(ctx, steps));
            }
        },
        _ => Vec::new(),
    };
    // Messenger rides on the same page object: with a Messenger Page configured, its fields
    // (`messages`, `messaging_*`) are not "other" fields and stay.
    let keep_messenger = ctx.messenger_page_missing().is_none();
    let stale: Vec<String> = before_page
        .as_ref()
        .map(|s| {
            s.field_names()
                .into_iter()
                .filter(|f| f != "leadgen")
                .filter(|f| !(keep_messenger && f.starts_with("messag")))
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
