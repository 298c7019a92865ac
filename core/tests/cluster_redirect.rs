//! Redirections on a real cluster: a slot migrated under traffic (ASK while it moves,
//! MOVED once it has), refreshes coalesced when many requests meet the same MOVED, and
//! periodic checks noticing a change nobody's request revealed.

mod cluster_util;
mod common;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cluster_util::{key_in_slot, resp, Got, Opts, RecordingSink, TestCluster};
use valkite::{cmd, ClusterClient, ClusterConfig, RawRequest, RequestTimeout, Route, Value};

fn config(c: &TestCluster) -> ClusterConfig {
    ClusterConfig::new(vec![c.seed()])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slot_migration_under_traffic_loses_nothing() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 1, Opts::default());
    let client = ClusterClient::connect(config(&c)).await.unwrap();
    let slot = valkite::commands::slot(b"mig");
    let from = c.owner(0, slot).unwrap();
    let to = c.primaries(0).into_iter().find(|&p| p != from).unwrap();
    let other_key = key_in_slot((slot + 8000) % 16384, "other");

    // 300 keys in the slot, so that the move takes a while.
    for i in 0..300 {
        client
            .send(cmd(["SET", &format!("{{mig}}:{i}"), "0"]))
            .await
            .unwrap();
    }
    let stop = Arc::new(AtomicBool::new(false));
    let ops = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for t in 0..6u64 {
        let (client, stop, ops) = (client.clone(), stop.clone(), ops.clone());
        let other_key = other_key.clone();
        tasks.push(tokio::spawn(async move {
            let mut failures: Vec<String> = Vec::new();
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                // Each task owns keys t, t+6, …: it knows what it last wrote.
                let i = t + 6 * (n % 50);
                let key = format!("{{mig}}:{i}");
                let val = format!("{t}-{n}");
                if let Err(e) = client.send(cmd(["SET", &key, &val])).await {
                    failures.push(format!("SET {key}: {e}"));
                }
                match client.send(cmd(["GET", &key])).await {
                    Ok(v) if v == Value::BulkString(val.clone().into()) => {}
                    other => failures.push(format!("GET {key}: {other:?}, wanted {val}")),
                }
                if let Err(e) = client.send(cmd(["INCR", &other_key])).await {
                    failures.push(format!("INCR other: {e}"));
                }
                n += 1;
                ops.fetch_add(3, Ordering::Relaxed);
            }
            failures
        }));
    }
    // Multi-key reads in the slot meet TRYAGAIN while their keys are split between
    // the two nodes, which lasts as long as the migration: retried, but they can
    // outlast a 250 ms timeout. Counted, not asserted; they must work afterwards.
    let tryagain = Arc::new(AtomicU64::new(0));
    let mget_task = {
        let (client, stop, tryagain) = (client.clone(), stop.clone(), tryagain.clone());
        tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let a = format!("{{mig}}:{}", n % 300);
                let b = format!("{{mig}}:{}", (n * 7 + 1) % 300);
                if let Err(e) = client.send(cmd(["MGET", &a, &b])).await {
                    assert!(e.to_string().contains("TRYAGAIN"), "MGET: {e}");
                    tryagain.fetch_add(1, Ordering::Relaxed);
                }
                n += 1;
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = client.stats();
    let started = Instant::now();
    let c2 = Arc::new(c);
    {
        let c3 = c2.clone();
        tokio::task::spawn_blocking(move || {
            c3.migrate_slot(slot, from, to, 10, Duration::from_millis(15))
        })
        .await
        .unwrap();
    }
    let migration = started.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    let mut failures = Vec::new();
    for t in tasks {
        failures.extend(t.await.unwrap());
    }
    mget_task.await.unwrap();
    let after = client.stats();
    println!(
        "migration took {migration:?}; {} single-key requests; failures {}; \
         multi-key reads given up on TRYAGAIN {}; ASK {}, MOVED {}, retries {}, refreshes {}",
        ops.load(Ordering::Relaxed),
        failures.len(),
        tryagain.load(Ordering::Relaxed),
        after.ask - before.ask,
        after.moved - before.moved,
        after.retries - before.retries,
        after.refreshes_started - before.refreshes_started
    );
    assert!(failures.is_empty(), "failed requests: {failures:#?}");
    assert!(after.ask > before.ask, "no ASK seen: {after:?}");
    assert!(after.moved > before.moved, "no MOVED seen: {after:?}");
    assert_eq!(client.slot_owner(slot).map(|a| a.port), Some(to));
    // Every key made it.
    for i in 0..300 {
        let v = client
            .send(cmd(["EXISTS", &format!("{{mig}}:{i}")]))
            .await
            .unwrap();
        assert_eq!(v, Value::Integer(1), "key {i}");
    }
    assert_eq!(
        cluster_util::text(to, &["CLUSTER", "COUNTKEYSINSLOT", &slot.to_string()]),
        ":300\n"
    );
    let v = client
        .send(cmd(["MGET", "{mig}:1", "{mig}:2"]))
        .await
        .unwrap();
    assert!(matches!(v, Value::Array(ref a) if a.len() == 2));
    client.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_moved_replies_coalesce_into_one_refresh() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 1, Opts::default());
    let sink = Arc::new(RecordingSink::default());
    // A short throttle so the deferred refresh happens within the test.
    let cfg = config(&c)
        .with_periodic_checks(None)
        .with_refresh_throttle(Duration::from_millis(400), Duration::from_millis(200));
    let mut cfg = cfg;
    cfg.client.inflight_limit = 10_000;
    let client = ClusterClient::connect_with_sink(cfg, sink.clone())
        .await
        .unwrap();
    // Move 200 empty slots of one primary to another, behind the client's back.
    let from = c.owner(0, 0).unwrap();
    let to = c.owner(0, 16383).unwrap();
    let slots: Vec<u16> = (0..200).collect();
    c.reassign_slots(&slots, to);
    // 2000 writes over those slots in one batch: all sent to the old owner before any
    // MOVED comes back.
    let cmds: Vec<Vec<u8>> = (0..2000u16)
        .map(|i| resp(&["SET", &key_in_slot(i % 200, "co"), &i.to_string()]))
        .collect();
    let before = client.stats();
    client.submit_raw(cmds.iter().enumerate().map(|(i, c)| RawRequest {
        command: c,
        token: i as u64,
        timeout: RequestTimeout::Default,
        route: Route::Default,
        retry: valkite::RetryPolicy::ALL,
    }));
    sink.wait_for(2000, Duration::from_secs(20)).await;
    let mid = client.stats();
    // The deferred refresh runs once the throttle allows.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let after = client.stats();
    println!(
        "MOVED {}, refresh requests {}, refreshes started {} (within the batch {})",
        after.moved - before.moved,
        after.refresh_requests - before.refresh_requests,
        after.refreshes_started - before.refreshes_started,
        mid.refreshes_started - before.refreshes_started
    );
    let got = sink.got.lock().unwrap().clone();
    for (t, v) in &got {
        match &v[..] {
            [Got::Frame(f)] => assert_eq!(f, b"+OK\r\n", "token {t}"),
            other => panic!("token {t}: {other:?}"),
        }
    }
    assert!(after.moved - before.moved >= 200, "{after:?}");
    // One refresh for all of them (each slot's first MOVED asked for one).
    assert!(after.refresh_requests - before.refresh_requests >= 200);
    assert_eq!(
        after.refreshes_started - before.refreshes_started,
        1,
        "{after:?}"
    );
    assert_eq!(after.refreshes_completed, after.refreshes_started);
    // And the adopted view is the servers'.
    for s in [0u16, 100, 199] {
        assert_eq!(client.slot_owner(s).map(|a| a.port), Some(to));
    }
    let v = client.view();
    let owner_of_0 = v
        .shards
        .iter()
        .find(|s| s.ranges.iter().any(|&(a, _)| a == 0))
        .map(|s| s.primary.port);
    assert_eq!(owner_of_0, Some(to));
    let _ = from;
    client.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn periodic_checks_notice_changes_and_stay_quiet_otherwise() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 1, Opts::default());
    let cfg = config(&c).with_periodic_checks(Some(Duration::from_millis(300)));
    let client = ClusterClient::connect(cfg).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let quiet = client.stats();
    assert!(quiet.periodic_checks >= 2, "{quiet:?}");
    // Nothing changed: no refresh beyond the initial discovery.
    assert_eq!(quiet.refreshes_started, 1, "{quiet:?}");

    let to = c.owner(0, 16383).unwrap();
    c.reassign_slots(&[5], to);
    let t0 = Instant::now();
    loop {
        let v = client.view();
        let owner = v
            .shards
            .iter()
            .find(|s| s.ranges.iter().any(|&(a, b)| a <= 5 && 5 <= b))
            .map(|s| s.primary.port);
        if owner == Some(to) {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(10), "view never changed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!("periodic check adopted the change after {:?}", t0.elapsed());
    let after = client.stats();
    assert!(after.topology_changes > quiet.topology_changes);
    assert_eq!(client.slot_owner(5).map(|a| a.port), Some(to));
    client.close();
}
