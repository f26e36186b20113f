//! `intops runbook list|show` and dynamic completion of runbook names.

use crate::common::*;

#[test]
fn list_names_the_three_runbooks() {
    let h = Home::new();
    let r = run(h.cmd(), &["runbook", "list"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for n in [
        "integration-failures",
        "whatsapp-outage",
        "integrations-config",
    ] {
        assert!(r.stdout.contains(n), "{}", r.stdout);
    }
    let r = run(h.cmd(), &["-o", "json", "runbook", "list"]);
    assert!(r.step("whatsapp-outage")["data"]["severity"]
        .as_str()
        .unwrap()
        .contains("SEV-1"));
}

#[test]
fn show_on_a_pipe_is_plain_text_with_metadata() {
    let h = Home::new();
    let r = run(h.cmd(), &["runbook", "show", "whatsapp-outage"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r
        .stdout
        .starts_with("WhatsApp API outage (whatsapp-outage)\nseverity: SEV-1"));
    assert!(r.stdout.contains("owners: Integrations on-call"));
    assert!(r.stdout.contains("## Option 1: rotate the access token"));
    assert!(r.stdout.contains("intops whatsapp token-rotate --env-file"));
    assert!(!r.stdout.contains('\x1b'), "escape codes on a pipe");
}

#[test]
fn show_one_step_and_the_step_list() {
    let h = Home::new();
    let r = run(
        h.cmd(),
        &["runbook", "show", "whatsapp-outage", "--step", "0"],
    );
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(" 5. Option 2: re-register the webhook"),
        "{}",
        r.stdout
    );
    let r = run(
        h.cmd(),
        &["runbook", "show", "whatsapp-outage", "--step", "5"],
    );
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("intops webhook reregister"));
    assert!(!r.stdout.contains("Option 1"), "{}", r.stdout);
    let r = run(
        h.cmd(),
        &["runbook", "show", "whatsapp-outage", "--step", "99"],
    );
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("steps 1 to 11"), "{}", r.stderr);
}

#[test]
fn templates_in_the_runbook_have_real_emoji() {
    let h = Home::new();
    let r = run(h.cmd(), &["runbook", "show", "integration-failures"]);
    assert!(r.stdout.contains("⚠️ INCIDENT: {title}"));
    assert!(r.stdout.contains("📊 UPDATE"));
    assert!(r.stdout.contains("✅ RESOLVED"));
    assert!(!r.stdout.contains("âš"));
}

#[test]
fn unknown_runbook_lists_the_known_ones() {
    let h = Home::new();
    let r = run(h.cmd(), &["-o", "json", "runbook", "show", "nope"]);
    assert_eq!(r.code, 3);
    let j = r.json();
    assert!(
        j["error"].as_str().unwrap().contains("whatsapp-outage"),
        "{j}"
    );
}

#[test]
fn dynamic_completion_offers_runbook_names_profiles_and_incident_ids() {
    let h = Home::new();
    h.write_config("[default]\n[staging]\n");
    let mut c = h.cmd();
    c.env("COMPLETE", "fish");
    let r = run(c, &["--", "intops", "runbook", "show", ""]);
    assert!(r.stdout.contains("whatsapp-outage"), "{}", r.all());
    assert!(r.stdout.contains("integrations-config"));
    let mut c = h.cmd();
    c.env("COMPLETE", "fish");
    let r = run(c, &["--", "intops", "doctor", "--profile", ""]);
    assert!(r.stdout.contains("staging"), "{}", r.all());

    let sb = sandbox("healthy");
    let s = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "incident",
            "start",
            "zoho-sync",
            "--no-checks",
        ],
    );
    let id = s.step("incident")["data"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut c = h.cmd();
    c.env("COMPLETE", "fish");
    let r = run(c, &["--", "intops", "incident", "resolve", ""]);
    assert!(r.stdout.contains(&id), "{}", r.all());
}
