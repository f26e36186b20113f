//! One line per event on stderr: `TIME LEVEL event key=value ...`, or one JSON object per line with
//! `--log-format json`. Every value passes through redaction; secrets never reach a field because
//! the exporter only logs check names, statuses and the checks' own (redacted) summaries.

use crate::redact::redact;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy)]
pub struct Log {
    pub format: LogFormat,
}

impl Log {
    /// The line for one event (without the newline).
    pub fn line(&self, level: &str, event: &str, fields: &[(&str, String)]) -> String {
        let ts = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        match self.format {
            LogFormat::Json => {
                let mut m = serde_json::Map::new();
                m.insert("ts".into(), ts.into());
                m.insert("level".into(), level.into());
                m.insert("event".into(), event.into());
                for (k, v) in fields {
                    m.insert((*k).into(), redact(v).into());
                }
                serde_json::Value::Object(m).to_string()
            }
            LogFormat::Text => {
                let mut s = format!("{ts} {} {event}", level.to_uppercase());
                for (k, v) in fields {
                    let v = redact(v).replace(['\n', '\r'], " ");
                    if v.is_empty() || v.contains([' ', '"', '=']) {
                        s.push_str(&format!(" {k}={v:?}"));
                    } else {
                        s.push_str(&format!(" {k}={v}"));
                    }
                }
                s
            }
        }
    }

    pub fn event(&self, level: &str, event: &str, fields: &[(&str, String)]) {
        let mut line = self.line(level, event, fields);
        line.push('\n');
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(line.as_bytes());
        let _ = e.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_one_line_with_quoted_values() {
        let l = Log {
            format: LogFormat::Text,
        };
        let s = l.line(
            "info",
            "check",
            &[
                ("check", "whatsapp token".into()),
                ("status", "warn".into()),
                ("summary", "expires\nsoon".into()),
            ],
        );
        assert!(!s.contains('\n'));
        assert!(
            s.ends_with(
                " INFO check check=\"whatsapp token\" status=warn summary=\"expires soon\""
            ),
            "{s}"
        );
    }

    #[test]
    fn json_is_one_object_per_line() {
        let l = Log {
            format: LogFormat::Json,
        };
        let s = l.line("warn", "probe", &[("check", "zoho".into())]);
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["event"], "probe");
        assert_eq!(v["level"], "warn");
        assert_eq!(v["check"], "zoho");
    }
}
