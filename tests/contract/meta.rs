//! WhatsApp Cloud API against Meta's own OpenAPI spec (facebook/openapi, MIT; trimmed copy in
//! tests/contract/specs/meta/). The examples and error answers are read from the spec itself.

use crate::spec::{check_all, Spec};
use crate::{http, json};
use intops::error::{ApiError, Cause};
use intops::providers::meta::{Meta, Outgoing};
use intops::secrets::Secret;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer};

const SPEC: &str = "meta/business-messaging-api_v23.0.trimmed.json";
const VERSION: &str = "v25.0";
const WABA: &str = "1234567890123456";
const PHONE: &str = "106853218861309";
/// Graph parameters documented outside the WhatsApp spec (Graph "Securing requests").
const GRAPH_QUERY: &[&str] = &["appsecret_proof", "appsecret_time"];

fn client(server: &MockServer, app_secret: Option<&str>) -> Meta {
    Meta::new(
        http(),
        &server.uri(),
        VERSION,
        Secret::new("EAAcontract-test-token"),
        "WHATSAPP_ACCESS_TOKEN",
        app_secret.map(Secret::new),
    )
}

/// Every documented answer of an operation: (HTTP status, example name, body).
fn answers(spec: &Spec, m: &str, template: &str) -> Vec<(u16, String, Value)> {
    let op = spec.operation(m, template);
    let mut out = Vec::new();
    for (code, resp) in op["responses"].as_object().unwrap() {
        let media = &resp["content"]["application/json"];
        if let Some(ex) = media.get("example") {
            out.push((code.parse().unwrap(), "example".into(), ex.clone()));
        }
        for (name, ex) in media["examples"].as_object().into_iter().flatten() {
            out.push((code.parse().unwrap(), name.clone(), ex["value"].clone()));
        }
    }
    assert!(!out.is_empty(), "{m} {template}: no documented answers");
    out
}

/// What each documented Graph error means to the engineer, written from Meta's error reference
/// (docs/vendors/meta.md §2), independently of the provider's table.
fn expected_cause(code: i64, sub: Option<i64>) -> Cause {
    match (code, sub) {
        (190, Some(463)) => Cause::TokenExpired,
        (190, _) | (102, _) | (104, _) => Cause::TokenInvalid,
        (200..=299, _) | (10, _) | (3, _) => Cause::Permission,
        (4, _) | (17, _) | (80007, _) | (80008, _) => Cause::RateLimited { retry_after: None },
        (803, _) => Cause::NotFound,
        (100, _) => Cause::BadRequest,
        (1, _) | (2, _) => Cause::Upstream,
        other => panic!("no expectation written for Graph error {other:?}"),
    }
}

fn same_class(a: &Cause, b: &Cause) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Call the provider method that sends `m template`.
async fn invoke(meta: &Meta, m: &str, template: &str) -> Result<Value, ApiError> {
    match (m, template) {
        ("get", "/{Version}/{WABA-ID}/phone_numbers") => {
            let (nums, _) = meta.phone_numbers(WABA).await?;
            Ok(serde_json::to_value(nums).unwrap())
        }
        ("get", "/{Version}/{Phone-Number-ID}") => {
            let (n, _) = meta.phone_number(PHONE).await?;
            Ok(serde_json::to_value(n).unwrap())
        }
        ("post", "/{Version}/{Phone-Number-ID}/messages") => {
            let r = meta
                .send(
                    PHONE,
                    "+16505551234",
                    &Outgoing::Text("contract test".into()),
                )
                .await?;
            Ok(serde_json::to_value(r).unwrap())
        }
        ("get", "/{Version}/{WABA-ID}/subscribed_apps") => {
            let apps = meta.waba_subscribed_apps(WABA).await?;
            Ok(Value::Array(
                apps.iter()
                    .map(|a| json!({"app_id": a.app_id(), "override": a.override_callback()}))
                    .collect(),
            ))
        }
        ("post", "/{Version}/{WABA-ID}/subscribed_apps") => {
            meta.subscribe_waba(WABA, None).await?;
            Ok(Value::Null)
        }
        _ => unreachable!("{m} {template}"),
    }
}

const OPERATIONS: &[(&str, &str)] = &[
    ("get", "/{Version}/{WABA-ID}/phone_numbers"),
    ("get", "/{Version}/{Phone-Number-ID}"),
    ("post", "/{Version}/{Phone-Number-ID}/messages"),
    ("get", "/{Version}/{WABA-ID}/subscribed_apps"),
    ("post", "/{Version}/{WABA-ID}/subscribed_apps"),
];

/// What the typed result must show for a documented success body.
fn check_success(m: &str, template: &str, name: &str, body: &Value, got: &Value) {
    let ctx = format!("{m} {template} example {name}");
    match (m, template) {
        ("get", "/{Version}/{WABA-ID}/phone_numbers") => {
            let want = body["data"].as_array().unwrap();
            let got = got.as_array().unwrap();
            assert_eq!(got.len(), want.len(), "{ctx}");
            for (g, w) in got.iter().zip(want) {
                for f in [
                    "id",
                    "display_phone_number",
                    "verified_name",
                    "status",
                    "quality_rating",
                    "code_verification_status",
                    "account_mode",
                    "messaging_limit_tier",
                ] {
                    assert_eq!(g[f], w[f], "{ctx}: {f}");
                }
            }
        }
        ("get", "/{Version}/{Phone-Number-ID}") => {
            for f in [
                "id",
                "display_phone_number",
                "verified_name",
                "quality_rating",
                "name_status",
                "code_verification_status",
            ] {
                assert_eq!(got[f], body[f], "{ctx}: {f}");
            }
        }
        ("post", "/{Version}/{Phone-Number-ID}/messages") => {
            assert_eq!(got["messages"][0]["id"], body["messages"][0]["id"], "{ctx}");
            assert_eq!(
                got["contacts"][0]["wa_id"], body["contacts"][0]["wa_id"],
                "{ctx}"
            );
        }
        ("get", "/{Version}/{WABA-ID}/subscribed_apps") => {
            let want: Vec<&Value> = body["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| &a["whatsapp_business_api_data"]["id"])
                .collect();
            let got: Vec<&Value> = got
                .as_array()
                .unwrap()
                .iter()
                .map(|a| &a["app_id"])
                .collect();
            assert_eq!(got, want, "{ctx}");
        }
        ("post", "/{Version}/{WABA-ID}/subscribed_apps") => {}
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn every_documented_answer_of_the_operations_intops_calls_is_read() {
    let spec = Spec::load(SPEC);
    let mut seen = 0;
    for (m, template) in OPERATIONS {
        for (status, name, body) in answers(&spec, m, template) {
            // Meta's spec lists the typing-indicator answer under /messages too; intops never
            // sends a typing indicator.
            if name == "Send typing indicator and read receipt" {
                continue;
            }
            let server = MockServer::start().await;
            Mock::given(method(m.to_uppercase().as_str()))
                .respond_with(json(status, &body))
                .mount(&server)
                .await;
            let meta = client(&server, None);
            let got = invoke(&meta, m, template).await;
            let ctx = format!("{m} {template} {status} {name}");
            if status < 300 {
                let got = got.unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
                check_success(m, template, &name, &body, &got);
            } else {
                let e = got.expect_err(&ctx);
                let code = body["error"]["code"].as_i64().unwrap();
                let sub = body["error"]["error_subcode"].as_i64();
                let want = expected_cause(code, sub);
                assert!(
                    same_class(&e.cause, &want),
                    "{ctx}: {:?}, wanted {want:?} ({e:?})",
                    e.cause
                );
                assert!(
                    e.code
                        .as_deref()
                        .unwrap_or("")
                        .starts_with(&code.to_string()),
                    "{ctx}: code {:?}",
                    e.code
                );
                assert!(e.hint.is_some(), "{ctx}: no hint");
            }
            seen += 1;
        }
    }
    assert!(seen > 60, "only {seen} documented answers read");
}

#[tokio::test]
async fn missing_token_answer_is_a_token_problem() {
    let spec = Spec::load(SPEC);
    let (_, _, body) = answers(&spec, "get", "/{Version}/{Phone-Number-ID}")
        .into_iter()
        .find(|(_, n, _)| n == "missing_token")
        .unwrap();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(401, &body))
        .mount(&server)
        .await;
    let e = client(&server, None).phone_number(PHONE).await.unwrap_err();
    assert_eq!(e.cause, Cause::TokenInvalid, "{e:?}");
}

#[tokio::test]
async fn subscribed_apps_are_read_in_the_flat_schema_form_too() {
    let spec = Spec::load(SPEC);
    // The schema the spec gives for the 200 answer: data[] of SubscribedApp {id, name}.
    let item = &spec.doc()["components"]["schemas"]["SubscribedApp"];
    assert!(
        item["properties"].get("id").is_some()
            && item["properties"]
                .get("whatsapp_business_api_data")
                .is_none()
    );
    let body = json!({"data": [{"id": "9876543210987654", "name": "WhatsApp Integration App"}]});
    assert!(spec
        .validate(
            &json!({"$ref": "#/components/schemas/SubscribedAppsResponse"}),
            &body,
            "answer"
        )
        .is_empty());
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, &body))
        .mount(&server)
        .await;
    let apps = client(&server, None)
        .waba_subscribed_apps(WABA)
        .await
        .unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].app_id(), Some("9876543210987654"));
}

async fn recording_fake(spec: &Spec) -> MockServer {
    let server = MockServer::start().await;
    let first = |m: &str, t: &str| {
        answers(spec, m, t)
            .into_iter()
            .find(|(s, _, _)| *s == 200)
            .map(|(_, _, b)| b)
            .unwrap()
    };
    Mock::given(method("GET"))
        .and(path_regex(r"/phone_numbers$"))
        .respond_with(json(
            200,
            &first("get", "/{Version}/{WABA-ID}/phone_numbers"),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"/subscribed_apps$"))
        .respond_with(json(
            200,
            &first("get", "/{Version}/{WABA-ID}/subscribed_apps"),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"/subscribed_apps$"))
        .respond_with(json(200, &json!({"success": true})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"/messages$"))
        .respond_with(json(
            200,
            &first("post", "/{Version}/{Phone-Number-ID}/messages"),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/{VERSION}/{PHONE}")))
        .respond_with(json(200, &first("get", "/{Version}/{Phone-Number-ID}")))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn every_request_intops_sends_validates_against_its_operation() {
    let spec = Spec::load(SPEC);
    let server = recording_fake(&spec).await;
    // With and without the app secret: the proof parameters are Graph's, not the spec's.
    for secret in [None, Some("test_app_secret")] {
        let meta = client(&server, secret);
        meta.phone_numbers(WABA).await.unwrap();
        meta.phone_number(PHONE).await.unwrap();
        meta.send(
            PHONE,
            "+16505551234",
            &Outgoing::Text("contract test".into()),
        )
        .await
        .unwrap();
        meta.waba_subscribed_apps(WABA).await.unwrap();
        meta.subscribe_waba(WABA, None).await.unwrap();
        meta.subscribe_waba(
            WABA,
            Some(("https://hooks.example.com/wa", &Secret::new("vt-123"))),
        )
        .await
        .unwrap();
    }
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 12, "one request per call");
    let problems = check_all(&spec, &reqs, "", GRAPH_QUERY);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn template_send_validates_against_its_operation() {
    let spec = Spec::load(SPEC);
    let server = recording_fake(&spec).await;
    client(&server, None)
        .send(
            PHONE,
            "+16505551234",
            &Outgoing::Template {
                name: "hello_world".into(),
                language: "en_US".into(),
            },
        )
        .await
        .unwrap();
    let reqs = server.received_requests().await.unwrap();
    let problems = check_all(&spec, &reqs, "", GRAPH_QUERY);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
