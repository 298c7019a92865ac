//! A peer that sends garbage harms only its own connection: while one client's server
//! (a fake one — a real server cannot be made to send garbage) answers with a malformed
//! frame, another client on the same runtime keeps getting exactly its own replies from
//! a real server, before, during and after; the faulty connection's requests fail with a
//! protocol error and its client reconnects.

mod common;
mod support;

use std::io::Write;
use std::time::{Duration, Instant};

use common::TestServer;
use support::{config, serve_standard, FakeServer};
use valkite::{cmd, BackoffStrategy, Client, ClientConfig, Error};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_on_one_connection_leaves_the_others_alone() {
    // The fake's first connection answers every GET with a bulk longer than announced.
    let fake = FakeServer::start(|idx, stream| {
        serve_standard(stream, move |_cmd, w| {
            w.write_all(if idx == 0 {
                b"$3\r\nabcdef\r\n"
            } else {
                b"$5\r\nvalue\r\n"
            })?;
            Ok(true)
        })
    });
    let faulty = Client::connect(
        ClientConfig::new(vec![fake.address()])
            .with_heartbeat(None)
            .with_request_timeout(Some(Duration::from_secs(3)))
            .with_reconnect(BackoffStrategy {
                retries: 2,
                factor_ms: 10,
                exponent_base: 2,
                jitter_percent: 0,
            }),
    )
    .await
    .expect("connect to the fake");
    let real = TestServer::start_valkey(&[]);
    let healthy = Client::connect(config(&real)).await.expect("connect");

    // The healthy client's traffic runs throughout, each reply checked.
    let traffic = {
        let c = healthy.clone();
        tokio::spawn(async move {
            let mut n = 0u32;
            let until = Instant::now() + Duration::from_millis(600);
            while Instant::now() < until {
                let msg = format!("m{n}");
                let got = c
                    .send(cmd(["ECHO", msg.as_str()]))
                    .await
                    .expect("healthy ECHO");
                assert_eq!(got.as_str(), Some(msg.as_str()), "a reply went astray");
                n += 1;
            }
            n
        })
    };
    let mut protocol_errors = 0;
    for _ in 0..5 {
        match faulty.send(cmd(["GET", "k"])).await {
            Err(Error::Protocol(_)) => protocol_errors += 1,
            Ok(v) => assert_eq!(v.as_str(), Some("value"), "a reply went astray"),
            Err(Error::Disconnect(_)) | Err(Error::Connection(_)) => {} // reconnecting
            Err(e) => panic!("unexpected error from the faulty connection: {e}"),
        }
    }
    assert!(protocol_errors >= 1, "the garbage was not reported");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match faulty.send(cmd(["GET", "k"])).await {
            Ok(v) => {
                assert_eq!(v.as_str(), Some("value"));
                break;
            }
            Err(e) => assert!(Instant::now() < deadline, "no recovery: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(fake.accepted() >= 2, "the faulty client did not reconnect");
    let n = traffic.await.expect("healthy traffic");
    assert!(n > 0);
    assert_eq!(healthy.inflight(), 0);
}
