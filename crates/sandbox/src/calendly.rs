//! Calendly API v2 in the sandbox: `/users/me` and webhook subscriptions with state across calls,
//! `next_page_token` pagination and the `{title, message, details}` errors.

pub mod events;

use super::{bearer_is, generic_fault, host, reply, Shared};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "calendly-disabled",
        "Calendly: our webhook subscription is disabled after 24 h of failed deliveries (also when switched to at run time; switching away restores it)",
    ),
    (
        "calendly-paginated",
        "Calendly: 5 subscriptions over 3 pages; the disabled one is on page 3",
    ),
];

pub const SANDBOX_CALENDLY_TOKEN: &str = "sandbox-calendly-token-0000";
pub const SANDBOX_ORG: &str = "https://api.calendly.com/organizations/SANDBOXORG";
pub const SANDBOX_USER: &str = "https://api.calendly.com/users/SANDBOXUSER";
const HOOKS: &str = "https://api.calendly.com/webhook_subscriptions";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/users/me", get(me))
        .route("/webhook_subscriptions", get(list).post(create))
        .route("/webhook_subscriptions/{uuid}", get(one).delete(delete))
        .merge(events::routes())
}

fn error(status: u16, title: &str, message: &str) -> Response {
    reply(status, json!({"title": title, "message": message}))
}

fn unauthenticated(headers: &HeaderMap) -> Option<Response> {
    (!bearer_is(headers, SANDBOX_CALENDLY_TOKEN)).then(|| {
        reply(
            401,
            crate::fixtures::recorded_json!("calendly/error-401.json"),
        )
    })
}

/// What most calls meet first: the scenario's fault, then the personal access token.
fn gate(st: &Shared, headers: &HeaderMap) -> Option<Response> {
    generic_fault(st).or_else(|| unauthenticated(headers))
}

fn hook(uuid: &str, url: &str, state: &str, events: &[&str], scope: &str) -> Value {
    let now = chrono::Utc::now();
    let retry = (state == "disabled").then(|| {
        (now - chrono::Duration::hours(25)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    });
    json!({
        "uri": format!("{HOOKS}/{uuid}"),
        "callback_url": url,
        "created_at": "2026-01-05T10:00:00.000000Z",
        "updated_at": "2026-01-05T10:00:00.000000Z",
        "retry_started_at": retry,
        "state": state,
        "events": events,
        "scope": scope,
        "organization": SANDBOX_ORG,
        "user": if scope == "user" { Value::from(SANDBOX_USER) } else { Value::Null },
        "creator": SANDBOX_USER,
    })
}

fn with_hooks<R>(st: &Shared, headers: &HeaderMap, f: impl FnOnce(&mut Vec<Value>) -> R) -> R {
    let mut store = st.store.lock().unwrap();
    crate::reseed_on_switch(
        st,
        &mut store,
        "calendly",
        &["calendly-disabled", "calendly-paginated"],
    );
    let v = store.entry("calendly").or_insert_with(|| {
        let ours = format!("{}/calendly", crate::tls::callback_base(host(headers)));
        let ev = ["invitee.created", "invitee.canceled"];
        let hooks = if st.has("calendly-paginated") {
            vec![
                hook(
                    "SBHOOKA1",
                    "https://hooks.example.com/a",
                    "active",
                    &ev,
                    "organization",
                ),
                hook(
                    "SBHOOKA2",
                    "https://hooks.example.com/b",
                    "active",
                    &ev[..1],
                    "organization",
                ),
                hook(
                    "SBHOOKA3",
                    "https://hooks.example.com/c",
                    "active",
                    &ev,
                    "organization",
                ),
                hook(
                    "SBHOOKA4",
                    "https://hooks.example.com/d",
                    "active",
                    &ev,
                    "organization",
                ),
                hook("SBHOOKA5", &ours, "disabled", &ev, "organization"),
            ]
        } else {
            let state = if st.has("calendly-disabled") {
                "disabled"
            } else {
                "active"
            };
            vec![hook("SBHOOK0001", &ours, state, &ev, "organization")]
        };
        Value::Array(hooks)
    });
    f(v.as_array_mut().unwrap())
}

async fn me(State(st): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    reply(
        200,
        json!({"resource": {"uri": SANDBOX_USER, "name": "Sandbox Agent", "slug": "sandbox-agent",
            "email": "agent@example.com", "timezone": "America/New_York",
            "current_organization": SANDBOX_ORG}}),
    )
}

async fn list(
    State(st): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    let (Some(org), Some(scope)) = (q.get("organization"), q.get("scope")) else {
        return reply(
            400,
            json!({"title": "Invalid Argument", "message": "The supplied parameters are invalid.",
                "details": [{"parameter": "organization", "message": "is required"}, {"parameter": "scope", "message": "is required"}]}),
        );
    };
    if scope == "user" && !q.contains_key("user") {
        return reply(
            400,
            json!({"title": "Invalid Argument", "message": "The supplied parameters are invalid.",
                "details": [{"parameter": "user", "message": "is required when scope is user"}]}),
        );
    }
    let matching: Vec<Value> = with_hooks(&st, &headers, |h| {
        h.iter()
            .filter(|x| x["organization"] == org.as_str() && x["scope"] == scope.as_str())
            .filter(|x| scope != "user" || x["user"] == q["user"].as_str())
            .cloned()
            .collect()
    });
    let size = if st.has("calendly-paginated") {
        2
    } else {
        q.get("count")
            .and_then(|c| c.parse::<usize>().ok())
            .unwrap_or(20)
            .clamp(1, 100)
    };
    let offset = q
        .get("page_token")
        .and_then(|t| t.strip_prefix("sbpage-"))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let page: Vec<Value> = matching.iter().skip(offset).take(size).cloned().collect();
    let next = (offset + size < matching.len()).then(|| format!("sbpage-{}", offset + size));
    reply(
        200,
        json!({"collection": page, "pagination": {"count": page.len(),
            "next_page": next.as_ref().map(|t| format!("{HOOKS}?page_token={t}")),
            "previous_page": null, "next_page_token": next, "previous_page_token": null}}),
    )
}

async fn create(State(st): State<Shared>, headers: HeaderMap, body: String) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let url = v["url"].as_str().unwrap_or("").to_string();
    let events: Vec<&str> = v["events"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let scope = v["scope"].as_str().unwrap_or("").to_string();
    let mut details = Vec::new();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        details.push(json!({"parameter": "url", "message": "must be a valid URL"}));
    }
    if events.is_empty() {
        details.push(json!({"parameter": "events", "message": "is required"}));
    }
    if v["organization"].as_str() != Some(SANDBOX_ORG) {
        details.push(json!({"parameter": "organization", "message": "is invalid"}));
    }
    if scope != "organization" && scope != "user" {
        details.push(json!({"parameter": "scope", "message": "must be organization or user"}));
    }
    if !details.is_empty() {
        return reply(
            400,
            json!({"title": "Invalid Argument", "message": "The supplied parameters are invalid.", "details": details}),
        );
    }
    let created = with_hooks(&st, &headers, |h| {
        if h.iter()
            .any(|x| x["callback_url"] == url.as_str() && x["scope"] == scope.as_str())
        {
            return None;
        }
        let uuid = format!("SBNEW{:04}", h.len() + 1);
        let new = hook(&uuid, &url, "active", &events, &scope);
        h.push(new.clone());
        Some(new)
    });
    match created {
        Some(r) => reply(201, json!({ "resource": r })),
        None => error(409, "Already Exists", "Hook with this url already exists"),
    }
}

async fn one(State(st): State<Shared>, Path(uuid): Path<String>, headers: HeaderMap) -> Response {
    if let Some(e) = unauthenticated(&headers) {
        return e;
    }
    let uri = format!("{HOOKS}/{uuid}");
    match with_hooks(&st, &headers, |h| {
        h.iter().find(|x| x["uri"] == uri.as_str()).cloned()
    }) {
        Some(r) => reply(200, json!({ "resource": r })),
        None => error(
            404,
            "Resource Not Found",
            "The server could not find the requested resource.",
        ),
    }
}

async fn delete(
    State(st): State<Shared>,
    Path(uuid): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    let uri = format!("{HOOKS}/{uuid}");
    let removed = with_hooks(&st, &headers, |h| {
        let before = h.len();
        h.retain(|x| x["uri"] != uri.as_str());
        before != h.len()
    });
    if removed {
        axum::http::StatusCode::NO_CONTENT.into_response()
    } else {
        error(
            404,
            "Resource Not Found",
            "The server could not find the requested resource.",
        )
    }
}
