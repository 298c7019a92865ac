//! Every C entry point fed what a buggy host might pass: null pointers, a closed client,
//! oversized lengths and records, misaligned out-parameters and client pointers. Each
//! call must come back with an error code (or its documented sentinel), never crash the
//! process, write through a pointer it refused, or take part of a refused batch.
//!
//! No server is needed: clients connect lazily to a port nothing listens on, and only
//! the failure paths are exercised. (A client pointer that was freed is undefined by
//! contract, so "dangling" here means closed, the state Go's Close leaves it in while
//! the poller drains.)

use std::ptr::{null, null_mut};

use valkite_ffi::*;

const HOST: &[u8] = b"127.0.0.1";

fn config(addr: &VkAddress) -> VkConfig {
    // SAFETY: zero is a valid value for every field of this plain C struct.
    let mut cfg: VkConfig = unsafe { std::mem::zeroed() };
    cfg.addresses = addr;
    cfg.addresses_len = 1;
    cfg.lazy_connect = 1;
    cfg
}

fn addr() -> VkAddress {
    VkAddress {
        host: HOST.as_ptr(),
        host_len: HOST.len(),
        port: 1,
    }
}

/// vk_client_new with `cfg`; the status and the error message it wrote.
fn try_new(cfg: *const VkConfig) -> (VkStatus, String, *mut VkClient) {
    let mut out: *mut VkClient = null_mut();
    let mut buf = [0u8; 256];
    let mut len = 0usize;
    // SAFETY: out, buf and len are valid; cfg is either null or valid.
    let st = unsafe { vk_client_new(cfg, &mut out, buf.as_mut_ptr(), buf.len(), &mut len) };
    (st, String::from_utf8_lossy(&buf[..len]).into_owned(), out)
}

fn lazy_client() -> *mut VkClient {
    let a = addr();
    let (st, msg, c) = try_new(&config(&a));
    assert_eq!(st, VkStatus::VkOk, "{msg}");
    assert!(!c.is_null());
    c
}

fn free(c: *mut VkClient) {
    // SAFETY: live client, closed then freed once, no other call running.
    unsafe {
        assert_eq!(vk_client_close(c), VkStatus::VkOk);
        vk_client_free(c);
    }
}

fn cmd(args: &[&[u8]]) -> Vec<u8> {
    let mut v = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        v.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        v.extend_from_slice(a);
        v.extend_from_slice(b"\r\n");
    }
    v
}

fn record(token: u64, route: u8, route_data: &[u8], command: &[u8], n: u32, r: u16) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&token.to_le_bytes());
    v.extend_from_slice(&0u64.to_le_bytes());
    v.extend_from_slice(&n.to_le_bytes());
    v.push(route);
    v.extend_from_slice(&r.to_le_bytes());
    v.extend_from_slice(route_data);
    v.extend_from_slice(command);
    v
}

fn good_record(token: u64, command: &[u8]) -> Vec<u8> {
    record(token, 0, b"", command, command.len() as u32, 0)
}

/// Polls without blocking until `want` completions arrived (lazy connect to a dead
/// port fails them), returning their (token, status) pairs.
fn drain(c: *mut VkClient, want: usize) -> Vec<(u64, u8)> {
    let mut got = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while got.len() < want {
        assert!(
            std::time::Instant::now() < deadline,
            "only {got:?} of {want} completions"
        );
        let mut n = 0usize;
        // SAFETY: live client, valid buffer and out parameter.
        let st = unsafe { vk_poll_ready(c, buf.as_mut_ptr(), buf.len(), &mut n) };
        assert_eq!(st, VkStatus::VkOk);
        let mut off = 0;
        while off < n {
            let token = u64::from_le_bytes(buf[off..off + 8].try_into().unwrap());
            let status = buf[off + 8];
            let len = u32::from_le_bytes(buf[off + 9..off + 13].try_into().unwrap()) as usize;
            got.push((token, status));
            off += 13 + len;
        }
        if n == 0 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
    got
}

/// A change that makes a valid configuration invalid.
type Mutation = Box<dyn Fn(&mut VkConfig)>;

#[test]
fn client_new_refuses_bad_configurations_with_a_message() {
    let a = addr();
    let (st, msg, out) = try_new(null());
    assert_eq!(st, VkStatus::VkErrConfiguration);
    assert!(msg.contains("null"), "{msg}");
    assert!(out.is_null());

    // Null output pointer.
    let cfg = config(&a);
    // SAFETY: valid config; a null out pointer is what is being tested.
    let st = unsafe { vk_client_new(&cfg, null_mut(), null_mut(), 0, null_mut()) };
    assert_eq!(st, VkStatus::VkErrConfiguration);

    let cases: Vec<(&str, Mutation)> = vec![
        ("no addresses", Box::new(|c| c.addresses = null())),
        ("zero addresses", Box::new(|c| c.addresses_len = 0)),
        (
            "too many addresses",
            Box::new(|c| c.addresses_len = 1 << 40),
        ),
        ("cluster flag", Box::new(|c| c.cluster = 7)),
        ("read_from", Box::new(|c| c.read_from = 200)),
        ("protocol", Box::new(|c| c.protocol = 9)),
        (
            "null password with a length",
            Box::new(|c| {
                c.has_credentials = 1;
                c.password_len = 5;
            }),
        ),
        (
            "null client name with a length",
            Box::new(|c| c.client_name_len = usize::MAX),
        ),
        (
            "null certificates with a length",
            Box::new(|c| {
                c.use_tls = 1;
                c.root_certs_pem_len = 1 << 20;
            }),
        ),
    ];
    for (what, mutate) in cases {
        let mut cfg = config(&a);
        mutate(&mut cfg);
        let (st, msg, out) = try_new(&cfg);
        assert_eq!(st, VkStatus::VkErrConfiguration, "{what}: {msg}");
        assert!(!msg.is_empty(), "{what}: no message");
        assert!(out.is_null(), "{what}: a client was returned");
    }

    // A host that is not UTF-8, and one with a null pointer.
    let bad = [0xffu8, 0xfe];
    for host in [
        VkAddress {
            host: bad.as_ptr(),
            host_len: 2,
            port: 1,
        },
        VkAddress {
            host: null(),
            host_len: 9,
            port: 1,
        },
    ] {
        let (st, msg, _) = try_new(&config(&host));
        assert_eq!(st, VkStatus::VkErrConfiguration, "{msg}");
    }

    // Error buffers: none, zero-sized, too small (the message is cut, never overrun),
    // and at an odd address (bytes have no alignment).
    let mut cfg = config(&a);
    cfg.protocol = 9;
    let mut out = null_mut();
    let mut len = 99usize;
    // SAFETY: valid config and out; a null buffer with a length pointer.
    let st = unsafe { vk_client_new(&cfg, &mut out, null_mut(), 64, &mut len) };
    assert_eq!((st, len), (VkStatus::VkErrConfiguration, 0));
    let mut small = [0xaau8; 8];
    // SAFETY: 4 writable bytes offered out of 8.
    let st = unsafe { vk_client_new(&cfg, &mut out, small.as_mut_ptr(), 4, &mut len) };
    assert_eq!((st, len), (VkStatus::VkErrConfiguration, 4));
    assert_eq!(&small[4..], &[0xaa; 4], "wrote past the offered capacity");
    let mut odd = [0u8; 65];
    // SAFETY: 64 writable bytes at an odd address.
    let st = unsafe { vk_client_new(&cfg, &mut out, odd.as_mut_ptr().add(1), 64, null_mut()) };
    assert_eq!(st, VkStatus::VkErrConfiguration);
}

#[test]
fn misaligned_pointers_are_refused() {
    let a = addr();
    let cfg = config(&a);
    // An out pointer and a length pointer at odd addresses.
    let mut space = [0u64; 4];
    let odd = (space.as_mut_ptr() as *mut u8).wrapping_add(1);
    // SAFETY: the pointers point into `space`; their alignment is what is tested.
    let st = unsafe {
        vk_client_new(
            &cfg,
            odd as *mut *mut VkClient,
            null_mut(),
            0,
            odd as *mut usize,
        )
    };
    assert_eq!(st, VkStatus::VkErrConfiguration);
    assert_eq!(space, [0; 4], "wrote through a misaligned pointer");

    // A configuration and an address list at odd addresses.
    let mut raw = vec![0u8; std::mem::size_of::<VkConfig>() + 16];
    // SAFETY: copying the bytes of a valid config into a buffer large enough.
    let cfg_odd = unsafe {
        let p = raw.as_mut_ptr().add(1);
        std::ptr::copy_nonoverlapping(
            &cfg as *const VkConfig as *const u8,
            p,
            std::mem::size_of::<VkConfig>(),
        );
        p as *const VkConfig
    };
    let mut out = null_mut();
    // SAFETY: readable bytes of a config, misaligned on purpose.
    let st = unsafe { vk_client_new(cfg_odd, &mut out, null_mut(), 0, null_mut()) };
    assert_eq!(st, VkStatus::VkErrConfiguration);
    let mut addr_raw = vec![0u8; std::mem::size_of::<VkAddress>() + 16];
    let mut cfg2 = config(&a);
    // SAFETY: as above, for the address list.
    unsafe {
        let p = addr_raw.as_mut_ptr().add(1);
        std::ptr::copy_nonoverlapping(
            &a as *const VkAddress as *const u8,
            p,
            std::mem::size_of::<VkAddress>(),
        );
        cfg2.addresses = p as *const VkAddress;
    }
    let (st, msg, _) = try_new(&cfg2);
    assert_eq!(st, VkStatus::VkErrConfiguration, "{msg}");

    // A client pointer that cannot be one, and poll out-parameters at odd addresses.
    let c = lazy_client();
    let bad = (c as *mut u8).wrapping_add(1) as *mut VkClient;
    let ping = good_record(1, &cmd(&[b"PING"]));
    let mut buf = [0u8; 64];
    let mut w = [0u64; 2];
    let w_odd = (w.as_mut_ptr() as *mut u8).wrapping_add(3) as *mut usize;
    // SAFETY: every call must refuse its misaligned pointer before using it.
    unsafe {
        assert_eq!(
            vk_submit(bad, ping.as_ptr(), ping.len()),
            VkStatus::VkErrInvalidArgument
        );
        assert_eq!(
            vk_poll(c, buf.as_mut_ptr(), buf.len(), w_odd),
            VkStatus::VkErrInvalidArgument
        );
        assert_eq!(
            vk_poll_ready(c, buf.as_mut_ptr(), buf.len(), w_odd),
            VkStatus::VkErrInvalidArgument
        );
        let mut n = 0usize;
        assert_eq!(
            vk_poll(bad, buf.as_mut_ptr(), buf.len(), &mut n),
            VkStatus::VkErrInvalidArgument
        );
        assert_eq!(
            vk_poll_ready(bad, buf.as_mut_ptr(), buf.len(), &mut n),
            VkStatus::VkErrInvalidArgument
        );
        assert_eq!(vk_client_close(bad), VkStatus::VkErrInvalidArgument);
        assert_eq!(vk_client_inflight(bad), 0);
        assert_eq!(vk_client_ready_fd(bad), -1);
        vk_client_free(bad); // refused silently
    }
    assert_eq!(w, [0; 2], "wrote through a misaligned pointer");
    free(c);
}

#[test]
fn null_pointers_are_refused() {
    let c = lazy_client();
    let mut buf = [0u8; 64];
    let mut n = 0usize;
    let ping = good_record(1, &cmd(&[b"PING"]));
    // SAFETY: each call gets one null pointer where a valid one belongs.
    unsafe {
        assert_eq!(
            vk_submit(null(), ping.as_ptr(), ping.len()),
            VkStatus::VkErrInvalidArgument
        );
        assert_eq!(vk_submit(c, null(), 23), VkStatus::VkErrInvalidArgument);
        assert_eq!(
            vk_submit(c, null(), 0),
            VkStatus::VkOk,
            "an empty batch is fine"
        );
        for poll in [vk_poll, vk_poll_ready] {
            assert_eq!(
                poll(null(), buf.as_mut_ptr(), 64, &mut n),
                VkStatus::VkErrInvalidArgument
            );
            assert_eq!(
                poll(c, null_mut(), 64, &mut n),
                VkStatus::VkErrInvalidArgument
            );
            assert_eq!(
                poll(c, buf.as_mut_ptr(), 64, null_mut()),
                VkStatus::VkErrInvalidArgument
            );
        }
        assert_eq!(vk_client_close(null()), VkStatus::VkErrInvalidArgument);
        assert_eq!(vk_client_inflight(null()), 0);
        assert_eq!(vk_client_ready_fd(null()), -1);
        vk_client_free(null_mut());
        assert_eq!(vk_command_slot(null(), 10), VK_SLOT_INVALID);
        assert_eq!(vk_command_slot(ping.as_ptr(), 0), VK_SLOT_INVALID);
        assert!(!vk_version().is_null());
    }
    free(c);
}

#[test]
fn a_closed_client_refuses_everything_but_stays_safe() {
    let c = lazy_client();
    // Requests in flight when the client closes complete with VK_ERR_CLOSING.
    let mut batch = good_record(1, &cmd(&[b"GET", b"k"]));
    batch.extend(good_record(2, &cmd(&[b"PING"])));
    // SAFETY: live client, valid batch.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    // SAFETY: live client.
    unsafe {
        assert_eq!(vk_client_close(c), VkStatus::VkOk);
        assert_eq!(vk_client_close(c), VkStatus::VkOk, "close is idempotent");
        assert_eq!(
            vk_submit(c, batch.as_ptr(), batch.len()),
            VkStatus::VkErrClosing
        );
        assert_eq!(vk_client_inflight(c), 0);
    }
    let mut tokens = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        let mut n = 0usize;
        // SAFETY: closed (not freed) client, valid buffer.
        let st = unsafe { vk_poll(c, buf.as_mut_ptr(), buf.len(), &mut n) };
        if st == VkStatus::VkErrClosing {
            break;
        }
        assert_eq!(st, VkStatus::VkOk);
        let mut off = 0;
        while off < n {
            tokens.push((
                u64::from_le_bytes(buf[off..off + 8].try_into().unwrap()),
                buf[off + 8],
            ));
            off += 13 + u32::from_le_bytes(buf[off + 9..off + 13].try_into().unwrap()) as usize;
        }
    }
    tokens.sort();
    assert_eq!(
        tokens,
        vec![
            (1, VkStatus::VkErrClosing as u8),
            (2, VkStatus::VkErrClosing as u8)
        ]
    );
    // Polling a drained, closed client keeps answering CLOSING, with either poll.
    let mut n = 7usize;
    // SAFETY: closed, not freed.
    unsafe {
        assert_eq!(
            vk_poll(c, buf.as_mut_ptr(), buf.len(), &mut n),
            VkStatus::VkErrClosing
        );
        assert_eq!(
            vk_poll_ready(c, buf.as_mut_ptr(), buf.len(), &mut n),
            VkStatus::VkErrClosing
        );
        assert_eq!(n, 0);
        vk_client_free(c);
    }
}

#[test]
fn oversized_and_lying_records_are_refused_whole() {
    let c = lazy_client();
    let ping = cmd(&[b"PING"]);
    let good = good_record(1, &ping);
    let lies = [
        // Command length far beyond the buffer (u32::MAX).
        record(2, 0, b"", &ping, u32::MAX, 0),
        // Route length beyond the buffer.
        record(3, 6, b"key", &ping, ping.len() as u32, u16::MAX),
        // A header cut short.
        good[..22].to_vec(),
    ];
    for lie in &lies {
        let mut batch = good.clone();
        batch.extend_from_slice(lie);
        // SAFETY: live client, valid buffer of this length.
        assert_eq!(
            unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
            VkStatus::VkErrInvalidArgument
        );
    }
    // A buffer length larger than any real one, with a null pointer.
    // SAFETY: refused before the pointer is read.
    assert_eq!(
        unsafe { vk_submit(c, null(), usize::MAX) },
        VkStatus::VkErrInvalidArgument
    );
    // Nothing of the refused batches was taken.
    // SAFETY: live client.
    assert_eq!(unsafe { vk_client_inflight(c) }, 0);

    // Well framed but wrong inside: each fails on its own, the others still complete.
    let mut batch = good_record(10, &ping);
    batch.extend(good_record(11, b"*1\r\n$9\r\nPING\r\n")); // lying bulk length
    batch.extend(good_record(12, b"not resp at all"));
    batch.extend(record(13, 4, &[0xff, 0xff], &ping, ping.len() as u32, 2)); // slot 65535
    batch.extend(record(14, 8, &[1], &ping, ping.len() as u32, 1)); // address too short
    batch.extend(record(15, 63, b"", &ping, ping.len() as u32, 0)); // unknown route kind
    batch.extend(good_record(16, &cmd(&[])));
    // SAFETY: live client, valid batch.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    let mut got = drain(c, 7);
    got.sort();
    let tokens: Vec<u64> = got.iter().map(|g| g.0).collect();
    assert_eq!(
        tokens,
        (10..=16).collect::<Vec<_>>(),
        "every token completes exactly once"
    );
    for (t, st) in &got {
        assert_ne!(*st, VkStatus::VkOk as u8, "token {t} cannot have succeeded");
        assert_ne!(*st, VkStatus::VkErrPanic as u8, "token {t} panicked");
    }
    free(c);
}

#[test]
fn a_poll_buffer_too_small_is_told_the_size_needed() {
    let c = lazy_client();
    let batch = good_record(1, &cmd(&[b"PING"]));
    // SAFETY: live client, valid batch.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    let mut one = [0u8; 1];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let mut n = 0usize;
        // SAFETY: a 1-byte buffer (0 bytes offered) is valid; too small for any record.
        let st = unsafe { vk_poll_ready(c, one.as_mut_ptr(), 0, &mut n) };
        if st == VkStatus::VkErrBufferTooSmall {
            assert!(n > 13, "needed size {n}");
            break;
        }
        assert_eq!((st, n), (VkStatus::VkOk, 0));
        assert!(
            std::time::Instant::now() < deadline,
            "the completion never came"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(drain(c, 1), vec![(1, VkStatus::VkErrConnection as u8)]);
    free(c);
}

#[test]
fn huge_commands_are_sized_without_copies_or_crashes() {
    // A million arguments: vk_command_slot reads it, vk_submit takes it.
    let mut args: Vec<Vec<u8>> = vec![b"MSET".to_vec()];
    for i in 0..500_000u32 {
        args.push(format!("{{t}}k{i}").into_bytes());
        args.push(b"v".to_vec());
    }
    let refs: Vec<&[u8]> = args.iter().map(Vec::as_slice).collect();
    let big = cmd(&refs);
    // SAFETY: valid buffer.
    let slot = unsafe { vk_command_slot(big.as_ptr(), big.len()) };
    assert!((0..16384).contains(&slot), "slot {slot}");
    let c = lazy_client();
    let rec = good_record(1, &big);
    // SAFETY: live client, valid batch.
    assert_eq!(
        unsafe { vk_submit(c, rec.as_ptr(), rec.len()) },
        VkStatus::VkOk
    );
    assert_eq!(drain(c, 1).len(), 1);
    // A bulk length beyond proto-max-bulk-len (512 MiB) is refused by the command check
    // without allocating it.
    let liar = good_record(2, b"*2\r\n$3\r\nSET\r\n$600000000\r\nxx\r\n");
    // SAFETY: as above.
    assert_eq!(
        unsafe { vk_submit(c, liar.as_ptr(), liar.len()) },
        VkStatus::VkOk
    );
    let got = drain(c, 1);
    assert_eq!(got[0].0, 2);
    assert_eq!(got[0].1, VkStatus::VkErrInvalidArgument as u8);
    free(c);
}
