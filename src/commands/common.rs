//! Step helpers that more than one noun uses.

use crate::context::Context;
use crate::error::{Error, Result};
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

/// A plain setting (env, --env-file or `[PROFILE.settings]`), or an error that says where to put
/// it. Settings are not secrets, so `intops auth set` would not help.
pub fn need_setting(ctx: &Context, name: &str, alternative: Option<&str>) -> Result<String> {
    ctx.setting(name).ok_or_else(|| {
        Error::config(format!(
            "{name} is not set{}: export {name}=… (or put it in the --env-file, or under [{}.settings] in {})",
            alternative.map(|a| format!(" (or pass {a})")).unwrap_or_default(),
            ctx.profile,
            ctx.paths.config_file.display()
        ))
    })
}
