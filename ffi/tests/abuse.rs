//! Every C entry point fed what a buggy host might pass: null pointers, a closed client,
//! oversized lengths and records, misaligned out-parameters and client pointers. Each
//! call must come back with an error code (or its documented sentinel), never crash the
//! process, write through a pointer it refused, or take part of a refused batch.
//!
//! No server is needed: clients connect lazily to a port nothing listens on, and only
//! the failure paths are exercised. (A client pointer that was freed is undefined by
//! contract, so "dangling" here means closed, the state Go's Close leaves it in while
//! the poller drains.)
//!
//! The polls, the readiness descriptor and the completion queue belong to the engine,
//! which every client of the process shares, and the tests of this binary run in
//! parallel threads. Each test therefore holds [`serial`] for its whole run: a record
//! is never taken by a test it does not belong to, and no other test's poll drives the
//! engine between two steps a test wants adjacent (a submit and the close that must
//! catch it in flight). Each test also waits for its clients' `VkClientGone` records,
//! so nothing of it is left in the queue for the next.

use std::ffi::CStr;
use std::ptr::{null, null_mut};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use valkite_ffi::*;

const H: usize = VK_COMPLETION_HEADER;

/// Serializes the tests of this binary (see the module doc). A test that failed while
/// holding it poisons it; the next one still runs.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

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

fn id_of(c: *const VkClient) -> u32 {
    // SAFETY: live client.
    let id = unsafe { vk_client_id(c) };
    assert_ne!(id, 0, "a live client has an id");
    id
}

/// Closes and frees `c`, then waits for its `VkClientGone` record: the last one, after
/// whatever of its completions were still queued.
fn free(c: *mut VkClient) {
    let id = id_of(c);
    // SAFETY: live client, closed then freed once, no other call running.
    unsafe {
        assert_eq!(vk_client_close(c), VkStatus::VkOk);
        vk_client_free(c);
    }
    let got = collect(id, |g| g.iter().any(is_gone));
    assert!(
        got.last().is_some_and(is_gone),
        "a record after VkClientGone: {got:?}"
    );
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

/// One completion record of the client being watched: (token, status, payload).
type Rec = (u64, u8, Vec<u8>);

fn is_gone(r: &Rec) -> bool {
    r.1 == VkStatus::VkClientGone as u8
}

/// Splits `b` into records (which must tile it exactly) and keeps those of client `id`.
fn parse(id: u32, mut b: &[u8], into: &mut Vec<Rec>) {
    while !b.is_empty() {
        assert!(b.len() >= H, "a cut record header: {b:?}");
        let client = u32::from_le_bytes(b[..4].try_into().unwrap());
        let token = u64::from_le_bytes(b[4..12].try_into().unwrap());
        let len = u32::from_le_bytes(b[13..17].try_into().unwrap()) as usize;
        let payload = b
            .get(H..H + len)
            .expect("a record longer than the bytes written");
        if client == id {
            into.push((token, b[12], payload.to_vec()));
        }
        b = &b[H + len..];
    }
}

/// Waits up to `ms` for the engine's descriptor to be readable (or just `ms` when the
/// kernel gave none): the pause between two non-blocking polls.
fn wait_ready(ms: i32) {
    let fd = vk_ready_fd();
    if fd < 0 {
        std::thread::sleep(Duration::from_millis(ms as u64));
        return;
    }
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    unsafe { libc::poll(&mut p, 1, ms) };
}

/// Polls with the non-blocking `vk_poll_ready` (so a missing record fails the test
/// instead of hanging it) until `done` accepts the records of client `id` collected so
/// far; at most 20 seconds.
fn collect(id: u32, done: impl Fn(&[Rec]) -> bool) -> Vec<Rec> {
    let mut got = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done(&got) {
        assert!(
            Instant::now() < deadline,
            "client {id}: only {got:?} arrived"
        );
        let mut n = 0usize;
        // SAFETY: valid buffer and out parameter.
        let st = unsafe { vk_poll_ready(buf.as_mut_ptr(), buf.len(), &mut n) };
        match st {
            VkStatus::VkOk => parse(id, &buf[..n], &mut got),
            VkStatus::VkErrBufferTooSmall => buf.resize(n, 0),
            other => panic!("vk_poll_ready: {other:?}"),
        }
        if n == 0 {
            wait_ready(20);
        }
    }
    got
}

/// `collect` until `want` completions of requests (not the client's end) arrived,
/// returning their (token, status) pairs.
fn drain(c: *mut VkClient, want: usize) -> Vec<(u64, u8)> {
    let got = collect(id_of(c), |g| {
        g.iter().filter(|r| !is_gone(r)).count() >= want
    });
    assert!(!got.iter().any(is_gone), "gone while alive: {got:?}");
    got.into_iter().map(|(t, st, _)| (t, st)).collect()
}

/// A change that makes a valid configuration invalid.
type Mutation = Box<dyn Fn(&mut VkConfig)>;

#[test]
fn client_new_refuses_bad_configurations_with_a_message() {
    let _serial = serial();
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
    let _serial = serial();
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
        // vk_poll refuses before it would block.
        assert_eq!(
            vk_poll(buf.as_mut_ptr(), buf.len(), w_odd),
            VkStatus::VkErrInvalidArgument
        );
        assert_eq!(
            vk_poll_ready(buf.as_mut_ptr(), buf.len(), w_odd),
            VkStatus::VkErrInvalidArgument
        );
        assert_eq!(vk_client_id(bad), 0);
        assert_eq!(vk_client_close(bad), VkStatus::VkErrInvalidArgument);
        assert_eq!(vk_client_inflight(bad), 0);
        assert_eq!(vk_cancel(bad, 1), 0);
        vk_client_free(bad); // refused silently
    }
    assert_eq!(w, [0; 2], "wrote through a misaligned pointer");
    // A completion buffer at an odd address is fine: records are bytes.
    let mut n = 0usize;
    // SAFETY: 63 writable bytes at an odd address, valid out parameter.
    let st = unsafe { vk_poll_ready(buf.as_mut_ptr().add(1), 63, &mut n) };
    assert_eq!(st, VkStatus::VkOk);
    // The refused calls left the client untouched: it is still open and closes once.
    // SAFETY: live client.
    assert_eq!(unsafe { vk_client_inflight(c) }, 0);
    free(c);
}

#[test]
fn null_pointers_are_refused() {
    let _serial = serial();
    let c = lazy_client();
    let mut buf = [0u8; 64];
    let mut n = 7usize;
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
        // Both polls refuse before waiting, and write nothing they were not given.
        for poll in [vk_poll, vk_poll_ready] {
            assert_eq!(poll(null_mut(), 64, &mut n), VkStatus::VkErrInvalidArgument);
            assert_eq!(poll(null_mut(), 0, &mut n), VkStatus::VkErrInvalidArgument);
            assert_eq!(n, 7, "wrote a count for a refused poll");
            assert_eq!(
                poll(buf.as_mut_ptr(), 64, null_mut()),
                VkStatus::VkErrInvalidArgument
            );
        }
        assert_eq!(vk_client_id(null()), 0);
        assert_eq!(vk_client_close(null()), VkStatus::VkErrInvalidArgument);
        assert_eq!(vk_client_inflight(null()), 0);
        assert_eq!(vk_cancel(null(), 1), 0);
        vk_client_free(null_mut());
        assert_eq!(vk_command_slot(null(), 10), VK_SLOT_INVALID);
        assert_eq!(vk_command_slot(ping.as_ptr(), 0), VK_SLOT_INVALID);
        let v = vk_version();
        assert!(!v.is_null());
        assert_eq!(
            CStr::from_ptr(v.cast()).to_str(),
            Ok(env!("CARGO_PKG_VERSION"))
        );
    }
    // The engine exists (a client was made): one descriptor, the same on every call.
    let fd = vk_ready_fd();
    assert!(fd >= 0, "no readiness descriptor");
    assert_eq!(vk_ready_fd(), fd);
    // Nothing was taken from the refused calls: no request is in flight.
    // SAFETY: live client.
    assert_eq!(unsafe { vk_client_inflight(c) }, 0);
    free(c);
}

/// `vk_poll_interrupt` with nobody polling makes the next `vk_poll` return at once
/// (rather than block with nothing to complete). The poll runs on a thread of its own so
/// that a broken interrupt fails the test instead of hanging it.
#[test]
fn an_interrupt_releases_the_next_blocking_poll() {
    let _serial = serial();
    vk_poll_interrupt();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        let mut n = 0usize;
        // SAFETY: valid buffer and out parameter.
        let st = unsafe { vk_poll(buf.as_mut_ptr(), buf.len(), &mut n) };
        let _ = tx.send(st);
    });
    let st = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("vk_poll still blocked after vk_poll_interrupt");
    assert_eq!(st, VkStatus::VkOk);
}

#[test]
fn a_closed_client_refuses_everything_but_stays_safe() {
    let _serial = serial();
    let c = lazy_client();
    let id = id_of(c);
    // Requests in flight when the client closes complete with VK_ERR_CLOSING. No poll
    // runs between the submit and the close (the tests are serial), so both are still
    // in flight when it closes.
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
        assert_eq!(vk_cancel(c, 1), 0, "nothing to cancel on a closed client");
        assert_eq!(vk_client_id(c), id, "a closed client keeps its id");
    }
    // The closed (not yet freed) client's completions are drained as a host's poller
    // would, without blocking: both tokens fail with CLOSING.
    let mut got = collect(id, |g| g.iter().filter(|r| !is_gone(r)).count() >= 2);
    assert!(
        !got.iter().any(is_gone),
        "gone before it was freed: {got:?}"
    );
    let mut tokens: Vec<(u64, u8)> = got.iter().map(|r| (r.0, r.1)).collect();
    tokens.sort();
    assert_eq!(
        tokens,
        vec![
            (1, VkStatus::VkErrClosing as u8),
            (2, VkStatus::VkErrClosing as u8)
        ]
    );
    // Freeing it then brings its last record, VkClientGone (token 0, empty payload),
    // and nothing of it comes after that.
    // SAFETY: closed, and no call on it is running.
    unsafe { vk_client_free(c) };
    got = collect(id, |g| g.iter().any(is_gone));
    assert_eq!(got, vec![(0, VkStatus::VkClientGone as u8, Vec::new())]);
    let mut buf = [0u8; 256];
    let mut n = 7usize;
    // SAFETY: valid buffer and out parameter.
    let st = unsafe { vk_poll_ready(buf.as_mut_ptr(), buf.len(), &mut n) };
    assert_eq!(st, VkStatus::VkOk);
    let mut late = Vec::new();
    parse(id, &buf[..n], &mut late);
    assert_eq!(late, vec![], "records after VkClientGone");
}

#[test]
fn oversized_and_lying_records_are_refused_whole() {
    let _serial = serial();
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
        // Traced, but the span id that must follow the route data is missing.
        record(4, VK_ROUTE_TRACED, b"", &ping, ping.len() as u32, 0),
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
    batch.extend(record(15, 15, b"", &ping, ping.len() as u32, 0)); // unknown route kind
    batch.extend(good_record(16, &cmd(&[])));
    // Traced with the id of no live span: an ordinary request.
    let span = 0xdead_beef_u64.to_le_bytes();
    batch.extend(record(
        17,
        VK_ROUTE_TRACED,
        &span,
        &ping,
        ping.len() as u32,
        0,
    ));
    // SAFETY: live client, valid batch.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    let mut got = drain(c, 8);
    got.sort();
    let tokens: Vec<u64> = got.iter().map(|g| g.0).collect();
    assert_eq!(
        tokens,
        (10..=17).collect::<Vec<_>>(),
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
    let _serial = serial();
    let c = lazy_client();
    let id = id_of(c);
    let batch = good_record(1, &cmd(&[b"PING"]));
    // SAFETY: live client, valid batch.
    assert_eq!(
        unsafe { vk_submit(c, batch.as_ptr(), batch.len()) },
        VkStatus::VkOk
    );
    let mut one = [0u8; 1];
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut n = 0usize;
        // SAFETY: a 1-byte buffer (0 bytes offered) is valid; too small for any record.
        let st = unsafe { vk_poll_ready(one.as_mut_ptr(), 0, &mut n) };
        if st == VkStatus::VkErrBufferTooSmall {
            // A buffer of exactly the size named takes exactly that record.
            let mut exact = vec![0u8; n];
            let mut w = 0usize;
            // SAFETY: n writable bytes, valid out parameter.
            let st2 = unsafe { vk_poll_ready(exact.as_mut_ptr(), n, &mut w) };
            assert_eq!((st2, w), (VkStatus::VkOk, n), "the size named did not fit");
            let mut got = Vec::new();
            parse(id, &exact, &mut got);
            if got.is_empty() {
                continue; // another client's record (none are expected)
            }
            assert!(n > H, "needed size {n}: an error carries its message");
            assert_eq!(got.len(), 1);
            assert_eq!((got[0].0, got[0].1), (1, VkStatus::VkErrConnection as u8));
            break;
        }
        assert_eq!((st, n), (VkStatus::VkOk, 0));
        assert!(Instant::now() < deadline, "the completion never came");
        wait_ready(20);
    }
    free(c);
}

#[test]
fn huge_commands_are_sized_without_copies_or_crashes() {
    let _serial = serial();
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
