//! Prometheus text format for the node_exporter textfile collector.

use crate::error::Error;
use crate::report::Report;
use std::collections::BTreeMap;

fn esc(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn metric_name(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !s.starts_with("intops_") {
        s = format!("intops_{s}");
    }
    s
}

pub fn render(report: &Report) -> String {
    let mut families: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let base = format!(
        "command=\"{}\",profile=\"{}\"",
        esc(&report.command),
        esc(&report.profile)
    );
    for s in &report.steps {
        let labels = format!("{base},step=\"{}\"", esc(&s.name));
        families
            .entry("intops_step_status".into())
            .or_default()
            .push(format!(
                "intops_step_status{{{labels}}} {}",
                s.status.prom_value()
            ));
        for (name, value) in &s.metrics {
            let n = metric_name(name);
            families
                .entry(n.clone())
                .or_default()
                .push(format!("{n}{{{labels}}} {value}"));
        }
    }
    let mut out = String::new();
    out.push_str(
        "# HELP intops_report_status Worst step status: 0 ok, 1 warn, 2 crit, 3 unknown.\n",
    );
    out.push_str("# TYPE intops_report_status gauge\n");
    out.push_str(&format!(
        "intops_report_status{{{base}}} {}\n",
        report.exit_code()
    ));
    out.push_str("# TYPE intops_report_duration_seconds gauge\n");
    out.push_str(&format!(
        "intops_report_duration_seconds{{{base}}} {}\n",
        report.duration_ms as f64 / 1000.0
    ));
    out.push_str(&format!(
        "# TYPE intops_report_timestamp_seconds gauge\nintops_report_timestamp_seconds{{{base}}} {}\n",
        report.started_at.timestamp()
    ));
    // doctor: whether each check is configured at all, so an alert can tell "fine" from "not
    // looked at".
    let configured: Vec<String> = report
        .steps
        .iter()
        .filter_map(|s| {
            let c = s.data.get("configured")?.as_bool()?;
            let check = s.data.get("check")?.as_str()?;
            Some(format!(
                "intops_check_configured{{{base},check=\"{}\"}} {}",
                esc(check),
                u8::from(c)
            ))
        })
        .collect();
    if !configured.is_empty() {
        out.push_str("# HELP intops_check_configured 1 when the check has the configuration it needs, 0 when it was skipped.\n# TYPE intops_check_configured gauge\n");
        for l in configured {
            out.push_str(&l);
            out.push('\n');
        }
    }
    for (name, lines) in families {
        if name == "intops_step_status" {
            out.push_str("# HELP intops_step_status Step status: 0 ok, 1 warn, 2 crit, 3 unknown, -1 skipped.\n");
        }
        out.push_str(&format!("# TYPE {name} gauge\n"));
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

pub fn render_error(command: &str, profile: &str, err: &Error) -> String {
    format!(
        "# TYPE intops_report_status gauge\nintops_report_status{{command=\"{}\",profile=\"{}\"}} {}\n",
        esc(command),
        esc(profile),
        err.exit_code()
    )
}
