//! Zoho: what the vendor's own specification allows (a `time_zone` object in CRM v8 users), the
//! HTTP-200 error envelope on record create, implausible token lifetimes.

use super::{cmd, Fake};
use crate::common::{run, Home, Run};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

fn zoho(h: &Home, f: &Fake, vars: &[(&str, &str)], args: &[&str]) -> Run {
    let uri = f.uri();
    let mut all_vars = vec![
        ("INTOPS_ZOHO_API_URL", uri.as_str()),
        ("INTOPS_ZOHO_ACCOUNTS_URL", uri.as_str()),
    ];
    all_vars.extend_from_slice(vars);
    let mut all = vec!["-o", "json", "--timeout", "5"];
    all.extend_from_slice(args);
    run(cmd(h, &all_vars), &all)
}

fn user_with_time_zone(tz: Value) -> Value {
    json!({"users": [{"id": "4150868000000225013", "full_name": "On Call", "email": "oncall@example.com",
                      "zuid": "60000001", "status": "active", "role": {"name": "CEO", "id": "1"},
                      "profile": {"name": "Administrator", "id": "2"}, "time_zone": tz}]})
}

fn users(f: &Fake, body: Value) {
    f.mount(
        Mock::given(method("GET"))
            .and(path("/crm/v8/users"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body)),
    );
}

#[test]
fn a_time_zone_object_never_sinks_the_check() {
    let f = Fake::start();
    users(
        &f,
        user_with_time_zone(json!({"name": "Asia/Kolkata", "id": "Asia/Kolkata"})),
    );
    let r = zoho(
        &Home::new(),
        &f,
        &[("ZOHO_ACCESS_TOKEN", "1000.wm.token")],
        &["zoho", "check"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("crm user")["status"], "ok");
}

#[test]
fn a_current_user_answer_without_users_is_unknown() {
    let f = Fake::start();
    users(&f, json!({"users": null}));
    let r = zoho(
        &Home::new(),
        &f,
        &[("ZOHO_ACCESS_TOKEN", "1000.wm.token")],
        &["zoho", "check"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("crm user");
    assert_eq!(s["status"], "unknown", "{s}");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains("zoho answered HTTP 200"),
        "{s}"
    );
}

#[test]
fn the_http_200_error_envelope_on_create_is_classified_with_its_hint() {
    let f = Fake::start();
    users(&f, user_with_time_zone(json!("Europe/London")));
    f.mount(
        Mock::given(method("POST"))
            .and(path("/crm/v8/Contacts"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "code": "MANDATORY_NOT_FOUND", "details": {"api_name": "Last_Name"},
                "message": "required field not found", "status": "error"}))),
    );
    let r = zoho(
        &Home::new(),
        &f,
        &[("ZOHO_ACCESS_TOKEN", "1000.wm.token")],
        &["--yes", "zoho", "check", "--create-test-contact"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("test contact");
    assert_eq!(s["status"], "crit", "{s}");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .starts_with("MANDATORY_NOT_FOUND: required field not found (field Last_Name)"),
        "{s}"
    );
    assert!(
        s["hint"]
            .as_str()
            .unwrap()
            .contains("Last_Name is mandatory"),
        "{s}"
    );
}

#[test]
fn the_http_200_envelope_for_a_token_problem_names_the_fix() {
    let f = Fake::start();
    users(&f, user_with_time_zone(json!("Europe/London")));
    f.mount(
        Mock::given(method("POST"))
            .and(path("/crm/v8/Contacts"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "code": "OAUTH_SCOPE_MISMATCH", "details": {}, "message": "invalid oauth scope to access this URL", "status": "error"}))),
    );
    let r = zoho(
        &Home::new(),
        &f,
        &[("ZOHO_ACCESS_TOKEN", "1000.wm.token")],
        &["--yes", "zoho", "check", "--create-test-contact"],
    );
    let s = r.step("test contact");
    assert_eq!(s["status"], "crit", "{s}");
    assert_eq!(s["data"]["cause"], "permission missing", "{s}");
    assert!(
        s["hint"]
            .as_str()
            .unwrap()
            .contains("ZohoCRM.modules.contacts.ALL"),
        "{s}"
    );
}

#[test]
fn a_refresh_with_an_implausible_lifetime_is_unknown() {
    for expires_in in [json!(0), json!(-3600), json!(315_360_000_000i64)] {
        let f = Fake::start();
        f.mount(
            Mock::given(method("POST"))
                .and(path("/oauth/v2/token"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                    "access_token": "1000.fresh.token", "api_domain": f.uri(), "token_type": "Bearer",
                    "expires_in": expires_in}))),
        );
        let r = zoho(
            &Home::new(),
            &f,
            &[
                ("ZOHO_CLIENT_ID", "1000.CID"),
                ("ZOHO_CLIENT_SECRET", "csecret"),
                ("ZOHO_REFRESH_TOKEN", "1000.refresh.tok"),
            ],
            &["zoho", "refresh-token"],
        );
        assert_eq!(r.code, 3, "{expires_in}: {}", r.all());
        assert!(r.stdout.contains("expires_in = "), "{}", r.stdout);
        assert!(!r.stdout.contains("1000.fresh.token"));
    }
}
