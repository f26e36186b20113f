//! The `-v` trace: request and response lines, redacted, long bodies cut.

pub(super) fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        s.to_string()
    } else {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}… [{} bytes]", &s[..end], s.len())
    }
}
