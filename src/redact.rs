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
    out = mask_params(&out, false);
    for header in [
        "authorization:",
        "api-key:",
        "auth-token:",
        "private-token:",
        "rets-ua-authorization:",
        "cookie:",
        "set-cookie:",
    ] {
        out = mask_header(&out, header);
    }
    out
}

/// Redact a form body (`a=1&code=…`): [`redact`], and the values of credential parameters
/// ([`is_secret_param`]) including the first one, which no `?` or `&` introduces.
pub fn redact_form(body: &str) -> String {
    redact(&mask_params(body, true))
}

/// Query, fragment and form parameters whose values are credentials: OAuth codes and tokens,
/// API keys, passwords, signatures and proofs. Matched on the percent-decoded, lower-cased name,
/// exactly or by its ending (`hub.verify_token`, `xi_api_key`, `appsecret_proof`, `X-Amz-Signature`).
pub fn is_secret_param(name: &str) -> bool {
    const EXACT: &[&str] = &[
        "code",
        "key",
        "token",
        "sig",
        "signature",
        "secret",
        "password",
        "passwd",
        "pass",
        "pwd",
        "auth",
        "apikey",
        "jwt",
        "assertion",
        "session",
        "sessionid",
        "ticket",
        "otp",
        "credential",
        "credentials",
        "auth_code",
        "authorization_code",
        "device_code",
        "user_code",
        "x-amz-credential",
        "x-goog-credential",
    ];
    const ENDINGS: &[&str] = &[
        "token",
        "_key",
        "-key",
        ".key",
        "apikey",
        "secret",
        "password",
        "_proof",
        "signature",
        "_sig",
    ];
    let k = percent_encoding::percent_decode_str(name)
        .decode_utf8_lossy()
        .to_ascii_lowercase();
    EXACT.contains(&k.as_str()) || ENDINGS.iter().any(|e| k.ends_with(e))
}

/// Mask the values of credential parameters ([`is_secret_param`]) wherever a `name=value` pair
/// follows `?`, `&`, `#` or `;` (a URL's query or fragment, a form body), and at the very start
/// when `at_start` (a form body's first pair). A value ends at `&`, `#`, whitespace, a quote, `<`,
/// `>`, a backtick, or a JSON-escaped quote (`\"`), which is kept.
fn mask_params(text: &str, at_start: bool) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut p = 0;
    while p < b.len() {
        let starts_pair = if p == 0 {
            at_start
        } else {
            matches!(b[p - 1], b'?' | b'&' | b'#' | b';')
        };
        if !starts_pair {
            p += 1;
            continue;
        }
        let mut k = p;
        while k < b.len()
            && (b[k].is_ascii_alphanumeric()
                || matches!(b[k], b'_' | b'-' | b'.' | b'%' | b'[' | b']'))
        {
            k += 1;
        }
        if k == p || k >= b.len() || b[k] != b'=' || !is_secret_param(&text[p..k]) {
            p = k.max(p + 1);
            continue;
        }
        let vstart = k + 1;
        let mut v = vstart;
        while v < b.len() {
            let c = b[v];
            if c.is_ascii_whitespace()
                || matches!(c, b'&' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'`')
                || (c == b'\\' && b.get(v + 1) == Some(&b'"'))
            {
                break;
            }
            v += 1;
        }
        if v > vstart && &text[vstart..v] != "***" {
            out.push_str(&text[copied..vstart]);
            out.push_str("***");
            copied = v;
        }
        p = v.max(p + 1);
    }
    out.push_str(&text[copied..]);
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
        let rest = &text[vstart..];
        let vlen = rest
            .char_indices()
            .find(|&(j, c)| stop(c) || (c == '\\' && rest[j + 1..].starts_with('"')))
            .map_or(rest.len(), |(j, _)| j);
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
        let line = &text[vstart..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        // Keep the scheme (`Bearer`, `Digest`, `Zoho-oauthtoken`) so a trace still says which was sent.
        let word = line.split_whitespace().next().unwrap_or("");
        let scheme = &word[..word.find(['\\', '"']).unwrap_or(word.len())];
        let scheme_lower = scheme.to_ascii_lowercase();
        let token68 = matches!(
            scheme_lower.as_str(),
            "bearer" | "basic" | "zoho-oauthtoken"
        );
        let keep_scheme = token68 || scheme_lower == "digest";
        // Plain text: the value runs to the end of the line, so nothing of a Digest header's
        // parameters survives. Inside a JSON string: to the string's closing quote or the
        // header's own (escaped) line end, so the JSON stays valid.
        let vlen = match json_string_end(text, vstart) {
            Some(q) => json_header_len(&text[vstart..q], token68),
            None => line.len(),
        };
        let value = &text[vstart..vstart + vlen];
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

/// Where the JSON string around `pos` closes, when `pos` is inside one: an odd number of
/// unescaped quotes before it on its line, and an unescaped quote after it (on the same line)
/// that ends a JSON value (followed by `,` `}` `]` `:` or the line's end). Anything else is plain
/// text, where a value runs to the end of the line: `Digest username="u", …` unquoted in plain
/// text never ends at its first quote.
fn json_string_end(text: &str, pos: usize) -> Option<usize> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let b = text.as_bytes();
    let mut quotes = 0;
    let mut i = line_start;
    while i < pos {
        match b[i] {
            b'\\' => i += 2,
            b'"' => {
                quotes += 1;
                i += 1
            }
            _ => i += 1,
        }
    }
    if quotes % 2 == 0 || i > pos {
        return None;
    }
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return None,
            b'"' => {
                let after = text[i + 1..].trim_start_matches([' ', '\t']);
                let ends_value =
                    after.is_empty() || after.starts_with(['\n', '\r', ',', '}', ']', ':']);
                return ends_value.then_some(i);
            }
            _ => i += 1,
        }
    }
    None
}

/// How much of a header value inside a JSON string (`inner`, up to the closing quote) is the
/// header's: up to an escaped line end (`\n`, `\r`), and for a token scheme (which has no
/// quotes) up to an escaped quote too.
fn json_header_len(inner: &str, token68: bool) -> usize {
    let b = inner.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            match b.get(i + 1) {
                Some(b'n' | b'r') => return i,
                Some(b'"') if token68 => return i,
                _ => i += 2,
            }
        } else {
            i += 1;
        }
    }
    inner.len()
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

    /// Redacted JSON still parses, and says nothing of `hidden`.
    fn redacted_json(v: &serde_json::Value, hidden: &[&str]) -> serde_json::Value {
        for text in [
            serde_json::to_string(v).unwrap(),
            serde_json::to_string_pretty(v).unwrap(),
        ] {
            let r = redact(&text);
            for h in hidden {
                assert!(!r.contains(h), "{h} survived in {r}");
            }
            let back: serde_json::Value =
                serde_json::from_str(&r).unwrap_or_else(|e| panic!("{e}: {r}"));
            assert_eq!(
                serde_json::to_string_pretty(&back).unwrap(),
                redact(&serde_json::to_string_pretty(&back).unwrap()),
                "masking twice changes nothing"
            );
            if text.contains('\n') {
                return back;
            }
        }
        unreachable!()
    }

    #[test]
    fn headers_inside_json_strings_keep_the_json_valid() {
        let v = serde_json::json!({
            "trace": "> GET https://graph.example.test/v25.0/me\n> Authorization: Bearer tokABCDEF123\n> accept: */*",
            "last": "Authorization: Bearer tokXYZ987654",
            "digest": "Authorization: Digest username=\"u\", realm=\"r\", nonce=\"nonce123\", response=\"RESPSECRET\"",
            "nested": "{\"h\":\"Authorization: Bearer tokNESTED4567\",\"n\":1}",
            "cookie": "Set-Cookie: sid=cookieSECRET; Path=/",
            "after": "kept"
        });
        let back = redacted_json(
            &v,
            &[
                "tokABCDEF123",
                "tokXYZ987654",
                "RESPSECRET",
                "nonce123",
                "tokNESTED4567",
                "cookieSECRET",
            ],
        );
        assert_eq!(
            back["trace"],
            "> GET https://graph.example.test/v25.0/me\n> Authorization: Bearer ***\n> accept: */*"
        );
        assert_eq!(back["last"], "Authorization: Bearer ***");
        assert_eq!(back["digest"], "Authorization: Digest ***");
        // A token scheme stops at the inner string's escaped quote: the inner JSON survives too.
        assert_eq!(
            back["nested"],
            "{\"h\":\"Authorization: Bearer ***\",\"n\":1}"
        );
        assert_eq!(back["cookie"], "Set-Cookie: ***");
        assert_eq!(back["after"], "kept");
    }

    #[test]
    fn digest_parameters_never_survive_in_plain_text() {
        let plain =
            r#"> Authorization: Digest username="u", realm="r", nonce="n", response="SECRETRESP""#;
        assert_eq!(redact(plain), "> Authorization: Digest ***");
        // A stray quote before the header does not make it look like JSON.
        for text in [
            r#"note " Authorization: Digest username="u", realm="r", response="SECRETRESP""#,
            r#"x" Authorization: Digest username="u", response="SECRETRESP"#,
            r#"say "Authorization: Digest realm="", response="SECRETRESP"" now"#,
        ] {
            let r = redact(text);
            assert!(!r.contains("SECRETRESP"), "{r}");
            assert!(r.contains("Authorization: Digest ***"), "{r}");
        }
        // The next line is not part of the header.
        assert_eq!(
            redact("Authorization: Digest response=\"S3CRET\"\nnext line"),
            "Authorization: Digest ***\nnext line"
        );
    }

    #[test]
    fn key_values_inside_json_strings_keep_their_escapes() {
        let v = serde_json::json!({
            "m": "calling \"https://x.example.test/a?access_token=abcSECRET1\" failed",
            "h": "see https://hooks.slack.com/services/T0/B0/slackSECRET\" there",
        });
        let back = redacted_json(&v, &["abcSECRET1", "slackSECRET"]);
        assert_eq!(
            back["m"],
            "calling \"https://x.example.test/a?access_token=***\" failed"
        );
    }

    #[test]
    fn url_parameters_holding_credentials_are_masked() {
        for key in [
            "access_token",
            "client_secret",
            "refresh_token",
            "hub.verify_token",
            "hub%2Everify_token",
            "token",
            "api_key",
            "apikey",
            "key",
            "password",
            "code",
            "input_token",
            "appsecret_proof",
            "X-Amz-Signature",
            "sig",
            "xi_api_key",
            "id_token",
        ] {
            for url in [
                format!("https://h.example.test/p?fields=id&{key}=SECRETv4lue&after=2"),
                format!("https://h.example.test/p?{key}=SECRETv4lue"),
                format!("https://h.example.test/cb#{key}=SECRETv4lue&state=s"),
                format!("/v25.0/debug_token?{key}=SECRETv4lue;x=1"),
            ] {
                let r = redact(&format!("> GET {url}\nerror at {url}."));
                assert!(!r.contains("SECRETv4lue"), "{key}: {r}");
                assert!(r.contains(&format!("{key}=***")), "{key}: {r}");
            }
        }
        // Other parameters stay readable.
        let plain = "GET https://h.example.test/p?fields=id,name&after=QVFI&country_code=US&hub.mode=subscribe&hub.challenge=1158201444&limit=100";
        assert_eq!(redact(plain), plain);
        // A form body's first field has no `?` or `&` before it.
        assert_eq!(
            redact_form("code=1000.grantSECRET&grant_type=authorization_code&client_id=1000.ABC"),
            "code=***&grant_type=authorization_code&client_id=1000.ABC"
        );
        assert_eq!(
            redact("code=1000.grant"),
            "code=1000.grant",
            "prose is not a form"
        );
    }
}
