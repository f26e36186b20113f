//! `intops queue status`: the Redis backlog (queue, processing lists found by pattern, parked
//! and dead-letter items) and the Postgres `message_queue` by status.

use super::{backlog, connect_timeout, table_error_step};
use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::queue::backlog::{Snapshot, MAX_VALUE_BYTES};
use crate::queue::table::{Counts, Table};
use crate::queue::{human_age, item, Limits, Settings};
use crate::report::{Report, Status, Step};
use serde_json::json;

fn age_secs(ctx: &Context, raw: &Option<Vec<u8>>) -> Option<i64> {
    raw.as_deref()
        .and_then(item::enqueued_at)
        .map(|t| (ctx.now() - t).num_seconds().max(0))
}

fn grade(value: u64, warn: u64, crit: u64) -> Status {
    if value >= crit {
        Status::Crit
    } else if value >= warn {
        Status::Warn
    } else {
        Status::Ok
    }
}

/// Judge the Redis backlog: size and age against the thresholds.
pub fn backlog_steps(ctx: &Context, s: &Settings, snap: &Snapshot) -> Vec<Step> {
    let Limits {
        backlog_warn,
        backlog_crit,
        age_warn,
        age_crit,
    } = s.limits;
    let key = &s.keys.queue;
    let oldest = age_secs(ctx, &snap.oldest);
    let newest = age_secs(ctx, &snap.newest);
    let status = grade(snap.length, backlog_warn, backlog_crit).worst(grade(
        oldest.unwrap_or(0) as u64,
        age_warn,
        age_crit,
    ));
    let summary = if snap.length == 0 {
        format!("{key} is empty")
    } else {
        let ages = match (oldest, newest) {
            (Some(o), Some(n)) => {
                format!(", oldest {} ago, newest {} ago", human_age(o), human_age(n))
            }
            (Some(o), None) => format!(", oldest {} ago", human_age(o)),
            _ if snap.too_large.iter().any(|(w, _)| *w == "the oldest item") => {
                " (the oldest item is too large to read: age unknown)".into()
            }
            _ => " (items carry no timestamp: age unknown)".into(),
        };
        format!("{} queued in {key}{ages}", snap.length)
    };
    let mut backlog = Step::new("backlog", status, summary)
        .with("key", key.clone())
        .with("length", snap.length)
        .with("oldest_age_secs", oldest)
        .with("newest_age_secs", newest)
        .with("thresholds", json!({"backlog_warn": backlog_warn, "backlog_crit": backlog_crit, "age_warn_secs": age_warn, "age_crit_secs": age_crit}))
        .metric("queue_backlog_length", snap.length as f64);
    if let Some(o) = oldest {
        backlog = backlog.metric("queue_backlog_oldest_age_seconds", o as f64);
    }
    if status != Status::Ok {
        backlog = backlog.hint(
            "the application's worker is not keeping up or is down: check it, then drain: `intops queue drain --dry-run`, then `intops queue drain` (runbook whatsapp-outage, post-incident)",
        );
    }
    let mut steps = vec![backlog];

    let held = snap.app_processing + snap.drain_processing;
    let mut proc = Step::ok(
        "processing",
        format!(
            "{} in {} (the application's worker), {} held by intops drains ({} running, {} stopped without finishing)",
            snap.app_processing, s.keys.app_processing, snap.drain_processing, snap.drains_alive, snap.drains_dead
        ),
    )
    .with("app_processing", snap.app_processing)
    .with("drain_processing", snap.drain_processing)
    .with("drains_running", snap.drains_alive)
    .with("drains_crashed", snap.drains_dead)
    .metric("queue_processing_length", held as f64);
    if snap.drains_dead > 0 {
        proc.status = Status::Warn;
        proc = proc.hint(format!(
            "a drain stopped without finishing (killed, frozen or cut off): its items sit in a {}:processing:* list with no live lease; the next `intops queue drain` puts them back first",
            s.keys.queue
        ));
    }
    steps.push(proc);
    if snap.parked > 0 {
        steps.push(
            Step::ok(
                "parked",
                format!(
                    "{} item(s) parked for {} recipient(s) under Meta's pair rate limit (131056): released at one per {}s to each by `intops queue drain`",
                    snap.parked,
                    snap.parked_recipients,
                    crate::queue::drain::PAIR_INTERVAL.as_secs()
                ),
            )
            .with("parked", snap.parked)
            .with("recipients", snap.parked_recipients)
            .metric("queue_parked_length", snap.parked as f64),
        );
    }

    let mut dead = Step::ok("dead-letter", format!("{} is empty", s.keys.dead))
        .with("key", s.keys.dead.clone())
        .with("length", snap.dead)
        .metric("queue_dead_letter_length", snap.dead as f64);
    if snap.dead > 0 {
        let last = snap
            .dead_newest
            .as_deref()
            .and_then(|e| serde_json::from_slice::<serde_json::Value>(e).ok())
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string));
        dead.status = Status::Warn;
        dead.summary = format!(
            "{} dead-lettered in {}{}",
            snap.dead,
            s.keys.dead,
            last.map(|l| format!("; latest: {l}")).unwrap_or_default()
        );
        dead = dead.hint(format!(
            "each entry holds the item and its error: `redis-cli LRANGE {} 0 9`; fix the cause, then `intops queue requeue-dead --dry-run` (filters: --reason, --since, --to)",
            s.keys.dead
        ));
    }
    steps.push(dead);
    if !snap.too_large.is_empty() || snap.oversize > 0 {
        let mut what: Vec<String> = snap
            .too_large
            .iter()
            .map(|(w, n)| format!("{w} is {n} bytes"))
            .collect();
        if snap.oversize > 0 {
            what.push(format!(
                "{} item(s) a drain moved unread to {}",
                snap.oversize,
                s.keys.oversize()
            ));
        }
        steps.push(
            Step::warn(
                "oversize",
                format!(
                    "values over {MAX_VALUE_BYTES} bytes, not read: {}",
                    what.join("; ")
                ),
            )
            .with("key", s.keys.oversize())
            .with("length", snap.oversize)
            .with(
                "not_read",
                snap.too_large
                    .iter()
                    .map(|(w, n)| json!({"what": w, "bytes": n}))
                    .collect::<Vec<_>>(),
            )
            .hint(format!(
                "no message is that large: find the producer that wrote it; `intops queue drain` moves such items unread to {k}; look at one with `redis-cli --raw LRANGE {k} 0 0 | head -c 500`",
                k = s.keys.oversize()
            )),
        );
    }
    steps
}

/// Judge the Postgres table: failed rows and the oldest pending row.
pub fn table_step(s: &Settings, c: &Counts) -> Step {
    let count = |st: &str| {
        c.by_status
            .iter()
            .filter(|(k, _)| k == st)
            .map(|(_, n)| *n)
            .sum::<i64>()
    };
    let failed = count(&s.table.failed);
    let pending_age = c.oldest_pending_age_secs.map(|a| a.max(0.0) as i64);
    let parts: Vec<String> = c
        .by_status
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    let mut summary = format!(
        "{}: {}",
        s.table.table,
        if parts.is_empty() {
            "no rows".to_string()
        } else {
            parts.join(", ")
        }
    );
    if let Some(a) = pending_age {
        summary.push_str(&format!("; oldest pending {} ago", human_age(a)));
    }
    let mut status = grade(
        pending_age.unwrap_or(0) as u64,
        s.limits.age_warn,
        s.limits.age_crit,
    );
    let mut hint = None;
    if failed > 0 {
        status = status.worst(Status::Warn);
        if let Some(r) = &c.oldest_failed {
            summary.push_str(&format!(
                "; oldest failed row {}{}",
                r.id,
                r.error
                    .as_deref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default()
            ));
        }
        let by_channel: Vec<String> = c
            .by_channel
            .iter()
            .filter(|(_, st, _)| *st == s.table.failed)
            .map(|(ch, _, n)| format!("{ch} {n}"))
            .collect();
        if by_channel.len() > 1 {
            summary.push_str(&format!("; failed by channel: {}", by_channel.join(", ")));
        }
        hint = Some("fix the cause first (`intops whatsapp token-debug`, `intops whatsapp phone`), then `intops queue retry-failed --dry-run`".to_string());
    } else if status != Status::Ok {
        hint = Some(
            "pending rows are not being picked up: check the application's queue worker".into(),
        );
    }
    let by_status: serde_json::Map<String, serde_json::Value> = c
        .by_status
        .iter()
        .map(|(k, n)| (k.clone(), json!(n)))
        .collect();
    let mut step = Step::new("table", status, summary)
        .maybe_hint(hint)
        .with("table", s.table.table.clone())
        .with("by_status", by_status)
        .with("oldest_pending_age_secs", pending_age)
        .with(
            "oldest_failed",
            serde_json::to_value(&c.oldest_failed).unwrap_or_default(),
        )
        .metric("queue_table_failed_rows", failed as f64)
        .metric("queue_table_pending_rows", count(&s.table.pending) as f64);
    if !c.by_channel.is_empty() {
        step = step.with(
            "by_channel",
            c.by_channel
                .iter()
                .map(|(ch, st, n)| json!({"channel": ch, "status": st, "rows": n}))
                .collect::<Vec<_>>(),
        );
    }
    step
}

pub async fn status(ctx: &Context) -> Result<Report> {
    let s = Settings::from_ctx(ctx)?;
    let mut steps = Vec::new();
    match backlog(ctx, &s).await {
        Ok(b) => match b.snapshot().await {
            Ok(snap) => steps.extend(backlog_steps(ctx, &s, &snap)),
            Err(e) => steps.push(e.step("backlog")),
        },
        Err(e) => steps.push(e.step("backlog")),
    }
    match ctx.secrets.optional("DATABASE_URL") {
        None => steps.push(Step::skipped(
            "table",
            "DATABASE_URL is not set: the Postgres message_queue was not checked",
        )),
        Some(url) => match Table::connect(&url, s.table.clone(), connect_timeout(ctx)).await {
            Ok(t) => match t.counts().await {
                Ok(c) => steps.push(table_step(&s, &c)),
                Err(e) => steps.push(e.step("table")),
            },
            Err(e) => steps.push(table_error_step(&e)),
        },
    }
    Ok(report(ctx, steps))
}
