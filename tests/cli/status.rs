//! `intops status [VENDOR…]` against the sandbox's status pages.

use crate::common::*;

#[test]
fn all_pages_operational_is_ok_with_one_row_each() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let r = run(against(&h, &sb), &["-o", "json", "status"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let j = r.json();
    let names: Vec<&str> = j["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "supabase",
            "vercel",
            "calendly",
            "elevenlabs",
            "docusign",
            "zoho",
            "meta"
        ]
    );
    assert_eq!(r.step("supabase")["summary"], "All Systems Operational");
    assert_eq!(r.step("zoho")["status"], "ok");
    assert_eq!(r.step("meta")["status"], "ok");
    // Every page was asked, at the documented paths.
    let paths: Vec<String> = sb.state.recorded().iter().map(|q| q.path.clone()).collect();
    assert!(paths.contains(&"/status/vercel/api/v2/summary.json".to_string()));
    assert!(paths.contains(&"/status/zoho/rss".to_string()));
    assert!(paths.contains(&"/status/meta/data/orgs.json".to_string()));
}

#[test]
fn major_outage_is_crit_with_the_open_incident() {
    let h = Home::new();
    let sb = sandbox("status-major-outage");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "status", "elevenlabs", "zoho"],
    );
    assert_eq!(r.code, 2, "{}", r.all());
    let e = r.step("elevenlabs");
    assert_eq!(e["status"], "crit");
    assert_eq!(
        e["summary"],
        "Partial System Outage · 1 open incident: Outbound calls failing (investigating)"
    );
    assert!(e["hint"]
        .as_str()
        .unwrap()
        .contains("https://stspg.io/sandbox1"));
    assert_eq!(e["data"]["indicator"], "major");
    let z = r.step("zoho");
    assert_eq!(z["status"], "crit");
    assert!(z["summary"]
        .as_str()
        .unwrap()
        .contains("Zoho CRM Major Outage"));
    // Only the pages asked for.
    assert_eq!(r.json()["steps"].as_array().unwrap().len(), 2);
}

#[test]
fn html_page_is_unknown_not_down() {
    let h = Home::new();
    let sb = sandbox("status-html");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "status", "supabase", "zoho"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    for name in ["supabase", "zoho"] {
        let s = r.step(name);
        assert_eq!(s["status"], "unknown", "{s}");
        assert!(s["summary"].as_str().unwrap().contains("HTML"), "{s}");
    }
}

#[test]
fn unreachable_page_is_unknown_and_names_the_override() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env(
        "INTOPS_STATUS_URL_VERCEL",
        format!("http://127.0.0.1:{}", closed_port()),
    );
    let r = run(
        c,
        &[
            "-o",
            "json",
            "--timeout",
            "2",
            "status",
            "vercel",
            "supabase",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    let v = r.step("vercel");
    assert_eq!(v["status"], "unknown");
    assert!(
        v["summary"]
            .as_str()
            .unwrap()
            .contains("connection refused"),
        "{v}"
    );
    assert!(v["hint"]
        .as_str()
        .unwrap()
        .contains("INTOPS_STATUS_URL_VERCEL"));
    assert_eq!(r.step("supabase")["status"], "ok");
}

#[test]
fn server_error_page_is_unknown() {
    let h = Home::new();
    let sb = sandbox("html-502");
    let r = run(
        against(&h, &sb),
        &["-o", "json", "--timeout", "1", "status", "docusign"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert_eq!(r.step("docusign")["status"], "unknown");
}

#[test]
fn config_file_overrides_a_page_url() {
    let h = Home::new();
    let sb = sandbox("status-major-outage");
    // The config key is used when no INTOPS_STATUS_URL_* is set: point calendly at the
    // elevenlabs page, which is the one in trouble in this scenario.
    h.write_config(&format!(
        "[default.status_urls]\ncalendly = \"{}/status/elevenlabs\"\n",
        sb.url()
    ));
    let mut c = h.cmd();
    c.env(
        "INTOPS_STATUS_URL_SUPABASE",
        format!("{}/status/supabase", sb.url()),
    );
    let r = run(c, &["-o", "json", "status", "calendly"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.step("calendly")["status"], "crit");
}

#[test]
fn unknown_vendor_is_a_usage_error() {
    let h = Home::new();
    let r = run(h.cmd(), &["status", "twitter"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.stderr.contains("supabase"), "{}", r.stderr);
}

#[test]
fn table_shows_one_row_per_vendor() {
    let h = Home::new();
    let sb = sandbox("status-major-outage");
    let r = run(against(&h, &sb), &["status", "elevenlabs", "vercel"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stdout.contains("elevenlabs") && r.stdout.contains("CRIT"));
    assert!(r.stdout.contains("Outbound calls failing"));
    assert!(r.stdout.contains("vercel"));
}

#[test]
fn a_moved_page_is_followed() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = against(&h, &sb);
    c.env(
        "INTOPS_STATUS_URL_CALENDLY",
        format!("{}/status/moved/calendly", sb.url()),
    );
    let r = run(c, &["-o", "json", "status", "calendly"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("calendly")["summary"], "All Systems Operational");
    let paths: Vec<String> = sb.state.recorded().iter().map(|q| q.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/status/moved/calendly/api/v2/summary.json",
            "/status/calendly/api/v2/summary.json"
        ]
    );
}

#[test]
fn a_timeout_is_unknown_not_down() {
    let h = Home::new();
    let sb = slow_sandbox("healthy", std::time::Duration::from_millis(1500));
    let r = run(
        against(&h, &sb),
        &["-o", "json", "--timeout", "0.3", "status", "vercel"],
    );
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.step("vercel")["summary"]
        .as_str()
        .unwrap()
        .contains("timed out"));
}
