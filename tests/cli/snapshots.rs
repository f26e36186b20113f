//! Snapshots of what people and scripts read, against the healthy sandbox: every main command's
//! table at 80 and 120 columns (a pipe honouring COLUMNS, as on a terminal of that width), and its
//! `-o json` and `-o prom` output. Ports, times and durations are normalised; nothing else is.
//! Review a change with `cargo insta review`.

use crate::common::{against, run, sandbox, slow_sandbox, Home};

const COMMANDS: &[&[&str]] = &[
    &["doctor"],
    &["whatsapp", "token-debug"],
    &["whatsapp", "phone"],
    &["webhook", "status"],
    &["calendly", "subscriptions", "list"],
    &["zoho", "check"],
    &["elevenlabs", "check"],
    &["rets", "check"],
    &["status"],
];

pub fn normalise(text: &str) -> String {
    let rules: &[(&str, &str)] = &[
        (r"127\.0\.0\.1:\d{4,5}", "127.0.0.1:PORT"),
        (
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
            "YYYY-MM-DDTHH:MM:SSZ",
        ),
        (r"\b\d+ ms\b", "N ms"),
        (r"hub\.challenge in \d+", "hub.challenge in N"),
        (
            r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z",
            "YYYY-MM-DD HH:MM:SSZ",
        ),
        (
            r#""([a-z_]*_ms|duration_ms|elapsed_ms|latency_ms)": \d+"#,
            r#""$1": 0"#,
        ),
        // Seconds counted from now (token expiry, data access) move with the clock.
        (
            r"(?m)^(intops_[a-z_]*(seconds|timestamp)[a-z_]*\{[^}]*\}) [0-9.e+-]+$",
            "$1 N",
        ),
        (
            r#""(expires_in|seconds_left|expires_in_seconds)": \d+"#,
            r#""$1": 0"#,
        ),
        // A measured duration a digit longer widens the last column by one: compare the cells,
        // not the padding.
        (r"(?m) +│$", " │"),
        (r"─{2,}", "──"),
        (r"═{2,}", "══"),
    ];
    let mut s = text.to_string();
    for (re, to) in rules {
        s = regex::Regex::new(re)
            .unwrap()
            .replace_all(&s, *to)
            .into_owned();
    }
    s
}

pub fn snap(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name.to_string(), normalise(text));
    });
}

/// Table-producing commands beyond the main checks, each at 80 and 120 columns and as json and
/// prom: read-only against the healthy sandbox (queue status against an empty Redis key of its
/// own).
const MORE: &[&[&str]] = &[
    &["webhook", "verify"],
    &["whatsapp", "metrics"],
    &["elevenlabs", "calls"],
    &["zoho", "refresh-token"],
    &["queue", "status"],
    &["action", "list"],
    &["incident", "list"],
    &["auth", "list"],
];

/// Lines wider than the table (a word longer than the line is the one exception the hints allow).
fn assert_fits(name: &str, cols: usize, text: &str) {
    for l in text.lines() {
        assert!(
            l.chars().count() <= cols || !l.trim().contains(' '),
            "{name} at {cols}: {l:?}"
        );
    }
}

fn snapshot_all(h: &Home, sb: &intops::sandbox::Background, args: &[&str], extra: &[(&str, &str)]) {
    let name = args.join("-");
    let home = h.path().display().to_string();
    let cmd = || {
        let mut c = against(h, sb);
        for (k, v) in extra {
            c.env(k, v);
        }
        c
    };
    for cols in ["80", "120"] {
        let mut c = cmd();
        c.env("COLUMNS", cols);
        let r = run(c, args);
        assert!(!r.stdout.is_empty(), "{name}: {}", r.all());
        let mut out = r.stdout.replace(&home, "$HOME");
        if out.contains("$HOME") {
            // The temporary home's length moves the hints' wrapping: compare them unwrapped.
            out = out.replace("\n    ", " ");
        }
        // Table rows never run past the width, whatever their words.
        for l in out.lines().filter(|l| l.starts_with(['╭', '│', '╞', '╰'])) {
            assert!(
                l.chars().count() <= cols.parse().unwrap(),
                "{name} at {cols}: {l:?}"
            );
        }
        assert_fits(&name, cols.parse().unwrap(), &r.stdout);
        snap(&format!("{name}-table-{cols}"), &out);
    }
    for fmt in ["json", "prom"] {
        let mut full = vec!["-o", fmt];
        full.extend_from_slice(args);
        let r = run(cmd(), &full);
        snap(&format!("{name}-{fmt}"), &r.stdout.replace(&home, "$HOME"));
    }
}

#[test]
fn tables_at_80_and_120_columns_and_json_and_prom() {
    let h = Home::new();
    let sb = sandbox("healthy");
    for args in COMMANDS {
        if args == &["webhook", "status"] {
            continue;
        }
        snapshot_all(&h, &sb, args, &[]);
    }
}

/// webhook status measures its callbacks' answers ("echoed hub.challenge in 152 ms"): against a
/// sandbox that answers in 150 ms the measurement always has three digits, so its width, and the
/// table's wrapping, does not move between runs. Its callback URLs are wider than the 80-column
/// summary: shortened in the middle, never cut across lines.
#[test]
fn webhook_status_table_keeps_urls_whole() {
    let h = Home::new();
    let sb = slow_sandbox("healthy", std::time::Duration::from_millis(150));
    snapshot_all(&h, &sb, &["webhook", "status"], &[]);
    let mut c = against(&h, &sb);
    c.env("COLUMNS", "80");
    let r = run(c, &["webhook", "status"]);
    // Every URL on the screen is one the sandbox uses, or one shortened with "…".
    let url = regex::Regex::new(r"https?://\S+").unwrap();
    for m in url.find_iter(&r.stdout) {
        let u = m.as_str().trim_end_matches(['│', ' ']);
        assert!(
            u.contains('…')
                || u.ends_with("/callback/whatsapp")
                || u.ends_with("/callback/leadgen"),
            "a URL cut across lines: {u:?}\n{}",
            r.stdout
        );
    }
}

#[test]
fn more_tables_and_their_json_and_prom() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let redis = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    for args in MORE {
        let extra: Vec<(&str, &str)> = if args[0] == "queue" {
            // A key nothing ever pushes to: always empty, so the snapshot is stable.
            vec![
                ("REDIS_URL", redis.as_str()),
                ("WHATSAPP_QUEUE_KEY", "intops-test:terminal-snapshot-empty"),
            ]
        } else {
            vec![]
        };
        snapshot_all(&h, &sb, args, &extra);
    }
}
