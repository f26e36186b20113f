//! The `-v` trace: request and response lines, redacted, long bodies cut (after redaction, so a
//! cut never leaves the start of a secret).

/// A request body longer than this is cut in the trace.
pub(super) const REQUEST_BODY_MAX: usize = 2048;
/// A response body longer than this is cut in the trace.
pub(super) const RESPONSE_BODY_MAX: usize = 4096;

pub(super) fn truncate(s: &str, max: usize) -> String {
    crate::redact::redact_cut(s, max)
}
