//! Standalone with a primary and a replica: the client finds which is which (whatever
//! the order of the addresses), sends writes to the primary, and reads to the replica
//! only under `PreferReplica`. Where a command ran is read from each server's own
//! `INFO commandstats`, reset after the set-up so only the measured commands count.

mod common;
mod support;

use std::time::Duration;

use common::TestServer;
use support::{address, command_calls, info_field, wait_until};
use valkite::{cmd, Client, ClientConfig, Protocol, ReadFrom};

const KEYS: usize = 20;

/// A primary, and a replica of it that has finished its initial sync.
async fn primary_and_replica() -> (TestServer, TestServer) {
    let primary = TestServer::start_valkey(&[]);
    let port = primary.port.to_string();
    let replica = TestServer::start_valkey(&["--replicaof", "127.0.0.1", &port]);
    wait_until(Duration::from_secs(15), "replication link up", || {
        info_field(&replica, "replication", "master_link_status").as_deref() == Some("up")
    })
    .await;
    (primary, replica)
}

fn both(first: &TestServer, second: &TestServer, read_from: ReadFrom) -> ClientConfig {
    ClientConfig::new(vec![address(first), address(second)])
        .with_heartbeat(None)
        .with_read_from(read_from)
        .with_request_timeout(Some(Duration::from_secs(2)))
}

/// Writes the keys through the client and waits until the replica has them.
async fn write_keys(client: &Client, replica: &TestServer) {
    for i in 0..KEYS {
        let (k, v) = (format!("key{i}"), format!("value{i}"));
        client
            .send(cmd(["SET", k.as_str(), v.as_str()]))
            .await
            .expect("SET");
    }
    wait_until(Duration::from_secs(10), "replica to catch up", || {
        info_field(replica, "keyspace", "db0")
            .is_some_and(|s| s.starts_with(&format!("keys={KEYS},")))
    })
    .await;
}

fn reset_stats(servers: &[&TestServer]) {
    for s in servers {
        assert_eq!(s.command(&["CONFIG", "RESETSTAT"]), b"+OK\r\n");
    }
}

async fn read_keys(client: &Client) {
    for i in 0..KEYS {
        let k = format!("key{i}");
        let v = client.send(cmd(["GET", k.as_str()])).await.expect("GET");
        assert_eq!(v.as_str(), Some(format!("value{i}").as_str()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefer_replica_reads_from_the_replica_and_writes_to_the_primary() {
    if !common::require_tools() {
        return;
    }
    let (primary, replica) = primary_and_replica().await;
    let client = Client::connect(both(&primary, &replica, ReadFrom::PreferReplica))
        .await
        .expect("connect");
    assert_eq!(client.primary_address(), &address(&primary));
    write_keys(&client, &replica).await;
    assert!(
        command_calls(&primary, "set") >= KEYS as u64,
        "writes did not go to the primary"
    );

    reset_stats(&[&primary, &replica]);
    read_keys(&client).await;
    assert_eq!(
        command_calls(&replica, "get"),
        KEYS as u64,
        "reads on the replica"
    );
    assert_eq!(command_calls(&primary, "get"), 0, "reads on the primary");

    // Writes still go to the primary (a replica would refuse them with READONLY).
    client
        .send(cmd(["SET", "late", "write"]))
        .await
        .expect("SET under PreferReplica");
    assert_eq!(command_calls(&primary, "set"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn primary_read_from_leaves_the_replica_alone() {
    if !common::require_tools() {
        return;
    }
    let (primary, replica) = primary_and_replica().await;
    // The replica listed first: the client must still find the primary.
    let client = Client::connect(both(&replica, &primary, ReadFrom::Primary))
        .await
        .expect("connect");
    assert_eq!(client.primary_address(), &address(&primary));
    write_keys(&client, &replica).await;

    reset_stats(&[&primary, &replica]);
    read_keys(&client).await;
    assert_eq!(command_calls(&primary, "get"), KEYS as u64);
    assert_eq!(
        command_calls(&replica, "get"),
        0,
        "the replica served reads"
    );
}

/// Over RESP2 HELLO reports no role, so the primary is found with ROLE instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn primary_found_by_role_over_resp2_with_the_replica_first() {
    if !common::require_tools() {
        return;
    }
    let (primary, replica) = primary_and_replica().await;
    let client = Client::connect(
        both(&replica, &primary, ReadFrom::PreferReplica).with_protocol(Protocol::Resp2),
    )
    .await
    .expect("connect");
    assert_eq!(client.primary_address(), &address(&primary));
    write_keys(&client, &replica).await;
    reset_stats(&[&primary, &replica]);
    read_keys(&client).await;
    assert_eq!(command_calls(&replica, "get"), KEYS as u64);
    assert_eq!(command_calls(&primary, "get"), 0);
}
