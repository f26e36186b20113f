//! The URL builders on arbitrary base URLs and paths (what the `*_url` settings and `intops api`
//! feed them): an error is fine, a panic is a bug, and a built URL stays on the configured host.
#![no_main]

#[path = "../../src/providers/urls.rs"]
#[allow(dead_code)]
mod urls;

use libfuzzer_sys::fuzz_target;

const FIXED: &str = "https://graph.example.test";

fuzz_target!(|input: (&str, &str, &str)| {
    let (base, version, path) = input;
    for b in [FIXED, base] {
        let (_, g) = urls::graph(b, version, path);
        let (_, below) = urls::below(b, path);
        let (_, cal) = urls::calendly(b, path);
        if b == FIXED {
            // A path cannot move the request to another host.
            for u in [g, below, cal].into_iter().flatten() {
                assert_eq!(u.host_str(), Some("graph.example.test"), "{path:?} -> {u}");
            }
        }
    }
    let _ = urls::names_graph_version(path);
    if let Ok(root) = url::Url::parse(base) {
        let _ = urls::under_root(&root, path);
    }
});
