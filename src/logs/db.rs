//! The `db` source: the application's `integration_logs` table through `DATABASE_URL` (TLS as the
//! queue connects, `queue::pgtls`). The columns are discovered in information_schema, so a table
//! that lacks the optional ones still works:
//!
//! | role    | column names tried, in order                                         | needed |
//! |---------|----------------------------------------------------------------------|--------|
//! | time    | created_at, timestamp, inserted_at, logged_at, occurred_at, time     | yes    |
//! | level   | level, severity, log_level, status                                   | level or error |
//! | error   | error, error_message, err                                            | level or error |
//! | id      | id                                                                   | no     |
//! | vendor  | vendor, integration, provider, service, source, channel, function_name, function | no |
//! | message | message, msg, event_message, description, summary                   | no     |
//! | payload | payload, metadata, details, data, context, response, request, body   | no     |
//! | trace   | fbtrace_id, trace_id, request_id                                     | no     |
//!
//! Every value (window, vendors, levels, limit) is a query parameter; the identifiers come from
//! information_schema or the config file and are quoted.

use super::{normalise_level, trace_id, Count, Entry, Query, Source, SourceRead, ERROR_LEVELS};
use crate::context::Context;
use crate::error::{ApiError, Cause};
use crate::queue::table::{describe_url, ident};
use crate::secrets::Secret;
use std::collections::BTreeMap;
use tokio_postgres::types::ToSql;
use tokio_postgres::Client;

pub const VENDOR: &str = "postgres";

/// (role, candidates): the first candidate the table has plays the role.
pub const ROLES: &[(&str, &[&str])] = &[
    (
        "time",
        &[
            "created_at",
            "timestamp",
            "inserted_at",
            "logged_at",
            "occurred_at",
            "time",
        ],
    ),
    ("level", &["level", "severity", "log_level", "status"]),
    ("error", &["error", "error_message", "err"]),
    ("id", &["id"]),
    (
        "vendor",
        &[
            "vendor",
            "integration",
            "provider",
            "service",
            "source",
            "channel",
            "function_name",
            "function",
        ],
    ),
    (
        "message",
        &["message", "msg", "event_message", "description", "summary"],
    ),
    (
        "payload",
        &[
            "payload", "metadata", "details", "data", "context", "response", "request", "body",
        ],
    ),
    ("trace", &["fbtrace_id", "trace_id", "request_id"]),
];

/// The table's columns by role (name and data type).
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub by_role: BTreeMap<&'static str, (String, String)>,
    pub all: Vec<String>,
}

impl Columns {
    pub fn pick(cols: &[(String, String)]) -> Columns {
        let mut by_role = BTreeMap::new();
        for (role, names) in ROLES {
            if let Some((n, t)) = names.iter().find_map(|c| cols.iter().find(|(n, _)| n == c)) {
                by_role.insert(*role, (n.clone(), t.clone()));
            }
        }
        Columns {
            by_role,
            all: cols.iter().map(|(n, _)| n.clone()).collect(),
        }
    }
    fn col(&self, role: &str) -> Option<&str> {
        self.by_role.get(role).map(|(n, _)| n.as_str())
    }
    /// `col::text`, or NULL when the table has no such column.
    fn text(&self, role: &str) -> String {
        match self.col(role) {
            Some(c) => format!("{}::text", ident(c)),
            None => "NULL::text".into(),
        }
    }
    /// The optional roles the table lacks.
    pub fn missing(&self) -> Vec<&'static str> {
        ROLES
            .iter()
            .map(|(r, _)| *r)
            .filter(|r| !self.by_role.contains_key(r))
            .collect()
    }
    /// The time column as a timestamptz expression (numbers are epoch seconds, or milliseconds
    /// when larger than 10^11).
    fn time_expr(&self) -> Option<String> {
        let (c, t) = self.by_role.get("time")?;
        let c = ident(c);
        let numeric = [
            "smallint",
            "integer",
            "bigint",
            "numeric",
            "real",
            "double precision",
        ];
        Some(if numeric.contains(&t.as_str()) {
            format!("to_timestamp(CASE WHEN {c} > 100000000000 THEN {c} / 1000.0 ELSE {c} END)")
        } else {
            format!("{c}::timestamptz")
        })
    }
    /// The SQL condition for "this row is an error"; `$levels` is the parameter with
    /// [`ERROR_LEVELS`].
    fn error_cond(&self, levels: &str) -> String {
        let mut parts = Vec::new();
        if let Some(l) = self.col("level") {
            let l = ident(l);
            parts.push(format!("lower({l}::text) = ANY({levels})"));
            parts.push(format!("{l}::text ~ '^5[0-9][0-9]$'"));
        }
        if let Some(e) = self.col("error") {
            let e = ident(e);
            parts.push(format!(
                "({e} IS NOT NULL AND btrim({e}::text) NOT IN ('', 'null', '{{}}'))"
            ));
        }
        if self.col("level").is_none() {
            // Keep the levels parameter referenced (Postgres must type every parameter).
            parts.push(format!("cardinality({levels}::text[]) < 0"));
        }
        format!("({})", parts.join(" OR "))
    }
}

fn db_error(e: tokio_postgres::Error) -> ApiError {
    let msg = match e.as_db_error() {
        Some(d) => format!("{} ({})", d.message(), d.code().code()),
        None => e.to_string(),
    };
    ApiError::new(VENDOR, Cause::Upstream, msg)
}

/// Connect as the queue does, with the same error lines (never the password).
pub async fn connect(url: &Secret, timeout: std::time::Duration) -> Result<Client, ApiError> {
    let place = describe_url(url.expose());
    let unreachable = |e: String| {
        ApiError::new(VENDOR, Cause::Network, format!("cannot reach Postgres at {place}: {e}"))
            .hint(format!("is Postgres running at {place}? check DATABASE_URL (e.g. `psql \"$DATABASE_URL\" -c 'select 1'`)"))
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
            None if e.to_string().starts_with("error performing TLS handshake") => {
                unreachable(crate::queue::pgtls::with_causes(&e))
                    .hint(crate::queue::pgtls::HANDSHAKE_HINT)
            }
            None if e.to_string().starts_with("invalid") => ApiError::new(
                VENDOR,
                Cause::BadRequest,
                format!("DATABASE_URL is not a Postgres URL: {e}"),
            )
            .hint("DATABASE_URL looks like postgres://user:password@host:5432/database"),
            None => unreachable(e.to_string()),
        })?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(client)
}

/// The table's columns with their types, from information_schema.
pub async fn columns(client: &Client, table: &str) -> Result<Vec<(String, String)>, ApiError> {
    let (schema, name) = match table.split_once('.') {
        Some((s, t)) => (Some(s.to_string()), t.to_string()),
        None => (None, table.to_string()),
    };
    let rows = client
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_name = $2 AND table_schema = COALESCE($1, current_schema()) \
             ORDER BY ordinal_position",
            &[&schema, &name],
        )
        .await
        .map_err(db_error)?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

fn expected() -> String {
    "created_at (or timestamp), level (or status) and/or error; optionally id, vendor, message, payload, fbtrace_id".into()
}

pub async fn read(
    ctx: &Context,
    url: &Secret,
    table: &str,
    q: &Query,
) -> Result<SourceRead, ApiError> {
    let place = describe_url(url.expose());
    let timeout = ctx
        .http
        .opts
        .timeout
        .min(std::time::Duration::from_secs(10));
    let client = connect(url, timeout).await?;
    let cols = columns(&client, table).await?;
    if cols.is_empty() {
        return Err(ApiError::new(
            VENDOR,
            Cause::NotFound,
            format!("no table {table} in {place} (expected columns: {})", expected()),
        )
        .hint(format!(
            "name the application's log table in config.toml: [{}.logs] table = \"schema.table\" (default integration_logs), or read the functions only: `intops logs --source functions`",
            ctx.profile
        )));
    }
    let c = Columns::pick(&cols);
    let Some(tx) = c.time_expr() else {
        return Err(ApiError::new(
            VENDOR,
            Cause::NotFound,
            format!("table {table} has no time column (tried created_at, timestamp, inserted_at, logged_at, occurred_at, time; it has: {})", c.all.join(", ")),
        )
        .hint("intops needs a time column to read a window; add created_at timestamptz default now()"));
    };
    if c.col("level").is_none() && c.col("error").is_none() {
        return Err(ApiError::new(
            VENDOR,
            Cause::NotFound,
            format!("table {table} has neither a level/status nor an error column: intops cannot tell errors apart (it has: {})", c.all.join(", ")),
        )
        .hint("add a level (or status) column, or an error column"));
    }
    let missing = c.missing();
    if ctx.ui.verbose > 0 {
        ctx.http.trace(&format!(
            "postgres: {table} columns by role: {}; missing: {}",
            c.by_role
                .iter()
                .map(|(r, (n, _))| format!("{r}={n}"))
                .collect::<Vec<_>>()
                .join(", "),
            if missing.is_empty() {
                "none".to_string()
            } else {
                missing.join(", ")
            }
        ));
    }

    let t = ident(table);
    let since_epoch = (ctx.now()
        - chrono::Duration::from_std(q.since).unwrap_or(chrono::Duration::hours(1)))
    .timestamp_micros() as f64
        / 1e6;
    let vendors: Vec<String> = q.vendors.iter().map(|v| v.to_ascii_lowercase()).collect();
    let levels: Vec<String> = ERROR_LEVELS.iter().map(|s| s.to_string()).collect();
    let limit = (q.limit + 1) as i64;

    // $1 window start, $2 error levels, $3 vendors (when filtered), last: limit.
    let mut where_ = format!("{tx} >= to_timestamp($1::float8)");
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&since_epoch, &levels];
    let vendor_note;
    if !vendors.is_empty() {
        match c.col("vendor") {
            Some(v) => {
                where_.push_str(&format!(" AND lower({}::text) = ANY($3)", ident(v)));
                params.push(&vendors);
                vendor_note = None;
            }
            None => {
                vendor_note = Some("--vendor ignored: the table has no vendor column".to_string());
            }
        }
    } else {
        vendor_note = None;
    }
    let err = c.error_cond("$2");
    let vendor_expr = match c.col("vendor") {
        Some(v) => format!("coalesce({}::text, '')", ident(v)),
        None => "''::text".into(),
    };
    let counts_sql = format!(
        "SELECT {vendor_expr}, count(*), count(*) FILTER (WHERE {err}) FROM {t} WHERE {where_} GROUP BY 1 ORDER BY 1"
    );
    let counts = client.query(&counts_sql, &params).await.map_err(|e| {
        db_error(e).hint(format!(
            "reading {table} failed: check its columns (`intops logs -v` names them)"
        ))
    })?;

    let rows_where = if q.errors_only {
        format!("{where_} AND {err}")
    } else {
        where_.clone()
    };
    let n = params.len() + 1;
    let rows_sql = format!(
        "SELECT {id}, extract(epoch from {tx})::float8, {vendor}, {level}, left({message}, 2000), left({payload}, 4000), left({error}, 1000), {trace}, ({err}) \
         FROM {t} WHERE {rows_where} ORDER BY {tx} DESC LIMIT ${n}",
        id = c.text("id"),
        vendor = c.text("vendor"),
        level = c.text("level"),
        message = c.text("message"),
        payload = c.text("payload"),
        error = c.text("error"),
        trace = c.text("trace"),
    );
    let mut rparams = params.clone();
    rparams.push(&limit);
    let rows = client.query(&rows_sql, &rparams).await.map_err(db_error)?;

    let mut entries: Vec<Entry> = rows
        .iter()
        .map(|r| {
            let id: Option<String> = r.get(0);
            let epoch: Option<f64> = r.get(1);
            let vendor: Option<String> = r.get(2);
            let level: Option<String> = r.get(3);
            let message: Option<String> = r.get(4);
            let payload: Option<String> = r.get(5);
            let error: Option<String> = r.get(6);
            let trace_col: Option<String> = r.get(7);
            let is_err: Option<bool> = r.get(8);
            let msg = match (&message, &error) {
                (Some(m), Some(e))
                    if !m.trim().is_empty() && !e.trim().is_empty() && !m.contains(e.as_str()) =>
                {
                    format!("{m}: {e}")
                }
                (Some(m), _) if !m.trim().is_empty() => m.clone(),
                (_, Some(e)) if !e.trim().is_empty() => e.clone(),
                _ => payload.clone().unwrap_or_default(),
            };
            let found = trace_col
                .filter(|t| !t.trim().is_empty())
                .map(|t| ("fbtrace_id", t))
                .or_else(|| {
                    trace_id(
                        [message.as_deref(), error.as_deref(), payload.as_deref()]
                            .into_iter()
                            .flatten(),
                    )
                });
            let mut lvl = normalise_level(level.as_deref(), is_err == Some(true));
            if is_err == Some(true) {
                lvl = "error".into();
            }
            Entry {
                time: epoch.and_then(|s| chrono::DateTime::from_timestamp_micros((s * 1e6) as i64)),
                source: Source::Db,
                origin: vendor
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| table.to_string()),
                level: lvl,
                message: msg,
                trace_kind: found.as_ref().map(|f| f.0),
                trace_id: found.map(|f| f.1),
                id,
            }
        })
        .collect();
    let more = entries.len() > q.limit;
    entries.truncate(q.limit);

    let mut notes = Vec::new();
    let optional_missing: Vec<&str> = missing.into_iter().filter(|r| *r != "time").collect();
    if !optional_missing.is_empty() {
        notes.push(format!("no {} column", optional_missing.join(", ")));
    }
    notes.extend(vendor_note);
    Ok(SourceRead {
        source: Source::Db,
        what: format!("table {table}"),
        entries,
        more,
        counts: counts
            .iter()
            .map(|r| {
                let v: String = r.get(0);
                Count {
                    origin: if v.is_empty() { table.to_string() } else { v },
                    total: r.get::<_, i64>(1) as u64,
                    errors: r.get::<_, i64>(2) as u64,
                }
            })
            .collect(),
        notes,
        window: q.since,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| (n.to_string(), "text".to_string()))
            .collect()
    }

    #[test]
    fn roles_take_the_first_column_that_exists() {
        let c = Columns::pick(&cols(&[
            "id",
            "timestamp",
            "integration",
            "status",
            "message",
        ]));
        assert_eq!(c.col("time"), Some("timestamp"));
        assert_eq!(c.col("vendor"), Some("integration"));
        assert_eq!(c.col("level"), Some("status"));
        assert_eq!(c.missing(), vec!["error", "payload", "trace"]);
        assert_eq!(c.text("payload"), "NULL::text");
        assert!(c
            .error_cond("$2")
            .contains("lower(\"status\"::text) = ANY($2)"));
    }
}
