//! Postgres TLS as libpq reads it from the connection string. tokio-postgres knows only
//! `sslmode=disable|prefer|require` and no `sslrootcert`; libpq has six modes
//! (https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION):
//! - `disable`: plain; `allow`, `prefer`: TLS when the server offers it (`allow` tries plain
//!   first; both reach the same servers, so `allow` is run as `prefer`); `require`: TLS, any
//!   certificate, unless a root certificate is given, which makes it `verify-ca` (as libpq does);
//! - `verify-ca`: the certificate chains to a trusted root; `verify-full`: and names the host.
//!
//! Roots for `verify-*`: `sslrootcert=<file>` (PEM), else `~/.postgresql/root.crt` when it
//! exists (libpq's default), else, and for `sslrootcert=system`, the OS store plus the bundled
//! roots (src/tls.rs).

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use std::path::PathBuf;
use std::sync::Arc;
use tokio_postgres::config::SslMode as PgMode;
use tokio_postgres_rustls::MakeRustlsConnect;

/// What to do when the TLS handshake with Postgres fails.
pub const HANDSHAKE_HINT: &str = "with sslmode=verify-ca or verify-full the server certificate must chain to sslrootcert \
(e.g. `?sslmode=verify-full&sslrootcert=/path/to/ca.pem`; Supabase: the CA from Database Settings) or to the system \
store; verify-full also needs the host in DATABASE_URL to be a name on the certificate";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(v: &str) -> Option<SslMode> {
        Some(match v {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// Where `verify-*` roots come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    File(PathBuf),
    System,
}

/// A connection string with the libpq TLS options taken out (tokio-postgres refuses them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub rest: String,
    pub mode: SslMode,
    pub root_cert: Option<String>,
}

/// Take `sslmode` and `sslrootcert` out of a URL (`postgres://…?sslmode=verify-full`) or a
/// keyword string (`host=… sslmode=verify-full`). A value libpq does not know stays in, so
/// tokio-postgres reports it.
pub fn split(conn: &str) -> Split {
    let mut mode = SslMode::Prefer;
    let mut root_cert = None;
    let mut take = |k: &str, v: &str| -> bool {
        match k {
            "sslmode" => match SslMode::parse(v) {
                Some(m) => {
                    mode = m;
                    true
                }
                None => false,
            },
            "sslrootcert" => {
                root_cert = Some(v.to_string());
                true
            }
            _ => false,
        }
    };
    let rest = if conn.starts_with("postgres://") || conn.starts_with("postgresql://") {
        match url::Url::parse(conn) {
            Ok(mut u) => {
                let kept: Vec<(String, String)> = u
                    .query_pairs()
                    .into_owned()
                    .filter(|(k, v)| !take(k, v))
                    .collect();
                if kept.is_empty() {
                    u.set_query(None);
                } else {
                    u.query_pairs_mut().clear().extend_pairs(kept);
                }
                u.to_string()
            }
            Err(_) => conn.to_string(),
        }
    } else {
        conn.split_whitespace()
            .filter(|kv| match kv.split_once('=') {
                Some((k, v)) => !take(k, v.trim_matches('\'')),
                None => true,
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    Split {
        rest,
        mode,
        root_cert,
    }
}

impl Split {
    /// The mode after libpq's rule: `require` with a root certificate verifies the chain.
    pub fn effective_mode(&self) -> SslMode {
        match (self.mode, &self.root_cert) {
            (SslMode::Require, Some(_)) => SslMode::VerifyCa,
            (m, _) => m,
        }
    }

    pub fn tokio_mode(&self) -> PgMode {
        match self.effective_mode() {
            SslMode::Disable => PgMode::Disable,
            SslMode::Allow | SslMode::Prefer => PgMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => PgMode::Require,
        }
    }

    pub fn roots(&self, home: Option<PathBuf>) -> Roots {
        match self.root_cert.as_deref() {
            Some("system") => Roots::System,
            Some(f) => Roots::File(PathBuf::from(f)),
            None => home
                .map(|h| h.join(".postgresql/root.crt"))
                .filter(|p| p.exists())
                .map(Roots::File)
                .unwrap_or(Roots::System),
        }
    }

    /// The TLS connector for this mode. A root file that cannot be read fails the handshake
    /// with a message that names it (tokio-postgres errors cannot be made here).
    pub fn connector(&self, home: Option<PathBuf>) -> MakeRustlsConnect {
        let provider = crate::tls::provider();
        let verifier: Arc<dyn ServerCertVerifier> = match self.effective_mode() {
            SslMode::VerifyCa | SslMode::VerifyFull => {
                let checks = match verifier_for(&self.roots(home), &provider) {
                    Ok(v) => v,
                    Err(why) => Arc::new(Refuse(why, provider.clone())),
                };
                if self.effective_mode() == SslMode::VerifyCa {
                    Arc::new(AnyName(checks))
                } else {
                    checks
                }
            }
            _ => Arc::new(EncryptOnly(provider.clone())),
        };
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports TLS 1.2 and 1.3")
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        MakeRustlsConnect::new(config)
    }
}

fn verifier_for(
    roots: &Roots,
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    match roots {
        Roots::System => crate::tls::verifier(),
        Roots::File(path) => {
            let shown = path.display();
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("cannot read sslrootcert {shown}: {e}"))?
                .collect::<Result<_, _>>()
                .map_err(|e| format!("sslrootcert {shown} is not PEM certificates: {e}"))?;
            let mut store = rustls::RootCertStore::empty();
            let (added, _) = store.add_parsable_certificates(certs);
            if added == 0 {
                return Err(format!("sslrootcert {shown} holds no usable certificate"));
            }
            let v = WebPkiServerVerifier::builder_with_provider(store.into(), provider.clone())
                .build()
                .map_err(|e| format!("sslrootcert {shown}: {e}"))?;
            Ok(v)
        }
    }
}

/// The error with its causes (tokio-postgres prints only "error performing TLS handshake",
/// leaving out which certificate check failed).
pub fn with_causes(e: &tokio_postgres::Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let c_text = c.to_string();
        if !text.contains(&c_text) {
            text.push_str(&format!(": {c_text}"));
        }
        cause = c.source();
    }
    text
}

/// Connect as libpq would for this connection string's `sslmode`.
pub async fn connect(
    conn: &str,
) -> Result<
    (
        tokio_postgres::Client,
        tokio_postgres::Connection<
            tokio_postgres::Socket,
            <MakeRustlsConnect as tokio_postgres::tls::MakeTlsConnect<tokio_postgres::Socket>>::Stream,
        >,
    ),
    tokio_postgres::Error,
>{
    let s = split(conn);
    let mut config: tokio_postgres::Config = s.rest.parse()?;
    config.ssl_mode(s.tokio_mode());
    let home = std::env::var_os("HOME").map(PathBuf::from);
    config.connect(s.connector(home)).await
}

fn verify12(
    p: &CryptoProvider,
    m: &[u8],
    c: &CertificateDer<'_>,
    d: &DigitallySignedStruct,
) -> Result<HandshakeSignatureValid, rustls::Error> {
    rustls::crypto::verify_tls12_signature(m, c, d, &p.signature_verification_algorithms)
}

fn verify13(
    p: &CryptoProvider,
    m: &[u8],
    c: &CertificateDer<'_>,
    d: &DigitallySignedStruct,
) -> Result<HandshakeSignatureValid, rustls::Error> {
    rustls::crypto::verify_tls13_signature(m, c, d, &p.signature_verification_algorithms)
}

/// `require`: accept the server's certificate, but still check the handshake signatures.
#[derive(Debug)]
struct EncryptOnly(Arc<CryptoProvider>);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify12(&self.0, m, c, d)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify13(&self.0, m, c, d)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The roots could not be loaded: refuse every server, saying why.
#[derive(Debug)]
struct Refuse(String, Arc<CryptoProvider>);

impl ServerCertVerifier for Refuse {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Err(rustls::Error::General(self.0.clone()))
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify12(&self.1, m, c, d)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify13(&self.1, m, c, d)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.1.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain must check out; the name on the certificate may differ from the host.
#[derive(Debug)]
struct AnyName(Arc<dyn ServerCertVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(m, c, d)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(m, c, d)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_libpq_mode_is_taken_out_of_a_url_and_other_options_stay() {
        for (v, m) in [
            ("disable", SslMode::Disable),
            ("allow", SslMode::Allow),
            ("prefer", SslMode::Prefer),
            ("require", SslMode::Require),
            ("verify-ca", SslMode::VerifyCa),
            ("verify-full", SslMode::VerifyFull),
        ] {
            let s = split(&format!(
                "postgres://u:p@db.example:6543/postgres?sslmode={v}&application_name=x"
            ));
            assert_eq!(s.mode, m);
            assert_eq!(
                s.rest,
                "postgres://u:p@db.example:6543/postgres?application_name=x"
            );
            assert!(s.rest.parse::<tokio_postgres::Config>().is_ok(), "{v}");
        }
        let s = split("postgresql://h/db?sslrootcert=%2Fetc%2Fca.pem&sslmode=verify-full");
        assert_eq!(s.rest, "postgresql://h/db");
        assert_eq!(s.root_cert.as_deref(), Some("/etc/ca.pem"));
        assert_eq!(s.tokio_mode(), PgMode::Require);
    }

    #[test]
    fn keyword_strings_work_too() {
        let s = split("host=h dbname=d sslmode=verify-ca sslrootcert=/ca.pem");
        assert_eq!(s.rest, "host=h dbname=d");
        assert_eq!(s.effective_mode(), SslMode::VerifyCa);
        assert_eq!(s.root_cert.as_deref(), Some("/ca.pem"));
    }

    #[test]
    fn defaults_and_libpq_rules() {
        assert_eq!(split("postgres://h/d").mode, SslMode::Prefer);
        assert_eq!(
            split("postgres://h/d?sslmode=allow").tokio_mode(),
            PgMode::Prefer
        );
        assert_eq!(
            split("postgres://h/d?sslmode=disable").tokio_mode(),
            PgMode::Disable
        );
        // require with a root certificate verifies the chain, as libpq does.
        let s = split("postgres://h/d?sslmode=require&sslrootcert=/ca.pem");
        assert_eq!(s.effective_mode(), SslMode::VerifyCa);
        assert_eq!(
            split("postgres://h/d?sslmode=require").effective_mode(),
            SslMode::Require
        );
        // A value libpq does not know stays for tokio-postgres to refuse.
        let s = split("postgres://h/d?sslmode=verify-everything");
        assert!(s.rest.contains("sslmode=verify-everything"));
        assert!(s.rest.parse::<tokio_postgres::Config>().is_err());
    }

    #[test]
    fn roots_come_from_sslrootcert_then_home_then_the_system() {
        let dir = tempfile::tempdir().unwrap();
        let s = split("postgres://h/d?sslmode=verify-full");
        assert_eq!(s.roots(Some(dir.path().into())), Roots::System);
        std::fs::create_dir_all(dir.path().join(".postgresql")).unwrap();
        std::fs::write(dir.path().join(".postgresql/root.crt"), "").unwrap();
        assert_eq!(
            s.roots(Some(dir.path().into())),
            Roots::File(dir.path().join(".postgresql/root.crt"))
        );
        let s = split("postgres://h/d?sslmode=verify-full&sslrootcert=system");
        assert_eq!(s.roots(Some(dir.path().into())), Roots::System);
    }
}
