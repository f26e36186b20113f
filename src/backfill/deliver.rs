//! Post one rebuilt event to our callback, signed as the vendor signs it: Meta's
//! `X-Hub-Signature-256` with the app secret, Calendly's `Calendly-Webhook-Signature`
//! (`t=…,v1=…`, signed now) with the signing key. Vendors redeliver the same event themselves and
//! receivers must take duplicates, so the post is retried like an idempotent call: 429, 5xx and
//! dropped connections, with backoff, within the HTTP client's time budget.

use super::Pending;
use crate::error::{ApiError, Cause};
use crate::http::{HttpClient, Req};
use crate::secrets::Secret;
use crate::signing;
use url::Url;

/// Which signature the callback expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signer {
    Meta,
    Calendly,
}

impl Signer {
    pub fn header(self) -> &'static str {
        match self {
            Signer::Meta => signing::META_HEADER,
            Signer::Calendly => signing::CALENDLY_HEADER,
        }
    }
    pub fn secret_name(self) -> &'static str {
        match self {
            Signer::Meta => "META_APP_SECRET",
            Signer::Calendly => "CALENDLY_SIGNING_KEY",
        }
    }
}

/// Post `p` to `target`; `Ok(status)` when the callback took it (2xx), otherwise an error that
/// says what the callback answered.
pub async fn deliver(
    http: &HttpClient,
    target: &Url,
    signer: Signer,
    secret: &Secret,
    now: i64,
    p: &Pending,
) -> Result<u16, ApiError> {
    let key = secret.expose().as_bytes();
    let sig = match signer {
        Signer::Meta => signing::meta_sign(key, &p.body),
        Signer::Calendly => signing::calendly_sign(key, now, &p.body),
    };
    let req = Req::post("callback", target.clone())
        .raw("application/json", p.body.clone())
        .header(signer.header(), sig)
        .idempotent(true);
    let resp = http.send(req).await?;
    if resp.is_success() {
        return Ok(resp.status);
    }
    let tries = if resp.attempts > 1 {
        format!(" after {} attempts", resp.attempts)
    } else {
        String::new()
    };
    let e = ApiError::new(
        "callback",
        Cause::Upstream,
        format!(
            "the callback answered HTTP {} with {}{tries}",
            resp.status,
            resp.body_hint()
        ),
    )
    .http(resp.status);
    Err(if resp.status == 401 || resp.status == 403 {
        e.hint(format!(
            "the callback rejected the signature: the service verifies with another key than {}; make them the same and run the backfill again",
            signer.secret_name()
        ))
    } else {
        e.hint("check the service's logs; run the backfill again later: what was delivered is in the ledger and is not sent again")
    })
}
