//! `intops calendly subscriptions delete`: one subscription by URI or uuid.

use super::DeleteArgs;
use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::report::{Report, Step};

pub async fn delete(ctx: &Context, a: DeleteArgs) -> Result<Report> {
    let id = a.uri.trim();
    if id.is_empty() || (id.contains('/') && !id.contains("/webhook_subscriptions/")) {
        return Err(Error::usage(format!(
            "{:?} is not a webhook subscription URI or uuid (see `intops calendly subscriptions list`)",
            a.uri
        )));
    }
    let c = ctx.calendly()?;
    ctx.confirm(&format!(
        "Delete Calendly webhook subscription {id}? Calendly stops delivering its events"
    ))?;
    let step = match c.delete(id).await {
        Ok(()) => Step::ok("delete", format!("deleted {id}")),
        Err(e) if e.is_dry_run() => Step::skipped("delete", e.message.clone()),
        Err(e) => e.step("delete"),
    };
    Ok(report(ctx, vec![step]))
}
