//! Secrets stay secret, answers are bounded, and no input panics (issue "never a leaked secret"):
//! URL credentials, redirects between two origins (two local servers), masking before cutting,
//! body limits, `--env-file` rules and arguments that used to panic.

use crate::common::*;
use std::io::{Read, Write};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PROM_PASSWORD: &str = "PromPass-s3cret";

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

/// A Prometheus behind a path that is not the API: a plain-text 404 (nginx in front of it).
fn prometheus_404(rt: &tokio::runtime::Runtime) -> MockServer {
    rt.block_on(async {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(404).set_body_string("404 page not found"))
            .mount(&s)
            .await;
        s
    })
}

fn prom_url(s: &MockServer) -> String {
    s.uri()
        .replace("http://", &format!("http://ops:{PROM_PASSWORD}@"))
        + "/prom"
}

#[test]
fn a_prometheus_password_is_not_in_the_summary_nor_the_trace() {
    let rt = rt();
    let prom = prometheus_404(&rt);
    let h = Home::new();
    let mut c = h.cmd();
    c.env("PROMETHEUS_URL", prom_url(&prom));
    let r = run(c, &["-o", "json", "-v", "whatsapp", "metrics"]);
    assert_no_secret(&r, PROM_PASSWORD);
    let summary = r.step("api error rate")["summary"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(summary.contains("has no /api/v1/query"), "{summary}");
    assert!(summary.contains("***@127.0.0.1"), "{summary}");
    // The request still carried the credentials, as Basic auth.
    let got = rt.block_on(prom.received_requests()).unwrap();
    assert!(got[0].headers.get("authorization").is_some());
}

#[test]
fn a_prometheus_password_is_not_in_the_incident_file_nor_the_slack_post() {
    let rt = rt();
    let prom = prometheus_404(&rt);
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("PROMETHEUS_URL", prom_url(&prom));
    let r = run(
        c,
        &[
            "-o",
            "json",
            "incident",
            "start",
            "whatsapp-outage",
            "--post",
            "slack",
            "--yes",
        ],
    );
    assert_no_secret(&r, PROM_PASSWORD);
    assert_eq!(r.step("slack")["status"], "ok", "{}", r.all());
    let dir = h.path().join("state/intops/incidents");
    let mut files = 0;
    for f in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        assert!(!text.contains(PROM_PASSWORD), "state file: {text}");
        assert!(
            text.contains("has no /api/v1/query"),
            "the detection was recorded: {text}"
        );
        serde_json::from_str::<serde_json::Value>(&text).expect("still JSON");
        files += 1;
    }
    assert_eq!(files, 1);
    let posts: Vec<_> = sb
        .state
        .recorded()
        .into_iter()
        .filter(|q| q.method == "POST" && q.path.starts_with("/slack/"))
        .collect();
    assert_eq!(posts.len(), 1);
    assert!(!posts[0].body.contains(PROM_PASSWORD), "{}", posts[0].body);
    assert!(
        posts[0].body.contains("has no /api/v1/query"),
        "{}",
        posts[0].body
    );
}

#[test]
fn a_database_url_password_is_not_printed_when_postgres_is_unreachable() {
    let h = Home::new();
    let mut c = h.cmd();
    let url = format!(
        "postgres://app:DbPass-s3cret@127.0.0.1:{}/test",
        closed_port()
    );
    c.env("DATABASE_URL", &url).env(
        "REDIS_URL",
        format!("redis://:RedisPass-s3cret@127.0.0.1:{}", closed_port()),
    );
    let r = run(c, &["-o", "json", "-v", "queue", "status"]);
    assert_no_secret(&r, "DbPass-s3cret");
    assert_no_secret(&r, "RedisPass-s3cret");
    assert!(r.code >= 2, "{}", r.all());
}

// ---------- redirects: two origins are two local servers ----------

/// Origin A answers every request with `status` and a Location on origin B.
fn redirect_pair(rt: &tokio::runtime::Runtime, status: u16) -> (MockServer, MockServer) {
    rt.block_on(async {
        let a = MockServer::start().await;
        let b = MockServer::start().await;
        let target = b.uri();
        Mock::given(wiremock::matchers::any())
            .respond_with(move |req: &Request| {
                let mut loc = format!("{target}{}", req.url.path());
                if let Some(q) = req.url.query() {
                    loc.push('?');
                    loc.push_str(q);
                }
                ResponseTemplate::new(status).insert_header("location", loc.as_str())
            })
            .mount(&a)
            .await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
            .mount(&b)
            .await;
        (a, b)
    })
}

#[test]
fn a_redirect_to_another_origin_drops_the_vendor_key() {
    let rt = rt();
    let (a, b) = redirect_pair(&rt, 302);
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_ELEVENLABS_URL", a.uri())
        .env("ELEVENLABS_API_KEY", "sk_redirect_key_0123456789");
    let r = run(c, &["-o", "json", "api", "elevenlabs", "GET", "/v1/voices"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let got = rt.block_on(b.received_requests()).unwrap();
    assert_eq!(got.len(), 1, "the redirect was followed");
    assert_eq!(got[0].url.path(), "/v1/voices");
    for h in ["xi-api-key", "authorization", "cookie", "referer"] {
        assert!(
            got[0].headers.get(h).is_none(),
            "{h} went to the other origin"
        );
    }
    // On the same origin the key is still sent.
    let first = rt.block_on(a.received_requests()).unwrap();
    assert!(first[0].headers.get("xi-api-key").is_some());
}

#[test]
fn a_redirect_never_sends_a_referer_with_the_token_in_it() {
    let rt = rt();
    let (a, b) = redirect_pair(&rt, 302);
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", a.uri())
        .env("WHATSAPP_ACCESS_TOKEN", "EAAredirectToken0123456789")
        .env("WHATSAPP_APP_TOKEN", "1234567890|appTokenSecret0123");
    let _ = run(c, &["-o", "json", "whatsapp", "token-debug"]);
    let got = rt.block_on(b.received_requests()).unwrap();
    assert!(!got.is_empty(), "the redirect was followed");
    for req in &got {
        assert!(
            req.headers.get("referer").is_none(),
            "Referer: {:?}",
            req.headers.get("referer")
        );
        assert!(req.headers.get("authorization").is_none());
    }
}

#[test]
fn a_307_would_resend_the_client_secret_elsewhere_and_is_refused() {
    let rt = rt();
    let (a, b) = redirect_pair(&rt, 307);
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_ZOHO_ACCOUNTS_URL", a.uri())
        .env("INTOPS_ZOHO_API_URL", a.uri())
        .env("ZOHO_CLIENT_ID", "1000.CLIENTID0123")
        .env("ZOHO_CLIENT_SECRET", "zoho-client-s3cret-0123")
        .env("ZOHO_REFRESH_TOKEN", "1000.refresh0123456789");
    let r = run(c, &["-o", "json", "--yes", "zoho", "refresh-token"]);
    let got = rt.block_on(b.received_requests()).unwrap();
    assert!(got.is_empty(), "the form went to the other origin: {got:?}");
    assert!(
        r.all().contains("refused to follow HTTP 307"),
        "{}",
        r.all()
    );
    assert!(
        r.all().contains(&b.uri()),
        "names the other origin: {}",
        r.all()
    );
    assert_no_secret(&r, "zoho-client-s3cret-0123");
    assert!(r.code >= 2, "{}", r.all());
}

// ---------- mask before cut; escaped and encoded forms ----------

#[test]
fn a_cut_error_line_leaves_no_prefix_of_the_token() {
    let rt = rt();
    let token = "EAAcutTokenABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let s = rt.block_on(async {
        let s = MockServer::start().await;
        // A proxy's plain-text error page quoting the request twice: once across the 80th
        // character (where the error line cuts the body) and once across the 4096th byte (where
        // the -v trace cuts it).
        let head = format!("{} token {token} ", "x".repeat(60));
        let pad = "y".repeat(4090 - head.len());
        let body = format!("{head}{pad}{token} end");
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", s.uri())
        .env("WHATSAPP_ACCESS_TOKEN", token)
        .env("WHATSAPP_APP_TOKEN", "1234567890|appTokenSecret0123");
    let r = run(c, &["-o", "json", "-v", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert_no_secret(&r, &token[..8]);
}

#[test]
fn json_escaped_and_percent_encoded_forms_of_a_key_are_masked() {
    let rt = rt();
    let key = "sk_\"odd\\key/0123|xyz";
    let json_form = serde_json::to_string(key).unwrap();
    let json_form = &json_form[1..json_form.len() - 1];
    let pct_lower = "sk_%22odd%5ckey%2f0123%7cxyz";
    let s = rt.block_on(async {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/echo"))
            .respond_with(ResponseTemplate::new(200).set_body_string(format!(
                "{{\"seen\":\"{json_form}\",\"link\":\"https://x.test/?k={pct_lower}\"}}"
            )))
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_ELEVENLABS_URL", s.uri())
        .env("ELEVENLABS_API_KEY", key);
    let r = run(c, &["-v", "api", "elevenlabs", "GET", "/v1/echo"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for form in [
        key,
        json_form,
        pct_lower,
        "odd\\\\key",
        "0123|xyz",
        "0123%7cxyz",
    ] {
        assert_no_secret(&r, form);
    }
}

// ---------- body limits ----------

fn huge_debug_token(rt: &tokio::runtime::Runtime) -> MockServer {
    rt.block_on(async {
        let s = MockServer::start().await;
        // A valid answer padded to 20 MB: only the limit stops it.
        let mut body = serde_json::json!({"data": {
            "app_id": "1234567890", "type": "SYSTEM_USER", "application": "x",
            "expires_at": 0, "is_valid": true, "scopes": ["whatsapp_business_messaging", "whatsapp_business_management"],
            "user_id": "1"}})
        .to_string();
        body.push_str(&" ".repeat(20 * 1024 * 1024));
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&s)
            .await;
        s
    })
}

#[test]
fn a_20_mb_answer_is_one_unknown_line_and_the_limit_is_configurable() {
    let rt = rt();
    let s = huge_debug_token(&rt);
    let h = Home::new();
    let env = |c: &mut assert_cmd::Command| {
        c.env("INTOPS_META_URL", s.uri())
            .env("WHATSAPP_ACCESS_TOKEN", "EAAbigAnswerToken0123")
            .env("WHATSAPP_APP_TOKEN", "1234567890|appTokenSecret0123");
    };
    let mut c = h.cmd();
    env(&mut c);
    let r = run(c, &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let all = r.all();
    assert!(
        all.contains("larger than the 2 MiB intops reads from meta"),
        "{all}"
    );
    assert!(all.contains("[PROFILE.body_limits] meta"), "{all}");
    h.write_config("[default.body_limits]\nmeta = \"32 MiB\"\n");
    let mut c = h.cmd();
    env(&mut c);
    let r = run(c, &["-o", "json", "whatsapp", "token-debug"]);
    assert!(!r.all().contains("larger than"), "{}", r.all());
    assert_eq!(r.step("token")["status"], "ok", "{}", r.all());
}

/// An HTTP server that answers every connection with an endless chunked body.
fn endless_server() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut c) = conn else { return };
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let _ = c.read(&mut buf);
                let _ = c.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
                );
                let chunk = format!("{:x}\r\n{}\r\n", 65536, "[".repeat(65536));
                // Stops when intops hangs up; bounded in case it never does.
                for _ in 0..100_000 {
                    if c.write_all(chunk.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

#[test]
fn an_endless_answer_is_cut_at_the_limit() {
    let port = endless_server();
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_ELEVENLABS_URL", format!("http://127.0.0.1:{port}"))
        .env("ELEVENLABS_API_KEY", "sk_endless_0123456789");
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--timeout",
            "30",
            "api",
            "elevenlabs",
            "GET",
            "/v1/user",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.all()
            .contains("larger than the 4 MiB intops reads from elevenlabs"),
        "{}",
        r.all()
    );
}

// ---------- --env-file ----------

#[test]
fn an_env_file_that_is_a_directory_or_huge_is_refused() {
    let h = Home::new();
    let dir = h.path().join("envdir");
    std::fs::create_dir(&dir).unwrap();
    let r = run(
        h.cmd(),
        &["--env-file", dir.to_str().unwrap(), "auth", "list"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("is a directory, not a regular file"),
        "{}",
        r.stderr
    );

    let big = h.path().join("big.env");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(64 * 1024 * 1024).unwrap();
    let r = run(
        h.cmd(),
        &["--env-file", big.to_str().unwrap(), "auth", "list"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("larger than 1048576 bytes"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn an_env_file_that_is_a_device_is_refused_without_reading_it() {
    let h = Home::new();
    let r = run(h.cmd(), &["--env-file", "/dev/zero", "auth", "list"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("is a device"), "{}", r.stderr);
}

#[test]
fn an_env_file_with_a_byte_order_mark_is_read() {
    let h = Home::new();
    let p = h.path().join("bom.env");
    std::fs::write(&p, "\u{feff}CALENDLY_TOKEN=bom-token-0123456\nZOHO_DC=eu\n").unwrap();
    let r = run(
        h.cmd(),
        &[
            "-o",
            "json",
            "--env-file",
            p.to_str().unwrap(),
            "auth",
            "list",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("env-file"), "{}", r.stdout);
    let found =
        r.json()["steps"].as_array().unwrap().iter().any(|s| {
            s.to_string().contains("CALENDLY_TOKEN") && s.to_string().contains("env-file")
        });
    assert!(found, "{}", r.stdout);
    assert_no_secret(&r, "bom-token-0123456");
}

#[test]
fn an_env_file_parse_error_names_the_right_line_and_not_the_value() {
    let h = Home::new();
    let p = h.path().join("bad.env");
    std::fs::write(
        &p,
        "# service settings\nA=1\nB=\"two\"\n\nC=3\nthis line is broken-s3cret\nD=4\n",
    )
    .unwrap();
    let r = run(
        h.cmd(),
        &["--env-file", p.to_str().unwrap(), "auth", "list"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("at line 6"), "{}", r.stderr);
    assert_no_secret(&r, "broken-s3cret");
}

// ---------- no panic on any input ----------

#[cfg(unix)]
#[test]
fn a_non_utf8_argument_is_a_usage_error_in_one_json_object() {
    use std::os::unix::ffi::OsStrExt;
    let h = Home::new();
    let mut c = h.cmd();
    c.args(["-o", "json", "meta", "lead"])
        .arg(std::ffi::OsStr::from_bytes(b"12\xff34"));
    let r = run(c, &[]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["status"], "unknown");
    assert!(j["error"].as_str().unwrap().contains("UTF-8"), "{j}");
}

#[test]
fn timeout_and_rate_out_of_range_are_usage_errors() {
    let h = Home::new();
    for t in ["1e300", "0", "-1", "NaN", "inf", "999999"] {
        let arg = format!("--timeout={t}");
        let r = run(h.cmd(), &["-o", "json", &arg, "status"]);
        assert_eq!(r.code, 3, "--timeout {t}: {}", r.all());
        assert!(
            r.json()["error"].as_str().unwrap().contains("--timeout"),
            "{}",
            r.stdout
        );
    }
    for rate in ["1e-300", "-5", "1e9", "NaN"] {
        let arg = format!("--rate={rate}");
        let r = run(h.cmd(), &["-o", "json", "queue", "drain", &arg]);
        assert_eq!(r.code, 3, "--rate {rate}: {}", r.all());
        assert!(
            r.json()["error"].as_str().unwrap().contains("--rate"),
            "{}",
            r.stdout
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

#[test]
fn a_multibyte_api_path_does_not_panic() {
    let h = Home::new();
    let sb = sandbox("healthy");
    sb.expect_unmatched();
    for p in ["/vé.1/me", "vé", "/ü/me", "/v1é.0/me"] {
        let r = run(against(&h, &sb), &["-o", "json", "api", "meta", "GET", p]);
        assert!(!r.stderr.contains("panicked"), "{p}: {}", r.stderr);
        assert!(!r.stderr.contains("crashed"), "{p}: {}", r.stderr);
        r.json();
    }
}

#[test]
fn a_base_url_that_is_not_a_url_names_the_setting_not_the_token() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", "graph.facebook.com")
        .env("WHATSAPP_ACCESS_TOKEN", "EAAbaseUrlToken0123456");
    let r = run(c, &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let err = r.json()["error"].as_str().unwrap().to_string();
    assert!(err.contains("INTOPS_META_URL is not a usable URL"), "{err}");
    assert!(!err.to_lowercase().contains("token"), "{err}");
    h.write_config("[default]\nmeta_url = \"ftp://graph.example.test\"\n");
    let mut c = h.cmd();
    c.env("WHATSAPP_ACCESS_TOKEN", "EAAbaseUrlToken0123456");
    let r = run(c, &["-o", "json", "whatsapp", "token-debug"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.all()
            .contains("meta_url in the config file is not a usable URL"),
        "{}",
        r.all()
    );
}

// ---------- credentials in URLs: query strings, user-info, form bodies ----------

/// Unregistered credentials a URL or a form can carry: nothing tells intops they are secrets but
/// the parameter's name.
const URL_SECRETS: &[(&str, &str)] = &[
    ("code", "CodeSecretV4lue1"),
    ("key", "KeySecretV4lue2"),
    ("hub.verify_token", "VerifySecretV4lue3"),
    ("client_secret", "ClientSecretV4lue4"),
    ("api_key", "ApiKeySecretV4lue5"),
    ("password", "PasswordSecretV4lue6"),
];

fn assert_json_or_lines(r: &Run) {
    if r.stdout.trim_start().starts_with('{') {
        serde_json::from_str::<serde_json::Value>(&r.stdout)
            .unwrap_or_else(|e| panic!("stdout is no longer JSON ({e}):\n{}", r.stdout));
    }
}

#[test]
fn query_string_credentials_never_reach_the_trace_nor_the_output() {
    let rt = rt();
    let s = rt.block_on(async {
        let s = strict_server().await;
        // Graph's own paging links carry the token; a callback URL can carry its own.
        Mock::given(method("GET"))
            .and(path("/v25.0/me"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"id":"1","callback_url":"https:\/\/hooks.example.test\/wa?token=CallbackSecretV4lue7&x=1","paging":{"next":"https:\/\/graph.facebook.com\/v25.0\/1\/x?access_token=PagingSecretV4lue8&after=QVFI"}}"#,
            ))
            .expect(1)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", s.uri())
        .env("WHATSAPP_ACCESS_TOKEN", "EAAtokenForTheQueryTest0123");
    let fields: Vec<String> = URL_SECRETS
        .iter()
        .map(|(k, v)| format!("--field={k}={v}"))
        .collect();
    let mut args = vec!["-v", "-o", "json", "api", "meta", "GET", "/v25.0/me"];
    args.extend(fields.iter().map(String::as_str));
    let r = run(c, &args);
    assert_eq!(r.code, 0, "{}", r.all());
    // The vendor got the real values: the trace shows the request, masked.
    let got = rt.block_on(s.received_requests()).unwrap();
    let sent = got[0].url.query().unwrap_or_default().to_string();
    for (k, v) in URL_SECRETS {
        assert!(sent.contains(v), "{k} was not sent: {sent}");
        assert_no_secret(&r, v);
    }
    assert_no_secret(&r, "CallbackSecretV4lue7");
    assert_no_secret(&r, "PagingSecretV4lue8");
    assert!(r.stderr.contains("code=***"), "{}", r.stderr);
    assert!(r.stderr.contains("hub.verify_token=***"), "{}", r.stderr);
    assert!(
        r.all().contains("after=QVFI"),
        "other parameters stay: {}",
        r.all()
    );
    assert_json_or_lines(&r);
}

#[test]
fn form_body_credentials_are_masked_in_the_trace_first_field_included() {
    let rt = rt();
    let s = rt.block_on(async {
        let s = strict_server().await;
        Mock::given(method("POST"))
            .and(path("/v25.0/123/subscriptions"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"success":true}"#))
            .expect(1)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", s.uri())
        .env("WHATSAPP_ACCESS_TOKEN", "EAAtokenForTheFormTest01234");
    let fields: Vec<String> = URL_SECRETS
        .iter()
        .map(|(k, v)| format!("--field={k}={v}"))
        .collect();
    let mut args = vec![
        "-v",
        "--yes",
        "api",
        "meta",
        "POST",
        "/v25.0/123/subscriptions",
    ];
    args.extend(fields.iter().map(String::as_str));
    let r = run(c, &args);
    assert_eq!(r.code, 0, "{}", r.all());
    let got = rt.block_on(s.received_requests()).unwrap();
    let body = String::from_utf8_lossy(&got[0].body).into_owned();
    for (k, v) in URL_SECRETS {
        assert!(body.contains(v), "{k} was not sent: {body}");
        assert_no_secret(&r, v);
    }
    assert!(r.stderr.contains("> code=***&"), "{}", r.stderr);
}

#[test]
fn base_url_user_info_is_masked_in_the_trace_and_the_error() {
    let port = closed_port();
    for out in ["json", "table"] {
        let h = Home::new();
        let mut c = h.cmd();
        c.env(
            "INTOPS_META_URL",
            format!("http://ops:BaseUrlPassV4lue9@127.0.0.1:{port}/?key=BaseUrlKeyV4lue10"),
        )
        .env("WHATSAPP_ACCESS_TOKEN", "EAAtokenForTheUserInfoTest0")
        .env("WHATSAPP_APP_TOKEN", "1234567890|appTokenSecret0123");
        let r = run(c, &["-v", "-o", out, "whatsapp", "token-debug"]);
        assert_ne!(r.code, 0, "{}", r.all());
        assert_no_secret(&r, "BaseUrlPassV4lue9");
        assert_no_secret(&r, "BaseUrlKeyV4lue10");
        assert_json_or_lines(&r);
    }
}

#[test]
fn a_callback_url_token_is_masked_in_webhook_status_and_its_trace() {
    let secret = "CallbackUrlTokenV4lue11";
    for out in ["json", "table"] {
        let h = Home::new();
        let sb = sandbox("healthy");
        let wa = sb
            .env()
            .into_iter()
            .find(|(k, _)| k == "WHATSAPP_WEBHOOK_URL")
            .map(|(_, v)| v)
            .expect("the sandbox configures a WhatsApp callback");
        let mut c = against(&h, &sb);
        c.env("WHATSAPP_WEBHOOK_URL", format!("{wa}?token={secret}"));
        let r = run(c, &["-v", "-o", out, "webhook", "status"]);
        assert!(r.code <= 2, "{}", r.all());
        // The configured callback (with its token) is what the handshake called and what the
        // report compares: shown, masked.
        assert!(r.all().contains("token=***"), "{}", r.all());
        assert_no_secret(&r, secret);
        assert_json_or_lines(&r);
    }
}

#[test]
fn a_field_without_an_equals_sign_is_not_echoed() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env("WHATSAPP_ACCESS_TOKEN", "EAAtokenForTheFieldTest0123");
    let pasted = "EAApastedTokenInsteadOfAField987";
    let r = run(c, &["api", "meta", "GET", "/me", "-f", pasted]);
    assert_eq!(r.code, 3, "a usage error: {}", r.all());
    assert!(r.stderr.contains("has no '='"), "{}", r.stderr);
    assert_no_secret(&r, pasted);
}
