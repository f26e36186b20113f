//! Webhook signatures as the faked callback checks them, written from the vendors' documents and
//! nothing else (a fake never shares code with what it fakes):
//! - Meta: `X-Hub-Signature-256: sha256=<hex>`, hex = HMAC-SHA256(key = app secret, message = raw
//!   body) (https://developers.facebook.com/docs/graph-api/webhooks/getting-started).
//! - Calendly: `Calendly-Webhook-Signature: t=<unix>,v1=<hex>`, hex = HMAC-SHA256(key = signing key,
//!   message = `t + "." + raw body`); a delivery older or newer than 180 s is a replay
//!   (https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures).

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const META_HEADER: &str = "x-hub-signature-256";
pub const CALENDLY_HEADER: &str = "calendly-webhook-signature";
pub const CALENDLY_TOLERANCE_SECS: i64 = 180;

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac
}

/// `Mac::verify_slice` compares in constant time.
fn verify_hex(mac: Hmac<Sha256>, hex_sig: &str) -> Result<(), String> {
    let sig = hex::decode(hex_sig.trim()).map_err(|_| "signature is not hex".to_string())?;
    mac.verify_slice(&sig)
        .map_err(|_| "signature does not match".to_string())
}

/// Check Meta's `sha256=<hex>` header over the raw body.
pub fn meta_verify(app_secret: &[u8], body: &[u8], header: &str) -> Result<(), String> {
    let hex_sig = header
        .trim()
        .strip_prefix("sha256=")
        .ok_or_else(|| format!("{META_HEADER} does not start with sha256="))?;
    verify_hex(hmac_sha256(app_secret, &[body]), hex_sig)
}

/// Check Calendly's `t=…,v1=…` header over `t.body`, `now` in unix seconds.
pub fn calendly_verify(key: &[u8], body: &[u8], header: &str, now: i64) -> Result<(), String> {
    let (mut t, mut v1) = (None, None);
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = Some(v.trim()),
            Some(("v1", v)) => v1 = Some(v.trim()),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return Err(format!("{CALENDLY_HEADER} needs t= and v1="));
    };
    let ts: i64 = t.parse().map_err(|_| "t= is not a unix time".to_string())?;
    if (now - ts).abs() > CALENDLY_TOLERANCE_SECS {
        return Err(format!(
            "timestamp is {} s away from now (tolerance {CALENDLY_TOLERANCE_SECS} s)",
            now - ts
        ));
    }
    verify_hex(hmac_sha256(key, &[t.as_bytes(), b".", body]), v1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vectors published with Meta's webhook documentation and the HMAC examples quoted there.
    #[test]
    fn meta_published_vectors() {
        assert!(meta_verify(
            b"It's a Secret to Everybody",
            b"Hello, World!",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        )
        .is_ok());
        let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"0","changes":[{"field":"messages","value":{"messaging_product":"whatsapp"}}]}]}"#;
        let sig = "sha256=86fcae1b61c782030bd13c83761906803bcf35a0a0594febf0d7dac619a941c2";
        assert!(meta_verify(b"test_app_secret", body, sig).is_ok());
        let mut with_newline = body.to_vec();
        with_newline.push(b'\n');
        assert!(meta_verify(b"test_app_secret", &with_newline, sig).is_err());
        assert!(meta_verify(b"test_app_secret", body, &sig[7..]).is_err());
    }

    #[test]
    fn calendly_signs_timestamp_dot_body_and_refuses_replays() {
        let key = b"sandbox-calendly-signing-key";
        let body = br#"{"event":"invitee.created"}"#;
        let t = 1_700_000_000;
        let mac = hmac_sha256(key, &[t.to_string().as_bytes(), b".", body]);
        let header = format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()));
        assert!(calendly_verify(key, body, &header, t + 180).is_ok());
        assert!(calendly_verify(key, body, &header, t + 181).is_err());
        assert!(calendly_verify(b"other", body, &header, t).is_err());
        assert!(calendly_verify(key, b"{}", &header, t).is_err());
    }
}
