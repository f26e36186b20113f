//! Prometheus HTTP API: instant queries (`GET /api/v1/query`). Its error envelope is
//! `{"status":"error","errorType":"bad_data","error":"..."}` (HTTP 400, 422 or 503).

use crate::error::{ApiError, Cause};
use crate::http::{HttpClient, Req, Resp};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

pub const VENDOR: &str = "prometheus";

#[derive(Clone)]
pub struct Prometheus {
    http: HttpClient,
    base: String,
}

#[derive(Debug, Deserialize)]
struct Envelope {
    status: String,
    #[serde(default)]
    data: Option<QueryData>,
    #[serde(default, rename = "errorType")]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct QueryData {
    #[serde(rename = "resultType")]
    result_type: String,
    #[serde(default)]
    result: Value,
}

/// One instant query's answer: the value (summed over series), or `None` when there is no data
/// (no series, or NaN: a rate over zero traffic).
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub value: Option<f64>,
    pub series: usize,
}

fn sample_value(pair: &Value) -> Option<f64> {
    // [ <unix time>, "<value as string>" ]
    let v = pair.get(1)?.as_str()?.parse::<f64>().ok()?;
    v.is_finite().then_some(v)
}

/// Read a successful answer: vector (sum of series), scalar, or an empty result.
pub fn parse(resp: &Resp) -> Result<Sample, ApiError> {
    let env: Envelope = resp.json()?;
    if env.status != "success" {
        return Err(classify(resp.status, &env));
    }
    let data = env
        .data
        .ok_or_else(|| resp.malformed("status success without data"))?;
    match data.result_type.as_str() {
        "vector" => {
            let items = data.result.as_array().cloned().unwrap_or_default();
            let values: Vec<f64> = items
                .iter()
                .filter_map(|s| s.get("value").and_then(sample_value))
                .collect();
            Ok(Sample {
                value: (!values.is_empty()).then(|| values.iter().sum()),
                series: items.len(),
            })
        }
        "scalar" => Ok(Sample {
            value: sample_value(&data.result),
            series: 1,
        }),
        other => Err(ApiError::new(
            VENDOR,
            Cause::BadRequest,
            format!("the query returned a {other}, not a single number"),
        )
        .hint("make the query an instant vector or scalar, e.g. wrap it in sum(...)")),
    }
}

fn classify(http: u16, env: &Envelope) -> ApiError {
    let kind = env.error_type.clone().unwrap_or_else(|| "unknown".into());
    let msg = env.error.clone().unwrap_or_else(|| "no error text".into());
    let (cause, hint) = match kind.as_str() {
        "bad_data" => (
            Cause::BadRequest,
            "fix the query in the [PROFILE.metrics] section of config.toml (see README, WhatsApp metrics)",
        ),
        "timeout" | "canceled" | "execution" | "internal" | "unavailable" => (
            Cause::Upstream,
            "Prometheus could not evaluate the query: check its health, then retry `intops whatsapp metrics`",
        ),
        _ => (
            Cause::Upstream,
            "check PROMETHEUS_URL points at the Prometheus server (or a compatible API)",
        ),
    };
    ApiError::new(VENDOR, cause, msg)
        .code(kind)
        .http(http)
        .hint(hint)
}

impl Prometheus {
    pub fn new(http: HttpClient, base: &str) -> Self {
        Prometheus {
            http,
            base: base.trim_end_matches('/').to_string(),
        }
    }

    /// One instant query.
    pub async fn query(&self, promql: &str) -> Result<Sample, ApiError> {
        let url = Url::parse(&format!("{}/api/v1/query", self.base)).map_err(|e| {
            ApiError::new(
                VENDOR,
                Cause::BadRequest,
                format!("PROMETHEUS_URL is not a URL: {e}"),
            )
            .hint("set PROMETHEUS_URL to the server's base URL, e.g. http://prometheus:9090")
        })?;
        let resp = self
            .http
            .send(Req::get(VENDOR, url).query("query", promql))
            .await?;
        match resp.status {
            401 | 403 => Err(ApiError::new(
                VENDOR,
                Cause::Permission,
                "Prometheus refused the query (authentication required)",
            )
            .http(resp.status)
            .hint("put the credentials the proxy expects into PROMETHEUS_URL (https://user:pass@host)")),
            404 if !resp.text().contains("\"status\"") => Err(ApiError::new(
                VENDOR,
                Cause::NotFound,
                format!("{} has no /api/v1/query", self.base),
            )
            .http(404)
            .hint("PROMETHEUS_URL must be the server's base URL, without /api/v1 or /graph")),
            _ => parse(&resp),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::fixture;

    const URL: &str = "http://127.0.0.1:9090/api/v1/query";

    fn resp(status: u16, body: &str) -> Resp {
        Resp::fake(VENDOR, status, URL, body)
    }

    #[test]
    fn vector_values_are_summed() {
        let s = parse(&resp(200, &fixture(VENDOR, "vector.json"))).unwrap();
        assert_eq!(s.series, 2);
        assert!((s.value.unwrap() - 1.75).abs() < 1e-9);
    }

    #[test]
    fn empty_vector_and_nan_are_no_data() {
        let s = parse(&resp(200, &fixture(VENDOR, "empty.json"))).unwrap();
        assert_eq!(s.value, None);
        let s = parse(&resp(
            200,
            r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]}]}}"#,
        ))
        .unwrap();
        assert_eq!(s.value, None);
    }

    #[test]
    fn scalar_is_read() {
        let s = parse(&resp(
            200,
            r#"{"status":"success","data":{"resultType":"scalar","result":[1,"0.5"]}}"#,
        ))
        .unwrap();
        assert_eq!(s.value, Some(0.5));
    }

    #[test]
    fn bad_data_is_a_rejected_query_naming_the_config_section() {
        let e = parse(&resp(400, &fixture(VENDOR, "bad_data.json"))).unwrap_err();
        assert_eq!(e.cause, Cause::BadRequest);
        assert_eq!(e.code.as_deref(), Some("bad_data"));
        assert!(e.message.contains("parse error"), "{}", e.message);
        assert!(e.hint.unwrap().contains("metrics"));
    }

    #[test]
    fn timeout_is_upstream() {
        let e = parse(&resp(
            503,
            r#"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#,
        ))
        .unwrap_err();
        assert_eq!(e.cause, Cause::Upstream);
    }

    #[test]
    fn matrix_is_refused_with_a_fix() {
        let e = parse(&resp(
            200,
            r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#,
        ))
        .unwrap_err();
        assert_eq!(e.cause, Cause::BadRequest);
    }

    #[test]
    fn html_is_malformed_not_a_panic() {
        let mut r = resp(200, "<html><title>Login</title></html>");
        r.headers
            .insert("content-type", "text/html".parse().unwrap());
        assert_eq!(parse(&r).unwrap_err().cause, Cause::Malformed);
    }
}
