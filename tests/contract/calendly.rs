//! Calendly API v2 against Calendly's published OpenAPI spec. Calendly does not publish the spec
//! in a repository of its own; the copy read is speakeasy-sdks/calendly-python `openapi/openapi.yaml`
//! (2024-04-02). The spec is Calendly's, so only request facts are kept
//! (tests/contract/specs/calendly/operations.json) and the documented examples as a fixture
//! (tests/fixtures/calendly/oas-examples.json).

use crate::spec::{check_all, Spec};
use crate::{fixture_json, http, json};
use intops::error::Cause;
use intops::providers::calendly::{Calendly, Created, Scope};
use intops::secrets::Secret;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

const SPEC: &str = "calendly/operations.json";
const ORG: &str = "https://api.calendly.com/organizations/AAAAAAAAAAAAAAAA";
const USER: &str = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";

fn client(server: &MockServer) -> Calendly {
    Calendly::new(http(), &server.uri(), Secret::new("eyJcontract.test.token"))
}

fn examples(op: &str) -> Vec<(u16, String, Value)> {
    let all = fixture_json("calendly/oas-examples.json");
    all[op]
        .as_object()
        .unwrap_or_else(|| panic!("no examples for {op}"))
        .iter()
        .map(|(k, v)| {
            let (code, name) = k.split_once(' ').unwrap();
            (code.parse().unwrap(), name.to_string(), v.clone())
        })
        .collect()
}

fn expected(status: u16) -> Cause {
    match status {
        401 => Cause::TokenInvalid,
        403 => Cause::Permission,
        404 => Cause::NotFound,
        _ => panic!("no expectation for HTTP {status}"),
    }
}

async fn serve(m: &str, status: u16, body: &Value) -> MockServer {
    let server = MockServer::start().await;
    let t = if status == 204 {
        wiremock::ResponseTemplate::new(204)
    } else {
        json(status, body)
    };
    Mock::given(method(m)).respond_with(t).mount(&server).await;
    server
}

#[tokio::test]
async fn every_documented_answer_is_read() {
    let mut seen = 0;
    for (status, name, body) in examples("GET /users/me") {
        let got = client(&serve("GET", status, &body).await).me().await;
        if status == 200 {
            let u = got.unwrap();
            assert_eq!(u.uri, body["resource"]["uri"].as_str().unwrap());
            assert_eq!(u.current_organization.as_deref(), Some(ORG));
        } else {
            let e = got.unwrap_err();
            assert_eq!(e.cause, expected(status), "me {status} {name}");
            assert!(
                e.message.contains(body["title"].as_str().unwrap()),
                "{}",
                e.message
            );
        }
        seen += 1;
    }
    for (status, name, body) in examples("GET /webhook_subscriptions") {
        if status == 200 {
            // The example names a next page; a fake that hands out the same token again must
            // end the walk, and the list read only in part is unknown, never complete.
            let e = client(&serve("GET", status, &body).await)
                .subscriptions(ORG, &Scope::Organization)
                .await
                .unwrap_err();
            assert_eq!(e.cause, intops::error::Cause::Malformed, "{}", e.line());
            assert!(
                e.message.contains("repeated a paging cursor"),
                "{}",
                e.message
            );
        }
        // The example as the last page.
        let mut body = body;
        if status == 200 {
            body["pagination"]["next_page_token"] = Value::Null;
            body["pagination"]["next_page"] = Value::Null;
        }
        let got = client(&serve("GET", status, &body).await)
            .subscriptions(ORG, &Scope::Organization)
            .await;
        if status == 200 {
            let subs = got.unwrap();
            let want = &body["collection"][0];
            assert_eq!(subs[0].uri, want["uri"].as_str().unwrap());
            assert_eq!(subs[0].callback_url, want["callback_url"].as_str().unwrap());
            assert!(subs[0].is_active());
            assert_eq!(
                subs[0].retry_started_at.as_deref(),
                want["retry_started_at"].as_str()
            );
        } else {
            let e = got.unwrap_err();
            assert_eq!(e.cause, expected(status), "list {status} {name}");
            assert!(e.hint.is_some());
        }
        seen += 1;
    }
    for (status, name, body) in examples("POST /webhook_subscriptions") {
        let got = client(&serve("POST", status, &body).await)
            .create(
                "https://blah.foo/bar",
                &["invitee.created".into()],
                ORG,
                &Scope::Organization,
                None,
            )
            .await;
        match (status, got) {
            (201, Ok(Created::New(s))) => {
                assert_eq!(s.uri, body["resource"]["uri"].as_str().unwrap())
            }
            (409, Ok(Created::AlreadyExists(m))) => assert!(m.contains("already exists"), "{m}"),
            (s, Err(e)) if s >= 400 && s != 409 => {
                assert_eq!(e.cause, expected(s), "create {s} {name}");
                assert!(
                    e.message.contains(body["message"].as_str().unwrap()),
                    "{}",
                    e.message
                );
            }
            (s, other) => panic!("create {s} {name}: {other:?}"),
        }
        seen += 1;
    }
    for (status, name, body) in examples("DELETE /webhook_subscriptions/{webhook_uuid}") {
        let e = client(&serve("DELETE", status, &body).await)
            .delete("AAAAAAAAAAAAAAAA")
            .await
            .unwrap_err();
        assert_eq!(e.cause, expected(status), "delete {status} {name}");
        seen += 1;
    }
    // The documented 204 of DELETE has no body.
    client(&serve("DELETE", 204, &Value::Null).await)
        .delete("AAAAAAAAAAAAAAAA")
        .await
        .unwrap();
    // UNAUTHENTICATED (components/responses): ErrorResponse titled "Unauthenticated".
    let e = client(
        &serve(
            "GET",
            401,
            &json!({"title": "Unauthenticated", "message": "The access token is invalid"}),
        )
        .await,
    )
    .me()
    .await
    .unwrap_err();
    assert_eq!(e.cause, Cause::TokenInvalid);
    assert_eq!(seen, 16, "every documented example");
}

#[tokio::test]
async fn list_follows_next_page_token_to_the_end() {
    let server = MockServer::start().await;
    let first = examples("GET /webhook_subscriptions")
        .into_iter()
        .find(|(s, _, _)| *s == 200)
        .unwrap()
        .2;
    let token = first["pagination"]["next_page_token"]
        .as_str()
        .unwrap()
        .to_string();
    Mock::given(method("GET"))
        .and(path("/webhook_subscriptions"))
        .and(query_param_is_missing("page_token"))
        .respond_with(json(200, &first))
        .mount(&server)
        .await;
    let mut last = first.clone();
    last["collection"][0]["uri"] =
        json!("https://api.calendly.com/webhook_subscriptions/BBBBBBBBBBBBBBBB");
    last["collection"][0]["state"] = json!("disabled");
    last["pagination"] = json!({"count": 1, "next_page": null, "previous_page": null, "next_page_token": null, "previous_page_token": null});
    Mock::given(method("GET"))
        .and(path("/webhook_subscriptions"))
        .and(query_param("page_token", token.as_str()))
        .respond_with(json(200, &last))
        .mount(&server)
        .await;
    let subs = client(&server)
        .subscriptions(ORG, &Scope::User(USER.into()))
        .await
        .unwrap();
    let states: Vec<_> = subs.iter().map(|s| s.state.as_str()).collect();
    assert_eq!(states, ["active", "disabled"]);
}

#[tokio::test]
async fn every_request_intops_sends_validates_against_its_operation() {
    let spec = Spec::load(SPEC);
    let server = MockServer::start().await;
    let me = examples("GET /users/me")
        .into_iter()
        .find(|(s, _, _)| *s == 200)
        .unwrap()
        .2;
    let mut list = examples("GET /webhook_subscriptions")
        .into_iter()
        .find(|(s, _, _)| *s == 200)
        .unwrap()
        .2;
    list["pagination"]["next_page_token"] = Value::Null;
    let created = examples("POST /webhook_subscriptions")
        .into_iter()
        .find(|(s, _, _)| *s == 201)
        .unwrap()
        .2;
    Mock::given(method("GET"))
        .and(path("/users/me"))
        .respond_with(json(200, &me))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/webhook_subscriptions"))
        .respond_with(json(200, &list))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/webhook_subscriptions"))
        .respond_with(json(201, &created))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let c = client(&server);
    let events: Vec<String> = vec!["invitee.created".into(), "invitee.canceled".into()];
    c.me().await.unwrap();
    c.subscriptions(ORG, &Scope::Organization).await.unwrap();
    c.subscriptions(ORG, &Scope::User(USER.into()))
        .await
        .unwrap();
    c.create(
        "https://hooks.example.com/calendly",
        &events,
        ORG,
        &Scope::Organization,
        None,
    )
    .await
    .unwrap();
    c.create(
        "https://hooks.example.com/calendly",
        &events,
        ORG,
        &Scope::User(USER.into()),
        Some(&Secret::new("signing-key-1")),
    )
    .await
    .unwrap();
    c.delete("AAAAAAAAAAAAAAAA").await.unwrap();
    c.delete("https://api.calendly.com/webhook_subscriptions/AAAAAAAAAAAAAAAA")
        .await
        .unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 7);
    let problems = check_all(&spec, &reqs, "", &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for r in &reqs {
        assert_eq!(
            r.headers.get("authorization").unwrap(),
            "Bearer eyJcontract.test.token"
        );
    }
}
