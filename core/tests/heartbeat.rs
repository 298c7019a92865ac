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

/// A command that keeps the server busy longer than two heartbeat intervals is not a
/// dead peer while its own timeout runs: with the default heartbeat (3 s), DEBUG SLEEP 8
/// under a 20 s request timeout gets its reply, and a PING queued behind it on the same
/// connection gets its own afterwards, on the same connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeat_waits_for_a_long_command_within_its_timeout() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let every = valkite::config::DEFAULT_HEARTBEAT;
    let sleep_s = 8u64;
    assert!(
        Duration::from_secs(sleep_s) > every * 2,
        "the sleep must outlast the limit"
    );
    let client = Client::connect(
        config(&server)
            .with_heartbeat(Some(every))
            .with_request_timeout(Some(Duration::from_secs(20))),
    )
    .await
    .expect("connect");
    let id_before = client.send(cmd(["CLIENT", "ID"])).await.expect("CLIENT ID");

    let started = Instant::now();
    // Both are submitted on their first poll, in this order, on the one connection.
    let sleep = async {
        let r = client
            .send(cmd(["DEBUG", "SLEEP", &sleep_s.to_string()]))
            .await;
        (r, started.elapsed())
    };
    let ping = async {
        let r = client.send(cmd(["PING"])).await;
        (r, started.elapsed())
    };
    let ((slept, slept_after), (pinged, pinged_after)) = tokio::join!(sleep, ping);
    match slept {
        Ok(v) => assert_eq!(v.as_str(), Some("OK"), "DEBUG SLEEP replied {v:?}"),
        Err(e) => panic!("DEBUG SLEEP {sleep_s} failed after {slept_after:?}: {e}"),
    }
    assert!(slept_after >= Duration::from_secs(sleep_s));
    match pinged {
        Ok(v) => assert_eq!(v.as_str(), Some("PONG"), "PING replied {v:?}"),
        Err(e) => panic!("PING behind DEBUG SLEEP failed after {pinged_after:?}: {e}"),
    }
    assert!(
        pinged_after >= Duration::from_secs(sleep_s),
        "the PING was answered after {pinged_after:?}, before the sleep ended"
    );
    // Still the same connection: nothing was dropped and reopened.
    let id_after = client.send(cmd(["CLIENT", "ID"])).await.expect("CLIENT ID");
    assert_eq!(id_before, id_after, "the connection was replaced");
}
