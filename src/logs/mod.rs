//! Where the runbooks send people for logs, read from intops: the application's
//! `integration_logs` table (`db`, through `DATABASE_URL`) and the Supabase Edge Function logs
//! (`functions`, through the Management API). Both give [`Entry`] lines and per-function or
//! per-vendor [`Count`]s for a window; `commands/logs.rs` shows them and the incident flows use
//! [`error_counts`] as detection evidence. No clap and no terminal here.

pub mod db;
pub mod functions;

use crate::context::Context;
use crate::error::{ApiError, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::time::Duration;

pub const DEFAULT_TABLE: &str = "integration_logs";
/// The Edge Functions the runbooks name.
pub const DEFAULT_FUNCTIONS: &[&str] = &[
    "whatsapp-webhook",
    "facebook-webhook",
    "meta_webhook",
    "calendly_webhook",
];
pub const DEFAULT_ERROR_WARN: u64 = 1;
pub const DEFAULT_ERROR_CRIT: u64 = 10;

/// `[PROFILE.logs]` in config.toml. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogsConfig {
    /// The application's log table, optionally schema-qualified (default `integration_logs`).
    pub table: Option<String>,
    /// The Edge Functions to read (default: [`DEFAULT_FUNCTIONS`]).
    pub functions: Option<Vec<String>>,
    /// Errors in the window per function or vendor: warn at or above.
    pub error_warn: Option<u64>,
    /// Errors in the window per function or vendor: crit at or above.
    pub error_crit: Option<u64>,
}

/// The profile's logs settings, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub table: String,
    /// Whether the table was named in the config file (not the default).
    pub table_configured: bool,
    pub functions: Vec<String>,
    pub error_warn: u64,
    pub error_crit: u64,
}

impl Settings {
    pub fn from_ctx(ctx: &Context) -> Result<Settings> {
        let cfg: LogsConfig = ctx.config.section("logs")?.unwrap_or_default();
        let error_warn = cfg.error_warn.unwrap_or(DEFAULT_ERROR_WARN).max(1);
        let error_crit = cfg.error_crit.unwrap_or(DEFAULT_ERROR_CRIT).max(error_warn);
        Ok(Settings {
            table_configured: cfg.table.as_ref().is_some_and(|t| !t.trim().is_empty()),
            table: cfg
                .table
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_TABLE.to_string()),
            functions: cfg
                .functions
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| DEFAULT_FUNCTIONS.iter().map(|s| s.to_string()).collect()),
            error_warn,
            error_crit,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Db,
    Functions,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Db => "db",
            Source::Functions => "functions",
        }
    }
    /// Whether the profile has what this source needs (some of it: a half-configured source is
    /// configured, and fails naming what is missing).
    pub fn configured(self, ctx: &Context) -> bool {
        match self {
            Source::Db => ctx.secrets.optional("DATABASE_URL").is_some(),
            Source::Functions => {
                ctx.secrets.optional("SUPABASE_ACCESS_TOKEN").is_some()
                    || ctx.setting("SUPABASE_PROJECT_REF").is_some()
            }
        }
    }
    /// What to set when it is not configured.
    pub fn needs(self) -> &'static str {
        match self {
            Source::Db => "DATABASE_URL",
            Source::Functions => "SUPABASE_ACCESS_TOKEN and SUPABASE_PROJECT_REF",
        }
    }
}

/// What to read.
#[derive(Debug, Clone)]
pub struct Query {
    pub since: Duration,
    /// `db`: rows whose vendor column is one of these; `functions`: functions whose name
    /// contains one of these. Empty: all.
    pub vendors: Vec<String>,
    /// Edge Functions to read (empty: the profile's).
    pub functions: Vec<String>,
    pub errors_only: bool,
    /// Lines shown per source (counts always cover the whole window).
    pub limit: usize,
}

/// One log line.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    #[serde(serialize_with = "ser_time")]
    pub time: Option<DateTime<Utc>>,
    pub source: Source,
    /// The function (functions) or vendor/integration (db).
    pub origin: String,
    /// Normalised: `error`, `warn`, `info`, `debug`, or the raw value lower-cased.
    pub level: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// Which id `trace_id` is: `fbtrace_id`, `request_id`, `trace_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

fn ser_time<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        None => s.serialize_none(),
    }
}

/// Lines and errors of one function or vendor over the whole window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub origin: String,
    pub total: u64,
    pub errors: u64,
}

/// What one source gave.
#[derive(Debug, Clone)]
pub struct SourceRead {
    pub source: Source,
    /// `table public.integration_logs`, `project abc: whatsapp-webhook, ...`.
    pub what: String,
    /// Newest first, at most the query's limit.
    pub entries: Vec<Entry>,
    /// The window held more matching lines than were shown.
    pub more: bool,
    pub counts: Vec<Count>,
    /// Things the reader noticed: missing optional columns, functions not deployed, a capped
    /// window.
    pub notes: Vec<String>,
    /// The window actually read.
    pub window: Duration,
}

impl SourceRead {
    pub fn errors(&self) -> u64 {
        self.counts.iter().map(|c| c.errors).sum()
    }
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|c| c.total).sum()
    }
}

/// Read one source. `Err(Error)` only for what stops before reading (a missing credential);
/// a failed read is `Ok(Err(ApiError))`.
pub async fn read(
    ctx: &Context,
    s: &Settings,
    source: Source,
    q: &Query,
) -> Result<std::result::Result<SourceRead, ApiError>> {
    match source {
        Source::Db => {
            let url = ctx.secrets.get("DATABASE_URL")?;
            Ok(db::read(ctx, &url, &s.table, q).await)
        }
        Source::Functions => {
            let sb = ctx.supabase()?;
            let names = if q.functions.is_empty() {
                s.functions.clone()
            } else {
                q.functions.clone()
            };
            Ok(functions::read(ctx, &sb, &names, q).await)
        }
    }
}

/// Errors per function or vendor over `window`, from every configured source, for the incident
/// flows' detection. Sources that are not configured are left out; a source that is configured
/// but cannot be read is there with its error (or the missing setting).
pub async fn error_counts(
    ctx: &Context,
    window: Duration,
) -> Vec<(Source, std::result::Result<SourceRead, String>)> {
    let Ok(s) = Settings::from_ctx(ctx) else {
        return Vec::new();
    };
    let q = Query {
        since: window,
        vendors: Vec::new(),
        functions: Vec::new(),
        errors_only: false,
        limit: 1,
    };
    let mut out = Vec::new();
    for source in [Source::Functions, Source::Db] {
        if !source.configured(ctx) {
            continue;
        }
        let r = match read(ctx, &s, source, &q).await {
            Ok(Ok(r)) => Ok(r),
            // DATABASE_URL serves the queue too: without a configured table, a database that has
            // no integration_logs table does not keep its logs there (nothing to report).
            Ok(Err(e))
                if source == Source::Db
                    && !s.table_configured
                    && e.cause == crate::error::Cause::NotFound
                    && e.message.starts_with("no table ") =>
            {
                continue
            }
            Ok(Err(e)) => Err(e.line()),
            Err(e) => Err(e.line()),
        };
        out.push((source, r));
    }
    out
}

/// Levels that mean an error, lower-case (the db query compares `lower(level)` against them).
pub const ERROR_LEVELS: &[&str] = &[
    "error",
    "err",
    "fatal",
    "critical",
    "crit",
    "emergency",
    "alert",
    "severe",
    "failed",
    "failure",
    "exception",
    "uncaughtexception",
];

/// A level as people read it: `error`, `warn`, `info`, `debug`, else the raw value.
pub fn normalise_level(raw: Option<&str>, has_error: bool) -> String {
    let Some(r) = raw
        .map(|r| r.trim().to_ascii_lowercase())
        .filter(|r| !r.is_empty())
    else {
        return if has_error { "error" } else { "info" }.to_string();
    };
    if let Ok(code) = r.parse::<u16>() {
        return match code {
            500..=599 => "error",
            400..=499 => "warn",
            _ => "info",
        }
        .to_string();
    }
    if ERROR_LEVELS.contains(&r.as_str()) {
        return "error".into();
    }
    match r.as_str() {
        "warn" | "warning" => "warn".into(),
        "info" | "log" | "notice" | "success" | "ok" | "sent" | "delivered" | "boot"
        | "shutdown" => "info".into(),
        "debug" | "trace" => "debug".into(),
        _ if has_error => "error".into(),
        _ => r.chars().take(12).collect(),
    }
}

/// (kind, keys, id characters beyond ASCII letters and digits): the keys are matched without
/// case, followed by optional quotes and `:` or `=`.
const TRACE_KEYS: &[(&str, &[&str], &str)] = &[
    ("fbtrace_id", &["fbtrace_id", "x-fb-trace-id"], "_-/+"),
    (
        "request_id",
        &[
            "x-request-id",
            "x_request_id",
            "request_id",
            "request-id",
            "requestid",
        ],
        "_-.:",
    ),
    ("trace_id", &["trace_id", "trace-id", "traceid"], "_-.:"),
];

fn find_after(text: &str, key: &str, extra: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        // A word of its own: not the tail of a longer name.
        if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let rest = &text[at + key.len()..];
        let rest = rest.trim_start_matches(['"', '\'', ' ']);
        let Some(rest) = rest.strip_prefix([':', '=']) else {
            continue;
        };
        let rest = rest.trim_start_matches(['"', '\'', ' ']);
        let id: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || extra.contains(*c))
            .take(80)
            .collect();
        let id = id.trim_end_matches(['.', ':']).to_string();
        if id.len() >= 6 {
            return Some(id);
        }
    }
    None
}

/// The first vendor trace id in some texts: Meta's `fbtrace_id` first, then request and trace ids.
pub fn trace_id<'a>(
    texts: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<(&'static str, String)> {
    for (kind, keys, extra) in TRACE_KEYS {
        for t in texts.clone() {
            for k in *keys {
                if let Some(id) = find_after(t, k, extra) {
                    return Some((kind, id));
                }
            }
        }
    }
    None
}

/// What a person needs from a log message in a narrow column: a vendor error object inside it
/// (`{"error": {"message", "code", "error_subcode"}}`, Meta's shape) becomes `190/463 message`;
/// anything else is the message itself.
pub fn summarise(msg: &str) -> String {
    for (i, _) in msg.match_indices('{') {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&msg[i..]) else {
            continue;
        };
        let e = v.get("error").unwrap_or(&v);
        let Some(text) = e.get("message").and_then(|m| m.as_str()) else {
            continue;
        };
        let code = e
            .get("code")
            .map(|c| c.to_string().trim_matches('"').to_string());
        let sub = e
            .get("error_subcode")
            .map(|c| c.to_string().trim_matches('"').to_string());
        return match (code, sub) {
            (Some(c), Some(s)) => format!("{c}/{s} {text}"),
            (Some(c), None) => format!("{c} {text}"),
            _ => text.to_string(),
        };
    }
    msg.to_string()
}

/// One line of a log message: whitespace collapsed, at most `max` characters.
pub fn one_line(s: &str, max: usize) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= max {
        joined
    } else {
        let mut t: String = joined.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_the_way_people_mean_them() {
        assert_eq!(normalise_level(Some("ERROR"), false), "error");
        assert_eq!(normalise_level(Some("failed"), false), "error");
        assert_eq!(normalise_level(Some("warning"), false), "warn");
        assert_eq!(normalise_level(Some("log"), false), "info");
        assert_eq!(normalise_level(Some("503"), false), "error");
        assert_eq!(normalise_level(None, true), "error");
        assert_eq!(normalise_level(None, false), "info");
        assert_eq!(normalise_level(Some("queued"), true), "error");
    }

    #[test]
    fn trace_ids_are_found_with_meta_first() {
        let m = r#"Graph error {"error":{"code":190,"fbtrace_id":"AbC123xyz_-Q"}} request_id=req-000001"#;
        assert_eq!(trace_id([m]), Some(("fbtrace_id", "AbC123xyz_-Q".into())));
        assert_eq!(
            trace_id(["calendly failed x-request-id: 7f3a9c2e-11"]),
            Some(("request_id", "7f3a9c2e-11".into()))
        );
        assert_eq!(trace_id(["nothing here"]), None);
        assert_eq!(
            trace_id(["plain", "fbtrace_id=Zy98765"]),
            Some(("fbtrace_id", "Zy98765".into()))
        );
    }

    #[test]
    fn a_vendor_error_object_is_summarised_to_its_code_and_message() {
        let m = r#"send failed: {"error":{"message":"Error validating access token","code":190,"error_subcode":463,"fbtrace_id":"X"}}"#;
        assert_eq!(summarise(m), "190/463 Error validating access token");
        assert_eq!(summarise("plain {not json"), "plain {not json");
    }

    #[test]
    fn one_line_collapses_and_cuts() {
        assert_eq!(one_line("a\n  b\tc", 10), "a b c");
        assert_eq!(one_line("abcdefghij", 5), "abcd…");
    }
}
