//! The embedder path (`connect_with_sink` + `submit_raw`): every token gets exactly one
//! completion whatever happens to it — a reply, an invalid command, the in-flight limit,
//! a timeout, a lost connection, a closed client — and the in-flight count always comes
//! back to zero, so a bad request cannot cost the client its capacity.

mod common;
mod support;

use std::sync::Arc;
use std::time::Duration;

use common::TestServer;
use support::{bulk, config, raw, wait_until, Outcome, RecordingSink};
use valkite::{cmd, Client, Error, RawRequest, RequestTimeout, Route};

fn req(command: &[u8], token: u64) -> RawRequest<'_> {
    RawRequest {
        command,
        token,
        timeout: RequestTimeout::Default,
        route: Route::Default,
        retry: valkite::RetryPolicy::ALL,
    }
}

fn assert_invalid(sink: &RecordingSink, token: u64) {
    match sink.only(token) {
        Outcome::Failed(Error::InvalidRequest(_)) => {}
        other => panic!("token {token}: expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_commands_complete_once_and_cost_no_capacity() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let sink = Arc::new(RecordingSink::default());
    let client = Client::connect_with_sink(config(&server).with_inflight_limit(10), sink.clone())
        .await
        .expect("connect");

    let ping = raw(["PING"]);
    let invalid: [&[u8]; 5] = [
        b"*0\r\n",                 // empty array
        b"hello world\r\n",        // not RESP
        b"*1\r\n$4\r\nPI",         // truncated
        b"*1\r\n:4\r\n",           // not a bulk string
        b"*1\r\n$4\r\nPING\r\nxx", // trailing bytes
    ];
    let mut batch = vec![req(&ping, 0)];
    batch.extend(
        invalid
            .iter()
            .enumerate()
            .map(|(i, c)| req(c, 1 + i as u64)),
    );
    batch.push(req(&ping, 9));
    client.submit_raw(batch);
    sink.wait_total(7, Duration::from_secs(2)).await;
    for t in [0, 9] {
        let o = sink.only(t);
        assert!(
            matches!(&o, Outcome::Frame(f) if f == b"+PONG\r\n"),
            "token {t}: {o:?}"
        );
    }
    for t in 1..=invalid.len() as u64 {
        assert_invalid(&sink, t);
    }

    // Rejected requests never held a slot, so none may be given back for them.
    wait_until(Duration::from_secs(2), "in-flight back to 0", || {
        client.inflight() == 0
    })
    .await;
    let v = client
        .send(cmd(["PING"]))
        .await
        .expect("PING after invalid raw requests");
    assert_eq!(v.as_str(), Some("PONG"));
    // And the full limit is still available.
    let echo: Vec<Vec<u8>> = (0..10).map(|i| raw(["ECHO", &format!("e{i}")])).collect();
    client.submit_raw(echo.iter().enumerate().map(|(i, c)| req(c, 100 + i as u64)));
    sink.wait_total(17, Duration::from_secs(2)).await;
    for i in 0..10u64 {
        match sink.only(100 + i) {
            Outcome::Frame(f) => assert_eq!(f, bulk(&format!("e{i}"))),
            other => panic!("echo {i}: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_token_completes_exactly_once_whatever_happens() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let sink = Arc::new(RecordingSink::default());
    let client = Client::connect_with_sink(
        config(&server)
            .with_inflight_limit(4)
            .with_request_timeout(Some(Duration::from_millis(200)))
            .with_reconnect(support::fast_backoff()),
        sink.clone(),
    )
    .await
    .expect("connect");
    let mut expected = 0;

    // In-flight limit 4: three blocking pops hold three slots; of five PINGs after them
    // one fits and four are refused.
    let blpop = raw(["BLPOP", "q", "5"]);
    let ping = raw(["PING"]);
    let mut batch: Vec<RawRequest> = (0..3).map(|t| req(&blpop, t)).collect();
    batch.extend((10..15).map(|t| req(&ping, t)));
    client.submit_raw(batch);
    expected += 4; // the refused PINGs complete at once
    sink.wait_total(expected, Duration::from_secs(2)).await;
    let refused = (10..15)
        .filter(|t| matches!(sink.counts().get(t), Some(1)))
        .inspect(|t| {
            assert!(matches!(
                sink.only(*t),
                Outcome::Failed(Error::InflightLimit(4))
            ))
        })
        .count();
    assert_eq!(refused, 4);
    assert_eq!(client.inflight(), 4);

    // The pops wait on blocking connections of their own, so the PING that fit is
    // answered at once rather than queued behind them.
    wait_until(Duration::from_secs(5), "the pops to block", || {
        support::info_field(&server, "clients", "blocked_clients").as_deref() == Some("3")
    })
    .await;
    expected += 1;
    sink.wait_total(expected, Duration::from_secs(2)).await;

    // Lost connections (the main one and the three blocking ones): the pops fail,
    // once each.
    assert_eq!(
        server.command(&["CLIENT", "KILL", "TYPE", "normal"]),
        b":4\r\n"
    );
    expected += 3;
    sink.wait_total(expected, Duration::from_secs(2)).await;
    for t in (0..3).chain(10..15) {
        match sink.only(t) {
            Outcome::Failed(e) => assert!(
                e.is_connection_error() || matches!(e, Error::InflightLimit(_)),
                "token {t}: {e}"
            ),
            Outcome::Frame(f) if t >= 10 => assert_eq!(f, b"+PONG\r\n".to_vec(), "token {t}"),
            _ => panic!("token {t} got a reply from a killed connection"),
        }
    }
    wait_until(Duration::from_secs(2), "slots back", || {
        client.inflight() == 0
    })
    .await;

    // Timeouts complete once, and the late reply is not delivered a second time.
    support::wait_for_ping(&client, Duration::from_secs(5)).await;
    let sleep = raw(["DEBUG", "SLEEP", "0.3"]);
    let echo = raw(["ECHO", "after-sleep"]);
    client.submit_raw([req(&sleep, 20), req(&echo, 21)]);
    expected += 2;
    sink.wait_total(expected, Duration::from_secs(2)).await;
    assert!(matches!(sink.only(20), Outcome::Failed(Error::Timeout)));
    assert!(matches!(sink.only(21), Outcome::Failed(Error::Timeout)));
    let marker = raw(["ECHO", "marker"]);
    client.submit_raw([req(&marker, 22)]);
    expected += 1;
    sink.wait_total(expected, Duration::from_secs(2)).await;
    assert!(matches!(sink.only(22), Outcome::Frame(f) if f == bulk("marker")));

    // Closed: a pending request and later ones complete with Closing.
    client.submit_raw([req(&blpop, 30)]);
    wait_until(Duration::from_secs(2), "BLPOP in flight", || {
        client.inflight() == 1
    })
    .await;
    client.close();
    expected += 1;
    sink.wait_total(expected, Duration::from_secs(2)).await;
    assert!(matches!(sink.only(30), Outcome::Failed(Error::Closing)));
    client.submit_raw([req(&ping, 31), req(&ping, 32), req(b"*0\r\n", 33)]);
    expected += 3;
    sink.wait_total(expected, Duration::from_secs(2)).await;
    assert!(matches!(sink.only(31), Outcome::Failed(Error::Closing)));
    assert!(matches!(sink.only(32), Outcome::Failed(Error::Closing)));
    assert!(matches!(sink.only(33), Outcome::Failed(_)));

    // Nothing arrived twice. (The late reply of the timed-out sleep came before the
    // marker's, on the same connection, so it has been dealt with by now.)
    assert_eq!(
        sink.total(),
        expected,
        "some token completed more than once"
    );
    assert!(
        sink.counts().values().all(|n| *n == 1),
        "{:?}",
        sink.counts()
    );
    assert!(sink.flushes() > 0);
    wait_until(
        Duration::from_secs(1),
        "in-flight count back to 0 after close",
        || client.inflight() == 0,
    )
    .await;
}
