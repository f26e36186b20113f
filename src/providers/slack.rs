//! Slack incoming webhooks: `POST {"text": ...}` to the webhook URL; `200 ok`, or a plain-text
//! error code (`invalid_payload`, `no_service`, `channel_is_archived`, ...) with a 4xx/5xx.

use crate::error::{ApiError, Cause};
use crate::http::{HttpClient, Req, Resp};
use crate::secrets::Secret;
use serde_json::json;
use url::Url;

pub const VENDOR: &str = "slack";

const FIX_URL: &str = "create a new incoming webhook in the Slack app settings and store it: `intops auth set SLACK_WEBHOOK_URL`";

/// Classify a webhook answer.
pub fn classify(resp: &Resp) -> Result<(), ApiError> {
    let body = resp.text();
    let code = body.trim();
    if resp.is_success() && (code == "ok" || code.is_empty()) {
        return Ok(());
    }
    if resp.is_html() {
        return Err(resp.malformed("expected ok"));
    }
    let (cause, hint) = match (resp.status, code) {
        (_, "no_service") | (_, "invalid_token") | (_, "no_team") => {
            (Cause::TokenInvalid, FIX_URL.to_string())
        }
        (_, "channel_is_archived") | (_, "channel_not_found") => (
            Cause::NotFound,
            format!("the webhook's channel is gone ({code}): {FIX_URL}"),
        ),
        (_, "action_prohibited") | (403, _) => (
            Cause::Permission,
            "a Slack admin restricted posting to this channel".to_string(),
        ),
        (_, "invalid_payload") | (_, "no_text") => (
            Cause::BadRequest,
            "the message was rejected; post it by hand and report the bug".to_string(),
        ),
        (429, _) => (
            Cause::RateLimited {
                retry_after: crate::http::retry_after(&resp.headers),
            },
            "Slack allows about one message per second per webhook: retry in a moment".to_string(),
        ),
        (s, _) if s >= 500 => (
            Cause::Upstream,
            "Slack is failing: post the template by hand (it is printed above)".to_string(),
        ),
        _ => (Cause::BadRequest, FIX_URL.to_string()),
    };
    let shown = crate::redact::redact_chars(code, 80);
    Err(
        ApiError::new(VENDOR, cause, format!("Slack answered {shown:?}"))
            .code(shown)
            .http(resp.status)
            .hint(hint),
    )
}

/// Post one message.
pub async fn post(http: &HttpClient, url: &Secret, text: &str) -> Result<(), ApiError> {
    let u = Url::parse(url.expose()).map_err(|_| {
        ApiError::new(VENDOR, Cause::BadRequest, "SLACK_WEBHOOK_URL is not a URL").hint(FIX_URL)
    })?;
    // The template quotes what the checks found; a channel is no place for a credential.
    let text = crate::redact::redact(text);
    let resp = http
        .send(Req::post(VENDOR, u).json(json!({ "text": text })))
        .await?;
    classify(&resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://127.0.0.1/slack/hook";

    fn resp(status: u16, body: &str) -> Resp {
        Resp::fake(VENDOR, status, URL, body)
    }

    #[test]
    fn ok_is_ok_and_error_codes_are_classified() {
        assert!(classify(&resp(200, "ok")).is_ok());
        let e = classify(&resp(404, "no_service")).unwrap_err();
        assert_eq!(e.cause, Cause::TokenInvalid);
        assert!(e
            .hint
            .unwrap()
            .contains("intops auth set SLACK_WEBHOOK_URL"));
        assert_eq!(
            classify(&resp(410, "channel_is_archived"))
                .unwrap_err()
                .cause,
            Cause::NotFound
        );
        assert_eq!(
            classify(&resp(400, "invalid_payload"))
                .unwrap_err()
                .code
                .as_deref(),
            Some("invalid_payload")
        );
        assert_eq!(
            classify(&resp(500, "rollup_error")).unwrap_err().cause,
            Cause::Upstream
        );
    }
}
