//! Vendor status pages: Statuspage v2 `summary.json` per vendor, Zoho's RSS feed and Meta's
//! `orgs.json`, in the shapes of docs/vendors/statuspage.md.

use super::{generic_fault, reply, Shared};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

/// The status pages served here, by the key intops names them with (`INTOPS_STATUS_URL_<KEY>`).
pub const PAGES: &[&str] = &[
    "supabase",
    "vercel",
    "calendly",
    "elevenlabs",
    "docusign",
    "zoho",
    "meta",
];

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "status-major-outage",
        "status pages: ElevenLabs major outage with an open incident, Zoho CRM down; both APIs answer HTTP 503 with an HTML page (Zoho's token refresh still works)",
    ),
    (
        "status-html",
        "status pages: every page answers 200 with an HTML page instead of JSON/RSS",
    ),
];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/zoho/rss", get(zoho_rss))
        .route("/meta/data/orgs.json", get(meta_orgs))
        .route("/{vendor}/api/v2/summary.json", get(summary))
        // A moved page (status.calendly.com → www.calendlystatus.com answers 301).
        .route(
            "/moved/{vendor}/api/v2/summary.json",
            get(|Path(vendor): Path<String>| async move {
                axum::response::Redirect::permanent(&format!(
                    "/status/{vendor}/api/v2/summary.json"
                ))
            }),
        )
}

/// What a vendor API answers during the outage its status page reports: 503 and an HTML page.
pub fn outage_page() -> Response {
    (
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        [("content-type", "text/html; charset=utf-8")],
        "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>We are working on it.</p></body></html>",
    )
        .into_response()
}

fn html_page() -> Response {
    (
        [("content-type", "text/html; charset=utf-8")],
        "<!DOCTYPE html><html><head><title>Status</title></head><body>Status page</body></html>",
    )
        .into_response()
}

fn fault(st: &Shared) -> Option<Response> {
    if st.has("status-html") {
        return Some(html_page());
    }
    generic_fault(st)
}

async fn summary(State(st): State<Shared>, Path(vendor): Path<String>) -> Response {
    if let Some(r) = fault(&st) {
        return r;
    }
    let now = chrono::Utc::now().to_rfc3339();
    let outage = st.has("status-major-outage") && vendor == "elevenlabs";
    let (indicator, description, incidents, telephony) = if outage {
        (
            "major",
            "Partial System Outage",
            json!([{
                "id": "sbinc1", "name": "Outbound calls failing", "status": "investigating",
                "impact": "major", "created_at": now, "updated_at": now,
                "shortlink": "https://stspg.io/sandbox1",
                "incident_updates": [{"id": "u1", "status": "investigating", "body": "We are investigating failed outbound calls.", "created_at": now}]
            }]),
            "major_outage",
        )
    } else {
        ("none", "All Systems Operational", json!([]), "operational")
    };
    reply(
        200,
        json!({
            "page": {"id": format!("sandbox-{vendor}"), "name": vendor, "url": format!("https://status.{vendor}.example"), "time_zone": "Etc/UTC", "updated_at": now},
            "components": [
                {"id": "g1", "name": "Platform", "status": telephony, "group": true, "group_id": null, "position": 1, "only_show_if_degraded": false},
                {"id": "c1", "name": "API", "status": "operational", "group": false, "group_id": "g1", "position": 2, "only_show_if_degraded": false},
                {"id": "c2", "name": "Telephony", "status": telephony, "group": false, "group_id": "g1", "position": 3, "only_show_if_degraded": false}
            ],
            "incidents": incidents,
            "scheduled_maintenances": [],
            "status": {"indicator": indicator, "description": description}
        }),
    )
}

async fn zoho_rss(State(st): State<Shared>) -> Response {
    if let Some(r) = fault(&st) {
        return r;
    }
    let crm = if st.has("status-major-outage") {
        "Major Outage"
    } else {
        "Operational"
    };
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Zoho Status</title><link>https://us.zohostatus.com</link>
<item><title>Zoho CRM - {crm}</title><link>https://us.zohostatus.com</link></item>
<item><title>Zoho Accounts - Operational</title><link>https://us.zohostatus.com</link></item>
<item><title>Zoho Mail - Operational</title><link>https://us.zohostatus.com</link></item>
</channel></rss>"#
    );
    ([("content-type", "application/rss+xml")], body).into_response()
}

async fn meta_orgs(State(st): State<Shared>) -> Response {
    if let Some(r) = fault(&st) {
        return r;
    }
    reply(
        200,
        json!([
            {"id": "whatsapp-business-api", "name": "WhatsApp Business Platform", "services": [
                {"id": 4, "name": "Cloud API", "status": "No known issues"},
                {"id": 6, "name": "Webhooks", "status": "No known issues"}
            ]},
            {"id": "graph-api", "name": "Graph API", "services": [
                {"id": 1, "name": "Graph API", "status": "Resolved"}
            ]}
        ]),
    )
}
