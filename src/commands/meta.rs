//! `intops meta lead LEADGEN_ID`: fetch one Lead Ads lead; when that fails for a permission, say
//! whether the token lacks `leads_retrieval` (debug_token) or its user lacks a role on the Page.

use crate::commands::report;
use crate::context::Context;
use crate::error::{Cause, Error, Result};
use crate::providers::meta::Lead;
use crate::report::{Report, Step};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum MetaCmd {
    /// Lead Ads: fetch one lead (field_data, form, ad, created time) with META_ACCESS_TOKEN.
    Lead(LeadArgs),
}

#[derive(Debug, Args)]
pub struct LeadArgs {
    /// The leadgen_id from the webhook event.
    pub leadgen_id: String,
}

pub async fn run(ctx: &Context, cmd: MetaCmd) -> Result<Report> {
    match cmd {
        MetaCmd::Lead(a) => lead(ctx, a).await,
    }
}

const LEAD_SCOPE: &str = "leads_retrieval";

fn lead_step(l: &Lead) -> Step {
    let names: Vec<&str> = l.field_data.iter().map(|f| f.name.as_str()).collect();
    Step::ok(
        "lead",
        format!(
            "lead {} · created {} · form {} · ad {} · {} fields ({})",
            l.id.as_deref().unwrap_or("?"),
            l.created_time.as_deref().unwrap_or("?"),
            l.form_id.as_deref().unwrap_or("?"),
            l.ad_name
                .as_deref()
                .or(l.ad_id.as_deref())
                .unwrap_or("organic/none"),
            names.len(),
            names.join(", ")
        ),
    )
    .data(serde_json::to_value(l).unwrap_or_default())
}

pub async fn lead(ctx: &Context, a: LeadArgs) -> Result<Report> {
    let id = a.leadgen_id.trim();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::usage(format!(
            "{:?} is not a leadgen_id (digits, from the webhook's value.leadgen_id)",
            a.leadgen_id
        )));
    }
    let client = ctx.meta_named("META_ACCESS_TOKEN")?;
    let err = match client.lead(id).await {
        Ok(l) => return Ok(report(ctx, vec![lead_step(&l)])),
        Err(e) => e,
    };
    let mut steps = Vec::new();
    if err.cause != Cause::Permission {
        steps.push(err.step("lead"));
        return Ok(report(ctx, steps));
    }
    // Which permission: the scope on the token, or the user's role on the Page.
    let token = ctx.secrets.get("META_ACCESS_TOKEN")?;
    let inspector = match ctx.app_token() {
        Some((t, _)) => ctx.meta_with_token(t, "WHATSAPP_APP_TOKEN"),
        None => client.clone(),
    };
    match inspector.debug_token(&token).await {
        Ok(t) if !t.scopes.iter().any(|s| s == LEAD_SCOPE) => {
            steps.push(
                err.step("lead")
                    .hint("META_ACCESS_TOKEN lacks leads_retrieval: generate a new token with leads_retrieval (plus ads_management, pages_show_list, pages_read_engagement, pages_manage_ads), then `intops auth set META_ACCESS_TOKEN`"),
            );
            steps.push(
                Step::crit(
                    "token scopes",
                    format!("{LEAD_SCOPE} is missing from the token's scopes"),
                )
                .with("scopes", t.scopes.clone()),
            );
        }
        Ok(t) => {
            steps.push(
                err.step("lead")
                    .hint("the token has leads_retrieval, so its user lacks a role on the Page: give them an Advertiser (or higher) role in Business Settings > Pages, or use a token from someone who has it"),
            );
            steps.push(
                Step::ok("token scopes", format!("{LEAD_SCOPE} is granted"))
                    .with("scopes", t.scopes.clone()),
            );
        }
        Err(e) => {
            steps.push(err.step("lead"));
            steps.push(e.step("token scopes"));
        }
    }
    Ok(report(ctx, steps))
}
