//! What the client does with bytes a real server never sends. A real Valkey cannot be
//! made to emit garbage, a reply nobody asked for, or an absurd length, so these tests
//! talk to a fake server (a std listener in the test) that answers the connection set-up
//! properly and then misbehaves on cue. Each fault must fail the affected requests with a
//! clear error, close that connection (never panic, never hand one request's reply to
//! another), and leave the client able to reconnect.

mod common;
mod support;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use support::{ends_handshake, serve, serve_standard, standard_reply, wait_until, FakeServer};
use valkite::{cmd, BackoffStrategy, Client, ClientConfig, Error, Value};

fn fake_config(server: &FakeServer) -> ClientConfig {
    ClientConfig::new(vec![server.address()])
        .with_heartbeat(None)
        .with_request_timeout(Some(Duration::from_secs(3)))
        .with_reconnect(BackoffStrategy {
            retries: 2,
            factor_ms: 10,
            exponent_base: 2,
            jitter_percent: 0,
        })
}

/// GET answers `$5 value` everywhere except where a test scripts otherwise.
const VALUE: &[u8] = b"$5\r\nvalue\r\n";

/// Polls GET until it succeeds; every success must be the real value.
async fn wait_for_value(client: &Client) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match client.send(cmd(["GET", "k"])).await {
            Ok(v) => {
                assert_eq!(
                    v.as_str(),
                    Some("value"),
                    "a reply went to the wrong request"
                );
                return;
            }
            Err(e) => assert!(Instant::now() < deadline, "no recovery: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A fake server whose first connection answers GET with `fault`; later connections
/// behave.
fn faulty_first_connection(fault: &'static [u8]) -> FakeServer {
    FakeServer::start(move |idx, stream| {
        serve_standard(stream, move |_cmd, w| {
            w.write_all(if idx == 0 { fault } else { VALUE })?;
            Ok(true)
        })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_fails_pending_requests_and_the_client_reconnects() {
    let server = faulty_first_connection(b"?xyz\r\n");
    let client = Client::connect(fake_config(&server))
        .await
        .expect("connect");
    let started = Instant::now();
    match client.send(cmd(["GET", "k"])).await {
        Err(Error::Protocol(m)) => assert!(!m.is_empty()),
        other => panic!("garbage reply gave {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "the failure waited for a timeout"
    );
    wait_for_value(&client).await;
    assert!(server.accepted() >= 2, "no reconnection");
    wait_until(Duration::from_secs(1), "slots back", || {
        client.inflight() == 0
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_fails_every_request_queued_on_the_connection() {
    // The server collects ten GETs before answering, then sends one good reply and
    // garbage: the first request gets its value, the nine behind it the protocol error.
    let server = FakeServer::start(|idx, stream| {
        let mut seen = 0;
        serve_standard(stream, move |_cmd, w| {
            if idx > 0 {
                w.write_all(VALUE)?;
                return Ok(true);
            }
            seen += 1;
            if seen == 10 {
                w.write_all(VALUE)?;
                w.write_all(b"$3\r\nab\r\n:1\r\n")?; // a bulk longer than announced
            }
            Ok(true)
        })
    });
    let client = Client::connect(fake_config(&server))
        .await
        .expect("connect");
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.send(cmd(["GET", "k"])).await })
        })
        .collect();
    let (mut ok, mut protocol) = (0, 0);
    for t in tasks {
        match t.await.expect("task") {
            Ok(v) => {
                assert_eq!(v.as_str(), Some("value"));
                ok += 1;
            }
            Err(Error::Protocol(_)) => protocol += 1,
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!((ok, protocol), (1, 9));
    wait_for_value(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsolicited_reply_closes_the_connection() {
    // Connection 0 sends `+OK` right after the set-up, with nothing asked, then answers
    // GETs normally. The test sends nothing until the client has hung up on it: had the
    // client kept the connection, that stray `+OK` would have become the next GET's reply.
    let (closed_tx, closed_rx) = mpsc::channel::<bool>();
    let closed_tx = Arc::new(std::sync::Mutex::new(closed_tx));
    let server = FakeServer::start(move |idx, stream| {
        let closed_tx = closed_tx.clone();
        let mut probe = match stream.try_clone() {
            Ok(s) => s,
            Err(_) => return,
        };
        serve(stream, move |cmd, w| {
            if let Some(reply) = standard_reply(cmd) {
                w.write_all(reply)?;
                if idx == 0 && ends_handshake(cmd) {
                    // Let the client finish the set-up, then speak out of turn.
                    thread::sleep(Duration::from_millis(50));
                    w.write_all(b"+OK\r\n")?;
                    let closed = support::wait_for_peer_close(&mut probe);
                    let _ = closed_tx.lock().unwrap().send(closed);
                    return Ok(false);
                }
                return Ok(true);
            }
            w.write_all(VALUE).map(|_| true)
        })
    });
    let client = Client::connect(fake_config(&server))
        .await
        .expect("connect");
    let closed =
        tokio::task::spawn_blocking(move || closed_rx.recv_timeout(Duration::from_secs(5)))
            .await
            .expect("join");
    assert_eq!(
        closed,
        Ok(true),
        "the client kept a connection that sent an unsolicited reply"
    );
    wait_for_value(&client).await;
    assert!(server.accepted() >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_trickling_in_byte_by_byte_are_decoded() {
    // Nested RESP3 (map, array, double, null, big number, verbatim string), written one
    // byte per TCP segment with a pause between.
    const REPLY: &[u8] = b"%2\r\n$1\r\na\r\n*3\r\n,1.5\r\n_\r\n(123456789012345678901234567890\r\n$1\r\nb\r\n=9\r\ntxt:hello\r\n";
    let server = FakeServer::start(|_idx, stream| {
        serve_standard(stream, |cmd, w| {
            let reply: &[u8] = if cmd[0].eq_ignore_ascii_case(b"ECHO") {
                &cmd[1]
            } else {
                REPLY
            };
            let frame = if cmd[0].eq_ignore_ascii_case(b"ECHO") {
                let mut f = format!("${}\r\n", reply.len()).into_bytes();
                f.extend_from_slice(reply);
                f.extend_from_slice(b"\r\n");
                f
            } else {
                reply.to_vec()
            };
            for b in frame {
                w.write_all(&[b])?;
                w.flush()?;
                thread::sleep(Duration::from_millis(1));
            }
            Ok(true)
        })
    });
    let client = Client::connect(fake_config(&server))
        .await
        .expect("connect");
    let (a, b, c) = tokio::join!(
        client.send(cmd(["GET", "nested"])),
        client.send(cmd(["ECHO", "first"])),
        client.send(cmd(["ECHO", "second"])),
    );
    let a = a.expect("nested reply");
    let Value::Map(fields) = &a else {
        panic!("expected a map, got {a:?}")
    };
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0].0.as_str(), Some("a"));
    assert_eq!(
        fields[0].1,
        Value::Array(vec![
            Value::Double(1.5),
            Value::Nil,
            Value::BigNumber("123456789012345678901234567890".into())
        ])
    );
    assert_eq!(fields[1].0.as_str(), Some("b"));
    assert!(
        matches!(&fields[1].1, Value::VerbatimString { format, text } if format == "txt" && text == "hello"),
        "{:?}",
        fields[1].1
    );
    assert_eq!(b.expect("ECHO first").as_str(), Some("first"));
    assert_eq!(c.expect("ECHO second").as_str(), Some("second"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_absurd_bulk_length_is_a_protocol_error() {
    // 600 MB announced, nothing sent: the client must refuse the header, not wait for
    // (or allocate) the body.
    let server = faulty_first_connection(b"$600000000\r\n");
    let client = Client::connect(fake_config(&server))
        .await
        .expect("connect");
    let started = Instant::now();
    match client.send(cmd(["GET", "k"])).await {
        Err(Error::Protocol(_)) => {}
        other => panic!("a 600 MB bulk header gave {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(1));
    wait_for_value(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_hello_reply_fails_the_connect() {
    // HELLO answered with a plain string: not a server we can talk to.
    let server = FakeServer::start(|_idx, stream| {
        serve(stream, |_cmd, w| {
            w.write_all(b"+HELLO-YOURSELF\r\n").map(|_| true)
        })
    });
    match Client::connect(fake_config(&server)).await {
        Err(Error::Protocol(_)) | Err(Error::Connection(_)) => {}
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("connected through a nonsensical HELLO reply"),
    }
    // A server that accepts and never answers costs one connection timeout, no more.
    let silent_done = Arc::new(AtomicBool::new(false));
    let done = silent_done.clone();
    let silent = FakeServer::start(move |_idx, stream| {
        let mut s = stream;
        let _ = support::wait_for_peer_close(&mut s);
        done.store(true, Ordering::SeqCst);
    });
    let started = Instant::now();
    let res =
        Client::connect(fake_config(&silent).with_connection_timeout(Duration::from_millis(300)))
            .await;
    assert!(matches!(res, Err(Error::Connection(_))), "{:?}", res.err());
    assert!(started.elapsed() < Duration::from_secs(1));
    // The abandoned connection is closed, not leaked.
    wait_until(
        Duration::from_secs(2),
        "the timed-out connection to close",
        || silent_done.load(Ordering::SeqCst),
    )
    .await;
}
