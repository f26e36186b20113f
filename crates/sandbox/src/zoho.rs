//! Zoho Accounts and CRM in the shapes of docs/vendors/zoho.md §A/§B: refresh
//! failures come back as HTTP 200 with an `error` body, CRM errors as `{code,details,message,status}`.

use super::{generic_fault, header, host, reply, Shared};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "zoho-invalid-code",
        "Zoho: refresh answers HTTP 200 {\"error\":\"invalid_code\"} (revoked refresh token)",
    ),
    (
        "zoho-wrong-dc",
        "Zoho: refresh answers HTTP 200 {\"error\":\"invalid_client\"} (wrong data centre)",
    ),
    (
        "zoho-throttled",
        "Zoho: refresh answers HTTP 200 \"Access Denied\" (more than 10 refreshes in 10 min)",
    ),
    ("zoho-token-invalid", "Zoho CRM: 401 INVALID_TOKEN"),
    (
        "zoho-token-evicted",
        "Zoho CRM: the first access token issued is rejected with INVALID_TOKEN (evicted)",
    ),
    ("zoho-auth-failure", "Zoho CRM: 401 AUTHENTICATION_FAILURE"),
    ("zoho-scope-mismatch", "Zoho CRM: 401 OAUTH_SCOPE_MISMATCH"),
    ("zoho-no-permission", "Zoho CRM: 403 NO_PERMISSION"),
    ("zoho-crm-rate-limited", "Zoho CRM: 429 with Retry-After"),
    (
        "zoho-contact-invalid",
        "Zoho CRM: creating a contact fails with INVALID_DATA on Email",
    ),
    (
        "zoho-contact-mandatory",
        "Zoho CRM: creating a contact fails with MANDATORY_NOT_FOUND on Phone",
    ),
    (
        "zoho-contact-duplicate",
        "Zoho CRM: creating a contact fails with DUPLICATE_DATA on Email",
    ),
];

pub const SANDBOX_CLIENT_ID: &str = "1000.SANDBOXCLIENTID0000";
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-zoho-client-secret";
pub const SANDBOX_REFRESH_TOKEN: &str = "1000.sandboxrefresh.0000";
pub const SANDBOX_BILLING_ORG: &str = "700000001";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/accounts/oauth/v2/token", post(token))
        .route("/api/crm/{ver}/users", get(users))
        .route("/api/crm/{ver}/org", get(org))
        .route("/api/crm/{ver}/Contacts", post(contacts))
        .route("/api/billing/v1/organizations", get(billing_orgs))
}

/// How many refreshes the sandbox answered successfully (tests assert "exactly one").
pub fn refresh_count(st: &super::SandboxState) -> u64 {
    st.store
        .lock()
        .unwrap()
        .get("zoho_refreshes")
        .and_then(Value::as_u64)
        .unwrap_or(0)
}

async fn token(
    State(st): State<Shared>,
    headers: HeaderMap,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
    body: String,
) -> Response {
    if let Some(r) = generic_fault(&st) {
        return r;
    }
    // Zoho documents query parameters; clients send a form body. Accept both.
    let mut f: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    for (k, v) in url::form_urlencoded::parse(q.unwrap_or_default().as_bytes()).into_owned() {
        f.entry(k).or_insert(v);
    }
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let err = |e: &str| reply(200, json!({ "error": e }));
    if st.has("zoho-throttled") {
        return reply(
            200,
            crate::fixtures::recorded_json!("zoho/refresh-throttled.json"),
        );
    }
    if st.has("zoho-wrong-dc") || get("client_id") != SANDBOX_CLIENT_ID {
        return err("invalid_client");
    }
    if get("client_secret") != SANDBOX_CLIENT_SECRET {
        return err("invalid_client_secret");
    }
    if st.has("zoho-invalid-code") || get("refresh_token") != SANDBOX_REFRESH_TOKEN {
        return err("invalid_code");
    }
    if get("grant_type") != "refresh_token" {
        return err("unsupported_grant_type");
    }
    let n = {
        let mut store = st.store.lock().unwrap();
        let n = store
            .get("zoho_refreshes")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            + 1;
        store.insert("zoho_refreshes".into(), n.into());
        n
    };
    let host = host(&headers);
    // The recorded answer, with a token per refresh and an api_domain that points back here.
    let mut body = crate::fixtures::recorded_json!("zoho/refresh-ok.json");
    body["access_token"] = format!(
        "1000.sandboxaccess{n:04}.{:x}",
        chrono::Utc::now().timestamp_micros()
    )
    .into();
    body["api_domain"] = format!("http://{host}/zoho/api").into();
    reply(200, body)
}

fn crm_error(status: u16, code: &str, message: &str) -> Response {
    reply(
        status,
        json!({"code": code, "details": {}, "message": message, "status": "error"}),
    )
}

/// Common CRM checks: faults, scenarios, and the `Zoho-oauthtoken` header.
fn crm_gate(st: &Shared, headers: &HeaderMap) -> Option<Response> {
    if let Some(r) = generic_fault(st) {
        return Some(r);
    }
    // The status page says Zoho CRM is down: so is its API (accounts still answer).
    if st.has("status-major-outage") {
        return Some(crate::status::outage_page());
    }
    let auth = header(headers, "authorization").unwrap_or("");
    let ok = auth
        .strip_prefix("Zoho-oauthtoken ")
        .is_some_and(|t| t.starts_with("1000."));
    let evicted = st.has("zoho-token-evicted") && auth.contains("sandboxaccess0001.");
    if !ok || evicted || st.has("zoho-token-invalid") {
        return Some(crm_error(401, "INVALID_TOKEN", "invalid oauth token"));
    }
    if st.has("zoho-auth-failure") {
        return Some(crm_error(
            401,
            "AUTHENTICATION_FAILURE",
            "Authentication failed",
        ));
    }
    if st.has("zoho-scope-mismatch") {
        return Some(crm_error(
            401,
            "OAUTH_SCOPE_MISMATCH",
            "invalid oauth scope to access this URL",
        ));
    }
    if st.has("zoho-no-permission") {
        return Some(crm_error(403, "NO_PERMISSION", "permission denied"));
    }
    if st.has("zoho-crm-rate-limited") {
        let mut r = crm_error(429, "TOO_MANY_REQUESTS", "you have reached the API limit");
        r.headers_mut()
            .insert("retry-after", "120".parse().unwrap());
        return Some(r);
    }
    None
}

async fn users(State(st): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = crm_gate(&st, &headers) {
        return r;
    }
    let mut r = reply(
        200,
        json!({"users": [{
            "id": "5725767000000411001", "full_name": "Patricia Boyle", "email": "p.boyle@zylker.example",
            "zuid": "50956000", "status": "active", "time_zone": "America/Los_Angeles",
            "role": {"name": "CEO", "id": "5725767000000026005"},
            "profile": {"name": "Administrator", "id": "5725767000000026011"}
        }]}),
    );
    // Zoho sends this only once half of the rolling 24 h credits are used.
    r.headers_mut()
        .insert("x-api-credits-remaining", "4500".parse().unwrap());
    r
}

/// `GET /crm/v8/org`: the organisation, in Zoho's documented shape (`org` is an array of one).
async fn org(State(st): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = crm_gate(&st, &headers) {
        return r;
    }
    reply(
        200,
        json!({"org": [{
            "id": "5725767000000021001", "company_name": "Zylker", "zgid": "50956001",
            "domain_name": "org50956001", "primary_email": "p.boyle@zylker.example",
            "time_zone": "America/Los_Angeles", "country_code": "US", "currency": "US Dollar - USD",
            "iso_code": "USD", "type": "production",
            "license_details": {"paid": true, "paid_type": "enterprise", "users_license_purchased": 10,
                "trial_type": null, "trial_expiry": null, "paid_expiry": "2027-06-30T00:00:00-07:00"}
        }]}),
    )
}

async fn contacts(State(st): State<Shared>, headers: HeaderMap, body: String) -> Response {
    if let Some(r) = crm_gate(&st, &headers) {
        return r;
    }
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let rec = v.pointer("/data/0").cloned().unwrap_or(Value::Null);
    let one = |status: u16, item: Value| reply(status, json!({ "data": [item] }));
    if st.has("zoho-contact-invalid") {
        return one(
            400,
            json!({"code": "INVALID_DATA", "details": {"expected_data_type": "email", "api_name": "Email", "json_path": "$.data[0].Email"}, "message": "invalid data", "status": "error"}),
        );
    }
    if st.has("zoho-contact-mandatory") || rec.get("Last_Name").is_none() {
        let field = if rec.get("Last_Name").is_none() {
            "Last_Name"
        } else {
            "Phone"
        };
        return one(
            400,
            json!({"code": "MANDATORY_NOT_FOUND", "details": {"api_name": field, "json_path": format!("$.data[0].{field}")}, "message": "required field not found", "status": "error"}),
        );
    }
    if st.has("zoho-contact-duplicate") {
        return one(
            400,
            json!({"code": "DUPLICATE_DATA", "details": {"api_name": "Email", "json_path": "$.data[0].Email", "id": "5725767000000524157",
                "duplicate_record": {"id": "5725767000000524157", "Owner": {"name": "Patricia Boyle", "id": "5725767000000411001", "zuid": "50956000"}, "module": {"api_name": "Contacts", "id": "5725767000000002179"}},
                "more_records": false}, "message": "duplicate data", "status": "error"}),
        );
    }
    let now = chrono::Utc::now().to_rfc3339();
    one(
        201,
        json!({"code": "SUCCESS", "details": {"id": "5725767000000524999", "Created_Time": now, "Modified_Time": now,
            "Created_By": {"name": "Patricia Boyle", "id": "5725767000000411001"},
            "Modified_By": {"name": "Patricia Boyle", "id": "5725767000000411001"}, "$approval_state": "approved"},
            "message": "record added", "status": "success"}),
    )
}

async fn billing_orgs(State(st): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = crm_gate(&st, &headers) {
        return r;
    }
    (
        [("content-type", "application/json")],
        json!({"code": 0, "message": "success", "organizations": [
            {"organization_id": SANDBOX_BILLING_ORG, "name": "Zylker Realty", "is_default_org": true}
        ]})
        .to_string(),
    )
        .into_response()
}
