//! The terminal at 80 columns: the README's examples against the sandbox, and `help settings`.

use crate::common::{against, run, sandbox, Home};

/// The README's first commands, as a newcomer runs them on an 80-column terminal (a pipe with
/// COLUMNS=80 renders the same): no line of the report is wider than the terminal.
#[test]
fn readme_examples_fit_80_columns() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let redis = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let examples: &[&[&str]] = &[
        &["doctor"],
        &["status"],
        &["webhook", "status"],
        &["queue", "status"],
        &["whatsapp", "phone"],
        &["calendly", "subscriptions", "list"],
        &["zoho", "check"],
        &["whatsapp", "token-debug"],
        &["elevenlabs", "check"],
        &["rets", "check"],
        &["help", "settings"],
        &["help", "credentials"],
        &["help", "exit-codes"],
        &["runbook", "list"],
        &["incident", "list"],
        &["action", "list"],
        &["auth", "list"],
    ];
    for args in examples {
        let mut c = against(&h, &sb);
        c.env("COLUMNS", "80")
            .env("REDIS_URL", &redis)
            .env("WHATSAPP_QUEUE_KEY", "intops-test:terminal-readme-empty");
        let r = run(c, args);
        assert!(r.code <= 1, "{args:?}: exit {}\n{}", r.code, r.all());
        assert!(!r.stdout.trim().is_empty(), "{args:?}: {}", r.all());
        for l in r.stdout.lines() {
            assert!(
                l.chars().count() <= 80,
                "{args:?}: a line of {} columns:\n{l}",
                l.chars().count()
            );
        }
    }
}

/// `intops help settings` is its own topic: each setting with where it is read from, its default
/// and the commands that read it.
#[test]
fn help_settings_names_source_default_and_commands() {
    let h = Home::new();
    let r = run(h.cmd(), &["help", "settings"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let out = &r.stdout;
    assert!(out.starts_with("Settings"), "{out}");
    // A setting's lines: its name, then the indented lines under it.
    let block = |name: &str| {
        let lines: Vec<&str> = out.lines().collect();
        let start = lines
            .iter()
            .position(|l| *l == format!("  {name}"))
            .unwrap_or_else(|| panic!("{name} missing:\n{out}"));
        lines[start..]
            .iter()
            .enumerate()
            .take_while(|(i, l)| *i == 0 || l.starts_with("    "))
            .map(|(_, l)| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let q = block("WHATSAPP_QUEUE_KEY");
    assert!(q.contains("[PROFILE.queue] key"), "{q}");
    assert!(q.contains("default: whatsapp_message_queue"), "{q}");
    assert!(q.contains("queue drain"), "{q}");
    let dc = block("ZOHO_DC");
    assert!(dc.contains("default: com"), "{dc}");
    assert!(dc.contains("zoho check"), "{dc}");
    let meta = block("INTOPS_META_URL");
    assert!(meta.contains("config `meta_url`"), "{meta}");
    assert!(meta.contains("https://graph.facebook.com"), "{meta}");
    // Secrets are not settings: they are `help credentials`.
    assert!(!out.contains("\n  WHATSAPP_ACCESS_TOKEN\n"), "{out}");
    let creds = run(h.cmd(), &["help", "credentials"]);
    assert!(
        creds.stdout.contains("WHATSAPP_ACCESS_TOKEN"),
        "{}",
        creds.stdout
    );
    assert_ne!(creds.stdout, r.stdout);
}
