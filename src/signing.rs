//! Webhook signatures for Meta (`X-Hub-Signature-256: sha256=<hex>`) and Calendly
//! (`Calendly-Webhook-Signature: t=<unix>,v1=<hex>` over `t + "." + body`). Both are HMAC-SHA256 over
//! the raw body bytes, never a re-serialised JSON; comparisons are constant time.

use crate::providers::meta::hmac_hex;

pub const META_HEADER: &str = "X-Hub-Signature-256";
pub const CALENDLY_HEADER: &str = "Calendly-Webhook-Signature";
/// Calendly replay tolerance (hookdeck's value; Calendly's own is UNCONFIRMED).
pub const CALENDLY_TOLERANCE_SECS: i64 = 180;

/// Why a signature does not check out. Each text names what to look at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigError {
    #[error("malformed signature header: {0}")]
    Malformed(String),
    #[error(
        "signature does not match: wrong secret, or the body is not byte-for-byte what was signed"
    )]
    Mismatch,
    #[error(
        "timestamp is {age} s old (tolerance {tolerance} s): a replayed delivery or a wrong clock"
    )]
    Stale { age: i64, tolerance: i64 },
    #[error(
        "timestamp is {ahead} s in the future (tolerance {tolerance} s): a wrong clock on one side"
    )]
    Future { ahead: i64, tolerance: i64 },
}

/// Compare without an early exit, so timing does not reveal how much of a guess was right.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `X-Hub-Signature-256` value: `sha256=<hex>` keyed with the app secret.
pub fn meta_sign(app_secret: &[u8], body: &[u8]) -> String {
    format!("sha256={}", hmac_hex(app_secret, body))
}

/// Drop a leading `Header-Name:` if the user pasted the whole header line.
fn header_value<'a>(header: &'a str, name: &str) -> &'a str {
    let h = header.trim();
    match h.split_once(':') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case(name) => v.trim(),
        _ => h,
    }
}

fn parse_hex_sig(hex_part: &str) -> Result<String, SigError> {
    parse_hex_len(hex_part, 64)
}

fn parse_hex_len(hex_part: &str, len: usize) -> Result<String, SigError> {
    let hex_part = hex_part.trim().to_ascii_lowercase();
    if hex_part.len() != len || !hex_part.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(SigError::Malformed(format!(
            "expected {len} hex characters after the prefix, got {} characters",
            hex_part.len()
        )));
    }
    Ok(hex_part)
}

/// lowercase hex HMAC-SHA1, for Meta's legacy `X-Hub-Signature` header.
fn hmac_sha1_hex(key: &[u8], message: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Which bytes a Meta signature matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaMatch {
    /// The raw body, as Meta documents today.
    Raw,
    /// The body with non-ASCII characters as `\uXXXX` escapes, as older Meta docs describe
    /// (whether that still applies to sha256 is UNCONFIRMED, so both are accepted).
    EscapedUnicode,
    /// The legacy `X-Hub-Signature: sha1=…` over the raw body (Meta may still send it).
    LegacySha1,
}

/// The body with every non-ASCII character written as a lowercase `\uXXXX` escape (UTF-16
/// surrogate pairs above U+FFFF). `None` when that changes nothing or the body is not UTF-8.
pub fn escape_unicode(body: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    if text.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        if ch.is_ascii() {
            out.push(ch);
        } else {
            let mut units = [0u16; 2];
            for u in ch.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    Some(out.into_bytes())
}

/// Check an `X-Hub-Signature-256` header against the raw body, then its escaped-unicode form.
pub fn meta_check(app_secret: &[u8], body: &[u8], header: &str) -> Result<MetaMatch, SigError> {
    let v = header_value(header, META_HEADER);
    let v = header_value(v, "X-Hub-Signature");
    if let Some(hex_part) = v.strip_prefix("sha1=") {
        let given = parse_hex_len(hex_part, 40).map_err(|e| match e {
            SigError::Malformed(m) => {
                SigError::Malformed(format!("legacy X-Hub-Signature (sha1=…): {m}"))
            }
            other => other,
        })?;
        return if ct_eq(given.as_bytes(), hmac_sha1_hex(app_secret, body).as_bytes()) {
            Ok(MetaMatch::LegacySha1)
        } else {
            Err(SigError::Mismatch)
        };
    }
    let Some(hex_part) = v.strip_prefix("sha256=") else {
        return Err(SigError::Malformed(
            "expected sha256=<64 hex characters>".into(),
        ));
    };
    let given = parse_hex_sig(hex_part)?;
    if ct_eq(given.as_bytes(), hmac_hex(app_secret, body).as_bytes()) {
        return Ok(MetaMatch::Raw);
    }
    match escape_unicode(body) {
        Some(esc) if ct_eq(given.as_bytes(), hmac_hex(app_secret, &esc).as_bytes()) => {
            Ok(MetaMatch::EscapedUnicode)
        }
        _ => Err(SigError::Mismatch),
    }
}

/// The `Calendly-Webhook-Signature` value for a body signed at `t`.
pub fn calendly_sign(signing_key: &[u8], t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", calendly_hex(signing_key, t, body))
}

fn calendly_hex(signing_key: &[u8], t: i64, body: &[u8]) -> String {
    let mut msg = format!("{t}.").into_bytes();
    msg.extend_from_slice(body);
    hmac_hex(signing_key, &msg)
}

/// `t` and `v1` of a Calendly header (split on `,` then `=`).
pub fn calendly_parse(header: &str) -> Result<(i64, String), SigError> {
    let v = header_value(header, CALENDLY_HEADER);
    let mut t = None;
    let mut v1 = None;
    for part in v.split(',') {
        let Some((k, val)) = part.split_once('=') else {
            return Err(SigError::Malformed(format!(
                "expected t=<unix seconds>,v1=<hex>, found {:?}",
                part.trim()
            )));
        };
        match k.trim() {
            "t" => {
                t = Some(val.trim().parse::<i64>().map_err(|_| {
                    SigError::Malformed(format!("t={:?} is not Unix seconds", val.trim()))
                })?)
            }
            "v1" => v1 = Some(parse_hex_sig(val)?),
            _ => {}
        }
    }
    match (t, v1) {
        (Some(t), Some(v1)) => Ok((t, v1)),
        (None, _) => Err(SigError::Malformed(
            "no t=<unix seconds> part (expected t=…,v1=…)".into(),
        )),
        (_, None) => Err(SigError::Malformed(
            "no v1=<hex> part (expected t=…,v1=…)".into(),
        )),
    }
}

/// Check a Calendly header: the HMAC first (a wrong key is the bigger news), then the age.
/// Returns the timestamp's age in seconds.
pub fn calendly_check(
    signing_key: &[u8],
    body: &[u8],
    header: &str,
    now: i64,
    tolerance: i64,
) -> Result<i64, SigError> {
    let (t, given) = calendly_parse(header)?;
    let expected = calendly_hex(signing_key, t, body);
    if !ct_eq(given.as_bytes(), expected.as_bytes()) {
        return Err(SigError::Mismatch);
    }
    let age = now - t;
    if age > tolerance {
        return Err(SigError::Stale { age, tolerance });
    }
    if -age > tolerance {
        return Err(SigError::Future {
            ahead: -age,
            tolerance,
        });
    }
    Ok(age)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WA_BODY: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"0","changes":[{"field":"messages","value":{"messaging_product":"whatsapp"}}]}]}"#;
    const LEAD_BODY: &str = r#"{"object":"page","entry":[{"id":"123","time":1440120384,"changes":[{"field":"leadgen","value":{"leadgen_id":"444","page_id":"123","form_id":"555","created_time":1440120384}}]}]}"#;

    #[test]
    fn meta_vectors_from_vendor_notes() {
        // GitHub's published vector (same header format and algorithm).
        assert_eq!(
            meta_sign(b"It's a Secret to Everybody", b"Hello, World!"),
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
        assert_eq!(WA_BODY.len(), 133);
        assert_eq!(
            meta_sign(b"test_app_secret", WA_BODY.as_bytes()),
            "sha256=86fcae1b61c782030bd13c83761906803bcf35a0a0594febf0d7dac619a941c2"
        );
        assert_eq!(
            meta_sign(b"test_app_secret", format!("{WA_BODY}\n").as_bytes()),
            "sha256=baa773f225d4cfccc074094738fbe651d1631b1ff9841289e4a6b08280cdcea4"
        );
        assert_eq!(
            meta_sign(b"test_app_secret", LEAD_BODY.as_bytes()),
            "sha256=0fe0d3c4ae9ec02c318f454316e4ddb0d3cf67a6fff7ac1e6588df123d92ad8a"
        );
    }

    #[test]
    fn meta_check_accepts_value_or_whole_header_and_rejects_the_rest() {
        let good = "sha256=86fcae1b61c782030bd13c83761906803bcf35a0a0594febf0d7dac619a941c2";
        assert_eq!(
            meta_check(b"test_app_secret", WA_BODY.as_bytes(), good),
            Ok(MetaMatch::Raw)
        );
        assert_eq!(
            meta_check(
                b"test_app_secret",
                WA_BODY.as_bytes(),
                &format!(
                    "X-Hub-Signature-256: {}",
                    good.to_uppercase().replace("SHA256=", "sha256=")
                )
            ),
            Ok(MetaMatch::Raw)
        );
        // The trailing-newline body is the documented negative vector.
        assert_eq!(
            meta_check(b"test_app_secret", format!("{WA_BODY}\n").as_bytes(), good),
            Err(SigError::Mismatch)
        );
        assert_eq!(
            meta_check(b"wrong", WA_BODY.as_bytes(), good),
            Err(SigError::Mismatch)
        );
        assert!(matches!(
            meta_check(b"k", b"x", "sha1=abc"),
            Err(SigError::Malformed(m)) if m.contains("40 hex")
        ));
        assert!(matches!(
            meta_check(b"k", b"x", "sha256=zz"),
            Err(SigError::Malformed(_))
        ));
        assert!(matches!(
            meta_check(b"k", b"x", "86fc"),
            Err(SigError::Malformed(_))
        ));
    }

    #[test]
    fn legacy_sha1_header_is_verified() {
        // printf '%s' BODY | openssl dgst -sha1 -hmac test_app_secret (docs/vendors/meta.md §9)
        let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"0","changes":[{"field":"messages","value":{"messaging_product":"whatsapp"}}]}]}"#;
        let header = "X-Hub-Signature: sha1=e27c04888c48fb425d350a726a9b35660ef9c804";
        assert_eq!(
            meta_check(b"test_app_secret", body, header),
            Ok(MetaMatch::LegacySha1)
        );
        assert_eq!(meta_check(b"wrong", body, header), Err(SigError::Mismatch));
    }

    #[test]
    fn meta_check_accepts_the_escaped_unicode_reading() {
        let body = "{\"text\":\"Olá, café 😀\"}";
        assert_eq!(
            escape_unicode(body.as_bytes()).unwrap(),
            br#"{"text":"Ol\u00e1, caf\u00e9 \ud83d\ude00"}"#.to_vec()
        );
        assert_eq!(escape_unicode(b"{}"), None);
        // Both computed with printf '%s' BODY | openssl dgst -sha256 -hmac test_app_secret.
        let raw = "sha256=8d5ed9fd8f005269886e023716e0ea072ec686392aaccea47607fa0fb4ac9b5f";
        let escaped = "sha256=80fc2a5b9f12c907a2320f94bff89467155018ff9109995b46470f707fb4c7fb";
        assert_eq!(meta_sign(b"test_app_secret", body.as_bytes()), raw);
        assert_eq!(
            meta_check(b"test_app_secret", body.as_bytes(), raw),
            Ok(MetaMatch::Raw)
        );
        assert_eq!(
            meta_check(b"test_app_secret", body.as_bytes(), escaped),
            Ok(MetaMatch::EscapedUnicode)
        );
        assert_eq!(
            meta_check(b"other", body.as_bytes(), escaped),
            Err(SigError::Mismatch)
        );
    }

    // Computed with: printf '%s' '1700000000.{"event":"invitee.created"}' |
    //   openssl dgst -sha256 -hmac 'calendly_test_key'
    const CAL_BODY: &str = r#"{"event":"invitee.created"}"#;
    const CAL_V1: &str = "7aaa3a6e6154ae400ac320932c468890403afc1f4bf0fe5d65eb4c2f2eda6070";

    #[test]
    fn calendly_vector_cross_checked_with_openssl() {
        assert_eq!(
            calendly_sign(b"calendly_test_key", 1_700_000_000, CAL_BODY.as_bytes()),
            format!("t=1700000000,v1={CAL_V1}")
        );
    }

    #[test]
    fn calendly_check_judges_signature_then_age() {
        let h = format!("t=1700000000,v1={CAL_V1}");
        let key = b"calendly_test_key";
        let body = CAL_BODY.as_bytes();
        assert_eq!(calendly_check(key, body, &h, 1_700_000_100, 180), Ok(100));
        assert_eq!(
            calendly_check(
                key,
                body,
                &format!("Calendly-Webhook-Signature: {h}"),
                1_700_000_000,
                180
            ),
            Ok(0)
        );
        assert_eq!(
            calendly_check(key, body, &h, 1_700_000_600, 180),
            Err(SigError::Stale {
                age: 600,
                tolerance: 180
            })
        );
        assert_eq!(
            calendly_check(key, body, &h, 1_699_999_000, 180),
            Err(SigError::Future {
                ahead: 1000,
                tolerance: 180
            })
        );
        assert_eq!(
            calendly_check(b"other", body, &h, 1_700_000_000, 180),
            Err(SigError::Mismatch)
        );
        assert_eq!(
            calendly_check(key, b"{}", &h, 1_700_000_000, 180),
            Err(SigError::Mismatch)
        );
        for bad in ["", "v1=abc", "t=x,v1=00", "t=1", "garbage"] {
            assert!(
                matches!(
                    calendly_check(key, body, bad, 0, 180),
                    Err(SigError::Malformed(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn ct_eq_compares_whole_slices() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
