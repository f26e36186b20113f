//! One flag for the same choice: `--provider whatsapp|leadgen|calendly` on every webhook verb; the
//! old spellings (`--target`, `meta-whatsapp`, `meta`) still work and are not shown.

use crate::common::{against, run, sandbox, Home};

#[test]
fn the_runbooks_plain_send_test_posts_to_the_whatsapp_callback() {
    let h = Home::new();
    let sb = sandbox("healthy");
    // As the whatsapp-outage runbook writes it (plus --yes: no terminal here).
    let r = run(
        against(&h, &sb),
        &["-o", "json", "webhook", "send-test", "--yes"],
    );
    assert_eq!(r.code, 0, "{}", r.all()); // the sandbox's callback is https, its CA trusted
    assert_eq!(r.step("send-test")["status"], "ok", "{}", r.stdout);
    assert!(sb
        .state
        .recorded()
        .iter()
        .any(|q| q.method == "POST" && q.path == "/callback/whatsapp"));
}

#[test]
fn provider_names_one_scheme_and_old_spellings_are_hidden_aliases() {
    let h = Home::new();
    let sb = sandbox("healthy");
    for args in [
        ["webhook", "verify", "--provider", "leadgen"],
        ["webhook", "verify", "--target", "leadgen"],
    ] {
        let mut a = vec!["-o", "json"];
        a.extend(args);
        let r = run(against(&h, &sb), &a);
        assert_eq!(r.code, 0, "{args:?}: {}", r.all());
    }
    for p in ["leadgen", "meta-leadgen"] {
        let r = run(
            against(&h, &sb),
            &[
                "-o",
                "json",
                "webhook",
                "send-test",
                "--provider",
                p,
                "--yes",
            ],
        );
        assert_eq!(r.step("send-test")["status"], "ok", "{p}: {}", r.all());
    }
    for verb in [
        "verify",
        "reregister",
        "send-test",
        "sign",
        "check-signature",
    ] {
        let r = run(h.cmd(), &["webhook", verb, "--help"]);
        assert!(r.stdout.contains("--provider"), "{verb}: {}", r.stdout);
        assert!(!r.stdout.contains("--target"), "{verb}: {}", r.stdout);
        assert!(!r.stdout.contains("meta-whatsapp"), "{verb}: {}", r.stdout);
    }
    let r = run(h.cmd(), &["webhook", "sign", "--help"]);
    assert!(r.stdout.contains("whatsapp"), "{}", r.stdout);
}

#[test]
fn api_fills_runbook_placeholders_from_the_profile_or_refuses() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(
        against(&h, &sb),
        &[
            "-o",
            "json",
            "api",
            "meta",
            "GET",
            "/{WABA-ID}/phone_numbers",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let paths: Vec<_> = sb.state.recorded().into_iter().map(|q| q.path).collect();
    let waba = intops::sandbox::meta::SANDBOX_WABA_ID;
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with(&format!("/{waba}/phone_numbers"))),
        "{paths:?}"
    );
    assert!(
        paths.iter().all(|p| !p.contains('{') && !p.contains("%7B")),
        "{paths:?}"
    );
    // Without the setting: refused, naming it, nothing sent.
    let before = sb.state.recorded().len();
    let mut c = against(&h, &sb);
    c.env_remove("META_PAGE_ID");
    let r = run(c, &["api", "meta", "GET", "/{PAGE_ID}/subscribed_apps"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("META_PAGE_ID"), "{}", r.stderr);
    let r = run(against(&h, &sb), &["api", "meta", "GET", "/{BUSINESS}/x"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("unknown placeholder {BUSINESS}"),
        "{}",
        r.stderr
    );
    assert_eq!(sb.state.recorded().len(), before, "a request was sent");
}
