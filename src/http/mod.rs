//! The one HTTP client. Timeouts, retries with backoff and jitter (idempotent calls, 429 and 5xx,
//! honouring Retry-After) within a total time budget, proxies from the environment, a redacted
//! `-v` trace, Meta's usage headers, and `--dry-run`: a non-GET is printed, never sent.

pub mod limits;
mod meta_usage;
mod network;
mod redirect;
mod request;
mod response;
mod retry;
mod trace;
#[cfg(test)]
mod wire_tests;

pub use meta_usage::{meta_regain_access, meta_usage};
pub use request::{Body, FieldBody, Req};
pub use response::Resp;
pub use retry::retry_after;

use crate::error::{ApiError, Cause};
use crate::redact::redact;
use crate::report::Status;
use network::network_error;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use trace::truncate;

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
    /// How much of each vendor's answer is read.
    pub body_limits: limits::BodyLimits,
    /// CA certificates trusted on top of the system store and bundled roots (`INTOPS_CA_FILE`).
    pub extra_roots: Vec<rustls::pki_types::CertificateDer<'static>>,
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
            body_limits: limits::BodyLimits::default(),
            extra_roots: Vec::new(),
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
            // Redirects are followed in `attempt`, where credentials are kept to their origin.
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            // The OS certificate store, the bundled roots and INTOPS_CA_FILE (src/tls.rs; the
            // extra roots were checked when they were read).
            .tls_backend_preconfigured(
                crate::tls::client_config_with(&opts.extra_roots)
                    .expect("the bundled roots always load"),
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
        let mut backoff = retry::backoff(self.opts.max_retries);
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

    /// One attempt: the request and the redirects it leads to (see `redirect`).
    async fn attempt(&self, req: &Req) -> Result<Resp, ApiError> {
        let mut cur = req.clone();
        for _ in 0..=redirect::MAX_REDIRECTS {
            let resp = self.exchange(&cur).await?;
            match redirect::next(&cur, resp.status, &resp.headers)? {
                None => return Ok(resp),
                Some(next) => {
                    if self.opts.verbose > 0 {
                        self.trace(&format!("* HTTP {} redirect to {}", resp.status, next.url));
                    }
                    cur = next;
                }
            }
        }
        Err(ApiError::new(
            req.vendor,
            Cause::Malformed,
            format!(
                "more than {} redirects from {}: a redirect loop",
                redirect::MAX_REDIRECTS,
                req.url.host_str().unwrap_or("?")
            ),
        )
        .hint("check the base URL: it should be the vendor's API itself"))
    }

    /// One request and its answer, the body read up to the vendor's limit.
    async fn exchange(&self, req: &Req) -> Result<Resp, ApiError> {
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
                Some(trace::form(
                    &url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(p.iter())
                        .finish(),
                ))
            }
            Body::Raw {
                content_type,
                bytes,
            } => {
                rb = rb
                    .header("content-type", content_type.as_str())
                    .body(bytes.clone());
                let text = String::from_utf8_lossy(bytes);
                Some(if trace::is_form(content_type) {
                    trace::form(&text)
                } else {
                    text.into_owned()
                })
            }
        };
        if self.opts.verbose > 0 {
            let mut t = format!("> {} {}", req.method, req.url);
            for (k, v) in &req.headers {
                t.push_str(&format!("\n> {k}: {v}"));
            }
            if let Some(b) = &body_text {
                t.push_str(&format!("\n> {}", truncate(b, trace::REQUEST_BODY_MAX)));
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
        let limit = self.opts.body_limits.for_vendor(req.vendor);
        let body = limits::read_body(resp, limit, req.vendor, &host)
            .await
            .map_err(|e| {
                network_error(
                    req.vendor,
                    &host,
                    &e,
                    req.timeout.unwrap_or(self.opts.timeout),
                )
            })??;
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
                    truncate(&String::from_utf8_lossy(&body), trace::RESPONSE_BODY_MAX)
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
