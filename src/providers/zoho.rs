//! Zoho Accounts (OAuth refresh) and Zoho CRM (docs/vendors/zoho.md §A, §B).
//! Quirk handled here, once: a failed refresh usually comes back as HTTP 200 with an `error` key,
//! so the body decides, never the status.

use crate::error::{ApiError, Cause};
use crate::http::{FieldBody, HttpClient, Req, Resp};
use crate::secrets::Secret;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

pub const VENDOR: &str = "zoho";
/// CRM API version used for every call.
pub const CRM_VERSION: &str = "v8";

/// Data centres: `ZOHO_DC` value, accounts host, API host. UK is from third-party code
/// (UNCONFIRMED in Zoho's own multi-DC page).
pub const DATA_CENTRES: &[(&str, &str, &str)] = &[
    (
        "com",
        "https://accounts.zoho.com",
        "https://www.zohoapis.com",
    ),
    ("eu", "https://accounts.zoho.eu", "https://www.zohoapis.eu"),
    ("in", "https://accounts.zoho.in", "https://www.zohoapis.in"),
    (
        "com.au",
        "https://accounts.zoho.com.au",
        "https://www.zohoapis.com.au",
    ),
    ("jp", "https://accounts.zoho.jp", "https://www.zohoapis.jp"),
    (
        "ca",
        "https://accounts.zohocloud.ca",
        "https://www.zohoapis.ca",
    ),
    (
        "com.cn",
        "https://accounts.zoho.com.cn",
        "https://www.zohoapis.com.cn",
    ),
    ("sa", "https://accounts.zoho.sa", "https://www.zohoapis.sa"),
    ("uk", "https://accounts.zoho.uk", "https://www.zohoapis.uk"),
];

/// The accounts and API hosts of a data centre. Accepts the TLD as Zoho writes it (`com.au`),
/// a few common aliases (`us`, `au`, `cn`) and a leading dot.
pub fn data_centre(dc: &str) -> Option<(&'static str, &'static str, &'static str)> {
    let d = dc.trim().trim_start_matches('.').to_ascii_lowercase();
    let d = match d.as_str() {
        "us" => "com",
        "au" => "com.au",
        "cn" => "com.cn",
        other => other,
    }
    .to_string();
    DATA_CENTRES.iter().find(|(k, _, _)| *k == d).copied()
}

pub fn dc_names() -> String {
    DATA_CENTRES
        .iter()
        .map(|(k, _, _)| *k)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A new access token from a refresh grant. A refresh returns no refresh token.
#[derive(Debug, Clone)]
pub struct Grant {
    pub access_token: Secret,
    pub api_domain: Option<String>,
    pub token_type: Option<String>,
    pub expires_in: i64,
    pub scope: Option<String>,
}

#[derive(Deserialize)]
struct RawGrant {
    access_token: String,
    #[serde(default)]
    api_domain: Option<String>,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<Value>,
    #[serde(default)]
    scope: Option<String>,
}

const THROTTLE_HINT: &str = "wait before refreshing again: Zoho allows at most 10 refreshes per refresh token per 10 minutes and blocks the rest of the window; intops reuses a cached token for ~55 min, so do not use --force in a loop";

/// Classify a refresh answer: the body decides (HTTP 200 with `error` is a failure).
pub fn read_grant(resp: &Resp, accounts: &str) -> Result<Grant, ApiError> {
    if resp.is_html() {
        return Err(resp.malformed("HTML instead of a token"));
    }
    let v: Value = resp.json()?;
    if let Some(err) = v.get("error") {
        return Err(oauth_error(err, &v, resp.status, accounts));
    }
    // Throttle variants without `error` but with `status: failure`.
    if v.get("status").and_then(Value::as_str) == Some("failure") {
        return Err(oauth_error(&Value::Null, &v, resp.status, accounts));
    }
    if v.get("access_token").and_then(Value::as_str).is_none() {
        return Err(resp.malformed("no access_token in the answer"));
    }
    let raw: RawGrant = serde_json::from_value(v).map_err(|e| resp.malformed(&e.to_string()))?;
    // Zoho access tokens live an hour; an absent lifetime is read as that hour, an implausible
    // one makes the grant unreadable (the cache would otherwise trust it for years).
    let expires_in = match raw.expires_in {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(-1),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(-1),
        _ => 3600,
    };
    let expires_in = crate::providers::bounds::expires_in("expires_in", expires_in)
        .map_err(|e| e.api_error(VENDOR))?;
    Ok(Grant {
        access_token: Secret::new(raw.access_token),
        api_domain: raw.api_domain.filter(|s| !s.is_empty()),
        token_type: raw.token_type,
        expires_in,
        scope: raw.scope,
    })
}

fn oauth_error(err: &Value, body: &Value, status: u16, accounts: &str) -> ApiError {
    let code = err.as_str().unwrap_or("").to_string();
    let desc = body
        .get("error_description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let host = Url::parse(accounts)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| accounts.to_string());
    // Match the throttle on the key and `status: failure`, not the (localised) text.
    let throttled = code.eq_ignore_ascii_case("Access Denied")
        || (body.get("status").and_then(Value::as_str) == Some("failure")
            && (code.is_empty() || desc.to_ascii_lowercase().contains("too many")));
    let (cause, message, hint): (Cause, String, String) = if throttled {
        (
            Cause::RateLimited { retry_after: None },
            format!(
                "refresh throttled (\"{}\")",
                if desc.is_empty() {
                    "Access Denied"
                } else {
                    &desc
                }
            ),
            THROTTLE_HINT.into(),
        )
    } else {
        match code.as_str() {
            "invalid_code" => (
                Cause::TokenInvalid,
                "the refresh token is wrong or revoked (invalid_code)".into(),
                "generate a new refresh token (API console > Self Client, or the OAuth flow) for the right data centre, then `intops auth set ZOHO_REFRESH_TOKEN`".into(),
            ),
            "invalid_client" => (
                Cause::TokenInvalid,
                format!("{host} does not know this client id (invalid_client)"),
                format!("wrong data centre? Zoho accounts are per DC: set ZOHO_DC to the account's ({}); otherwise check ZOHO_CLIENT_ID", dc_names()),
            ),
            "invalid_client_secret" => (
                Cause::TokenInvalid,
                "the client secret is wrong (invalid_client_secret)".into(),
                "copy the client secret from the Zoho API console of the right DC, then `intops auth set ZOHO_CLIENT_SECRET`".into(),
            ),
            "invalid_redirect_uri" | "invalid_grant" | "unsupported_grant_type" => (
                Cause::BadRequest,
                format!("Zoho refused the refresh grant ({code})"),
                "check ZOHO_CLIENT_ID / ZOHO_REFRESH_TOKEN belong together and to this data centre".into(),
            ),
            _ => (
                Cause::TokenInvalid,
                format!(
                    "refresh failed: {}{}",
                    if code.is_empty() { "unknown error" } else { &code },
                    if desc.is_empty() { String::new() } else { format!(" ({desc})") }
                ),
                "check ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_DC".into(),
            ),
        }
    };
    let mut e = ApiError::new(VENDOR, cause, message)
        .http(status)
        .hint(hint);
    if !code.is_empty() {
        e = e.code(code);
    }
    e
}

/// `POST {accounts}/oauth/v2/token` with the refresh grant in a form body.
/// `read_only` lets a read-only command (`zoho check`) refresh under `--dry-run`.
pub async fn refresh(
    http: &HttpClient,
    accounts: &str,
    client_id: &Secret,
    client_secret: &Secret,
    refresh_token: &Secret,
    read_only: bool,
) -> Result<Grant, ApiError> {
    let url = parse_url(
        &format!("{accounts}/oauth/v2/token"),
        "INTOPS_ZOHO_ACCOUNTS_URL",
    )?;
    let mut req = Req::post(VENDOR, url)
        .form(vec![
            ("grant_type".into(), "refresh_token".into()),
            ("client_id".into(), client_id.expose().into()),
            ("client_secret".into(), client_secret.expose().into()),
            ("refresh_token".into(), refresh_token.expose().into()),
        ])
        // The answer holds the new access token.
        .sensitive_response();
    if read_only {
        req = req.read_only();
    }
    let resp = http.send(req).await?;
    read_grant(&resp, accounts)
}

fn parse_url(s: &str, var: &str) -> Result<Url, ApiError> {
    Url::parse(s).map_err(|e| {
        ApiError::new(VENDOR, Cause::BadRequest, format!("bad URL {s}: {e}"))
            .hint(format!("check {var}"))
    })
}

// ---------- CRM ----------

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Named {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::providers::serde_util::id_opt")]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct User {
    #[serde(default, deserialize_with = "crate::providers::serde_util::id_opt")]
    pub id: Option<String>,
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "crate::providers::serde_util::id_opt")]
    pub zuid: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub role: Option<Named>,
    #[serde(default)]
    pub profile: Option<Named>,
    /// Display only: a string in the guides, an object in `zoho/crm-oas` v8; never sinks a check.
    #[serde(
        default,
        deserialize_with = "crate::providers::serde_util::display_opt"
    )]
    pub time_zone: Option<String>,
}

#[derive(Deserialize)]
struct Users {
    #[serde(default)]
    users: Vec<User>,
}

/// One record's outcome in a create/update answer (`data[i]`).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct RecordResult {
    /// Required, with `status`: a record answer without them says nothing about the record.
    pub code: String,
    pub status: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub details: Value,
}

impl RecordResult {
    pub fn is_success(&self) -> bool {
        self.status.eq_ignore_ascii_case("success")
    }
    pub fn field(&self) -> Option<String> {
        self.details
            .get("api_name")
            .and_then(Value::as_str)
            .map(str::to_string)
    }
    pub fn id(&self) -> Option<String> {
        self.details.get("id").and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }
    /// What the engineer does about a failed record.
    pub fn hint(&self) -> Option<String> {
        let field = self.field().unwrap_or_else(|| "?".into());
        match self.code.as_str() {
            "SUCCESS" => None,
            "INVALID_DATA" => Some(format!(
                "Zoho rejects the value of {field}: compare what create-zoho-contact sends with the field's type and format (CRM Setup > Modules > Contacts > Fields)"
            )),
            "MANDATORY_NOT_FOUND" => Some(format!(
                "{field} is mandatory in this layout: send it from create-zoho-contact, or make it optional in CRM Setup"
            )),
            "DUPLICATE_DATA" => {
                let dup = self
                    .details
                    .pointer("/duplicate_record/id")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or_else(|| self.id())
                    .unwrap_or_else(|| "?".into());
                let owner = self
                    .details
                    .pointer("/duplicate_record/Owner/name")
                    .and_then(Value::as_str)
                    .map(|o| format!(", owner {o}"))
                    .unwrap_or_default();
                Some(format!(
                    "a contact with this {field} already exists (record {dup}{owner}): update it (upsert) instead of creating, or change the duplicate check of {field}"
                ))
            }
            _ => Some("see the Zoho CRM status codes page for this code".into()),
        }
    }
}

#[derive(Deserialize)]
struct DataEnvelope {
    #[serde(default)]
    data: Vec<RecordResult>,
}

/// A CRM client: the API domain and an access token (`Zoho-oauthtoken`, not `Bearer`).
#[derive(Clone)]
pub struct Crm {
    http: HttpClient,
    api: String,
    token: Secret,
}

impl Crm {
    pub fn new(http: HttpClient, api: &str, token: Secret) -> Self {
        Crm {
            http,
            api: api.trim_end_matches('/').to_string(),
            token,
        }
    }

    pub fn request(&self, method: Method, path: &str) -> Result<Req, ApiError> {
        let path = super::rooted(path);
        let url = parse_url(&format!("{}{path}", self.api), "INTOPS_ZOHO_API_URL")?;
        Ok(Req::new(VENDOR, method, url).header(
            "Authorization",
            format!("Zoho-oauthtoken {}", self.token.expose()),
        ))
    }

    /// `GET /crm/v8/users?type=CurrentUser`: the cheapest authenticated call. Also returns
    /// `X-API-CREDITS-REMAINING`, which Zoho only sends once half the daily credits are used.
    pub async fn current_user(&self) -> Result<(User, Option<i64>), ApiError> {
        let req = self
            .request(Method::GET, &format!("/crm/{CRM_VERSION}/users"))?
            .query("type", "CurrentUser");
        let resp = self.http.send(req).await?;
        if !resp.is_success() {
            return Err(classify(&resp));
        }
        if resp.status == 204 || resp.body.is_empty() {
            return Err(ApiError::new(
                VENDOR,
                Cause::Malformed,
                "Zoho returned no current user (HTTP 204)",
            )
            .http(resp.status));
        }
        let u: Users = crate::providers::evidence::read(&resp, "the current user")?;
        let credits = resp
            .header("x-api-credits-remaining")
            .and_then(|v| v.trim().parse().ok());
        let user = u.users.into_iter().next().ok_or_else(|| {
            ApiError::new(
                VENDOR,
                Cause::Malformed,
                "Zoho returned an empty users list",
            )
            .http(resp.status)
        })?;
        Ok((user, credits))
    }

    /// `POST /crm/v8/Contacts` with one record and no workflow triggers (a test must not
    /// e-mail anyone). A per-record failure is `Ok` with `status: error`: the caller shows it.
    pub async fn create_contact(&self, record: Value) -> Result<RecordResult, ApiError> {
        let req = self
            .request(Method::POST, &format!("/crm/{CRM_VERSION}/Contacts"))?
            .json(json!({ "data": [record], "trigger": [] }));
        let resp = self.http.send(req).await?;
        read_records(&resp)
    }

    /// Zoho Billing: the organizations this token sees (`code` 0 means success, even at HTTP 200).
    pub async fn billing_organizations(&self, org_id: &str) -> Result<Vec<Value>, ApiError> {
        let req = self
            .request(Method::GET, "/billing/v1/organizations")?
            .header("X-com-zoho-subscriptions-organizationid", org_id);
        let resp = self.http.send(req).await?;
        let v: Value = match resp.json() {
            Ok(v) => v,
            Err(e) if !resp.is_success() => {
                return Err(classify(&resp).with_default_hint(e.message))
            }
            Err(e) => return Err(e),
        };
        match v.get("code").and_then(Value::as_i64) {
            Some(0) => Ok(v
                .get("organizations")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()),
            Some(code) => Err(ApiError::new(
                VENDOR,
                if resp.status == 401 { Cause::TokenInvalid } else { Cause::BadRequest },
                format!(
                    "Billing: {}",
                    v.get("message").and_then(Value::as_str).unwrap_or("error")
                ),
            )
            .code(code.to_string())
            .http(resp.status)
            .hint("check the Billing scope of the refresh token (ZohoSubscriptions.*) and ZOHO_BILLING_ORG_ID")),
            None if !resp.is_success() => Err(classify(&resp)),
            None => Err(resp.malformed("no `code` in the Billing answer")),
        }
    }

    /// Any call, for `intops api zoho`.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        fields: &[(String, String)],
    ) -> Result<Resp, ApiError> {
        let req = self.request(method, path)?.fields(fields, FieldBody::Form);
        let resp = self.http.send(req).await?;
        if resp.is_success() {
            Ok(resp)
        } else {
            Err(classify(&resp))
        }
    }
}

/// Codes that describe the record sent rather than the request or the token.
const RECORD_CODES: &[&str] = &["INVALID_DATA", "MANDATORY_NOT_FOUND", "DUPLICATE_DATA"];

/// A create answer: `data[0]` whatever the HTTP status (201, 207 partial, 400 for one record).
pub fn read_records(resp: &Resp) -> Result<RecordResult, ApiError> {
    // The whole-request error envelope (`{"code","details","message","status":"error"}`) also
    // comes at HTTP 200: classify it with its hint, whatever the status.
    if let Ok(v) = serde_json::from_slice::<Value>(&resp.body) {
        if v.get("status").and_then(Value::as_str) == Some("error")
            && v.get("code").and_then(Value::as_str).is_some()
            && v.get("data").is_none()
        {
            // A record-level code about the one record sent: its own hint names the field.
            let record: RecordResult = serde_json::from_value(v).unwrap_or_default();
            if RECORD_CODES.contains(&record.code.as_str()) {
                return Ok(record);
            }
            return Err(classify(resp));
        }
    }
    if let Ok(env) = serde_json::from_slice::<DataEnvelope>(&resp.body) {
        if let Some(first) = env.data.into_iter().next() {
            return Ok(first);
        }
    }
    if !resp.is_success() {
        return Err(classify(&resp.clone()));
    }
    Err(resp.malformed("no `data` in the answer"))
}

#[derive(Deserialize, Default)]
struct CrmError {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// Classify a whole-request CRM error (`{"code","details","message","status":"error"}`).
pub fn classify(resp: &Resp) -> ApiError {
    let retry_after = crate::http::retry_after(&resp.headers);
    let body: Option<CrmError> = serde_json::from_slice(&resp.body).ok();
    let Some(body) = body.filter(|b| b.code.is_some()) else {
        if resp.status == 429 {
            return ApiError::new(
                VENDOR,
                Cause::RateLimited { retry_after },
                "CRM API limit reached (HTTP 429)",
            )
            .http(429)
            .hint(CRM_LIMIT_HINT);
        }
        if resp.status >= 500 {
            return crate::providers::evidence::server_error(resp)
                .hint("a Zoho-side error: retry later and check `intops status zoho`");
        }
        if resp.is_html() {
            return resp.malformed("not a CRM error body");
        }
        if resp.status == 401 {
            return ApiError::new(
                VENDOR,
                Cause::TokenInvalid,
                "the CRM rejected the access token (HTTP 401)",
            )
            .http(401)
            .hint("`intops zoho refresh-token --force`, then `intops zoho check`");
        }
        return ApiError::new(
            VENDOR,
            Cause::BadRequest,
            format!("HTTP {} with {}", resp.status, resp.body_hint()),
        )
        .http(resp.status);
    };
    let code = body.code.unwrap_or_default();
    let message = body.message.unwrap_or_else(|| code.to_lowercase());
    let (cause, hint): (Cause, &str) = match code.as_str() {
        "INVALID_TOKEN" | "INVALID_OAUTHTOKEN" => (
            Cause::TokenExpired,
            "the access token expired or was evicted (at most 15 live per refresh token): `intops zoho refresh-token --force`, then `intops zoho check`",
        ),
        "AUTHENTICATION_FAILURE" => (
            Cause::TokenInvalid,
            "the token is not valid for this API domain: check ZOHO_DC / INTOPS_ZOHO_API_URL match the token's api_domain, then `intops zoho refresh-token --force`",
        ),
        "OAUTH_SCOPE_MISMATCH" => (
            Cause::Permission,
            "the refresh token lacks a scope: generate a new one with ZohoCRM.users.READ and ZohoCRM.modules.contacts.ALL (API console > Self Client), then `intops auth set ZOHO_REFRESH_TOKEN`",
        ),
        "NO_PERMISSION" => (
            Cause::Permission,
            "the Zoho user's CRM profile lacks this permission (not an OAuth scope): ask a CRM admin to grant it in Setup > Users and Control > Profiles",
        ),
        "INVALID_URL_PATTERN" | "INVALID_MODULE" => (
            Cause::NotFound,
            "check INTOPS_ZOHO_API_URL (the token's api_domain, e.g. https://www.zohoapis.eu)",
        ),
        "LIMIT_EXCEEDED" | "TOO_MANY_REQUESTS" => (Cause::RateLimited { retry_after }, CRM_LIMIT_HINT),
        "INTERNAL_ERROR" => (Cause::Upstream, "a Zoho-side error: retry later and check `intops status zoho`"),
        _ if resp.status == 429 => (Cause::RateLimited { retry_after }, CRM_LIMIT_HINT),
        _ if resp.status >= 500 => (Cause::Upstream, "a Zoho-side error: retry later and check `intops status zoho`"),
        _ => (Cause::BadRequest, "see the Zoho CRM status codes page for this code"),
    };
    ApiError::new(VENDOR, cause, message)
        .code(code)
        .http(resp.status)
        .hint(hint)
}

const CRM_LIMIT_HINT: &str = "the CRM API credits (rolling 24 h) or the concurrency limit are used up: wait, spread the calls; Setup > Developer Space > APIs shows the usage";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::fixture;

    const URL: &str = "https://accounts.zoho.eu/oauth/v2/token";

    fn resp(status: u16, body: &str) -> Resp {
        Resp::fake(VENDOR, status, URL, body)
    }

    #[test]
    fn data_centre_mapping() {
        assert_eq!(
            data_centre("ca").unwrap().1,
            "https://accounts.zohocloud.ca"
        );
        assert_eq!(data_centre("ca").unwrap().2, "https://www.zohoapis.ca");
        assert_eq!(data_centre("eu").unwrap().1, "https://accounts.zoho.eu");
        assert_eq!(
            data_centre("com.au").unwrap().1,
            "https://accounts.zoho.com.au"
        );
        assert_eq!(data_centre("AU").unwrap().0, "com.au");
        assert_eq!(data_centre(".jp").unwrap().2, "https://www.zohoapis.jp");
        assert_eq!(
            data_centre("com.cn").unwrap().1,
            "https://accounts.zoho.com.cn"
        );
        assert_eq!(data_centre("sa").unwrap().1, "https://accounts.zoho.sa");
        assert_eq!(data_centre("us").unwrap().1, "https://accounts.zoho.com");
        assert!(data_centre("de").is_none());
    }

    #[test]
    fn success_grant() {
        let g = read_grant(
            &resp(200, &fixture(VENDOR, "refresh-ok.json")),
            "https://accounts.zoho.eu",
        )
        .unwrap();
        assert_eq!(g.expires_in, 3600);
        assert_eq!(g.api_domain.as_deref(), Some("https://www.zohoapis.eu"));
        assert!(g.access_token.expose().starts_with("1000."));
    }

    #[test]
    fn grant_without_api_domain_is_fine() {
        let g = read_grant(
            &resp(200, r#"{"access_token":"1000.x.y","expires_in":3600}"#),
            "https://accounts.zoho.com",
        )
        .unwrap();
        assert!(g.api_domain.is_none());
    }

    #[test]
    fn http_200_error_bodies_are_failures() {
        let e = read_grant(
            &resp(200, r#"{"error":"invalid_code"}"#),
            "https://accounts.zoho.com",
        )
        .unwrap_err();
        assert_eq!(e.cause, Cause::TokenInvalid);
        assert_eq!(e.code.as_deref(), Some("invalid_code"));
        assert!(e.hint.unwrap().contains("ZOHO_REFRESH_TOKEN"));

        let e = read_grant(
            &resp(200, r#"{"error":"invalid_client"}"#),
            "https://accounts.zoho.com",
        )
        .unwrap_err();
        assert!(e.message.contains("accounts.zoho.com"));
        assert!(e.hint.unwrap().starts_with("wrong data centre?"));

        let e = read_grant(
            &resp(200, r#"{"error":"invalid_client_secret"}"#),
            "https://accounts.zoho.com",
        )
        .unwrap_err();
        assert!(e.hint.unwrap().contains("ZOHO_CLIENT_SECRET"));
    }

    #[test]
    fn throttle_at_200_or_400_is_rate_limited() {
        for status in [200, 400] {
            let e = read_grant(
                &resp(status, &fixture(VENDOR, "refresh-throttled.json")),
                "https://accounts.zoho.com",
            )
            .unwrap_err();
            assert!(matches!(e.cause, Cause::RateLimited { .. }), "{status}");
            assert!(e
                .hint
                .unwrap()
                .contains("10 refreshes per refresh token per 10 minutes"));
        }
        // A localised text still matches on the key and status.
        let e = read_grant(
            &resp(200, r#"{"error":"Access Denied","error_description":"Demasiadas solicitudes","status":"failure"}"#),
            "https://accounts.zoho.com",
        )
        .unwrap_err();
        assert!(matches!(e.cause, Cause::RateLimited { .. }));
    }

    #[test]
    fn no_access_token_or_html_is_malformed() {
        let e = read_grant(&resp(200, r#"{"token_type":"Bearer"}"#), "x").unwrap_err();
        assert_eq!(e.cause, Cause::Malformed);
        let mut r = resp(502, "<html><title>Bad gateway</title></html>");
        r.headers
            .insert("content-type", "text/html".parse().unwrap());
        assert_eq!(read_grant(&r, "x").unwrap_err().cause, Cause::Upstream);
    }

    #[test]
    fn crm_errors_are_classified() {
        let cases = [
            (
                401,
                "INVALID_TOKEN",
                Cause::TokenExpired,
                "refresh-token --force",
            ),
            (
                401,
                "INVALID_OAUTHTOKEN",
                Cause::TokenExpired,
                "refresh-token",
            ),
            (
                401,
                "AUTHENTICATION_FAILURE",
                Cause::TokenInvalid,
                "ZOHO_DC",
            ),
            (401, "OAUTH_SCOPE_MISMATCH", Cause::Permission, "scope"),
            (403, "NO_PERMISSION", Cause::Permission, "CRM profile"),
            (
                404,
                "INVALID_URL_PATTERN",
                Cause::NotFound,
                "INTOPS_ZOHO_API_URL",
            ),
        ];
        for (status, code, cause, hint) in cases {
            let body =
                format!(r#"{{"code":"{code}","details":{{}},"message":"m","status":"error"}}"#);
            let e = classify(&resp(status, &body));
            assert_eq!(e.cause, cause, "{code}");
            assert_eq!(e.code.as_deref(), Some(code));
            assert!(
                e.hint.as_deref().unwrap().contains(hint),
                "{code}: {:?}",
                e.hint
            );
        }
        let mut r = resp(429, "");
        r.headers.insert("retry-after", "30".parse().unwrap());
        let e = classify(&r);
        assert_eq!(
            e.cause,
            Cause::RateLimited {
                retry_after: Some(std::time::Duration::from_secs(30))
            }
        );
    }

    #[test]
    fn record_errors_name_the_field() {
        let r = read_records(&resp(400, &fixture(VENDOR, "create-invalid-data.json"))).unwrap();
        assert!(!r.is_success());
        assert_eq!(r.code, "INVALID_DATA");
        assert_eq!(r.field().as_deref(), Some("Email"));
        let r = read_records(&resp(400, &fixture(VENDOR, "create-duplicate.json"))).unwrap();
        assert_eq!(r.code, "DUPLICATE_DATA");
        let h = r.hint().unwrap();
        assert!(
            h.contains("Email")
                && h.contains("5725767000000524157")
                && h.contains("Patricia Boyle"),
            "{h}"
        );
        let r = read_records(&resp(201, &fixture(VENDOR, "create-ok.json"))).unwrap();
        assert!(r.is_success());
        assert_eq!(r.id().as_deref(), Some("5725767000000524157"));
        let r = read_records(&resp(400, r#"{"data":[{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Last_Name","json_path":"$.data[0].Last_Name"},"message":"required field not found","status":"error"}]}"#)).unwrap();
        assert!(r.hint().unwrap().contains("Last_Name is mandatory"));
    }
}
