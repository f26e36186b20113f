//! The RESO Web API steps: token, `$metadata`, freshness of the newest record.

use super::fail;
use super::feeds::Lag;
use crate::context::Context;
use crate::error::{ApiError, Cause};
use crate::providers::rets::reso::{Reso, ResoAuth, ResoConfig};
use crate::report::Step;
use crate::timefmt::{human, rfc};
use std::time::Duration;

pub(super) async fn check_reso(ctx: &Context, cfg: ResoConfig, lag: &Lag) -> Vec<Step> {
    let mut steps = Vec::new();
    let client = Reso::new(ctx.http.clone(), cfg);
    let token = match client.token().await {
        Ok(t) => {
            steps.push(match (&client.cfg.auth, t.expires_in) {
                (ResoAuth::Bearer(_), _) => Step::ok(
                    "token",
                    format!("bearer token from {}", client.cfg.secret_name),
                ),
                (_, Some(s)) => Step::ok(
                    "token",
                    format!("client-credentials token issued, expires in {s} s"),
                )
                .with("expires_in", s),
                (_, None) => Step::ok("token", "client-credentials token issued"),
            });
            t.token
        }
        Err(e) => {
            steps.push(fail("token", &e));
            return steps;
        }
    };
    match client.metadata(&token).await {
        Ok(m) => steps.push(
            match &m.odata_version {
                Some(v) => Step::ok(
                    "metadata",
                    format!(
                        "$metadata reachable: {} entity sets, OData-Version {v}",
                        m.entity_sets
                    ),
                ),
                None => Step::warn(
                    "metadata",
                    format!(
                        "$metadata reachable ({} entity sets) but no OData-Version header",
                        m.entity_sets
                    ),
                ),
            }
            .with("entity_sets", m.entity_sets)
            .with("bytes", m.bytes),
        ),
        Err(e) => {
            let network_or_auth = matches!(e.cause, Cause::Network | Cause::TokenInvalid);
            steps.push(fail("metadata", &e));
            if network_or_auth {
                return steps;
            }
        }
    }
    let resource = client.cfg.resource.clone();
    let field = client.cfg.timestamp_field.clone();
    let freshness_hint = format!(
        "properties are not being updated: ask the MLS / feed vendor whether the {resource} feed is paused (runbook: MLS feed); thresholds: lag_warn / lag_crit in the feed config"
    );
    steps.push(match client.newest(&token).await {
        Ok(None) => {
            Step::warn("freshness", format!("{resource} returned no records")).hint(freshness_hint)
        }
        Ok(Some(n)) => match n.modified {
            None => Step::unknown(
                "freshness",
                format!(
                    "newest {resource} record has no readable {field} ({})",
                    n.raw.as_deref().unwrap_or("missing")
                ),
            )
            .hint("set timestamp_field in the feed config to the server's modification field"),
            Some(t) => {
                let age = ctx.now() - t;
                let secs = age.num_seconds().max(0) as u64;
                let key = n
                    .key
                    .as_deref()
                    .map(|k| format!(", {k}"))
                    .unwrap_or_default();
                let ts = rfc(t);
                let base = format!(
                    "newest {resource} record is {} old ({field} {ts}{key})",
                    human(age)
                );
                let step = if secs > lag.crit.as_secs() {
                    Step::crit(
                        "freshness",
                        format!(
                            "properties are not being updated: {base}, over {}",
                            humantime::format_duration(lag.crit)
                        ),
                    )
                    .hint(freshness_hint)
                } else if secs > lag.warn.as_secs() {
                    Step::warn(
                        "freshness",
                        format!("{base}, over {}", humantime::format_duration(lag.warn)),
                    )
                    .hint(freshness_hint)
                } else {
                    Step::ok("freshness", base)
                };
                step.with("lag_seconds", secs)
                    .with("newest_modified", ts)
                    .with("lag_warn_seconds", lag.warn.as_secs())
                    .with("lag_crit_seconds", lag.crit.as_secs())
                    .metric("reso_lag_seconds", secs as f64)
            }
        },
        Err(e) if e.cause == Cause::BadRequest => {
            freshness_by_count(ctx, &client, &token, lag, &freshness_hint, &e).await
        }
        Err(e) => fail("freshness", &e),
    });
    steps
}

/// Servers that refuse `$orderby` (MLS Grid is reported to): count the records modified inside
/// the warn window, then inside the crit window.
pub(super) async fn freshness_by_count(
    ctx: &Context,
    client: &Reso,
    token: &crate::secrets::Secret,
    lag: &Lag,
    hint: &str,
    refused: &ApiError,
) -> Step {
    let resource = &client.cfg.resource;
    let field = &client.cfg.timestamp_field;
    let window = |d: Duration| ctx.now() - chrono::Duration::from_std(d).unwrap_or_default();
    let how = format!(
        "($orderby refused: {}; counted by {field} instead)",
        refused.message
    );
    let recent = match client.modified_since(token, window(lag.warn)).await {
        Ok(n) => n,
        Err(e) => return fail("freshness", &e),
    };
    let w = humantime::format_duration(lag.warn);
    if recent > 0 {
        return Step::ok(
            "freshness",
            format!("{recent} {resource} records modified in the last {w} {how}"),
        )
        .with("modified_in_warn_window", recent);
    }
    let older = match client.modified_since(token, window(lag.crit)).await {
        Ok(n) => n,
        Err(e) => return fail("freshness", &e),
    };
    let c = humantime::format_duration(lag.crit);
    if older > 0 {
        Step::warn(
            "freshness",
            format!("no {resource} record modified in the last {w}, {older} in the last {c} {how}"),
        )
        .hint(hint)
        .with("modified_in_crit_window", older)
    } else {
        Step::crit(
            "freshness",
            format!("properties are not being updated: no {resource} record modified in the last {c} {how}"),
        )
        .hint(hint)
        .with("modified_in_crit_window", 0)
    }
}
