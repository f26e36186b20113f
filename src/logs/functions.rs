//! The `functions` source: the Supabase Edge Function logs of the named functions, through the
//! Management API (providers/supabase/logs.rs). Function names are never put into the logs SQL:
//! they are matched against the project's function list, and only the ids Supabase gave are.

use super::{normalise_level, trace_id, Count, Entry, Query, Source, SourceRead};
use crate::context::Context;
use crate::error::{ApiError, Cause};
use crate::providers::supabase::logs::{self as sl, MAX_WINDOW_SECS};
use crate::providers::supabase::{Supabase, VENDOR};
use std::collections::BTreeMap;
use std::time::Duration;

fn wanted(names: &[String], vendors: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|n| {
            vendors.is_empty()
                || vendors
                    .iter()
                    .any(|v| n.to_ascii_lowercase().contains(&v.to_ascii_lowercase()))
        })
        .cloned()
        .collect()
}

pub async fn read(
    ctx: &Context,
    sb: &Supabase,
    names: &[String],
    q: &Query,
) -> Result<SourceRead, ApiError> {
    let mut notes = Vec::new();
    let names = wanted(names, &q.vendors);
    if names.is_empty() {
        return Err(ApiError::new(
            VENDOR,
            Cause::NotFound,
            format!("no function name contains {}", q.vendors.join(" or ")),
        )
        .hint("name the functions with --function, or check --vendor"));
    }
    let mut window = q.since;
    if window.as_secs() as i64 > MAX_WINDOW_SECS {
        window = Duration::from_secs(MAX_WINDOW_SECS as u64);
        notes.push("the Management API reads at most 24 h: the last 24 h were read".to_string());
    }
    let end = ctx.now();
    let start = end - chrono::Duration::from_std(window).unwrap_or(chrono::Duration::hours(1));

    let deployed = sb.functions().await?;
    let mut ids: Vec<(String, String)> = Vec::new(); // (id, slug)
    let mut missing = Vec::new();
    for n in &names {
        match deployed.iter().find(|f| &f.slug == n) {
            Some(f) if sl::safe_id(&f.id) => ids.push((f.id.clone(), f.slug.clone())),
            Some(f) => notes.push(format!(
                "{n}: function id {:?} is not a plain id, skipped",
                f.id
            )),
            None => missing.push(n.clone()),
        }
    }
    if ids.is_empty() {
        let have: Vec<&str> = deployed.iter().map(|f| f.slug.as_str()).collect();
        return Err(ApiError::new(
            VENDOR,
            Cause::NotFound,
            format!(
                "none of {} is deployed in project {} (deployed: {})",
                names.join(", "),
                sb.project(),
                if have.is_empty() {
                    "none".to_string()
                } else {
                    have.join(", ")
                }
            ),
        )
        .hint(
            "name the project's functions with --function NAME or [PROFILE.logs] functions = [...]",
        ));
    }
    if !missing.is_empty() {
        notes.push(format!("not deployed: {}", missing.join(", ")));
    }
    let id_refs: Vec<&str> = ids.iter().map(|(i, _)| i.as_str()).collect();
    let slug_of = |id: &str| {
        ids.iter()
            .find(|(i, _)| i == id)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let rows_sql = sl::rows_sql(&id_refs, q.errors_only, q.limit + 1);
    let counts_sql = sl::counts_sql(&id_refs);
    let (rows, counts) = tokio::join!(
        sb.logs_query(&rows_sql, start, end),
        sb.logs_query(&counts_sql, start, end)
    );
    let (rows, counts) = (rows?, counts?);

    let mut entries: Vec<Entry> = rows
        .iter()
        .map(sl::log_row)
        .map(|r| {
            let raw_level = r.level.clone().or_else(|| r.event_type.clone());
            let uncaught = r.event_type.as_deref() == Some("UncaughtException");
            let trace = trace_id([r.message.as_str()]);
            Entry {
                time: r.time,
                source: Source::Functions,
                origin: r
                    .function_id
                    .as_deref()
                    .map(slug_of)
                    .unwrap_or_else(|| "?".into()),
                level: if uncaught {
                    "error".into()
                } else {
                    normalise_level(raw_level.as_deref(), false)
                },
                message: r.message,
                trace_kind: trace.as_ref().map(|t| t.0),
                trace_id: trace.map(|t| t.1),
                id: r.id,
            }
        })
        .filter(|e| !q.errors_only || e.level == "error")
        .collect();
    let more = entries.len() > q.limit;
    entries.truncate(q.limit);

    let mut per: BTreeMap<String, Count> = ids
        .iter()
        .map(|(_, s)| {
            (
                s.clone(),
                Count {
                    origin: s.clone(),
                    total: 0,
                    errors: 0,
                },
            )
        })
        .collect();
    for c in counts.iter().filter_map(sl::level_count) {
        let slug = slug_of(&c.function_id);
        let e = per.entry(slug.clone()).or_insert(Count {
            origin: slug,
            total: 0,
            errors: 0,
        });
        e.total += c.count;
        if normalise_level(Some(&c.level), false) == "error" {
            e.errors += c.count;
        }
    }
    Ok(SourceRead {
        source: Source::Functions,
        what: format!(
            "project {}: {}",
            sb.project(),
            ids.iter()
                .map(|(_, s)| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        entries,
        more,
        counts: per.into_values().collect(),
        notes,
        window,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_picks_the_functions_whose_name_contains_it() {
        let names: Vec<String> = super::super::DEFAULT_FUNCTIONS
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            wanted(&names, &["calendly".into()]),
            vec!["calendly_webhook"]
        );
        assert_eq!(wanted(&names, &["META".into()]), vec!["meta_webhook"]);
        assert_eq!(wanted(&names, &[]).len(), 4);
    }
}
