//! Hints never loop: the next step a failure names is never "do what just failed again".

use crate::common::{against, run, sandbox, Home};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn zoho_invalid_token_right_after_a_refresh_does_not_suggest_another_refresh() {
    let h = Home::new();
    // Every CRM call answers INVALID_TOKEN, even with the token just minted.
    let sb = sandbox("zoho-token-invalid");
    let r = run(against(&h, &sb), &["-o", "json", "zoho", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let hint = r.step("crm user")["hint"].as_str().unwrap().to_string();
    assert!(!hint.contains("refresh-token"), "{hint}");
    assert!(hint.contains("ZOHO_DC"), "{hint}");
    // One refresh, not a loop of them (Zoho allows 10 per 10 minutes).
    let refreshes = sb
        .state
        .recorded()
        .iter()
        .filter(|q| q.path.contains("/oauth/v2/token"))
        .count();
    assert_eq!(refreshes, 1);
}

#[test]
fn a_failing_calendly_list_does_not_suggest_listing_again() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/users/me"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
                {"resource": {"uri": "https://api.calendly.com/users/U1", "current_organization": "https://api.calendly.com/organizations/O1"}}
            )))
            .mount(&s)
            .await;
        // Calendly's documented 404 body.
        Mock::given(method("GET"))
            .and(path("/webhook_subscriptions"))
            .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!(
                {"title": "Resource Not Found", "message": "The server could not find the requested resource."}
            )))
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_CALENDLY_URL", server.uri())
        .env("CALENDLY_TOKEN", "wiremock-calendly-token");
    let r = run(c, &["-o", "json", "calendly", "subscriptions", "list"]);
    assert_ne!(r.code, 0, "{}", r.all());
    let steps = r.json()["steps"].as_array().unwrap().clone();
    assert!(!steps.is_empty(), "{}", r.stdout);
    for s in steps {
        let hint = s["hint"].as_str().unwrap_or_default();
        assert!(!hint.contains("calendly subscriptions list"), "{s}");
    }
}

/// A usage error's hint is the help of the command typed, not the generic `intops --help`.
#[test]
fn usage_errors_point_at_the_commands_own_help() {
    let h = Home::new();
    // Our own check (after parsing), on stderr.
    let r = run(h.cmd(), &["--yes", "queue", "drain", "--concurrency", "0"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr
            .contains("hint: `intops queue drain --help` shows its flags and examples"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("see `intops --help`"), "{}", r.stderr);
    // clap's (a value out of range), as JSON.
    let r = run(h.cmd(), &["-o", "json", "queue", "drain", "--rate=-1"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let v = r.json();
    assert_eq!(v["command"], "queue drain", "{v}");
    assert_eq!(
        v["hint"], "`intops queue drain --help` shows its flags and examples",
        "{v}"
    );
}
