//! Lead Ads Bulk Read in the sandbox: the Page's lead forms and their leads, created at known
//! times around [`OUTAGE_START`], two to a page with Graph's `paging.cursors.after` / `paging.next`,
//! and the `filtering` on `time_created` applied as Meta applies it.

use super::{bad_object, graph_reply, precheck, with_headers};
use crate::meta::webhooks::SANDBOX_PAGE_ID;
use crate::{host, reply, Shared};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "leads-rate-limited",
        "Meta: listing leads answers (#80005) too many leadgen calls to this Page",
    ),
    (
        "leads-cursor-loop",
        "Meta: the leads list hands out the same paging cursor forever",
    ),
];

/// The anchor of the sandbox's lead and booking times: 2026-11-30T10:00:00Z.
pub const OUTAGE_START: i64 = 1_796_032_800;

/// (form id, name, status).
pub const FORMS: &[(&str, &str, &str)] = &[
    ("555000000001", "Listing enquiry", "ACTIVE"),
    ("555000000002", "Valuation request", "ARCHIVED"),
    ("555000000003", "Newsletter", "ACTIVE"),
];

/// (lead id, form id, seconds after OUTAGE_START).
pub const LEADS: &[(&str, &str, i64)] = &[
    ("444000000101", "555000000001", -1),
    ("444000000102", "555000000001", 0),
    ("444000000103", "555000000001", 1200),
    ("444000000104", "555000000001", 2400),
    ("444000000105", "555000000001", 3600),
    ("444000000201", "555000000002", 600),
    ("444000000202", "555000000002", 3000),
];

const PAGE_SIZE: usize = 2;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/{ver}/{id}/leadgen_forms", get(forms))
        .route("/{ver}/{id}/leads", get(leads))
}

/// One page of `items` at the `after` cursor, with Graph's paging object.
fn page(
    headers: &HeaderMap,
    path: &str,
    items: Vec<Value>,
    q: &HashMap<String, String>,
    looped: bool,
) -> Value {
    let offset = q
        .get("after")
        .and_then(|c| c.strip_prefix("sbcur-"))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let data: Vec<Value> = items.iter().skip(offset).take(PAGE_SIZE).cloned().collect();
    let more = looped || offset + PAGE_SIZE < items.len();
    let after = if looped {
        "sbcur-0".to_string()
    } else {
        format!("sbcur-{}", offset + PAGE_SIZE)
    };
    let mut paging = json!({"cursors": {"before": format!("sbcur-{offset}"), "after": after}});
    if more {
        paging["next"] = json!(format!("http://{}/meta{path}?after={after}", host(headers)));
    }
    json!({"data": data, "paging": paging})
}

async fn forms(
    State(st): State<Shared>,
    Path((ver, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = precheck(&st, &ver, &headers, &q) {
        return r;
    }
    if id != SANDBOX_PAGE_ID {
        return with_headers(&ver, reply(400, bad_object(&id, "get")), &st);
    }
    let items = FORMS
        .iter()
        .map(|(id, name, status)| json!({"id": id, "name": name, "status": status, "locale": "en_US"}))
        .collect();
    let body = page(
        &headers,
        &format!("/{ver}/{id}/leadgen_forms"),
        items,
        &q,
        false,
    );
    with_headers(&ver, reply(200, body), &st)
}

fn iso(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S+0000")
        .to_string()
}

/// Meta's `filtering`: `[{"field":"time_created","operator":"GREATER_THAN","value":UNIX}]`.
fn keep(filtering: Option<&String>, created: i64) -> Result<bool, String> {
    let Some(f) = filtering else { return Ok(true) };
    let rules: Vec<Value> =
        serde_json::from_str(f).map_err(|e| format!("filtering is not JSON: {e}"))?;
    for r in rules {
        if r["field"] != "time_created" {
            return Err(format!("filtering on {} is not supported here", r["field"]));
        }
        let v = r["value"]
            .as_i64()
            .ok_or("filtering value must be a Unix time")?;
        let ok = match r["operator"].as_str() {
            Some("GREATER_THAN") => created > v,
            Some("LESS_THAN") => created < v,
            other => return Err(format!("operator {other:?} is not supported here")),
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

async fn leads(
    State(st): State<Shared>,
    Path((ver, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = precheck(&st, &ver, &headers, &q) {
        return r;
    }
    // The lead permission scenarios hold for the bulk read as for one lead.
    if st.has("lead-no-permission") {
        return graph_reply(
            &ver,
            &st,
            403,
            200,
            None,
            "(#200) Requires leads_retrieval permission to manage the object",
        );
    }
    if st.has("lead-page-role") {
        return graph_reply(&ver, &st, 403, 200, None, "(#200) The user does not have sufficient administrative permission for this action on this page");
    }
    if st.has("leads-rate-limited") {
        return graph_reply(&ver, &st, 400, 80005, None, "(#80005) There have been too many leadgen api calls to this Page. Wait a bit and try again.");
    }
    if !FORMS.iter().any(|(f, _, _)| *f == id) {
        return with_headers(&ver, reply(400, bad_object(&id, "get")), &st);
    }
    let mut items = Vec::new();
    for (lead, form, offset) in LEADS.iter().filter(|(_, f, _)| *f == id) {
        let created = OUTAGE_START + offset;
        match keep(q.get("filtering"), created) {
            Ok(true) => items.push(json!({
                "id": lead, "created_time": iso(created), "form_id": form,
                "ad_id": "23850000000000001",
                "field_data": [{"name": "email", "values": [format!("lead{lead}@example.com")]}]
            })),
            Ok(false) => {}
            Err(why) => return graph_reply(&ver, &st, 400, 100, None, &format!("(#100) {why}")),
        }
    }
    let body = page(
        &headers,
        &format!("/{ver}/{id}/leads"),
        items,
        &q,
        st.has("leads-cursor-loop"),
    );
    with_headers(&ver, reply(200, body), &st)
}
