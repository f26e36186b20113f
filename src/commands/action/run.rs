//! `intops action run NAME [--undo]`: confirm, run, report the result, record it in the timeline.

use crate::actions;
use crate::commands::{incident_timeline, report};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::report::{Report, Status, Step};
use clap::Args;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The action's name in the config file (`intops action list`).
    pub name: String,
    /// Run the action's `undo` instead (e.g. turn the Gmail fallback off again).
    #[arg(long)]
    pub undo: bool,
    /// Record the run in this incident (default: the most recent open one).
    #[arg(long, value_name = "ID", add = clap_complete::engine::ArgValueCandidates::new(crate::commands::incident::id_candidates))]
    pub incident: Option<String>,
}

pub async fn run(ctx: &Context, a: RunArgs) -> Result<Report> {
    let steps = run_named(ctx, &a.name, a.undo, a.incident.as_deref()).await?;
    Ok(report(ctx, steps))
}

/// Run a configured action by name (the flows call this too): the steps it produced.
pub async fn run_named(
    ctx: &Context,
    name: &str,
    undo: bool,
    incident: Option<&str>,
) -> Result<Vec<Step>> {
    let action = actions::find(ctx, name)?;
    let (target, action) = if undo {
        let Some(u) = action.undo.clone() else {
            return Err(Error::config(format!(
                "action {name} has no undo; add `undo = \"NAME\"` to [{}.actions.{name}]",
                ctx.profile
            )));
        };
        let a = actions::find(ctx, &u)?;
        (u, a)
    } else {
        (name.to_string(), action)
    };
    let what = action.describe();
    let label = if undo {
        format!("undo {name} ({target})")
    } else {
        target.clone()
    };
    if ctx.ui.dry_run {
        return Ok(vec![Step::skipped(
            label,
            format!("dry run, nothing ran; would {}", what.replace('\n', " ")),
        )
        .with("would_run", what)
        .with("kind", action.kind_name())]);
    }
    ctx.confirm(&format!("Run action {label}: {}?", what.replace('\n', " ")))?;
    let outcome = actions::execute(ctx, &action).await?;
    let mut steps = vec![
        Step::new(label.clone(), outcome.status, outcome.summary.clone())
            .with("kind", action.kind_name())
            .with("ran", what)
            .with("output", outcome.output.clone()),
    ];
    if !outcome.output.trim().is_empty() {
        steps.push(Step::ok("output", last_lines(&outcome.output, 5)));
    }
    if outcome.status != Status::Ok {
        steps[0] = steps[0].clone().hint(format!(
            "the action failed: run it by hand (`intops action run {name}{} --dry-run` shows it) and check its target",
            if undo { " --undo" } else { "" }
        ));
    }
    let mitigation = outcome.status == Status::Ok && action.mitigation.unwrap_or(!undo);
    steps.push(incident_timeline::record(
        ctx,
        incident,
        crate::incident::state::ActionRun {
            at: ctx.now(),
            action: target,
            undo,
            kind: action.kind_name().into(),
            status: outcome.status.as_str().into(),
            summary: outcome.summary,
            mitigation,
        },
    )?);
    Ok(steps)
}

fn last_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.trim_end().lines().collect();
    lines[lines.len().saturating_sub(n)..].join(" | ")
}
