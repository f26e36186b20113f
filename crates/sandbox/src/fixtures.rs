//! The recorded vendor answers in tests/fixtures/VENDOR/, compiled in, so the sandbox answers with
//! what a vendor really sent wherever a recording exists (handlers patch ids and times in).

/// The recording `tests/fixtures/<path>`, parsed as JSON (a fixture that is not JSON fails the build's
/// tests: `every_served_fixture_parses` below).
macro_rules! recorded_json {
    ($path:literal) => {
        $crate::fixtures::parse(
            $path,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../tests/fixtures/",
                $path
            )),
        )
    };
}
pub(crate) use recorded_json;

pub fn parse(path: &str, text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("tests/fixtures/{path} is not JSON: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_served_fixture_parses() {
        for v in [
            recorded_json!("meta/error_130429.json"),
            recorded_json!("meta/error_131047.json"),
            recorded_json!("meta/messenger_error_551.json"),
            recorded_json!("meta/messenger_error_window.json"),
            recorded_json!("meta/messenger_error_no_permission.json"),
            recorded_json!("meta/messenger_error_rate_limit.json"),
            recorded_json!("meta/debug_token_garbage.json"),
            recorded_json!("calendly/error-401.json"),
            recorded_json!("elevenlabs/error-invalid-key.json"),
            recorded_json!("zoho/refresh-ok.json"),
            recorded_json!("zoho/refresh-throttled.json"),
        ] {
            assert!(v.is_object());
        }
    }
}
