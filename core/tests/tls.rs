//! TLS against a real TLS server (Redis 7.0, with a CA generated per test): the
//! certificate is verified against the configured roots, a certificate from another CA
//! is refused, insecure mode skips verification only when asked, and a plain client on
//! the TLS port fails cleanly within the connection timeout.

mod common;
mod support;

use std::time::{Duration, Instant};

use common::TestServer;
use support::{address, fast_backoff, wait_for_ping};
use valkite::{cmd, Client, ClientConfig, Error, TlsConfig};

fn tls_config(server: &TestServer, tls: TlsConfig) -> ClientConfig {
    ClientConfig::new(vec![address(server)])
        .with_heartbeat(None)
        .with_tls(tls)
        .with_connection_timeout(Duration::from_secs(2))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verified_tls_works_and_reconnects() {
    if !common::require_tools() {
        return;
    }
    let (server, ca, _wrong) = TestServer::start_redis_tls();
    let client = Client::connect(
        tls_config(
            &server,
            TlsConfig {
                root_certs_pem: Some(ca),
                insecure: false,
                client_auth: None,
            },
        )
        .with_reconnect(fast_backoff()),
    )
    .await
    .expect("TLS connect with the right CA");
    client
        .send(cmd(["SET", "tls-key", "over-tls"]))
        .await
        .expect("SET");
    let v = client.send(cmd(["GET", "tls-key"])).await.expect("GET");
    assert_eq!(v.as_str(), Some("over-tls"));

    // Many requests at once go through the writer task (TLS always does).
    let mut tasks = Vec::new();
    for i in 0..50 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            let p = format!("tls-{i}");
            let v = c.send(cmd(["ECHO", p.as_str()])).await.expect("ECHO");
            assert_eq!(v.as_str(), Some(p.as_str()));
        }));
    }
    for t in tasks {
        t.await.expect("echo task");
    }

    // Reconnecting makes a new TLS session with the same verification.
    let id = client.send(cmd(["CLIENT", "ID"])).await.expect("CLIENT ID");
    let id_text = id.as_int().expect("id").to_string();
    let killed = client
        .send(cmd(["CLIENT", "KILL", "ID", &id_text, "SKIPME", "no"]))
        .await;
    assert!(
        matches!(&killed, Ok(v) if v.as_int() == Some(1))
            || matches!(&killed, Err(e) if e.is_connection_error()),
        "CLIENT KILL of our own connection gave {killed:?}"
    );
    wait_for_ping(&client, Duration::from_secs(5)).await;
    let id2 = client.send(cmd(["CLIENT", "ID"])).await.expect("CLIENT ID");
    assert_ne!(id, id2, "still on the killed connection");
    assert_eq!(
        client
            .send(cmd(["GET", "tls-key"]))
            .await
            .expect("GET")
            .as_str(),
        Some("over-tls")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_from_another_ca_is_refused() {
    if !common::require_tools() {
        return;
    }
    let (server, _ca, wrong) = TestServer::start_redis_tls();
    let res = Client::connect(tls_config(
        &server,
        TlsConfig {
            root_certs_pem: Some(wrong),
            insecure: false,
            client_auth: None,
        },
    ))
    .await;
    match res {
        Err(Error::Connection(m)) => assert!(m.contains("certificate"), "{m}"),
        Err(e) => panic!("expected a connection error about the certificate, got {e}"),
        Ok(_) => panic!("connected to a server whose certificate the roots do not sign"),
    }

    // The platform roots do not know the test CA either.
    let res = Client::connect(tls_config(&server, TlsConfig::default())).await;
    assert!(
        matches!(&res, Err(Error::Connection(m)) if m.contains("certificate")),
        "platform roots: {:?}",
        res.err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insecure_mode_skips_verification() {
    if !common::require_tools() {
        return;
    }
    let (server, _ca, _wrong) = TestServer::start_redis_tls();
    let client = Client::connect(tls_config(
        &server,
        TlsConfig {
            root_certs_pem: None,
            insecure: true,
            client_auth: None,
        },
    ))
    .await
    .expect("insecure TLS connect");
    let v = client.send(cmd(["PING"])).await.expect("PING");
    assert_eq!(v.as_str(), Some("PONG"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_client_on_a_tls_port_fails_cleanly() {
    if !common::require_tools() {
        return;
    }
    let (server, _ca, _wrong) = TestServer::start_redis_tls();
    let timeout = Duration::from_secs(1);
    let started = Instant::now();
    let res = Client::connect(
        ClientConfig::new(vec![address(&server)])
            .with_heartbeat(None)
            .with_connection_timeout(timeout),
    )
    .await;
    let took = started.elapsed();
    match res {
        Err(Error::Connection(_)) => {}
        Err(e) => panic!("expected a connection error, got {e}"),
        Ok(_) => panic!("a plain client completed a handshake with a TLS port"),
    }
    assert!(took < timeout + Duration::from_millis(500), "took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_root_pem_is_a_configuration_error() {
    let cfg = ClientConfig::new(vec![valkite::Address::new("127.0.0.1", 1)]).with_tls(TlsConfig {
        root_certs_pem: Some(b"not a certificate".to_vec()),
        insecure: false,
        client_auth: None,
    });
    assert!(matches!(
        Client::connect(cfg).await,
        Err(Error::Configuration(_))
    ));
}
