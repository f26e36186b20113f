//! ElevenLabs in the shapes of docs/vendors/elevenlabs.md: `xi-api-key`, errors in
//! `detail` (object, string or list), phone numbers as a bare array, paged conversations.

use super::{generic_fault, header, reply, Shared};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "elevenlabs-quota",
        "ElevenLabs: 96 % of the credits used (crit)",
    ),
    (
        "elevenlabs-credits-high",
        "ElevenLabs: 85 % of the credits used (warn)",
    ),
    (
        "elevenlabs-voicemail-off",
        "ElevenLabs: the agent has no voicemail_detection system tool",
    ),
    (
        "elevenlabs-phone-inbound-only",
        "ElevenLabs: the phone number supports no outbound calls and has no agent",
    ),
    (
        "elevenlabs-busy",
        "ElevenLabs: every call answers 429 system_busy",
    ),
];

pub const SANDBOX_API_KEY: &str = "sk_sandbox_elevenlabs_0000";
pub const SANDBOX_AGENT_ID: &str = "agent_7101k0sandbox";
pub const SANDBOX_PHONE_ID: &str = "phnum_sandbox_0001";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/v1/user", get(user))
        .route("/v1/user/subscription", get(subscription))
        .route("/v1/convai/agents/{id}", get(agent))
        .route("/v1/convai/phone-numbers", get(phone_numbers))
        .route("/v1/convai/conversations", get(conversations))
        .route("/v1/convai/conversations/{id}", get(conversation))
}

fn detail(status: u16, code: &str, message: &str) -> Response {
    reply(
        status,
        json!({"detail": {"status": code, "message": message}}),
    )
}

/// Faults, then the key: a wrong one is 400 `invalid_api_key`, a missing one 401.
fn gate(st: &Shared, headers: &HeaderMap) -> Option<Response> {
    if let Some(r) = generic_fault(st) {
        return Some(r);
    }
    // The status page's major outage is one the API shows too.
    if st.has("status-major-outage") {
        return Some(crate::status::outage_page());
    }
    match header(headers, "xi-api-key") {
        None => {
            return Some(detail(
                401,
                "needs_authorization",
                "Neither authorization header nor xi-api-key received, please provide one.",
            ))
        }
        Some(k) if k != SANDBOX_API_KEY => {
            return Some(reply(
                400,
                crate::fixtures::recorded_json!("elevenlabs/error-invalid-key.json"),
            ))
        }
        _ => {}
    }
    if st.has("elevenlabs-busy") {
        let mut r = detail(
            429,
            "system_busy",
            "We're experiencing a high volume of requests. Please try again.",
        );
        r.headers_mut()
            .insert("retry-after", "120".parse().unwrap());
        return Some(r);
    }
    None
}

fn sub_body(st: &Shared) -> Value {
    let used = if st.has("elevenlabs-quota") {
        96_000
    } else if st.has("elevenlabs-credits-high") {
        85_000
    } else {
        37_500
    };
    let reset = chrono::Utc::now().timestamp() + 7 * 86_400;
    json!({
        "tier": "creator", "character_count": used, "character_limit": 100_000,
        "can_extend_character_limit": true, "next_character_count_reset_unix": reset,
        "voice_limit": 30, "currency": "usd", "status": "active",
        "billing_period": "monthly_period", "has_open_invoices": false,
        "next_invoice": null, "voice_slots_used": 3
    })
}

async fn subscription(State(st): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    reply(200, sub_body(&st))
}

async fn user(State(st): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    // The real endpoint echoes the raw key: the client must never print this body.
    reply(
        200,
        json!({"user_id": "user_sandbox_1", "first_name": "Sam", "created_at": 1700000000,
               "xi_api_key": SANDBOX_API_KEY, "xi_api_key_preview": "sk_s...0000",
               "subscription": sub_body(&st)}),
    )
}

async fn agent(State(st): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    if id != SANDBOX_AGENT_ID {
        return detail(
            404,
            "agent_not_found",
            &format!("Agent with id {id} not found."),
        );
    }
    let voicemail = if st.has("elevenlabs-voicemail-off") {
        Value::Null
    } else {
        json!({"name": "voicemail_detection", "description": "", "params": {"system_tool_type": "voicemail_detection", "voicemail_message": "Sorry we missed you."}})
    };
    reply(
        200,
        json!({
            "agent_id": SANDBOX_AGENT_ID, "name": "Lead qualifier",
            "conversation_config": {"agent": {"first_message": "Hi, this is Alex", "language": "en",
                "prompt": {"prompt": "You qualify leads.", "built_in_tools": {
                    "end_call": {"name": "end_call", "description": "", "params": {"system_tool_type": "end_call"}},
                    "voicemail_detection": voicemail}}}},
            "metadata": {"created_at_unix_secs": 1750000000},
            "platform_settings": {"call_limits": {"agent_concurrency_limit": -1, "daily_limit": 100000}},
            "phone_numbers": [{"phone_number": "+15550100", "phone_number_id": SANDBOX_PHONE_ID, "provider": "twilio"}],
            "tags": []
        }),
    )
}

async fn phone_numbers(State(st): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    let inbound_only = st.has("elevenlabs-phone-inbound-only");
    let assigned = if inbound_only {
        Value::Null
    } else {
        json!({"agent_id": SANDBOX_AGENT_ID, "agent_name": "Lead qualifier"})
    };
    reply(
        200,
        json!([
            {"phone_number": "+15550100", "label": "Main line", "supports_inbound": true,
             "supports_outbound": !inbound_only, "phone_number_id": SANDBOX_PHONE_ID,
             "assigned_agent": assigned, "provider": "twilio"},
            {"phone_number": "+15550199", "label": "SIP", "supports_inbound": true, "supports_outbound": true,
             "phone_number_id": "phnum_sandbox_0002", "assigned_agent": null, "provider": "sip_trunk",
             "provider_config": {"address": "sip.example.com", "transport": "tls"}, "outbound_trunk": null, "inbound_trunk": null}
        ]),
    )
}

/// (id, minutes ago, duration, status, call_successful, title, termination, error, voicemail at)
type Conv = (
    &'static str,
    i64,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<i64>,
);

const CONVERSATIONS: &[Conv] = &[
    (
        "conv_sandbox_0001",
        60,
        95,
        "done",
        "success",
        "Qualified lead",
        "end_call tool was called",
        None,
        None,
    ),
    (
        "conv_sandbox_0002",
        120,
        12,
        "done",
        "failure",
        "Voicemail",
        "voicemail_detected",
        None,
        Some(9),
    ),
    (
        "conv_sandbox_0003",
        180,
        0,
        "failed",
        "unknown",
        "",
        "",
        Some("Twilio: the callee number is unreachable"),
        None,
    ),
    (
        "conv_sandbox_0004",
        3 * 24 * 60,
        40,
        "done",
        "success",
        "Booked a viewing",
        "end_call tool was called",
        None,
        None,
    ),
];

fn started(minutes_ago: i64) -> i64 {
    chrono::Utc::now().timestamp() - minutes_ago * 60
}

async fn conversations(
    State(st): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    let after: i64 = q
        .get("call_start_after_unix")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let size: usize = q
        .get("page_size")
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
        // Small pages make clients follow `next_cursor` (the real maximum is 100).
        .clamp(1, 2);
    let offset: usize = q.get("cursor").and_then(|v| v.parse().ok()).unwrap_or(0);
    let matching: Vec<&Conv> = CONVERSATIONS
        .iter()
        .filter(|c| started(c.1) >= after)
        .filter(|_| {
            q.get("agent_id")
                .map(|a| a == SANDBOX_AGENT_ID)
                .unwrap_or(true)
        })
        .collect();
    let page: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|c| {
            json!({"agent_id": SANDBOX_AGENT_ID, "agent_name": "Lead qualifier", "conversation_id": c.0,
                   "start_time_unix_secs": started(c.1), "call_duration_secs": c.2, "message_count": 6,
                   "status": c.3, "call_successful": c.4, "transcript_summary": "",
                   "call_summary_title": c.5, "direction": "outbound"})
        })
        .collect();
    let more = offset + size < matching.len();
    reply(
        200,
        json!({"conversations": page, "has_more": more,
               "next_cursor": if more { Value::from((offset + size).to_string()) } else { Value::Null }}),
    )
}

async fn conversation(
    State(st): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    let Some(c) = CONVERSATIONS.iter().find(|c| c.0 == id) else {
        return detail(
            404,
            "conversation_not_found",
            &format!("Conversation {id} not found"),
        );
    };
    let mut transcript = vec![
        json!({"role": "agent", "message": "Hi, this is Alex", "tool_calls": [], "tool_results": [], "time_in_call_secs": 0}),
    ];
    if let Some(at) = c.8 {
        transcript.push(json!({"role": "user", "message": "You have reached the voicemail of...", "tool_calls": [], "tool_results": [], "time_in_call_secs": at - 4}));
        transcript.push(json!({"role": "agent", "message": null,
            "tool_calls": [{"type": "system", "tool_name": "voicemail_detection", "params_as_json": "{\"reason\":\"automated greeting\"}", "request_id": "r1"}],
            "tool_results": [{"type": "system", "tool_name": "voicemail_detection", "result_value": "", "is_error": false,
                              "result": {"type": "voicemail_detection_success", "status": "success", "reason": "automated greeting"}}],
            "time_in_call_secs": at}));
    }
    let error = c.7.map(|r| json!({"code": 1002, "reason": r}));
    reply(
        200,
        json!({
            "agent_id": SANDBOX_AGENT_ID, "conversation_id": c.0, "status": c.3, "user_id": null, "has_audio": c.2 > 0,
            "transcript": transcript,
            "metadata": {"start_time_unix_secs": started(c.1), "call_duration_secs": c.2, "cost": c.2 * 10,
                         "termination_reason": c.6, "error": error, "main_language": "en",
                         "phone_call": {"type": "twilio", "direction": "outbound", "phone_number_id": SANDBOX_PHONE_ID,
                                        "agent_number": "+15550100", "external_number": "+15550111",
                                        "call_sid": format!("CA{}", c.0), "stream_sid": "MZ1"}},
            "analysis": if c.3 == "failed" { Value::Null } else {
                json!({"call_successful": c.4, "transcript_summary": format!("{} (sandbox).", c.5), "call_summary_title": c.5,
                       "evaluation_criteria_results": {}, "data_collection_results": {}})
            }
        }),
    )
}
