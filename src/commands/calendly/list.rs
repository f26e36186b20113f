//! `intops calendly subscriptions list`: every subscription, all pages and scopes.

use super::{sub_step, whoami};
use crate::commands::report;
use crate::context::Context;
use crate::error::{Cause, Result};
use crate::providers::calendly::{Scope, Subscription};
use crate::report::{Report, Step};

pub async fn list(ctx: &Context) -> Result<Report> {
    let c = ctx.calendly()?;
    let (user, org) = match whoami(&c).await {
        Ok(x) => x,
        Err(step) => return Ok(report(ctx, vec![step])),
    };
    let mut steps = Vec::new();
    let mut all: Vec<Subscription> = Vec::new();
    for scope in [Scope::Organization, Scope::User(user.uri.clone())] {
        match c.subscriptions(&org, &scope).await {
            Ok(v) => all.extend(v),
            Err(e) if e.cause == Cause::Permission && scope == Scope::Organization => steps.push(
                Step::warn(
                    "organization scope",
                    format!("cannot list organization hooks: {}", e.message),
                )
                .hint("organization-scope hooks need an organization admin or owner token"),
            ),
            Err(e) => {
                let mut step = e.step(&format!("{} scope", scope.name()));
                // This is the listing: its failure must not suggest running it again.
                if e.cause == Cause::NotFound {
                    step.hint = Some(format!(
                        "Calendly did not find the {} that /users/me named for this token: check that CALENDLY_TOKEN belongs to the account that owns the webhooks (Calendly > Integrations > API & Webhooks), then `intops auth set CALENDLY_TOKEN`",
                        scope.name()
                    ));
                }
                steps.push(step)
            }
        }
    }
    let disabled = all.iter().filter(|s| !s.is_active()).count();
    steps.extend(all.iter().map(sub_step));
    let configured = ctx.setting("CALENDLY_WEBHOOK_URL");
    let summary = format!(
        "{} subscriptions ({} active, {disabled} disabled)",
        all.len(),
        all.len() - disabled
    );
    let overall = match &configured {
        Some(url) if !all.iter().any(|s| s.is_active() && &s.callback_url == url) => Step::crit(
            "subscriptions",
            format!("{summary}; none active delivers to CALENDLY_WEBHOOK_URL ({url})"),
        )
        .hint(format!(
            "`intops calendly subscriptions ensure --url {url}`"
        )),
        Some(url) => Step::ok(
            "subscriptions",
            format!("{summary}; CALENDLY_WEBHOOK_URL ({url}) has an active one"),
        ),
        None if all.is_empty() => Step::warn("subscriptions", "no webhook subscriptions")
            .hint("`intops calendly subscriptions ensure --url https://…`"),
        None => Step::ok("subscriptions", summary),
    };
    steps.push(
        overall
            .with("count", all.len())
            .with("disabled", disabled)
            .metric("calendly_subscriptions_disabled", disabled as f64),
    );
    Ok(report(ctx, steps))
}
