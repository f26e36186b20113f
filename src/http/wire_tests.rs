//! The retry and dry-run rules, against a real socket with exact expectations.
use super::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(dry_run: bool) -> HttpClient {
    HttpClient::new(HttpOptions {
        timeout: Duration::from_secs(2),
        budget: Duration::from_secs(10),
        dry_run,
        ..HttpOptions::default()
    })
}

fn url(s: &MockServer, p: &str) -> Url {
    Url::parse(&format!("{}{p}", s.uri())).unwrap()
}

#[tokio::test]
async fn get_retries_5xx_then_succeeds() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&s)
        .await;
    let r = client(false)
        .send(Req::get("t", url(&s, "/x")))
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.attempts, 2);
}

#[tokio::test]
async fn retry_after_is_honoured_on_429() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&s)
        .await;
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = lines.clone();
    let mut c = client(false).with_sink(Arc::new(move |l: &str| {
        sink.lock().unwrap().push(l.to_string())
    }));
    c.opts.verbose = 1;
    let r = c.send(Req::get("t", url(&s, "/"))).await.unwrap();
    assert_eq!((r.status, r.attempts), (200, 2));
    // The wait came from Retry-After (1 s), not from the jittered backoff.
    let trace = lines.lock().unwrap().join("\n");
    assert!(trace.contains("* HTTP 429; retry 1 in 1000 ms"), "{trace}");
}

#[tokio::test]
async fn retry_after_beyond_the_budget_returns_the_429() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&s)
        .await;
    let r = client(false)
        .send(Req::get("t", url(&s, "/")))
        .await
        .unwrap();
    assert_eq!(r.status, 429);
    assert_eq!(retry_after(&r.headers), Some(Duration::from_secs(3600)));
}

#[tokio::test]
async fn post_is_not_retried_on_5xx() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&s)
        .await;
    let r = client(false)
        .send(Req::post("t", url(&s, "/send")).json(serde_json::json!({})))
        .await
        .unwrap();
    assert_eq!((r.status, r.attempts), (500, 1));
}

#[tokio::test]
async fn dry_run_sends_no_post_but_allows_get() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&s)
        .await;
    let c = client(true);
    let e = c.send(Req::post("t", url(&s, "/send"))).await.unwrap_err();
    assert!(e.is_dry_run());
    assert!(e.message.starts_with("would send POST"));
    assert!(c.send(Req::get("t", url(&s, "/read"))).await.is_ok());
}

#[tokio::test]
async fn html_502_is_upstream_with_the_page_title() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><head><title>502 Bad Gateway</title></head></html>"),
        )
        .mount(&s)
        .await;
    let r = client(false)
        .send(Req::get("t", url(&s, "/")))
        .await
        .unwrap();
    let e = r.json::<serde_json::Value>().unwrap_err();
    assert_eq!(e.cause, Cause::Upstream);
    assert!(e.message.contains("\"502 Bad Gateway\""), "{}", e.message);
}
