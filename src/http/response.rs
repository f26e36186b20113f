//! A vendor's answer, and the readers every provider shares: JSON, HTML detection, error lines.

use crate::error::{ApiError, Cause};
use crate::redact::redact;
use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::time::Duration;
use url::Url;

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub elapsed: Duration,
    pub url: Url,
    pub attempts: u32,
    pub vendor: &'static str,
}

/// Vendor answers built by hand, for the providers' unit tests.
#[cfg(test)]
impl Resp {
    /// `status` and `body` from `url`, as `vendor` answered in no time on the first attempt, with
    /// a JSON content type (`with_header` replaces it).
    pub fn fake(vendor: &'static str, status: u16, url: &str, body: impl AsRef<[u8]>) -> Resp {
        Resp {
            status,
            headers: HeaderMap::new(),
            body: Bytes::copy_from_slice(body.as_ref()),
            elapsed: Duration::ZERO,
            url: Url::parse(url).unwrap(),
            attempts: 1,
            vendor,
        }
        .with_header("content-type", "application/json")
    }
    /// The same answer with header `name` set to `value`.
    pub fn with_header(mut self, name: &'static str, value: &str) -> Resp {
        self.headers.insert(name, value.parse().unwrap());
        self
    }
}

impl Resp {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn content_type(&self) -> String {
        self.header("content-type")
            .unwrap_or("")
            .to_ascii_lowercase()
    }
    /// An HTML page where an API answer was expected (proxies, load balancers, outage pages).
    pub fn is_html(&self) -> bool {
        let ct = self.content_type();
        if ct.contains("text/html") || ct.contains("xhtml") {
            return true;
        }
        let head =
            String::from_utf8_lossy(&self.body[..self.body.len().min(256)]).to_ascii_lowercase();
        let head = head.trim_start();
        head.starts_with("<!doctype html") || head.starts_with("<html")
    }
    /// A short, redacted description of an unreadable body, for error lines.
    pub fn body_hint(&self) -> String {
        if self.body.is_empty() {
            return "empty body".into();
        }
        if self.is_html() {
            let t = self.text();
            let title = t.find("<title>").and_then(|i| {
                t[i + 7..]
                    .find("</title>")
                    .map(|j| t[i + 7..i + 7 + j].trim().to_string())
            });
            return match title {
                Some(tt) if !tt.is_empty() => format!("an HTML page (\"{}\")", redact(&tt)),
                _ => "an HTML page".into(),
            };
        }
        // Redact before cutting: a cut secret would no longer match.
        format!(
            "\"{}\"",
            crate::redact::redact_chars(self.text().trim(), 80)
        )
    }
    /// Parse the body as JSON; an unreadable body is a `Malformed` error that says what came back.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_slice(&self.body).map_err(|e| self.malformed(&e.to_string()))
    }
    pub fn malformed(&self, why: &str) -> ApiError {
        let (cause, msg) = if self.is_html() && self.status >= 500 {
            (
                Cause::Upstream,
                format!(
                    "HTTP {} with {} instead of JSON",
                    self.status,
                    self.body_hint()
                ),
            )
        } else if self.is_html() {
            (
                Cause::Malformed,
                format!(
                    "expected JSON, got {} (HTTP {}): a proxy or captive portal in the way?",
                    self.body_hint(),
                    self.status
                ),
            )
        } else {
            (
                Cause::Malformed,
                format!(
                    "unreadable answer from {} (HTTP {}): {why}; body {}",
                    self.url.host_str().unwrap_or("?"),
                    self.status,
                    self.body_hint()
                ),
            )
        };
        ApiError::new(self.vendor, cause, msg).http(self.status)
    }
}
