//! `doctor` never says OK for what it did not look at: nothing configured is unknown (exit 3,
//! `intops_report_status 3`, `intops_check_configured` 0/1), a required check that is skipped
//! is unknown, and a row with several crits shows every one.

use crate::common::{against, run, sandbox, Home, Run};

/// intops with no credentials; status pages pointed at a sandbox so nothing leaves 127.0.0.1.
fn bare(h: &Home, sb: &intops::sandbox::Background) -> assert_cmd::Command {
    let mut c = h.cmd();
    for (k, v) in sb.env() {
        if k.starts_with("INTOPS_STATUS_URL_") {
            c.env(k, v);
        }
    }
    c
}

fn row(r: &Run, name: &str) -> serde_json::Value {
    r.step(name)
}

#[test]
fn nothing_configured_is_unknown_exit_3() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(bare(&h, &sb), &["-o", "json", "doctor"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert_eq!(r.json()["status"], "unknown");
    let c = row(&r, "configuration");
    assert_eq!(c["status"], "unknown");
    assert!(
        c["summary"].as_str().unwrap().starts_with(
            "nothing was checked: no integration check is configured for profile default"
        ),
        "{c}"
    );
    // The rows themselves stay skipped, naming what is missing.
    assert_eq!(row(&r, "zoho")["status"], "skipped");
}

#[test]
fn nothing_configured_in_prom_is_report_status_3_with_configured_series() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let file = h.path().join("intops.prom");
    let r = run(
        bare(&h, &sb),
        &[
            "-o",
            "prom",
            "doctor",
            "--prom-file",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("intops_report_status{command=\"doctor\",profile=\"default\"} 3"),
        "{text}"
    );
    assert!(
        text.contains("intops_check_configured{command=\"doctor\",profile=\"default\",check=\"whatsapp_token\"} 0"),
        "{text}"
    );
    assert!(
        text.contains("intops_check_configured{command=\"doctor\",profile=\"default\",check=\"status_pages\"} 1"),
        "{text}"
    );
    assert!(text.contains("# TYPE intops_check_configured gauge"));
}

#[test]
fn one_configured_check_is_judged_and_its_series_is_1() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "prom", "doctor", "--check", "zoho"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("check=\"zoho\"} 1"), "{}", r.stdout);
    assert!(!r.stdout.contains("step=\"configuration\""), "{}", r.stdout);
}

#[test]
fn a_required_check_that_is_skipped_is_unknown() {
    let h = Home::new();
    let sb = sandbox("healthy");
    // Zoho configured (sandbox credentials), ElevenLabs key lost.
    let mut c = against(&h, &sb);
    c.env_remove("ELEVENLABS_API_KEY");
    let r = run(
        c,
        &[
            "-o",
            "json",
            "doctor",
            "--check",
            "zoho",
            "--require",
            "zoho,elevenlabs",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let e = row(&r, "elevenlabs");
    assert_eq!(e["status"], "unknown", "{e}");
    assert!(
        e["summary"]
            .as_str()
            .unwrap()
            .starts_with("required, but not configured: ELEVENLABS_API_KEY is not set"),
        "{e}"
    );
    assert_eq!(row(&r, "zoho")["status"], "ok");
}

#[test]
fn required_checks_in_the_profile_config() {
    let h = Home::new();
    h.write_config("[default]\nrequired_checks = [\"whatsapp token\", \"queue\"]\n");
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("WHATSAPP_ACCESS_TOKEN");
    let r = run(c, &["-o", "json", "doctor", "--check", "zoho"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert_eq!(row(&r, "whatsapp token")["status"], "unknown");
    // A misspelt name is a config error naming the checks, not a silent no-op.
    h.write_config("[default]\nrequired_checks = [\"whatsap token\"]\n");
    let r = run(against(&h, &sb), &["doctor"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.all().contains("\"whatsap token\" is not a check"),
        "{}",
        r.all()
    );
}

#[test]
fn a_row_with_two_crits_shows_both() {
    let h = Home::new();
    // The Lead Ads page subscription is inactive and the app is not subscribed to the WABA.
    let sb = sandbox("subscription-inactive");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "doctor", "--check", "webhooks"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let w = row(&r, "webhooks");
    let crits: Vec<String> = w["data"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "crit")
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert!(crits.len() >= 2, "{crits:?}");
    let summary = w["summary"].as_str().unwrap();
    for name in &crits {
        assert!(
            summary.contains(&format!("{name}: ")),
            "{summary} should show {name}"
        );
    }
    assert!(summary.contains("waba subscription: "), "{summary}");
}
