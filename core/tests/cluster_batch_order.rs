//! A non-atomic batch (a pipeline) keeps its order per node across a lost connection:
//! while the node is unreachable, each of its commands fails fast, never sent, and is
//! retried; the retries must leave in the order the commands were submitted.
//!
//! The test keeps one primary unreachable for a while: it lowers the node's
//! `maxclients` and kills the client's connections, so reconnection attempts are
//! refused while the cluster itself stays healthy. A pipeline of APPENDs and INCRs
//! submitted meanwhile must, once the node takes clients again, have run in order:
//! the INCR replies count up one by one and the appended string lists the commands in
//! submission order.

mod cluster_util;
mod common;

use std::sync::Arc;
use std::time::Duration;

use cluster_util::{key_in_slot, resp, Got, Opts, RecordingSink, TestCluster};
use valkite::{
    cmd, BackoffStrategy, Client, ClientConfig, ClusterClient, ClusterConfig, Error, RawRequest,
    RequestTimeout, RetryPolicy, Route, Value,
};

/// What a pipeline record carries: retries of what was sent are off (the Go
/// pipeline's default), and the record belongs to a batch.
const PIPELINE: RetryPolicy = RetryPolicy {
    server_errors: false,
    connection_errors: false,
    in_batch: true,
    span: 0,
};

fn frame_of(got: &[Got]) -> String {
    match got {
        [Got::Frame(f)] => String::from_utf8_lossy(f).into_owned(),
        other => panic!("expected one reply frame, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipeline_keeps_its_order_while_a_node_reconnects() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 0, Opts::default());
    let slot = 4242;
    let text_key = key_in_slot(slot, "order-text");
    let count_key = key_in_slot(slot, "order-count");
    let owner = c.owner(0, slot).expect("an owner for the slot");

    let sink = Arc::new(RecordingSink::default());
    let mut cfg = ClusterConfig::new(vec![c.seed()]);
    cfg.max_retries = 10_000;
    cfg.client = cfg
        .client
        .with_request_timeout(Some(Duration::from_millis(300)))
        .with_reconnect(BackoffStrategy {
            retries: 2,
            factor_ms: 5,
            exponent_base: 2,
            jitter_percent: 20,
        });
    let client = ClusterClient::connect_with_sink(cfg, sink.clone())
        .await
        .expect("connect");
    // The node's data connection is up.
    assert_eq!(
        client.send(cmd(["SET", &text_key, ""])).await.unwrap(),
        Value::SimpleString("OK".into())
    );

    // One connection to the node that outlives the refusal, to lift it again.
    let admin = Client::connect(
        ClientConfig::new(vec![valkite::Address::new("127.0.0.1", owner)]).with_heartbeat(None),
    )
    .await
    .expect("admin connection");
    let admin_cmd = |args: &'static [&'static str]| {
        let admin = &admin;
        async move { admin.send(cmd(args.iter().copied())).await }
    };
    admin_cmd(&["CONFIG", "SET", "maxclients", "1"])
        .await
        .expect("lower maxclients");
    admin_cmd(&["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"])
        .await
        .expect("kill the client's connections");

    // Wait until the client knows the node is unreachable: a request to it then ends
    // in `Disconnect` (failed fast and retried until its timeout).
    let until = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        match client
            .send_routed(
                cmd(["GET", &text_key]),
                Route::SlotKey {
                    key: text_key.as_bytes(),
                    replica: false,
                },
            )
            .await
        {
            Err(Error::Disconnect(_)) => break,
            _ => assert!(
                tokio::time::Instant::now() < until,
                "the client never saw the node as unreachable"
            ),
        }
    }

    // The pipeline, submitted in chunks as the Go client does.
    const N: usize = 120;
    let cmds: Vec<Vec<u8>> = (0..N)
        .map(|i| {
            if i % 2 == 0 {
                resp(&["APPEND", &text_key, &format!("{i},")])
            } else {
                resp(&["INCR", &count_key])
            }
        })
        .collect();
    let retries_before = client.stats().retries;
    for (chunk_no, chunk) in cmds.chunks(32).enumerate() {
        client.submit_raw(chunk.iter().enumerate().map(|(j, c)| RawRequest {
            command: c,
            token: (chunk_no * 32 + j) as u64,
            timeout: RequestTimeout::After(Duration::from_secs(20)),
            route: Route::Default,
            retry: PIPELINE,
        }));
    }
    // Every command failed fast and waits for its retry; let them go round a few
    // times before the node takes clients again.
    let until = tokio::time::Instant::now() + Duration::from_secs(10);
    while client.stats().retries < retries_before + 3 * N as u64 {
        assert!(
            tokio::time::Instant::now() < until,
            "the pipeline's commands were not retried: {:?}",
            client.stats()
        );
        assert_eq!(
            sink.count(),
            0,
            "a command completed while the node refused clients"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    admin_cmd(&["CONFIG", "SET", "maxclients", "10000"])
        .await
        .expect("restore maxclients");

    sink.wait_for(N, Duration::from_secs(20)).await;
    let got = sink.got.lock().unwrap().clone();
    let mut expected_text = String::new();
    let mut expected_count = 0;
    for i in 0..N {
        let reply = frame_of(&got[&(i as u64)]);
        if i % 2 == 0 {
            expected_text.push_str(&format!("{i},"));
            assert_eq!(
                reply,
                format!(":{}\r\n", expected_text.len()),
                "APPEND #{i} ran out of order"
            );
        } else {
            expected_count += 1;
            assert_eq!(
                reply,
                format!(":{expected_count}\r\n"),
                "INCR #{i} ran out of order"
            );
        }
    }
    let text = client.send(cmd(["GET", &text_key])).await.unwrap();
    assert_eq!(text.as_str(), Some(expected_text.as_str()));
    client.close();
}
