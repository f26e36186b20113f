//! Supabase Management API (`https://api.supabase.com/v1`): the project's Edge Function secrets,
//! where the runbooks keep the service's credentials. Bearer `SUPABASE_ACCESS_TOKEN` (a personal
//! access token), project `SUPABASE_PROJECT_REF`. Shapes and sources: docs/vendors/supabase.md.

pub mod logs;

use crate::error::{ApiError, Cause};
use crate::http::{HttpClient, Req, Resp};
use crate::secrets::Secret;
use serde_json::json;
use url::Url;

pub const VENDOR: &str = "supabase";
pub const DEFAULT_URL: &str = "https://api.supabase.com";

pub struct Supabase {
    http: HttpClient,
    base: String,
    token: Secret,
    project: String,
}

impl Supabase {
    pub fn new(http: HttpClient, base: &str, token: Secret, project: &str) -> Self {
        Supabase {
            http,
            base: base.trim_end_matches('/').to_string(),
            token,
            project: project.to_string(),
        }
    }

    /// The project ref this client works on.
    pub fn project(&self) -> &str {
        &self.project
    }

    fn url(&self, tail: &str) -> Result<Url, ApiError> {
        let s = format!("{}/v1/projects/{}{tail}", self.base, self.project);
        Url::parse(&s).map_err(|e| {
            ApiError::new(VENDOR, Cause::BadRequest, format!("bad Supabase URL {s}: {e}"))
                .hint("check INTOPS_SUPABASE_URL (default https://api.supabase.com) and SUPABASE_PROJECT_REF")
        })
    }

    /// What `--dry-run` and confirmations show for [`Supabase::set_secrets`]: no values.
    pub fn describe_set(&self, names: &[&str]) -> String {
        format!(
            "POST {}/v1/projects/{}/secrets [{}]",
            self.base,
            self.project,
            names.join(", ")
        )
    }

    /// `POST /v1/projects/{ref}/secrets` with `[{name, value}]`: creates or replaces each secret.
    /// The answer's body is never traced (it may echo values).
    pub async fn set_secrets(&self, secrets: &[(&str, &Secret)]) -> Result<(), ApiError> {
        let body: Vec<_> = secrets
            .iter()
            .map(|(n, v)| json!({"name": n, "value": v.expose()}))
            .collect();
        let req = Req::post(VENDOR, self.url("/secrets")?)
            .bearer(&self.token)
            .json(serde_json::Value::Array(body))
            .sensitive_response();
        let resp = self.http.send(req).await?;
        if resp.is_success() {
            return Ok(());
        }
        Err(classify(&resp))
    }
}

/// The Management API answers errors as `{"message": "..."}` with the HTTP status saying why.
pub fn classify(resp: &Resp) -> ApiError {
    let message = serde_json::from_slice::<serde_json::Value>(&resp.body)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| resp.body_hint());
    let (cause, hint) = match resp.status {
        401 => (
            Cause::TokenInvalid,
            "SUPABASE_ACCESS_TOKEN was refused: create a personal access token at supabase.com/dashboard/account/tokens",
        ),
        403 => (
            Cause::Permission,
            "the access token's account cannot manage this project's secrets: use an owner's or admin's token",
        ),
        404 => (
            Cause::NotFound,
            "no such project: SUPABASE_PROJECT_REF is the id in the dashboard URL (supabase.com/dashboard/project/REF)",
        ),
        429 => (
            Cause::RateLimited {
                retry_after: crate::http::retry_after(&resp.headers),
            },
            "the Management API rate limit was hit: wait and retry",
        ),
        s if s >= 500 => (Cause::Upstream, "Supabase is failing: `intops status supabase`"),
        _ => (Cause::BadRequest, "the request was rejected; see the message"),
    };
    ApiError::new(VENDOR, cause, message)
        .http(resp.status)
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_classified_by_status_with_the_message() {
        let r = Resp::fake(
            VENDOR,
            401,
            "https://x/v1/projects/p/secrets",
            r#"{"message":"Unauthorized"}"#,
        );
        let e = classify(&r);
        assert_eq!(e.cause, Cause::TokenInvalid);
        assert!(e.line().contains("Unauthorized") && e.line().contains("HTTP 401"));
        let r = Resp::fake(
            VENDOR,
            502,
            "https://x",
            "<html><title>Bad gateway</title></html>",
        )
        .with_header("content-type", "text/html");
        assert_eq!(classify(&r).cause, Cause::Upstream);
        assert_eq!(
            classify(&Resp::fake(VENDOR, 404, "https://x", "{}")).cause,
            Cause::NotFound
        );
    }
}
