//! `intops status [VENDOR…]`: the vendors' own status pages, queried concurrently, one row each.

use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::providers::statuspage::{self, Indicator, Page, PageStatus};
use crate::report::{Report, Status, Step};
use clap::Args;
use serde_json::json;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Vendors to query (default: all).
    #[arg(value_name = "VENDOR", value_parser = clap::builder::PossibleValuesParser::new(
        ["supabase", "vercel", "calendly", "elevenlabs", "docusign", "zoho", "meta"]
    ))]
    pub vendors: Vec<String>,
}

/// `intops doctor` runs every page; nothing is needed.
pub const DOCTOR_REQUIRES: &[&str] = &[];

pub async fn doctor(ctx: &Context) -> Result<Report> {
    status(ctx, StatusArgs { vendors: vec![] }).await
}

pub async fn run(ctx: &Context, a: StatusArgs) -> Result<Report> {
    status(ctx, a).await
}

pub async fn status(ctx: &Context, a: StatusArgs) -> Result<Report> {
    let pages: Vec<&Page> = if a.vendors.is_empty() {
        statuspage::PAGES.iter().collect()
    } else {
        let mut v: Vec<&Page> = Vec::new();
        for name in &a.vendors {
            if let Some(p) = statuspage::page(name) {
                if !v.iter().any(|x| x.key == p.key) {
                    v.push(p);
                }
            }
        }
        v
    };
    let checks = pages.into_iter().map(|page| async move {
        let base = ctx.status_page_url(page.key, page.default_base);
        let url = page.document_url(&base);
        let result = statuspage::fetch(&ctx.http, page, &url).await;
        page_step(page, &base, &url, result)
    });
    let steps = futures::future::join_all(checks).await;
    Ok(report(ctx, steps))
}

fn indicator_status(i: Indicator) -> Status {
    match i {
        Indicator::None => Status::Ok,
        Indicator::Minor | Indicator::Maintenance => Status::Warn,
        Indicator::Major | Indicator::Critical => Status::Crit,
    }
}

/// One row: the indicator, the vendor's description and any open incident.
fn page_step(
    page: &Page,
    base: &str,
    url: &str,
    result: std::result::Result<PageStatus, crate::error::ApiError>,
) -> Step {
    match result {
        Ok(s) => {
            let status = indicator_status(s.indicator);
            let mut summary = if s.description.is_empty() {
                format!("indicator {}", s.indicator.as_str())
            } else {
                s.description.clone()
            };
            if let Some(first) = s.incidents.first() {
                summary.push_str(&format!(
                    " · {} open incident{}: {}{}",
                    s.incidents.len(),
                    if s.incidents.len() == 1 { "" } else { "s" },
                    first.name,
                    first
                        .status
                        .as_deref()
                        .map(|st| format!(" ({st})"))
                        .unwrap_or_default()
                ));
            } else if !s.degraded.is_empty() {
                let names: Vec<String> = s
                    .degraded
                    .iter()
                    .take(3)
                    .map(|c| format!("{} {}", c.name, c.status))
                    .collect();
                summary.push_str(&format!(" · {}", names.join(", ")));
            }
            let hint = (status != Status::Ok).then(|| {
                let link = s
                    .incidents
                    .iter()
                    .find_map(|i| i.shortlink.clone())
                    .unwrap_or_else(|| base.to_string());
                format!(
                    "a {} problem on {}'s side: follow {link}; our own checks cannot fix it, tell the stakeholders (`intops incident start FLOW`)",
                    s.indicator.as_str(),
                    page.name
                )
            });
            Step::new(page.key, status, summary)
                .maybe_hint(hint)
                .data(json!({
                    "vendor": page.name,
                    "url": url,
                    "indicator": s.indicator,
                    "description": s.description,
                    "incidents": s.incidents,
                    "degraded_components": s.degraded,
                }))
                .metric("status_page_indicator", indicator_rank(s.indicator))
        }
        // Not reading a page says nothing about the vendor: unknown, never down.
        Err(e) => Step::unknown(page.key, format!("status page not readable: {}", e.line()))
            .hint(format!(
                "open {base} in a browser; INTOPS_STATUS_URL_{} overrides the address",
                page.key.to_ascii_uppercase()
            ))
            .with("vendor", page.name)
            .with("url", url)
            .with("cause", e.cause.label())
            .metric("status_page_indicator", -1.0),
    }
}

/// For `--output prom`: 0 none, 1 maintenance, 2 minor, 3 major, 4 critical, -1 unknown.
fn indicator_rank(i: Indicator) -> f64 {
    match i {
        Indicator::None => 0.0,
        Indicator::Maintenance => 1.0,
        Indicator::Minor => 2.0,
        Indicator::Major => 3.0,
        Indicator::Critical => 4.0,
    }
}
