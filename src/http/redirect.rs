//! Redirects, followed by hand so that credentials never travel to another origin. reqwest's own
//! policy strips only `Authorization` and `Cookie` on a host change; the vendors' own headers
//! (`xi-api-key`, `RETS-UA-Authorization`) and a form holding a client secret would go along.
//!
//! - Same origin (scheme, host and port), or http upgraded to https on the same host: followed as
//!   it is.
//! - Another origin: every credential header is dropped, and any header whose value holds a
//!   registered secret. A 307/308 (which re-sends the body) whose body holds a secret is refused
//!   with an error naming both origins.
//! - 301/302/303 turn a POST into a GET without a body, as browsers and curl do.
//! - No `Referer` is ever sent (the client is built with `referer(false)`): the first URL can
//!   carry `input_token=` or `appsecret_proof=`.

use super::request::{Body, Req};
use crate::error::{ApiError, Cause};
use crate::redact::redact;
use reqwest::header::HeaderMap;
use reqwest::Method;

/// More hops than this is a loop.
pub(super) const MAX_REDIRECTS: usize = 5;

/// Headers that carry credentials in the vendors intops talks to.
const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "xi-api-key",
    "rets-ua-authorization",
    "zoho-oauthtoken",
    "x-api-key",
    "api-key",
];

fn holds_secret(body: &Body) -> bool {
    let text = match body {
        Body::None => return false,
        Body::Json(v) => v.to_string(),
        Body::Form(p) => url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(p.iter())
            .finish(),
        Body::Raw { bytes, .. } => String::from_utf8_lossy(bytes).into_owned(),
    };
    redact(&text) != text
}

fn origin(u: &url::Url) -> String {
    u.origin().ascii_serialization()
}

/// May credentials follow from `from` to `to`? The same origin, or an upgrade from http to https
/// on the same host (RETS servers and proxies redirect logins to TLS): the same server, better
/// protected. A downgrade, another host or another port over http is another origin.
fn same_trust(from: &url::Url, to: &url::Url) -> bool {
    origin(from) == origin(to)
        || (from.scheme() == "http" && to.scheme() == "https" && from.host() == to.host())
}

/// The request to send next, if `status` is a redirect with a usable `Location`.
pub(super) fn next(cur: &Req, status: u16, headers: &HeaderMap) -> Result<Option<Req>, ApiError> {
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return Ok(None);
    }
    let Some(location) = headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(None);
    };
    let target = cur.url.join(location.trim()).map_err(|e| {
        ApiError::new(
            cur.vendor,
            Cause::Malformed,
            format!("HTTP {status} to an unusable Location {location:?}: {e}"),
        )
        .http(status)
    })?;
    if !matches!(target.scheme(), "http" | "https") {
        return Err(ApiError::new(
            cur.vendor,
            Cause::Malformed,
            format!(
                "HTTP {status} to a {}: URL, which intops does not follow",
                target.scheme()
            ),
        )
        .http(status));
    }
    let cross = !same_trust(&cur.url, &target);
    let keeps_body = matches!(status, 307 | 308);
    if cross && keeps_body && holds_secret(&cur.body) {
        return Err(ApiError::new(
            cur.vendor,
            Cause::BadRequest,
            format!(
                "refused to follow HTTP {status} from {} to {}: it would re-send a body holding credentials to another origin",
                origin(&cur.url),
                origin(&target)
            ),
        )
        .http(status)
        .hint(format!(
            "if {} is the vendor's new address, set the base URL to it; otherwise something between you and the vendor is redirecting credentials",
            origin(&target)
        )));
    }
    let mut next = cur.clone();
    next.url = target;
    if !keeps_body && cur.method != Method::HEAD && cur.method != Method::GET {
        next.method = Method::GET;
        next.body = Body::None;
        next.headers
            .retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
    }
    if cross {
        next.headers.retain(|(k, v)| {
            !CREDENTIAL_HEADERS.contains(&k.to_ascii_lowercase().as_str()) && redact(v) == *v
        });
    }
    Ok(Some(next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    fn loc(to: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("location", to.parse().unwrap());
        h
    }

    fn req() -> Req {
        Req::post(
            "t",
            Url::parse("https://api.example.test/v1/x?input_token=abc").unwrap(),
        )
        .header("xi-api-key", "sk_live_0123456789")
        .header("Authorization", "Zoho-oauthtoken 1000.abcdef")
        .header("RETS-UA-Authorization", "Digest abcdef")
        .header("Cookie", "RETS-Session-ID=abc")
        .header("Accept", "application/json")
    }

    #[test]
    fn same_origin_keeps_headers_and_a_303_becomes_a_get() {
        let n = next(&req(), 303, &loc("/v1/y")).unwrap().unwrap();
        assert_eq!(n.url.as_str(), "https://api.example.test/v1/y");
        assert_eq!(n.method, Method::GET);
        assert_eq!(n.headers.len(), 5);
    }

    #[test]
    fn another_origin_drops_every_credential_header() {
        for to in [
            "https://evil.example.test/",
            "http://api.example.test/v1/y",
            "https://api.example.test:8443/v1/y",
        ] {
            let n = next(&req(), 302, &loc(to)).unwrap().unwrap();
            let names: Vec<_> = n.headers.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(names, ["Accept"], "{to}");
        }
    }

    #[test]
    fn an_upgrade_to_https_on_the_same_host_keeps_the_credentials() {
        let r = Req::get("t", Url::parse("http://rets.example.test/login").unwrap())
            .header("Authorization", "Digest abc");
        let n = next(&r, 301, &loc("https://rets.example.test/login"))
            .unwrap()
            .unwrap();
        assert_eq!(n.headers.len(), 1);
        let n = next(&r, 301, &loc("https://other.example.test/login"))
            .unwrap()
            .unwrap();
        assert!(n.headers.is_empty());
    }

    #[test]
    fn a_307_with_a_secret_form_is_refused_across_origins_only() {
        let r = Req::post("t", Url::parse("https://a.example.test/token").unwrap()).form(vec![
            ("client_secret".into(), "s3cr3t-value".into()),
            ("grant_type".into(), "refresh_token".into()),
        ]);
        for status in [307, 308] {
            let e = next(&r, status, &loc("https://b.example.test/token")).unwrap_err();
            assert!(e.message.contains("refused to follow"), "{}", e.message);
            assert!(
                e.message.contains("https://b.example.test"),
                "{}",
                e.message
            );
            let same = next(&r, status, &loc("/token2")).unwrap().unwrap();
            assert!(matches!(same.body, Body::Form(_)));
        }
        // A body without secrets may follow, without credential headers.
        let plain = Req::post("t", Url::parse("https://a.example.test/x").unwrap())
            .json(serde_json::json!({"q": 1}));
        assert!(next(&plain, 307, &loc("https://b.example.test/x"))
            .unwrap()
            .is_some());
    }

    #[test]
    fn not_a_redirect_or_no_location_is_the_answer() {
        assert!(next(&req(), 200, &loc("/x")).unwrap().is_none());
        assert!(next(&req(), 302, &HeaderMap::new()).unwrap().is_none());
        assert!(next(&req(), 302, &loc("file:///etc/passwd")).is_err());
    }
}
