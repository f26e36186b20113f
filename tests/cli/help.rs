//! Help a newcomer can act on: every flag described, every command with examples and the names it
//! reads, global flags under their own heading, topics beside `exit-codes`.

use crate::common::{run, Home};

fn leaves(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
    let subs: Vec<_> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
        .collect();
    if subs.is_empty() {
        out.push((path.trim().to_string(), cmd.clone()));
    }
    for c in subs {
        leaves(c, &format!("{path} {}", c.get_name()), out);
    }
}

#[test]
fn every_flag_has_a_description_and_every_command_examples() {
    let root = intops::cli::command();
    let mut all = Vec::new();
    leaves(&root, "", &mut all);
    assert!(all.len() > 30, "{}", all.len());
    let mut missing = Vec::new();
    for (path, cmd) in &all {
        if path == "help" {
            continue;
        }
        for a in cmd.get_arguments() {
            if a.is_hide_set() || matches!(a.get_id().as_str(), "help" | "version") {
                continue;
            }
            if a.get_help().is_none() && a.get_long_help().is_none() {
                missing.push(format!(
                    "`intops {path}`: {} has no description",
                    a.get_id()
                ));
            }
        }
        let after = cmd
            .get_after_help()
            .map(|s| s.to_string())
            .unwrap_or_default();
        if !after.contains("Examples:\n  intops ") && !after.contains("Examples:\n  eval") {
            missing.push(format!("`intops {path}` has no Examples: block"));
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn help_shows_examples_reads_and_global_options_apart() {
    let h = Home::new();
    let r = run(h.cmd(), &["whatsapp", "token-debug", "--help"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("Examples:\n  intops whatsapp token-debug\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("WHATSAPP_ACCESS_TOKEN"), "{}", r.stdout);
    let global = r
        .stdout
        .find("Global options:")
        .expect("a Global options heading");
    assert!(r.stdout[global..].contains("--profile"));
    assert!(!r.stdout[..global].contains("--profile"), "{}", r.stdout);
    let r = run(h.cmd(), &["incident", "resolve", "--help"]);
    let at = r.stdout.find("--root-cause").expect("--root-cause listed");
    let described = &r.stdout[at..r.stdout[at + 2..]
        .find("--")
        .map_or(r.stdout.len(), |i| at + 2 + i)];
    assert!(described.contains("Root cause"), "{}", r.stdout);
}

#[test]
fn help_credentials_says_where_each_name_is_read_and_who_needs_it() {
    let h = Home::new();
    let mut c = h.cmd();
    c.env("COLUMNS", "80");
    let r = run(c, &["help", "credentials"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("--env-file"));
    assert!(r.stdout.contains("account PROFILE/NAME"));
    let line = r
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("ZOHO_REFRESH_TOKEN "))
        .expect("ZOHO_REFRESH_TOKEN listed");
    assert!(line.contains("zoho refresh-token"), "{line}");
    assert!(
        r.stdout.lines().all(|l| l.chars().count() <= 80),
        "{}",
        r.stdout
    );
    // An unknown topic names the topics, not a generic pointer.
    let r = run(h.cmd(), &["help", "nope"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("exit-codes, credentials"), "{}", r.stderr);
}
