//! Helpers shared by the unit tests.

/// The recorded response `tests/fixtures/<vendor>/<name>`, as text.
pub fn fixture(vendor: &str, name: &str) -> String {
    String::from_utf8(fixture_bytes(vendor, name)).unwrap()
}

/// The recorded response `tests/fixtures/<vendor>/<name>`, as bytes.
pub fn fixture_bytes(vendor: &str, name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{vendor}/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}
