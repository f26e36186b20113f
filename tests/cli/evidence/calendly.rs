//! Calendly: `next_page_token` paging to the end, a repeated token, an answer without
//! `collection`, and 5xx bodies.

use super::{cmd, Fake};
use crate::common::{run, Home, Run};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

fn calendly(h: &Home, f: &Fake, args: &[&str]) -> Run {
    let uri = f.uri();
    let c = cmd(
        h,
        &[
            ("INTOPS_CALENDLY_URL", uri.as_str()),
            ("CALENDLY_TOKEN", "wm-calendly-token"),
        ],
    );
    let mut all = vec!["-o", "json", "--timeout", "5"];
    all.extend_from_slice(args);
    run(c, &all)
}

fn me(f: &Fake) {
    f.mount(
        Mock::given(method("GET"))
            .and(path("/users/me"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"resource": {
                "uri": "https://api.calendly.com/users/U1",
                "current_organization": "https://api.calendly.com/organizations/O1"}})),
            ),
    );
}

fn hook(i: usize) -> serde_json::Value {
    json!({"uri": format!("https://api.calendly.com/webhook_subscriptions/H{i}"),
           "callback_url": format!("https://hooks.example.com/{i}"), "state": "active",
           "events": ["invitee.created"], "scope": "organization",
           "organization": "https://api.calendly.com/organizations/O1"})
}

/// Always one more page, with the same token.
struct SameToken;
impl Respond for SameToken {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(json!({"collection": [hook(1)],
            "pagination": {"count": 1, "next_page": "https://api.calendly.com/webhook_subscriptions?page_token=AAA", "next_page_token": "AAA"}}))
    }
}

#[test]
fn a_repeated_page_token_is_unknown_not_a_complete_list() {
    let f = Fake::start();
    me(&f);
    f.mount(
        Mock::given(method("GET"))
            .and(path("/webhook_subscriptions"))
            .respond_with(SameToken),
    );
    let r = calendly(&Home::new(), &f, &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stdout
            .contains("calendly repeated a paging cursor on page 2"),
        "{}",
        r.stdout
    );
    // Two pages per scope read (organization, then user), not two hundred.
    assert!(f.queries("/webhook_subscriptions").len() <= 4);
}

#[test]
fn an_answer_without_collection_is_unknown() {
    let f = Fake::start();
    me(&f);
    f.mount(
        Mock::given(method("GET"))
            .and(path("/webhook_subscriptions"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({}))),
    );
    let r = calendly(&Home::new(), &f, &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stdout.contains("missing field `collection`"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_subscription_without_state_is_unknown() {
    let f = Fake::start();
    me(&f);
    f.mount(
        Mock::given(method("GET")).and(path("/webhook_subscriptions")).respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"collection": [{"uri": "https://api.calendly.com/webhook_subscriptions/H1", "callback_url": "https://hooks.example.com/1"}], "pagination": {"next_page_token": null}})),
        ),
    );
    let r = calendly(&Home::new(), &f, &["calendly", "subscriptions", "list"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stdout.contains("missing field `state`"), "{}", r.stdout);
}

#[test]
fn a_5xx_is_crit_whether_html_or_plain_text() {
    for ct in ["text/html", "text/plain"] {
        let f = Fake::start();
        f.mount(
            Mock::given(method("GET"))
                .and(path("/users/me"))
                .respond_with(
                    ResponseTemplate::new(503).set_body_raw(b"Service Unavailable".to_vec(), ct),
                ),
        );
        let r = calendly(&Home::new(), &f, &["calendly", "subscriptions", "list"]);
        assert_eq!(r.code, 2, "{ct}: {}", r.all());
    }
}
