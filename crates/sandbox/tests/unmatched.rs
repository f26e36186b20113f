//! A request no route answers is recorded and fails the test that sent it.

use intops_sandbox::{start_background, Background, Unmatched};
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

/// One HTTP/1.1 request on a fresh connection; the status code and body.
fn send(sb: &Background, method: &str, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(sb.addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nhost: {}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        sb.addr
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
    (status, body.to_string())
}

fn panic_text(e: Box<dyn std::any::Any + Send>) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn an_unknown_path_is_recorded_answered_404_and_fails_the_test_on_drop() {
    let sb = start_background("healthy", Duration::ZERO);
    let (status, body) = send(&sb, "GET", "/meta/v25.0/no/such/edge?x=1");
    assert_eq!(status, 404);
    assert!(
        body.contains("no route for GET /meta/v25.0/no/such/edge"),
        "{body}"
    );
    assert_eq!(
        sb.unmatched(),
        vec![Unmatched {
            method: "GET".into(),
            path: "/meta/v25.0/no/such/edge".into(),
            vendor: "meta".into()
        }]
    );
    let (_, listed) = send(&sb, "GET", "/_sandbox/unmatched");
    assert!(listed.contains("\"vendor\":\"meta\""), "{listed}");
    let err = catch_unwind(AssertUnwindSafe(move || drop(sb))).expect_err("drop must panic");
    let text = panic_text(err);
    assert!(
        text.contains("1 request(s) that no route matches")
            && text.contains("GET /meta/v25.0/no/such/edge (vendor meta)"),
        "{text}"
    );
}

#[test]
fn a_known_path_with_the_wrong_method_is_unmatched_too() {
    let sb = start_background("healthy", Duration::ZERO);
    sb.expect_unmatched();
    let (status, _) = send(&sb, "DELETE", "/app/admin/messages/process-queue");
    assert_eq!(status, 404);
    assert_eq!(sb.unmatched()[0].method, "DELETE");
    assert_eq!(sb.unmatched()[0].vendor, "app");
}

#[test]
fn a_test_that_expects_an_unmatched_request_is_not_failed() {
    let sb = start_background("healthy", Duration::ZERO);
    sb.expect_unmatched();
    send(&sb, "POST", "/nowhere");
    assert_eq!(sb.unmatched().len(), 1);
    drop(sb);
}

#[test]
fn matched_requests_and_the_control_endpoints_leave_nothing_unmatched() {
    let sb = start_background("slack-revoked", Duration::ZERO);
    let (status, _) = send(&sb, "GET", "/status/vercel/api/v2/summary.json");
    assert_eq!(status, 200);
    send(&sb, "GET", "/_sandbox/requests");
    // A route that answers 404 on purpose (the vendor's own "not found") is matched.
    let (status, body) = send(&sb, "POST", "/slack/services/T0/B0/X0");
    assert_eq!((status, body.as_str()), (404, "no_service"));
    assert!(sb.unmatched().is_empty(), "{:?}", sb.unmatched());
}
