//! TLS trust: intops trusts the operating system's certificate store as well as its bundled roots,
//! so a corporate TLS-inspecting proxy whose CA is installed on the machine works. On Linux the
//! store is read from `SSL_CERT_FILE` when it is set, which is how these tests install a CA.

use crate::common::*;

use crate::common::tls_server;

const SUMMARY: &str = r#"{"page":{"id":"p","name":"Vercel","url":"https://www.vercel-status.com","time_zone":"Etc/UTC","updated_at":"2026-12-01T00:00:00Z"},"components":[],"incidents":[],"scheduled_maintenances":[],"status":{"indicator":"none","description":"All Systems Operational"}}"#;

fn status_via(h: &Home, url: &str, ca_file: Option<&std::path::Path>) -> Run {
    let mut c = h.cmd();
    c.env("INTOPS_STATUS_URL_VERCEL", url);
    if let Some(f) = ca_file {
        c.env("SSL_CERT_FILE", f);
    }
    run(c, &["-o", "json", "--timeout", "5", "status", "vercel"])
}

#[test]
fn a_ca_in_the_system_store_is_trusted() {
    let h = Home::new();
    let ca = tls_server::test_ca(&["127.0.0.1", "localhost"]);
    let addr = tls_server::https_server(&ca, SUMMARY);
    let ca_file = h.path().join("proxy-ca.pem");
    std::fs::write(&ca_file, &ca.ca_pem).unwrap();
    let url = format!("https://{addr}/api/v2/summary.json");

    let r = status_via(&h, &url, Some(&ca_file));
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.step("vercel")["status"], "ok", "{}", r.stdout);
}

#[test]
fn a_ca_nobody_installed_is_refused() {
    let h = Home::new();
    let ca = tls_server::test_ca(&["127.0.0.1", "localhost"]);
    let addr = tls_server::https_server(&ca, SUMMARY);
    let url = format!("https://{addr}/api/v2/summary.json");
    // The machine's own store and the bundled roots: neither holds this CA.
    let r = status_via(&h, &url, None);
    let v = r.step("vercel");
    assert_eq!(v["status"], "unknown", "{}", r.stdout);
    let text = v.to_string().to_lowercase();
    assert!(
        text.contains("certificate") || text.contains("tls"),
        "the row says why: {v}"
    );
}
