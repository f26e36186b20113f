//! Redaction of secrets from everything intops prints. Every secret value that is resolved is
//! registered here, and every output path (renderers, errors, `-v` traces, the incident state
//! file, Slack posts) passes through [`redact`], so a value that slips into a message is still
//! masked. A secret is masked in the forms it travels in: as it is, JSON-escaped and
//! percent-encoded; a URL's user-info is masked whether or not it was registered. Text that is
//! cut short is redacted first ([`redact_cut`]), so a cut never leaves a secret's prefix behind.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::sync::{Mutex, OnceLock};

fn registry() -> &'static Mutex<Vec<String>> {
    static R: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    R.get_or_init(|| Mutex::new(Vec::new()))
}

/// Shortest value worth masking: masking every "1" in the output would make it unreadable and
/// protects nothing.
const MIN_SECRET_LEN: usize = 6;

/// What JavaScript's `encodeURIComponent` leaves alone.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The forms a value travels in: as it is, JSON-escaped (with and without `\/`), form-encoded,
/// percent-encoded (upper- and lower-case hex).
fn forms(v: &str) -> Vec<String> {
    let mut out = vec![v.to_string()];
    let quoted = serde_json::to_string(v).unwrap_or_default();
    let json = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(v)
        .to_string();
    out.push(json.replace('/', "\\/"));
    out.push(json);
    out.push(url::form_urlencoded::byte_serialize(v.as_bytes()).collect());
    for set in [NON_ALPHANUMERIC, COMPONENT] {
        let enc = utf8_percent_encode(v, set).to_string();
        out.push(lower_hex(&enc));
        out.push(enc);
    }
    out.retain(|f| f.len() >= MIN_SECRET_LEN);
    out.sort();
    out.dedup();
    out
}

/// `%7C` -> `%7c`: some encoders write lower-case hex.
fn lower_hex(enc: &str) -> String {
    let mut out = String::with_capacity(enc.len());
    let mut left = 0;
    for c in enc.chars() {
        if c == '%' {
            left = 2;
            out.push(c);
        } else if left > 0 {
            left -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Remember a secret value so that it is masked wherever it appears. A URL's credentials are
/// registered on their own too: a password can show up without its URL (a server's error).
pub fn register(value: &str) {
    let v = value.trim();
    if let Ok(u) = url::Url::parse(v) {
        register_user_info(&u);
    }
    register_one(v);
}

/// A URL's credentials on their own. With a password, the password is the secret and the user
/// name (often `postgres`, `default`) is not: registering it would mask every such word. Without
/// one, a user name long enough to be a token (`https://TOKEN@host`) is the secret. In a URL the
/// whole user-info is masked anyway (see `mask_userinfo`).
fn register_user_info(u: &url::Url) {
    let secret = match u.password() {
        Some(p) => p,
        None if u.username().len() >= TOKEN_LIKE_USER => u.username(),
        None => return,
    };
    let decoded = percent_encoding::percent_decode_str(secret).decode_utf8_lossy();
    register_one(&decoded);
    register_one(secret);
}

/// A user name at least this long, without a password, is taken for a token.
const TOKEN_LIKE_USER: usize = 16;

fn register_one(v: &str) {
    if v.len() < MIN_SECRET_LEN {
        return;
    }
    let mut r = registry().lock().unwrap_or_else(|e| e.into_inner());
    // Every form, even when `v` itself is known already (as a form of another secret).
    for f in forms(v) {
        if !r.contains(&f) {
            r.push(f);
        }
    }
    // Longest first so that a secret containing another is masked whole.
    r.sort_by_key(|s| std::cmp::Reverse(s.len()));
}

/// Forget every registered secret: for the fuzz target, which registers one per input and would
/// otherwise measure a registry of millions.
#[cfg(fuzzing)]
pub fn forget_all() {
    registry().lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// Settings whose whole value is a credential even though it is "only" a URL.
pub const CREDENTIAL_URL_SETTINGS: &[&str] = &["SLACK_WEBHOOK_URL"];

/// Register what is secret in a plain setting: the whole value of a credential URL
/// ([`CREDENTIAL_URL_SETTINGS`]), and the user-info of any URL.
pub fn register_setting(name: &str, value: &str) {
    if CREDENTIAL_URL_SETTINGS.contains(&name) {
        register(value);
        return;
    }
    if let Ok(u) = url::Url::parse(value.trim()) {
        register_user_info(&u);
    }
}

/// Room past a cut for a secret that starts before it: longer than any credential intops knows.
const CUT_MARGIN: usize = 16 * 1024;

/// The first `n` bytes of `text` or a little less, on a character boundary.
fn prefix(text: &str, n: usize) -> &str {
    if text.len() <= n {
        return text;
    }
    let mut end = n;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Redact `text`, then cut it to at most `max` bytes (on a character boundary), saying how long
/// it was. Cutting first could leave the start of a secret that no longer matches. Only a window
/// a little longer than `max` is redacted, so a 20 MB body costs no more than a short one.
pub fn redact_cut(text: &str, max: usize) -> String {
    let r = redact(prefix(text, max.saturating_add(CUT_MARGIN)));
    if r.len() <= max && text.len() <= max.saturating_add(CUT_MARGIN) {
        return r;
    }
    format!("{}… [{} bytes]", prefix(&r, max), text.len())
}

/// Redact `text`, then keep its first `max` characters (with `…` when it was longer).
pub fn redact_chars(text: &str, max: usize) -> String {
    let window = prefix(text, max.saturating_mul(4).saturating_add(CUT_MARGIN));
    let r = redact(window);
    if r.chars().count() <= max && window.len() == text.len() {
        return r;
    }
    let mut s: String = r.chars().take(max).collect();
    s.push('…');
    s
}

/// Redact every string in a JSON value (keys included), leaving its structure valid. For files
/// intops writes, where redacting the serialised text could cut through a quote.
pub fn redact_json(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            let r = redact(s);
            if r != *s {
                *s = r;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(redact_json),
        Value::Object(m) => {
            let old = std::mem::take(m);
            for (k, mut val) in old {
                redact_json(&mut val);
                m.insert(redact(&k), val);
            }
        }
        _ => {}
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
    "api_key",
    "client_assertion",
    "id_token",
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
        }
    }
    out = mask_userinfo(&out);
    out = mask_slack_hooks(&out);
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

/// `scheme://user:password@host` -> `scheme://***@host`, for every URL in the text.
fn mask_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(pos) = text[i..].find("://") {
        let auth_start = i + pos + 3;
        out.push_str(&text[i..auth_start]);
        let rest = &text[auth_start..];
        let auth_len = rest
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '"' | '\'' | '<' | '>' | '`' | '\\')
                    || c.is_whitespace()
            })
            .unwrap_or(rest.len());
        let authority = &rest[..auth_len];
        match authority.rfind('@') {
            Some(at) if at > 0 && &authority[..at] != "***" => {
                out.push_str("***");
                out.push_str(&authority[at..]);
            }
            _ => out.push_str(authority),
        }
        i = auth_start + auth_len;
    }
    out.push_str(&text[i..]);
    out
}

/// Slack incoming-webhook URLs are credentials: `hooks.slack.com/services/***`.
fn mask_slack_hooks(text: &str) -> String {
    mask_after(text, "hooks.slack.com/services/", |c| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | ')')
    })
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
                    // Cut short before its closing quote: mask what is left of it.
                    out.push_str(&rest[..ws]);
                    out.push_str("\"***");
                    i = text.len();
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

    #[test]
    fn url_user_info_is_masked_registered_or_not() {
        let s = redact(
            "GET https://ops:hunter2-pass@prom.example.test/api and redis://:r3dis-pw@h:6379/0",
        );
        assert_eq!(
            s,
            "GET https://***@prom.example.test/api and redis://***@h:6379/0"
        );
        // Registered: the password alone is masked too (a server may quote it).
        register("postgres://app:Db-pass-value@db:5432/x");
        assert_eq!(
            redact("password Db-pass-value rejected"),
            "password *** rejected"
        );
        // The user name beside a password is not a secret: `postgres` stays readable.
        register("postgres://postgres:Db-pass-other@db:5432/x");
        assert_eq!(redact("vendor postgres said"), "vendor postgres said");
        register_setting("PROMETHEUS_URL", "https://u:Prom-pass-value@p/");
        assert_eq!(redact("bad Prom-pass-value"), "bad ***");
        register_setting(
            "SLACK_WEBHOOK_URL",
            "https://hooks.example.test/services/T1/B1/xyzSecretPath",
        );
        assert!(
            !redact("posting to https://hooks.example.test/services/T1/B1/xyzSecretPath")
                .contains("xyz")
        );
        assert_eq!(
            redact("https://hooks.slack.com/services/T0/B0/abc ok"),
            "https://hooks.slack.com/services/*** ok"
        );
    }

    #[test]
    fn escaped_and_encoded_forms_are_masked() {
        register("tok/en\"with|odd chars");
        for form in [
            r#"tok\/en\"with|odd chars"#,
            r#"tok/en\"with|odd chars"#,
            "tok%2Fen%22with%7Codd%20chars",
            "tok%2fen%22with%7codd%20chars",
            "tok%2Fen%22with%7Codd+chars",
        ] {
            let s = redact(&format!("x {form} y"));
            assert_eq!(s, "x *** y", "{form}");
        }
    }

    #[test]
    fn cutting_happens_after_masking() {
        register("EAAcutmeABCDEFGHIJKLMNOP");
        let text = format!("{}EAAcutmeABCDEFGHIJKLMNOP tail", "x".repeat(10));
        let s = redact_cut(&text, 16);
        assert!(!s.contains("EAAcut"), "{s}");
        assert!(s.ends_with(&format!("… [{} bytes]", text.len())), "{s}");
        let s = redact_chars(&text, 13);
        assert_eq!(s, "xxxxxxxxxx***…");
        // A JSON member cut before its closing quote is still masked.
        assert_eq!(
            redact(r#"{"access_token":"EAAB12"#),
            r#"{"access_token":"***"#
        );
    }

    #[test]
    fn redact_json_keeps_the_structure() {
        register("json-secret-value");
        let mut v = serde_json::json!({"a": ["x json-secret-value y", 1], "Authorization: Bearer abc": "b"});
        redact_json(&mut v);
        assert_eq!(v["a"][0], "x *** y");
        assert!(v.get("Authorization: Bearer ***").is_some(), "{v}");
    }
}
