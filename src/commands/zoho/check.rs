//! `intops zoho check`: a cheap authenticated CRM call, optionally one test contact.

use super::{token_steps, CheckArgs};
use crate::clients::zoho::{api_base, obtain, refresh_creds, token_for_calls, Source};
use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::providers::zoho::Crm;
use crate::report::{Report, Step};
use crate::timefmt::rfc;
use serde_json::json;

pub async fn check(ctx: &Context, a: CheckArgs) -> Result<Report> {
    let ep = ctx.zoho_endpoints()?;
    // Ask before any call, so a refused confirmation sends nothing at all.
    if a.create_test_contact {
        ctx.confirm(
            "Create one test contact in Zoho CRM (Contacts module, no workflows triggered)?",
        )?;
    }
    let mut steps = Vec::new();
    let mut o = match token_for_calls(ctx, &ep).await? {
        Ok(o) => o,
        Err(e) => {
            steps.push(e.step("token").with("accounts_url", ep.accounts.clone()));
            return Ok(report(ctx, steps));
        }
    };
    let mut crm = Crm::new(
        ctx.http.clone(),
        &api_base(ctx, &ep, o.api_domain.as_deref()),
        o.token.clone(),
    );
    let mut user = crm.current_user().await;
    let mut evicted = false;
    // A cached token can die early (Zoho keeps 15 per refresh token and evicts the oldest):
    // refresh once and try again rather than report a stale cache as an outage.
    if let (Err(e), Source::Cached(_)) = (&user, &o.source) {
        if e.cause == crate::error::Cause::TokenExpired {
            let creds = refresh_creds(ctx)?;
            match obtain(ctx, &ep, &creds, true, true).await? {
                Ok(fresh) => {
                    o = fresh;
                    evicted = true;
                    crm = Crm::new(
                        ctx.http.clone(),
                        &api_base(ctx, &ep, o.api_domain.as_deref()),
                        o.token.clone(),
                    );
                    user = crm.current_user().await;
                }
                Err(e) => {
                    steps.push(e.step("token").with("accounts_url", ep.accounts.clone()));
                    return Ok(report(ctx, steps));
                }
            }
        }
    }
    // A check is not asked to store anything: fold the store outcome into the token row
    // rather than warning (a cron box without a keyring would warn forever).
    for step in token_steps(ctx, &ep, &o) {
        match (step.name.as_str(), step.status) {
            ("store", crate::report::Status::Warn) => {
                if let Some(t) = steps.last_mut() {
                    t.summary
                        .push_str(" · not cached (no keyring; --env-file caches it)");
                    t.data["stored_in"] = "none".into();
                }
            }
            ("store", _) => {
                if let Some(t) = steps.last_mut() {
                    t.data["stored_in"] = step.data["stored_in"].clone();
                }
            }
            _ => steps.push(step),
        }
    }
    if evicted {
        if let Some(t) = steps.first_mut() {
            t.summary = format!(
                "the cached token was rejected (INVALID_TOKEN), refreshed: {}",
                t.summary
            );
        }
    }
    let api = api_base(ctx, &ep, o.api_domain.as_deref());
    match user {
        Ok((u, credits)) => {
            let name = u.full_name.clone().unwrap_or_else(|| "?".into());
            let mut summary = name;
            if let Some(e) = &u.email {
                summary.push_str(&format!(" <{e}>"));
            }
            if let Some(r) = u.role.as_ref().and_then(|r| r.name.clone()) {
                summary.push_str(&format!(" · role {r}"));
            }
            if let Some(p) = u.profile.as_ref().and_then(|p| p.name.clone()) {
                summary.push_str(&format!(" · profile {p}"));
            }
            if let Some(c) = credits {
                summary.push_str(&format!(" · {c} API credits left today"));
            }
            let active = u
                .status
                .as_deref()
                .map(|s| s.eq_ignore_ascii_case("active"))
                .unwrap_or(true);
            let step = if active {
                Step::ok("crm user", summary)
            } else {
                Step::warn(
                    "crm user",
                    format!("{summary} · status {}", u.status.clone().unwrap_or_default()),
                )
                .hint("the token's CRM user is not active: calls act as an inactive user; reactivate it or mint the token as an active user")
            };
            let mut step = step
                .data(serde_json::to_value(&u).unwrap_or_default())
                .with("api_url", api.clone())
                .with("api_credits_remaining", credits);
            if let Some(c) = credits {
                step = step.metric("zoho_api_credits_remaining", c as f64);
            }
            steps.push(step);
        }
        Err(e) => {
            let mut step = e.step("crm user").with("api_url", api.clone());
            // A token minted seconds ago is not stale: suggesting another refresh would loop,
            // and Zoho caps refreshes at 10 per 10 minutes.
            let just_refreshed = matches!(o.source, Source::Refreshed { .. });
            if just_refreshed
                && matches!(
                    e.cause,
                    crate::error::Cause::TokenExpired | crate::error::Cause::TokenInvalid
                )
            {
                step.hint = Some(format!(
                    "the token was refreshed moments ago and the CRM still rejects it, so refreshing again will not help: check that ZOHO_DC (or INTOPS_ZOHO_API_URL) names the data centre of the Zoho account ({api}), and that the client in the API console belongs to that account"
                ));
            }
            steps.push(step);
            return Ok(report(ctx, steps));
        }
    }
    if a.create_test_contact {
        steps.push(test_contact(ctx, &crm, a.email).await);
    }
    if let Some(org) = ctx.setting("ZOHO_BILLING_ORG_ID") {
        steps.push(billing_step(&crm, &org).await);
    }
    Ok(report(ctx, steps))
}

async fn test_contact(ctx: &Context, crm: &Crm, email: Option<String>) -> Step {
    let now = ctx.now();
    let email = email.unwrap_or_else(|| format!("intops-test-{}@example.com", now.timestamp()));
    let record = json!({
        "Last_Name": "intops test",
        "First_Name": "On-call",
        "Email": email,
        "Description": format!("created by `intops zoho check --create-test-contact` at {}; safe to delete", rfc(now)),
    });
    match crm.create_contact(record.clone()).await {
        Ok(r) if r.is_success() => {
            let id = r.id().unwrap_or_else(|| "?".into());
            Step::ok("test contact", format!("created contact {id} ({email})"))
                .hint(format!(
                    "delete the test contact {id} in Zoho CRM when done"
                ))
                .with("id", id)
                .with("record", record)
        }
        Ok(r) => {
            let field = r.field();
            let path = r
                .details
                .get("json_path")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            let mut summary = format!("{}: {}", r.code, r.message);
            if let Some(f) = &field {
                summary.push_str(&format!(" (field {f})"));
            }
            Step::crit("test contact", summary)
                .maybe_hint(r.hint())
                .with("code", r.code.clone())
                .with("field", field)
                .with("json_path", path)
                .with("details", r.details.clone())
                .with("record", record)
        }
        Err(e) if e.is_dry_run() => Step::skipped("test contact", e.message.clone()),
        Err(e) => e.step("test contact"),
    }
}

async fn billing_step(crm: &Crm, org: &str) -> Step {
    match crm.billing_organizations(org).await {
        Ok(orgs) => {
            let found = orgs.iter().find(|o| {
                o.get("organization_id")
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    })
                    .as_deref()
                    == Some(org)
            });
            match found {
                Some(o) => Step::ok(
                    "billing",
                    format!(
                        "Billing organization {org} ({}) reachable",
                        o.get("name").and_then(|v| v.as_str()).unwrap_or("?")
                    ),
                )
                .with("organization_id", org),
                None => Step::crit(
                    "billing",
                    format!("Billing organization {org} is not among the {} this token sees", orgs.len()),
                )
                .hint("check ZOHO_BILLING_ORG_ID (GET /billing/v1/organizations lists them) and that the token's user belongs to that organization"),
            }
        }
        Err(e) => e.step("billing"),
    }
}
