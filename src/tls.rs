//! Which certificates intops trusts, for every TLS connection it makes (vendor APIs, Postgres
//! with `sslmode=verify-*`): the operating system's certificate store *and* the bundled Mozilla
//! roots, as xh does. The OS store is what a corporate TLS-inspecting proxy's CA is installed
//! into (on Linux, `SSL_CERT_FILE` / `SSL_CERT_DIR` name other files, as OpenSSL's do); the
//! bundled roots keep a minimal container without ca-certificates working.

use rustls::client::danger::ServerCertVerifier;
use rustls::crypto::CryptoProvider;
use rustls::ClientConfig;
use std::sync::{Arc, LazyLock};

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

/// A client configuration that verifies servers with [`verifier`].
pub fn client_config() -> Result<ClientConfig, String> {
    Ok(ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier()?)
        .with_no_client_auth())
}
