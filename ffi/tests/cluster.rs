//! The C ABI in cluster mode against a real cluster: `cluster = 1` builds a cluster
//! client; keyed commands go by slot, routed commands fan out, and a multi-node reply
//! arrives as one `VkOkMultiNode` completion whose payload lists every node's frame.

#[path = "../../core/tests/common/mod.rs"]
mod common;

#[path = "../../core/tests/cluster_util/mod.rs"]
mod cluster_util;

use std::collections::HashMap;

use cluster_util::{resp, Opts, TestCluster};
use valkite::route::code;
use valkite_ffi::{
    vk_client_close, vk_client_free, vk_client_id, vk_client_new, vk_poll, vk_submit, VkAddress,
    VkClient, VkConfig, VkStatus, VK_COMPLETION_HEADER,
};

fn config(host: &str, port: u16, addr: &mut VkAddress) -> VkConfig {
    *addr = VkAddress {
        host: host.as_ptr(),
        host_len: host.len(),
        port,
    };
    VkConfig {
        addresses: addr,
        addresses_len: 1,
        cluster: 1,
        use_tls: 0,
        tls_insecure: 0,
        root_certs_pem: std::ptr::null(),
        root_certs_pem_len: 0,
        has_credentials: 0,
        username: std::ptr::null(),
        username_len: 0,
        password: std::ptr::null(),
        password_len: 0,
        database_id: 0,
        client_name: std::ptr::null(),
        client_name_len: 0,
        client_az: std::ptr::null(),
        client_az_len: 0,
        request_timeout_us: 0,
        connection_timeout_us: 0,
        inflight_limit: 0,
        has_reconnect: 0,
        reconnect_retries: 0,
        reconnect_factor_ms: 0,
        reconnect_exponent_base: 0,
        reconnect_jitter_percent: -1,
        read_from: 0,
        lazy_connect: 0,
        protocol: 0,
        periodic_checks_us: 0,
        refresh_from_seeds: 0,
        lib_name: std::ptr::null(),
        lib_name_len: 0,
        resolver: None,
        resolver_ctx: 0,
        read_only: 0,
        node_discovery: 0,
        client_cert_pem: std::ptr::null(),
        client_cert_pem_len: 0,
        client_key_pem: std::ptr::null(),
        client_key_pem_len: 0,
        client_cert_path: std::ptr::null(),
        client_cert_path_len: 0,
        client_key_path: std::ptr::null(),
        client_key_path_len: 0,
        client_cert_reload_secs: 0,
        circuit_breaker: 0,
        cb_window_ms: 0,
        cb_failure_rate: 0.0,
        cb_min_errors: 0,
        cb_open_timeout_ms: 0,
        cb_count_timeouts: 0,
        cb_consecutive_successes: 0,
    }
}

fn record(buf: &mut Vec<u8>, token: u64, route: u8, route_data: &[u8], command: &[u8]) {
    buf.extend_from_slice(&token.to_le_bytes());
    buf.extend_from_slice(&0u64.to_le_bytes());
    buf.extend_from_slice(&(command.len() as u32).to_le_bytes());
    buf.push(route);
    buf.extend_from_slice(&(route_data.len() as u16).to_le_bytes());
    buf.extend_from_slice(route_data);
    buf.extend_from_slice(command);
}

/// Polls until `n` completions arrived: token → (status, payload).
fn poll(id: u32, n: usize) -> HashMap<u64, (u8, Vec<u8>)> {
    let mut out = HashMap::new();
    let mut buf = vec![0u8; 1 << 16];
    while out.len() < n {
        let mut written = 0usize;
        // SAFETY: buffer and out-pointer valid.
        let st = unsafe { vk_poll(buf.as_mut_ptr(), buf.len(), &mut written) };
        assert_eq!(st, VkStatus::VkOk, "poll");
        let mut b = &buf[..written];
        const H: usize = VK_COMPLETION_HEADER;
        while b.len() >= H {
            let client = u32::from_le_bytes(b[..4].try_into().unwrap());
            let token = u64::from_le_bytes(b[4..12].try_into().unwrap());
            let status = b[12];
            let len = u32::from_le_bytes(b[13..17].try_into().unwrap()) as usize;
            if client == id {
                out.insert(token, (status, b[H..H + len].to_vec()));
            }
            b = &b[H + len..];
        }
    }
    out
}

/// `addr_len: u16, addr, frame_len: u32, frame` records.
fn multi(payload: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    let mut b = payload;
    while b.len() >= 6 {
        let al = u16::from_le_bytes([b[0], b[1]]) as usize;
        let addr = String::from_utf8(b[2..2 + al].to_vec()).unwrap();
        let fl = u32::from_le_bytes(b[2 + al..6 + al].try_into().unwrap()) as usize;
        v.push((addr, b[6 + al..6 + al + fl].to_vec()));
        b = &b[6 + al + fl..];
    }
    v
}

#[test]
fn cluster_mode_through_the_c_abi() {
    if !common::require_tools() {
        return;
    }
    let c = TestCluster::start(3, 0, Opts::default());
    let mut addr = VkAddress {
        host: std::ptr::null(),
        host_len: 0,
        port: 0,
    };
    let cfg = config("127.0.0.1", c.nodes[0].port, &mut addr);
    let mut client: *mut VkClient = std::ptr::null_mut();
    let mut err = vec![0u8; 256];
    let mut err_len = 0usize;
    // SAFETY: valid config (its address outlives the call) and out-pointers.
    let st = unsafe { vk_client_new(&cfg, &mut client, err.as_mut_ptr(), err.len(), &mut err_len) };
    assert_eq!(
        st,
        VkStatus::VkOk,
        "{}",
        String::from_utf8_lossy(&err[..err_len])
    );
    // SAFETY: live client.
    let id = unsafe { vk_client_id(client) };

    let mut batch = Vec::new();
    for i in 0..30u64 {
        record(
            &mut batch,
            i,
            code::DEFAULT,
            &[],
            &resp(&["SET", &format!("ffi{i}"), &i.to_string()]),
        );
    }
    record(&mut batch, 100, code::DEFAULT, &[], &resp(&["DBSIZE"]));
    record(
        &mut batch,
        101,
        code::ALL_PRIMARIES,
        &[],
        &resp(&["INFO", "server"]),
    );
    let port = c.nodes[1].port.to_le_bytes();
    let mut by_addr = port.to_vec();
    by_addr.extend_from_slice(b"127.0.0.1");
    record(
        &mut batch,
        102,
        code::BY_ADDRESS,
        &by_addr,
        &resp(&["CLUSTER", "MYID"]),
    );
    record(&mut batch, 103, code::DEFAULT, &[], &resp(&["GET", "ffi7"]));
    // SAFETY: live client, valid buffer.
    assert_eq!(
        unsafe { vk_submit(client, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    let got = poll(id, 34);
    for i in 0..30u64 {
        assert_eq!(got[&i], (0, b"+OK\r\n".to_vec()), "token {i}");
    }
    // DBSIZE: summed over the primaries (it may run before some SETs: at most 30).
    assert_eq!(got[&100].0, 0);
    assert!(got[&100].1.starts_with(b":"));
    let (status, payload) = &got[&101];
    assert_eq!(*status, VkStatus::VkOkMultiNode as u8);
    let parts = multi(payload);
    let mut addrs: Vec<&str> = parts.iter().map(|(a, _)| a.as_str()).collect();
    addrs.sort_unstable();
    let mut want: Vec<String> = c.nodes.iter().map(|n| n.addr_string()).collect();
    want.sort();
    assert_eq!(addrs, want);
    let node_id = c.id_of(c.nodes[1].port);
    assert_eq!(
        got[&102],
        (
            0,
            format!("${}\r\n{node_id}\r\n", node_id.len()).into_bytes()
        )
    );
    assert_eq!(got[&103], (0, b"$1\r\n7\r\n".to_vec()));

    // SAFETY: live client; closed, then freed once. Its tasks end (token 0, the
    // client's last record) while the engine runs.
    unsafe {
        assert_eq!(vk_client_close(client), VkStatus::VkOk);
        vk_client_free(client);
    }
    let gone = poll(id, 1);
    assert_eq!(
        gone.get(&0).map(|r| r.0),
        Some(VkStatus::VkClientGone as u8)
    );
}
