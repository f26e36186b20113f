//! ElevenLabs: answers without what `elevenlabs check|calls` judge, conversation paging
//! (`has_more` / `next_cursor`, `page_size` up to 100), implausible times, a key without
//! `user_read`, and 5xx bodies.

use super::{cmd, Fake};
use crate::common::{run, Home, Run};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

const KEY: &str = "sk_wiremock_elevenlabs_key";
const AGENT: &str = "agent_wm";

fn el(h: &Home, f: &Fake, args: &[&str]) -> Run {
    let c = cmd(
        h,
        &[
            ("ELEVENLABS_API_KEY", KEY),
            ("ELEVENLABS_AGENT_ID", AGENT),
            ("ELEVENLABS_PHONE_NUMBER_ID", "phnum_wm"),
            ("INTOPS_ELEVENLABS_URL", &f.uri()),
        ],
    );
    let mut all = vec!["-o", "json", "--timeout", "5"];
    all.extend_from_slice(args);
    run(c, &all)
}

fn json_at(f: &Fake, p: &str, status: u16, body: Value) {
    f.mount(
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(ResponseTemplate::new(status).set_body_json(body)),
    );
}

fn raw_at(f: &Fake, p: &str, status: u16, ct: &str, body: &[u8]) {
    f.mount(
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_vec(), ct)),
    );
}

/// A healthy account: subscription, agent with voicemail detection, an assigned number.
fn healthy(f: &Fake) {
    json_at(
        f,
        "/v1/user/subscription",
        200,
        json!({"tier":"creator","character_count":100,"character_limit":100000,"status":"active"}),
    );
    json_at(
        f,
        &format!("/v1/convai/agents/{AGENT}"),
        200,
        json!({"agent_id": AGENT, "name": "Qualifier", "conversation_config": {"agent": {"prompt": {"built_in_tools": {"voicemail_detection": {"name": "voicemail_detection", "params": {"system_tool_type": "voicemail_detection"}}}}}}}),
    );
    json_at(
        f,
        "/v1/convai/phone-numbers",
        200,
        json!([{"phone_number": "+15550100", "phone_number_id": "phnum_wm", "supports_outbound": true, "provider": "twilio", "assigned_agent": {"agent_id": AGENT, "agent_name": "Qualifier"}}]),
    );
}

#[test]
fn the_healthy_fake_is_ok() {
    let f = Fake::start();
    healthy(&f);
    let r = el(&Home::new(), &f, &["elevenlabs", "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

/// `{}`, nulls, wrong types, an array for an object, non-JSON, invalid UTF-8, truncated JSON:
/// each is unknown (exit 3), in one line naming ElevenLabs and what was missing.
#[test]
fn a_2xx_without_what_the_check_needs_is_unknown_for_every_step() {
    let bodies: &[(&[u8], &str)] = &[
        (b"{}", "missing field"),
        (
            br#"{"character_count":null,"character_limit":null,"status":null}"#,
            "null",
        ),
        (
            br#"{"character_count":"lots","character_limit":10,"status":"active"}"#,
            "not a number",
        ),
        (b"[]", "expected"),
        (b"OK", "not JSON"),
        (
            b"{\"character_count\":1,\"character_limit\":10,\"status\":\"act\xff\"}",
            "not UTF-8",
        ),
        (br#"{"character_count":1,"charac"#, "truncated JSON"),
    ];
    for (body, why) in bodies {
        let f = Fake::start();
        raw_at(&f, "/v1/user/subscription", 200, "application/json", body);
        raw_at(
            &f,
            &format!("/v1/convai/agents/{AGENT}"),
            200,
            "application/json",
            body,
        );
        raw_at(
            &f,
            "/v1/convai/phone-numbers",
            200,
            "application/json",
            body,
        );
        let r = el(&Home::new(), &f, &["elevenlabs", "check"]);
        // `[]` is a readable, empty phone list: the configured number is missing, crit.
        let code = if *body == b"[]" { 2 } else { 3 };
        assert_eq!(
            r.code,
            code,
            "{}: {}",
            String::from_utf8_lossy(body),
            r.all()
        );
        // An empty array is a readable (empty) phone number list.
        let steps: &[&str] = if *body == b"[]" {
            &["credits", "agent"]
        } else {
            &["credits", "agent", "phone number"]
        };
        for step in steps {
            let s = r.step(step);
            assert_eq!(
                s["status"],
                "unknown",
                "{step} on {:?}: {s}",
                String::from_utf8_lossy(body)
            );
            let line = s["summary"].as_str().unwrap();
            assert!(line.contains("elevenlabs answered HTTP 200"), "{line}");
            assert!(!line.contains('\n'));
        }
        let line = r.step("credits")["summary"].as_str().unwrap().to_string();
        assert!(line.contains(why), "{line} should say {why}");
    }
}

#[test]
fn calls_on_an_empty_object_is_unknown_not_zero_calls() {
    let f = Fake::start();
    json_at(&f, "/v1/convai/conversations", 200, json!({}));
    let r = el(&Home::new(), &f, &["elevenlabs", "calls"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("calls");
    assert_eq!(s["status"], "unknown");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains("missing field `conversations`"),
        "{s}"
    );
}

/// Conversations newest first, honouring `page_size` (at most 100), `cursor` and
/// `call_start_after_unix` as the API reference documents.
struct Conversations {
    total: usize,
    failed_at: usize,
    /// Hand back this cursor on every page (a looping server).
    stuck_cursor: Option<&'static str>,
}

fn conv(i: usize, failed: bool, now: i64) -> Value {
    json!({"agent_id": AGENT, "conversation_id": format!("conv_{i:03}"),
           "start_time_unix_secs": now - (i as i64) * 600, "call_duration_secs": 40,
           "message_count": 4, "status": if failed { "failed" } else { "done" },
           "call_successful": if failed { "unknown" } else { "success" },
           "call_summary_title": "", "direction": "outbound"})
}

impl Respond for Conversations {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let q: std::collections::HashMap<String, String> =
            req.url.query_pairs().into_owned().collect();
        let size: usize = q
            .get("page_size")
            .and_then(|v| v.parse().ok())
            .unwrap_or(30);
        if size > 100 {
            return ResponseTemplate::new(422).set_body_json(json!({"detail": [{"loc": ["query", "page_size"], "msg": "ensure this value is less than or equal to 100", "type": "value_error"}]}));
        }
        let offset: usize = q.get("cursor").and_then(|v| v.parse().ok()).unwrap_or(0);
        let now = chrono::Utc::now().timestamp();
        let page: Vec<Value> = (offset..self.total.min(offset + size))
            .map(|i| conv(i + 1, i + 1 == self.failed_at, now))
            .collect();
        let more = offset + size < self.total;
        let next = match (more, self.stuck_cursor) {
            (false, _) => Value::Null,
            (true, Some(c)) => Value::from(c),
            (true, None) => Value::from((offset + size).to_string()),
        };
        ResponseTemplate::new(200)
            .set_body_json(json!({"conversations": page, "has_more": more, "next_cursor": next}))
    }
}

fn conversations(f: &Fake, c: Conversations) {
    f.mount(
        Mock::given(method("GET"))
            .and(path("/v1/convai/conversations"))
            .respond_with(c),
    );
    f.mount(
        Mock::given(method("GET"))
            .and(wiremock::matchers::path_regex("^/v1/convai/conversations/conv_"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "agent_id": AGENT, "conversation_id": "conv_x", "status": "failed", "transcript": [],
                "metadata": {"start_time_unix_secs": 1764547200, "call_duration_secs": 3,
                             "termination_reason": "", "error": {"code": 1002, "reason": "callee unreachable"}},
                "analysis": null}))),
    );
}

#[test]
fn failed_finds_the_45th_of_60_calls() {
    let f = Fake::start();
    conversations(
        &f,
        Conversations {
            total: 60,
            failed_at: 45,
            stuck_cursor: None,
        },
    );
    let r = el(
        &Home::new(),
        &f,
        &["elevenlabs", "calls", "--since", "7d", "--failed"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let head = r.step("calls");
    assert_eq!(head["status"], "ok", "{head}");
    assert!(
        head["summary"]
            .as_str()
            .unwrap()
            .starts_with("60 conversations in the last 7 days for agent agent_wm: 1 failed"),
        "{head}"
    );
    assert_eq!(r.step("call conv_045")["status"], "warn");
    // Server-side window, the largest pages.
    let qs = f.queries("/v1/convai/conversations");
    assert!(qs[0].contains("page_size=100"), "{qs:?}");
    assert!(qs[0].contains("call_start_after_unix="), "{qs:?}");
}

#[test]
fn a_limit_short_of_the_window_never_claims_the_window() {
    let f = Fake::start();
    conversations(
        &f,
        Conversations {
            total: 60,
            failed_at: 45,
            stuck_cursor: None,
        },
    );
    let r = el(&Home::new(), &f, &["elevenlabs", "calls", "--since", "7d"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let head = r.step("calls");
    assert_eq!(head["status"], "unknown");
    let s = head["summary"].as_str().unwrap();
    assert!(s.starts_with("20 of at least 21 conversations in the last 7 days for agent agent_wm read; raise --limit"), "{s}");
    assert!(!s.starts_with("20 conversations in the last"), "{s}");
    assert_eq!(head["data"]["complete"], false);
}

#[test]
fn a_repeated_cursor_stops_and_says_so() {
    let f = Fake::start();
    conversations(
        &f,
        Conversations {
            total: 1000,
            failed_at: 0,
            stuck_cursor: Some("same"),
        },
    );
    let r = el(
        &Home::new(),
        &f,
        &["elevenlabs", "calls", "--since", "7d", "--failed"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("calls");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains("elevenlabs repeated a paging cursor on page 2"),
        "{s}"
    );
    // It stopped: two pages, not a thousand.
    assert_eq!(f.queries("/v1/convai/conversations").len(), 2);
}

#[test]
fn an_endless_list_stops_at_the_page_cap() {
    let f = Fake::start();
    conversations(
        &f,
        Conversations {
            total: 100_000,
            failed_at: 0,
            stuck_cursor: None,
        },
    );
    let r = el(
        &Home::new(),
        &f,
        &["elevenlabs", "calls", "--since", "7d", "--failed"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("calls")["summary"].as_str().unwrap().to_string();
    assert!(s.contains("stopped at the page cap (50 pages)"), "{s}");
    assert!(s.starts_with("5000 of at least 5001"), "{s}");
    assert_eq!(f.queries("/v1/convai/conversations").len(), 50);
}

#[test]
fn detail_fetches_are_bounded() {
    let f = Fake::start();
    // Every call failed: 60 rows asked for, details for at most 25.
    struct AllFailed;
    impl Respond for AllFailed {
        fn respond(&self, _: &Request) -> ResponseTemplate {
            let now = chrono::Utc::now().timestamp();
            let page: Vec<Value> = (1..=60).map(|i| conv(i, true, now)).collect();
            ResponseTemplate::new(200).set_body_json(
                json!({"conversations": page, "has_more": false, "next_cursor": null}),
            )
        }
    }
    f.mount(
        Mock::given(method("GET"))
            .and(path("/v1/convai/conversations"))
            .respond_with(AllFailed),
    );
    conversations(
        &f,
        Conversations {
            total: 0,
            failed_at: 0,
            stuck_cursor: None,
        },
    );
    let r = el(
        &Home::new(),
        &f,
        &["elevenlabs", "calls", "--failed", "--limit", "60"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let details =
        f.rt.block_on(f.server.received_requests())
            .unwrap()
            .iter()
            .filter(|q| q.url.path().starts_with("/v1/convai/conversations/"))
            .count();
    assert_eq!(details, 25);
    assert!(r.step("calls")["summary"]
        .as_str()
        .unwrap()
        .contains("details read for the first 25"));
}

#[test]
fn a_call_in_the_year_292277026596_is_unknown() {
    let f = Fake::start();
    json_at(
        &f,
        "/v1/convai/conversations",
        200,
        json!({"conversations": [{"agent_id": AGENT, "conversation_id": "conv_far", "start_time_unix_secs": 9223372036854775i64,
               "call_duration_secs": 10, "message_count": 1, "status": "done", "call_successful": "success"}],
               "has_more": false, "next_cursor": null}),
    );
    let r = el(&Home::new(), &f, &["elevenlabs", "calls"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("calls")["summary"].as_str().unwrap().to_string();
    assert!(
        s.contains("conv_far.start_time_unix_secs = 9223372036854775, after the year 2100"),
        "{s}"
    );
}

#[test]
fn negative_credits_are_unknown() {
    let f = Fake::start();
    healthy(&f);
    let f2 = Fake::start();
    json_at(
        &f2,
        "/v1/user/subscription",
        200,
        json!({"character_count": -5, "character_limit": 100, "status": "active"}),
    );
    let r = el(&Home::new(), &f2, &["elevenlabs", "check"]);
    assert_eq!(r.step("credits")["status"], "unknown", "{}", r.all());
    assert!(r.step("credits")["summary"]
        .as_str()
        .unwrap()
        .contains("character_count = -5, a negative count"));
}

#[test]
fn a_key_without_user_read_makes_credits_unknown_not_crit() {
    let f = Fake::start();
    healthy(&f);
    let f2 = Fake::start();
    // What ElevenLabs answers for a key restricted to other permissions.
    json_at(
        &f2,
        "/v1/user/subscription",
        401,
        json!({"detail": {"status": "missing_permissions", "message": "The API key you used is missing the permission user_read to execute this operation."}}),
    );
    for p in [
        format!("/v1/convai/agents/{AGENT}"),
        "/v1/convai/phone-numbers".to_string(),
    ] {
        f2.mount(
            Mock::given(method("GET"))
                .and(path(p.as_str()))
                .respond_with(
                    wiremock::ResponseTemplate::new(302)
                        .insert_header("location", format!("{}{p}", f.uri())),
                ),
        );
    }
    let r = el(&Home::new(), &f2, &["elevenlabs", "check"]);
    let c = r.step("credits");
    assert_eq!(c["status"], "unknown", "{c}");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .contains("lacks the user_read permission"),
        "{c}"
    );
    assert_ne!(r.code, 2, "{}", r.all());
}

#[test]
fn a_5xx_is_crit_whether_its_body_is_html_or_plain_text() {
    for (ct, body) in [
        (
            "text/html",
            "<html><head><title>502 Bad Gateway</title></head></html>",
        ),
        (
            "text/plain",
            "upstream connect error or disconnect/reset before headers",
        ),
        ("application/json", ""),
    ] {
        let f = Fake::start();
        raw_at(&f, "/v1/user/subscription", 502, ct, body.as_bytes());
        let r = el(&Home::new(), &f, &["elevenlabs", "check"]);
        assert_eq!(r.code, 2, "{ct}: {}", r.all());
        let c = r.step("credits");
        assert_eq!(c["status"], "crit", "{ct}: {c}");
        assert_eq!(c["data"]["cause"], "vendor error", "{ct}: {c}");
    }
}
