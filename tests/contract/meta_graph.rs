//! Graph calls outside the WhatsApp spec (app webhook subscriptions, Page installs, leads) against
//! Meta's Graph node specs (facebook/facebook-business-sdk-codegen `api_specs/specs/`, trimmed copy
//! in tests/contract/specs/meta-graph/): every parameter intops sends is declared on the edge, the
//! required ones are there, values have the declared type, and every lead field asked for exists.

use crate::{fixture_json, http, json};
use intops::providers::meta::{Meta, NewAppSubscription};
use intops::secrets::Secret;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer};

const APP: &str = "257422819769992";
const PAGE: &str = "153125381133";
const LEAD: &str = "444000000001";

fn nodes() -> Value {
    let path = format!(
        "{}/tests/contract/specs/meta-graph/graph-nodes.trimmed.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Query and form-body parameters of a recorded request (Graph reads both the same way).
fn params(r: &wiremock::Request) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = r
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let form = r.headers.get("content-type").is_some_and(|v| {
        v.to_str()
            .unwrap_or("")
            .starts_with("application/x-www-form-urlencoded")
    });
    if form {
        out.extend(
            url::form_urlencoded::parse(&r.body).map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
    }
    // Graph parameters every call may carry ("Securing requests").
    out.remove("appsecret_proof");
    out.remove("appsecret_time");
    out
}

fn value_ok(ty: &str, v: &str, enums: &Value) -> Result<(), String> {
    let list_of = ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>'));
    match (ty, list_of) {
        ("bool", _) if v == "true" || v == "false" => Ok(()),
        ("bool", _) => Err(format!("{v:?} is not a bool")),
        ("string", _) => Ok(()),
        (_, Some(inner)) => {
            if v.is_empty() {
                return Err("empty list".into());
            }
            let allowed = enums
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["name"] == inner)
                .map(|e| e["values"].clone());
            for item in v.split(',') {
                if let Some(allowed) = &allowed {
                    if !allowed.as_array().unwrap().contains(&json!(item)) {
                        return Err(format!("{item:?} is not in {inner}"));
                    }
                }
            }
            Ok(())
        }
        _ => Err(format!("no check written for type {ty}")),
    }
}

/// Every way a request breaks its edge in the node specs.
fn check(r: &wiremock::Request, spec: &Value) -> Vec<String> {
    let segs: Vec<&str> = r.url.path().trim_start_matches('/').split('/').collect();
    let m = r.method.to_string();
    let p = params(r);
    let at = format!("{m} {}", r.url.path());
    let (node, edge) = match segs.as_slice() {
        [_, id, edge] if *id == APP => ("Application", *edge),
        [_, id, edge] if *id == PAGE => ("Page", *edge),
        [_, id] if *id == LEAD && m == "GET" => {
            let known: Vec<&Value> = spec["Lead"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| &f["name"])
                .collect();
            return p
                .get("fields")
                .map(|f| f.split(',').collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .filter(|f| !known.contains(&&json!(f)))
                .map(|f| format!("{at}: Lead has no field `{f}`"))
                .chain(
                    p.keys()
                        .filter(|k| *k != "fields")
                        .map(|k| format!("{at}: `{k}` is not a read parameter")),
                )
                .collect();
        }
        _ => return vec![format!("{at}: no node spec for this path")],
    };
    let Some(api) = spec[node]["apis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["endpoint"] == edge && a["method"] == m.as_str())
    else {
        return vec![format!("{at}: {node} has no {m} {edge}")];
    };
    let declared = api["params"].as_array().unwrap();
    let mut out = Vec::new();
    for d in declared {
        let name = d["name"].as_str().unwrap();
        match p.get(name) {
            None if d["required"] == true => {
                out.push(format!("{at}: required `{name}` is missing"))
            }
            None => {}
            Some(v) => {
                if let Err(e) = value_ok(d["type"].as_str().unwrap(), v, &spec["enums"]) {
                    out.push(format!("{at}: `{name}`: {e}"));
                }
            }
        }
    }
    for k in p.keys() {
        if !declared.iter().any(|d| d["name"] == k.as_str()) {
            out.push(format!("{at}: `{k}` is not a parameter of {node}/{edge}"));
        }
    }
    out
}

#[tokio::test]
async fn graph_requests_use_the_parameters_meta_declares() {
    let server = MockServer::start().await;
    let ok = json!({"success": true});
    Mock::given(method("GET"))
        .and(path_regex(format!("/{APP}/subscriptions$")))
        .respond_with(json(200, &fixture_json("meta/app-subscriptions.json")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(format!("/{PAGE}/subscribed_apps$")))
        .respond_with(json(
            200,
            &json!({"data": [{"id": APP, "name": "intops", "subscribed_fields": ["leadgen"]}]}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(format!("/{LEAD}$")))
        .respond_with(json(200, &fixture_json("meta/lead.json")))
        .mount(&server)
        .await;
    for m in ["POST", "DELETE"] {
        Mock::given(method(m))
            .respond_with(json(200, &ok))
            .mount(&server)
            .await;
    }
    for secret in [None, Some("test_app_secret")] {
        let meta = Meta::new(
            http(),
            &server.uri(),
            "v25.0",
            Secret::new(format!("{APP}|app-secret-token")),
            "META_APP_TOKEN",
            secret.map(Secret::new),
        );
        assert_eq!(meta.app_subscriptions(APP).await.unwrap().len(), 2);
        meta.subscribe_app(
            APP,
            &NewAppSubscription {
                object: "page".into(),
                callback_url: "https://hooks.example.com/meta".into(),
                fields: vec!["leadgen".into()],
                verify_token: Secret::new("vt-123"),
            },
        )
        .await
        .unwrap();
        meta.unsubscribe_app_fields(APP, "page", &["leadgen".into()])
            .await
            .unwrap();
        assert_eq!(meta.page_subscribed_apps(PAGE).await.unwrap().len(), 1);
        meta.install_on_page(PAGE, &["leadgen".into()])
            .await
            .unwrap();
        let lead = meta.lead(LEAD).await.unwrap();
        assert_eq!(lead.field_data.len(), 2);
    }
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 12);
    let spec = nodes();
    let problems: Vec<String> = reqs.iter().flat_map(|r| check(r, &spec)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_edge_check_can_fail() {
    let spec = nodes();
    // DELETE without `object` is allowed by the spec (it deletes everything, which is why intops
    // refuses it); a POST without `object` is not, nor a made-up parameter or lead field.
    let req = |m: &str, url: &str, body: &str| wiremock::Request {
        url: url::Url::parse(url).unwrap(),
        method: m.parse().unwrap(),
        headers: {
            let mut h = reqwest::header::HeaderMap::new();
            h.insert(
                "content-type",
                "application/x-www-form-urlencoded".parse().unwrap(),
            );
            h
        },
        body: body.as_bytes().to_vec(),
    };
    let cases = [
        (
            "POST",
            format!("http://x/v25.0/{APP}/subscriptions"),
            "fields=leadgen",
            "required `object`",
        ),
        (
            "POST",
            format!("http://x/v25.0/{APP}/subscriptions"),
            "object=page&bogus=1",
            "`bogus` is not a parameter",
        ),
        (
            "POST",
            format!("http://x/v25.0/{APP}/subscriptions"),
            "object=page&include_values=yes",
            "not a bool",
        ),
        (
            "POST",
            format!("http://x/v25.0/{PAGE}/subscribed_apps"),
            "subscribed_fields=leadgen,nonsense",
            "not in",
        ),
        (
            "GET",
            format!("http://x/v25.0/{LEAD}?fields=id,salary"),
            "",
            "no field `salary`",
        ),
    ];
    for (m, url, body, want) in cases {
        let got = check(&req(m, &url, body), &spec).join("\n");
        assert!(
            got.contains(want),
            "{m} {url} {body}: wanted {want}, got {got}"
        );
    }
}
