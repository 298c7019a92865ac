//! Request timeouts on a multiplexed connection: a request that times out keeps its place
//! in the reply order, so its late reply is dropped instead of being handed to whoever
//! asked next (the classic desync of pipelined clients). `DEBUG SLEEP` stalls the whole
//! server, which times out the sleeper and much of the traffic around it; every reply
//! that does arrive must still be the one its request asked for.

mod common;
mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::TestServer;
use support::{bulk, config, raw, Outcome, RecordingSink};
use valkite::{cmd, Client, Error, RawRequest, RequestTimeout, Route, Value};

const TASKS: usize = 16;
const SLEEPS: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timed_out_requests_keep_their_place_in_the_order() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client =
        Client::connect(config(&server).with_request_timeout(Some(Duration::from_millis(100))))
            .await
            .expect("connect");

    let sleeper_done = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for t in 0..TASKS {
        let client = client.clone();
        let done = sleeper_done.clone();
        workers.push(tokio::spawn(async move {
            let (mut ok, mut timeouts, mut incrs) = (0usize, 0usize, 0i64);
            let mut last_count = 0i64;
            let key = format!("k{t}");
            let counter = format!("c{t}");
            let mut j = 0usize;
            // Run through the sleeps, and at least a few rounds in any case.
            while !done.load(Ordering::SeqCst) || j < 10 {
                let value = format!("v{t}-{j}");
                let echo = format!("echo-{t}-{j}");
                let replies = [
                    client
                        .send(cmd(["SET", key.as_str(), value.as_str()]))
                        .await,
                    client.send(cmd(["GET", key.as_str()])).await,
                    client.send(cmd(["INCR", counter.as_str()])).await,
                    client.send(cmd(["ECHO", echo.as_str()])).await,
                ];
                incrs += 1;
                for (i, r) in replies.into_iter().enumerate() {
                    match r {
                        Ok(v) => {
                            ok += 1;
                            match i {
                                0 => assert_eq!(v, Value::SimpleString("OK".into()), "SET"),
                                // The SET before it ran first (same connection, even if
                                // it timed out), so the GET sees this round's value.
                                1 => assert_eq!(v.as_str(), Some(value.as_str()), "GET {key}"),
                                2 => {
                                    let n = v.as_int().expect("INCR reply is an integer");
                                    assert!(
                                        n > last_count && n <= incrs,
                                        "INCR {counter}: {n} after {last_count}, {incrs} sent"
                                    );
                                    last_count = n;
                                }
                                _ => assert_eq!(v.as_str(), Some(echo.as_str()), "ECHO"),
                            }
                        }
                        Err(Error::Timeout) => timeouts += 1,
                        Err(e) => panic!("unexpected error: {e}"),
                    }
                }
                j += 1;
            }
            (ok, timeouts, incrs)
        }));
    }

    // The sleeper: each DEBUG SLEEP times out; wait for the server to answer again
    // before the next one so the traffic gets both stalled and normal phases.
    let mut sleeps_timed_out = 0;
    for _ in 0..SLEEPS {
        let started = Instant::now();
        match client.send(cmd(["DEBUG", "SLEEP", "0.3"])).await {
            Err(Error::Timeout) => sleeps_timed_out += 1,
            other => panic!("DEBUG SLEEP 0.3 with a 100 ms timeout gave {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_millis(290),
            "the timeout did not fire before the reply"
        );
        let deadline = Instant::now() + Duration::from_secs(5);
        while client.send(cmd(["PING"])).await.is_err() {
            assert!(
                Instant::now() < deadline,
                "server did not come back after DEBUG SLEEP"
            );
        }
    }
    sleeper_done.store(true, Ordering::SeqCst);

    let (mut ok, mut timeouts) = (0, 0);
    let mut sent_incrs = Vec::new();
    for w in workers {
        let (o, t, i) = w.await.expect("worker panicked");
        ok += o;
        timeouts += t;
        sent_incrs.push(i);
    }
    assert_eq!(sleeps_timed_out, SLEEPS);
    assert!(
        timeouts > 0,
        "no traffic timed out: the test did not stall anything"
    );
    assert!(ok >= 300, "only {ok} replies arrived");

    // Quiet now: every counter equals the INCRs sent, timed out or not: each timed-out
    // request still ran exactly once, and was neither dropped nor resent.
    let client =
        Client::connect(config(&server).with_request_timeout(Some(Duration::from_secs(5))))
            .await
            .expect("second client");
    for (t, sent) in sent_incrs.iter().enumerate() {
        let v = client
            .send(cmd(["GET", format!("c{t}").as_str()]))
            .await
            .expect("GET counter");
        assert_eq!(v.as_str(), Some(sent.to_string().as_str()), "counter c{t}");
    }
    eprintln!("{ok} replies checked, {timeouts} timeouts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timed_out_raw_requests_keep_their_place_in_the_order() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let sink = Arc::new(RecordingSink::default());
    let client = Client::connect_with_sink(
        config(&server).with_request_timeout(Some(Duration::from_millis(100))),
        sink.clone(),
    )
    .await
    .expect("connect");

    // Each round: echoes, a sleep, echoes after it (which time out while the server
    // sleeps unless they carry no timeout), all in one submission.
    let mut expected: Vec<(u64, Option<String>, RequestTimeout)> = Vec::new();
    let mut token = 0u64;
    let mut total = 0;
    for round in 0..12 {
        let mut cmds: Vec<(u64, Vec<u8>, Option<String>, RequestTimeout)> = Vec::new();
        for i in 0..25 {
            if i == 10 && round % 3 == 0 {
                cmds.push((
                    token,
                    raw(["DEBUG", "SLEEP", "0.3"]),
                    None,
                    RequestTimeout::Default,
                ));
            } else {
                let p = format!("payload-{round}-{i}-{}", "x".repeat(i * 7));
                // A few requests opt out of the timeout: they must wait out the sleep
                // and still get their own reply.
                let t = if i == 20 {
                    RequestTimeout::Never
                } else {
                    RequestTimeout::Default
                };
                cmds.push((token, raw(["ECHO", p.as_str()]), Some(p), t));
            }
            token += 1;
        }
        client.submit_raw(cmds.iter().map(|(tok, c, _, t)| RawRequest {
            command: c,
            token: *tok,
            timeout: *t,
            route: Route::Default,
            retry: valkite::RetryPolicy::ALL,
        }));
        total += cmds.len();
        sink.wait_total(total, Duration::from_secs(10)).await;
        expected.extend(cmds.into_iter().map(|(tok, _, p, t)| (tok, p, t)));
    }

    let (mut ok, mut timeouts) = (0, 0);
    for (tok, payload, t) in &expected {
        match (sink.only(*tok), payload) {
            (Outcome::Frame(f), Some(p)) => {
                assert_eq!(f, bulk(p), "token {tok} got another request's reply");
                ok += 1;
            }
            (Outcome::Failed(Error::Timeout), None) => timeouts += 1,
            (Outcome::Failed(Error::Timeout), Some(_)) => {
                assert_ne!(*t, RequestTimeout::Never, "token {tok} had no timeout");
                timeouts += 1;
            }
            (other, _) => panic!("token {tok}: unexpected {other:?}"),
        }
    }
    assert!(timeouts >= 4, "the sleeps did not time out");
    assert!(ok >= 150, "only {ok} echoes arrived");
    // The Never requests waited out every sleep.
    for (tok, _, t) in &expected {
        if *t == RequestTimeout::Never {
            assert!(matches!(sink.only(*tok), Outcome::Frame(_)));
        }
    }
    assert!(sink.flushes() > 0, "the sink was never flushed");
    let drained = Instant::now() + Duration::from_secs(5);
    while client.inflight() != 0 {
        assert!(
            Instant::now() < drained,
            "in-flight count stuck at {}",
            client.inflight()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_request_timeout_waits_as_long_as_it_takes() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);

    let patient = Client::connect(config(&server).with_request_timeout(None))
        .await
        .expect("connect");
    let started = Instant::now();
    let v = patient.send(cmd(["DEBUG", "SLEEP", "0.3"])).await;
    assert_eq!(
        v.expect("DEBUG SLEEP without a timeout"),
        Value::SimpleString("OK".into())
    );
    assert!(started.elapsed() >= Duration::from_millis(300));

    // The contrast: the default timeout (250 ms) does fire on the same command.
    let hasty = Client::connect(config(&server)).await.expect("connect");
    let started = Instant::now();
    assert!(matches!(
        hasty.send(cmd(["DEBUG", "SLEEP", "0.3"])).await,
        Err(Error::Timeout)
    ));
    assert!(started.elapsed() < Duration::from_millis(300));

    // Zero is not "none" in this API: it is refused before connecting, pointing at None.
    match Client::connect(config(&server).with_request_timeout(Some(Duration::ZERO))).await {
        Err(Error::Configuration(m)) => assert!(m.contains("None"), "{m}"),
        Err(e) => panic!("expected a configuration error, got {e}"),
        Ok(_) => panic!("expected a configuration error, got a client"),
    }
}
