//! Postgres `sslmode` as libpq reads it, against a fake Postgres front that speaks the SSLRequest
//! handshake with a certificate from a local CA, then refuses the login with a marker message
//! (so "the TLS handshake passed" is visible in what intops prints).

use crate::common::*;
use std::io::{Read, Write};
use std::net::TcpListener;

use crate::common::tls_server;

const MARKER: &str = "fake postgres: TLS handshake passed";

/// A Postgres ErrorResponse (FATAL 28000) carrying MARKER.
fn error_response() -> Vec<u8> {
    let mut fields = Vec::new();
    for (t, v) in [
        (b'S', "FATAL"),
        (b'V', "FATAL"),
        (b'C', "28000"),
        (b'M', MARKER),
    ] {
        fields.push(t);
        fields.extend_from_slice(v.as_bytes());
        fields.push(0);
    }
    fields.push(0);
    let mut msg = vec![b'E'];
    msg.extend_from_slice(&((fields.len() + 4) as u32).to_be_bytes());
    msg.extend_from_slice(&fields);
    msg
}

/// Port of a fake server with a certificate for `names`, and the CA's PEM.
fn fake_postgres(names: &[&str]) -> (u16, String) {
    let ca = tls_server::test_ca(names);
    let config = tls_server::server_config(&ca);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut tcp in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                let mut ssl_request = [0u8; 8];
                if tcp.read_exact(&mut ssl_request).is_err() {
                    return;
                }
                let _ = tcp.write_all(b"S");
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                let mut startup = [0u8; 4];
                if tls.read_exact(&mut startup).is_err() {
                    return; // the client refused the certificate
                }
                let _ = tls.write_all(&error_response());
                let _ = tls.flush();
            });
        }
    });
    (port, ca.ca_pem)
}

fn table_summary(h: &Home, url: &str) -> String {
    let mut c = h.cmd();
    c.env("DATABASE_URL", url)
        .env("REDIS_URL", "redis://127.0.0.1:6379")
        .env("WHATSAPP_QUEUE_KEY", "intops-test:pgtls:none");
    let r = run(c, &["-o", "json", "--timeout", "5", "queue", "status"]);
    let step = r.step("table");
    assert_eq!(step["status"], "crit", "{}", r.stdout);
    step.to_string()
}

fn write_ca(h: &Home, pem: &str) -> String {
    let f = h.path().join("ca.pem");
    std::fs::write(&f, pem).unwrap();
    f.display().to_string()
}

#[test]
fn verify_full_checks_the_chain_and_the_host_name() {
    let h = Home::new();
    let (port, pem) = fake_postgres(&["localhost"]);
    let ca = write_ca(&h, &pem);

    let ok = table_summary(
        &h,
        &format!("postgres://postgres@localhost:{port}/test?sslmode=verify-full&sslrootcert={ca}"),
    );
    assert!(ok.contains(MARKER), "{ok}");
    assert!(!ok.contains("not a Postgres URL"), "{ok}");

    // The certificate names localhost, not 127.0.0.1.
    let wrong_name = table_summary(
        &h,
        &format!("postgres://postgres@127.0.0.1:{port}/test?sslmode=verify-full&sslrootcert={ca}"),
    );
    assert!(!wrong_name.contains(MARKER), "{wrong_name}");
    assert!(wrong_name.contains("not valid for name"), "{wrong_name}");
    assert!(wrong_name.contains("sslrootcert"), "the hint: {wrong_name}");
}

#[test]
fn verify_ca_checks_the_chain_but_not_the_name() {
    let h = Home::new();
    let (port, pem) = fake_postgres(&["db.example"]);
    let ca = write_ca(&h, &pem);
    let ok = table_summary(
        &h,
        &format!("postgres://postgres@127.0.0.1:{port}/test?sslmode=verify-ca&sslrootcert={ca}"),
    );
    assert!(ok.contains(MARKER), "{ok}");
}

#[test]
fn a_certificate_from_an_unknown_ca_is_refused_by_verify_but_not_by_require() {
    let h = Home::new();
    let (port, _) = fake_postgres(&["localhost"]);
    // No sslrootcert and no ~/.postgresql/root.crt: the system store and bundled roots.
    let refused = table_summary(
        &h,
        &format!("postgres://postgres@localhost:{port}/test?sslmode=verify-full"),
    );
    assert!(!refused.contains(MARKER), "{refused}");
    assert!(refused.contains("UnknownIssuer"), "{refused}");

    let require = table_summary(
        &h,
        &format!("postgres://postgres@localhost:{port}/test?sslmode=require"),
    );
    assert!(require.contains(MARKER), "{require}");
}

#[test]
fn a_missing_root_file_is_named() {
    let h = Home::new();
    let (port, _) = fake_postgres(&["localhost"]);
    let s = table_summary(
        &h,
        &format!(
            "postgres://postgres@localhost:{port}/test?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem"
        ),
    );
    assert!(s.contains("/nonexistent/ca.pem"), "{s}");
}
