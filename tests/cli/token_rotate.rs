//! `intops whatsapp token-rotate`: the new token is judged before it is stored, stored where the
//! service reads it (env file, Supabase Edge Function secrets), the service restarted, the token
//! verified. Meta and the Supabase Management API are wiremock servers with the documented shapes.

use crate::common::*;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NEW: &str = "EAAnewSystemUserToken7777";
const APP: &str = "1234567890";

fn valid(app: &str) -> serde_json::Value {
    json!({"data": {"app_id": app, "type": "SYSTEM_USER", "application": "agente", "is_valid": true,
        "expires_at": 0, "scopes": ["whatsapp_business_messaging", "whatsapp_business_management"]}})
}

async fn meta(debug: serde_json::Value, me_calls: u64) -> MockServer {
    let s = strict_server().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/debug_token"))
        .and(query_param("input_token", NEW))
        .respond_with(ResponseTemplate::new(200).set_body_json(debug))
        .expect(1..)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/me"))
        .and(header("authorization", format!("Bearer {NEW}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "61550000000001", "name": "agente-system-user"})),
        )
        .expect(me_calls)
        .mount(&s)
        .await;
    s
}

fn env_file(h: &Home) -> std::path::PathBuf {
    let p = h.path().join("service.env");
    std::fs::write(
        &p,
        "WHATSAPP_PHONE_NUMBER_ID=1065\nWHATSAPP_ACCESS_TOKEN=EAAoldToken0000\n",
    )
    .unwrap();
    p
}

fn cmd(h: &Home, meta: &MockServer) -> assert_cmd::Command {
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", meta.uri())
        .env("WHATSAPP_APP_ID", APP);
    c
}

#[test]
fn a_good_token_is_stored_in_the_env_file_the_service_restarted_and_verified() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(meta(valid(APP), 1));
    let h = Home::new();
    let marker = h.path().join("restarted");
    h.write_config(&format!(
        "[default.actions.restart]\nkind='command'\nargv=['touch','{}']\n",
        marker.display()
    ));
    let env = env_file(&h);
    let mut c = cmd(&h, &server);
    c.write_stdin(format!("{NEW}\n"));
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "token-rotate",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_no_secret(&r, NEW);
    let text = std::fs::read_to_string(&env).unwrap();
    assert!(
        text.contains(&format!("WHATSAPP_ACCESS_TOKEN={NEW}")),
        "{text}"
    );
    assert!(text.contains("WHATSAPP_PHONE_NUMBER_ID=1065"), "{text}");
    assert!(marker.exists(), "restart action did not run");
    assert_eq!(r.step("verify /me")["status"], "ok");
    assert_eq!(r.step("check token")["status"], "ok");
    rt.block_on(server.verify());
}

#[test]
fn an_expired_token_is_never_stored() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(meta(
        json!({"data": {"app_id": APP, "type": "SYSTEM_USER", "is_valid": false, "expires_at": 1700000000,
            "error": {"code": 190, "subcode": 463, "message": "Session has expired"}, "scopes": []}}),
        0,
    ));
    let h = Home::new();
    let marker = h.path().join("restarted");
    h.write_config(&format!(
        "[default.actions.restart]\nkind='command'\nargv=['touch','{}']\n",
        marker.display()
    ));
    let env = env_file(&h);
    let before = std::fs::read_to_string(&env).unwrap();
    let mut c = cmd(&h, &server);
    c.write_stdin(NEW);
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "token-rotate",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(
        r.step("store")["summary"],
        "not stored: the new token failed the check above"
    );
    assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
    assert!(!marker.exists());
    rt.block_on(server.verify());
}

#[test]
fn a_token_of_another_app_or_without_the_scopes_is_refused() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for debug in [
        valid("999999"),
        json!({"data": {"app_id": APP, "type": "SYSTEM_USER", "is_valid": true, "expires_at": 0, "scopes": ["business_management"]}}),
    ] {
        let server = rt.block_on(meta(debug, 0));
        let h = Home::new();
        let env = env_file(&h);
        let before = std::fs::read_to_string(&env).unwrap();
        let mut c = cmd(&h, &server);
        c.write_stdin(NEW);
        let r = run(
            c,
            &[
                "-o",
                "json",
                "--yes",
                "--env-file",
                env.to_str().unwrap(),
                "whatsapp",
                "token-rotate",
            ],
        );
        assert_eq!(r.code, 2, "{}", r.all());
        assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
        rt.block_on(server.verify());
    }
}

async fn supabase(status: u16, calls: u64) -> MockServer {
    let s = strict_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/projects/abcdefghijklmnop/secrets"))
        .and(header("authorization", "Bearer sbp_testaccesstoken123"))
        .and(body_json(
            json!([{"name": "WHATSAPP_ACCESS_TOKEN", "value": NEW}]),
        ))
        .respond_with(if status == 201 {
            ResponseTemplate::new(201)
        } else {
            ResponseTemplate::new(status).set_body_json(json!({"message": "Unauthorized"}))
        })
        .expect(calls)
        .mount(&s)
        .await;
    s
}

fn with_supabase(c: &mut assert_cmd::Command, sb: &MockServer) {
    c.env("INTOPS_SUPABASE_URL", sb.uri())
        .env("SUPABASE_ACCESS_TOKEN", "sbp_testaccesstoken123")
        .env("SUPABASE_PROJECT_REF", "abcdefghijklmnop");
}

#[test]
fn store_supabase_sets_the_edge_function_secret() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(meta(valid(APP), 1));
    let sb = rt.block_on(supabase(201, 1));
    let h = Home::new();
    let mut c = cmd(&h, &server);
    with_supabase(&mut c, &sb);
    c.write_stdin(NEW);
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "whatsapp",
            "token-rotate",
            "--store",
            "supabase",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_no_secret(&r, NEW);
    assert_no_secret(&r, "sbp_testaccesstoken123");
    assert_eq!(r.step("store supabase")["status"], "ok");
    assert_eq!(r.step("restart")["status"], "skipped");
    rt.block_on(server.verify());
    rt.block_on(sb.verify());
}

#[test]
fn a_refused_supabase_token_fails_and_names_the_fix() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(meta(valid(APP), 0));
    let sb = rt.block_on(supabase(401, 1));
    let h = Home::new();
    let mut c = cmd(&h, &server);
    with_supabase(&mut c, &sb);
    c.write_stdin(NEW);
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "whatsapp",
            "token-rotate",
            "--store",
            "supabase",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("store supabase");
    assert!(
        s["summary"].as_str().unwrap().contains("HTTP 401"),
        "{}",
        r.stdout
    );
    assert!(
        s["hint"]
            .as_str()
            .unwrap()
            .contains("SUPABASE_ACCESS_TOKEN"),
        "{}",
        r.stdout
    );
    rt.block_on(sb.verify());
}

#[test]
fn dry_run_checks_the_token_but_stores_and_restarts_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(meta(valid(APP), 0));
    let sb = rt.block_on(supabase(201, 0));
    let h = Home::new();
    let marker = h.path().join("restarted");
    h.write_config(&format!(
        "[default.actions.restart]\nkind='command'\nargv=['touch','{}']\n",
        marker.display()
    ));
    let env = env_file(&h);
    let before = std::fs::read_to_string(&env).unwrap();
    let mut c = cmd(&h, &server);
    with_supabase(&mut c, &sb);
    c.write_stdin(NEW);
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--dry-run",
            "--env-file",
            env.to_str().unwrap(),
            "whatsapp",
            "token-rotate",
            "--store",
            "env-file",
            "--store",
            "supabase",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("would POST"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(&format!("would run touch {}", marker.display())),
        "{}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(&env).unwrap(), before);
    assert!(!marker.exists());
    rt.block_on(sb.verify());
}

#[test]
fn no_token_on_stdin_and_missing_places_are_usage_errors() {
    let h = Home::new();
    let mut c = h.cmd();
    c.write_stdin("\n");
    let r = run(c, &["whatsapp", "token-rotate", "--store", "keyring"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("stdin"), "{}", r.all());
    let r = run(
        h.cmd(),
        &["whatsapp", "token-rotate", "--store", "env-file"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("--env-file"), "{}", r.all());
    let r = run(
        h.cmd(),
        &["whatsapp", "token-rotate", "--store", "supabase"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("SUPABASE_ACCESS_TOKEN"), "{}", r.all());
}
