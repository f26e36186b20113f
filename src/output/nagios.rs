//! The Monitoring Plugins format (Nagios, Icinga, Sensu): one status line, the other steps as long
//! text, perfdata after a `|`. The exit code is the report's, which already follows the plugin
//! convention (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
//!
//! ```text
//! INTOPS WARNING - whatsapp token: token expires in 5 days (2026-11-29T03:12:09Z) | 'token_days_left'=5;7;0
//! OK - whatsapp phone: CONNECTED, quality GREEN
//! ```

use crate::config::Thresholds;
use crate::error::Error;
use crate::report::{Report, Status, Step};

/// The plugin word for a status; skipped counts as OK (nothing to alert on).
pub fn word(s: Status) -> &'static str {
    match s {
        Status::Ok | Status::Skipped => "OK",
        Status::Warn => "WARNING",
        Status::Crit => "CRITICAL",
        Status::Unknown => "UNKNOWN",
    }
}

/// One line, no `|` (it starts the perfdata) and no newline.
fn clean(s: &str) -> String {
    s.replace('|', "/").replace(['\n', '\r'], " ")
}

/// One perfdata item: `'label'=value[uom];warn;crit;min;max`, trailing empty fields dropped.
struct Perf {
    label: String,
    value: f64,
    uom: &'static str,
    warn: Option<f64>,
    crit: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl Perf {
    fn render(&self) -> String {
        let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
        let mut fields = vec![
            format!("{}{}", num(self.value), self.uom),
            opt(self.warn),
            opt(self.crit),
            opt(self.min),
            opt(self.max),
        ];
        while fields.len() > 1 && fields.last().is_some_and(|f| f.is_empty()) {
            fields.pop();
        }
        let label = self.label.replace('\'', "");
        format!("'{label}'={}", fields.join(";"))
    }
}

/// The perfdata a step's metric becomes: the SLA series carry the profile's thresholds.
fn perf(metric: &str, value: f64, t: &Thresholds) -> Perf {
    let plain = |label: &str, uom: &'static str| Perf {
        label: label.to_string(),
        value,
        uom,
        warn: None,
        crit: None,
        min: None,
        max: None,
    };
    match metric {
        "token_expiry_seconds" => Perf {
            value: (value / 86_400.0).floor(),
            warn: Some(t.token_warn_days as f64),
            crit: Some(0.0),
            ..plain("token_days_left", "")
        },
        "whatsapp_api_error_rate_percent" => Perf {
            warn: Some(t.error_rate_warn),
            crit: Some(t.error_rate_crit),
            min: Some(0.0),
            max: Some(100.0),
            ..plain("api_error_rate", "%")
        },
        "whatsapp_send_success_percent" => Perf {
            warn: Some(t.delivery_warn),
            crit: Some(t.delivery_crit),
            min: Some(0.0),
            max: Some(100.0),
            ..plain("delivery", "%")
        },
        "whatsapp_webhook_latency_p95_seconds" => Perf {
            warn: Some(t.webhook_latency_warn_ms as f64 / 1000.0),
            crit: Some(t.webhook_latency_crit_ms as f64 / 1000.0),
            min: Some(0.0),
            ..plain("webhook_latency_p95", "s")
        },
        m if m.ends_with("_seconds") => Perf {
            min: None,
            ..plain(m, "s")
        },
        m if m.ends_with("_percent") => plain(m, "%"),
        m => plain(m, ""),
    }
}

/// Every step's metrics as perfdata, the lead step's first (the status line carries the first
/// item); a label met twice (several rows with the same series) is made unique with its step's name.
fn perfdata(report: &Report, lead: Option<usize>, t: &Thresholds) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let order = lead
        .into_iter()
        .chain((0..report.steps.len()).filter(|i| Some(*i) != lead));
    for s in order.map(|i| &report.steps[i]) {
        // Series with thresholds first: they are what the status line is about.
        let mut items: Vec<Perf> = s
            .metrics
            .iter()
            .filter(|(_, v)| v.is_finite())
            .map(|(m, v)| perf(m, *v, t))
            .collect();
        items.sort_by_key(|p| p.warn.is_none());
        for mut p in items {
            if seen.contains(&p.label) {
                p.label = format!("{} {}", s.name, p.label);
            }
            if seen.contains(&p.label) {
                continue;
            }
            seen.push(p.label.clone());
            out.push(p.render());
        }
    }
    out
}

fn step_text(s: &Step) -> String {
    clean(&format!("{}: {}", s.name, s.summary))
}

pub fn render(report: &Report, t: &Thresholds) -> String {
    let worst = report.worst();
    // The status line names the step that decided the status (the first one at the worst level).
    let lead = report
        .steps
        .iter()
        .position(|s| s.status == worst && worst != Status::Ok);
    let headline = match lead {
        Some(i) => step_text(&report.steps[i]),
        None => {
            let ok = report
                .steps
                .iter()
                .filter(|s| s.status == Status::Ok)
                .count();
            let skipped = report.steps.len() - ok;
            let mut s = format!("{}: {ok} ok", report.command);
            if skipped > 0 {
                s.push_str(&format!(", {skipped} skipped"));
            }
            clean(&s)
        }
    };
    let perf = perfdata(report, lead, t);
    let mut out = format!("INTOPS {} - {headline}", word(worst));
    // The first perfdata item rides on the status line; the rest follow the long text.
    if let Some(first) = perf.first() {
        out.push_str(&format!(" | {first}"));
    }
    out.push('\n');
    if let Some(i) = lead {
        if let Some(h) = &report.steps[i].hint {
            out.push_str(&clean(&format!("next: {h}")));
            out.push('\n');
        }
    }
    for (i, s) in report.steps.iter().enumerate() {
        if Some(i) == lead {
            continue;
        }
        out.push_str(&format!("{} - {}\n", word(s.status), step_text(s)));
    }
    if perf.len() > 1 {
        out.push_str(&format!("| {}\n", perf[1..].join(" ")));
    }
    out
}

/// An error that stopped the command: the status line alone (UNKNOWN for a check that could not
/// run), the hint as long text.
pub fn render_error(err: &Error, hint: Option<String>) -> String {
    let mut out = format!("INTOPS {} - {}\n", word(err.status()), clean(&err.line()));
    if let Some(h) = hint {
        out.push_str(&clean(&format!("next: {h}")));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(steps: Vec<Step>) -> Report {
        let mut r = Report::new("doctor", "default", chrono::Utc::now());
        r.extend(steps);
        r
    }

    #[test]
    fn warning_leads_with_the_step_and_carries_token_thresholds() {
        let r = report(vec![
            Step::ok("whatsapp phone", "CONNECTED, quality GREEN"),
            Step::warn("whatsapp token", "expires in 5 days")
                .hint("rotate it")
                .metric("token_expiry_seconds", 5.0 * 86_400.0 + 3600.0),
            Step::skipped("zoho", "not configured: ZOHO_CLIENT_ID is not set"),
        ]);
        let out = render(&r, &Thresholds::default());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "INTOPS WARNING - whatsapp token: expires in 5 days | 'token_days_left'=5;7;0"
        );
        assert_eq!(lines[1], "next: rotate it");
        assert_eq!(lines[2], "OK - whatsapp phone: CONNECTED, quality GREEN");
        assert_eq!(
            lines[3],
            "OK - zoho: not configured: ZOHO_CLIENT_ID is not set"
        );
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn all_ok_counts_and_later_perfdata_follows_the_long_text() {
        let t = Thresholds {
            error_rate_warn: 2.0,
            ..Default::default()
        };
        let r = report(vec![
            Step::ok("api error rate", "0.2 %").metric("whatsapp_api_error_rate_percent", 0.2),
            Step::ok("webhook latency", "1.5 s")
                .metric("whatsapp_webhook_latency_p95_seconds", 1.5),
            Step::skipped("queue", "not configured"),
        ]);
        let out = render(&r, &t);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "INTOPS OK - doctor: 2 ok, 1 skipped | 'api_error_rate'=0.2%;2;5;0;100"
        );
        assert_eq!(lines.last().unwrap(), &"| 'webhook_latency_p95'=1.5s;3;5;0");
    }

    #[test]
    fn a_pipe_in_a_summary_cannot_start_perfdata() {
        let r = report(vec![Step::crit(
            "rets",
            "login failed | reply 20036\nagain",
        )]);
        let out = render(&r, &Thresholds::default());
        assert_eq!(
            out,
            "INTOPS CRITICAL - rets: login failed / reply 20036 again\n"
        );
    }

    #[test]
    fn duplicate_series_are_named_by_their_step() {
        let r = report(vec![
            Step::ok("feed a", "fresh").metric("reso_lag_seconds", 60.0),
            Step::ok("feed b", "fresh").metric("reso_lag_seconds", 120.0),
        ]);
        let out = render(&r, &Thresholds::default());
        assert!(out.contains("| 'reso_lag_seconds'=60s\n"), "{out}");
        assert!(out.ends_with("| 'feed b reso_lag_seconds'=120s\n"), "{out}");
    }

    #[test]
    fn errors_are_one_unknown_line_with_the_fix() {
        let e = Error::MissingSecret {
            name: "WHATSAPP_ACCESS_TOKEN".into(),
            profile: "default".into(),
            keyring: false,
        };
        let out = render_error(&e, e.hint());
        assert!(out.starts_with(
            "INTOPS UNKNOWN - missing credential WHATSAPP_ACCESS_TOKEN (profile default)\nnext: export WHATSAPP_ACCESS_TOKEN=..."
        ));
    }
}
