//! The URL builders every provider uses: a base URL from a setting plus a path from a caller or
//! the command line (`intops api`). Pure functions (no I/O, only the `url` crate) so the fuzz
//! target `fuzz/fuzz_targets/urls.rs` exercises exactly this code.

use url::Url;

/// `path` with a leading `/` added when it has none.
pub fn rooted(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// Does `path` start with a Graph version segment (`/v25.0/...`)?
pub fn names_graph_version(path: &str) -> bool {
    let seg = path.trim_start_matches('/').split('/').next().unwrap_or("");
    // Chars, not byte slices: a multibyte path must not split a character.
    let mut c = seg.chars();
    c.next() == Some('v') && c.next().is_some_and(|d| d.is_ascii_digit()) && seg.contains('.')
}

/// `{base}/{version}{path}` for the Graph API; a path that already names a version keeps it.
/// Returns the text too, for the error that names it.
pub fn graph(base: &str, version: &str, path: &str) -> (String, Result<Url, url::ParseError>) {
    let base = base.trim_end_matches('/');
    let path = rooted(path);
    let full = if names_graph_version(&path) {
        format!("{base}{path}")
    } else {
        format!("{base}/{version}{path}")
    };
    let parsed = Url::parse(&full);
    (full, parsed)
}

/// `{base}{path}`: a path below a base URL.
pub fn below(base: &str, path: &str) -> (String, Result<Url, url::ParseError>) {
    let full = format!("{}{}", base.trim_end_matches('/'), rooted(path));
    let parsed = Url::parse(&full);
    (full, parsed)
}

/// Calendly hands out full resource URIs (`https://api.calendly.com/webhook_subscriptions/ID`);
/// rebase them onto our base so a sandbox or proxy is honoured. Anything else is a path.
pub fn calendly(base: &str, path_or_uri: &str) -> (String, Result<Url, url::ParseError>) {
    let path = match path_or_uri.find("/webhook_subscriptions") {
        Some(i) if path_or_uri.starts_with("http") => &path_or_uri[i..],
        _ => path_or_uri,
    };
    below(base, path.trim_start_matches('/'))
}

/// A path below a service root that may itself have a path (`https://h/reso/odata` + `Property`).
pub fn under_root(root: &Url, path: &str) -> Url {
    let mut u = root.clone();
    let p = format!("{}/{}", u.path().trim_end_matches('/'), path);
    u.set_path(&p);
    u
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooted_adds_one_leading_slash_only_when_missing() {
        assert_eq!(rooted("v1/user"), "/v1/user");
        assert_eq!(rooted("/v1/user"), "/v1/user");
        assert_eq!(rooted(""), "/");
    }

    #[test]
    fn graph_urls_keep_a_version_the_path_names() {
        let g = |p| {
            graph("https://graph.example.test/", "v25.0", p)
                .1
                .unwrap()
                .to_string()
        };
        assert_eq!(g("/me"), "https://graph.example.test/v25.0/me");
        assert_eq!(g("v19.0/me"), "https://graph.example.test/v19.0/me");
        assert_eq!(g("/videos"), "https://graph.example.test/v25.0/videos");
        // Multibyte first segments used to panic on a byte slice.
        assert_eq!(
            g("/vé.1/me"),
            "https://graph.example.test/v25.0/v%C3%A9.1/me"
        );
        assert_eq!(g("vé"), "https://graph.example.test/v25.0/v%C3%A9");
    }

    #[test]
    fn calendly_rebases_resource_uris() {
        let c = |p| calendly("http://127.0.0.1:9/cal", p).1.unwrap().to_string();
        assert_eq!(
            c("https://api.calendly.com/webhook_subscriptions/AB"),
            "http://127.0.0.1:9/cal/webhook_subscriptions/AB"
        );
        assert_eq!(c("/users/me"), "http://127.0.0.1:9/cal/users/me");
    }

    #[test]
    fn a_base_that_is_not_a_url_is_an_error_not_a_panic() {
        assert!(below("not a url", "/x").1.is_err());
        assert!(graph("graph.facebook.com", "v25.0", "/me").1.is_err());
    }
}
