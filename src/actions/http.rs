//! `kind = "http"`: one request through the shared client (timeouts, redacted trace), secrets
//! expanded from `${NAME}` only now, at run time.

use super::{expand, Outcome};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::Req;
use std::collections::BTreeMap;
use std::time::Duration;

pub async fn run(
    ctx: &Context,
    method: &str,
    url: &str,
    headers: &BTreeMap<String, String>,
    body: Option<&str>,
    timeout: Duration,
) -> Result<Outcome> {
    let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes())
        .map_err(|_| Error::config(format!("{method:?} is not an HTTP method")))?;
    let url = expand(ctx, url)?;
    let url = url::Url::parse(&url)
        .map_err(|e| Error::config(format!("action url {}: {e}", crate::redact::redact(&url))))?;
    let mut req = Req::new("action", method, url).timeout(timeout).no_retry();
    let mut has_type = false;
    for (k, v) in headers {
        has_type |= k.eq_ignore_ascii_case("content-type");
        req = req.header(k, expand(ctx, v)?);
    }
    if let Some(b) = body {
        let b = expand(ctx, b)?;
        let ctype = if has_type {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        } else if serde_json::from_str::<serde_json::Value>(&b).is_ok() {
            "application/json".into()
        } else {
            "text/plain".into()
        };
        req = req.raw(&ctype, b.into_bytes());
    }
    let resp = match ctx.http.send(req).await {
        Ok(r) => r,
        Err(e) => return Ok(Outcome::failed(e.line(), "")),
    };
    let text = resp.text();
    Ok(if resp.is_success() {
        Outcome::ok(format!("HTTP {}", resp.status), text)
    } else {
        Outcome::failed(format!("HTTP {}: {}", resp.status, resp.body_hint()), text)
    })
}
