//! Helpers shared by the client integration tests, on top of `tests/common` (which
//! starts the real servers): client configurations pointed at a test server, reading
//! server-side facts (INFO fields, CLIENT INFO), a completion sink that records
//! everything it is given, polling with a deadline, and a scriptable fake RESP server
//! for the faults a real server never produces.

// Every test binary compiles this module but uses only part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use valkite::{Address, BackoffStrategy, ClientConfig, CompletionSink, Error};

use crate::common::TestServer;

// --- configurations -------------------------------------------------------------

pub fn address(server: &TestServer) -> Address {
    Address::new(server.host.clone(), server.port)
}

/// A configuration for one test server, with the heartbeat off so that no probe the test
/// did not ask for shows up in counters or in-flight numbers.
pub fn config(server: &TestServer) -> ClientConfig {
    ClientConfig::new(vec![address(server)]).with_heartbeat(None)
}

/// Reconnects quickly so recovery tests stay short (delays at most ~96 ms).
pub fn fast_backoff() -> BackoffStrategy {
    BackoffStrategy {
        retries: 3,
        factor_ms: 10,
        exponent_base: 2,
        jitter_percent: 20,
    }
}

// --- reading server state -----------------------------------------------------------

/// The text of a raw reply frame: a bulk string's payload, a simple string's text, or
/// the frame itself when it is neither.
pub fn frame_text(frame: &[u8]) -> String {
    let s = String::from_utf8_lossy(frame).into_owned();
    match frame.first() {
        Some(b'$') | Some(b'=') => match s.find("\r\n") {
            Some(i) => s[i + 2..].trim_end_matches("\r\n").to_string(),
            None => s,
        },
        Some(b'+') | Some(b':') => s[1..].trim_end_matches("\r\n").to_string(),
        _ => s,
    }
}

/// A field of `INFO <section>`, read on a fresh raw connection.
pub fn info_field(server: &TestServer, section: &str, field: &str) -> Option<String> {
    let text = frame_text(&server.command(&["INFO", section]));
    let prefix = format!("{field}:");
    text.lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .map(|v| v.trim().to_string())
}

/// `calls` of `cmdstat_<cmd>` in INFO commandstats (0 when the command never ran).
pub fn command_calls(server: &TestServer, cmd: &str) -> u64 {
    info_field(server, "commandstats", &format!("cmdstat_{cmd}"))
        .and_then(|v| {
            v.split(',')
                .find_map(|kv| kv.strip_prefix("calls="))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Clients connected right now, not counting the raw connection that asks.
pub fn other_clients(server: &TestServer) -> u64 {
    info_field(server, "clients", "connected_clients")
        .and_then(|v| v.parse::<u64>().ok())
        .expect("connected_clients in INFO clients")
        - 1
}

/// Connections the server has accepted since it started (the asking one included).
pub fn connections_received(server: &TestServer) -> u64 {
    info_field(server, "stats", "total_connections_received")
        .and_then(|v| v.parse().ok())
        .expect("total_connections_received in INFO stats")
}

/// One `key=value` field of a `CLIENT INFO`/`CLIENT LIST` line.
pub fn client_field(line: &str, key: &str) -> Option<String> {
    let prefix = format!("{key}=");
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(prefix.as_str()))
        .map(str::to_string)
}

/// The text of a value that should be a string of some kind.
pub fn text(v: &valkite::Value) -> String {
    match v {
        valkite::Value::VerbatimString { text, .. } => text.clone(),
        other => other
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| panic!("expected a string reply, got {other:?}")),
    }
}

// --- waiting ------------------------------------------------------------------------

/// Polls `cond` until it holds; panics with `what` after `within`.
pub async fn wait_until(within: Duration, what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !cond() {
        assert!(
            Instant::now() < deadline,
            "timed out after {within:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Sends PING until one succeeds (the client has (re)connected); panics after `within`.
pub async fn wait_for_ping(client: &valkite::Client, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        match client.send(valkite::cmd(["PING"])).await {
            Ok(_) => return,
            Err(e) => assert!(
                Instant::now() < deadline,
                "client did not recover within {within:?}; last error: {e}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

// --- a sink that records --------------------------------------------------------------

/// What a sink was told about one token.
#[derive(Debug, Clone)]
pub enum Outcome {
    Frame(Vec<u8>),
    Failed(Error),
}

/// Records every completion per token, so tests can check "exactly one each".
#[derive(Default)]
pub struct RecordingSink {
    seen: Mutex<HashMap<u64, Vec<Outcome>>>,
    total: AtomicUsize,
    flushes: AtomicUsize,
}

impl CompletionSink for RecordingSink {
    fn complete(&self, token: u64, result: Result<&[u8], &Error>) {
        let outcome = match result {
            Ok(frame) => Outcome::Frame(frame.to_vec()),
            Err(e) => Outcome::Failed(e.clone()),
        };
        self.seen
            .lock()
            .unwrap()
            .entry(token)
            .or_default()
            .push(outcome);
        self.total.fetch_add(1, Ordering::SeqCst);
    }

    fn flush(&self) {
        self.flushes.fetch_add(1, Ordering::SeqCst);
    }
}

impl RecordingSink {
    pub fn total(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }

    pub fn flushes(&self) -> usize {
        self.flushes.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` completions arrived in all.
    pub async fn wait_total(&self, n: usize, within: Duration) {
        wait_until(within, &format!("{n} completions"), || self.total() >= n).await;
    }

    /// The single outcome of `token`; panics when it has none or more than one.
    pub fn only(&self, token: u64) -> Outcome {
        let seen = self.seen.lock().unwrap();
        match seen.get(&token).map(Vec::as_slice) {
            Some([one]) => one.clone(),
            other => panic!("token {token}: expected exactly one completion, got {other:?}"),
        }
    }

    /// Every token seen, with how many completions each got.
    pub fn counts(&self) -> HashMap<u64, usize> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .map(|(t, v)| (*t, v.len()))
            .collect()
    }
}

/// The raw form of a command, for `submit_raw`.
pub fn raw<I, A>(args: I) -> Vec<u8>
where
    I: IntoIterator<Item = A>,
    A: AsRef<[u8]>,
{
    valkite::cmd(args).to_resp()
}

/// The RESP bulk string a server sends for `payload`.
pub fn bulk(payload: &str) -> Vec<u8> {
    format!("${}\r\n{payload}\r\n", payload.len()).into_bytes()
}

// --- a fake server ----------------------------------------------------------------------

/// A RESP server made of a std listener and one thread per connection, each running a
/// test-supplied handler with the connection's index (0 for the first accepted). It
/// produces what a real server cannot: garbage, unsolicited replies, byte-by-byte
/// writes, absurd lengths, connections dropped at will.
pub struct FakeServer {
    pub port: u16,
    accepts: Arc<Mutex<Vec<Instant>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl FakeServer {
    pub fn start<F>(handler: F) -> FakeServer
    where
        F: Fn(usize, TcpStream) + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").expect("fake server: bind");
        let port = listener
            .local_addr()
            .expect("fake server: local addr")
            .port();
        listener
            .set_nonblocking(true)
            .expect("fake server: nonblocking");
        let accepts = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler = Arc::new(handler);
        let thread = {
            let accepts = accepts.clone();
            let stop = stop.clone();
            thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let idx = {
                                let mut a = accepts.lock().unwrap();
                                a.push(Instant::now());
                                a.len() - 1
                            };
                            let _ = stream.set_nonblocking(false);
                            let _ = stream.set_nodelay(true);
                            // Bounded: a handler blocked on a silent client ends eventually.
                            let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
                            let handler = handler.clone();
                            thread::spawn(move || handler(idx, stream));
                        }
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                            thread::sleep(Duration::from_millis(1))
                        }
                        Err(_) => thread::sleep(Duration::from_millis(1)),
                    }
                }
            })
        };
        FakeServer {
            port,
            accepts,
            stop,
            thread: Some(thread),
        }
    }

    pub fn address(&self) -> Address {
        Address::new("127.0.0.1", self.port)
    }

    /// When each connection was accepted.
    pub fn accept_times(&self) -> Vec<Instant> {
        self.accepts.lock().unwrap().clone()
    }

    pub fn accepted(&self) -> usize {
        self.accepts.lock().unwrap().len()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads one command (an array of bulk strings) as a client sends it.
pub fn read_command(r: &mut impl BufRead) -> io::Result<Vec<Vec<u8>>> {
    let bad = |m: &str| io::Error::new(io::ErrorKind::InvalidData, m.to_string());
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    let n: usize = line
        .strip_prefix('*')
        .and_then(|l| l.trim_end().parse().ok())
        .ok_or_else(|| bad("expected an array header"))?;
    let mut args = Vec::with_capacity(n);
    for _ in 0..n {
        line.clear();
        r.read_line(&mut line)?;
        let len: usize = line
            .strip_prefix('$')
            .and_then(|l| l.trim_end().parse().ok())
            .ok_or_else(|| bad("expected a bulk header"))?;
        let mut arg = vec![0; len + 2];
        r.read_exact(&mut arg)?;
        arg.truncate(len);
        args.push(arg);
    }
    Ok(args)
}

/// The fake server's HELLO 3 reply: a primary speaking RESP3.
pub const HELLO_REPLY: &[u8] =
    b"%3\r\n$6\r\nserver\r\n$4\r\nfake\r\n$5\r\nproto\r\n:3\r\n$4\r\nrole\r\n$6\r\nmaster\r\n";

/// Replies for the commands of the connection set-up (and PING), as a well-behaved
/// server would give them.
pub fn standard_reply(cmd: &[Vec<u8>]) -> Option<&'static [u8]> {
    let name = String::from_utf8_lossy(cmd.first()?).to_ascii_uppercase();
    match name.as_str() {
        "HELLO" => Some(HELLO_REPLY),
        "CLIENT" | "SELECT" | "AUTH" => Some(b"+OK\r\n"),
        "PING" => Some(b"+PONG\r\n"),
        _ => None,
    }
}

/// True for the last command of valkite's connection set-up (CLIENT SETINFO LIB-VER).
pub fn ends_handshake(cmd: &[Vec<u8>]) -> bool {
    cmd.len() >= 3
        && cmd[0].eq_ignore_ascii_case(b"CLIENT")
        && cmd[1].eq_ignore_ascii_case(b"SETINFO")
        && cmd[2].eq_ignore_ascii_case(b"LIB-VER")
}

/// Serves one connection: every command goes to `on_command` with the stream to answer
/// on; it returns false to hang up. Returns when the client hangs up (or on an error).
pub fn serve(
    stream: TcpStream,
    mut on_command: impl FnMut(&[Vec<u8>], &mut TcpStream) -> io::Result<bool>,
) {
    let Ok(read) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read);
    let mut w = stream;
    while let Ok(cmd) = read_command(&mut reader) {
        match on_command(&cmd, &mut w) {
            Ok(true) => {}
            _ => return,
        }
    }
}

/// `serve` where the set-up commands and PING get their standard replies and everything
/// else goes to `on_other`.
pub fn serve_standard(
    stream: TcpStream,
    mut on_other: impl FnMut(&[Vec<u8>], &mut TcpStream) -> io::Result<bool>,
) {
    serve(stream, |cmd, w| match standard_reply(cmd) {
        Some(reply) => w.write_all(reply).map(|_| true),
        None => on_other(cmd, w),
    });
}

/// Blocks until the peer closes the stream (or it errors / times out).
pub fn wait_for_peer_close(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(_) => return false,
        }
    }
}
