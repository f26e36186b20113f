//! `intops queue …`: the Redis backlog and the Postgres `message_queue` table (runbook
//! whatsapp-outage, post-incident: drain the queue, retry failed messages, requeue dead letters).
//! One verb per file, each with its arguments.

mod drain;
mod requeue_dead;
mod retry_failed;
mod status;

pub use drain::{drain_steps, DrainArgs};
pub use requeue_dead::RequeueArgs;
pub use retry_failed::RetryArgs;
pub use status::{backlog_steps, status, table_step};

use crate::context::Context;
use crate::error::{ApiError, Result};
use crate::queue::backlog::Backlog;
use crate::queue::{self, Settings};
use crate::report::{Report, Status, Step};
use crate::secrets::Secret;
use clap::Subcommand;
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum QueueCmd {
    /// Redis backlog length and age, processing and dead-letter lists; Postgres message_queue by status.
    Status,
    /// Send the Redis backlog reliably (LMOVE/LREM), rate-limited, with a progress bar.
    #[command(after_help = drain::DRAIN_HELP)]
    Drain(DrainArgs),
    /// Postgres message_queue: move failed rows back to pending, in one transaction; permanent
    /// errors (131047, 131026, invalid number, template) stay failed unless --include-permanent.
    RetryFailed(RetryArgs),
    /// Dead letters back to the queue after an outage, filtered by reason, age or recipient.
    #[command(after_help = requeue_dead::HELP)]
    RequeueDead(RequeueArgs),
}

pub async fn run(ctx: &Context, cmd: QueueCmd) -> Result<Report> {
    match cmd {
        QueueCmd::Status => status(ctx).await,
        QueueCmd::Drain(a) => drain::drain(ctx, a).await,
        QueueCmd::RetryFailed(a) => retry_failed::retry_failed(ctx, a).await,
        QueueCmd::RequeueDead(a) => requeue_dead::requeue_dead(ctx, a).await,
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

pub(crate) fn connect_timeout(ctx: &Context) -> Duration {
    ctx.http.opts.timeout.min(Duration::from_secs(10))
}

pub(crate) async fn backlog(ctx: &Context, s: &Settings) -> std::result::Result<Backlog, ApiError> {
    Backlog::connect(&redis_url(ctx), s.keys.clone(), connect_timeout(ctx)).await
}

/// A table or column that does not exist is configuration: the check could not run (unknown).
pub(crate) fn table_error_step(e: &ApiError) -> Step {
    let mut step = e.step("table");
    if e.vendor == queue::table::VENDOR && e.cause == crate::error::Cause::NotFound {
        step.status = Status::Unknown;
    }
    step
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::backlog::Snapshot;

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
            Some(
                format!(
                    r#"{{"to":"+1","text":"x","timestamp":{}}}"#,
                    ctx.now().timestamp() - age
                )
                .into_bytes(),
            )
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
