//! Facebook Messenger on a Page: the Send API (`POST /{page-id}/messages`) and the Messenger
//! meaning of Graph's error codes (docs/vendors/meta.md §15). The Page's installed apps, the app's
//! `page` subscription and `debug_token` are the Graph calls of [`Meta`], read with a Page token.

use super::{Meta, PageSubscribedApp};
use crate::error::{ApiError, Cause};
use crate::providers::evidence;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The permission the Send API needs on the Page token.
pub const SEND_SCOPE: &str = "pages_messaging";
/// The webhook field that carries the messages people send the Page.
pub const MESSAGES_FIELD: &str = "messages";
/// The message tags Meta documents for sends outside the standard messaging window.
pub const TAGS: &[&str] = &[
    "ACCOUNT_UPDATE",
    "CONFIRMED_EVENT_UPDATE",
    "POST_PURCHASE_UPDATE",
    "HUMAN_AGENT",
];

/// `messaging_type` of a send: a reply inside the standard window, or a tagged update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessagingType {
    Response,
    MessageTag(String),
}

/// `POST /{page-id}/messages` answers `{"recipient_id": "...", "message_id": "..."}`.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Sent {
    #[serde(default)]
    pub recipient_id: Option<String>,
    #[serde(default)]
    pub message_id: Option<String>,
}

/// The Send API body for one text message to a PSID.
pub fn send_body(psid: &str, text: &str, kind: &MessagingType) -> serde_json::Value {
    let mut body = json!({
        "recipient": {"id": psid},
        "messaging_type": "RESPONSE",
        "message": {"text": text},
    });
    if let MessagingType::MessageTag(tag) = kind {
        body["messaging_type"] = "MESSAGE_TAG".into();
        body["tag"] = tag.clone().into();
    }
    body
}

/// Send one text message from the Page (Page token with `pages_messaging`).
pub async fn send_text(
    meta: &Meta,
    token_name: &str,
    page: &str,
    psid: &str,
    text: &str,
    kind: &MessagingType,
) -> Result<Sent, ApiError> {
    let req = meta
        .request(Method::POST, &format!("/{page}/messages"))?
        .json(send_body(psid, text, kind));
    let resp = meta
        .call(req)
        .await
        .map_err(|e| messenger_meaning(e, token_name))?;
    let sent: Sent = evidence::read(&resp, "the sent message")?;
    if sent.message_id.as_deref().is_none_or(str::is_empty) {
        return Err(evidence::missing(&resp, "the sent message", "message_id"));
    }
    Ok(sent)
}

/// Every app installed on the Page, every page followed, errors in Messenger terms.
pub async fn page_apps(
    meta: &Meta,
    token_name: &str,
    page: &str,
) -> Result<Vec<PageSubscribedApp>, ApiError> {
    meta.page_subscribed_apps(page)
        .await
        .map_err(|e| messenger_meaning(e, token_name))
}

/// The next step for a Page token that must be replaced.
pub fn new_page_token_hint(token_name: &str) -> String {
    format!(
        "create a new Page access token with pages_messaging for the Page (Business Settings > System users > Generate token, choosing the Page; a Page token from a long-lived user token does not expire), put it in {token_name} (environment, --env-file, or `intops auth set {token_name}` where a keyring exists), then run `intops messenger check`"
    )
}

fn parse_code(code: &str) -> Option<(i64, Option<i64>)> {
    let mut it = code.splitn(2, '/');
    let c = it.next()?.parse().ok()?;
    let sub = it.next().and_then(|s| s.parse().ok());
    Some((c, sub))
}

/// Re-read a Graph error with the Messenger Platform's meanings: Meta's Send API error table
/// (551 unavailable person, 10/2018278 outside the window, 230 no pages_messaging, ...) and the
/// Page-token fix for token errors. Errors Messenger gives no other meaning keep the Graph hint.
pub fn messenger_meaning(e: ApiError, token_name: &str) -> ApiError {
    let Some((code, sub)) = e.code.as_deref().and_then(parse_code) else {
        return e;
    };
    let window = e.message.to_ascii_lowercase().contains("allowed window");
    let rate = match &e.cause {
        Cause::RateLimited { retry_after } => Cause::RateLimited {
            retry_after: *retry_after,
        },
        _ => Cause::RateLimited { retry_after: None },
    };
    let (cause, hint): (Cause, String) = match (code, sub) {
        (551, _) | (200, Some(1545041)) => (
            Cause::Recipient,
            "this person cannot get messages from the Page right now (they blocked the Page, left Messenger, or are restricted): do not retry; test with the PSID of someone who wrote to the Page in the last 24 h".into(),
        ),
        (10, Some(2018278)) | (10, Some(2018065)) | (10, Some(2018108)) => (Cause::Recipient, window_hint()),
        (10, _) if window => (Cause::Recipient, window_hint()),
        (100, Some(2018001)) => (
            Cause::Recipient,
            "no matching user: a PSID belongs to one Page; take it from this Page's webhook event (`sender.id`) of someone who wrote to it".into(),
        ),
        (200, Some(2018028)) | (200, Some(2018027)) => (
            Cause::Permission,
            "the app may only message its own admins, developers and testers until pages_messaging passes App Review and the app is Live: test with a PSID of an app role, or finish App Review".into(),
        ),
        (190, Some(492)) => (
            Cause::Permission,
            "the token's user lost their role on the Page: restore the role (MESSAGE task) in the Page settings; a new token will not help".into(),
        ),
        (190, Some(463)) => (
            Cause::TokenExpired,
            format!("the Page token expired: {}", new_page_token_hint(token_name)),
        ),
        (190, _) | (102, _) | (104, _) => (
            Cause::TokenInvalid,
            format!(
                "the Page token is expired, revoked or invalid: {}",
                new_page_token_hint(token_name)
            ),
        ),
        (230, _) | (3, _) | (10, _) | (200..=299, _) => (
            Cause::Permission,
            format!(
                "the Page token lacks pages_messaging, or its user lacks the MESSAGE task on the Page: grant the task in the Page settings, or {}",
                new_page_token_hint(token_name)
            ),
        ),
        (4, _) | (17, _) | (32, _) | (613, _) | (80006, _) => (
            rate,
            "Messenger rate limit: stop sending (more calls extend the block) and wait until Meta lets the Page send again; then send one message".into(),
        ),
        (368, _) => (
            Cause::Policy,
            "the Page is restricted from messaging for policy reasons: look at Page quality in Meta Business Suite and escalate with the trace id; do not retry fast".into(),
        ),
        (1, _) | (2, _) => (
            Cause::Upstream,
            "temporary Meta-side send failure: retry in a minute and check `intops status meta`".into(),
        ),
        (100, Some(33)) | (803, _) => (
            Cause::NotFound,
            "the Page id does not exist or this token cannot see it: check META_PAGE_ID / FACEBOOK_PAGE_ID and that the token is this Page's".into(),
        ),
        _ => return e,
    };
    ApiError {
        cause,
        hint: Some(hint),
        ..e
    }
}

fn window_hint() -> String {
    "outside the standard messaging window (24 h after the person's last message to the Page): the person must write to the Page first, or send a non-promotional update with `--tag ACCOUNT_UPDATE` (or another message tag)".into()
}

#[cfg(test)]
mod tests {
    use super::super::VENDOR;
    use super::*;
    use crate::http::Resp;
    use crate::testutil::fixture;

    fn graph(name: &str) -> ApiError {
        let resp = Resp::fake(
            VENDOR,
            400,
            "https://graph.facebook.com/v25.0/1/messages",
            fixture(VENDOR, name),
        );
        messenger_meaning(
            super::super::classify(&resp, "META_PAGE_ACCESS_TOKEN"),
            "META_PAGE_ACCESS_TOKEN",
        )
    }

    #[test]
    fn documented_send_errors_get_messenger_meanings() {
        let e = graph("messenger_error_551.json");
        assert_eq!(e.cause, Cause::Recipient);
        assert_eq!(e.code.as_deref(), Some("551/1545041"));
        assert!(e.hint.unwrap().contains("do not retry"));
        let e = graph("messenger_error_window.json");
        assert_eq!(e.cause, Cause::Recipient);
        assert!(e.hint.unwrap().contains("--tag"));
        let e = graph("messenger_error_token_expired.json");
        assert_eq!(e.cause, Cause::TokenExpired);
        assert!(e.hint.unwrap().contains("META_PAGE_ACCESS_TOKEN"));
    }

    #[test]
    fn permission_and_rate_limits_and_unknown_codes() {
        let e = |code: &str, msg: &str, cause: Cause| {
            messenger_meaning(
                ApiError::new(VENDOR, cause, msg).code(code),
                "FACEBOOK_PAGE_ACCESS_TOKEN",
            )
        };
        let p = e(
            "230",
            "(#230) Requires pages_messaging permission",
            Cause::Permission,
        );
        assert_eq!(p.cause, Cause::Permission);
        assert!(p.hint.unwrap().contains("FACEBOOK_PAGE_ACCESS_TOKEN"));
        let w = e(
            "10",
            "(#10) This message is sent outside of allowed window.",
            Cause::Permission,
        );
        assert_eq!(w.cause, Cause::Recipient);
        let r = e(
            "613",
            "Calls to this API have exceeded the rate limit.",
            Cause::RateLimited {
                retry_after: Some(std::time::Duration::from_secs(60)),
            },
        );
        assert_eq!(
            r.cause,
            Cause::RateLimited {
                retry_after: Some(std::time::Duration::from_secs(60))
            }
        );
        let other = e("131000", "x", Cause::Upstream);
        assert_eq!(other.cause, Cause::Upstream);
        assert!(other.hint.is_none(), "unknown codes keep Graph's reading");
    }

    #[test]
    fn body_is_the_documented_send_api_shape() {
        let b = send_body("123", "hi", &MessagingType::Response);
        assert_eq!(
            b,
            json!({"recipient":{"id":"123"},"messaging_type":"RESPONSE","message":{"text":"hi"}})
        );
        let b = send_body(
            "123",
            "hi",
            &MessagingType::MessageTag("ACCOUNT_UPDATE".into()),
        );
        assert_eq!(b["messaging_type"], "MESSAGE_TAG");
        assert_eq!(b["tag"], "ACCOUNT_UPDATE");
        let s: Sent =
            serde_json::from_str(&fixture(VENDOR, "messenger_send_success.json")).unwrap();
        assert!(s.message_id.unwrap().starts_with("m_"));
    }
}
