//! `intops queue …` against real Redis and PostgreSQL (each test its own key prefix or schema, so
//! tests run in parallel) and the sandbox's send endpoints.

use crate::common::*;
use intops::sandbox::meta::SANDBOX_USER_TOKEN;
use intops::sandbox::Background;
use redis::Commands;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;

fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A queue key of its own, deleted (with its derived keys) at the end.
struct Queue {
    key: String,
    conn: redis::Connection,
}

impl Queue {
    fn new(test: &str) -> Queue {
        let key = format!("intops-test:{test}:{:08x}", rand::random::<u32>());
        let conn = redis::Client::open(redis_url())
            .unwrap()
            .get_connection()
            .unwrap();
        Queue { key, conn }
    }
    /// Push items as the application does (LPUSH: the oldest ends up on the right).
    fn push(&mut self, items: &[String]) {
        for i in items {
            let _: () = self.conn.lpush(&self.key, i).unwrap();
        }
    }
    fn len(&mut self, key: &str) -> u64 {
        self.conn.llen(key).unwrap()
    }
    fn queued(&mut self) -> u64 {
        let k = self.key.clone();
        self.len(&k)
    }
    fn dead(&mut self) -> Vec<Value> {
        let v: Vec<String> = self
            .conn
            .lrange(format!("{}:dead", self.key), 0, -1)
            .unwrap();
        v.iter().map(|s| serde_json::from_str(s).unwrap()).collect()
    }
    fn all(&mut self) -> Vec<String> {
        self.conn.lrange(&self.key, 0, -1).unwrap()
    }
    /// Items held in any drain's processing list.
    fn in_processing(&mut self) -> u64 {
        let keys: Vec<String> = self
            .conn
            .keys(format!("{}:processing:*", self.key))
            .unwrap();
        keys.iter().map(|k| self.len(k)).sum()
    }
    fn drains(&mut self) -> u64 {
        self.conn.scard(format!("{}:drains", self.key)).unwrap()
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        let keys: Vec<String> = self.conn.keys(format!("{}*", self.key)).unwrap_or_default();
        for k in keys {
            let _: Result<(), _> = self.conn.del(k);
        }
    }
}

fn text_items(n: usize) -> Vec<String> {
    let now = chrono::Utc::now().timestamp();
    (0..n)
        .map(|i| json!({"id": format!("m-{i:05}"), "to": format!("+15551{i:05}7"), "text": format!("hello {i}"), "timestamp": now}).to_string())
        .collect()
}

fn cmd(h: &Home, sb: &Background, q: &Queue) -> assert_cmd::Command {
    let mut c = against(h, sb);
    c.env("REDIS_URL", redis_url())
        .env("WHATSAPP_QUEUE_KEY", &q.key);
    c
}

/// Message sends the sandbox received, by item id (from `biz_opaque_callback_data`).
fn sends_by_id(sb: &Background) -> HashMap<String, u32> {
    let mut m = HashMap::new();
    for r in sb.state.recorded() {
        if r.method == "POST"
            && (r.path.ends_with("/messages") || r.path.ends_with("/process-queue"))
        {
            let v: Value = serde_json::from_str(&r.body).unwrap_or_default();
            let id = v["biz_opaque_callback_data"]
                .as_str()
                .or(v["id"].as_str())
                .unwrap_or("?");
            *m.entry(id.to_string()).or_insert(0) += 1;
        }
    }
    m
}

fn posts(sb: &Background) -> usize {
    sb.state
        .recorded()
        .iter()
        .filter(|r| r.method == "POST")
        .count()
}

fn summary(r: &Run, step: &str) -> String {
    r.step(step)["summary"].as_str().unwrap_or("").to_string()
}

// ---------- status ----------

#[test]
fn status_reports_length_and_age_against_thresholds() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("status");
    let old = chrono::Utc::now().timestamp() - 7200;
    q.push(&[
        json!({"to": "+1", "text": "a", "enqueued_at": old}).to_string(),
        json!({"to": "+2", "text": "b", "timestamp": chrono::Utc::now().to_rfc3339()}).to_string(),
    ]);
    let r = run(cmd(&h, &sb, &q), &["-o", "json", "queue", "status"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("backlog");
    assert_eq!(s["status"], "crit");
    assert_eq!(s["data"]["length"], 2);
    assert!(s["data"]["oldest_age_secs"].as_i64().unwrap() >= 7200);
    assert!(
        s["summary"].as_str().unwrap().contains("oldest 2h 0m ago"),
        "{s}"
    );
    assert!(s["hint"].as_str().unwrap().contains("intops queue drain"));
    assert_eq!(r.step("table")["status"], "skipped");

    // Thresholds come from the profile.
    h.write_config(
        "[default.queue]\nage_warn_secs = 86400\nage_crit_secs = 172800\nbacklog_warn = 2\n",
    );
    let r = run(cmd(&h, &sb, &q), &["-o", "json", "queue", "status"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("backlog")["status"], "warn");

    let r = run(cmd(&h, &sb, &q), &["-o", "prom", "queue", "status"]);
    assert!(
        r.stdout.contains("intops_queue_backlog_length"),
        "{}",
        r.stdout
    );
}

#[test]
fn status_of_an_empty_queue_is_ok() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let q = Queue::new("empty");
    let r = run(cmd(&h, &sb, &q), &["queue", "status"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("is empty"), "{}", r.stdout);
}

#[test]
fn unreachable_redis_is_crit_and_never_prints_the_password() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let q = Queue::new("down");
    let port = closed_port();
    let mut c = cmd(&h, &sb, &q);
    c.env(
        "REDIS_URL",
        format!("redis://:hunter2secret@127.0.0.1:{port}"),
    );
    let r = run(c, &["-o", "json", "queue", "status"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("backlog");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains(&format!("cannot reach Redis at 127.0.0.1:{port}")),
        "{s}"
    );
    assert!(s["hint"].as_str().unwrap().contains("REDIS_URL"));
    assert_no_secret(&r, "hunter2secret");
}

// ---------- drain ----------

#[test]
fn drain_sends_every_item_once_and_leaves_nothing_behind() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("drain");
    q.push(&text_items(30));
    let r = run(
        cmd(&h, &sb, &q),
        &["-o", "json", "--yes", "queue", "drain", "--rate", "0"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let d = r.step("drain");
    assert_eq!(d["data"]["sent"], 30, "{d}");
    assert_eq!(d["data"]["left"], 0);
    let sends = sends_by_id(&sb);
    assert_eq!(sends.len(), 30);
    assert!(sends.values().all(|n| *n == 1), "{sends:?}");
    let first = sb
        .state
        .recorded()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    assert_eq!(q.queued(), 0);
    assert_eq!(q.in_processing(), 0);
    assert_eq!(q.drains(), 0, "the drain unregisters itself");
    // The token went in the Authorization header, never into the output.
    assert!(first.headers["authorization"].contains(SANDBOX_USER_TOKEN));
    assert_no_secret(&r, SANDBOX_USER_TOKEN);
}

#[test]
fn drain_without_yes_refuses_and_touches_nothing() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("confirm");
    q.push(&text_items(3));
    let r = run(cmd(&h, &sb, &q), &["queue", "drain"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("--yes"), "{}", r.all());
    assert_eq!(posts(&sb), 0);
    assert_eq!(q.queued(), 3);
}

#[test]
fn dry_run_shows_what_would_be_sent_and_touches_nothing() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("dry");
    let mut items = text_items(4);
    items.push("not json at all".into());
    q.push(&items);
    let before = q.all();
    let r = run(
        cmd(&h, &sb, &q),
        &["-o", "json", "--dry-run", "queue", "drain"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let d = r.step("drain");
    assert_eq!(d["status"], "skipped");
    assert_eq!(d["data"]["would_send"], 5);
    assert_eq!(d["data"]["malformed_in_preview"], 1);
    assert!(d["summary"].as_str().unwrap().contains("POST "), "{d}");
    assert!(d["summary"].as_str().unwrap().contains("m-00000"), "{d}");
    assert_eq!(posts(&sb), 0, "nothing was sent");
    assert!(
        r.stderr.contains("dry-run: would send POST "),
        "{}",
        r.stderr
    );
    assert_eq!(q.all(), before, "Redis is untouched");
    assert_eq!(q.drains(), 0);
}

#[test]
fn malformed_items_go_to_dead_letter_with_the_reason_and_the_drain_goes_on() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("malformed");
    let mut items = vec![
        "{not json".to_string(),
        json!({"id": "x", "text": "no recipient"}).to_string(),
    ];
    items.extend(text_items(3));
    q.push(&items);
    let r = run(cmd(&h, &sb, &q), &["-o", "json", "--yes", "queue", "drain"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("drain")["data"]["sent"], 3);
    let dl = r.step("dead-letter");
    assert_eq!(dl["status"], "warn");
    assert!(dl["hint"].as_str().unwrap().contains("LRANGE"));
    let dead = q.dead();
    assert_eq!(dead.len(), 2);
    let reasons: Vec<&str> = dead.iter().map(|d| d["error"].as_str().unwrap()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("not JSON")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("missing `to`")),
        "{reasons:?}"
    );
    assert!(
        dead.iter().any(|d| d["item"] == "{not json"),
        "the raw item is kept"
    );
    assert_eq!(q.queued(), 0);
    assert_eq!(q.in_processing(), 0);
}

#[test]
fn flaky_sends_are_retried_until_delivered_and_the_rate_holds() {
    let h = Home::new();
    let sb = sandbox("flaky-send");
    let mut q = Queue::new("flaky");
    q.push(&text_items(100));
    let rate = 20;
    let r = run(
        cmd(&h, &sb, &q),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "drain",
            "--rate",
            &rate.to_string(),
            "--concurrency",
            "8",
        ],
    );
    let d = r.step("drain");
    let sent = d["data"]["sent"].as_u64().unwrap();
    let dead = q.dead();
    assert_eq!(sent + dead.len() as u64, 100, "{d}");
    assert!(dead
        .iter()
        .all(|e| e["error"].as_str().is_some_and(|s| !s.is_empty())));
    assert!(d["data"]["retries"].as_u64().unwrap() >= 1, "{d}");
    assert!(d["data"]["rate_limited"].as_u64().unwrap() >= 1, "{d}");
    let sends = sends_by_id(&sb);
    assert_eq!(sends.len(), 100, "every item reached the vendor");
    assert_eq!(q.queued(), 0);
    assert_eq!(q.in_processing(), 0);
    // No one-second window saw more than the rate (a little slack for arrival jitter).
    let at: Vec<u128> = sb
        .state
        .recorded()
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.at_ms)
        .collect();
    let worst = at
        .iter()
        .map(|t| at.iter().filter(|u| **u >= *t && **u < t + 1000).count())
        .max()
        .unwrap();
    assert!(
        worst <= rate + 3,
        "{worst} sends in one second at --rate {rate}"
    );
}

/// A receiver that fails every send is down: the drain stops and dead-letters nothing, whatever
/// the backlog size (it used to dead-letter a backlog of 8 and keep one of 30).
#[test]
fn an_outage_dead_letters_nothing_whatever_the_backlog_size() {
    for n in [3, 8, 30] {
        let h = Home::new();
        let sb = sandbox("send-fails");
        let mut q = Queue::new("outage");
        q.push(&text_items(n));
        let r = run(
            cmd(&h, &sb, &q),
            &[
                "-o",
                "json",
                "--yes",
                "queue",
                "drain",
                "--max-attempts",
                "2",
                "--rate",
                "0",
            ],
        );
        assert_eq!(r.code, 2, "backlog {n}: {}", r.all());
        let d = r.step("drain");
        assert!(
            summary(&r, "drain").contains("accepted nothing"),
            "backlog {n}: {d}"
        );
        assert!(q.dead().is_empty(), "backlog {n}: {:?}", q.dead());
        assert_eq!(q.queued(), n as u64, "backlog {n}: every item stays queued");
        assert_eq!(q.in_processing(), 0);
    }
}

#[test]
fn html_502_pages_are_an_outage_not_the_items_fault() {
    let h = Home::new();
    let sb = sandbox("html-502");
    let mut q = Queue::new("html");
    q.push(&text_items(2));
    let r = run(
        cmd(&h, &sb, &q),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "drain",
            "--max-attempts",
            "1",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        summary(&r, "drain").contains("502 Bad Gateway"),
        "{}",
        r.stdout
    );
    assert!(q.dead().is_empty());
    assert_eq!(q.queued(), 2);
}

#[test]
fn an_invalid_token_stops_the_drain_and_leaves_everything_queued() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("token");
    q.push(&text_items(5));
    let mut c = cmd(&h, &sb, &q);
    c.env("WHATSAPP_ACCESS_TOKEN", "garbage-token-value");
    let r = run(c, &["-o", "json", "--yes", "queue", "drain"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let d = r.step("drain");
    assert_eq!(d["status"], "crit");
    assert!(
        d["summary"]
            .as_str()
            .unwrap()
            .starts_with("stopped: token invalid"),
        "{d}"
    );
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .contains("WHATSAPP_ACCESS_TOKEN"),
        "{d}"
    );
    assert_eq!(q.queued(), 5, "nothing lost, nothing dead-lettered");
    assert!(q.dead().is_empty());
    assert_eq!(q.in_processing(), 0);
    assert_no_secret(&r, "garbage-token-value");
}

#[test]
fn a_long_meta_block_stops_the_drain_instead_of_waiting_it_out() {
    let h = Home::new();
    let sb = sandbox("rate-limited");
    let mut q = Queue::new("blocked");
    q.push(&text_items(4));
    let r = run(cmd(&h, &sb, &q), &["-o", "json", "--yes", "queue", "drain"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let d = r.step("drain");
    // The recorded 130429 carries subcode 2494055 (tests/fixtures/meta/error_130429.json).
    assert_eq!(d["data"]["code"], "130429/2494055", "{d}");
    assert!(
        d["summary"].as_str().unwrap().contains("rate limited"),
        "{d}"
    );
    assert!(
        d["summary"].as_str().unwrap().contains("retry after 300s"),
        "{d}"
    );
    assert_eq!(q.queued(), 4);
}

#[test]
fn an_unreachable_vendor_stops_the_drain_without_dead_lettering() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("refused");
    q.push(&text_items(4));
    let mut c = cmd(&h, &sb, &q);
    c.env(
        "INTOPS_META_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    );
    let r = run(c, &["-o", "json", "--yes", "queue", "drain"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        summary(&r, "drain").contains("connection refused"),
        "{}",
        r.stdout
    );
    assert_eq!(q.queued(), 4);
    assert!(q.dead().is_empty());
}

#[test]
fn unreachable_redis_fails_the_drain_cleanly() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let q = Queue::new("redisdown");
    let mut c = cmd(&h, &sb, &q);
    c.env("REDIS_URL", format!("redis://127.0.0.1:{}", closed_port()));
    let r = run(c, &["-o", "json", "--yes", "queue", "drain"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(summary(&r, "backlog").contains("cannot reach Redis"));
}

#[test]
fn missing_whatsapp_credential_is_exit_3_naming_it() {
    let h = Home::new();
    let q = Queue::new("nocred");
    let mut c = h.cmd();
    c.env("REDIS_URL", redis_url())
        .env("WHATSAPP_QUEUE_KEY", &q.key)
        .env("WHATSAPP_PHONE_NUMBER_ID", "1");
    let r = run(c, &["-o", "json", "--yes", "queue", "drain"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stdout.contains("WHATSAPP_ACCESS_TOKEN"), "{}", r.stdout);
}

#[test]
fn via_posts_each_item_to_the_application_endpoint() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("via");
    q.push(&text_items(5));
    let url = format!("{}/app/admin/messages/process-queue", sb.url());
    let r = run(
        cmd(&h, &sb, &q),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "drain",
            "--concurrency",
            "1",
            "--via",
            &url,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let rec: Vec<_> = sb
        .state
        .recorded()
        .into_iter()
        .filter(|r| r.path.ends_with("/process-queue"))
        .collect();
    assert_eq!(rec.len(), 5);
    let first = rec.iter().find(|r| r.body.contains("m-00000")).unwrap();
    let v: Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(v["text"], "hello 0", "the item as the application wrote it");
    assert_eq!(first.headers["idempotency-key"], "m-00000");
    let r = run(
        cmd(&h, &sb, &q),
        &["--yes", "queue", "drain", "--via", "ftp://x"],
    );
    assert_eq!(r.code, 3);
}

#[test]
fn max_takes_only_that_many() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("max");
    q.push(&text_items(10));
    let r = run(
        cmd(&h, &sb, &q),
        &[
            "-o", "json", "--yes", "queue", "drain", "--max", "3", "--rate", "0",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("drain")["data"]["sent"], 3);
    assert_eq!(q.queued(), 7);
    assert_eq!(posts(&sb), 3);
}

#[test]
fn a_crashed_drains_items_are_recovered_first() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("recover");
    let items = text_items(4);
    q.push(&items[2..]);
    // A drain that died holding two items: its processing list, its registration, no lease.
    let proc = format!("{}:processing:999-dead", q.key);
    let _: () = q.conn.lpush(&proc, &items[0]).unwrap();
    let _: () = q.conn.lpush(&proc, &items[1]).unwrap();
    let _: () = q
        .conn
        .sadd(format!("{}:drains", q.key), "999-dead")
        .unwrap();
    let st = run(cmd(&h, &sb, &q), &["-o", "json", "queue", "status"]);
    assert_eq!(st.step("processing")["data"]["drains_crashed"], 1);
    assert_eq!(st.step("processing")["status"], "warn");
    let r = run(
        cmd(&h, &sb, &q),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "drain",
            "--rate",
            "0",
            "--concurrency",
            "1",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("recover")["data"]["recovered"], 2);
    assert_eq!(r.step("drain")["data"]["sent"], 4);
    // Recovered items keep their place: the oldest goes first.
    let bodies: Vec<String> = sb
        .state
        .recorded()
        .into_iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.body)
        .collect();
    assert!(
        bodies[0].contains("m-00000") && bodies[1].contains("m-00001"),
        "{bodies:?}"
    );
    assert_eq!(q.len(&proc), 0);
    assert_eq!(q.drains(), 0);
}

#[test]
fn two_drains_at_once_never_send_an_item_twice() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("twice");
    q.push(&text_items(300));
    let base = cmd(&h, &sb, &q);
    let spawn = || {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("intops"));
        c.env_clear();
        for (k, v) in base.get_envs() {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        c.args([
            "-o",
            "json",
            "--yes",
            "queue",
            "drain",
            "--rate",
            "0",
            "--concurrency",
            "4",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
    };
    let a = spawn();
    let b = spawn();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let sent = |o: &std::process::Output| {
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "drain")
            .unwrap()["data"]["sent"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(sent(&a) + sent(&b), 300);
    let sends = sends_by_id(&sb);
    assert_eq!(sends.len(), 300);
    assert!(sends.values().all(|n| *n == 1), "an item was sent twice");
    assert_eq!(q.queued(), 0);
}

/// kill -9 at random moments, then drain to the end: every message delivered at least once, at
/// most twice, and only those in flight at a kill twice.
#[test]
fn kill_9_at_random_moments_loses_nothing() {
    let h = Home::new();
    // A short lease so the next drain may recover a killed one's items quickly (not so short
    // that a loaded test machine starves the heartbeat: the drain would rightly stop).
    h.write_config("[default.queue]\nlease_secs = 1.5\n");
    let sb = sandbox("healthy");
    let mut q = Queue::new("kill9");
    let n = 1500;
    q.push(&text_items(n));
    let base = cmd(&h, &sb, &q);
    let concurrency = 4;
    let start = |args: &[&str]| {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("intops"));
        c.env_clear();
        for (k, v) in base.get_envs() {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        c.args([
            "-o",
            "json",
            "--yes",
            "queue",
            "drain",
            "--concurrency",
            &concurrency.to_string(),
        ])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
    };
    let kills = 6;
    for _ in 0..kills {
        let before = posts(&sb);
        let mut child = start(&["--rate", "1000"]);
        // Kill while it is sending: after its first send, at a random moment.
        let t = std::time::Instant::now();
        while posts(&sb) == before && t.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(rand::random::<u64>() % 120));
        child.kill().unwrap(); // SIGKILL: no cleanup runs
        child.wait().unwrap();
        // Let the lease lapse so the next drain recovers the killed one's items.
        std::thread::sleep(Duration::from_millis(1700));
    }
    let out = start(&["--rate", "0"]).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let last = &report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "drain")
        .unwrap()["data"];
    assert!(
        last["sent"].as_u64().unwrap() > 0,
        "the kills left work for the last drain"
    );
    let sends = sends_by_id(&sb);
    assert_eq!(sends.len(), n, "every message reached the vendor");
    // Only items in flight at a kill are sent again: each kill adds at most `concurrency` extra
    // sends (an item in flight at two kills in a row is sent three times, legitimately).
    let dup: usize = sends.values().map(|c| *c as usize - 1).sum();
    assert!(
        dup <= kills * concurrency,
        "{dup} extra sends after {kills} kills"
    );
    assert_eq!(q.queued(), 0);
    assert_eq!(
        q.in_processing(),
        0,
        "nothing stranded in a processing list"
    );
    assert!(q.dead().is_empty());
    eprintln!("kill -9 x{kills}: {n} messages, {dup} sent twice");
}

// ---------- Postgres ----------

/// A schema of its own with a message_queue table, dropped at the end.
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
        let schema = format!("intops_{test}_{:08x}", rand::random::<u32>());
        let pg = Pg { schema, rt, client };
        pg.exec(&format!(
            "CREATE SCHEMA {s}; CREATE TABLE {s}.message_queue (id bigserial primary key, channel text, status text not null, error text, created_at timestamptz default now(), updated_at timestamptz default now());",
            s = pg.schema
        ));
        pg
    }
    fn exec(&self, sql: &str) {
        self.rt.block_on(self.client.batch_execute(sql)).unwrap();
    }
    fn count(&self, where_: &str) -> i64 {
        let sql = format!(
            "SELECT count(*) FROM {}.message_queue WHERE {where_}",
            self.schema
        );
        self.rt
            .block_on(self.client.query_one(&sql, &[]))
            .unwrap()
            .get(0)
    }
    fn seed(&self) {
        self.exec(&format!(
            "INSERT INTO {s}.message_queue (channel, status, error, updated_at) VALUES
             ('whatsapp', 'failed', 'token expired', now() - interval '30 minutes'),
             ('whatsapp', 'failed', '131026 undeliverable', now() - interval '1 hour'),
             ('whatsapp', 'failed', 'old failure', now() - interval '3 days'),
             ('sms', 'failed', 'carrier error', now() - interval '10 minutes'),
             ('whatsapp', 'pending', NULL, now()),
             ('whatsapp', 'sent', NULL, now()), ('whatsapp', 'sent', NULL, now());",
            s = self.schema
        ));
    }
    fn table(&self) -> String {
        format!("{}.message_queue", self.schema)
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

fn pg_cmd(h: &Home, pg: &Pg) -> assert_cmd::Command {
    h.write_config(&format!("[default.queue]\ntable = \"{}\"\n", pg.table()));
    let mut c = h.cmd();
    c.env("DATABASE_URL", database_url())
        .env("REDIS_URL", redis_url())
        .env(
            "WHATSAPP_QUEUE_KEY",
            format!("intops-test:pg:{}", pg.schema),
        );
    c
}

#[test]
fn status_counts_the_table_by_status_and_channel() {
    let h = Home::new();
    let pg = Pg::new("status");
    pg.seed();
    let r = run(pg_cmd(&h, &pg), &["-o", "json", "queue", "status"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let t = r.step("table");
    assert_eq!(t["status"], "warn");
    assert_eq!(t["data"]["by_status"]["failed"], 4);
    assert_eq!(t["data"]["by_status"]["sent"], 2);
    assert!(t["data"]["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["channel"] == "sms" && c["rows"] == 1));
    assert!(
        t["summary"].as_str().unwrap().contains("old failure"),
        "{t}"
    );
    assert!(t["hint"].as_str().unwrap().contains("retry-failed"));
    assert!(
        t["summary"]
            .as_str()
            .unwrap()
            .contains("failed by channel: sms 1, whatsapp 3"),
        "{t}"
    );
}

#[test]
fn retry_failed_filters_confirms_and_moves_in_one_go() {
    let h = Home::new();
    let pg = Pg::new("retry");
    pg.seed();
    let args = [
        "-o",
        "json",
        "queue",
        "retry-failed",
        "--channel",
        "whatsapp",
        "--since",
        "2h",
    ];

    let r = run(pg_cmd(&h, &pg), &[&["--dry-run"], &args[..]].concat());
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("retry");
    assert_eq!(s["status"], "skipped");
    assert_eq!(s["data"]["would_move"], 1);
    assert_eq!(s["data"]["skipped_permanent"], 1);
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains("left 1 failed as permanent (1 undeliverable (131026)"),
        "{s}"
    );
    assert_eq!(pg.count("status = 'failed'"), 4, "dry run changes nothing");

    let r = run(pg_cmd(&h, &pg), &args);
    assert_eq!(r.code, 3, "no --yes without a terminal: {}", r.all());
    assert_eq!(pg.count("status = 'failed'"), 4);

    let r = run(
        pg_cmd(&h, &pg),
        &[&["--yes"], &args[..], &["--include-permanent"]].concat(),
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("retry");
    assert_eq!(s["data"]["moved"], 2);
    assert!(
        s["summary"].as_str().unwrap().contains("moved 2 row(s)"),
        "{s}"
    );
    assert_eq!(pg.count("status = 'pending'"), 3);
    assert_eq!(
        pg.count("status = 'failed' AND channel = 'sms'"),
        1,
        "other channels untouched"
    );
    assert_eq!(
        pg.count("status = 'failed' AND error = 'old failure'"),
        1,
        "older rows untouched"
    );

    let r = run(
        pg_cmd(&h, &pg),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "retry-failed",
            "--limit",
            "1",
        ],
    );
    assert_eq!(r.step("retry")["data"]["moved"], 1);
    assert_eq!(pg.count("status = 'failed'"), 1);
}

#[test]
fn wrong_table_or_column_names_say_what_was_expected() {
    let h = Home::new();
    let pg = Pg::new("names");
    let mut c = pg_cmd(&h, &pg);
    h.write_config(&format!(
        "[default.queue]\ntable = \"{}.nope\"\n",
        pg.schema
    ));
    c.env("XDG_CONFIG_HOME", h.path().join("config"));
    let r = run(c, &["-o", "json", "--yes", "queue", "retry-failed"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("table");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains("expected a table with columns id, status"),
        "{s}"
    );
    assert!(s["hint"]
        .as_str()
        .unwrap()
        .contains("[PROFILE.queue] table"));

    h.write_config(&format!(
        "[default.queue]\ntable = \"{}\"\nstatus_column = \"state\"\n",
        pg.table()
    ));
    let mut c = h.cmd();
    c.env("DATABASE_URL", database_url());
    let r = run(c, &["-o", "json", "--yes", "queue", "retry-failed"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let s = r.step("table");
    assert!(
        s["summary"]
            .as_str()
            .unwrap()
            .contains("no status column state"),
        "{s}"
    );
    assert!(s["hint"].as_str().unwrap().contains("status_column"));
}

#[test]
fn retry_failed_without_database_url_names_it() {
    let h = Home::new();
    let r = run(h.cmd(), &["-o", "json", "queue", "retry-failed"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stdout.contains("DATABASE_URL"), "{}", r.stdout);
}

#[test]
fn unreachable_postgres_is_crit_without_the_password() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env(
        "DATABASE_URL",
        format!(
            "postgres://postgres:pgsecret99@127.0.0.1:{}/test",
            closed_port()
        ),
    )
    .env("REDIS_URL", redis_url())
    .env("WHATSAPP_QUEUE_KEY", "intops-test:pgdown:none");
    let r = run(c, &["-o", "json", "queue", "status"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        summary(&r, "table").contains("cannot reach Postgres"),
        "{}",
        r.stdout
    );
    assert_no_secret(&r, "pgsecret99");
}

#[test]
fn a_pair_rate_limit_pauses_only_that_recipient() {
    let h = Home::new();
    let sb = sandbox("pair-limit");
    let mut q = Queue::new("pair");
    let mut items: Vec<String> = (0..2)
        .map(|i| json!({"id": format!("busy-{i}"), "to": "+15551234556", "text": "x"}).to_string())
        .collect();
    items.extend(text_items(6));
    q.push(&items);
    let r = run(
        cmd(&h, &sb, &q),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "drain",
            "--rate",
            "0",
            "--concurrency",
            "2",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let d = r.step("drain");
    assert_eq!(d["data"]["sent"], 8, "{d}");
    assert!(d["data"]["recipient_paused"].as_u64().unwrap() >= 1, "{d}");
    // The other recipients were served while the busy one waited out its pause.
    let order: Vec<String> = sb
        .state
        .recorded()
        .into_iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.body)
        .collect();
    let last_other = order.iter().rposition(|b| b.contains("m-0000")).unwrap();
    let last_busy = order.iter().rposition(|b| b.contains("busy-")).unwrap();
    assert!(last_other < last_busy, "{order:#?}");
    assert_eq!(q.queued(), 0);
}

#[test]
fn ctrl_c_finishes_in_flight_and_leaves_the_rest_queued() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("sigint");
    q.push(&text_items(200));
    let base = cmd(&h, &sb, &q);
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("intops"));
    c.env_clear();
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    let child = c
        .args(["-o", "json", "--yes", "queue", "drain", "--rate", "20"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until sending has started, then interrupt as Ctrl-C would.
    while posts(&sb) < 3 {
        std::thread::sleep(Duration::from_millis(20));
    }
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_eq!(r.code, 1, "{}", r.all());
    let d = r.step("drain");
    assert!(
        d["summary"]
            .as_str()
            .unwrap()
            .starts_with("stopped by Ctrl-C"),
        "{d}"
    );
    assert!(r.stderr.contains("finishing the messages in flight"));
    let sent = d["data"]["sent"].as_u64().unwrap();
    assert!(sent < 200);
    assert_eq!(
        posts(&sb) as u64,
        sent,
        "every request started was finished and acked"
    );
    assert_eq!(q.queued(), 200 - sent, "the rest stay queued");
    assert_eq!(q.in_processing(), 0);
}

#[test]
fn a_crashed_drains_items_are_recovered_even_when_the_queue_is_empty() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("recover-empty");
    let proc = format!("{}:processing:998-dead", q.key);
    let _: () = q.conn.lpush(&proc, &text_items(1)[0]).unwrap();
    let _: () = q
        .conn
        .sadd(format!("{}:drains", q.key), "998-dead")
        .unwrap();
    let r = run(cmd(&h, &sb, &q), &["-o", "json", "--yes", "queue", "drain"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("drain")["data"]["sent"], 1);
    assert_eq!(q.len(&proc), 0);
}

#[test]
fn a_wrong_via_url_stops_at_once_and_leaves_everything_queued() {
    let h = Home::new();
    let sb = sandbox("healthy");
    // The wrong endpoint is the point of this test.
    sb.expect_unmatched();
    let mut q = Queue::new("via404");
    q.push(&text_items(5));
    let url = format!("{}/app/admin/no-such-endpoint", sb.url());
    let r = run(
        cmd(&h, &sb, &q),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "drain",
            "--concurrency",
            "1",
            "--via",
            &url,
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let d = r.step("drain");
    assert!(d["summary"].as_str().unwrap().contains("HTTP 404"), "{d}");
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .contains("/admin/messages/process-queue"),
        "{d}"
    );
    assert_eq!(q.queued(), 5);
    assert!(q.dead().is_empty());
    // One message in flight (--concurrency 1): one call, then stop.
    let sent: Vec<String> = sb.unmatched().iter().map(|u| u.path.clone()).collect();
    assert_eq!(sent, ["/app/admin/no-such-endpoint"], "one call, then stop");
}

#[test]
fn timeouts_stop_the_drain_and_keep_the_items() {
    let h = Home::new();
    let sb = slow_sandbox("healthy", Duration::from_millis(1500));
    let mut q = Queue::new("timeout");
    q.push(&text_items(8));
    let r = run(
        cmd(&h, &sb, &q),
        &[
            "-o",
            "json",
            "--yes",
            "--timeout",
            "0.3",
            "queue",
            "drain",
            "--rate",
            "0",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(summary(&r, "drain").contains("timed out"), "{}", r.stdout);
    assert_eq!(q.queued(), 8, "nothing lost, nothing dead-lettered");
    assert!(q.dead().is_empty());
}

#[test]
fn a_key_that_is_not_a_list_is_explained() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("wrongtype");
    let _: () = q.conn.set(&q.key, "a string").unwrap();
    let r = run(cmd(&h, &sb, &q), &["-o", "json", "queue", "status"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let s = r.step("backlog");
    assert!(s["summary"].as_str().unwrap().contains("WRONGTYPE"), "{s}");
    assert!(
        s["hint"].as_str().unwrap().contains("WHATSAPP_QUEUE_KEY"),
        "{s}"
    );
}

#[test]
fn an_unknown_phone_number_id_stops_instead_of_dead_lettering_everything() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("phoneid");
    q.push(&text_items(5));
    let mut c = cmd(&h, &sb, &q);
    c.env("WHATSAPP_PHONE_NUMBER_ID", "999999");
    let r = run(c, &["-o", "json", "--yes", "queue", "drain"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("drain")["data"]["code"], "100/33");
    assert_eq!(q.queued(), 5);
    assert!(q.dead().is_empty());
}

#[test]
fn drain_metrics_in_prom_output() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("prom");
    q.push(&text_items(2));
    let r = run(cmd(&h, &sb, &q), &["-o", "prom", "--yes", "queue", "drain"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("intops_queue_drain_sent"), "{}", r.stdout);
    assert!(
        r.stdout.contains("intops_queue_drain_dead_lettered"),
        "{}",
        r.stdout
    );
}

#[test]
fn status_values_are_configurable() {
    let h = Home::new();
    let pg = Pg::new("values");
    pg.exec(&format!(
        "INSERT INTO {t} (channel, status, error) VALUES ('whatsapp', 'error', 'boom'), ('whatsapp', 'failed', NULL);",
        t = pg.table()
    ));
    let mut c = pg_cmd(&h, &pg);
    h.write_config(&format!(
        "[default.queue]\ntable = \"{}\"\nfailed_status = \"error\"\npending_status = \"queued\"\n",
        pg.table()
    ));
    c.env("XDG_CONFIG_HOME", h.path().join("config"));
    let r = run(c, &["-o", "json", "--yes", "queue", "retry-failed"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("retry")["data"]["moved"], 1);
    assert_eq!(pg.count("status = 'queued'"), 1);
    assert_eq!(
        pg.count("status = 'failed'"),
        1,
        "'failed' is not the failed value here"
    );
}

#[test]
fn sslmode_require_connects_over_tls_like_psql() {
    let h = Home::new();
    let pg = Pg::new("tls");
    pg.seed();
    let ssl: String = pg
        .rt
        .block_on(pg.client.query_one("SHOW ssl", &[]))
        .unwrap()
        .get(0);
    if ssl != "on" {
        eprintln!("skipped: this PostgreSQL has ssl = {ssl}; nothing to check");
        return;
    }
    let mut c = pg_cmd(&h, &pg);
    let sep = if database_url().contains('?') {
        '&'
    } else {
        '?'
    };
    c.env(
        "DATABASE_URL",
        format!("{}{sep}sslmode=require", database_url()),
    );
    let r = run(c, &["-o", "json", "queue", "status"]);
    // Hosted Postgres (Supabase) requires TLS and signs with its own CA; libpq's `require`
    // encrypts without verifying, and so does intops.
    let t = r.step("table");
    assert_eq!(t["data"]["by_status"]["failed"], 4, "{}", r.all());
}

// ---------- chaos: frozen drains, poison items, attempts, outages, pair rate, scale-out ----------

/// A drain started in the background with the environment of `base`.
fn spawn_drain(base: &assert_cmd::Command, args: &[&str]) -> std::process::Child {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("intops"));
    c.env_clear();
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c.args(["-o", "json", "--yes", "queue", "drain"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(pid: u32, sig: &str) {
    // A process that already exited is fine: it stopped by itself.
    let _ = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status();
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let t = std::time::Instant::now();
    while !ok() {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "waited too long for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn output_run(out: std::process::Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repro: lease 3 s; freeze a drain, let another recover its items, thaw it, kill it.
/// The thawed drain must notice its lease is gone and take nothing more; nothing is stranded.
#[test]
fn a_frozen_drain_that_lost_its_lease_takes_nothing_more_and_strands_nothing() {
    let h = Home::new();
    h.write_config("[default.queue]\nlease_secs = 3\n");
    let sb = sandbox("healthy");
    let mut q = Queue::new("frozen");
    let n = 60;
    q.push(&text_items(n));
    let base = cmd(&h, &sb, &q);
    let a = spawn_drain(&base, &["--rate", "2", "--concurrency", "8"]);
    wait_for("the first sends", || posts(&sb) >= 2);
    signal(a.id(), "-STOP");
    std::thread::sleep(Duration::from_secs(5));
    let r = run(
        cmd(&h, &sb, &q),
        &[
            "-o", "json", "--yes", "queue", "drain", "--max", "5", "--rate", "0",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.step("recover")["data"]["recovered"].as_u64().unwrap() >= 1,
        "the frozen drain's items were recovered: {}",
        r.stdout
    );
    let queued_after_recovery = q.queued();
    signal(a.id(), "-CONT");
    std::thread::sleep(Duration::from_millis(2500));
    signal(a.id(), "-9");
    let out = output_run(a.wait_with_output().unwrap());
    // It took nothing after it woke up: the queue is as the recovering drain left it.
    assert_eq!(
        q.queued() + q.in_processing(),
        queued_after_recovery,
        "the thawed drain took items after losing its lease: {}",
        out.all()
    );
    // Let any lease lapse, then: status sees nothing stranded, and a drain sends the rest.
    std::thread::sleep(Duration::from_millis(3500));
    let st = run(cmd(&h, &sb, &q), &["-o", "json", "queue", "status"]);
    assert_eq!(
        st.step("processing")["data"]["drain_processing"].as_u64(),
        Some(q.in_processing()),
        "{}",
        st.stdout
    );
    let r = run(
        cmd(&h, &sb, &q),
        &["-o", "json", "--yes", "queue", "drain", "--rate", "0"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let sends = sends_by_id(&sb);
    assert_eq!(
        sends.len(),
        n,
        "every message reached the vendor: {sends:?}"
    );
    let dup = sends.values().filter(|c| **c > 1).count();
    assert!(
        dup <= 8,
        "only messages in flight at the freeze may go twice: {dup}"
    );
    assert_eq!(q.queued(), 0);
    assert_eq!(q.in_processing(), 0);
}

/// A processing list nobody registered (its drain was unregistered by a recovery, or crashed
/// between LMOVE and SADD) is found by pattern: status shows it, the next drain recovers it.
#[test]
fn orphaned_processing_lists_are_found_by_pattern_and_recovered() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("orphan");
    let items = text_items(3);
    let proc = format!("{}:processing:4242-orphan", q.key);
    let _: () = q.conn.lpush(&proc, &items[0]).unwrap();
    let _: () = q.conn.lpush(&proc, &items[1]).unwrap();
    q.push(&items[2..]);
    let st = run(cmd(&h, &sb, &q), &["-o", "json", "queue", "status"]);
    let p = st.step("processing");
    assert_eq!(p["status"], "warn", "{p}");
    assert_eq!(p["data"]["drain_processing"], 2, "{p}");
    assert_eq!(p["data"]["drains_crashed"], 1, "{p}");
    let r = run(
        cmd(&h, &sb, &q),
        &["-o", "json", "--yes", "queue", "drain", "--rate", "0"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("recover")["data"]["recovered"], 2);
    assert_eq!(r.step("drain")["data"]["sent"], 3);
    assert_eq!(q.len(&proc), 0);
}

/// `printf '{"id":"x","to":"+1","text":"caf\xe9"}' | redis-cli -x LPUSH KEY`
#[test]
fn an_item_that_is_not_utf8_is_dead_lettered_and_blocks_nothing() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("poison");
    let poison: &[u8] = b"{\"id\":\"x\",\"to\":\"+1\",\"text\":\"caf\xe9\"}";
    let _: () = q.conn.lpush(&q.key, poison).unwrap();
    q.push(&text_items(4));
    let st = run(cmd(&h, &sb, &q), &["-o", "json", "queue", "status"]);
    assert_eq!(
        st.code,
        0,
        "a poison item does not make status crit: {}",
        st.all()
    );
    let r = run(
        cmd(&h, &sb, &q),
        &["-o", "json", "--yes", "queue", "drain", "--rate", "0"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("drain")["data"]["sent"], 4, "{}", r.stdout);
    assert!(
        summary(&r, "dead-letter").contains("not UTF-8"),
        "{}",
        r.stdout
    );
    let dead = q.dead();
    assert_eq!(dead.len(), 1);
    assert!(dead[0]["error"]
        .as_str()
        .unwrap()
        .contains("malformed item: not UTF-8"));
    use base64::Engine;
    let kept = base64::engine::general_purpose::STANDARD
        .decode(dead[0]["item_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(kept, poison, "the exact bytes are kept");
    assert_eq!(q.queued(), 0);
    assert_eq!(q.in_processing(), 0);
    let st = run(cmd(&h, &sb, &q), &["-o", "json", "queue", "status"]);
    assert_eq!(
        st.code,
        1,
        "warn for the dead letter, not crit: {}",
        st.all()
    );
}

/// A Graph-shaped WhatsApp receiver on wiremock, for answers the sandbox has no scenario for.
struct Graph {
    rt: tokio::runtime::Runtime,
    server: wiremock::MockServer,
}

const PHONE_ID: &str = "106540352242922";

fn graph_ok() -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200).set_body_json(json!({"messaging_product": "whatsapp", "contacts": [{"input": "+1", "wa_id": "1"}], "messages": [{"id": "wamid.HBgLwiremock"}]}))
}

fn graph_500() -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(500).set_body_json(json!({"error": {"message": "An unexpected error has occurred. Please retry your request later.", "type": "OAuthException", "code": 2, "is_transient": true, "fbtrace_id": "AwiremockTrace"}}))
}

impl Graph {
    fn new() -> Graph {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(wiremock::MockServer::start());
        Graph { rt, server }
    }
    fn mount(&self, m: wiremock::Mock) {
        self.rt.block_on(m.mount(&self.server));
    }
    fn reset(&self) {
        self.rt.block_on(self.server.reset());
    }
    /// Every message POST the receiver saw: (item id, recipient, when).
    fn sends(&self) -> Vec<(String, String, std::time::SystemTime)> {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
            .iter()
            .filter(|r| r.method.as_str() == "POST")
            .map(|r| {
                let v: Value = serde_json::from_slice(&r.body).unwrap_or_default();
                (
                    v["biz_opaque_callback_data"]
                        .as_str()
                        .unwrap_or("?")
                        .to_string(),
                    v["to"].as_str().unwrap_or("?").to_string(),
                    std::time::SystemTime::now(),
                )
            })
            .collect()
    }
    fn count(&self, id: &str) -> usize {
        self.sends().iter().filter(|(i, _, _)| i == id).count()
    }
    fn cmd(&self, h: &Home, key: &str) -> assert_cmd::Command {
        let mut c = h.cmd();
        c.env("REDIS_URL", redis_url())
            .env("WHATSAPP_QUEUE_KEY", key)
            .env("INTOPS_META_URL", self.server.uri())
            .env("WHATSAPP_ACCESS_TOKEN", "EAAwiremockToken0000")
            .env("WHATSAPP_PHONE_NUMBER_ID", PHONE_ID);
        c
    }
}

fn messages_post() -> wiremock::MockBuilder {
    use wiremock::matchers::{method, path};
    wiremock::Mock::given(method("POST")).and(path(format!("/v25.0/{PHONE_ID}/messages")))
}

/// Attempts are kept in Redis: an outage run dead-letters nothing and its attempts still count,
/// so the always-failing item is dead-lettered after --max-attempts in total, not per run.
#[test]
fn attempts_add_up_across_runs_and_an_outage_run_dead_letters_nothing() {
    use wiremock::matchers::body_string_contains;
    let h = Home::new();
    let g = Graph::new();
    let mut q = Queue::new("attempts");
    q.push(&text_items(8));
    let args = [
        "-o",
        "json",
        "--yes",
        "queue",
        "drain",
        "--max-attempts",
        "3",
        "--rate",
        "0",
    ];
    // Run 1: the receiver is down.
    g.mount(messages_post().respond_with(graph_500()));
    let r = run(g.cmd(&h, &q.key), &args);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        summary(&r, "drain").contains("accepted nothing"),
        "{}",
        r.stdout
    );
    assert!(q.dead().is_empty(), "an outage dead-letters nothing");
    assert_eq!(q.queued(), 8);
    let first_run = g.count("m-00000");
    assert!(first_run >= 1);
    // Run 2: the receiver is back, but m-00000 keeps failing.
    g.reset();
    g.mount(
        messages_post()
            .and(body_string_contains("\"m-00000\""))
            .respond_with(graph_500()),
    );
    g.mount(messages_post().respond_with(graph_ok()));
    let r = run(g.cmd(&h, &q.key), &args);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("drain")["data"]["sent"], 7, "{}", r.stdout);
    let dead = q.dead();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(dead[0]["attempts"], 3);
    assert_eq!(dead[0]["id"], "m-00000");
    assert!(
        dead[0]["error"]
            .as_str()
            .unwrap()
            .contains("after 3 attempts"),
        "{}",
        dead[0]
    );
    assert_eq!(
        first_run + g.count("m-00000"),
        3,
        "three attempts in all, across the two runs"
    );
}

#[test]
fn timeouts_count_as_attempts_and_say_the_message_may_have_been_delivered() {
    use wiremock::matchers::body_string_contains;
    let h = Home::new();
    let g = Graph::new();
    let mut q = Queue::new("timeouts");
    q.push(&text_items(4));
    g.mount(
        messages_post()
            .and(body_string_contains("\"m-00000\""))
            .respond_with(graph_ok().set_delay(Duration::from_secs(3))),
    );
    g.mount(messages_post().respond_with(graph_ok()));
    let r = run(
        g.cmd(&h, &q.key),
        &[
            "-o",
            "json",
            "--yes",
            "--timeout",
            "0.5",
            "queue",
            "drain",
            "--max-attempts",
            "2",
            "--rate",
            "0",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let dead = q.dead();
    assert_eq!(dead.len(), 1, "{}", r.stdout);
    assert_eq!(dead[0]["attempts"], 2);
    let why = dead[0]["error"].as_str().unwrap();
    assert!(why.contains("timed out"), "{why}");
    assert!(why.contains("may have been delivered"), "{why}");
    assert_eq!(g.count("m-00000"), 2);
    assert_eq!(r.step("drain")["data"]["sent"], 3);
}

/// 131056 for one recipient: its items are parked in Redis and released one per pair interval,
/// never in a burst; Retry-After (beside the Graph body) sets the first wait; others go on.
#[test]
fn a_pair_rate_limit_parks_that_recipient_in_redis_and_releases_it_at_the_pair_rate() {
    let h = Home::new();
    let g = Graph::new();
    let mut q = Queue::new("pairpark");
    let busy = "+15551234556";
    let mut items: Vec<String> = (0..3)
        .map(|i| json!({"id": format!("busy-{i}"), "to": busy, "text": "x"}).to_string())
        .collect();
    items.extend(text_items(20));
    q.push(&items);
    // The first send to the busy recipient hits the pair limit, with Retry-After 8.
    g.mount(
        messages_post()
            .and(wiremock::matchers::body_string_contains(busy))
            .respond_with(
                wiremock::ResponseTemplate::new(400)
                    .insert_header("retry-after", "8")
                    .set_body_json(json!({"error": {"message": "(#131056) (Business Account, Consumer Account) pair rate limit hit", "type": "OAuthException", "code": 131056, "error_data": {"messaging_product": "whatsapp", "details": "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."}, "fbtrace_id": "AwiremockTrace"}})),
            )
            .up_to_n_times(1),
    );
    g.mount(messages_post().respond_with(graph_ok()));
    // Record when each send arrives (wiremock keeps the order, not the time).
    let child = spawn_drain(&g.cmd(&h, &q.key), &["--rate", "0", "--concurrency", "1"]);
    let parked_key = format!("{}:parked:{busy}", q.key);
    let mut saw_parked = 0;
    let mut arrivals: Vec<(String, std::time::Instant)> = Vec::new();
    let t = std::time::Instant::now();
    loop {
        let sends = g.sends();
        for (id, _, _) in sends.iter().skip(arrivals.len()) {
            arrivals.push((id.clone(), std::time::Instant::now()));
        }
        saw_parked = saw_parked.max(q.len(&parked_key));
        if arrivals
            .iter()
            .filter(|(i, _)| i.starts_with("busy-"))
            .count()
            >= 4
        {
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(60), "{arrivals:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    let r = output_run(child.wait_with_output().unwrap());
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("drain")["data"]["sent"], 23, "{}", r.stdout);
    assert!(
        saw_parked >= 1,
        "the busy recipient's items were parked in Redis"
    );
    let busy_at: Vec<std::time::Instant> = arrivals
        .iter()
        .filter(|(i, _)| i.starts_with("busy-"))
        .map(|(_, t)| *t)
        .collect();
    // Retry-After 8 s before the first release, then one per pair interval (6 s), never a burst.
    assert!(
        busy_at[1] - busy_at[0] >= Duration::from_millis(7500),
        "{arrivals:?}"
    );
    for w in busy_at[1..].windows(2) {
        assert!(w[1] - w[0] >= Duration::from_millis(5500), "{arrivals:?}");
    }
    // Nobody else waited: every other recipient was served before the first release.
    let others_done = arrivals
        .iter()
        .rposition(|(i, _)| i.starts_with("m-"))
        .unwrap();
    let first_release = arrivals
        .iter()
        .enumerate()
        .filter(|(_, (i, _))| i.starts_with("busy-"))
        .nth(1)
        .unwrap()
        .0;
    assert!(others_done < first_release, "{arrivals:?}");
    assert_eq!(q.queued(), 0);
    assert_eq!(q.len(&parked_key), 0);
}

/// Scale-out: four drains on one Redis, killed and restarted at random: no message lost, and
/// only messages in flight at a kill are sent twice.
#[test]
fn four_concurrent_drains_with_kills_lose_nothing_and_duplicate_only_in_flight() {
    let h = Home::new();
    h.write_config("[default.queue]\nlease_secs = 1.5\n");
    let sb = sandbox("healthy");
    let mut q = Queue::new("fourdrains");
    let n = 2000;
    q.push(&text_items(n));
    let base = cmd(&h, &sb, &q);
    let concurrency = 4;
    let args = ["--rate", "200", "--concurrency", "4"];
    let mut drains: Vec<std::process::Child> = (0..4).map(|_| spawn_drain(&base, &args)).collect();
    let mut kills = 0;
    for round in 0..8 {
        std::thread::sleep(Duration::from_millis(150 + rand::random::<u64>() % 250));
        let i = round % drains.len();
        signal(drains[i].id(), "-9");
        let _ = drains[i].wait();
        kills += 1;
        drains[i] = spawn_drain(&base, &args);
    }
    for d in drains {
        let _ = d.wait_with_output();
    }
    // Whatever the killed ones held, one more drain finishes after their leases lapse.
    std::thread::sleep(Duration::from_millis(1700));
    let r = run(
        cmd(&h, &sb, &q),
        &["-o", "json", "--yes", "queue", "drain", "--rate", "0"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let sends = sends_by_id(&sb);
    assert_eq!(sends.len(), n, "every message reached the vendor");
    // Each kill adds at most `concurrency` extra sends (the messages it had in flight).
    let dup: usize = sends.values().map(|c| *c as usize - 1).sum();
    assert!(
        dup <= kills * concurrency,
        "{dup} extra sends after {kills} kills of drains with {concurrency} in flight"
    );
    assert_eq!(q.queued(), 0);
    assert_eq!(q.in_processing(), 0);
}

#[test]
fn requeue_dead_filters_previews_confirms_and_moves_back_in_order() {
    use wiremock::matchers::body_string_contains;
    let h = Home::new();
    let g = Graph::new();
    let mut q = Queue::new("requeue");
    let items = text_items(4);
    q.push(&items);
    q.push(&["{not json".to_string()]);
    // m-00001 and m-00002 are undeliverable today (131026): dead-lettered at once.
    for id in ["m-00001", "m-00002"] {
        g.mount(
            messages_post()
                .and(body_string_contains(format!("\"{id}\"")))
                .respond_with(wiremock::ResponseTemplate::new(400).set_body_json(json!({"error": {"message": "(#131026) Message Undeliverable.", "type": "OAuthException", "code": 131026, "error_data": {"messaging_product": "whatsapp", "details": "Message Undeliverable."}, "fbtrace_id": "AwiremockTrace"}}))),
        );
    }
    g.mount(messages_post().respond_with(graph_ok()));
    let r = run(
        g.cmd(&h, &q.key),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "drain",
            "--rate",
            "0",
            "--concurrency",
            "1",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(q.dead().len(), 3);

    let key = q.key.clone();
    let req = |extra: &[&str]| {
        run(
            g.cmd(&h, &key),
            &[&["-o", "json"], extra, &["queue", "requeue-dead"]].concat(),
        )
    };
    let r = req(&["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("requeue");
    assert_eq!(s["status"], "skipped");
    assert_eq!(s["data"]["would_move"], 2);
    assert_eq!(
        s["data"]["ids"],
        json!(["m-00001", "m-00002"]),
        "oldest first"
    );
    assert!(
        s["summary"].as_str().unwrap().contains("1 malformed left"),
        "{s}"
    );
    assert_eq!(q.dead().len(), 3, "a dry run moves nothing");

    let r = req(&[]);
    assert_eq!(r.code, 3, "no --yes off a terminal: {}", r.all());
    assert_eq!(q.dead().len(), 3);

    let r = run(
        g.cmd(&h, &q.key),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "requeue-dead",
            "--reason",
            "no such reason",
        ],
    );
    assert_eq!(r.step("requeue")["data"]["moved"], 0);
    let r = run(
        g.cmd(&h, &q.key),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "requeue-dead",
            "--older-than",
            "1h",
        ],
    );
    assert_eq!(r.step("requeue")["data"]["moved"], 0, "{}", r.stdout);

    let r = run(
        g.cmd(&h, &q.key),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "requeue-dead",
            "--to",
            "+1 555 100 0027",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("requeue")["data"]["ids"], json!(["m-00002"]));
    assert_eq!(
        q.all(),
        vec![items[2].clone()],
        "the item exactly as it was queued"
    );

    let r = run(
        g.cmd(&h, &q.key),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "requeue-dead",
            "--reason",
            "131026",
            "--since",
            "1h",
        ],
    );
    assert_eq!(r.step("requeue")["data"]["ids"], json!(["m-00001"]));
    // m-00001 was requeued last, so it is first in line (the oldest goes first).
    assert_eq!(q.all(), vec![items[2].clone(), items[1].clone()]);
    let dead = q.dead();
    assert_eq!(dead.len(), 1);
    assert!(dead[0]["error"].as_str().unwrap().contains("not JSON"));
}

#[test]
fn retry_failed_leaves_permanent_errors_unless_asked_and_lists_ids_in_order() {
    let h = Home::new();
    let pg = Pg::new("permanent");
    pg.exec(&format!(
        "INSERT INTO {t} (id, channel, status, error, updated_at) VALUES
         (11, 'whatsapp', 'failed', '(#131047) Re-engagement message', now() - interval '50 minutes'),
         (9, 'whatsapp', 'failed', 'HTTP 500 from graph', now() - interval '40 minutes'),
         (12, 'whatsapp', 'failed', 'Template name does not exist in the translation (132001)', now() - interval '30 minutes'),
         (10, 'whatsapp', 'failed', 'invalid number', now() - interval '20 minutes'),
         (30, 'whatsapp', 'failed', 'timed out', now() - interval '10 minutes'),
         (2, 'whatsapp', 'failed', '131026 Message Undeliverable', now() - interval '5 minutes');",
        t = pg.table()
    ));
    let r = run(
        pg_cmd(&h, &pg),
        &["-o", "json", "--yes", "queue", "retry-failed"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let s = r.step("retry");
    assert_eq!(s["data"]["moved"], 2);
    assert_eq!(s["data"]["skipped_permanent"], 4);
    let text = s["summary"].as_str().unwrap();
    assert!(
        text.contains("from failed to pending: 9, 30"),
        "oldest first: {text}"
    );
    for why in [
        "1 outside the 24-hour window (131047)",
        "1 undeliverable (131026)",
        "1 invalid number",
        "1 template not approved",
    ] {
        assert!(text.contains(why), "{why}: {text}");
    }
    assert!(text.contains("--include-permanent"), "{text}");
    assert_eq!(pg.count("status = 'failed'"), 4);
    let r = run(
        pg_cmd(&h, &pg),
        &[
            "-o",
            "json",
            "--yes",
            "queue",
            "retry-failed",
            "--include-permanent",
        ],
    );
    let s = r.step("retry");
    assert_eq!(s["data"]["moved"], 4);
    assert!(
        s["summary"].as_str().unwrap().contains(": 11, 12, 10, 2"),
        "{s}"
    );
    assert_eq!(pg.count("status = 'failed'"), 0);
}

#[test]
fn status_names_the_missing_required_column() {
    let h = Home::new();
    let pg = Pg::new("nocol");
    pg.exec(&format!(
        "ALTER TABLE {t} RENAME COLUMN status TO state",
        t = pg.table()
    ));
    let r = run(pg_cmd(&h, &pg), &["-o", "json", "queue", "status"]);
    let t = r.step("table");
    assert_eq!(t["status"], "unknown", "{t}");
    assert!(
        t["summary"]
            .as_str()
            .unwrap()
            .contains("no status column status"),
        "{t}"
    );
    assert!(t["hint"].as_str().unwrap().contains("status_column"), "{t}");
}

#[test]
fn a_second_ctrl_c_quits_through_the_exit_code_table() {
    let h = Home::new();
    let mut q = Queue::new("sigint2");
    q.push(&text_items(50));
    // One message at a time, each slow to answer: the first Ctrl-C waits on it.
    let sb_slow = slow_sandbox("healthy", Duration::from_secs(20));
    let child = spawn_drain(
        &cmd(&h, &sb_slow, &q),
        &["--rate", "0", "--concurrency", "1"],
    );
    wait_for("the first send", || !sb_slow.state.recorded().is_empty());
    signal(child.id(), "-INT");
    std::thread::sleep(Duration::from_millis(300));
    signal(child.id(), "-INT");
    let r = output_run(child.wait_with_output().unwrap());
    assert_eq!(r.code, 130, "{}", r.all());
    let v = r.json();
    assert_eq!(
        v["error"], "cancelled",
        "one JSON object on stdout: {}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("the next `intops queue drain` puts them back"),
        "{}",
        r.stderr
    );
    assert_eq!(q.queued() + q.in_processing(), 50, "nothing lost");
}

/// A TCP relay to Redis that the test can freeze: bytes stop flowing both ways, connections stay
/// open (a partition, not a refusal).
struct RedisRelay {
    port: u16,
    frozen: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl RedisRelay {
    fn start() -> RedisRelay {
        use std::io::{Read, Write};
        use std::sync::atomic::Ordering;
        let upstream = url::Url::parse(&redis_url()).unwrap();
        let target = format!(
            "{}:{}",
            upstream.host_str().unwrap_or("127.0.0.1"),
            upstream.port().unwrap_or(6379)
        );
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let frozen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let f = frozen.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = std::net::TcpStream::connect(&target) else {
                    continue;
                };
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let f = f.clone();
                    std::thread::spawn(move || {
                        let mut buf = [0u8; 16384];
                        while let Ok(n) = from.read(&mut buf) {
                            if n == 0 {
                                break;
                            }
                            while f.load(Ordering::SeqCst) {
                                std::thread::sleep(Duration::from_millis(10));
                            }
                            if to.write_all(&buf[..n]).is_err() {
                                break;
                            }
                        }
                    });
                }
            }
        });
        RedisRelay { port, frozen }
    }
    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }
    fn freeze(&self) {
        self.frozen.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Redis stops answering mid-drain: the failed lease renewals are counted and the drain stops by
/// itself (no kill); what it held is recovered once its lease lapses, and nothing it stopped
/// holding is sent twice except the sends already in flight.
#[test]
fn a_drain_cut_off_from_redis_counts_failed_renewals_and_stops_by_itself() {
    let h = Home::new();
    h.write_config("[default.queue]\nlease_secs = 3\n");
    let sb = sandbox("healthy");
    let mut q = Queue::new("cutoff");
    let n = 40;
    q.push(&text_items(n));
    let relay = RedisRelay::start();
    let mut base = cmd(&h, &sb, &q);
    base.env("REDIS_URL", relay.url());
    let concurrency = 4;
    let child = spawn_drain(
        &base,
        &["--timeout", "2", "--rate", "4", "--concurrency", "4"],
    );
    wait_for("the first sends", || posts(&sb) >= 3);
    relay.freeze();
    let r = output_run(child.wait_with_output().unwrap());
    assert_eq!(r.code, 2, "{}", r.all());
    let d = r.step("drain");
    assert!(
        d["summary"].as_str().unwrap().starts_with("stopped: "),
        "{d}"
    );
    assert!(
        d["data"]["heartbeat_errors"].as_u64().unwrap() >= 1,
        "the failed renewals are counted: {d}"
    );
    let sent_by_it = posts(&sb);
    // After its lease lapses, the next drain (straight to Redis) sends everything else.
    std::thread::sleep(Duration::from_millis(3500));
    let r = run(
        cmd(&h, &sb, &q),
        &["-o", "json", "--yes", "queue", "drain", "--rate", "0"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let sends = sends_by_id(&sb);
    assert_eq!(sends.len(), n, "every message reached the vendor");
    let dup = sends.values().filter(|c| **c > 1).count();
    assert!(
        dup <= concurrency,
        "only sends in flight when Redis went away may go twice: {dup} of {sent_by_it}"
    );
    assert_eq!(q.queued(), 0);
    assert_eq!(q.in_processing(), 0);
}

// ---------- values too large to read ----------

#[test]
fn an_item_over_the_size_limit_is_reported_moved_aside_and_never_loaded() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut q = Queue::new("house-oversize");
    // 2 MiB of "text": no message is that large. It is the oldest, then a normal item.
    let big = json!({"id": "big", "to": "+15551000001", "text": "x".repeat(2 << 20)}).to_string();
    let mut items = vec![big.clone()];
    items.extend(text_items(1));
    q.push(&items);

    let r = run(cmd(&h, &sb, &q), &["-o", "json", "queue", "status"]);
    let s = r.step("oversize");
    assert_eq!(s["status"], "warn", "{}", r.all());
    assert!(
        summary(&r, "oversize").contains(&format!("the oldest item is {} bytes", big.len())),
        "{}",
        r.stdout
    );
    assert!(
        summary(&r, "backlog").contains("too large to read"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.len() < 100_000, "the item was not printed");

    let r = run(
        cmd(&h, &sb, &q),
        &["-o", "json", "--dry-run", "queue", "drain"],
    );
    assert!(r.stdout.contains("not read"), "{}", r.stdout);
    assert!(r.stdout.len() < 100_000, "the item was not printed");
    assert_eq!(posts(&sb), 0);

    let r = run(
        cmd(&h, &sb, &q),
        &["-o", "json", "--yes", "queue", "drain", "--rate", "0"],
    );
    assert_eq!(r.step("drain")["data"]["sent"], 1, "{}", r.all());
    assert_eq!(r.step("oversize")["status"], "warn", "{}", r.stdout);
    assert_eq!(r.step("oversize")["data"]["moved"], 1);
    assert!(!sends_by_id(&sb).contains_key("big"));
    // Moved unchanged, nothing lost, nothing dead-lettered.
    let moved: Vec<String> = q.conn.lrange(format!("{}:oversize", q.key), 0, -1).unwrap();
    assert_eq!(moved, vec![big]);
    assert_eq!(q.queued(), 0);
    assert!(q.dead().is_empty());
}
