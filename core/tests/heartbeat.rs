//! The heartbeat: finding a dead connection without waiting for a request to fail.
//!
//! A killed server is noticed through the read side (the kernel closes the socket); a
//! *hung* server is not — its sockets stay open and nothing comes back. Only the
//! heartbeat can tell, so the test freezes the server (SIGSTOP) and compares a client
//! with a heartbeat against one without: the first must end up failing new requests at
//! once with `Disconnect` (it dropped the connection and is reconnecting), while the
//! second keeps sending into the void and can only time out.

mod common;
mod support;

use std::time::{Duration, Instant};

use common::TestServer;
use support::{config, fast_backoff, wait_for_ping};
use valkite::{cmd, Client, Error};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeat_finds_a_hung_server_without_a_request() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let request_timeout = Duration::from_millis(300);
    let base = config(&server)
        .with_request_timeout(Some(request_timeout))
        .with_connection_timeout(Duration::from_millis(300))
        .with_reconnect(fast_backoff());
    let probed = Client::connect(
        base.clone()
            .with_heartbeat(Some(Duration::from_millis(100))),
    )
    .await
    .expect("connect");
    let unprobed = Client::connect(base.with_heartbeat(None))
        .await
        .expect("connect");

    server.pause();
    let paused_at = Instant::now();
    // Poll the probed client: while its connection is believed alive a request can
    // only time out; once the heartbeat has condemned it, requests fail immediately.
    let deadline = paused_at + Duration::from_secs(15);
    let detected_after = loop {
        let started = Instant::now();
        let res = probed.send(cmd(["PING"])).await;
        let took = started.elapsed();
        match res {
            Err(Error::Timeout) => {}
            Err(Error::Disconnect(_)) | Err(Error::Connection(_)) => {
                if took < request_timeout / 2 {
                    break paused_at.elapsed();
                }
            }
            other => panic!("PING to a frozen server gave {other:?}"),
        }
        assert!(
            Instant::now() < deadline,
            "the heartbeat never declared the frozen server dead"
        );
    };
    eprintln!("heartbeat detected the hung server after {detected_after:?}");

    // Same server, same time frozen: without a heartbeat nothing was noticed.
    match unprobed.send(cmd(["PING"])).await {
        Err(Error::Timeout) => {}
        other => panic!("the client without heartbeat gave {other:?}, expected a timeout"),
    }

    server.resume();
    wait_for_ping(&probed, Duration::from_secs(5)).await;
    wait_for_ping(&unprobed, Duration::from_secs(5)).await;
}

/// A blocking command legitimately keeps the connection silent for as long as its own
/// timeout says; the heartbeat queued behind it must not take that as a dead peer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeat_does_not_kill_a_long_blocking_command() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client = Client::connect(config(&server).with_heartbeat(Some(Duration::from_millis(100))))
        .await
        .expect("connect");
    let started = Instant::now();
    let res = client.send(cmd(["BLPOP", "empty-queue", "7"])).await;
    let took = started.elapsed();
    match res {
        Ok(v) => assert!(v.is_nil(), "BLPOP on an empty list returned {v:?}"),
        Err(e) => panic!("BLPOP 7 failed after {took:?}: {e}"),
    }
    assert!(took >= Duration::from_secs(7));
}
