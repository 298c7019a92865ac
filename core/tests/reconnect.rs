//! Losing the connection and getting it back: killed by the server (`CLIENT KILL`), and
//! the server restarting on the same port. Requests caught in the loss fail with a
//! connection error instead of hanging; requests made while the client is between
//! connections fail at once; the client reconnects by itself and restores its database
//! and client name.

mod common;
mod support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::TestServer;
use support::{config, fast_backoff, info_field, text, wait_for_ping, wait_until};
use valkite::{cmd, Client, Error, Value};

const NAME: &str = "valkite-reconnect";

fn client_id(v: Value) -> i64 {
    v.as_int().expect("CLIENT ID is an integer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_kill_fails_inflight_requests_and_restores_state() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client = Client::connect(
        config(&server)
            .with_client_name(NAME)
            .with_database(3)
            .with_request_timeout(Some(Duration::from_secs(2)))
            .with_reconnect(fast_backoff()),
    )
    .await
    .expect("connect");
    client
        .send(cmd(["SET", "marker", "in-db-3"]))
        .await
        .expect("SET");
    assert_eq!(
        info_field(&server, "keyspace", "db3")
            .as_deref()
            .map(|s| s.starts_with("keys=1")),
        Some(true),
        "the key went to db 3"
    );
    let id_before = client_id(client.send(cmd(["CLIENT", "ID"])).await.expect("CLIENT ID"));

    // Requests on the wire when the connection dies: a WAIT parked on the server (its own
    // timeout replaces the request timeout; with no replica it waits it out) and GETs
    // queued behind it. WAIT, unlike BLPOP, runs on the main connection: it waits for
    // that connection's writes to replicate.
    let blpop = {
        let c = client.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            (c.send(cmd(["WAIT", "1", "10000"])).await, started.elapsed())
        })
    };
    wait_until(Duration::from_secs(5), "WAIT to block", || {
        info_field(&server, "clients", "blocked_clients").as_deref() == Some("1")
    })
    .await;
    let behind: Vec<_> = (0..3)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.send(cmd(["GET", "marker"])).await })
        })
        .collect();
    wait_until(Duration::from_secs(5), "GETs to be in flight", || {
        client.inflight() >= 4
    })
    .await;

    let killed = server.command(&["CLIENT", "KILL", "TYPE", "normal"]);
    assert_eq!(killed, b":1\r\n", "exactly our client was killed");

    let (res, took) = blpop.await.expect("WAIT task");
    match res {
        Err(Error::Connection(_)) | Err(Error::Disconnect(_)) => {}
        other => panic!("WAIT on a killed connection gave {other:?}"),
    }
    assert!(
        took < Duration::from_secs(5),
        "WAIT hung for {took:?} after the kill"
    );
    for g in behind {
        match g.await.expect("GET task") {
            Err(e) if e.is_connection_error() => {}
            other => panic!("GET queued on a killed connection gave {other:?}"),
        }
    }

    wait_for_ping(&client, Duration::from_secs(5)).await;
    let id_after = client_id(client.send(cmd(["CLIENT", "ID"])).await.expect("CLIENT ID"));
    assert_ne!(id_before, id_after, "no new connection was made");
    let name = client
        .send(cmd(["CLIENT", "GETNAME"]))
        .await
        .expect("GETNAME");
    assert_eq!(text(&name), NAME, "client name restored");
    let marker = client.send(cmd(["GET", "marker"])).await.expect("GET");
    assert_eq!(marker.as_str(), Some("in-db-3"), "database restored");
    wait_until(Duration::from_secs(1), "slots back", || {
        client.inflight() == 0
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_kill_mid_traffic_only_costs_connection_errors() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client = Client::connect(
        config(&server)
            .with_request_timeout(Some(Duration::from_secs(2)))
            .with_reconnect(fast_backoff()),
    )
    .await
    .expect("connect");

    let stop = Arc::new(AtomicBool::new(false));
    let ok = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for t in 0..8 {
        let (client, stop, ok, failed) = (client.clone(), stop.clone(), ok.clone(), failed.clone());
        tasks.push(tokio::spawn(async move {
            let key = format!("key{t}");
            let mut j = 0u64;
            while !stop.load(Ordering::SeqCst) {
                let value = format!("{t}-{j}");
                j += 1;
                match client
                    .send(cmd(["SET", key.as_str(), value.as_str()]))
                    .await
                {
                    Ok(_) => {}
                    Err(e) if e.is_connection_error() => {
                        failed.fetch_add(1, Ordering::SeqCst);
                        continue;
                    }
                    Err(e) => panic!("SET failed with {e}"),
                }
                match client.send(cmd(["GET", key.as_str()])).await {
                    Ok(v) => {
                        assert_eq!(
                            v.as_str(),
                            Some(value.as_str()),
                            "GET {key} got another reply"
                        );
                        ok.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(e) if e.is_connection_error() => {
                        failed.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(e) => panic!("GET failed with {e}"),
                }
                if failed.load(Ordering::SeqCst) > 0 {
                    // While the client is down, don't spin on instant failures.
                    tokio::task::yield_now().await;
                }
            }
        }));
    }

    let mut ids = vec![client_id(
        client.send(cmd(["CLIENT", "ID"])).await.expect("CLIENT ID"),
    )];
    for round in 0..3 {
        let before = ok.load(Ordering::SeqCst);
        wait_until(Duration::from_secs(10), "traffic to flow", || {
            ok.load(Ordering::SeqCst) >= before + 200
        })
        .await;
        server.command(&["CLIENT", "KILL", "TYPE", "normal"]);
        wait_for_ping(&client, Duration::from_secs(5)).await;
        let id = client_id(client.send(cmd(["CLIENT", "ID"])).await.expect("CLIENT ID"));
        assert!(
            !ids.contains(&id),
            "round {round}: still on a killed connection"
        );
        ids.push(id);
    }
    let before = ok.load(Ordering::SeqCst);
    wait_until(
        Duration::from_secs(10),
        "traffic after the last kill",
        || ok.load(Ordering::SeqCst) >= before + 200,
    )
    .await;
    stop.store(true, Ordering::SeqCst);
    for t in tasks {
        t.await.expect("traffic task panicked");
    }
    eprintln!(
        "{} round trips, {} connection errors",
        ok.load(Ordering::SeqCst),
        failed.load(Ordering::SeqCst)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_restart_fails_fast_then_recovers() {
    if !common::require_tools() {
        return;
    }
    let mut server = TestServer::start_valkey(&[]);
    let request_timeout = Duration::from_secs(2);
    let client = Client::connect(
        config(&server)
            .with_client_name(NAME)
            .with_database(2)
            .with_request_timeout(Some(request_timeout))
            .with_reconnect(fast_backoff()),
    )
    .await
    .expect("connect");
    client.send(cmd(["SET", "k", "before"])).await.expect("SET");

    tokio::task::block_in_place(|| server.stop());
    let mut disconnects = 0;
    for i in 0..20 {
        let started = Instant::now();
        let res = client.send(cmd(["GET", "k"])).await;
        let took = started.elapsed();
        match res {
            Err(Error::Disconnect(_)) => disconnects += 1,
            Err(Error::Connection(_)) => {}
            other => panic!("request {i} while the server is down gave {other:?}"),
        }
        assert!(
            took < Duration::from_millis(200),
            "request {i} took {took:?} to fail (timeout {request_timeout:?})"
        );
    }
    assert!(disconnects > 0, "the client never noticed it was down");

    tokio::task::block_in_place(|| server.restart());
    wait_for_ping(&client, Duration::from_secs(5)).await;
    assert_eq!(
        client.send(cmd(["GET", "k"])).await.expect("GET"),
        Value::Nil,
        "the restarted server has no data"
    );
    client.send(cmd(["SET", "k", "after"])).await.expect("SET");
    assert_eq!(
        info_field(&server, "keyspace", "db2")
            .as_deref()
            .map(|s| s.starts_with("keys=1")),
        Some(true),
        "database 2 selected again on the new connection"
    );
    let name = client
        .send(cmd(["CLIENT", "GETNAME"]))
        .await
        .expect("GETNAME");
    assert_eq!(text(&name), NAME);
}
