//! `intops zoho refresh-token|check` and `intops api zoho` against the sandbox.

use crate::common::*;
use intops::sandbox::zoho::{
    refresh_count, SANDBOX_BILLING_ORG, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

const ENV_TEXT: &str = "# service .env\nSUPABASE_URL=https://x.supabase.co\n\n# Zoho\nZOHO_ACCESS_TOKEN=1000.old.token # refreshed by intops\nexport OTHER_VALUE=\"keep me\"\n";

fn env_file(h: &Home) -> PathBuf {
    let p = h.path().join("service.env");
    std::fs::write(&p, ENV_TEXT).unwrap();
    p
}

fn token_in(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("ZOHO_ACCESS_TOKEN="))
        .unwrap();
    line["ZOHO_ACCESS_TOKEN=".len()..]
        .split(" #")
        .next()
        .unwrap()
        .to_string()
}

fn posts(sb: &intops::sandbox::Background, path_end: &str) -> usize {
    sb.state
        .recorded()
        .iter()
        .filter(|q| q.method == "POST" && q.path.ends_with(path_end))
        .count()
}

#[cfg(unix)]
#[test]
fn refresh_stores_token_in_env_file_keeping_other_lines_and_mode() {
    use std::os::unix::fs::PermissionsExt;
    let h = Home::new();
    let sb = sandbox("healthy");
    let env = env_file(&h);
    std::fs::set_permissions(&env, std::fs::Permissions::from_mode(0o640)).unwrap();
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--env-file",
            env.to_str().unwrap(),
            "zoho",
            "refresh-token",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let t = r.step("token");
    assert_eq!(t["status"], "ok");
    assert!(
        t["summary"]
            .as_str()
            .unwrap()
            .starts_with("new access token: expires in 60 min"),
        "{t}"
    );
    assert!(t["data"]["api_domain"]
        .as_str()
        .unwrap()
        .ends_with("/zoho/api"));
    assert_eq!(r.step("store")["data"]["stored_in"], "env-file");
    let token = token_in(&env);
    assert!(token.starts_with("1000.sandboxaccess0001."), "{token}");
    let expected = ENV_TEXT.replace("1000.old.token", &token);
    assert_eq!(std::fs::read_to_string(&env).unwrap(), expected);
    let mode = std::fs::metadata(&env).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // The grant went as a form body to the accounts host, and no secret was printed.
    let req = sb
        .state
        .recorded()
        .into_iter()
        .find(|q| q.path == "/zoho/accounts/oauth/v2/token")
        .unwrap();
    assert!(req.body.contains("grant_type=refresh_token"));
    assert!(req.query.is_empty(), "secrets in the URL: {}", req.query);
    assert_no_secret(&r, &token);
    assert_no_secret(&r, SANDBOX_CLIENT_SECRET);
    assert_no_secret(&r, SANDBOX_REFRESH_TOKEN);
    // Only non-secret metadata in the cache dir.
    let cache = std::fs::read_to_string(h.path().join("cache/intops/zoho-default.json")).unwrap();
    assert!(
        !cache.contains(&token) && cache.contains("expires_at"),
        "{cache}"
    );
}

#[test]
fn a_fresh_cached_token_is_reused_unless_forced() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let env = env_file(&h);
    let args = [
        "-o",
        "json",
        "--env-file",
        env.to_str().unwrap(),
        "zoho",
        "refresh-token",
    ];
    assert_eq!(run(against(&h, &sb), &args).code, 0);
    let first = token_in(&env);
    let r = run(against(&h, &sb), &args);
    assert_eq!(r.code, 0, "{}", r.all());
    let t = r.step("token");
    assert!(
        t["summary"]
            .as_str()
            .unwrap()
            .starts_with("cached access token reused"),
        "{t}"
    );
    assert_eq!(t["data"]["cached"], true);
    assert_eq!(refresh_count(&sb.state), 1);
    assert_eq!(token_in(&env), first);
    let mut forced = args.to_vec();
    forced.push("--force");
    let r = run(against(&h, &sb), &forced);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(refresh_count(&sb.state), 2);
    assert_ne!(token_in(&env), first);
}

#[test]
fn two_concurrent_runs_refresh_once() {
    let h = Home::new();
    // Slow answers make the two runs overlap.
    let sb = slow_sandbox("healthy", Duration::from_millis(700));
    let env = env_file(&h);
    let env_s = env.to_str().unwrap().to_string();
    let runs: Vec<Run> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let c = against(&h, &sb);
                let env_s = env_s.clone();
                s.spawn(move || {
                    run(
                        c,
                        &["-o", "json", "--env-file", &env_s, "zoho", "refresh-token"],
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in &runs {
        assert_eq!(r.code, 0, "{}", r.all());
    }
    assert_eq!(refresh_count(&sb.state), 1, "the sandbox saw two refreshes");
    assert_eq!(posts(&sb, "/oauth/v2/token"), 1);
    let cached: Vec<bool> = runs
        .iter()
        .map(|r| r.step("token")["data"]["cached"].as_bool().unwrap())
        .collect();
    assert!(
        cached.contains(&true) && cached.contains(&false),
        "{cached:?}"
    );
}

#[test]
fn invalid_code_at_http_200_is_crit_with_hint() {
    let h = Home::new();
    let sb = sandbox("zoho-invalid-code");
    let r = run(against(&h, &sb), &["-o", "json", "zoho", "refresh-token"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let t = r.step("token");
    assert_eq!(t["status"], "crit");
    assert_eq!(t["data"]["code"], "invalid_code");
    assert_eq!(t["data"]["http_status"], 200);
    assert!(t["hint"]
        .as_str()
        .unwrap()
        .contains("intops auth set ZOHO_REFRESH_TOKEN"));
}

#[test]
fn invalid_client_hints_at_the_wrong_data_centre() {
    let h = Home::new();
    let sb = sandbox("zoho-wrong-dc");
    let r = run(against(&h, &sb), &["zoho", "refresh-token"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("wrong data centre?"), "{}", r.stdout);
    assert!(r.stdout.contains("invalid_client"));
}

#[test]
fn throttled_refresh_says_wait() {
    let h = Home::new();
    let sb = sandbox("zoho-throttled");
    let r = run(against(&h, &sb), &["-o", "json", "zoho", "refresh-token"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let t = r.step("token");
    assert_eq!(t["data"]["cause"], "rate limited");
    assert!(t["hint"].as_str().unwrap().contains("at most 10 refreshes"));
    // Throttled once is enough: no retry loop against the limit.
    assert_eq!(posts(&sb, "/oauth/v2/token"), 1);
}

#[test]
fn wrong_client_secret_is_named_and_masked() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("ZOHO_CLIENT_SECRET", "wrong-secret-value-123");
    let r = run(c, &["-o", "json", "-v", "zoho", "refresh-token"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("token")["data"]["code"], "invalid_client_secret");
    assert!(r.step("token")["hint"]
        .as_str()
        .unwrap()
        .contains("ZOHO_CLIENT_SECRET"));
    assert_no_secret(&r, "wrong-secret-value-123");
    assert_no_secret(&r, SANDBOX_REFRESH_TOKEN);
}

#[test]
fn missing_refresh_token_exits_3_naming_it() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("ZOHO_REFRESH_TOKEN");
    let r = run(c, &["-o", "json", "zoho", "refresh-token"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stdout.contains("ZOHO_REFRESH_TOKEN"));
    assert!(r.json()["hint"]
        .as_str()
        .unwrap()
        .contains("export ZOHO_REFRESH_TOKEN="));
    assert!(sb.state.recorded().is_empty());
}

#[test]
fn unknown_data_centre_exits_3() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env("ZOHO_DC", "de")
        .env("ZOHO_CLIENT_ID", "x")
        .env("ZOHO_CLIENT_SECRET", "y")
        .env("ZOHO_REFRESH_TOKEN", "z");
    let r = run(c, &["zoho", "refresh-token"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("com.au"), "{}", r.stderr);
}

#[test]
fn dry_run_refresh_sends_nothing() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let env = env_file(&h);
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--dry-run",
            "--env-file",
            env.to_str().unwrap(),
            "zoho",
            "refresh-token",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let t = r.step("token");
    assert_eq!(t["status"], "skipped");
    assert!(t["summary"].as_str().unwrap().contains("POST"), "{t}");
    assert!(
        t["summary"].as_str().unwrap().contains("client_secret=***"),
        "{t}"
    );
    assert!(sb.state.recorded().is_empty());
    assert_eq!(std::fs::read_to_string(&env).unwrap(), ENV_TEXT);
    assert_no_secret(&r, SANDBOX_CLIENT_SECRET);
}

#[test]
fn without_keyring_or_env_file_the_token_is_not_stored_and_says_how() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "zoho", "refresh-token"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let s = r.step("store");
    assert_eq!(s["status"], "warn");
    assert!(s["hint"].as_str().unwrap().contains("--env-file"));
}

#[test]
fn unreachable_accounts_host_is_crit() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env(
        "INTOPS_ZOHO_ACCOUNTS_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    );
    let r = run(
        c,
        &["-o", "json", "--timeout", "1", "zoho", "refresh-token"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("token")["summary"]
        .as_str()
        .unwrap()
        .contains("connection refused"));
}

#[test]
fn html_error_page_is_crit_and_truncated_json_unknown() {
    let h = Home::new();
    let sb = sandbox("html-502");
    let r = run(against(&h, &sb), &["-o", "json", "zoho", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("token")["summary"]
        .as_str()
        .unwrap()
        .contains("HTML"));
    let sb = sandbox("truncated-json");
    let r = run(against(&h, &sb), &["-o", "json", "zoho", "check"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert_eq!(r.step("token")["status"], "unknown");
}

#[test]
fn check_calls_current_user_with_zoho_oauthtoken_header() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let env = env_file(&h);
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "-v",
            "--env-file",
            env.to_str().unwrap(),
            "zoho",
            "check",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let u = r.step("crm user");
    assert_eq!(u["status"], "ok");
    assert!(u["summary"]
        .as_str()
        .unwrap()
        .starts_with("Patricia Boyle <p.boyle@zylker.example>"));
    assert_eq!(u["data"]["api_credits_remaining"], 4500);
    let req = sb
        .state
        .recorded()
        .into_iter()
        .find(|q| q.path == "/zoho/api/crm/v8/users")
        .unwrap();
    assert_eq!(req.query, "type=CurrentUser");
    let token = token_in(&env);
    assert_eq!(
        req.headers["authorization"],
        format!("Zoho-oauthtoken {token}")
    );
    assert_no_secret(&r, &token);
    assert!(
        r.stderr.contains("Zoho-oauthtoken ***") || r.stderr.contains("Authorization: ***"),
        "{}",
        r.stderr
    );
    // The second check reuses the stored token.
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--env-file",
            env.to_str().unwrap(),
            "zoho",
            "check",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(refresh_count(&sb.state), 1);
}

#[test]
fn check_classifies_crm_errors() {
    let cases = [
        // Refreshed moments ago: another refresh would loop, so the hint points at the DC.
        ("zoho-token-invalid", "INVALID_TOKEN", "ZOHO_DC"),
        ("zoho-auth-failure", "AUTHENTICATION_FAILURE", "ZOHO_DC"),
        (
            "zoho-scope-mismatch",
            "OAUTH_SCOPE_MISMATCH",
            "ZohoCRM.users.READ",
        ),
        ("zoho-no-permission", "NO_PERMISSION", "Profiles"),
        ("zoho-crm-rate-limited", "TOO_MANY_REQUESTS", "credits"),
    ];
    for (scenario, code, hint) in cases {
        let h = Home::new();
        let sb = sandbox(scenario);
        let r = run(against(&h, &sb), &["-o", "json", "zoho", "check"]);
        assert_eq!(r.code, 2, "{scenario}: {}", r.all());
        let u = r.step("crm user");
        assert_eq!(u["status"], "crit", "{scenario}");
        assert_eq!(u["data"]["code"], code, "{scenario}");
        assert!(
            u["hint"].as_str().unwrap().contains(hint),
            "{scenario}: {u}"
        );
    }
    let h = Home::new();
    let sb = sandbox("zoho-crm-rate-limited");
    let r = run(against(&h, &sb), &["-o", "json", "zoho", "check"]);
    assert_eq!(r.step("crm user")["data"]["retry_after_secs"], 120);
}

#[test]
fn check_with_only_an_access_token() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("ZOHO_REFRESH_TOKEN")
        .env("ZOHO_ACCESS_TOKEN", "1000.given.accesstoken");
    let r = run(c, &["-o", "json", "zoho", "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("token")["summary"]
        .as_str()
        .unwrap()
        .contains("expiry unknown"));
    assert_eq!(posts(&sb, "/oauth/v2/token"), 0);
    assert_no_secret(&r, "1000.given.accesstoken");
}

#[test]
fn test_contact_needs_confirmation_and_sends_nothing_without_it() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["zoho", "check", "--create-test-contact"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("--yes"));
    assert!(sb.state.recorded().is_empty());
}

#[test]
fn test_contact_created_with_yes() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--yes",
            "zoho",
            "check",
            "--create-test-contact",
            "--email",
            "oncall@example.com",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("test contact");
    assert_eq!(s["status"], "ok");
    assert_eq!(s["data"]["id"], "5725767000000524999");
    let req = sb
        .state
        .recorded()
        .into_iter()
        .find(|q| q.path == "/zoho/api/crm/v8/Contacts")
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
    assert_eq!(body["data"][0]["Email"], "oncall@example.com");
    assert_eq!(body["data"][0]["Last_Name"], "intops test");
    assert_eq!(body["trigger"], serde_json::json!([]));
}

#[test]
fn test_contact_dry_run_sends_no_contact() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--dry-run",
            "zoho",
            "check",
            "--create-test-contact",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("test contact");
    assert_eq!(s["status"], "skipped");
    assert!(s["summary"].as_str().unwrap().contains("/crm/v8/Contacts"));
    // Only the token grant (a read-only call the check needs) may be a POST.
    assert_eq!(posts(&sb, "/Contacts"), 0);
    assert!(sb
        .state
        .recorded()
        .iter()
        .all(|q| q.method == "GET" || q.path.ends_with("/oauth/v2/token")));
}

#[test]
fn test_contact_record_errors_name_the_field() {
    let cases = [
        (
            "zoho-contact-invalid",
            "INVALID_DATA",
            "Email",
            "type and format",
        ),
        (
            "zoho-contact-mandatory",
            "MANDATORY_NOT_FOUND",
            "Phone",
            "mandatory",
        ),
        (
            "zoho-contact-duplicate",
            "DUPLICATE_DATA",
            "Email",
            "5725767000000524157",
        ),
    ];
    for (scenario, code, field, hint) in cases {
        let h = Home::new();
        let sb = sandbox(scenario);
        let r = run(
            against(&h, &sb),
            &[
                "-o",
                "json",
                "--yes",
                "zoho",
                "check",
                "--create-test-contact",
            ],
        );
        assert_eq!(r.code, 2, "{scenario}: {}", r.all());
        let s = r.step("test contact");
        assert_eq!(s["status"], "crit");
        assert_eq!(s["data"]["code"], code);
        assert_eq!(s["data"]["field"], field);
        assert!(s["summary"]
            .as_str()
            .unwrap()
            .contains(&format!("(field {field})")));
        assert!(
            s["hint"].as_str().unwrap().contains(hint),
            "{scenario}: {s}"
        );
    }
}

#[test]
fn billing_check_when_an_org_is_configured() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env("ZOHO_BILLING_ORG_ID", SANDBOX_BILLING_ORG);
    let r = run(c, &["-o", "json", "zoho", "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("billing")["status"], "ok");
    let req = sb
        .state
        .recorded()
        .into_iter()
        .find(|q| q.path == "/zoho/api/billing/v1/organizations")
        .unwrap();
    assert_eq!(
        req.headers["x-com-zoho-subscriptions-organizationid"],
        SANDBOX_BILLING_ORG
    );
    let mut c = against(&h, &sb);
    c.env("ZOHO_BILLING_ORG_ID", "123");
    let r = run(c, &["-o", "json", "zoho", "check"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.step("billing")["hint"]
        .as_str()
        .unwrap()
        .contains("ZOHO_BILLING_ORG_ID"));
}

#[test]
fn api_zoho_uses_the_crm_token() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "api",
            "zoho",
            "GET",
            "/crm/v8/users",
            "-f",
            "type=CurrentUser",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("response")["data"]["http_status"], 200);
}

/// The README's example runs as written against the sandbox.
#[test]
fn api_zoho_org_as_the_readme_shows_it() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "api", "zoho", "GET", "/crm/v8/org"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("response")["data"]["http_status"], 200);
    assert!(r.stdout.contains("Zylker"), "{}", r.stdout);
}

#[test]
fn an_evicted_cached_token_is_refreshed_once() {
    let h = Home::new();
    let sb = sandbox("zoho-token-evicted");
    let env = env_file(&h);
    let e = env.to_str().unwrap();
    let r = run(
        against(&h, &sb),
        &["-o", "json", "--env-file", e, "zoho", "refresh-token"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let r = run(
        against(&h, &sb),
        &["-o", "json", "--env-file", e, "zoho", "check"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step("token")["summary"]
        .as_str()
        .unwrap()
        .starts_with("the cached token was rejected (INVALID_TOKEN), refreshed"));
    assert_eq!(r.step("crm user")["status"], "ok");
    assert_eq!(refresh_count(&sb.state), 2);
    assert!(token_in(&env).starts_with("1000.sandboxaccess0002."));
}

#[test]
fn a_cached_token_is_copied_to_a_newly_named_env_file() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let first = env_file(&h);
    let second = h.path().join("other.env");
    std::fs::write(&second, "# other service\nX=1\n").unwrap();
    let f = first.to_str().unwrap();
    let s = second.to_str().unwrap();
    assert_eq!(
        run(
            against(&h, &sb),
            &["--env-file", f, "zoho", "refresh-token"]
        )
        .code,
        0
    );
    let r = run(
        against(&h, &sb),
        &["-o", "json", "--env-file", s, "zoho", "refresh-token"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("token")["data"]["cached"], true);
    assert!(r.step("store")["summary"]
        .as_str()
        .unwrap()
        .contains("other.env"));
    assert_eq!(token_in(&second), token_in(&first));
    assert!(std::fs::read_to_string(&second)
        .unwrap()
        .starts_with("# other service\nX=1\n"));
    assert_eq!(refresh_count(&sb.state), 1);
}

#[test]
fn dc_from_the_env_file_picks_the_accounts_host() {
    // Without INTOPS_ZOHO_ACCOUNTS_URL the DC decides; with an unknown DC nothing is sent.
    let h = Home::new();
    let env = h.path().join(".env");
    std::fs::write(
        &env,
        "ZOHO_DC=mars\nZOHO_CLIENT_ID=a\nZOHO_CLIENT_SECRET=b\nZOHO_REFRESH_TOKEN=c\n",
    )
    .unwrap();
    let r = run(
        h.cmd(),
        &[
            "-o",
            "json",
            "--env-file",
            env.to_str().unwrap(),
            "zoho",
            "refresh-token",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.json()["error"].as_str().unwrap().contains("ZOHO_DC=mars"));
}
