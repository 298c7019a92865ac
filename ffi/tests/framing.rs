//! The submission framing through the real entry points, without a server: a lazy
//! client accepts records (with and without route data) and refuses broken framing
//! whole. Regression test: route bytes were once not skipped by the framing check.

use valkite_ffi::*;

fn lazy_client() -> *mut VkClient {
    let host = b"127.0.0.1";
    let addr = VkAddress {
        host: host.as_ptr(),
        host_len: host.len(),
        port: 1,
    };
    // SAFETY: zero is a valid value for every field of this plain C struct.
    let mut cfg: VkConfig = unsafe { std::mem::zeroed() };
    cfg.addresses = &addr;
    cfg.addresses_len = 1;
    cfg.lazy_connect = 1;
    let mut out: *mut VkClient = std::ptr::null_mut();
    // SAFETY: valid config and out pointer; no error buffer.
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

fn record(token: u64, route: u8, route_data: &[u8], cmd: &[u8]) -> Vec<u8> {
    let mut r = Vec::new();
    r.extend_from_slice(&token.to_le_bytes());
    r.extend_from_slice(&0u64.to_le_bytes());
    r.extend_from_slice(&(cmd.len() as u32).to_le_bytes());
    r.push(route);
    r.extend_from_slice(&(route_data.len() as u16).to_le_bytes());
    r.extend_from_slice(route_data);
    r.extend_from_slice(cmd);
    r
}

#[test]
fn records_with_route_data_are_framed_correctly() {
    let c = lazy_client();
    let ping = b"*1\r\n$4\r\nPING\r\n";
    let mut batch = record(1, 6, b"some-key", ping);
    batch.extend(record(2, 0, b"", ping));
    batch.extend(record(3, 8, &[0x39, 0x05, b'h', b'o', b's', b't'], ping));
    // SAFETY: live client, valid buffer.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    // A record cut short anywhere is refused whole.
    let cut = &batch[..batch.len() - 3];
    // SAFETY: as above.
    assert_eq!(
        unsafe { vk_submit(c, cut.as_ptr(), cut.len()) },
        VkStatus::VkErrInvalidArgument
    );
    // SAFETY: live client, closed then freed once.
    unsafe {
        vk_client_close(c);
        vk_client_free(c);
    }
}

/// A route the core cannot decode fails its own request with a message saying why,
/// instead of being sent anywhere; the records around it are taken as usual.
#[test]
fn undecodable_route_fails_its_own_request() {
    let c = lazy_client();
    // SAFETY: live client.
    let id = unsafe { vk_client_id(c) };
    let ping = b"*1\r\n$4\r\nPING\r\n";
    // 15: the largest kind the route byte's low bits can name (the four high bits are
    // flags), and no such route kind.
    let mut batch = record(41, VK_ROUTE_KIND_MASK, b"", ping);
    // Slot 65535: out of range.
    batch.extend(record(42, 4, &[0xff, 0xff], ping));
    // SAFETY: live client, valid buffer.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    let mut got = std::collections::HashMap::new();
    let mut buf = vec![0u8; 4096];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while got.len() < 2 {
        assert!(std::time::Instant::now() < deadline, "got only {got:?}");
        let mut n = 0usize;
        // SAFETY: valid buffer and out pointer.
        let st = unsafe { vk_poll_ready(buf.as_mut_ptr(), buf.len(), &mut n) };
        assert_eq!(st, VkStatus::VkOk);
        let mut b = &buf[..n];
        let h = VK_COMPLETION_HEADER;
        while b.len() >= h {
            let client = u32::from_le_bytes(b[..4].try_into().unwrap());
            let token = u64::from_le_bytes(b[4..12].try_into().unwrap());
            let l = u32::from_le_bytes(b[13..17].try_into().unwrap()) as usize;
            if client == id {
                let msg = String::from_utf8_lossy(&b[h..h + l]).into_owned();
                got.insert(token, (b[12], msg));
            }
            b = &b[h + l..];
        }
    }
    let invalid = VkStatus::VkErrInvalidArgument as u8;
    assert_eq!(got[&41].0, invalid);
    assert!(
        got[&41].1.contains("unknown route kind 15"),
        "{}",
        got[&41].1
    );
    assert_eq!(got[&42].0, invalid);
    assert!(
        got[&42].1.contains("slot 65535 out of range"),
        "{}",
        got[&42].1
    );
    // SAFETY: live client, closed then freed once.
    unsafe {
        vk_client_close(c);
        vk_client_free(c);
    }
}
