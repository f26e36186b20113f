//! End to end with a real Prometheus (Debian's `prometheus` package): it scrapes `intops exporter`
//! pointed at the sandbox with the shipped rules loaded, and a stand-in WhatsApp service's counters;
//! `intops whatsapp metrics` then runs the runbook's queries against that real server.
//! Short scrape and evaluation intervals (1 s) keep the test quick; every wait is bounded.

use crate::common::*;
use crate::live;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Prometheus {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prometheus {
    fn start(targets: &[(&str, &str)]) -> Prometheus {
        let dir = tempfile::tempdir().unwrap();
        let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/prometheus/alerts.yml");
        let mut cfg = format!(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nrule_files:\n  - {}\nscrape_configs:\n",
            rules.display()
        );
        for (job, addr) in targets {
            cfg.push_str(&format!(
                "  - job_name: {job}\n    static_configs:\n      - targets: ['{addr}']\n"
            ));
        }
        let cfg_path = dir.path().join("prometheus.yml");
        std::fs::write(&cfg_path, cfg).unwrap();
        let addr = format!("127.0.0.1:{}", closed_port());
        let child = Command::new("prometheus")
            .arg(format!("--config.file={}", cfg_path.display()))
            .arg(format!("--storage.tsdb.path={}", dir.path().join("data").display()))
            .arg(format!("--web.listen-address={addr}"))
            .arg("--log.level=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run prometheus ({e}): install Debian's prometheus package (scripts/services does)")
            });
        let p = Prometheus {
            child,
            addr,
            _dir: dir,
        };
        p.wait("Prometheus ready", |p| {
            std::net::TcpStream::connect(&p.addr).is_ok() && live::get(&p.addr, "/-/ready").0 == 200
        });
        p
    }

    fn api(&self, path: &str) -> Value {
        let (code, body) = live::get(&self.addr, path);
        assert_eq!(code, 200, "{path}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    fn wait(&self, what: &str, ok: impl Fn(&Prometheus) -> bool) {
        let start = Instant::now();
        while !ok(self) {
            assert!(
                start.elapsed() < Duration::from_secs(90),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn alert(&self, name: &str) -> Option<Value> {
        self.api("/api/v1/alerts")["data"]["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["labels"]["alertname"] == name)
            .cloned()
    }
}

/// A stand-in for the WhatsApp service's own /metrics, with the outage runbook's metric names:
/// counters that grow on every scrape with fixed ratios (API calls labelled by HTTP status: 0.3 %
/// 500 and 0.2 % 401, so 0.5 % errors only when auth failures count; 99 % delivered; webhook p95
/// at the 1 s bucket).
fn whatsapp_service() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap().to_string();
    let n = Arc::new(AtomicU64::new(0));
    std::thread::spawn(move || {
        for stream in l.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut req = String::new();
            let mut r = BufReader::new(s.try_clone().unwrap());
            while r.read_line(&mut req).map(|b| b > 2).unwrap_or(false) {}
            let k = n.fetch_add(1, Ordering::Relaxed) + 1;
            let body = format!(
                "whatsapp_api_calls_total{{status=\"200\"}} {}\n\
                 whatsapp_api_calls_total{{status=\"500\"}} {}\n\
                 whatsapp_api_calls_total{{status=\"401\"}} {}\n\
                 whatsapp_messages_received_total {}\n\
                 whatsapp_messages_sent_total{{status=\"success\"}} {}\n\
                 whatsapp_messages_sent_total{{status=\"failed\"}} {}\n\
                 whatsapp_webhook_received_total {}\n\
                 whatsapp_webhook_duration_seconds_bucket{{le=\"0.5\"}} {}\n\
                 whatsapp_webhook_duration_seconds_bucket{{le=\"1\"}} {}\n\
                 whatsapp_webhook_duration_seconds_bucket{{le=\"5\"}} {}\n\
                 whatsapp_webhook_duration_seconds_bucket{{le=\"+Inf\"}} {}\n\
                 whatsapp_webhook_duration_seconds_count {}\n",
                995 * k,
                3 * k,
                2 * k,
                50 * k,
                990 * k,
                10 * k,
                40 * k,
                30 * k,
                38 * k,
                40 * k,
                40 * k,
                40 * k
            );
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    addr
}

#[test]
fn a_real_prometheus_raises_the_token_alert_and_answers_whatsapp_metrics() {
    let home = Home::new();
    // The token check runs every second here so the scenario switch shows at once.
    home.write_config("[default.exporter.intervals]\nwhatsapp_token = \"1s\"\n");
    let sb = sandbox("healthy");
    let ex = live::start(&home, &sb, &[]);
    let svc = whatsapp_service();
    let prom = Prometheus::start(&[("intops", &ex.addr), ("whatsapp", &svc)]);

    // Prometheus scrapes the exporter and the token is fine: no token alert.
    prom.wait("the exporter's token series in Prometheus", |p| {
        p.api("/api/v1/query?query=intops_token_expiry_seconds")["data"]["result"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    });
    assert!(prom.alert("IntopsTokenExpiringSoon").is_none());

    // The token now expires in 3 days: the shipped rule turns pending (it fires after 5 minutes).
    sb.state.set_scenario("token-expiring");
    prom.wait("IntopsTokenExpiringSoon pending", |p| {
        p.alert("IntopsTokenExpiringSoon")
            .is_some_and(|a| a["state"] == "pending")
    });
    let a = prom.alert("IntopsTokenExpiringSoon").unwrap();
    assert_eq!(a["labels"]["check"], "whatsapp_token");
    assert_eq!(a["labels"]["severity"], "warning");
    assert_eq!(a["labels"]["job"], "intops");
    assert!(
        a["annotations"]["summary"]
            .as_str()
            .unwrap()
            .starts_with("whatsapp_token: token expires in 3d "),
        "{a}"
    );
    assert!(a["annotations"]["runbook"]
        .as_str()
        .unwrap()
        .contains("intops whatsapp token-debug"));
    // The exporter itself is up: its absence alert stays quiet.
    assert!(prom.alert("IntopsExporterAbsent").is_none());

    // `intops whatsapp metrics`: the runbook's default queries against the real server, once
    // Prometheus holds two samples of the service's counters (rate() needs them).
    let url = format!("http://{}", prom.addr);
    let client = Home::new();
    let start = Instant::now();
    let report = loop {
        let r = run(
            {
                let mut c = client.cmd();
                c.env("PROMETHEUS_URL", &url);
                c
            },
            &["whatsapp", "metrics", "-o", "json"],
        );
        if r.code == 0 {
            break r;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "whatsapp metrics never became ok:\n{}",
            r.all()
        );
        std::thread::sleep(Duration::from_millis(500));
    };
    let step = |n: &str| report.step(n)["data"]["value"].as_f64().unwrap();
    // 0.3 % answered 500 and 0.2 % 401: the default error rate counts both.
    assert!(
        (step("api error rate") - 0.5).abs() < 0.01,
        "{}",
        report.stdout
    );
    assert!((step("send success") - 99.0).abs() < 0.01);
    assert_eq!(
        report.step("api error rate")["data"]["query"],
        r#"100 * sum(rate(whatsapp_api_calls_total{status=~"error|401|403|429|5.."}[5m])) / sum(rate(whatsapp_api_calls_total[5m]))"#
    );
    assert!((step("webhook latency") - 1.0).abs() < 0.01);
    assert!(step("messages received") > 0.0);

    // A query the real server rejects: its own error text, not a guess.
    client.write_config(
        "[default.metrics]\napi_error_rate = \"sum(rate(whatsapp_api_calls_total[5m])\"\n",
    );
    let mut c = client.cmd();
    c.env("PROMETHEUS_URL", &url);
    let r = run(c, &["whatsapp", "metrics", "-o", "json"]);
    assert_ne!(r.code, 0);
    let s = r.step("api error rate");
    assert_ne!(s["status"], "ok", "{s}");
    assert!(
        s["summary"].as_str().unwrap().contains("parse error"),
        "{s}"
    );
}
