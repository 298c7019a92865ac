//! Connection set-up against real servers: HELLO 3 with AUTH, the RESP2 + AUTH fallback
//! where HELLO is refused, RESP2 on request, SELECT, CLIENT SETNAME and CLIENT SETINFO —
//! each checked from the server's side of the connection (CLIENT INFO, INFO keyspace),
//! not just by the absence of an error.

mod common;
mod support;

use std::time::Duration;

use common::TestServer;
use support::{client_field, config, info_field, text};
use valkite::{cmd, Client, ClientConfig, Error, Protocol, Value};

/// Our connection as the server describes it.
async fn client_info(client: &Client) -> String {
    text(
        &client
            .send(cmd(["CLIENT", "INFO"]))
            .await
            .expect("CLIENT INFO"),
    )
}

/// RESP3 answers HGETALL with a map, RESP2 with a flat array: proof of the protocol the
/// handshake settled on, from the replies themselves.
async fn assert_protocol(client: &Client, resp3: bool) {
    client
        .send(cmd(["HSET", "proto-h", "f", "v"]))
        .await
        .expect("HSET");
    let v = client
        .send(cmd(["HGETALL", "proto-h"]))
        .await
        .expect("HGETALL");
    match (resp3, &v) {
        (true, Value::Map(m)) => assert_eq!(m.len(), 1),
        (false, Value::Array(a)) => assert_eq!(a.len(), 2),
        _ => panic!(
            "HGETALL under {} gave {v:?}",
            if resp3 { "RESP3" } else { "RESP2" }
        ),
    }
    let info = client_info(client).await;
    let expect = if resp3 { "3" } else { "2" };
    assert_eq!(
        client_field(&info, "resp").as_deref(),
        Some(expect),
        "{info}"
    );
}

/// Turns on `requirepass` once the server is up: the test-server helper's readiness probe
/// is an unauthenticated PING, so the password cannot be given on the command line.
/// (The helper's raw `command` stops working afterwards.)
fn require_password(server: &TestServer, password: &str) {
    assert_eq!(
        server.command(&["CONFIG", "SET", "requirepass", password]),
        b"+OK\r\n"
    );
}

async fn connect_err(cfg: ClientConfig) -> Error {
    match Client::connect(cfg).await {
        Err(e) => e,
        Ok(_) => panic!("connected although the set-up should have failed"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hello_authenticates_with_the_password() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    require_password(&server, "secret");

    let client = Client::connect(config(&server).with_credentials(None, "secret"))
        .await
        .expect("right password");
    assert_protocol(&client, true).await;
    let who = client.send(cmd(["ACL", "WHOAMI"])).await.expect("WHOAMI");
    assert_eq!(text(&who), "default");

    match connect_err(config(&server).with_credentials(None, "wrong")).await {
        Error::Connection(m) => assert!(m.contains("authentication failed"), "{m}"),
        e => panic!("wrong password gave {e}"),
    }
    // No credentials at all: refused at connect time, saying why, rather than a client
    // whose every command fails with NOAUTH.
    match connect_err(config(&server)).await {
        Error::Connection(m) => assert!(m.to_lowercase().contains("auth"), "{m}"),
        e => panic!("missing password gave {e}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hello_authenticates_an_acl_user() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    assert_eq!(
        server.command(&["ACL", "SETUSER", "app", "on", ">app-pw", "~*", "+@all"]),
        b"+OK\r\n"
    );
    let client = Client::connect(config(&server).with_credentials(Some("app"), "app-pw"))
        .await
        .expect("ACL user");
    assert_eq!(
        text(&client.send(cmd(["ACL", "WHOAMI"])).await.expect("WHOAMI")),
        "app"
    );
    assert_protocol(&client, true).await;

    match connect_err(config(&server).with_credentials(Some("app"), "nope")).await {
        Error::Connection(m) => assert!(m.contains("authentication failed"), "{m}"),
        e => panic!("wrong ACL password gave {e}"),
    }

    // The same user over RESP2 authenticates with AUTH <user> <password>.
    let resp2 = Client::connect(
        config(&server)
            .with_protocol(Protocol::Resp2)
            .with_credentials(Some("app"), "app-pw"),
    )
    .await
    .expect("ACL user over RESP2");
    assert_eq!(
        text(&resp2.send(cmd(["ACL", "WHOAMI"])).await.expect("WHOAMI")),
        "app"
    );
    assert_protocol(&resp2, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn falls_back_to_resp2_where_hello_is_refused() {
    if !common::require_tools() {
        return;
    }
    // Renaming HELLO to "" removes it: the server answers "unknown command".
    let server = TestServer::start_valkey(&["--rename-command", "HELLO", ""]);
    assert!(String::from_utf8_lossy(&server.command(&["HELLO", "3"])).contains("unknown command"));
    let client = Client::connect(
        config(&server)
            .with_client_name("fallback-name")
            .with_database(2),
    )
    .await
    .expect("connect without HELLO");
    assert_protocol(&client, false).await;
    let info = client_info(&client).await;
    assert_eq!(
        client_field(&info, "name").as_deref(),
        Some("fallback-name"),
        "{info}"
    );
    assert_eq!(client_field(&info, "db").as_deref(), Some("2"), "{info}");
    assert_eq!(
        client_field(&info, "lib-name").as_deref(),
        Some("valkite"),
        "{info}"
    );
}

/// The fallback must also authenticate: HELLO (with AUTH folded in) is refused, so the
/// client has to send AUTH itself. Valkey answers the refused HELLO with NOAUTH (it checks
/// authentication before looking the command up), Redis 7.0 with "unknown command" whose
/// text quotes the arguments — including the word AUTH.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn falls_back_to_resp2_and_auth_where_hello_is_refused() {
    if !common::require_tools() {
        return;
    }
    let mut failures = Vec::new();
    for server in [
        TestServer::start_valkey(&["--rename-command", "HELLO", ""]),
        TestServer::start_redis(&["--rename-command", "HELLO", ""]),
    ] {
        require_password(&server, "secret");
        let res = Client::connect(
            config(&server)
                .with_credentials(None, "secret")
                .with_client_name("fallback-auth"),
        )
        .await;
        let client = match res {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{}: {e}", server.addr()));
                continue;
            }
        };
        assert_protocol(&client, false).await;
        let info = client_info(&client).await;
        assert_eq!(
            client_field(&info, "name").as_deref(),
            Some("fallback-auth")
        );
    }
    assert!(
        failures.is_empty(),
        "connect through the RESP2 fallback with AUTH failed: {failures:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resp2_on_request_skips_hello() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    require_password(&server, "secret");
    let client = Client::connect(
        config(&server)
            .with_protocol(Protocol::Resp2)
            .with_credentials(None, "secret")
            .with_client_name("resp2-name")
            .with_database(4),
    )
    .await
    .expect("RESP2 with AUTH");
    assert_protocol(&client, false).await;
    let info = client_info(&client).await;
    assert_eq!(client_field(&info, "name").as_deref(), Some("resp2-name"));
    assert_eq!(client_field(&info, "db").as_deref(), Some("4"));
    // HELLO was never sent: its command counter (readable now that we are in) is zero.
    let stats = text(
        &client
            .send(cmd(["INFO", "commandstats"]))
            .await
            .expect("INFO"),
    );
    assert!(!stats.contains("cmdstat_hello:"), "HELLO was sent: {stats}");

    match connect_err(
        config(&server)
            .with_protocol(Protocol::Resp2)
            .with_credentials(None, "wrong"),
    )
    .await
    {
        Error::Connection(m) => assert!(m.contains("authentication failed"), "{m}"),
        e => panic!("wrong password over RESP2 gave {e}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_name_and_library_are_set() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let client = Client::connect(config(&server).with_database(5).with_client_name("my-app"))
        .await
        .expect("connect");
    client
        .send(cmd(["SET", "in-db-5", "x"]))
        .await
        .expect("SET");
    assert_eq!(
        info_field(&server, "keyspace", "db5")
            .as_deref()
            .map(|s| s.starts_with("keys=1")),
        Some(true)
    );
    assert_eq!(
        info_field(&server, "keyspace", "db0"),
        None,
        "a key landed in db 0"
    );

    let name = client
        .send(cmd(["CLIENT", "GETNAME"]))
        .await
        .expect("GETNAME");
    assert_eq!(text(&name), "my-app");
    let list = String::from_utf8_lossy(&server.command(&["CLIENT", "LIST"])).into_owned();
    let ours = list
        .lines()
        .find(|l| client_field(l, "name").as_deref() == Some("my-app"))
        .unwrap_or_else(|| panic!("no client named my-app in {list}"));
    assert_eq!(client_field(ours, "db").as_deref(), Some("5"));
    assert_eq!(client_field(ours, "lib-name").as_deref(), Some("valkite"));
    assert_eq!(
        client_field(ours, "lib-ver").as_deref(),
        Some(env!("CARGO_PKG_VERSION")),
        "{ours}"
    );
    assert_protocol(&client, true).await;

    // A database the server does not have is a connection error naming SELECT.
    match connect_err(config(&server).with_database(999)).await {
        Error::Connection(m) => assert!(m.contains("SELECT"), "{m}"),
        e => panic!("SELECT 999 gave {e}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_7_0_speaks_resp3_without_setinfo() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_redis(&[]);
    let client = Client::connect(
        config(&server)
            .with_client_name("on-redis")
            .with_database(1)
            .with_request_timeout(Some(Duration::from_secs(2))),
    )
    .await
    .expect("connect to Redis 7.0");
    assert_protocol(&client, true).await;
    client.send(cmd(["SET", "k", "v"])).await.expect("SET");
    assert_eq!(
        client.send(cmd(["GET", "k"])).await.expect("GET").as_str(),
        Some("v")
    );
    let info = client_info(&client).await;
    assert_eq!(client_field(&info, "name").as_deref(), Some("on-redis"));
    assert_eq!(client_field(&info, "db").as_deref(), Some("1"));
    // 7.0 predates CLIENT SETINFO; its refusal must not have failed the set-up.
    assert_eq!(client_field(&info, "lib-name"), None, "{info}");
    let server_info = text(&client.send(cmd(["INFO", "server"])).await.expect("INFO"));
    assert!(server_info.contains("redis_version:7.0"), "{server_info}");
}
