//! Process-wide statistics against a real server: live clients and connections follow
//! opens and closes exactly, the subscription sync time moves once a subscription is in
//! place, and a subscriber whose connection the server kills is seen out of sync.
//!
//! The counters are process-wide, so this binary holds a single test: nothing else in
//! the process opens or closes a client while it counts.

mod common;
mod support;

use std::time::Duration;

use common::TestServer;
use support::{config, fast_backoff, wait_until};
use valkite::pubsub::Kind;
use valkite::{cmd, stats, Client};

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_follow_clients_connections_and_subscriptions() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let before = stats::snapshot();

    // Three standalone clients on one server: one connection each.
    let mut clients = Vec::new();
    for _ in 0..3 {
        clients.push(Client::connect(config(&server)).await.expect("connect"));
    }
    assert_eq!(stats::total_clients(), before.total_clients + 3);
    assert_eq!(stats::total_connections(), before.total_connections + 3);

    // A blocking command gets a connection of its own while it is open.
    let v = clients[0]
        .send(cmd(["BLPOP", "stats-nothing", "0.05"]))
        .await
        .expect("blpop");
    assert_eq!(v, valkite::Value::Nil);
    assert_eq!(clients[0].blocking_connections(), 1);
    assert_eq!(stats::total_connections(), before.total_connections + 4);

    // Closing gives the places back at once, the blocking connection's too.
    clients[0].close();
    assert_eq!(stats::total_clients(), before.total_clients + 2);
    assert_eq!(stats::total_connections(), before.total_connections + 2);
    // Dropping the last handle closes too; the tasks wind down on the runtime.
    clients.truncate(1);
    wait_until(WAIT, "dropped clients to leave the count", || {
        stats::total_clients() == before.total_clients
            && stats::total_connections() == before.total_connections
    })
    .await;
    drop(clients);

    // The compression counters never move.
    let now = stats::snapshot();
    for (name, v) in now.entries() {
        if name.contains("compress") || name.ends_with("original_bytes") {
            assert_eq!(v, 0, "{name}");
        }
    }

    // A confirmed subscription is followed by a round that finds everything in sync.
    let sub = Client::connect(config(&server).with_reconnect(fast_backoff()))
        .await
        .expect("subscriber");
    let ps = sub.pubsub();
    ps.set_reconcile_interval(Duration::from_millis(50));
    let synced_before = stats::subscription_last_sync_timestamp();
    ps.subscribe(Kind::Exact, ["stats-news"], Some(WAIT))
        .await
        .expect("subscribe confirmed");
    wait_until(WAIT, "a sync time after the subscription", || {
        stats::subscription_last_sync_timestamp() > synced_before
    })
    .await;
    let synced = stats::subscription_last_sync_timestamp();
    let wall_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as u64;
    assert!(
        synced <= wall_ms && wall_ms - synced < 60_000,
        "sync time {synced} is not a recent wall-clock time in ms (now {wall_ms})"
    );

    // The server drops the subscriber's connection: the next round finds the
    // subscription missing on the new connection, counts it, and subscribes again.
    let id = match sub.send(cmd(["CLIENT", "ID"])).await.expect("client id") {
        valkite::Value::Integer(i) => i.to_string(),
        other => panic!("CLIENT ID answered {other:?}"),
    };
    let out_before = stats::subscription_out_of_sync_count();
    server.command(&["CLIENT", "KILL", "ID", id.as_str()]);
    wait_until(WAIT, "an out-of-sync round after the kill", || {
        stats::subscription_out_of_sync_count() > out_before
    })
    .await;
    wait_until(WAIT, "the subscription back in place", || {
        ps.state()
            .actual(Kind::Exact)
            .contains(b"stats-news".as_slice())
            && stats::subscription_last_sync_timestamp() >= synced
    })
    .await;
    // One client, one (new) connection: the killed one left the count.
    assert_eq!(stats::total_clients(), before.total_clients + 1);
    wait_until(WAIT, "one live connection after the reconnect", || {
        stats::total_connections() == before.total_connections + 1
    })
    .await;
    sub.close();
    assert_eq!(stats::total_clients(), before.total_clients);
    assert_eq!(stats::total_connections(), before.total_connections);
}
