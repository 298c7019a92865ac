//! Checks the shared test-server helpers in tests/common against real servers.

mod common;

use common::TestServer;
use std::io::{BufReader, Write};
use std::net::TcpStream;

#[test]
fn valkey_answers_raw_ping_and_survives_restart() {
    if !common::require_tools() {
        return;
    }
    let mut server = TestServer::start_valkey(&["--maxmemory", "64mb"]);

    let stream = TcpStream::connect(server.addr()).expect("connect");
    (&stream).write_all(b"*1\r\n$4\r\nPING\r\n").expect("write");
    let reply = common::read_frame(&mut BufReader::new(&stream)).expect("read");
    assert_eq!(reply, b"+PONG\r\n");

    assert_eq!(server.command(&["SET", "k", "v"]), b"+OK\r\n");
    assert_eq!(server.command(&["GET", "k"]), b"$1\r\nv\r\n");
    let maxmemory = server.command(&["CONFIG", "GET", "maxmemory"]);
    assert_eq!(maxmemory, b"*2\r\n$9\r\nmaxmemory\r\n$8\r\n67108864\r\n");

    let port = server.port;
    server.kill();
    assert!(
        server.try_command(&["PING"]).is_err(),
        "a killed server answered"
    );
    server.restart();
    assert_eq!(server.port, port);
    assert_eq!(server.command(&["PING"]), b"+PONG\r\n");
    assert_eq!(
        server.command(&["GET", "k"]),
        b"$-1\r\n",
        "data survives only in memory"
    );

    server.stop();
    assert!(
        server.try_command(&["PING"]).is_err(),
        "a stopped server answered"
    );
}

#[test]
fn redis_and_tls_redis_start() {
    if !common::require_tools() {
        return;
    }
    let redis = TestServer::start_redis(&[]);
    let info = String::from_utf8_lossy(&redis.command(&["INFO", "server"])).into_owned();
    assert!(info.contains("redis_version:7."), "{info}");

    let (tls, ca, wrong_ca) = TestServer::start_redis_tls();
    assert_ne!(tls.port, redis.port);
    for pem in [&ca, &wrong_ca] {
        assert!(pem.starts_with(b"-----BEGIN CERTIFICATE-----"));
    }
    assert_ne!(ca, wrong_ca);
    assert!(tls.log().contains("Ready to accept connections"));
    // Plain RESP on the TLS port gets no PONG.
    let stream = TcpStream::connect(tls.addr()).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(2)))
        .expect("timeout");
    (&stream).write_all(b"*1\r\n$4\r\nPING\r\n").expect("write");
    let reply = common::read_frame(&mut BufReader::new(&stream));
    assert!(
        reply.is_err(),
        "plain PING on the TLS port answered {reply:?}"
    );
}

#[test]
fn read_frame_handles_nested_and_resp3_replies() {
    let frames: [&[u8]; 5] = [
        b"*2\r\n$1\r\na\r\n*1\r\n:1\r\n",
        b"%1\r\n+k\r\n~2\r\n#t\r\n_\r\n",
        b"|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n",
        b"$-1\r\n",
        b"$4\r\na\r\nb\r\n",
    ];
    for frame in frames {
        let mut input = frame.to_vec();
        input.extend(b"+NEXT\r\n");
        let got = common::read_frame(&mut &input[..]).expect("frame");
        assert_eq!(got, frame);
    }
    assert!(common::read_frame(&mut &b"$3\r\nab"[..]).is_err());
}
