//! `intops doctor` against the sandbox: one row per check, skipped rows naming the missing
//! variable, the worst row deciding the exit code, and the atomic textfile-collector file.

use crate::common::*;
use intops::sandbox::meta::SANDBOX_USER_TOKEN;

fn row(r: &Run, name: &str) -> serde_json::Value {
    r.step(name)
}

#[test]
fn healthy_sandbox_every_row_ok_with_the_full_report_inside() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "doctor"]);
    // The sandbox's callbacks are https with a certificate its CA signed (trusted through
    // INTOPS_CA_FILE): every row is ok but the queue, which the sandbox does not fake.
    assert_eq!(r.code, 0, "{}", r.all());
    for name in [
        "webhooks",
        "whatsapp token",
        "whatsapp phone",
        "whatsapp metrics",
        "calendly",
        "zoho",
        "elevenlabs",
        "rets",
        "status pages",
    ] {
        let s = row(&r, name);
        assert_eq!(s["status"], "ok", "{name}: {s}");
        assert!(!s["data"]["steps"].as_array().unwrap().is_empty());
    }
    assert_eq!(
        row(&r, "whatsapp token")["data"]["command"],
        "whatsapp token"
    );
    let w = row(&r, "webhooks");
    assert!(w["summary"].as_str().unwrap().contains("https://"), "{w}");
    assert_eq!(row(&r, "queue")["status"], "skipped");
    assert!(row(&r, "whatsapp token")["summary"]
        .as_str()
        .unwrap()
        .contains("valid SYSTEM_USER token"));
    // Every check hit the fake vendors, and nothing but reads (and Zoho's token grant).
    let rec = sb.state.recorded();
    assert!(rec.iter().any(|q| q.path.ends_with("/debug_token")));
    assert!(rec.iter().any(|q| q.path == "/prometheus/api/v1/query"));
    let writes: Vec<_> = rec
        .iter()
        .filter(|q| q.method != "GET" && !q.path.ends_with("/oauth/v2/token"))
        .map(|q| format!("{} {}", q.method, q.path))
        .collect();
    assert!(writes.is_empty(), "{writes:?}");
}

#[test]
fn table_shows_one_row_per_check() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["doctor"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.starts_with("doctor · profile default · OK"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stdout
            .lines()
            .filter(|l| l.starts_with("│ whatsapp token "))
            .count(),
        1,
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("whatsapp metrics"));
    // No spinner on a pipe.
    assert!(!r.stderr.contains("checking"), "{}", r.stderr);
}

#[test]
fn unconfigured_checks_are_skipped_naming_the_variable() {
    let h = Home::new();
    // Status pages need no credentials; point them at the sandbox so nothing leaves 127.0.0.1.
    let sb = sandbox("healthy");
    let mut c = h.cmd();
    for (k, v) in sb.env() {
        if k.starts_with("INTOPS_STATUS_URL_") {
            c.env(k, v);
        }
    }
    let r = run(c, &["-o", "json", "doctor"]);
    // Nothing but the status pages ran: unknown, not ok (see evidence::doctor).
    assert_eq!(r.code, 3, "{}", r.all());
    for name in [
        "webhooks",
        "calendly",
        "zoho",
        "elevenlabs",
        "rets",
        "queue",
    ] {
        assert_eq!(row(&r, name)["status"], "skipped", "{name}");
    }
    assert_eq!(row(&r, "status pages")["status"], "ok");
    let t = row(&r, "whatsapp token");
    assert_eq!(t["status"], "skipped");
    assert!(t["summary"]
        .as_str()
        .unwrap()
        .contains("WHATSAPP_ACCESS_TOKEN"));
    // INTOPS_KEYRING=none here: the hint names what works, not `intops auth set`.
    let hint = t["hint"].as_str().unwrap();
    assert!(hint.contains("export WHATSAPP_ACCESS_TOKEN=") && hint.contains("--env-file"));
    assert!(!hint.contains("auth set"), "{hint}");
    let m = row(&r, "whatsapp metrics");
    assert_eq!(m["status"], "skipped");
    assert_eq!(m["data"]["missing"], "PROMETHEUS_URL");
}

#[test]
fn phone_without_an_id_is_skipped_naming_both_settings() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("WHATSAPP_PHONE_NUMBER_ID")
        .env_remove("WHATSAPP_BUSINESS_ACCOUNT_ID");
    let r = run(c, &["-o", "json", "doctor"]);
    let p = row(&r, "whatsapp phone");
    assert_eq!(p["status"], "skipped");
    assert!(p["summary"]
        .as_str()
        .unwrap()
        .contains("WHATSAPP_PHONE_NUMBER_ID (or WHATSAPP_BUSINESS_ACCOUNT_ID)"));
    assert_eq!(row(&r, "whatsapp token")["status"], "ok");
}

#[test]
fn expired_token_row_is_crit_and_exits_2_with_the_runbook_hint() {
    let h = Home::new();
    let sb = sandbox("token-expired");
    let r = run(against(&h, &sb), &["-o", "json", "doctor"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let t = row(&r, "whatsapp token");
    assert_eq!(t["status"], "crit");
    assert!(t["summary"].as_str().unwrap().contains("not valid"));
    assert!(t["hint"]
        .as_str()
        .unwrap()
        .contains("whatsapp-outage, Option 1"));
    assert_eq!(r.json()["status"], "crit");
}

#[test]
fn expiring_token_warns_and_exits_1() {
    let h = Home::new();
    let sb = sandbox("token-expiring");
    let r = run(against(&h, &sb), &["doctor"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("token expires in 3 days"), "{}", r.stdout);
}

#[test]
fn unreachable_vendors_are_crit_rows_not_a_crash() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let dead = format!("http://127.0.0.1:{}", closed_port());
    let mut c = against(&h, &sb);
    c.env("INTOPS_META_URL", &dead).env("PROMETHEUS_URL", &dead);
    let r = run(c, &["-o", "json", "--timeout", "2", "doctor"]);
    assert_eq!(r.code, 2, "{}", r.all());
    for name in ["whatsapp token", "whatsapp phone", "whatsapp metrics"] {
        let s = row(&r, name);
        assert_eq!(s["status"], "crit", "{name}: {s}");
        assert!(
            s["summary"].as_str().unwrap().contains("unreachable"),
            "{s}"
        );
    }
}

#[test]
fn html_error_pages_are_crit_and_truncated_json_is_unknown() {
    let h = Home::new();
    let sb = sandbox("html-502");
    let r = run(against(&h, &sb), &["-o", "json", "doctor"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(row(&r, "whatsapp token")["summary"]
        .as_str()
        .unwrap()
        .contains("502"));
    let sb = sandbox("truncated-json");
    let r = run(against(&h, &sb), &["-o", "json", "doctor"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert_eq!(row(&r, "whatsapp metrics")["status"], "unknown");
}

#[test]
fn prom_file_is_written_atomically_for_the_textfile_collector() {
    let h = Home::new();
    let sb = sandbox("token-expiring");
    let dir = h.path().join("textfile");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("intops.prom");
    std::fs::write(&file, "old\n").unwrap();
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "prom",
            "doctor",
            "--prom-file",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    // node_exporter runs as its own user: the file must be readable by others.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{mode:o}");
    }
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(
            r#"intops_step_status{command="doctor",profile="default",step="whatsapp token"} 1"#
        ),
        "{text}"
    );
    // What the 7-days-before-expiry alert reads.
    assert!(
        text.contains("intops_token_expiry_seconds{command=\"doctor\""),
        "{text}"
    );
    assert!(text.contains("intops_report_status{command=\"doctor\",profile=\"default\"} 1"));
    // Only the final file: no temp file left for node_exporter to read half-written.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["intops.prom".to_string()]);
    assert!(r.stdout.contains("intops_step_status"));
}

#[test]
fn an_unwritable_prom_file_is_an_unknown_row_naming_the_path() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let blocker = h.path().join("not-a-dir");
    std::fs::write(&blocker, "x").unwrap();
    let target = blocker.join("intops.prom");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "doctor",
            "--prom-file",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("prom file");
    assert_eq!(s["status"], "unknown");
    assert!(s["summary"].as_str().unwrap().contains("not-a-dir"));
}

#[test]
fn a_prom_file_in_a_missing_directory_is_an_error_not_a_new_directory() {
    let h = Home::new();
    let sb = sandbox("healthy");
    // A typo in node_exporter's textfile directory: writing elsewhere would look fine and feed
    // nothing to Prometheus.
    let missing = h.path().join("textfile-typo");
    let target = missing.join("intops.prom");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "doctor",
            "--prom-file",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("prom file");
    assert_eq!(s["status"], "unknown");
    assert!(
        s["summary"].as_str().unwrap().contains("does not exist"),
        "{s}"
    );
    assert!(!missing.exists(), "the directory was created");
}

#[test]
fn check_filter_runs_only_the_named_checks_and_rejects_unknown_ones() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "doctor", "--check", "whatsapp token"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.json()["steps"].as_array().unwrap().len(), 1);
    assert!(sb
        .state
        .recorded()
        .iter()
        .all(|q| !q.path.starts_with("/prometheus")));
    let r = run(against(&h, &sb), &["doctor", "--check", "nope"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("invalid value") && r.stderr.contains("nope"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("whatsapp token"));
}

#[test]
fn verbose_doctor_never_prints_a_secret() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-v", "doctor"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for secret in [
        intops::sandbox::zoho::SANDBOX_CLIENT_SECRET,
        intops::sandbox::zoho::SANDBOX_REFRESH_TOKEN,
        intops::sandbox::elevenlabs::SANDBOX_API_KEY,
        intops::sandbox::rets::SANDBOX_RETS_PASSWORD,
    ] {
        assert_no_secret(&r, secret);
    }
    assert_no_secret(&r, SANDBOX_USER_TOKEN);
    assert_no_secret(&r, "sandbox-app-secret");
}

#[test]
fn sandbox_demo_runs_doctor_over_every_vendor() {
    let h = Home::new();
    let r = run(
        h.cmd(),
        &[
            "-o",
            "json",
            "sandbox",
            "--demo",
            "--scenario",
            "metrics-degraded",
        ],
    );
    // The demo exits as `intops doctor` would: crit is 2, and stderr says so.
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr
            .contains("worst status CRIT, exit 2 as `intops doctor`"),
        "{}",
        r.stderr
    );
    let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(j["command"], "doctor");
    assert_eq!(j["status"], "crit");
    let m = j["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "whatsapp metrics")
        .unwrap()
        .clone();
    assert_eq!(m["status"], "crit");
}
