//! Blocking commands on connections of their own: a blocked BLPOP holds up nothing else
//! of the client, a dropped future unblocks its command on the server (nothing popped),
//! and timeouts come from the command's own argument.

mod common;
mod support;

use std::time::{Duration, Instant};

use common::TestServer;
use support::{config, wait_until};
use valkite::{cmd, Client, Error};

/// How many of the server's clients are blocked (INFO clients).
fn blocked(server: &TestServer) -> u64 {
    support::info_field(server, "clients", "blocked_clients")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_pop_holds_up_nothing_and_dropping_it_unblocks() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client =
        Client::connect(config(&server).with_request_timeout(Some(Duration::from_millis(200))))
            .await
            .expect("connect");

    // BLPOP 0 waits for ever; meanwhile GET on the same client is answered.
    let c = client.clone();
    let blpop = tokio::spawn(async move { c.send(cmd(["BLPOP", "q", "0"])).await });
    wait_until(Duration::from_secs(5), "BLPOP to block", || {
        blocked(&server) == 1
    })
    .await;
    for i in 0..100 {
        let k = format!("k{i}");
        client.send(cmd(["SET", &k, "v"])).await.expect("SET");
        let v = client.send(cmd(["GET", &k])).await.expect("GET");
        assert_eq!(support::text(&v), "v");
    }
    assert_eq!(client.blocking_connections(), 1);

    // Dropping the future (here: aborting its task) unblocks the command on the server.
    blpop.abort();
    let _ = blpop.await;
    wait_until(Duration::from_secs(5), "the BLPOP to be unblocked", || {
        blocked(&server) == 0
    })
    .await;
    client
        .send(cmd(["RPUSH", "q", "kept"]))
        .await
        .expect("RPUSH");
    let n = client.send(cmd(["LLEN", "q"])).await.expect("LLEN");
    assert_eq!(
        n,
        valkite::Value::Integer(1),
        "the element must stay in the list"
    );

    // The connection came back clean and is reused.
    let v = client.send(cmd(["BLPOP", "q", "1"])).await.expect("BLPOP");
    assert_eq!(
        v,
        valkite::Value::Array(vec![
            valkite::Value::BulkString("q".into()),
            valkite::Value::BulkString("kept".into())
        ])
    );
    assert_eq!(client.blocking_connections(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commands_own_timeout_governs_it() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client =
        Client::connect(config(&server).with_request_timeout(Some(Duration::from_millis(100))))
            .await
            .expect("connect");
    let start = Instant::now();
    let v = client
        .send(cmd(["BZPOPMIN", "z", "0.4"]))
        .await
        .expect("BZPOPMIN outlives the request timeout");
    assert!(v.is_nil());
    assert!(start.elapsed() >= Duration::from_millis(400));
    for bad in [["BLPOP", "q", "-1"], ["BLPOP", "q", "soon"]] {
        match client.send(cmd(bad)).await {
            Err(Error::InvalidRequest(m)) => assert!(m.contains("timeout"), "{m}"),
            other => panic!("{bad:?} gave {other:?}"),
        }
    }
    assert_eq!(
        support::command_calls(&server, "blpop"),
        0,
        "refused before sending"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connection_limit_queues_callers_within_their_deadline() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client =
        Client::connect(config(&server).with_blocking_connections(1, Duration::from_secs(30)))
            .await
            .expect("connect");
    // The one blocking connection is taken by a pop that waits for ever.
    let c = client.clone();
    let first = tokio::spawn(async move { c.send(cmd(["BLPOP", "a", "0"])).await });
    wait_until(Duration::from_secs(5), "the first BLPOP to block", || {
        blocked(&server) == 1
    })
    .await;
    // A second one waits in line, and gives up at its deadline (0.2 s + 0.5 s) having
    // sent nothing.
    let start = Instant::now();
    match client.send(cmd(["BLPOP", "b", "0.2"])).await {
        Err(Error::Timeout) => {}
        other => panic!("queued BLPOP gave {other:?}"),
    }
    assert!(start.elapsed() >= Duration::from_millis(700));
    assert_eq!(client.blocking_connections(), 1);
    // A third waits in line until the first is released, then runs on its connection.
    let c = client.clone();
    let third = tokio::spawn(async move { c.send(cmd(["BLPOP", "c", "5"])).await });
    client
        .send(cmd(["RPUSH", "a", "1"]))
        .await
        .expect("RPUSH a");
    assert!(first.await.expect("first").is_ok());
    wait_until(Duration::from_secs(5), "the third BLPOP to block", || {
        blocked(&server) == 1
    })
    .await;
    client
        .send(cmd(["RPUSH", "c", "3"]))
        .await
        .expect("RPUSH c");
    let v = third.await.expect("third").expect("BLPOP c");
    assert!(!v.is_nil());
    assert_eq!(client.blocking_connections(), 1);
}
