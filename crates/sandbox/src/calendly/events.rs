//! Calendly scheduled events and invitees in the sandbox, booked and cancelled at known times
//! around the Lead Ads anchor (2026-11-30T10:00:00Z), with `min_start_time`, `next_page_token`
//! paging (two events, one invitee to a page) and the organization check Calendly makes.

use super::{error, gate, SANDBOX_ORG};
use crate::meta::leads::OUTAGE_START;
use crate::{reply, Shared};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[(
    "calendly-events-429",
    "Calendly: listing scheduled events answers 429 Too Many Requests (Retry-After 3600)",
)];

const API: &str = "https://api.calendly.com";

/// (event uuid, status, start: seconds after the anchor).
pub const EVENTS: &[(&str, &str, i64)] = &[
    ("SBEV0001", "active", 2 * 86_400 + 5 * 3600),
    ("SBEV0002", "canceled", 3 * 86_400 - 3600),
    ("SBEV0003", "active", 86_400 - 3600),
    // Started before the window opened: min_start_time leaves it out.
    ("SBEV0004", "active", -3600),
];

/// (invitee uuid, event uuid, created, cancelled: seconds after the anchor).
pub const INVITEES: &[(&str, &str, i64, Option<i64>)] = &[
    ("SBINV001", "SBEV0001", 300, None),
    ("SBINV002", "SBEV0001", -1800, Some(1800)),
    ("SBINV003", "SBEV0002", 900, Some(2700)),
    ("SBINV004", "SBEV0003", 3600, None),
    ("SBINV005", "SBEV0003", 0, None),
    ("SBINV006", "SBEV0004", -86_400, None),
];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/scheduled_events", get(events))
        .route("/scheduled_events/{uuid}/invitees", get(invitees))
}

fn iso(offset: i64) -> String {
    chrono::DateTime::from_timestamp(OUTAGE_START + offset, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn event_json(uuid: &str, status: &str, start: i64) -> Value {
    json!({
        "uri": format!("{API}/scheduled_events/{uuid}"),
        "name": "Viewing", "status": status,
        "start_time": iso(start), "end_time": iso(start + 1800),
        "event_type": format!("{API}/event_types/SBTYPE01"),
        "location": {"type": "physical", "location": "Sandbox Street 1"},
        "invitees_counter": {"total": 1, "active": 1, "limit": 1},
        "created_at": iso(-86_400), "updated_at": iso(-86_400),
        "event_memberships": [{"user": super::SANDBOX_USER, "user_email": "agent@example.com"}],
        "event_guests": []
    })
}

fn invitee_json(uuid: &str, ev: &str, created: i64, canceled: Option<i64>) -> Value {
    json!({
        "uri": format!("{API}/scheduled_events/{ev}/invitees/{uuid}"),
        "email": format!("{}@example.com", uuid.to_lowercase()),
        "name": format!("Invitee {uuid}"), "first_name": null, "last_name": null,
        "status": if canceled.is_some() { "canceled" } else { "active" },
        "questions_and_answers": [], "timezone": "Europe/London",
        "event": format!("{API}/scheduled_events/{ev}"),
        "created_at": iso(created), "updated_at": iso(canceled.unwrap_or(created)),
        "tracking": {"utm_campaign": null, "utm_source": null, "utm_medium": null, "utm_content": null, "utm_term": null, "salesforce_uuid": null},
        "text_reminder_number": null, "rescheduled": false, "old_invitee": null, "new_invitee": null,
        "cancel_url": format!("https://calendly.com/cancellations/{uuid}"),
        "reschedule_url": format!("https://calendly.com/reschedulings/{uuid}"),
        "routing_form_submission": null, "payment": null, "no_show": null, "reconfirmation": null,
        "cancellation": canceled.map(|c| json!({"canceled_by": format!("Invitee {uuid}"), "reason": "cannot make it", "canceler_type": "invitee", "created_at": iso(c)})),
    })
}

/// One page of `items` at `page_token`, with Calendly's pagination object.
fn page(items: Vec<Value>, q: &HashMap<String, String>, size: usize, path: &str) -> Value {
    let offset = q
        .get("page_token")
        .and_then(|t| t.strip_prefix("sbtok-"))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let data: Vec<Value> = items.iter().skip(offset).take(size).cloned().collect();
    let next = (offset + size < items.len()).then(|| format!("sbtok-{}", offset + size));
    json!({"collection": data, "pagination": {"count": data.len(),
        "next_page": next.as_ref().map(|t| format!("{API}{path}?page_token={t}")),
        "previous_page": null, "next_page_token": next, "previous_page_token": null}})
}

async fn events(
    State(st): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    if st.has("calendly-events-429") {
        let mut r = error(429, "Too Many Requests", "Rate limit exceeded");
        r.headers_mut()
            .insert("retry-after", axum::http::HeaderValue::from_static("3600"));
        return r;
    }
    if q.get("organization").map(String::as_str) != Some(SANDBOX_ORG) {
        return reply(
            400,
            json!({"title": "Invalid Argument", "message": "The supplied parameters are invalid.",
                "details": [{"parameter": "organization", "message": "is invalid"}]}),
        );
    }
    let min = match q.get("min_start_time") {
        None => i64::MIN,
        Some(t) => match chrono::DateTime::parse_from_rfc3339(t) {
            Ok(t) => t.timestamp(),
            Err(_) => {
                return reply(
                    400,
                    json!({"title": "Invalid Argument", "message": "The supplied parameters are invalid.",
                        "details": [{"parameter": "min_start_time", "message": "is invalid"}]}),
                )
            }
        },
    };
    let items = EVENTS
        .iter()
        .filter(|(_, _, start)| OUTAGE_START + start >= min)
        .map(|(u, s, start)| event_json(u, s, *start))
        .collect();
    reply(200, page(items, &q, 2, "/scheduled_events"))
}

async fn invitees(
    State(st): State<Shared>,
    Path(uuid): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&st, &headers) {
        return r;
    }
    if !EVENTS.iter().any(|(u, _, _)| *u == uuid) {
        return error(
            404,
            "Resource Not Found",
            "The server could not find the requested resource.",
        )
        .into_response();
    }
    let items = INVITEES
        .iter()
        .filter(|(_, ev, _, _)| *ev == uuid)
        .map(|(u, ev, c, x)| invitee_json(u, ev, *c, *x))
        .collect();
    reply(
        200,
        page(items, &q, 1, &format!("/scheduled_events/{uuid}/invitees")),
    )
}
