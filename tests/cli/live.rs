//! A long-running `intops exporter` process for the tests: started on port 0 with a clean home,
//! its address read from its first log line, stopped (SIGTERM) when dropped.
#![allow(dead_code)]

use crate::common::Home;
use intops::sandbox::{self, Background};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Exporter {
    pub child: Child,
    pub addr: String,
    pub log: Arc<Mutex<Vec<String>>>,
}

/// The binary with the home's clean environment (as `Home::cmd`), as a std Command to spawn.
pub fn command(home: &Home) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_intops"));
    c.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("INTOPS_KEYRING", "none")
        .env("NO_COLOR", "1");
    c
}

/// `intops exporter --listen 127.0.0.1:0` against a sandbox with its demo credentials.
pub fn start(home: &Home, sb: &Background, args: &[&str]) -> Exporter {
    let mut c = command(home);
    for (k, v) in sb.env().into_iter().chain(sandbox::demo_credentials()) {
        c.env(k, v);
    }
    start_cmd(c, args)
}

pub fn start_cmd(mut c: Command, args: &[&str]) -> Exporter {
    c.args(["exporter", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn intops exporter");
    let stderr = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("listening") {
                let _ = tx.send(line.clone());
            }
            sink.lock().unwrap().push(line);
        }
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| {
            panic!(
                "the exporter never said it listens: {:?}",
                log.lock().unwrap()
            )
        });
    let addr = line
        .split(['=', '"', ' ', ','])
        .find(|p| p.starts_with("127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line}"))
        .to_string();
    Exporter { child, addr, log }
}

/// A plain HTTP/1.0 GET: (status, body).
pub fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

/// The value of one series line, e.g. `intops_check_status{check="zoho",profile="default"}`.
pub fn value(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.strip_prefix(' ')))
        .and_then(|v| v.trim().parse().ok())
}

pub fn series(metric: &str, check: &str) -> String {
    format!("{metric}{{check=\"{check}\",profile=\"default\"}}")
}

impl Exporter {
    pub fn metrics(&self) -> String {
        let (code, body) = get(&self.addr, "/metrics");
        assert_eq!(code, 200, "{body}");
        body
    }

    /// Poll /metrics until `ok` holds (bounded: 30 s), returning that scrape.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let m = self.metrics();
            if ok(&m) {
                return m;
            }
            if start.elapsed() > Duration::from_secs(30) {
                panic!(
                    "timed out waiting for {what}; last scrape:\n{m}\nlog:\n{}",
                    self.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait until every configured check has run at least once.
    pub fn wait_first_runs(&self, checks: &[&str]) -> String {
        self.wait_for("the first run of every check", |m| {
            checks
                .iter()
                .all(|c| value(m, &series("intops_check_runs_total", c)).unwrap_or(0.0) >= 1.0)
        })
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Wait (bounded: 10 s) until the log holds `needle`, then the log: the lines reach it through
    /// a reader thread, possibly after the HTTP answer that caused them.
    pub fn wait_log(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let log = self.log_text();
            if log.contains(needle) || start.elapsed() > Duration::from_secs(10) {
                return log;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM, then the exit code (bounded wait).
    pub fn terminate(&mut self) -> i32 {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last lines.
                std::thread::sleep(Duration::from_millis(100));
                return s.code().unwrap_or(-1);
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                panic!("the exporter did not stop within 20 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn stdout(&mut self) -> String {
        let mut s = String::new();
        if let Some(mut o) = self.child.stdout.take() {
            let _ = o.read_to_string(&mut s);
        }
        s
    }
}

impl Drop for Exporter {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Requests the sandbox received whose path ends with `suffix`.
/// Requests to paths ending in `suffix`. The messenger check reads the Page token with
/// `debug_token` too: those are not counted, so a count is the runs of the check under test.
pub fn calls(sb: &Background, suffix: &str) -> usize {
    let page_tokens = [
        intops::sandbox::meta::webhooks::SANDBOX_PAGE_TOKEN,
        intops::sandbox::messenger::SANDBOX_MESSENGER_PAGE_TOKEN,
    ];
    sb.state
        .recorded()
        .iter()
        .filter(|r| r.path.ends_with(suffix))
        .filter(|r| {
            !page_tokens
                .iter()
                .any(|t| r.query.contains(&format!("input_token={t}")))
        })
        .count()
}
