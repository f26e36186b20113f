//! One typed client per vendor. Providers know their vendor and nothing about the terminal, clap
//! or the report: they return typed answers or an [`crate::error::ApiError`].

pub mod bounds;
pub mod calendly;
pub mod elevenlabs;
pub mod evidence;
pub mod meta;
pub mod paging;
pub mod prometheus;
pub mod rets;
pub mod serde_util;
pub mod slack;
pub mod statuspage;
pub mod supabase;
pub mod zoho;

/// `path` as given on the command line or by a caller, with a leading `/` added when it has none.
pub(crate) fn rooted(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rooted_adds_one_leading_slash_only_when_missing() {
        assert_eq!(super::rooted("v1/user"), "/v1/user");
        assert_eq!(super::rooted("/v1/user"), "/v1/user");
        assert_eq!(super::rooted(""), "/");
    }
}
