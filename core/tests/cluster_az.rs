//! Availability-zone aware reads on a real cluster whose nodes were started with
//! different `availability-zone` values: 3 shards, each with a primary in `az-p`, one
//! replica in `az-1` and one in `az-2`. Where reads went is read from each node's
//! `INFO commandstats`.

mod cluster_util;
mod common;

use std::sync::Arc;

use cluster_util::{Opts, TestCluster};
use valkite::{cmd, ClusterClient, ClusterConfig, ReadFrom};

fn zones() -> Opts {
    Opts {
        zones: Some(Arc::new(|i: usize| {
            Some(match i {
                0..=2 => "az-p".to_string(),
                3..=5 => "az-1".to_string(),
                _ => "az-2".to_string(),
            })
        })),
        ..Opts::default()
    }
}

/// GET calls per zone ("az-p", "az-1", "az-2") made while running `f`.
async fn gets_by_zone<F, Fut>(c: &TestCluster, f: F) -> [u64; 3]
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let count = |c: &TestCluster| {
        let mut z = [0u64; 3];
        for (i, n) in c.nodes.iter().enumerate() {
            z[i / 3] += c.calls(n.port, "get");
        }
        z
    };
    let before = count(c);
    f().await;
    let after = count(c);
    [
        after[0] - before[0],
        after[1] - before[1],
        after[2] - before[2],
    ]
}

async fn client(c: &TestCluster, read_from: ReadFrom, az: &str) -> ClusterClient {
    let mut cfg = ClusterConfig::new(vec![c.seed()]);
    cfg.client.read_from = read_from;
    cfg.client.client_az = Some(az.to_string());
    ClusterClient::connect(cfg).await.unwrap()
}

async fn read_all(client: &ClusterClient, keys: &[String]) {
    for k in keys {
        client.send(cmd(["GET", k])).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_follow_the_client_zone() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 2, zones());
    let keys: Vec<String> = (0..60).map(|i| format!("az{i}")).collect();
    {
        let w = client(&c, ReadFrom::Primary, "az-p").await;
        for k in &keys {
            w.send(cmd(["SET", k, "v"])).await.unwrap();
        }
        // Primary: every read on a primary, whatever the zone.
        let z = gets_by_zone(&c, || read_all(&w, &keys)).await;
        assert_eq!(z, [60, 0, 0]);
        w.close();
    }

    // AzAffinity: the replicas in the client's zone only.
    let a2 = client(&c, ReadFrom::AzAffinity, "az-2").await;
    let z = gets_by_zone(&c, || read_all(&a2, &keys)).await;
    println!("AzAffinity az-2: {z:?}");
    assert_eq!(z, [0, 0, 60]);
    a2.close();

    let a1 = client(&c, ReadFrom::AzAffinity, "az-1").await;
    let z = gets_by_zone(&c, || read_all(&a1, &keys)).await;
    println!("AzAffinity az-1: {z:?}");
    assert_eq!(z, [0, 60, 0]);
    a1.close();

    // No replica in the client's zone: any replica, never the primary.
    let elsewhere = client(&c, ReadFrom::AzAffinity, "az-x").await;
    let z = gets_by_zone(&c, || read_all(&elsewhere, &keys)).await;
    println!("AzAffinity az-x: {z:?}");
    assert_eq!(z[0], 0);
    assert_eq!(z[1] + z[2], 60);
    assert!(
        z[1] > 0 && z[2] > 0,
        "round robin over both replicas: {z:?}"
    );
    elsewhere.close();

    // AzAffinityReplicaAndPrimary: same-zone replicas first …
    let rp1 = client(&c, ReadFrom::AzAffinityReplicaAndPrimary, "az-1").await;
    let z = gets_by_zone(&c, || read_all(&rp1, &keys)).await;
    println!("AzAffinityReplicaAndPrimary az-1: {z:?}");
    assert_eq!(z, [0, 60, 0]);
    rp1.close();
    // … then a same-zone primary.
    let rpp = client(&c, ReadFrom::AzAffinityReplicaAndPrimary, "az-p").await;
    let z = gets_by_zone(&c, || read_all(&rpp, &keys)).await;
    println!("AzAffinityReplicaAndPrimary az-p: {z:?}");
    assert_eq!(z, [60, 0, 0]);
    // Writes always go to primaries, without redirections.
    rpp.send(cmd(["SET", "az0", "w"])).await.unwrap();
    assert_eq!(rpp.stats().moved, 0);
    rpp.close();
}
