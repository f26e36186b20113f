//! Meta webhook wiring in the sandbox: app subscriptions, WABA and Page `subscribed_apps`, and one
//! lead. State lives in `SandboxState.store["meta_webhooks"]` so a re-registration can be read
//! back. Like Meta, a subscribe call GETs the callback with `hub.challenge` and fails with
//! `(#2200)` when the handshake fails.

use super::{
    bad_object, bearer, graph_error, graph_reply, precheck, with_headers, SANDBOX_APP_ID,
    SANDBOX_WABA_ID,
};
use crate::{host, reply, Shared};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;

pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "subscription-inactive",
        "Meta: the Lead Ads page subscription is inactive and the app is not subscribed to the WABA (also when switched to at run time); Prometheus: nothing received",
    ),
    (
        "lead-no-permission",
        "Meta: the lead fetch and the leads bulk read fail (#200) and the token lacks leads_retrieval",
    ),
    (
        "lead-page-role",
        "Meta: the lead fetch and the leads bulk read fail (#200) although the token has leads_retrieval (Page role missing)",
    ),
];

pub const SANDBOX_PAGE_ID: &str = "153125381133";
pub const SANDBOX_PAGE_TOKEN: &str = "EAAsandboxPageToken0000";
pub const SANDBOX_LEADS_TOKEN: &str = "EAAsandboxLeadAdsUserToken0000";
pub const SANDBOX_LEAD_ID: &str = "444000000001";
pub const SANDBOX_WA_VERIFY_TOKEN: &str = "sandbox-wa-verify-token";
pub const SANDBOX_META_VERIFY_TOKEN: &str = "sandbox-meta-verify-token";
pub const SANDBOX_APP_SECRET: &str = "sandbox-app-secret";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/{ver}/{id}/subscriptions",
            get(app_subscriptions)
                .post(subscribe_app)
                .delete(unsubscribe_app),
        )
        .route(
            "/{ver}/{id}/subscribed_apps",
            get(subscribed_apps).post(subscribe_apps),
        )
        // A literal segment wins over `/{ver}/{id}`, so the phone-number handler stays as it is.
        .route(&format!("/{{ver}}/{SANDBOX_LEAD_ID}"), get(lead))
}

/// The scopes debug_token reports for the Lead Ads token (None: not that token).
pub fn scopes_for(input: &str, st: &Shared) -> Option<Value> {
    if input != SANDBOX_LEADS_TOKEN {
        return None;
    }
    let mut s = vec![
        "ads_management",
        "pages_show_list",
        "pages_read_engagement",
        "pages_manage_ads",
        "pages_manage_metadata",
    ];
    if !st.has("lead-no-permission") {
        s.push("leads_retrieval");
    }
    Some(json!(s))
}

/// Run `f` on this run's webhook state, creating it on first use. The callbacks point at this
/// sandbox's own fake callback, so the wiring is healthy until a scenario says otherwise.
pub(crate) fn with_state<R>(
    st: &Shared,
    headers: &HeaderMap,
    f: impl FnOnce(&mut Value) -> R,
) -> R {
    let mut store = st.store.lock().unwrap();
    crate::reseed_on_switch(st, &mut store, "meta_webhooks", &["subscription-inactive"]);
    let v = store.entry("meta_webhooks").or_insert_with(|| {
        let base = crate::tls::callback_base(host(headers));
        let inactive = st.has("subscription-inactive");
        json!({
            "app_subscriptions": [
                {"object": "whatsapp_business_account", "callback_url": format!("{base}/whatsapp"),
                 "active": true, "fields": [{"name": "messages", "version": "v25.0"}]},
                {"object": "page", "callback_url": format!("{base}/leadgen"),
                 "active": !inactive, "fields": crate::messenger::app_page_fields(st)}
            ],
            "waba_apps": if inactive { json!([]) } else { json!([app_entry(None)]) },
            "page_apps": [{"id": SANDBOX_APP_ID, "name": "intops sandbox app", "category": "Business", "subscribed_fields": crate::messenger::page_app_fields(st)}]
        })
    });
    f(v)
}

fn app_entry(override_uri: Option<&str>) -> Value {
    let mut v = json!({"whatsapp_business_api_data": {"id": SANDBOX_APP_ID, "name": "intops sandbox app", "link": format!("https://www.facebook.com/games/?app_id={SANDBOX_APP_ID}")}});
    if let Some(u) = override_uri {
        v["override_callback_uri"] = u.into();
    }
    v
}

/// An error with its causes, lower-case.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text.to_lowercase()
}

/// Meta's verification GET against a callback; the error text is Meta's. Like Meta, it trusts a
/// CA it knows (here the sandbox's own): an https callback with any other certificate fails.
async fn handshake(st: &Shared, url: &str, token: &str) -> Result<(), String> {
    let challenge = format!("{}", rand::random::<u32>());
    let mut client = reqwest::Client::builder().timeout(Duration::from_secs(5));
    if let Some(tls) = st.tls() {
        client = client.tls_backend_preconfigured(tls.client_config());
    }
    let client = client.build().map_err(|e| e.to_string())?;
    let resp = client
        .get(url)
        .query(&[
            ("hub.mode", "subscribe"),
            ("hub.verify_token", token),
            ("hub.challenge", challenge.as_str()),
        ])
        .send()
        .await;
    match resp {
        Err(e) if e.is_timeout() => {
            Err("curl_errno = 28; curl_error = Operation timed out after 5000 milliseconds".into())
        }
        Err(e) if chain(&e).contains("certificate") => Err(
            "curl_errno = 60; curl_error = SSL certificate problem: unable to get local issuer certificate"
                .into(),
        ),
        Err(_) => Err("curl_errno = 7; curl_error = Couldn't connect to server".into()),
        Ok(r) => {
            let status = r.status();
            let body = r.text().await.unwrap_or_default();
            if !status.is_success() {
                Err(format!(
                    "HTTP Status Code = {}; HTTP Message = {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("")
                ))
            } else if body != challenge {
                Err(format!("The URL couldn't be validated. Response does not match challenge, expected value=\"{challenge}\", received=\"{}\"", body.chars().take(40).collect::<String>()))
            } else {
                Ok(())
            }
        }
    }
}

fn verification_failed(why: &str) -> Value {
    graph_error(
        400,
        2200,
        None,
        &format!("(#2200) Callback verification failed with the following errors: {why}"),
    )
}

/// Graph takes parameters from the query string or a form body.
fn params(q: &HashMap<String, String>, body: &str) -> HashMap<String, String> {
    let mut p = q.clone();
    for (k, v) in url::form_urlencoded::parse(body.as_bytes()) {
        p.insert(k.into_owned(), v.into_owned());
    }
    p
}

/// `/{app-id}/subscriptions` after `precheck`: only the sandbox app is there for `verb`.
fn app_precheck(
    st: &Shared,
    ver: &str,
    id: &str,
    headers: &HeaderMap,
    q: &HashMap<String, String>,
    verb: &str,
) -> Option<Response> {
    precheck(st, ver, headers, q).or_else(|| {
        (id != SANDBOX_APP_ID).then(|| with_headers(ver, reply(400, bad_object(id, verb)), st))
    })
}

/// Graph's `{"success": true}`.
fn success(ver: &str, st: &Shared) -> Response {
    with_headers(ver, reply(200, json!({"success": true})), st)
}

async fn app_subscriptions(
    State(st): State<Shared>,
    Path((ver, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = app_precheck(&st, &ver, &id, &headers, &q, "get") {
        return r;
    }
    let mut data = with_state(&st, &headers, |s| s["app_subscriptions"].clone());
    crate::messenger::unsubscribe_if_scenario(&st, &mut data, "fields");
    with_headers(&ver, reply(200, json!({ "data": data })), &st)
}

async fn subscribe_app(
    State(st): State<Shared>,
    Path((ver, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Some(r) = app_precheck(&st, &ver, &id, &headers, &q, "post") {
        return r;
    }
    let p = params(&q, &body);
    let Some(object) = p.get("object").filter(|o| !o.is_empty()).cloned() else {
        return graph_reply(
            &ver,
            &st,
            400,
            100,
            None,
            "(#100) The parameter object is required",
        );
    };
    let existing_cb = with_state(&st, &headers, |s| {
        s["app_subscriptions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["object"] == object.as_str())
            .and_then(|x| x["callback_url"].as_str().map(str::to_string))
    });
    let Some(callback) = p.get("callback_url").cloned().or(existing_cb) else {
        return graph_reply(
            &ver,
            &st,
            400,
            100,
            None,
            "(#100) The parameter callback_url is required",
        );
    };
    let token = p.get("verify_token").cloned().unwrap_or_default();
    if let Err(why) = handshake(&st, &callback, &token).await {
        return with_headers(&ver, reply(400, verification_failed(&why)), &st);
    }
    let fields: Vec<String> = p
        .get("fields")
        .map(|f| {
            f.split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let served = super::served_version(&ver);
    with_state(&st, &headers, |s| {
        let subs = s["app_subscriptions"].as_array_mut().unwrap();
        let idx = subs.iter().position(|x| x["object"] == object.as_str());
        let sub = match idx {
            Some(i) => &mut subs[i],
            None => {
                subs.push(json!({"object": object, "fields": []}));
                subs.last_mut().unwrap()
            }
        };
        // Additive: existing fields stay; a re-POST reactivates.
        sub["callback_url"] = callback.clone().into();
        sub["active"] = true.into();
        let list = sub["fields"].as_array_mut().unwrap();
        for f in fields {
            if !list.iter().any(|x| x["name"] == f.as_str()) {
                list.push(json!({"name": f, "version": served}));
            }
        }
    });
    success(&ver, &st)
}

async fn unsubscribe_app(
    State(st): State<Shared>,
    Path((ver, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Some(r) = app_precheck(&st, &ver, &id, &headers, &q, "delete") {
        return r;
    }
    let p = params(&q, &body);
    with_state(&st, &headers, |s| {
        let subs = s["app_subscriptions"].as_array_mut().unwrap();
        match p.get("object").filter(|o| !o.is_empty()) {
            // Meta's documented behaviour: no object deletes every subscription.
            None => subs.clear(),
            Some(object) => match p.get("fields").filter(|f| !f.is_empty()) {
                None => subs.retain(|x| x["object"] != object.as_str()),
                Some(fields) => {
                    let drop: Vec<&str> = fields.split(',').map(str::trim).collect();
                    for sub in subs.iter_mut().filter(|x| x["object"] == object.as_str()) {
                        if let Some(list) = sub["fields"].as_array_mut() {
                            list.retain(|f| !drop.contains(&f["name"].as_str().unwrap_or("")));
                        }
                    }
                    subs.retain(|x| {
                        x["fields"]
                            .as_array()
                            .map(|l| !l.is_empty())
                            .unwrap_or(false)
                    });
                }
            },
        }
    });
    success(&ver, &st)
}

async fn subscribed_apps(
    State(st): State<Shared>,
    Path((ver, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = precheck(&st, &ver, &headers, &q) {
        return r;
    }
    if crate::messenger::is_page(&id) {
        return crate::messenger::subscribed_apps(&st, &ver, &id, &q, &headers);
    }
    if st.has("rate-limited") && id == SANDBOX_WABA_ID {
        return with_headers(&ver, reply(400, super::rate_limited_read()), &st);
    }
    let key = match id.as_str() {
        SANDBOX_WABA_ID => "waba_apps",
        SANDBOX_PAGE_ID => "page_apps",
        _ => return with_headers(&ver, reply(400, bad_object(&id, "get")), &st),
    };
    let data = with_state(&st, &headers, |s| s[key].clone());
    with_headers(&ver, reply(200, json!({ "data": data })), &st)
}

async fn subscribe_apps(
    State(st): State<Shared>,
    Path((ver, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Some(r) = precheck(&st, &ver, &headers, &q) {
        return r;
    }
    match id.as_str() {
        SANDBOX_WABA_ID => {
            let v: Value = serde_json::from_str(&body).unwrap_or_else(|_| json!({}));
            let over = v["override_callback_uri"].as_str().map(str::to_string);
            if let Some(uri) = &over {
                let token = v["verify_token"].as_str().unwrap_or("");
                if let Err(why) = handshake(&st, uri, token).await {
                    return with_headers(&ver, reply(400, verification_failed(&why)), &st);
                }
            }
            with_state(&st, &headers, |s| {
                let apps = s["waba_apps"].as_array_mut().unwrap();
                apps.retain(|a| a["whatsapp_business_api_data"]["id"] != SANDBOX_APP_ID);
                apps.push(app_entry(over.as_deref()));
            });
            success(&ver, &st)
        }
        SANDBOX_PAGE_ID => {
            if bearer(&headers).as_deref() != Some(SANDBOX_PAGE_TOKEN) {
                return graph_reply(
                    &ver,
                    &st,
                    400,
                    210,
                    None,
                    "(#210) A page access token is required to request this resource.",
                );
            }
            let p = params(&q, &body);
            let fields: Vec<String> = p
                .get("subscribed_fields")
                .map(|f| f.split(',').map(|x| x.trim().to_string()).collect())
                .unwrap_or_default();
            with_state(&st, &headers, |s| {
                let apps = s["page_apps"].as_array_mut().unwrap();
                apps.retain(|a| a["id"] != SANDBOX_APP_ID);
                apps.push(json!({"id": SANDBOX_APP_ID, "name": "intops sandbox app", "category": "Business", "subscribed_fields": fields}));
            });
            // The Page edge answers with the string, as Meta's guide shows.
            with_headers(&ver, reply(200, json!({"success": "true"})), &st)
        }
        _ => with_headers(&ver, reply(400, bad_object(&id, "post")), &st),
    }
}

async fn lead(
    State(st): State<Shared>,
    Path(ver): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = precheck(&st, &ver, &headers, &q) {
        return r;
    }
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
    with_headers(
        &ver,
        reply(
            200,
            json!({
                "created_time": "2026-11-24T03:10:14+0000",
                "id": SANDBOX_LEAD_ID,
                "ad_id": "23850000000000001",
                "ad_name": "Sandbox listing ad",
                "form_id": "555000000001",
                "campaign_id": "23850000000000000",
                "is_organic": false,
                "platform": "fb",
                "field_data": [
                    {"name": "email", "values": ["joe@example.com"]},
                    {"name": "full_name", "values": ["Joe Example"]},
                    {"name": "phone_number", "values": ["+15550100099"]}
                ]
            }),
        ),
        &st,
    )
}
