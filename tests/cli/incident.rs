//! `intops incident start|update|resolve|list`: flags instead of prompts (no terminal), the
//! templates printed, the timeline in the XDG state dir, Slack posts at the fake webhook.

use crate::common::*;
use intops::sandbox::slack::SANDBOX_WEBHOOK_PATH;
use std::path::PathBuf;

fn incidents_dir(h: &Home) -> PathBuf {
    h.path().join("state/intops/incidents")
}

/// Start an incident with flags; returns its id.
fn start(h: &Home, sb: &intops::sandbox::Background, extra: &[&str]) -> (Run, String) {
    let mut args = vec!["-o", "json", "incident", "start", "whatsapp-outage"];
    args.extend_from_slice(extra);
    let r = run(against(h, sb), &args);
    let id = r.step("incident")["data"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {}", r.all()))
        .to_string();
    (r, id)
}

#[test]
fn start_prints_the_initial_alert_and_records_the_incident() {
    let h = Home::new();
    // The token expires in 3 days: a warning the detection line names.
    let sb = sandbox("token-expiring");
    let r = run(
        against(&h, &sb),
        &[
            "incident",
            "start",
            "whatsapp-outage",
            "--severity",
            "sev2",
            "--impact",
            "no WhatsApp replies",
            "--workaround",
            "call customers back",
            "--next-update",
            "30m",
        ],
    );
    // The flow exits with its detection result (warn).
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.starts_with("⚠️ INCIDENT: WhatsApp API outage\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Severity: SEV-2"));
    assert!(r.stdout.contains("Impact: no WhatsApp replies"));
    assert!(r.stdout.contains("Workaround: call customers back"));
    // Detection names what the flow's checks found that is not ok, and only that.
    assert!(
        r.stdout
            .contains("Detection: whatsapp token WARN: token expires in 3 days"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("webhooks WARN"), "{}", r.stdout);
    assert!(r.stdout.contains("whatsapp token"), "{}", r.stdout);
    let files: Vec<_> = std::fs::read_dir(incidents_dir(&h)).unwrap().collect();
    assert_eq!(files.len(), 1);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap())
            .unwrap();
    assert_eq!(saved["severity"], "SEV-2");
    assert_eq!(saved["flow"], "whatsapp-outage");
}

#[test]
fn detection_names_the_failing_check_and_sets_the_exit_code() {
    let h = Home::new();
    let sb = sandbox("token-expired");
    let (r, _) = start(&h, &sb, &[]);
    assert_eq!(r.code, 2, "{}", r.all());
    let t = r.step("incident")["data"]["template"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(t.contains("Detection: whatsapp token CRIT"), "{t}");
    // Defaults when no terminal asks: the flow's severity.
    assert!(t.contains("Severity: SEV-1"));
}

#[test]
fn plain_drops_the_emoji() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &["incident", "start", "zoho-sync", "--plain", "--no-checks"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.starts_with("INCIDENT: Zoho CRM sync failure"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('⚠'));
}

#[test]
fn flows_without_their_vendor_check_skip_detection_with_a_reason() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("RETS_LOGIN_URL");
    let r = run(c, &["-o", "json", "incident", "start", "rets-sync"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("rets");
    assert_eq!(s["status"], "skipped");
    assert!(
        s["summary"].as_str().unwrap().contains("RETS_LOGIN_URL"),
        "{s}"
    );
    // Configured, the same flow runs the RETS check for real.
    let r = run(
        against(&h, &sb),
        &["-o", "json", "incident", "start", "rets-sync"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("rets")["status"], "ok");
}

#[test]
fn update_then_resolve_prints_the_templates_and_the_duration() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let (_, id) = start(&h, &sb, &["--no-checks"]);
    let r = run(
        against(&h, &sb),
        &[
            "incident",
            "update",
            &id,
            "--root-cause",
            "token expired",
            "--actions",
            "rotated the token",
            "--progress",
            "sending again",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .starts_with(&format!("📊 UPDATE: WhatsApp API outage ({id})")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Root cause: token expired"));
    assert!(r.stdout.contains("elapsed 0m"));

    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "incident",
            "resolve",
            &id,
            "--fix",
            "new system-user token",
            "--validation",
            "send-test ok",
        ],
    );
    // The flow's checks run even with --validation: all ok on the healthy sandbox.
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("incident");
    let t = s["data"]["template"].as_str().unwrap();
    assert!(
        t.starts_with(&format!("✅ RESOLVED: WhatsApp API outage ({id})")),
        "{t}"
    );
    assert!(t.contains("Duration: 0m ("), "{t}");
    // The root cause carries over from the last update.
    assert!(t.contains("Root cause: token expired"), "{t}");
    assert!(t.contains("Fix: new system-user token"));
    assert!(
        t.contains("Validation: 6 checks ok (whatsapp token, whatsapp phone, whatsapp metrics, webhooks, status pages, logs)"),
        "{t}"
    );
    assert!(t.contains("; noted: send-test ok"), "{t}");
    assert!(
        t.contains("Backlog: Redis whatsapp_message_queue: UNKNOWN (REDIS_URL is not set) · message_queue: UNKNOWN (DATABASE_URL is not set)"),
        "{t}"
    );
    assert!(s["data"]["duration_seconds"].as_i64().unwrap() >= 0);

    let r = run(
        against(&h, &sb),
        &["incident", "resolve", &id, "--fix", "x"],
    );
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("already resolved"), "{}", r.stderr);
}

#[test]
fn update_without_answers_and_without_a_terminal_says_which_flags() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let (_, id) = start(&h, &sb, &["--no-checks"]);
    let r = run(against(&h, &sb), &["incident", "update", &id]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--progress"), "{}", r.stderr);
}

#[test]
fn unknown_id_is_a_usage_error_pointing_at_list() {
    let h = Home::new();
    let r = run(h.cmd(), &["incident", "update", "nope", "--progress", "x"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("intops incident list"), "{}", r.stderr);
}

#[test]
fn list_shows_open_incidents_as_warn_and_resolved_as_ok() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(h.cmd(), &["incident", "list"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("no open or recent incidents"));
    let (_, id) = start(&h, &sb, &["--no-checks"]);
    let r = run(h.cmd(), &["-o", "json", "incident", "list"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.step(&id)["summary"]
        .as_str()
        .unwrap()
        .contains("OPEN for"));
    run(against(&h, &sb), &["incident", "resolve", &id]);
    let r = run(h.cmd(), &["-o", "json", "incident", "list"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.step(&id)["summary"]
        .as_str()
        .unwrap()
        .contains("resolved"));
}

#[test]
fn a_corrupt_state_file_is_reported_and_never_overwritten() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let (_, id) = start(&h, &sb, &["--no-checks"]);
    let path = incidents_dir(&h).join(format!("{id}.json"));
    std::fs::write(&path, "{\"id\": \"half-writ").unwrap();
    let r = run(
        against(&h, &sb),
        &["incident", "update", &id, "--progress", "x"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains(&path.display().to_string()),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{\"id\": \"half-writ"
    );
    let r = run(h.cmd(), &["-o", "json", "incident", "list"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert_eq!(r.step(&id)["status"], "unknown");
}

#[test]
fn post_slack_sends_the_template_to_the_webhook_without_leaking_it() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let (r, _) = start(&h, &sb, &["--no-checks", "--post", "slack", "--yes", "-v"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("slack")["status"], "ok");
    let posts: Vec<_> = sb
        .state
        .recorded()
        .into_iter()
        .filter(|q| q.method == "POST" && q.path.starts_with("/slack/"))
        .collect();
    assert_eq!(posts.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&posts[0].body).unwrap();
    assert!(body["text"]
        .as_str()
        .unwrap()
        .starts_with("⚠️ INCIDENT: WhatsApp API outage"));
    // The webhook URL embeds a token: never printed, not even in the -v trace.
    assert_no_secret(&r, "sandboxWebhookSecret00");
    assert!(SANDBOX_WEBHOOK_PATH.contains("sandboxWebhookSecret00"));
}

#[test]
fn post_slack_needs_confirmation_and_records_nothing_without_it() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "incident",
            "start",
            "whatsapp-outage",
            "--no-checks",
            "--post",
            "slack",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert!(!incidents_dir(&h).exists());
    assert!(sb.state.recorded().iter().all(|q| q.method == "GET"));
}

#[test]
fn post_slack_dry_run_sends_nothing() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let (r, _) = start(
        &h,
        &sb,
        &["--no-checks", "--post", "slack", "--dry-run", "-v"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr.contains("dry-run: would send POST"),
        "{}",
        r.stderr
    );
    assert_no_secret(&r, "sandboxWebhookSecret00");
    let s = r.step("slack");
    assert_eq!(s["status"], "skipped");
    assert!(s["summary"].as_str().unwrap().contains("would post"));
    assert!(sb.state.recorded().iter().all(|q| q.method != "POST"));
}

#[test]
fn a_revoked_slack_webhook_is_crit_and_names_the_fix() {
    let h = Home::new();
    let sb = sandbox("slack-revoked");
    let (r, _) = start(&h, &sb, &["--no-checks", "--post", "slack", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("slack");
    assert_eq!(s["status"], "crit");
    assert_eq!(s["data"]["code"], "no_service");
    assert!(s["hint"]
        .as_str()
        .unwrap()
        .contains("intops auth set SLACK_WEBHOOK_URL"));
}

#[test]
fn post_slack_without_a_webhook_names_the_variable_before_recording() {
    let h = Home::new();
    let r = run(
        h.cmd(),
        &[
            "incident",
            "start",
            "meta-leads",
            "--post",
            "slack",
            "--yes",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("SLACK_WEBHOOK_URL"), "{}", r.stderr);
    assert!(!incidents_dir(&h).exists());
}

#[test]
fn unknown_flow_lists_the_flows() {
    let h = Home::new();
    let r = run(h.cmd(), &["incident", "start", "nope"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("calendly-webhooks"), "{}", r.stderr);
}

#[test]
fn two_incidents_of_the_same_flow_never_overwrite_each_other() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let (_, a) = start(&h, &sb, &["--no-checks", "--impact", "first"]);
    let (_, b) = start(&h, &sb, &["--no-checks", "--impact", "second"]);
    assert_ne!(a, b);
    let r = run(h.cmd(), &["-o", "json", "incident", "list"]);
    assert_eq!(r.step(&a)["data"]["impact"], "first");
    assert_eq!(r.step(&b)["data"]["impact"], "second");
}

// ---------- resolve: validation for real, the backlog as counts, the fallback undone ----------

fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A Redis key and a Postgres schema of this test's own (dropped at the end).
struct Backlog {
    key: String,
    schema: String,
    rt: tokio::runtime::Runtime,
    pg: tokio_postgres::Client,
    redis: redis::Connection,
}

impl Backlog {
    fn new(queued: usize, rows: &[&str]) -> Backlog {
        let tag = format!("{:08x}", rand::random::<u32>());
        let key = format!("intops-test:switch:{tag}");
        let schema = format!("intops_switch_{tag}");
        let mut redis = redis::Client::open(redis_url())
            .unwrap()
            .get_connection()
            .unwrap();
        for i in 0..queued {
            let _: () = redis::cmd("LPUSH")
                .arg(&key)
                .arg(format!(r#"{{"to":"+1555000{i:04}","text":"x"}}"#))
                .query(&mut redis)
                .unwrap();
        }
        let rt = tokio::runtime::Runtime::new().unwrap();
        let pg = rt.block_on(async {
            let (c, conn) = tokio_postgres::connect(&database_url(), tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            c
        });
        let mut sql = format!(
            "CREATE SCHEMA {schema}; CREATE TABLE {schema}.message_queue (id bigserial primary key, channel text, status text not null, error text, created_at timestamptz default now(), updated_at timestamptz default now());"
        );
        for st in rows {
            sql.push_str(&format!(
                "INSERT INTO {schema}.message_queue (channel, status) VALUES ('whatsapp', '{st}');"
            ));
        }
        rt.block_on(pg.batch_execute(&sql)).unwrap();
        Backlog {
            key,
            schema,
            rt,
            pg,
            redis,
        }
    }
    fn table(&self) -> String {
        format!("{}.message_queue", self.schema)
    }
}

impl Drop for Backlog {
    fn drop(&mut self) {
        let _: Result<(), _> = redis::cmd("DEL").arg(&self.key).query(&mut self.redis);
        let _ = self.rt.block_on(
            self.pg
                .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema)),
        );
    }
}

#[test]
fn resolve_counts_the_redis_queue_and_the_message_queue_rows() {
    let b = Backlog::new(3, &["pending", "pending", "failed", "sent"]);
    let h = Home::new();
    h.write_config(&format!("[default.queue]\ntable = \"{}\"\n", b.table()));
    let sb = sandbox("healthy");
    let (_, id) = start(&h, &sb, &["--no-checks"]);
    let mut c = against(&h, &sb);
    c.env("REDIS_URL", redis_url())
        .env("WHATSAPP_QUEUE_KEY", &b.key)
        .env("DATABASE_URL", database_url());
    let r = run(c, &["-o", "json", "incident", "resolve", &id, "--fix", "x"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let t = r.step("incident")["data"]["template"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        t.contains(&format!(
            "Backlog: Redis {}: 3 queued · {}: 2 pending, 1 failed",
            b.key,
            b.table()
        )),
        "{t}"
    );
    let redis = r.step("backlog redis");
    assert_eq!(redis["data"]["length"], 3);
    assert!(redis["hint"]
        .as_str()
        .unwrap()
        .contains("intops queue drain"));
    let table = r.step("backlog table");
    assert_eq!(table["data"]["pending"], 2);
    assert_eq!(table["data"]["failed"], 1);
    assert!(table["hint"].as_str().unwrap().contains("retry-failed"));
    // The validation checks ran for real.
    assert!(r.step("validate webhooks")["status"].is_string());
}

#[test]
fn resolve_says_unknown_with_the_reason_when_the_backlog_cannot_be_read() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let (_, id) = start(&h, &sb, &["--no-checks"]);
    let port = closed_port();
    let mut c = against(&h, &sb);
    c.env("REDIS_URL", format!("redis://127.0.0.1:{port}")).env(
        "DATABASE_URL",
        format!("postgres://postgres:pgSecretPw55@127.0.0.1:{port}/test"),
    );
    let r = run(c, &["-o", "json", "incident", "resolve", &id, "--fix", "x"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("backlog redis")["status"], "unknown");
    assert_eq!(r.step("backlog table")["status"], "unknown");
    let t = r.step("incident")["data"]["template"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        t.contains("Backlog: Redis whatsapp_message_queue: UNKNOWN ("),
        "{t}"
    );
    assert!(t.contains("· message_queue: UNKNOWN ("), "{t}");
    assert!(!t.contains("0 queued") && !t.contains("0 pending"), "{t}");
    assert_no_secret(&r, "pgSecretPw55");
}

const FALLBACK: &str = "[default.actions.gmail-fallback]\nkind='command'\nargv=['touch','{on}']\nundo='gmail-fallback-off'\n[default.actions.gmail-fallback-off]\nkind='command'\nargv=['rm','{on}']\n";

fn fallback_home() -> (Home, PathBuf) {
    let h = Home::new();
    let on = h.path().join("gmail-fallback-on");
    h.write_config(&FALLBACK.replace("{on}", &on.display().to_string()));
    (h, on)
}

#[test]
fn resolve_turns_the_fallback_off_with_confirmation_and_says_so_in_the_resolution() {
    let (h, on) = fallback_home();
    let sb = sandbox("healthy");
    let (r, id) = start(&h, &sb, &["--no-checks", "--fallback", "--yes"]);
    assert_eq!(r.step("gmail-fallback")["status"], "ok", "{}", r.all());
    assert!(on.exists());

    // Off a terminal without --yes: refused, nothing undone, the incident still open.
    let r = run(
        against(&h, &sb),
        &["incident", "resolve", &id, "--fix", "x", "--undo-fallback"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert!(on.exists());

    // A dry run shows the undo, runs nothing and records nothing.
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--dry-run",
            "incident",
            "resolve",
            &id,
            "--fix",
            "x",
            "--undo-fallback",
        ],
    );
    assert!(r.code <= 1, "{}", r.all());
    let u = r.step("undo gmail-fallback (gmail-fallback-off)");
    assert_eq!(u["status"], "skipped");
    assert!(u["summary"].as_str().unwrap().contains("would run rm"));
    assert!(on.exists());
    assert!(r.step("incident")["summary"]
        .as_str()
        .unwrap()
        .contains("dry run: not recorded"));
    let l = run(h.cmd(), &["-o", "json", "incident", "list"]);
    assert!(l.step(&id)["summary"].as_str().unwrap().contains("OPEN"));

    // Without --undo-fallback off a terminal: left on, and the Resolution says so.
    // With it and --yes: turned off, recorded, written into the Resolution.
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "--yes",
            "incident",
            "resolve",
            &id,
            "--fix",
            "new token",
            "--undo-fallback",
        ],
    );
    assert!(r.code <= 1, "{}", r.all());
    assert!(!on.exists(), "the undo did not run");
    let t = r.step("incident")["data"]["template"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        t.contains("Fix: new token; Gmail fallback turned off"),
        "{t}"
    );
    let l = run(h.cmd(), &["-o", "json", "incident", "list", "--all"]);
    let actions = l.step(&id)["data"]["actions"].clone();
    assert!(
        actions
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "gmail-fallback-off" && a["undo"] == true),
        "{actions}"
    );
}

#[test]
fn resolve_without_undo_off_a_terminal_leaves_the_fallback_on_and_says_so() {
    let (h, on) = fallback_home();
    let sb = sandbox("healthy");
    let (_, id) = start(&h, &sb, &["--no-checks", "--fallback", "--yes"]);
    let r = run(
        against(&h, &sb),
        &["-o", "json", "incident", "resolve", &id, "--fix", "x"],
    );
    assert!(on.exists());
    assert_eq!(r.step("gmail fallback")["status"], "warn");
    let t = r.step("incident")["data"]["template"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        t.contains("Fix: x; Gmail fallback still on (`intops action run gmail-fallback --undo`)"),
        "{t}"
    );
}
