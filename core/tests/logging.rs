//! The core's log records as a Rust application sees them with its own `tracing`
//! subscriber: a connection the server kills is logged as lost, then restored, with the
//! server's address and never the password; garbage from a server is a protocol error.
//!
//! The subscriber is process-wide, so this binary holds a single test.

mod common;
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::TestServer;
use support::{config, fast_backoff, serve_standard, wait_for_ping, wait_until, FakeServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};
use valkite::{cmd, Client, ClientConfig, Value};

const PASSWORD: &str = "Rx4-unmistakable-Pa55word-k2";
const WAIT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
struct Logged {
    level: Level,
    message: String,
    /// Every field as `name=value`, the message included.
    text: String,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Logged>>>);

impl Capture {
    fn all(&self) -> Vec<Logged> {
        self.0.lock().expect("capture").clone()
    }
    fn with(&self, message: &str) -> Vec<Logged> {
        self.all()
            .into_iter()
            .filter(|l| l.message == message)
            .collect()
    }
}

struct Fields {
    message: String,
    text: String,
}

impl Visit for Fields {
    fn record_debug(&mut self, f: &Field, v: &dyn std::fmt::Debug) {
        let v = format!("{v:?}");
        if f.name() == "message" {
            self.message = v.clone();
        }
        self.text.push_str(&format!(" {}={v}", f.name()));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, m: &Metadata<'_>) -> bool {
        m.target().starts_with("valkite")
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, e: &Event<'_>) {
        let mut f = Fields {
            message: String::new(),
            text: String::new(),
        };
        e.record(&mut f);
        self.0.lock().expect("capture").push(Logged {
            level: *e.metadata().level(),
            message: f.message,
            text: f.text,
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_restored_and_protocol_errors_are_logged_without_secrets() {
    if !common::require_tools() {
        return;
    }
    let capture = Capture::default();
    tracing::subscriber::set_global_default(capture.clone()).expect("first subscriber");

    let server = TestServer::start_valkey(&[]);
    server.command(&["CONFIG", "SET", "requirepass", PASSWORD]);
    let cfg = config(&server)
        .with_credentials(None, PASSWORD)
        .with_reconnect(fast_backoff());
    let client = Client::connect(cfg.clone()).await.expect("connect");
    let killer = Client::connect(cfg).await.expect("connect");
    let id = match client.send(cmd(["CLIENT", "ID"])).await.expect("id") {
        Value::Integer(i) => i.to_string(),
        other => panic!("CLIENT ID answered {other:?}"),
    };
    killer
        .send(cmd(["CLIENT", "KILL", "ID", id.as_str()]))
        .await
        .expect("kill");
    wait_until(WAIT, "connection restored", || {
        !capture.with("connection restored").is_empty()
    })
    .await;
    wait_for_ping(&client, WAIT).await;
    let lost = capture.with("connection lost");
    assert_eq!(lost.len(), 1, "{:?}", capture.all());
    assert_eq!(lost[0].level, Level::WARN);
    let addr = server.addr();
    assert!(lost[0].text.contains(&addr), "{:?}", lost[0]);
    assert!(lost[0].text.contains("suppressed=0"), "{:?}", lost[0]);
    let all = capture.all();
    let at = |m: &str| all.iter().position(|l| l.message == m);
    assert!(at("connection lost") < at("connection restored"));

    // A server that answers a command with garbage.
    let fake = FakeServer::start(|_, stream| {
        serve_standard(stream, |_, w| {
            w.write_all(b"?what\r\n")?;
            Ok(true)
        })
    });
    let odd = Client::connect(ClientConfig::new(vec![fake.address()]).with_heartbeat(None))
        .await
        .expect("connect to the fake server");
    let _ = odd.send(cmd(["GET", "k"])).await;
    wait_until(WAIT, "a protocol error record", || {
        !capture
            .with("protocol error: connection dropped")
            .is_empty()
    })
    .await;
    let p = capture.with("protocol error: connection dropped");
    assert_eq!(p[0].level, Level::ERROR);
    assert!(p[0].text.contains(&fake.port.to_string()), "{:?}", p[0]);

    for l in capture.all() {
        assert!(
            !l.text.contains(PASSWORD),
            "a record carries the password: {l:?}"
        );
    }
}
