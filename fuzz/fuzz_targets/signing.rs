//! Webhook signatures on arbitrary headers and bodies: a parse error is fine, a panic is a bug,
//! and what intops signs always checks out under the same key and body.
#![no_main]

#[path = "../../src/signing.rs"]
#[allow(dead_code)]
mod signing;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&[u8], &[u8], &str, i64)| {
    let (key, body, header, t) = input;
    let _ = signing::meta_check(key, body, header);
    let _ = signing::calendly_parse(header);
    let _ = signing::calendly_check(key, body, header, t, signing::CALENDLY_TOLERANCE_SECS);
    let _ = signing::escape_unicode(body);
    let sig = signing::meta_sign(key, body);
    assert!(signing::meta_check(key, body, &sig).is_ok(), "meta round trip");
    let t = t.clamp(0, 10_000_000_000);
    let sig = signing::calendly_sign(key, t, body);
    assert_eq!(
        signing::calendly_check(key, body, &sig, t, signing::CALENDLY_TOLERANCE_SECS),
        Ok(0),
        "calendly round trip"
    );
});
