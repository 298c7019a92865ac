//! A rough throughput comparison of the embedder path (`submit_raw` + sink) between the
//! standalone client and the cluster client on a one-shard cluster, so that the cost of
//! cluster routing (slot lookup, hook per request, redirect check) stays visible.
//! Not a benchmark suite: run by hand with
//! `cargo test --release -p valkite --test cluster_bench -- --ignored --nocapture`.

mod cluster_util;
mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cluster_util::{resp, Opts, TestCluster};
use valkite::{
    Address, Client, ClientConfig, ClusterClient, ClusterConfig, CompletionSink, Error, RawRequest,
    RequestTimeout, Route,
};

#[derive(Default)]
struct Counter {
    done: AtomicU64,
    errors: AtomicU64,
    notify: tokio::sync::Notify,
}

impl CompletionSink for Counter {
    fn complete(&self, _token: u64, result: Result<&[u8], &Error>) {
        if result.is_err() || result.is_ok_and(|f| f.first() == Some(&b'-')) {
            self.errors.fetch_add(1, Ordering::Relaxed);
        }
        self.done.fetch_add(1, Ordering::Relaxed);
    }
    fn flush(&self) {
        self.notify.notify_one();
    }
}

/// Pushes `total` SETs through `submit` in batches of `batch`, at most `window` in
/// flight; returns requests per second.
async fn drive(
    sink: &Counter,
    total: u64,
    batch: u64,
    window: u64,
    submit: impl Fn(&[Vec<u8>], u64),
) -> f64 {
    let cmds: Vec<Vec<u8>> = (0..batch)
        .map(|i| resp(&["SET", &format!("bench{i}"), "xxxxxxxxxxxxxxxx"]))
        .collect();
    let start = Instant::now();
    let mut sent = 0;
    while sent < total {
        while sent - sink.done.load(Ordering::Relaxed) + batch > window {
            let _ = tokio::time::timeout(Duration::from_millis(5), sink.notify.notified()).await;
        }
        submit(&cmds, sent);
        sent += batch;
    }
    while sink.done.load(Ordering::Relaxed) < sent {
        let _ = tokio::time::timeout(Duration::from_millis(5), sink.notify.notified()).await;
    }
    assert_eq!(sink.errors.load(Ordering::Relaxed), 0);
    sent as f64 / start.elapsed().as_secs_f64()
}

fn raw<'a>(cmds: &'a [Vec<u8>], base: u64) -> impl Iterator<Item = RawRequest<'a>> {
    cmds.iter().enumerate().map(move |(i, c)| RawRequest {
        command: c,
        token: base + i as u64,
        timeout: RequestTimeout::Default,
        route: Route::Default,
        retry: valkite::RetryPolicy::ALL,
    })
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "a benchmark, not a test: run it by hand with --ignored (see the module doc)"]
async fn standalone_vs_cluster_throughput() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(1, 0, Opts::default());
    let single = common::TestServer::start_valkey(&[]);
    let total = 600_000;
    for round in 0..5 {
        let s = Arc::new(Counter::default());
        let alone = Client::connect_with_sink(
            ClientConfig::new(vec![Address::new(single.host.clone(), single.port)]),
            s.clone(),
        )
        .await
        .unwrap();
        let a = drive(&s, total, 64, 1000, |cmds, base| {
            alone.submit_raw(raw(cmds, base))
        })
        .await;
        alone.close();

        let s = Arc::new(Counter::default());
        let cluster =
            ClusterClient::connect_with_sink(ClusterConfig::new(vec![c.seed()]), s.clone())
                .await
                .unwrap();
        let b = drive(&s, total, 64, 1000, |cmds, base| {
            cluster.submit_raw(raw(cmds, base))
        })
        .await;
        cluster.close();
        println!(
            "round {round}: standalone {:.0} req/s, cluster (1 shard) {:.0} req/s ({:+.1}%)",
            a,
            b,
            (b / a - 1.0) * 100.0
        );
    }
}
