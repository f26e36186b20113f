//! `intops action list|run NAME [--undo]`: the runbook's mitigations as configured in the config
//! file (`[PROFILE.actions.NAME]`, see src/actions/), run with confirmation and recorded in the
//! open incident's timeline.

pub mod list;
pub mod run;

use crate::context::Context;
use crate::error::Result;
use crate::report::Report;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ActionCmd {
    /// The configured actions: kind, what they run, their undo.
    List,
    /// Run one (asks first; --yes without a terminal; --dry-run shows exactly what would run).
    Run(run::RunArgs),
}

pub async fn run(ctx: &Context, cmd: ActionCmd) -> Result<Report> {
    match cmd {
        ActionCmd::List => list::list(ctx),
        ActionCmd::Run(a) => run::run(ctx, a).await,
    }
}
