//! The C ABI's submission path on arbitrary batches: `vk_submit`'s framing check
//! (a batch is taken whole or refused whole), then every record's route decoding,
//! command check and dispatch, on a real (lazily connecting, never connected) client
//! whose completions are drained after each batch. The verdict must match an
//! independent reading of the record format, and every record drained from the
//! process-wide completion queue must be well formed and belong to this client.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use valkite_ffi::*;

struct Client(*mut VkClient);
// SAFETY: the ABI allows calls from any thread; libFuzzer runs one input at a time.
unsafe impl Send for Client {}
unsafe impl Sync for Client {}

fn client() -> *mut VkClient {
    static C: OnceLock<Client> = OnceLock::new();
    C.get_or_init(|| {
        let host = b"127.0.0.1";
        let addr = VkAddress {
            host: host.as_ptr(),
            host_len: host.len(),
            port: 1,
        };
        // SAFETY: zero is valid for every field of this plain C struct.
        let mut cfg: VkConfig = unsafe { std::mem::zeroed() };
        cfg.addresses = &addr;
        cfg.addresses_len = 1;
        cfg.lazy_connect = 1;
        let mut out = std::ptr::null_mut();
        // SAFETY: valid config and out pointer, no error buffer.
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
        Client(out)
    })
    .0
}

/// The record format, read independently: `token u64 | timeout u64 | len u32 | route u8 |
/// route_len u16 | route | [span u64 when the route byte has VK_ROUTE_TRACED] |
/// command`, all little-endian, nothing left over.
fn well_framed(mut d: &[u8]) -> bool {
    while !d.is_empty() {
        if d.len() < 23 {
            return false;
        }
        let n = u32::from_le_bytes(d[16..20].try_into().unwrap()) as usize;
        let r = u16::from_le_bytes(d[21..23].try_into().unwrap()) as usize;
        let span = if d[20] & VK_ROUTE_TRACED != 0 { 8 } else { 0 };
        match d.get(23 + r + span + n..) {
            Some(rest) => d = rest,
            None => return false,
        }
    }
    true
}

fuzz_target!(|data: &[u8]| {
    let c = client();
    // SAFETY: live client; `data` readable for its length.
    let st = unsafe { vk_submit(c, data.as_ptr(), data.len()) };
    let want = if well_framed(data) {
        VkStatus::VkOk
    } else {
        VkStatus::VkErrInvalidArgument
    };
    assert_eq!(st, want);
    // Drain: completions of rejected requests, and failures once the lazy connect
    // is refused, so nothing accumulates across inputs. The poll is the engine's
    // (process-wide); this client is the only one, so every record must be its own.
    // SAFETY: live client.
    let id = unsafe { vk_client_id(c) };
    assert_ne!(id, 0);
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0usize;
    for _ in 0..4 {
        // SAFETY: writable buffer and out parameter.
        let st = unsafe { vk_poll_ready(buf.as_mut_ptr(), buf.len(), &mut n) };
        match st {
            VkStatus::VkOk if n == 0 => break,
            VkStatus::VkOk => check_records(id, &buf[..n]),
            VkStatus::VkErrBufferTooSmall => buf.resize(n, 0),
            other => panic!("poll: {other:?}"),
        }
    }
});

/// Completion records, `client u32 | token u64 | status u8 | len u32 | payload`, must
/// tile the bytes written exactly, name this client, and carry a known status.
fn check_records(id: u32, mut b: &[u8]) {
    while !b.is_empty() {
        assert!(b.len() >= VK_COMPLETION_HEADER, "cut record header");
        let client = u32::from_le_bytes(b[..4].try_into().unwrap());
        assert_eq!(client, id, "a record of another client");
        let status = b[12];
        assert!(
            status <= VkStatus::VkClientGone as u8,
            "unknown status {status}"
        );
        assert_ne!(status, VkStatus::VkErrPanic as u8, "caught panic");
        assert_ne!(
            status,
            VkStatus::VkClientGone as u8,
            "the live client is gone"
        );
        let len = u32::from_le_bytes(b[13..17].try_into().unwrap()) as usize;
        b = b
            .get(VK_COMPLETION_HEADER + len..)
            .expect("record longer than the bytes written");
    }
}
