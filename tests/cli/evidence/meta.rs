//! Meta / WhatsApp: answers without what `whatsapp phone|token-debug`, `meta lead` and
//! `webhook status` judge, Graph paging, both documented `subscribed_apps` forms, template sends.

use super::{cmd, Fake};
use crate::common::{run, Home, Run};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

const TOKEN: &str = "EAAwiremockwhatsapptoken";
const PHONE: &str = "1234567890";
const WABA: &str = "5550001";
const APP: &str = "777000111";

fn meta(h: &Home, f: &Fake, extra: &[(&str, &str)], args: &[&str]) -> Run {
    let uri = f.uri();
    let mut vars = vec![
        ("WHATSAPP_ACCESS_TOKEN", TOKEN),
        ("META_ACCESS_TOKEN", TOKEN),
        ("INTOPS_META_URL", uri.as_str()),
    ];
    vars.extend_from_slice(extra);
    let mut all = vec!["-o", "json", "--timeout", "5"];
    all.extend_from_slice(args);
    run(cmd(h, &vars), &all)
}

fn at(f: &Fake, p: &str, body: Value) {
    f.mount(
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(ResponseTemplate::new(200).set_body_json(body)),
    );
}

fn assert_unknown(r: &Run, step: &str, needle: &str) {
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step(step);
    assert_eq!(s["status"], "unknown", "{s}");
    let line = s["summary"].as_str().unwrap();
    assert!(line.contains("meta answered"), "{line}");
    assert!(line.contains(needle), "{line} should name {needle}");
}

#[test]
fn whatsapp_phone_on_an_empty_object_is_unknown() {
    let f = Fake::start();
    at(&f, &format!("/v25.0/{PHONE}"), json!({}));
    let r = meta(
        &Home::new(),
        &f,
        &[("WHATSAPP_PHONE_NUMBER_ID", PHONE)],
        &["whatsapp", "phone"],
    );
    assert_unknown(&r, "phone", "`id`");
}

#[test]
fn whatsapp_phone_without_a_quality_rating_is_unknown() {
    let f = Fake::start();
    at(
        &f,
        &format!("/v25.0/{PHONE}"),
        json!({"id": PHONE, "display_phone_number": "+1 555 0100", "status": "CONNECTED"}),
    );
    let r = meta(
        &Home::new(),
        &f,
        &[("WHATSAPP_PHONE_NUMBER_ID", PHONE)],
        &["whatsapp", "phone"],
    );
    assert_unknown(&r, "phone", "quality_rating");
}

#[test]
fn a_waba_list_without_data_is_unknown_not_zero_numbers() {
    let f = Fake::start();
    at(&f, &format!("/v25.0/{WABA}/phone_numbers"), json!({}));
    let r = meta(
        &Home::new(),
        &f,
        &[("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA)],
        &["whatsapp", "phone"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stdout.contains("missing field `data`"), "{}", r.stdout);
}

/// Graph pages that hand back the same `after` cursor forever.
struct Looping;
impl Respond for Looping {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let base = format!("http://{}{}", req.url.host_str().unwrap(), req.url.path());
        ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": PHONE, "display_phone_number": "+1 555 0100", "quality_rating": "GREEN", "status": "CONNECTED"}],
            "paging": {"cursors": {"before": "QVFI", "after": "QVFIsame"}, "next": format!("{base}?after=QVFIsame")}
        }))
    }
}

#[test]
fn a_graph_list_that_repeats_its_cursor_stops_and_is_unknown() {
    let f = Fake::start();
    f.mount(
        Mock::given(method("GET"))
            .and(path(format!("/v25.0/{WABA}/phone_numbers")))
            .respond_with(Looping),
    );
    let r = meta(
        &Home::new(),
        &f,
        &[("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA)],
        &["whatsapp", "phone"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stdout.contains("meta repeated a paging cursor on page 2"),
        "{}",
        r.stdout
    );
    assert_eq!(f.queries(&format!("/v25.0/{WABA}/phone_numbers")).len(), 2);
}

#[test]
fn meta_lead_on_an_empty_object_is_unknown() {
    let f = Fake::start();
    at(&f, "/v25.0/1234567890123", json!({}));
    let r = meta(&Home::new(), &f, &[], &["meta", "lead", "1234567890123"]);
    assert_unknown(&r, "lead", "field_data");
}

#[test]
fn debug_token_without_is_valid_or_with_a_far_expiry_is_unknown() {
    for (data, needle) in [
        (json!({}), "is_valid"),
        (
            json!({"is_valid": null, "type": "SYSTEM_USER"}),
            "expected a boolean",
        ),
        (
            json!({"is_valid": true, "type": "USER", "app_id": APP, "expires_at": 99_999_999_999i64, "scopes": []}),
            "expires_at = 99999999999, after the year 2100",
        ),
        (
            json!({"is_valid": true, "type": "USER", "app_id": APP, "expires_at": -1, "scopes": []}),
            "expires_at = -1, a negative time",
        ),
    ] {
        let f = Fake::start();
        at(&f, "/v25.0/debug_token", json!({"data": data}));
        let r = meta(&Home::new(), &f, &[], &["whatsapp", "token-debug"]);
        assert_unknown(&r, "token", needle);
    }
}

#[test]
fn waba_subscribed_apps_are_read_in_the_flat_schema_form_too() {
    for item in [
        json!({"whatsapp_business_api_data": {"id": APP, "name": "ours", "link": "https://example.com"}}),
        json!({"id": APP, "name": "ours", "link": "https://example.com"}),
    ] {
        let f = Fake::start();
        at(
            &f,
            &format!("/v25.0/{WABA}/subscribed_apps"),
            json!({"data": [item.clone()]}),
        );
        at(
            &f,
            &format!("/v25.0/{APP}/subscriptions"),
            json!({"data": []}),
        );
        let r = meta(
            &Home::new(),
            &f,
            &[
                ("WHATSAPP_APP_ID", APP),
                ("WHATSAPP_APP_TOKEN", "777000111|apptoken"),
                ("WHATSAPP_BUSINESS_ACCOUNT_ID", WABA),
            ],
            &["webhook", "status"],
        );
        let s = r.step("waba subscription");
        assert_eq!(s["status"], "ok", "{item}: {s}");
    }
}

#[test]
fn template_sends_carry_the_deterministic_language_policy() {
    let f = Fake::start();
    f.mount(
        Mock::given(method("POST"))
            .and(path(format!("/v25.0/{PHONE}/messages")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "messaging_product": "whatsapp",
                "contacts": [{"input": "+15550100", "wa_id": "15550100"}],
                "messages": [{"id": "wamid.HBgLMTU1NTAxMDAVAgARGBI", "message_status": "accepted"}]}))),
    );
    let r = meta(
        &Home::new(),
        &f,
        &[("WHATSAPP_PHONE_NUMBER_ID", PHONE)],
        &[
            "--yes",
            "whatsapp",
            "send-test",
            "--to",
            "+15550100",
            "--template",
            "hello_world",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let reqs = f.rt.block_on(f.server.received_requests()).unwrap();
    let body: Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(
        body["template"]["language"],
        json!({"policy": "deterministic", "code": "en_US"})
    );
}

#[test]
fn a_send_answered_with_an_empty_object_is_unknown_not_sent() {
    let f = Fake::start();
    f.mount(
        Mock::given(method("POST"))
            .and(path(format!("/v25.0/{PHONE}/messages")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({}))),
    );
    let r = meta(
        &Home::new(),
        &f,
        &[("WHATSAPP_PHONE_NUMBER_ID", PHONE)],
        &[
            "--yes",
            "whatsapp",
            "send-test",
            "--to",
            "+15550100",
            "--text",
            "hi",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
}

fn token_with(scopes: &[&str], expires_in_days: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"data": {"app_id": APP, "type": "SYSTEM_USER", "application": "ours", "is_valid": true,
                    "expires_at": now + expires_in_days * 86_400, "scopes": scopes}})
}

#[test]
fn a_token_without_whatsapp_business_messaging_is_crit() {
    let f = Fake::start();
    at(
        &f,
        "/v25.0/debug_token",
        token_with(&["whatsapp_business_management"], 50),
    );
    let r = meta(&Home::new(), &f, &[], &["whatsapp", "token-debug"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("scopes");
    assert_eq!(s["status"], "crit");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains("cannot send messages"),
        "{s}"
    );
}

#[test]
fn a_token_without_only_whatsapp_business_management_warns_naming_what_fails() {
    let f = Fake::start();
    at(
        &f,
        "/v25.0/debug_token",
        token_with(&["whatsapp_business_messaging"], 50),
    );
    let r = meta(&Home::new(), &f, &[], &["whatsapp", "token-debug"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let s = r.step("scopes");
    assert_eq!(s["status"], "warn", "{s}");
    let line = s["summary"].as_str().unwrap();
    assert!(line.contains("messages still send"), "{line}");
    assert!(
        line.contains("phone number, template and webhook"),
        "{line}"
    );
}

#[test]
fn an_expiry_beyond_any_real_token_life_is_unknown() {
    let f = Fake::start();
    // Three years ahead: within 2000..2100 but no Meta token lives that long.
    at(
        &f,
        "/v25.0/debug_token",
        token_with(
            &[
                "whatsapp_business_messaging",
                "whatsapp_business_management",
            ],
            3 * 365,
        ),
    );
    let r = meta(&Home::new(), &f, &[], &["whatsapp", "token-debug"]);
    assert_unknown(&r, "token", "beyond any real token life");
}
