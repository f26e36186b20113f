//! Facebook Messenger in the sandbox, in the shapes of Meta's Messenger Platform docs: the Page
//! token's `debug_token`, the Page's `subscribed_apps` (two pages, so clients must follow
//! `paging.next`), the app's `page` webhook fields, and the Send API `POST /{page-id}/messages`.
//!
//! Two Pages answer: the Lead Ads Page (`META_PAGE_ID`, [`SANDBOX_PAGE_ID`]) and a Page of its
//! own for Messenger ([`SANDBOX_MESSENGER_PAGE_ID`], what `FACEBOOK_PAGE_ID` names). Recipients
//! are chosen by the PSID's ending: `…551` is unavailable (#551), `…2424` is outside the 24 h
//! window (#10/2018278) unless the send is tagged.

use crate::meta::webhooks::{with_state, SANDBOX_PAGE_ID, SANDBOX_PAGE_TOKEN};
use crate::meta::{bearer, graph_error, graph_reply, with_headers, SANDBOX_APP_ID};
use crate::{generic_fault, reply, Shared};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "messenger-unsubscribed",
        "Messenger: the app is installed on the Page and subscribed to `page` without the messages field",
    ),
    (
        "messenger-no-scope",
        "Messenger: the Page token lacks pages_messaging (debug_token) and sends fail with (#230)",
    ),
];

/// A second Page, for Messenger on a Page of its own (`FACEBOOK_PAGE_ID`).
pub const SANDBOX_MESSENGER_PAGE_ID: &str = "104857600000042";
pub const SANDBOX_MESSENGER_PAGE_TOKEN: &str = "EAAsandboxMessengerPageToken0000";
/// A person who wrote to the Page a minute ago.
pub const SANDBOX_PSID: &str = "1254477777772919";
/// A person who blocked the Page: (#551).
pub const SANDBOX_PSID_UNAVAILABLE: &str = "1254477777770551";
/// A person whose last message is older than 24 h: (#10) subcode 2018278.
pub const SANDBOX_PSID_OLD: &str = "1254477777772424";

/// The credentials for Messenger on its own Page (they take precedence over META_PAGE_*).
pub fn facebook_page_credentials() -> Vec<(String, String)> {
    vec![
        ("FACEBOOK_PAGE_ID".into(), SANDBOX_MESSENGER_PAGE_ID.into()),
        (
            "FACEBOOK_PAGE_ACCESS_TOKEN".into(),
            SANDBOX_MESSENGER_PAGE_TOKEN.into(),
        ),
    ]
}

/// The Page a token belongs to.
fn page_of(token: &str) -> Option<&'static str> {
    match token {
        SANDBOX_PAGE_TOKEN => Some(SANDBOX_PAGE_ID),
        SANDBOX_MESSENGER_PAGE_TOKEN => Some(SANDBOX_MESSENGER_PAGE_ID),
        _ => None,
    }
}

/// Whether `id` is one of the sandbox's Pages.
pub fn is_page(id: &str) -> bool {
    id == SANDBOX_PAGE_ID || id == SANDBOX_MESSENGER_PAGE_ID
}

fn scopes(st: &Shared) -> Value {
    let mut s = vec![
        "pages_show_list",
        "pages_manage_metadata",
        "pages_read_engagement",
        "public_profile",
    ];
    if !st.has("messenger-no-scope") {
        s.insert(1, "pages_messaging");
    }
    json!(s)
}

/// `debug_token` for a Page token (None: not one). A Page token made from a long-lived user token
/// never expires (`expires_at: 0`); under `token-expired` it is dead like every other token.
pub fn debug_token(input: &str, st: &Shared) -> Option<Value> {
    let page = page_of(input)?;
    let now = chrono::Utc::now().timestamp();
    let scopes = scopes(st);
    let granular: Vec<Value> = scopes
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s.as_str() != Some("public_profile"))
        .map(|s| json!({"scope": s, "target_ids": [page]}))
        .collect();
    Some(if st.has("token-expired") {
        json!({"data": {"app_id": SANDBOX_APP_ID, "type": "PAGE", "application": "intops sandbox app",
            "data_access_expires_at": now + 80 * 86400,
            "error": {"code": 190, "subcode": 463, "message": format!("Error validating access token: Session has expired on {}. The current time is {}.",
                chrono::DateTime::from_timestamp(now - 3600, 0).unwrap().to_rfc2822(), chrono::DateTime::from_timestamp(now, 0).unwrap().to_rfc2822())},
            "expires_at": now - 3600, "is_valid": false, "issued_at": now - 61 * 86400,
            "profile_id": page, "scopes": scopes, "user_id": "10229000111"}})
    } else {
        json!({"data": {"app_id": SANDBOX_APP_ID, "type": "PAGE", "application": "intops sandbox app",
            "data_access_expires_at": now + 85 * 86400, "expires_at": 0, "is_valid": true,
            "issued_at": now - 86400, "profile_id": page, "scopes": scopes,
            "granular_scopes": granular, "user_id": "10229000111"}})
    })
}

/// The fields our app is installed on the Lead Ads Page with.
pub fn page_app_fields(st: &Shared) -> Value {
    if st.has("messenger-unsubscribed") {
        json!(["leadgen"])
    } else {
        json!(["leadgen", "messages", "messaging_postbacks"])
    }
}

/// The fields of the app's `page` webhook subscription.
pub fn app_page_fields(st: &Shared) -> Value {
    let mut f = vec![json!({"name": "leadgen", "version": "v25.0"})];
    if !st.has("messenger-unsubscribed") {
        f.push(json!({"name": "messages", "version": "v25.0"}));
        f.push(json!({"name": "messaging_postbacks", "version": "v25.0"}));
    }
    Value::Array(f)
}

/// Under `messenger-unsubscribed`, switched on while the sandbox runs, drop the Messenger fields
/// from what is served (`fields`: the app's subscriptions; `subscribed_fields`: a Page's apps),
/// so the scenario holds whenever it was set.
pub fn unsubscribe_if_scenario(st: &Shared, list: &mut Value, key: &str) {
    if !st.has("messenger-unsubscribed") {
        return;
    }
    for item in list.as_array_mut().into_iter().flatten() {
        if key == "fields" && item["object"] != "page" {
            continue;
        }
        if key == "subscribed_fields" && item["id"] != SANDBOX_APP_ID {
            continue;
        }
        if let Some(fields) = item[key].as_array_mut() {
            fields.retain(|f| {
                let name = f.as_str().or_else(|| f["name"].as_str()).unwrap_or("");
                !name.starts_with("messag")
            });
        }
    }
}

/// The expired-token answer every Page call gives under `token-expired`.
fn expired(ver: &str, st: &Shared) -> Response {
    graph_reply(
        ver,
        st,
        400,
        190,
        Some(463),
        "Error validating access token: Session has expired. The current time is later than the expiry.",
    )
}

/// Answer when the caller's token is not this Page's token.
fn page_token_check(ver: &str, st: &Shared, page: &str, headers: &HeaderMap) -> Option<Response> {
    let tok = bearer(headers).unwrap_or_default();
    if page_of(&tok) == Some(page) {
        return None;
    }
    if page_of(&tok).is_some() {
        return Some(graph_reply(
            ver,
            st,
            400,
            190,
            None,
            "Invalid OAuth access token - the token belongs to another Page",
        ));
    }
    Some(graph_reply(
        ver,
        st,
        400,
        210,
        None,
        "(#210) A page access token is required to request this resource.",
    ))
}

/// `GET /{page-id}/subscribed_apps`: a Meta inbox app on the first page, the stored apps on the
/// second.
pub fn subscribed_apps(
    st: &Shared,
    ver: &str,
    page: &str,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Response {
    if let Some(f) = generic_fault(st) {
        return f;
    }
    if st.has("token-expired") {
        return expired(ver, st);
    }
    if let Some(r) = page_token_check(ver, st, page, headers) {
        return r;
    }
    if q.get("after").map(String::as_str) != Some("PAGEAPPS2") {
        let first = json!({
            "data": [{"category": "Business", "link": "https://www.facebook.com/business/tools/meta-business-suite",
                      "name": "Meta Business Suite inbox", "id": "263902037430900", "subscribed_fields": ["messages"]}],
            "paging": {"cursors": {"before": "PAGEAPPS1", "after": "PAGEAPPS2"},
                       "next": format!("https://graph.facebook.com/{ver}/{page}/subscribed_apps?after=PAGEAPPS2")}
        });
        return with_headers(ver, reply(200, first), st);
    }
    let data = with_state(st, headers, |s| {
        if page == SANDBOX_PAGE_ID {
            return s["page_apps"].clone();
        }
        let fields = page_app_fields(st);
        s.as_object_mut()
            .unwrap()
            .entry("messenger_page_apps")
            .or_insert_with(|| {
                json!([{"id": SANDBOX_APP_ID, "name": "intops sandbox app", "category": "Business", "subscribed_fields": fields}])
            })
            .clone()
    });
    let mut data = data;
    unsubscribe_if_scenario(st, &mut data, "subscribed_fields");
    with_headers(
        ver,
        reply(
            200,
            json!({"data": data, "paging": {"cursors": {"before": "PAGEAPPS2", "after": "PAGEAPPS3"}}}),
        ),
        st,
    )
}

/// Graph takes the Send API's parameters as JSON or as form fields holding JSON.
fn send_params(body: &str) -> Option<Value> {
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        return v.is_object().then_some(v);
    }
    let mut out = serde_json::Map::new();
    for (k, v) in url::form_urlencoded::parse(body.as_bytes()) {
        let val = serde_json::from_str(&v).unwrap_or(Value::String(v.into_owned()));
        out.insert(k.into_owned(), val);
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// `POST /{page-id}/messages`, the Send API.
pub fn messages(st: &Shared, ver: &str, page: &str, headers: &HeaderMap, body: &str) -> Response {
    if let Some(f) = generic_fault(st) {
        return f;
    }
    if st.has("token-expired") {
        return expired(ver, st);
    }
    if let Some(r) = page_token_check(ver, st, page, headers) {
        return r;
    }
    if st.has("messenger-no-scope") {
        let e = crate::fixtures::recorded_json!("meta/messenger_error_no_permission.json");
        return with_headers(ver, reply(403, e), st);
    }
    if st.has("rate-limited") {
        let e = crate::fixtures::recorded_json!("meta/messenger_error_rate_limit.json");
        return with_headers(ver, reply(400, e), st);
    }
    let Some(p) = send_params(body) else {
        return graph_reply(ver, st, 400, 100, None, "(#100) Invalid parameter");
    };
    let kind = p["messaging_type"].as_str().unwrap_or("");
    if !matches!(kind, "RESPONSE" | "UPDATE" | "MESSAGE_TAG") {
        return graph_reply(
            ver,
            st,
            400,
            100,
            None,
            "(#100) param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}",
        );
    }
    let tagged = kind == "MESSAGE_TAG" && p["tag"].as_str().is_some_and(|t| !t.is_empty());
    if kind == "MESSAGE_TAG" && !tagged {
        return graph_reply(
            ver,
            st,
            400,
            100,
            None,
            "(#100) Tag is required for MESSAGE_TAG messaging type",
        );
    }
    let Some(psid) = p["recipient"]["id"].as_str().map(str::to_string) else {
        return graph_reply(
            ver,
            st,
            400,
            100,
            None,
            "(#100) The parameter recipient is required",
        );
    };
    if p["message"]["text"].as_str().is_none_or(str::is_empty) {
        return graph_reply(
            ver,
            st,
            400,
            100,
            None,
            "(#100) The parameter message is required",
        );
    }
    if !psid.chars().all(|c| c.is_ascii_digit()) || psid.len() < 10 {
        let mut e = graph_error(400, 100, Some(2018001), "(#100) No matching user found");
        e["error"]["type"] = "OAuthException".into();
        return with_headers(ver, reply(400, e), st);
    }
    if psid.ends_with("551") {
        let e = crate::fixtures::recorded_json!("meta/messenger_error_551.json");
        return with_headers(ver, reply(400, e), st);
    }
    if psid.ends_with("2424") && !tagged {
        let e = crate::fixtures::recorded_json!("meta/messenger_error_window.json");
        return with_headers(ver, reply(400, e), st);
    }
    let n = st.requests.lock().unwrap().len();
    with_headers(
        ver,
        reply(
            200,
            json!({"recipient_id": psid, "message_id": format!("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_sandbox{n:08}")}),
        ),
        st,
    )
}
