//! Scripts by digest through the Rust API: EVALSHA, reload on NOSCRIPT after
//! SCRIPT FLUSH (standalone, and on each shard of a cluster), NOSCRIPT once the last
//! reference to the script is gone.

mod cluster_util;
mod common;
mod support;

use cluster_util::{key_in_slot, Opts, TestCluster};
use common::TestServer;
use valkite::{Client, ClusterClient, ClusterConfig, Error, Route, Script, Value};

fn bulk(s: &[u8]) -> Value {
    Value::BulkString(bytes::Bytes::copy_from_slice(s))
}

fn require_noscript(r: valkite::Result<Value>) {
    match r {
        Err(Error::Server(e)) if e.code() == "NOSCRIPT" => {}
        other => panic!("want NOSCRIPT, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_reloads_after_flush_and_forgets_on_drop() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client = Client::connect(support::config(&server))
        .await
        .expect("connect");
    let script = Script::new("return {KEYS[1], ARGV[1]} -- standalone");
    let args: [&[u8]; 1] = [b"a\x00\xffb"];
    let v = client
        .invoke_script(&script, &["k"], &args)
        .await
        .expect("first invoke loads the script");
    assert_eq!(v, Value::Array(vec![bulk(b"k"), bulk(b"a\x00\xffb")]));

    server.command(&["SCRIPT", "FLUSH"]);
    let v = client
        .invoke_script(&script, &["k2"], &args)
        .await
        .expect("invoke after SCRIPT FLUSH");
    assert_eq!(v, Value::Array(vec![bulk(b"k2"), bulk(b"a\x00\xffb")]));

    let hash = script.hash().to_string();
    drop(script);
    server.command(&["SCRIPT", "FLUSH"]);
    require_noscript(
        client
            .invoke_script_hash(&hash, &["k"], &[] as &[&str])
            .await,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_reloads_on_the_shard_that_runs_it() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 0, Opts::default());
    let client = ClusterClient::connect(ClusterConfig::new(vec![c.seed()]))
        .await
        .expect("connect");
    let script = Script::new("return ARGV[1] -- cluster");
    let flush = |c: &TestCluster| {
        for n in &c.nodes {
            cluster_util::text(n.port, &["SCRIPT", "FLUSH"]);
        }
    };
    for slot in [0u16, 8000, 16383] {
        flush(&c);
        let key = key_in_slot(slot, "script:");
        let v = client
            .invoke_script(&script, &[key.as_str()], &["x"])
            .await
            .expect("invoke");
        assert_eq!(v, bulk(b"x"));
        let owner = c.owner(0, slot).expect("owner");
        for n in &c.nodes {
            let cached = cluster_util::text(n.port, &["SCRIPT", "EXISTS", script.hash()]);
            assert_eq!(
                cached == "*1\n:1\n",
                n.port == owner,
                "slot {slot}: node {} cache {cached:?}, owner {owner}",
                n.port
            );
        }
    }
    flush(&c);
    let v = client
        .invoke_script(&script, &[] as &[&str], &["y"])
        .await
        .expect("keyless invoke");
    assert_eq!(v, bulk(b"y"));
    flush(&c);
    let v = client
        .invoke_script_routed(&script, &["z"], Route::AllPrimaries)
        .await
        .expect("routed invoke");
    match v {
        Value::Map(pairs) => {
            assert_eq!(pairs.len(), 3, "{pairs:?}");
            for (node, reply) in &pairs {
                assert_eq!(reply, &bulk(b"z"), "node {node:?}");
            }
        }
        other => panic!("want one reply per primary, got {other:?}"),
    }
}
