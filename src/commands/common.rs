//! Step helpers that more than one noun uses.

use crate::context::Context;
use crate::providers::meta;
use crate::report::Step;

/// A step for the configured Graph version when it is expired or close to it.
pub fn graph_version_step(ctx: &Context) -> Option<Step> {
    let v = ctx.config.graph_version();
    let expiry = meta::version_expiry(&v)?;
    let days = (expiry - ctx.now().date_naive()).num_days();
    let fix = format!(
        "set graph_version = \"{}\" in config.toml",
        crate::config::DEFAULT_GRAPH_VERSION
    );
    if days < 0 {
        Some(
            Step::warn(
                "graph version",
                format!(
                    "Graph {v} expired on {expiry}: Meta serves the oldest live version instead"
                ),
            )
            .hint(fix),
        )
    } else if days <= 90 {
        Some(
            Step::warn(
                "graph version",
                format!("Graph {v} expires on {expiry} ({days} days)"),
            )
            .hint(fix),
        )
    } else {
        None
    }
}
