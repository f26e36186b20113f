//! `intops queue drain`: the reliable, rate-limited drain of the Redis backlog, with a
//! progress bar; a dry run shows what it would send.

use super::backlog;
use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::queue::backlog::{Backlog, Bounded, MAX_VALUE_BYTES};
use crate::queue::drain::{self, Outcome, Stop};
use crate::queue::send::Sender;
use crate::queue::{item, Settings};
use crate::report::{Report, Status, Step};
use clap::Args;
use serde_json::json;
use std::sync::Arc;

pub(super) const DRAIN_HELP: &str = "\
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
    #[arg(long, default_value_t = 80.0, value_name = "MSG_PER_SEC", value_parser = crate::cli::parse_rate)]
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

pub(super) async fn drain(ctx: &Context, a: DrainArgs) -> Result<Report> {
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
    // The first Ctrl-C (or SIGTERM) stops the drain gracefully; a second one gives up on the
    // messages in flight and ends the command as cancelled (exit 130, through main's table).
    let (first_tx, first_rx) = tokio::sync::oneshot::channel::<()>();
    let interrupt = async move {
        stop_signal().await;
        eprintln!("stopping: finishing the messages in flight; the rest stay queued (Ctrl-C again to quit now: the next drain recovers them)");
        let _ = first_tx.send(());
    };
    let second = async move {
        if first_rx.await.is_ok() {
            stop_signal().await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    let opts = drain::Options {
        rate: a.rate,
        concurrency: a.concurrency,
        max: a.max,
        max_attempts: a.max_attempts,
        lease: s.lease,
    };
    let run = drain::run(b.clone(), sender.clone(), opts, progress, interrupt);
    let out = tokio::select! {
        r = run => match r {
            Ok(o) => o,
            Err(e) => return Ok(report(ctx, vec![e.step("drain")])),
        },
        _ = second => {
            if let Some(pb) = &bar {
                pb.abandon();
            }
            eprintln!("quit: the messages in flight stay in this drain's processing list; the next `intops queue drain` puts them back once the lease ({}s) lapses", s.lease.as_secs_f64());
            return Err(Error::Cancelled);
        }
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
        let raw = match raw {
            Bounded::Value(v) => v,
            Bounded::TooLarge(n) => {
                malformed += 1;
                preview.push(json!({
                    "too_large": format!("{n} bytes, over the {MAX_VALUE_BYTES}-byte limit: not read"),
                    "would": format!("move unread to {}", s.keys.oversize()),
                }));
                continue;
            }
        };
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
        .and_then(|p| {
            p.get("request")
                .or(p.get("malformed"))
                .or(p.get("too_large"))
        })
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
        Stop::LeaseLost(why) => {
            summary = format!("stopped taking items: {why}; {summary}");
            (
                Status::Warn,
                Some("what it held goes back to the queue (by this drain, or by the next one once the lease lapses); run `intops queue drain` again. Items in flight at that moment may be sent twice (possible_duplicates)".to_string()),
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
        .with("parked", o.parked)
        .with("released", o.released)
        .with("unparked", o.unparked)
        .with("timeouts", o.timeouts)
        .with("heartbeat_errors", o.heartbeat_errors)
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
    if o.oversize > 0 {
        steps.push(
            Step::warn(
                "oversize",
                format!(
                    "{} item(s) over {MAX_VALUE_BYTES} bytes were not read: moved unchanged to {}",
                    o.oversize,
                    s.keys.oversize()
                ),
            )
            .with("moved", o.oversize)
            .hint(format!(
                "no message is that large: look at the start of one (`redis-cli --raw LRANGE {k} 0 0 | head -c 500`), fix the producer that wrote it, then `redis-cli DEL {k}`",
                k = s.keys.oversize()
            )),
        );
    }
    if o.parked > 0 {
        let left = if o.unparked > 0 {
            format!("; {} put back in the queue at the end", o.unparked)
        } else {
            String::new()
        };
        steps.push(
            Step::ok(
                "pair-rate",
                format!(
                    "{} item(s) parked for recipients under Meta's pair rate limit (131056), {} released at one per {}s to each{left}; other recipients were not held up",
                    o.parked,
                    o.released,
                    drain::PAIR_INTERVAL.as_secs()
                ),
            )
            .with("parked", o.parked)
            .with("released", o.released)
            .with("unparked", o.unparked),
        );
    }
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
