//! Redaction of secrets from everything intops prints. Every secret value that is resolved is
//! registered here, and every output path (renderers, errors, `-v` traces) passes through
//! [`redact`], so a value that slips into a message is still masked.

use std::sync::{Mutex, OnceLock};

fn registry() -> &'static Mutex<Vec<String>> {
    static R: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    R.get_or_init(|| Mutex::new(Vec::new()))
}

/// Remember a secret value so that it is masked wherever it appears. Very short values are not
/// registered: masking every "1" in the output would make it unreadable and protects nothing.
pub fn register(value: &str) {
    let v = value.trim();
    if v.len() < 6 {
        return;
    }
    let mut r = registry().lock().unwrap_or_else(|e| e.into_inner());
    if !r.iter().any(|s| s == v) {
        r.push(v.to_string());
        // Longest first so that a secret containing another is masked whole.
        r.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// Query parameters, form fields and JSON keys whose values are always secret.
const SECRET_KEYS: &[&str] = &[
    "access_token",
    "input_token",
    "appsecret_proof",
    "client_secret",
    "refresh_token",
    "verify_token",
    "hub.verify_token",
    "xi_api_key",
    "signing_key",
    "password",
];

/// Mask registered secrets, `key=value` pairs and `"key":"value"` JSON members of secret keys,
/// and the credentials of `Authorization`-like headers.
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    {
        let r = registry().lock().unwrap_or_else(|e| e.into_inner());
        for s in r.iter() {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), "***");
            }
            // Secrets also travel URL-encoded (app tokens contain `|`).
            let enc: String = url::form_urlencoded::byte_serialize(s.as_bytes()).collect();
            if enc != *s && out.contains(enc.as_str()) {
                out = out.replace(enc.as_str(), "***");
            }
        }
    }
    for key in SECRET_KEYS {
        out = mask_after(&out, &format!("{key}="), |c| {
            c == '&' || c == ' ' || c == '"' || c == '\n' || c == '\''
        });
        out = mask_json_member(&out, key);
    }
    for header in [
        "authorization:",
        "xi-api-key:",
        "rets-ua-authorization:",
        "cookie:",
        "set-cookie:",
    ] {
        out = mask_header(&out, header);
    }
    out
}

fn mask_after(text: &str, needle: &str, stop: impl Fn(char) -> bool) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(pos) = lower[i..].find(needle) {
        let start = i + pos;
        // Only a whole key: `xaccess_token=` is not `access_token=`.
        let boundary =
            start == 0 || !text[..start].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        let vstart = start + needle.len();
        out.push_str(&text[i..vstart]);
        let vlen = text[vstart..].find(&stop).unwrap_or(text.len() - vstart);
        if boundary && vlen > 0 && &text[vstart..vstart + vlen] != "***" {
            out.push_str("***");
        } else {
            out.push_str(&text[vstart..vstart + vlen]);
        }
        i = vstart + vlen;
    }
    out.push_str(&text[i..]);
    out
}

fn mask_json_member(text: &str, key: &str) -> String {
    let needle = format!("\"{key}\":");
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(pos) = text[i..].find(&needle) {
        let vstart = i + pos + needle.len();
        out.push_str(&text[i..vstart]);
        let rest = &text[vstart..];
        let trimmed = rest.trim_start();
        let ws = rest.len() - trimmed.len();
        if let Some(inner) = trimmed.strip_prefix('"') {
            // Find the closing quote, honouring escapes.
            let mut end = None;
            let mut esc = false;
            for (j, c) in inner.char_indices() {
                if esc {
                    esc = false;
                } else if c == '\\' {
                    esc = true;
                } else if c == '"' {
                    end = Some(j);
                    break;
                }
            }
            match end {
                Some(j) => {
                    out.push_str(&rest[..ws]);
                    out.push_str("\"***\"");
                    i = vstart + ws + 1 + j + 1;
                }
                None => {
                    i = vstart;
                }
            }
        } else {
            i = vstart;
        }
    }
    out.push_str(&text[i..]);
    out
}

fn mask_header(text: &str, header: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(pos) = lower[i..].find(header) {
        let vstart = i + pos + header.len();
        out.push_str(&text[i..vstart]);
        let vlen = text[vstart..].find('\n').unwrap_or(text.len() - vstart);
        let value = &text[vstart..vstart + vlen];
        // Keep the scheme (`Bearer`, `Digest`, `Zoho-oauthtoken`) so a trace still says which was sent.
        let trimmed = value.trim_start();
        let scheme = trimmed.split_whitespace().next().unwrap_or("");
        let keep_scheme = matches!(
            scheme.to_ascii_lowercase().as_str(),
            "bearer" | "basic" | "digest" | "zoho-oauthtoken"
        );
        if keep_scheme {
            out.push_str(&format!(" {scheme} ***"));
        } else if !value.trim().is_empty() {
            out.push_str(" ***");
        }
        i = vstart + vlen;
    }
    out.push_str(&text[i..]);
    out
}

/// Replace the default panic hook: a panic message can quote a value, so it is redacted like
/// every other output.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "intops crashed: {} (please report this)",
            redact(&info.to_string())
        );
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_registered_values_and_known_keys() {
        register("EAAsuper-secret-token");
        let s =
            redact("GET /debug_token?input_token=EAAsuper-secret-token&x=1 access_token=abc|def");
        assert!(!s.contains("EAAsuper-secret-token"), "{s}");
        assert!(!s.contains("abc|def"), "{s}");
        assert!(s.contains("x=1"));
    }

    #[test]
    fn masks_headers_but_keeps_scheme() {
        let s =
            redact("> Authorization: Bearer abcdefghijk\n> xi-api-key: sk_123456\n> accept: */*");
        assert!(s.contains("Authorization: Bearer ***"), "{s}");
        assert!(!s.contains("sk_123456"));
        assert!(s.contains("accept: */*"));
    }

    #[test]
    fn masks_json_members() {
        let s = redact(r#"{"xi_api_key": "sk_live_1234567", "user_id":"u1"}"#);
        assert!(!s.contains("sk_live_1234567"), "{s}");
        assert!(s.contains("\"user_id\":\"u1\""));
    }

    #[test]
    fn masks_url_encoded_app_token() {
        register("123456|appsecretvalue");
        let s = redact("access=123456%7Cappsecretvalue");
        assert!(!s.contains("appsecretvalue"), "{s}");
    }
}
