//! HTTPS for the sandbox. At start it makes a throwaway certificate authority and a server
//! certificate that CA signed for `127.0.0.1` and `localhost`, and its one port answers both
//! plain HTTP and TLS: a TLS connection starts with a handshake record (first byte 0x16), an
//! HTTP request with a method name. Vendor URLs stay `http://`; our fake callbacks are
//! `https://`, because Meta and Calendly deliver only to https with a certificate they trust, and a
//! client trusts this one only when told to (the CA's PEM, written where the caller asks).

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// The names the server certificate is valid for.
pub const SERVER_NAMES: &[&str] = &["127.0.0.1", "localhost"];

/// A client that opens a connection and says nothing is dropped after this long.
const FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(30);

/// This run's CA and the server certificate it signed.
pub struct Identity {
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    server: Arc<rustls::ServerConfig>,
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

impl Identity {
    /// A new CA (never written anywhere but where the caller asks) and a server certificate.
    pub fn generate() -> Result<Identity, String> {
        let err = |e: rcgen::Error| format!("cannot make the sandbox's certificates: {e}");
        let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
        ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca.distinguished_name
            .push(DnType::CommonName, "intops sandbox throwaway CA");
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca =
            CertifiedIssuer::self_signed(ca, KeyPair::generate().map_err(err)?).map_err(err)?;
        let key = KeyPair::generate().map_err(err)?;
        let mut leaf = CertificateParams::new(
            SERVER_NAMES
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        )
        .map_err(err)?;
        leaf.distinguished_name
            .push(DnType::CommonName, "intops sandbox");
        let leaf = leaf.signed_by(&key, &ca).map_err(err)?;
        let mut server = rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone(), ca.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .map_err(|e| format!("cannot use the sandbox's certificate: {e}"))?;
        server.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Identity {
            ca_pem: ca.pem(),
            ca_der: ca.der().clone(),
            server: Arc::new(server),
        })
    }

    /// The CA certificate, PEM: what a client must be told to trust.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// Write the CA's PEM to `path` (creating its directory), for `INTOPS_CA_FILE`.
    pub fn write_ca_file(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Written whole, then renamed: a reader never sees half a certificate.
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, &self.ca_pem)?;
        std::fs::rename(&tmp, path)
    }

    /// A client configuration that trusts this CA and nothing else: how the fake Meta calls a
    /// callback (the sandbox's CA stands in for the public CAs the real Meta trusts).
    pub fn client_config(&self) -> rustls::ClientConfig {
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(self.ca_der.clone())
            .expect("a certificate rcgen just made parses");
        rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .expect("ring supports the default versions")
            .with_root_certificates(roots)
            .with_no_client_auth()
    }
}

/// A connection, plain or TLS.
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// One port for HTTP and HTTPS. Connections are sorted (and TLS handshakes done) on their own
/// tasks, so a slow or silent client never holds up the next one.
pub struct DualListener {
    rx: mpsc::Receiver<(Box<dyn Io>, SocketAddr)>,
    addr: SocketAddr,
    accept_loop: tokio::task::JoinHandle<()>,
}

impl DualListener {
    pub fn new(listener: TcpListener, identity: &Identity) -> std::io::Result<DualListener> {
        let addr = listener.local_addr()?;
        let acceptor = tokio_rustls::TlsAcceptor::from(identity.server.clone());
        let (tx, rx) = mpsc::channel(64);
        let accept_loop = tokio::spawn(async move {
            loop {
                let (tcp, peer) = match listener.accept().await {
                    Ok(x) => x,
                    // Out of file descriptors and the like: wait, as axum's own listener does.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let tx = tx.clone();
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    if let Some(io) = sort(tcp, acceptor).await {
                        let _ = tx.send((io, peer)).await;
                    }
                });
            }
        });
        Ok(DualListener {
            rx,
            addr,
            accept_loop,
        })
    }
}

/// Plain HTTP as it is; TLS after a handshake (a client that refuses the certificate ends here).
async fn sort(tcp: TcpStream, acceptor: tokio_rustls::TlsAcceptor) -> Option<Box<dyn Io>> {
    let mut first = [0u8; 1];
    let n = tokio::time::timeout(FIRST_BYTE_TIMEOUT, tcp.peek(&mut first))
        .await
        .ok()?
        .ok()?;
    if n == 1 && first[0] == 0x16 {
        let tls = tokio::time::timeout(FIRST_BYTE_TIMEOUT, acceptor.accept(tcp))
            .await
            .ok()?
            .ok()?;
        Some(Box::new(tls))
    } else {
        Some(Box::new(tcp))
    }
}

impl Drop for DualListener {
    fn drop(&mut self) {
        // The server stopped: close the port.
        self.accept_loop.abort();
    }
}

impl axum::serve::Listener for DualListener {
    type Io = Box<dyn Io>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.rx.recv().await {
            Some(x) => x,
            // The accept loop only ends when this listener is dropped.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.addr)
    }
}

/// Our callbacks' base URL as a client that reached this sandbox at `host` would call them.
pub fn callback_base(host: &str) -> String {
    format!("https://{host}/callback")
}

/// `http://host:port` → `https://host:port`: the same port answers both.
pub fn https_url(http_url: &str) -> String {
    match http_url.strip_prefix("http://") {
        Some(rest) => format!("https://{rest}"),
        None => http_url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_port_answers_http_and_https_and_https_needs_the_ca() {
        let sb = crate::start(0, "healthy", Duration::ZERO).await.unwrap();
        let http = reqwest::Client::new();
        let r = http
            .get(format!("{}/_sandbox/scenario", sb.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.text().await.unwrap(), "healthy");

        let trusting = reqwest::Client::builder()
            .tls_backend_preconfigured(sb.state.tls().unwrap().client_config())
            .build()
            .unwrap();
        let r = trusting
            .get(format!("{}/_sandbox/scenario", sb.https_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.text().await.unwrap(), "healthy");

        // A client that was not given the CA refuses the certificate.
        let mut roots = rustls::RootCertStore::empty();
        roots.add(Identity::generate().unwrap().ca_der).unwrap();
        let other = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let stranger = reqwest::Client::builder()
            .tls_backend_preconfigured(other)
            .build()
            .unwrap();
        let e = stranger
            .get(format!("{}/_sandbox/scenario", sb.https_url()))
            .send()
            .await
            .unwrap_err();
        assert!(e.is_connect(), "{e:?}");
    }

    #[test]
    fn the_ca_file_holds_one_pem_certificate() {
        let id = Identity::generate().unwrap();
        let dir = std::env::temp_dir().join(format!("intops-sandbox-tls-{}", std::process::id()));
        let f = dir.join("sub/ca.pem");
        id.write_ca_file(&f).unwrap();
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(text.starts_with("-----BEGIN CERTIFICATE-----"), "{text}");
        assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
