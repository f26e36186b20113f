//! wiremock servers that fail the test on a request no mock matches (wiremock itself answers such
//! a request 404 and says nothing). Mocks mounted with `.expect(n)` are verified when the server
//! drops, so a mock the test relied on but never used fails it too.

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A started MockServer with a lowest-priority catch-all that must never be hit.
pub async fn strict_server() -> MockServer {
    let s = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_string("no mock matches this request"))
        .with_priority(u8::MAX)
        .expect(0)
        .named("catch-all: a request no mock matches")
        .mount(&s)
        .await;
    s
}
