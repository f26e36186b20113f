//! The Resolution's backlog, as counts: the Redis queue's length (the key `queue status` reads)
//! and the Postgres `message_queue` rows pending and failed. A side that cannot be read is
//! UNKNOWN with the reason, never a zero.

use crate::commands::queue::{backlog, connect_timeout};
use crate::context::Context;
use crate::queue::table::Table;
use crate::queue::Settings;
use crate::report::{Status, Step};

/// The line for the template and the steps behind it.
pub async fn counts(ctx: &Context) -> (String, Vec<Step>) {
    let s = match Settings::from_ctx(ctx) {
        Ok(s) => s,
        Err(e) => {
            let why = e.to_string();
            return (
                format!("UNKNOWN ({why})"),
                vec![Step::unknown("backlog", format!("not counted: {why}"))],
            );
        }
    };
    let (redis_part, redis_step) = redis(ctx, &s).await;
    let (table_part, table_step) = table(ctx, &s).await;
    (
        format!("{redis_part} · {table_part}"),
        vec![redis_step, table_step],
    )
}

/// A side this profile does not configure: UNKNOWN in the template, a skipped step (it did not
/// run) that says how to count it next time.
fn not_configured(step: &str, what: &str, var: &str) -> (String, Step) {
    (
        format!("{what}: UNKNOWN ({var} is not set)"),
        Step::skipped(step, format!("{what} not counted: {var} is not set")).hint(format!(
            "set {var} (environment, --env-file or the keyring) so the Resolution counts the backlog"
        )),
    )
}

async fn redis(ctx: &Context, s: &Settings) -> (String, Step) {
    let key = s.keys.queue.clone();
    let unknown = |why: String| {
        (
            format!("Redis {key}: UNKNOWN ({why})"),
            Step::unknown("backlog redis", format!("{key} not counted: {why}"))
                .with("key", key.clone()),
        )
    };
    if ctx.secrets.optional("REDIS_URL").is_none() && ctx.setting("WHATSAPP_QUEUE_KEY").is_none() {
        return not_configured("backlog redis", &format!("Redis {key}"), "REDIS_URL");
    }
    let b = match backlog(ctx, s).await {
        Ok(b) => b,
        Err(e) => return unknown(e.line()),
    };
    match b.length().await {
        Ok(n) => {
            let mut step = Step::ok("backlog redis", format!("{n} queued in {key}"))
                .with("key", key.clone())
                .with("length", n)
                .metric("queue_backlog_length", n as f64);
            if n > 0 {
                step.status = Status::Warn;
                step = step.hint("messages are still waiting: `intops queue drain --dry-run`, then `intops queue drain`");
            }
            (format!("Redis {key}: {n} queued"), step)
        }
        Err(e) => unknown(e.line()),
    }
}

async fn table(ctx: &Context, s: &Settings) -> (String, Step) {
    let name = s.table.table.clone();
    let unknown = |why: String| {
        (
            format!("{name}: UNKNOWN ({why})"),
            Step::unknown("backlog table", format!("{name} not counted: {why}"))
                .with("table", name.clone()),
        )
    };
    let Some(url) = ctx.secrets.optional("DATABASE_URL") else {
        return not_configured("backlog table", &name, "DATABASE_URL");
    };
    let t = match Table::connect(&url, s.table.clone(), connect_timeout(ctx)).await {
        Ok(t) => t,
        Err(e) => return unknown(e.line()),
    };
    match t.counts().await {
        Ok(c) => {
            let count = |st: &str| {
                c.by_status
                    .iter()
                    .filter(|(k, _)| k == st)
                    .map(|(_, n)| *n)
                    .sum::<i64>()
            };
            let pending = count(&s.table.pending);
            let failed = count(&s.table.failed);
            let mut step = Step::ok(
                "backlog table",
                format!("{name}: {pending} pending, {failed} failed"),
            )
            .with("table", name.clone())
            .with("pending", pending)
            .with("failed", failed)
            .metric("queue_table_pending_rows", pending as f64)
            .metric("queue_table_failed_rows", failed as f64);
            if failed > 0 {
                step.status = Status::Warn;
                step = step.hint("failed messages were not sent: `intops queue retry-failed --dry-run`, then `intops queue retry-failed`");
            } else if pending > 0 {
                step.status = Status::Warn;
                step = step.hint("pending rows wait for the application's worker: check it picks them up (`intops queue status`)");
            }
            (format!("{name}: {pending} pending, {failed} failed"), step)
        }
        Err(e) => unknown(e.line()),
    }
}
