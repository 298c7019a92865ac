//! The in-flight limit: past it, requests fail at once with `InflightLimit` instead of
//! queueing without bound; slots come back as requests complete.

mod common;
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::TestServer;
use support::{config, raw, wait_until, Outcome, RecordingSink};
use valkite::{cmd, Client, Error, RawRequest, RequestTimeout, Route, Value};

const LIMIT: usize = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_past_the_limit_fail_fast_until_slots_free_up() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let sink = Arc::new(RecordingSink::default());
    let client = Client::connect_with_sink(
        config(&server)
            .with_inflight_limit(LIMIT)
            .with_request_timeout(Some(Duration::from_secs(5))),
        sink.clone(),
    )
    .await
    .expect("connect");

    // Fill every slot with BLPOPs that wait on the server until the test pushes.
    let blocked: Vec<_> = (0..LIMIT)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.send(cmd(["BLPOP", "queue", "10"])).await })
        })
        .collect();
    wait_until(Duration::from_secs(5), "all slots taken", || {
        client.inflight() == LIMIT
    })
    .await;

    for i in 0..20 {
        let started = Instant::now();
        match client.send(cmd(["PING"])).await {
            Err(Error::InflightLimit(n)) => assert_eq!(n, LIMIT),
            other => panic!("request {i} past the limit gave {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_millis(50),
            "not fast: {:?}",
            started.elapsed()
        );
    }
    // The embedder path hits the same limit, and each token still gets its completion.
    let ping = raw(["PING"]);
    client.submit_raw((100..110).map(|token| RawRequest {
        command: &ping,
        token,
        timeout: RequestTimeout::Default,
        route: Route::Default,
        retry: valkite::RetryPolicy::ALL,
    }));
    sink.wait_total(10, Duration::from_secs(2)).await;
    for token in 100..110 {
        assert!(matches!(
            sink.only(token),
            Outcome::Failed(Error::InflightLimit(LIMIT))
        ));
    }
    assert_eq!(client.inflight(), LIMIT, "rejected requests took slots");

    // Release them: one push per waiter.
    assert_eq!(
        server.command(&["RPUSH", "queue", "a", "b", "c", "d", "e"]),
        b":5\r\n"
    );
    for b in blocked {
        match b.await.expect("BLPOP task") {
            Ok(Value::Array(kv)) => assert_eq!(kv.len(), 2),
            other => panic!("BLPOP gave {other:?}"),
        }
    }
    wait_until(Duration::from_secs(2), "slots to come back", || {
        client.inflight() == 0
    })
    .await;

    // Everything works again, up to the limit at once.
    let tasks: Vec<_> = (0..LIMIT)
        .map(|i| {
            let c = client.clone();
            tokio::spawn(async move {
                let p = format!("after-{i}");
                let v = c
                    .send(cmd(["ECHO", p.as_str()]))
                    .await
                    .expect("ECHO after release");
                assert_eq!(v.as_str(), Some(p.as_str()));
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("echo task");
    }
}

/// Timed-out requests give their slot back when they time out (their reply, if it
/// comes, is dropped), so a stalled server does not lock the client out for longer than
/// the request timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timed_out_requests_free_their_slots() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client = Client::connect(
        config(&server)
            .with_inflight_limit(2)
            .with_request_timeout(Some(Duration::from_millis(100))),
    )
    .await
    .expect("connect");
    let (a, b) = tokio::join!(
        client.send(cmd(["DEBUG", "SLEEP", "0.3"])),
        client.send(cmd(["PING"]))
    );
    assert!(matches!(a, Err(Error::Timeout)));
    assert!(matches!(b, Err(Error::Timeout)));
    // (Polled: the slot is given back just after the caller is woken; see
    // a_completed_request_has_given_its_slot_back for that order.)
    wait_until(Duration::from_secs(1), "slots back", || {
        client.inflight() == 0
    })
    .await;
    // While the server may still sleep, new requests get slots (whatever their fate).
    let c = client.send(cmd(["PING"])).await;
    assert!(matches!(c, Ok(_) | Err(Error::Timeout)), "{c:?}");
    support::wait_for_ping(&client, Duration::from_secs(2)).await;
}

/// A caller that has its reply holds no slot any more: with a limit of one, strictly
/// sequential requests must never be refused. (A slot given back only after the reply
/// was handed over lets the woken caller, on another worker thread, find it still taken.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_completed_request_has_given_its_slot_back() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client = Client::connect(
        config(&server)
            .with_inflight_limit(1)
            .with_request_timeout(Some(Duration::from_secs(2))),
    )
    .await
    .expect("connect");
    let mut refused = 0;
    let mut busy_after_reply = 0;
    for _ in 0..3000 {
        match client.send(cmd(["PING"])).await {
            Ok(_) => {}
            Err(Error::InflightLimit(_)) => refused += 1,
            Err(e) => panic!("PING: {e}"),
        }
        if client.inflight() != 0 {
            busy_after_reply += 1;
        }
    }
    assert_eq!(
        (refused, busy_after_reply),
        (0, 0),
        "sequential requests refused / slot still held after the reply"
    );
}
