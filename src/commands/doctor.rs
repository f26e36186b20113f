//! `intops doctor`: every check the profile has credentials for, concurrently, one table.
//!
//! The checks live in [`checks`], one line per vendor; each vendor's command file provides the
//! check itself (`DOCTOR_REQUIRES` + `doctor(ctx)`), so no check logic is written twice. The
//! incident flows pick their detection checks from the same table by name.

use crate::commands::{report, whatsapp};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::report::{Report, Status, Step};
use clap::Args;
use futures::future::BoxFuture;
use std::path::PathBuf;

/// A check's future, borrowing the context.
pub type CheckFn = for<'a> fn(&'a Context) -> BoxFuture<'a, Result<Report>>;

/// One row of `doctor`.
pub struct Check {
    /// Row name; incident flows refer to checks by it (see `incident::flow`).
    pub name: &'static str,
    /// Credentials or settings without which the check is skipped (every one is needed).
    pub requires: &'static [&'static str],
    /// Extra configuration test: `Some(missing name)` skips the check (for "A or B" needs).
    pub configured: Option<fn(&Context) -> Option<String>>,
    pub run: CheckFn,
}

/// Row names the incident flows use; vendor branches register their checks under these.
pub mod names {
    pub const WHATSAPP_TOKEN: &str = "whatsapp token";
    pub const WHATSAPP_PHONE: &str = "whatsapp phone";
    pub const WHATSAPP_METRICS: &str = "whatsapp metrics";
    pub const WEBHOOKS: &str = "webhooks";
    pub const ZOHO: &str = "zoho";
    pub const CALENDLY: &str = "calendly";
    pub const ELEVENLABS: &str = "elevenlabs";
    pub const RETS: &str = "rets";
    pub const QUEUE: &str = "queue";
    pub const STATUS_PAGES: &str = "status pages";
}

fn wa_token(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(whatsapp::token_debug(ctx))
}

fn wa_phone(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(whatsapp::phone(ctx))
}

fn wa_metrics(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::metrics::doctor(ctx))
}

fn webhooks(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::webhook::doctor(ctx))
}

fn calendly(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::calendly::doctor(ctx))
}

fn zoho(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::zoho::doctor(ctx))
}

fn elevenlabs(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::elevenlabs::doctor(ctx))
}

fn rets(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::rets::doctor(ctx))
}

fn queue(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::queue::doctor(ctx))
}

fn status_pages(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::status::doctor(ctx))
}

fn wa_phone_configured(ctx: &Context) -> Option<String> {
    if ctx.setting("WHATSAPP_PHONE_NUMBER_ID").is_some()
        || ctx.setting("WHATSAPP_BUSINESS_ACCOUNT_ID").is_some()
    {
        None
    } else {
        Some("WHATSAPP_PHONE_NUMBER_ID (or WHATSAPP_BUSINESS_ACCOUNT_ID)".into())
    }
}

/// Every check doctor knows. The lead adds one line per vendor at merge time, e.g.
/// `Check { name: names::ZOHO, requires: zoho::DOCTOR_REQUIRES, configured: None, run: |c| Box::pin(zoho::doctor(c)) }`.
pub fn checks() -> Vec<Check> {
    vec![
        Check {
            name: names::WHATSAPP_TOKEN,
            requires: &["WHATSAPP_ACCESS_TOKEN"],
            configured: None,
            run: wa_token,
        },
        Check {
            name: names::WHATSAPP_PHONE,
            requires: &["WHATSAPP_ACCESS_TOKEN"],
            configured: Some(wa_phone_configured),
            run: wa_phone,
        },
        Check {
            name: names::WHATSAPP_METRICS,
            requires: crate::commands::metrics::DOCTOR_REQUIRES,
            configured: None,
            run: wa_metrics,
        },
        Check {
            name: names::WEBHOOKS,
            requires: crate::commands::webhook::DOCTOR_REQUIRES,
            configured: None,
            run: webhooks,
        },
        Check {
            name: names::CALENDLY,
            requires: crate::commands::calendly::DOCTOR_REQUIRES,
            configured: None,
            run: calendly,
        },
        Check {
            name: names::ZOHO,
            requires: crate::commands::zoho::DOCTOR_REQUIRES,
            configured: None,
            run: zoho,
        },
        Check {
            name: names::ELEVENLABS,
            requires: crate::commands::elevenlabs::DOCTOR_REQUIRES,
            configured: None,
            run: elevenlabs,
        },
        Check {
            name: names::RETS,
            // Feeds in the config file are enough: the rule lives in doctor_configured.
            requires: &[],
            configured: Some(crate::commands::rets::doctor_configured),
            run: rets,
        },
        Check {
            name: names::QUEUE,
            requires: crate::commands::queue::DOCTOR_REQUIRES,
            configured: Some(crate::commands::queue::doctor_configured),
            run: queue,
        },
        Check {
            name: names::STATUS_PAGES,
            requires: crate::commands::status::DOCTOR_REQUIRES,
            configured: None,
            run: status_pages,
        },
    ]
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Also write the Prometheus textfile-collector file here, atomically (temp file + rename),
    /// e.g. /var/lib/node_exporter/textfile/intops.prom.
    #[arg(long, value_name = "PATH")]
    pub prom_file: Option<PathBuf>,
    /// Run only these checks (repeatable), e.g. --check "whatsapp token".
    #[arg(long = "check", value_name = "NAME", add = clap_complete::engine::ArgValueCandidates::new(check_candidates))]
    pub only: Vec<String>,
}

/// Check names for dynamic completion.
fn check_candidates() -> Vec<clap_complete::engine::CompletionCandidate> {
    checks()
        .into_iter()
        .map(|c| clap_complete::engine::CompletionCandidate::new(c.name))
        .collect()
}

/// The first name the check needs that is not configured, if any.
pub fn missing_requirement(ctx: &Context, c: &Check) -> Option<String> {
    for name in c.requires {
        if ctx.setting(name).is_none() && ctx.secrets.optional(name).is_none() {
            return Some(name.to_string());
        }
    }
    c.configured.and_then(|f| f(ctx))
}

/// Run one check and fold its report into one row: status = the report's worst, summary and
/// hint = its worst step's, data = the whole report.
pub async fn run_check(ctx: &Context, c: &Check) -> Step {
    if let Some(name) = missing_requirement(ctx, c) {
        return skipped_row(ctx, c.name, &name);
    }
    let clock = std::time::Instant::now();
    match (c.run)(ctx).await {
        Ok(mut r) => {
            r.command = c.name.to_string();
            r.duration_ms = clock.elapsed().as_millis() as u64;
            row(c.name, r)
        }
        Err(Error::MissingSecret { name, .. }) => skipped_row(ctx, c.name, &name),
        Err(e) => Step::new(c.name, e.status(), e.line()).maybe_hint(e.hint()),
    }
}

fn skipped_row(ctx: &Context, check: &str, missing: &str) -> Step {
    let first = missing.split_whitespace().next().unwrap_or(missing);
    let profile = if ctx.profile == "default" {
        String::new()
    } else {
        format!(" --profile {}", ctx.profile)
    };
    Step::skipped(check, format!("not configured: {missing} is not set"))
        .hint(format!(
            "export {first}=... or `intops auth set {first}{profile}`"
        ))
        .with("missing", missing)
}

/// One row from a check's report.
pub fn row(name: &str, r: Report) -> Step {
    let worst = r.worst();
    let pick = r
        .steps
        .iter()
        .find(|s| s.status == worst && worst != Status::Ok)
        .or_else(|| r.steps.first());
    let (summary, hint) = match pick {
        Some(s) => (s.summary.clone(), s.hint.clone()),
        None => ("no steps".to_string(), None),
    };
    let mut metrics: Vec<(String, f64)> = Vec::new();
    for s in &r.steps {
        for (k, v) in &s.metrics {
            // One series per name per row: several phone numbers would otherwise repeat a label set.
            if !metrics.iter().any(|(n, _)| n == k) {
                metrics.push((k.clone(), *v));
            }
        }
    }
    let mut step = Step::new(name, worst, summary)
        .maybe_hint(hint)
        .data(serde_json::to_value(&r).unwrap_or_default());
    step.metrics = metrics;
    step
}

pub async fn run(ctx: &Context, a: DoctorArgs) -> Result<Report> {
    let all = checks();
    for name in &a.only {
        if !all.iter().any(|c| c.name == name) {
            let known: Vec<_> = all.iter().map(|c| c.name).collect();
            return Err(Error::usage(format!(
                "unknown check {name:?}; known: {}",
                known.join(", ")
            )));
        }
    }
    let selected: Vec<&Check> = all
        .iter()
        .filter(|c| a.only.is_empty() || a.only.iter().any(|n| n == c.name))
        .collect();
    let rows = run_checks(ctx, &selected).await;
    let mut r = report(ctx, rows);
    if let Some(path) = &a.prom_file {
        r.command = "doctor".into();
        r.profile = ctx.profile.clone();
        r.started_at = ctx.now();
        let text = crate::output::render_prom(&r);
        match crate::fsutil::write_atomic_in_existing_dir(
            path,
            text.as_bytes(),
            crate::fsutil::Access::Shared,
        ) {
            Ok(()) => {}
            Err(e) => r.push(
                Step::unknown("prom file", format!("cannot write {}: {e}", path.display()))
                    .hint("check that the directory exists and is writable by this user"),
            ),
        }
    }
    Ok(r)
}

/// Run checks concurrently, with a spinner per check on a terminal. Rows keep the table's order.
pub async fn run_checks(ctx: &Context, selected: &[&Check]) -> Vec<Step> {
    let progress = ctx.ui.show_progress().then(indicatif::MultiProgress::new);
    // Under these spinners a check draws no bar of its own (rets' feed bar would write over them
    // and indicatif would then clear the wrong lines); no check prompts.
    let mut quiet = ctx.clone();
    quiet.ui.stderr_tty = false;
    let ctx = &quiet;
    let futs = selected.iter().map(|c| {
        let bar = progress.as_ref().map(|m| {
            let b = m.add(indicatif::ProgressBar::new_spinner());
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {prefix:<18} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            b.set_prefix(c.name);
            b.set_message("checking…");
            b.enable_steady_tick(std::time::Duration::from_millis(100));
            b
        });
        async move {
            let step = run_check(ctx, c).await;
            if let Some(b) = &bar {
                b.finish_with_message(step.status.as_str().to_uppercase());
            }
            // The bar lives until every check is done: a finished bar dropped early becomes a
            // line MultiProgress no longer owns, and clear() would leave it above the table.
            (step, bar)
        }
    });
    let (rows, bars): (Vec<Step>, Vec<_>) =
        futures::future::join_all(futs).await.into_iter().unzip();
    for b in bars.into_iter().flatten() {
        b.finish_and_clear();
    }
    if let Some(m) = progress {
        let _ = m.clear();
    }
    rows
}

/// The checks with these names, in table order; unknown names are returned separately so a flow
/// can say which of its checks this build does not have yet.
pub fn select<'a>(all: &'a [Check], wanted: &[&str]) -> (Vec<&'a Check>, Vec<String>) {
    let found = all.iter().filter(|c| wanted.contains(&c.name)).collect();
    let absent = wanted
        .iter()
        .filter(|w| !all.iter().any(|c| c.name == **w))
        .map(|w| w.to_string())
        .collect();
    (found, absent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_takes_the_worst_steps_summary_and_keeps_the_report() {
        let mut r = Report::new("x", "default", chrono::Utc::now());
        r.push(Step::ok("a", "fine").metric("token_expiry_seconds", 5.0));
        r.push(Step::warn("b", "soon").hint("rotate"));
        r.push(Step::warn("c", "later"));
        let s = row("whatsapp token", r);
        assert_eq!(s.status, Status::Warn);
        assert_eq!(s.summary, "soon");
        assert_eq!(s.hint.as_deref(), Some("rotate"));
        assert_eq!(s.data["steps"].as_array().unwrap().len(), 3);
        assert_eq!(s.metrics, vec![("token_expiry_seconds".to_string(), 5.0)]);
    }

    #[test]
    fn missing_credential_skips_naming_it() {
        let ctx = Context::for_tests(&[]);
        let all = checks();
        let c = all
            .iter()
            .find(|c| c.name == names::WHATSAPP_PHONE)
            .unwrap();
        assert_eq!(
            missing_requirement(&ctx, c).as_deref(),
            Some("WHATSAPP_ACCESS_TOKEN")
        );
        let ctx = Context::for_tests(&[("WHATSAPP_ACCESS_TOKEN", "t")]);
        assert!(missing_requirement(&ctx, c)
            .unwrap()
            .starts_with("WHATSAPP_PHONE_NUMBER_ID"));
    }

    #[test]
    fn select_reports_checks_this_build_lacks() {
        let all = checks();
        let (found, absent) = select(&all, &[names::WHATSAPP_TOKEN, "no such check"]);
        assert_eq!(found.len(), 1);
        assert_eq!(absent, vec!["no such check".to_string()]);
    }
}
