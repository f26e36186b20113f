//! `intops logs`: the logs the runbooks send people to, in one place: the application's
//! `integration_logs` table (`--source db`) and the Supabase Edge Function logs
//! (`--source functions`), newest first, with vendor trace ids (Meta `fbtrace_id`) in their own
//! column and errors counted per function or vendor over the whole window.
//!
//! Exit code: 0 when every source asked was read and no function or vendor reached
//! `[PROFILE.logs] error_warn` errors (default 1); 1 (warn) at or above it; 2 (crit) at or above
//! `error_crit` (default 10); 3 (unknown) when a source could not be read.

use crate::commands::report;
use crate::context::{Context, OutputFormat};
use crate::error::{Error, Result};
use crate::logs::{self, Count, Entry, Query, Settings, Source, SourceRead};
use crate::report::{Report, Status, Step};
use crate::timefmt::window;
use clap::{Args, ValueEnum};
use serde_json::json;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceArg {
    /// The application's integration_logs table (DATABASE_URL).
    Db,
    /// Supabase Edge Function logs (SUPABASE_ACCESS_TOKEN, SUPABASE_PROJECT_REF).
    Functions,
    /// Every source that is configured.
    All,
}

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Where to read: db, functions, or all (every configured source).
    #[arg(long, value_enum, default_value_t = SourceArg::All)]
    pub source: SourceArg,
    /// Only this vendor (db: the vendor column; functions: names that contain it). Repeatable.
    #[arg(long, value_name = "V")]
    pub vendor: Vec<String>,
    /// An Edge Function to read (repeatable; default whatsapp-webhook, facebook-webhook, meta_webhook, calendly_webhook).
    #[arg(long = "function", value_name = "NAME")]
    pub functions: Vec<String>,
    /// How far back, e.g. 15m, 1h, 24h (the functions source reads at most 24h).
    #[arg(long, default_value = "1h", value_parser = humantime::parse_duration)]
    pub since: Duration,
    /// Only errors (level error/fatal/..., a filled error column, uncaught exceptions).
    #[arg(long)]
    pub errors: bool,
    /// At most this many lines per source, newest first (counts cover the whole window).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub limit: u16,
}

/// The window the incident flows' detection reads.
pub const EVIDENCE_WINDOW: Duration = Duration::from_secs(3600);

fn sources(ctx: &Context, a: &LogsArgs) -> Result<Vec<(Source, bool)>> {
    let all = [Source::Db, Source::Functions];
    match a.source {
        SourceArg::Db => Ok(vec![(Source::Db, true)]),
        SourceArg::Functions => Ok(vec![(Source::Functions, true)]),
        SourceArg::All => {
            let picked: Vec<(Source, bool)> = all.iter().map(|s| (*s, s.configured(ctx))).collect();
            if picked.iter().all(|(_, on)| !on) {
                return Err(Error::config(
                    "no log source is configured: set DATABASE_URL (the integration_logs table) and/or SUPABASE_ACCESS_TOKEN and SUPABASE_PROJECT_REF (the Edge Function logs), e.g. with --env-file PATH",
                ));
            }
            Ok(picked)
        }
    }
}

fn count_status(s: &Settings, errors: u64) -> Status {
    if errors >= s.error_crit {
        Status::Crit
    } else if errors >= s.error_warn {
        Status::Warn
    } else {
        Status::Ok
    }
}

fn count_step(s: &Settings, source: Source, c: &Count, win: Duration) -> Step {
    let st = count_status(s, c.errors);
    let step = Step::new(
        format!("{} {}", source.as_str(), c.origin),
        st,
        format!(
            "{} errors in {} lines, last {}",
            c.errors,
            c.total,
            window(win)
        ),
    )
    .with("source", source.as_str())
    .with("origin", c.origin.clone())
    .with("errors", c.errors)
    .with("total", c.total)
    .metric("logs_errors", c.errors as f64)
    .metric("logs_lines", c.total as f64);
    if st == Status::Ok {
        step
    } else {
        let filter = match source {
            Source::Functions => "--function",
            Source::Db => "--vendor",
        };
        step.hint(format!(
            "read them: `intops logs --source {} --errors {filter} {}`",
            source.as_str(),
            c.origin
        ))
    }
}

fn source_step(r: &SourceRead, errors_only: bool) -> Step {
    let shown = r.entries.len();
    let mut summary = format!(
        "{} lines ({} errors) from {} in the last {}; showing {}{}",
        r.total(),
        r.errors(),
        r.what,
        window(r.window),
        shown,
        if errors_only { " errors" } else { "" }
    );
    if r.more {
        summary.push_str(" (more in the window: raise --limit)");
    }
    for n in &r.notes {
        summary.push_str(&format!("; {n}"));
    }
    Step::ok(r.source.as_str(), summary)
        .with("what", r.what.clone())
        .with("window_secs", r.window.as_secs())
        .with("shown", shown)
        .with("complete", !r.more)
        .with("notes", r.notes.clone())
        .with(
            "counts",
            serde_json::to_value(&r.counts).unwrap_or_default(),
        )
        .with(
            "entries",
            serde_json::to_value(&r.entries).unwrap_or_default(),
        )
}

pub async fn run(ctx: &Context, a: LogsArgs) -> Result<Report> {
    let clock = std::time::Instant::now();
    let s = Settings::from_ctx(ctx)?;
    let q = Query {
        since: a.since,
        vendors: a.vendor.clone(),
        functions: a.functions.clone(),
        errors_only: a.errors,
        limit: a.limit as usize,
    };
    let mut steps = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut count_steps = Vec::new();
    for (source, on) in sources(ctx, &a)? {
        if !on {
            steps.push(Step::skipped(
                source.as_str(),
                format!("not configured ({} is not set)", source.needs()),
            ));
            continue;
        }
        let read = match logs::read(ctx, &s, source, &q).await {
            Ok(r) => r,
            // Asked for by name: the missing setting stops the command (exit 3, naming it).
            Err(e) if a.source != SourceArg::All => return Err(e),
            // Half configured among several: that source is unknown, the others still read.
            Err(e) => {
                steps.push(Step::unknown(source.as_str(), e.line()).maybe_hint(e.hint()));
                continue;
            }
        };
        match read {
            Ok(r) => {
                steps.push(source_step(&r, a.errors));
                count_steps.extend(r.counts.iter().map(|c| count_step(&s, source, c, r.window)));
                entries.extend(r.entries);
            }
            Err(e) => {
                // Could not read: unknown, whatever the cause.
                let mut step = e.step(source.as_str());
                step.status = Status::Unknown;
                steps.push(step);
            }
        }
    }
    steps.extend(count_steps);
    entries.sort_by_key(|e| std::cmp::Reverse(e.time));
    let mut rep = report(ctx, steps);
    if ctx.ui.output == OutputFormat::Table {
        let mut summary = rep.clone();
        summary.command = "logs".into();
        summary.profile = ctx.profile.clone();
        summary.duration_ms = clock.elapsed().as_millis() as u64;
        // The entries are in the table above: keep them out of the summary render.
        let ui = crate::context::Ui {
            output: OutputFormat::Table,
            ..ctx.ui.clone()
        };
        let width = crate::output::terminal_width().unwrap_or(80).max(80);
        rep.raw = Some(format!(
            "{}\n{}",
            render_entries(&entries, width),
            crate::output::render(&summary, &ui)
        ));
    }
    Ok(rep)
}

fn pad(s: &str, w: usize) -> String {
    let cut = logs::one_line(s, w);
    let n = cut.chars().count();
    format!("{cut}{}", " ".repeat(w.saturating_sub(n)))
}

/// The entries as a plain table that fits `width` columns (80 at least): time, source,
/// function or vendor, level, message, trace id.
pub fn render_entries(entries: &[Entry], width: usize) -> String {
    if entries.is_empty() {
        return "no log lines in the window\n".into();
    }
    const TIME: usize = 11;
    const SRC: usize = 2;
    const LEVEL: usize = 5;
    let origin = entries
        .iter()
        .map(|e| e.origin.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 16);
    let trace = entries
        .iter()
        .filter_map(|e| e.trace_id.as_ref().map(|t| t.chars().count()))
        .max()
        .unwrap_or(0)
        .clamp(5, 24);
    let fixed = TIME + SRC + origin + LEVEL + trace + 5;
    let msg = width.saturating_sub(fixed).max(16);
    let mut out = format!(
        "{} {} {} {} {} {}\n",
        pad("TIME", TIME),
        pad("SR", SRC),
        pad("ORIGIN", origin),
        pad("LEVEL", LEVEL),
        pad("MESSAGE", msg),
        "TRACE"
    );
    for e in entries {
        let time = e
            .time
            .map(|t| t.format("%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "?".into());
        let src = match e.source {
            Source::Db => "db",
            Source::Functions => "fn",
        };
        let line = format!(
            "{} {} {} {} {} {}",
            pad(&time, TIME),
            pad(src, SRC),
            pad(&e.origin, origin),
            pad(&e.level, LEVEL),
            pad(&logs::summarise(&e.message), msg),
            e.trace_id
                .as_deref()
                .map(|t| logs::one_line(t, trace))
                .unwrap_or_default()
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The incident flows' detection evidence: errors per function and vendor in the last hour, one
/// line. `None` when no log source is configured; UNKNOWN when one is configured and unreadable.
pub async fn evidence(ctx: &Context) -> Option<Step> {
    let read = logs::error_counts(ctx, EVIDENCE_WINDOW).await;
    if read.is_empty() {
        return None;
    }
    let s = Settings::from_ctx(ctx).ok()?;
    let mut status = Status::Ok;
    let mut parts = Vec::new();
    let mut data = Vec::new();
    for (source, r) in &read {
        match r {
            Ok(r) => {
                let counts: Vec<String> = r
                    .counts
                    .iter()
                    .map(|c| {
                        status = status.worst(count_status(&s, c.errors));
                        format!("{} {}", c.origin, c.errors)
                    })
                    .collect();
                parts.push(format!(
                    "{} {}",
                    source.as_str(),
                    if counts.is_empty() {
                        "no lines".to_string()
                    } else {
                        counts.join(", ")
                    }
                ));
                data.push(json!({"source": source.as_str(), "counts": r.counts}));
            }
            Err(line) => {
                status = status.worst(Status::Unknown);
                parts.push(format!("{} unreadable ({line})", source.as_str()));
                data.push(json!({"source": source.as_str(), "error": line}));
            }
        }
    }
    let step = Step::new(
        "logs",
        status,
        format!(
            "errors in the last {}: {}",
            window(EVIDENCE_WINDOW),
            parts.join("; ")
        ),
    )
    .with("sources", serde_json::Value::Array(data));
    Some(if status == Status::Ok {
        step
    } else {
        step.hint("`intops logs --errors` shows the lines, with Meta fbtrace_id for support")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_entries_table_fits_80_columns() {
        let e = Entry {
            time: chrono::Utc.timestamp_opt(1_795_000_000, 0).single(),
            source: Source::Functions,
            origin: "whatsapp-webhook".into(),
            level: "error".into(),
            message: "Graph API error (#190) Error validating access token: Session has expired on Tuesday".into(),
            trace_id: Some("AbCdEfGhIjKlMnOpQrStUvW".into()),
            trace_kind: Some("fbtrace_id"),
            id: None,
        };
        let t = render_entries(&[e], 80);
        for l in t.lines() {
            assert!(l.chars().count() <= 80, "{} > 80: {l}", l.chars().count());
        }
        assert!(t.contains("AbCdEfGhIjKlMnOpQrStUvW"), "{t}");
        assert!(t.contains("whatsapp-webhook") && t.contains("error"), "{t}");
    }
}
