//! Lazy connect: the client is built without touching the network and connects on its
//! first command; an unreachable address then fails that command, it does not hang.

mod common;
mod support;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::TestServer;
use support::{config, connections_received, other_clients, FakeServer};
use valkite::{cmd, Address, Client, ClientConfig, Error};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lazy_client_connects_on_its_first_command() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    // Each INFO is one raw connection: count ours by difference.
    let before = connections_received(&server);
    let client = Client::connect(config(&server).with_lazy_connect(true))
        .await
        .expect("lazy connect");
    // Nothing to await for "no connection happened": give an eager client ample time to
    // show itself, then look.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = connections_received(&server);
    assert_eq!(
        after,
        before + 1,
        "the lazy client connected before its first command"
    );
    assert_eq!(other_clients(&server), 0);

    let v = client
        .send(cmd(["SET", "lazy", "yes"]))
        .await
        .expect("first command");
    assert_eq!(v.as_str(), Some("OK"));
    assert_eq!(other_clients(&server), 1);
    assert_eq!(
        client
            .send(cmd(["GET", "lazy"]))
            .await
            .expect("GET")
            .as_str(),
        Some("yes")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lazy_client_to_a_dead_address_fails_its_first_command() {
    // A port nobody listens on: bound, then released.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let client = Client::connect(
        ClientConfig::new(vec![Address::new("127.0.0.1", port)])
            .with_lazy_connect(true)
            .with_heartbeat(None),
    )
    .await
    .expect("a lazy client is built without connecting");
    for i in 0..3 {
        let started = Instant::now();
        match client.send(cmd(["PING"])).await {
            Err(e) if e.is_connection_error() => {}
            other => panic!("command {i} to a dead address gave {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "command {i} hung"
        );
    }
    // The eager client reports the same problem from connect itself.
    let eager = Client::connect(
        ClientConfig::new(vec![Address::new("127.0.0.1", port)]).with_heartbeat(None),
    )
    .await;
    assert!(
        matches!(eager, Err(Error::Connection(_))),
        "{:?}",
        eager.err()
    );
}

/// The request timeout covers the whole request, connecting included: a first command
/// waiting for a lazy connection to a server that accepts but never answers must time out
/// after the request timeout, not after the (much longer) connection timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_command_waiting_for_the_connection_keeps_its_timeout() {
    // Accepts, reads nothing, answers nothing; ends when the client hangs up.
    let silent = FakeServer::start(|_idx, mut stream| {
        let _ = support::wait_for_peer_close(&mut stream);
    });
    let request_timeout = Duration::from_millis(200);
    let client = Client::connect(
        ClientConfig::new(vec![silent.address()])
            .with_lazy_connect(true)
            .with_heartbeat(None)
            .with_request_timeout(Some(request_timeout))
            .with_connection_timeout(Duration::from_secs(3)),
    )
    .await
    .expect("lazy client");
    let started = Instant::now();
    let res = client.send(cmd(["PING"])).await;
    let took = started.elapsed();
    assert!(res.is_err(), "PING to a silent server succeeded: {res:?}");
    assert!(
        took < request_timeout + Duration::from_millis(500),
        "the first command took {took:?} ({res:?}) with a {request_timeout:?} request timeout"
    );
}
