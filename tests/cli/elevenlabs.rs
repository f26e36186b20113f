//! `intops elevenlabs check|calls` and `intops api elevenlabs` against the sandbox.

use crate::common::*;
use intops::sandbox::elevenlabs::{SANDBOX_AGENT_ID, SANDBOX_API_KEY};

fn paths(sb: &intops::sandbox::Background) -> Vec<String> {
    sb.state.recorded().iter().map(|q| q.path.clone()).collect()
}

#[test]
fn healthy_check_reports_credits_agent_voicemail_and_number() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let c = r.step("credits");
    assert_eq!(c["status"], "ok");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("37,500 of 100,000 credits used (37.5 %), 62,500 left · resets "),
        "{c}"
    );
    assert_eq!(c["data"]["left"], 62500);
    assert_eq!(
        r.step("subscription")["summary"],
        "tier creator · status active"
    );
    assert_eq!(
        r.step("agent")["summary"],
        format!("Lead qualifier ({SANDBOX_AGENT_ID})")
    );
    assert_eq!(r.step("voicemail detection")["status"], "ok");
    let p = r.step("phone number");
    assert_eq!(p["status"], "ok");
    assert!(p["summary"]
        .as_str()
        .unwrap()
        .contains("assigned to Lead qualifier"));
    let req = sb.state.recorded().into_iter().next().unwrap();
    assert_eq!(req.headers["xi-api-key"], SANDBOX_API_KEY);
    // The key-echoing /v1/user is never needed.
    assert!(!paths(&sb).contains(&"/elevenlabs/v1/user".to_string()));
}

#[test]
fn credits_warn_at_80_and_crit_at_95_percent() {
    let h = Home::new();
    let sb = sandbox("elevenlabs-credits-high");
    let r = run(against(&h, &sb), &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("credits")["status"], "warn");
    let sb = sandbox("elevenlabs-quota");
    let r = run(against(&h, &sb), &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let c = r.step("credits");
    assert_eq!(c["status"], "crit");
    assert!(c["summary"].as_str().unwrap().contains("(96.0 %)"));
    assert!(c["hint"].as_str().unwrap().contains("raise the limit"));
}

#[test]
fn thresholds_come_from_the_profile() {
    let h = Home::new();
    h.write_config("[default.elevenlabs]\ncredits_warn_pct = 30\n");
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("credits")["status"], "warn");
}

#[test]
fn voicemail_detection_off_is_crit_with_the_fix() {
    let h = Home::new();
    let sb = sandbox("elevenlabs-voicemail-off");
    let r = run(against(&h, &sb), &["elevenlabs", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stdout
            .contains("voicemail_detection system tool is not enabled"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("System tools > Voicemail detection"));
}

#[test]
fn inbound_only_unassigned_number_is_crit() {
    let h = Home::new();
    let sb = sandbox("elevenlabs-phone-inbound-only");
    let r = run(against(&h, &sb), &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let p = r.step("phone number");
    assert_eq!(p["status"], "crit");
    let s = p["summary"].as_str().unwrap();
    assert!(
        s.contains("outbound calls not supported") && s.contains("not assigned to an agent"),
        "{s}"
    );
}

#[test]
fn number_assigned_to_another_agent_warns() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("ELEVENLABS_PHONE_NUMBER_ID", "phnum_sandbox_0002");
    let r = run(c, &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.step("phone number")["summary"]
        .as_str()
        .unwrap()
        .contains("not assigned"));
    let mut c = against(&h, &sb);
    c.env("ELEVENLABS_PHONE_NUMBER_ID", "phnum_nope");
    let r = run(c, &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("phone number")["summary"]
        .as_str()
        .unwrap()
        .contains("not in this workspace"));
}

#[test]
fn wrong_key_is_crit_stops_early_and_is_masked() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("ELEVENLABS_API_KEY", "sk_wrong_key_123456");
    let r = run(c, &["-o", "json", "-v", "elevenlabs", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("credits");
    assert_eq!(s["data"]["code"], "invalid_api_key");
    assert_eq!(s["data"]["http_status"], 400);
    assert!(s["hint"]
        .as_str()
        .unwrap()
        .contains("intops auth set ELEVENLABS_API_KEY"));
    assert_eq!(r.json()["steps"].as_array().unwrap().len(), 1);
    assert_no_secret(&r, "sk_wrong_key_123456");
}

#[test]
fn missing_key_exits_3() {
    let h = Home::new();
    let r = run(h.cmd(), &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stdout.contains("ELEVENLABS_API_KEY"));
}

#[test]
fn unknown_agent_is_crit_naming_the_setting() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("ELEVENLABS_AGENT_ID", "agent_missing");
    let r = run(c, &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let a = r.step("agent");
    assert_eq!(a["data"]["cause"], "not found");
    assert!(a["hint"].as_str().unwrap().contains("ELEVENLABS_AGENT_ID"));
}

#[test]
fn without_agent_and_number_those_steps_are_skipped() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("ELEVENLABS_AGENT_ID")
        .env_remove("ELEVENLABS_PHONE_NUMBER_ID");
    let r = run(c, &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("agent")["status"], "skipped");
    assert_eq!(r.step("phone number")["status"], "skipped");
}

#[test]
fn busy_429_is_rate_limited_with_retry_after() {
    let h = Home::new();
    let sb = sandbox("elevenlabs-busy");
    let r = run(against(&h, &sb), &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let c = r.step("credits");
    assert_eq!(c["data"]["code"], "system_busy");
    assert_eq!(c["data"]["retry_after_secs"], 120);
}

#[test]
fn html_page_is_crit_truncated_json_unknown_refused_crit() {
    let h = Home::new();
    let sb = sandbox("html-502");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "--timeout", "1", "elevenlabs", "check"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("credits")["summary"]
        .as_str()
        .unwrap()
        .contains("HTML"));
    let sb = sandbox("truncated-json");
    let r = run(against(&h, &sb), &["-o", "json", "elevenlabs", "check"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert_eq!(r.step("credits")["status"], "unknown");
    let mut c = h.cmd();
    c.env("ELEVENLABS_API_KEY", SANDBOX_API_KEY).env(
        "INTOPS_ELEVENLABS_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    );
    let r = run(c, &["-o", "json", "--timeout", "1", "elevenlabs", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("credits")["summary"]
        .as_str()
        .unwrap()
        .contains("connection refused"));
}

#[test]
fn calls_lists_last_day_with_outcome_and_termination_reason() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "elevenlabs", "calls"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(
        r.step("calls")["summary"],
        format!("3 conversations in the last 24 h for agent {SANDBOX_AGENT_ID}: 1 failed, 1 unsuccessful")
    );
    let v = r.step("call conv_sandbox_0002");
    assert_eq!(v["status"], "warn");
    assert!(
        v["summary"]
            .as_str()
            .unwrap()
            .contains("ended: voicemail_detected"),
        "{v}"
    );
    assert_eq!(v["data"]["voicemail_detected_at_secs"], 9);
    let f = r.step("call conv_sandbox_0003");
    assert!(f["summary"]
        .as_str()
        .unwrap()
        .contains("error: Twilio: the callee number is unreachable"));
    assert!(f["hint"]
        .as_str()
        .unwrap()
        .contains("intops elevenlabs check"));
    assert_eq!(r.step("call conv_sandbox_0001")["status"], "ok");
    // Three conversations in pages of two: the cursor was followed.
    let list: Vec<_> = sb
        .state
        .recorded()
        .into_iter()
        .filter(|q| q.path == "/elevenlabs/v1/convai/conversations")
        .collect();
    assert_eq!(list.len(), 2);
    assert!(list[1].query.contains("cursor=2"), "{}", list[1].query);
    assert!(list[0].query.contains("call_start_after_unix="));
}

#[test]
fn calls_failed_and_since() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "elevenlabs", "calls", "--failed"],
    );
    let names: Vec<String> = r.json()["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        ["calls", "call conv_sandbox_0002", "call conv_sandbox_0003"]
    );
    let r = run(
        against(&h, &sb),
        &["-o", "json", "elevenlabs", "calls", "--since", "7d"],
    );
    assert!(r.step("calls")["summary"]
        .as_str()
        .unwrap()
        .starts_with("4 conversations"));
    let r = run(
        against(&h, &sb),
        &["elevenlabs", "calls", "--since", "yesterday"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
}

#[test]
fn one_call_shows_voicemail_and_summary() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "elevenlabs",
            "calls",
            "--id",
            "conv_sandbox_0002",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let c = r.step("call");
    assert_eq!(c["data"]["termination_reason"], "voicemail_detected");
    assert_eq!(c["data"]["call_sid"], "CAconv_sandbox_0002");
    assert!(r.step("voicemail")["summary"]
        .as_str()
        .unwrap()
        .contains("called at 9 s"));
    assert_eq!(r.step("summary")["summary"], "Voicemail (sandbox).");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "elevenlabs",
            "calls",
            "--id",
            "conv_sandbox_0003",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("call")["status"], "crit");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "elevenlabs", "calls", "--id", "conv_nope"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("call")["data"]["code"], "conversation_not_found");
}

#[test]
fn user_endpoint_body_never_printed() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-v", "api", "elevenlabs", "GET", "/v1/user"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr.contains("not shown: it holds credentials"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("user_sandbox_1"));
    assert_no_secret(&r, SANDBOX_API_KEY);
    let r = run(
        against(&h, &sb),
        &["-o", "json", "-v", "elevenlabs", "check"],
    );
    assert_no_secret(&r, SANDBOX_API_KEY);
}

#[test]
fn a_timeout_is_crit_and_says_so() {
    let h = Home::new();
    let sb = slow_sandbox("healthy", std::time::Duration::from_millis(1500));
    let r = run(
        against(&h, &sb),
        &["-o", "json", "--timeout", "0.3", "elevenlabs", "check"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let c = r.step("credits");
    assert_eq!(c["data"]["cause"], "unreachable");
    assert!(c["summary"].as_str().unwrap().contains("timed out"), "{c}");
}
