//! Meta's usage headers (`X-App-Usage`, `X-Business-Use-Case-Usage`): how close a call is to
//! being throttled, and how long Meta says to wait once it is.

use reqwest::header::HeaderMap;
use serde_json::Value;
use std::time::Duration;

/// The highest usage percentage in Meta's usage headers, and what it measures.
pub fn meta_usage(headers: &HeaderMap) -> Option<(f64, String)> {
    let mut best: Option<(f64, String)> = None;
    let mut consider = |pct: f64, what: String| {
        if best.as_ref().map(|(b, _)| pct > *b).unwrap_or(true) {
            best = Some((pct, what));
        }
    };
    if let Some(v) = headers.get("x-app-usage").and_then(|v| v.to_str().ok()) {
        if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(v) {
            for (k, val) in m {
                if let Some(p) = val.as_f64() {
                    consider(p, format!("app {k}"));
                }
            }
        }
    }
    if let Some(v) = headers
        .get("x-business-use-case-usage")
        .and_then(|v| v.to_str().ok())
    {
        if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(v) {
            for (id, arr) in m {
                for item in arr.as_array().into_iter().flatten() {
                    let ty = item
                        .get("type")
                        .and_then(Value::as_str)
                        .unwrap_or("business")
                        .to_string();
                    for k in ["call_count", "total_cputime", "total_time"] {
                        if let Some(p) = item.get(k).and_then(Value::as_f64) {
                            consider(p, format!("{ty} {k} for {id}"));
                        }
                    }
                }
            }
        }
    }
    best
}

/// Minutes Meta says to wait before calling again (`estimated_time_to_regain_access`), as a duration.
pub fn meta_regain_access(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get("x-business-use-case-usage")?.to_str().ok()?;
    let m: Value = serde_json::from_str(v).ok()?;
    let mut max = 0u64;
    for arr in m.as_object()?.values() {
        for item in arr.as_array().into_iter().flatten() {
            if let Some(mins) = item
                .get("estimated_time_to_regain_access")
                .and_then(Value::as_u64)
            {
                max = max.max(mins);
            }
        }
    }
    (max > 0).then(|| Duration::from_secs(max * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_headers_pick_highest_percent() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-app-usage",
            r#"{"call_count":28,"total_time":25,"total_cputime":25}"#
                .parse()
                .unwrap(),
        );
        h.insert(
            "x-business-use-case-usage",
            r#"{"112":[{"type":"whatsapp_business_management","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":3}]}"#
                .parse()
                .unwrap(),
        );
        let (pct, what) = meta_usage(&h).unwrap();
        assert_eq!(pct, 95.0);
        assert!(what.contains("call_count"));
        assert_eq!(meta_regain_access(&h), Some(Duration::from_secs(180)));
    }
}
