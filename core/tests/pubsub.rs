//! Pub/sub through the Rust API: subscriptions confirmed by the server, messages as a
//! stream in order, and on a RESP2 connection a subscriber connection of its own, so
//! ordinary commands on the client keep working while it is subscribed.

mod common;
mod support;

use std::time::Duration;

use common::TestServer;
use support::config;
use valkite::pubsub::Kind;
use valkite::{cmd, Client, Protocol, Value};

async fn check(server: &TestServer, protocol: Protocol) {
    let sub = Client::connect(config(server).with_protocol(protocol))
        .await
        .expect("subscriber");
    let publisher = Client::connect(config(server)).await.expect("publisher");
    let ps = sub.pubsub();
    ps.subscribe(Kind::Exact, ["news"], Some(Duration::from_secs(5)))
        .await
        .expect("subscribe confirmed");
    ps.subscribe(Kind::Pattern, ["ev.*"], Some(Duration::from_secs(5)))
        .await
        .expect("psubscribe confirmed");
    let state = ps.state();
    assert!(state.actual(Kind::Exact).contains(b"news".as_slice()));
    assert!(state.actual(Kind::Pattern).contains(b"ev.*".as_slice()));
    // The subscribed client still answers ordinary commands, in step.
    for i in 0..20 {
        let k = format!("psk{i}");
        sub.send(cmd(["SET", k.as_str(), "v"])).await.expect("set");
        let v = sub.send(cmd(["GET", k.as_str()])).await.expect("get");
        assert_eq!(v.as_str(), Some("v"));
    }
    // A raw SUBSCRIBE is a wish, answered nil.
    let v = sub.send(cmd(["SUBSCRIBE", "raw"])).await.expect("raw");
    assert_eq!(v, Value::Nil);
    let mut stream = ps.messages();
    for i in 0..100 {
        publisher
            .send(cmd(["PUBLISH", "news", &i.to_string()]))
            .await
            .expect("publish");
    }
    publisher
        .send(cmd(["PUBLISH", "ev.1", "pattern"]))
        .await
        .expect("publish");
    for i in 0..100 {
        let m = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .expect("message in time")
            .expect("message");
        assert_eq!(m.channel.as_ref(), b"news");
        assert_eq!(m.payload, i.to_string().as_bytes(), "order kept");
    }
    // Also as a futures Stream.
    let m = tokio::time::timeout(
        Duration::from_secs(5),
        std::future::poll_fn(|cx| {
            futures_core::Stream::poll_next(std::pin::Pin::new(&mut stream), cx)
        }),
    )
    .await
    .expect("message in time")
    .expect("message");
    assert_eq!(m.kind, Kind::Pattern);
    assert_eq!(m.pattern.as_deref(), Some(b"ev.*".as_slice()));
    ps.unsubscribe(
        Kind::Exact,
        Vec::<&str>::new(),
        Some(Duration::from_secs(5)),
    )
    .await
    .expect("unsubscribe all");
    assert!(ps.state().actual(Kind::Exact).is_empty());
    let n = publisher
        .send(cmd(["PUBLISH", "news", "gone"]))
        .await
        .expect("publish");
    assert_eq!(n, Value::Integer(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resp3_subscriptions_and_stream() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    check(&server, Protocol::Resp3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resp2_subscriptions_use_a_connection_of_their_own() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_redis(&[]);
    check(&server, Protocol::Resp2).await;
}
