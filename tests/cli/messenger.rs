//! `intops messenger check` and `send-test` against the sandbox (and wiremock where a test needs
//! an exact answer): each step's status and line, the requests Meta receives, exit codes.

use crate::common::*;
use intops::sandbox::messenger::{
    facebook_page_credentials, SANDBOX_MESSENGER_PAGE_ID, SANDBOX_MESSENGER_PAGE_TOKEN,
    SANDBOX_PSID, SANDBOX_PSID_OLD, SANDBOX_PSID_UNAVAILABLE,
};
use intops::sandbox::meta::webhooks::{SANDBOX_PAGE_ID, SANDBOX_PAGE_TOKEN};
use intops::sandbox::meta::SANDBOX_APP_ID;
use serde_json::{json, Value};

/// Replace the sandbox's webhook wiring before the first request reads it.
fn wire(sb: &intops::sandbox::Background, callback: &str, page_fields: Value, app: Value) {
    let app_subs = if app.is_null() {
        json!([])
    } else {
        json!([{"object": "page", "callback_url": callback, "active": app["active"], "fields": app["fields"]}])
    };
    sb.state.store.lock().unwrap().insert(
        "meta_webhooks".into(),
        json!({
            "app_subscriptions": app_subs,
            "waba_apps": [],
            "page_apps": page_fields,
        }),
    );
}

fn ours(fields: &[&str]) -> Value {
    json!([{"id": SANDBOX_APP_ID, "name": "intops sandbox app", "subscribed_fields": fields}])
}

fn messages_sub(active: bool) -> Value {
    json!({"active": active, "fields": [{"name": "messages", "version": "v25.0"}, {"name": "leadgen", "version": "v25.0"}]})
}

fn check(c: assert_cmd::Command) -> Run {
    run(c, &["-o", "json", "--timeout", "5", "messenger", "check"])
}

fn posts(sb: &intops::sandbox::Background) -> Vec<intops::sandbox::Recorded> {
    sb.state
        .recorded()
        .into_iter()
        .filter(|q| q.method == "POST")
        .collect()
}

#[test]
fn healthy_with_an_https_callback_exits_0_with_every_step_ok() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let ca = tls_server::test_ca(&["127.0.0.1", "localhost"]);
    let addr = tls_server::https_server(&ca, "ok");
    let ca_file = h.path().join("ca.pem");
    std::fs::write(&ca_file, &ca.ca_pem).unwrap();
    let cb = format!("https://{addr}/functions/v1/facebook-webhook");
    wire(&sb, &cb, ours(&["leadgen", "messages"]), messages_sub(true));
    let mut c = against(&h, &sb);
    c.env("SSL_CERT_FILE", &ca_file)
        .env_remove("META_VERIFY_TOKEN");
    let r = run(c, &["--timeout", "5", "messenger", "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .starts_with("messenger check · profile default · OK"),
        "{}",
        r.stdout
    );
    for line in [
        "valid PAGE token for Page 153125381133, never expires",
        "including pages_messaging",
        "app 1234567890 is installed on Page 153125381133 with leadgen,messages",
        "fields messages,leadgen · active",
        "is reachable (HTTP 200",
    ] {
        assert!(r.stdout.contains(line), "no {line:?} in\n{}", r.stdout);
    }
    assert!(
        !r.stdout.contains("WARN") && !r.stdout.contains("CRIT"),
        "{}",
        r.stdout
    );
}

#[test]
fn sandbox_check_runs_the_handshake_and_follows_every_page_of_subscribed_apps() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = check(against(&h, &sb));
    // Every step ok: the sandbox's callback is https, its CA trusted (INTOPS_CA_FILE).
    assert_eq!(r.code, 0, "{}", r.all());
    for name in [
        "page token",
        "page token scopes",
        "page subscription",
        "app subscription",
        "callback",
    ] {
        assert_eq!(r.step(name)["status"], "ok", "{name}: {}", r.stdout);
    }
    assert!(r.step("callback")["summary"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    assert!(r.step("callback")["summary"]
        .as_str()
        .unwrap()
        .contains("echoed hub.challenge"));
    // Our app is on the second page of the Page's apps: both pages were read, with the Page token.
    let rec = sb.state.recorded();
    let pages: Vec<_> = rec
        .iter()
        .filter(|q| q.path == format!("/meta/v25.0/{SANDBOX_PAGE_ID}/subscribed_apps"))
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(
        pages[1].query.contains("after=PAGEAPPS2"),
        "{}",
        pages[1].query
    );
    assert!(pages
        .iter()
        .all(|q| q.headers["authorization"] == format!("Bearer {SANDBOX_PAGE_TOKEN}")));
    let dbg = rec
        .iter()
        .find(|q| q.path.ends_with("/debug_token"))
        .unwrap();
    assert!(dbg.query.contains("input_token="));
    assert!(rec
        .iter()
        .any(|q| q.path == format!("/meta/v25.0/{SANDBOX_APP_ID}/subscriptions")));
    assert!(posts(&sb).is_empty(), "check only reads");
}

#[test]
fn an_expired_page_token_is_crit_everywhere_with_the_next_step() {
    let h = Home::new();
    let sb = sandbox("messenger-token-expired");
    let r = check(against(&h, &sb));
    assert_eq!(r.code, 2, "{}", r.all());
    let t = r.step("page token");
    assert_eq!(t["status"], "crit");
    let summary = t["summary"].as_str().unwrap();
    assert!(
        summary.contains("META_PAGE_ACCESS_TOKEN (PAGE) is not valid: expired on"),
        "{summary}"
    );
    assert!(summary.contains("190/463"), "{summary}");
    let hint = t["hint"].as_str().unwrap();
    assert!(
        hint.contains("new Page access token with pages_messaging"),
        "{hint}"
    );
    assert!(hint.contains("META_PAGE_ACCESS_TOKEN"), "{hint}");
    assert_eq!(r.step("page token scopes")["status"], "unknown");
    let p = r.step("page subscription");
    assert_eq!(p["status"], "crit");
    assert_eq!(p["data"]["code"], "190/463");
    // The send fails the same way.
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID,
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("send");
    assert_eq!(s["data"]["cause"], "token expired");
    assert!(s["hint"]
        .as_str()
        .unwrap()
        .contains("META_PAGE_ACCESS_TOKEN"));
}

#[test]
fn a_token_without_pages_messaging_is_crit_naming_the_scope() {
    let h = Home::new();
    let sb = sandbox("messenger-no-scope");
    let r = check(against(&h, &sb));
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("page token scopes");
    assert_eq!(s["status"], "crit");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains("lacks pages_messaging"),
        "{s}"
    );
    assert_eq!(r.step("page token")["status"], "ok");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID,
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("send");
    assert_eq!(s["data"]["code"], "230");
    assert_eq!(s["data"]["cause"], "permission missing");
}

#[test]
fn our_app_not_installed_on_the_page_is_crit() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let cb = format!("{}/callback/leadgen", sb.url());
    wire(&sb, &cb, json!([]), messages_sub(true));
    let r = check(against(&h, &sb));
    assert_eq!(r.code, 2, "{}", r.all());
    let p = r.step("page subscription");
    assert_eq!(p["status"], "crit");
    assert!(p["summary"]
        .as_str()
        .unwrap()
        .contains("app 1234567890 is not installed on Page 153125381133"));
    assert!(p["hint"]
        .as_str()
        .unwrap()
        .contains("subscribed_fields=messages"));
    assert_eq!(r.step("app subscription")["status"], "ok");
}

#[test]
fn missing_messages_field_is_crit_on_the_page_and_on_the_app() {
    let h = Home::new();
    let sb = sandbox("messenger-unsubscribed");
    let r = check(against(&h, &sb));
    assert_eq!(r.code, 2, "{}", r.all());
    let p = r.step("page subscription");
    assert_eq!(p["status"], "crit");
    assert!(
        p["summary"]
            .as_str()
            .unwrap()
            .contains("without `messages` (fields: leadgen)"),
        "{p}"
    );
    let a = r.step("app subscription");
    assert_eq!(a["status"], "crit");
    assert!(
        a["summary"].as_str().unwrap().contains("lacks `messages`"),
        "{a}"
    );
}

#[test]
fn an_inactive_or_missing_page_subscription_is_crit() {
    let h = Home::new();
    let sb = sandbox("subscription-inactive");
    let r = check(against(&h, &sb));
    assert_eq!(r.code, 2, "{}", r.all());
    let a = r.step("app subscription");
    assert_eq!(a["status"], "crit");
    assert!(
        a["summary"].as_str().unwrap().starts_with("inactive"),
        "{a}"
    );

    let sb = sandbox("healthy");
    wire(&sb, "", ours(&["messages"]), Value::Null);
    let r = check(against(&h, &sb));
    assert_eq!(r.code, 2, "{}", r.all());
    let a = r.step("app subscription");
    assert_eq!(a["status"], "crit");
    assert!(a["summary"]
        .as_str()
        .unwrap()
        .contains("no `page` webhook subscription"));
    let c = r.step("callback");
    assert_eq!(c["status"], "unknown");
}

#[test]
fn an_unreachable_callback_is_crit() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let cb = format!("https://127.0.0.1:{}/facebook-webhook", closed_port());
    wire(&sb, &cb, ours(&["messages"]), messages_sub(true));
    let mut c = against(&h, &sb);
    c.env_remove("META_VERIFY_TOKEN");
    let r = check(c);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("callback");
    assert_eq!(s["status"], "crit");
    assert!(
        s["summary"].as_str().unwrap().contains("did not answer"),
        "{s}"
    );
}

#[test]
fn an_html_502_is_crit_and_the_callback_unknown() {
    let h = Home::new();
    let sb = sandbox("html-502");
    let r = check(against(&h, &sb));
    assert_eq!(r.code, 2, "{}", r.all());
    for name in ["page token", "page subscription", "app subscription"] {
        let s = r.step(name);
        assert_eq!(s["status"], "crit", "{name}: {s}");
        assert!(s["summary"].as_str().unwrap().contains("HTML page"), "{s}");
    }
    assert_eq!(r.step("callback")["status"], "unknown");
    assert_eq!(r.step("page token scopes")["status"], "unknown");
}

#[test]
fn a_429_with_retry_after_is_rate_limited_and_a_500_is_a_vendor_error() {
    use wiremock::matchers::{method, path_regex};
    use wiremock::{Mock, ResponseTemplate};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let s = strict_server().await;
        Mock::given(method("GET"))
            .and(path_regex("/debug_token$"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
            .mount(&s)
            .await;
        Mock::given(method("GET"))
            .and(path_regex("/subscribed_apps$"))
            .respond_with(ResponseTemplate::new(500).set_body_string("upstream exploded"))
            .mount(&s)
            .await;
        Mock::given(method("GET"))
            .and(path_regex("/subscriptions$"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [
                {"object": "page", "callback_url": "", "active": true, "fields": [{"name": "messages", "version": "v25.0"}]}
            ]})))
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", server.uri())
        .env("META_PAGE_ID", "153125381133")
        .env("META_PAGE_ACCESS_TOKEN", "EAAwiremockPage")
        .env("WHATSAPP_APP_ID", "1234567890")
        .env("META_APP_SECRET", "wiremock-secret");
    let r = check(c);
    assert_eq!(r.code, 2, "{}", r.all());
    let t = r.step("page token");
    assert_eq!(t["data"]["cause"], "rate limited");
    assert_eq!(t["data"]["retry_after_secs"], 1);
    let p = r.step("page subscription");
    assert_eq!(p["status"], "crit");
    assert_eq!(p["data"]["http_status"], 500);
    assert_eq!(r.step("app subscription")["status"], "ok");
    assert_eq!(r.step("callback")["status"], "unknown");
    assert_no_secret(&r, "EAAwiremockPage");
    assert_no_secret(&r, "wiremock-secret");
}

#[test]
fn no_page_configured_exits_3_naming_it_and_doctor_skips_the_row() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("META_PAGE_ACCESS_TOKEN");
    let r = run(c, &["messenger", "check"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("META_PAGE_ACCESS_TOKEN"), "{}", r.stderr);
    let mut c = against(&h, &sb);
    c.env_remove("META_PAGE_ACCESS_TOKEN");
    let r = run(
        c,
        &["messenger", "send-test", "--psid", SANDBOX_PSID, "--yes"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("META_PAGE_ACCESS_TOKEN"), "{}", r.stderr);

    let mut c = against(&h, &sb);
    c.env_remove("META_PAGE_ID");
    let r = run(c, &["-o", "json", "doctor", "--check", "messenger"]);
    let row = r.step("messenger");
    assert_eq!(row["status"], "skipped", "{}", r.stdout);
    assert_eq!(
        row["summary"],
        "not configured: META_PAGE_ID (or FACEBOOK_PAGE_ID) is not set"
    );
    assert!(posts(&sb).is_empty());
}

#[test]
fn doctor_runs_the_messenger_check_when_a_page_is_configured() {
    let h = Home::new();
    let sb = sandbox("messenger-unsubscribed");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "doctor", "--check", "messenger"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let row = r.step("messenger");
    assert_eq!(row["status"], "crit");
    assert!(
        row["summary"].as_str().unwrap().contains("messages"),
        "{row}"
    );
    assert_eq!(row["data"]["command"], "messenger");
}

#[test]
fn facebook_page_credentials_take_precedence() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    for (k, v) in facebook_page_credentials() {
        c.env(k, v);
    }
    let r = check(c);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("page token")["summary"]
        .as_str()
        .unwrap()
        .contains(SANDBOX_MESSENGER_PAGE_ID));
    assert_eq!(r.step("page subscription")["status"], "ok");
    let rec = sb.state.recorded();
    let apps: Vec<_> = rec
        .iter()
        .filter(|q| q.path.ends_with("/subscribed_apps"))
        .collect();
    assert!(!apps.is_empty());
    for q in &apps {
        assert_eq!(
            q.path,
            format!("/meta/v25.0/{SANDBOX_MESSENGER_PAGE_ID}/subscribed_apps")
        );
        assert_eq!(
            q.headers["authorization"],
            format!("Bearer {SANDBOX_MESSENGER_PAGE_TOKEN}")
        );
    }
    let mut c = against(&h, &sb);
    for (k, v) in facebook_page_credentials() {
        c.env(k, v);
    }
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let p = posts(&sb);
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].path,
        format!("/meta/v25.0/{SANDBOX_MESSENGER_PAGE_ID}/messages")
    );
    // FACEBOOK_PAGE_ID alone never borrows the Lead Ads Page's token.
    let mut c = against(&h, &sb);
    c.env("FACEBOOK_PAGE_ID", SANDBOX_MESSENGER_PAGE_ID);
    let r = run(c, &["messenger", "check"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("FACEBOOK_PAGE_ACCESS_TOKEN"),
        "{}",
        r.stderr
    );
}

#[test]
fn send_test_reports_the_message_id_and_sends_the_documented_body() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID,
            "--text",
            "hello from intops",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("accepted: message id m_"), "{}", r.stdout);
    let p = posts(&sb);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].path, format!("/meta/v25.0/{SANDBOX_PAGE_ID}/messages"));
    assert_eq!(
        p[0].headers["authorization"],
        format!("Bearer {SANDBOX_PAGE_TOKEN}")
    );
    assert!(!p[0].query.contains("access_token"), "{}", p[0].query);
    let body: Value = serde_json::from_str(&p[0].body).unwrap();
    assert_eq!(
        body,
        json!({"recipient": {"id": SANDBOX_PSID}, "messaging_type": "RESPONSE", "message": {"text": "hello from intops"}})
    );
}

#[test]
fn send_test_551_and_the_24h_window_say_what_to_do() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID_UNAVAILABLE,
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("send");
    assert_eq!(s["data"]["code"], "551/1545041");
    assert_eq!(s["data"]["cause"], "recipient cannot receive");
    assert!(s["summary"]
        .as_str()
        .unwrap()
        .contains("isn't available right now"));
    assert!(s["hint"].as_str().unwrap().contains("do not retry"));

    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID_OLD,
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("send");
    assert_eq!(s["data"]["code"], "10/2018278");
    assert!(s["hint"].as_str().unwrap().contains("--tag ACCOUNT_UPDATE"));
    // The tagged send goes through.
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID_OLD,
            "--tag",
            "ACCOUNT_UPDATE",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let last: Value = serde_json::from_str(&posts(&sb).last().unwrap().body).unwrap();
    assert_eq!(last["messaging_type"], "MESSAGE_TAG");
    assert_eq!(last["tag"], "ACCOUNT_UPDATE");
}

#[test]
fn send_test_dry_run_and_no_terminal_send_nothing() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "--dry-run",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("SKIPPED"), "{}", r.stdout);
    assert!(r.all().contains("would send POST"), "{}", r.all());
    let r = run(
        against(&h, &sb),
        &["messenger", "send-test", "--psid", SANDBOX_PSID],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    let r = run(
        against(&h, &sb),
        &["messenger", "send-test", "--psid", "not-a-psid", "--yes"],
    );
    assert_eq!(r.code, 3, "usage error: {}", r.all());
    assert!(r.stderr.contains("not a Page-scoped ID"), "{}", r.stderr);
    assert!(posts(&sb).is_empty(), "the fake received a POST");
}

#[test]
fn secrets_never_appear_even_verbose() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-v", "messenger", "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("> GET"), "no trace: {}", r.stderr);
    let r2 = run(
        against(&h, &sb),
        &[
            "-v",
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID,
        ],
    );
    assert_eq!(r2.code, 0, "{}", r2.all());
    for r in [&r, &r2] {
        assert_no_secret(r, SANDBOX_PAGE_TOKEN);
        assert_no_secret(r, "sandbox-app-secret");
        assert_no_secret(
            r,
            intops::sandbox::meta::webhooks::SANDBOX_META_VERIFY_TOKEN,
        );
    }
    assert!(
        r.stdout.contains("153125381133"),
        "the Page id is not a secret"
    );
}

#[test]
fn switching_to_messenger_unsubscribed_while_running_takes_effect() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = check(against(&h, &sb));
    assert_eq!(r.step("page subscription")["status"], "ok", "{}", r.stdout);
    sb.state.set_scenario("messenger-unsubscribed");
    let r = check(against(&h, &sb));
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("page subscription")["status"], "crit");
    assert_eq!(r.step("app subscription")["status"], "crit");
    // Lead Ads keeps its field.
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.step("page install")["status"], "ok", "{}", r.stdout);
}

#[test]
fn truncated_json_is_unknown_and_a_dead_or_slow_graph_is_crit() {
    let h = Home::new();
    let sb = sandbox("truncated-json");
    let r = check(against(&h, &sb));
    assert_eq!(r.code, 3, "{}", r.all());
    let t = r.step("page token");
    assert_eq!(t["status"], "unknown", "{t}");
    assert_eq!(r.step("page subscription")["status"], "unknown");

    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env(
        "INTOPS_META_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    );
    let r = check(c);
    assert_eq!(r.code, 2, "{}", r.all());
    for name in ["page token", "page subscription", "app subscription"] {
        let s = r.step(name);
        assert_eq!(s["status"], "crit", "{name}: {s}");
        assert_eq!(s["data"]["cause"], "unreachable", "{s}");
    }

    let slow = slow_sandbox("healthy", std::time::Duration::from_millis(1500));
    let r = run(
        against(&h, &slow),
        &[
            "-o",
            "json",
            "--timeout",
            "0.5",
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID,
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("send")["data"]["cause"], "unreachable");
}

#[test]
fn a_send_answer_without_message_id_is_unknown() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let s = strict_server().await;
        Mock::given(method("POST"))
            .and(path("/v25.0/153125381133/messages"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"recipient_id": SANDBOX_PSID})),
            )
            .expect(1)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", server.uri())
        .env("META_PAGE_ID", "153125381133")
        .env("META_PAGE_ACCESS_TOKEN", "EAAwiremockPage");
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "messenger",
            "send-test",
            "--psid",
            SANDBOX_PSID,
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("send");
    assert_eq!(s["status"], "unknown");
    assert!(s["summary"].as_str().unwrap().contains("message_id"), "{s}");
    drop(server);
}

/// `token-expired` is the WhatsApp token's outage: the Page token (Messenger, Lead Ads) stays
/// valid, so a drill of one outage does not show another.
#[test]
fn the_whatsapp_token_outage_leaves_the_page_token_valid() {
    let h = Home::new();
    let sb = sandbox("token-expired");
    let r = check(against(&h, &sb));
    assert_eq!(r.step("page token")["status"], "ok", "{}", r.all());
    assert_eq!(r.step("page subscription")["status"], "ok", "{}", r.all());
}

/// The integration-failures runbook's Messenger flow: detection runs `messenger check`.
#[test]
fn incident_start_messenger_delivery_detects_the_expired_page_token() {
    let h = Home::new();
    let sb = sandbox("messenger-token-expired");
    let r = run(
        against(&h, &sb),
        &[
            "incident",
            "start",
            "messenger-delivery",
            "--severity",
            "sev2",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("Facebook Messenger"), "{}", r.stdout);
    assert!(r.stdout.contains("190/463"), "{}", r.all());
}
