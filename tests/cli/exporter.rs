//! `intops exporter`: the real binary on a free port against the sandbox.

use crate::common::*;
use crate::live::{self, calls, series, value};
use intops::sandbox;

const CONFIGURED: &[&str] = &[
    "whatsapp_token",
    "whatsapp_phone",
    "whatsapp_metrics",
    "webhooks",
    "calendly",
    "zoho",
    "elevenlabs",
    "rets",
    "status_pages",
    "messenger",
];

#[test]
fn metrics_name_every_check_with_help_and_hide_no_check() {
    let home = Home::new();
    let sb = sandbox("token-expiring");
    let ex = live::start(&home, &sb, &[]);
    let m = ex.wait_first_runs(CONFIGURED);
    // The expiring token: warn, with its expiry in seconds (3 days and an hour in the sandbox).
    assert_eq!(
        value(&m, &series("intops_check_status", "whatsapp_token")),
        Some(1.0)
    );
    let left = value(&m, &series("intops_token_expiry_seconds", "whatsapp_token")).unwrap();
    assert!((3.0 * 86400.0..4.0 * 86400.0).contains(&left), "{left}");
    assert_eq!(
        value(
            &m,
            &series("intops_elevenlabs_credits_used_ratio", "elevenlabs")
        ),
        Some(0.375)
    );
    // The queue has no REDIS_URL here: visible as skipped and not configured, never absent.
    assert_eq!(
        value(&m, &series("intops_check_status", "queue")),
        Some(-1.0)
    );
    assert_eq!(
        value(&m, &series("intops_check_configured", "queue")),
        Some(0.0)
    );
    assert_eq!(
        value(&m, "intops_checks_configured{profile=\"default\"}"),
        Some(CONFIGURED.len() as f64)
    );
    // Every family has HELP and TYPE, once, before its samples.
    let mut families = std::collections::BTreeSet::new();
    for l in m.lines().filter(|l| !l.starts_with('#')) {
        let name = l.split(['{', ' ']).next().unwrap();
        assert!(
            m.contains(&format!("# HELP {name} ")) && m.contains(&format!("# TYPE {name} ")),
            "no HELP/TYPE for {name}"
        );
        families.insert(name.to_string());
    }
    for f in &families {
        assert_eq!(m.matches(&format!("# TYPE {f} ")).count(), 1, "{f}");
    }
    // No credential reaches a label, a value or a log line.
    for (name, secret) in sandbox::demo_credentials() {
        if name.contains("TOKEN")
            || name.contains("SECRET")
            || name.contains("PASSWORD")
            || name.contains("KEY")
        {
            assert!(!m.contains(&secret), "{name} in /metrics");
            assert!(!ex.log_text().contains(&secret), "{name} in the log");
        }
    }
    assert_eq!(live::get(&ex.addr, "/healthz"), (200, "ok\n".to_string()));
}

#[test]
fn probe_runs_a_check_at_most_once_per_minimum_interval() {
    let home = Home::new();
    home.write_config("[default.exporter]\nprobe_min_interval = \"1h\"\n");
    let sb = sandbox("healthy");
    let ex = live::start(&home, &sb, &[]);
    ex.wait_first_runs(&["whatsapp_token"]);
    let before = calls(&sb, "/debug_token");
    assert_eq!(before, 1, "the scheduled first run");
    for name in ["whatsapp-token", "whatsapp_token", "whatsapp%20token"] {
        let (code, body) = live::get(&ex.addr, &format!("/probe?check={name}"));
        assert_eq!(code, 200, "{body}");
        assert_eq!(
            value(&body, &series("intops_check_status", "whatsapp_token")),
            Some(0.0),
            "{body}"
        );
        // Only that check's series.
        assert!(!body.contains("check=\"zoho\""), "{body}");
    }
    assert_eq!(
        calls(&sb, "/debug_token"),
        1,
        "a probe within the minimum interval calls no vendor"
    );

    let (code, body) = live::get(&ex.addr, "/probe?check=nope");
    assert_eq!(code, 404);
    assert!(
        body.contains("unknown check \"nope\"; known: whatsapp_token, "),
        "{body}"
    );
    let (code, _) = live::get(&ex.addr, "/probe");
    assert_eq!(code, 400);
}

#[test]
fn a_due_probe_runs_the_check_again() {
    let home = Home::new();
    home.write_config("[default.exporter]\nprobe_min_interval = \"1s\"\n");
    let sb = sandbox("healthy");
    let ex = live::start(&home, &sb, &[]);
    ex.wait_first_runs(&["whatsapp_token"]);
    sb.state.set_scenario("token-expiring");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (_, body) = live::get(&ex.addr, "/probe?check=whatsapp-token");
    assert_eq!(
        value(&body, &series("intops_check_status", "whatsapp_token")),
        Some(1.0),
        "{body}"
    );
    assert_eq!(calls(&sb, "/debug_token"), 2);
    let log = ex.wait_log("trigger=probe status=warn");
    assert!(log.contains("trigger=probe status=warn"), "{log}");
}

#[test]
fn concurrent_probes_share_one_run() {
    let home = Home::new();
    home.write_config("[default.exporter]\nprobe_min_interval = \"1h\"\n[default.exporter.intervals]\n\"whatsapp token\" = \"1h\"\n");
    // Slow answers: the first (scheduled) run is still under way when the probes arrive.
    let sb = slow_sandbox("healthy", std::time::Duration::from_millis(700));
    let ex = live::start(&home, &sb, &[]);
    let probes: Vec<_> = (0..5)
        .map(|_| {
            let addr = ex.addr.clone();
            std::thread::spawn(move || live::get(&addr, "/probe?check=whatsapp-token"))
        })
        .collect();
    for p in probes {
        let (code, body) = p.join().unwrap();
        assert_eq!(code, 200);
        assert_eq!(
            value(&body, &series("intops_check_status", "whatsapp_token")),
            Some(0.0),
            "{body}"
        );
    }
    assert_eq!(
        calls(&sb, "/debug_token"),
        1,
        "never two runs of one check at once"
    );
}

#[test]
fn a_run_past_the_timeout_is_cut_and_unknown() {
    let home = Home::new();
    home.write_config("[default.exporter]\ntimeout = \"1s\"\n");
    let sb = slow_sandbox("healthy", std::time::Duration::from_secs(4));
    let ex = live::start(&home, &sb, &[]);
    let m = ex.wait_first_runs(&["whatsapp_token"]);
    assert_eq!(
        value(&m, &series("intops_check_status", "whatsapp_token")),
        Some(3.0)
    );
    let log = ex.wait_log("did not finish within 1s");
    assert!(log.contains("did not finish within 1s"), "{log}");
}

#[test]
fn the_zoho_token_is_reused_between_runs() {
    let home = Home::new();
    home.write_config("[default.exporter.intervals]\nzoho = \"200ms\"\n");
    let sb = sandbox("healthy");
    let ex = live::start(&home, &sb, &[]);
    ex.wait_for("three zoho runs", |m| {
        value(m, &series("intops_check_runs_total", "zoho")).unwrap_or(0.0) >= 3.0
    });
    assert_eq!(
        calls(&sb, "/oauth/v2/token"),
        1,
        "one refresh, then the cached token"
    );
    assert!(calls(&sb, "/users") >= 3, "every run still calls the CRM");
}

#[test]
fn sigterm_stops_cleanly_with_exit_0_and_json_logs() {
    let home = Home::new();
    let sb = sandbox("healthy");
    let mut ex = live::start(&home, &sb, &["--log-format", "json"]);
    ex.wait_first_runs(&["zoho"]);
    assert_eq!(ex.terminate(), 0);
    let log = ex.log_text();
    for line in log.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(v["ts"].is_string() && v["event"].is_string(), "{line}");
    }
    assert!(
        log.lines()
            .last()
            .unwrap()
            .contains("\"event\":\"stopped\""),
        "{log}"
    );
    assert!(log.contains("\"signal\":\"SIGTERM\""), "{log}");
}

#[test]
fn bad_exporter_config_exits_3_naming_the_fix() {
    let home = Home::new();
    home.write_config("[default.exporter.intervals]\n\"whatsap token\" = \"5m\"\n");
    let r = run(home.cmd(), &["exporter", "--listen", "127.0.0.1:0"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr
            .contains("unknown check \"whatsap token\"; known: whatsapp token"),
        "{}",
        r.stderr
    );

    let home = Home::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let r = run(home.cmd(), &["exporter", "--listen", &addr]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains(&format!("cannot listen on {addr}")),
        "{}",
        r.stderr
    );
}
