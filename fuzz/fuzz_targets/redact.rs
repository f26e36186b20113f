//! Redaction on arbitrary text and secrets: never a panic, and a registered secret never survives,
//! in any form it travels in, whole or cut.
#![no_main]

#[path = "../../src/redact.rs"]
#[allow(dead_code)]
mod redact;

use libfuzzer_sys::fuzz_target;
use redact::{redact, redact_chars, redact_cut, register};

fuzz_target!(|input: (&str, &str, &str, u16)| {
    let (secret, before, after, cut) = input;
    // Secrets are tokens: no whitespace at the ends, and long enough to register.
    redact::forget_all();
    let secret = secret.trim();
    // A secret with `*` in it could be "recreated" by its neighbours and the mask (`\0\0*` next
    // to `***`): a false alarm, and no token intops handles contains one.
    let registered = secret.len() >= 6 && !secret.contains('*');
    if registered {
        register(secret);
    }
    let text = format!("{before}{secret}{after}");
    let out = redact(&text);
    let cut_out = redact_cut(&text, cut as usize);
    let chars_out = redact_chars(&text, (cut % 200) as usize);
    // What the cut says about itself (`… [N bytes]`) is not the secret.
    let cut_out = match cut_out.rfind("… [") {
        Some(i) => cut_out[..i].to_string(),
        None => cut_out,
    };
    let chars_out = chars_out.trim_end_matches('…').to_string();
    if registered {
        for shown in [&out, &cut_out, &chars_out] {
            assert!(!shown.contains(secret), "{secret:?} survived in {shown:?}");
        }
        let json = serde_json::to_string(secret).unwrap();
        let out = redact(&format!("{before}{json}{after}"));
        assert!(!out.contains(&json[1..json.len() - 1]), "JSON form survived in {out:?}");
        let enc: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let out = redact(&format!("{before}{enc}{after}"));
        assert!(!out.contains(&enc), "form-encoded form survived in {out:?}");
    }
});
