//! The Meta provider against the documented response shapes (tests/fixtures/meta), served on a
//! real socket: parsing and the error classification (by code/subcode, never HTTP status).

use intops::error::Cause;
use intops::http::{HttpClient, HttpOptions};
use intops::providers::meta::{Meta, Outgoing};
use intops::secrets::Secret;
use std::time::Duration;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/strict_mock.rs"]
mod strict_mock;
use strict_mock::strict_server;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/meta/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn json(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/json")
        .set_body_string(fixture(name))
}

fn client(server: &MockServer) -> Meta {
    let http = HttpClient::new(HttpOptions {
        timeout: Duration::from_secs(2),
        budget: Duration::from_secs(4),
        ..Default::default()
    });
    Meta::new(
        http,
        &server.uri(),
        "v25.0",
        Secret::new("EAAprovider-test-token"),
        "WHATSAPP_ACCESS_TOKEN",
        None,
    )
}

#[tokio::test]
async fn debug_token_shapes_parse() {
    let s = strict_server().await;
    for (input, file) in [
        ("EAAvalid", "debug_token_user_valid.json"),
        ("EAAexpired", "debug_token_expired.json"),
        ("garbage", "debug_token_garbage.json"),
        ("app|token", "debug_token_app.json"),
        ("EAAnever", "debug_token_never.json"),
    ] {
        Mock::given(method("GET"))
            .and(path("/v25.0/debug_token"))
            .and(query_param("input_token", input))
            .and(header("authorization", "Bearer EAAprovider-test-token"))
            .respond_with(json(200, file))
            .expect(1)
            .mount(&s)
            .await;
    }
    let m = client(&s);
    let t = m.debug_token(&Secret::new("EAAvalid")).await.unwrap();
    assert!(t.is_valid);
    assert_eq!(t.app_id.as_deref(), Some("257422819769992"));
    assert_eq!(t.granular_scopes[1].target_ids, None);
    let t = m.debug_token(&Secret::new("EAAexpired")).await.unwrap();
    assert!(!t.is_valid);
    assert_eq!(t.error.as_ref().unwrap().subcode, Some(463));
    let t = m.debug_token(&Secret::new("garbage")).await.unwrap();
    assert!(!t.is_valid && t.app_id.is_none());
    let t = m.debug_token(&Secret::new("app|token")).await.unwrap();
    assert_eq!((t.token_type.as_deref(), t.expires_at), (Some("APP"), None));
    let t = m.debug_token(&Secret::new("EAAnever")).await.unwrap();
    assert_eq!(t.expires_at, Some(0));
}

async fn classify(status: u16, file: &str) -> intops::error::ApiError {
    let s = strict_server().await;
    Mock::given(method("GET"))
        .respond_with(json(status, file))
        .expect(1..)
        .mount(&s)
        .await;
    client(&s)
        .phone_number("1906385232743451")
        .await
        .unwrap_err()
}

#[tokio::test]
async fn errors_classify_on_code_not_status() {
    let e = classify(400, "error_no_app_token.json").await;
    assert_eq!(
        (e.cause.clone(), e.code.as_deref()),
        (Cause::BadRequest, Some("100"))
    );
    assert_eq!(e.trace_id.as_deref(), Some("AWZ8xU2qCk7"));

    // The same 80007 body is a rate limit whether Meta says 400 or 429.
    for status in [400, 429] {
        let e = classify(status, "error_rate_limit_80007.json").await;
        assert!(
            matches!(e.cause, Cause::RateLimited { .. }),
            "{status}: {:?}",
            e.cause
        );
    }
    let e = classify(401, "error_190_460.json").await;
    assert_eq!(e.cause, Cause::TokenInvalid);
    assert_eq!(e.code.as_deref(), Some("190/460"));
    assert!(e.hint.unwrap().contains("intops whatsapp token-rotate"));
    let e = classify(403, "error_368.json").await;
    assert_eq!(e.cause, Cause::Policy);
    assert!(
        e.message
            .contains("temporarily blocked for policy violations"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn whatsapp_send_errors_carry_details() {
    let s = strict_server().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/111/messages"))
        .respond_with(json(400, "error_131047.json"))
        .expect(1..)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/222/messages"))
        .respond_with(json(400, "error_130429.json"))
        .expect(1..)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/333/messages"))
        .respond_with(json(200, "send_success.json"))
        .expect(1..)
        .mount(&s)
        .await;
    let m = client(&s);
    let text = Outgoing::Text("hi".into());
    let e = m.send("111", "+16505551234", &text).await.unwrap_err();
    assert_eq!(e.cause, Cause::Recipient);
    assert!(e.message.contains("more than 24 hours"), "{}", e.message);
    let e = m.send("222", "+16505551234", &text).await.unwrap_err();
    assert!(matches!(e.cause, Cause::RateLimited { .. }));
    assert_eq!(e.code.as_deref(), Some("130429/2494055"));
    let ok = m.send("333", "+16505551234", &text).await.unwrap();
    assert_eq!(ok.messages[0].message_status.as_deref(), Some("accepted"));
    assert_eq!(ok.contacts[0].wa_id.as_deref(), Some("16505551234"));
}

#[tokio::test]
async fn waba_numbers_parse_the_oas_item() {
    let s = strict_server().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/102290129340398/phone_numbers"))
        .respond_with(json(200, "phone_numbers_page.json"))
        .expect(1)
        .mount(&s)
        .await;
    let (numbers, _) = client(&s).phone_numbers("102290129340398").await.unwrap();
    // No `next` link: one page, even though a cursor is present.
    assert_eq!(numbers.len(), 1);
    assert_eq!(numbers[0].status.as_deref(), Some("LINKED"));
    assert_eq!(numbers[0].quality_rating.as_deref(), Some("GREEN"));
}

#[tokio::test]
async fn unknown_unconfirmed_fields_are_dropped_and_retried() {
    let s = strict_server().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/555"))
        .and(query_param("fields", "id,display_phone_number,verified_name,status,quality_rating,name_status,code_verification_status,account_mode,messaging_limit_tier,whatsapp_business_manager_messaging_limit,health_status,throughput,platform_type"))
        .respond_with(ResponseTemplate::new(400).set_body_string(r#"{"error":{"message":"(#100) Tried accessing nonexisting field (throughput) on node type (WhatsAppBusinessPhoneNumber)","type":"OAuthException","code":100,"fbtrace_id":"x"}}"#))
        .expect(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/555"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(r#"{"id":"555","quality_rating":"YELLOW"}"#),
        )
        .expect(1)
        .mount(&s)
        .await;
    let (p, full) = client(&s).phone_number("555").await.unwrap();
    assert!(!full);
    assert_eq!(p.quality_rating.as_deref(), Some("YELLOW"));
}
