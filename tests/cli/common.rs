//! Shared helpers for the black-box tests.
#![allow(dead_code)]

use assert_cmd::Command;
use intops::sandbox::{self, Background};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "../support/tls_server.rs"]
pub mod tls_server;

#[path = "../support/strict_mock.rs"]
mod strict_mock;
pub use strict_mock::strict_server;

/// A clean home for one test: HOME and XDG dirs in a temp dir, nothing from the developer's env.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn config_file(&self) -> PathBuf {
        self.path().join("config/intops/config.toml")
    }
    pub fn write_config(&self, text: &str) {
        let p = self.config_file();
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    /// The intops binary with only this home's environment.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("intops").unwrap();
        c.env_clear()
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("XDG_CACHE_HOME", self.path().join("cache"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("INTOPS_KEYRING", "none")
            .env("NO_COLOR", "1")
            .timeout(Duration::from_secs(60));
        c
    }
}

/// A sandbox on its own runtime thread.
pub fn sandbox(scenario: &str) -> Background {
    sandbox::start_background(scenario, Duration::ZERO)
}

pub fn slow_sandbox(scenario: &str, latency: Duration) -> Background {
    sandbox::start_background(scenario, latency)
}

/// intops pointed at a sandbox with its fake credentials, trusting the sandbox's CA (its
/// callbacks are https) through `INTOPS_CA_FILE`.
pub fn against(home: &Home, sb: &Background) -> Command {
    let mut c = home.cmd();
    for (k, v) in sb.env().into_iter().chain(sandbox::demo_credentials()) {
        c.env(k, v);
    }
    let ca = home
        .path()
        .join(format!("sandbox-ca-{}.pem", sb.addr.port()));
    sb.write_ca_file(&ca).unwrap();
    c.env("INTOPS_CA_FILE", ca);
    c
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
    /// The step with this name in a JSON report.
    pub fn step(&self, name: &str) -> Value {
        let j = self.json();
        j["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no step {name:?} in {}", self.stdout))
    }
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub fn run(mut c: Command, args: &[&str]) -> Run {
    let out = c.args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Assert a secret value appears nowhere in what a run printed.
pub fn assert_no_secret(r: &Run, secret: &str) {
    assert!(
        !r.stdout.contains(secret),
        "secret leaked to stdout:\n{}",
        r.stdout
    );
    assert!(
        !r.stderr.contains(secret),
        "secret leaked to stderr:\n{}",
        r.stderr
    );
}

/// A port on 127.0.0.1 that nothing listens on.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let p = l.local_addr().unwrap().port();
    drop(l);
    p
}
