//! The README's drill as written: `intops sandbox --port N` in one shell, and in another
//! `eval "$(intops sandbox --port N --print-env)"` then the commands. And its first command,
//! `intops sandbox --demo`: green on the healthy scenario, failing like doctor on a broken one.

use crate::common::{closed_port, run, Home, Run};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The environment both shells of one engineer share (same HOME, same XDG directories).
fn shell_env(h: &Home, c: &mut Command) {
    let dir = assert_cmd::cargo::cargo_bin("intops")
        .parent()
        .unwrap()
        .display()
        .to_string();
    c.env_clear()
        .env("HOME", h.path())
        .env("XDG_CONFIG_HOME", h.path().join("config"))
        .env("XDG_STATE_HOME", h.path().join("state"))
        .env("XDG_CACHE_HOME", h.path().join("cache"))
        .env("INTOPS_KEYRING", "none")
        .env("NO_COLOR", "1")
        .env(
            "PATH",
            format!("{dir}:{}", std::env::var("PATH").unwrap_or_default()),
        );
}

/// Shell 1: `intops sandbox --port PORT --scenario SCENARIO`, up and listening.
fn serve(h: &Home, port: &str, scenario: &str) -> Child {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("intops"));
    shell_env(h, &mut c);
    let server = c
        .args(["sandbox", "--port", port, "--scenario", scenario])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let up = (0..200).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::net::TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).is_ok()
    });
    assert!(up, "sandbox did not listen on {port}");
    server
}

/// Shell 2: a bash script, as typed.
fn shell(h: &Home, script: &str) -> Run {
    let mut c = Command::new("bash");
    shell_env(h, &mut c);
    let out = c.arg("-c").arg(script).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn stop(mut server: Child) {
    let _ = server.kill();
    let _ = server.wait();
}

/// Rows of a doctor table whose status is not OK (or SKIPPED: the sandbox fakes no queue).
fn bad_rows(table: &str) -> Vec<&str> {
    table
        .lines()
        .filter(|l| l.starts_with('│'))
        .filter(|l| {
            let status = l.split('┆').nth(1).map(str::trim).unwrap_or("");
            !matches!(status, "OK" | "SKIPPED" | "STATUS" | "")
        })
        .collect()
}

#[test]
fn print_env_then_commands_in_a_second_shell_reach_the_running_sandbox() {
    let h = Home::new();
    let port = closed_port().to_string();
    let server = serve(&h, &port, "token-expiring");
    // The second shell: only what the README tells the engineer to type.
    let r = shell(
        &h,
        &format!(
            "set -e; eval \"$(intops sandbox --port {port} --print-env)\"; intops -o json whatsapp token-debug"
        ),
    );
    stop(server);
    // token-expiring: warn, 3 days left, read from the sandbox the first shell started.
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("token")["data"]["days_left"], 3);
}

#[test]
fn the_drill_on_the_healthy_scenario_ends_green_with_https_callbacks() {
    let h = Home::new();
    let port = closed_port().to_string();
    let server = serve(&h, &port, "healthy");
    let r = shell(
        &h,
        &format!("eval \"$(intops sandbox --port {port} --print-env)\"; COLUMNS=200 intops doctor"),
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.starts_with("doctor · profile default · OK"),
        "{}",
        r.stdout
    );
    assert!(bad_rows(&r.stdout).is_empty(), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(&format!("https://127.0.0.1:{port}/callback/whatsapp")),
        "{}",
        r.stdout
    );

    // The same shell without the CA line: the https callback is not trusted, nothing weakened.
    let r = shell(
        &h,
        &format!(
            "eval \"$(intops sandbox --port {port} --print-env | grep -v INTOPS_CA_FILE)\"; intops -o json webhook verify --provider whatsapp"
        ),
    );
    stop(server);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.step("handshake whatsapp")["summary"]
            .as_str()
            .unwrap()
            .contains("certificate not trusted"),
        "{}",
        r.stdout
    );
}

#[test]
fn ctrl_c_removes_the_sandbox_ca_file() {
    let h = Home::new();
    let port = closed_port().to_string();
    let server = serve(&h, &port, "healthy");
    let ca: PathBuf = h
        .path()
        .join(format!("state/intops/sandbox/ca-127.0.0.1-{port}.pem"));
    let pem = std::fs::read_to_string(&ca).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    assert!(
        !pem.contains("PRIVATE KEY"),
        "only the certificate is written"
    );
    let pid = server.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(killed.success());
    let mut server = server;
    let status = server.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(!ca.exists(), "{} is still there", ca.display());
}

#[test]
fn print_env_prints_exports_and_exits_without_listening() {
    let h = Home::new();
    let r = run(h.cmd(), &["sandbox", "--port", "8089", "--print-env"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r
        .stdout
        .lines()
        .any(|l| l == "export INTOPS_META_URL=http://127.0.0.1:8089/meta"));
    // Our callbacks are https on the same port, and the CA that signed them is named.
    assert!(
        r.stdout
            .lines()
            .any(|l| l == "export WHATSAPP_WEBHOOK_URL=https://127.0.0.1:8089/callback/whatsapp"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .lines()
        .any(|l| l == "export CALENDLY_WEBHOOK_URL=https://127.0.0.1:8089/callback/calendly"));
    let ca = format!(
        "export INTOPS_CA_FILE={}",
        h.path()
            .join("state/intops/sandbox/ca-127.0.0.1-8089.pem")
            .display()
    );
    assert!(r.stdout.lines().any(|l| l == ca), "{}", r.stdout);
    assert!(
        r.stdout.lines().all(|l| l.starts_with("export ")),
        "{}",
        r.stdout
    );
    // Port 0 would be a different port in each shell.
    let r = run(h.cmd(), &["sandbox", "--port", "0", "--print-env"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--print-env needs"), "{}", r.stderr);
}

#[test]
fn an_unreadable_intops_ca_file_is_a_configuration_error() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env("INTOPS_CA_FILE", h.path().join("missing.pem"));
    let r = run(c, &["-o", "json", "status", "vercel"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.all().contains("cannot read INTOPS_CA_FILE"),
        "{}",
        r.all()
    );
}

#[test]
fn print_env_without_a_running_sandbox_says_to_start_it() {
    let h = Home::new();
    let port = closed_port();
    let r = shell(
        &h,
        &format!("eval \"$(intops sandbox --port {port} --print-env)\"; intops status vercel"),
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("cannot read INTOPS_CA_FILE"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("`intops sandbox --port PORT` runs"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_healthy_demo_is_green_and_exits_0() {
    let h = Home::new();
    let mut c = h.cmd();
    // A CA the user set for something else is not what the demo trusts.
    c.env("INTOPS_CA_FILE", h.path().join("missing.pem"))
        .env("COLUMNS", "200");
    let r = run(c, &["sandbox", "--demo"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.starts_with("doctor · profile default · OK"),
        "{}",
        r.stdout
    );
    assert!(bad_rows(&r.stdout).is_empty(), "{}", r.stdout);
    for word in ["WARN", "CRIT", "UNKNOWN"] {
        assert!(!r.stdout.contains(word), "{word}: {}", r.stdout);
    }
    assert!(r.stdout.contains("│ webhooks "), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("demo finished: worst status OK, exit 0 as `intops doctor`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_failing_demo_scenario_exits_like_doctor_with_the_crit_rows() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env("COLUMNS", "200");
    let r = run(c, &["sandbox", "--demo", "--scenario", "token-expired"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stdout.starts_with("doctor · profile default · CRIT"),
        "{}",
        r.stdout
    );
    let bad = bad_rows(&r.stdout);
    assert!(
        bad.iter()
            .any(|l| l.starts_with("│ whatsapp token ") && l.contains("CRIT")),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("worst status CRIT, exit 2 as `intops doctor`"),
        "{}",
        r.stderr
    );
}
