//! RETS: the reach step names the scheme intops answers, a search without COUNT claims no match
//! count, 20037 on a later transaction logs in again once, "logged in as" falls back to `User=`,
//! and TREB-style 20036 "Missing or Invalid RETS Version" leads with the version fix.

use super::{cmd, Fake};
use crate::common::{run, Home, Run};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wiremock::matchers::{header_exists, method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

const XML: &str = "text/xml";

fn login_body(base: &str, who: &str) -> String {
    format!(
        "<RETS ReplyCode=\"0\" ReplyText=\"Operation Successful\">\n<RETS-RESPONSE>\n{who}\nBroker=B1\nMetadataVersion=1.0.000\nTimeoutSeconds=1800\nLogin={base}/rets/login\nSearch={base}/rets/search\nGetMetadata={base}/rets/getmetadata\nLogout={base}/rets/logout\n</RETS-RESPONSE>\n</RETS>\n"
    )
}

const METADATA: &str = "<RETS ReplyCode=\"0\" ReplyText=\"Operation Successful\"><METADATA-SYSTEM Version=\"1.0.000\" Date=\"Sat, 01 Jan 2000 01:02:00 GMT\"><SYSTEM SystemID=\"TEST\" SystemDescription=\"Test MLS\"/><COMMENTS></COMMENTS></METADATA-SYSTEM></RETS>";
const LOGOUT: &str = "<RETS ReplyCode=\"0\" ReplyText=\"Logging out\"><RETS-RESPONSE>\nConnectTime=1\n</RETS-RESPONSE></RETS>";

fn xml(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), XML)
}

/// A RETS server behind Digest auth that offers Negotiate, NTLM and Digest on its 401; the
/// login answer carries `who` (MemberName or only User=) and search answers `search`.
fn server(who: &str, search: impl Respond + 'static) -> Fake {
    let f = Fake::start();
    let base = f.uri();
    f.mount(
        Mock::given(method("GET"))
            .and(header_exists("authorization"))
            .and(path("/rets/login"))
            .respond_with(xml(200, &login_body(&base, who))),
    );
    f.mount(
        Mock::given(method("GET"))
            .and(header_exists("authorization"))
            .and(path("/rets/getmetadata"))
            .respond_with(xml(200, METADATA)),
    );
    f.mount(
        Mock::given(method("GET"))
            .and(header_exists("authorization"))
            .and(path("/rets/search"))
            .respond_with(search),
    );
    f.mount(
        Mock::given(method("GET"))
            .and(header_exists("authorization"))
            .and(path("/rets/logout"))
            .respond_with(xml(200, LOGOUT)),
    );
    // No credentials yet: the challenge, three schemes in the order IIS sends them.
    f.mount(
        Mock::given(method("GET")).respond_with(
            ResponseTemplate::new(401)
                .append_header("www-authenticate", "Negotiate")
                .append_header("www-authenticate", "NTLM")
                .append_header(
                    "www-authenticate",
                    "Digest realm=\"rets@test\", nonce=\"6d9c3b5f1b0a\", opaque=\"0a1b\", qop=\"auth\"",
                )
                .set_body_raw(b"Unauthorized".to_vec(), "text/plain"),
        ),
    );
    f
}

fn check(f: &Fake) -> Run {
    let url = format!("{}/rets/login", f.uri());
    let c = cmd(
        &Home::new(),
        &[
            ("RETS_LOGIN_URL", url.as_str()),
            ("RETS_USERNAME", "jdoe"),
            ("RETS_PASSWORD", "rets-wm-password"),
        ],
    );
    run(c, &["-o", "json", "--timeout", "5", "rets", "check"])
}

const SEARCH_NO_COUNT: &str = "<RETS ReplyCode=\"0\" ReplyText=\"Operation Successful\"><DELIMITER value=\"09\"/><COLUMNS>\tListingKey\tModificationTimestamp\t</COLUMNS><DATA>\tL1\t2026-11-30T10:00:00\t</DATA><MAXROWS/></RETS>";

#[test]
fn reach_names_digest_when_negotiate_ntlm_and_digest_are_offered() {
    let f = server("MemberName=Jane Doe", xml(200, SEARCH_NO_COUNT));
    let r = check(&f);
    let reach = r.step("reach");
    let line = reach["summary"].as_str().unwrap();
    assert!(
        line.contains("offered Negotiate, NTLM, Digest; intops answers Digest"),
        "{line}"
    );
    assert!(!line.contains("asked for Negotiate"), "{line}");
    assert_eq!(r.step("login")["status"], "ok", "{}", r.all());
}

#[test]
fn a_search_without_count_claims_no_match_count() {
    let f = server("MemberName=Jane Doe", xml(200, SEARCH_NO_COUNT));
    let r = check(&f);
    let s = r.step("search");
    let line = s["summary"].as_str().unwrap();
    assert!(
        line.contains("the server sent no COUNT, so the number of matches is unknown"),
        "{line}"
    );
    assert!(!line.contains("records match"), "{line}");
    assert_eq!(s["data"]["records"], serde_json::Value::Null);
}

#[test]
fn logged_in_as_falls_back_to_the_user_field() {
    let f = server("User=jdoe,1,AGENT,A123", xml(200, SEARCH_NO_COUNT));
    let r = check(&f);
    let l = r.step("login");
    assert!(
        l["summary"]
            .as_str()
            .unwrap()
            .starts_with("logged in as jdoe"),
        "{l}"
    );
}

/// 20037 on the first search, a good answer after logging in again.
struct StaleUaOnce(Arc<AtomicUsize>);
impl Respond for StaleUaOnce {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        if self.0.fetch_add(1, Ordering::SeqCst) == 0 {
            xml(
                200,
                "<RETS ReplyCode=\"20037\" ReplyText=\"User Agent authentication required\"/>",
            )
        } else {
            xml(200, SEARCH_NO_COUNT)
        }
    }
}

#[test]
fn a_20037_on_a_later_transaction_logs_in_again_once() {
    let n = Arc::new(AtomicUsize::new(0));
    let f = server("MemberName=Jane Doe", StaleUaOnce(n.clone()));
    let r = check(&f);
    assert_eq!(r.step("search")["status"], "ok", "{}", r.all());
    let logins = f.queries("/rets/login").len();
    // Challenge + login, then one more login for the stale session.
    assert!(logins >= 3, "{logins} login requests");
    assert_eq!(n.load(Ordering::SeqCst), 2);
}

#[test]
fn a_20037_that_persists_is_crit_after_one_relogin() {
    let f = server(
        "MemberName=Jane Doe",
        xml(
            200,
            "<RETS ReplyCode=\"20037\" ReplyText=\"User Agent authentication required\"/>",
        ),
    );
    let r = check(&f);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("search")["status"], "crit");
    let searches = f.queries("/rets/search").len();
    assert!(
        searches <= 3,
        "{searches} searches: one relogin, not a loop"
    );
}

#[test]
fn treb_missing_or_invalid_version_leads_with_the_version_fix() {
    let f = Fake::start();
    f.mount(
        Mock::given(method("GET"))
            .and(path("/rets/login"))
            .respond_with(xml(
                200,
                "<RETS ReplyCode=\"20036\" ReplyText=\"Missing or Invalid RETS Version\"/>",
            )),
    );
    let r = check(&f);
    assert_eq!(r.code, 2, "{}", r.all());
    let hint = r.step("login")["hint"].as_str().unwrap().to_string();
    assert!(hint.starts_with("set RETS_VERSION"), "{hint}");
}
