//! The Prometheus text exposition format for the exporter's state: one family per name, each
//! with HELP and TYPE, labels `check` and `profile` (names from the code and the config, never a
//! credential).

use super::{catalog, CheckState, Exporter};
use crate::report::Status;
use std::collections::BTreeMap;
use std::fmt::Write;

fn esc(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// `intops_<name>` for a check's numeric data, with characters Prometheus does not allow replaced.
pub fn series_name(raw: &str) -> String {
    let s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with("intops_") {
        s
    } else {
        format!("intops_{s}")
    }
}

fn num(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        format!("{v}")
    }
}

#[derive(Default)]
struct Families(BTreeMap<String, Vec<String>>);

impl Families {
    fn push(&mut self, name: &str, labels: &str, value: f64) {
        self.0
            .entry(name.to_string())
            .or_default()
            .push(format!("{name}{{{labels}}} {}", num(value)));
    }

    fn write(self, order: &[&str], out: &mut String) {
        let mut fams = self.0;
        let mut names: Vec<String> = order
            .iter()
            .filter(|n| fams.contains_key(**n))
            .map(|n| n.to_string())
            .collect();
        names.extend(
            fams.keys()
                .filter(|k| !order.contains(&k.as_str()))
                .cloned(),
        );
        for name in names {
            let Some(lines) = fams.remove(&name) else {
                continue;
            };
            let (kind, help) = match catalog::find(&name) {
                Some(d) => (d.kind, d.help.to_string()),
                None => (
                    "gauge",
                    format!("Numeric data of an intops check ({name})."),
                ),
            };
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} {kind}");
            for l in lines {
                out.push_str(&l);
                out.push('\n');
            }
        }
    }
}

fn check_series(f: &mut Families, st: &CheckState, profile: &str) {
    let labels = format!("check=\"{}\",profile=\"{}\"", st.id.label(), esc(profile));
    st.with_latest(|l| latest_series(f, st, l, &labels));
}

fn latest_series(f: &mut Families, st: &CheckState, l: &super::Latest, labels: &str) {
    // Not run yet (or never finished): unknown, so the check is visible rather than absent.
    let status = l.step.as_ref().map(|s| s.status).unwrap_or(Status::Unknown);
    f.push("intops_check_status", labels, status.prom_value() as f64);
    f.push(
        "intops_check_configured",
        labels,
        if st.missing.is_none() { 1.0 } else { 0.0 },
    );
    if st.missing.is_some() {
        return;
    }
    f.push(
        "intops_check_interval_seconds",
        labels,
        st.interval.as_secs_f64(),
    );
    f.push("intops_check_runs_total", labels, l.runs as f64);
    if let Some(at) = l.finished_at {
        f.push(
            "intops_check_duration_seconds",
            labels,
            l.duration.as_secs_f64(),
        );
        f.push(
            "intops_check_last_run_timestamp_seconds",
            labels,
            at.timestamp_millis() as f64 / 1000.0,
        );
    }
    f.push(
        "intops_check_last_success_timestamp_seconds",
        labels,
        l.last_success
            .map(|t| t.timestamp_millis() as f64 / 1000.0)
            .unwrap_or(0.0),
    );
    if let Some(step) = &l.step {
        for (name, v) in &step.metrics {
            f.push(&series_name(name), labels, *v);
        }
    }
}

fn order() -> Vec<&'static str> {
    catalog::CHECK_SERIES.iter().map(|d| d.name).collect()
}

/// `/metrics`: every check.
pub fn metrics(ex: &Exporter) -> String {
    let profile = &ex.ctx.profile;
    let mut f = Families::default();
    f.push(
        "intops_build_info",
        &format!("version=\"{}\"", env!("CARGO_PKG_VERSION")),
        1.0,
    );
    f.push(
        "intops_checks_configured",
        &format!("profile=\"{}\"", esc(profile)),
        ex.configured() as f64,
    );
    for st in &ex.states {
        check_series(&mut f, st, profile);
    }
    let mut out = String::with_capacity(8192);
    f.write(&order(), &mut out);
    out
}

/// `/probe?check=NAME`: that check's series only.
pub fn probe(ex: &Exporter, i: usize) -> String {
    let mut f = Families::default();
    check_series(&mut f, &ex.states[i], &ex.ctx.profile);
    let mut out = String::new();
    f.write(&order(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_names_are_prefixed_and_sanitised() {
        assert_eq!(
            series_name("token_expiry_seconds"),
            "intops_token_expiry_seconds"
        );
        assert_eq!(series_name("intops_x"), "intops_x");
        assert_eq!(series_name("a.b-C"), "intops_a_b_c");
    }

    #[test]
    fn every_family_has_help_and_type_once() {
        let mut f = Families::default();
        f.push("intops_check_status", "check=\"a\"", 0.0);
        f.push("intops_check_status", "check=\"b\"", 3.0);
        f.push("intops_something_new", "check=\"b\"", 1.5);
        let mut out = String::new();
        f.write(&order(), &mut out);
        assert_eq!(out.matches("# TYPE intops_check_status gauge").count(), 1);
        assert!(out.contains("# HELP intops_something_new Numeric data"));
        assert!(out.contains("intops_check_status{check=\"b\"} 3\n"));
    }
}
