//! contrib/: the alert rules pass promtool (check and unit tests), the Grafana dashboard and the
//! rules use only series intops exports, and the systemd units call flags the binary has.
//! promtool comes from Debian's `prometheus` package (scripts/services installs it); a missing
//! promtool fails these tests rather than skipping them.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn contrib(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("contrib")
        .join(rel)
}

fn promtool(args: &[&str]) -> (bool, String) {
    let out = Command::new("promtool")
        .args(args)
        .current_dir(contrib("prometheus"))
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run promtool ({e}): install Debian's prometheus package (scripts/services does)")
        });
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn alert_rules_pass_promtool_check() {
    let (ok, out) = promtool(&["check", "rules", "alerts.yml"]);
    assert!(ok, "{out}");
    assert!(out.contains("SUCCESS"), "{out}");
}

#[test]
fn alert_rules_pass_their_unit_tests() {
    let tests: Vec<String> = std::fs::read_dir(contrib("prometheus/tests"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .map(|p| format!("tests/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    assert!(!tests.is_empty());
    let mut args = vec!["test", "rules"];
    args.extend(tests.iter().map(|s| s.as_str()));
    let (ok, out) = promtool(&args);
    assert!(ok, "{out}");
}

/// `intops_*` names in a text.
fn intops_names(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .match_indices("intops_")
        .map(|(i, _)| {
            text[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn exported() -> Vec<&'static str> {
    intops::exporter::catalog::names().collect()
}

#[test]
fn every_alert_has_a_summary_and_names_an_intops_command() {
    let text = std::fs::read_to_string(contrib("prometheus/alerts.yml")).unwrap();
    let alerts = text.matches("- alert: ").count();
    assert!(alerts >= 11, "{alerts}");
    assert_eq!(text.matches("summary: ").count(), alerts);
    let runbooks: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("runbook: "))
        .collect();
    assert_eq!(runbooks.len(), alerts);
    for r in runbooks {
        assert!(r.contains("intops "), "{r}");
    }
    for name in intops_names(&text) {
        assert!(
            exported().contains(&name.as_str()),
            "alerts.yml uses {name}, which intops does not export"
        );
    }
}

#[test]
fn the_dashboard_is_json_with_a_row_per_vendor_and_exported_series_only() {
    let text = std::fs::read_to_string(contrib("grafana/intops.json")).unwrap();
    let dash: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let panels = dash["panels"].as_array().unwrap();
    let rows: Vec<&str> = panels
        .iter()
        .filter(|p| p["type"] == "row")
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    for vendor in [
        "WhatsApp",
        "Zoho",
        "Calendly",
        "ElevenLabs",
        "RETS / RESO",
        "Message queue",
        "Status pages",
    ] {
        assert!(rows.contains(&vendor), "no row {vendor}: {rows:?}");
    }
    let mut used = Vec::new();
    for p in panels {
        for t in p["targets"].as_array().into_iter().flatten() {
            used.extend(intops_names(t["expr"].as_str().unwrap()));
        }
    }
    used.extend(intops_names(&dash["templating"].to_string()));
    assert!(used.len() > 10);
    for name in used {
        assert!(
            exported().contains(&name.as_str()),
            "the dashboard queries {name}, which intops does not export"
        );
    }
}

#[test]
fn systemd_units_call_flags_the_binary_has() {
    let home = Home::new();
    for (unit, sub, flags) in [
        (
            "systemd/intops-exporter.service",
            "exporter",
            &["--listen", "--log-format"][..],
        ),
        (
            "systemd/intops-doctor.service",
            "doctor",
            &["--prom-file"][..],
        ),
    ] {
        let text = std::fs::read_to_string(contrib(unit)).unwrap();
        let exec = text
            .lines()
            .find_map(|l| l.strip_prefix("ExecStart="))
            .unwrap_or_else(|| panic!("{unit} has no ExecStart"));
        assert!(exec.contains(&format!("intops {sub} ")), "{exec}");
        let help = run(home.cmd(), &[sub, "--help"]).stdout;
        for f in flags {
            assert!(exec.contains(f) && help.contains(f), "{unit}: {f}");
        }
    }
    let timer = std::fs::read_to_string(contrib("systemd/intops-doctor.timer")).unwrap();
    assert!(timer.contains("OnUnitActiveSec="));
}

#[test]
fn the_textfile_path_carries_the_labels_the_rules_read() {
    let home = Home::new();
    let sb = sandbox("token-expiring");
    let file = home.path().join("intops.prom");
    let r = run(
        against(&home, &sb),
        &[
            "doctor",
            "-o",
            "json",
            "--prom-file",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("intops_check_status{check=\"whatsapp_token\",profile=\"default\"} 1\n"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("intops_token_expiry_seconds{")
                && l.contains("check=\"whatsapp_token\"")),
        "{text}"
    );
}

#[test]
fn exporter_and_textfile_output_pass_promtool_check_metrics() {
    let home = Home::new();
    let sb = sandbox("healthy");
    let ex = crate::live::start(&home, &sb, &[]);
    let m = ex.wait_first_runs(&["whatsapp_token", "zoho", "elevenlabs", "status_pages"]);
    let mut child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool (Debian's prometheus package)");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(m.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
