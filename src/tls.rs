//! Which certificates intops trusts, for every TLS connection it makes (vendor APIs, Postgres
//! with `sslmode=verify-*`): the operating system's certificate store *and* the bundled Mozilla
//! roots, as xh does. The OS store is what a corporate TLS-inspecting proxy's CA is installed
//! into (on Linux, `SSL_CERT_FILE` / `SSL_CERT_DIR` name other files, as OpenSSL's do); the
//! bundled roots keep a minimal container without ca-certificates working.
//!
//! `INTOPS_CA_FILE` (env, `.env` or `[profile.settings]`) names a PEM file of extra CA
//! certificates trusted on top of those, for intops alone: a private CA, or the throwaway CA of
//! `intops sandbox`, whose fake callbacks are https. Nothing else is trusted without it.

use rustls::client::danger::ServerCertVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::ClientConfig;
use std::path::Path;
use std::sync::{Arc, LazyLock};

/// The setting that names extra trusted CA certificates.
pub const CA_FILE: &str = "INTOPS_CA_FILE";

/// One crypto provider (ring) for reqwest and Postgres alike.
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The OS store plus the bundled roots, read once per process.
pub fn verifier() -> Result<Arc<dyn ServerCertVerifier>, String> {
    static VERIFIER: LazyLock<Result<Arc<dyn ServerCertVerifier>, String>> = LazyLock::new(|| {
        rustls_platform_verifier::Verifier::new_with_extra_roots(
            webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned(),
            provider(),
        )
        .map(|v| Arc::new(v) as Arc<dyn ServerCertVerifier>)
        .map_err(|e| format!("cannot load the certificate store: {e}"))
    });
    VERIFIER.clone()
}

/// [`verifier`] plus `extra` roots (from [`CA_FILE`]).
pub fn verifier_with(
    extra: &[CertificateDer<'static>],
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    if extra.is_empty() {
        return verifier();
    }
    rustls_platform_verifier::Verifier::new_with_extra_roots(
        webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .cloned()
            .chain(extra.iter().cloned()),
        provider(),
    )
    .map(|v| Arc::new(v) as Arc<dyn ServerCertVerifier>)
    .map_err(|e| format!("cannot load the certificate store with {CA_FILE}: {e}"))
}

/// A client configuration that verifies servers with [`verifier`].
pub fn client_config() -> Result<ClientConfig, String> {
    client_config_with(&[])
}

/// A client configuration that verifies servers with [`verifier_with`] `extra`.
pub fn client_config_with(extra: &[CertificateDer<'static>]) -> Result<ClientConfig, String> {
    Ok(ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier_with(extra)?)
        .with_no_client_auth())
}

/// The CA certificates in the PEM file `path` names ([`CA_FILE`]): at least one, each one a
/// certificate rustls can use as a root. The error says what is wrong with the file.
pub fn load_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let shown = path.display();
    let text = std::fs::read(path).map_err(|e| format!("cannot read {CA_FILE} {shown}: {e}"))?;
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&text)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{CA_FILE} {shown} is not PEM certificates: {e}"))?;
    if certs.is_empty() {
        return Err(format!(
            "{CA_FILE} {shown} holds no certificate (expected -----BEGIN CERTIFICATE-----)"
        ));
    }
    let mut store = rustls::RootCertStore::empty();
    for (i, c) in certs.iter().enumerate() {
        store.add(c.clone()).map_err(|e| {
            format!(
                "{CA_FILE} {shown}: certificate {} is not usable as a CA: {e}",
                i + 1
            )
        })?;
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_must_hold_certificates() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.pem");
        let e = load_ca_file(&missing).unwrap_err();
        assert!(e.starts_with("cannot read INTOPS_CA_FILE"), "{e}");

        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let e = load_ca_file(&empty).unwrap_err();
        assert!(e.contains("holds no certificate"), "{e}");

        let junk = dir.path().join("junk.pem");
        std::fs::write(
            &junk,
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let e = load_ca_file(&junk).unwrap_err();
        assert!(e.contains("not usable as a CA"), "{e}");
    }
}
