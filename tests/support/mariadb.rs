//! A throwaway MariaDB server with a row-based binlog, for integration tests.
//!
//! Starts `mariadbd` the way `/work/shared/tools/mariadb-binlog-server.sh` does: a
//! fresh data directory in a temp dir (`mariadb-install-db --no-defaults`), binlog
//! `mariadb-bin` in ROW format with FULL row images and ANNOTATE_ROWS events, a free
//! loopback port, a socket in the temp dir, and a user `cdc`/`cdc` with the grants a
//! CDC client needs. It never touches the machine's own MariaDB (port 3306, default
//! socket): every path and the port are private to the instance. Dropping the handle
//! stops the server (SIGTERM, wait, SIGKILL after 20 s) and deletes the directory.
//!
//! [`MariaDb::start_with`] can also give the server TLS (certificates made by the
//! `openssl` CLI: a test CA, a server certificate for `localhost` signed by it, and
//! an unrelated CA), and [`MariaDb::restart`] stops and starts the same server on the
//! same port and data directory.
//!
//! When `mariadbd` is not installed: with `CI=true` the test panics (a CI machine must
//! run these tests); otherwise [`MariaDb::start`] prints a loud SKIP line to stderr
//! (not captured by the test harness) and returns `None`, and the test returns early.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// User name of the CDC account created in every instance.
pub const CDC_USER: &str = "cdc";
/// Password of the CDC account.
pub const CDC_PASSWORD: &str = "cdc";

/// How long the server may take to accept connections.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the server may take to shut down after SIGTERM.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(20);

/// A running throwaway MariaDB server.
pub struct MariaDb {
    child: Child,
    port: u16,
    dir: TempDir,
    mariadbd: PathBuf,
    args: Vec<String>,
    tls: Option<TlsFiles>,
}

/// How to start a server beyond the defaults.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// Give the server TLS (`--ssl-ca`, `--ssl-cert`, `--ssl-key`).
    pub tls: bool,
}

/// The TLS files of a server started with [`ServerOptions::tls`] (PEM).
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// The CA that signed the server certificate.
    pub ca: PathBuf,
    /// The server certificate: CN and DNS subject alternative name `localhost`, no
    /// IP address (so `verify_identity` against `127.0.0.1` fails).
    pub server_cert: PathBuf,
    /// The server key.
    pub server_key: PathBuf,
    /// A CA that signed nothing the server has.
    pub other_ca: PathBuf,
    /// A client certificate signed by `ca` (CN `tributary-client`), for `REQUIRE X509`.
    pub client_cert: PathBuf,
    /// The client key.
    pub client_key: PathBuf,
}

/// The instance shared by the tests of one test binary: alive while any test holds it.
static SHARED: Mutex<Weak<MariaDb>> = Mutex::new(Weak::new());

impl MariaDb {
    /// The server shared by the tests of this binary, started on first use and
    /// stopped when the last test holding it is done. `None`: skip the test.
    pub fn shared() -> Option<Arc<MariaDb>> {
        let mut slot = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(server) = slot.upgrade() {
            return Some(server);
        }
        let server = Arc::new(MariaDb::start()?);
        *slot = Arc::downgrade(&server);
        Some(server)
    }

    /// Starts a new server. `None` when `mariadbd` is missing and `CI` is not `true`.
    pub fn start() -> Option<MariaDb> {
        Self::start_with(&ServerOptions::default())
    }

    /// Starts a new server with `options`. `None` as for [`MariaDb::start`].
    pub fn start_with(options: &ServerOptions) -> Option<MariaDb> {
        let Some(mariadbd) = find_program("mariadbd") else {
            let msg =
                "mariadbd not found on PATH, /usr/sbin or /usr/local/sbin (install mariadb-server)";
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("CI=true but the MariaDB integration tests cannot run: {msg}");
            }
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIP: MariaDB integration test not run: {msg} ***\n"
            );
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("tributary-mariadb-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a temp dir for MariaDB: {e}"));
        let user = current_user();
        install_data_dir(dir.path(), &user);
        let port = free_port();
        let d = dir.path().display();
        let tls = options.tls.then(|| make_tls_files(&dir.path().join("tls")));
        let mut args: Vec<String> = [
            "--no-defaults".to_owned(),
            format!("--user={user}"),
            format!("--datadir={d}/data"),
            format!("--tmpdir={d}/tmp"),
            format!("--socket={d}/sock"),
            format!("--pid-file={d}/pid"),
            format!("--port={port}"),
            "--bind-address=127.0.0.1".to_owned(),
            "--log-bin=mariadb-bin".to_owned(),
            "--server-id=1".to_owned(),
            "--binlog-format=ROW".to_owned(),
            "--binlog-row-image=FULL".to_owned(),
            "--binlog-annotate-row-events=ON".to_owned(),
            format!("--log-error={d}/error.log"),
            "--innodb-buffer-pool-size=128M".to_owned(),
            // Many throwaway servers run at once under `cargo test`: simulated
            // AIO keeps them from competing for the kernel's aio-max-nr slots.
            "--innodb-use-native-aio=0".to_owned(),
            "--skip-name-resolve".to_owned(),
            // Beyond the shell script: room for the > 16 MiB event test.
            "--max-allowed-packet=64M".to_owned(),
        ]
        .into();
        if let Some(tls) = &tls {
            args.push(format!("--ssl-ca={}", tls.ca.display()));
            args.push(format!("--ssl-cert={}", tls.server_cert.display()));
            args.push(format!("--ssl-key={}", tls.server_key.display()));
        }
        let child = spawn_server(&mariadbd, &args, dir.path());
        let mut server = MariaDb {
            child,
            port,
            dir,
            mariadbd,
            args,
            tls,
        };
        server.wait_until_ready();
        server.sql(&format!(
            "DELETE FROM mysql.global_priv WHERE User='';
             FLUSH PRIVILEGES;
             CREATE USER IF NOT EXISTS '{CDC_USER}'@'%' IDENTIFIED BY '{CDC_PASSWORD}';
             CREATE USER IF NOT EXISTS '{CDC_USER}'@'localhost' IDENTIFIED BY '{CDC_PASSWORD}';
             GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, LOCK TABLES ON *.* TO '{CDC_USER}'@'%';
             GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, LOCK TABLES ON *.* TO '{CDC_USER}'@'localhost';"
        ));
        Some(server)
    }

    /// The TLS files, for a server started with [`ServerOptions::tls`].
    pub fn tls(&self) -> Option<&TlsFiles> {
        self.tls.as_ref()
    }

    /// Stops the server (SIGTERM, a clean shutdown) and starts it again with the same
    /// port, data directory and options; returns once it accepts connections.
    pub fn restart(&mut self) {
        self.stop();
        self.child = spawn_server(&self.mariadbd, &self.args, self.dir.path());
        self.wait_until_ready();
    }

    /// The id of the first session of `information_schema.PROCESSLIST` matching
    /// `condition` (e.g. `COMMAND = 'Binlog Dump'`), waiting up to 10 s for one.
    pub fn session_id(&self, condition: &str) -> u64 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let out = self.sql(&format!(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE {condition} ORDER BY ID LIMIT 1"
            ));
            if let Ok(id) = out.trim().parse() {
                return id;
            }
            assert!(Instant::now() < deadline, "no session where {condition}");
            sleep(Duration::from_millis(50));
        }
    }

    /// The TCP port the server listens on (127.0.0.1 only).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The data directory, where the binlog files `mariadb-bin.NNNNNN` are.
    pub fn binlog_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The server's Unix socket.
    pub fn socket(&self) -> PathBuf {
        self.dir.path().join("sock")
    }

    /// Runs SQL statements as root through the `mariadb` CLI over the socket
    /// (`--default-character-set=utf8mb4`, batch mode without column names) and
    /// returns its standard output. Panics with the client's stderr on failure.
    pub fn sql(&self, statements: &str) -> String {
        match self.try_sql(statements) {
            Ok(out) => out,
            Err(err) => panic!("SQL failed: {err}\n--- statements ---\n{statements}"),
        }
    }

    /// Like [`MariaDb::sql`], but returns the client's stderr as the error.
    pub fn try_sql(&self, statements: &str) -> Result<String, String> {
        let mut child = Command::new("mariadb")
            .args([
                "--no-defaults".to_owned(),
                "-uroot".to_owned(),
                format!("--socket={}", self.socket().display()),
                "--default-character-set=utf8mb4".to_owned(),
                "--batch".to_owned(),
                "--skip-column-names".to_owned(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run the mariadb client: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(statements.as_bytes())
                .map_err(|e| format!("cannot write to the mariadb client: {e}"))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| format!("mariadb client failed: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if self.try_sql("SELECT 1").is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "mariadbd exited during startup ({status}); error log:\n{}",
                    self.error_log_tail()
                );
            }
            if Instant::now() > deadline {
                panic!(
                    "mariadbd did not accept connections within {STARTUP_TIMEOUT:?}; error log:\n{}",
                    self.error_log_tail()
                );
            }
            sleep(Duration::from_millis(100));
        }
    }

    fn error_log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl MariaDb {
    /// Stops the server: SIGTERM for a clean shutdown, SIGKILL if it hangs. It stays
    /// down until [`MariaDb::restart`].
    pub fn stop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + SHUTDOWN_TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts `mariadbd` with `args`, its output appended to `<dir>/mariadbd.out`.
fn spawn_server(mariadbd: &Path, args: &[String], dir: &Path) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("mariadbd.out"))
        .unwrap_or_else(|e| panic!("cannot open mariadbd.out: {e}"));
    let log_err = log
        .try_clone()
        .unwrap_or_else(|e| panic!("cannot clone log handle: {e}"));
    Command::new(mariadbd)
        .args(args)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start mariadbd: {e}"))
}

/// Makes a test CA, a server certificate for `localhost` signed by it, and an
/// unrelated CA in `dir`, with the `openssl` CLI.
fn make_tls_files(dir: &Path) -> TlsFiles {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run openssl (install it): {e}"));
        assert!(
            out.status.success(),
            "openssl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    for ca in ["ca", "other-ca"] {
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            &format!("{ca}.key"),
            "-out",
            &format!("{ca}.pem"),
            "-subj",
            &format!("/CN=Tributary test {ca}"),
        ]);
    }
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    std::fs::write(dir.join("server.ext"), "subjectAltName=DNS:localhost\n")
        .unwrap_or_else(|e| panic!("cannot write server.ext: {e}"));
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        "server.pem",
        "-extfile",
        "server.ext",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "client.key",
        "-out",
        "client.csr",
        "-subj",
        "/CN=tributary-client",
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        "client.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        "client.pem",
    ]);
    TlsFiles {
        client_cert: dir.join("client.pem"),
        client_key: dir.join("client.key"),
        ca: dir.join("ca.pem"),
        server_cert: dir.join("server.pem"),
        server_key: dir.join("server.key"),
        other_ca: dir.join("other-ca.pem"),
    }
}

/// Creates the system tables in `<dir>/data`, with `<dir>/tmp` as the server's own
/// temporary directory: parallel bootstraps sharing `/tmp` were seen to collide
/// (`Could not remove temporary table '/tmp/#sql-temptable-…'`). Tried twice; the
/// first failure is printed.
fn install_data_dir(dir: &Path, user: &str) {
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", tmp.display()));
    let run = || {
        Command::new("mariadb-install-db")
            .args([
                "--no-defaults".to_owned(),
                format!("--user={user}"),
                format!("--datadir={}/data", dir.display()),
                format!("--tmpdir={}", tmp.display()),
                "--auth-root-authentication-method=normal".to_owned(),
                "--innodb-use-native-aio=0".to_owned(),
            ])
            .output()
            .unwrap_or_else(|e| panic!("cannot run mariadb-install-db: {e}"))
    };
    let report = |out: &std::process::Output| {
        format!(
            "mariadb-install-db failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let first = run();
    if first.status.success() {
        return;
    }
    let _ = writeln!(std::io::stderr(), "{} (retrying once)", report(&first));
    let _ = std::fs::remove_dir_all(dir.join("data"));
    let second = run();
    assert!(second.status.success(), "{}", report(&second));
}

/// The user to run `mariadbd` as (`--user=root` is required when running as root).
fn current_user() -> String {
    let out = Command::new("id")
        .arg("-un")
        .output()
        .unwrap_or_else(|e| panic!("cannot run `id -un`: {e}"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A free loopback port: bind port 0, read the port the OS chose, release it.
pub fn free_port() -> u16 {
    let listener =
        TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("cannot bind 127.0.0.1:0: {e}"));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("no local address: {e}"))
        .port();
    assert_ne!(port, 3306, "never use the machine's own MariaDB port");
    port
}

/// Finds `name` on PATH or in the sbin directories distributions install servers to.
fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/local/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}
