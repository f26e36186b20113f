//! ElevenLabs against its own OpenAPI spec (elevenlabs/elevenlabs-docs `fern/apis/api/openapi.json`;
//! no licence is published for it, so only request facts are kept in
//! tests/contract/specs/elevenlabs/operations.json, and the schema examples intops reads as
//! tests/fixtures/elevenlabs/oas-*.json).

use crate::spec::{check_all, Spec};
use crate::{fixture_json, http, json};
use intops::error::Cause;
use intops::providers::elevenlabs::{ConversationQuery, ElevenLabs};
use intops::secrets::Secret;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

const SPEC: &str = "elevenlabs/operations.json";

fn client(server: &MockServer) -> ElevenLabs {
    ElevenLabs::new(http(), &server.uri(), Secret::new("sk_contract_test_key"))
}

async fn serve(m: &str, p: &str, status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(m))
        .and(path(p))
        .respond_with(json(status, &body))
        .mount(&server)
        .await;
    server
}

/// A `ConversationSummaryResponseModel` with the fields the spec requires.
fn summary(id: &str, start: i64, ok: &str) -> Value {
    json!({"agent_id": "agent_1", "agent_name": "Support", "conversation_id": id,
           "start_time_unix_secs": start, "call_duration_secs": 42, "message_count": 6,
           "status": "done", "call_successful": ok, "direction": "outbound"})
}

#[tokio::test]
async fn documented_examples_are_read() {
    // ExtendedSubscriptionResponseModel.example
    let ex = fixture_json("elevenlabs/oas-subscription.json");
    let s = client(&serve("GET", "/v1/user/subscription", 200, ex.clone()).await)
        .subscription()
        .await
        .unwrap();
    assert_eq!(s.tier.as_deref(), Some("starter"));
    assert_eq!(Some(s.character_count), ex["character_count"].as_i64());
    assert_eq!(Some(s.character_limit), ex["character_limit"].as_i64());
    assert_eq!(
        s.next_character_count_reset_unix,
        ex["next_character_count_reset_unix"].as_i64()
    );
    assert_eq!(s.status, "active");
    assert_eq!(s.has_open_invoices, Some(false));

    // UserResponseModel.example: it carries the raw `xi_api_key`, which intops must not keep.
    let ex = fixture_json("elevenlabs/oas-user.json");
    let key = ex["xi_api_key"].as_str().unwrap().to_string();
    let u = client(&serve("GET", "/v1/user", 200, ex).await)
        .user()
        .await
        .unwrap();
    assert_eq!(u.user_id.as_deref(), Some("1234567890"));
    assert_eq!(u.first_name.as_deref(), Some("John"));
    assert!(!format!("{u:?} {}", serde_json::to_string(&u).unwrap()).contains(&key));

    // GetAgentResponseModel.example
    let ex = fixture_json("elevenlabs/oas-agent.json");
    let a = client(&serve("GET", "/v1/convai/agents/J3Pbu5gP6NNKBscdCdwB", 200, ex).await)
        .agent("J3Pbu5gP6NNKBscdCdwB")
        .await
        .unwrap();
    assert_eq!(a.agent_id, "J3Pbu5gP6NNKBscdCdwB");
    assert_eq!(a.name.as_deref(), Some("My Agent"));

    // A bare array of GetPhoneNumberTwilioResponseModel / GetPhoneNumberSIPTrunkResponseModel.
    let ex = fixture_json("elevenlabs/oas-phone-numbers.json");
    let nums = client(&serve("GET", "/v1/convai/phone-numbers", 200, ex).await)
        .phone_numbers()
        .await
        .unwrap();
    let got: Vec<_> = nums
        .iter()
        .map(|n| {
            (
                Some(n.phone_number_id.as_str()),
                n.provider.as_deref(),
                n.supports_outbound,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("phone_123"), Some("twilio"), Some(true)),
            (Some("phone_456"), Some("sip_trunk"), Some(true))
        ]
    );
}

#[tokio::test]
async fn conversations_follow_has_more_and_next_cursor_to_the_end() {
    // GetConversationsPageResponseModel: {conversations, next_cursor: string|null, has_more}.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations"))
        .and(query_param_is_missing("cursor"))
        .respond_with(json(200, &json!({
            "conversations": [summary("c1", 1_764_500_000, "success"), summary("c2", 1_764_499_000, "failure")],
            "next_cursor": "cur-2", "has_more": true})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations"))
        .and(query_param("cursor", "cur-2"))
        .respond_with(json(
            200,
            &json!({
            "conversations": [summary("c3", 1_764_498_000, "unknown")],
            "next_cursor": null, "has_more": false}),
        ))
        .mount(&server)
        .await;
    let all = client(&server)
        .conversations(&ConversationQuery {
            agent_id: Some("agent_1".into()),
            since_unix: Some(1_764_000_000),
            call_successful: None,
            limit: Some(150),
        })
        .await
        .unwrap();
    assert_eq!(all.cut, None, "read to the end");
    let all = all.conversations;
    let ids: Vec<_> = all.iter().map(|c| c.conversation_id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
    assert_eq!(all[1].call_successful.as_deref(), Some("failure"));
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2, "both pages, then stop on has_more: false");
    let problems = check_all(&Spec::load(SPEC), &reqs, "", &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn a_conversation_is_read() {
    // GetConversationResponseModel: the required fields, a failed phone call with an error.
    let body = json!({
        "agent_id": "agent_1", "conversation_id": "conv_1", "status": "failed", "user_id": null,
        "has_audio": false, "has_user_audio": false, "has_response_audio": false,
        "transcript": [{"role": "agent", "message": "Hello", "time_in_call_secs": 0,
                        "tool_calls": [], "tool_results": [], "interrupted": false}],
        "metadata": {"start_time_unix_secs": 1_764_500_000, "call_duration_secs": 3,
                     "termination_reason": "", "error": {"code": 1011, "reason": "sip trunk rejected"},
                     "phone_call": null, "main_language": "en"},
        "analysis": null
    });
    let c = client(&serve("GET", "/v1/convai/conversations/conv_1", 200, body).await)
        .conversation("conv_1")
        .await
        .unwrap();
    assert_eq!(c.status, "failed");
    assert_eq!(c.metadata.start_time_unix_secs, Some(1_764_500_000));
    assert_eq!(
        c.metadata.error.and_then(|e| e.reason).as_deref(),
        Some("sip trunk rejected")
    );
    assert!(c.analysis.is_none());
}

#[tokio::test]
async fn documented_error_answers_are_classified() {
    let cases: &[(u16, Value, Cause)] = &[
        // HTTPValidationError, the 422 every operation in the spec documents.
        (
            422,
            json!({"detail": [{"loc": ["query", "page_size"], "msg": "Input should be less than or equal to 100", "type": "less_than_equal"}]}),
            Cause::BadRequest,
        ),
        // The error table in fern/docs/pages/developer-guides/error-messages.mdx (docs/vendors/elevenlabs.md).
        (
            401,
            json!({"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}),
            Cause::TokenInvalid,
        ),
        (
            400,
            json!({"detail": {"type": "authentication_error", "code": "invalid_api_key", "message": "API key is invalid.", "status": "invalid_api_key", "param": "api_key"}}),
            Cause::TokenInvalid,
        ),
        (
            401,
            json!({"detail": {"status": "quota_exceeded", "message": "This request exceeds your quota."}}),
            Cause::Account,
        ),
        (
            429,
            json!({"detail": {"status": "too_many_concurrent_requests", "message": "Too many concurrent requests."}}),
            Cause::RateLimited { retry_after: None },
        ),
        (
            429,
            json!({"detail": {"status": "system_busy", "message": "The system is experiencing heavy traffic."}}),
            Cause::RateLimited { retry_after: None },
        ),
        (404, json!({"detail": "Not Found"}), Cause::NotFound),
        (
            400,
            json!({"detail": {"status": "max_character_limit_exceeded", "message": "Too many characters."}}),
            Cause::Account,
        ),
        (
            403,
            json!({"detail": {"status": "only_for_creator+", "message": "Upgrade to Creator."}}),
            Cause::Permission,
        ),
    ];
    for (status, body, want) in cases {
        let e = client(&serve("GET", "/v1/user/subscription", *status, body.clone()).await)
            .subscription()
            .await
            .unwrap_err();
        assert_eq!(
            std::mem::discriminant(&e.cause),
            std::mem::discriminant(want),
            "{status} {body}: {e:?}"
        );
        assert!(e.hint.is_some(), "{status} {body}: no hint");
    }
}

#[tokio::test]
async fn every_request_intops_sends_validates_against_its_operation() {
    let spec = Spec::load(SPEC);
    let server = MockServer::start().await;
    let answers = [
        (
            "/v1/user/subscription",
            fixture_json("elevenlabs/oas-subscription.json"),
        ),
        ("/v1/user", json!({"user_id": "u1", "first_name": "Pat"})),
        (
            "/v1/convai/agents/agent_1",
            fixture_json("elevenlabs/oas-agent.json"),
        ),
        (
            "/v1/convai/phone-numbers",
            fixture_json("elevenlabs/oas-phone-numbers.json"),
        ),
        (
            "/v1/convai/conversations",
            json!({"conversations": [summary("c1", 1_764_500_000, "success")], "next_cursor": null, "has_more": false}),
        ),
        (
            "/v1/convai/conversations/c1",
            json!({"agent_id": "agent_1", "conversation_id": "c1", "status": "done", "transcript": [], "metadata": {}}),
        ),
    ];
    for (p, body) in answers {
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(json(200, &body))
            .mount(&server)
            .await;
    }
    let c = client(&server);
    c.subscription().await.unwrap();
    c.user().await.unwrap();
    c.agent("agent_1").await.unwrap();
    c.phone_numbers().await.unwrap();
    for (limit, success) in [
        (Some(1), None),
        (Some(30), None),
        (Some(250), None),
        (None, Some("failure")),
    ] {
        c.conversations(&ConversationQuery {
            agent_id: Some("agent_1".into()),
            since_unix: Some(1_764_000_000),
            call_successful: success.map(str::to_string),
            limit,
        })
        .await
        .unwrap();
    }
    c.conversation("c1").await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 9);
    let problems = check_all(&spec, &reqs, "", &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for r in &reqs {
        assert_eq!(r.headers.get("xi-api-key").unwrap(), "sk_contract_test_key");
    }
}

#[tokio::test]
async fn voicemail_detection_in_the_documented_tool_shapes_is_seen() {
    // ConversationHistoryTranscriptToolCallCommonModel (required: request_id, tool_name,
    // params_as_json, tool_has_been_called) and ConversationHistoryTranscriptSystemToolResultCommonModel
    // (type "system", result discriminated by `result_type`: VoiceMailDetectionResultSuccessModel).
    let body = json!({
        "agent_id": "agent_1", "conversation_id": "conv_vm", "status": "done",
        "has_audio": true, "has_user_audio": true, "has_response_audio": true,
        "metadata": {"start_time_unix_secs": 1_764_500_000, "call_duration_secs": 14},
        "transcript": [
            {"role": "user", "message": "Please leave a message after the tone.", "time_in_call_secs": 2,
             "tool_calls": [], "tool_results": []},
            {"role": "agent", "message": null, "time_in_call_secs": 9,
             "tool_calls": [{"type": "system", "request_id": "r1", "tool_name": "voicemail_detection",
                             "params_as_json": "{\"reason\":\"greeting\"}", "tool_has_been_called": true}],
             "tool_results": [{"type": "system", "request_id": "r1", "tool_name": "voicemail_detection",
                               "result_value": "", "is_error": false, "tool_has_been_called": true,
                               "result": {"result_type": "voicemail_detection_success", "status": "success",
                                          "voicemail_message": null, "reason": "greeting"}}]}
        ]
    });
    let c = client(&serve("GET", "/v1/convai/conversations/conv_vm", 200, body).await)
        .conversation("conv_vm")
        .await
        .unwrap();
    assert_eq!(c.voicemail_detected_at(), Some(9));
}
