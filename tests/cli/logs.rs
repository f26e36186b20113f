//! `intops logs`: the integration_logs table on the real Postgres (a schema of its own per test,
//! with and without the optional columns) and the Supabase Edge Function logs from a strict
//! wiremock Management API answering in both readings of its shape, every error path, the
//! sandbox, and the incident flow's detection line.

use crate::common::*;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param_contains};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "sbp_logstestaccesstoken0123456789";
const REF: &str = "logsprojectref00001";
const WA_ID: &str = "f0000000-0000-4000-8000-000000000001";
const CAL_ID: &str = "f0000000-0000-4000-8000-000000000002";
const TRACE: &str = "AQzLogsTrace190abc";

fn database_url() -> String {
    std::env::var("INTOPS_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// The same database with a password in the URL (trust auth ignores it): it must never be printed.
const DB_PASSWORD: &str = "s3cretLogsPassw0rd";
fn database_url_with_password() -> String {
    database_url().replacen("postgres@", &format!("postgres:{DB_PASSWORD}@"), 1)
}

// ---------- db ----------

/// A schema of its own (named for this helper and test), dropped at the end.
struct Pg {
    schema: String,
    rt: tokio::runtime::Runtime,
    client: tokio_postgres::Client,
}

impl Pg {
    fn new(test: &str) -> Pg {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = rt.block_on(async {
            let (c, conn) = tokio_postgres::connect(&database_url(), tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            c
        });
        let schema = format!("intops_logs_{test}_{:08x}", rand::random::<u32>());
        let pg = Pg { schema, rt, client };
        pg.exec(&format!("CREATE SCHEMA {}", pg.schema));
        pg
    }
    fn exec(&self, sql: &str) {
        self.rt.block_on(self.client.batch_execute(sql)).unwrap();
    }
    fn table(&self) -> String {
        format!("{}.integration_logs", self.schema)
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = self.rt.block_on(
            self.client
                .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema)),
        );
    }
}

fn full_table(pg: &Pg) {
    pg.exec(&format!(
        "CREATE TABLE {t} (id bigserial primary key, created_at timestamptz not null default now(),
           vendor text, level text, message text, payload jsonb, error text);
         INSERT INTO {t} (created_at, vendor, level, message, payload, error) VALUES
           (now() - interval '30 minutes', 'whatsapp', 'error', 'send failed',
            '{{\"error\": {{\"message\": \"Error validating access token\", \"code\": 190, \"fbtrace_id\": \"{TRACE}\"}}}}', NULL),
           (now() - interval '10 minutes', 'whatsapp', 'info', 'message delivered', NULL, NULL),
           (now() - interval '2 minutes', 'calendly', 'info', 'webhook received', NULL, 'signature mismatch'),
           (now() - interval '3 days', 'whatsapp', 'error', 'old failure', NULL, NULL);",
        t = pg.table()
    ));
}

fn db_cmd(h: &Home, pg: &Pg) -> assert_cmd::Command {
    h.write_config(&format!("[default.logs]\ntable = \"{}\"\n", pg.table()));
    let mut c = h.cmd();
    c.env("DATABASE_URL", database_url_with_password());
    c
}

fn entries(r: &Run, step: &str) -> Vec<Value> {
    r.step(step)["data"]["entries"].as_array().unwrap().clone()
}

#[test]
fn db_reads_the_window_newest_first_with_trace_ids_and_counts_per_vendor() {
    let pg = Pg::new("full");
    full_table(&pg);
    let h = Home::new();
    let r = run(
        db_cmd(&h, &pg),
        &["-o", "json", "logs", "--source", "db", "--since", "1h"],
    );
    // Two vendors with one error each: at error_warn (1), below error_crit (10).
    assert_eq!(r.code, 1, "{}", r.all());
    let e = entries(&r, "db");
    let msgs: Vec<&str> = e.iter().map(|x| x["message"].as_str().unwrap()).collect();
    assert_eq!(
        msgs,
        [
            "webhook received: signature mismatch",
            "message delivered",
            "send failed"
        ],
        "the 3-day-old line is outside --since 1h"
    );
    assert_eq!(e[0]["level"], "error", "a filled error column is an error");
    assert_eq!(e[2]["trace_id"], TRACE);
    assert_eq!(e[2]["trace_kind"], "fbtrace_id");
    assert_eq!(r.step("db whatsapp")["data"]["errors"], 1);
    assert_eq!(r.step("db whatsapp")["data"]["total"], 2);
    assert_eq!(r.step("db whatsapp")["status"], "warn");
    assert_eq!(r.step("db calendly")["data"]["errors"], 1);
    assert_no_secret(&r, DB_PASSWORD);

    // --errors --vendor: only that vendor's errors.
    let r = run(
        db_cmd(&h, &pg),
        &[
            "-o", "json", "logs", "--source", "db", "--errors", "--vendor", "WhatsApp",
        ],
    );
    let e = entries(&r, "db");
    assert_eq!(e.len(), 1, "{}", r.stdout);
    assert_eq!(e[0]["message"], "send failed");
    assert!(r.json()["steps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["name"] != "db calendly"));

    // --since 7d takes the old line in; the table fits 80 columns and shows the trace id.
    let r = run(
        db_cmd(&h, &pg),
        &["-v", "logs", "--source", "db", "--since", "7d"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("old failure"), "{}", r.stdout);
    let table: Vec<&str> = r.stdout.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(table.len(), 5, "{}", r.stdout);
    for l in &table {
        assert!(l.chars().count() <= 80, "wider than 80: {l}");
    }
    assert!(table.iter().any(|l| l.contains(TRACE)), "{}", r.stdout);
    assert!(r.stderr.contains("columns by role"), "{}", r.stderr);
    assert_no_secret(&r, DB_PASSWORD);
}

#[test]
fn db_table_without_optional_columns_still_reads_and_says_what_is_missing() {
    let pg = Pg::new("min");
    pg.exec(&format!(
        "CREATE TABLE {t} (created_at timestamp not null, status text);
         INSERT INTO {t} VALUES (now() - interval '5 minutes', 'failed'), (now() - interval '4 minutes', 'sent'),
           (now() - interval '2 hours', 'failed');",
        t = pg.table()
    ));
    let h = Home::new();
    let r = run(
        db_cmd(&h, &pg),
        &["-o", "json", "logs", "--source", "db", "--errors"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let step = r.step("db");
    assert_eq!(entries(&r, "db").len(), 1, "{}", r.stdout);
    let notes = step["data"]["notes"].to_string();
    assert!(
        notes.contains("no error, id, vendor, message, payload, trace column"),
        "{notes}"
    );
    let count = r.step(&format!("db {}", pg.table()));
    assert_eq!(count["data"]["errors"], 1);
    assert_eq!(count["data"]["total"], 2);
}

#[test]
fn a_missing_table_is_unknown_and_names_the_table_and_the_setting() {
    let pg = Pg::new("none");
    let h = Home::new();
    let r = run(db_cmd(&h, &pg), &["-o", "json", "logs", "--source", "db"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("db");
    assert_eq!(s["status"], "unknown");
    let summary = s["summary"].as_str().unwrap();
    assert!(
        summary.contains(&format!("no table {}", pg.table())),
        "{summary}"
    );
    assert!(
        s["hint"].as_str().unwrap().contains("[default.logs] table"),
        "{s}"
    );
    assert_no_secret(&r, DB_PASSWORD);
}

#[test]
fn unreachable_postgres_is_unknown_without_the_password() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env(
        "DATABASE_URL",
        format!(
            "postgres://postgres:{DB_PASSWORD}@127.0.0.1:{}/test",
            closed_port()
        ),
    );
    let r = run(c, &["-v", "logs", "--source", "db"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stdout.contains("cannot reach Postgres"), "{}", r.all());
    assert_no_secret(&r, DB_PASSWORD);
}

// ---------- functions ----------

fn functions_list() -> Value {
    json!([
        {"id": WA_ID, "slug": "whatsapp-webhook", "name": "whatsapp-webhook", "status": "ACTIVE", "version": 7,
         "created_at": 1760000000000i64, "updated_at": 1790000000000i64},
        {"id": CAL_ID, "slug": "calendly_webhook", "name": "calendly_webhook", "status": "ACTIVE", "version": 2,
         "created_at": 1760000000000i64, "updated_at": 1790000000000i64}
    ])
}

fn graph_error_line() -> String {
    format!(
        "send failed: {{\"error\":{{\"message\":\"Error validating access token: Session has expired.\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"{TRACE}\"}}}}"
    )
}

/// Reading A: `{"result": [...]}`, microsecond timestamps, flat columns, counts as text.
fn reading_a(now_us: i64) -> (Value, Value) {
    (
        json!({"result": [
            {"id": "l1", "timestamp": now_us - 60_000_000, "event_message": graph_error_line(),
             "level": "error", "event_type": "Log", "function_id": WA_ID},
            {"id": "l2", "timestamp": now_us - 120_000_000, "event_message": "calendly event ok",
             "level": "info", "event_type": "Log", "function_id": CAL_ID}
        ], "error": null}),
        json!({"result": [
            {"function_id": WA_ID, "level": "error", "count": "190"},
            {"function_id": WA_ID, "level": "log", "count": "12"},
            {"function_id": CAL_ID, "level": "info", "count": "3"}
        ]}),
    )
}

/// Reading B: bare arrays, ISO timestamps, `message`, level and id inside `metadata`, counts as
/// numbers.
fn reading_b() -> (Value, Value) {
    let t = |mins: i64| (chrono::Utc::now() - chrono::Duration::minutes(mins)).to_rfc3339();
    (
        json!([
            {"id": "l1", "timestamp": t(1), "message": graph_error_line(),
             "metadata": [{"level": "error", "function_id": WA_ID}]},
            {"id": "l2", "timestamp": t(2), "message": "calendly event ok",
             "metadata": [{"level": "info", "function_id": CAL_ID}]}
        ]),
        json!([
            {"function_id": WA_ID, "level": "error", "count": 190},
            {"function_id": WA_ID, "level": "log", "count": 12},
            {"function_id": CAL_ID, "level": "info", "count": 3}
        ]),
    )
}

async fn fake(rows: ResponseTemplate, counts: ResponseTemplate) -> MockServer {
    let s = strict_server().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/projects/{REF}/functions")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(functions_list()))
        .expect(1..)
        .mount(&s)
        .await;
    let logs = format!("/v1/projects/{REF}/analytics/endpoints/logs.all");
    Mock::given(method("GET"))
        .and(path(logs.clone()))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(query_param_contains("sql", "count(*)"))
        .and(query_param_contains("sql", "function_logs"))
        .and(query_param_contains("iso_timestamp_start", "T"))
        .and(query_param_contains("iso_timestamp_end", "T"))
        .respond_with(counts)
        .expect(1..)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path(logs))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(query_param_contains("sql", "order by timestamp desc"))
        .and(query_param_contains("sql", WA_ID))
        .and(query_param_contains("iso_timestamp_start", "T"))
        .and(query_param_contains("iso_timestamp_end", "T"))
        .respond_with(rows)
        .expect(1..)
        .with_priority(2)
        .mount(&s)
        .await;
    s
}

fn fn_cmd(h: &Home, url: &str) -> assert_cmd::Command {
    let mut c = h.cmd();
    c.env("INTOPS_SUPABASE_URL", url)
        .env("SUPABASE_ACCESS_TOKEN", TOKEN)
        .env("SUPABASE_PROJECT_REF", REF);
    c
}

fn check_reading(rows: Value, counts: Value) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt.block_on(fake(
        ResponseTemplate::new(200).set_body_json(rows),
        ResponseTemplate::new(200).set_body_json(counts),
    ));
    let h = Home::new();
    let r = run(
        fn_cmd(&h, &s.uri()),
        &[
            "-o",
            "json",
            "logs",
            "--source",
            "functions",
            "--since",
            "30m",
        ],
    );
    // 190 errors in the window: at or above error_crit (10).
    assert_eq!(r.code, 2, "{}", r.all());
    let wa = r.step("functions whatsapp-webhook");
    assert_eq!(wa["status"], "crit");
    assert_eq!(wa["data"]["errors"], 190);
    assert_eq!(wa["data"]["total"], 202);
    assert_eq!(r.step("functions calendly_webhook")["status"], "ok");
    let e = entries(&r, "functions");
    assert_eq!(e.len(), 2);
    assert_eq!(e[0]["origin"], "whatsapp-webhook");
    assert_eq!(e[0]["level"], "error");
    assert_eq!(e[0]["trace_id"], TRACE);
    assert_eq!(e[1]["origin"], "calendly_webhook");
    // Both functions not deployed in this project are named.
    let summary = r.step("functions")["summary"].as_str().unwrap().to_string();
    assert!(
        summary.contains("not deployed: facebook-webhook, meta_webhook"),
        "{summary}"
    );
    assert_no_secret(&r, TOKEN);
    // The table: the trace id in its own column, 80 columns.
    let r = run(fn_cmd(&h, &s.uri()), &["logs", "--source", "functions"]);
    let first: Vec<&str> = r.stdout.lines().take(3).collect();
    assert!(
        first[1].contains("whatsapp-webhook") && first[1].trim_end().ends_with(TRACE),
        "{}",
        r.stdout
    );
    assert!(first[1].contains("190/463"), "{}", r.stdout);
    assert!(
        first.iter().all(|l| l.chars().count() <= 80),
        "{}",
        r.stdout
    );
    rt.block_on(s.verify());
}

#[test]
fn functions_result_object_with_microsecond_times() {
    let now_us = chrono::Utc::now().timestamp_micros();
    let (rows, counts) = reading_a(now_us);
    check_reading(rows, counts);
}

#[test]
fn functions_bare_array_with_iso_times_and_nested_metadata() {
    let (rows, counts) = reading_b();
    check_reading(rows, counts);
}

#[test]
fn errors_and_vendor_narrow_the_functions_and_the_query() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (rows, counts) = reading_a(chrono::Utc::now().timestamp_micros());
    let s = rt.block_on(fake(
        ResponseTemplate::new(200).set_body_json(rows),
        ResponseTemplate::new(200).set_body_json(counts),
    ));
    let h = Home::new();
    let r = run(
        fn_cmd(&h, &s.uri()),
        &[
            "-o",
            "json",
            "logs",
            "--source",
            "functions",
            "--vendor",
            "whatsapp",
            "--errors",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let e = entries(&r, "functions");
    assert_eq!(
        e.len(),
        1,
        "--errors keeps the error line only: {}",
        r.stdout
    );
    let reqs = rt.block_on(s.received_requests()).unwrap();
    let sqls: Vec<String> = reqs
        .iter()
        .filter_map(|q| {
            q.url
                .query_pairs()
                .find(|(k, _)| k == "sql")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(sqls.len(), 2, "{sqls:?}");
    for sql in &sqls {
        assert!(
            sql.contains(WA_ID) && !sql.contains(CAL_ID),
            "--vendor whatsapp: {sql}"
        );
        assert!(
            !sql.contains("whatsapp-webhook"),
            "names never reach the SQL: {sql}"
        );
    }
    assert!(sqls.iter().any(|q| q.contains("'error'")), "{sqls:?}");
}

fn failing(status: u16, body: &str, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", content_type)
        .set_body_string(body)
}

/// The functions list answers `resp`: the source is unknown with `want` in its line.
fn list_fails(resp: ResponseTemplate, want: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt.block_on(async {
        let s = strict_server().await;
        Mock::given(method("GET"))
            .and(path(format!("/v1/projects/{REF}/functions")))
            .respond_with(resp)
            .expect(1..)
            .mount(&s)
            .await;
        s
    });
    let h = Home::new();
    let r = run(
        fn_cmd(&h, &s.uri()),
        &["-v", "-o", "json", "logs", "--source", "functions"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let step = r.step("functions");
    assert_eq!(step["status"], "unknown");
    let line = format!("{} {}", step["summary"], step["hint"]);
    assert!(line.contains(want), "want {want:?} in {line}");
    assert_no_secret(&r, TOKEN);
}

#[test]
fn a_refused_token_is_unknown_and_names_the_fix() {
    list_fails(
        failing(401, r#"{"message":"Unauthorized"}"#, "application/json"),
        "supabase.com/dashboard/account/tokens",
    );
}

#[test]
fn an_unknown_project_ref_is_unknown_and_names_the_setting() {
    list_fails(
        failing(
            404,
            r#"{"message":"Project not found"}"#,
            "application/json",
        ),
        "SUPABASE_PROJECT_REF",
    );
}

#[test]
fn rate_limited_says_when_to_retry() {
    list_fails(
        failing(
            429,
            r#"{"message":"Too many requests"}"#,
            "application/json",
        )
        .insert_header("retry-after", "1"),
        "retry after 1s",
    );
}

#[test]
fn a_server_error_is_unknown() {
    list_fails(
        failing(503, r#"{"message":"upstream"}"#, "application/json"),
        "HTTP 503",
    );
}

#[test]
fn an_html_page_is_unknown_with_its_title() {
    list_fails(
        failing(
            502,
            "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>",
            "text/html",
        ),
        "502 Bad Gateway",
    );
}

#[test]
fn malformed_logs_json_is_unknown() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt.block_on(fake(
        failing(200, "{\"result\": [", "application/json"),
        failing(200, "{\"result\": [", "application/json"),
    ));
    let h = Home::new();
    let r = run(
        fn_cmd(&h, &s.uri()),
        &["-o", "json", "logs", "--source", "functions"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let step = r.step("functions");
    assert_eq!(step["status"], "unknown");
    assert!(
        step["summary"].as_str().unwrap().contains("truncated JSON"),
        "{step}"
    );
}

#[test]
fn a_logs_query_error_in_a_200_is_unknown() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let err = json!({"error": {"code": 400, "message": "Syntax error: Unexpected keyword", "status": "INVALID", "errors": []}});
    let s = rt.block_on(fake(
        ResponseTemplate::new(200).set_body_json(err.clone()),
        ResponseTemplate::new(200).set_body_json(err),
    ));
    let h = Home::new();
    let r = run(
        fn_cmd(&h, &s.uri()),
        &["-o", "json", "logs", "--source", "functions"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.step("functions")["summary"]
            .as_str()
            .unwrap()
            .contains("Syntax error"),
        "{}",
        r.stdout
    );
}

#[test]
fn connection_refused_is_unknown() {
    let h = Home::new();
    let r = run(
        fn_cmd(&h, &format!("http://127.0.0.1:{}", closed_port())),
        &["-v", "-o", "json", "logs", "--source", "functions"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert_eq!(r.step("functions")["status"], "unknown");
    assert_no_secret(&r, TOKEN);
}

#[test]
fn a_missing_credential_is_exit_3_naming_it() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env("SUPABASE_PROJECT_REF", REF);
    let r = run(c, &["logs", "--source", "functions"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("SUPABASE_ACCESS_TOKEN"), "{}", r.stderr);
    // Among all sources, the half-configured one is unknown and names what is missing.
    let mut c = h.cmd();
    c.env("SUPABASE_PROJECT_REF", REF);
    let r = run(c, &["-o", "json", "logs"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert_eq!(r.step("db")["status"], "skipped");
    let f = r.step("functions");
    assert_eq!(f["status"], "unknown");
    assert!(
        f["summary"]
            .as_str()
            .unwrap()
            .contains("SUPABASE_ACCESS_TOKEN"),
        "{f}"
    );
    // Nothing configured at all: one line naming both sources' settings.
    let r = run(h.cmd(), &["logs"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("DATABASE_URL") && r.stderr.contains("SUPABASE_PROJECT_REF"),
        "{}",
        r.stderr
    );
}

// ---------- sandbox and incident ----------

#[test]
fn the_sandbox_serves_the_outage_in_the_function_logs() {
    let h = Home::new();
    let sb = sandbox("token-expired");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "logs",
            "--source",
            "functions",
            "--errors",
            "--limit",
            "5",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("functions whatsapp-webhook")["data"]["errors"], 190);
    let e = entries(&r, "functions");
    assert_eq!(e.len(), 5);
    assert!(e.iter().all(|x| x["trace_kind"] == "fbtrace_id"));
    // The Management API reads at most 24 hours (the sandbox refuses more, as documented).
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "logs",
            "--source",
            "functions",
            "--since",
            "3d",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let summary = r.step("functions")["summary"].as_str().unwrap().to_string();
    assert!(
        summary.contains("at most 24 h") && summary.contains("last 24 h"),
        "{summary}"
    );
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["logs"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn incident_detection_carries_the_log_error_counts() {
    let h = Home::new();
    let sb = sandbox("token-expired");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "incident", "start", "whatsapp-outage"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let step = r.step("logs");
    assert_eq!(step["status"], "crit");
    assert!(
        step["summary"]
            .as_str()
            .unwrap()
            .contains("whatsapp-webhook 190"),
        "{step}"
    );
    let t = r.step("incident")["data"]["template"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(t.contains("logs CRIT: errors in the last 1 h"), "{t}");

    // Not configured: no line at all. (DATABASE_URL alone, for the queue, with no
    // integration_logs table and none configured, is not a log source either.)
    let mut c = against(&h, &sb);
    c.env_remove("SUPABASE_ACCESS_TOKEN")
        .env_remove("SUPABASE_PROJECT_REF")
        .env("DATABASE_URL", database_url());
    let r = run(c, &["-o", "json", "incident", "start", "whatsapp-outage"]);
    assert!(
        r.json()["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["name"] != "logs"),
        "{}",
        r.stdout
    );

    // A configured table that does not exist: unknown, naming it.
    let h2 = Home::new();
    h2.write_config("[default.logs]\ntable = \"intops_logs_nosuch.integration_logs\"\n");
    let mut c = against(&h2, &sb);
    c.env_remove("SUPABASE_ACCESS_TOKEN")
        .env_remove("SUPABASE_PROJECT_REF")
        .env("DATABASE_URL", database_url());
    let r = run(c, &["-o", "json", "incident", "start", "whatsapp-outage"]);
    let step = r.step("logs");
    assert_eq!(step["status"], "unknown");
    assert!(
        step["summary"]
            .as_str()
            .unwrap()
            .contains("no table intops_logs_nosuch.integration_logs"),
        "{step}"
    );

    // Configured but unreadable: one UNKNOWN line saying why.
    let sb = sandbox("supabase-unauthorized");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "incident", "start", "whatsapp-outage"],
    );
    let step = r.step("logs");
    assert_eq!(step["status"], "unknown");
    assert!(
        step["summary"]
            .as_str()
            .unwrap()
            .contains("functions unreadable"),
        "{step}"
    );
    assert_no_secret(&r, intops::sandbox::supabase::SANDBOX_ACCESS_TOKEN);
}

#[test]
fn the_sandbox_stores_token_rotate_secrets_in_the_supabase_project() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.write_stdin(format!("{}\n", intops::sandbox::meta::SANDBOX_USER_TOKEN));
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
    assert_eq!(r.step("store supabase")["status"], "ok");
    let posts: Vec<_> = sb
        .state
        .recorded()
        .into_iter()
        .filter(|q| q.method == "POST" && q.path.ends_with("/secrets"))
        .collect();
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0].path,
        format!(
            "/supabase/v1/projects/{}/secrets",
            intops::sandbox::supabase::SANDBOX_PROJECT_REF
        )
    );
    let body: Value = serde_json::from_str(&posts[0].body).unwrap();
    assert_eq!(body[0]["name"], "WHATSAPP_ACCESS_TOKEN");
    // The secret is in the fake project now, listed by name.
    let store = sb.state.store.lock().unwrap();
    assert!(store["supabase_secrets"]
        .get("WHATSAPP_ACCESS_TOKEN")
        .is_some());
}
