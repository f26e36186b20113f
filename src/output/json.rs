use crate::error::Error;
use crate::report::Report;

pub fn render(report: &Report) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

pub fn render_error(command: &str, profile: &str, err: &Error, hint: Option<String>) -> String {
    let mut v = serde_json::json!({
        "command": command,
        "profile": profile,
        "status": err.status(),
        "error": err.line(),
        "hint": hint,
        "exit_code": err.exit_code(),
    });
    if let Error::Api(e) = err {
        v["cause"] = e.cause.label().into();
        if let Some(c) = &e.code {
            v["code"] = c.clone().into();
        }
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
