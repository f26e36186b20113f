//! The parser against the spec's shapes and the recorded replies in tests/fixtures/rets/.

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    crate::testutil::fixture_bytes("rets", name)
}

/// The body of a recorded raw HTTP response (status line, headers, blank line, body).
fn http_body(name: &str) -> Vec<u8> {
    let raw = fixture(name);
    let at = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    raw[at + 4..].to_vec()
}

#[test]
fn login_172_flexmls_relative_urls() {
    let (r, b) = parse_login(&http_body("phrets-login-a.http")).unwrap();
    assert_eq!(r.code, 0);
    assert_eq!(r.text, "Success");
    assert_eq!(b.member_name(), Some("UNKNOWN"));
    assert_eq!(b.metadata_version(), Some("01.03.32190"));
    let caps = b.capabilities();
    assert_eq!(caps["Search"], "/rets2_1/Search");
    assert_eq!(caps["GetMetadata"], "/rets2_1/GetMetadata");
    assert_eq!(caps["Logout"], "/rets2_1/Logout");
    assert_eq!(caps["X-SampleLinks"], "/rets2_1/Links");
    // Extensions with URLs count; plain keys do not.
    assert!(caps.contains_key("X-SupportSite"));
    assert!(!caps.contains_key("MemberName"));
}

#[test]
fn login_15_min_metadata_version() {
    let (r, b) = parse_login(&http_body("phrets-login-b.http")).unwrap();
    assert!(r.is_ok());
    assert_eq!(b.get("MinMetadataVersion"), Some("01.03.63047"));
    assert_eq!(b.capabilities()["Login"], "/rets2_1/Login");
}

#[test]
fn login_with_action_and_limited() {
    let (_, b) = parse_login(&http_body("phrets-login-with-action.http")).unwrap();
    assert!(b.capabilities().contains_key("Action"));
    let (_, b) = parse_login(&http_body("phrets-login-limited.http")).unwrap();
    let caps = b.capabilities();
    assert!(!caps.contains_key("GetMetadata"));
    assert_eq!(caps["Search"], "/limited/rets2_1/Search");
}

#[test]
fn login_10_without_rets_response() {
    let (r, b) = parse_login(&fixture("librets-login-valid10.xml")).unwrap();
    assert_eq!(r.text, "V2.0.4 : Success");
    assert_eq!(b.member_name(), Some("Elizabeth A Davis"));
    assert_eq!(b.timeout_seconds(), Some(1800));
    assert_eq!(
        b.capabilities()["Search"],
        "http://cornerstone.mris.com:6103/platinum/search"
    );
}

#[test]
fn login_15_spaces_around_equals_and_relative_action() {
    let (_, b) = parse_login(&fixture("librets-login-valid15.xml")).unwrap();
    assert_eq!(b.member_name(), Some("Joe Schmoe"));
    assert_eq!(b.get("broker"), Some(""));
    let caps = b.capabilities();
    assert_eq!(caps["Action"], "action");
    assert_eq!(caps["Search"], "/rets/search");
    assert_eq!(b.get("Balance"), Some("3,197.35"));
}

#[test]
fn login_18_info_lines_and_missing_close_tag() {
    // The recording has no closing </RETS>: still a login.
    let (r, b) = parse_login(&fixture("librets-login-valid18.xml")).unwrap();
    assert!(r.is_ok());
    assert_eq!(b.info.len(), 24);
    assert_eq!(b.get("MEMBERNAME"), Some("Joe Schmoe"));
    assert_eq!(b.get("TimeoutSeconds"), Some("123"));
    assert_eq!(b.timeout_seconds(), Some(123));
    assert_eq!(b.info[2].kind, "Int");
    assert_eq!(b.capabilities()["Search"], "/rets/search");
}

#[test]
fn login_cris_absolute_urls() {
    let (_, b) = parse_login(&fixture("librets-login-cris.xml")).unwrap();
    assert_eq!(b.timeout_seconds(), Some(900));
    assert!(b.capabilities()["Logout"].starts_with("http://rets.crisnetmls.com:6103/"));
}

#[test]
fn login_invalid_20036() {
    let (r, b) = parse_login(&fixture("librets-login-invalid.xml")).unwrap();
    assert_eq!(r.code, 20036);
    assert_eq!(r.text, "Miscellaneous Server Error");
    assert!(b.capabilities().is_empty());
}

#[test]
fn short_self_closing_success() {
    let r = parse_reply(&fixture("librets-short-success-response.xml")).unwrap();
    assert_eq!((r.code, r.text.as_str()), (0, "SUCCESS"));
}

#[test]
fn logouts_never_fail_to_parse() {
    let (r, b) = parse_logout(&fixture("librets-logout-valid15.xml")).unwrap();
    assert!(r.is_ok());
    assert_eq!(b.get("SignOffMessage"), Some("Goodbye"));
    assert_eq!(b.get("ConnectTime"), Some("51"));
    let (r, b) = parse_logout(&fixture("librets-logout-cris.xml")).unwrap();
    assert!(r.is_ok() && b.pairs.is_empty());
    let (r, _) = parse_logout(&fixture("librets-logout-tarasoft.xml")).unwrap();
    assert_eq!(r.text, "Operation Success.");
    // flexmls orders the attributes ReplyText, ReplyCode.
    let (r, b) = parse_logout(&http_body("phrets-logout.http")).unwrap();
    assert!(r.is_ok(), "{r:?}");
    assert!(b.get("SignOffMessage").is_some());
}

#[test]
fn search_compact_with_count_maxrows_and_status_override() {
    let (r, s) = parse_search(&fixture("librets-search-response.xml")).unwrap();
    // RETS-STATUS overrides the opening tag's 0.
    assert_eq!(r.code, 20208);
    assert_eq!(r.envelope_code, Some(0));
    assert_eq!(s.count, Some(2));
    assert_eq!(s.delimiter, '\t');
    assert_eq!(s.columns, ["ListingID", "ListPrice", "City", "ListDate"]);
    assert_eq!(s.rows.len(), 2);
    assert_eq!(s.rows[1][2], "Buffalo Grove");
    assert!(s.maxrows);
    assert_eq!(s.records()[0]["ListPrice"], "250000");
}

#[test]
fn search_pipe_delimiter_is_hex() {
    let (_, s) = parse_search(&fixture("librets-search-response-pipe.xml")).unwrap();
    assert_eq!(s.delimiter, '|');
    assert_eq!(s.columns, ["CITY"]);
    assert_eq!(s.rows, [["AURORA"]]);
    assert_eq!(delimiter("7C"), Some('|'));
    assert_eq!(delimiter("09"), Some('\t'));
    // Read as decimal, 44 would be ','; as hex it is 'D': both are refused.
    assert_eq!(delimiter("2C"), None);
    assert_eq!(delimiter("zz"), None);
}

#[test]
fn search_no_records_and_errors() {
    let (r, s) = parse_search(&fixture("librets-search-response-no-records.xml")).unwrap();
    assert_eq!(r.code, 20201);
    assert!(s.rows.is_empty());
    let (r, _) = parse_search(&fixture("librets-search-response-error.xml")).unwrap();
    assert_eq!((r.code, r.text.as_str()), (20205, "Invalid Query Syntax"));
    let (r, _) = parse_search(&http_body("phrets-search-error.http")).unwrap();
    assert_eq!(r.code, 20203);
}

#[test]
fn search_latin1_bytes_decode() {
    let (_, s) = parse_search(&fixture("librets-search-response-extended-char.xml")).unwrap();
    assert_eq!(s.rows[0][0], "AG000001");
    assert_eq!(s.rows[0].len(), 3);
}

#[test]
fn search_compact_decoded_flexmls() {
    let (r, s) = parse_search(&http_body("phrets-search.http")).unwrap();
    assert!(r.is_ok());
    assert_eq!(s.count, Some(9057));
    assert_eq!(s.rows.len(), 3);
    assert!(s.maxrows);
    assert!(!s.columns.is_empty());
}

#[test]
fn search_without_leading_or_trailing_delimiter_and_empty_values() {
    let body = b"<RETS ReplyCode=\"0\" ReplyText=\"ok\"><COUNT Records = \"3\" /><DELIMITER value = \"09\"/>\
<COLUMNS>A\tB\tC</COLUMNS><DATA>\t1\t\t3\t</DATA><DATA>x\ty</DATA></RETS>";
    let (_, s) = parse_search(body).unwrap();
    assert_eq!(s.count, Some(3));
    assert_eq!(s.columns, ["A", "B", "C"]);
    assert_eq!(s.rows[0], ["1", "", "3"]);
    assert_eq!(s.rows[1], ["x", "y"]);
}

#[test]
fn count_only_reply() {
    let (r, s) = parse_search(
        b"<RETS ReplyCode=\"0\" ReplyText=\"Success\"><COUNT Records=\"1234\" /></RETS>",
    )
    .unwrap();
    assert!(r.is_ok());
    assert_eq!(s.count, Some(1234));
}

#[test]
fn metadata_system_compact_and_standard_xml() {
    let body = b"<RETS ReplyCode=\"0\" ReplyText=\"ok\">\n<METADATA-SYSTEM Version=\"1.11.54182 \" Date=\"Mon, 18 Aug 2003 17:00:00 GMT\">\n<SYSTEM SystemID=\"CRT_RETS\" SystemDescription=\"Center for REALTOR Technology\"/>\n<COMMENTS></COMMENTS>\n</METADATA-SYSTEM></RETS>";
    let (_, m) = parse_metadata_system(body).unwrap();
    assert_eq!(m.version.as_deref(), Some("1.11.54182"));
    assert_eq!(m.system_id.as_deref(), Some("CRT_RETS"));
    let (r, m) = parse_metadata_system(&http_body("phrets-getmetadata.http")).unwrap();
    assert!(r.is_ok());
    assert_eq!(m.system_id.as_deref(), Some("demomls"));
    assert_eq!(m.time_zone_offset.as_deref(), Some("-05:00"));
    assert_eq!(m.version.as_deref(), Some("01.03.28598"));
}

#[test]
fn html_401_page_is_recognised() {
    let html = b"<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<html><head><title>401 - Unauthorized: Access is denied due to invalid credentials.</title></head><body>x</body></html>";
    match parse_reply(html) {
        Err(ParseError::Html { title }) => assert!(title.unwrap().starts_with("401")),
        other => panic!("{other:?}"),
    }
    let xhtml = b"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Tomcat 401</title></head></html>";
    assert!(matches!(parse_reply(xhtml), Err(ParseError::Html { .. })));
}

#[test]
fn hostile_inputs_are_errors_not_panics() {
    assert_eq!(parse_reply(b""), Err(ParseError::Empty));
    assert_eq!(parse_reply(b"   \r\n"), Err(ParseError::Empty));
    assert_eq!(parse_reply(b"hello"), Err(ParseError::NoElement));
    assert!(matches!(
        parse_reply(b"<foo/>"),
        Err(ParseError::NotRets(_))
    ));
    // BOM + bare & + surrogate references + a control reference.
    let body = "\u{FEFF}<RETS ReplyCode=\"0\" ReplyText=\"A & B &#55357;&#56842; &#x1;\"/>";
    let r = parse_reply(body.as_bytes()).unwrap();
    assert_eq!(r.text, "A & B \u{FFFD}\u{FFFD} \u{1}");
    // An unterminated tag, an unterminated attribute, a missing ReplyCode.
    assert!(parse_reply(b"<RETS ReplyCode=\"0").is_err());
    let r = parse_reply(b"<RETS ReplyText=\"x>").unwrap();
    assert_eq!(r.code, u32::MAX);
    let r = parse_reply(b"<RETS ReplyCode=99999999999999>").unwrap();
    assert_eq!(r.code, u32::MAX);
    for b in [
        &b"<"[..],
        b"<<<>>>",
        b"<!--",
        b"<![CDATA[",
        b"<RETS><DATA>\t",
        b"&#xFFFFFFFFF;",
    ] {
        let _ = parse_search(b);
        let _ = parse_login(b);
        let _ = parse_metadata_system(b);
    }
}

#[test]
fn unescape_is_lenient() {
    assert_eq!(
        unescape("a &amp; b &lt;c&gt; &quot;&apos;"),
        "a & b <c> \"'"
    );
    assert_eq!(unescape("&#65;&#x42;&#0;"), "AB\u{FFFD}");
    assert_eq!(
        unescape("fish & chips; &unknown; &"),
        "fish & chips; &unknown; &"
    );
}

#[test]
fn latin1_body_decodes() {
    assert_eq!(decode(b"Nu\xf1ez"), "Nuñez");
    assert_eq!(decode("\u{FEFF}x".as_bytes()), "x");
}

#[test]
fn many_bare_ampersands_stay_linear() {
    // Quadratic scanning would take minutes here; linear is milliseconds.
    let mut body = b"<RETS ReplyCode=\"0\" ReplyText=\"".to_vec();
    body.extend(std::iter::repeat_n(b'&', 1_000_000));
    body.extend(b"\"/>");
    let r = parse_reply(&body).unwrap();
    assert_eq!(r.text.len(), 1_000_000);
}
