//! The README's drill as written: `intops sandbox --port N` in one shell, and in another
//! `eval "$(intops sandbox --port N --print-env)"` then the commands.

use crate::common::{closed_port, run, Home};

#[test]
fn print_env_then_commands_in_a_second_shell_reach_the_running_sandbox() {
    let h = Home::new();
    let port = closed_port().to_string();
    let bin = assert_cmd::cargo::cargo_bin("intops");
    let mut server = std::process::Command::new(&bin)
        .args(["sandbox", "--port", &port, "--scenario", "token-expiring"])
        .env("INTOPS_KEYRING", "none")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let up = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::net::TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).is_ok()
    });
    // The second shell: only what the README tells the engineer to type.
    let dir = bin.parent().unwrap().display().to_string();
    let script = format!(
        "set -e; eval \"$(intops sandbox --port {port} --print-env)\"; intops -o json whatsapp token-debug"
    );
    let r = {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .env_clear()
            .env("HOME", h.path())
            .env("XDG_CONFIG_HOME", h.path().join("config"))
            .env("XDG_STATE_HOME", h.path().join("state"))
            .env("XDG_CACHE_HOME", h.path().join("cache"))
            .env("INTOPS_KEYRING", "none")
            .env("NO_COLOR", "1")
            .env(
                "PATH",
                format!("{dir}:{}", std::env::var("PATH").unwrap_or_default()),
            )
            .output()
            .unwrap();
        crate::common::Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    };
    let _ = server.kill();
    let _ = server.wait();
    assert!(up, "sandbox did not listen on {port}");
    // token-expiring: warn, 3 days left, read from the sandbox the first shell started.
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("token")["data"]["days_left"], 3);
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
