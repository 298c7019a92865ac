//! The readiness descriptor and `vk_poll_ready` against a real server: the descriptor
//! stays quiet while nothing is pending, turns readable when a reply arrives, and
//! `vk_poll_ready` then hands the completion out without blocking; records that do
//! not fit keep it readable; closing makes it readable and the client's last record
//! (`VkClientGone`) follows. The descriptor and the polls are the engine's, shared by
//! every client of the process: each record names its client.

#[path = "../../core/tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::TestServer;
use valkite_ffi::*;

fn connect(port: u16) -> *mut VkClient {
    let host = b"127.0.0.1";
    let addr = VkAddress {
        host: host.as_ptr(),
        host_len: host.len(),
        port,
    };
    // SAFETY: zero is a valid value for every field of this plain C struct.
    let mut cfg: VkConfig = unsafe { std::mem::zeroed() };
    cfg.addresses = &addr;
    cfg.addresses_len = 1;
    let mut out: *mut VkClient = std::ptr::null_mut();
    // SAFETY: valid config (its address outlives the call) and out pointer.
    let st = unsafe {
        vk_client_new(
            &cfg,
            &mut out,
            std::ptr::null_mut(),
            0,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(st, VkStatus::VkOk);
    out
}

fn record(token: u64, cmd: &[u8]) -> Vec<u8> {
    let mut r = Vec::new();
    r.extend_from_slice(&token.to_le_bytes());
    r.extend_from_slice(&0u64.to_le_bytes());
    r.extend_from_slice(&(cmd.len() as u32).to_le_bytes());
    r.push(0);
    r.extend_from_slice(&0u16.to_le_bytes());
    r.extend_from_slice(cmd);
    r
}

/// Waits up to `ms` for the descriptor to be readable, as a host's event loop would.
fn readable(fd: i32, ms: i32) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    let n = unsafe { libc::poll(&mut p, 1, ms) };
    n == 1 && p.revents & libc::POLLIN != 0
}

fn poll_ready(buf: &mut [u8]) -> (VkStatus, usize) {
    let mut n = 0usize;
    // SAFETY: valid buffer and out pointer.
    let st = unsafe { vk_poll_ready(buf.as_mut_ptr(), buf.len(), &mut n) };
    (st, n)
}

const H: usize = VK_COMPLETION_HEADER;

/// Polls (waiting on the descriptor between polls) until `want` records of client `id`
/// arrived: (token, status, payload).
fn collect_all(id: u32, fd: i32, want: usize, buf: &mut [u8]) -> Vec<(u64, u8, Vec<u8>)> {
    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while got.len() < want {
        assert!(
            Instant::now() < deadline,
            "only {} of {want} arrived",
            got.len()
        );
        let (st, n) = poll_ready(buf);
        assert_eq!(st, VkStatus::VkOk);
        let mut b = &buf[..n];
        while b.len() >= H {
            let client = u32::from_le_bytes(b[..4].try_into().unwrap());
            let token = u64::from_le_bytes(b[4..12].try_into().unwrap());
            let l = u32::from_le_bytes(b[13..17].try_into().unwrap()) as usize;
            if client == id {
                got.push((token, b[12], b[H..H + l].to_vec()));
            }
            b = &b[H + l..];
        }
        if n == 0 {
            readable(fd, 100);
        }
    }
    got
}

/// `collect_all` for replies only (status 0).
fn collect(id: u32, fd: i32, want: usize, buf: &mut [u8]) -> Vec<(u64, Vec<u8>)> {
    collect_all(id, fd, want, buf)
        .into_iter()
        .map(|(t, st, p)| {
            assert_eq!(st, 0, "status");
            (t, p)
        })
        .collect()
}

#[test]
fn readiness_descriptor_drives_non_blocking_polls() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let c = connect(server.port);
    // SAFETY: live client.
    let id = unsafe { vk_client_id(c) };
    assert_ne!(id, 0);
    let fd = vk_ready_fd();
    assert!(fd >= 0, "no readiness descriptor");
    let mut buf = vec![0u8; 64 << 10];

    // Nothing pending: quiet, and a poll returns nothing at once.
    assert!(!readable(fd, 50), "readable with nothing in flight");
    assert_eq!(poll_ready(&mut buf), (VkStatus::VkOk, 0));

    // A request's reply makes it readable; the poll then completes it.
    let ping = b"*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n";
    let batch = record(7, ping);
    // SAFETY: live client, valid buffer.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    assert!(readable(fd, 5000), "the reply did not make it readable");
    let got = collect(id, fd, 1, &mut buf);
    assert_eq!(got, vec![(7, b"$2\r\nhi\r\n".to_vec())]);
    assert!(
        !readable(fd, 50),
        "still readable after everything was taken"
    );

    // More completions than the host's buffer holds: what is left keeps the
    // descriptor readable, so a host waiting on it comes back for the rest.
    let mut batch = Vec::new();
    for t in 0..50u64 {
        batch.extend(record(100 + t, ping));
    }
    // SAFETY: live client, valid buffer.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    let mut small = vec![0u8; H + 8]; // one record at a time
    let mut tokens = Vec::new();
    while tokens.len() < 50 {
        assert!(
            readable(fd, 5000),
            "not readable with {} of 50 completions still to take",
            50 - tokens.len()
        );
        tokens.extend(collect(id, fd, 1, &mut small).into_iter().map(|(t, _)| t));
    }
    assert_eq!(tokens, (100..150).collect::<Vec<_>>());

    // Closing wakes a host waiting on the descriptor; once its connection's tasks have
    // ended, the client's last record says it is gone.
    // SAFETY: live client.
    assert_eq!(unsafe { vk_client_close(c) }, VkStatus::VkOk);
    assert!(readable(fd, 5000), "closing did not wake the descriptor");
    // SAFETY: closed, and no call on it is running.
    unsafe { vk_client_free(c) };
    let last = collect_all(id, fd, 1, &mut buf);
    assert_eq!(last, vec![(0, VkStatus::VkClientGone as u8, Vec::new())]);
}
