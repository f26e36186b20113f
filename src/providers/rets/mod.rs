//! RETS 1.x: transport, HTTP Digest / Basic authentication, UA authentication, the session cookie,
//! and the reply codes classified once into [`ApiError`]s. The pure parsing lives in [`parse`].
//!
//! The shared HTTP client has no cookie store, so a [`Session`] keeps the cookies the server sets
//! (`RETS-Session-ID` feeds UA auth) and sends them back itself.

pub mod parse;
pub mod reso;
pub mod ua;

use crate::error::{ApiError, Cause};
use crate::http::{HttpClient, Req, Resp};
use crate::secrets::Secret;
use parse::{LoginBody, MetadataSystem, ParseError, Reply, SearchResult};
use std::collections::BTreeMap;
use std::time::Duration;
use url::Url;

pub const VENDOR: &str = "rets";
pub const DEFAULT_VERSION: &str = "RETS/1.7.2";
pub const DEFAULT_USER_AGENT: &str = concat!("intops/", env!("CARGO_PKG_VERSION"));

/// The runbook's resolution for 20036, 20037 and 401.
pub const AUTH_FAILED: &str =
    "authentication failed — verify RETS credentials with the brokerage admin";

/// `1.7.2` and `RETS/1.7.2` both mean `RETS/1.7.2`.
pub fn normalize_version(v: &str) -> String {
    let v = v.trim();
    if v.to_ascii_uppercase().starts_with("RETS/") {
        format!("RETS/{}", &v[5..])
    } else {
        format!("RETS/{v}")
    }
}

/// Which names a feed's credentials come from, so that hints name the right variables.
#[derive(Debug, Clone)]
pub struct CredentialNames {
    pub username: String,
    pub password: String,
    pub user_agent: String,
    pub ua_password: String,
    pub version: String,
    /// The command that re-checks this feed, for hints.
    pub rerun: String,
}

impl CredentialNames {
    /// The single feed configured from the environment (`RETS_USERNAME`, `RETS_PASSWORD`, ...).
    pub fn env() -> Self {
        CredentialNames {
            username: "RETS_USERNAME".into(),
            password: "RETS_PASSWORD".into(),
            user_agent: "RETS_USER_AGENT".into(),
            ua_password: "RETS_UA_PASSWORD".into(),
            version: "RETS_VERSION".into(),
            rerun: "intops rets check".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RetsConfig {
    pub login_url: Url,
    pub username: String,
    pub password: Secret,
    pub user_agent: String,
    pub ua_password: Option<Secret>,
    pub version: String,
    pub names: CredentialNames,
}

#[derive(Debug, Clone)]
enum Challenge {
    Digest(Box<digest_auth::WwwAuthenticateHeader>),
    Basic(Secret),
}

/// How the first answer arrived: the runbook's first question is "network or auth?".
#[derive(Debug, Clone)]
pub struct Contact {
    pub status: u16,
    pub elapsed: Duration,
    pub tls: bool,
    /// The scheme intops answers among those offered (Digest over Basic; Negotiate and NTLM
    /// are never answered), or the first offered when intops can answer none.
    pub challenge: Option<String>,
    /// Every scheme the server offered, in order.
    pub offered: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Login {
    pub reply: Reply,
    pub body: LoginBody,
    /// Capability URLs, resolved against the login URL.
    pub capabilities: BTreeMap<String, Url>,
    /// Capabilities whose URL would not resolve: (name, value).
    pub bad_urls: Vec<(String, String)>,
    /// The `RETS-Version` header the server answered with.
    pub server_version: Option<String>,
    pub auth_scheme: Option<&'static str>,
    pub ua_auth: bool,
    pub elapsed: Duration,
}

#[derive(Debug, Clone)]
pub struct ActionReply {
    pub status: u16,
    pub bytes: usize,
}

/// One RETS session: log in once, use it, always log out.
pub struct Session {
    http: HttpClient,
    pub cfg: RetsConfig,
    cookies: Vec<(String, String)>,
    challenge: Option<Challenge>,
    pub contact: Option<Contact>,
    pub capabilities: BTreeMap<String, Url>,
    /// Times the session was re-established after the server dropped it (at most once).
    pub relogins: u32,
}

impl Session {
    pub fn new(http: HttpClient, cfg: RetsConfig) -> Self {
        Session {
            http,
            cfg,
            cookies: Vec::new(),
            challenge: None,
            contact: None,
            capabilities: BTreeMap::new(),
            relogins: 0,
        }
    }

    fn session_id(&self) -> &str {
        self.cookies
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("RETS-Session-ID"))
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    fn build(&mut self, url: &Url) -> Result<Req, ApiError> {
        let mut req = Req::get(VENDOR, url.clone())
            .header("User-Agent", self.cfg.user_agent.clone())
            .header("RETS-Version", self.cfg.version.clone())
            .header("Accept", "*/*");
        if !self.cookies.is_empty() {
            let c: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.header("Cookie", c.join("; "));
        }
        // Only with a UA password: one MLS rejects the header from clients that have none.
        if let Some(pw) = &self.cfg.ua_password {
            let product = self.cfg.user_agent.split_whitespace().next().unwrap_or("");
            let h = ua::ua_header(
                product,
                pw.expose(),
                "",
                self.session_id(),
                &self.cfg.version,
            );
            req = req.header("RETS-UA-Authorization", h);
        }
        match &mut self.challenge {
            Some(Challenge::Digest(ch)) => {
                let uri = match url.query() {
                    Some(q) => format!("{}?{q}", url.path()),
                    None => url.path().to_string(),
                };
                let ctx = digest_auth::AuthContext::new(
                    self.cfg.username.as_str(),
                    self.cfg.password.expose(),
                    uri,
                );
                let h = ch.respond(&ctx).map_err(|e| {
                    ApiError::new(
                        VENDOR,
                        Cause::Malformed,
                        format!("cannot answer the server's Digest challenge: {e}"),
                    )
                })?;
                req = req.header("Authorization", h.to_header_string());
            }
            Some(Challenge::Basic(b)) => {
                req = req.header("Authorization", format!("Basic {}", b.expose()));
            }
            None => {}
        }
        Ok(req)
    }

    fn keep_cookies(&mut self, resp: &Resp) {
        for v in resp.headers.get_all("set-cookie") {
            let Ok(v) = v.to_str() else { continue };
            let pair = v.split(';').next().unwrap_or("");
            if let Some((k, val)) = pair.split_once('=') {
                let (k, val) = (k.trim().to_string(), val.trim().to_string());
                if k.is_empty() {
                    continue;
                }
                self.cookies.retain(|(n, _)| *n != k);
                self.cookies.push((k, val));
            }
        }
    }

    /// The scheme the server asks for: Digest preferred (with or without qop), else Basic.
    fn challenge_from(&self, resp: &Resp) -> Option<Challenge> {
        let mut basic = false;
        for v in resp.headers.get_all("www-authenticate") {
            let Ok(v) = v.to_str() else { continue };
            let t = v.trim_start();
            if t.len() >= 6 && t[..6].eq_ignore_ascii_case("digest") {
                if let Ok(h) = digest_auth::parse(&format!("Digest{}", &t[6..])) {
                    return Some(Challenge::Digest(Box::new(h)));
                }
            } else if t.len() >= 5 && t[..5].eq_ignore_ascii_case("basic") {
                basic = true;
            }
        }
        basic.then(|| {
            let raw = format!("{}:{}", self.cfg.username, self.cfg.password.expose());
            Challenge::Basic(Secret::new(base64(raw.as_bytes())))
        })
    }

    /// One request with the session's cookies and credentials; a 401 challenge is answered once.
    async fn call(&mut self, url: &Url) -> Result<Resp, ApiError> {
        let mut answered = false;
        loop {
            let req = self.build(url)?;
            let resp = self
                .http
                .send(req)
                .await
                .map_err(|e| refine_network(e, url))?;
            self.keep_cookies(&resp);
            if self.contact.is_none() {
                self.contact = Some(Contact {
                    status: resp.status,
                    elapsed: resp.elapsed,
                    tls: resp.url.scheme() == "https",
                    challenge: answered_scheme(&resp),
                    offered: offered_schemes(&resp),
                });
            }
            if resp.status == 401 && !answered {
                if let Some(ch) = self.challenge_from(&resp) {
                    self.challenge = Some(ch);
                    answered = true;
                    continue;
                }
            }
            return Ok(resp);
        }
    }

    /// A transaction after Login. Some servers drop the session when a load balancer switches
    /// nodes (401 "RETS-Session-ID is invalid", or 412), or answer 20037 once the session's UA
    /// digest has gone stale: log in again once (as PHRETS does), then give up.
    async fn call_in_session(&mut self, url: &Url) -> Result<Resp, ApiError> {
        let resp = self.call(url).await?;
        let stale_ua = resp.is_success()
            && parse::parse_reply(&resp.body)
                .map(|r| r.code == 20037)
                .unwrap_or(false);
        if !(matches!(resp.status, 401 | 412) || stale_ua) || self.relogins > 0 {
            return Ok(resp);
        }
        self.relogins += 1;
        let login_url = self.cfg.login_url.clone();
        let again = self.call(&login_url).await?;
        let ok = again.is_success()
            && parse::parse_login(&again.body)
                .map(|(r, _)| r.is_ok())
                .unwrap_or(false);
        if !ok {
            return Ok(resp);
        }
        self.call(url).await
    }

    fn scheme(&self) -> Option<&'static str> {
        match self.challenge {
            Some(Challenge::Digest(_)) => Some("Digest"),
            Some(Challenge::Basic(_)) => Some("Basic"),
            None => None,
        }
    }

    pub async fn login(&mut self) -> Result<Login, ApiError> {
        let url = self.cfg.login_url.clone();
        let resp = self.call(&url).await?;
        let (reply, body) = classify(
            &resp,
            Tx::Login,
            parse::parse_login(&resp.body),
            &self.cfg.names,
        )?;
        let base = resp.url.clone();
        let mut capabilities = BTreeMap::new();
        let mut bad_urls = Vec::new();
        for (name, v) in body.capabilities() {
            match base.join(&v) {
                Ok(u) => {
                    capabilities.insert(name, u);
                }
                Err(_) => bad_urls.push((name, v)),
            }
        }
        self.capabilities = capabilities.clone();
        Ok(Login {
            reply,
            body,
            capabilities,
            bad_urls,
            server_version: resp.header("rets-version").map(str::to_string),
            auth_scheme: self.scheme(),
            ua_auth: self.cfg.ua_password.is_some(),
            elapsed: resp.elapsed,
        })
    }

    /// The Action URL the client must GET right after login (SPEC 4-7).
    pub async fn action(&mut self, url: &Url) -> Result<ActionReply, ApiError> {
        let resp = self.call_in_session(url).await?;
        if resp.is_success() {
            return Ok(ActionReply {
                status: resp.status,
                bytes: resp.body.len(),
            });
        }
        Err(http_error(&resp, Tx::Action, &self.cfg.names))
    }

    pub async fn metadata_system(
        &mut self,
        url: &Url,
    ) -> Result<(Reply, MetadataSystem), ApiError> {
        let mut u = url.clone();
        u.query_pairs_mut()
            .append_pair("Type", "METADATA-SYSTEM")
            .append_pair("ID", "0")
            .append_pair("Format", "COMPACT");
        let resp = self.call_in_session(&u).await?;
        classify(
            &resp,
            Tx::Metadata,
            parse::parse_metadata_system(&resp.body),
            &self.cfg.names,
        )
    }

    /// A one-row search with the total count: 20201 (no records) is an answer, not a failure.
    pub async fn search(
        &mut self,
        url: &Url,
        resource: &str,
        class: &str,
        query: &str,
    ) -> Result<(Reply, SearchResult), ApiError> {
        let mut u = url.clone();
        u.query_pairs_mut()
            .append_pair("SearchType", resource)
            .append_pair("Class", class)
            .append_pair("QueryType", "DMQL2")
            .append_pair("Query", query)
            .append_pair("Count", "1")
            .append_pair("Limit", "1")
            .append_pair("Format", "COMPACT-DECODED")
            .append_pair("StandardNames", "0");
        let resp = self.call_in_session(&u).await?;
        classify(
            &resp,
            Tx::Search,
            parse::parse_search(&resp.body),
            &self.cfg.names,
        )
    }

    /// Logout. Its reply is read leniently: a check never fails because Logout will not parse.
    pub async fn logout(&mut self, url: &Url) -> Result<Option<Reply>, ApiError> {
        let resp = self.call(url).await?;
        match parse::parse_logout(&resp.body) {
            Ok((r, _)) if resp.is_success() => Ok(Some(r)),
            _ if resp.is_success() => Ok(None),
            _ => Err(http_error(&resp, Tx::Logout, &self.cfg.names)),
        }
    }
}

/// Where a connection failed: the runbook's first question is "network or auth?", and within
/// the network, DNS, TCP and TLS have different owners.
pub fn network_phase(e: &ApiError) -> Option<&'static str> {
    if e.cause != Cause::Network {
        return None;
    }
    let m = e.message.to_ascii_lowercase();
    Some(if m.contains("dns lookup failed") {
        "dns"
    } else if m.contains("timed out") {
        "timeout"
    } else if m.contains("tls handshake") {
        "tls"
    } else if m.contains("connection refused") {
        "tcp"
    } else {
        "connection"
    })
}

/// The shared client names DNS, refused and timed-out connections; TLS failures from rustls come
/// through as "corrupt message" or certificate errors, which are named here.
fn refine_network(mut e: ApiError, url: &Url) -> ApiError {
    if e.cause != Cause::Network || url.scheme() != "https" {
        return e;
    }
    let m = e.message.to_ascii_lowercase();
    if m.contains("dns lookup failed")
        || m.contains("connection refused")
        || m.contains("timed out")
    {
        return e;
    }
    let why = if m.contains("corrupt message") || m.contains("invalidcontenttype") {
        Some("the port does not speak TLS: is the URL http://, or the port wrong?")
    } else if m.contains("certificate") || m.contains("unknownissuer") || m.contains("expired") {
        Some("the server's certificate is not trusted (expired, self-signed or wrong host name)")
    } else if m.contains("tls") || m.contains("handshake") || m.contains("alert") {
        Some("the TLS handshake was refused")
    } else {
        None
    };
    if let Some(why) = why {
        let host = url.host_str().unwrap_or("?");
        e.message = format!("cannot reach {host}: TLS handshake failed ({why})");
    }
    e
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tx {
    Login,
    Action,
    Metadata,
    Search,
    Logout,
}

impl Tx {
    fn label(self) -> &'static str {
        match self {
            Tx::Login => "Login",
            Tx::Action => "Action",
            Tx::Metadata => "GetMetadata",
            Tx::Search => "Search",
            Tx::Logout => "Logout",
        }
    }
}

fn auth_hint(n: &CredentialNames, ua: bool) -> String {
    if ua {
        format!(
            "ask the brokerage admin for the registered User-Agent and UA password ({} / {}) and the RETS version ({}); then `{}`",
            n.user_agent, n.ua_password, n.version, n.rerun
        )
    } else {
        format!(
            "verify {} / {} with the brokerage admin (a wrong scheme, User-Agent or {} also answers 401/20036); then `{}`",
            n.username, n.password, n.version, n.rerun
        )
    }
}

fn auth_error(
    msg: String,
    code: Option<u32>,
    status: u16,
    names: &CredentialNames,
    ua: bool,
) -> ApiError {
    let mut e = ApiError::new(VENDOR, Cause::TokenInvalid, msg)
        .http(status)
        .hint(auth_hint(names, ua));
    if let Some(c) = code {
        e = e.code(c.to_string());
    }
    e
}

fn reply_text(r: &Reply) -> String {
    if r.text.trim().is_empty() {
        String::new()
    } else {
        format!(": \"{}\"", r.text.trim())
    }
}

/// The reply (or body) of one transaction, classified once.
pub fn classify<T>(
    resp: &Resp,
    tx: Tx,
    parsed: Result<(Reply, T), ParseError>,
    names: &CredentialNames,
) -> Result<(Reply, T), ApiError> {
    let status = resp.status;
    match parsed {
        Ok((reply, t)) => {
            let soft = match tx {
                Tx::Search => matches!(reply.code, 0 | 20201 | 20208),
                _ => reply.code == 0,
            };
            if soft && status != 401 && status < 500 {
                return Ok((reply, t));
            }
            Err(reply_error(&reply, status, tx, names))
        }
        Err(ParseError::Html { title }) if status == 401 => {
            let t = title.map(|t| format!(" (\"{t}\")")).unwrap_or_default();
            Err(auth_error(
                format!("{AUTH_FAILED}: the server answered an HTML 401 page{t}"),
                None,
                status,
                names,
                false,
            ))
        }
        Err(_) if status == 401 => Err(auth_error(
            format!("{AUTH_FAILED}: HTTP 401 to {}", tx.label()),
            None,
            status,
            names,
            false,
        )),
        Err(pe) => {
            let mut e = http_error(resp, tx, names);
            if e.cause == Cause::Malformed {
                e.message = match pe {
                    ParseError::Empty => {
                        format!("{}: empty body instead of a RETS reply", tx.label())
                    }
                    pe => format!("{}: {pe}: {}", tx.label(), resp.body_hint()),
                };
            }
            Err(e)
        }
    }
}

/// A non-RETS answer, by HTTP status.
fn http_error(resp: &Resp, tx: Tx, names: &CredentialNames) -> ApiError {
    let s = resp.status;
    let what = tx.label();
    let e = match s {
        401 => {
            return auth_error(
                format!("{AUTH_FAILED}: HTTP 401 to {what}"),
                None,
                s,
                names,
                false,
            )
        }
        403 => ApiError::new(
            VENDOR,
            Cause::Permission,
            format!("{what} refused (HTTP 403) with {}", resp.body_hint()),
        )
        .hint("ask the brokerage admin whether this account may use RETS from this IP address"),
        404 => ApiError::new(
            VENDOR,
            Cause::NotFound,
            format!("{what} URL {} not found (HTTP 404)", resp.url),
        )
        .hint("the MLS may have moved its RETS URLs: confirm the login URL with the brokerage admin"),
        412 => ApiError::new(
            VENDOR,
            Cause::TokenExpired,
            format!("{what} not permitted at this point of the session (HTTP 412): the session expired"),
        )
        .hint("re-run `intops rets check`; if it repeats, the server's load balancer may be dropping sessions"),
        429 => ApiError::new(
            VENDOR,
            Cause::RateLimited {
                retry_after: crate::http::retry_after(&resp.headers),
            },
            format!("{what} rate limited (HTTP 429)"),
        )
        .hint("too many sessions or requests: wait, and check no other job logs in with these credentials"),
        s if s >= 500 => ApiError::new(
            VENDOR,
            Cause::Upstream,
            format!("{what}: HTTP {s} with {}", resp.body_hint()),
        )
        .hint("the RETS server is failing: check the MLS's status notices, retry later"),
        s if !(200..300).contains(&s) => ApiError::new(
            VENDOR,
            Cause::BadRequest,
            format!("{what}: HTTP {s} with {}", resp.body_hint()),
        ),
        _ => ApiError::new(
            VENDOR,
            Cause::Malformed,
            format!("{what}: not a RETS reply: {}", resp.body_hint()),
        )
        .hint("a proxy or captive portal may be answering instead of the RETS server; run with -v to see the body"),
    };
    e.http(s)
}

/// The schemes a 401 offers (`Negotiate`, `NTLM`, `Digest`, ...), in order.
fn offered_schemes(resp: &Resp) -> Vec<String> {
    resp.headers
        .get_all("www-authenticate")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split_whitespace().next())
        .map(|s| s.trim_end_matches(',').to_string())
        .collect()
}

/// The scheme intops will answer: Digest, else Basic, else (none it can answer) the first
/// offered, so the reach step never names a scheme intops does not speak as if it would.
fn answered_scheme(resp: &Resp) -> Option<String> {
    let offered = offered_schemes(resp);
    for want in ["Digest", "Basic"] {
        if offered.iter().any(|s| s.eq_ignore_ascii_case(want)) {
            return Some(want.to_string());
        }
    }
    offered
        .first()
        .map(|s| format!("{s} (which intops cannot answer)"))
}

/// A RETS reply code that is not success, by code.
fn reply_error(r: &Reply, status: u16, tx: Tx, names: &CredentialNames) -> ApiError {
    let text = reply_text(r);
    let code = r.code;
    let what = tx.label();
    if code == u32::MAX {
        return ApiError::new(
            VENDOR,
            Cause::Malformed,
            format!("{what}: the RETS reply has no readable ReplyCode{text}"),
        )
        .http(status);
    }
    let e = match code {
        // TREB-style servers say 20036 "Missing or Invalid RETS Version": the version is the fix.
        20036 if tx == Tx::Login && text.to_ascii_lowercase().contains("version") => {
            return auth_error(format!("{AUTH_FAILED}{text}"), Some(code), status, names, false)
                .hint(format!(
                    "set {} to the version the server expects (e.g. RETS/1.7.2; ask the brokerage admin), then `{}`; if that is right, verify {} / {}",
                    names.version, names.rerun, names.username, names.password
                ));
        }
        20036 | 20041 if tx == Tx::Login => {
            return auth_error(format!("{AUTH_FAILED}{text}"), Some(code), status, names, code == 20041)
        }
        20037 => {
            return auth_error(
                format!("{AUTH_FAILED}: UA authentication failed{text}"),
                Some(code),
                status,
                names,
                true,
            )
        }
        _ if status == 401 => {
            return auth_error(format!("{AUTH_FAILED}{text}"), Some(code), status, names, false)
        }
        20003 => ApiError::new(VENDOR, Cause::Account, format!("zero balance{text}"))
            .hint("the MLS account has no balance: ask the brokerage admin to settle it"),
        20012 | 20013 => ApiError::new(
            VENDOR,
            Cause::BadRequest,
            format!("broker code required or invalid{text}"),
        )
        .hint("ask the brokerage admin for the broker code this login must use"),
        20022 => ApiError::new(
            VENDOR,
            Cause::Policy,
            format!("additional login not permitted{text}"),
        )
        .hint("another client holds this account's session: stop it or wait for the session timeout, then retry once"),
        20050 => ApiError::new(
            VENDOR,
            Cause::Upstream,
            format!("server temporarily disabled{text}"),
        )
        .hint("the MLS has disabled the RETS server: check its notices and retry later"),
        10000 => ApiError::new(VENDOR, Cause::Upstream, format!("system error{text}"))
            .hint("the RETS server failed: retry later; tell the MLS if it persists"),
        20200 | 20202 | 20203 | 20205 | 20206 | 20207 | 20211 if tx == Tx::Search => ApiError::new(
            VENDOR,
            Cause::BadRequest,
            format!("search rejected{text}"),
        )
        .hint("fix the probe: --resource/--class/--query (or resource/class/query in the feed config); class names come from METADATA-CLASS"),
        20209 | 20210 if tx == Tx::Search => ApiError::new(
            VENDOR,
            Cause::Upstream,
            format!("search not answered{text}"),
        )
        .hint("the server is overloaded or limits concurrent queries: retry later with a narrower query"),
        20500..=20514 if tx == Tx::Metadata => ApiError::new(
            VENDOR,
            Cause::Upstream,
            format!("metadata not available{text}"),
        )
        .hint("the server cannot serve METADATA-SYSTEM: ask the MLS; searches may still work"),
        _ => ApiError::new(VENDOR, Cause::Upstream, format!("{what} failed{text}")),
    };
    e.code(code.to_string()).http(status)
}

/// Standard base64 (for the Basic header; no crate needed for 20 lines).
fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> CredentialNames {
        CredentialNames::env()
    }

    fn resp(status: u16, ct: &str, body: &[u8]) -> Resp {
        Resp::fake(VENDOR, status, "http://rets.example/login", body)
            .with_header("content-type", ct)
    }

    fn login(r: &Resp) -> Result<(Reply, LoginBody), ApiError> {
        classify(r, Tx::Login, parse::parse_login(&r.body), &names())
    }

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
    }

    #[test]
    fn version_is_normalized() {
        assert_eq!(normalize_version("1.7.2"), "RETS/1.7.2");
        assert_eq!(normalize_version("rets/1.8"), "RETS/1.8");
        assert_eq!(normalize_version("RETS/1.5"), "RETS/1.5");
    }

    #[test]
    fn login_20036_is_auth_failure_with_the_runbook_resolution() {
        let r = resp(
            200,
            "text/xml",
            b"<RETS ReplyCode=\"20036\" ReplyText=\"Invalid login\"/>",
        );
        let e = login(&r).unwrap_err();
        assert_eq!(e.cause, Cause::TokenInvalid);
        assert!(e.message.starts_with(AUTH_FAILED), "{}", e.message);
        assert!(e.message.contains("Invalid login"));
        assert_eq!(e.code.as_deref(), Some("20036"));
        assert!(e.hint.unwrap().contains("RETS_PASSWORD"));
    }

    #[test]
    fn ua_failures_name_the_ua_settings() {
        for code in ["20037", "20041"] {
            let body = format!("<RETS ReplyCode=\"{code}\" ReplyText=\"UA\"/>");
            let e = login(&resp(200, "text/xml", body.as_bytes())).unwrap_err();
            assert_eq!(e.cause, Cause::TokenInvalid);
            assert!(e.hint.unwrap().contains("RETS_UA_PASSWORD"), "{code}");
        }
    }

    #[test]
    fn html_401_is_auth_failure() {
        let r = resp(
            401,
            "text/html",
            b"<html><head><title>401 - Unauthorized</title></head></html>",
        );
        let e = login(&r).unwrap_err();
        assert_eq!(e.cause, Cause::TokenInvalid);
        assert!(e.message.contains("HTML 401 page"), "{}", e.message);
        assert!(e.message.contains("401 - Unauthorized"));
    }

    #[test]
    fn status_codes_and_reply_codes_map_to_causes() {
        let e = login(&resp(503, "text/html", b"<html><title>Down</title></html>")).unwrap_err();
        assert_eq!(e.cause, Cause::Upstream);
        let e = login(&resp(404, "text/plain", b"nope")).unwrap_err();
        assert_eq!(e.cause, Cause::NotFound);
        let e = login(&resp(200, "text/plain", b"hello")).unwrap_err();
        assert_eq!(e.cause, Cause::Malformed);
        assert!(e.message.contains("no XML element"), "{}", e.message);
        let e = login(&resp(200, "text/xml", b"")).unwrap_err();
        assert!(e.message.contains("empty body"), "{}", e.message);
        let e = login(&resp(200, "text/xml", b"<?xml version=\"1.0\"?><foo/>")).unwrap_err();
        assert!(
            e.message.contains("not a RETS reply (first element <foo>)"),
            "{}",
            e.message
        );
        let e = login(&resp(200, "text/xml", b"<RETS ReplyCode=\"20022\"/>")).unwrap_err();
        assert_eq!(e.cause, Cause::Policy);
        let e = login(&resp(200, "text/xml", b"<RETS ReplyCode=\"20050\"/>")).unwrap_err();
        assert_eq!(e.cause, Cause::Upstream);
        let e = login(&resp(
            200,
            "text/xml",
            b"<RETS ReplyCode=\"77777\" ReplyText=\"x\"/>",
        ))
        .unwrap_err();
        assert_eq!(e.code.as_deref(), Some("77777"));
        // A RETS-STATUS inside a 0 envelope overrides it.
        let body =
            b"<RETS ReplyCode=\"0\"><RETS-STATUS ReplyCode=\"20036\" ReplyText=\"bad\"/></RETS>";
        assert_eq!(
            login(&resp(200, "text/xml", body)).unwrap_err().cause,
            Cause::TokenInvalid
        );
    }

    #[test]
    fn rate_limits_and_expired_sessions() {
        let mut r = resp(429, "text/plain", b"Too Many Requests");
        r.headers.insert("retry-after", "30".parse().unwrap());
        let e = login(&r).unwrap_err();
        assert_eq!(
            e.cause,
            Cause::RateLimited {
                retry_after: Some(Duration::from_secs(30))
            }
        );
        let r = resp(412, "text/plain", b"");
        let e = classify(&r, Tx::Search, parse::parse_search(&r.body), &names()).unwrap_err();
        assert_eq!(e.cause, Cause::TokenExpired);
    }

    fn session() -> Session {
        Session::new(
            HttpClient::new(Default::default()),
            RetsConfig {
                login_url: Url::parse("http://rets.example/login").unwrap(),
                username: "agent".into(),
                password: Secret::new("agent-password-1"),
                user_agent: "acme/1.0".into(),
                ua_password: None,
                version: DEFAULT_VERSION.into(),
                names: names(),
            },
        )
    }

    #[test]
    fn digest_is_preferred_over_basic_and_cookies_are_kept() {
        let s = session();
        let mut r = resp(401, "text/html", b"");
        r.headers
            .append("www-authenticate", "Basic realm=\"x\"".parse().unwrap());
        r.headers.append(
            "www-authenticate",
            "Digest realm=\"x\", nonce=\"abc\"".parse().unwrap(),
        );
        assert!(matches!(s.challenge_from(&r), Some(Challenge::Digest(_))));
        let mut r = resp(401, "text/html", b"");
        r.headers
            .append("www-authenticate", "basic realm=\"x\"".parse().unwrap());
        assert!(matches!(s.challenge_from(&r), Some(Challenge::Basic(_))));
        assert!(s.challenge_from(&resp(401, "text/html", b"")).is_none());

        let mut s = session();
        let mut r = resp(200, "text/xml", b"");
        r.headers
            .append("set-cookie", "RETS-Session-ID=s1; Path=/".parse().unwrap());
        r.headers.append(
            "set-cookie",
            "JSESSIONID=j1; Path=/rets2_1".parse().unwrap(),
        );
        s.keep_cookies(&r);
        let mut r = resp(200, "text/xml", b"");
        r.headers
            .append("set-cookie", "RETS-Session-ID=s2".parse().unwrap());
        s.keep_cookies(&r);
        assert_eq!(s.session_id(), "s2");
        let req = s
            .build(&Url::parse("http://rets.example/search?x=1").unwrap())
            .unwrap();
        let cookie = &req.headers.iter().find(|(k, _)| k == "Cookie").unwrap().1;
        assert_eq!(cookie, "JSESSIONID=j1; RETS-Session-ID=s2");
        assert!(!req
            .headers
            .iter()
            .any(|(k, _)| k == "RETS-UA-Authorization"));
    }

    #[test]
    fn search_no_records_is_an_answer() {
        let r = resp(
            200,
            "text/xml",
            b"<RETS ReplyCode=\"20201\" ReplyText=\"No Records Found\"/>",
        );
        let (reply, s) = classify(&r, Tx::Search, parse::parse_search(&r.body), &names()).unwrap();
        assert_eq!(reply.code, 20201);
        assert!(s.rows.is_empty());
        let r = resp(
            200,
            "text/xml",
            b"<RETS ReplyCode=\"20206\" ReplyText=\"Invalid Query Syntax\"/>",
        );
        let e = classify(&r, Tx::Search, parse::parse_search(&r.body), &names()).unwrap_err();
        assert_eq!(e.cause, Cause::BadRequest);
        assert!(e.hint.unwrap().contains("--query"));
    }
}
