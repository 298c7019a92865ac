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
