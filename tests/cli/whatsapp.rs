//! `intops whatsapp …` and `intops api meta …` against the sandbox.

use crate::common::*;
use intops::sandbox::meta::SANDBOX_USER_TOKEN;
use std::time::Duration;

#[test]
fn healthy_token_is_ok() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let t = r.step("token");
    assert_eq!(t["status"], "ok");
    assert_eq!(t["data"]["type"], "SYSTEM_USER");
    assert!(t["data"]["days_left"].as_i64().unwrap() >= 58);
    assert_eq!(r.step("scopes")["status"], "ok");
}

#[test]
fn expiring_token_warns_with_days_left() {
    let h = Home::new();
    let sb = sandbox("token-expiring");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let t = r.step("token");
    assert_eq!(t["status"], "warn");
    assert_eq!(t["data"]["days_left"], 3);
    assert!(t["summary"]
        .as_str()
        .unwrap()
        .starts_with("token expires in 3 days"));
    assert!(t["hint"].as_str().unwrap().contains("whatsapp-outage"));
}

#[test]
fn expired_token_is_crit_with_subcode() {
    let h = Home::new();
    let sb = sandbox("token-expired");
    let r = run(against(&h, &sb), &["whatsapp", "token-debug"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("CRIT"));
    assert!(r.stdout.contains("expired"), "{}", r.stdout);
    assert!(r.stdout.contains("next steps:"));
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.step("token")["data"]["code"], "190/463");
}

#[test]
fn never_expiring_token_is_ok() {
    let h = Home::new();
    let sb = sandbox("token-never-expires");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let t = r.step("token");
    assert!(t["summary"].as_str().unwrap().contains("never expires"));
    assert!(t["data"]["days_left"].is_null());
}

#[test]
fn malformed_token_is_crit_not_a_crash() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("WHATSAPP_ACCESS_TOKEN", "not-a-real-token");
    let r = run(c, &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("token")["summary"]
        .as_str()
        .unwrap()
        .contains("Cannot parse access token"));
    assert_no_secret(&r, "not-a-real-token");
}

#[test]
fn app_token_is_sent_in_a_header_with_a_proof_never_in_the_url() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let reqs = sb.state.recorded();
    let dbg = reqs
        .iter()
        .find(|q| q.path.ends_with("/debug_token"))
        .unwrap();
    assert_eq!(dbg.path, "/meta/v25.0/debug_token");
    assert_eq!(
        dbg.headers["authorization"],
        "Bearer 1234567890|sandbox-app-secret"
    );
    assert!(!dbg.query.contains("sandbox-app-secret"), "{}", dbg.query);
    assert!(dbg.query.contains("appsecret_proof=") && dbg.query.contains("appsecret_time="));
    assert!(!dbg.query.contains("access_token="));
}

#[test]
fn verbose_trace_redacts_every_secret() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-v", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("> GET"), "no trace: {}", r.stderr);
    assert!(
        r.stderr.contains("Authorization: Bearer ***"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("input_token=***"), "{}", r.stderr);
    assert_no_secret(&r, SANDBOX_USER_TOKEN);
    assert_no_secret(&r, "sandbox-app-secret");
    assert!(!r.stderr.contains("appsecret_proof=") || r.stderr.contains("appsecret_proof=***"));
}

#[test]
fn prom_output_has_status_and_expiry() {
    let h = Home::new();
    let sb = sandbox("token-expiring");
    let r = run(against(&h, &sb), &["-o", "prom", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            r#"intops_step_status{command="whatsapp token-debug",profile="default",step="token"} 1"#
        ),
        "{}",
        r.stdout
    );
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("intops_token_expiry_seconds{"))
        .expect("expiry metric");
    let secs: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(secs > 3.0 * 86400.0 && secs < 4.0 * 86400.0, "{line}");
}

#[test]
fn expired_graph_version_is_noticed() {
    let h = Home::new();
    h.write_config("[default]\ngraph_version = \"v18.0\"\n");
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.step("graph version")["summary"]
        .as_str()
        .unwrap()
        .contains("expired on 2026-01-26"));
    let api = r.step("meta api");
    assert!(
        api["summary"]
            .as_str()
            .unwrap()
            .contains("served Graph v21.0 although v18.0"),
        "{api}"
    );
}

#[test]
fn flagged_number_is_crit_with_next_step() {
    let h = Home::new();
    let sb = sandbox("number-flagged");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "phone"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let p = r.step("phone +1 555-010-0001");
    assert_eq!(p["status"], "crit");
    assert!(p["summary"].as_str().unwrap().contains("quality RED"));
    assert!(p["summary"].as_str().unwrap().contains("status FLAGGED"));
    assert!(p["hint"].as_str().unwrap().contains("WhatsApp Manager"));
}

#[test]
fn phone_lists_every_waba_number_across_pages() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("WHATSAPP_PHONE_NUMBER_ID");
    let r = run(c, &["-o", "json", "whatsapp", "phone"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let steps = r.json()["steps"].as_array().unwrap().len();
    assert_eq!(steps, 3, "{}", r.stdout);
    assert_eq!(r.step("phone +1 555-010-0002")["status"], "ok");
    assert_eq!(r.step("phone +1 555-010-0003")["status"], "ok");
}

#[test]
fn rate_limited_read_is_crit_with_wait_time() {
    let h = Home::new();
    let sb = sandbox("rate-limited");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "phone"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let p = r.step("phone");
    assert_eq!(p["data"]["code"], "80007");
    assert_eq!(p["data"]["retry_after_secs"], 300);
    assert!(p["hint"].as_str().unwrap().contains("about 5 min"));
    let usage = r.step("meta api");
    assert!(
        usage["summary"].as_str().unwrap().contains("100%"),
        "{usage}"
    );
}

#[test]
fn html_502_is_one_line_crit() {
    let h = Home::new();
    let sb = sandbox("html-502");
    let r = run(against(&h, &sb), &["--timeout", "2", "whatsapp", "phone"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stdout
            .contains("HTTP 502 with an HTML page (\"502 Bad Gateway\")"),
        "{}",
        r.stdout
    );
    // 5xx on a GET is retried before giving up.
    assert!(sb.state.recorded().len() >= 2);
}

#[test]
fn truncated_json_is_unknown_not_a_panic() {
    let h = Home::new();
    let sb = sandbox("truncated-json");
    let r = run(against(&h, &sb), &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let t = r.step("token");
    assert_eq!(t["status"], "unknown");
    assert!(t["summary"].as_str().unwrap().contains("unreadable answer"));
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn connection_refused_names_the_host() {
    let h = Home::new();
    let mut c = h.cmd();
    for (k, v) in intops::sandbox::demo_credentials() {
        c.env(k, v);
    }
    c.env(
        "INTOPS_META_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    );
    let r = run(
        c,
        &["--timeout", "1", "-o", "json", "whatsapp", "token-debug"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("token")["summary"].as_str().unwrap().to_string();
    assert!(
        s.contains("cannot reach 127.0.0.1: connection refused"),
        "{s}"
    );
}

#[test]
fn timeout_is_reported_as_such() {
    let h = Home::new();
    let sb = slow_sandbox("healthy", Duration::from_secs(3));
    let r = run(
        against(&h, &sb),
        &["--timeout", "0.3", "-o", "json", "whatsapp", "token-debug"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("token")["summary"]
        .as_str()
        .unwrap()
        .contains("timed out after 0.3s"));
}

#[test]
fn send_test_needs_yes_without_terminal() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["whatsapp", "send-test", "--to", "+15551234567"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--yes"));
    assert!(!sb.state.recorded().iter().any(|q| q.method == "POST"));
}

#[test]
fn send_test_dry_run_sends_nothing() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "--dry-run",
            "-o",
            "json",
            "whatsapp",
            "send-test",
            "--to",
            "+15551234567",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("send")["status"], "skipped");
    assert!(
        r.stderr.contains("dry-run: would send POST"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("+15551234567"));
    assert!(!sb.state.recorded().iter().any(|q| q.method == "POST"));
}

#[test]
fn send_test_reports_message_id_and_sends_the_documented_body() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "--yes",
            "-o",
            "json",
            "whatsapp",
            "send-test",
            "--to",
            "+15551234567",
            "--text",
            "hi",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("send")["data"]["message_id"]
        .as_str()
        .unwrap()
        .starts_with("wamid."));
    let post = sb
        .state
        .recorded()
        .into_iter()
        .find(|q| q.method == "POST")
        .unwrap();
    assert_eq!(post.path, "/meta/v25.0/106540352242922/messages");
    let body: serde_json::Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["to"], "+15551234567");
    assert_eq!(body["text"]["body"], "hi");
}

#[test]
fn send_test_classifies_24h_window_and_undeliverable() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "--yes",
            "-o",
            "json",
            "whatsapp",
            "send-test",
            "--to",
            "+15550002424",
        ],
    );
    assert_eq!(r.code, 2);
    let s = r.step("send");
    assert_eq!(s["data"]["code"], "131047");
    assert!(s["hint"].as_str().unwrap().contains("--template"));
    let r = run(
        against(&h, &sb),
        &[
            "--yes",
            "-o",
            "json",
            "whatsapp",
            "send-test",
            "--to",
            "+15551230000",
        ],
    );
    assert_eq!(r.step("send")["data"]["cause"], "recipient cannot receive");
}

#[test]
fn send_test_rate_limit_is_classified() {
    let h = Home::new();
    let sb = sandbox("rate-limited");
    let r = run(
        against(&h, &sb),
        &[
            "--yes",
            "-o",
            "json",
            "whatsapp",
            "send-test",
            "--to",
            "+15551234567",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.step("send")["data"]["code"], "130429/2494055");
    assert_eq!(r.step("send")["data"]["cause"], "rate limited");
}

#[test]
fn send_test_rejects_a_bad_number() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["--yes", "whatsapp", "send-test", "--to", "call-me"],
    );
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("international format"));
}

#[test]
fn api_get_prints_the_body() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["api", "meta", "GET", "/me"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let body: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(body["name"], "intops sandbox system user");
}

#[test]
fn api_post_honours_dry_run_and_fields() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "--dry-run",
            "api",
            "meta",
            "POST",
            "/106540352242922/messages",
            "-f",
            "to=+15551234567",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("to=%2B15551234567"), "{}", r.stderr);
    assert!(!sb.state.recorded().iter().any(|q| q.method == "POST"));
}

#[test]
fn api_error_is_classified() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "api", "meta", "GET", "/999"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let j = r.json();
    assert_eq!(j["code"], "100/33");
    assert_eq!(j["cause"], "not found");
    assert!(j["hint"]
        .as_str()
        .unwrap()
        .contains("WHATSAPP_PHONE_NUMBER_ID"));
    assert!(
        j["error"]
            .as_str()
            .unwrap()
            .contains("trace AbCdSandboxTrace"),
        "{j}"
    );
}

#[test]
fn demo_runs_with_no_credentials() {
    let h = Home::new();
    let r = run(h.cmd(), &["sandbox", "--demo"]);
    // Healthy is green: exit 0, as `intops doctor` on a healthy system.
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.starts_with("doctor · profile default · OK"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("demo finished: worst status OK, exit 0 as `intops doctor`"),
        "{}",
        r.stderr
    );
    for name in [
        "webhooks",
        "calendly",
        "zoho",
        "elevenlabs",
        "rets",
        "status pages",
    ] {
        assert!(r.stdout.contains(name), "{name}: {}", r.stdout);
    }
    // The demo runs `doctor`: one row per vendor check.
    assert!(r.stdout.starts_with("doctor · "), "{}", r.stdout);
    assert!(r.stdout.contains("whatsapp token"));
    assert!(r.stdout.contains("whatsapp phone"));
}

#[test]
fn a_wrong_app_token_is_named_as_the_culprit() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("WHATSAPP_APP_TOKEN", "garbage-app-token");
    let r = run(c, &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let t = r.step("token");
    assert!(
        t["summary"]
            .as_str()
            .unwrap()
            .starts_with("the app token (WHATSAPP_APP_TOKEN) was rejected"),
        "{t}"
    );
    assert!(t["hint"].as_str().unwrap().contains("same app"));
    assert_no_secret(&r, "garbage-app-token");
}
