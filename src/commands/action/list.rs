//! `intops action list`.

use crate::actions::{self, GMAIL_FALLBACK, RESTART};
use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::report::{Report, Step};

pub fn list(ctx: &Context) -> Result<Report> {
    let all = actions::all(ctx)?;
    let mut steps: Vec<Step> = all
        .iter()
        .map(|(name, a)| {
            let mut summary = format!("{}: {}", a.kind_name(), a.describe().replace('\n', " "));
            if let Some(u) = &a.undo {
                summary.push_str(&format!(" (undo: {u})"));
            }
            Step::ok(name.clone(), summary)
                .with("kind", a.kind_name())
                .with("runs", a.describe())
                .with("undo", a.undo.clone())
                .with("description", a.description.clone())
                .with("timeout_secs", a.timeout().as_secs_f64())
        })
        .collect();
    for (name, why) in [
        (
            RESTART,
            "the runbook's service restart (token-rotate and switch-number run it)",
        ),
        (
            GMAIL_FALLBACK,
            "the runbook's Gmail fallback (incident start whatsapp-outage offers it)",
        ),
    ] {
        if !all.contains_key(name) {
            steps.push(
                Step::skipped(name, format!("not configured: {why}")).hint(format!(
                    "add [{}.actions.{name}] to {} (README: \"Actions\")",
                    ctx.profile,
                    ctx.paths.config_file.display()
                )),
            );
        }
    }
    Ok(report(ctx, steps))
}
