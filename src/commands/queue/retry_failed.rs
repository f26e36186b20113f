//! `intops queue retry-failed`: failed rows of the Postgres `message_queue` back to pending, in
//! one transaction. Rows whose error is permanent (outside the 24-hour window, undeliverable,
//! invalid number, template not approved) stay failed unless asked: sending them again fails again.

use super::{connect_timeout, table_error_step};
use crate::commands::report;
use crate::context::Context;
use crate::error::{ApiError, Error, Result};
use crate::queue::table::{Filter, Table};
use crate::queue::{self, Settings};
use crate::report::{Report, Step};
use clap::Args;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct RetryArgs {
    /// Only rows that failed within this long (e.g. 30m, 2h, 1d).
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub since: Option<Duration>,
    /// Only rows of this channel (e.g. whatsapp).
    #[arg(long)]
    pub channel: Option<String>,
    /// Move at most N rows (oldest first).
    #[arg(long, value_name = "N")]
    pub limit: Option<i64>,
    /// Also move rows whose error is permanent (131047 outside the 24-hour window, 131026
    /// undeliverable, invalid number, template not approved): they will fail again as they are.
    #[arg(long)]
    pub include_permanent: bool,
}

pub async fn retry_failed(ctx: &Context, a: RetryArgs) -> Result<Report> {
    if a.limit.is_some_and(|l| l <= 0) {
        return Err(Error::usage("--limit must be a positive number of rows"));
    }
    let s = Settings::from_ctx(ctx)?;
    let url = ctx.secrets.get("DATABASE_URL")?;
    let mut t = match Table::connect(&url, s.table.clone(), connect_timeout(ctx)).await {
        Ok(t) => t,
        Err(e) => return Ok(report(ctx, vec![table_error_step(&e)])),
    };
    let f = Filter {
        since: a.since,
        channel: a.channel.clone(),
        limit: a.limit,
        skip_permanent: !a.include_permanent,
    };
    let (skipped, n, rows) = match async {
        Ok::<_, ApiError>((
            if f.skip_permanent {
                t.permanent_counts(&f).await?
            } else {
                Vec::new()
            },
            t.count_failed(&f).await?,
            t.rows(&Filter {
                limit: Some(f.limit.unwrap_or(i64::MAX).min(20)),
                ..f.clone()
            })
            .await?,
        ))
    }
    .await
    {
        Ok(x) => x,
        Err(e) => return Ok(report(ctx, vec![table_error_step(&e)])),
    };
    let n_skipped: i64 = skipped.iter().map(|(_, n)| n).sum();
    let skipped_text = if n_skipped == 0 {
        String::new()
    } else {
        format!(
            "; left {n_skipped} failed as permanent ({}; --include-permanent moves them too)",
            skipped
                .iter()
                .map(|(why, n)| format!("{n} {why}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let skipped_json: Vec<serde_json::Value> = skipped
        .iter()
        .map(|(why, n)| serde_json::json!({"reason": why, "rows": n}))
        .collect();
    let n = a.limit.map_or(n, |l| n.min(l));
    let mut scope = Vec::new();
    if let Some(ch) = &a.channel {
        scope.push(format!("channel {ch}"));
    }
    if let Some(d) = a.since {
        scope.push(format!(
            "failed in the last {}",
            humantime::format_duration(d)
        ));
    }
    let scope = if scope.is_empty() {
        String::new()
    } else {
        format!(" ({})", scope.join(", "))
    };
    let ids = |rows: &[queue::table::Row]| {
        let mut v: Vec<String> = rows.iter().take(10).map(|r| r.id.clone()).collect();
        if rows.len() > 10 || (n as usize) > rows.len().min(10) {
            v.push("…".into());
        }
        v.join(", ")
    };
    if n == 0 {
        return Ok(report(
            ctx,
            vec![Step::ok(
                "retry",
                format!(
                    "no failed rows to move in {}{scope}{skipped_text}",
                    s.table.table
                ),
            )
            .with("moved", 0)
            .with("skipped_permanent", n_skipped)
            .with("skipped", skipped_json)],
        ));
    }
    if ctx.ui.dry_run {
        return Ok(report(ctx, vec![Step::skipped(
            "retry",
            format!("dry run: would move {n} failed row(s) of {}{scope} back to pending: {}{skipped_text}", s.table.table, ids(&rows)),
        )
        .with("would_move", n)
        .with("skipped_permanent", n_skipped)
        .with("skipped", skipped_json.clone())
        .with("rows", serde_json::to_value(&rows).unwrap_or_default())
        .hint("nothing was changed; run without --dry-run (and with --yes in scripts) to move them")]));
    }
    ctx.confirm(&format!(
        "Move {n} failed row(s) of {}{scope} back to pending?",
        s.table.table
    ))?;
    let moved = match t.retry_failed(&f).await {
        Ok(m) => m,
        Err(e) => {
            return Ok(report(
                ctx,
                vec![e
                    .step("retry")
                    .hint("nothing was changed: the transaction was rolled back")],
            ))
        }
    };
    Ok(report(
        ctx,
        vec![Step::ok(
            "retry",
            format!(
                "moved {} row(s) of {}{scope} from failed to pending: {}{skipped_text}",
                moved.len(),
                s.table.table,
                ids(&moved)
            ),
        )
        .with("moved", moved.len())
        .with("skipped_permanent", n_skipped)
        .with("skipped", skipped_json)
        .with("rows", serde_json::to_value(&moved).unwrap_or_default())
        .hint("the application's worker sends pending rows: watch `intops queue status`")],
    ))
}
