//! The `.env` reader on arbitrary bytes: an error is fine (and names a line that exists), a panic
//! is a bug.
#![no_main]

#[path = "../../src/envfile.rs"]
#[allow(dead_code)]
mod envfile;
#[path = "../../src/fsutil.rs"]
#[allow(dead_code)]
mod fsutil;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err((line, _)) = envfile::parse(data) {
        let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
        assert!(line >= 1 && line <= lines, "line {line} of {lines}");
    }
    if let Ok(text) = std::str::from_utf8(data) {
        // Rewriting a line of a file that parses, and reading it back, gives the value written.
        let value = text.lines().next().unwrap_or("");
        if envfile::parse(data).is_err() {
            return;
        }
        let out = envfile::replace_in(text, "FUZZ_NAME", value);
        if let Ok(map) = envfile::parse(out.as_bytes()) {
            if !value.contains(['\r', '\n', '\0']) && !text.contains("FUZZ_NAME") {
                assert_eq!(map.get("FUZZ_NAME").map(String::as_str), Some(value), "{out:?}");
            }
        }
    }
});
