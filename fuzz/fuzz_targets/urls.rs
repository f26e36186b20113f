//! The URL builders on arbitrary paths and base URLs (what `intops api` and the `*_url` settings
//! feed them): an error is fine, a panic is a bug, and a built URL stays on the configured host.
#![no_main]

use intops::http::HttpClient;
use intops::providers::{calendly::Calendly, elevenlabs::ElevenLabs, meta::Meta, zoho::Crm};
use intops::secrets::Secret;
use libfuzzer_sys::fuzz_target;
use reqwest::Method;
use std::sync::OnceLock;

fn http() -> HttpClient {
    static H: OnceLock<HttpClient> = OnceLock::new();
    H.get_or_init(|| HttpClient::new(Default::default())).clone()
}

fuzz_target!(|input: (&str, &str)| {
    let (base, path) = input;
    let token = Secret::new("fuzz-token-value");
    let fixed = "https://graph.example.test";
    for b in [fixed, base] {
        let meta = Meta::new(http(), b, "v25.0", token.clone(), "T", None);
        if let Ok(u) = meta.url(path) {
            if b == fixed {
                assert_eq!(u.host_str(), Some("graph.example.test"), "{path:?} left the host");
            }
        }
        let _ = Calendly::new(http(), b, token.clone()).url(path);
        let _ = ElevenLabs::new(http(), b, token.clone()).request(Method::GET, path);
        let _ = Crm::new(http(), b, token.clone()).request(Method::GET, path);
    }
});
