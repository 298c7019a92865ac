//! The cluster client against a real 3-primary, 3-replica cluster: discovery from one
//! seed, every slot served, multi-slot commands equal to a single server's answers,
//! fan-out by command tips, explicit routes, replica reads.

mod cluster_util;
mod common;

use std::sync::Arc;
use std::time::Duration;

use cluster_util::{key_in_slot, key_per_slot, resp, Got, Opts, RecordingSink, TestCluster};
use valkite::{
    cmd, Address, Client, ClientConfig, ClusterClient, ClusterConfig, RawRequest, ReadFrom,
    RequestTimeout, Route, Value,
};

fn config(c: &TestCluster) -> ClusterConfig {
    ClusterConfig::new(vec![c.seed()])
}

fn bulk(s: &str) -> Value {
    Value::BulkString(bytes_of(s))
}

fn bytes_of(s: &str) -> bytes::Bytes {
    bytes::Bytes::copy_from_slice(s.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovers_from_one_seed_and_serves_every_slot() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 1, Opts::default());
    let sink = Arc::new(RecordingSink::default());
    let mut cfg = config(&c);
    cfg.client.inflight_limit = 100_000;
    let client = ClusterClient::connect_with_sink(cfg, sink.clone())
        .await
        .expect("connect");

    // The whole cluster, from one seed.
    let view = client.view();
    assert_eq!(view.shards.len(), 3, "{view:?}");
    assert_eq!(view.covered_slots(), 16384);
    let mut ports: Vec<u16> = view.addresses().map(|a| a.port).collect();
    ports.sort_unstable();
    let mut expected: Vec<u16> = c.nodes.iter().map(|n| n.port).collect();
    expected.sort_unstable();
    assert_eq!(ports, expected);
    for s in &view.shards {
        assert_eq!(s.replicas.len(), 1, "{s:?}");
    }

    // One SET per slot, all submitted in one batch through the embedder path.
    let keys = key_per_slot();
    let cmds: Vec<Vec<u8>> = keys
        .iter()
        .enumerate()
        .map(|(s, k)| resp(&["SET", k, &s.to_string()]))
        .collect();
    client.submit_raw(cmds.iter().enumerate().map(|(i, c)| RawRequest {
        command: c,
        token: i as u64,
        timeout: RequestTimeout::After(Duration::from_secs(20)),
        route: Route::Default,
        retry: valkite::RetryPolicy::ALL,
    }));
    sink.wait_for(keys.len(), Duration::from_secs(60)).await;
    {
        let got = sink.got.lock().unwrap();
        for (t, v) in got.iter() {
            assert_eq!(v.len(), 1, "token {t} completed {} times", v.len());
            match &v[0] {
                Got::Frame(f) => assert_eq!(f, b"+OK\r\n", "token {t}"),
                other => panic!("token {t}: {other:?}"),
            }
        }
    }
    // Each write went straight to its slot's owner: no redirection.
    assert_eq!(client.stats().moved, 0);
    assert_eq!(client.inflight(), 0);
    // DBSIZE fans out to the primaries and sums.
    assert_eq!(
        client.send(cmd(["DBSIZE"])).await.unwrap(),
        Value::Integer(16384)
    );
    // Reads of a sample of slots.
    for s in (0..16384).step_by(997) {
        let v = client.send(cmd(["GET", &keys[s]])).await.unwrap();
        assert_eq!(v, bulk(&s.to_string()));
    }
    // The slot owners match the servers' own map.
    for s in [0u16, 5000, 5461, 10922, 10923, 16383] {
        assert_eq!(
            client.slot_owner(s).map(|a| a.port),
            c.owner(0, s),
            "slot {s}"
        );
    }
    client.close();
}

/// Runs the same commands on a single server and on the cluster: the replies must be
/// equal, whatever the split.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_slot_commands_answer_like_one_server() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 1, Opts::default());
    let single = common::TestServer::start_valkey(&[]);
    let alone = Client::connect(ClientConfig::new(vec![Address::new(
        single.host.clone(),
        single.port,
    )]))
    .await
    .unwrap();
    let client = ClusterClient::connect(config(&c)).await.unwrap();

    // Keys on every shard (slots 100, 6000, 12000), plus hash-tagged pairs.
    let k: Vec<String> = [100u16, 6000, 12000, 101, 6001, 12001]
        .iter()
        .map(|&s| key_in_slot(s, "key"))
        .collect();
    let kk: Vec<&str> = k.iter().map(String::as_str).collect();
    let script: Vec<Vec<&str>> = vec![
        vec![
            "MSET", kk[0], "a", kk[1], "b", kk[2], "c", kk[3], "d", "{t}1", "e", "{t}2", "f",
        ],
        vec![
            "MGET", kk[2], kk[0], "missing", kk[1], kk[0], kk[3], "{t}2", kk[4],
        ],
        vec!["EXISTS", kk[0], kk[1], kk[2], kk[0], "missing", kk[5]],
        vec!["TOUCH", kk[0], kk[1], kk[2], kk[4]],
        vec!["WATCH", kk[0], kk[1], kk[2]],
        vec!["UNWATCH"],
        vec!["UNLINK", kk[0], kk[4]],
        vec!["MGET", kk[0], kk[1], kk[2], kk[3]],
        vec!["DEL", kk[1], kk[2], kk[3], "{t}1", "{t}2", "missing"],
        vec!["MGET", kk[0], kk[1], kk[2], kk[3], "{t}1"],
        vec![
            "MSETEX", "3", kk[0], "x", kk[1], "y", kk[2], "z", "PX", "100000",
        ],
        vec!["MGET", kk[0], kk[1], kk[2]],
        vec!["DEL", kk[0], kk[1], kk[2]],
    ];
    for words in &script {
        let want = alone.send(cmd(words.iter().copied())).await;
        let got = client.send(cmd(words.iter().copied())).await;
        match (&want, &got) {
            (Ok(w), Ok(g)) => assert_eq!(w, g, "{}", words.join(" ")),
            (Err(w), Err(g)) => assert_eq!(w.to_string(), g.to_string(), "{}", words.join(" ")),
            _ => panic!("{}: single {want:?}, cluster {got:?}", words.join(" ")),
        }
    }
    // A cross-slot command that is not split gets the server's own error.
    let e = client
        .send(cmd(["SUNION", kk[0], kk[1]]))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("CROSSSLOT"), "{e}");
    client.close();
    alone.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyless_commands_fan_out_and_routes_are_obeyed() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 1, Opts::default());
    let sink = Arc::new(RecordingSink::default());
    let client = ClusterClient::connect_with_sink(config(&c), sink.clone())
        .await
        .unwrap();

    assert_eq!(
        client.send(cmd(["PING"])).await.unwrap(),
        Value::SimpleString("PONG".into())
    );
    // INFO: per-primary replies (no combining tip).
    let Value::Map(per_node) = client.send(cmd(["INFO", "server"])).await.unwrap() else {
        panic!("INFO should come back per node");
    };
    assert_eq!(per_node.len(), 3);
    let Value::Map(all) = client
        .send_routed(cmd(["INFO", "server"]), Route::AllNodes)
        .await
        .unwrap()
    else {
        panic!("INFO on all nodes should come back per node");
    };
    assert_eq!(all.len(), 6);
    // An explicit all-nodes route still combines when the tips say so.
    assert_eq!(
        client
            .send_routed(cmd(["PING"]), Route::AllNodes)
            .await
            .unwrap(),
        Value::SimpleString("PONG".into())
    );
    assert_eq!(
        client
            .send(cmd(["CONFIG", "SET", "maxmemory-samples", "6"]))
            .await
            .unwrap(),
        Value::SimpleString("OK".into())
    );
    for n in &c.nodes {
        let v = cluster_util::text(n.port, &["CONFIG", "GET", "maxmemory-samples"]);
        assert!(v.contains("\n6\n"), "{}: {v}", n.port);
    }
    // By address: that node answers.
    for n in &c.nodes {
        let v = client
            .send_routed(
                cmd(["CLUSTER", "MYID"]),
                Route::ByAddress {
                    host: "127.0.0.1",
                    port: n.port,
                },
            )
            .await
            .unwrap();
        assert_eq!(v, bulk(&c.id_of(n.port)));
    }
    assert!(client
        .send_routed(
            cmd(["PING"]),
            Route::ByAddress {
                host: "127.0.0.1",
                port: 1
            }
        )
        .await
        .is_err());

    // A replica route reads from the replica (which took READONLY).
    let key = key_in_slot(42, "r");
    client.send(cmd(["SET", &key, "v"])).await.unwrap();
    let primary = c.owner(0, 42).unwrap();
    let replica = c.replicas_of(primary)[0];
    let wait = client
        .send_routed(
            cmd(["WAIT", "1", "2000"]),
            Route::SlotKey {
                key: key.as_bytes(),
                replica: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(wait, Value::Integer(1));
    let before = c.calls(replica, "get");
    let v = client
        .send_routed(
            cmd(["GET", &key]),
            Route::SlotKey {
                key: key.as_bytes(),
                replica: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(v, bulk("v"));
    assert_eq!(c.calls(replica, "get"), before + 1);
    let v = client
        .send_routed(
            cmd(["GET", &key]),
            Route::SlotId {
                slot: 42,
                replica: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(v, bulk("v"));
    // RANDOMKEY finds the one key whichever shard holds it.
    assert_eq!(client.send(cmd(["RANDOMKEY"])).await.unwrap(), bulk(&key));

    // The embedder path: a multi-node reply arrives through complete_multi.
    let info = resp(&["INFO", "server"]);
    let dbsize = resp(&["DBSIZE"]);
    client.submit_raw([
        RawRequest {
            command: &info,
            token: 1,
            timeout: RequestTimeout::Default,
            route: Route::AllPrimaries,
            retry: valkite::RetryPolicy::ALL,
        },
        RawRequest {
            command: &dbsize,
            token: 2,
            timeout: RequestTimeout::Default,
            route: Route::AllNodes,
            retry: valkite::RetryPolicy::ALL,
        },
    ]);
    sink.wait_for(2, Duration::from_secs(10)).await;
    let got = sink.got.lock().unwrap().clone();
    match &got[&1][..] {
        [Got::Multi(parts)] => {
            let mut addrs: Vec<String> = parts.iter().map(|(a, _)| a.clone()).collect();
            addrs.sort();
            let mut want: Vec<String> = c
                .primaries(0)
                .iter()
                .map(|p| format!("127.0.0.1:{p}"))
                .collect();
            want.sort();
            assert_eq!(addrs, want);
            assert!(parts
                .iter()
                .all(|(_, f)| f.starts_with(b"=") || f.starts_with(b"$")));
        }
        other => panic!("INFO via AllPrimaries: {other:?}"),
    }
    // DBSIZE sums across all six nodes: the key counted on its primary and replica.
    match &got[&2][..] {
        [Got::Frame(f)] => assert_eq!(f, b":2\r\n"),
        other => panic!("DBSIZE via AllNodes: {other:?}"),
    }
    client.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefer_replica_reads_from_replicas() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 1, Opts::default());
    // Seeded from a replica: any node will do.
    let mut cfg = ClusterConfig::new(vec![c.nodes[4].addr()]);
    cfg.client.read_from = ReadFrom::PreferReplica;
    let client = ClusterClient::connect(cfg).await.unwrap();
    let keys: Vec<String> = (0..30).map(|i| format!("pr{i}")).collect();
    for k in &keys {
        client.send(cmd(["SET", k, "1"])).await.unwrap();
    }
    let primaries = c.primaries(0);
    let replicas: Vec<u16> = primaries.iter().flat_map(|&p| c.replicas_of(p)).collect();
    let before_p: u64 = primaries.iter().map(|&p| c.calls(p, "get")).sum();
    let before_r: u64 = replicas.iter().map(|&p| c.calls(p, "get")).sum();
    for k in &keys {
        // Replication is asynchronous: a replica may not have the key yet, which is
        // the trade-off PreferReplica accepts; only where reads go is checked.
        let _ = client.send(cmd(["GET", k])).await.unwrap();
    }
    let after_p: u64 = primaries.iter().map(|&p| c.calls(p, "get")).sum();
    let after_r: u64 = replicas.iter().map(|&p| c.calls(p, "get")).sum();
    assert_eq!(after_p - before_p, 0, "reads reached primaries");
    assert_eq!(after_r - before_r, keys.len() as u64);
    // Writes still go to primaries.
    assert!(client.send(cmd(["SET", "pr0", "2"])).await.is_ok());
    assert_eq!(client.stats().moved, 0);
    client.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lazy_client_discovers_on_first_request_and_bad_seeds_fail() {
    if !common::require_tools() {
        return;
    }
    // No server at all: an eager connect fails with a connection error.
    let nobody = ClusterConfig::new(vec![Address::new("127.0.0.1", 1)]);
    let e = ClusterClient::connect(nobody)
        .await
        .err()
        .expect("must fail");
    assert!(e.is_connection_error(), "{e}");
    // A standalone server is not a cluster.
    let single = common::TestServer::start_valkey(&[]);
    let e = ClusterClient::connect(ClusterConfig::new(vec![Address::new(
        single.host.clone(),
        single.port,
    )]))
    .await
    .err()
    .expect("must fail");
    assert!(e.to_string().contains("cluster"), "{e}");

    let c = TestCluster::start(1, 1, Opts::default());
    let mut cfg = config(&c);
    cfg.client.lazy_connect = true;
    let client = ClusterClient::connect(cfg).await.unwrap();
    assert!(client.view().shards.is_empty());
    assert_eq!(
        client.send(cmd(["SET", "lazy", "1"])).await.unwrap(),
        Value::SimpleString("OK".into())
    );
    assert_eq!(client.view().shards.len(), 1);
    client.close();
    assert!(client.send(cmd(["GET", "lazy"])).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transactions_travel_to_one_node_and_are_not_split() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 0, Opts::default());
    let sink = Arc::new(RecordingSink::default());
    let client = ClusterClient::connect_with_sink(config(&c), sink.clone())
        .await
        .unwrap();
    let submit = |base: u64, cmds: &[Vec<u8>]| {
        client.submit_raw(cmds.iter().enumerate().map(|(i, c)| RawRequest {
            command: c,
            token: base + i as u64,
            timeout: RequestTimeout::Default,
            route: Route::Default,
            retry: valkite::RetryPolicy::ALL,
        }));
    };
    // MULTI and EXEC have no keys: they follow the transaction's first key.
    let tx = vec![
        resp(&["MULTI"]),
        resp(&["SET", "{tx}a", "1"]),
        resp(&["INCR", "{tx}a"]),
        resp(&["GET", "{tx}a"]),
        resp(&["EXEC"]),
    ];
    submit(0, &tx);
    sink.wait_for(5, Duration::from_secs(10)).await;
    {
        let got = sink.got.lock().unwrap();
        let frame = |t: u64| match &got[&t][..] {
            [Got::Frame(f)] => String::from_utf8_lossy(f).into_owned(),
            other => panic!("token {t}: {other:?}"),
        };
        assert_eq!(frame(0), "+OK\r\n");
        assert_eq!(frame(1), "+QUEUED\r\n");
        assert_eq!(frame(4), "*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n");
    }
    // The slot moves behind the client's back: the transaction fails as a whole
    // (MOVED while queuing, then EXECABORT); nothing of it is retried elsewhere.
    let slot = valkite::commands::slot(b"tx");
    let from = c.owner(0, slot).unwrap();
    let to = c.primaries(0).into_iter().find(|&p| p != from).unwrap();
    cluster_util::text(from, &["DEL", "{tx}a"]);
    c.reassign_slots(&[slot], to);
    let tx2 = vec![
        resp(&["MULTI"]),
        resp(&["SET", "{tx}b", "1"]),
        resp(&["EXEC"]),
    ];
    submit(10, &tx2);
    sink.wait_for(8, Duration::from_secs(10)).await;
    {
        let got = sink.got.lock().unwrap();
        match &got[&11][..] {
            [Got::Frame(f)] => assert!(f.starts_with(b"-MOVED"), "{f:?}"),
            other => panic!("{other:?}"),
        }
        match &got[&12][..] {
            [Got::Frame(f)] => assert!(f.starts_with(b"-EXECABORT"), "{f:?}"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(cluster_util::text(to, &["EXISTS", "{tx}b"]), ":0\n");
    // The MOVED taught the client the new owner: the next transaction goes there.
    submit(20, &tx2);
    sink.wait_for(11, Duration::from_secs(10)).await;
    {
        let got = sink.got.lock().unwrap();
        match &got[&22][..] {
            [Got::Frame(f)] => assert_eq!(f, b"*1\r\n+OK\r\n"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(cluster_util::text(to, &["EXISTS", "{tx}b"]), ":1\n");
    client.close();
}
