//! Supabase Edge Function logs through the Management API: the project's functions
//! (`GET /v1/projects/{ref}/functions`, to turn a slug into the `function_id` the logs carry) and
//! the logs query endpoint (`GET /v1/projects/{ref}/analytics/endpoints/logs.all` with `sql`,
//! `iso_timestamp_start` and `iso_timestamp_end`) over the `function_logs` source.
//!
//! The answer's shape is read both ways where it could not be confirmed offline
//! (docs/vendors/supabase.md, section 5): rows under `result` or a top-level array, the text in
//! `event_message` or `message`, the time as microseconds (or ms, s) since the epoch or as ISO text,
//! level and function id as columns or inside `metadata`.

use super::{classify, Supabase, VENDOR};
use crate::error::{ApiError, Cause};
use crate::http::{Req, Resp};
use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

/// The logs query accepts at most 24 hours (the Management API's OpenAPI description).
pub const MAX_WINDOW_SECS: i64 = 24 * 3600;

/// One deployed Edge Function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub id: String,
    pub slug: String,
}

/// One line a function logged.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    pub id: Option<String>,
    pub time: Option<DateTime<Utc>>,
    pub function_id: Option<String>,
    /// As logged (`error`, `info`, `log`, `warning`, ...); `event_type` when there is no level.
    pub level: Option<String>,
    pub event_type: Option<String>,
    pub message: String,
}

/// Lines per function and level in the window.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelCount {
    pub function_id: String,
    pub level: String,
    pub count: u64,
}

/// The ids intops puts in a logs query come from Supabase's own function list; anything but
/// letters, digits, `-` and `_` is refused rather than quoted, so no text reaches the SQL.
pub fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn id_list(ids: &[&str]) -> String {
    ids.iter()
        .filter(|i| safe_id(i))
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows query: newest first, `limit` lines (the caller asks one more than it shows, to know
/// whether the window held more).
pub fn rows_sql(ids: &[&str], errors_only: bool, limit: usize) -> String {
    let errors = if errors_only {
        " and (lower(metadata.level) = 'error' or metadata.event_type = 'UncaughtException')"
    } else {
        ""
    };
    format!(
        "select id, function_logs.timestamp, event_message, metadata.level, metadata.event_type, metadata.function_id \
         from function_logs cross join unnest(metadata) as metadata \
         where metadata.function_id in ({}){errors} \
         order by timestamp desc limit {limit}",
        id_list(ids)
    )
}

/// The counts query: lines per function and level over the whole window.
pub fn counts_sql(ids: &[&str]) -> String {
    format!(
        "select metadata.function_id as function_id, metadata.level as level, count(*) as count \
         from function_logs cross join unnest(metadata) as metadata \
         where metadata.function_id in ({}) \
         group by metadata.function_id, metadata.level",
        id_list(ids)
    )
}

impl Supabase {
    /// `GET /v1/projects/{ref}/functions`: every function with its id and slug.
    pub async fn functions(&self) -> Result<Vec<Function>, ApiError> {
        let req = Req::get(VENDOR, self.url("/functions")?).bearer(&self.token);
        let resp = self.http.send(req).await?;
        if !resp.is_success() {
            return Err(refused(&resp));
        }
        let v: Value = crate::providers::evidence::read(&resp, "the function list")?;
        let list = v
            .as_array()
            .or_else(|| v.get("functions").and_then(Value::as_array))
            .ok_or_else(|| {
                crate::providers::evidence::missing(&resp, "the function list", "[…]")
            })?;
        Ok(list
            .iter()
            .filter_map(|f| {
                Some(Function {
                    id: text(f.get("id")?)?,
                    slug: text(f.get("slug").or_else(|| f.get("name"))?)?,
                })
            })
            .collect())
    }

    /// One logs query over `[start, end]` (at most [`MAX_WINDOW_SECS`]): the rows as JSON objects.
    pub async fn logs_query(
        &self,
        sql: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<Value>, ApiError> {
        let iso = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let req = Req::get(VENDOR, self.url("/analytics/endpoints/logs.all")?)
            .bearer(&self.token)
            .query("sql", sql)
            .query("iso_timestamp_start", iso(start))
            .query("iso_timestamp_end", iso(end));
        let resp = self.http.send(req).await?;
        if !resp.is_success() {
            return Err(refused(&resp));
        }
        read_rows(&resp)
    }
}

/// A refused logs call: the Management API's classification, with a hint about logs rather than
/// secrets where they differ.
fn refused(resp: &Resp) -> ApiError {
    let e = classify(resp);
    match e.cause {
        Cause::Permission => e.hint("the access token's account cannot read this project's logs: use a token of a member of the project's organization"),
        Cause::NotFound => e.hint("no such project (or no logs endpoint): SUPABASE_PROJECT_REF is the id in the dashboard URL (supabase.com/dashboard/project/REF)"),
        _ => e,
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The rows of a 2xx logs answer: `{"result": [...]}` (the OpenAPI `AnalyticsResponse`) or a bare
/// array. `{"error": ...}` (a query the logs backend refused) is an error, not an empty window.
pub fn read_rows(resp: &Resp) -> Result<Vec<Value>, ApiError> {
    let v: Value = crate::providers::evidence::read(resp, "the logs")?;
    if let Some(a) = v.as_array() {
        return Ok(a.clone());
    }
    if let Some(e) = v.get("error").filter(|e| !e.is_null()) {
        let msg = e
            .as_str()
            .map(str::to_string)
            .or_else(|| e.get("message").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| e.to_string());
        return Err(ApiError::new(
            VENDOR,
            Cause::BadRequest,
            format!("the logs query was refused: {msg}"),
        )
        .http(resp.status)
        .hint("Supabase's logs backend rejected the query: retry with -v to see it; if it persists, the logs API changed (docs/vendors/supabase.md)"));
    }
    match v.get("result") {
        Some(Value::Array(a)) => Ok(a.clone()),
        Some(Value::Null) => Ok(Vec::new()),
        _ => Err(crate::providers::evidence::missing(
            resp, "the logs", "result",
        )),
    }
}

/// A row's first object-valued `metadata` (an array of one object in BigQuery's nesting, or the
/// object itself).
fn metadata(row: &Value) -> Option<&Value> {
    match row.get("metadata")? {
        Value::Array(a) => a.first(),
        m @ Value::Object(_) => Some(m),
        _ => None,
    }
}

fn field(row: &Value, names: &[&str]) -> Option<String> {
    for n in names {
        if let Some(s) = row.get(*n).and_then(text) {
            return Some(s);
        }
        if let Some(s) = metadata(row).and_then(|m| m.get(*n)).and_then(text) {
            return Some(s);
        }
    }
    None
}

/// A timestamp as the logs endpoint gives it: a number of microseconds (BigQuery's TIMESTAMP), or
/// milliseconds or seconds, told apart by size; or text (RFC 3339, or `2026-12-01 07:58:00[.123]`
/// in UTC).
pub fn parse_time(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::Number(n) => {
            let x = n.as_f64()?;
            let micros = if x.abs() >= 1e14 {
                x
            } else if x.abs() >= 1e11 {
                x * 1e3
            } else {
                x * 1e6
            };
            Utc.timestamp_micros(micros as i64).single()
        }
        Value::String(s) => {
            let s = s.trim();
            if let Ok(n) = s.parse::<f64>() {
                return parse_time(&serde_json::json!(n));
            }
            if let Ok(t) = DateTime::parse_from_rfc3339(s) {
                return Some(t.with_timezone(&Utc));
            }
            for f in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
                if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
                    return Some(t.and_utc());
                }
            }
            None
        }
        _ => None,
    }
}

/// Read one row of the rows query, whichever spelling it came in.
pub fn log_row(row: &Value) -> LogRow {
    LogRow {
        id: field(row, &["id"]),
        time: row
            .get("timestamp")
            .or_else(|| row.get("ts"))
            .or_else(|| metadata(row).and_then(|m| m.get("timestamp")))
            .and_then(parse_time),
        function_id: field(row, &["function_id"]),
        level: field(row, &["level"]),
        event_type: field(row, &["event_type"]),
        message: field(row, &["event_message", "message", "msg"]).unwrap_or_default(),
    }
}

/// Read one row of the counts query; rows without a function id are dropped.
pub fn level_count(row: &Value) -> Option<LevelCount> {
    let count = match row.get("count")? {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    Some(LevelCount {
        function_id: field(row, &["function_id"])?,
        level: field(row, &["level"]).unwrap_or_else(|| "log".into()),
        count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(body: &str) -> Resp {
        Resp::fake(
            VENDOR,
            200,
            "https://x/v1/projects/p/analytics/endpoints/logs.all",
            body,
        )
    }

    #[test]
    fn rows_are_read_under_result_or_as_a_bare_array() {
        let a = read_rows(&resp(r#"{"result":[{"id":"1"}]}"#)).unwrap();
        let b = read_rows(&resp(r#"[{"id":"1"}]"#)).unwrap();
        assert_eq!(a, b);
        assert!(read_rows(&resp(r#"{"result":null}"#)).unwrap().is_empty());
        let e = read_rows(&resp(r#"{"error":{"message":"Syntax error","code":400}}"#)).unwrap_err();
        assert!(e.message.contains("Syntax error"), "{}", e.message);
        let e = read_rows(&resp(r#"{"rows":[]}"#)).unwrap_err();
        assert_eq!(e.cause, Cause::Malformed);
        assert_eq!(
            read_rows(&resp("{\"result\":[")).unwrap_err().cause,
            Cause::Malformed
        );
    }

    #[test]
    fn both_spellings_of_a_row_read_the_same() {
        let flat = log_row(&json!({"id": "a", "timestamp": 1795000000123456i64,
            "event_message": "boom fbtrace_id: AbC", "level": "error", "function_id": "f1"}));
        let nested = log_row(
            &json!({"id": "a", "timestamp": "2026-11-18T11:06:40.123456Z",
            "message": "boom fbtrace_id: AbC",
            "metadata": [{"level": "error", "function_id": "f1"}]}),
        );
        assert_eq!(flat, nested);
        assert_eq!(flat.time.unwrap().timestamp(), 1_795_000_000);
        let ms = parse_time(&json!(1795000000123i64)).unwrap();
        let s = parse_time(&json!(1795000000)).unwrap();
        let text = parse_time(&json!("2026-11-18 11:06:40")).unwrap();
        assert_eq!(ms.timestamp(), s.timestamp());
        assert_eq!(s, text);
    }

    #[test]
    fn counts_read_numbers_or_strings_and_ids_never_carry_text_into_sql() {
        let c =
            level_count(&json!({"function_id": "f1", "level": "error", "count": "190"})).unwrap();
        assert_eq!(c.count, 190);
        assert!(level_count(&json!({"level": "error", "count": 1})).is_none());
        let sql = rows_sql(&["f1", "x' or 1=1 --"], true, 51);
        assert!(
            sql.contains("in ('f1')") && !sql.contains("or 1=1"),
            "{sql}"
        );
        assert!(sql.ends_with("limit 51"));
        assert!(counts_sql(&["a-b_c"]).contains("in ('a-b_c')"));
    }
}
