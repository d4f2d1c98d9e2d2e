//! TLS for the client connection: the `ssl mode` policy (MySQL's `--ssl-mode`,
//! Debezium's `database.ssl.mode`), the trust material, and the socket that is either
//! plain TCP or TLS over it.
//!
//! Owns building the OpenSSL client context from PEM files or PKCS#12 stores and the
//! TLS handshake over a connected `TcpStream` (after the SSLRequest packet, which is
//! `connection`'s). It must not speak the MySQL protocol itself. Java KeyStores (JKS,
//! JCEKS) cannot be read here and are refused with a message saying how to convert
//! them.
//!
//! OpenSSL (through `tokio-openssl`) rather than rustls: the binary already links it
//! (librdkafka's `ssl` feature); MySQL and MariaDB generate X.509 v1 and CN-only
//! server certificates that webpki refuses, while OpenSSL verifies them as MySQL's
//! own clients (also OpenSSL) do; `verify_ca` — the chain without the host name — is
//! a flag, not a custom verifier; and PKCS#12 stores, the common form of Debezium
//! trust- and keystores, are read by the same library.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};

use openssl::pkcs12::Pkcs12;
use openssl::pkey::PKey;
use openssl::ssl::{SslConnector, SslFiletype, SslMethod, SslVerifyMode};
use openssl::x509::X509;
use openssl::x509::store::X509StoreBuilder;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_openssl::SslStream;

/// When to use TLS and what to verify (Debezium `database.ssl.mode`, MySQL
/// `--ssl-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SslMode {
    /// Never TLS.
    Disabled,
    /// TLS when the server offers it, plain TCP otherwise; the certificate is only
    /// verified when a CA is configured.
    #[default]
    Preferred,
    /// TLS or fail; the certificate is only verified when a CA is configured.
    Required,
    /// TLS or fail, and the server certificate must chain to a trusted CA (the
    /// configured one, else the system's).
    VerifyCa,
    /// Like `VerifyCa`, and the certificate must name the host connected to (DNS or
    /// IP subject alternative name, else the common name).
    VerifyIdentity,
}

impl SslMode {
    /// Debezium's name of the mode.
    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disabled => "disabled",
            SslMode::Preferred => "preferred",
            SslMode::Required => "required",
            SslMode::VerifyCa => "verify_ca",
            SslMode::VerifyIdentity => "verify_identity",
        }
    }

    /// Whether the connection must fail when the server does not offer TLS.
    pub fn requires_tls(self) -> bool {
        !matches!(self, SslMode::Disabled | SslMode::Preferred)
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A PKCS#12 store file and its password (Debezium `database.ssl.truststore` /
/// `database.ssl.keystore` with their `.password`).
#[derive(Clone, PartialEq, Eq)]
pub struct StoreFile {
    /// The file.
    pub path: PathBuf,
    /// Its password (empty for none).
    pub password: String,
}

impl fmt::Debug for StoreFile {
    /// Prints everything but the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreFile")
            .field("path", &self.path)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// TLS settings of a connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TlsOptions {
    /// When to use TLS and what to verify.
    pub mode: SslMode,
    /// PEM file of the CA certificate(s) to trust instead of the system's.
    pub ca_file: Option<PathBuf>,
    /// PKCS#12 truststore whose certificates are trusted instead of the system's.
    pub truststore: Option<StoreFile>,
    /// PEM file of the client certificate (and its chain), for servers that require
    /// one (`REQUIRE X509`); needs `key_file`.
    pub cert_file: Option<PathBuf>,
    /// PEM file of the client certificate's private key.
    pub key_file: Option<PathBuf>,
    /// PKCS#12 keystore holding the client certificate and key.
    pub keystore: Option<StoreFile>,
}

impl TlsOptions {
    /// Settings with `mode` and nothing else configured.
    pub fn new(mode: SslMode) -> Self {
        TlsOptions {
            mode,
            ..TlsOptions::default()
        }
    }

    /// Whether a CA (PEM or truststore) is configured.
    fn has_trust_anchor(&self) -> bool {
        self.ca_file.is_some() || self.truststore.is_some()
    }

    /// Whether the server certificate is verified: always for `verify_ca` and
    /// `verify_identity`, and for `preferred`/`required` when a CA is configured
    /// (Debezium then checks the chain against its truststore too).
    fn verifies_chain(&self) -> bool {
        matches!(self.mode, SslMode::VerifyCa | SslMode::VerifyIdentity) || self.has_trust_anchor()
    }

    /// The OpenSSL client context for these settings; the message says which file
    /// could not be used and why.
    pub(crate) fn connector(&self) -> Result<SslConnector, String> {
        let mut builder =
            SslConnector::builder(SslMethod::tls_client()).map_err(|e| format!("OpenSSL: {e}"))?;
        if self.verifies_chain() {
            builder.set_verify(SslVerifyMode::PEER);
            if self.has_trust_anchor() {
                // Only the configured CAs are trusted, as with a Java truststore.
                let mut store = X509StoreBuilder::new().map_err(|e| format!("OpenSSL: {e}"))?;
                for cert in self.trusted_certificates()? {
                    store
                        .add_cert(cert)
                        .map_err(|e| format!("cannot trust a CA certificate: {e}"))?;
                }
                builder.set_cert_store(store.build());
            }
        } else {
            builder.set_verify(SslVerifyMode::NONE);
        }
        match (&self.cert_file, &self.key_file, &self.keystore) {
            (Some(cert), Some(key), _) => {
                builder
                    .set_certificate_chain_file(cert)
                    .map_err(|e| format!("client certificate {}: {e}", cert.display()))?;
                builder
                    .set_private_key_file(key, SslFiletype::PEM)
                    .map_err(|e| format!("client key {}: {e}", key.display()))?;
                builder.check_private_key().map_err(|e| {
                    format!(
                        "client key {} does not match certificate {}: {e}",
                        key.display(),
                        cert.display()
                    )
                })?;
            }
            (Some(_), None, _) | (None, Some(_), _) => {
                return Err(
                    "a client certificate needs both its certificate and its key file".to_owned(),
                );
            }
            (None, None, Some(store)) => {
                let parsed = read_pkcs12(store, "keystore")?;
                let (Some(cert), Some(key)) = (parsed.cert, parsed.pkey) else {
                    return Err(format!(
                        "keystore {} holds no private key with its certificate",
                        store.path.display()
                    ));
                };
                builder
                    .set_certificate(&cert)
                    .map_err(|e| format!("keystore {}: {e}", store.path.display()))?;
                for extra in parsed.ca.into_iter().flatten() {
                    builder
                        .add_extra_chain_cert(extra)
                        .map_err(|e| format!("keystore {}: {e}", store.path.display()))?;
                }
                builder
                    .set_private_key(&key)
                    .map_err(|e| format!("keystore {}: {e}", store.path.display()))?;
            }
            (None, None, None) => {}
        }
        Ok(builder.build())
    }

    /// The certificates of the configured PEM CA file and truststore.
    fn trusted_certificates(&self) -> Result<Vec<X509>, String> {
        let mut certs = Vec::new();
        if let Some(path) = &self.ca_file {
            let pem = read_file(path, "CA file")?;
            let found = X509::stack_from_pem(&pem)
                .map_err(|e| format!("CA file {} is not PEM: {e}", path.display()))?;
            if found.is_empty() {
                return Err(format!(
                    "CA file {} holds no PEM certificate",
                    path.display()
                ));
            }
            certs.extend(found);
        }
        if let Some(store) = &self.truststore {
            let parsed = read_pkcs12(store, "truststore")?;
            let before = certs.len();
            certs.extend(parsed.cert);
            certs.extend(parsed.ca.into_iter().flatten());
            if certs.len() == before {
                return Err(format!(
                    "truststore {} holds no certificate",
                    store.path.display()
                ));
            }
        }
        Ok(certs)
    }
}

/// A parsed PKCS#12 store.
struct Pkcs12Parts {
    cert: Option<X509>,
    pkey: Option<PKey<openssl::pkey::Private>>,
    ca: Option<openssl::stack::Stack<X509>>,
}

/// Reads a PKCS#12 store; a Java KeyStore is refused with the conversion command.
fn read_pkcs12(store: &StoreFile, what: &str) -> Result<Pkcs12Parts, String> {
    let bytes = read_file(&store.path, what)?;
    if let Some(kind) = java_keystore_kind(&bytes) {
        return Err(format!(
            "{what} {} is a {kind} Java KeyStore, which Tributary cannot read; convert it to PKCS#12 (keytool -importkeystore -srckeystore {} -destkeystore store.p12 -deststoretype PKCS12) or give PEM files (tributary.database.ssl.ca, tributary.database.ssl.cert, tributary.database.ssl.key)",
            store.path.display(),
            store.path.display()
        ));
    }
    let parsed = Pkcs12::from_der(&bytes)
        .and_then(|p| p.parse2(&store.password))
        .map_err(|e| {
            format!(
                "{what} {} is not a PKCS#12 store readable with the configured password: {e}",
                store.path.display()
            )
        })?;
    Ok(Pkcs12Parts {
        cert: parsed.cert,
        pkey: parsed.pkey,
        ca: parsed.ca,
    })
}

/// `Some("JKS")`/`Some("JCEKS")` when `bytes` start with a Java KeyStore's magic
/// number (`0xFEEDFEED`, `0xCECECECE`; OpenJDK `sun.security.provider.JavaKeyStore`).
pub fn java_keystore_kind(bytes: &[u8]) -> Option<&'static str> {
    match bytes.get(..4) {
        Some([0xFE, 0xED, 0xFE, 0xED]) => Some("JKS"),
        Some([0xCE, 0xCE, 0xCE, 0xCE]) => Some("JCEKS"),
        _ => None,
    }
}

fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {what} {}: {e}", path.display()))
}

/// Performs the TLS handshake over `tcp` for `host` (the name verified under
/// `verify_identity`, and sent as SNI when it is not an IP address).
pub(crate) async fn handshake(
    options: &TlsOptions,
    host: &str,
    tcp: TcpStream,
) -> Result<SslStream<TcpStream>, String> {
    let connector = options.connector()?;
    let mut config = connector.configure().map_err(|e| format!("OpenSSL: {e}"))?;
    config.set_verify_hostname(options.mode == SslMode::VerifyIdentity);
    let ssl = config.into_ssl(host).map_err(|e| format!("OpenSSL: {e}"))?;
    let mut stream = SslStream::new(ssl, tcp).map_err(|e| format!("OpenSSL: {e}"))?;
    if let Err(e) = Pin::new(&mut stream).connect().await {
        let verify = stream.ssl().verify_result();
        return Err(if verify.as_raw() != 0 {
            format!(
                "the server certificate was not accepted (ssl mode {}): {}",
                options.mode,
                verify.error_string()
            )
        } else {
            format!("TLS handshake failed: {e}")
        });
    }
    Ok(stream)
}

/// The connection's byte stream: TCP, or TLS over TCP after the upgrade.
pub(crate) enum Transport {
    /// Plain TCP.
    Plain(TcpStream),
    /// TLS over TCP.
    Tls(Box<SslStream<TcpStream>>),
    /// No socket: only while the TCP stream is being handed to the TLS handshake
    /// (and after that handshake failed); every operation fails.
    Closed,
}

fn closed() -> io::Error {
    io::Error::new(
        io::ErrorKind::NotConnected,
        "the connection's socket is closed",
    )
}

impl Transport {
    /// Whether TLS is on.
    pub(crate) fn is_tls(&self) -> bool {
        matches!(self, Transport::Tls(_))
    }

    /// The TLS protocol version, when TLS is on (e.g. `TLSv1.3`).
    pub(crate) fn tls_version(&self) -> Option<&'static str> {
        match self {
            Transport::Tls(stream) => Some(stream.ssl().version_str()),
            Transport::Plain(_) | Transport::Closed => None,
        }
    }
}

impl AsyncRead for Transport {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Transport::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
            Transport::Closed => Poll::Ready(Err(closed())),
        }
    }
}

impl AsyncWrite for Transport {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Transport::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Transport::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
            Transport::Closed => Poll::Ready(Err(closed())),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(s) => Pin::new(s).poll_flush(cx),
            Transport::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
            Transport::Closed => Poll::Ready(Err(closed())),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Transport::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
            Transport::Closed => Poll::Ready(Err(closed())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_keystores_are_recognised() {
        assert_eq!(
            java_keystore_kind(&[0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2]),
            Some("JKS")
        );
        assert_eq!(java_keystore_kind(&[0xCE, 0xCE, 0xCE, 0xCE]), Some("JCEKS"));
        // PKCS#12 is DER: a SEQUENCE.
        assert_eq!(java_keystore_kind(&[0x30, 0x82, 0x0A, 0x00]), None);
        assert_eq!(java_keystore_kind(&[0xFE]), None);
    }

    #[test]
    fn jks_truststore_is_refused_with_the_conversion() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("truststore.jks");
        std::fs::write(&path, [0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 0]).unwrap();
        let mut options = TlsOptions::new(SslMode::VerifyCa);
        options.truststore = Some(StoreFile {
            path,
            password: "changeit".into(),
        });
        let err = options.connector().err().unwrap();
        assert!(err.contains("JKS Java KeyStore"), "{err}");
        assert!(err.contains("keytool -importkeystore"), "{err}");
        assert!(err.contains("tributary.database.ssl.ca"), "{err}");
    }

    #[test]
    fn missing_and_malformed_ca_files_are_named() {
        let mut options = TlsOptions::new(SslMode::VerifyCa);
        options.ca_file = Some("/nonexistent/ca.pem".into());
        let err = options.connector().err().unwrap();
        assert!(err.contains("/nonexistent/ca.pem"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate").unwrap();
        options.ca_file = Some(path);
        let err = options.connector().err().unwrap();
        assert!(err.contains("ca.pem"), "{err}");
        let mut options = TlsOptions::new(SslMode::Required);
        options.cert_file = Some("/x/cert.pem".into());
        let err = options.connector().err().unwrap();
        assert!(err.contains("both"), "{err}");
    }

    #[test]
    fn which_modes_verify() {
        assert!(!TlsOptions::new(SslMode::Preferred).verifies_chain());
        assert!(!TlsOptions::new(SslMode::Required).verifies_chain());
        assert!(TlsOptions::new(SslMode::VerifyCa).verifies_chain());
        let mut required_with_ca = TlsOptions::new(SslMode::Required);
        required_with_ca.ca_file = Some("ca.pem".into());
        assert!(required_with_ca.verifies_chain());
        assert!(SslMode::Required.requires_tls());
        assert!(!SslMode::Preferred.requires_tls());
    }
}
