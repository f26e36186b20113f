//! `intops doctor`: every check the profile has credentials for, concurrently, one table.
//!
//! The checks live in [`check`], one arm per [`CheckId`]; each vendor's command file provides the
//! check itself (`DOCTOR_REQUIRES` + `doctor(ctx)`), so no check logic is written twice. The
//! incident flows pick their detection checks from the same table by id.

use crate::checks::CheckId;
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
    /// Which check; incident flows refer to checks by it (see `incident::flow`).
    pub id: CheckId,
    /// Credentials or settings without which the check is skipped (every one is needed).
    pub requires: &'static [&'static str],
    /// Extra configuration test: `Some(missing name)` skips the check (for "A or B" needs).
    pub configured: Option<fn(&Context) -> Option<String>>,
    pub run: CheckFn,
}

fn wa_token(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(whatsapp::token_debug::token_debug(ctx))
}

fn wa_phone(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(whatsapp::phone::phone(ctx))
}

fn wa_metrics(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::whatsapp::metrics::doctor(ctx))
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

fn messenger(ctx: &Context) -> BoxFuture<'_, Result<Report>> {
    Box::pin(crate::commands::messenger::doctor(ctx))
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

/// The check behind each [`CheckId`]: what it needs and the command that runs it.
pub fn check(id: CheckId) -> Check {
    match id {
        CheckId::WhatsappToken => Check {
            id,
            requires: &["WHATSAPP_ACCESS_TOKEN"],
            configured: None,
            run: wa_token,
        },
        CheckId::WhatsappPhone => Check {
            id,
            requires: &["WHATSAPP_ACCESS_TOKEN"],
            configured: Some(wa_phone_configured),
            run: wa_phone,
        },
        CheckId::WhatsappMetrics => Check {
            id,
            requires: crate::commands::whatsapp::metrics::DOCTOR_REQUIRES,
            configured: None,
            run: wa_metrics,
        },
        CheckId::Webhooks => Check {
            id,
            requires: crate::commands::webhook::DOCTOR_REQUIRES,
            configured: None,
            run: webhooks,
        },
        CheckId::Calendly => Check {
            id,
            requires: crate::commands::calendly::DOCTOR_REQUIRES,
            configured: None,
            run: calendly,
        },
        CheckId::Zoho => Check {
            id,
            requires: crate::commands::zoho::DOCTOR_REQUIRES,
            configured: None,
            run: zoho,
        },
        CheckId::Elevenlabs => Check {
            id,
            requires: crate::commands::elevenlabs::DOCTOR_REQUIRES,
            configured: None,
            run: elevenlabs,
        },
        CheckId::Rets => Check {
            id,
            // Feeds in the config file are enough: the rule lives in doctor_configured.
            requires: &[],
            configured: Some(crate::commands::rets::doctor_configured),
            run: rets,
        },
        CheckId::Queue => Check {
            id,
            requires: crate::commands::queue::DOCTOR_REQUIRES,
            configured: Some(crate::commands::queue::doctor_configured),
            run: queue,
        },
        CheckId::StatusPages => Check {
            id,
            requires: crate::commands::status::DOCTOR_REQUIRES,
            configured: None,
            run: status_pages,
        },
        CheckId::Messenger => Check {
            id,
            // META_PAGE_* or FACEBOOK_PAGE_*: the rule lives in doctor_configured.
            requires: &[],
            configured: Some(crate::commands::messenger::doctor_configured),
            run: messenger,
        },
    }
}

/// Every check doctor knows, in table order.
pub fn checks() -> Vec<Check> {
    CheckId::ALL.into_iter().map(check).collect()
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Also write the Prometheus textfile-collector file here, atomically (temp file + rename),
    /// e.g. /var/lib/node_exporter/textfile/intops.prom.
    #[arg(long, value_name = "PATH")]
    pub prom_file: Option<PathBuf>,
    /// Run only these checks (repeatable), e.g. --check "whatsapp token".
    #[arg(long = "check", value_name = "NAME", value_enum)]
    pub only: Vec<CheckId>,
    /// Checks that must run, comma-separated (adds to the profile's `required_checks`): a
    /// required check that is not configured is unknown (exit 3), not skipped.
    #[arg(long, value_name = "CHECK,...", value_enum, value_delimiter = ',')]
    pub require: Vec<CheckId>,
}

/// The profile's `required_checks` plus `--require`.
fn required_checks(ctx: &Context, flag: &[CheckId]) -> Result<Vec<CheckId>> {
    use clap::ValueEnum;
    let mut out = flag.to_vec();
    for name in &ctx.config.required_checks {
        let id = CheckId::from_str(name, true).map_err(|_| {
            Error::config(format!(
                "required_checks: {name:?} is not a check; the checks are {}",
                CheckId::ALL
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// Mark each row configured or not (for `intops_check_configured`), turn a skipped required
/// check into unknown, and make a run where nothing at all was checked unknown: a cron job
/// whose credentials went missing must page, not go quiet.
fn judge_configuration(
    ctx: &Context,
    ids: &[CheckId],
    rows: Vec<Step>,
    required: &[CheckId],
) -> Vec<Step> {
    let mut out: Vec<Step> = ids
        .iter()
        .zip(rows)
        .map(|(id, row)| {
            let configured = row.status != Status::Skipped;
            let mut row = row.with("check", id.label()).with("configured", configured);
            if !configured && required.contains(id) {
                row.status = Status::Unknown;
                row.summary = format!("required, but {}", row.summary);
            }
            row
        })
        .collect();
    // Vendor status pages need no credentials and say nothing about our integration: they do
    // not count as something checked.
    let integration: Vec<&Step> = ids
        .iter()
        .zip(out.iter())
        .filter(|(id, _)| **id != CheckId::StatusPages)
        .map(|(_, r)| r)
        .collect();
    if !integration.is_empty() && integration.iter().all(|r| r.status == Status::Skipped) {
        let skipped = integration.len();
        out.push(
            Step::unknown(
                "configuration",
                format!(
                    "nothing was checked: no integration check is configured for profile {} ({skipped} skipped)",
                    ctx.profile,
                ),
            )
            .hint("set the credentials each row names (`intops auth list` shows what is found where), or read the service's settings with --env-file PATH; name the checks that must run in required_checks"),
        );
    }
    out
}

/// The first name the check needs that is not configured, if any.
pub fn missing_requirement(ctx: &Context, c: &Check) -> Option<String> {
    for name in c.requires {
        if !ctx.lookup(name).is_set() {
            return Some(name.to_string());
        }
    }
    c.configured.and_then(|f| f(ctx))
}

/// Run one check and fold its report into one row: status = the report's worst, summary and
/// hint = its worst step's, data = the whole report.
pub async fn run_check(ctx: &Context, c: &Check) -> Step {
    if let Some(name) = missing_requirement(ctx, c) {
        return skipped_row(ctx, c.id.as_str(), &name);
    }
    let clock = std::time::Instant::now();
    match (c.run)(ctx).await {
        Ok(mut r) => {
            r.command = c.id.as_str().to_string();
            r.duration_ms = clock.elapsed().as_millis() as u64;
            row(c.id.as_str(), r)
        }
        Err(Error::MissingSecret { name, .. }) => skipped_row(ctx, c.id.as_str(), &name),
        Err(e) => Step::new(c.id.as_str(), e.status(), e.line()).maybe_hint(e.hint()),
    }
}

fn skipped_row(ctx: &Context, check: &str, missing: &str) -> Step {
    let first = missing.split_whitespace().next().unwrap_or(missing);
    Step::skipped(check, format!("not configured: {missing} is not set"))
        .hint(crate::error::missing_hint(
            first,
            &ctx.profile,
            ctx.secrets.keyring_usable(),
        ))
        .with("missing", missing)
}

/// One row from a check's report: the summary and hint of every step at the worst status (a
/// check with two crits shows both), else the first step's.
pub fn row(name: &str, r: Report) -> Step {
    let worst = r.worst();
    let picks: Vec<&Step> = r
        .steps
        .iter()
        .filter(|s| s.status == worst && worst != Status::Ok)
        .collect();
    let (summary, hint) = match (picks.as_slice(), r.steps.first()) {
        ([one], _) => (one.summary.clone(), one.hint.clone()),
        ([], Some(first)) => (first.summary.clone(), first.hint.clone()),
        ([], None) => ("no steps".to_string(), None),
        (many, _) => {
            let summary = many
                .iter()
                .map(|s| format!("{}: {}", s.name, s.summary))
                .collect::<Vec<_>>()
                .join(" · ");
            let mut hints: Vec<String> = Vec::new();
            for h in many.iter().filter_map(|s| s.hint.clone()) {
                if !hints.contains(&h) {
                    hints.push(h);
                }
            }
            (summary, (!hints.is_empty()).then(|| hints.join(" · ")))
        }
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
    let required = required_checks(ctx, &a.require)?;
    let all = checks();
    let selected: Vec<&Check> = all
        .iter()
        .filter(|c| a.only.is_empty() || a.only.contains(&c.id) || required.contains(&c.id))
        .collect();
    let rows = run_checks(ctx, &selected).await;
    let ids: Vec<CheckId> = selected.iter().map(|c| c.id).collect();
    let mut r = report(ctx, judge_configuration(ctx, &ids, rows, &required));
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
            b.set_prefix(c.id.as_str());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_takes_the_worst_steps_summary_and_keeps_the_report() {
        let mut r = Report::new("x", "default", chrono::Utc::now());
        r.push(Step::ok("a", "fine").metric("token_expiry_seconds", 5.0));
        r.push(Step::warn("b", "soon").hint("rotate"));
        r.push(Step::ok("c", "later"));
        let s = row("whatsapp token", r);
        assert_eq!(s.status, Status::Warn);
        assert_eq!(s.summary, "soon");
        assert_eq!(s.hint.as_deref(), Some("rotate"));
        assert_eq!(s.data["steps"].as_array().unwrap().len(), 3);
        assert_eq!(s.metrics, vec![("token_expiry_seconds".to_string(), 5.0)]);
    }

    #[test]
    fn a_row_with_several_worst_steps_shows_each() {
        let mut r = Report::new("x", "default", chrono::Utc::now());
        r.push(Step::crit("lead ads", "page subscription inactive").hint("reregister leadgen"));
        r.push(Step::ok("handshake", "fine"));
        r.push(Step::crit("waba subscription", "not subscribed").hint("reregister whatsapp"));
        let s = row("webhooks", r);
        assert_eq!(s.status, Status::Crit);
        assert_eq!(
            s.summary,
            "lead ads: page subscription inactive · waba subscription: not subscribed"
        );
        assert_eq!(
            s.hint.as_deref(),
            Some("reregister leadgen · reregister whatsapp")
        );
    }

    #[test]
    fn missing_credential_skips_naming_it() {
        let ctx = Context::for_tests(&[]);
        let c = &check(CheckId::WhatsappPhone);
        assert_eq!(
            missing_requirement(&ctx, c).as_deref(),
            Some("WHATSAPP_ACCESS_TOKEN")
        );
        let ctx = Context::for_tests(&[("WHATSAPP_ACCESS_TOKEN", "t")]);
        assert!(missing_requirement(&ctx, c)
            .unwrap()
            .starts_with("WHATSAPP_PHONE_NUMBER_ID"));
    }
}
