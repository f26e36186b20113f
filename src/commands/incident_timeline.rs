//! Writing an action run into an incident's timeline (the open one, or the one named).

use crate::context::Context;
use crate::error::Result;
use crate::incident::state::{ActionRun, Store};
use crate::report::Step;

/// Append the run to the incident; a step says where it went (or that no incident is open).
pub fn record(ctx: &Context, id: Option<&str>, run: ActionRun) -> Result<Step> {
    let store = Store::new(&ctx.paths.state_dir);
    let inc = match id {
        Some(id) => Some(store.load(id)?),
        None => store.latest_open(),
    };
    let Some(mut inc) = inc else {
        return Ok(Step::skipped(
            "timeline",
            "no open incident: the run was not recorded",
        )
        .hint("open one first (`intops incident start FLOW`) so every mitigation is on its timeline"));
    };
    inc.actions.push(run);
    store.save(&inc)?;
    Ok(Step::ok("timeline", format!("recorded in incident {}", inc.id)).with("incident", inc.id))
}
