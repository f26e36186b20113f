//! Every RETS parser on arbitrary bytes: an error is fine, a panic is a bug.
#![no_main]

// The parser has no I/O and no crate dependencies beyond thiserror, so it is compiled here
// directly instead of building all of intops under the sanitizer.
#[path = "../../src/providers/rets/parse.rs"]
#[allow(dead_code)]
mod parse;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse::parse_reply(data);
    if let Ok((_, body)) = parse::parse_login(data) {
        let _ = body.capabilities();
        let _ = body.timeout_seconds();
    }
    let _ = parse::parse_metadata_system(data);
    if let Ok((_, s)) = parse::parse_search(data) {
        let _ = s.records();
    }
    let text = parse::decode(data);
    let _ = parse::unescape(&text);
    let _ = parse::delimiter(&text);
});
