//! Transport failures in one line that names the host and what went wrong.

use crate::error::{ApiError, Cause};
use std::time::Duration;

pub(super) fn network_error(
    vendor: &'static str,
    host: &str,
    e: &reqwest::Error,
    timeout: Duration,
) -> ApiError {
    let mut chain = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        src = s.source();
    }
    let lower = chain.to_ascii_lowercase();
    let what = if e.is_timeout() || lower.contains("timed out") {
        format!("timed out after {}s", timeout.as_secs_f32())
    } else if lower.contains("dns error")
        || lower.contains("failed to lookup")
        || lower.contains("name or service not known")
    {
        "DNS lookup failed".to_string()
    } else if lower.contains("connection refused") {
        "connection refused".to_string()
    } else if lower.contains("invalid peer certificate") {
        // rustls's verdict on the chain (UnknownIssuer, Expired, NotValidForName, ...).
        let why = lower
            .split("invalid peer certificate:")
            .nth(1)
            .and_then(|r| r.split(':').next())
            .map(str::trim)
            .unwrap_or("");
        let why = match why {
            "unknownissuer" => "issued by a CA intops does not trust".to_string(),
            "expired" => "expired".to_string(),
            w if w.starts_with("notvalidforname") => "not valid for this host name".to_string(),
            "" => "rejected".to_string(),
            w => w.to_string(),
        };
        format!("TLS handshake failed: certificate not trusted ({why})")
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        "TLS handshake failed (certificate?)".to_string()
    } else if lower.contains("connection reset")
        || lower.contains("connection closed")
        || lower.contains("incomplete message")
    {
        "connection dropped".to_string()
    } else {
        lower.lines().next().unwrap_or("network error").to_string()
    };
    ApiError::new(vendor, Cause::Network, format!("cannot reach {host}: {what}"))
        .hint(format!("check the network path to {host} (proxy, DNS, firewall) and the vendor's status: `intops status`"))
}
