//! Real Valkey clusters for the cluster client's integration tests.
//!
//! `TestCluster::start(shards, replicas, opts)` launches `shards × (1 + replicas)`
//! valkey-server processes in cluster mode on free loopback ports (data and bus ports
//! both chosen free, so suites never collide), forms the cluster the way
//! `redis-cli --cluster create` would (epochs, slots, MEET, REPLICATE), and returns once
//! every node reports `cluster_state:ok` with all slots and every replica is in sync.
//! Dropping it kills every process and removes its directories, also when a test
//! panics. Raw commands go over fresh plain connections, bypassing the client under test.
//!
//! Pull it in with `mod common; mod cluster_util;` (it finds binaries through `common`).

#![allow(dead_code)]

use std::fs;
use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use valkite::{Address, CompletionSink, Error};

use crate::common;

pub const SLOTS: u16 = 16384;

/// How the nodes are started.
#[derive(Clone, Default)]
pub struct Opts {
    /// `cluster-node-timeout` in ms (default 2000).
    pub node_timeout_ms: Option<u64>,
    /// `availability-zone` of node `i` (primaries are 0..shards, then replicas).
    pub zones: Option<Arc<dyn Fn(usize) -> Option<String> + Send + Sync>>,
}

pub struct ClusterNode {
    pub port: u16,
    pub bus_port: u16,
    child: Option<Child>,
    dir: PathBuf,
    args: Vec<String>,
}

impl ClusterNode {
    pub fn addr(&self) -> Address {
        Address::new("127.0.0.1", self.port)
    }
    pub fn addr_string(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }
}

pub struct TestCluster {
    pub nodes: Vec<ClusterNode>,
    pub shards: usize,
    pub replicas: usize,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("cluster_util: no free port")
}

fn temp_dir() -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let p = std::env::temp_dir().join(format!(
        "valkite-cluster-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&p);
    fs::create_dir_all(&p).expect("cluster_util: temp dir");
    p
}

/// One command on a fresh connection; the raw reply frame.
pub fn raw(port: u16, args: &[&str]) -> std::io::Result<Vec<u8>> {
    let s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.set_write_timeout(Some(Duration::from_secs(10)))?;
    (&s).write_all(&common::encode_command(args))?;
    common::read_frame(&mut BufReader::new(&s))
}

/// The reply as text (CRs dropped), or the I/O error's text.
pub fn text(port: u16, args: &[&str]) -> String {
    match raw(port, args) {
        Ok(b) => String::from_utf8_lossy(&b).replace('\r', ""),
        Err(e) => format!("io error: {e}"),
    }
}

/// A bulk string reply's payload (the length line dropped), as text.
pub fn bulk(port: u16, args: &[&str]) -> String {
    let t = text(port, args);
    match t.split_once('\n') {
        Some((head, rest)) if head.starts_with('$') => rest.trim_end_matches('\n').to_string(),
        _ => t,
    }
}

/// The value of `name:` in INFO-style text.
pub fn field(info: &str, name: &str) -> Option<String> {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(|v| v.trim().to_string())
}

fn ok(port: u16, args: &[&str]) {
    let r = text(port, args);
    assert!(r.starts_with("+OK"), "{port}: {}: {r}", args.join(" "));
}

fn wait_until(what: &str, limit: Duration, mut f: impl FnMut() -> bool) {
    let end = Instant::now() + limit;
    while !f() {
        assert!(
            Instant::now() < end,
            "cluster_util: timed out waiting for {what}"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

impl TestCluster {
    /// Starts and forms a cluster. Panics (killing what it started) on failure.
    pub fn start(shards: usize, replicas: usize, opts: Opts) -> TestCluster {
        let bin = common::tools_dir()
            .expect("cluster_util: no tools dir")
            .join("valkey-server");
        let total = shards * (1 + replicas);
        let mut c = TestCluster {
            nodes: Vec::new(),
            shards,
            replicas,
        };
        for i in 0..total {
            let dir = temp_dir();
            let mut node = None;
            for _ in 0..5 {
                let (port, bus) = (free_port(), free_port());
                if port == bus {
                    continue;
                }
                let mut args: Vec<String> = [
                    "--port",
                    &port.to_string(),
                    "--cluster-port",
                    &bus.to_string(),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    &dir.display().to_string(),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    &opts.node_timeout_ms.unwrap_or(2000).to_string(),
                    "--repl-diskless-sync-delay",
                    "0",
                    "--enable-debug-command",
                    "local",
                    "--logfile",
                    "server.log",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect();
                if let Some(z) = opts.zones.as_ref().and_then(|f| f(i)) {
                    args.extend(["--availability-zone".to_string(), z]);
                }
                let mut n = ClusterNode {
                    port,
                    bus_port: bus,
                    child: None,
                    dir: dir.clone(),
                    args,
                };
                if n.launch(&bin) {
                    node = Some(n);
                    break;
                }
            }
            c.nodes
                .push(node.expect("cluster_util: could not start a node after 5 attempts"));
        }
        c.form();
        c
    }

    fn form(&self) {
        let ports: Vec<u16> = self.nodes.iter().map(|n| n.port).collect();
        let ids: Vec<String> = ports.iter().map(|&p| self.id_of(p)).collect();
        for (i, &p) in ports.iter().enumerate() {
            ok(p, &["CLUSTER", "SET-CONFIG-EPOCH", &(i + 1).to_string()]);
        }
        let s = self.shards;
        for (k, &port) in ports.iter().enumerate().take(s) {
            let lo = k * usize::from(SLOTS) / s;
            let hi = (k + 1) * usize::from(SLOTS) / s - 1;
            ok(
                port,
                &["CLUSTER", "ADDSLOTSRANGE", &lo.to_string(), &hi.to_string()],
            );
        }
        for n in self.nodes.iter().skip(1) {
            ok(
                ports[0],
                &[
                    "CLUSTER",
                    "MEET",
                    "127.0.0.1",
                    &n.port.to_string(),
                    &n.bus_port.to_string(),
                ],
            );
        }
        let total = ports.len();
        wait_until("all nodes to meet", Duration::from_secs(60), || {
            ports.iter().all(|&p| {
                let nodes = bulk(p, &["CLUSTER", "NODES"]);
                nodes.lines().filter(|l| !l.is_empty()).count() == total
                    && !nodes.contains("handshake")
                    && !nodes.contains("noaddr")
            })
        });
        for i in s..total {
            ok(ports[i], &["CLUSTER", "REPLICATE", &ids[i % s]]);
        }
        self.wait_settled(Duration::from_secs(60));
        // CLUSTER SLOTS leaves out replicas whose replication offset is still 0 (an idle
        // new primary): one write per shard, then wait until every node lists them all.
        for (k, &port) in ports.iter().enumerate().take(s) {
            let key = key_in_slot((k * usize::from(SLOTS) / s) as u16, "warmup");
            let _ = text(port, &["SET", &key, "1"]);
            let _ = text(port, &["DEL", &key]);
        }
        let replica_ports: Vec<u16> = ports[s..].to_vec();
        wait_until(
            "replicas listed in CLUSTER SLOTS",
            Duration::from_secs(60),
            || {
                ports.iter().all(|&p| {
                    let slots = text(p, &["CLUSTER", "SLOTS"]);
                    replica_ports
                        .iter()
                        .all(|r| slots.contains(&format!("\n:{r}\n")))
                })
            },
        );
    }

    /// Every running node: state ok, all slots, every running replica in sync.
    pub fn wait_settled(&self, limit: Duration) {
        wait_until("the cluster to settle", limit, || self.settled());
    }

    pub fn settled(&self) -> bool {
        self.nodes.iter().filter(|n| n.is_running()).all(|n| {
            let info = text(n.port, &["CLUSTER", "INFO"]);
            if field(&info, "cluster_state").as_deref() != Some("ok")
                || field(&info, "cluster_slots_ok").as_deref() != Some("16384")
            {
                return false;
            }
            let repl = text(n.port, &["INFO", "replication"]);
            match field(&repl, "role").as_deref() {
                Some("slave") | Some("replica") => {
                    field(&repl, "master_link_status").as_deref() == Some("up")
                }
                _ => true,
            }
        })
    }

    pub fn id_of(&self, port: u16) -> String {
        bulk(port, &["CLUSTER", "MYID"])
    }

    pub fn seed(&self) -> Address {
        self.nodes[0].addr()
    }

    /// Index of the node on `port`.
    pub fn index(&self, port: u16) -> usize {
        self.nodes
            .iter()
            .position(|n| n.port == port)
            .expect("cluster_util: unknown port")
    }

    /// The port of the node serving `slot` as primary, according to node `asked`.
    pub fn owner(&self, asked: usize, slot: u16) -> Option<u16> {
        let slots = text(self.nodes[asked].port, &["CLUSTER", "SLOTS"]);
        // Lines: *n, *k, :start, :end, *m, $len, ip, :port, ...
        let lines: Vec<&str> = slots.lines().collect();
        let mut i = 0;
        while i + 6 < lines.len() {
            if let (Some(a), Some(b)) = (
                lines[i]
                    .strip_prefix(':')
                    .and_then(|v| v.parse::<u16>().ok()),
                lines[i + 1]
                    .strip_prefix(':')
                    .and_then(|v| v.parse::<u16>().ok()),
            ) {
                // start, end, then the primary: *m, $len, ip, :port
                if (a..=b).contains(&slot) {
                    return lines[i + 5].strip_prefix(':').and_then(|v| v.parse().ok());
                }
                i += 2;
            } else {
                i += 1;
            }
        }
        None
    }

    /// Ports of the replicas of the primary on `primary_port` (as it reports them).
    pub fn replicas_of(&self, primary_port: u16) -> Vec<u16> {
        let id = self.id_of(primary_port);
        let nodes = bulk(primary_port, &["CLUSTER", "NODES"]);
        nodes
            .lines()
            .filter(|l| l.split(' ').nth(3) == Some(id.as_str()))
            .filter_map(|l| {
                let addr = l.split(' ').nth(1)?;
                let port = addr.split('@').next()?.rsplit(':').next()?;
                port.parse().ok()
            })
            .collect()
    }

    /// Ports of the current primaries, as node `asked` sees them.
    pub fn primaries(&self, asked: usize) -> Vec<u16> {
        let nodes = bulk(self.nodes[asked].port, &["CLUSTER", "NODES"]);
        let mut v: Vec<u16> = nodes
            .lines()
            .filter(|l| {
                let flags = l.split(' ').nth(2).unwrap_or("");
                flags.contains("master") && !flags.contains("fail")
            })
            .filter_map(|l| {
                let addr = l.split(' ').nth(1)?;
                addr.split('@').next()?.rsplit(':').next()?.parse().ok()
            })
            .collect();
        v.sort_unstable();
        v
    }

    /// Moves `slot` from the primary on `from` to the primary on `to` the classic way:
    /// IMPORTING/MIGRATING, MIGRATE in batches of `batch` keys with `pause` between
    /// them (so that traffic meets a half-moved slot), then SETSLOT NODE on the
    /// target, the source and every other primary.
    pub fn migrate_slot(&self, slot: u16, from: u16, to: u16, batch: usize, pause: Duration) {
        let s = slot.to_string();
        let (from_id, to_id) = (self.id_of(from), self.id_of(to));
        ok(to, &["CLUSTER", "SETSLOT", &s, "IMPORTING", &from_id]);
        ok(from, &["CLUSTER", "SETSLOT", &s, "MIGRATING", &to_id]);
        loop {
            let keys_text = text(from, &["CLUSTER", "GETKEYSINSLOT", &s, &batch.to_string()]);
            let keys: Vec<String> = keys_text
                .lines()
                .skip(1)
                .filter(|l| !l.starts_with('$'))
                .map(str::to_string)
                .collect();
            if keys.is_empty() {
                break;
            }
            let port = to.to_string();
            let mut args = vec!["MIGRATE", "127.0.0.1", &port, "", "0", "5000", "KEYS"];
            args.extend(keys.iter().map(String::as_str));
            let r = text(from, &args);
            assert!(
                r.starts_with("+OK") || r.starts_with("+NOKEY"),
                "MIGRATE: {r}"
            );
            thread::sleep(pause);
        }
        ok(to, &["CLUSTER", "SETSLOT", &s, "NODE", &to_id]);
        ok(from, &["CLUSTER", "SETSLOT", &s, "NODE", &to_id]);
        for p in self.primaries(self.index(to)) {
            if p != from && p != to {
                let _ = text(p, &["CLUSTER", "SETSLOT", &s, "NODE", &to_id]);
            }
        }
    }

    /// Moves empty slots at once (no keys to carry): SETSLOT NODE everywhere.
    pub fn reassign_slots(&self, slots: &[u16], to: u16) {
        let to_id = self.id_of(to);
        for n in self.nodes.iter().filter(|n| n.is_running()) {
            for s in slots {
                let _ = text(
                    n.port,
                    &["CLUSTER", "SETSLOT", &s.to_string(), "NODE", &to_id],
                );
            }
        }
    }

    /// The slot map as node `port` reports it (`CLUSTER SLOTS`), normalised: per
    /// primary port, its merged ranges and its replicas' ports, sorted.
    pub fn server_view(&self, port: u16) -> Option<NormView> {
        let frame = raw(port, &["CLUSTER", "SLOTS"]).ok()?;
        let value = valkite::resp::decode(frame.into()).ok()?;
        let valkite::Value::Array(entries) = value else {
            return None;
        };
        let mut by_primary = NormView::new();
        let port_of = |v: &valkite::Value| -> Option<u16> {
            match v {
                valkite::Value::Array(n) => n.get(1)?.as_int().map(|p| p as u16),
                _ => None,
            }
        };
        for e in entries {
            let valkite::Value::Array(items) = e else {
                return None;
            };
            let a = items.first()?.as_int()? as u16;
            let b = items.get(1)?.as_int()? as u16;
            let p = port_of(items.get(2)?)?;
            let entry = by_primary.entry(p).or_default();
            entry.0.push((a, b));
            for r in &items[3..] {
                let r = port_of(r)?;
                if !entry.1.contains(&r) {
                    entry.1.push(r);
                }
            }
        }
        Some(normalise(by_primary))
    }

    /// Ends the node with SIGKILL.
    pub fn kill(&mut self, i: usize) {
        if let Some(mut c) = self.nodes[i].child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// `cmdstat_<name>` calls on the node on `port` (0 if never called).
    pub fn calls(&self, port: u16, name: &str) -> u64 {
        let info = text(port, &["INFO", "commandstats"]);
        field(&info, &format!("cmdstat_{name}"))
            .and_then(|v| {
                v.split(',')
                    .find_map(|kv| kv.strip_prefix("calls="))
                    .and_then(|n| n.parse().ok())
            })
            .unwrap_or(0)
    }

    pub fn log(&self, i: usize) -> String {
        fs::read_to_string(self.nodes[i].dir.join("server.log")).unwrap_or_default()
    }
}

impl ClusterNode {
    fn launch(&mut self, bin: &PathBuf) -> bool {
        let child = Command::new(bin)
            .args(&self.args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cluster_util: spawning valkey-server");
        self.child = Some(child);
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(c) = self.child.as_mut() {
                if let Ok(Some(_)) = c.try_wait() {
                    self.child = None;
                    return false; // most likely a port taken meanwhile
                }
            }
            if let Ok(r) = raw(self.port, &["INFO", "server"]) {
                let info = String::from_utf8_lossy(&r).replace('\r', "");
                let pid = field(&info, "process_id").and_then(|p| p.parse::<u32>().ok());
                let mine = self.child.as_ref().map(Child::id);
                if pid.is_some() && pid == mine {
                    return true;
                }
                if pid.is_some() {
                    // Someone else's server on this port.
                    if let Some(mut c) = self.child.take() {
                        let _ = c.kill();
                        let _ = c.wait();
                    }
                    return false;
                }
            }
            if Instant::now() > end {
                if let Some(mut c) = self.child.take() {
                    let _ = c.kill();
                    let _ = c.wait();
                }
                return false;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        if thread::panicking() {
            for (i, n) in self.nodes.iter().enumerate() {
                let log = self.log(i);
                let tail: Vec<&str> = log.lines().rev().take(8).collect();
                eprintln!("--- node {i} ({}) log tail:", n.port);
                for l in tail.iter().rev() {
                    eprintln!("{l}");
                }
            }
        }
        for n in &mut self.nodes {
            if let Some(mut c) = n.child.take() {
                let _ = c.kill();
                let _ = c.wait();
            }
            let _ = fs::remove_dir_all(&n.dir);
        }
    }
}

/// A slot map reduced to ports: primary → (merged ranges, sorted replicas).
pub type NormView = std::collections::BTreeMap<u16, (Vec<(u16, u16)>, Vec<u16>)>;

fn normalise(mut m: NormView) -> NormView {
    for (ranges, replicas) in m.values_mut() {
        ranges.sort_unstable();
        let mut merged: Vec<(u16, u16)> = Vec::new();
        for &(a, b) in ranges.iter() {
            match merged.last_mut() {
                Some(l) if u32::from(a) <= u32::from(l.1) + 1 => l.1 = l.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        *ranges = merged;
        replicas.sort_unstable();
    }
    m
}

/// The client's view in the same form as [`TestCluster::server_view`].
pub fn client_view(v: &valkite::cluster::View) -> NormView {
    let mut m = NormView::new();
    for s in &v.shards {
        let e = m.entry(s.primary.port).or_default();
        e.0.extend(s.ranges.iter().copied());
        e.1.extend(s.replicas.iter().map(|a| a.port));
    }
    normalise(m)
}

/// One key per slot (`keys[s]` hashes to slot `s`), found by trying `k0`, `k1`, ….
pub fn key_per_slot() -> Vec<String> {
    let mut keys: Vec<Option<String>> = vec![None; usize::from(SLOTS)];
    let mut missing = usize::from(SLOTS);
    let mut i = 0u64;
    while missing > 0 {
        let k = format!("k{i}");
        let s = usize::from(valkite::commands::slot(k.as_bytes()));
        if keys[s].is_none() {
            keys[s] = Some(k);
            missing -= 1;
        }
        i += 1;
    }
    keys.into_iter().map(|k| k.unwrap_or_default()).collect()
}

/// A key in `slot`.
pub fn key_in_slot(slot: u16, prefix: &str) -> String {
    (0u64..)
        .map(|i| format!("{prefix}{i}"))
        .find(|k| valkite::commands::slot(k.as_bytes()) == slot)
        .unwrap_or_default()
}

/// What a sink received for one token.
#[derive(Debug, Clone)]
pub enum Got {
    Frame(Vec<u8>),
    Multi(Vec<(String, Vec<u8>)>),
    Err(String),
}

/// A completion sink that records every completion and wakes waiters.
#[derive(Default)]
pub struct RecordingSink {
    pub got: std::sync::Mutex<std::collections::HashMap<u64, Vec<Got>>>,
    pub notify: tokio::sync::Notify,
}

impl CompletionSink for RecordingSink {
    fn complete(&self, token: u64, result: Result<&[u8], &Error>) {
        let g = match result {
            Ok(f) => Got::Frame(f.to_vec()),
            Err(e) => Got::Err(e.to_string()),
        };
        self.got.lock().unwrap().entry(token).or_default().push(g);
    }
    fn flush(&self) {
        self.notify.notify_waiters();
    }
    fn complete_multi(&self, token: u64, replies: &[(&str, &[u8])]) {
        let v = replies
            .iter()
            .map(|(a, f)| (a.to_string(), f.to_vec()))
            .collect();
        self.got
            .lock()
            .unwrap()
            .entry(token)
            .or_default()
            .push(Got::Multi(v));
    }
}

impl RecordingSink {
    pub fn count(&self) -> usize {
        self.got.lock().unwrap().len()
    }

    /// Waits until `n` tokens completed (or panics after `limit`).
    pub async fn wait_for(&self, n: usize, limit: Duration) {
        let end = tokio::time::Instant::now() + limit;
        while self.count() < n {
            assert!(
                tokio::time::Instant::now() < end,
                "only {} of {n} completions after {limit:?}",
                self.count()
            );
            let _ = tokio::time::timeout(Duration::from_millis(20), self.notify.notified()).await;
        }
    }
}

/// RESP encoding of a command, for `submit_raw`.
pub fn resp(args: &[&str]) -> Vec<u8> {
    common::encode_command(args)
}
