//! `intops action list|run`: configured mitigations of every kind, against wiremock, a real
//! Postgres schema and a real Redis key of their own, and the incident timeline.

use crate::common::*;
use redis::Commands;
use serde_json::Value;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, ResponseTemplate};

fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

const RESTART: &str = r#"
[default.actions.restart]
kind = "command"
argv = ["sh", "-c", "echo restarting agente-api; echo token=$FLAGS_TOKEN"]
env = ["FLAGS_TOKEN"]
description = "docker compose restart agente-api"
"#;

fn open_incident(h: &Home) -> String {
    let r = run(
        h.cmd(),
        &[
            "-o",
            "json",
            "incident",
            "start",
            "whatsapp-outage",
            "--no-checks",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    r.step("incident")["data"]["id"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| {
            let s = r.step("incident")["summary"].as_str().unwrap().to_string();
            s.split_whitespace().next().unwrap().to_string()
        })
}

fn incident_file(h: &Home, id: &str) -> Value {
    let p = h.path().join(format!("state/intops/incidents/{id}.json"));
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn list_shows_configured_actions_and_the_well_known_ones_missing() {
    let h = Home::new();
    h.write_config(RESTART);
    let r = run(h.cmd(), &["-o", "json", "action", "list"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("restart");
    assert_eq!(s["data"]["kind"], "command");
    assert!(
        s["summary"].as_str().unwrap().contains("run sh -c"),
        "{}",
        r.stdout
    );
    assert_eq!(r.step("gmail-fallback")["status"], "skipped");
}

#[test]
fn a_command_runs_without_a_shell_its_output_redacted_and_recorded_in_the_open_incident() {
    let h = Home::new();
    h.write_config(RESTART);
    let id = open_incident(&h);
    let secret = "flags-secret-8f3a9c";
    let mut c = h.cmd();
    c.env("FLAGS_TOKEN", secret);
    let r = run(c, &["-o", "json", "--yes", "action", "run", "restart"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_no_secret(&r, secret);
    let s = r.step("restart");
    assert_eq!(s["status"], "ok");
    assert!(s["data"]["output"]
        .as_str()
        .unwrap()
        .contains("restarting agente-api"));
    assert!(s["data"]["output"].as_str().unwrap().contains("token=***"));
    assert_eq!(r.step("timeline")["data"]["incident"], id.as_str());
    let inc = incident_file(&h, &id);
    let runs = inc["actions"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["action"], "restart");
    assert_eq!(runs[0]["status"], "ok");
    assert_eq!(runs[0]["mitigation"], true);
    assert!(!inc.to_string().contains(secret));
}

#[test]
fn a_failing_command_exits_2_and_its_failure_is_on_the_timeline() {
    let h = Home::new();
    h.write_config("[default.actions.restart]\nkind='command'\nargv=['sh','-c','echo no such service >&2; exit 4']\n");
    let id = open_incident(&h);
    let r = run(
        h.cmd(),
        &["-o", "json", "--yes", "action", "run", "restart"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("restart");
    assert_eq!(s["summary"], "sh exited 4");
    assert!(s["data"]["output"]
        .as_str()
        .unwrap()
        .contains("no such service"));
    let inc = incident_file(&h, &id);
    assert_eq!(inc["actions"][0]["status"], "crit");
    assert_eq!(inc["actions"][0]["mitigation"], false);
}

#[test]
fn a_command_past_its_timeout_is_stopped_and_fails() {
    let h = Home::new();
    h.write_config("[default.actions.restart]\nkind='command'\nargv=['sleep','30']\ntimeout=0.5\n");
    let r = run(
        h.cmd(),
        &["-o", "json", "--yes", "action", "run", "restart"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.step("restart")["summary"]
            .as_str()
            .unwrap()
            .contains("did not finish within 0.5s"),
        "{}",
        r.stdout
    );
    assert_eq!(r.step("timeline")["status"], "skipped");
}

#[test]
fn a_missing_program_is_a_failed_action_that_names_it() {
    let h = Home::new();
    h.write_config("[default.actions.restart]\nkind='command'\nargv=['intops-no-such-program']\n");
    let r = run(
        h.cmd(),
        &["-o", "json", "--yes", "action", "run", "restart"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stdout.contains("cannot start intops-no-such-program"),
        "{}",
        r.stdout
    );
}

#[test]
fn without_a_terminal_it_refuses_without_yes_and_runs_nothing() {
    let h = Home::new();
    let marker = h.path().join("ran");
    h.write_config(&format!(
        "[default.actions.restart]\nkind='command'\nargv=['touch','{}']\n",
        marker.display()
    ));
    let r = run(h.cmd(), &["action", "run", "restart"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("--yes"), "{}", r.all());
    assert!(!marker.exists());
}

#[test]
fn dry_run_shows_the_argv_and_runs_nothing() {
    let h = Home::new();
    let marker = h.path().join("ran");
    h.write_config(&format!(
        "[default.actions.restart]\nkind='command'\nargv=['touch','{}']\n",
        marker.display()
    ));
    let id = open_incident(&h);
    let r = run(
        h.cmd(),
        &["-o", "json", "--dry-run", "action", "run", "restart"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("restart");
    assert_eq!(s["status"], "skipped");
    assert_eq!(
        s["data"]["would_run"],
        format!("run touch {}", marker.display())
    );
    assert!(!marker.exists());
    assert!(incident_file(&h, &id)["actions"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn unknown_actions_and_bad_config_exit_3_and_say_how_to_fix() {
    let h = Home::new();
    h.write_config(RESTART);
    let r = run(h.cmd(), &["--yes", "action", "run", "gmail-fallback"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.all().contains("[default.actions.gmail-fallback]"),
        "{}",
        r.all()
    );
    assert!(r.all().contains("configured: restart"), "{}", r.all());

    h.write_config("[default.actions.x]\nkind='shell'\nline='rm -rf /'\n");
    let r = run(h.cmd(), &["action", "list"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("[default.actions.x]"), "{}", r.all());

    h.write_config(
        "[default.actions.restart]\nkind='command'\nargv=['true']\nenv=['FLAGS_TOKEN']\n",
    );
    let r = run(h.cmd(), &["--yes", "action", "run", "restart"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("FLAGS_TOKEN"), "{}", r.all());
}

#[test]
fn an_action_from_the_environment_is_not_an_action() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_ACTIONS_RESTART", "touch /tmp/x");
    let r = run(c, &["--yes", "action", "run", "restart"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("configured: none"), "{}", r.all());
}

fn http_config(uri: &str) -> String {
    format!(
        r#"
[default.actions.gmail-fallback]
kind = "http"
method = "PUT"
url = "{uri}/flags/channels.gmail.priority"
headers = {{ Authorization = "Bearer ${{FLAGS_TOKEN}}" }}
body = '{{"enabled": true}}'
undo = "gmail-fallback-off"

[default.actions.gmail-fallback-off]
kind = "http"
method = "DELETE"
url = "{uri}/flags/channels.gmail.priority"
headers = {{ Authorization = "Bearer ${{FLAGS_TOKEN}}" }}
"#
    )
}

#[test]
fn http_action_sends_the_secret_only_on_the_wire_and_undo_runs_its_undo() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let secret = "flags-token-77aa99";
    let server = rt.block_on(async {
        let s = strict_server().await;
        Mock::given(method("PUT"))
            .and(path("/flags/channels.gmail.priority"))
            .and(header("authorization", format!("Bearer {secret}").as_str()))
            .and(body_string(r#"{"enabled": true}"#))
            .respond_with(ResponseTemplate::new(200).set_body_string(format!("ok, token {secret}")))
            .expect(1)
            .mount(&s)
            .await;
        Mock::given(method("DELETE"))
            .and(path("/flags/channels.gmail.priority"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    h.write_config(&http_config(&server.uri()));
    let mut c = h.cmd();
    c.env("FLAGS_TOKEN", secret);
    let r = run(
        c,
        &["-o", "json", "--yes", "action", "run", "gmail-fallback"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_no_secret(&r, secret);
    assert_eq!(r.step("gmail-fallback")["summary"], "HTTP 200");

    let mut c = h.cmd();
    c.env("FLAGS_TOKEN", secret);
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "action",
            "run",
            "gmail-fallback",
            "--undo",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        r.step("undo gmail-fallback (gmail-fallback-off)")["summary"],
        "HTTP 204"
    );
    rt.block_on(server.verify());
}

#[test]
fn http_dry_run_names_the_secret_and_sends_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(strict_server());
    let h = Home::new();
    h.write_config(&http_config(&server.uri()));
    let mut c = h.cmd();
    c.env("FLAGS_TOKEN", "flags-token-77aa99");
    let r = run(
        c,
        &["-o", "json", "--dry-run", "action", "run", "gmail-fallback"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let would = r.step("gmail-fallback")["data"]["would_run"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        would.starts_with(&format!(
            "PUT {}/flags/channels.gmail.priority",
            server.uri()
        )),
        "{would}"
    );
    assert!(
        would.contains(r#"header Authorization = "Bearer ${FLAGS_TOKEN}""#),
        "{would}"
    );
    assert!(rt.block_on(server.received_requests()).unwrap().is_empty());
}

#[test]
fn http_5xx_and_refused_connections_fail_the_action() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let s = strict_server().await;
        Mock::given(method("PUT"))
            .respond_with(
                ResponseTemplate::new(503)
                    .set_body_string("<html><body>Service Unavailable</body></html>")
                    .insert_header("content-type", "text/html"),
            )
            .expect(1)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    h.write_config(&http_config(&server.uri()));
    let mut c = h.cmd();
    c.env("FLAGS_TOKEN", "flags-token-77aa99");
    let r = run(
        c,
        &["-o", "json", "--yes", "action", "run", "gmail-fallback"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.step("gmail-fallback")["summary"]
            .as_str()
            .unwrap()
            .starts_with("HTTP 503"),
        "{}",
        r.stdout
    );

    h.write_config(&http_config(&format!("http://127.0.0.1:{}", closed_port())));
    let mut c = h.cmd();
    c.env("FLAGS_TOKEN", "flags-token-77aa99");
    let r = run(
        c,
        &["-o", "json", "--yes", "action", "run", "gmail-fallback"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.step("gmail-fallback")["summary"]
            .as_str()
            .unwrap()
            .contains("unreachable"),
        "{}",
        r.stdout
    );
}

#[test]
fn sql_action_sets_and_clears_the_feature_flag() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let schema = format!("intops_action_{:08x}", rand::random::<u32>());
    let client = rt.block_on(async {
        let (c, conn) = tokio_postgres::connect(&database_url(), tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(conn);
        c.batch_execute(&format!(
            "CREATE SCHEMA {schema}; CREATE TABLE {schema}.feature_flags (name text primary key, enabled bool not null); INSERT INTO {schema}.feature_flags VALUES ('channels.gmail.priority', false);"
        ))
        .await
        .unwrap();
        c
    });
    let flag = |rt: &tokio::runtime::Runtime| -> bool {
        rt.block_on(client.query_one(
            &format!(
                "SELECT enabled FROM {schema}.feature_flags WHERE name = 'channels.gmail.priority'"
            ),
            &[],
        ))
        .unwrap()
        .get(0)
    };
    let h = Home::new();
    h.write_config(&format!(
        "[default.actions.gmail-fallback]\nkind='sql'\nstatement=\"UPDATE {schema}.feature_flags SET enabled = true WHERE name = 'channels.gmail.priority'\"\nundo='gmail-fallback-off'\n\
         [default.actions.gmail-fallback-off]\nkind='sql'\nstatement=\"UPDATE {schema}.feature_flags SET enabled = false WHERE name = 'channels.gmail.priority'\"\n\
         [default.actions.two]\nkind='sql'\nstatement=\"UPDATE {schema}.feature_flags SET enabled = true; DROP TABLE {schema}.feature_flags\"\n"
    ));
    let mut c = h.cmd();
    c.env("DATABASE_URL", database_url());
    let r = run(
        c,
        &["-o", "json", "--dry-run", "action", "run", "gmail-fallback"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!flag(&rt), "dry run changed the flag");

    let mut c = h.cmd();
    c.env("DATABASE_URL", database_url());
    let r = run(
        c,
        &["-o", "json", "--yes", "action", "run", "gmail-fallback"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("gmail-fallback")["summary"], "1 row(s) affected");
    assert!(flag(&rt));

    let mut c = h.cmd();
    c.env("DATABASE_URL", database_url());
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "action",
            "run",
            "gmail-fallback",
            "--undo",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!flag(&rt));

    // One statement only: Postgres refuses two in a prepared statement, and nothing runs.
    let mut c = h.cmd();
    c.env("DATABASE_URL", database_url());
    let r = run(c, &["-o", "json", "--yes", "action", "run", "two"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(!flag(&rt));
    rt.block_on(client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")))
        .unwrap();
}

#[test]
fn redis_action_runs_one_command() {
    let key = format!("intops-test:action:{:08x}", rand::random::<u32>());
    let mut conn = redis::Client::open(redis_url())
        .unwrap()
        .get_connection()
        .unwrap();
    let h = Home::new();
    h.write_config(&format!(
        "[default.actions.gmail-fallback]\nkind='redis'\ncommand=['SET','{key}','1']\nundo='off'\n[default.actions.off]\nkind='redis'\ncommand=['DEL','{key}']\n"
    ));
    let mut c = h.cmd();
    c.env("REDIS_URL", redis_url());
    let r = run(
        c,
        &["-o", "json", "--yes", "action", "run", "gmail-fallback"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("gmail-fallback")["summary"], "Redis replied OK");
    let v: Option<String> = conn.get(&key).unwrap();
    assert_eq!(v.as_deref(), Some("1"));
    let mut c = h.cmd();
    c.env("REDIS_URL", redis_url());
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--yes",
            "action",
            "run",
            "gmail-fallback",
            "--undo",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let v: Option<String> = conn.get(&key).unwrap();
    assert_eq!(v, None);
}

fn backdate(h: &Home, id: &str, minutes: i64) {
    let p = h.path().join(format!("state/intops/incidents/{id}.json"));
    let mut v = incident_file(h, id);
    let started = chrono::Utc::now() - chrono::Duration::minutes(minutes);
    v["started_at"] = started.to_rfc3339().into();
    std::fs::write(p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[test]
fn the_mitigation_sla_shows_in_list_and_update_breaches_and_stops_at_a_mitigation() {
    let h = Home::new();
    h.write_config("[default.actions.restart]\nkind='command'\nargv=['true']\n");
    let id = open_incident(&h);
    let update = |h: &Home| {
        run(
            h.cmd(),
            &[
                "-o",
                "json",
                "incident",
                "update",
                &id,
                "--progress",
                "investigating",
            ],
        )
    };
    let r = update(&h);
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("mitigation sla");
    assert_eq!(s["status"], "ok");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains("left to mitigate (SLA 1h 00m)"),
        "{}",
        r.stdout
    );

    backdate(&h, &id, 90);
    let r = update(&h);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("mitigation sla")["status"], "warn");
    let r = run(h.cmd(), &["-o", "json", "incident", "list"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let s = r.step(&id);
    assert!(
        s["summary"].as_str().unwrap().contains("BREACHED 30m ago"),
        "{}",
        r.stdout
    );
    assert!(
        s["hint"]
            .as_str()
            .unwrap()
            .contains("intops action run gmail-fallback"),
        "{}",
        r.stdout
    );
    assert_eq!(s["data"]["mitigation"]["state"], "breached");

    let r = run(
        h.cmd(),
        &["-o", "json", "--yes", "action", "run", "restart"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let r = run(h.cmd(), &["-o", "json", "incident", "list"]);
    assert!(
        r.step(&id)["summary"]
            .as_str()
            .unwrap()
            .contains("mitigated after 1h 30m by `restart`"),
        "{}",
        r.stdout
    );
    let r = update(&h);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("mitigation sla")["status"], "ok");
}

#[test]
fn the_sla_is_configurable_per_profile() {
    let h = Home::new();
    h.write_config("[default.thresholds]\nmitigation_sla_minutes = 15\n");
    let id = open_incident(&h);
    backdate(&h, &id, 20);
    let r = run(h.cmd(), &["-o", "json", "incident", "list"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.step(&id)["summary"]
            .as_str()
            .unwrap()
            .contains("(15m) BREACHED 5m ago"),
        "{}",
        r.stdout
    );
}

#[test]
fn incident_start_whatsapp_outage_turns_on_the_fallback_prints_the_notice_and_the_impact() {
    let h = Home::new();
    let marker = h.path().join("fallback-on");
    h.write_config(&format!(
        "[default.settings]\nFALLBACK_EMAIL = 'support@example.com'\n[default.actions.gmail-fallback]\nkind='command'\nargv=['touch','{}']\n",
        marker.display()
    ));
    let r = run(
        h.cmd(),
        &[
            "-o",
            "json",
            "--yes",
            "incident",
            "start",
            "whatsapp-outage",
            "--no-checks",
            "--fallback",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(marker.exists(), "the fallback action did not run");
    let id = r.step("incident")["data"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(r.step("timeline")["data"]["incident"], id.as_str());
    assert_eq!(
        r.step("user notice")["summary"],
        "WhatsApp temporarily unavailable. Please use email: support@example.com"
    );
    let alert = r.step("incident")["data"]["template"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(alert.contains("User impact:"), "{alert}");
    assert!(alert.contains("Business impact:"), "{alert}");
    assert!(
        alert.contains("Alternative channels: email (support@example.com)"),
        "{alert}"
    );
    let inc = incident_file(&h, &id);
    assert_eq!(inc["actions"][0]["action"], "gmail-fallback");
}

#[test]
fn incident_start_without_fallback_says_how_and_runs_nothing() {
    let h = Home::new();
    let marker = h.path().join("fallback-on");
    h.write_config(&format!(
        "[default.actions.gmail-fallback]\nkind='command'\nargv=['touch','{}']\n",
        marker.display()
    ));
    let r = run(
        h.cmd(),
        &[
            "-o",
            "json",
            "incident",
            "start",
            "whatsapp-outage",
            "--no-checks",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("gmail fallback");
    assert_eq!(s["status"], "skipped");
    assert!(s["hint"]
        .as_str()
        .unwrap()
        .contains("intops action run gmail-fallback"));
    assert_eq!(r.step("user notice")["status"], "skipped");
    assert!(!marker.exists());
}

#[test]
fn incident_resolve_validates_with_the_checks_and_turns_the_fallback_off() {
    let h = Home::new();
    let flag = h.path().join("fallback-on");
    h.write_config(&format!(
        "[default.actions.gmail-fallback]\nkind='command'\nargv=['touch','{f}']\nundo='gmail-fallback-off'\n[default.actions.gmail-fallback-off]\nkind='command'\nargv=['rm','{f}']\n",
        f = flag.display()
    ));
    let r = run(
        h.cmd(),
        &[
            "-o",
            "json",
            "--yes",
            "incident",
            "start",
            "whatsapp-outage",
            "--no-checks",
            "--fallback",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(flag.exists());
    let id = r.step("incident")["data"]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--yes",
            "incident",
            "resolve",
            &id,
            "--root-cause",
            "token expired",
            "--fix",
            "rotated",
            "--undo-fallback",
        ],
    );
    // Every check is ok on the healthy sandbox (its callbacks are https, its CA trusted).
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("validate webhooks")["status"], "ok");
    assert!(!flag.exists(), "the fallback was not turned off");
    assert_eq!(
        r.step("undo gmail-fallback (gmail-fallback-off)")["status"],
        "ok"
    );
    let inc = incident_file(&h, &id);
    // The validation is what the checks said, not a default text.
    let validation = inc["resolution"]["validation"].as_str().unwrap();
    assert!(
        validation.contains("checks ok (") && validation.contains("webhooks"),
        "{validation}"
    );
    assert!(r.stdout.contains("validate "), "{}", r.stdout);
    assert_eq!(inc["actions"][1]["undo"], true);
}

#[test]
fn incident_resolve_says_the_fallback_is_still_on() {
    let h = Home::new();
    let flag = h.path().join("fallback-on");
    h.write_config(&format!(
        "[default.actions.gmail-fallback]\nkind='command'\nargv=['touch','{f}']\nundo='off'\n[default.actions.off]\nkind='command'\nargv=['rm','{f}']\n",
        f = flag.display()
    ));
    let r = run(
        h.cmd(),
        &[
            "-o",
            "json",
            "--yes",
            "incident",
            "start",
            "whatsapp-outage",
            "--no-checks",
            "--fallback",
        ],
    );
    let id = r.step("incident")["data"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "incident", "resolve", &id, "--fix", "rotated"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let s = r.step("gmail fallback");
    assert_eq!(s["summary"], "still on");
    assert!(s["hint"]
        .as_str()
        .unwrap()
        .contains("intops action run gmail-fallback --undo"));
    assert!(flag.exists());
}

// ---------- against the sandbox's action endpoints (the drill) ----------

fn sandbox_actions_config(base: &str) -> String {
    format!(
        r#"
[default.actions.restart]
kind = "http"
url = "{base}/actions/restart/agente-api"
headers = {{ Authorization = "Bearer ${{FLAGS_TOKEN}}" }}

[default.actions.gmail-fallback]
kind = "http"
method = "PUT"
url = "{base}/actions/flags/channels.gmail.priority"
headers = {{ Authorization = "Bearer ${{FLAGS_TOKEN}}" }}
body = '{{"enabled": true}}'
undo = "gmail-fallback-off"

[default.actions.gmail-fallback-off]
kind = "http"
method = "DELETE"
url = "{base}/actions/flags/channels.gmail.priority"
headers = {{ Authorization = "Bearer ${{FLAGS_TOKEN}}" }}
mitigation = false
"#
    )
}

fn action_requests(sb: &intops::sandbox::Background) -> Vec<intops::sandbox::Recorded> {
    sb.state
        .recorded()
        .into_iter()
        .filter(|q| q.path.starts_with("/actions/"))
        .collect()
}

/// The README's drill: the Gmail fallback turned on and off, and the restart, against the
/// sandbox; a dry run sends nothing.
#[test]
fn the_sandbox_serves_the_fallback_flag_and_the_restart_hook() {
    use intops::sandbox::actions::flag;
    let h = Home::new();
    let sb = sandbox("healthy");
    h.write_config(&sandbox_actions_config(&sb.url()));
    let r = run(
        against(&h, &sb),
        &["--dry-run", "action", "run", "gmail-fallback"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(action_requests(&sb).is_empty(), "a dry run sends nothing");
    assert_eq!(flag(&sb.state, "channels.gmail.priority"), None);

    let r = run(
        against(&h, &sb),
        &["-o", "json", "--yes", "action", "run", "gmail-fallback"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(flag(&sb.state, "channels.gmail.priority"), Some(true));
    assert!(!r
        .all()
        .contains(intops::sandbox::actions::SANDBOX_FLAGS_TOKEN));

    let r = run(
        against(&h, &sb),
        &["--yes", "action", "run", "gmail-fallback", "--undo"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(flag(&sb.state, "channels.gmail.priority"), Some(false));

    let r = run(against(&h, &sb), &["--yes", "action", "run", "restart"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(action_requests(&sb).len(), 3);
}

#[test]
fn a_failing_restart_hook_fails_the_action() {
    let h = Home::new();
    let sb = sandbox("restart-fails");
    h.write_config(&sandbox_actions_config(&sb.url()));
    let r = run(against(&h, &sb), &["--yes", "action", "run", "restart"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("500"), "{}", r.all());
}
