//! `intops rets check`: one feed, or every feed concurrently, one row each.

use super::feeds::{
    config_feed, env_feed, env_key, feed, section, Feed, FeedKind, Plan, RetsSection,
    DEFAULT_CONCURRENCY,
};
use super::reso::check_reso;
use super::rets1::check_rets;
use super::CheckArgs;
use crate::commands::report;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::report::{Report, Status, Step};
use futures::StreamExt;
use serde_json::Value;

pub async fn check(ctx: &Context, a: CheckArgs) -> Result<Report> {
    let s = section(ctx)?;
    for (i, f) in s.feeds.iter().enumerate() {
        if f.name.trim().is_empty() {
            return Err(Error::config(format!(
                "rets.feeds entry {} has no name: every feed needs a unique name (it picks its secrets)",
                i + 1
            )));
        }
        if s.feeds[..i]
            .iter()
            .any(|g| env_key(&g.name) == env_key(&f.name))
        {
            return Err(Error::config(format!(
                "two rets feeds are named {:?} (or names that map to the same RETS_{}_* secrets)",
                f.name,
                env_key(&f.name)
            )));
        }
    }
    if a.all {
        return check_all(ctx, &a, &s).await;
    }
    let plan = if let Some(name) = &a.feed {
        let f = s.feeds.iter().find(|f| f.name == *name).ok_or_else(|| {
            let names: Vec<_> = s.feeds.iter().map(|f| f.name.as_str()).collect();
            Error::usage(format!(
                "no rets feed named {name:?} (configured: {})",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ))
        })?;
        config_feed(ctx, &a, &s, f)?
    } else if ctx.setting("RETS_LOGIN_URL").is_some() || s.feeds.is_empty() {
        env_feed(ctx, &a)?
    } else if s.feeds.len() == 1 {
        config_feed(ctx, &a, &s, &s.feeds[0])?
    } else {
        let names: Vec<_> = s.feeds.iter().map(|f| f.name.as_str()).collect();
        return Err(Error::usage(format!(
            "{} rets feeds are configured ({}): pass --all, or --feed NAME",
            names.len(),
            names.join(", ")
        )));
    };
    Ok(report(ctx, run_plan(ctx, plan).await))
}

pub(super) async fn run_plan(ctx: &Context, plan: Plan) -> Vec<Step> {
    match plan {
        Plan::Rets(cfg, p) => check_rets(ctx, *cfg, &p).await,
        Plan::Reso(cfg, lag) => check_reso(ctx, *cfg, &lag).await,
    }
}

pub(super) async fn check_all(ctx: &Context, a: &CheckArgs, s: &RetsSection) -> Result<Report> {
    let mut feeds: Vec<Feed> = Vec::new();
    if ctx.setting("RETS_LOGIN_URL").is_some() {
        feeds.push(Feed {
            name: "env".into(),
            kind: FeedKind::Rets,
            target: ctx.setting("RETS_LOGIN_URL").unwrap_or_default(),
            plan: env_feed(ctx, a),
        });
    }
    feeds.extend(s.feeds.iter().map(|f| feed(ctx, a, s, f)));
    if feeds.is_empty() {
        return Err(Error::config(
            "no RETS/RESO feeds to check: add [[default.rets.feeds]] entries to config.toml, or set RETS_LOGIN_URL, RETS_USERNAME and RETS_PASSWORD",
        ));
    }
    let n = a
        .concurrency
        .map(|c| c as usize)
        .or(s.concurrency)
        .unwrap_or(DEFAULT_CONCURRENCY)
        .max(1);
    let bar = ctx.ui.show_progress().then(|| {
        let pb = indicatif::ProgressBar::new(feeds.len() as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} checking feeds {pos}/{len} {wide_bar} {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb
    });
    let mut results: Vec<(usize, Step)> = futures::stream::iter(feeds.into_iter().enumerate())
        .map(|(i, f)| async move { (i, feed_step(ctx, f).await) })
        .buffer_unordered(n)
        .inspect(|_| {
            if let Some(pb) = &bar {
                pb.inc(1);
            }
        })
        .collect()
        .await;
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    results.sort_by_key(|(i, _)| *i);
    Ok(report(ctx, results.into_iter().map(|(_, s)| s).collect()))
}

/// One row per feed: its worst status, the line that explains it, and every step in `data`.
pub(super) async fn feed_step(ctx: &Context, f: Feed) -> Step {
    let kind = match f.kind {
        FeedKind::Rets => "rets",
        FeedKind::Reso => "reso",
    };
    let steps = match f.plan {
        Ok(plan) => run_plan(ctx, plan).await,
        Err(e) => vec![Step::unknown("config", e.line()).maybe_hint(e.hint())],
    };
    let worst = steps.iter().fold(Status::Ok, |acc, s| acc.worst(s.status));
    let culprit = steps
        .iter()
        .find(|s| s.status == worst && worst != Status::Ok);
    let (summary, hint) = match culprit {
        Some(s) => (format!("{}: {}", s.name, s.summary), s.hint.clone()),
        None => {
            let key = steps
                .iter()
                .find(|s| s.name == "search" || s.name == "freshness")
                .or_else(|| steps.last());
            (
                key.map(|s| format!("{kind} ok: {}", s.summary))
                    .unwrap_or_else(|| format!("{kind} ok")),
                None,
            )
        }
    };
    let mut step = Step::new(f.name.clone(), worst, summary)
        .maybe_hint(hint)
        .with("kind", kind)
        .with("target", crate::redact::redact(&f.target))
        .with("steps", serde_json::to_value(&steps).unwrap_or(Value::Null));
    for s in &steps {
        for (m, v) in &s.metrics {
            step = step.metric(m, *v);
        }
    }
    step
}
