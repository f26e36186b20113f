//! `intops whatsapp switch-number` (runbook whatsapp-outage, Option 3): the WABA's numbers listed
//! with their health across every page, a healthy backup written where the service reads
//! WHATSAPP_PHONE_NUMBER_ID, nothing written or sent when no number qualifies, on a dry run, or
//! without confirmation. The sandbox for the end-to-end path; wiremock for the Graph's edges.

use crate::common::*;
use intops::sandbox::meta::{SANDBOX_PHONE_ID, SANDBOX_PHONE_ID_2, SANDBOX_PHONE_ID_3};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const WABA: &str = "102290129340398";

fn env_file(h: &Home, current: &str) -> std::path::PathBuf {
    let p = h.path().join("service.env");
    std::fs::write(
        &p,
        format!("WHATSAPP_ACCESS_TOKEN=EAAsandboxSystemUserToken0000\nWHATSAPP_PHONE_NUMBER_ID={current}\n"),
    )
    .unwrap();
    p
}

/// intops against the sandbox, the current number read from the env file (not the environment).
fn cmd(h: &Home, sb: &intops::sandbox::Background) -> assert_cmd::Command {
    let mut c = against(h, sb);
    c.env_remove("WHATSAPP_PHONE_NUMBER_ID");
    c
}

fn posts(sb: &intops::sandbox::Background) -> Vec<String> {
    sb.state
        .recorded()
        .into_iter()
        .filter(|q| q.method != "GET")
        .map(|q| format!("{} {}", q.method, q.path))
        .collect()
}

#[test]
fn a_flagged_number_is_switched_to_the_healthy_backup_restarted_checked_and_tested() {
    let h = Home::new();
    let sb = sandbox("number-flagged");
    let marker = h.path().join("restarted");
    h.write_config(&format!(
        "[default.actions.restart]\nkind='command'\nargv=['touch','{}']\n",
        marker.display()
    ));
    let env = env_file(&h, SANDBOX_PHONE_ID);
    let (_, id) = {
        let r = run(
            cmd(&h, &sb),
            &[
                "-o",
                "json",
                "incident",
                "start",
                "whatsapp-outage",
                "--no-checks",
            ],
        );
        let id = r.step("incident")["data"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        (r, id)
    };
    let r = run(
        cmd(&h, &sb),
        &[
            "-o",
            "json",
            "--yes",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "switch-number",
            "--recipient",
            "+15551234567",
        ],
    );
    // The switch went through; the replaced number is still FLAGGED, a warning left to Meta.
    assert_eq!(r.code, 1, "{}", r.all());
    let text = std::fs::read_to_string(&env).unwrap();
    assert!(
        text.contains(&format!("WHATSAPP_PHONE_NUMBER_ID={SANDBOX_PHONE_ID_2}")),
        "{text}"
    );
    assert!(text.contains("WHATSAPP_ACCESS_TOKEN=EAAsandbox"), "{text}");
    // The table: every number of the three pages, with its health.
    let cur = r.step("number +1 555-010-0001");
    assert_eq!(cur["status"], "warn");
    assert!(cur["summary"]
        .as_str()
        .unwrap()
        .contains("current, unhealthy: status FLAGGED, quality RED"));
    assert_eq!(r.step("number +1 555-010-0002")["status"], "ok");
    let third = r.step("number +1 555-010-0003")["summary"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        third.contains("not usable: quality NA, display name PENDING_REVIEW"),
        "{third}"
    );
    assert_eq!(r.step("switch")["status"], "ok");
    assert_eq!(
        r.step("switch")["data"]["phone_number_id"],
        SANDBOX_PHONE_ID_2
    );
    assert_eq!(r.step("store env-file")["status"], "ok");
    assert_eq!(r.step("restart")["status"], "ok");
    assert!(marker.exists(), "restart action did not run");
    assert_eq!(r.step("waba subscription")["status"], "ok");
    assert_eq!(r.step("send")["status"], "ok");
    // The test message left from the new number.
    let sent = sb
        .state
        .recorded()
        .into_iter()
        .filter(|q| q.method == "POST" && q.path.ends_with("/messages"))
        .collect::<Vec<_>>();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].path.contains(SANDBOX_PHONE_ID_2),
        "{}",
        sent[0].path
    );
    // The switch is on the incident's timeline, as a mitigation.
    let r = run(h.cmd(), &["-o", "json", "incident", "list"]);
    let actions = r.step(&id)["data"]["actions"].clone();
    let switch = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "whatsapp switch-number")
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(switch["mitigation"], true);
    assert!(switch["summary"]
        .as_str()
        .unwrap()
        .contains(SANDBOX_PHONE_ID_2));
}

#[test]
fn dry_run_lists_every_step_and_writes_restarts_and_sends_nothing() {
    let h = Home::new();
    let sb = sandbox("number-flagged");
    let marker = h.path().join("restarted");
    h.write_config(&format!(
        "[default.actions.restart]\nkind='command'\nargv=['touch','{}']\n",
        marker.display()
    ));
    let env = env_file(&h, SANDBOX_PHONE_ID);
    let before = std::fs::read_to_string(&env).unwrap();
    let r = run(
        cmd(&h, &sb),
        &[
            "-o",
            "json",
            "--dry-run",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "switch-number",
            "--recipient",
            "+15551234567",
        ],
    );
    assert!(r.code <= 1, "{}", r.all());
    assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
    assert!(!marker.exists());
    assert!(posts(&sb).is_empty(), "{:?}", posts(&sb));
    let s = r.step("switch");
    assert_eq!(s["status"], "skipped");
    assert!(s["summary"].as_str().unwrap().contains(SANDBOX_PHONE_ID_2));
    assert!(r.step("store")["summary"]
        .as_str()
        .unwrap()
        .contains(&format!(
            "would write WHATSAPP_PHONE_NUMBER_ID to {}",
            env.display()
        )));
    assert!(r.step("restart")["summary"]
        .as_str()
        .unwrap()
        .contains("would run touch"));
    assert!(r.step("send")["summary"]
        .as_str()
        .unwrap()
        .contains("would send a test message to +15551234567"));
}

#[test]
fn without_a_terminal_and_without_yes_it_refuses_and_writes_nothing() {
    let h = Home::new();
    let sb = sandbox("number-flagged");
    let env = env_file(&h, SANDBOX_PHONE_ID);
    let before = std::fs::read_to_string(&env).unwrap();
    let r = run(
        cmd(&h, &sb),
        &[
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "switch-number",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
    assert!(posts(&sb).is_empty());
}

#[test]
fn a_number_outside_the_waba_or_unhealthy_is_refused_unless_forced() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let env = env_file(&h, SANDBOX_PHONE_ID);
    let before = std::fs::read_to_string(&env).unwrap();
    let go = |extra: &[&str]| {
        let mut args = vec![
            "-o",
            "json",
            "--yes",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "switch-number",
        ];
        args.extend_from_slice(extra);
        run(cmd(&h, &sb), &args)
    };
    let r = go(&["--to", "999000999"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("choose");
    assert!(
        s["summary"].as_str().unwrap().contains(&format!(
            "999000999 is not a phone number of WABA {WABA}: nothing was changed"
        )),
        "{s}"
    );
    assert!(s["hint"].as_str().unwrap().contains(SANDBOX_PHONE_ID_2));
    assert_eq!(std::fs::read_to_string(&env).unwrap(), before);

    let r = go(&["--to", SANDBOX_PHONE_ID_3]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("choose")["hint"]
        .as_str()
        .unwrap()
        .contains("--force"));
    assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
    assert!(posts(&sb).is_empty());

    let r = go(&["--to", SANDBOX_PHONE_ID_3, "--force"]);
    assert!(r.code <= 1, "{}", r.all());
    assert!(std::fs::read_to_string(&env)
        .unwrap()
        .contains(&format!("WHATSAPP_PHONE_NUMBER_ID={SANDBOX_PHONE_ID_3}")));
}

// ---------- the Graph's edges, on wiremock ----------

fn number(id: &str, display: &str, status: &str, quality: &str, name: &str) -> serde_json::Value {
    json!({"id": id, "display_phone_number": display, "verified_name": "Agente", "status": status,
        "quality_rating": quality, "name_status": name, "code_verification_status": "VERIFIED"})
}

async fn graph() -> MockServer {
    strict_server().await
}

async fn page(s: &MockServer, after: Option<&str>, body: serde_json::Value) {
    let m = Mock::given(method("GET")).and(path(format!("/v25.0/{WABA}/phone_numbers")));
    let m = match after {
        Some(a) => m.and(query_param("after", a)),
        None => m,
    };
    m.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .with_priority(if after.is_some() { 1 } else { 5 })
        .mount(s)
        .await;
}

/// intops against a wiremock Graph; the token and the current number come from the env file.
fn meta_cmd(h: &Home, s: &MockServer) -> assert_cmd::Command {
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", s.uri())
        .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA)
        .env("WHATSAPP_APP_ID", "1234567890");
    c
}

fn wiremock_env(h: &Home) -> std::path::PathBuf {
    let p = h.path().join("service.env");
    std::fs::write(
        &p,
        "WHATSAPP_ACCESS_TOKEN=EAAagenteToken1111\nWHATSAPP_PHONE_NUMBER_ID=111\n",
    )
    .unwrap();
    p
}

#[test]
fn the_backup_on_the_second_page_is_found_and_no_healthy_backup_writes_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    // Page 1: the current number (RED) and a declined name; page 2: the healthy backup.
    let s = rt.block_on(async {
        let s = graph().await;
        page(&s, None, json!({"data": [number("111", "+1 555-000-0111", "FLAGGED", "RED", "APPROVED"), number("222", "+1 555-000-0222", "CONNECTED", "GREEN", "DECLINED")],
            "paging": {"cursors": {"before": "A", "after": "B"}, "next": format!("https://graph.facebook.com/v25.0/{WABA}/phone_numbers?after=B")}})).await;
        page(&s, Some("B"), json!({"data": [number("333", "+1 555-000-0333", "CONNECTED", "YELLOW", "APPROVED")],
            "paging": {"cursors": {"before": "B", "after": "C"}}})).await;
        Mock::given(method("GET"))
            .and(path(format!("/v25.0/{WABA}/subscribed_apps")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"whatsapp_business_api_data": {"id": "1234567890", "name": "agente"}}]})))
            .expect(1)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let env = wiremock_env(&h);
    let r = run(
        meta_cmd(&h, &s),
        &[
            "-o",
            "json",
            "--yes",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "switch-number",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(std::fs::read_to_string(&env)
        .unwrap()
        .contains("WHATSAPP_PHONE_NUMBER_ID=333"));
    assert!(r.step("number +1 555-000-0222")["summary"]
        .as_str()
        .unwrap()
        .contains("display name DECLINED"));
    assert_eq!(r.step("restart")["status"], "skipped");
    assert_eq!(r.step("waba subscription")["status"], "ok");
    rt.block_on(s.verify());

    // The same WABA without the second page's number: nothing qualifies, nothing is written.
    let s = rt.block_on(async {
        let s = graph().await;
        page(&s, None, json!({"data": [number("111", "+1 555-000-0111", "FLAGGED", "RED", "APPROVED"), number("222", "+1 555-000-0222", "CONNECTED", "GREEN", "DECLINED")]})).await;
        s
    });
    let h = Home::new();
    let env = wiremock_env(&h);
    let before = std::fs::read_to_string(&env).unwrap();
    let r = run(
        meta_cmd(&h, &s),
        &[
            "-o",
            "json",
            "--yes",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "switch-number",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let c = r.step("choose");
    assert_eq!(c["status"], "crit");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("no healthy backup number in WABA"),
        "{c}"
    );
    assert!(c["hint"].as_str().unwrap().contains("gmail-fallback"));
    assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
    rt.block_on(s.verify());
}

#[test]
fn an_expired_token_a_5xx_and_an_html_page_are_crit_and_change_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let cases: Vec<(ResponseTemplate, &str)> = vec![
        (
            ResponseTemplate::new(401).set_body_json(json!({"error": {"message": "Error validating access token: Session has expired", "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "Axyz"}})),
            "token-rotate",
        ),
        (
            ResponseTemplate::new(503).set_body_json(json!({"error": {"message": "Service temporarily unavailable", "type": "OAuthException", "code": 2, "fbtrace_id": "Axyz"}})),
            "retry",
        ),
        (
            ResponseTemplate::new(502)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><body><h1>502 Bad Gateway</h1></body></html>"),
            "retry later",
        ),
        (
            ResponseTemplate::new(429)
                .insert_header("retry-after", "120")
                .set_body_json(json!({"error": {"message": "(#80007) There have been too many calls to this WhatsApp Business account.", "type": "OAuthException", "code": 80007, "fbtrace_id": "Axyz"}})),
            "stop calling",
        ),
    ];
    for (resp, hint) in cases {
        let s = rt.block_on(async {
            let s = graph().await;
            Mock::given(method("GET"))
                .and(path(format!("/v25.0/{WABA}/phone_numbers")))
                .respond_with(resp)
                .expect(1..)
                .mount(&s)
                .await;
            s
        });
        let h = Home::new();
        let env = wiremock_env(&h);
        let before = std::fs::read_to_string(&env).unwrap();
        let r = run(
            meta_cmd(&h, &s),
            &[
                "-o",
                "json",
                "--yes",
                "--env-file",
                env.to_str().unwrap(),
                "whatsapp",
                "switch-number",
            ],
        );
        assert_eq!(r.code, 2, "{}", r.all());
        let n = r.step("numbers");
        assert_eq!(n["status"], "crit", "{n}");
        assert!(n["hint"].as_str().unwrap_or("").contains(hint), "{n}");
        assert!(!r.stdout.contains("<html>"), "{}", r.stdout);
        assert_eq!(
            r.step("switch")["summary"],
            "the WABA's numbers could not be read: nothing was changed"
        );
        assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
        assert_no_secret(&r, "EAAagenteToken1111");
    }
}

#[test]
fn a_bad_recipient_and_a_missing_waba_are_usage_errors() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA)
        .env("WHATSAPP_ACCESS_TOKEN", "EAAx");
    let r = run(c, &["whatsapp", "switch-number", "--recipient", "call me"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--recipient"), "{}", r.stderr);
    let r = run(h.cmd(), &["whatsapp", "switch-number"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("WHATSAPP_BUSINESS_ACCOUNT_ID"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_listing_without_data_and_an_unreachable_graph_change_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt.block_on(async {
        let s = graph().await;
        page(&s, None, json!({"paging": {}})).await;
        s
    });
    let h = Home::new();
    let env = wiremock_env(&h);
    let before = std::fs::read_to_string(&env).unwrap();
    let r = run(
        meta_cmd(&h, &s),
        &[
            "-o",
            "json",
            "--yes",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "switch-number",
        ],
    );
    assert!(r.code >= 2, "{}", r.all());
    assert!(["unknown", "crit"].contains(&r.step("numbers")["status"].as_str().unwrap()));
    assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
    rt.block_on(s.verify());

    let mut c = h.cmd();
    c.env(
        "INTOPS_META_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    )
    .env("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA)
    .env("INTOPS_TIMEOUT", "2");
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "switch-number",
        ],
    );
    assert!(r.code >= 2, "{}", r.all());
    assert_eq!(
        r.step("switch")["summary"],
        "the WABA's numbers could not be read: nothing was changed"
    );
    assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
}

#[test]
fn a_waba_without_our_app_subscribed_is_crit_after_the_switch() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt.block_on(async {
        let s = graph().await;
        page(&s, None, json!({"data": [number("111", "+1 555-000-0111", "CONNECTED", "GREEN", "APPROVED"), number("333", "+1 555-000-0333", "CONNECTED", "GREEN", "APPROVED")]})).await;
        Mock::given(method("GET"))
            .and(path(format!("/v25.0/{WABA}/subscribed_apps")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
            .expect(1)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let env = wiremock_env(&h);
    let r = run(
        meta_cmd(&h, &s),
        &[
            "-o",
            "json",
            "--yes",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "switch-number",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(std::fs::read_to_string(&env)
        .unwrap()
        .contains("WHATSAPP_PHONE_NUMBER_ID=333"));
    let w = r.step("waba subscription");
    assert_eq!(w["status"], "crit");
    assert!(w["hint"].as_str().unwrap().contains("reregister"), "{w}");
    rt.block_on(s.verify());
}
