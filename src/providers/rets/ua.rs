//! RETS User-Agent authentication (SPEC 3-10):
//! `hex(MD5(hex(MD5(product ":" ua-password)) ":" request-id ":" session-id ":" version))`,
//! sent as `RETS-UA-Authorization: Digest <hash>`. Every part is trimmed; request-id and
//! session-id are empty when absent; version is the exact `RETS-Version` header sent.

use md5::{Digest, Md5};

fn md5_hex(s: &str) -> String {
    hex::encode(Md5::digest(s.as_bytes()))
}

/// The hash for one request.
pub fn ua_digest(
    user_agent: &str,
    ua_password: &str,
    request_id: &str,
    session_id: &str,
    version: &str,
) -> String {
    let a1 = md5_hex(&format!("{}:{}", user_agent.trim(), ua_password.trim()));
    md5_hex(&format!(
        "{a1}:{}:{}:{}",
        request_id.trim(),
        session_id.trim(),
        version.trim()
    ))
}

/// The header value.
pub fn ua_header(
    user_agent: &str,
    ua_password: &str,
    request_id: &str,
    session_id: &str,
    version: &str,
) -> String {
    format!(
        "Digest {}",
        ua_digest(user_agent, ua_password, request_id, session_id, version)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two vectors in docs/vendors/rets.md (GORETS ua_auth_test.go, recomputed with md5).
    #[test]
    fn spec_vectors() {
        assert_eq!(
            ua_digest(
                "user-agent",
                "user-agent-pw",
                "request-id",
                "session-id",
                "rets-version"
            ),
            "052c1af08431d3cc9717a37f9d6de169"
        );
        assert_eq!(
            ua_digest("user-agent", "user-agent-pw", "", "", "rets-version"),
            "73cc7ccfe417292b1155c5ccee7fbdab"
        );
    }

    #[test]
    fn parts_are_trimmed() {
        assert_eq!(
            ua_digest(" user-agent ", "user-agent-pw\n", "", " ", "rets-version "),
            "73cc7ccfe417292b1155c5ccee7fbdab"
        );
    }
}
