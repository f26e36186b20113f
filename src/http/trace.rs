//! The `-v` trace: request and response lines, redacted, long bodies cut (after redaction, so a
//! cut never leaves the start of a secret). URLs lose their user-info and the values of credential
//! parameters (`access_token`, `code`, `hub.verify_token`, ...: `redact::is_secret_param`), and so
//! do form bodies, their first field included.

/// A request body longer than this is cut in the trace.
pub(super) const REQUEST_BODY_MAX: usize = 2048;
/// A response body longer than this is cut in the trace.
pub(super) const RESPONSE_BODY_MAX: usize = 4096;

pub(super) fn truncate(s: &str, max: usize) -> String {
    crate::redact::redact_cut(s, max)
}

/// A form body as the trace shows it: credential fields masked, the first one too.
pub(super) fn form(body: &str) -> String {
    crate::redact::redact_form(body)
}

/// Whether a raw body's content type is a form (`application/x-www-form-urlencoded`).
pub(super) fn is_form(content_type: &str) -> bool {
    content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("application/x-www-form-urlencoded")
}
