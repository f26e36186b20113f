//! Calendly API v2: the current user, webhook subscriptions (paginated by `next_page_token`) and
//! the `{title, message, details}` error envelope (docs/vendors/calendly.md).

use crate::error::{ApiError, Cause};
use crate::http::{FieldBody, HttpClient, Req, Resp};
use crate::providers::evidence;
use crate::providers::paging::{cut_error, Pager};
use crate::secrets::Secret;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;
use url::Url;

pub const VENDOR: &str = "calendly";
pub const DEFAULT_URL: &str = "https://api.calendly.com";
const TOKEN_NAME: &str = "CALENDLY_TOKEN";

#[derive(Clone)]
pub struct Calendly {
    http: HttpClient,
    base: String,
    token: Secret,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct User {
    pub uri: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub current_organization: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Subscription {
    pub uri: String,
    pub callback_url: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub retry_started_at: Option<String>,
    /// `active` or `disabled` (kept open: new states may appear).
    /// Required: `active` or `disabled` is the verdict.
    pub state: String,
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub organization: Option<String>,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub creator: Option<String>,
}

impl Subscription {
    pub fn is_active(&self) -> bool {
        self.state == "active"
    }
    pub fn uuid(&self) -> &str {
        self.uri.rsplit('/').next().unwrap_or(&self.uri)
    }
}

#[derive(Deserialize)]
struct Resource<T> {
    resource: T,
}

#[derive(Deserialize)]
struct Collection<T> {
    /// Required: `{}` is not an empty list.
    collection: Vec<T>,
    #[serde(default)]
    pagination: Option<Pagination>,
}

#[derive(Deserialize)]
struct Pagination {
    #[serde(default)]
    next_page_token: Option<String>,
}

/// What `create` found.
#[derive(Debug, Clone)]
pub enum Created {
    New(Box<Subscription>),
    /// 409 "Hook with this url already exists": the caller treats it as present.
    AlreadyExists(String),
}

/// Where a list looks: the organization, or one user in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Organization,
    User(String),
}

impl Scope {
    pub fn name(&self) -> &'static str {
        match self {
            Scope::Organization => "organization",
            Scope::User(_) => "user",
        }
    }
}

impl Calendly {
    pub fn new(http: HttpClient, base_url: &str, token: Secret) -> Self {
        Calendly {
            http,
            base: base_url.trim_end_matches('/').to_string(),
            token,
        }
    }

    /// A path below the base, or a full resource URI Calendly handed out (rebased onto our base
    /// so a sandbox or proxy is honoured).
    pub fn url(&self, path_or_uri: &str) -> Result<Url, ApiError> {
        let path = match path_or_uri.find("/webhook_subscriptions") {
            Some(i) if path_or_uri.starts_with("http") => &path_or_uri[i..],
            _ => path_or_uri,
        };
        let full = format!("{}/{}", self.base, path.trim_start_matches('/'));
        Url::parse(&full).map_err(|e| {
            ApiError::new(
                VENDOR,
                Cause::BadRequest,
                format!("bad Calendly URL {full}: {e}"),
            )
            .hint("check INTOPS_CALENDLY_URL, e.g. https://api.calendly.com")
        })
    }

    fn request(&self, method: Method, path: &str) -> Result<Req, ApiError> {
        Ok(Req::new(VENDOR, method, self.url(path)?).bearer(&self.token))
    }

    pub async fn call(&self, req: Req) -> Result<Resp, ApiError> {
        let resp = self.http.send(req).await?;
        if resp.is_success() {
            Ok(resp)
        } else {
            Err(classify(&resp))
        }
    }

    /// `GET /users/me`: the token's user and its organization.
    pub async fn me(&self) -> Result<User, ApiError> {
        let resp = self.call(self.request(Method::GET, "/users/me")?).await?;
        let r: Resource<User> = evidence::read(&resp, "the token's user")?;
        Ok(r.resource)
    }

    /// Every subscription in a scope, following `next_page_token` to the end.
    pub async fn subscriptions(
        &self,
        organization: &str,
        scope: &Scope,
    ) -> Result<Vec<Subscription>, ApiError> {
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        let mut pager = Pager::default();
        let what = "the webhook subscriptions";
        loop {
            let mut req = self
                .request(Method::GET, "/webhook_subscriptions")?
                .query("organization", organization)
                .query("scope", scope.name())
                .query("count", "100");
            if let Scope::User(u) = scope {
                req = req.query("user", u);
            }
            if let Some(t) = &token {
                req = req.query("page_token", t);
            }
            let resp = self.call(req).await?;
            let page: Collection<Subscription> = evidence::read(&resp, what)?;
            all.extend(page.collection);
            let next = page.pagination.and_then(|p| p.next_page_token);
            match pager.advance(next.as_deref()) {
                Ok(Some(t)) => token = Some(t),
                Ok(None) => return Ok(all),
                Err(cut) => return Err(cut_error(VENDOR, what, all.len(), &cut)),
            }
        }
    }

    /// `POST /webhook_subscriptions`. A 409 means a hook with this URL exists in the scope.
    pub async fn create(
        &self,
        url: &str,
        events: &[String],
        organization: &str,
        scope: &Scope,
        signing_key: Option<&Secret>,
    ) -> Result<Created, ApiError> {
        let mut body = json!({
            "url": url,
            "events": events,
            "organization": organization,
            "scope": scope.name(),
        });
        if let Scope::User(u) = scope {
            body["user"] = u.clone().into();
        }
        if let Some(k) = signing_key {
            body["signing_key"] = k.expose().into();
        }
        let req = self
            .request(Method::POST, "/webhook_subscriptions")?
            .json(body);
        let resp = self.http.send(req).await?;
        if resp.status == 409 {
            let e = classify(&resp);
            return Ok(Created::AlreadyExists(e.message));
        }
        if !resp.is_success() {
            return Err(classify(&resp));
        }
        let r: Resource<Subscription> = evidence::read(&resp, "the created subscription")?;
        Ok(Created::New(Box::new(r.resource)))
    }

    /// `DELETE /webhook_subscriptions/{uuid}` (204, no body). Takes the uuid or the full URI.
    pub async fn delete(&self, uuid_or_uri: &str) -> Result<(), ApiError> {
        let path = if uuid_or_uri.contains('/') {
            uuid_or_uri.to_string()
        } else {
            format!("/webhook_subscriptions/{uuid_or_uri}")
        };
        self.call(self.request(Method::DELETE, &path)?).await?;
        Ok(())
    }

    /// The escape hatch (`intops api calendly …`).
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        fields: &[(String, String)],
    ) -> Result<Resp, ApiError> {
        let req = self.request(method, path)?.fields(fields, FieldBody::Json);
        self.call(req).await
    }
}

#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    details: Vec<ErrorDetail>,
}

#[derive(Deserialize, Default)]
struct ErrorDetail {
    #[serde(default)]
    parameter: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// Classify a non-2xx Calendly answer: the HTTP status carries the class, `title`/`message`/
/// `details` the words.
pub fn classify(resp: &Resp) -> ApiError {
    let Ok(body) = serde_json::from_slice::<ErrorBody>(&resp.body) else {
        return match resp.status {
            429 => ApiError::new(
                VENDOR,
                Cause::RateLimited {
                    retry_after: crate::http::retry_after(&resp.headers),
                },
                "HTTP 429 without an error body",
            )
            .http(429)
            .hint("Calendly allows 500 requests per user per minute (50 on Free): wait and retry"),
            s if s >= 500 => evidence::server_error(resp).with_default_hint(
                "Calendly-side or proxy error: retry later and check `intops status calendly`",
            ),
            _ => resp.malformed("no Calendly error object"),
        };
    };
    let title = body
        .title
        .clone()
        .unwrap_or_else(|| format!("HTTP {}", resp.status));
    let mut message = match &body.message {
        Some(m) if !m.is_empty() => format!("{title}: {m}"),
        _ => title.clone(),
    };
    let details: Vec<String> = body
        .details
        .iter()
        .map(|d| match (&d.parameter, &d.message) {
            (Some(p), Some(m)) => format!("{p}: {m}"),
            (None, Some(m)) => m.clone(),
            (Some(p), None) => p.clone(),
            (None, None) => String::new(),
        })
        .filter(|s| !s.is_empty())
        .collect();
    if !details.is_empty() {
        message = format!("{message} ({})", details.join("; "));
    }
    let (cause, hint) = match resp.status {
        401 => (
            Cause::TokenInvalid,
            format!("the token is invalid or revoked: create a personal access token in Calendly > Integrations > API & Webhooks, then `intops auth set {TOKEN_NAME}`"),
        ),
        403 => (
            Cause::Permission,
            "webhooks need a paid Calendly plan, and organization-scope hooks need an organization admin or owner token".into(),
        ),
        404 => (
            Cause::NotFound,
            "no such resource: list what exists with `intops calendly subscriptions list`".into(),
        ),
        409 => (
            Cause::BadRequest,
            "a subscription with this URL already exists in this scope".into(),
        ),
        429 => (
            Cause::RateLimited {
                retry_after: crate::http::retry_after(&resp.headers),
            },
            "Calendly allows 500 requests per user per minute (50 on Free): wait and retry".into(),
        ),
        s if s >= 500 => (
            Cause::Upstream,
            "Calendly-side error: retry later and check `intops status calendly`".into(),
        ),
        _ => (
            Cause::BadRequest,
            "Calendly rejected a parameter: check the URL (https) and the event names".into(),
        ),
    };
    ApiError::new(VENDOR, cause, message)
        .code(title)
        .http(resp.status)
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::fixture;

    const URL: &str = "https://api.calendly.com/webhook_subscriptions";

    fn resp(status: u16, body: &str) -> Resp {
        Resp::fake(VENDOR, status, URL, body)
    }

    #[test]
    fn documented_errors_map_to_causes() {
        let e = classify(&resp(401, &fixture(VENDOR, "error-401.json")));
        assert_eq!(e.cause, Cause::TokenInvalid);
        assert!(e.message.contains("The access token is invalid"));
        assert!(e.hint.unwrap().contains("intops auth set CALENDLY_TOKEN"));
        let e = classify(&resp(403, &fixture(VENDOR, "error-403-plan.json")));
        assert_eq!(e.cause, Cause::Permission);
        assert!(e.message.contains("upgrade"));
        let e = classify(&resp(400, &fixture(VENDOR, "error-400-details.json")));
        assert_eq!(e.cause, Cause::BadRequest);
        assert!(
            e.message.contains("url: must be a valid URL"),
            "{}",
            e.message
        );
        let e = classify(&resp(409, &fixture(VENDOR, "error-409-exists.json")));
        assert_eq!(e.code.as_deref(), Some("Already Exists"));
        let e = classify(&resp(
            404,
            r#"{"title":"Resource Not Found","message":"The server could not find the requested resource."}"#,
        ));
        assert_eq!(e.cause, Cause::NotFound);
        assert!(e.hint.unwrap().contains("subscriptions list"));
        let mut r = resp(
            429,
            r#"{"title":"Too Many Requests","message":"Rate limit exceeded"}"#,
        );
        r.headers.insert("retry-after", "42".parse().unwrap());
        assert_eq!(
            classify(&r).cause,
            Cause::RateLimited {
                retry_after: Some(std::time::Duration::from_secs(42))
            }
        );
        let e = classify(&resp(
            500,
            r#"{"title":"Internal Server Error","message":"boom"}"#,
        ));
        assert_eq!(e.cause, Cause::Upstream);
        let e = classify(&resp(502, "<html><title>Bad Gateway</title></html>"));
        assert_eq!(e.cause, Cause::Upstream);
        let e = classify(&resp(200, "{\"collection\":["));
        assert_eq!(e.cause, Cause::Malformed);
    }

    #[test]
    fn list_page_parses_documented_shape() {
        let page: Collection<Subscription> =
            serde_json::from_str(&fixture(VENDOR, "webhook-subscriptions-page.json")).unwrap();
        assert_eq!(page.collection.len(), 1);
        let s = &page.collection[0];
        assert!(!s.is_active());
        assert_eq!(s.uuid(), "AAAAAAAAAAAAAAAA");
        assert!(s.retry_started_at.is_some());
        assert_eq!(
            page.pagination.unwrap().next_page_token.as_deref(),
            Some("sNjq4TvMDfUHEl7zHRR0k0E1PCEJWvdi")
        );
    }

    #[test]
    fn full_uris_are_rebased_onto_the_configured_host() {
        let c = Calendly::new(
            HttpClient::new(Default::default()),
            "http://127.0.0.1:9/calendly",
            Secret::new("calendly-unit-test-token"),
        );
        assert_eq!(
            c.url("https://api.calendly.com/webhook_subscriptions/ABC")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:9/calendly/webhook_subscriptions/ABC"
        );
    }
}
