//! `intops queue requeue-dead`: dead letters back to the queue, the step after an outage (or a
//! fixed template, a renewed token). Filtered by reason, age and recipient; a dry run lists them;
//! each entry moves in one Lua script (off the dead-letter list, onto the queue, attempts reset).

use super::backlog;
use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::queue::backlog::{Bounded, MAX_VALUE_BYTES};
use crate::queue::{item, Settings};
use crate::report::{Report, Step};
use clap::Args;
use serde_json::{json, Value};
use std::time::Duration;

pub(super) const HELP: &str = "\
Each dead-letter entry holds the item and why it failed; the item goes back first in line, with a
fresh attempt count. Malformed items are never put back: fix the producer.

Examples:
  intops queue requeue-dead --dry-run
  intops queue requeue-dead --yes --reason 'vendor error' --since 2h
  intops queue requeue-dead --to +15551234567";

#[derive(Debug, Args)]
pub struct RequeueArgs {
    /// Only entries whose error, cause or code contains this text (case-insensitive), e.g.
    /// `timed out`, `vendor error`, `131000`.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Only entries dead-lettered within this long (e.g. 30m, 2h).
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub since: Option<Duration>,
    /// Only entries dead-lettered longer ago than this.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub older_than: Option<Duration>,
    /// Only items to this recipient (digits compared, so +1 555-0100 matches 15550100).
    #[arg(long, value_name = "NUMBER")]
    pub to: Option<String>,
    /// Move at most N entries (the oldest first).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

struct Entry {
    entry: Vec<u8>,
    raw: Vec<u8>,
    id: Option<String>,
}

/// Whether an entry passes the filters; `now` is the command's clock.
fn wanted(a: &RequeueArgs, v: &Value, raw: &[u8], now: chrono::DateTime<chrono::Utc>) -> bool {
    if let Some(r) = &a.reason {
        let r = r.to_lowercase();
        let hit = ["error", "cause", "code"].iter().any(|k| {
            v.get(*k)
                .and_then(Value::as_str)
                .is_some_and(|s| s.to_lowercase().contains(&r))
        });
        if !hit {
            return false;
        }
    }
    if a.since.is_some() || a.older_than.is_some() {
        let Some(at) = v
            .get("failed_at")
            .and_then(Value::as_str)
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        else {
            return false;
        };
        let age = (now - at.with_timezone(&chrono::Utc)).num_seconds();
        if a.since.is_some_and(|d| age > d.as_secs() as i64) {
            return false;
        }
        if a.older_than.is_some_and(|d| age < d.as_secs() as i64) {
            return false;
        }
    }
    if let Some(to) = &a.to {
        let want = digits(to);
        let got = v
            .get("to")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| item::parse(raw).ok().map(|i| i.to));
        if got.is_none_or(|g| digits(&g) != want) {
            return false;
        }
    }
    true
}

pub(super) async fn requeue_dead(ctx: &Context, a: RequeueArgs) -> Result<Report> {
    if a.limit == Some(0) {
        return Err(Error::usage("--limit must be a positive number of entries"));
    }
    if a.to.as_deref().is_some_and(|t| digits(t).is_empty()) {
        return Err(Error::usage("--to takes a phone number, e.g. +15551234567"));
    }
    let s = Settings::from_ctx(ctx)?;
    let b = match backlog(ctx, &s).await {
        Ok(b) => b,
        Err(e) => return Ok(report(ctx, vec![e.step("backlog")])),
    };
    let entries = match b.dead_entries().await {
        Ok(v) => v,
        Err(e) => return Ok(report(ctx, vec![e.step("backlog")])),
    };
    let now = ctx.now();
    let (mut chosen, mut malformed, mut unreadable, mut too_large) = (Vec::new(), 0u64, 0u64, 0u64);
    // Newest first, as the list holds them.
    for entry in entries {
        let entry = match entry {
            Bounded::Value(v) => v,
            Bounded::TooLarge(_) => {
                too_large += 1;
                continue;
            }
        };
        let Some((v, raw)) = serde_json::from_slice::<Value>(&entry)
            .ok()
            .and_then(|v| item::from_entry(&v).map(|r| (v, r)))
        else {
            unreadable += 1;
            continue;
        };
        if !wanted(&a, &v, &raw, now) {
            continue;
        }
        if item::parse(&raw).is_err() {
            malformed += 1;
            continue;
        }
        let id = v.get("id").and_then(Value::as_str).map(str::to_string);
        chosen.push(Entry { entry, raw, id });
    }
    if let Some(l) = a.limit {
        // The oldest N: they sit at the end of a newest-first list.
        let skip = chosen.len().saturating_sub(l);
        chosen.drain(..skip);
    }
    let mut notes = Vec::new();
    if malformed > 0 {
        notes.push(format!(
            "{malformed} malformed left dead-lettered (fix the producer)"
        ));
    }
    if too_large > 0 {
        notes.push(format!(
            "{too_large} entries over {MAX_VALUE_BYTES} bytes not read and left as they are"
        ));
    }
    if unreadable > 0 {
        notes.push(format!(
            "{unreadable} entries not written by intops left as they are"
        ));
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!("; {}", notes.join("; "))
    };
    let ids = |v: &[Entry]| {
        // Oldest first: the order they will be sent in.
        let mut l: Vec<String> = v
            .iter()
            .rev()
            .take(10)
            .map(|e| e.id.clone().unwrap_or_else(|| "(no id)".into()))
            .collect();
        if v.len() > 10 {
            l.push("…".into());
        }
        l.join(", ")
    };
    let n = chosen.len();
    if n == 0 {
        return Ok(report(
            ctx,
            vec![Step::ok(
                "requeue",
                format!("no dead letters in {} match{notes}", s.keys.dead),
            )
            .with("moved", 0)
            .with("malformed", malformed)],
        ));
    }
    if ctx.ui.dry_run {
        return Ok(report(
            ctx,
            vec![Step::skipped(
                "requeue",
                format!(
                    "dry run: would move {n} dead letter(s) from {} back to {} (first in line): {}{notes}",
                    s.keys.dead,
                    s.keys.queue,
                    ids(&chosen)
                ),
            )
            .with("would_move", n)
            .with("malformed", malformed)
            .with(
                "ids",
                chosen.iter().rev().map(|e| json!(e.id)).collect::<Vec<_>>(),
            )
            .hint("nothing was changed; run without --dry-run (and with --yes in scripts) to move them")],
        ));
    }
    ctx.confirm(&format!(
        "Move {n} dead letter(s) from {} back to {} (they will be sent again by the next drain)?",
        s.keys.dead, s.keys.queue
    ))?;
    let mut moved = Vec::new();
    let mut gone = 0;
    for e in chosen {
        match b.requeue(&e.entry, &e.raw).await {
            Ok(true) => moved.push(e),
            Ok(false) => gone += 1,
            Err(err) => {
                let mut step = err.step("requeue");
                step.summary = format!(
                    "{}; {} moved before the failure, the rest are still dead-lettered",
                    step.summary,
                    moved.len()
                );
                return Ok(report(ctx, vec![step.with("moved", moved.len())]));
            }
        }
    }
    let gone_text = if gone > 0 {
        format!("; {gone} were already gone (another requeue took them)")
    } else {
        String::new()
    };
    Ok(report(
        ctx,
        vec![Step::ok(
            "requeue",
            format!(
                "moved {} dead letter(s) from {} back to {}: {}{gone_text}{notes}",
                moved.len(),
                s.keys.dead,
                s.keys.queue,
                ids(&moved)
            ),
        )
        .with("moved", moved.len())
        .with("malformed", malformed)
        .with(
            "ids",
            moved.iter().rev().map(|e| json!(e.id)).collect::<Vec<_>>(),
        )
        .hint("send them: `intops queue drain --dry-run`, then `intops queue drain`")],
    ))
}
