//! RESO Web API (OData): OAuth2 client credentials or a fixed bearer token, `$metadata`, and the
//! newest record's `ModificationTimestamp` for the freshness lag.

use crate::error::{ApiError, Cause};
use crate::http::{HttpClient, Req, Resp};
use crate::secrets::Secret;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

pub const VENDOR: &str = "reso";

#[derive(Debug, Clone)]
pub enum ResoAuth {
    Bearer(Secret),
    ClientCredentials {
        token_url: Url,
        client_id: String,
        client_secret: Secret,
        scope: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct ResoConfig {
    /// The service root (`.../odata`), no trailing slash.
    pub root: Url,
    pub auth: ResoAuth,
    pub resource: String,
    pub timestamp_field: String,
    /// Extra `$filter` (MLS Grid wants `OriginatingSystemName eq '...'`).
    pub filter: Option<String>,
    /// Which names hold the credentials, for hints.
    pub secret_name: String,
    /// The command that re-checks this feed, for hints.
    pub rerun: String,
}

#[derive(Debug, Deserialize)]
struct TokenReply {
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<Value>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub token: Secret,
    pub expires_in: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct MetadataInfo {
    pub bytes: usize,
    pub odata_version: Option<String>,
    pub entity_sets: usize,
}

#[derive(Debug, Clone)]
pub struct Newest {
    pub key: Option<String>,
    pub modified: Option<DateTime<Utc>>,
    /// The raw value when it did not parse as a timestamp.
    pub raw: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Page {
    #[serde(default)]
    value: Vec<Value>,
}

pub struct Reso {
    http: HttpClient,
    pub cfg: ResoConfig,
}

impl Reso {
    pub fn new(http: HttpClient, cfg: ResoConfig) -> Self {
        Reso { http, cfg }
    }

    fn url(&self, path: &str) -> Url {
        let mut u = self.cfg.root.clone();
        let p = format!("{}/{}", u.path().trim_end_matches('/'), path);
        u.set_path(&p);
        u
    }

    /// The bearer token: the fixed one, or a client-credentials grant (read-only: a check may
    /// fetch it under --dry-run).
    pub async fn token(&self) -> Result<Token, ApiError> {
        let (token_url, client_id, client_secret, scope) = match &self.cfg.auth {
            ResoAuth::Bearer(t) => {
                return Ok(Token {
                    token: t.clone(),
                    expires_in: None,
                })
            }
            ResoAuth::ClientCredentials {
                token_url,
                client_id,
                client_secret,
                scope,
            } => (token_url, client_id, client_secret, scope),
        };
        let mut form = vec![
            ("grant_type".to_string(), "client_credentials".to_string()),
            ("client_id".to_string(), client_id.clone()),
            (
                "client_secret".to_string(),
                client_secret.expose().to_string(),
            ),
        ];
        if let Some(s) = scope {
            form.push(("scope".into(), s.clone()));
        }
        let req = Req::post(VENDOR, token_url.clone())
            .form(form)
            .read_only()
            .sensitive_response();
        let resp = self.http.send(req).await?;
        if !resp.is_success() {
            return Err(self.error(&resp, "token request"));
        }
        let t: TokenReply = resp.json()?;
        match t.access_token.filter(|s| !s.is_empty()) {
            Some(tok) => Ok(Token {
                token: Secret::new(tok),
                expires_in: t.expires_in.and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                }),
            }),
            None => Err(ApiError::new(
                VENDOR,
                Cause::TokenInvalid,
                format!(
                    "token endpoint answered without access_token{}",
                    t.error
                        .map(|e| format!(": {e} {}", t.error_description.unwrap_or_default()))
                        .unwrap_or_default()
                ),
            )
            .http(resp.status)
            .hint(self.auth_hint())),
        }
    }

    fn auth_hint(&self) -> String {
        format!(
            "verify the RESO credentials ({}) with the MLS or vendor that issued them; then `{}`",
            self.cfg.secret_name, self.cfg.rerun
        )
    }

    pub async fn metadata(&self, token: &Secret) -> Result<MetadataInfo, ApiError> {
        let req = Req::get(VENDOR, self.url("$metadata"))
            .query("$format", "application/xml")
            .bearer(token);
        let resp = self.http.send(req).await?;
        if !resp.is_success() {
            return Err(self.error(&resp, "$metadata"));
        }
        let text = resp.text();
        if !text.contains("Edmx") && !text.contains("edmx") {
            return Err(ApiError::new(
                VENDOR,
                Cause::Malformed,
                format!("$metadata is not an EDMX document: {}", resp.body_hint()),
            )
            .http(resp.status));
        }
        Ok(MetadataInfo {
            bytes: resp.body.len(),
            odata_version: resp.header("odata-version").map(str::to_string),
            entity_sets: text.matches("<EntitySet ").count(),
        })
    }

    /// `Resource?$select=..&$orderby=<field> desc&$top=1`: the newest record.
    pub async fn newest(&self, token: &Secret) -> Result<Option<Newest>, ApiError> {
        let f = &self.cfg.timestamp_field;
        let mut req = Req::get(VENDOR, self.url(&self.cfg.resource))
            .query("$orderby", format!("{f} desc"))
            .query("$top", "1");
        if let Some(filter) = &self.cfg.filter {
            req = req.query("$filter", filter);
        }
        let resp = self.http.send(req.bearer(token)).await?;
        if !resp.is_success() {
            return Err(self.error(&resp, &self.cfg.resource));
        }
        let page: Page = resp.json()?;
        let Some(first) = page.value.first() else {
            return Ok(None);
        };
        let raw = first
            .get(f.as_str())
            .and_then(Value::as_str)
            .map(str::to_string);
        let modified = raw
            .as_deref()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc));
        let key = first
            .get("ListingKey")
            .or_else(|| first.get("ListingId"))
            .and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
        Ok(Some(Newest { key, modified, raw }))
    }

    /// The fallback when `$orderby` is refused: how many records changed after `since`
    /// (`$filter=<field> gt <since>&$top=1&$count=true`).
    pub async fn modified_since(
        &self,
        token: &Secret,
        since: DateTime<Utc>,
    ) -> Result<u64, ApiError> {
        let f = &self.cfg.timestamp_field;
        let ts = since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut filter = format!("{f} gt {ts}");
        if let Some(extra) = &self.cfg.filter {
            filter = format!("({extra}) and {filter}");
        }
        let req = Req::get(VENDOR, self.url(&self.cfg.resource))
            .query("$filter", filter)
            .query("$top", "1")
            .query("$count", "true")
            .bearer(token);
        let resp = self.http.send(req).await?;
        if !resp.is_success() {
            return Err(self.error(&resp, &self.cfg.resource));
        }
        let v: Value = resp.json()?;
        Ok(v.get("@odata.count")
            .and_then(Value::as_u64)
            .unwrap_or_else(|| {
                v.get("value")
                    .and_then(Value::as_array)
                    .map_or(0, |a| a.len() as u64)
            }))
    }

    /// RESO §2.6: `{"error":{"code","message"}}`; 401/403 failed auth, 429 over quota.
    pub fn error(&self, resp: &Resp, what: &str) -> ApiError {
        let s = resp.status;
        let body: Option<Value> = serde_json::from_slice(&resp.body).ok();
        let err = body.as_ref().and_then(|b| b.get("error"));
        let vendor_msg = err
            .and_then(|e| {
                e.get("message")
                    .or_else(|| e.get("error_description"))
                    .and_then(Value::as_str)
                    .or_else(|| e.as_str())
            })
            .or_else(|| {
                body.as_ref()
                    .and_then(|b| b.get("error_description"))
                    .and_then(Value::as_str)
            })
            .map(|m| format!(": \"{m}\""))
            .unwrap_or_default();
        let code = err
            .and_then(|e| e.get("code"))
            .and_then(|c| {
                c.as_str()
                    .map(str::to_string)
                    .or_else(|| Some(c.to_string()))
            })
            .or_else(|| err.and_then(Value::as_str).map(str::to_string));
        let e = match s {
            401 | 403 => ApiError::new(
                VENDOR,
                Cause::TokenInvalid,
                format!("authentication failed on {what}{vendor_msg}"),
            )
            .hint(self.auth_hint()),
            400 if what == "token request" => ApiError::new(
                VENDOR,
                Cause::TokenInvalid,
                format!("token request refused{vendor_msg}"),
            )
            .hint(self.auth_hint()),
            404 => ApiError::new(
                VENDOR,
                Cause::NotFound,
                format!("{what} not found (HTTP 404){vendor_msg}"),
            )
            .hint("check the feed's url (the OData service root) and resource name"),
            429 => ApiError::new(
                VENDOR,
                Cause::RateLimited {
                    retry_after: crate::http::retry_after(&resp.headers),
                },
                format!("{what}: over quota (HTTP 429){vendor_msg}"),
            )
            .hint("the RESO quota is used up: wait, and look for other jobs sharing these credentials"),
            // A 5xx is the server failing whatever its body (HTML, plain text, empty).
            s if s >= 500 && body.is_none() => {
                return crate::providers::evidence::server_error(resp)
                    .hint("the RESO server is failing: retry later, check the vendor's status")
            }
            s if s >= 500 => ApiError::new(
                VENDOR,
                Cause::Upstream,
                format!("{what}: HTTP {s}{vendor_msg}"),
            )
            .hint("the RESO server is failing: retry later, check the vendor's status"),
            _ if body.is_none() => return resp.malformed("not JSON"),
            _ => ApiError::new(
                VENDOR,
                Cause::BadRequest,
                format!("{what} rejected (HTTP {s}){vendor_msg}"),
            )
            .hint("the probe query may not be supported here (MLS Grid needs a filter): set resource / timestamp_field / filter in the feed config"),
        };
        let e = e.http(s);
        match code {
            Some(c) => e.code(c),
            None => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reso() -> Reso {
        Reso::new(
            crate::http::HttpClient::new(Default::default()),
            ResoConfig {
                root: Url::parse("http://x/odata").unwrap(),
                auth: ResoAuth::Bearer(Secret::new("tok-for-tests")),
                resource: "Property".into(),
                timestamp_field: "ModificationTimestamp".into(),
                filter: None,
                secret_name: "RESO_X_TOKEN".into(),
                rerun: "intops rets check --feed x".into(),
            },
        )
    }

    fn resp(status: u16, ct: &str, body: &str) -> Resp {
        Resp::fake(VENDOR, status, "http://x/odata/Property", body).with_header("content-type", ct)
    }

    #[test]
    fn reso_error_envelope_and_statuses() {
        let r = reso();
        let e = r.error(
            &resp(403, "application/json", r#"{"error":{"code":"Forbidden","message":"bad token","target":null,"details":[]}}"#),
            "Property",
        );
        assert_eq!(e.cause, Cause::TokenInvalid);
        assert!(e.message.contains("bad token"));
        assert_eq!(e.code.as_deref(), Some("Forbidden"));
        assert!(e.hint.unwrap().contains("RESO_X_TOKEN"));
        let e = r.error(&resp(429, "application/json", "{}"), "Property");
        assert!(matches!(e.cause, Cause::RateLimited { .. }));
        let e = r.error(
            &resp(502, "text/html", "<html><title>Bad</title></html>"),
            "Property",
        );
        assert_eq!(e.cause, Cause::Upstream);
        // The same status for a plain-text 5xx as for an HTML one.
        let e = r.error(
            &resp(503, "text/plain", "upstream connect error"),
            "Property",
        );
        assert_eq!(e.cause, Cause::Upstream);
        let e = r.error(
            &resp(400, "application/json", r#"{"error":"invalid_client"}"#),
            "token request",
        );
        assert_eq!(e.cause, Cause::TokenInvalid);
        assert_eq!(e.code.as_deref(), Some("invalid_client"));
    }

    #[test]
    fn url_joins_below_the_service_root() {
        assert_eq!(reso().url("$metadata").as_str(), "http://x/odata/$metadata");
    }
}
