//! `intops queue …`: the Redis backlog and the Postgres `message_queue` table (runbook
//! whatsapp-outage, post-incident: drain the queue, retry failed messages).

use crate::commands::report;
use crate::context::Context;
use crate::error::{ApiError, Error, Result};
use crate::queue::backlog::{Backlog, Snapshot};
use crate::queue::drain::{self, Outcome, Stop};
use crate::queue::send::Sender;
use crate::queue::table::{Counts, Filter, Table};
use crate::queue::{self, human_age, item, Limits, Settings};
use crate::report::{Report, Status, Step};
use crate::secrets::Secret;
use clap::{Args, Subcommand};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum QueueCmd {
    /// Redis backlog length and age, processing and dead-letter lists; Postgres message_queue by status.
    Status,
    /// Send the Redis backlog reliably (LMOVE/LREM), rate-limited, with a progress bar.
    #[command(after_help = DRAIN_HELP)]
    Drain(DrainArgs),
    /// Postgres message_queue: move failed rows back to pending, in one transaction.
    RetryFailed(RetryArgs),
}

const DRAIN_HELP: &str = "\
Queue items (JSON, LPUSHed by the application; the oldest is sent first):
  {\"id\": \"m-1\", \"to\": \"+15551234567\", \"text\": \"Your visit is confirmed\", \"enqueued_at\": 1795500000}
  {\"to\": \"+15551234567\", \"template\": {\"name\": \"reminder\", \"language\": \"en_US\", \"components\": [...]}}
  {\"to\": \"+15551234567\", \"type\": \"image\", \"image\": {\"link\": \"https://...\"}}
`to` is required, plus `text` (or `body`, `message`), `template`, or `type` with its object.
A malformed item goes to the dead-letter list (<key>:dead) with the reason.

Each item is moved into this drain's processing list (LMOVE), sent, then removed (LREM); a drain
that dies leaves its items there and the next drain puts them back first. Ctrl-C finishes the
messages in flight and leaves the rest queued.

Examples:
  intops queue drain --dry-run
  intops queue drain --yes --rate 60 --max 1000
  intops queue drain --yes --via https://app.example.com/admin/messages/process-queue";

#[derive(Debug, Args)]
pub struct DrainArgs {
    /// Most messages per second (Meta's default per-number throughput is 80); 0 = no limit.
    #[arg(long, default_value_t = 80.0, value_name = "MSG_PER_SEC")]
    pub rate: f64,
    /// Messages in flight at once.
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub concurrency: usize,
    /// Take at most N items, then stop (the rest stay queued).
    #[arg(long, value_name = "N")]
    pub max: Option<u64>,
    /// Attempts per item on server errors before it goes to the dead-letter list.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub max_attempts: u32,
    /// Post each item to the application's endpoint instead of the WhatsApp Cloud API,
    /// e.g. https://app.example.com/admin/messages/process-queue.
    #[arg(long, value_name = "URL")]
    pub via: Option<String>,
}

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
}

pub async fn run(ctx: &Context, cmd: QueueCmd) -> Result<Report> {
    match cmd {
        QueueCmd::Status => status(ctx).await,
        QueueCmd::Drain(a) => drain(ctx, a).await,
        QueueCmd::RetryFailed(a) => retry_failed(ctx, a).await,
    }
}

/// Doctor: the queue check needs no credential (REDIS_URL has a default)...
pub const DOCTOR_REQUIRES: &[&str] = &[];

/// ...but it only runs when the queue is configured: `None` when it is, else why it is skipped.
pub fn doctor_configured(ctx: &Context) -> Option<String> {
    let set = |n: &str| ctx.secrets.optional(n).is_some();
    if set("REDIS_URL") || set("DATABASE_URL") || ctx.setting("WHATSAPP_QUEUE_KEY").is_some() {
        None
    } else {
        Some("REDIS_URL (or DATABASE_URL)".into())
    }
}

pub async fn doctor(ctx: &Context) -> Result<Report> {
    status(ctx).await
}

fn redis_url(ctx: &Context) -> Secret {
    ctx.secrets
        .optional("REDIS_URL")
        .unwrap_or_else(|| Secret::new(queue::DEFAULT_REDIS_URL))
}

fn connect_timeout(ctx: &Context) -> Duration {
    ctx.http.opts.timeout.min(Duration::from_secs(10))
}

async fn backlog(ctx: &Context, s: &Settings) -> std::result::Result<Backlog, ApiError> {
    Backlog::connect(&redis_url(ctx), s.keys.clone(), connect_timeout(ctx)).await
}

fn age_secs(ctx: &Context, raw: &Option<String>) -> Option<i64> {
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
            "{} in {} (the application's worker), {} held by intops drains ({} running, {} crashed)",
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
        proc = proc.hint("a drain stopped without finishing: the next `intops queue drain` puts its items back first");
    }
    steps.push(proc);

    let mut dead = Step::ok("dead-letter", format!("{} is empty", s.keys.dead))
        .with("key", s.keys.dead.clone())
        .with("length", snap.dead)
        .metric("queue_dead_letter_length", snap.dead as f64);
    if snap.dead > 0 {
        let last = snap
            .dead_newest
            .as_deref()
            .and_then(|e| serde_json::from_str::<serde_json::Value>(e).ok())
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string));
        dead.status = Status::Warn;
        dead.summary = format!(
            "{} dead-lettered in {}{}",
            snap.dead,
            s.keys.dead,
            last.map(|l| format!("; latest: {l}")).unwrap_or_default()
        );
        dead = dead.hint(format!(
            "each entry holds the item and its error: `redis-cli LRANGE {} 0 9`; fix the cause, then push the items back onto {}",
            s.keys.dead, s.keys.queue
        ));
    }
    steps.push(dead);
    steps
}

/// A table or column that does not exist is configuration: the check could not run (unknown).
fn table_error_step(e: &ApiError) -> Step {
    let mut step = e.step("table");
    if e.vendor == queue::table::VENDOR && e.cause == crate::error::Cause::NotFound {
        step.status = Status::Unknown;
    }
    step
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

fn sender(ctx: &Context, via: &Option<String>) -> Result<Sender> {
    match via {
        Some(u) => {
            let url = url::Url::parse(u)
                .ok()
                .filter(|x| matches!(x.scheme(), "http" | "https"))
                .ok_or_else(|| {
                    Error::usage(format!(
                        "--via {u:?} is not an http(s) URL (e.g. https://app.example.com/admin/messages/process-queue)"
                    ))
                })?;
            Ok(Sender::Via {
                http: ctx.http.clone(),
                url,
            })
        }
        None => {
            let phone_id = ctx.require_setting("WHATSAPP_PHONE_NUMBER_ID")?;
            let client = ctx.meta_named("WHATSAPP_ACCESS_TOKEN")?;
            Ok(Sender::Meta { client, phone_id })
        }
    }
}

/// Ctrl-C, or SIGTERM (systemd, Kubernetes, `kill`): both stop the drain gracefully.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// How many items a dry run shows.
const PREVIEW: usize = 10;

pub async fn drain(ctx: &Context, a: DrainArgs) -> Result<Report> {
    if !(a.rate >= 0.0 && a.rate.is_finite()) {
        return Err(Error::usage(format!(
            "--rate must be 0 (no limit) or a positive number of messages per second, got {}",
            a.rate
        )));
    }
    if a.concurrency == 0 || a.concurrency > 1024 {
        return Err(Error::usage(format!(
            "--concurrency must be between 1 and 1024, got {}",
            a.concurrency
        )));
    }
    if a.max_attempts == 0 {
        return Err(Error::usage("--max-attempts must be at least 1"));
    }
    let s = Settings::from_ctx(ctx)?;
    let sender = sender(ctx, &a.via)?;
    let b = match backlog(ctx, &s).await {
        Ok(b) => b,
        Err(e) => return Ok(report(ctx, vec![e.step("backlog")])),
    };
    let snap = match b.snapshot().await {
        Ok(n) => n,
        Err(e) => return Ok(report(ctx, vec![e.step("backlog")])),
    };
    // Items a crashed drain still holds count too: this drain puts them back first.
    let len = snap.length + snap.drain_processing;
    let total = a.max.map_or(len, |m| m.min(len));
    let rate_text = if a.rate > 0.0 {
        format!("at most {} msg/s", a.rate)
    } else {
        "no rate limit".into()
    };
    if ctx.ui.dry_run {
        return Ok(report(
            ctx,
            vec![dry_run_step(ctx, &b, &sender, &s, total, &rate_text).await?],
        ));
    }
    if total == 0 {
        return Ok(report(
            ctx,
            vec![Step::ok(
                "drain",
                format!("{} is empty: nothing to send", s.keys.queue),
            )
            .with("sent", 0)],
        ));
    }
    ctx.confirm(&format!(
        "Send {total} queued message(s) from {} to {} ({rate_text})?",
        s.keys.queue,
        sender.target()
    ))?;

    let bar = ctx.ui.show_progress().then(|| {
        let pb = indicatif::ProgressBar::new(total);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} sent · {msg} · {per_sec} · ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb.set_message("0 dead-lettered");
        pb
    });
    let progress: Option<drain::ProgressFn> = bar.clone().map(|pb| {
        Arc::new(move |sent: u64, dead: u64| {
            pb.set_position(sent + dead);
            pb.set_message(format!("{dead} dead-lettered"));
        }) as drain::ProgressFn
    });
    let interrupt = async {
        stop_signal().await;
        eprintln!("stopping: finishing the messages in flight; the rest stay queued (Ctrl-C again to quit now: the next drain recovers them)");
        tokio::spawn(async {
            let _ = tokio::signal::ctrl_c().await;
            std::process::exit(130);
        });
    };
    let opts = drain::Options {
        rate: a.rate,
        concurrency: a.concurrency,
        max: a.max,
        max_attempts: a.max_attempts,
        lease: s.lease,
    };
    let out = match drain::run(b.clone(), sender.clone(), opts, progress, interrupt).await {
        Ok(o) => o,
        Err(e) => return Ok(report(ctx, vec![e.step("drain")])),
    };
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    let left = b.length().await.ok();
    Ok(report(
        ctx,
        drain_steps(&s, &sender, &out, left, &rate_text),
    ))
}

async fn dry_run_step(
    ctx: &Context,
    b: &Backlog,
    sender: &Sender,
    s: &Settings,
    total: u64,
    rate_text: &str,
) -> Result<Step> {
    let raws = match b.peek((total as usize).min(PREVIEW)).await {
        Ok(v) => v,
        Err(e) => return Ok(e.step("backlog")),
    };
    let mut preview = Vec::new();
    let mut malformed = 0;
    for raw in &raws {
        match item::parse(raw) {
            Ok(it) => {
                let request = sender.describe(&it, raw);
                // The same line every other command's --dry-run prints on stderr.
                ctx.http.trace(&format!("dry-run: would send {request}"));
                preview.push(json!({"id": it.id, "to": it.to, "request": request}));
            }
            Err(why) => {
                malformed += 1;
                preview
                    .push(json!({"malformed": why, "would": format!("move to {}", s.keys.dead)}));
            }
        }
    }
    let first = preview
        .first()
        .and_then(|p| p.get("request").or(p.get("malformed")))
        .and_then(|v| v.as_str())
        .map(|r| format!("; first: {r}"))
        .unwrap_or_default();
    Ok(Step::skipped(
        "drain",
        format!(
            "dry run: would send {total} message(s) from {} to {} ({rate_text}){first}",
            s.keys.queue,
            sender.target()
        ),
    )
    .with("would_send", total)
    .with("preview", preview)
    .with("malformed_in_preview", malformed)
    .hint("nothing was taken from Redis or sent; run without --dry-run (and with --yes in scripts) to drain"))
}

pub fn drain_steps(
    s: &Settings,
    sender: &Sender,
    o: &Outcome,
    left: Option<u64>,
    rate_text: &str,
) -> Vec<Step> {
    let mut steps = Vec::new();
    if o.recovered > 0 {
        steps.push(
            Step::ok(
                "recover",
                format!(
                    "put back {} item(s) left in flight by a drain that stopped without finishing",
                    o.recovered
                ),
            )
            .with("recovered", o.recovered),
        );
    }
    let secs = o.elapsed.as_secs_f64();
    let achieved = if secs > 0.0 {
        o.sent as f64 / secs
    } else {
        0.0
    };
    let left_text = left
        .map(|l| format!("; {l} left queued"))
        .unwrap_or_default();
    let mut summary = format!(
        "sent {} to {} in {:.1}s ({:.1} msg/s, {rate_text}); {} dead-lettered{left_text}",
        o.sent,
        sender.target(),
        secs,
        achieved,
        o.dead
    );
    let (status, hint) = match &o.stop {
        Stop::Fatal(e) => {
            summary = format!("stopped: {}; {summary}", e.line());
            (
                Status::Crit.worst(e.status()),
                Some(format!(
                    "{}; the unsent items stay queued: re-run `intops queue drain` once fixed",
                    e.hint.clone().unwrap_or_else(|| "fix the cause".into())
                )),
            )
        }
        Stop::Interrupted => {
            summary = format!("stopped by Ctrl-C: {summary}");
            (
                Status::Warn,
                Some("run `intops queue drain` again to send the rest".to_string()),
            )
        }
        Stop::Max if left.unwrap_or(0) > 0 => (
            Status::Ok,
            Some("--max reached: run again for the rest".to_string()),
        ),
        _ => (Status::Ok, None),
    };
    let mut step = Step::new("drain", status, summary)
        .maybe_hint(hint)
        .with("sent", o.sent)
        .with("dead_lettered", o.dead)
        .with("taken", o.taken)
        .with("retries", o.retries)
        .with("rate_limited", o.rate_limited)
        .with("recipient_paused", o.recipient_paused)
        .with("recovered", o.recovered)
        .with("returned", o.returned)
        .with("left", left)
        .with("possible_duplicates", o.lost_lease)
        .with("elapsed_secs", (secs * 1000.0).round() / 1000.0)
        .with("rate_achieved", (achieved * 10.0).round() / 10.0)
        .with("drain_id", o.drain_id.clone())
        .metric("queue_drain_sent", o.sent as f64)
        .metric("queue_drain_dead_lettered", o.dead as f64)
        .metric("queue_drain_rate", achieved);
    if let Stop::Fatal(e) = &o.stop {
        step = step
            .with("cause", e.cause.label())
            .with("code", e.code.clone());
    }
    steps.push(step);
    if o.dead > 0 {
        let first = o
            .dead_samples
            .first()
            .map(|d| d.reason.clone())
            .unwrap_or_default();
        steps.push(
            Step::warn(
                "dead-letter",
                format!(
                    "{} item(s) moved to {}; first: {first}",
                    o.dead, s.keys.dead
                ),
            )
            .with("key", s.keys.dead.clone())
            .with(
                "samples",
                o.dead_samples
                    .iter()
                    .map(|d| json!({"id": d.id, "to": d.to, "reason": d.reason}))
                    .collect::<Vec<_>>(),
            )
            .hint(format!(
                "{}each entry holds the item and its error: `redis-cli LRANGE {} 0 9`",
                o.dead_samples
                    .first()
                    .and_then(|d| d.hint.clone())
                    .map(|h| format!("{h}; "))
                    .unwrap_or_default(),
                s.keys.dead
            )),
        );
    }
    steps
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
    };
    let (n, rows) = match async {
        Ok::<_, ApiError>((
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
                format!("no failed rows in {}{scope}", s.table.table),
            )
            .with("moved", 0)],
        ));
    }
    if ctx.ui.dry_run {
        return Ok(report(ctx, vec![Step::skipped(
            "retry",
            format!("dry run: would move {n} failed row(s) of {}{scope} back to pending: {}", s.table.table, ids(&rows)),
        )
        .with("would_move", n)
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
                "moved {} row(s) of {}{scope} from failed to pending: {}",
                moved.len(),
                s.table.table,
                ids(&moved)
            ),
        )
        .with("moved", moved.len())
        .with("rows", serde_json::to_value(&moved).unwrap_or_default())
        .hint("the application's worker sends pending rows: watch `intops queue status`")],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctor_runs_the_queue_check_only_when_it_is_configured() {
        let ctx = Context::for_tests(&[]);
        assert!(doctor_configured(&ctx).unwrap().contains("REDIS_URL"));
        let ctx = Context::for_tests(&[("REDIS_URL", "redis://127.0.0.1:6379")]);
        assert_eq!(doctor_configured(&ctx), None);
        let ctx = Context::for_tests(&[("DATABASE_URL", "postgres://x@127.0.0.1/db")]);
        assert_eq!(doctor_configured(&ctx), None);
        assert!(DOCTOR_REQUIRES.is_empty());
    }

    #[test]
    fn backlog_thresholds_grade_size_and_age() {
        let ctx = Context::for_tests(&[]);
        let s = Settings::from_ctx(&ctx).unwrap();
        let item = |age: i64| {
            Some(format!(
                r#"{{"to":"+1","text":"x","timestamp":{}}}"#,
                ctx.now().timestamp() - age
            ))
        };
        let grade = |length: u64, age: i64| {
            let snap = Snapshot {
                length,
                oldest: item(age),
                newest: item(0),
                ..Snapshot::default()
            };
            backlog_steps(&ctx, &s, &snap)[0].status
        };
        assert_eq!(grade(10, 60), Status::Ok);
        assert_eq!(grade(1_000, 60), Status::Warn);
        assert_eq!(grade(10_000, 60), Status::Crit);
        assert_eq!(grade(10, 300), Status::Warn);
        assert_eq!(grade(10, 1_800), Status::Crit);
    }
}
