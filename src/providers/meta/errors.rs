//! Graph error answers, classified on `code`/`error_subcode`, never on the HTTP status
//! (docs/vendors/meta.md §2).

use super::VENDOR;
use crate::error::{ApiError, Cause};
use crate::http::{meta_regain_access, Resp};
use crate::providers::evidence;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize, Default)]
struct GraphErrorBody {
    #[serde(default)]
    error: Option<GraphError>,
}

#[derive(Deserialize, Default, Debug)]
pub struct GraphError {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub error_user_title: Option<String>,
    #[serde(default)]
    pub error_user_msg: Option<String>,
    #[serde(default)]
    pub fbtrace_id: Option<String>,
    #[serde(default)]
    pub error_data: Option<Value>,
}

/// Classify a non-2xx Graph answer.
pub fn classify(resp: &Resp, token_name: &str) -> ApiError {
    let parsed: Option<GraphErrorBody> = serde_json::from_slice(&resp.body).ok();
    let Some(err) = parsed.and_then(|b| b.error) else {
        // No Graph envelope: an HTML page from a proxy or load balancer, or garbage.
        return match resp.status {
            404 => ApiError::new(
                VENDOR,
                Cause::NotFound,
                format!("HTTP 404 from {}", resp.url.path()),
            )
            .http(404),
            429 => ApiError::new(
                VENDOR,
                Cause::RateLimited {
                    retry_after: crate::http::retry_after(&resp.headers),
                },
                "HTTP 429 without a Graph error body",
            )
            .http(429),
            s if s >= 500 => evidence::server_error(resp).with_default_hint(
                "Meta-side or proxy error: retry later and check `intops status meta`",
            ),
            _ => resp.malformed("no Graph error object"),
        };
    };
    let code = err.code.unwrap_or(-1);
    let sub = err.error_subcode;
    let details = err
        .error_data
        .as_ref()
        .and_then(|d| d.get("details"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut message = err
        .message
        .clone()
        .unwrap_or_else(|| "Graph API error".into());
    if let Some(d) = &details {
        if !message.contains(d.as_str()) {
            message = format!("{message}: {d}");
        }
    }
    let code_str = match sub {
        Some(s) => format!("{code}/{s}"),
        None => code.to_string(),
    };
    let (cause, hint) = classify_code(code, sub, token_name, &resp.headers);
    ApiError::new(VENDOR, cause, message)
        .code(code_str)
        .http(resp.status)
        .trace(err.fbtrace_id)
        .hint(hint)
}

/// The table of docs/vendors/meta.md §2: (code, subcode) -> cause and the next step.
pub fn classify_code(
    code: i64,
    sub: Option<i64>,
    token_name: &str,
    headers: &reqwest::header::HeaderMap,
) -> (Cause, String) {
    // Both ways to store it work on a headless box: token-rotate reads stdin, and a value in
    // the environment or --env-file needs no keyring.
    let rotate = if token_name == "WHATSAPP_ACCESS_TOKEN" {
        "create a new token (runbook whatsapp-outage, Option 1) and install it as WHATSAPP_ACCESS_TOKEN with `intops whatsapp token-rotate` (hidden prompt, or the token on stdin), then run `intops whatsapp token-debug`".to_string()
    } else {
        format!(
            "create a new token (runbook whatsapp-outage, Option 1), put it in {token_name} (environment, --env-file, or `intops auth set {token_name}` where a keyring exists), then run `intops whatsapp token-debug`"
        )
    };
    // Retry-After counts even beside a Graph error body; the longer of it and Meta's usage
    // header wins.
    let wait = [
        meta_regain_access(headers),
        crate::http::retry_after(headers),
    ]
    .into_iter()
    .flatten()
    .max();
    let wait_text = wait
        .map(|d| format!("Meta says access returns in about {} min", d.as_secs() / 60))
        .unwrap_or_else(|| "wait for the usage headers to fall".to_string());
    match (code, sub) {
        (190, Some(459)) | (190, Some(464)) => (
            Cause::TokenInvalid,
            format!("the user behind the token must log in on facebook.com to clear a checkpoint; then {rotate}"),
        ),
        (190, Some(492)) => (
            Cause::Permission,
            "the token's user lost their role on the Page: restore the role in Business Settings (a new token will not help)".into(),
        ),
        (190, Some(463)) => (Cause::TokenExpired, format!("the token expired: {rotate}")),
        // 104: "An access token is required" (documented as the 401 of phone number reads).
        (104, _) => (Cause::TokenInvalid, format!("Meta received no usable access token: {rotate}")),
        (190, _) | (102, _) => (Cause::TokenInvalid, format!("the token is expired, revoked or invalid: {rotate}")),
        (0, _) => (Cause::TokenInvalid, format!("Meta cannot authenticate the app user: {rotate}")),
        (3, _) | (10, _) | (131005, _) | (200..=299, _) => (
            Cause::Permission,
            "the token lacks a permission: check its scopes with `intops whatsapp token-debug` (WhatsApp needs whatsapp_business_messaging and whatsapp_business_management) and the system user's asset access in Business Settings".to_string(),
        ),
        (130429, _) => (
            Cause::RateLimited { retry_after: wait },
            "per-number throughput exceeded (80 msg/s by default): slow the sender, e.g. `intops queue drain --rate 60`".into(),
        ),
        (131056, _) => (
            Cause::RateLimited { retry_after: wait },
            "too many messages to this one recipient: other recipients still work; wait before sending to them again".into(),
        ),
        (133016, _) => (
            Cause::RateLimited { retry_after: wait },
            "too many register/deregister attempts for this number: wait before trying again".into(),
        ),
        (4, _) | (17, _) | (32, _) | (613, _) | (341, _) | (80000..=80014, _) => (
            Cause::RateLimited { retry_after: wait },
            format!("stop calling: more calls extend the block; {wait_text} (runbook whatsapp-outage, rate limits)"),
        ),
        (131048, _) => (
            Cause::Policy,
            "spam rate limit after blocks or reports: check quality in WhatsApp Manager (`intops whatsapp phone`) and do not retry fast".into(),
        ),
        (368, _) | (131031, _) => (
            Cause::Policy,
            "the account is restricted for policy: review it in Business Support Home and escalate to Meta support with the trace id".into(),
        ),
        (131042, _) => (
            Cause::Account,
            "billing problem on the WhatsApp Business Account: fix the payment method in Business Settings".into(),
        ),
        (133010, _) | (131045, _) | (133006, _) | (33, _) => (
            Cause::Account,
            "the phone number is not registered (or was deleted): register it again in WhatsApp Manager, then `intops whatsapp phone`".into(),
        ),
        (133005, _) | (133008, _) | (133009, _) => (
            Cause::Account,
            "two-step verification PIN problem: reset the PIN in WhatsApp Manager".into(),
        ),
        (131057, _) => (
            Cause::Upstream,
            "the account is in maintenance mode (e.g. a throughput upgrade): retry in a few minutes".into(),
        ),
        (131047, _) => (
            Cause::Recipient,
            "more than 24 h since the user last wrote: send a template instead (`--template hello_world`)".into(),
        ),
        (131026, _) => (
            Cause::Recipient,
            "the recipient cannot receive messages (not on WhatsApp, old app, or terms not accepted): try another number".into(),
        ),
        (1, _) | (2, _) | (131000, _) | (131016, _) | (133004, _) => (
            Cause::Upstream,
            "temporary Meta-side error: retry shortly and check `intops status`".into(),
        ),
        (100, Some(33)) => (
            Cause::NotFound,
            "the id does not exist or this token cannot see it: check WHATSAPP_PHONE_NUMBER_ID / WHATSAPP_BUSINESS_ACCOUNT_ID and the system user's assets".into(),
        ),
        (100, _) => (
            Cause::BadRequest,
            "Meta rejected a parameter (for messages: the recipient may not be a WhatsApp number); check the ids in your configuration".into(),
        ),
        (2200, _) => (
            Cause::BadRequest,
            "Meta could not verify the callback (it GETs it with hub.challenge while subscribing): run `intops webhook verify` and fix the callback first".into(),
        ),
        (803, _) => (Cause::NotFound, "the object id does not exist or the token cannot see it: check the configured ids".into()),
        _ => (Cause::Upstream, "unclassified Graph error: search the code in Meta's error reference".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::fixture;

    #[test]
    fn classification_ignores_http_status() {
        let h = reqwest::header::HeaderMap::new();
        assert_eq!(
            classify_code(190, Some(463), "T", &h).0,
            Cause::TokenExpired
        );
        assert!(matches!(
            classify_code(80007, None, "T", &h).0,
            Cause::RateLimited { .. }
        ));
        assert_eq!(classify_code(131047, None, "T", &h).0, Cause::Recipient);
        assert_eq!(classify_code(368, None, "T", &h).0, Cause::Policy);
        assert_eq!(classify_code(190, Some(492), "T", &h).0, Cause::Permission);
        assert_eq!(classify_code(200, None, "T", &h).0, Cause::Permission);
    }

    #[test]
    fn callback_verification_failure_is_classified() {
        let resp = Resp::fake(
            VENDOR,
            400,
            "https://graph.facebook.com/v25.0/1/subscriptions",
            fixture(VENDOR, "callback-verification-failed.json"),
        );
        let e = classify(&resp, "WHATSAPP_APP_TOKEN");
        assert_eq!(e.cause, Cause::BadRequest);
        assert_eq!(e.code.as_deref(), Some("2200"));
        assert!(e.hint.unwrap().contains("intops webhook verify"));
    }
}
