//! The Graph client: the token in the Authorization header, a timestamped `appsecret_proof`,
//! version drift noticed, every list page followed, and the small answer shapes every call shares
//! (`data` envelopes, `paging` cursors, `{"success":true}`).

use super::errors::classify;
use super::VENDOR;
use crate::error::{ApiError, Cause};
use crate::http::{Advisory, FieldBody, HttpClient, Req, Resp};
use crate::providers::evidence;
use crate::providers::paging::{cut_error, Pager};
use crate::providers::serde_util::loose_bool_req;
use crate::report::Status;
use crate::secrets::Secret;
use crate::signing::hmac_hex;
use reqwest::Method;
use serde::Deserialize;
use url::Url;

/// The timestamped `appsecret_proof`: HMAC over `token|time`, keyed with the app secret.
pub fn appsecret_proof(app_secret: &str, token: &str, unix_time: i64) -> String {
    hmac_hex(
        app_secret.as_bytes(),
        format!("{token}|{unix_time}").as_bytes(),
    )
}

#[derive(Clone)]
pub struct Meta {
    http: HttpClient,
    base: String,
    version: String,
    token: Secret,
    /// The credential name the token came from, for hints (`WHATSAPP_ACCESS_TOKEN`, ...).
    token_name: String,
    app_secret: Option<Secret>,
}

#[derive(Deserialize)]
pub(super) struct Envelope<T> {
    pub(super) data: T,
}

/// `data` is required: `{}` is not an empty list.
#[derive(Deserialize)]
pub(super) struct Page<T> {
    pub(super) data: Vec<T>,
    #[serde(default)]
    paging: Option<Paging>,
}

#[derive(Deserialize)]
struct Paging {
    #[serde(default)]
    cursors: Option<Cursors>,
    #[serde(default)]
    next: Option<String>,
}

#[derive(Deserialize)]
struct Cursors {
    #[serde(default)]
    after: Option<String>,
}

impl Meta {
    pub fn new(
        http: HttpClient,
        base_url: &str,
        version: &str,
        token: Secret,
        token_name: &str,
        app_secret: Option<Secret>,
    ) -> Self {
        Meta {
            http,
            base: base_url.trim_end_matches('/').to_string(),
            version: version.to_string(),
            token,
            token_name: token_name.to_string(),
            app_secret,
        }
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    /// `{base}/{version}{path}`; a path that already names a version keeps it.
    pub fn url(&self, path: &str) -> Result<Url, ApiError> {
        let (full, parsed) = crate::providers::urls::graph(&self.base, &self.version, path);
        parsed.map_err(|e| {
            ApiError::new(VENDOR, Cause::BadRequest, format!("bad Graph URL {full}: {e}"))
                .hint("check INTOPS_META_URL: the Graph host without a version, e.g. https://graph.facebook.com")
        })
    }

    /// A request with the token in the Authorization header (never in the URL) and a fresh
    /// timestamped `appsecret_proof` when the app secret is known.
    pub fn request(&self, method: Method, path: &str) -> Result<Req, ApiError> {
        let mut req = Req::new(VENDOR, method, self.url(path)?).bearer(&self.token);
        if let Some(secret) = &self.app_secret {
            let now = chrono::Utc::now().timestamp();
            req = req
                .query(
                    "appsecret_proof",
                    appsecret_proof(secret.expose(), self.token.expose(), now),
                )
                .query("appsecret_time", now.to_string());
        }
        Ok(req)
    }

    /// Send, note version drift, and turn an error answer into a classified [`ApiError`].
    pub async fn call(&self, req: Req) -> Result<Resp, ApiError> {
        let resp = self.http.send(req).await?;
        self.check_version(&resp);
        if resp.is_success() {
            return Ok(resp);
        }
        Err(classify(&resp, &self.token_name))
    }

    /// A successful answer read as `T`; one without what `T` requires is unknown, naming
    /// `what` (see [`evidence::read`]).
    pub async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        req: Req,
        what: &str,
    ) -> Result<T, ApiError> {
        let resp = self.call(req).await?;
        evidence::read(&resp, what)
    }

    /// Every page of a Graph list (`paging.cursors.after` while `paging.next` is given), or an
    /// unknown error when Meta loops or the list outruns the page cap.
    pub(super) async fn get_all<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        what: &str,
    ) -> Result<Vec<T>, ApiError> {
        let mut all = Vec::new();
        let mut pager = Pager::default();
        let mut after: Option<String> = None;
        loop {
            let mut req = self.request(Method::GET, path)?;
            for (k, v) in query {
                req = req.query(k, v);
            }
            if let Some(a) = &after {
                req = req.query("after", a);
            }
            let page: Page<T> = self.get_json(req, what).await?;
            let n = page.data.len();
            all.extend(page.data);
            // `paging.next` says there is a next page; `cursors.after` alone does not.
            let next = page
                .paging
                .filter(|p| p.next.is_some())
                .and_then(|p| p.cursors)
                .and_then(|c| c.after)
                .filter(|_| n > 0);
            match pager.advance(next.as_deref()) {
                Ok(Some(a)) => after = Some(a),
                Ok(None) => return Ok(all),
                Err(cut) => return Err(cut_error(VENDOR, what, all.len(), &cut)),
            }
        }
    }

    fn check_version(&self, resp: &Resp) {
        if let Some(served) = resp.header("facebook-api-version") {
            if served != self.version {
                self.http.advise(Advisory {
                    vendor: VENDOR,
                    status: Status::Warn,
                    message: format!(
                        "Meta served Graph {served} although {} was asked for",
                        self.version
                    ),
                    hint: Some(format!(
                        "{} is expired or unknown: set graph_version = \"{}\" in config.toml",
                        self.version,
                        crate::config::DEFAULT_GRAPH_VERSION
                    )),
                });
            }
        }
    }

    /// The escape hatch: any call with this client's auth, retries and redaction.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        fields: &[(String, String)],
    ) -> Result<Resp, ApiError> {
        let req = self.request(method, path)?.fields(fields, FieldBody::Form);
        self.call(req).await
    }
}

/// A 2xx answer that parsed but lacks a field the verdict reads.
pub(super) fn incomplete(what: &str, field: &str) -> ApiError {
    ApiError::new(
        VENDOR,
        Cause::Malformed,
        format!("meta answered without {what}'s `{field}`: the answer cannot be judged"),
    )
    .hint("retry with `-v` to see the answer; if Meta keeps leaving the field out, check the token's permissions on the object and `intops status meta`")
}

/// Meta answers `{"success":true}` or the string `"true"`.
#[derive(Deserialize)]
pub(super) struct Success {
    #[serde(deserialize_with = "loose_bool_req")]
    pub(super) success: bool,
}

pub(super) fn expect_success(resp: &Resp) -> Result<(), ApiError> {
    // A bare `true` is Meta's older form of `{"success":true}`.
    if resp.body.trim_ascii() == b"true" {
        return Ok(());
    }
    let s: Success = evidence::read(resp, "`success`")?;
    if s.success {
        Ok(())
    } else {
        Err(ApiError::new(
            VENDOR,
            Cause::Upstream,
            format!("{} answered success: false", resp.url.path()),
        )
        .http(resp.status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proof_matches_published_vectors() {
        assert_eq!(
            hmac_hex(b"test_app_secret", b"EAAtesttoken"),
            "2f6c99f265a9e1644d725e8f9c96e439fcbf40a73357d1d98ba8b98fbfe445e4"
        );
        assert_eq!(
            appsecret_proof("test_app_secret", "EAAtesttoken", 1_700_000_000),
            "b959a6f2a577969c0a070099f3e1d6598877cb57845bb4feb8427a051a63d3a5"
        );
        assert_eq!(
            hmac_hex(b"It's a Secret to Everybody", b"Hello, World!"),
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
    }
}
