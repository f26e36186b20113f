//! The shared contract: exit codes, usage errors, JSON errors, help, completions, secrets.

use crate::common::*;

#[test]
fn usage_error_exits_3_not_2() {
    let h = Home::new();
    let r = run(h.cmd(), &["whatsapp", "no-such-verb"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let r = run(h.cmd(), &["--output", "json", "whatsapp", "send-test"]);
    assert_eq!(r.code, 3);
    let j = r.json();
    assert_eq!(j["status"], "unknown");
    assert!(
        j["error"].as_str().unwrap().contains("--to"),
        "{}",
        r.stdout
    );
}

#[test]
fn help_exit_codes_prints_the_table() {
    let h = Home::new();
    let r = run(h.cmd(), &["help", "exit-codes"]);
    assert_eq!(r.code, 0);
    for needle in ["0    ok", "1    warn", "2    crit", "3    unknown", "130"] {
        assert!(r.stdout.contains(needle), "missing {needle}: {}", r.stdout);
    }
}

#[test]
fn global_flags_work_after_the_subcommand() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "whatsapp",
            "token-debug",
            "--output",
            "json",
            "--profile",
            "default",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.json()["command"], "whatsapp token-debug");
}

#[test]
fn unknown_profile_is_a_config_error() {
    let h = Home::new();
    h.write_config("[default]\n[staging]\n");
    let r = run(
        h.cmd(),
        &["--profile", "prod", "-o", "json", "whatsapp", "token-debug"],
    );
    assert_eq!(r.code, 3);
    let e = r.json()["error"].as_str().unwrap().to_string();
    assert!(
        e.contains("unknown profile 'prod'") && e.contains("staging"),
        "{e}"
    );
}

#[test]
fn unreadable_env_file_is_one_line() {
    let h = Home::new();
    let r = run(
        h.cmd(),
        &["--env-file", "/nonexistent/.env", "whatsapp", "token-debug"],
    );
    assert_eq!(r.code, 3);
    assert!(
        r.stderr
            .starts_with("error: cannot read env file /nonexistent/.env"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr.lines().filter(|l| l.starts_with("error")).count(),
        1
    );
}

#[test]
fn env_file_supplies_credentials() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let env = h.path().join(".env");
    let mut text = String::from("# service env\n");
    for (k, v) in intops::sandbox::demo_credentials() {
        text.push_str(&format!("{k}={v}\n"));
    }
    std::fs::write(&env, text).unwrap();
    let mut c = h.cmd();
    for (k, v) in sb.env() {
        c.env(k, v);
    }
    let r = run(
        c,
        &[
            "--env-file",
            env.to_str().unwrap(),
            "-o",
            "json",
            "whatsapp",
            "token-debug",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn missing_credential_hint_names_what_works_here() {
    let h = Home::new();
    // INTOPS_KEYRING=none (the test default): no keyring, so `auth set` is not suggested.
    let r = run(h.cmd(), &["whatsapp", "token-debug"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("WHATSAPP_ACCESS_TOKEN"), "{}", r.stderr);
    assert!(
        r.stderr.contains("export WHATSAPP_ACCESS_TOKEN=") && r.stderr.contains("--env-file"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("auth set"), "{}", r.stderr);
    let r = run(h.cmd(), &["-o", "json", "whatsapp", "token-debug"]);
    let j = r.json();
    assert_eq!(j["status"], "unknown");
    assert!(!j["hint"].as_str().unwrap().contains("auth set"));
    // A usable keyring backend: `intops auth set NAME` is offered too.
    let mut c = h.cmd();
    c.env("INTOPS_KEYRING", "memory");
    let r = run(c, &["whatsapp", "token-debug"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("intops auth set WHATSAPP_ACCESS_TOKEN"),
        "{}",
        r.stderr
    );
}

#[test]
fn auth_list_and_commands_agree_on_a_value_in_the_config_file() {
    let h = Home::new();
    // A token under [PROFILE.settings]: `auth list` calls it present, so a command must find it.
    h.write_config("[default.settings]\nWHATSAPP_ACCESS_TOKEN = \"cfg-token\"\n");
    let r = run(h.cmd(), &["-o", "json", "auth", "list"]);
    assert_eq!(
        r.step("WHATSAPP_ACCESS_TOKEN")["summary"],
        "config",
        "{}",
        r.all()
    );
    let mut c = h.cmd();
    c.env(
        "INTOPS_META_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    );
    let r = run(c, &["whatsapp", "token-debug"]);
    assert!(!r.all().contains("missing credential"), "{}", r.all());
    assert!(!r.all().contains("cfg-token"), "{}", r.all());
}

#[test]
fn completions_are_committed_and_current() {
    let h = Home::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        ("bash", "intops.bash"),
        ("zsh", "_intops"),
        ("fish", "intops.fish"),
        ("powershell", "_intops.ps1"),
        ("elvish", "intops.elv"),
    ] {
        let r = run(h.cmd(), &["completions", shell]);
        assert_eq!(r.code, 0);
        let committed = std::fs::read_to_string(root.join(file))
            .unwrap_or_else(|_| panic!("completions/{file} missing: run scripts/gen-completions"));
        assert!(
            committed == r.stdout,
            "completions/{file} is stale: run scripts/gen-completions and commit"
        );
    }
}

#[test]
fn man_page_renders() {
    let h = Home::new();
    let r = run(h.cmd(), &["man"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(".TH intops"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    let dir = h.path().join("man");
    let r = run(h.cmd(), &["man", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0);
    assert!(dir.join("intops-whatsapp-token-debug.1").exists());
}

#[test]
fn auth_list_shows_sources_never_values() {
    let h = Home::new();
    let env = h.path().join("svc.env");
    std::fs::write(&env, "ZOHO_REFRESH_TOKEN=1000.refresh-secret-value\n").unwrap();
    let mut c = h.cmd();
    c.env("WHATSAPP_ACCESS_TOKEN", "EAAenv-secret-token-value");
    let r = run(
        c,
        &[
            "--env-file",
            env.to_str().unwrap(),
            "-o",
            "json",
            "auth",
            "list",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("WHATSAPP_ACCESS_TOKEN")["summary"], "env");
    assert_eq!(r.step("ZOHO_REFRESH_TOKEN")["summary"], "env-file");
    assert_eq!(r.step("CALENDLY_TOKEN")["summary"], "missing");
    assert_eq!(r.step("keyring")["data"]["backend"], "none");
    assert_no_secret(&r, "EAAenv-secret-token-value");
    assert_no_secret(&r, "1000.refresh-secret-value");
}

#[test]
fn auth_set_without_keyring_says_what_to_do() {
    let h = Home::new();
    let mut c = h.cmd();
    c.write_stdin("EAAnew-token-from-stdin");
    let r = run(c, &["auth", "set", "WHATSAPP_ACCESS_TOKEN"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("--env-file"), "{}", r.stderr);
    assert_no_secret(&r, "EAAnew-token-from-stdin");
}

#[test]
fn auth_set_rejects_a_value_as_name() {
    let h = Home::new();
    let r = run(h.cmd(), &["auth", "set", "EAAoops-this-is-a-token"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("not a credential name"));
}

#[test]
fn auth_delete_needs_yes_without_a_terminal() {
    let h = Home::new();
    let r = run(h.cmd(), &["auth", "delete", "WHATSAPP_ACCESS_TOKEN"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn no_keyring_backend_is_reported_with_the_env_alternative() {
    // A clean environment has no D-Bus session, like a headless box over SSH.
    let h = Home::new();
    let mut c = h.cmd();
    c.env_remove("INTOPS_KEYRING");
    let r = run(c, &["-o", "json", "auth", "list"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let k = r.step("keyring");
    assert_eq!(k["status"], "warn");
    assert_eq!(k["data"]["backend"], "secret-service");
    assert!(k["hint"].as_str().unwrap().contains("--env-file"), "{k}");
}

#[test]
fn secrets_are_never_taken_as_arguments() {
    let h = Home::new();
    let r = run(
        h.cmd(),
        &[
            "auth",
            "set",
            "WHATSAPP_ACCESS_TOKEN",
            "EAAvalue-on-the-command-line",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(!r.stdout.contains("stored"));
}

#[test]
fn standalone_sandbox_serves_and_switches_scenarios() {
    let h = Home::new();
    let port = closed_port();
    let bin = assert_cmd::cargo::cargo_bin("intops");
    let mut child = std::process::Command::new(bin)
        .args([
            "sandbox",
            "--port",
            &port.to_string(),
            "--scenario",
            "token-expiring",
        ])
        .env("INTOPS_KEYRING", "none")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let mut up = false;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(up, "sandbox did not listen on {port}");
    let mut c = h.cmd();
    c.env("INTOPS_META_URL", format!("{base}/meta"));
    for (k, v) in intops::sandbox::demo_credentials() {
        c.env(k, v);
    }
    let r = run(c, &["-o", "json", "whatsapp", "token-debug"]);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.step("token")["data"]["days_left"], 3);
}
