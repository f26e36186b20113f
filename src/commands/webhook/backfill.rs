//! `intops webhook backfill`: the last step of a webhook incident. List the leads (Lead Ads Bulk
//! Read) or bookings (Calendly scheduled events and invitees) created while the webhook was down,
//! leave out what the application already has and what an earlier run re-delivered, then post
//! each one to our callback as the vendor would have, signed, at a gentle rate.

use crate::backfill::deliver::{self, Signer};
use crate::backfill::ledger::{Delivered, Ledger};
use crate::backfill::{events, present, BackfillConfig, Pending};
use crate::commands::report;
use crate::context::Context;
use crate::error::{ApiError, Error, Result};
use crate::report::{Report, Step};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::collections::HashSet;
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackfillProvider {
    /// Lead Ads leads, as `leadgen` events to META_WEBHOOK_URL (X-Hub-Signature-256).
    #[value(name = "leadgen", alias = "meta-leadgen")]
    MetaLeadgen,
    /// Calendly bookings and cancellations, as invitee.created / invitee.canceled events to
    /// CALENDLY_WEBHOOK_URL (Calendly-Webhook-Signature).
    Calendly,
}

impl BackfillProvider {
    fn url_name(self) -> &'static str {
        match self {
            BackfillProvider::MetaLeadgen => "META_WEBHOOK_URL",
            BackfillProvider::Calendly => "CALENDLY_WEBHOOK_URL",
        }
    }
    fn signer(self) -> Signer {
        match self {
            BackfillProvider::MetaLeadgen => Signer::Meta,
            BackfillProvider::Calendly => Signer::Calendly,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            BackfillProvider::MetaLeadgen => "leadgen",
            BackfillProvider::Calendly => "calendly",
        }
    }
}

#[derive(Debug, Args)]
pub struct BackfillArgs {
    /// Whose events to recover.
    #[arg(long, value_enum)]
    pub provider: BackfillProvider,
    /// Start of the outage: RFC 3339 (`2026-11-30T10:00:00Z`), `YYYY-MM-DD HH:MM` in UTC, or an
    /// age (`6h`, `2d`). Inclusive.
    #[arg(long, value_name = "TIME", required_unless_present = "incident")]
    pub since: Option<String>,
    /// End of the outage, same forms (default now). Exclusive.
    #[arg(long, value_name = "TIME", conflicts_with = "incident")]
    pub until: Option<String>,
    /// Take the window from an incident: its start and resolve times (now while it is open).
    #[arg(long, value_name = "ID", conflicts_with = "since",
          add = clap_complete::engine::ArgValueCandidates::new(crate::commands::incident::id_candidates))]
    pub incident: Option<String>,
    /// Callback URL (default: META_WEBHOOK_URL / CALENDLY_WEBHOOK_URL).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Re-deliveries per second (default 2, or `rate` under [PROFILE.backfill]).
    #[arg(long, value_name = "N")]
    pub rate: Option<f64>,
    /// Do not ask the application's database what it already has (the local ledger still
    /// keeps a second run from sending anything twice).
    #[arg(long)]
    pub no_present_check: bool,
}

/// Consecutive failed deliveries after which the rest is not attempted: the callback is down.
const STOP_AFTER_FAILURES: usize = 3;

/// `2026-11-30T10:00:00Z`, `2026-11-30 10:00` (UTC) or an age before `now` (`6h`).
pub fn parse_time(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let t = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(n.and_utc());
        }
    }
    if let Ok(d) = humantime::parse_duration(t) {
        if let Ok(d) = chrono::Duration::from_std(d) {
            return Ok(now - d);
        }
    }
    Err(Error::usage(format!(
        "{s:?} is not a time: use RFC 3339 (2026-11-30T10:00:00Z), `YYYY-MM-DD HH:MM` in UTC, or an age such as 6h"
    )))
}

/// The callback as it may be shown and recorded: no user-info, no query (either can hold a token).
fn shown(u: &Url) -> String {
    let mut v = u.clone();
    let _ = v.set_username("");
    let _ = v.set_password(None);
    if v.query().is_some() {
        v.set_query(Some("…"));
    }
    v.to_string()
}

fn when(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The window `[since, until)` from the flags or the incident.
fn window(ctx: &Context, a: &BackfillArgs) -> Result<(DateTime<Utc>, DateTime<Utc>, String)> {
    let now = ctx.now();
    let (since, until, from) = match &a.incident {
        Some(id) => {
            let inc = crate::incident::state::Store::new(&ctx.paths.state_dir).load(id)?;
            let (until, how) = match &inc.resolution {
                Some(r) => (r.at, "resolved"),
                None => (now, "still open, so until now"),
            };
            (
                inc.started_at,
                until,
                format!("incident {} ({}, {how})", inc.id, inc.title),
            )
        }
        None => {
            let since = parse_time(a.since.as_deref().unwrap_or_default(), now)?;
            let until = match &a.until {
                Some(u) => parse_time(u, now)?,
                None => now,
            };
            (since, until, "--since/--until".to_string())
        }
    };
    if since >= until {
        return Err(Error::usage(format!(
            "the window is empty: {} is not before {}",
            when(since),
            when(until)
        )));
    }
    if since > now {
        return Err(Error::usage(format!(
            "the window starts in the future ({})",
            when(since)
        )));
    }
    Ok((since, until.min(now), from))
}

/// What the vendor listed, rebuilt as events, oldest first, and a line saying where they came from.
async fn list(
    ctx: &Context,
    p: BackfillProvider,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<std::result::Result<(Vec<Pending>, String), ApiError>> {
    Ok(match p {
        BackfillProvider::MetaLeadgen => {
            let page = crate::commands::common::need_setting(ctx, "META_PAGE_ID", None::<&str>)?;
            // Lead forms are read with a Page token where there is one (Meta asks for it on
            // /leadgen_forms); a user token that can advertise on the Page works for both.
            let meta = match ctx.meta_page() {
                Some(m) => m,
                None => ctx.meta_named("META_ACCESS_TOKEN")?,
            };
            async {
                let forms = meta.leadgen_forms(&page).await?;
                let mut out = Vec::new();
                for f in &forms {
                    let Some(id) = &f.id else { continue };
                    for l in meta.form_leads(id, since, until).await? {
                        out.push(events::leadgen(&page, &l));
                    }
                }
                Ok((out, format!("{} lead forms of Page {page}", forms.len())))
            }
            .await
        }
        BackfillProvider::Calendly => {
            let cal = ctx.calendly()?;
            async {
                let me = cal.me().await?;
                let org = me.current_organization.clone().ok_or_else(|| {
                    ApiError::new(
                        "calendly",
                        crate::error::Cause::Malformed,
                        "/users/me names no current_organization: the scheduled events cannot be listed",
                    )
                })?;
                // A booking made in the window is for an event that starts after it was made.
                let evs = cal.scheduled_events(&org, since).await?;
                let mut out = Vec::new();
                for ev in &evs {
                    for i in cal.invitees(ev).await? {
                        out.extend(events::calendly(&i, ev, &me.uri, since, until));
                    }
                }
                Ok((
                    out,
                    format!(
                        "{} scheduled events starting since the window opened",
                        evs.len()
                    ),
                ))
            }
            .await
        }
    })
}

/// The one line the engineer reads: every count, for the Resolution template too.
fn summary(counts: [usize; 5], dry_run: bool) -> Step {
    let [found, present, ledger, sent, failed] = counts;
    let sent_word = if dry_run {
        "would re-deliver"
    } else {
        "re-delivered"
    };
    Step::ok(
        "backfill",
        format!(
            "found {found} · already present {present} · already re-delivered {ledger} · {sent_word} {sent} · failed {failed}"
        ),
    )
    .with("found", found)
    .with("already_present", present)
    .with("already_redelivered", ledger)
    .with(if dry_run { "would_redeliver" } else { "redelivered" }, sent)
    .with("failed", failed)
}

fn ids(v: &[&Pending]) -> Vec<String> {
    v.iter().map(|p| format!("{} {}", p.event, p.id)).collect()
}

fn count_step(name: &str, summary: String, v: &[&Pending]) -> Step {
    Step::ok(name, summary)
        .with("count", v.len())
        .with("ids", ids(v))
}

pub async fn backfill(ctx: &Context, a: BackfillArgs) -> Result<Report> {
    let cfg: BackfillConfig = ctx.config.section("backfill")?.unwrap_or_default();
    let (since, until, from) = window(ctx, &a)?;
    let target = match &a.url {
        Some(u) => u.clone(),
        None => crate::commands::common::need_setting(ctx, a.provider.url_name(), Some("--url"))?,
    };
    let target = Url::parse(&target)
        .ok()
        .filter(|u| u.scheme() == "https" || u.scheme() == "http")
        .ok_or_else(|| {
            Error::usage(format!(
                "the callback is not an http(s) URL: check {} or --url",
                a.provider.url_name()
            ))
        })?;
    let shown_target = shown(&target);
    let rate = a.rate.or(cfg.rate).unwrap_or(crate::backfill::DEFAULT_RATE);
    if !(rate > 0.0 && rate.is_finite()) {
        return Err(Error::usage(format!(
            "--rate must be a positive number of deliveries per second, got {rate}"
        )));
    }
    let signer = a.provider.signer();
    let secret = ctx.secrets.get(signer.secret_name())?;
    let db = if a.no_present_check {
        None
    } else {
        ctx.secrets.optional("DATABASE_URL")
    };
    let mut steps = vec![Step::ok(
        "window",
        format!("{} → {} (from {from})", when(since), when(until)),
    )
    .with("since", when(since))
    .with("until", when(until))
    .with("provider", a.provider.as_str())];

    let (mut found, origin) = match list(ctx, a.provider, since, until).await? {
        Ok(v) => v,
        Err(e) => {
            let mut s = e.step("found");
            s.summary = format!("{} — nothing was sent", s.summary);
            steps.push(s);
            return Ok(report(ctx, steps));
        }
    };
    found.sort_by(|x, y| x.at.cmp(&y.at).then(x.key.cmp(&y.key)));
    let all: Vec<&Pending> = found.iter().collect();
    steps.push(
        count_step(
            "found",
            format!("{} events created in the window ({origin})", all.len()),
            &all,
        )
        .metric("backfill_found", all.len() as f64),
    );

    let mut ledger = match Ledger::open(&ctx.paths.state_dir, !ctx.ui.dry_run) {
        Ok(l) => l,
        Err(e) => {
            steps.push(
                Step::unknown("ledger", format!("{e} — nothing was sent"))
                    .hint("the ledger keeps a second run from sending anything twice: it must be readable before anything is sent"),
            );
            return Ok(report(ctx, steps));
        }
    };
    let in_ledger: Vec<&Pending> = all
        .iter()
        .copied()
        .filter(|p| ledger.get(&p.key).is_some())
        .collect();
    let led: HashSet<&str> = in_ledger.iter().map(|p| p.key.as_str()).collect();

    let present_keys: HashSet<String> = match &db {
        None => {
            steps.push(Step::skipped(
                "already present",
                if a.no_present_check {
                    "not asked (--no-present-check): the local ledger alone prevents duplicates".to_string()
                } else {
                    "DATABASE_URL is not set: the application's database was not asked; the local ledger alone prevents duplicates".to_string()
                },
            ));
            HashSet::new()
        }
        Some(url) => {
            let src = present::Source {
                table: cfg
                    .table
                    .clone()
                    .unwrap_or_else(|| crate::backfill::DEFAULT_TABLE.into()),
                id_column: cfg
                    .id_column
                    .clone()
                    .unwrap_or_else(|| crate::backfill::DEFAULT_ID_COLUMN.into()),
                event_column: cfg.event_column.clone(),
            };
            let fresh: Vec<Pending> = all
                .iter()
                .filter(|p| !led.contains(p.key.as_str()))
                .map(|p| (*p).clone())
                .collect();
            match present::present(url, &src, ctx.http.opts.timeout, &fresh).await {
                Ok(k) => {
                    let v: Vec<&Pending> =
                        all.iter().copied().filter(|p| k.contains(&p.key)).collect();
                    steps.push(
                        count_step(
                            "already present",
                            format!("{} already in {}.{}", v.len(), src.table, src.id_column),
                            &v,
                        )
                        .metric("backfill_already_present", v.len() as f64),
                    );
                    k
                }
                Err(e) => {
                    steps.push(
                        Step::unknown(
                            "already present",
                            format!(
                                "could not ask the application's database: {} — nothing was sent",
                                e.message
                            ),
                        )
                        .maybe_hint(e.hint.clone()),
                    );
                    return Ok(report(ctx, steps));
                }
            }
        }
    };
    steps.push(
        count_step(
            "already re-delivered",
            format!(
                "{} re-delivered by an earlier run (ledger {}){}",
                in_ledger.len(),
                ledger.path().display(),
                if ledger.had_torn_line() {
                    "; its last line was cut short by a crash mid-write and ignored: that delivery is sent again"
                } else {
                    ""
                }
            ),
            &in_ledger,
        )
        .with("ledger", ledger.path().display().to_string())
        .with("torn_line_ignored", ledger.had_torn_line()),
    );

    let to_send: Vec<&Pending> = all
        .iter()
        .copied()
        .filter(|p| !led.contains(p.key.as_str()) && !present_keys.contains(&p.key))
        .collect();
    if ctx.ui.dry_run {
        let lines: Vec<serde_json::Value> = to_send
            .iter()
            .map(|p| json!({"event": p.event, "id": p.id, "at": when(p.at), "target": shown_target, "bytes": p.body.len()}))
            .collect();
        let text: Vec<String> = to_send
            .iter()
            .map(|p| format!("{} {} ({})", p.event, p.id, when(p.at)))
            .collect();
        steps.push(
            Step::skipped(
                "re-delivered",
                format!(
                    "dry run: would send {} events to {shown_target}{}{}",
                    to_send.len(),
                    if text.is_empty() { "" } else { ": " },
                    text.join("; ")
                ),
            )
            .with("count", 0)
            .with("would_send", lines),
        );
        steps.push(summary(
            [
                all.len(),
                present_keys.len(),
                in_ledger.len(),
                to_send.len(),
                0,
            ],
            true,
        ));
        return Ok(report(ctx, steps));
    }
    if to_send.is_empty() {
        steps.push(
            Step::ok("re-delivered", "nothing to re-deliver")
                .with("count", 0)
                .with("ids", Vec::<String>::new())
                .metric("backfill_redelivered", 0.0),
        );
        steps.push(summary(
            [all.len(), present_keys.len(), in_ledger.len(), 0, 0],
            false,
        ));
        return Ok(report(ctx, steps));
    }
    ctx.confirm(&format!(
        "Re-deliver {} {} events to {shown_target}?",
        to_send.len(),
        a.provider.as_str()
    ))?;

    let pacer = crate::queue::rate::Pacer::new(rate);
    let mut sent: Vec<&Pending> = Vec::new();
    let mut failed: Vec<(&Pending, String)> = Vec::new();
    let mut streak = 0usize;
    let mut stopped: Vec<&Pending> = Vec::new();
    for p in &to_send {
        if streak >= STOP_AFTER_FAILURES {
            stopped.push(p);
            continue;
        }
        pacer.acquire().await;
        match deliver::deliver(
            &ctx.http,
            &target,
            signer,
            &secret,
            ctx.now().timestamp(),
            p,
        )
        .await
        {
            Ok(status) => {
                streak = 0;
                let d = Delivered {
                    event: p.event.to_string(),
                    id: p.id.clone(),
                    at: ctx.now(),
                    target: shown_target.clone(),
                    http_status: status,
                };
                if let Err(e) = ledger.record(&p.key, d) {
                    // Delivered but not recorded: say so and stop, or the next run sends it again.
                    sent.push(p);
                    steps.push(Step::crit("ledger", e.to_string()).hint(
                        "fix the state directory (disk full? permissions?) before running the backfill again",
                    ));
                    stopped.extend(to_send.iter().skip(sent.len() + failed.len()));
                    break;
                }
                sent.push(p);
            }
            Err(e) => {
                streak += 1;
                failed.push((p, e.line()));
            }
        }
    }
    steps.push(
        count_step(
            "re-delivered",
            format!("{} re-delivered to {shown_target}", sent.len()),
            &sent,
        )
        .metric("backfill_redelivered", sent.len() as f64),
    );
    let not_delivered = failed.len() + stopped.len();
    if not_delivered > 0 {
        let mut lines: Vec<String> = failed
            .iter()
            .map(|(p, why)| format!("{} {}: {why}", p.event, p.id))
            .collect();
        if !stopped.is_empty() {
            lines.push(format!(
                "{} not attempted after {STOP_AFTER_FAILURES} failures in a row",
                stopped.len()
            ));
        }
        let mut all_failed: Vec<&Pending> = failed.iter().map(|(p, _)| *p).collect();
        all_failed.extend(stopped.iter().copied());
        steps.push(
            Step::crit(
                "failed",
                format!("{} not delivered: {}", all_failed.len(), lines.join("; ")),
            )
            .hint("fix the callback (`intops webhook verify`, its logs), then run the same backfill again: what was delivered is in the ledger and is not sent again")
            .with("count", all_failed.len())
            .with("ids", ids(&all_failed))
            .with("errors", lines)
            .metric("backfill_failed", all_failed.len() as f64),
        );
    }
    steps.push(summary(
        [
            all.len(),
            present_keys.len(),
            in_ledger.len(),
            sent.len(),
            not_delivered,
        ],
        false,
    ));
    Ok(report(ctx, steps))
}

/// The resolve step of the `meta-leads` and `calendly-webhooks` flows offers the backfill for the
/// incident's window: on a terminal it asks and runs it (which lists and asks again before
/// sending); otherwise one `skipped` row names the exact command.
pub async fn offer(ctx: &Context, flow: &str, incident: &str, interactive: bool) -> Vec<Step> {
    let (provider, what) = match flow {
        "meta-leads" => (BackfillProvider::MetaLeadgen, "leads"),
        "calendly-webhooks" => (BackfillProvider::Calendly, "bookings and cancellations"),
        _ => return Vec::new(),
    };
    let cmd = format!(
        "intops webhook backfill --provider {} --incident {incident}",
        provider.as_str()
    );
    let asked = interactive
        && dialoguer::Confirm::new()
            .with_prompt(format!(
                "Recover the {what} created during {incident} now (`{cmd}`)?"
            ))
            .default(true)
            .interact_opt()
            .ok()
            .flatten()
            .unwrap_or(false);
    if !asked {
        return vec![Step::skipped(
            "backfill",
            format!("not run: {what} created during the incident may never have reached the application; `{cmd} --dry-run` lists them, `{cmd} --yes` re-delivers them"),
        )
        .with("command", cmd)];
    }
    let args = BackfillArgs {
        provider,
        since: None,
        until: None,
        incident: Some(incident.to_string()),
        url: None,
        rate: None,
        no_present_check: false,
    };
    match backfill(ctx, args).await {
        Ok(r) => r
            .steps
            .into_iter()
            .map(|mut s| {
                s.name = format!("backfill {}", s.name);
                s
            })
            .collect(),
        Err(e) => vec![Step::new("backfill", e.status(), e.line()).maybe_hint(e.hint())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_read_in_the_forms_an_engineer_types() {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
        let ten = Utc.with_ymd_and_hms(2026, 11, 30, 10, 0, 0).unwrap();
        assert_eq!(parse_time("2026-11-30T10:00:00Z", now).unwrap(), ten);
        assert_eq!(parse_time("2026-11-30T11:00:00+01:00", now).unwrap(), ten);
        assert_eq!(parse_time("2026-11-30 10:00", now).unwrap(), ten);
        assert_eq!(parse_time("2h", now).unwrap(), ten);
        assert!(parse_time("yesterday-ish", now).is_err());
    }
}
