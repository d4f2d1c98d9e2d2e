//! Logging in to a real MariaDB: authentication plugins (mysql_native_password,
//! MariaDB ed25519 through an auth switch) and TLS (`database.ssl.mode` from
//! `preferred` to `verify_identity`, PEM and PKCS#12 trust, client certificates for
//! `REQUIRE X509` from PEM files or a PKCS#12 keystore, a JKS store refused).
//!
//! Expected outcomes come from the server: it accepts or refuses the login, reports
//! `Ssl_version` for the session, and computes `ed25519_password()` itself. The TLS
//! certificates are made per server by the `openssl` CLI (`tests/support/mariadb.rs`):
//! a CA, a server certificate for `localhost` only (no IP address), an unrelated CA.

mod support;

use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use support::mariadb::{MariaDb, ServerOptions};
use tributary::engine::SourceTask;
use tributary::engine::config::{ConfigError, ConnectorConfig, parse_properties};
use tributary::replication::{
    ConnectOptions, Connection, LoginOptions, ReplicationError, SslMode, StoreFile, TlsOptions,
};

/// One TLS-enabled server for every test of this binary (kept for the whole run).
fn server() -> Option<Arc<MariaDb>> {
    static SERVER: OnceLock<Mutex<Option<Arc<MariaDb>>>> = OnceLock::new();
    let slot = SERVER.get_or_init(|| Mutex::new(None));
    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
    if slot.is_none() {
        let server = MariaDb::start_with(&ServerOptions { tls: true })?;
        server.sql(
            "INSTALL SONAME 'auth_ed25519';
             CREATE USER 'native'@'%' IDENTIFIED BY 'native-pw';
             CREATE USER 'ed'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('secret');
             CREATE USER 'tlsonly'@'%' IDENTIFIED BY 'tls-pw' REQUIRE SSL;
             CREATE USER 'x509'@'%' IDENTIFIED BY 'x509-pw' REQUIRE X509;",
        );
        *slot = Some(Arc::new(server));
    }
    slot.clone()
}

fn options(host: &str, port: u16, user: &str, password: &str) -> ConnectOptions {
    let mut opts = ConnectOptions::new(host, port, user, password);
    opts.connect_timeout = Duration::from_secs(10);
    opts
}

fn login(tls: TlsOptions) -> LoginOptions {
    let mut login = LoginOptions::default();
    login.tls = tls;
    login
}

/// Logs in and returns (CURRENT_USER(), the session's Ssl_version — empty on plain TCP).
async fn who_am_i(
    opts: &ConnectOptions,
    login: &LoginOptions,
) -> Result<(String, String), ReplicationError> {
    let mut conn = Connection::connect_with(opts, login).await?;
    let user = conn.query("SELECT CURRENT_USER()").await?;
    let ssl = conn.query("SHOW SESSION STATUS LIKE 'Ssl_version'").await?;
    let value = |rows: &Vec<Vec<Option<String>>>, col: usize| {
        rows.first()
            .and_then(|r| r.get(col).cloned().flatten())
            .unwrap_or_default()
    };
    let result = (value(&user, 0), value(&ssl, 1));
    assert_eq!(
        conn.tls_version().unwrap_or_default(),
        result.1,
        "client and server disagree on TLS"
    );
    conn.close().await?;
    Ok(result)
}

#[tokio::test]
async fn native_password_user_over_plain_tcp() {
    let Some(server) = server() else { return };
    let opts = options("127.0.0.1", server.port(), "native", "native-pw");
    let (user, ssl) = who_am_i(&opts, &login(TlsOptions::new(SslMode::Disabled)))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((user.as_str(), ssl.as_str()), ("native@%", ""));
    let wrong = options("127.0.0.1", server.port(), "native", "nope");
    let err = who_am_i(&wrong, &LoginOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ReplicationError::Authentication { code: 1045, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn ed25519_user_through_an_auth_switch() {
    let Some(server) = server() else { return };
    // The key the server stores is the one tributary's unit test expects
    // (src/replication/auth.rs, MARIADB_ED25519_PASSWORD_SECRET).
    let stored = server.sql("SELECT authentication_string FROM mysql.user WHERE User = 'ed'");
    assert_eq!(stored.trim(), "ZIgUREUg5PVgQ6LskhXmO+eZLS0nC8be6HPjYWR4YJY");
    // The handshake offers mysql_native_password; the server switches to ed25519.
    for mode in [SslMode::Disabled, SslMode::Required] {
        let opts = options("127.0.0.1", server.port(), "ed", "secret");
        let (user, _) = who_am_i(&opts, &login(TlsOptions::new(mode)))
            .await
            .unwrap_or_else(|e| panic!("{mode}: {e}"));
        assert_eq!(user, "ed@%");
    }
    let wrong = options("127.0.0.1", server.port(), "ed", "Secret");
    let err = who_am_i(&wrong, &LoginOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ReplicationError::Authentication { code: 1045, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn require_ssl_user_needs_tls() {
    let Some(server) = server() else { return };
    let opts = options("127.0.0.1", server.port(), "tlsonly", "tls-pw");
    for mode in [SslMode::Preferred, SslMode::Required] {
        let (user, ssl) = who_am_i(&opts, &login(TlsOptions::new(mode)))
            .await
            .unwrap_or_else(|e| panic!("{mode}: {e}"));
        assert_eq!(user, "tlsonly@%");
        assert!(ssl.starts_with("TLSv1."), "{mode}: Ssl_version '{ssl}'");
    }
    let err = who_am_i(&opts, &login(TlsOptions::new(SslMode::Disabled)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ReplicationError::Authentication { code: 1045, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn verify_ca_and_verify_identity() {
    let Some(server) = server() else { return };
    let Some(tls) = server.tls() else {
        panic!("server started without TLS")
    };
    let with_ca = |mode, ca: &std::path::Path| {
        let mut t = TlsOptions::new(mode);
        t.ca_file = Some(ca.to_path_buf());
        login(t)
    };
    // The right CA: the chain verifies for either host name under verify_ca; under
    // verify_identity only "localhost" (the certificate's only name) passes.
    for host in ["127.0.0.1", "localhost"] {
        let opts = options(host, server.port(), "native", "native-pw");
        let (_, ssl) = who_am_i(&opts, &with_ca(SslMode::VerifyCa, &tls.ca))
            .await
            .unwrap_or_else(|e| panic!("verify_ca via {host}: {e}"));
        assert!(ssl.starts_with("TLSv1."), "{ssl}");
    }
    let localhost = options("localhost", server.port(), "native", "native-pw");
    who_am_i(&localhost, &with_ca(SslMode::VerifyIdentity, &tls.ca))
        .await
        .unwrap_or_else(|e| panic!("verify_identity via localhost: {e}"));
    let by_ip = options("127.0.0.1", server.port(), "native", "native-pw");
    let err = who_am_i(&by_ip, &with_ca(SslMode::VerifyIdentity, &tls.ca))
        .await
        .unwrap_err();
    assert!(matches!(err, ReplicationError::Tls { .. }), "{err}");
    assert!(err.to_string().contains("mismatch"), "{err}");

    // A CA that did not sign the server certificate.
    for mode in [
        SslMode::VerifyCa,
        SslMode::VerifyIdentity,
        SslMode::Required,
    ] {
        let err = who_am_i(&localhost, &with_ca(mode, &tls.other_ca))
            .await
            .unwrap_err();
        assert!(matches!(err, ReplicationError::Tls { .. }), "{mode}: {err}");
        assert!(err.to_string().contains("certificate"), "{mode}: {err}");
    }
    // No CA at all: the system's trust store does not know the test CA.
    let err = who_am_i(&localhost, &login(TlsOptions::new(SslMode::VerifyCa)))
        .await
        .unwrap_err();
    assert!(matches!(err, ReplicationError::Tls { .. }), "{err}");

    // The same CA as a PKCS#12 truststore (what Debezium users have, once converted).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p12 = dir.path().join("truststore.p12");
    let out = std::process::Command::new("openssl")
        .args(["pkcs12", "-export", "-nokeys", "-in"])
        .arg(&tls.ca)
        .arg("-out")
        .arg(&p12)
        .args(["-passout", "pass:changeit"])
        .output()
        .unwrap_or_else(|e| panic!("openssl: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut t = TlsOptions::new(SslMode::VerifyIdentity);
    t.truststore = Some(StoreFile {
        path: p12.clone(),
        password: "changeit".into(),
    });
    who_am_i(&localhost, &login(t.clone()))
        .await
        .unwrap_or_else(|e| panic!("PKCS#12 truststore: {e}"));
    t.truststore = Some(StoreFile {
        path: p12,
        password: "wrong".into(),
    });
    let err = who_am_i(&localhost, &login(t)).await.unwrap_err();
    assert!(err.to_string().contains("truststore"), "{err}");
}

#[tokio::test]
async fn require_x509_user_needs_a_client_certificate() {
    let Some(server) = server() else { return };
    let Some(tls) = server.tls() else {
        panic!("server started without TLS")
    };
    let opts = options("localhost", server.port(), "x509", "x509-pw");
    // PEM certificate and key.
    let mut pem = TlsOptions::new(SslMode::VerifyIdentity);
    pem.ca_file = Some(tls.ca.clone());
    pem.cert_file = Some(tls.client_cert.clone());
    pem.key_file = Some(tls.client_key.clone());
    let (user, _) = who_am_i(&opts, &login(pem))
        .await
        .unwrap_or_else(|e| panic!("PEM client certificate: {e}"));
    assert_eq!(user, "x509@%");
    // The same as a PKCS#12 keystore.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p12 = dir.path().join("keystore.p12");
    let out = std::process::Command::new("openssl")
        .args(["pkcs12", "-export", "-in"])
        .arg(&tls.client_cert)
        .arg("-inkey")
        .arg(&tls.client_key)
        .arg("-out")
        .arg(&p12)
        .args(["-passout", "pass:ks-pw"])
        .output()
        .unwrap_or_else(|e| panic!("openssl: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut store = TlsOptions::new(SslMode::Required);
    store.keystore = Some(StoreFile {
        path: p12,
        password: "ks-pw".into(),
    });
    who_am_i(&opts, &login(store))
        .await
        .unwrap_or_else(|e| panic!("PKCS#12 keystore: {e}"));
    // Without a certificate the server refuses the login.
    let err = who_am_i(&opts, &login(TlsOptions::new(SslMode::Required)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ReplicationError::Authentication { code: 1045, .. }),
        "{err}"
    );
}

fn connector_config(port: u16, extra: &str) -> Result<ConnectorConfig, ConfigError> {
    let text = format!(
        "connector.class=io.debezium.connector.mysql.MySqlConnector
database.hostname=localhost
database.port={port}
database.user=tlsonly
database.password=tls-pw
database.server.id=7301
topic.prefix=tls
database.include.list=tlsdb
schema.history.internal=io.debezium.relational.history.MemorySchemaHistory
{extra}"
    );
    ConnectorConfig::from_properties(&parse_properties(&text, "auth.properties")?)
}

#[tokio::test]
async fn connector_streams_over_verified_tls() {
    let Some(server) = server() else { return };
    let Some(tls) = server.tls() else {
        panic!("server started without TLS")
    };
    server.sql(
        "CREATE DATABASE tlsdb; CREATE TABLE tlsdb.t (id INT PRIMARY KEY);
         GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR ON *.* TO 'tlsonly'@'%';",
    );
    let config = connector_config(
        server.port(),
        &format!(
            "database.ssl.mode=verify_identity\ntributary.database.ssl.ca={}",
            tls.ca.display()
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut task = SourceTask::start(&config)
        .await
        .unwrap_or_else(|e| panic!("start over TLS: {e}"));
    server.sql("INSERT INTO tlsdb.t VALUES (42)");
    // The snapshot's schema-change records (the table is empty) come first, then the
    // streamed insert.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let record = loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let batch = tokio::time::timeout(left, task.poll())
            .await
            .unwrap_or_else(|_| panic!("no record for tlsdb.t over TLS"))
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("stream ended"));
        if let Some(record) = batch
            .records
            .into_iter()
            .find(|r| &*r.topic == "tls.tlsdb.t")
        {
            break record;
        }
    };
    let value: serde_json::Value =
        serde_json::from_slice(record.value.as_deref().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value["payload"]["after"]["id"], 42);

    // Against the wrong CA the connector refuses to start, naming TLS.
    let wrong = connector_config(
        server.port(),
        &format!(
            "database.ssl.mode=verify_ca\ntributary.database.ssl.ca={}",
            tls.other_ca.display()
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let err = SourceTask::start(&wrong)
        .await
        .err()
        .unwrap_or_else(|| panic!("started"));
    assert!(err.to_string().contains("TLS"), "{err}");
}

#[test]
fn jks_truststore_is_refused_at_startup() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let jks = dir.path().join("truststore.jks");
    // A Java KeyStore starts with 0xFEEDFEED and version 2 (OpenJDK JavaKeyStore).
    std::fs::write(&jks, [0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 0])
        .unwrap_or_else(|e| panic!("{e}"));
    let err = connector_config(
        3307,
        &format!(
            "database.ssl.mode=verify_ca\ndatabase.ssl.truststore={}\ndatabase.ssl.truststore.password=changeit",
            jks.display()
        ),
    )
    .err()
    .unwrap_or_else(|| panic!("a JKS truststore was accepted"));
    let text = err.to_string();
    assert!(text.contains("database.ssl.truststore"), "{text}");
    assert!(text.contains("JKS"), "{text}");
    assert!(text.contains("keytool"), "{text}");
}
