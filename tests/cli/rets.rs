//! `intops rets check`: the binary against the sandbox's RETS server and RESO endpoint.

use crate::common::*;
use assert_cmd::Command;
use intops::sandbox::rets::*;
use intops::sandbox::Background;

fn check(home: &Home, sb: &Background, extra: &[&str]) -> Run {
    let mut args = vec!["rets", "check", "-o", "json"];
    args.extend_from_slice(extra);
    run(against(home, sb), &args)
}

fn with(mut c: Command, env: &[(&str, &str)]) -> Command {
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

fn without(mut c: Command, name: &str) -> Command {
    c.env_remove(name);
    c
}

fn paths(sb: &Background) -> Vec<String> {
    sb.state
        .recorded()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

#[test]
fn healthy_feed_runs_every_step_and_logs_out() {
    let home = Home::new();
    let sb = sandbox("healthy");
    let r = check(&home, &sb, &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    for s in [
        "reach",
        "login",
        "capabilities",
        "action",
        "metadata",
        "search",
        "logout",
    ] {
        assert_eq!(r.step(s)["status"], "ok", "{s}: {}", r.stdout);
    }
    assert!(r.step("login")["summary"]
        .as_str()
        .unwrap()
        .contains("Digest auth"));
    let search = r.step("search");
    assert_eq!(search["data"]["records"], 1234);
    assert!(search["summary"]
        .as_str()
        .unwrap()
        .contains("ListingID=SBX000001"));
    assert_eq!(r.step("metadata")["data"]["system_id"], "SBXMLS");
    // Challenge, answer, then the relative capability URLs resolved against the login URL.
    assert_eq!(
        paths(&sb),
        [
            "GET /rets/login",
            "GET /rets/login",
            "GET /rets/action",
            "GET /rets/getmetadata",
            "GET /rets/search",
            "GET /rets/logout"
        ]
    );
    let reqs = sb.state.recorded();
    let search = reqs.iter().find(|q| q.path == "/rets/search").unwrap();
    for p in [
        "Count=1",
        "Limit=1",
        "Format=COMPACT-DECODED",
        "SearchType=Property",
        "Class=RES",
    ] {
        assert!(search.query.contains(p), "{p} in {}", search.query);
    }
    assert_eq!(search.headers["rets-version"], "RETS/1.7.2");
    assert!(search.headers["cookie"].contains("RETS-Session-ID="));
    assert!(search.headers["authorization"].starts_with("Digest "));
    // No UA password configured: no UA header (one MLS rejects it).
    assert!(!reqs[1].headers.contains_key("rets-ua-authorization"));
    assert_no_secret(&r, SANDBOX_RETS_PASSWORD);
}

#[test]
fn table_output_is_one_row_per_step() {
    let home = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&home, &sb), &["rets", "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("logged in as Sandbox Agent"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("1234 records match Property/RES"));
}

#[test]
fn wrong_password_is_auth_failure_with_the_runbook_resolution() {
    let home = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        with(
            against(&home, &sb),
            &[("RETS_PASSWORD", "not-the-password-123")],
        ),
        &["rets", "check", "-o", "json", "-vv"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("reach")["status"], "ok");
    let login = r.step("login");
    assert_eq!(login["status"], "crit");
    assert!(login["summary"]
        .as_str()
        .unwrap()
        .starts_with("authentication failed — verify RETS credentials with the brokerage admin"));
    assert!(login["hint"].as_str().unwrap().contains("RETS_PASSWORD"));
    // The -vv trace shows the exchange, never the password or the session cookie value.
    assert!(
        r.stderr.contains("Authorization: Digest ***"),
        "{}",
        r.stderr
    );
    assert_no_secret(&r, "not-the-password-123");
    // Failed login: nothing past it was tried.
    assert_eq!(paths(&sb).len(), 2);
}

#[test]
fn reply_code_20036_is_auth_failure() {
    let home = Home::new();
    let sb = sandbox("rets-bad-password");
    let r = check(&home, &sb, &[]);
    assert_eq!(r.code, 2);
    let login = r.step("login");
    assert_eq!(login["data"]["code"], "20036");
    assert!(login["summary"]
        .as_str()
        .unwrap()
        .contains("authentication failed"));
    assert!(login["summary"]
        .as_str()
        .unwrap()
        .contains("Invalid username or password"));
}

#[test]
fn ua_required_fails_with_20037_without_a_ua_password() {
    let home = Home::new();
    let sb = sandbox("rets-ua-required");
    let r = check(&home, &sb, &[]);
    assert_eq!(r.code, 2, "{}", r.all());
    let login = r.step("login");
    assert_eq!(login["data"]["code"], "20037");
    assert!(login["summary"]
        .as_str()
        .unwrap()
        .contains("authentication failed"));
    assert!(login["hint"].as_str().unwrap().contains("RETS_UA_PASSWORD"));
}

#[test]
fn ua_auth_uses_the_session_cookie_from_the_challenge() {
    let home = Home::new();
    let sb = sandbox("rets-ua-required");
    let r = run(
        with(
            against(&home, &sb),
            &[
                ("RETS_USER_AGENT", SANDBOX_RETS_USER_AGENT),
                ("RETS_UA_PASSWORD", SANDBOX_RETS_UA_PASSWORD),
                ("RETS_VERSION", "1.7.2"),
            ],
        ),
        &["rets", "check", "-o", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("login")["summary"]
        .as_str()
        .unwrap()
        .contains("UA auth"));
    let reqs = sb.state.recorded();
    let answer = &reqs[1];
    let sid = answer.headers["cookie"]
        .split("RETS-Session-ID=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        answer.headers["rets-ua-authorization"],
        intops::providers::rets::ua::ua_header(
            SANDBOX_RETS_USER_AGENT,
            SANDBOX_RETS_UA_PASSWORD,
            "",
            &sid,
            "RETS/1.7.2"
        )
    );
    assert_eq!(answer.headers["user-agent"], SANDBOX_RETS_USER_AGENT);
    assert_no_secret(&r, SANDBOX_RETS_UA_PASSWORD);
}

#[test]
fn html_401_page_is_recognised_as_auth_failure() {
    let home = Home::new();
    let sb = sandbox("rets-html-401");
    let r = check(&home, &sb, &[]);
    assert_eq!(r.code, 2);
    let s = r.step("login")["summary"].as_str().unwrap().to_string();
    assert!(s.contains("authentication failed"), "{s}");
    assert!(s.contains("HTML 401 page"), "{s}");
}

#[test]
fn no_records_is_a_warning_not_an_outage() {
    let home = Home::new();
    let sb = sandbox("rets-no-records");
    let r = check(&home, &sb, &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    let s = r.step("search");
    assert_eq!(s["status"], "warn");
    assert!(s["summary"].as_str().unwrap().contains("20201"));
    assert!(s["hint"].as_str().unwrap().contains("stale"));
    // The session is still closed.
    assert_eq!(r.step("logout")["status"], "ok");
}

#[test]
fn digest_without_qop_and_basic_only_servers_work() {
    for (scenario, scheme) in [("rets-no-qop", "Digest"), ("rets-basic", "Basic")] {
        let home = Home::new();
        let sb = sandbox(scenario);
        let r = run(against(&home, &sb), &["rets", "check", "-o", "json", "-vv"]);
        assert_eq!(r.code, 0, "{scenario}: {}", r.all());
        assert_eq!(r.step("login")["data"]["auth"], scheme);
        let auth = &sb.state.recorded()[1].headers["authorization"];
        assert!(auth.starts_with(scheme), "{auth}");
        if scenario == "rets-no-qop" {
            assert!(!auth.contains("qop="), "{auth}");
        }
        // The Basic header is the password in base64: masked in the trace too.
        assert_no_secret(&r, SANDBOX_RETS_PASSWORD);
        if scheme == "Basic" {
            assert_no_secret(&r, auth.trim_start_matches("Basic "));
        }
    }
}

#[test]
fn query_is_configurable_and_a_rejected_query_names_the_flags() {
    let home = Home::new();
    let sb = sandbox("healthy");
    let r = check(&home, &sb, &["--class", "RESI"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("search");
    assert_eq!(s["data"]["code"], "20203");
    assert!(s["hint"].as_str().unwrap().contains("--class"));
    assert_eq!(r.step("logout")["status"], "ok");
    let q = sb
        .state
        .recorded()
        .into_iter()
        .find(|q| q.path == "/rets/search")
        .unwrap();
    assert!(q.query.contains("Class=RESI"), "{}", q.query);
}

#[test]
fn server_error_page_is_crit() {
    let home = Home::new();
    let sb = sandbox("html-502");
    let r = check(&home, &sb, &[]);
    assert_eq!(r.code, 2);
    let s = r.step("login")["summary"].as_str().unwrap().to_string();
    assert!(
        s.contains("HTTP 502") && s.contains("502 Bad Gateway"),
        "{s}"
    );
}

#[test]
fn connection_refused_is_network_not_auth() {
    let home = Home::new();
    let url = format!("http://127.0.0.1:{}/rets/login", closed_port());
    let r = run(
        with(
            home.cmd(),
            &[
                ("RETS_LOGIN_URL", &url),
                ("RETS_USERNAME", "u"),
                ("RETS_PASSWORD", "secret-pw-1"),
            ],
        ),
        &["rets", "check", "-o", "json", "--timeout", "1"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let reach = r.step("reach");
    assert_eq!(reach["status"], "crit");
    assert_eq!(reach["data"]["phase"], "tcp");
    assert!(reach["summary"]
        .as_str()
        .unwrap()
        .contains("connection refused"));
    assert!(reach["hint"]
        .as_str()
        .unwrap()
        .starts_with("network, not credentials"));
    assert_eq!(r.step("login")["status"], "skipped");
}

#[test]
fn tls_to_a_plain_port_is_named_tls() {
    let home = Home::new();
    let sb = sandbox("healthy");
    // A port that speaks only plain HTTP (the sandbox's own port speaks TLS as well).
    let plain = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = plain.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut tcp in plain.incoming().flatten() {
            let mut buf = [0u8; 1024];
            let _ = tcp.read(&mut buf);
            let _ = tcp.write_all(
                b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
        }
    });
    let url = format!("https://{addr}/rets/login");
    let r = run(
        with(against(&home, &sb), &[("RETS_LOGIN_URL", &url)]),
        &["rets", "check", "-o", "json", "--timeout", "1"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let reach = r.step("reach");
    assert_eq!(reach["data"]["phase"], "tls");
    assert!(reach["summary"]
        .as_str()
        .unwrap()
        .contains("TLS handshake failed"));
}

#[test]
fn slow_server_times_out_and_says_so() {
    let home = Home::new();
    let sb = sandbox("rets-slow");
    let r = check(&home, &sb, &["--timeout", "0.5"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let reach = r.step("reach");
    assert_eq!(reach["data"]["phase"], "timeout");
    assert!(reach["summary"].as_str().unwrap().contains("timed out"));
}

#[test]
fn missing_credential_is_exit_3_naming_the_variable() {
    let home = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        without(against(&home, &sb), "RETS_PASSWORD"),
        &["rets", "check", "-o", "json"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let j = r.json();
    assert!(j["error"].as_str().unwrap().contains("RETS_PASSWORD"));
    assert!(j["hint"]
        .as_str()
        .unwrap()
        .contains("export RETS_PASSWORD="));
    assert!(sb.state.recorded().is_empty());
}

#[test]
fn dry_run_still_checks_because_every_request_is_a_read() {
    let home = Home::new();
    let sb = sandbox("healthy");
    let r = check(&home, &sb, &["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(sb.state.recorded().iter().all(|q| q.method == "GET"));
}

#[test]
fn prom_output_has_the_record_count() {
    let home = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&home, &sb), &["rets", "check", "-o", "prom"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("rets_search_records"), "{}", r.stdout);
}

fn feeds_config(sb: &Background, extra: &str) -> String {
    let u = sb.url();
    format!(
        r#"
[[default.rets.feeds]]
name = "north-shore"
login_url = "{u}/rets/login"
username = "agent-ns"

[[default.rets.feeds]]
name = "lakeside"
login_url = "{u}/rets/login"
username = "agent-ls"

[[default.rets.feeds]]
name = "valley"
kind = "reso"
url = "{u}/reso/odata"
token_url = "{u}/reso/token"
client_id = "{SANDBOX_RESO_CLIENT_ID}"
{extra}
"#
    )
}

/// The sandbox's env without the single RETS_* feed, so only the configured feeds run.
fn feeds_cmd(home: &Home, sb: &Background) -> Command {
    let mut c = against(home, sb);
    c.env_remove("RETS_LOGIN_URL")
        .env("RETS_NORTH_SHORE_PASSWORD", SANDBOX_RETS_PASSWORD)
        .env("RETS_LAKESIDE_PASSWORD", "lakeside-wrong-pw")
        .env("RESO_VALLEY_CLIENT_SECRET", SANDBOX_RESO_CLIENT_SECRET);
    c
}

#[test]
fn all_feeds_one_row_each_worst_feed_sets_the_exit_code() {
    let home = Home::new();
    let sb = sandbox("healthy");
    home.write_config(&feeds_config(&sb, ""));
    let r = run(
        feeds_cmd(&home, &sb),
        &["rets", "check", "--all", "--concurrency", "2", "-o", "json"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let j = r.json();
    let names: Vec<&str> = j["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["north-shore", "lakeside", "valley"]);
    let ns = r.step("north-shore");
    assert_eq!(ns["status"], "ok");
    assert_eq!(ns["data"]["kind"], "rets");
    assert!(ns["summary"]
        .as_str()
        .unwrap()
        .starts_with("rets ok: 1234 records"));
    assert_eq!(ns["data"]["steps"].as_array().unwrap().len(), 7);
    let ls = r.step("lakeside");
    assert_eq!(ls["status"], "crit");
    assert!(ls["summary"]
        .as_str()
        .unwrap()
        .starts_with("login: authentication failed"));
    assert!(ls["hint"]
        .as_str()
        .unwrap()
        .contains("RETS_LAKESIDE_PASSWORD"));
    assert!(ls["hint"]
        .as_str()
        .unwrap()
        .contains("`intops rets check --feed lakeside`"));
    let v = r.step("valley");
    assert_eq!(v["status"], "ok", "{v}");
    assert_eq!(v["data"]["kind"], "reso");
    // Each feed logged in with its own user name.
    let users: Vec<String> = sb
        .state
        .recorded()
        .iter()
        .filter_map(|q| q.headers.get("authorization"))
        .filter_map(|a| a.split("username=\"").nth(1).map(|u| u[..8].to_string()))
        .collect();
    assert!(users.iter().any(|u| u == "agent-ns"));
    assert!(users.iter().any(|u| u == "agent-ls"));
    assert_no_secret(&r, "lakeside-wrong-pw");
    assert_no_secret(&r, SANDBOX_RESO_CLIENT_SECRET);
    assert_no_secret(&r, SANDBOX_RESO_TOKEN);
}

#[test]
fn a_feed_without_its_secret_is_unknown_and_the_others_still_run() {
    let home = Home::new();
    let sb = sandbox("healthy");
    home.write_config(&feeds_config(&sb, ""));
    let r = run(
        without(feeds_cmd(&home, &sb), "RETS_LAKESIDE_PASSWORD"),
        &["rets", "check", "--all", "-o", "json"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let ls = r.step("lakeside");
    assert_eq!(ls["status"], "unknown");
    assert!(ls["summary"]
        .as_str()
        .unwrap()
        .contains("RETS_LAKESIDE_PASSWORD"));
    assert_eq!(r.step("north-shore")["status"], "ok");
}

#[test]
fn reso_stale_feed_is_crit_with_the_runbook_symptom() {
    let home = Home::new();
    let sb = sandbox("reso-stale");
    home.write_config(&feeds_config(&sb, ""));
    let r = run(
        feeds_cmd(&home, &sb),
        &["rets", "check", "--feed", "valley", "-o", "json"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let f = r.step("freshness");
    assert_eq!(f["status"], "crit");
    assert!(f["summary"]
        .as_str()
        .unwrap()
        .starts_with("properties are not being updated"));
    assert!(f["data"]["lag_seconds"].as_u64().unwrap() >= 30 * 3600 - 60);
    assert_eq!(r.step("token")["status"], "ok");
    assert_eq!(r.step("metadata")["status"], "ok");
    let q = sb
        .state
        .recorded()
        .into_iter()
        .find(|q| q.path == "/reso/odata/Property")
        .unwrap();
    assert!(
        q.query.contains("%24orderby=ModificationTimestamp+desc")
            || q.query.contains("$orderby=ModificationTimestamp"),
        "{}",
        q.query
    );
    assert!(q.query.contains("top=1"));
}

#[test]
fn reso_thresholds_are_configurable() {
    let home = Home::new();
    let sb = sandbox("healthy");
    // The sandbox's newest record is 5 minutes old: over a 1-minute warning.
    home.write_config(&feeds_config(&sb, "lag_warn = \"1m\""));
    let r = run(
        feeds_cmd(&home, &sb),
        &["rets", "check", "--feed", "valley", "-o", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("freshness")["status"], "warn");
    assert_eq!(r.step("freshness")["data"]["lag_warn_seconds"], 60);
}

#[test]
fn reso_bad_client_secret_and_bad_bearer_token_are_auth_failures() {
    let home = Home::new();
    let sb = sandbox("healthy");
    home.write_config(&feeds_config(&sb, ""));
    let r = run(
        with(
            feeds_cmd(&home, &sb),
            &[("RESO_VALLEY_CLIENT_SECRET", "wrong-reso-secret")],
        ),
        &["rets", "check", "--feed", "valley", "-o", "json"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let t = r.step("token");
    assert_eq!(t["data"]["code"], "invalid_client");
    assert!(t["hint"]
        .as_str()
        .unwrap()
        .contains("RESO_VALLEY_CLIENT_SECRET"));
    assert_no_secret(&r, "wrong-reso-secret");

    // A fixed bearer token (no token_url) that the server refuses.
    let home = Home::new();
    let u = sb.url();
    home.write_config(&format!(
        "[[default.rets.feeds]]\nname = \"grid\"\nkind = \"reso\"\nurl = \"{u}/reso/odata\"\n"
    ));
    let r = run(
        with(home.cmd(), &[("RESO_GRID_TOKEN", "expired-bearer-token")]),
        &["rets", "check", "-o", "json"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let m = r.step("metadata");
    assert!(m["summary"]
        .as_str()
        .unwrap()
        .contains("authentication failed"));
    assert_no_secret(&r, "expired-bearer-token");
}

#[test]
fn reso_html_error_page_and_truncated_json() {
    let home = Home::new();
    for (scenario, status) in [("html-502", "crit"), ("truncated-json", "unknown")] {
        let sb = sandbox(scenario);
        home.write_config(&format!(
            "[[default.rets.feeds]]\nname = \"grid\"\nkind = \"reso\"\nurl = \"{}/reso/odata\"\n",
            sb.url()
        ));
        let r = run(
            with(home.cmd(), &[("RESO_GRID_TOKEN", SANDBOX_RESO_TOKEN)]),
            &["rets", "check", "-o", "json"],
        );
        assert_eq!(
            r.step("metadata")["status"],
            status,
            "{scenario}: {}",
            r.stdout
        );
        assert_eq!(
            r.step("freshness")["status"],
            status,
            "{scenario}: {}",
            r.stdout
        );
        if scenario == "html-502" {
            assert!(r.step("freshness")["summary"]
                .as_str()
                .unwrap()
                .contains("502"));
        }
    }
}

#[test]
fn several_feeds_without_all_or_feed_is_a_usage_error() {
    let home = Home::new();
    let sb = sandbox("healthy");
    home.write_config(&feeds_config(&sb, ""));
    let r = run(feeds_cmd(&home, &sb), &["rets", "check", "-o", "json"]);
    assert_eq!(r.code, 3);
    assert!(r.json()["error"].as_str().unwrap().contains("--all"));
    let r = run(
        feeds_cmd(&home, &sb),
        &["rets", "check", "--feed", "nope", "-o", "json"],
    );
    assert_eq!(r.code, 3);
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("north-shore, lakeside, valley"));
}

#[test]
fn all_without_any_feed_says_how_to_add_one() {
    let home = Home::new();
    let r = run(home.cmd(), &["rets", "check", "--all", "-o", "json"]);
    assert_eq!(r.code, 3);
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("[[default.rets.feeds]]"));
}

#[test]
fn a_config_typo_is_named() {
    let home = Home::new();
    home.write_config("[[default.rets.feeds]]\nname = \"x\"\nlogin_ulr = \"http://x\"\n");
    let r = run(home.cmd(), &["rets", "check", "--all", "-o", "json"]);
    assert_eq!(r.code, 3);
    assert!(
        r.json()["error"].as_str().unwrap().contains("login_ulr"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_dropped_session_is_recovered_by_one_relogin() {
    let home = Home::new();
    let sb = sandbox("rets-session-drop");
    let r = check(&home, &sb, &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("search")["status"], "ok");
    assert_eq!(r.step("search")["data"]["records"], 1234);
    let s = r.step("session");
    assert_eq!(s["status"], "warn");
    assert_eq!(s["data"]["relogins"], 1);
    let logins = paths(&sb)
        .iter()
        .filter(|p| *p == "GET /rets/login")
        .count();
    assert_eq!(logins, 3, "{:?}", paths(&sb));
}

#[test]
fn an_answer_that_is_not_rets_is_unknown_and_says_what_came() {
    let home = Home::new();
    let sb = sandbox("truncated-json");
    let r = check(&home, &sb, &[]);
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("login");
    assert_eq!(s["status"], "unknown");
    assert!(
        s["summary"].as_str().unwrap().contains("no XML element"),
        "{}",
        r.stdout
    );
}

#[test]
fn reso_without_orderby_falls_back_to_counting_recent_changes() {
    let home = Home::new();
    let sb = sandbox("reso-no-orderby");
    home.write_config(&feeds_config(&sb, ""));
    let r = run(
        feeds_cmd(&home, &sb),
        &["rets", "check", "--feed", "valley", "-o", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let f = r.step("freshness");
    assert!(
        f["summary"]
            .as_str()
            .unwrap()
            .contains("1 Property records modified in the last 1h"),
        "{f}"
    );
    let q = sb
        .state
        .recorded()
        .into_iter()
        .rfind(|q| q.path == "/reso/odata/Property")
        .unwrap();
    assert!(q.query.contains("count=true"), "{}", q.query);

    // Stale and without $orderby: nothing in the last 24 h is crit.
    let sb = sandbox("reso-no-orderby,reso-stale");
    home.write_config(&feeds_config(&sb, ""));
    let r = run(
        feeds_cmd(&home, &sb),
        &["rets", "check", "--feed", "valley", "-o", "json"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("freshness")["summary"]
        .as_str()
        .unwrap()
        .starts_with("properties are not being updated"));
}
