//! Closing: pending requests end with `Closing` at once (not when the server gets round
//! to them), later requests too, closing twice is harmless, and dropping the last handle
//! closes the connection on the server's side as well.

mod common;
mod support;

use std::time::{Duration, Instant};

use common::TestServer;
use support::{config, other_clients, wait_until};
use valkite::{cmd, Client, Error};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_fails_pending_and_later_requests() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client = Client::connect(config(&server).with_request_timeout(None))
        .await
        .expect("connect");
    let clone = client.clone();

    let pending: Vec<_> = (0..2)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move {
                let r = c.send(cmd(["DEBUG", "SLEEP", "0.5"])).await;
                (r, Instant::now())
            })
        })
        .collect();
    wait_until(Duration::from_secs(5), "the sleeps to be in flight", || {
        client.inflight() == 2
    })
    .await;

    let closed_at = Instant::now();
    client.close();
    for p in pending {
        let (r, done) = p.await.expect("task");
        assert!(
            matches!(r, Err(Error::Closing)),
            "pending request gave {r:?}"
        );
        assert!(
            done.duration_since(closed_at) < Duration::from_millis(500),
            "pending request waited for the server after close"
        );
    }
    wait_until(Duration::from_secs(1), "slots back", || {
        client.inflight() == 0
    })
    .await;

    assert!(matches!(
        client.send(cmd(["PING"])).await,
        Err(Error::Closing)
    ));
    assert!(
        matches!(clone.send(cmd(["PING"])).await, Err(Error::Closing)),
        "a clone still works"
    );
    client.close();
    clone.close();
    assert!(matches!(
        client.send(cmd(["PING"])).await,
        Err(Error::Closing)
    ));

    // The server sees the connection go (once its sleeps are done).
    wait_until(
        Duration::from_secs(10),
        "the server to lose the client",
        || other_clients(&server) == 0,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_last_handle_closes_the_connection() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client = Client::connect(config(&server)).await.expect("connect");
    let clone = client.clone();
    assert_eq!(other_clients(&server), 1);

    // Dropping one of two handles closes nothing.
    drop(client);
    let v = clone
        .send(cmd(["PING"]))
        .await
        .expect("the remaining handle works");
    assert_eq!(v.as_str(), Some("PONG"));
    assert_eq!(other_clients(&server), 1);

    drop(clone);
    wait_until(
        Duration::from_secs(5),
        "the connection to close after drop",
        || other_clients(&server) == 0,
    )
    .await;

    // Also with the heartbeat running (its task must not keep the client alive).
    let client = Client::connect(config(&server).with_heartbeat(Some(Duration::from_millis(50))))
        .await
        .expect("connect");
    assert_eq!(other_clients(&server), 1);
    drop(client);
    wait_until(
        Duration::from_secs(5),
        "the heartbeat client to close after drop",
        || other_clients(&server) == 0,
    )
    .await;
}

/// Closing (or dropping) a client straight after `connect` returns, before the runtime
/// has polled any of its background tasks — on a current-thread runtime that is always
/// the case — must still close its connection.
#[tokio::test(flavor = "current_thread")]
async fn close_right_after_connect_closes_the_connection() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);

    let client = Client::connect(config(&server)).await.expect("connect");
    client.close();
    wait_until(
        Duration::from_secs(2),
        "the connection to close after close()",
        || other_clients(&server) == 0,
    )
    .await;
    assert!(matches!(
        client.send(cmd(["PING"])).await,
        Err(Error::Closing)
    ));

    let client = Client::connect(config(&server)).await.expect("connect");
    drop(client);
    wait_until(
        Duration::from_secs(2),
        "the connection to close after drop",
        || other_clients(&server) == 0,
    )
    .await;
}
