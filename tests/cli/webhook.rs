//! `intops webhook …` and `intops meta lead` against the sandbox and its fake callback.

use crate::common::*;
use intops::sandbox::meta::webhooks::{SANDBOX_LEADS_TOKEN, SANDBOX_PAGE_TOKEN};
use std::time::Duration;

const WA_BODY: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"0","changes":[{"field":"messages","value":{"messaging_product":"whatsapp"}}]}]}"#;
const WA_SIG: &str = "sha256=86fcae1b61c782030bd13c83761906803bcf35a0a0594febf0d7dac619a941c2";

fn non_get(sb: &intops::sandbox::Background) -> Vec<String> {
    sb.state
        .recorded()
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}?{}", r.method, r.path, r.query))
        .collect()
}

fn meta_store(sb: &intops::sandbox::Background) -> serde_json::Value {
    sb.state.store.lock().unwrap()["meta_webhooks"].clone()
}

fn payload(h: &Home, name: &str, bytes: &[u8]) -> String {
    let p = h.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

// ---------- status ----------

#[test]
fn status_healthy_is_ok_over_https_with_the_sandbox_ca() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for s in [
        "subscription whatsapp_business_account",
        "subscription page",
        "waba subscription",
        "page install",
        "handshake whatsapp",
        "handshake leadgen",
    ] {
        assert_eq!(r.step(s)["status"], "ok", "{s}: {}", r.stdout);
    }
    let steps = r.json()["steps"].as_array().unwrap().clone();
    assert!(
        steps.iter().all(|s| s["status"] == "ok"),
        "every step ok: {}",
        r.stdout
    );
    assert!(r.step("handshake whatsapp")["summary"]
        .as_str()
        .unwrap()
        .starts_with("https://127.0.0.1:"));
    assert!(r.step("subscription page")["summary"]
        .as_str()
        .unwrap()
        .contains("fields leadgen"));
    assert!(non_get(&sb).is_empty());
}

#[test]
fn the_sandbox_https_callback_is_untrusted_without_intops_ca_file() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("INTOPS_CA_FILE");
    let r = run(c, &["-o", "json", "webhook", "status"]);
    // The same https callback, but nobody told intops to trust the sandbox's CA.
    assert_eq!(r.code, 2, "{}", r.all());
    for t in ["whatsapp", "leadgen"] {
        let s = r.step(&format!("handshake {t}"));
        assert_eq!(s["status"], "crit", "{s}");
        let summary = s["summary"].as_str().unwrap();
        assert!(
            summary.contains("certificate not trusted (issued by a CA intops does not trust)"),
            "{s}"
        );
        assert!(
            s["hint"].as_str().unwrap().contains("INTOPS_CA_FILE"),
            "{s}"
        );
    }
    // Nothing reached the callback: the handshake ended at the certificate.
    assert!(!sb
        .state
        .recorded()
        .iter()
        .any(|q| q.path.starts_with("/callback/")));
}

#[test]
fn a_plain_http_callback_still_warns() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env(
        "WHATSAPP_WEBHOOK_URL",
        format!("{}/callback/whatsapp", sb.url()),
    );
    let r = run(
        c,
        &["-o", "json", "webhook", "verify", "--provider", "whatsapp"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let s = r.step("tls whatsapp");
    assert_eq!(s["status"], "warn");
    assert!(
        s["summary"].as_str().unwrap().contains("is not https"),
        "{s}"
    );
    // Still checked: the handshake itself answered.
    assert_eq!(r.step("handshake whatsapp")["status"], "ok");
}

#[test]
fn status_inactive_pieces_are_crit_with_the_next_command() {
    let h = Home::new();
    let sb = sandbox("subscription-inactive");
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let page = r.step("subscription page");
    assert_eq!(page["status"], "crit");
    assert!(page["summary"].as_str().unwrap().starts_with("inactive"));
    assert!(page["hint"]
        .as_str()
        .unwrap()
        .contains("intops webhook reregister --provider leadgen"));
    let waba = r.step("waba subscription");
    assert_eq!(waba["status"], "crit");
    assert!(waba["summary"]
        .as_str()
        .unwrap()
        .contains("no app is subscribed"));
    assert!(waba["hint"]
        .as_str()
        .unwrap()
        .contains("reregister --provider whatsapp"));
}

#[test]
fn status_reports_a_broken_callback_and_a_vendor_outage() {
    let h = Home::new();
    let sb = sandbox("callback-broken");
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let hs = r.step("handshake whatsapp");
    assert_eq!(hs["status"], "crit");
    assert!(hs["summary"].as_str().unwrap().contains("HTTP 502"), "{hs}");

    let sb = sandbox("html-502");
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("app subscriptions")["status"], "crit");
    assert!(r.step("app subscriptions")["summary"]
        .as_str()
        .unwrap()
        .contains("HTML"));

    let sb = sandbox("truncated-json");
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.step("app subscriptions")["status"], "unknown");
}

#[test]
fn status_under_a_rate_limit_says_to_stop_calling() {
    let h = Home::new();
    let sb = sandbox("rate-limited");
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let w = r.step("waba subscription");
    assert_eq!(w["data"]["cause"], "rate limited");
    assert_eq!(w["data"]["code"], "80007");
    assert!(w["hint"].as_str().unwrap().contains("stop calling"));
}

#[test]
fn status_warns_about_an_expired_graph_version() {
    let h = Home::new();
    h.write_config("[default]\ngraph_version = \"v18.0\"\n");
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("graph version")["status"], "warn");
    assert!(r.stdout.contains("Meta served Graph v21.0"), "{}", r.stdout);
    assert!(sb
        .state
        .recorded()
        .iter()
        .any(|q| q.path.starts_with("/meta/v18.0/")));
}

#[test]
fn status_without_app_id_is_unknown_and_names_the_setting() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("WHATSAPP_APP_ID");
    let r = run(c, &["webhook", "status"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("WHATSAPP_APP_ID"), "{}", r.stderr);
}

#[test]
fn status_never_prints_secrets_even_verbose() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-v", "webhook", "status"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("hub.verify_token=***"), "{}", r.stderr);
    for s in [
        "sandbox-app-secret",
        "sandbox-wa-verify-token",
        "sandbox-meta-verify-token",
        SANDBOX_PAGE_TOKEN,
    ] {
        assert_no_secret(&r, s);
    }
}

// ---------- verify ----------

#[test]
fn verify_with_a_wrong_verify_token_is_crit_and_names_it() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("WEBHOOK_VERIFY_TOKEN", "wrong-verify-token-123");
    let r = run(
        c,
        &["-o", "json", "webhook", "verify", "--target", "whatsapp"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("handshake whatsapp");
    assert!(s["summary"]
        .as_str()
        .unwrap()
        .contains("refused the verify token (HTTP 403)"));
    assert!(s["hint"].as_str().unwrap().contains("WEBHOOK_VERIFY_TOKEN"));
    assert_no_secret(&r, "wrong-verify-token-123");
}

#[test]
fn verify_judges_latency_against_the_thresholds() {
    let h = Home::new();
    h.write_config(
        "[default.thresholds]\nwebhook_latency_warn_ms = 20\nwebhook_latency_crit_ms = 100000\n",
    );
    let sb = slow_sandbox("healthy", Duration::from_millis(100));
    let r = run(
        against(&h, &sb),
        &["-o", "json", "webhook", "verify", "--target", "leadgen"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let s = r.step("handshake leadgen");
    assert_eq!(s["status"], "warn");
    assert!(s["summary"].as_str().unwrap().contains("warn above 20 ms"));
    assert!(s["data"]["latency_ms"].as_u64().unwrap() >= 100);

    h.write_config("[default.thresholds]\nwebhook_latency_crit_ms = 20\n");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "webhook", "verify", "--target", "leadgen"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("handshake leadgen")["summary"]
        .as_str()
        .unwrap()
        .contains("crit above 20 ms"));
}

#[test]
fn verify_timeout_refused_wrong_echo_and_bad_url() {
    let h = Home::new();
    let sb = sandbox("callback-timeout");
    let r = run(
        against(&h, &sb),
        &[
            "--timeout",
            "1",
            "webhook",
            "verify",
            "--target",
            "whatsapp",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("timed out after 1s"), "{}", r.stdout);

    let sb = sandbox("healthy");
    let url = format!("http://127.0.0.1:{}/hook", closed_port());
    let r = run(against(&h, &sb), &["webhook", "verify", "--url", &url]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("connection refused"), "{}", r.stdout);

    // A 200 that does not echo the challenge (the sandbox's scenario endpoint answers text).
    let url = format!("{}/_sandbox/scenario", sb.url());
    let r = run(
        against(&h, &sb),
        &["-o", "json", "webhook", "verify", "--url", &url],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("handshake whatsapp")["summary"]
        .as_str()
        .unwrap()
        .contains("not the hub.challenge value"));

    let r = run(
        against(&h, &sb),
        &["webhook", "verify", "--url", "ftp://example.com/x"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("not an http(s) URL"), "{}", r.stderr);
}

#[test]
fn verify_without_the_verify_token_exits_3_naming_it() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("WEBHOOK_VERIFY_TOKEN");
    let r = run(c, &["webhook", "verify", "--target", "whatsapp"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("export WEBHOOK_VERIFY_TOKEN=") && !r.stderr.contains("auth set"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_missing_callback_url_says_where_to_set_it() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("CALENDLY_WEBHOOK_URL");
    let r = run(
        c,
        &["webhook", "send-test", "--provider", "calendly", "--yes"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr
            .contains("CALENDLY_WEBHOOK_URL is not set (or pass --url)"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("auth set"),
        "a URL is a setting, not a secret: {}",
        r.stderr
    );
    let mut c = against(&h, &sb);
    c.env_remove("WHATSAPP_WEBHOOK_URL")
        .env_remove("META_WEBHOOK_URL");
    let r = run(c, &["-o", "json", "webhook", "verify"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("no callback configured"));
    assert!(sb.state.recorded().is_empty());
}

// ---------- reregister ----------

#[test]
fn reregister_with_a_failing_callback_changes_nothing() {
    let h = Home::new();
    let sb = sandbox("subscription-inactive,callback-broken");
    // Reading the state first creates it in the sandbox.
    let _ = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    let before = meta_store(&sb);
    for target in ["leadgen", "whatsapp"] {
        let r = run(
            against(&h, &sb),
            &[
                "-o",
                "json",
                "webhook",
                "reregister",
                "--target",
                target,
                "--yes",
            ],
        );
        assert_eq!(r.code, 2, "{}", r.all());
        let stop = r.step("reregister");
        assert!(stop["summary"]
            .as_str()
            .unwrap()
            .contains("nothing was changed"));
        assert!(stop["hint"].as_str().unwrap().contains("webhook verify"));
    }
    assert_eq!(meta_store(&sb), before);
    assert!(non_get(&sb).is_empty(), "{:?}", non_get(&sb));
}

#[test]
fn reregister_dry_run_prints_every_request_and_sends_none() {
    let h = Home::new();
    let sb = sandbox("subscription-inactive");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--dry-run",
            "webhook",
            "reregister",
            "--target",
            "leadgen",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let sub = r.step("subscribe");
    assert_eq!(sub["status"], "skipped");
    let line = sub["summary"].as_str().unwrap();
    assert!(line.contains("would send POST"), "{line}");
    assert!(line.contains("object=page") && line.contains("fields=leadgen"));
    assert!(line.contains("verify_token=***"), "{line}");
    assert_eq!(r.step("page install")["status"], "skipped");
    assert!(r.stderr.contains("dry-run: would send POST"));
    assert!(non_get(&sb).is_empty(), "{:?}", non_get(&sb));
    assert_no_secret(&r, "sandbox-meta-verify-token");
}

#[test]
fn reregister_needs_yes_without_a_terminal() {
    let h = Home::new();
    let sb = sandbox("subscription-inactive");
    let r = run(
        against(&h, &sb),
        &["webhook", "reregister", "--target", "whatsapp"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert!(non_get(&sb).is_empty());
}

#[test]
fn reregister_leadgen_end_to_end_reactivates_and_reads_back() {
    let h = Home::new();
    let sb = sandbox("subscription-inactive");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "webhook",
            "reregister",
            "--target",
            "leadgen",
            "--yes",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("before")["summary"]
        .as_str()
        .unwrap()
        .contains("INACTIVE"));
    assert_eq!(r.step("subscribe")["status"], "ok");
    assert_eq!(r.step("page install")["status"], "ok");
    let after = r.step("after");
    assert_eq!(after["status"], "ok");
    assert!(after["summary"].as_str().unwrap().contains("active"));
    let reqs = sb.state.recorded();
    let post = reqs
        .iter()
        .find(|q| q.method == "POST" && q.path.ends_with("/1234567890/subscriptions"))
        .expect("subscribe POST");
    assert!(post.body.contains("object=page") && post.body.contains("fields=leadgen"));
    // Meta verifies the callback while handling the POST: the sandbox did too.
    let verifications = reqs
        .iter()
        .filter(|q| q.method == "GET" && q.path == "/callback/leadgen")
        .count();
    assert!(verifications >= 2, "ours and Meta's");
    assert!(!reqs.iter().any(|q| q.method == "DELETE"));
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.step("subscription page")["status"], "ok");
}

#[test]
fn reregister_whatsapp_end_to_end_with_override_callback() {
    let h = Home::new();
    let sb = sandbox("subscription-inactive");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "webhook",
            "reregister",
            "--target",
            "whatsapp",
            "--override-callback",
            "--yes",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("before")["summary"]
        .as_str()
        .unwrap()
        .contains("no app is subscribed"));
    let after = r.step("after");
    assert_eq!(after["status"], "ok");
    assert!(after["summary"]
        .as_str()
        .unwrap()
        .contains("override callback"));
    let post = sb
        .state
        .recorded()
        .into_iter()
        .find(|q| q.method == "POST")
        .unwrap();
    assert!(post.path.ends_with("/102290129340398/subscribed_apps"));
    assert!(post.body.contains("override_callback_uri"));
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    assert_eq!(r.step("waba subscription")["status"], "ok");
}

#[test]
fn replace_deletes_only_named_fields_after_the_new_subscription_is_confirmed() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let app_token = "1234567890|sandbox-app-secret";
    // Give the page object an extra field first, through the escape hatch.
    let mut c = against(&h, &sb);
    c.env("WHATSAPP_APP_TOKEN", app_token);
    let cb = format!("{}/callback/leadgen", sb.url());
    let r = run(
        c,
        &[
            "api",
            "meta",
            "POST",
            "/1234567890/subscriptions",
            "-f",
            "object=page",
            "-f",
            "fields=feed",
            "-f",
            &format!("callback_url={cb}"),
            "-f",
            "verify_token=sandbox-meta-verify-token",
            "--token",
            "WHATSAPP_APP_TOKEN",
            "--yes",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "webhook",
            "reregister",
            "--target",
            "leadgen",
            "--replace",
            "--yes",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("replace")["status"], "ok");
    let deletes: Vec<_> = sb
        .state
        .recorded()
        .into_iter()
        .filter(|q| q.method == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 1);
    assert!(deletes[0].query.contains("object=page"), "{:?}", deletes[0]);
    // Messenger's fields on the same page object stay: its Page is configured.
    assert!(deletes[0].query.contains("fields=feed"), "{:?}", deletes[0]);
    assert!(!deletes[0].query.contains("messag"), "{:?}", deletes[0]);
    let store = meta_store(&sb);
    let page = store["app_subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["object"] == "page")
        .unwrap()
        .clone();
    let names: Vec<&str> = page["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["leadgen", "messages", "messaging_postbacks"]);
    // The WhatsApp subscription is untouched.
    assert!(store["app_subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["object"] == "whatsapp_business_account"));
}

#[test]
fn meta_rejecting_the_callback_while_subscribing_says_what_to_run() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("WHATSAPP_APP_TOKEN", "1234567890|sandbox-app-secret");
    let cb = format!("{}/callback/leadgen", sb.url());
    let r = run(
        c,
        &[
            "-o",
            "json",
            "api",
            "meta",
            "POST",
            "/1234567890/subscriptions",
            "-f",
            "object=page",
            "-f",
            "fields=leadgen",
            "-f",
            &format!("callback_url={cb}"),
            "-f",
            "verify_token=not-the-callbacks-token",
            "--token",
            "WHATSAPP_APP_TOKEN",
            "--yes",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let j = r.json();
    assert!(j["error"]
        .as_str()
        .unwrap()
        .contains("(#2200) Callback verification failed"));
    assert!(j["hint"]
        .as_str()
        .unwrap()
        .contains("intops webhook verify"));
}

#[test]
fn verify_prom_output_has_the_latency() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "prom", "webhook", "verify", "--target", "whatsapp"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("intops_webhook_handshake_seconds"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_override_callback_elsewhere_than_configured_is_warned() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let other = format!("{}/callback/whatsapp?tenant=2", sb.url());
    let r = run(
        against(&h, &sb),
        &[
            "webhook",
            "reregister",
            "--target",
            "whatsapp",
            "--url",
            &other,
            "--yes",
        ],
    );
    assert_eq!(r.code, 3, "--url alone is refused: {}", r.all());
    assert!(r.stderr.contains("--override-callback"));
    assert!(non_get(&sb).is_empty());
    let r = run(
        against(&h, &sb),
        &[
            "webhook",
            "reregister",
            "--target",
            "whatsapp",
            "--url",
            &other,
            "--override-callback",
            "--yes",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let r = run(against(&h, &sb), &["-o", "json", "webhook", "status"]);
    let w = r.step("waba override");
    assert_eq!(w["status"], "warn");
    assert!(w["summary"].as_str().unwrap().contains("tenant=2"));
    // The handshake follows the override: that is where Meta delivers.
    assert!(r.step("handshake whatsapp")["data"]["url"]
        .as_str()
        .unwrap()
        .contains("tenant=2"));
    // A plain subscribe now might drop the override: refused, nothing sent.
    let posts = non_get(&sb).len();
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "webhook",
            "reregister",
            "--target",
            "whatsapp",
            "--yes",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let stop = r.step("reregister");
    assert!(stop["summary"]
        .as_str()
        .unwrap()
        .contains("override callback"));
    assert!(stop["hint"]
        .as_str()
        .unwrap()
        .contains("--override-callback --url"));
    assert_eq!(non_get(&sb).len(), posts);
}

#[test]
fn replace_is_refused_for_whatsapp() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["webhook", "reregister", "--target", "whatsapp", "--replace"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--replace applies to --provider leadgen"));
    assert!(sb.state.recorded().is_empty());
}

// ---------- sign / check-signature ----------

#[test]
fn sign_prints_the_documented_meta_vector() {
    let h = Home::new();
    let f = payload(&h, "wa.json", WA_BODY.as_bytes());
    let r = run(
        cmd_with(&h, &[("META_APP_SECRET", "test_app_secret")]),
        &["webhook", "sign", "--provider", "meta", "--file", &f],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.stdout, format!("X-Hub-Signature-256: {WA_SIG}\n"));
    assert_no_secret(&r, "test_app_secret");
}

#[test]
fn sign_calendly_with_a_fixed_timestamp() {
    let h = Home::new();
    let f = payload(&h, "c.json", br#"{"event":"invitee.created"}"#);
    let r = run(
        cmd_with(&h, &[("CALENDLY_SIGNING_KEY", "calendly_test_key")]),
        &[
            "webhook",
            "sign",
            "--provider",
            "calendly",
            "--file",
            &f,
            "--timestamp",
            "1700000000",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    // Cross-checked with openssl dgst -sha256 -hmac (see src/signing.rs).
    assert_eq!(
        r.stdout,
        "Calendly-Webhook-Signature: t=1700000000,v1=7aaa3a6e6154ae400ac320932c468890403afc1f4bf0fe5d65eb4c2f2eda6070\n"
    );
}

#[test]
fn check_signature_valid_invalid_newline_and_malformed() {
    let h = Home::new();
    let good = payload(&h, "wa.json", WA_BODY.as_bytes());
    let nl = payload(&h, "wa-nl.json", format!("{WA_BODY}\n").as_bytes());
    let check = |secret: &str, file: &str, header: &str| {
        run(
            cmd_with(&h, &[("META_APP_SECRET", secret)]),
            &[
                "-o",
                "json",
                "webhook",
                "check-signature",
                "--provider",
                "meta",
                "--file",
                file,
                "--header",
                header,
            ],
        )
    };
    let r = check("test_app_secret", &good, WA_SIG);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("signature")["summary"]
        .as_str()
        .unwrap()
        .starts_with("valid"));
    let r = check(
        "test_app_secret",
        &good,
        &format!("X-Hub-Signature-256: {WA_SIG}"),
    );
    assert_eq!(r.code, 0, "{}", r.all());

    let r = check("another_secret", &good, WA_SIG);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("signature");
    assert!(s["summary"].as_str().unwrap().starts_with("invalid"));
    assert!(s["hint"].as_str().unwrap().contains("META_APP_SECRET"));
    assert_no_secret(&r, "another_secret");

    let r = check("test_app_secret", &nl, WA_SIG);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.step("signature")["summary"]
        .as_str()
        .unwrap()
        .contains("without its trailing newline"));

    let r = run(
        cmd_with(&h, &[("META_APP_SECRET", "test_app_secret")]),
        &[
            "webhook",
            "check-signature",
            "--provider",
            "meta",
            "--file",
            &good,
            "--header",
            "sha1=abcdef",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("malformed X-Hub-Signature-256 header"));
    assert!(r.stderr.contains("legacy"));
}

#[test]
fn check_signature_accepts_both_readings_of_meta_unicode_signing() {
    let h = Home::new();
    let f = payload(&h, "u.json", "{\"text\":\"Olá, café 😀\"}".as_bytes());
    // Over the escaped-unicode form (openssl-computed, see src/signing.rs).
    let r = run(
        cmd_with(&h, &[("META_APP_SECRET", "test_app_secret")]),
        &[
            "-o",
            "json",
            "webhook",
            "check-signature",
            "--provider",
            "meta",
            "--file",
            &f,
            "--header",
            "sha256=80fc2a5b9f12c907a2320f94bff89467155018ff9109995b46470f707fb4c7fb",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("signature")["summary"]
        .as_str()
        .unwrap()
        .contains("\\uXXXX escapes"));
}

#[test]
fn check_signature_calendly_stale_and_tolerance() {
    let h = Home::new();
    let f = payload(&h, "c.json", br#"{"event":"invitee.created"}"#);
    let header = "t=1700000000,v1=7aaa3a6e6154ae400ac320932c468890403afc1f4bf0fe5d65eb4c2f2eda6070";
    let base = [
        "-o",
        "json",
        "webhook",
        "check-signature",
        "--provider",
        "calendly",
        "--file",
        &f,
        "--header",
        header,
    ];
    let r = run(
        cmd_with(&h, &[("CALENDLY_SIGNING_KEY", "calendly_test_key")]),
        &base,
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("signature");
    assert!(s["summary"].as_str().unwrap().contains("HMAC matches"));
    assert!(s["summary"].as_str().unwrap().contains("tolerance 180 s"));
    let mut wide = base.to_vec();
    wide.extend(["--tolerance", "2000000000"]);
    let r = run(
        cmd_with(&h, &[("CALENDLY_SIGNING_KEY", "calendly_test_key")]),
        &wide,
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let r = run(
        cmd_with(&h, &[("CALENDLY_SIGNING_KEY", "calendly_test_key")]),
        &[
            "webhook",
            "check-signature",
            "--provider",
            "calendly",
            "--file",
            &f,
            "--header",
            "v1=abc",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("Calendly-Webhook-Signature"));
}

#[test]
fn payload_missing_or_not_utf8_and_secret_missing() {
    let h = Home::new();
    let r = run(
        cmd_with(&h, &[("META_APP_SECRET", "test_app_secret")]),
        &[
            "webhook",
            "sign",
            "--provider",
            "meta",
            "--file",
            "/nonexistent/payload.json",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r
        .stderr
        .contains("cannot read the payload file /nonexistent/payload.json"));

    let f = payload(&h, "utf16.json", &[0xff, 0xfe, b'{', 0, b'}', 0]);
    let r = run(
        cmd_with(&h, &[("META_APP_SECRET", "test_app_secret")]),
        &[
            "-o",
            "json",
            "webhook",
            "sign",
            "--provider",
            "meta",
            "--file",
            &f,
        ],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let p = r.step("payload");
    assert!(p["summary"].as_str().unwrap().contains("not valid UTF-8"));
    assert!(p["summary"].as_str().unwrap().contains("raw bytes"));
    assert!(r.step("signature")["summary"]
        .as_str()
        .unwrap()
        .starts_with("X-Hub-Signature-256: sha256="));

    let r = run(
        h.cmd(),
        &["webhook", "sign", "--provider", "calendly", "--file", &f],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("CALENDLY_SIGNING_KEY"));
}

// ---------- send-test ----------

#[test]
fn send_test_each_provider_is_accepted_by_a_checking_callback() {
    let h = Home::new();
    let sb = sandbox("healthy");
    for p in ["meta-whatsapp", "meta-leadgen", "calendly"] {
        let r = run(
            against(&h, &sb),
            &[
                "-o",
                "json",
                "webhook",
                "send-test",
                "--provider",
                p,
                "--yes",
            ],
        );
        assert_eq!(r.code, 0, "{p}: {}", r.all());
        let s = r.step("send-test");
        assert_eq!(s["status"], "ok", "{p}: {s}");
        assert_eq!(s["data"]["http_status"], 200);
    }
    let posts: Vec<_> = sb
        .state
        .recorded()
        .into_iter()
        .filter(|q| q.method == "POST")
        .collect();
    assert_eq!(posts.len(), 3);
    assert!(posts[0].headers.contains_key("x-hub-signature-256"));
    assert!(posts[0]
        .body
        .contains("\"object\":\"whatsapp_business_account\""));
    assert!(posts[1].body.contains("\"field\":\"leadgen\""));
    assert!(posts[2].headers["calendly-webhook-signature"].starts_with("t="));
}

#[test]
fn send_test_wrong_secret_broken_callback_and_dry_run() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("META_APP_SECRET", "not-the-apps-secret");
    let r = run(
        c,
        &[
            "-o",
            "json",
            "webhook",
            "send-test",
            "--provider",
            "meta-whatsapp",
            "--yes",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("send-test");
    assert!(s["summary"]
        .as_str()
        .unwrap()
        .contains("rejected the signed event (HTTP 401)"));
    assert!(s["hint"].as_str().unwrap().contains("META_APP_SECRET"));
    assert_no_secret(&r, "not-the-apps-secret");

    let r = run(
        against(&h, &sb),
        &[
            "--dry-run",
            "-o",
            "json",
            "webhook",
            "send-test",
            "--provider",
            "calendly",
        ],
    );
    assert_eq!(r.step("send-test")["status"], "skipped");
    assert!(r.step("send-test")["summary"]
        .as_str()
        .unwrap()
        .contains("would send POST"));

    let r = run(
        against(&h, &sb),
        &["webhook", "send-test", "--provider", "calendly"],
    );
    assert_eq!(r.code, 3, "{}", r.all());

    let before = non_get(&sb).len();
    let sb2 = sandbox("callback-broken");
    let r = run(
        against(&h, &sb2),
        &[
            "-o",
            "json",
            "webhook",
            "send-test",
            "--provider",
            "meta-leadgen",
            "--yes",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("send-test")["summary"]
        .as_str()
        .unwrap()
        .contains("HTTP 502"));
    assert_eq!(
        non_get(&sb).len(),
        before,
        "the dry run and refusal sent nothing"
    );
}

// ---------- meta lead ----------

#[test]
fn lead_is_fetched_with_its_fields() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "meta", "lead", "444000000001"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("lead");
    assert!(s["summary"].as_str().unwrap().contains("email, full_name"));
    assert_eq!(s["data"]["field_data"][0]["values"][0], "joe@example.com");
    let q = sb
        .state
        .recorded()
        .into_iter()
        .find(|q| q.path.ends_with("/444000000001"))
        .unwrap();
    assert_eq!(
        q.headers["authorization"],
        format!("Bearer {SANDBOX_LEADS_TOKEN}")
    );
}

#[test]
fn lead_permission_failure_says_scope_or_page_role() {
    let h = Home::new();
    let sb = sandbox("lead-no-permission");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "meta", "lead", "444000000001"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("lead")["hint"]
        .as_str()
        .unwrap()
        .contains("lacks leads_retrieval"));
    assert_eq!(r.step("token scopes")["status"], "crit");

    let sb = sandbox("lead-page-role");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "meta", "lead", "444000000001"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("lead")["hint"]
        .as_str()
        .unwrap()
        .contains("role on the Page"));
    assert_no_secret(&r, SANDBOX_LEADS_TOKEN);
}

#[test]
fn lead_bad_input_bad_token_and_outage() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["meta", "lead", "abc"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let mut c = against(&h, &sb);
    c.env_remove("META_ACCESS_TOKEN");
    let r = run(c, &["meta", "lead", "444000000001"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("export META_ACCESS_TOKEN="),
        "{}",
        r.stderr
    );
    let mut c = against(&h, &sb);
    c.env("META_ACCESS_TOKEN", "garbage-lead-token");
    let r = run(c, &["-o", "json", "meta", "lead", "444000000001"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("lead")["data"]["cause"], "token invalid");
    assert_no_secret(&r, "garbage-lead-token");
    let sb = sandbox("html-502");
    let r = run(against(&h, &sb), &["meta", "lead", "444000000001"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("502"), "{}", r.stdout);
}

fn cmd_with(h: &Home, vars: &[(&str, &str)]) -> assert_cmd::Command {
    let mut c = h.cmd();
    for (k, v) in vars {
        c.env(k, v);
    }
    c
}

#[test]
fn check_signature_verifies_the_legacy_sha1_header() {
    let h = Home::new();
    let f = payload(&h, "legacy.json", WA_BODY.as_bytes());
    let check = |header: &str| {
        run(
            cmd_with(&h, &[("META_APP_SECRET", "test_app_secret")]),
            &[
                "-o",
                "json",
                "webhook",
                "check-signature",
                "--provider",
                "meta",
                "--file",
                &f,
                "--header",
                header,
            ],
        )
    };
    // printf '%s' WA_BODY | openssl dgst -sha1 -hmac test_app_secret
    let r = check("X-Hub-Signature: sha1=e27c04888c48fb425d350a726a9b35660ef9c804");
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("signature")["summary"]
        .as_str()
        .unwrap()
        .contains("legacy X-Hub-Signature (sha1)"));
    let r = check("sha1=0000000000000000000000000000000000000000");
    assert_eq!(r.code, 2, "{}", r.all());
}

/// Answers Meta's handshake: echoes hub.challenge (a callback that works).
struct EchoChallenge;

impl wiremock::Respond for EchoChallenge {
    fn respond(&self, req: &wiremock::Request) -> wiremock::ResponseTemplate {
        let c = req
            .url
            .query_pairs()
            .find(|(k, _)| k == "hub.challenge")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        wiremock::ResponseTemplate::new(200).set_body_string(c)
    }
}

/// `webhook reregister` writes nothing when any read it depends on fails: the callback handshake,
/// the app's (or WABA's) subscriptions, the apps installed on the Page. A failed read of the Page's
/// installed apps used to become an empty list, and the install that followed replaced the Page's
/// fields with `leadgen` alone.
#[test]
fn reregister_aborts_before_any_write_when_any_read_fails() {
    use serde_json::json;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    // (target, the read that fails, how it fails)
    type Case = (&'static str, &'static str, fn() -> ResponseTemplate);
    let cases: [Case; 5] = [
        ("leadgen", "/callback", || {
            ResponseTemplate::new(503).set_body_string("<html>down</html>")
        }),
        ("leadgen", "/v25.0/1234/subscriptions", || {
            ResponseTemplate::new(500).set_body_json(json!({"error": {"message": "An unexpected error has occurred.", "type": "OAuthException", "code": 2, "fbtrace_id": "A"}}))
        }),
        ("leadgen", "/v25.0/555/subscribed_apps", || {
            ResponseTemplate::new(403).set_body_json(json!({"error": {"message": "(#200) Requires pages_manage_metadata permission to manage the object", "type": "OAuthException", "code": 200, "fbtrace_id": "A"}}))
        }),
        ("whatsapp", "/callback", || {
            ResponseTemplate::new(503).set_body_string("<html>down</html>")
        }),
        ("whatsapp", "/v25.0/777/subscribed_apps", || {
            ResponseTemplate::new(500).set_body_json(json!({"error": {"message": "An unexpected error has occurred.", "type": "OAuthException", "code": 2, "fbtrace_id": "A"}}))
        }),
    ];
    let rt = tokio::runtime::Runtime::new().unwrap();
    for (target, failing, fail) in cases {
        let server = rt.block_on(MockServer::start());
        let cb = format!("{}/callback", server.uri());
        let ok_reads: Vec<(&str, ResponseTemplate)> = vec![
            (
                "/v25.0/1234/subscriptions",
                ResponseTemplate::new(200).set_body_json(json!({"data": [{"object": "page", "callback_url": cb, "active": true, "fields": [{"name": "leadgen", "version": "v25.0"}, {"name": "feed", "version": "v25.0"}]}]})),
            ),
            (
                "/v25.0/555/subscribed_apps",
                ResponseTemplate::new(200).set_body_json(json!({"data": [{"id": "1234", "name": "Leads app", "subscribed_fields": ["leadgen", "messages", "feed"]}]})),
            ),
            (
                "/v25.0/777/subscribed_apps",
                ResponseTemplate::new(200).set_body_json(json!({"data": [{"whatsapp_business_api_data": {"id": "1234", "name": "Leads app"}}]})),
            ),
        ];
        rt.block_on(async {
            if failing == "/callback" {
                Mock::given(method("GET"))
                    .and(path("/callback"))
                    .respond_with(fail())
                    .mount(&server)
                    .await;
            } else {
                Mock::given(method("GET"))
                    .and(path("/callback"))
                    .respond_with(EchoChallenge)
                    .mount(&server)
                    .await;
            }
            for (p, ok) in ok_reads {
                let answer = if p == failing { fail() } else { ok };
                Mock::given(method("GET"))
                    .and(path(p))
                    .respond_with(answer)
                    .mount(&server)
                    .await;
            }
            // Any write would be accepted: the assertion is that none is sent.
            Mock::given(method("POST"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
                .mount(&server)
                .await;
        });
        let h = Home::new();
        let mut c = h.cmd();
        c.env("INTOPS_META_URL", server.uri())
            .env("WHATSAPP_APP_ID", "1234")
            .env("WHATSAPP_APP_TOKEN", "1234|wiremockappsecret")
            .env("META_WEBHOOK_URL", &cb)
            .env("META_VERIFY_TOKEN", "wiremock-verify")
            .env("META_PAGE_ID", "555")
            .env("META_PAGE_ACCESS_TOKEN", "EAAwiremockPageToken")
            .env("WHATSAPP_ACCESS_TOKEN", "EAAwiremockUserToken")
            .env("WHATSAPP_BUSINESS_ACCOUNT_ID", "777")
            .env("WHATSAPP_WEBHOOK_URL", &cb)
            .env("WEBHOOK_VERIFY_TOKEN", "wiremock-verify");
        let r = run(
            c,
            &[
                "-o",
                "json",
                "--yes",
                "webhook",
                "reregister",
                "--target",
                target,
            ],
        );
        let what = format!("{target} with {failing} failing");
        assert_eq!(r.code, 2, "{what}: {}", r.all());
        let stop = r.step("reregister");
        assert!(
            stop["summary"]
                .as_str()
                .unwrap()
                .contains("nothing was changed"),
            "{what}: {stop}"
        );
        let reqs = rt.block_on(server.received_requests()).unwrap();
        let writes: Vec<String> = reqs
            .iter()
            .filter(|q| q.method.as_str() != "GET")
            .map(|q| format!("{} {}", q.method, q.url.path()))
            .collect();
        assert!(writes.is_empty(), "{what}: wrote {writes:?}");
        assert!(
            reqs.iter().any(|q| q.url.path() == failing),
            "{what}: the failing read was made"
        );
    }
}
