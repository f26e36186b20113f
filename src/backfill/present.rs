//! What the application already has: its table of received events (default
//! `integration_logs.external_id`, configured under `[PROFILE.backfill]`) read through
//! `DATABASE_URL`. Read-only: one SELECT for the candidate ids.

use super::Pending;
use crate::error::{ApiError, Cause};
use crate::queue::table::{describe_url, ident, VENDOR};
use crate::secrets::Secret;
use std::collections::HashSet;
use std::time::Duration;

/// Where the application records the events it received.
#[derive(Debug, Clone)]
pub struct Source {
    pub table: String,
    pub id_column: String,
    pub event_column: Option<String>,
}

/// The keys of `candidates` the application already has. Without an event column only leads
/// and new bookings can be matched (see [`super::BackfillConfig::event_column`]).
pub async fn present(
    url: &Secret,
    src: &Source,
    timeout: Duration,
    candidates: &[Pending],
) -> Result<HashSet<String>, ApiError> {
    let checkable: Vec<&Pending> = candidates
        .iter()
        .filter(|p| src.event_column.is_some() || p.event != super::events::INVITEE_CANCELED)
        .collect();
    if checkable.is_empty() {
        return Ok(HashSet::new());
    }
    let place = describe_url(url.expose());
    let unreachable = |e: String| {
        ApiError::new(
            VENDOR,
            Cause::Network,
            format!("cannot reach Postgres at {place}: {e}"),
        )
        .hint(format!("nothing was sent: is Postgres running at {place}? check DATABASE_URL, or pass --no-present-check to rely on the local ledger alone"))
    };
    let (client, conn) = tokio::time::timeout(timeout, crate::queue::pgtls::connect(url.expose()))
        .await
        .map_err(|_| unreachable(format!("no answer within {}s", timeout.as_secs_f32())))?
        .map_err(|e| match e.as_db_error() {
            Some(d) => ApiError::new(
                VENDOR,
                Cause::TokenInvalid,
                format!("{} ({})", d.message(), d.code().code()),
            )
            .hint("Postgres refused the login or database: check DATABASE_URL"),
            None => unreachable(e.to_string()),
        })?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let ids: Vec<String> = checkable.iter().map(|p| p.id.clone()).collect();
    let sql = match &src.event_column {
        Some(ev) => format!(
            "SELECT {id}::text, {ev}::text FROM {t} WHERE {id}::text = ANY($1)",
            id = ident(&src.id_column),
            ev = ident(ev),
            t = ident(&src.table)
        ),
        None => format!(
            "SELECT {id}::text, NULL::text FROM {t} WHERE {id}::text = ANY($1)",
            id = ident(&src.id_column),
            t = ident(&src.table)
        ),
    };
    let rows = client.query(&sql, &[&ids]).await.map_err(|e| {
        let (msg, code) = match e.as_db_error() {
            Some(d) => (d.message().to_string(), d.code().code().to_string()),
            None => (e.to_string(), String::new()),
        };
        // 42P01 undefined table, 42703 undefined column: name the setting that fixes it.
        let hint = match code.as_str() {
            "42P01" | "42703" => format!(
                "nothing was sent: name the application's table and columns in config.toml, [PROFILE.backfill] table = \"{}\", id_column = \"{}\" (and optionally event_column), or pass --no-present-check",
                src.table, src.id_column
            ),
            _ => "nothing was sent: fix the database error, or pass --no-present-check to rely on the local ledger alone".into(),
        };
        ApiError::new(VENDOR, Cause::NotFound, format!("{msg} ({code})")).hint(hint)
    })?;
    let found: HashSet<(String, Option<String>)> = rows
        .iter()
        .map(|r| (r.get::<_, String>(0), r.get::<_, Option<String>>(1)))
        .collect();
    Ok(checkable
        .iter()
        .filter(|p| {
            found.iter().any(|(id, ev)| {
                id == &p.id && (src.event_column.is_none() || ev.as_deref() == Some(p.event))
            })
        })
        .map(|p| p.key.clone())
        .collect())
}
