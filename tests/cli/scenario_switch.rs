//! A scenario switched at run time (`PUT /_sandbox/scenario`, as a drill does it) changes every
//! vendor the way the outage would: the real binary sees each change in its status and exit code.

use crate::common::*;
use std::io::{Read, Write};

/// Switch the running sandbox the way a user does: `PUT /_sandbox/scenario`.
fn switch(sb: &intops::sandbox::Background, scenario: &str) {
    let mut s = std::net::TcpStream::connect(sb.addr).unwrap();
    write!(
        s,
        "PUT /_sandbox/scenario HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{scenario}",
        sb.addr,
        scenario.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(sb.state.scenario(), scenario);
}

fn send_test(h: &Home, sb: &intops::sandbox::Background) -> Run {
    run(
        against(h, sb),
        &[
            "-o",
            "json",
            "whatsapp",
            "send-test",
            "--to",
            "+15551234567",
            "--yes",
        ],
    )
}

fn json(h: &Home, sb: &intops::sandbox::Background, args: &[&str]) -> Run {
    let mut a = vec!["-o", "json"];
    a.extend_from_slice(args);
    run(against(h, sb), &a)
}

#[test]
fn token_expired_at_run_time_fails_sends_phone_and_metrics_but_not_calendly() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = send_test(&h, &sb);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(json(&h, &sb, &["whatsapp", "metrics"]).code, 0);

    switch(&sb, "token-expired");
    // The send the runbook validates with now fails with Meta's expired-token error.
    let r = send_test(&h, &sb);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("190"), "{}", r.all());
    let r = json(&h, &sb, &["whatsapp", "phone"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let r = json(&h, &sb, &["whatsapp", "token-debug"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("token")["data"]["code"], "190/463");
    // Detection sees it: the 401s are API errors.
    let r = json(&h, &sb, &["whatsapp", "metrics"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("api error rate")["status"], "crit");
    assert_eq!(r.step("send success")["status"], "crit");
    // Another vendor is untouched by a Meta token.
    let r = json(&h, &sb, &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 0, "{}", r.all());

    // Back to healthy: everything answers again.
    switch(&sb, "healthy");
    assert_eq!(send_test(&h, &sb).code, 0);
    assert_eq!(json(&h, &sb, &["whatsapp", "metrics"]).code, 0);
}

#[test]
fn a_rotated_token_works_under_token_expired() {
    // Only the expired token is dead: a newly generated one (Option 1) is valid.
    let h = Home::new();
    let sb = sandbox("token-expired");
    let mut c = against(&h, &sb);
    c.env("WHATSAPP_ACCESS_TOKEN", "EAAnewlyGeneratedSystemUserToken1");
    let r = run(c, &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn subscriptions_follow_a_switch_and_intops_repairs_last_until_the_next() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = json(&h, &sb, &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("hook SBHOOK0001")["status"], "ok");
    let r = json(&h, &sb, &["webhook", "status"]);
    assert!(r.code <= 1, "{}", r.all()); // the sandbox callback is http: at most a warning
    assert_eq!(r.step("waba subscription")["status"], "ok");

    switch(&sb, "calendly-disabled");
    let r = json(&h, &sb, &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("hook SBHOOK0001")["status"], "crit");
    // Meta's subscriptions are not Calendly's business.
    let r = json(&h, &sb, &["webhook", "status"]);
    assert_eq!(r.step("waba subscription")["status"], "ok", "{}", r.stdout);

    switch(&sb, "subscription-inactive");
    let r = json(&h, &sb, &["webhook", "status"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("waba subscription")["status"], "crit");
    assert_eq!(r.step("subscription page")["status"], "crit");
    // Meta delivers nothing: detection says so.
    let r = json(&h, &sb, &["whatsapp", "metrics"]);
    assert_eq!(
        r.step("messages received")["status"],
        "warn",
        "{}",
        r.stdout
    );
    // Calendly is healthy again once its scenario is gone.
    let r = json(&h, &sb, &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 0, "{}", r.all());

    // The runbook's repair lasts while the scenario stays.
    let r = run(
        against(&h, &sb),
        &["webhook", "reregister", "--provider", "whatsapp", "--yes"],
    );
    assert!(r.code <= 1, "{}", r.all());
    let r = json(&h, &sb, &["webhook", "status"]);
    assert_eq!(r.step("waba subscription")["status"], "ok", "{}", r.stdout);

    switch(&sb, "healthy");
    let r = json(&h, &sb, &["webhook", "status"]);
    assert!(r.code <= 1, "{}", r.all());
}

#[test]
fn a_vendor_outage_on_the_status_page_is_an_outage_of_its_api() {
    let h = Home::new();
    let sb = sandbox("healthy");
    assert_eq!(json(&h, &sb, &["elevenlabs", "check"]).code, 0);
    assert_eq!(json(&h, &sb, &["zoho", "check"]).code, 0);

    switch(&sb, "status-major-outage");
    let r = json(&h, &sb, &["status", "elevenlabs", "zoho"]);
    assert_eq!(r.code, 2, "{}", r.all());
    for cmd in [["elevenlabs", "check"], ["zoho", "check"]] {
        let r = json(&h, &sb, &cmd);
        assert_eq!(r.code, 2, "{cmd:?}: {}", r.all());
        assert!(r.stdout.contains("503"), "{cmd:?}: {}", r.stdout);
    }
    // Meta is not in that outage.
    assert_eq!(send_test(&h, &sb).code, 0);

    switch(&sb, "healthy");
    assert_eq!(json(&h, &sb, &["elevenlabs", "check"]).code, 0);
}

#[test]
fn a_missing_lead_permission_stops_the_bulk_read_too() {
    // The token that cannot read one lead cannot list them either: the backfill sends nothing.
    let h = Home::new();
    let sb = sandbox("healthy");
    switch(&sb, "lead-no-permission");
    let r = json(&h, &sb, &["meta", "lead", "444000000001"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let r = json(
        &h,
        &sb,
        &[
            "webhook",
            "backfill",
            "--provider",
            "leadgen",
            "--since",
            "2026-11-30T10:00:00Z",
            "--until",
            "2026-11-30T11:00:00Z",
            "--yes",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("found")["status"], "crit", "{}", r.stdout);
    assert!(!sb
        .state
        .recorded()
        .iter()
        .any(|q| q.method == "POST" && q.path.starts_with("/callback/")));
}
