//! `intops webhook backfill` against the sandbox: leads and bookings created at known times
//! around 2026-11-30T10:00:00Z, the sandbox's callback verifying every signature and recording
//! what it accepted, and real Postgres (a schema of its own) for the already-present check.

use crate::common::*;
use intops::sandbox::{callback, Background};
use serde_json::Value;

const SINCE: &str = "2026-11-30T10:00:00Z";
const UNTIL: &str = "2026-11-30T11:00:00Z";
/// The leads the sandbox created in [SINCE, UNTIL), oldest first: 101 is a second early and 105
/// exactly at UNTIL, so both stay out.
const WINDOW_LEADS: &[&str] = &[
    "444000000102",
    "444000000201",
    "444000000103",
    "444000000104",
    "444000000202",
];

fn backfill(h: &Home, sb: &Background, provider: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "-o",
        "json",
        "--timeout",
        "1",
        "webhook",
        "backfill",
        "--provider",
        provider,
        "--since",
        SINCE,
        "--until",
        UNTIL,
    ];
    args.extend_from_slice(extra);
    run(against(h, sb), &args)
}

/// What the sandbox's callback accepted (signature verified), as (kind, body).
fn received(sb: &Background) -> Vec<(String, Value)> {
    callback::received(&sb.state)
        .into_iter()
        .map(|v| (v["kind"].as_str().unwrap().to_string(), v["body"].clone()))
        .collect()
}

fn lead_ids(sb: &Background) -> Vec<String> {
    received(sb)
        .iter()
        .filter(|(k, _)| k == "leadgen")
        .map(|(_, b)| {
            b["entry"][0]["changes"][0]["value"]["leadgen_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn posts_to_callback(sb: &Background) -> usize {
    sb.state
        .recorded()
        .iter()
        .filter(|r| r.method == "POST" && r.path.starts_with("/callback/"))
        .count()
}

fn ledger(h: &Home) -> std::path::PathBuf {
    h.path().join("state/intops/backfill/ledger.json")
}

#[test]
fn leads_of_every_form_and_page_inside_the_window_are_redelivered_signed() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(lead_ids(&sb), WINDOW_LEADS, "oldest first, edges respected");
    let (_, body) = &received(&sb)[0];
    assert_eq!(body["object"], "page");
    let value = &body["entry"][0]["changes"][0]["value"];
    assert_eq!(body["entry"][0]["changes"][0]["field"], "leadgen");
    assert_eq!(value["page_id"], "153125381133");
    assert_eq!(value["form_id"], "555000000001");
    assert_eq!(value["created_time"], 1_796_032_800);
    // Every page was read: the second page of forms and of form 1's leads.
    let rec = sb.state.recorded();
    assert!(rec
        .iter()
        .any(|q| q.path.ends_with("/leadgen_forms") && q.query.contains("after=sbcur-2")));
    assert!(rec.iter().any(|q| q.path.ends_with("/555000000001/leads")
        && q.query.contains("after=sbcur-2")
        && q.query.contains("filtering=")));
    let s = r.step("backfill");
    assert_eq!(s["data"]["found"], 5);
    assert_eq!(s["data"]["redelivered"], 5);
    assert_eq!(s["data"]["failed"], 0);
    assert_eq!(
        r.step("re-delivered")["data"]["ids"][0],
        "leadgen 444000000102"
    );
}

#[test]
fn a_second_run_sends_nothing_twice() {
    let h = Home::new();
    let sb = sandbox("healthy");
    assert_eq!(backfill(&h, &sb, "leadgen", &["--yes"]).code, 0);
    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(posts_to_callback(&sb), 5, "the second run posted nothing");
    assert_eq!(r.step("already re-delivered")["data"]["count"], 5);
    assert_eq!(r.step("backfill")["data"]["redelivered"], 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(ledger(&h)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn dry_run_lists_exactly_what_would_be_sent_and_sends_nothing() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = backfill(&h, &sb, "leadgen", &["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(posts_to_callback(&sb), 0);
    assert!(!ledger(&h).exists(), "a dry run records nothing");
    let s = r.step("re-delivered");
    assert_eq!(s["status"], "skipped");
    let would: Vec<&str> = s["data"]["would_send"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(would, WINDOW_LEADS);
    assert_eq!(s["data"]["would_send"][0]["at"], SINCE);
    assert!(s["data"]["would_send"][0]["target"]
        .as_str()
        .unwrap()
        .ends_with("/callback/leadgen"));
}

#[test]
fn off_a_terminal_it_needs_yes() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = backfill(&h, &sb, "leadgen", &[]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("--yes"), "{}", r.all());
    assert_eq!(posts_to_callback(&sb), 0);
}

#[test]
fn calendly_bookings_and_cancellations_in_the_window_are_redelivered() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = backfill(&h, &sb, "calendly", &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let got: Vec<(String, String)> = received(&sb)
        .into_iter()
        .map(|(k, b)| {
            assert_eq!(k, "calendly");
            let uri = b["payload"]["uri"].as_str().unwrap();
            (
                b["event"].as_str().unwrap().to_string(),
                uri.rsplit('/').next().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("invitee.created", "SBINV005"),
        ("invitee.created", "SBINV001"),
        ("invitee.created", "SBINV003"),
        ("invitee.canceled", "SBINV002"),
        ("invitee.canceled", "SBINV003"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    let cancel = &received(&sb)[3].1;
    assert_eq!(cancel["created_at"], "2026-11-30T10:30:00.000000Z");
    assert_eq!(
        cancel["payload"]["cancellation"]["canceler_type"],
        "invitee"
    );
    assert!(cancel["payload"]["scheduled_event"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("/scheduled_events/SBEV0001"));
    // Every invitee page was followed (one invitee to a page in the sandbox).
    assert!(sb
        .state
        .recorded()
        .iter()
        .any(|q| q.path.ends_with("/SBEV0001/invitees") && q.query.contains("page_token=")));
}

#[test]
fn a_callback_failing_some_deliveries_is_crit_and_the_rerun_sends_only_those() {
    let h = Home::new();
    let sb = sandbox("callback-rejects-some");
    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let f = r.step("failed");
    assert_eq!(f["status"], "crit");
    assert_eq!(
        f["data"]["ids"],
        serde_json::json!(["leadgen 444000000103"])
    );
    assert!(f["summary"].as_str().unwrap().contains("HTTP 500"), "{f}");
    assert_eq!(r.step("backfill")["data"]["redelivered"], 4);
    assert_eq!(lead_ids(&sb).len(), 4);
    sb.state.set_scenario("healthy");
    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        r.step("re-delivered")["data"]["ids"],
        serde_json::json!(["leadgen 444000000103"])
    );
    let mut ids = lead_ids(&sb);
    ids.sort();
    let mut want = WINDOW_LEADS.to_vec();
    want.sort();
    assert_eq!(ids, want, "each lead arrived exactly once");
}

#[test]
fn a_flaky_callback_is_retried_with_backoff() {
    let h = Home::new();
    let sb = sandbox("callback-flaky");
    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(lead_ids(&sb), WINDOW_LEADS);
    assert_eq!(posts_to_callback(&sb), 10, "one 503 and one retry each");
}

#[test]
fn a_rate_limit_while_listing_sends_nothing() {
    let h = Home::new();
    let sb = sandbox("leads-rate-limited");
    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("found");
    assert_eq!(s["status"], "crit");
    assert_eq!(s["data"]["code"], "80005");
    assert!(s["summary"].as_str().unwrap().contains("nothing was sent"));
    assert_eq!(posts_to_callback(&sb), 0);
    assert!(!ledger(&h).exists());
}

#[test]
fn a_calendly_429_while_listing_sends_nothing() {
    let h = Home::new();
    let sb = sandbox("calendly-events-429");
    let r = backfill(&h, &sb, "calendly", &["--yes"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("found")["data"]["cause"], "rate limited");
    assert_eq!(posts_to_callback(&sb), 0);
}

#[test]
fn a_vendor_5xx_while_listing_sends_nothing() {
    let h = Home::new();
    let sb = sandbox("html-502");
    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("found");
    assert!(s["summary"].as_str().unwrap().contains("502"), "{s}");
    assert_eq!(posts_to_callback(&sb), 0);
}

#[test]
fn a_repeated_cursor_is_unknown_and_nothing_is_half_sent() {
    let h = Home::new();
    let sb = sandbox("leads-cursor-loop");
    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.step("found")["summary"]
        .as_str()
        .unwrap()
        .contains("meta repeated a paging cursor"));
    assert_eq!(posts_to_callback(&sb), 0);
}

#[test]
fn missing_credentials_stop_before_any_call() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env_remove("META_APP_SECRET");
    let r = run(
        c,
        &[
            "-o",
            "json",
            "webhook",
            "backfill",
            "--provider",
            "leadgen",
            "--since",
            SINCE,
            "--yes",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stdout.contains("META_APP_SECRET"), "{}", r.stdout);
    assert!(
        sb.state.recorded().is_empty(),
        "no vendor call without the key to sign with"
    );
    let mut c = against(&h, &sb);
    c.env_remove("META_PAGE_ID");
    let r = run(
        c,
        &[
            "webhook",
            "backfill",
            "--provider",
            "leadgen",
            "--since",
            SINCE,
            "--yes",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("META_PAGE_ID"), "{}", r.all());
}

#[test]
fn the_window_can_come_from_an_incident() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let dir = h.path().join("state/intops/incidents");
    std::fs::create_dir_all(&dir).unwrap();
    let inc = serde_json::json!({
        "id": "meta-leads-20261130-1000", "flow": "meta-leads", "title": "Meta Lead Ads not arriving",
        "severity": "SEV-2", "started_at": SINCE, "impact": "x", "workaround": "x",
        "next_update": "x", "detection": "x", "updates": [],
        "resolution": {"at": UNTIL, "root_cause": "token", "fix": "new token", "validation": "ok", "backlog": "n/a"}
    });
    std::fs::write(dir.join("meta-leads-20261130-1000.json"), inc.to_string()).unwrap();
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "webhook",
            "backfill",
            "--provider",
            "leadgen",
            "--incident",
            "meta-leads-20261130-1000",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let w = r.step("window");
    assert_eq!(w["data"]["since"], SINCE);
    assert_eq!(w["data"]["until"], UNTIL);
    assert_eq!(
        r.step("re-delivered")["data"]["would_send"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

// ---------- the application's database ----------

fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A schema of its own holding an integration_logs table, dropped at the end.
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
        let schema = format!("intops_backfill_{test}_{:08x}", rand::random::<u32>());
        let pg = Pg { schema, rt, client };
        pg.exec(&format!(
            "CREATE SCHEMA {s}; CREATE TABLE {s}.integration_logs (id bigserial primary key, vendor text, event text, external_id text, created_at timestamptz default now());",
            s = pg.schema
        ));
        pg
    }
    fn exec(&self, sql: &str) {
        self.rt.block_on(self.client.batch_execute(sql)).unwrap();
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

#[test]
fn what_the_application_already_has_is_not_sent_again() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let pg = Pg::new("leads");
    pg.exec(&format!(
        "INSERT INTO {s}.integration_logs (vendor, event, external_id) VALUES
         ('meta', 'leadgen', '444000000102'), ('meta', 'leadgen', '444000000202'),
         ('meta', 'leadgen', '444000000999');",
        s = pg.schema
    ));
    h.write_config(&format!(
        "[default.backfill]\ntable = \"{}.integration_logs\"\n",
        pg.schema
    ));
    let mut c = against(&h, &sb);
    c.env("DATABASE_URL", database_url());
    let r = run(
        c,
        &[
            "-o",
            "json",
            "webhook",
            "backfill",
            "--provider",
            "leadgen",
            "--since",
            SINCE,
            "--until",
            UNTIL,
            "--yes",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        r.step("already present")["data"]["ids"],
        serde_json::json!(["leadgen 444000000102", "leadgen 444000000202"])
    );
    assert_eq!(
        lead_ids(&sb),
        ["444000000201", "444000000103", "444000000104"]
    );
    let s = r.step("backfill");
    assert_eq!(
        (
            s["data"]["already_present"].clone(),
            s["data"]["redelivered"].clone()
        ),
        (2.into(), 3.into())
    );
}

#[test]
fn calendly_cancellations_are_checked_by_event_when_the_table_says_which() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let pg = Pg::new("calendly");
    let inv = |u: &str, ev: &str| {
        format!("('calendly', '{ev}', 'https://api.calendly.com/scheduled_events/{u}')")
    };
    pg.exec(&format!(
        "INSERT INTO {s}.integration_logs (vendor, event, external_id) VALUES {}, {};",
        inv("SBEV0002/invitees/SBINV003", "invitee.created"),
        inv("SBEV0001/invitees/SBINV002", "invitee.created"),
        s = pg.schema
    ));
    h.write_config(&format!(
        "[default.backfill]\ntable = \"{}.integration_logs\"\nevent_column = \"event\"\n",
        pg.schema
    ));
    let mut c = against(&h, &sb);
    c.env("DATABASE_URL", database_url());
    let r = run(
        c,
        &[
            "-o",
            "json",
            "webhook",
            "backfill",
            "--provider",
            "calendly",
            "--since",
            SINCE,
            "--until",
            UNTIL,
            "--yes",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    // SBINV003's booking is there, its cancellation is not; SBINV002 was booked before the
    // window, so only its cancellation is in it.
    assert_eq!(
        r.step("already present")["data"]["ids"],
        serde_json::json!([
            "invitee.created https://api.calendly.com/scheduled_events/SBEV0002/invitees/SBINV003"
        ])
    );
    assert_eq!(r.step("backfill")["data"]["redelivered"], 4);
}

#[test]
fn a_database_check_that_cannot_run_is_unknown_and_sends_nothing() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let pg = Pg::new("missing");
    h.write_config(&format!(
        "[default.backfill]\ntable = \"{}.no_such_table\"\n",
        pg.schema
    ));
    let mut c = against(&h, &sb);
    c.env("DATABASE_URL", database_url());
    let r = run(
        c,
        &[
            "-o",
            "json",
            "webhook",
            "backfill",
            "--provider",
            "leadgen",
            "--since",
            SINCE,
            "--until",
            UNTIL,
            "--yes",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("already present");
    assert_eq!(s["status"], "unknown");
    assert!(
        s["hint"].as_str().unwrap().contains("[PROFILE.backfill]"),
        "{s}"
    );
    assert_eq!(posts_to_callback(&sb), 0);
    // The engineer can choose to rely on the ledger alone.
    let mut c = against(&h, &sb);
    c.env("DATABASE_URL", database_url());
    let r = run(
        c,
        &[
            "-o",
            "json",
            "webhook",
            "backfill",
            "--provider",
            "leadgen",
            "--since",
            SINCE,
            "--until",
            UNTIL,
            "--yes",
            "--no-present-check",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(posts_to_callback(&sb), 5);
}

#[test]
fn resolving_a_lead_or_booking_incident_offers_the_backfill_for_its_window() {
    let h = Home::new();
    let sb = sandbox("healthy");
    for (flow, provider) in [("meta-leads", "leadgen"), ("calendly-webhooks", "calendly")] {
        let r = run(
            against(&h, &sb),
            &["-o", "json", "incident", "start", flow, "--no-checks"],
        );
        assert_eq!(r.code, 0, "{}", r.all());
        let id = r.step("incident")["data"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let r = run(
            against(&h, &sb),
            &[
                "-o",
                "json",
                "incident",
                "resolve",
                &id,
                "--fix",
                "new token",
            ],
        );
        // Resolve runs the flow's checks for real: the sandbox's plain-http callback warns.
        assert!(r.code == 0 || r.code == 1, "{}", r.all());
        let s = r.step("backfill");
        assert_eq!(
            s["status"], "skipped",
            "without a terminal it is offered, not run"
        );
        let cmd = format!("intops webhook backfill --provider {provider} --incident {id}");
        assert_eq!(s["data"]["command"], cmd.as_str());
        assert!(s["summary"].as_str().unwrap().contains("--dry-run"), "{s}");
        // The command it names runs as written.
        let mut args: Vec<&str> = cmd.split(' ').skip(1).collect();
        args.insert(0, "json");
        args.insert(0, "-o");
        args.push("--dry-run");
        let r = run(against(&h, &sb), &args);
        assert_eq!(r.code, 0, "{}", r.all());
        assert!(r.step("window")["summary"].as_str().unwrap().contains(&id));
    }
    assert_eq!(posts_to_callback(&sb), 0);
    // Other flows have nothing to backfill.
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "incident",
            "start",
            "zoho-sync",
            "--no-checks",
        ],
    );
    let id = r.step("incident")["data"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = run(
        against(&h, &sb),
        &["-o", "json", "incident", "resolve", &id],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.stdout.contains("\"backfill\""), "{}", r.stdout);
}

#[test]
fn a_token_in_the_callback_url_never_shows_nor_lands_in_the_ledger() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let url = format!(
        "http://hookuser:hookpass0000@{}/callback/leadgen?token=querytoken0000",
        sb.addr
    );
    // The `-v` trace is the HTTP client's to mask (user-info and registered URL credentials).
    for extra in [&["--dry-run"][..], &["--yes"][..]] {
        let mut args = vec!["--url", url.as_str()];
        args.extend_from_slice(extra);
        let r = backfill(&h, &sb, "leadgen", &args);
        assert_eq!(r.code, 0, "{}", r.all());
        assert_no_secret(&r, "hookpass0000");
        assert_no_secret(&r, "querytoken0000");
    }
    assert_eq!(lead_ids(&sb).len(), 5);
    let ledger_text = std::fs::read_to_string(ledger(&h)).unwrap();
    assert!(!ledger_text.contains("hookpass0000") && !ledger_text.contains("querytoken0000"));
}

/// How many times the callback accepted each lead.
fn lead_counts(sb: &Background) -> std::collections::BTreeMap<String, usize> {
    let mut m = std::collections::BTreeMap::new();
    for id in lead_ids(sb) {
        *m.entry(id).or_insert(0) += 1;
    }
    m
}

#[test]
fn the_ledger_is_one_appended_json_line_per_delivery() {
    let h = Home::new();
    let sb = sandbox("healthy");
    assert_eq!(backfill(&h, &sb, "leadgen", &["--yes"]).code, 0);
    let text = std::fs::read_to_string(ledger(&h)).unwrap();
    let ids: Vec<String> = text
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["key"], format!("leadgen:{}", v["id"].as_str().unwrap()));
            assert_eq!(v["http_status"], 200);
            v["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        ids, WINDOW_LEADS,
        "one line per delivery, in the order sent"
    );
    assert!(text.ends_with('\n'));
}

#[test]
fn a_torn_ledger_line_is_ignored_and_only_the_unrecorded_are_sent_again() {
    let h = Home::new();
    let sb = sandbox("healthy");
    assert_eq!(backfill(&h, &sb, "leadgen", &["--yes"]).code, 0);
    // A crash in the middle of writing the third line: the first two stay, the rest is lost.
    let full = std::fs::read(ledger(&h)).unwrap();
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            full.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let cut = starts[2] + 17;
    std::fs::write(ledger(&h), &full[..cut]).unwrap();

    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("already re-delivered");
    assert_eq!(s["data"]["count"], 2);
    assert_eq!(s["data"]["torn_line_ignored"], true);
    assert!(s["summary"].as_str().unwrap().contains("cut short"), "{s}");
    assert_eq!(r.step("backfill")["data"]["redelivered"], 3);
    let ids = lead_ids(&sb);
    assert_eq!(&ids[..5], WINDOW_LEADS);
    assert_eq!(&ids[5..], &WINDOW_LEADS[2..], "only what was not recorded");

    // The ledger was repaired: a third run reads it cleanly and sends nothing.
    let r = backfill(&h, &sb, "leadgen", &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("already re-delivered")["data"]["count"], 5);
    assert_eq!(
        r.step("already re-delivered")["data"]["torn_line_ignored"],
        false
    );
    assert_eq!(posts_to_callback(&sb), 8);
}

/// `kill -9` of the real binary while it delivers (each request to the sandbox slowed down), twice,
/// then a resume: every lead reaches the callback, and at most the one in flight at each kill
/// twice.
#[test]
fn kill_9_mid_backfill_then_resume_delivers_each_event_once_or_the_one_in_flight_twice() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let h = Home::new();
    let sb = slow_sandbox("healthy", Duration::from_millis(250));
    let args = [
        "-o",
        "json",
        "--timeout",
        "5",
        "webhook",
        "backfill",
        "--provider",
        "leadgen",
        "--since",
        SINCE,
        "--until",
        UNTIL,
        "--rate",
        "1000",
        "--yes",
    ];
    let kills = [2usize, 4];
    for (n, after) in kills.iter().enumerate() {
        let base = against(&h, &sb);
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("intops"));
        c.env_clear();
        for (k, v) in base.get_envs() {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        let mut child = c
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill once the callback accepted `after` leads, at a moment within the next delivery.
        let t = Instant::now();
        while lead_ids(&sb).len() < *after && t.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "run {n} ended before it was killed"
        );
        // Under the 250 ms each request takes, so the next delivery is still in flight.
        std::thread::sleep(Duration::from_millis(rand::random::<u64>() % 200));
        child.kill().unwrap(); // SIGKILL: no cleanup runs, the lock stays behind
        child.wait().unwrap();
    }
    assert!(
        lead_ids(&sb).len() < WINDOW_LEADS.len(),
        "the kills left work for the resume"
    );
    *sb.state.latency.write().unwrap() = Duration::ZERO;
    let r = run(against(&h, &sb), &args);
    assert_eq!(r.code, 0, "{}", r.all());
    let counts = lead_counts(&sb);
    let want: std::collections::BTreeMap<String, usize> =
        WINDOW_LEADS.iter().map(|i| (i.to_string(), 1)).collect();
    assert_eq!(
        counts.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "every lead delivered"
    );
    let twice: Vec<&String> = counts
        .iter()
        .filter(|(_, c)| **c > 1)
        .map(|(k, _)| k)
        .collect();
    assert!(
        counts.values().all(|c| *c <= 2) && twice.len() <= kills.len(),
        "at most the one in flight at each kill twice: {counts:?}"
    );
    // The ledger holds each lead once after the resume.
    let again = run(against(&h, &sb), &args);
    assert_eq!(again.step("already re-delivered")["data"]["count"], 5);
    assert_eq!(again.step("backfill")["data"]["redelivered"], 0);
}
