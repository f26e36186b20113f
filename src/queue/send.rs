//! Where a drained item goes: the WhatsApp Cloud API (`POST /{phone-number-id}/messages`), or the
//! application's own endpoint (`--via`, the runbook's `/admin/messages/process-queue`).
//!
//! Every request is sent with `no_retry`: the drain owns retries, so each attempt is counted
//! against `--max-attempts`, a rate-limit answer pauses every sender (not only the one that
//! hit it), and a retry waits without holding up the other items in flight.

use super::item::Item;
use crate::error::{ApiError, Cause};
use crate::http::{HttpClient, Req};
use crate::providers::meta::{Meta, SendResult};
use reqwest::Method;
use url::Url;

pub const APP_VENDOR: &str = "app";

#[derive(Clone)]
pub enum Sender {
    Meta { client: Meta, phone_id: String },
    Via { http: HttpClient, url: Url },
}

impl Sender {
    fn request(&self, item: &Item, raw: &[u8]) -> Result<Req, ApiError> {
        Ok(match self {
            Sender::Meta { client, phone_id } => client
                .request(Method::POST, &format!("/{phone_id}/messages"))?
                .json(item.message.clone()),
            Sender::Via { url, .. } => {
                let mut r = Req::post(APP_VENDOR, url.clone())
                    // A parsed item is UTF-8: this is lossless.
                    .raw(
                        "application/json",
                        String::from_utf8_lossy(raw).into_owned(),
                    );
                if let Some(id) = &item.id {
                    r = r.header("Idempotency-Key", id.clone());
                }
                r
            }
        }
        .no_retry())
    }

    /// What `--dry-run` shows for one item (redacted).
    pub fn describe(&self, item: &Item, raw: &[u8]) -> String {
        match self.request(item, raw) {
            Ok(r) => r.describe(),
            Err(e) => e.line(),
        }
    }

    pub fn target(&self) -> String {
        match self {
            Sender::Meta { phone_id, .. } => {
                format!("WhatsApp Cloud API, phone number id {phone_id}")
            }
            Sender::Via { url, .. } => format!("the application at {}", url.as_str()),
        }
    }

    /// One attempt. `Ok` means the receiver accepted the message.
    pub async fn send(&self, item: &Item, raw: &[u8]) -> Result<(), ApiError> {
        let req = self.request(item, raw)?;
        match self {
            Sender::Meta { client, .. } => {
                let resp = client.call(req).await?;
                let _: SendResult = resp.json()?;
                Ok(())
            }
            Sender::Via { http, .. } => {
                let resp = http.send(req).await?;
                classify_app(&resp)
            }
        }
    }
}

/// The application's answer: any 2xx is accepted; the rest classified by HTTP status, since the
/// endpoint is ours and has no documented error envelope.
pub fn classify_app(resp: &crate::http::Resp) -> Result<(), ApiError> {
    let s = resp.status;
    if resp.is_success() {
        return Ok(());
    }
    let what = format!("HTTP {s} from {}: {}", resp.url.path(), resp.body_hint());
    let e = match s {
        429 => ApiError::new(
            APP_VENDOR,
            Cause::RateLimited {
                retry_after: crate::http::retry_after(&resp.headers),
            },
            what,
        )
        .hint("the application is throttling: lower --rate"),
        401 | 403 => ApiError::new(APP_VENDOR, Cause::Permission, what)
            .hint("the application refused the call: the admin endpoint may need auth from inside the network"),
        404 | 405 => ApiError::new(APP_VENDOR, Cause::NotFound, what)
            .hint("check the --via URL: the runbook's endpoint is /admin/messages/process-queue"),
        s if s >= 500 => ApiError::new(APP_VENDOR, Cause::Upstream, what)
            .hint("the application failed: check its logs; failed items are retried, then dead-lettered"),
        _ => ApiError::new(APP_VENDOR, Cause::BadRequest, what)
            .hint("the application rejected this item: see the dead-letter entry"),
    };
    Err(e.http(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Resp;
    use std::time::Duration;

    fn resp(status: u16, headers: &[(&'static str, &'static str)], body: &'static str) -> Resp {
        let url = "http://app.test/admin/messages/process-queue";
        headers
            .iter()
            .fold(Resp::fake(APP_VENDOR, status, url, body), |r, (k, v)| {
                r.with_header(k, v)
            })
    }

    #[test]
    fn application_answers_are_classified_by_status() {
        assert!(classify_app(&resp(202, &[], "")).is_ok());
        let e = classify_app(&resp(429, &[("retry-after", "4")], "slow down")).unwrap_err();
        assert_eq!(
            e.cause,
            Cause::RateLimited {
                retry_after: Some(Duration::from_secs(4))
            }
        );
        assert_eq!(
            classify_app(&resp(503, &[], "")).unwrap_err().cause,
            Cause::Upstream
        );
        assert_eq!(
            classify_app(&resp(404, &[], "")).unwrap_err().cause,
            Cause::NotFound
        );
        assert_eq!(
            classify_app(&resp(403, &[], "")).unwrap_err().cause,
            Cause::Permission
        );
        let e = classify_app(&resp(422, &[], "{\"error\":\"bad item\"}")).unwrap_err();
        assert_eq!(e.cause, Cause::BadRequest);
        assert!(e.message.contains("bad item"), "{}", e.message);
        assert_eq!(e.http_status, Some(422));
    }
}
