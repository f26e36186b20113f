//! Zoho CRM v8 against Zoho's own OpenAPI spec (zoho/crm-oas; no licence is published, so only the
//! request facts are kept, in tests/contract/specs/zoho/operations.json). The spec has no examples
//! for these operations: the answers below are built from its response schemas (`users`,
//! `Success_Response`, `API_Exception`), each noted where it comes from.

use crate::spec::{check_all, Spec};
use crate::{fixture_json, http, json};
use intops::error::Cause;
use intops::providers::zoho::Crm;
use intops::secrets::Secret;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

const SPEC: &str = "zoho/operations.json";

fn crm(server: &MockServer) -> Crm {
    Crm::new(
        http(),
        &server.uri(),
        Secret::new("1000.contract-access-token"),
    )
}

/// `GET /crm/v8/users` 200 in the shape of crm-oas v8.0/users.json `Response_Wrapper` (`users[]`
/// of `users`, plus `info`), with `time_zone` as given.
fn users_answer(time_zone: Value) -> Value {
    json!({
        "users": [{
            "id": "4150868000000225013",
            "full_name": "Patricia Boyle",
            "email": "p.boyle@zylker.com",
            "zuid": "50956000",
            "status": "active",
            "role": {"name": "CEO", "id": "4150868000000026005"},
            "profile": {"name": "Administrator", "id": "4150868000000026011"},
            "time_zone": time_zone,
            "confirm": true
        }],
        "info": {"per_page": 200, "count": 1, "page": 1, "more_records": false}
    })
}

async fn serve_users(body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v8/users"))
        .respond_with(json(200, &body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn current_user_is_read_with_a_string_or_null_time_zone() {
    for tz in [json!("Asia/Kolkata"), Value::Null] {
        let server = serve_users(users_answer(tz.clone())).await;
        let (user, credits) = crm(&server).current_user().await.unwrap();
        assert_eq!(
            user.email.as_deref(),
            Some("p.boyle@zylker.com"),
            "time_zone {tz}"
        );
        assert_eq!(user.zuid.as_deref(), Some("50956000"));
        assert_eq!(user.role.and_then(|r| r.name).as_deref(), Some("CEO"));
        assert_eq!(credits, None);
    }
}

#[tokio::test]
async fn current_user_is_read_when_time_zone_is_an_object() {
    let server = serve_users(users_answer(json!({"name": "Asia/Kolkata"}))).await;
    let (user, _) = crm(&server)
        .current_user()
        .await
        .expect("a display-only field must not sink the check");
    assert_eq!(user.email.as_deref(), Some("p.boyle@zylker.com"));
}

#[tokio::test]
async fn documented_whole_request_errors_are_classified() {
    // crm-oas v8.0/users.json: 400 is one of InvalidUrlError / InvalidTypeError / MandatoryError /
    // InvalidError / InvalidParamError, all `{code, details, message, status: "error"}`; the common
    // codes of v8.0/record.json `API_Exception` come with 401/403/429/500.
    let cases = [
        (400, "INVALID_DATA", Cause::BadRequest),
        (400, "PATTERN_NOT_MATCHED", Cause::BadRequest),
        (401, "INVALID_TOKEN", Cause::TokenExpired),
        (401, "AUTHENTICATION_FAILURE", Cause::TokenInvalid),
        (401, "OAUTH_SCOPE_MISMATCH", Cause::Permission),
        (403, "NO_PERMISSION", Cause::Permission),
        (404, "INVALID_URL_PATTERN", Cause::NotFound),
        (
            429,
            "LIMIT_EXCEEDED",
            Cause::RateLimited { retry_after: None },
        ),
        (500, "INTERNAL_ERROR", Cause::Upstream),
    ];
    for (status, code, want) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(json(status, &json!({"code": code, "details": {}, "message": code.to_lowercase(), "status": "error"})))
            .mount(&server)
            .await;
        let e = crm(&server).current_user().await.unwrap_err();
        assert_eq!(
            std::mem::discriminant(&e.cause),
            std::mem::discriminant(&want),
            "{code}: {e:?}"
        );
        assert_eq!(e.code.as_deref(), Some(code));
        assert!(e.hint.is_some(), "{code}: no hint");
    }
}

#[tokio::test]
async fn per_record_answers_of_create_records_are_read() {
    // `data[]` items are `Success_Response` or `API_Exception` (crm-oas v8.0/record.json, POST
    // /crm/v8/{module_api_name}); the bodies are tests/fixtures/zoho/create-*.json.
    for (file, code, success) in [
        ("zoho/create-ok.json", "SUCCESS", true),
        ("zoho/create-duplicate.json", "DUPLICATE_DATA", false),
        ("zoho/create-invalid-data.json", "INVALID_DATA", false),
    ] {
        for status in [200, 201] {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .respond_with(json(status, &fixture_json(file)))
                .mount(&server)
                .await;
            let r = crm(&server)
                .create_contact(json!({"Last_Name": "Contract"}))
                .await
                .unwrap_or_else(|e| panic!("{file} at {status}: {e:?}"));
            assert_eq!(r.code, code);
            assert_eq!(r.is_success(), success);
            assert_eq!(
                r.hint().is_none(),
                success,
                "{file}: a failed record names its fix"
            );
        }
    }
}

#[tokio::test]
async fn whole_request_error_at_http_200_on_create_is_classified() {
    for (code, want) in [
        ("INVALID_TOKEN", Cause::TokenExpired),
        ("OAUTH_SCOPE_MISMATCH", Cause::Permission),
        ("MANDATORY_NOT_FOUND", Cause::BadRequest),
    ] {
        let server = MockServer::start().await;
        let body =
            json!({"code": code, "details": {}, "message": code.to_lowercase(), "status": "error"});
        Mock::given(method("POST"))
            .respond_with(json(200, &body))
            .mount(&server)
            .await;
        match crm(&server)
            .create_contact(json!({"Last_Name": "Contract"}))
            .await
        {
            Ok(r) => {
                assert_eq!(r.code, code);
                assert!(!r.is_success() && r.hint().is_some());
            }
            Err(e) => {
                assert_ne!(e.cause, Cause::Malformed, "{code}: {e:?}");
                assert_eq!(
                    std::mem::discriminant(&e.cause),
                    std::mem::discriminant(&want),
                    "{code}: {e:?}"
                );
                assert_eq!(e.code.as_deref(), Some(code));
                assert!(e.hint.is_some());
            }
        }
    }
}

#[tokio::test]
async fn every_request_intops_sends_validates_against_its_operation() {
    let spec = Spec::load(SPEC);
    let server = serve_users(users_answer(json!("Asia/Kolkata"))).await;
    Mock::given(method("POST"))
        .and(path("/crm/v8/Contacts"))
        .respond_with(json(201, &fixture_json("zoho/create-ok.json")))
        .mount(&server)
        .await;
    let c = crm(&server);
    c.current_user().await.unwrap();
    c.create_contact(json!({"Last_Name": "Contract", "Email": "c@example.com"}))
        .await
        .unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2);
    let problems = check_all(&spec, &reqs, "", &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The users list is asked for the current user only (type is an enum in the spec).
    assert_eq!(reqs[0].url.query(), Some("type=CurrentUser"));
    // Zoho's OAuth scheme (crm-oas v8.0/common.json) with Zoho's own header prefix, not Bearer.
    for r in &reqs {
        let auth = r.headers.get("authorization").unwrap().to_str().unwrap();
        assert!(auth.starts_with("Zoho-oauthtoken 1000."), "{auth}");
    }
    // A test contact must not fire workflows (an empty trigger list).
    let body: Value = serde_json::from_slice(&reqs[1].body).unwrap();
    assert_eq!(body["trigger"], json!([]));
}
