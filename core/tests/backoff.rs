//! Reconnect attempts follow the configured backoff instead of hammering a server that
//! cannot take the connection.
//!
//! A refused connection leaves no trace anywhere a test could count, so the server here
//! is a fake (a std listener): its first connection completes the set-up and is then
//! dropped, and every later one is accepted and closed at once — a server that is up but
//! cannot serve, the case where a client without backoff spins hardest. Each accept is
//! timestamped. The delays are drawn uniformly in `[0, ceiling]` (then jittered), so only
//! their bounds are certain; the counts below leave wide margins on both sides.

mod common;
mod support;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{serve_standard, wait_until, FakeServer};
use valkite::{cmd, BackoffStrategy, Client, ClientConfig, Error};

/// Connection 0 serves until the test says "drop it"; the others are refused by closing.
fn flaky_server(drop_first: Arc<AtomicBool>) -> FakeServer {
    FakeServer::start(move |idx, stream| {
        if idx > 0 {
            return; // accepted, then closed: the handshake fails
        }
        let drop_first = drop_first.clone();
        serve_standard(stream, move |_cmd, w| {
            if drop_first.load(Ordering::SeqCst) {
                return Ok(false);
            }
            w.write_all(b"+OK\r\n").map(|_| true)
        });
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_attempts_are_spaced_by_the_backoff() {
    let drop_first = Arc::new(AtomicBool::new(false));
    let server = flaky_server(drop_first.clone());
    let backoff = BackoffStrategy {
        retries: 4,
        factor_ms: 50,
        exponent_base: 2,
        jitter_percent: 0,
    };
    let client = Client::connect(
        ClientConfig::new(vec![server.address()])
            .with_heartbeat(None)
            .with_reconnect(backoff),
    )
    .await
    .expect("connect");
    assert_eq!(
        client.send(cmd(["GET", "k"])).await.expect("GET").as_str(),
        Some("OK")
    );

    // The next command makes the server hang up; from then on every attempt fails.
    drop_first.store(true, Ordering::SeqCst);
    match client.send(cmd(["GET", "k"])).await {
        Err(e) if e.is_connection_error() => {}
        other => panic!("GET on a dropped connection gave {other:?}"),
    }
    let lost = Instant::now();
    let window = Duration::from_millis(1500);

    // Requests made meanwhile fail at once instead of waiting for a reconnect.
    while lost.elapsed() < window {
        let started = Instant::now();
        match client.send(cmd(["GET", "k"])).await {
            Err(Error::Disconnect(_)) | Err(Error::Connection(_)) => {}
            other => panic!("GET while reconnecting gave {other:?}"),
        }
        assert!(started.elapsed() < Duration::from_millis(50));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let attempts: Vec<Instant> = server
        .accept_times()
        .into_iter()
        .skip(1)
        .filter(|t| *t >= lost && t.duration_since(lost) < window)
        .collect();
    // Ceilings 50, 100, 200, 400, 800, 800 … ms: about 6 attempts are expected in 1.5 s
    // (mean delays 25, 50, 100, 200, 400 …). Without backoff the loop would reconnect
    // thousands of times.
    assert!(
        (2..=25).contains(&attempts.len()),
        "{} reconnect attempts in {window:?}",
        attempts.len()
    );
    // No gap can exceed the largest ceiling (plus scheduling slack).
    for pair in attempts.windows(2) {
        let gap = pair[1].duration_since(pair[0]);
        assert!(gap <= Duration::from_millis(800 + 150), "gap {gap:?}");
    }
    eprintln!(
        "{} attempts, gaps {:?}",
        attempts.len(),
        attempts
            .windows(2)
            .map(|p| p[1].duration_since(p[0]).as_millis())
            .collect::<Vec<_>>()
    );
    client.close();
}

/// The configured numbers are the ones used: with a 10 s factor the client makes its one
/// immediate attempt after the loss and then leaves the server alone. (Watching for the
/// absence of attempts needs a fixed window; the half second below is that window, not a
/// synchronisation.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_backoff_leaves_the_server_alone() {
    let drop_first = Arc::new(AtomicBool::new(false));
    let server = flaky_server(drop_first.clone());
    let client = Client::connect(
        ClientConfig::new(vec![server.address()])
            .with_heartbeat(None)
            .with_reconnect(BackoffStrategy {
                retries: 0,
                factor_ms: 10_000,
                exponent_base: 2,
                jitter_percent: 0,
            }),
    )
    .await
    .expect("connect");
    drop_first.store(true, Ordering::SeqCst);
    let _ = client.send(cmd(["GET", "k"])).await;
    let lost = Instant::now();
    // The first attempt after a loss is immediate; the next waits up to 10 s.
    wait_until(
        Duration::from_secs(2),
        "the immediate reconnect attempt",
        || server.accepted() >= 2,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let attempts = server.accepted() - 1;
    // A second attempt within 0.5 s has probability 5% under a uniform draw in [0, 10 s];
    // three or more would need two such draws in a row.
    assert!(
        attempts <= 2,
        "{attempts} attempts within {:?}",
        lost.elapsed()
    );
    client.close();
}
