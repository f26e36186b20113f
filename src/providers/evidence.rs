//! Reading a vendor's answer as evidence. A 2xx answer that lacks what the verdict needs (`{}`,
//! nulls, wrong types, an array for an object, non-JSON, invalid UTF-8, truncated JSON) is not
//! "ok": it is a `Malformed` error (status unknown) whose one line says what was missing from
//! which vendor. A 5xx is the vendor's fault whatever its body (HTML, plain text or nothing).

use crate::error::{ApiError, Cause};
use crate::http::Resp;
use serde::de::DeserializeOwned;

const UNREADABLE_HINT: &str = "intops cannot judge this answer: retry with `-v` to see it; if it persists, a proxy is rewriting answers or the vendor changed its API (check its status page)";

/// Parse a successful answer as `T`, the shape the verdict needs. `what` names it for the
/// engineer ("the conversation list", "phone number 1234").
pub fn read<T: DeserializeOwned>(resp: &Resp, what: &str) -> Result<T, ApiError> {
    if resp.is_html() {
        return Err(resp.malformed("HTML instead of JSON"));
    }
    if let Err(e) = std::str::from_utf8(&resp.body) {
        return Err(unreadable(
            resp,
            what,
            &format!(
                "a body that is not UTF-8 (invalid byte at {})",
                e.valid_up_to()
            ),
        ));
    }
    serde_json::from_slice(&resp.body).map_err(|e| {
        let why = if resp.body.iter().all(u8::is_ascii_whitespace) {
            "an empty body".to_string()
        } else if e.is_eof() {
            format!("truncated JSON ({e})")
        } else if e.is_syntax() {
            format!("a body that is not JSON ({e}): {}", resp.body_hint())
        } else {
            // Data errors: missing field, null, wrong type, array for object.
            e.to_string()
        };
        unreadable(resp, what, &why)
    })
}

/// A 2xx answer that parsed but lacks `field`.
pub fn missing(resp: &Resp, what: &str, field: &str) -> ApiError {
    unreadable(resp, what, &format!("no `{field}`"))
}

fn unreadable(resp: &Resp, what: &str, why: &str) -> ApiError {
    ApiError::new(
        resp.vendor,
        Cause::Malformed,
        format!(
            "{} answered HTTP {} to {} without {what}: {why}",
            resp.vendor,
            resp.status,
            resp.url.path()
        ),
    )
    .http(resp.status)
    .hint(UNREADABLE_HINT)
}

/// A 5xx without the vendor's error object: an upstream failure (crit), HTML page or not.
pub fn server_error(resp: &Resp) -> ApiError {
    ApiError::new(
        resp.vendor,
        Cause::Upstream,
        format!("HTTP {} with {}", resp.status, resp.body_hint()),
    )
    .http(resp.status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Status;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        conversations: Vec<u32>,
        has_more: bool,
    }

    fn resp(body: &[u8]) -> Resp {
        Resp::fake(
            "elevenlabs",
            200,
            "https://api.elevenlabs.io/v1/convai/conversations",
            body,
        )
    }

    fn line(body: &[u8]) -> String {
        let e = read::<Page>(&resp(body), "the conversation list").unwrap_err();
        assert_eq!(e.status(), Status::Unknown, "{}", e.line());
        e.line()
    }

    #[test]
    fn every_unreadable_2xx_is_unknown_naming_vendor_and_what() {
        let l = line(b"{}");
        assert!(
            l.contains("elevenlabs answered HTTP 200 to /v1/convai/conversations without the conversation list: missing field `conversations`"),
            "{l}"
        );
        assert!(line(br#"{"conversations":null,"has_more":false}"#).contains("null"));
        assert!(line(br#"{"conversations":"x","has_more":false}"#).contains("invalid type"));
        assert!(line(b"[]").contains("expected struct Page"));
        assert!(line(b"ok").contains("not JSON"));
        assert!(line(b"").contains("an empty body"));
        assert!(line(b"{\"conversations\":[1,2").contains("truncated JSON"));
        assert!(line(b"{\"conversations\":[],\"x\":\"\xff\xfe\"}").contains("not UTF-8"));
    }

    #[test]
    fn a_readable_answer_is_read() {
        let p: Page = read(
            &resp(br#"{"conversations":[1],"has_more":false}"#),
            "the list",
        )
        .unwrap();
        assert_eq!(p.conversations, vec![1]);
    }

    #[test]
    fn a_5xx_is_upstream_whatever_the_body() {
        let plain = Resp::fake(
            "meta",
            503,
            "https://graph.facebook.com/v25.0/me",
            "upstream connect error",
        )
        .with_header("content-type", "text/plain");
        let html = Resp::fake(
            "meta",
            503,
            "https://graph.facebook.com/v25.0/me",
            "<html><title>Down</title></html>",
        )
        .with_header("content-type", "text/html");
        assert_eq!(server_error(&plain).cause, Cause::Upstream);
        assert_eq!(server_error(&html).cause, Cause::Upstream);
        assert_eq!(server_error(&plain).status(), server_error(&html).status());
    }
}
