//! Cluster-wide SCAN driven by the core, on a real cluster: every key once or more,
//! options passed to the nodes, a slot migrated mid-scan, AllowNonCoveredSlots over
//! slots nobody serves, and cursors the core cannot read.

mod cluster_util;
mod common;

use std::collections::HashMap;
use std::time::Duration;

use cluster_util::{key_in_slot, Opts, TestCluster};
use valkite::cluster::SCAN_FINISHED;
use valkite::{cmd, ClusterClient, ClusterConfig, Error, Value};

fn key_text(v: &Value) -> String {
    match v {
        Value::BulkString(b) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("key {other:?}"),
    }
}

/// Scans to the end; `between` runs after each page with the cursor to continue with.
async fn scan_all(
    client: &ClusterClient,
    options: &[&str],
    allow: bool,
    mut between: impl FnMut(usize, &str),
) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    let mut cursor = "0".to_string();
    for page in 0.. {
        assert!(page < 20_000, "the scan does not end");
        let (next, keys) = client
            .scan(&cursor, options, allow)
            .await
            .unwrap_or_else(|e| panic!("page {page}: {e}"));
        for k in &keys {
            *seen.entry(key_text(k)).or_insert(0) += 1;
        }
        cursor = next;
        if cursor == SCAN_FINISHED {
            break;
        }
        between(page, &cursor);
    }
    seen
}

fn require_keys(seen: &HashMap<String, usize>, want: &[String]) {
    let missing: Vec<&String> = want.iter().filter(|k| !seen.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "{} keys missing: {missing:?}",
        missing.len()
    );
    let extra: Vec<&String> = seen.keys().filter(|k| !want.contains(k)).collect();
    assert!(extra.is_empty(), "unexpected keys: {extra:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scans_every_key_follows_a_migration_and_rejects_bad_cursors() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 0, Opts::default());
    let mut cfg = ClusterConfig::new(vec![c.seed()]);
    cfg.client.request_timeout = Some(Duration::from_secs(5));
    let client = ClusterClient::connect(cfg).await.unwrap();

    // An empty cluster: one call may walk several empty nodes, and it ends.
    assert!(scan_all(&client, &[], false, |_, _| {}).await.is_empty());

    let keys: Vec<String> = (0..500).map(|i| format!("scan:{i}")).collect();
    for k in &keys {
        client.send(cmd(["SET", k, "v"])).await.unwrap();
    }
    for i in 0..20 {
        client
            .send(cmd(["SADD", &format!("set:{i}"), "m"]))
            .await
            .unwrap();
    }
    let sets: Vec<String> = (0..20).map(|i| format!("set:{i}")).collect();
    let all: Vec<String> = keys.iter().chain(&sets).cloned().collect();
    require_keys(&scan_all(&client, &[], false, |_, _| {}).await, &all);
    require_keys(
        &scan_all(&client, &["TYPE", "set", "COUNT", "3"], false, |_, _| {}).await,
        &sets,
    );
    let ones: Vec<String> = keys
        .iter()
        .filter(|k| k.starts_with("scan:1"))
        .cloned()
        .collect();
    require_keys(
        &scan_all(&client, &["MATCH", "scan:1*"], true, |_, _| {}).await,
        &ones,
    );

    // A slot leaves the first node mid-pass for one the scan visits later (or has
    // visited): its keys are still returned.
    let slot = valkite::commands::slot(b"scan:0");
    let from = c.owner(0, slot).unwrap();
    let to = c.primaries(0).into_iter().find(|&p| p != from).unwrap();
    let moving: Vec<String> = (0..30)
        .map(|i| key_in_slot(slot, &format!("mv{i}")))
        .collect();
    for k in &moving {
        client.send(cmd(["SET", k, "v"])).await.unwrap();
    }
    let mut moved = false;
    let seen = scan_all(&client, &["COUNT", "5"], false, |page, _| {
        if page == 1 && !moved {
            c.migrate_slot(slot, from, to, 100, Duration::ZERO);
            moved = true;
        }
    })
    .await;
    assert!(moved);
    let everything: Vec<String> = all.iter().chain(&moving).cloned().collect();
    require_keys(&seen, &everything);

    // Cursors the core cannot read: a typed error, nothing sent.
    for bad in ["12345", "vk1.%%%", "vk1.AQ"] {
        match client.scan(bad, &[], false).await {
            Err(Error::InvalidRequest(m)) => {
                assert!(m.starts_with("invalid cluster scan cursor"), "{m}")
            }
            other => panic!("cursor {bad:?}: {other:?}"),
        }
    }
    // A finished cursor stays finished.
    let (cursor, keys) = client.scan(SCAN_FINISHED, &[], false).await.unwrap();
    assert_eq!(cursor, SCAN_FINISHED);
    assert!(keys.is_empty());
    // A node's error reply (an unknown TYPE) is the caller's.
    match client.scan("0", &["TYPE", "no-such-type"], false).await {
        Err(Error::Server(_)) => {}
        other => panic!("unknown TYPE: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allow_non_covered_slots_skips_what_nobody_serves() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 0, Opts::default());
    let mut cfg = ClusterConfig::new(vec![c.seed()]);
    cfg.client.request_timeout = Some(Duration::from_secs(5));
    let client = ClusterClient::connect(cfg).await.unwrap();
    let keep = key_in_slot(5, "keep");
    client.send(cmd(["SET", &keep, "v"])).await.unwrap();
    // Slot 100 (empty) is served by nobody: every node forgets it, and the cluster
    // stays up without it.
    for n in &c.nodes {
        let _ = cluster_util::text(
            n.port,
            &["CONFIG", "SET", "cluster-require-full-coverage", "no"],
        );
    }
    for n in c.primaries(0) {
        let _ = cluster_util::text(n, &["CLUSTER", "DELSLOTS", "100"]);
    }
    client.refresh_topology().await;
    assert_eq!(
        client.slot_owner(100),
        None,
        "the client still maps slot 100"
    );
    let seen = scan_all(&client, &[], true, |_, _| {}).await;
    assert!(seen.contains_key(&keep), "{seen:?}");
    // Without the flag, the scan stops at slot 100 with an error that names it.
    let mut cursor = "0".to_string();
    let err = loop {
        match client.scan(&cursor, &[], false).await {
            Ok((next, _)) if next == SCAN_FINISHED => panic!("the scan skipped slot 100"),
            Ok((next, _)) => cursor = next,
            Err(e) => break e,
        }
    };
    assert!(err.to_string().contains("slot 100"), "{err}");
}
