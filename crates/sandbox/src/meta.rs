//! Meta Graph / WhatsApp Cloud API in the shapes of docs/vendors/meta.md.

pub mod leads;
pub mod webhooks;

use super::{generic_fault, header, reply, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[
    ("token-expiring", "Meta: the access token expires in 3 days"),
    (
        "token-expired",
        "Meta: debug_token says invalid, code 190 subcode 463",
    ),
    (
        "token-never-expires",
        "Meta: a system-user token with expires_at 0",
    ),
    (
        "rate-limited",
        "Meta: 80007 on reads, 130429 on sends, high usage headers",
    ),
    (
        "number-flagged",
        "Meta: the phone number is FLAGGED with RED quality",
    ),
];

pub const SANDBOX_USER_TOKEN: &str = "EAAsandboxSystemUserToken0000";
pub const SANDBOX_APP_ID: &str = "1234567890";
pub const SANDBOX_PHONE_ID: &str = "106540352242922";
pub const SANDBOX_PHONE_ID_2: &str = "106540352242923";
/// A third number, just added: quality not rated yet (NA), display name still in review; listed,
/// but no number to switch to.
pub const SANDBOX_PHONE_ID_3: &str = "106540352242924";
pub const SANDBOX_WABA_ID: &str = "102290129340398";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/{ver}/debug_token", get(debug_token))
        .route("/{ver}/me", get(me))
        .route("/{ver}/{id}", get(object))
        .route("/{ver}/{id}/phone_numbers", get(phone_numbers))
        .route("/{ver}/{id}/messages", post(messages))
        .merge(webhooks::routes())
        .merge(leads::routes())
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Versions Meta no longer serves are answered by the oldest live one, and say so in a header.
fn served_version(ver: &str) -> String {
    match ver {
        "v18.0" | "v19.0" | "v20.0" => "v21.0".to_string(),
        v => v.to_string(),
    }
}

pub(crate) fn graph_error(status: u16, code: i64, sub: Option<i64>, message: &str) -> Value {
    let mut e = json!({"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdSandboxTrace"});
    if let Some(s) = sub {
        e["error_subcode"] = s.into();
    }
    let _ = status;
    json!({ "error": e })
}

/// A Graph error answer at HTTP `status`, with the version and usage headers.
pub(crate) fn graph_reply(
    ver: &str,
    st: &Shared,
    status: u16,
    code: i64,
    sub: Option<i64>,
    message: &str,
) -> Response {
    with_headers(
        ver,
        reply(status, graph_error(status, code, sub, message)),
        st,
    )
}

/// Object `id` is not there for this `verb` (get, post, delete): Graph's (#100) subcode 33.
fn bad_object(id: &str, verb: &str) -> Value {
    graph_error(
        400,
        100,
        Some(33),
        &format!("Unsupported {verb} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."),
    )
}

pub(crate) fn with_headers(ver: &str, mut resp: Response, st: &Shared) -> Response {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&served_version(ver)) {
        h.insert("facebook-api-version", v);
    }
    if st.has("rate-limited") {
        h.insert(
            "x-app-usage",
            HeaderValue::from_static(r#"{"call_count":96,"total_time":40,"total_cputime":35}"#),
        );
        h.insert(
            "x-business-use-case-usage",
            HeaderValue::from_str(&format!(
                r#"{{"{SANDBOX_WABA_ID}":[{{"type":"whatsapp_business_management","call_count":100,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":5}}]}}"#
            ))
            .unwrap(),
        );
    }
    resp
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<String> {
    header(headers, "authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
}

/// Graph answers a missing or garbage access token with 190 at HTTP 400/401.
fn check_auth(headers: &HeaderMap, q: &HashMap<String, String>) -> Option<Value> {
    let tok = bearer(headers).or_else(|| q.get("access_token").cloned());
    match tok {
        None => Some(graph_error(
            400,
            2500,
            None,
            "An active access token must be used to query information about the current user.",
        )),
        Some(t) if t.contains('|') || t.starts_with("EAA") => None,
        Some(_) => Some(graph_error(
            401,
            190,
            None,
            "Invalid OAuth access token - Cannot parse access token",
        )),
    }
}

/// What every Graph call meets first: the scenario's fault, then the access token check.
fn precheck(
    st: &Shared,
    ver: &str,
    headers: &HeaderMap,
    q: &HashMap<String, String>,
) -> Option<Response> {
    if let Some(f) = generic_fault(st) {
        return Some(f);
    }
    check_auth(headers, q).map(|e| with_headers(ver, reply(400, e), st))
}

async fn debug_token(
    State(st): State<Shared>,
    Path(ver): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(f) = generic_fault(&st) {
        return f;
    }
    // The inspector must be this app's token, or a user/system token of the app.
    let inspector = bearer(&headers)
        .or_else(|| q.get("access_token").cloned())
        .unwrap_or_default();
    let app_token = format!("{SANDBOX_APP_ID}|sandbox-app-secret");
    if inspector != app_token && !inspector.starts_with("EAA") {
        return graph_reply(&ver, &st, 400, 100, None, "(#100) You must provide an app access token, or a user access token that is an owner or developer of the app");
    }
    let input = q.get("input_token").cloned().unwrap_or_default();
    if let Some(body) = crate::messenger::debug_token(&input, &st) {
        return with_headers(&ver, reply(200, body), &st);
    }
    let now = now();
    let scopes = json!([
        "whatsapp_business_messaging",
        "whatsapp_business_management",
        "business_management"
    ]);
    let scopes = webhooks::scopes_for(&input, &st).unwrap_or(scopes);
    let body = if input.contains('|') {
        json!({"data":{"app_id": SANDBOX_APP_ID, "type":"APP", "application":"intops sandbox app", "is_valid": true, "scopes": []}})
    } else if !input.starts_with("EAA") {
        crate::fixtures::recorded_json!("meta/debug_token_garbage.json")
    } else if st.has("token-expired") {
        json!({"data":{"app_id": SANDBOX_APP_ID,"type":"SYSTEM_USER","application":"intops sandbox app",
            "data_access_expires_at": now + 80 * 86400,
            "error":{"code":190,"message":format!("Error validating access token: Session has expired on {}. The current time is {}.", chrono::DateTime::from_timestamp(now - 3600, 0).unwrap().to_rfc2822(), chrono::DateTime::from_timestamp(now, 0).unwrap().to_rfc2822()),"subcode":463},
            "expires_at": now - 3600, "is_valid": false, "issued_at": now - 61 * 86400, "scopes": scopes, "user_id": "10229000111"}})
    } else if st.has("token-never-expires") {
        json!({"data":{"app_id": SANDBOX_APP_ID,"type":"SYSTEM_USER","application":"intops sandbox app",
            "data_access_expires_at": 0, "expires_at": 0, "is_valid": true, "issued_at": now - 200 * 86400,
            "scopes": scopes, "user_id": "10229000111"}})
    } else {
        let left = if st.has("token-expiring") {
            3 * 86400 + 3600
        } else {
            60 * 86400
        };
        json!({"data":{"app_id": SANDBOX_APP_ID,"type":"SYSTEM_USER","application":"intops sandbox app",
            "data_access_expires_at": now + 85 * 86400, "expires_at": now + left, "is_valid": true,
            "issued_at": now - 86400, "scopes": scopes,
            "granular_scopes":[{"scope":"whatsapp_business_messaging","target_ids":[SANDBOX_WABA_ID]},{"scope":"whatsapp_business_management","target_ids":[SANDBOX_WABA_ID]},{"scope":"business_management"}],
            "user_id": "10229000111"}})
    };
    with_headers(&ver, reply(200, body), &st)
}

async fn me(
    State(st): State<Shared>,
    Path(ver): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = precheck(&st, &ver, &headers, &q) {
        return r;
    }
    with_headers(
        &ver,
        reply(
            200,
            json!({"id": "10229000111", "name": "intops sandbox system user"}),
        ),
        &st,
    )
}

fn phone_json(id: &str, flagged: bool) -> Value {
    if id == SANDBOX_PHONE_ID_3 {
        return new_phone_json();
    }
    let second = id == SANDBOX_PHONE_ID_2;
    json!({
        "id": id,
        "display_phone_number": if second { "+1 555-010-0002" } else { "+1 555-010-0001" },
        "verified_name": "Sandbox Realty",
        "status": if flagged { "FLAGGED" } else { "CONNECTED" },
        "quality_rating": if flagged { "RED" } else { "GREEN" },
        "name_status": "APPROVED",
        "code_verification_status": "VERIFIED",
        "account_mode": "LIVE",
        "messaging_limit_tier": "TIER_1K",
        "whatsapp_business_manager_messaging_limit": "TIER_2K",
        "throughput": {"level": "STANDARD"},
        "platform_type": "CLOUD_API",
        "health_status": {
            "can_send_message": if flagged { "LIMITED" } else { "AVAILABLE" },
            "entities": [
                {"entity_type": "PHONE_NUMBER", "id": id, "can_send_message": if flagged { "LIMITED" } else { "AVAILABLE" }},
                {"entity_type": "WABA", "id": SANDBOX_WABA_ID, "can_send_message": "AVAILABLE"}
            ]
        }
    })
}

/// The third number: registered, not rated yet, its display name in review.
fn new_phone_json() -> Value {
    json!({
        "id": SANDBOX_PHONE_ID_3,
        "display_phone_number": "+1 555-010-0003",
        "verified_name": "Sandbox Realty Rentals",
        "status": "CONNECTED",
        "quality_rating": "NA",
        "name_status": "PENDING_REVIEW",
        "code_verification_status": "VERIFIED",
        "account_mode": "LIVE",
        "messaging_limit_tier": "TIER_250",
        "whatsapp_business_manager_messaging_limit": "TIER_250",
        "throughput": {"level": "STANDARD"},
        "platform_type": "CLOUD_API",
        "health_status": {
            "can_send_message": "AVAILABLE",
            "entities": [
                {"entity_type": "PHONE_NUMBER", "id": SANDBOX_PHONE_ID_3, "can_send_message": "AVAILABLE"},
                {"entity_type": "WABA", "id": SANDBOX_WABA_ID, "can_send_message": "AVAILABLE"}
            ]
        }
    })
}

fn is_sandbox_phone(id: &str) -> bool {
    [SANDBOX_PHONE_ID, SANDBOX_PHONE_ID_2, SANDBOX_PHONE_ID_3].contains(&id)
}

fn rate_limited_read() -> Value {
    graph_error(400, 80007, None, "(#80007) There have been too many calls to this WhatsApp Business account. Wait a bit and try again.")
}

async fn object(
    State(st): State<Shared>,
    Path((ver, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = precheck(&st, &ver, &headers, &q) {
        return r;
    }
    if st.has("rate-limited") {
        return with_headers(&ver, reply(400, rate_limited_read()), &st);
    }
    if !is_sandbox_phone(&id) {
        return with_headers(&ver, reply(400, bad_object(&id, "get")), &st);
    }
    with_headers(
        &ver,
        reply(
            200,
            filter_fields(phone_json(&id, st.has("number-flagged")), q.get("fields")),
        ),
        &st,
    )
}

fn filter_fields(v: Value, fields: Option<&String>) -> Value {
    let Some(fields) = fields else {
        // Graph's default field set for a phone number.
        let keep = [
            "id",
            "display_phone_number",
            "verified_name",
            "quality_rating",
        ];
        return Value::Object(
            v.as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| keep.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
    };
    let want: Vec<&str> = fields.split(',').collect();
    Value::Object(
        v.as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| want.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

async fn phone_numbers(
    State(st): State<Shared>,
    Path((ver, waba)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = precheck(&st, &ver, &headers, &q) {
        return r;
    }
    if st.has("rate-limited") {
        return with_headers(&ver, reply(400, rate_limited_read()), &st);
    }
    if waba != SANDBOX_WABA_ID {
        return graph_reply(
            &ver,
            &st,
            400,
            100,
            Some(33),
            &format!("Unsupported get request. Object with ID '{waba}' does not exist"),
        );
    }
    let flagged = st.has("number-flagged");
    // Three pages of one number each, to exercise the cursor.
    let next = |c: &str| format!("https://graph.facebook.com/{ver}/{waba}/phone_numbers?after={c}");
    let (item, paging) = if q.get("after").map(String::as_str) == Some("CURSOR2") {
        (
            phone_json(SANDBOX_PHONE_ID_2, false),
            json!({"cursors": {"before": "CURSOR2", "after": "CURSOR3"}, "next": next("CURSOR3")}),
        )
    } else if q.get("after").map(String::as_str) == Some("CURSOR3") {
        (
            new_phone_json(),
            json!({"cursors": {"before": "CURSOR3", "after": "CURSOR4"}}),
        )
    } else {
        (
            phone_json(SANDBOX_PHONE_ID, flagged),
            json!({"cursors": {"before": "CURSOR1", "after": "CURSOR2"}, "next": format!("https://graph.facebook.com/{ver}/{waba}/phone_numbers?after=CURSOR2")}),
        )
    };
    with_headers(
        &ver,
        reply(
            200,
            json!({"data": [filter_fields(item, q.get("fields"))], "paging": paging}),
        ),
        &st,
    )
}

async fn messages(
    State(st): State<Shared>,
    Path((ver, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if crate::messenger::is_page(&id) {
        return crate::messenger::messages(&st, &ver, &id, &headers, &body);
    }
    if let Some(f) = super::faults::send_fault(&st, &body).or_else(|| generic_fault(&st)) {
        return f;
    }
    if let Some(e) = check_auth(&headers, &q) {
        return with_headers(&ver, reply(400, e), &st);
    }
    let v: Value = match serde_json::from_str(&body) {
        Ok(v) => v,
        Err(_) => return graph_reply(&ver, &st, 400, 100, None, "(#100) Invalid parameter"),
    };
    if st.has("rate-limited") {
        let e = crate::fixtures::recorded_json!("meta/error_130429.json");
        return with_headers(&ver, reply(400, e), &st);
    }
    if !is_sandbox_phone(&id) {
        return graph_reply(
            &ver,
            &st,
            400,
            100,
            Some(33),
            &format!("Unsupported post request. Object with ID '{id}' does not exist"),
        );
    }
    let to = v
        .get("to")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let digits: String = to.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.ends_with("0000") {
        let mut e = graph_error(400, 131026, None, "(#131026) Message undeliverable");
        e["error"]["error_data"] =
            json!({"messaging_product":"whatsapp","details":"Message Undeliverable."});
        return with_headers(&ver, reply(400, e), &st);
    }
    if v.get("type").and_then(Value::as_str) == Some("text") && digits.ends_with("2424") {
        let e = crate::fixtures::recorded_json!("meta/error_131047.json");
        return with_headers(&ver, reply(400, e), &st);
    }
    let n = st.requests.lock().unwrap().len();
    with_headers(
        &ver,
        reply(
            200,
            json!({"messaging_product":"whatsapp","contacts":[{"input": to, "wa_id": digits}],"messages":[{"id": format!("wamid.HBgLMTU1NTAxMDAwMDEVAgARGBI{n:08}"), "message_status":"accepted"}]}),
        ),
        &st,
    )
}
