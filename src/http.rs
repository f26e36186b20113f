//! The one HTTP client. Timeouts, retries with backoff and jitter (idempotent calls, 429 and 5xx,
//! honouring Retry-After) within a total time budget, proxies from the environment, a redacted
//! `-v` trace, Meta's usage headers, and `--dry-run`: a non-GET is printed, never sent.

use crate::error::{ApiError, Cause};
use crate::redact::redact;
use crate::report::Status;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use url::Url;

#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Per attempt.
    pub timeout: Duration,
    /// All attempts of one call, waits included.
    pub budget: Duration,
    pub max_retries: u32,
    pub dry_run: bool,
    pub verbose: u8,
    pub meta_usage_warn: f64,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(15),
            budget: Duration::from_secs(45),
            max_retries: 3,
            dry_run: false,
            verbose: 0,
            meta_usage_warn: 75.0,
        }
    }
}

/// Something a call noticed that the report should show (high API usage, version drift).
#[derive(Debug, Clone)]
pub struct Advisory {
    pub vendor: &'static str,
    pub status: Status,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Raw { content_type: String, bytes: Bytes },
}

/// How `Req::fields` sends its pairs when the method has a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldBody {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// A JSON object of strings.
    Json,
}

/// One request. Build it with the constructors; providers never touch reqwest directly.
#[derive(Debug, Clone)]
pub struct Req {
    pub vendor: &'static str,
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    idempotent: Option<bool>,
    /// Never print the response body in traces (ElevenLabs `GET /v1/user` returns the raw key).
    pub sensitive_response: bool,
    /// Allow a non-GET under `--dry-run` (read-only POSTs such as RETS searches or OAuth token calls
    /// a command explicitly wants).
    pub read_only: bool,
    pub timeout: Option<Duration>,
    pub no_retry: bool,
}

impl Req {
    pub fn new(vendor: &'static str, method: Method, url: Url) -> Self {
        Req {
            vendor,
            method,
            url,
            headers: Vec::new(),
            body: Body::None,
            idempotent: None,
            sensitive_response: false,
            read_only: false,
            timeout: None,
            no_retry: false,
        }
    }
    pub fn get(vendor: &'static str, url: Url) -> Self {
        Self::new(vendor, Method::GET, url)
    }
    pub fn post(vendor: &'static str, url: Url) -> Self {
        Self::new(vendor, Method::POST, url)
    }
    pub fn delete(vendor: &'static str, url: Url) -> Self {
        Self::new(vendor, Method::DELETE, url)
    }
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }
    pub fn bearer(self, token: &crate::secrets::Secret) -> Self {
        self.header("Authorization", format!("Bearer {}", token.expose()))
    }
    pub fn query(mut self, key: &str, value: impl AsRef<str>) -> Self {
        self.url.query_pairs_mut().append_pair(key, value.as_ref());
        self
    }
    pub fn json(mut self, v: Value) -> Self {
        self.body = Body::Json(v);
        self
    }
    pub fn form(mut self, pairs: Vec<(String, String)>) -> Self {
        self.body = Body::Form(pairs);
        self
    }
    /// Name=value pairs given on the command line (the `api` escape hatch): in the query for GET
    /// and DELETE, otherwise, when there are any, in a form or JSON body as the vendor expects.
    pub fn fields(mut self, fields: &[(String, String)], body: FieldBody) -> Self {
        if self.method == Method::GET || self.method == Method::DELETE {
            for (k, v) in fields {
                self = self.query(k, v);
            }
        } else if !fields.is_empty() {
            self = match body {
                FieldBody::Form => self.form(fields.to_vec()),
                FieldBody::Json => self.json(Value::Object(
                    fields
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect(),
                )),
            };
        }
        self
    }
    pub fn raw(mut self, content_type: &str, bytes: impl Into<Bytes>) -> Self {
        self.body = Body::Raw {
            content_type: content_type.into(),
            bytes: bytes.into(),
        };
        self
    }
    pub fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = Some(yes);
        self
    }
    pub fn sensitive_response(mut self) -> Self {
        self.sensitive_response = true;
        self
    }
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }
    pub fn no_retry(mut self) -> Self {
        self.no_retry = true;
        self
    }
    fn is_idempotent(&self) -> bool {
        self.idempotent.unwrap_or(matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        ))
    }
    /// What `--dry-run` prints: method, URL and body, redacted.
    pub fn describe(&self) -> String {
        let mut s = format!("{} {}", self.method, self.url);
        match &self.body {
            Body::None => {}
            Body::Json(v) => s.push_str(&format!(" {v}")),
            Body::Form(p) => {
                let enc: String = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(p.iter())
                    .finish();
                s.push_str(&format!(" {enc}"));
            }
            Body::Raw {
                content_type,
                bytes,
            } => s.push_str(&format!(" [{content_type}, {} bytes]", bytes.len())),
        }
        redact(&s)
    }
}

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
        let t = self.text();
        let first: String = t.chars().take(80).collect();
        format!(
            "\"{}{}\"",
            redact(first.trim()),
            if t.chars().count() > 80 { "…" } else { "" }
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

#[derive(Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    pub opts: HttpOptions,
    advisories: Arc<Mutex<Vec<Advisory>>>,
    /// Where `-v` traces and dry-run lines go (stderr by default; tests capture it).
    sink: Arc<dyn Fn(&str) + Send + Sync>,
}

impl HttpClient {
    pub fn new(opts: HttpOptions) -> Self {
        let client = reqwest::Client::builder()
            .user_agent(concat!("intops/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::limited(5))
            // The OS certificate store and the bundled roots (src/tls.rs).
            .tls_backend_preconfigured(
                crate::tls::client_config().expect("the bundled roots always load"),
            )
            .build()
            .expect("the HTTP client configuration is static");
        HttpClient {
            client,
            opts,
            advisories: Arc::new(Mutex::new(Vec::new())),
            sink: Arc::new(|line: &str| {
                let mut e = std::io::stderr().lock();
                let _ = writeln!(e, "{line}");
            }),
        }
    }

    pub fn with_sink(mut self, sink: Arc<dyn Fn(&str) + Send + Sync>) -> Self {
        self.sink = sink;
        self
    }

    pub fn trace(&self, line: &str) {
        (self.sink)(&redact(line));
    }

    pub fn advise(&self, a: Advisory) {
        let mut v = self.advisories.lock().unwrap();
        if !v.iter().any(|x| x.message == a.message) {
            v.push(a);
        }
    }

    pub fn take_advisories(&self) -> Vec<Advisory> {
        std::mem::take(&mut *self.advisories.lock().unwrap())
    }

    /// Send a request. Any HTTP status comes back as `Ok`: the provider reads the vendor's error
    /// body. Only transport failures, dry runs and exhausted budgets are `Err`.
    pub async fn send(&self, req: Req) -> Result<Resp, ApiError> {
        let is_read = matches!(req.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if self.opts.dry_run && !is_read && !req.read_only {
            let line = req.describe();
            self.trace(&format!("dry-run: would send {line}"));
            return Err(ApiError::new(
                req.vendor,
                Cause::DryRun,
                format!("would send {line}"),
            ));
        }
        let started = Instant::now();
        let mut attempt = 0u32;
        let backoff = backon::BackoffBuilder::build(
            backon::ExponentialBuilder::default()
                .with_min_delay(Duration::from_millis(250))
                .with_max_delay(Duration::from_secs(8))
                .with_jitter()
                .with_max_times(self.opts.max_retries as usize),
        );
        let mut backoff = backoff;
        loop {
            attempt += 1;
            let result = self.attempt(&req).await;
            let retry_wait = match &result {
                Ok(resp) if resp.status == 429 || resp.status >= 500 => {
                    let retryable = req.is_idempotent() || resp.status == 429;
                    if !retryable || req.no_retry {
                        None
                    } else {
                        let ra = retry_after(&resp.headers);
                        backoff.next().map(|d| ra.unwrap_or(d))
                    }
                }
                Err(e) if e.cause == Cause::Network && !req.no_retry => {
                    // A refused connection never reached the server: safe for any method.
                    let never_sent = e.message.contains("connection refused");
                    if req.is_idempotent() || never_sent {
                        backoff.next()
                    } else {
                        None
                    }
                }
                _ => None,
            };
            match retry_wait {
                Some(wait) if started.elapsed() + wait < self.opts.budget => {
                    if self.opts.verbose > 0 {
                        let what = match &result {
                            Ok(r) => format!("HTTP {}", r.status),
                            Err(e) => e.message.clone(),
                        };
                        self.trace(&format!(
                            "* {what}; retry {attempt} in {} ms",
                            wait.as_millis()
                        ));
                    }
                    tokio::time::sleep(wait).await;
                }
                _ => {
                    return result.map(|mut r| {
                        r.attempts = attempt;
                        self.inspect_usage(&r);
                        r
                    })
                }
            }
        }
    }

    async fn attempt(&self, req: &Req) -> Result<Resp, ApiError> {
        let mut headers = HeaderMap::new();
        for (k, v) in &req.headers {
            let name = HeaderName::from_bytes(k.as_bytes()).map_err(|_| {
                ApiError::new(
                    req.vendor,
                    Cause::BadRequest,
                    format!("invalid header name {k}"),
                )
            })?;
            let value = HeaderValue::from_str(v).map_err(|_| {
                ApiError::new(
                    req.vendor,
                    Cause::BadRequest,
                    format!("invalid value for header {k} (a credential with a newline?)"),
                )
            })?;
            headers.append(name, value);
        }
        let mut rb = self
            .client
            .request(req.method.clone(), req.url.clone())
            .headers(headers)
            .timeout(req.timeout.unwrap_or(self.opts.timeout));
        let body_text = match &req.body {
            Body::None => None,
            Body::Json(v) => {
                rb = rb.json(v);
                Some(v.to_string())
            }
            Body::Form(p) => {
                rb = rb.form(p);
                Some(
                    url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(p.iter())
                        .finish(),
                )
            }
            Body::Raw {
                content_type,
                bytes,
            } => {
                rb = rb
                    .header("content-type", content_type.as_str())
                    .body(bytes.clone());
                Some(String::from_utf8_lossy(bytes).into_owned())
            }
        };
        if self.opts.verbose > 0 {
            let mut t = format!("> {} {}", req.method, req.url);
            for (k, v) in &req.headers {
                t.push_str(&format!("\n> {k}: {v}"));
            }
            if let Some(b) = &body_text {
                t.push_str(&format!("\n> {}", truncate(b, 2048)));
            }
            self.trace(&t);
        }
        let start = Instant::now();
        let host = req.url.host_str().unwrap_or("?").to_string();
        let resp = rb.send().await.map_err(|e| {
            network_error(
                req.vendor,
                &host,
                &e,
                req.timeout.unwrap_or(self.opts.timeout),
            )
        })?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let url = resp.url().clone();
        let body = resp.bytes().await.map_err(|e| {
            network_error(
                req.vendor,
                &host,
                &e,
                req.timeout.unwrap_or(self.opts.timeout),
            )
        })?;
        let elapsed = start.elapsed();
        if self.opts.verbose > 0 {
            let mut t = format!("< HTTP {status} ({} ms)", elapsed.as_millis());
            for (k, v) in &headers {
                t.push_str(&format!("\n< {k}: {}", v.to_str().unwrap_or("<binary>")));
            }
            if req.sensitive_response {
                t.push_str(&format!(
                    "\n< [body of {} bytes not shown: it holds credentials]",
                    body.len()
                ));
            } else if !body.is_empty() {
                t.push_str(&format!(
                    "\n< {}",
                    truncate(&String::from_utf8_lossy(&body), 4096)
                ));
            }
            self.trace(&t);
        }
        Ok(Resp {
            status,
            headers,
            body,
            elapsed,
            url,
            attempts: 1,
            vendor: req.vendor,
        })
    }

    /// Meta's `X-App-Usage` and `X-Business-Use-Case-Usage`: show usage when it is high.
    fn inspect_usage(&self, r: &Resp) {
        if let Some((pct, what)) = meta_usage(&r.headers) {
            if pct >= self.opts.meta_usage_warn {
                let status = if pct >= 100.0 {
                    Status::Crit
                } else {
                    Status::Warn
                };
                self.advise(Advisory {
                    vendor: r.vendor,
                    status,
                    message: format!("Meta API usage at {pct:.0}% of the hourly allowance ({what})"),
                    hint: Some(
                        "slow down: more calls extend a block; wait for the usage to fall (runbook whatsapp-outage, rate limits)".into(),
                    ),
                });
            }
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        s.to_string()
    } else {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}… [{} bytes]", &s[..end], s.len())
    }
}

fn network_error(
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

/// Retry-After as seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    Some(Duration::from_secs(secs.max(0) as u64))
}

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
    fn fields_go_in_the_query_or_the_body_by_method() {
        let url = Url::parse("http://x.test/p").unwrap();
        let f = vec![("a".to_string(), "1".to_string()), ("b".into(), "2".into())];
        for m in [Method::GET, Method::DELETE] {
            let r = Req::new("t", m, url.clone()).fields(&f, FieldBody::Json);
            assert_eq!(r.url.query(), Some("a=1&b=2"));
            assert!(matches!(r.body, Body::None));
        }
        let r = Req::post("t", url.clone()).fields(&f, FieldBody::Form);
        assert_eq!(r.url.query(), None);
        assert!(matches!(&r.body, Body::Form(p) if *p == f));
        let r = Req::new("t", Method::PATCH, url.clone()).fields(&f, FieldBody::Json);
        assert!(matches!(&r.body, Body::Json(v) if *v == serde_json::json!({"a": "1", "b": "2"})));
        let r = Req::post("t", url).fields(&[], FieldBody::Json);
        assert!(matches!(r.body, Body::None));
    }

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

    #[test]
    fn retry_after_seconds() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
    }
}

#[cfg(test)]
mod wire_tests {
    //! The retry and dry-run rules, against a real socket with exact expectations.
    use super::*;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn client(dry_run: bool) -> HttpClient {
        HttpClient::new(HttpOptions {
            timeout: Duration::from_secs(2),
            budget: Duration::from_secs(10),
            dry_run,
            ..HttpOptions::default()
        })
    }

    fn url(s: &MockServer, p: &str) -> Url {
        Url::parse(&format!("{}{p}", s.uri())).unwrap()
    }

    #[tokio::test]
    async fn get_retries_5xx_then_succeeds() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/x"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&s)
            .await;
        Mock::given(method("GET"))
            .and(path("/x"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&s)
            .await;
        let r = client(false)
            .send(Req::get("t", url(&s, "/x")))
            .await
            .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.attempts, 2);
    }

    #[tokio::test]
    async fn retry_after_is_honoured_on_429() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
            .up_to_n_times(1)
            .mount(&s)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&s)
            .await;
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = lines.clone();
        let mut c = client(false).with_sink(Arc::new(move |l: &str| {
            sink.lock().unwrap().push(l.to_string())
        }));
        c.opts.verbose = 1;
        let r = c.send(Req::get("t", url(&s, "/"))).await.unwrap();
        assert_eq!((r.status, r.attempts), (200, 2));
        // The wait came from Retry-After (1 s), not from the jittered backoff.
        let trace = lines.lock().unwrap().join("\n");
        assert!(trace.contains("* HTTP 429; retry 1 in 1000 ms"), "{trace}");
    }

    #[tokio::test]
    async fn retry_after_beyond_the_budget_returns_the_429() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
            .expect(1)
            .mount(&s)
            .await;
        let r = client(false)
            .send(Req::get("t", url(&s, "/")))
            .await
            .unwrap();
        assert_eq!(r.status, 429);
        assert_eq!(retry_after(&r.headers), Some(Duration::from_secs(3600)));
    }

    #[tokio::test]
    async fn post_is_not_retried_on_5xx() {
        let s = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(500))
            .expect(1)
            .mount(&s)
            .await;
        let r = client(false)
            .send(Req::post("t", url(&s, "/send")).json(serde_json::json!({})))
            .await
            .unwrap();
        assert_eq!((r.status, r.attempts), (500, 1));
    }

    #[tokio::test]
    async fn dry_run_sends_no_post_but_allows_get() {
        let s = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200))
            .expect(0)
            .mount(&s)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&s)
            .await;
        let c = client(true);
        let e = c.send(Req::post("t", url(&s, "/send"))).await.unwrap_err();
        assert!(e.is_dry_run());
        assert!(e.message.starts_with("would send POST"));
        assert!(c.send(Req::get("t", url(&s, "/read"))).await.is_ok());
    }

    #[tokio::test]
    async fn html_502_is_upstream_with_the_page_title() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(502)
                    .insert_header("content-type", "text/html")
                    .set_body_string("<html><head><title>502 Bad Gateway</title></head></html>"),
            )
            .mount(&s)
            .await;
        let r = client(false)
            .send(Req::get("t", url(&s, "/")))
            .await
            .unwrap();
        let e = r.json::<serde_json::Value>().unwrap_err();
        assert_eq!(e.cause, Cause::Upstream);
        assert!(e.message.contains("\"502 Bad Gateway\""), "{}", e.message);
    }
}
