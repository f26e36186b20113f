//! `intops calendly subscriptions …` against the sandbox (state across calls) and wiremock (409).

use crate::common::*;
use intops::sandbox::calendly::SANDBOX_CALENDLY_TOKEN;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

fn methods(sb: &intops::sandbox::Background, m: &str) -> Vec<intops::sandbox::Recorded> {
    sb.state
        .recorded()
        .into_iter()
        .filter(|r| r.method == m && r.path.starts_with("/calendly"))
        .collect()
}

#[test]
fn list_healthy_is_ok() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "calendly", "subscriptions", "list"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("subscriptions");
    assert!(s["summary"]
        .as_str()
        .unwrap()
        .contains("CALENDLY_WEBHOOK_URL"));
    assert_eq!(r.step("hook SBHOOK0001")["status"], "ok");
    assert_no_secret(&r, SANDBOX_CALENDLY_TOKEN);
}

#[test]
fn disabled_hook_is_crit_with_the_recreate_command() {
    let h = Home::new();
    let sb = sandbox("calendly-disabled");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "calendly", "subscriptions", "list"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("hook SBHOOK0001");
    assert_eq!(s["status"], "crit");
    assert!(s["summary"]
        .as_str()
        .unwrap()
        .contains("deliveries failed for 24 h"));
    assert!(s["hint"]
        .as_str()
        .unwrap()
        .contains("intops calendly subscriptions ensure --url"));
    assert!(!s["data"]["retry_started_at"].is_null());
    assert_eq!(r.step("subscriptions")["status"], "crit");
}

#[test]
fn a_disabled_hook_on_page_3_is_found() {
    let h = Home::new();
    let sb = sandbox("calendly-paginated");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "calendly", "subscriptions", "list"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("hook SBHOOKA5")["status"], "crit");
    assert_eq!(r.step("hook SBHOOKA1")["status"], "ok");
    assert_eq!(r.step("subscriptions")["data"]["count"], 5);
    let org_pages: Vec<_> = methods(&sb, "GET")
        .into_iter()
        .filter(|q| {
            q.path == "/calendly/webhook_subscriptions" && q.query.contains("scope=organization")
        })
        .collect();
    assert_eq!(org_pages.len(), 3);
    assert!(org_pages[2].query.contains("page_token=sbpage-4"));
}

#[test]
fn ensure_is_idempotent_and_recreates_a_disabled_hook() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "calendly", "subscriptions", "ensure", "--yes"],
    );
    assert_eq!(r.code, 0, "{}", r.all()); // the sandbox's callback is https
    assert!(r.step("ensure")["summary"]
        .as_str()
        .unwrap()
        .starts_with("already active"));
    assert!(methods(&sb, "POST").is_empty());

    let sb = sandbox("calendly-disabled");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "calendly", "subscriptions", "ensure", "--yes"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("delete disabled")["status"], "ok");
    assert!(r.step("ensure")["summary"]
        .as_str()
        .unwrap()
        .starts_with("created"));
    let post = &methods(&sb, "POST")[0];
    assert!(post.body.contains("\"signing_key\""), "{}", post.body);
    assert_no_secret(&r, "sandbox-calendly-signing-key");
    // The delete came before the create, and exactly once.
    let del = methods(&sb, "DELETE");
    assert_eq!(del.len(), 1);
    assert!(del[0].at_ms <= post.at_ms);
    let r = run(
        against(&h, &sb),
        &["-o", "json", "calendly", "subscriptions", "list"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let r = run(
        against(&h, &sb),
        &["-o", "json", "calendly", "subscriptions", "ensure", "--yes"],
    );
    assert!(r.step("ensure")["summary"]
        .as_str()
        .unwrap()
        .starts_with("already active"));
    assert_eq!(methods(&sb, "POST").len(), 1);
}

#[test]
fn ensure_new_url_dry_run_and_confirmation() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let args = [
        "-o",
        "json",
        "calendly",
        "subscriptions",
        "ensure",
        "--url",
        "https://hooks.example.com/calendly",
        "--events",
        "invitee.created,invitee.canceled",
        "--scope",
        "user",
    ];
    let mut dry = vec!["--dry-run"];
    dry.extend(args);
    let r = run(against(&h, &sb), &dry);
    assert_eq!(r.step("ensure")["status"], "skipped");
    assert!(r.step("ensure")["summary"]
        .as_str()
        .unwrap()
        .contains("would send POST"));
    let r = run(against(&h, &sb), &args);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(methods(&sb, "POST").is_empty());
    let mut yes = args.to_vec();
    yes.push("--yes");
    let r = run(against(&h, &sb), &yes);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(methods(&sb, "POST").len(), 1);
    assert!(methods(&sb, "POST")[0].body.contains("\"scope\":\"user\""));
}

#[test]
fn ensure_rejects_bad_events_and_urls() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "calendly",
            "subscriptions",
            "ensure",
            "--events",
            "Invitee Created",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("not a Calendly event name"));
    let r = run(
        against(&h, &sb),
        &["calendly", "subscriptions", "ensure", "--url", "not a url"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(sb.state.recorded().is_empty());
}

#[test]
fn ensure_treats_409_as_exists() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let s = strict_server().await;
        Mock::given(method("GET"))
            .and(path("/users/me"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
                {"resource": {"uri": "https://api.calendly.com/users/U1", "current_organization": "https://api.calendly.com/organizations/O1"}}
            )))
            .expect(1..)
            .mount(&s)
            .await;
        Mock::given(method("GET"))
            .and(path("/webhook_subscriptions"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
                {"collection": [], "pagination": {"next_page_token": null}}
            )))
            .expect(1..)
            .mount(&s)
            .await;
        Mock::given(method("POST"))
            .and(path("/webhook_subscriptions"))
            .respond_with(ResponseTemplate::new(409).set_body_string(
                std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/calendly/error-409-exists.json")).unwrap(),
            ))
            .expect(1)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let r = run(
        cmd_with(
            &h,
            &[
                ("INTOPS_CALENDLY_URL", server.uri().as_str()),
                ("CALENDLY_TOKEN", "wiremock-calendly-token"),
            ],
        ),
        &[
            "-o",
            "json",
            "calendly",
            "subscriptions",
            "ensure",
            "--url",
            "https://hooks.example.com/c",
            "--yes",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("ensure")["summary"]
        .as_str()
        .unwrap()
        .contains("already exists (Calendly answered 409"));
    rt.block_on(server.verify());
}

#[test]
fn rate_limit_with_retry_after_is_reported_after_the_retries() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let s = strict_server().await;
        Mock::given(method("GET"))
            .and(path("/users/me"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "1")
                    .set_body_json(serde_json::json!({"title": "Too Many Requests", "message": "Rate limit exceeded"})),
            )
            .expect(2..)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let r = run(
        cmd_with(
            &h,
            &[
                ("INTOPS_CALENDLY_URL", server.uri().as_str()),
                ("CALENDLY_TOKEN", "wiremock-calendly-token"),
            ],
        ),
        &[
            "--timeout",
            "2",
            "-o",
            "json",
            "calendly",
            "subscriptions",
            "list",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("user");
    assert_eq!(s["data"]["cause"], "rate limited");
    assert_eq!(s["data"]["retry_after_secs"], 1);
    assert!(s["hint"]
        .as_str()
        .unwrap()
        .contains("500 requests per user per minute"));
    let calls = rt.block_on(server.received_requests()).unwrap().len();
    assert!(calls >= 2, "retried after Retry-After: {calls} calls");
}

#[test]
fn delete_confirms_dry_runs_and_reports_not_found() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let uri = "https://api.calendly.com/webhook_subscriptions/SBHOOK0001";
    let r = run(
        against(&h, &sb),
        &["calendly", "subscriptions", "delete", uri],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let r = run(
        against(&h, &sb),
        &[
            "--dry-run",
            "-o",
            "json",
            "calendly",
            "subscriptions",
            "delete",
            uri,
        ],
    );
    assert_eq!(r.step("delete")["status"], "skipped");
    assert!(methods(&sb, "DELETE").is_empty());
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "calendly",
            "subscriptions",
            "delete",
            uri,
            "--yes",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        methods(&sb, "DELETE")[0].path,
        "/calendly/webhook_subscriptions/SBHOOK0001"
    );
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "calendly",
            "subscriptions",
            "delete",
            "SBHOOK0001",
            "--yes",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("delete")["data"]["cause"], "not found");
}

#[test]
fn bad_token_missing_token_and_outages() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("CALENDLY_TOKEN", "revoked-calendly-token");
    let r = run(c, &["-o", "json", "calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("user");
    assert!(s["summary"]
        .as_str()
        .unwrap()
        .contains("The access token is invalid"));
    assert!(s["hint"]
        .as_str()
        .unwrap()
        .contains("intops auth set CALENDLY_TOKEN"));
    assert_no_secret(&r, "revoked-calendly-token");

    let mut c = against(&h, &sb);
    c.env_remove("CALENDLY_TOKEN");
    let r = run(c, &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("CALENDLY_TOKEN"));

    let sb = sandbox("html-502");
    let r = run(against(&h, &sb), &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("502"), "{}", r.stdout);

    let sb = sandbox("truncated-json");
    let r = run(against(&h, &sb), &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 3, "{}", r.all());

    let mut c = h.cmd();
    c.env(
        "INTOPS_CALENDLY_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    )
    .env("CALENDLY_TOKEN", "x-calendly-token");
    let r = run(c, &["--timeout", "1", "calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("connection refused"), "{}", r.stdout);
}

#[test]
fn api_escape_hatch_speaks_calendly() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["api", "calendly", "GET", "/users/me"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("SANDBOXORG"));
}

fn cmd_with(h: &Home, vars: &[(&str, &str)]) -> assert_cmd::Command {
    let mut c = h.cmd();
    for (k, v) in vars {
        c.env(k, v);
    }
    c
}
