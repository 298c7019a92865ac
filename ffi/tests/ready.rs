//! The readiness descriptor and `vk_poll_ready` against a real server: the descriptor
//! stays quiet while nothing is pending, turns readable when a reply arrives, and
//! `vk_poll_ready` then hands the completion out without blocking; records that do
//! not fit keep it readable; closing makes it readable and the poll reports the end.

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

fn poll_ready(c: *const VkClient, buf: &mut [u8]) -> (VkStatus, usize) {
    let mut n = 0usize;
    // SAFETY: live client, valid buffer and out pointer.
    let st = unsafe { vk_poll_ready(c, buf.as_mut_ptr(), buf.len(), &mut n) };
    (st, n)
}

/// Polls (waiting on the descriptor between polls) until `want` records arrived.
fn collect(c: *const VkClient, fd: i32, want: usize, buf: &mut [u8]) -> Vec<(u64, Vec<u8>)> {
    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while got.len() < want {
        assert!(
            Instant::now() < deadline,
            "only {} of {want} arrived",
            got.len()
        );
        let (st, n) = poll_ready(c, buf);
        assert_eq!(st, VkStatus::VkOk);
        let mut b = &buf[..n];
        while b.len() >= 13 {
            let token = u64::from_le_bytes(b[..8].try_into().unwrap());
            assert_eq!(b[8], 0, "status");
            let l = u32::from_le_bytes(b[9..13].try_into().unwrap()) as usize;
            got.push((token, b[13..13 + l].to_vec()));
            b = &b[13 + l..];
        }
        if n == 0 {
            readable(fd, 100);
        }
    }
    got
}

#[test]
fn readiness_descriptor_drives_non_blocking_polls() {
    if !common::require_tools() {
        return;
    }
    let server = TestServer::start_valkey(&[]);
    let c = connect(server.port);
    // SAFETY: live client.
    let fd = unsafe { vk_client_ready_fd(c) };
    assert!(fd >= 0, "no readiness descriptor");
    let mut buf = vec![0u8; 64 << 10];

    // Nothing pending: quiet, and a poll returns nothing at once.
    assert!(!readable(fd, 50), "readable with nothing in flight");
    assert_eq!(poll_ready(c, &mut buf), (VkStatus::VkOk, 0));

    // A request's reply makes it readable; the poll then completes it.
    let ping = b"*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n";
    let batch = record(7, ping);
    // SAFETY: live client, valid buffer.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    assert!(readable(fd, 5000), "the reply did not make it readable");
    let got = collect(c, fd, 1, &mut buf);
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
    let mut small = vec![0u8; 13 + 8]; // one record at a time
    let mut tokens = Vec::new();
    while tokens.len() < 50 {
        assert!(
            readable(fd, 5000),
            "not readable with {} of 50 completions still to take",
            50 - tokens.len()
        );
        tokens.extend(collect(c, fd, 1, &mut small).into_iter().map(|(t, _)| t));
    }
    assert_eq!(tokens, (100..150).collect::<Vec<_>>());

    // Closing wakes a host waiting on the descriptor, and the poll says it is over.
    // SAFETY: live client.
    assert_eq!(unsafe { vk_client_close(c) }, VkStatus::VkOk);
    assert!(readable(fd, 5000), "closing did not wake the descriptor");
    assert_eq!(poll_ready(c, &mut buf).0, VkStatus::VkErrClosing);
    // SAFETY: closed, and no call on it is running.
    unsafe { vk_client_free(c) };
}
