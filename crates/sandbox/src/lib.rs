//! The vendor simulator: one axum server on 127.0.0.1 with each vendor under its own prefix
//! (`/meta`, ...), named fault scenarios, injected latency, per-run state and a record of every
//! request it received (for tests: `GET /_sandbox/requests`).
//!
//! A request no route answers is *unmatched*: it is recorded (`GET /_sandbox/unmatched`,
//! [`Running::unmatched`]) and answered 404, and a [`Background`] sandbox that saw one panics when
//! dropped, so the test that sent it fails, unless the test called [`Running::expect_unmatched`].
//!
//! Scenarios are a comma-separated list (`token-expiring,number-flagged`); each vendor module reads
//! the names it knows.

pub mod actions;
pub mod app;
pub mod calendly;
pub mod callback;
pub mod elevenlabs;
pub mod faults;
mod fixtures;
pub mod messenger;
pub mod meta;
pub mod prometheus;
pub mod rets;
pub mod signature;
pub mod slack;
pub mod status;
pub mod supabase;
pub mod tls;
pub mod zoho;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

/// Scenarios every vendor honours.
pub const GENERIC_SCENARIOS: &[(&str, &str)] = &[
    ("healthy", "every vendor answers as it should"),
    (
        "html-502",
        "every vendor answers HTTP 502 with an HTML page",
    ),
    (
        "truncated-json",
        "every vendor answers 200 with a JSON body cut short",
    ),
];

/// Every scenario the sandbox knows, with what it does (for `--list-scenarios` and validation).
pub fn scenarios() -> Vec<(&'static str, &'static str)> {
    let mut v = GENERIC_SCENARIOS.to_vec();
    v.extend_from_slice(meta::SCENARIOS);
    v.extend_from_slice(meta::webhooks::SCENARIOS);
    v.extend_from_slice(meta::leads::SCENARIOS);
    v.extend_from_slice(messenger::SCENARIOS);
    v.extend_from_slice(calendly::SCENARIOS);
    v.extend_from_slice(calendly::events::SCENARIOS);
    v.extend_from_slice(callback::SCENARIOS);
    v.extend_from_slice(status::SCENARIOS);
    v.extend_from_slice(zoho::SCENARIOS);
    v.extend_from_slice(elevenlabs::SCENARIOS);
    v.extend_from_slice(rets::SCENARIOS);
    v.extend_from_slice(faults::SCENARIOS);
    v.extend_from_slice(prometheus::SCENARIOS);
    v.extend_from_slice(slack::SCENARIOS);
    v.extend_from_slice(supabase::SCENARIOS);
    v.extend_from_slice(actions::SCENARIOS);
    v
}

#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
    pub at_ms: u128,
}

/// A request that no sandbox route answers: a missing route, or a test calling the wrong URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmatched {
    pub method: String,
    pub path: String,
    /// The first path segment (`meta`, `zoho`, ...): which fake vendor was asked.
    pub vendor: String,
}

impl std::fmt::Display for Unmatched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} (vendor {})", self.method, self.path, self.vendor)
    }
}

pub struct SandboxState {
    scenarios: RwLock<Vec<String>>,
    pub latency: RwLock<Duration>,
    pub requests: Mutex<Vec<Recorded>>,
    /// Per-vendor mutable state (subscriptions and so on), keyed by vendor.
    pub store: Mutex<Map<String, Value>>,
    unmatched: Mutex<Vec<Unmatched>>,
    expect_unmatched: AtomicBool,
    started: Instant,
    /// This run's CA and server certificate (set by [`start`]).
    tls: OnceLock<Arc<tls::Identity>>,
}

impl SandboxState {
    pub fn new(scenario: &str, latency: Duration) -> Self {
        SandboxState {
            scenarios: RwLock::new(parse_scenarios(scenario)),
            latency: RwLock::new(latency),
            requests: Mutex::new(Vec::new()),
            store: Mutex::new(Map::new()),
            unmatched: Mutex::new(Vec::new()),
            expect_unmatched: AtomicBool::new(false),
            started: Instant::now(),
            tls: OnceLock::new(),
        }
    }
    pub fn has(&self, name: &str) -> bool {
        self.scenarios.read().unwrap().iter().any(|s| s == name)
    }
    pub fn set_scenario(&self, s: &str) {
        *self.scenarios.write().unwrap() = parse_scenarios(s);
    }
    pub fn scenario(&self) -> String {
        self.scenarios.read().unwrap().join(",")
    }
    pub fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
    pub fn unmatched(&self) -> Vec<Unmatched> {
        self.unmatched.lock().unwrap().clone()
    }
    /// The CA and certificate this run serves https with.
    pub fn tls(&self) -> Option<Arc<tls::Identity>> {
        self.tls.get().cloned()
    }
    /// Record a request no route answers, and answer it 404 with a body that says so.
    pub fn no_route(&self, method: &str, path: &str) -> Response {
        let vendor = path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or("")
            .to_string();
        let u = Unmatched {
            method: method.to_string(),
            path: path.to_string(),
            vendor,
        };
        let text = format!("intops sandbox: no route for {u}");
        self.unmatched.lock().unwrap().push(u);
        reply(404, serde_json::json!({ "error": text }))
    }
}

/// Vendor state built from the scenario (subscriptions and so on) follows a switch at run time:
/// `store[key]` is dropped when the scenario names in `flags` differ from those it was built
/// under, so the next call rebuilds it from the current scenario. Changes made through the API
/// (a recreated subscription) last until such a switch.
pub fn reseed_on_switch(
    st: &SandboxState,
    store: &mut Map<String, Value>,
    key: &str,
    flags: &[&str],
) {
    let now: Vec<&str> = flags.iter().copied().filter(|f| st.has(f)).collect();
    let now = Value::from(now.join(","));
    let mark = format!("{key}.built_for");
    match store.get(&mark) {
        Some(built) if *built == now => {}
        // State seeded by a test before the first call has no mark: it stands for this scenario.
        None => {
            store.insert(mark, now);
        }
        Some(_) => {
            store.remove(key);
            store.insert(mark, now);
        }
    }
}

fn parse_scenarios(s: &str) -> Vec<String> {
    s.split(',')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

pub type Shared = Arc<SandboxState>;

/// A Graph/vendor style JSON answer with a status.
pub fn reply(status: u16, body: Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        Json(body),
    )
        .into_response()
}

/// Header `name` as text, when it is there and readable.
pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The host the client called, for URLs that point back at this sandbox.
pub fn host(headers: &HeaderMap) -> &str {
    header(headers, "host").unwrap_or("127.0.0.1")
}

/// Whether the request carries exactly `Authorization: Bearer <token>`.
pub fn bearer_is(headers: &HeaderMap, token: &str) -> bool {
    header(headers, "authorization") == Some(format!("Bearer {token}").as_str())
}

/// The generic faults every vendor honours: an HTML 502 page, or truncated JSON.
pub fn generic_fault(st: &SandboxState) -> Option<Response> {
    if st.has("html-502") {
        return Some(
            (
                StatusCode::BAD_GATEWAY,
                [("content-type", "text/html")],
                "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
            )
                .into_response(),
        );
    }
    if st.has("truncated-json") {
        return Some(
            (
                [("content-type", "application/json")],
                "{\"data\":{\"app_id\":\"1234\",\"is_va",
            )
                .into_response(),
        );
    }
    None
}

async fn record_and_delay(State(st): State<Shared>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
    if !parts.uri.path().starts_with("/_sandbox") {
        let headers = parts
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        st.requests.lock().unwrap().push(Recorded {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().unwrap_or("").to_string(),
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            at_ms: st.started.elapsed().as_millis(),
        });
        let delay = *st.latency.read().unwrap();
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

async fn list_requests(State(st): State<Shared>) -> Json<Vec<Recorded>> {
    Json(st.recorded())
}

async fn clear_requests(State(st): State<Shared>) -> StatusCode {
    st.requests.lock().unwrap().clear();
    StatusCode::NO_CONTENT
}

async fn no_route(State(st): State<Shared>, method: Method, uri: Uri) -> Response {
    st.no_route(method.as_str(), uri.path())
}

async fn list_unmatched(State(st): State<Shared>) -> Json<Vec<Unmatched>> {
    Json(st.unmatched())
}

async fn put_scenario(State(st): State<Shared>, body: String) -> String {
    st.set_scenario(body.trim());
    st.scenario()
}

pub fn router(state: Shared) -> Router {
    Router::new()
        .nest("/meta", meta::routes())
        .nest("/calendly", calendly::routes())
        .nest("/callback", callback::routes())
        .nest("/status", status::routes())
        .nest("/zoho", zoho::routes())
        .nest("/elevenlabs", elevenlabs::routes())
        .nest("/rets", rets::routes())
        .nest("/reso", rets::reso_routes())
        .nest("/app", app::routes())
        .nest("/prometheus", prometheus::routes())
        .nest("/slack", slack::routes())
        .nest("/supabase", supabase::routes())
        .nest("/actions", actions::routes())
        .route(
            "/_sandbox/requests",
            get(list_requests).delete(clear_requests),
        )
        .route("/_sandbox/unmatched", get(list_unmatched))
        .route(
            "/_sandbox/scenario",
            get(|State(st): State<Shared>| async move { st.scenario() }).put(put_scenario),
        )
        // Nested vendor routers inherit both fallbacks: a missing path and a missing method.
        .fallback(no_route)
        .method_not_allowed_fallback(no_route)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_and_delay,
        ))
        .with_state(state)
}

/// A running sandbox. Dropping it stops the server.
pub struct Running {
    pub addr: SocketAddr,
    pub state: Shared,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// The same port over TLS (our callbacks are served there).
    pub fn https_url(&self) -> String {
        format!("https://{}", self.addr)
    }
    /// The PEM of the throwaway CA that signed this run's certificate.
    pub fn ca_pem(&self) -> String {
        self.state
            .tls()
            .map(|t| t.ca_pem().to_string())
            .unwrap_or_default()
    }
    /// Write that CA to `path`, for a client's `INTOPS_CA_FILE`.
    pub fn write_ca_file(&self, path: &std::path::Path) -> std::io::Result<()> {
        match self.state.tls() {
            Some(t) => t.write_ca_file(path),
            None => Err(std::io::Error::other("this sandbox serves no TLS")),
        }
    }
    /// The environment that points intops at this sandbox.
    pub fn env(&self) -> Vec<(String, String)> {
        env_for(&self.url())
    }
    /// The requests no route answered, in arrival order.
    pub fn unmatched(&self) -> Vec<Unmatched> {
        self.state.unmatched()
    }
    /// This test sends a request on purpose that no route answers (and asserts on
    /// [`Running::unmatched`] itself): dropping the sandbox will not fail it.
    pub fn expect_unmatched(&self) {
        self.state.expect_unmatched.store(true, Ordering::SeqCst);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Start on `127.0.0.1:port` (0 = any free port) on the current tokio runtime, with a new CA.
pub async fn start(port: u16, scenario: &str, latency: Duration) -> std::io::Result<Running> {
    let identity = tls::Identity::generate().map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    serve_on(listener, scenario, latency, Arc::new(identity))
}

/// [`start`] on a port the caller bound, with a CA the caller made (so it can write the CA out
/// after the bind succeeded and before the first request).
pub fn serve_on(
    listener: tokio::net::TcpListener,
    scenario: &str,
    latency: Duration,
    identity: Arc<tls::Identity>,
) -> std::io::Result<Running> {
    // The Meta fake calls callbacks with reqwest, whose rustls needs a process-wide provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let state: Shared = Arc::new(SandboxState::new(scenario, latency));
    let _ = state.tls.set(identity.clone());
    let addr = listener.local_addr()?;
    // One port, plain HTTP and TLS (src/tls.rs).
    let listener = tls::DualListener::new(listener, &identity)?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app = router(state.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    Ok(Running {
        addr,
        state,
        shutdown: Some(tx),
    })
}

/// A sandbox on its own runtime thread, for tests that drive the binary synchronously.
pub struct Background {
    pub running: Running,
    _rt: tokio::runtime::Runtime,
}

/// The test that caused an unmatched request fails here, naming every one.
impl Drop for Background {
    fn drop(&mut self) {
        let unmatched = self.running.unmatched();
        if unmatched.is_empty()
            || self.running.state.expect_unmatched.load(Ordering::SeqCst)
            || std::thread::panicking()
        {
            return;
        }
        let list: Vec<String> = unmatched.iter().map(|u| format!("  {u}")).collect();
        panic!(
            "the sandbox answered {} request(s) that no route matches (add the route, fix the \
             URL, or call expect_unmatched()):\n{}",
            unmatched.len(),
            list.join("\n")
        );
    }
}

impl std::ops::Deref for Background {
    type Target = Running;
    fn deref(&self) -> &Running {
        &self.running
    }
}

pub fn start_background(scenario: &str, latency: Duration) -> Background {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let running = rt
        .block_on(start(0, scenario, latency))
        .expect("bind sandbox");
    Background { running, _rt: rt }
}

/// Base-URL overrides that point every vendor at a sandbox (`http://127.0.0.1:PORT`). Our
/// callbacks are https on the same port: a client must trust the sandbox's CA to reach them.
pub fn env_for(url: &str) -> Vec<(String, String)> {
    let secure = tls::https_url(url);
    let mut v: Vec<(String, String)> = vec![
        ("INTOPS_META_URL".into(), format!("{url}/meta")),
        ("INTOPS_CALENDLY_URL".into(), format!("{url}/calendly")),
        // "Our" callbacks are faked by the sandbox too.
        (
            "WHATSAPP_WEBHOOK_URL".into(),
            format!("{secure}/callback/whatsapp"),
        ),
        (
            "META_WEBHOOK_URL".into(),
            format!("{secure}/callback/leadgen"),
        ),
        (
            "CALENDLY_WEBHOOK_URL".into(),
            format!("{secure}/callback/calendly"),
        ),
        (
            "INTOPS_ZOHO_ACCOUNTS_URL".into(),
            format!("{url}/zoho/accounts"),
        ),
        ("INTOPS_ZOHO_API_URL".into(), format!("{url}/zoho/api")),
        ("INTOPS_ELEVENLABS_URL".into(), format!("{url}/elevenlabs")),
        ("RETS_LOGIN_URL".into(), format!("{url}/rets/login")),
        ("PROMETHEUS_URL".into(), format!("{url}/prometheus")),
        ("INTOPS_SUPABASE_URL".into(), format!("{url}/supabase")),
        (
            "SLACK_WEBHOOK_URL".into(),
            format!("{url}{}", slack::SANDBOX_WEBHOOK_PATH),
        ),
    ];
    for key in status::PAGES {
        v.push((
            format!("INTOPS_STATUS_URL_{}", key.to_ascii_uppercase()),
            format!("{url}/status/{key}"),
        ));
    }
    v
}

/// Fake credentials and ids the sandbox accepts; for `--demo` and tests. Never real.
pub fn demo_credentials() -> Vec<(String, String)> {
    [
        ("WHATSAPP_ACCESS_TOKEN", meta::SANDBOX_USER_TOKEN),
        ("WHATSAPP_APP_ID", meta::SANDBOX_APP_ID),
        ("META_APP_SECRET", "sandbox-app-secret"),
        ("WHATSAPP_PHONE_NUMBER_ID", meta::SANDBOX_PHONE_ID),
        ("WHATSAPP_BUSINESS_ACCOUNT_ID", meta::SANDBOX_WABA_ID),
        (
            "WEBHOOK_VERIFY_TOKEN",
            meta::webhooks::SANDBOX_WA_VERIFY_TOKEN,
        ),
        (
            "META_VERIFY_TOKEN",
            meta::webhooks::SANDBOX_META_VERIFY_TOKEN,
        ),
        ("META_ACCESS_TOKEN", meta::webhooks::SANDBOX_LEADS_TOKEN),
        ("META_PAGE_ID", meta::webhooks::SANDBOX_PAGE_ID),
        ("META_PAGE_ACCESS_TOKEN", meta::webhooks::SANDBOX_PAGE_TOKEN),
        ("CALENDLY_TOKEN", calendly::SANDBOX_CALENDLY_TOKEN),
        (
            "CALENDLY_SIGNING_KEY",
            callback::SANDBOX_CALENDLY_SIGNING_KEY,
        ),
        ("ZOHO_CLIENT_ID", zoho::SANDBOX_CLIENT_ID),
        ("ZOHO_CLIENT_SECRET", zoho::SANDBOX_CLIENT_SECRET),
        ("ZOHO_REFRESH_TOKEN", zoho::SANDBOX_REFRESH_TOKEN),
        ("ELEVENLABS_API_KEY", elevenlabs::SANDBOX_API_KEY),
        ("ELEVENLABS_AGENT_ID", elevenlabs::SANDBOX_AGENT_ID),
        ("ELEVENLABS_PHONE_NUMBER_ID", elevenlabs::SANDBOX_PHONE_ID),
        ("RETS_USERNAME", rets::SANDBOX_RETS_USERNAME),
        ("RETS_PASSWORD", rets::SANDBOX_RETS_PASSWORD),
        ("SUPABASE_ACCESS_TOKEN", supabase::SANDBOX_ACCESS_TOKEN),
        ("SUPABASE_PROJECT_REF", supabase::SANDBOX_PROJECT_REF),
        ("FLAGS_TOKEN", actions::SANDBOX_FLAGS_TOKEN),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}
