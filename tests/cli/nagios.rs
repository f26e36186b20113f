//! `--output nagios`: the Monitoring Plugins format (status line, long text, perfdata) and its
//! exit codes, for reports and for errors.

use crate::common::*;

#[test]
fn expiring_token_is_a_warning_line_with_days_left_perfdata() {
    let home = Home::new();
    let sb = sandbox("token-expiring");
    let r = run(
        against(&home, &sb),
        &["whatsapp", "token-debug", "-o", "nagios"],
    );
    assert_eq!(r.code, 1, "{}", r.all());
    let first = r.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("INTOPS WARNING - token: ") && first.contains("expires in 3 days"),
        "{first}"
    );
    assert!(first.ends_with(" | 'token_days_left'=3;7;0"), "{first}");
    // Nagios reads stdout only; nothing else is said on stderr.
    assert_eq!(r.stderr, "");
}

#[test]
fn the_profiles_thresholds_are_the_perfdata_thresholds() {
    let home = Home::new();
    home.write_config("[default.thresholds]\ntoken_warn_days = 10\n");
    let sb = sandbox("token-expiring");
    let r = run(
        against(&home, &sb),
        &["whatsapp", "token-debug", "--output", "nagios"],
    );
    assert!(
        r.stdout
            .lines()
            .next()
            .unwrap()
            .ends_with("'token_days_left'=3;10;0"),
        "{}",
        r.stdout
    );
}

#[test]
fn doctor_leads_with_the_worst_row_and_lists_the_others() {
    let home = Home::new();
    let sb = sandbox("token-expired");
    let r = run(against(&home, &sb), &["doctor", "-o", "nagios"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines[0].starts_with("INTOPS CRITICAL - whatsapp token: "),
        "{}",
        r.stdout
    );
    // Every other row is one long-text line with its own status word.
    for row in ["zoho", "calendly", "elevenlabs", "rets", "status pages"] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("OK - ") && l.contains(&format!(" - {row}: "))),
            "no OK line for {row}:\n{}",
            r.stdout
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("OK - queue: not configured")),
        "{}",
        r.stdout
    );
    // No `|` except the perfdata separators.
    for l in &lines[1..] {
        assert!(!l.contains('|') || l.starts_with("| "), "{l}");
    }
}

#[test]
fn a_missing_credential_is_unknown_on_stdout_exit_3() {
    let home = Home::new();
    let r = run(home.cmd(), &["whatsapp", "token-debug", "-o", "nagios"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stdout
            .starts_with("INTOPS UNKNOWN - missing credential WHATSAPP_ACCESS_TOKEN"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("\nnext: export WHATSAPP_ACCESS_TOKEN="));
    assert_eq!(r.stderr, "");
}

#[test]
fn an_unreachable_vendor_is_critical() {
    let home = Home::new();
    let mut c = home.cmd();
    c.env(
        "INTOPS_META_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    )
    .env("WHATSAPP_ACCESS_TOKEN", "EAAnotreal");
    let r = run(
        c,
        &["whatsapp", "token-debug", "-o", "nagios", "--timeout", "2"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.starts_with("INTOPS CRITICAL - "), "{}", r.stdout);
    assert_no_secret(&r, "EAAnotreal");
}

#[test]
fn a_usage_error_is_unknown_too() {
    let home = Home::new();
    let r = run(home.cmd(), &["doctor", "--no-such-flag", "-o", "nagios"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stdout.starts_with("INTOPS UNKNOWN - unexpected argument"),
        "{}",
        r.all()
    );
}
