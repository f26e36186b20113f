//! A panic message that quotes a secret is redacted. The test re-runs itself as a child process
//! (the hook prints to the child's stderr, which the parent reads).

use std::process::Command;

#[test]
fn panic_message_is_redacted() {
    if std::env::var("INTOPS_PANIC_CHILD").is_ok() {
        let secret = intops::secrets::Secret::new("EAApanic-secret-token-123");
        intops::redact::install_panic_hook();
        panic!("failed while using {}", secret.expose());
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "panic_message_is_redacted",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("INTOPS_PANIC_CHILD", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("intops crashed: "), "{stderr}");
    assert!(stderr.contains("failed while using ***"), "{stderr}");
    assert!(!stderr.contains("EAApanic-secret-token-123"), "{stderr}");
}
