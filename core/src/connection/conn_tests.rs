//! Connection-level behaviour that needs the connection's internals to observe: how
//! many write syscalls a burst of submissions costs. The peer is a plain listener that
//! only counts the bytes it receives; no reply is needed for what is measured.

use std::io::Read;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;

use super::{Conn, Responder, Shared};
use crate::connection::stream::{ReadSide, WriteSide};

const REQUEST: &[u8] = b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";

/// A connected pair: the client end wrapped in a `Conn`, the server end draining into a
/// thread that reports once it has received `expect` bytes.
async fn pair(expect: usize) -> (Arc<Conn>, tokio::sync::oneshot::Receiver<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let client = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut server, _) = listener.accept().expect("accept");
    let (done_tx, done_rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut got = 0;
        let mut buf = [0u8; 4096];
        while got < expect {
            match server.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => got += n,
            }
        }
        let _ = done_tx.send(());
        // Keep the socket open until the client goes.
        let _ = server.read(&mut buf);
    });
    client.set_nodelay(true).expect("nodelay");
    let (r, w) = client.into_split();
    let conn = Conn::start(
        ReadSide::Tcp(r),
        WriteSide::Tcp(w),
        BytesMut::new(),
        Arc::new(Shared::new(None, 10_000)),
        None,
    );
    (conn, done_rx)
}

/// Submits `n` requests one by one, as `n` tasks of the async API would, without
/// letting any other task run in between; returns the writes they cost once all bytes
/// reached the peer.
async fn burst(coalescing: bool, n: usize) -> u64 {
    let (conn, done) = pair(n * REQUEST.len()).await;
    for _ in 0..n {
        let sub = if coalescing {
            conn.begin_coalescing()
        } else {
            conn.begin()
        };
        let mut sub = sub.expect("open connection");
        sub.push(&[REQUEST], Responder::Discard, None);
    }
    tokio::time::timeout(Duration::from_secs(5), done)
        .await
        .expect("the peer received every request in time")
        .expect("peer thread");
    conn.writes.load(Ordering::Relaxed)
}

#[tokio::test(flavor = "current_thread")]
async fn concurrent_submissions_share_one_write() {
    // The first finds the connection idle and writes at once; the other 49 find it busy
    // and leave one write to the writer task.
    let writes = burst(true, 50).await;
    assert_eq!(writes, 2, "50 coalescing submissions took {writes} writes");
}

#[tokio::test(flavor = "current_thread")]
async fn plain_submissions_write_inline() {
    // The batch path (vk_submit) hands over many records per submission and must not
    // wait for the writer task: on the FFI's runtime that only runs when the host polls.
    let writes = burst(false, 50).await;
    assert_eq!(writes, 50, "50 inline submissions took {writes} writes");
}

#[test]
fn bulk_frame_len_reads_complete_headers_only() {
    use super::bulk_frame_len;
    assert_eq!(bulk_frame_len(b"$5\r\nhello\r\n"), Some(11));
    assert_eq!(bulk_frame_len(b"$209715200\r\nab"), Some(209_715_214));
    assert_eq!(bulk_frame_len(b"$2097"), None); // header not complete yet
    assert_eq!(bulk_frame_len(b"$-1\r\n"), None);
    assert_eq!(bulk_frame_len(b"$\r\n"), None);
    assert_eq!(bulk_frame_len(b"+OK\r\n"), None);
    assert_eq!(bulk_frame_len(b"$99999999999999999999999\r\n"), None);
}

/// A connected pair whose peer starts reading only once `gate` fires, then returns
/// every byte it received (up to `expect`).
async fn collecting_pair(
    expect: usize,
    gate: std::sync::mpsc::Receiver<()>,
) -> (Arc<Conn>, tokio::sync::oneshot::Receiver<Vec<u8>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let client = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut server, _) = listener.accept().expect("accept");
    let (done_tx, done_rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = gate.recv();
        let mut got = Vec::with_capacity(expect);
        let mut buf = vec![0u8; 64 * 1024];
        while got.len() < expect {
            match server.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
        let _ = done_tx.send(got);
        let _ = server.read(&mut buf);
    });
    let (r, w) = client.into_split();
    let conn = Conn::start(
        ReadSide::Tcp(r),
        WriteSide::Tcp(w),
        BytesMut::new(),
        Arc::new(Shared::new(None, 10_000)),
        None,
    );
    (conn, done_rx)
}

/// A command of `len` bytes whose content depends on `seed` (not valid RESP; the peer
/// only compares bytes).
fn filler(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| seed.wrapping_add((i % 251) as u8))
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn large_commands_go_out_in_order_without_the_write_buffer() {
    let big1 = filler(1 << 20, 1);
    let big2 = filler(super::borrowed::BORROW_MIN, 7);
    let mut want = Vec::new();
    for part in [REQUEST, &big1[..], REQUEST, &big2[..], REQUEST] {
        want.extend_from_slice(part);
    }
    let (gate_tx, gate) = std::sync::mpsc::channel();
    gate_tx.send(()).expect("gate");
    let (conn, done) = collecting_pair(want.len(), gate).await;
    {
        let mut sub = conn.begin().expect("open connection");
        sub.push(&[REQUEST], Responder::Discard, None);
        sub.push_borrowed(&big1, Responder::Discard, None);
        sub.push_borrowed(REQUEST, Responder::Discard, None); // small: copied
        sub.push_borrowed(&big2, Responder::Discard, None);
        sub.push(&[REQUEST], Responder::Discard, None);
    }
    let got = tokio::time::timeout(Duration::from_secs(10), done)
        .await
        .expect("the peer received everything in time")
        .expect("peer thread");
    assert!(
        got == want,
        "the peer got {} bytes in a different order or content",
        got.len()
    );
    let cap = super::lock(&conn.state).out.capacity();
    assert!(
        cap < 1 << 20,
        "the 1 MiB command went through the write buffer ({cap} bytes kept)"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_stalled_large_write_copies_the_rest_before_returning() {
    // The peer reads nothing until the submission has returned: the socket fills, the
    // submitter gives up after its stall limit, and must have copied what was left —
    // the caller's memory is overwritten right after and the peer must not see that.
    let len = 32 << 20;
    let mut big = filler(len, 3);
    let want = big.clone();
    let (gate_tx, gate) = std::sync::mpsc::channel();
    let (conn, done) = collecting_pair(len, gate).await;
    {
        let mut sub = conn.begin().expect("open connection");
        sub.push_borrowed(&big, Responder::Discard, None);
    }
    big.iter_mut().for_each(|b| *b = 0);
    drop(big);
    gate_tx.send(()).expect("gate");
    let got = tokio::time::timeout(Duration::from_secs(20), done)
        .await
        .expect("the writer task finished the write")
        .expect("peer thread");
    assert_eq!(got.len(), want.len());
    assert!(
        got == want,
        "the peer saw bytes changed after the submission returned"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn an_idle_connection_gives_back_its_burst_buffers() {
    // 4 MiB of commands copied into the write buffer and written: the written buffer
    // comes back as the spare (out_spare.rs) and stays after the burst.
    const CMD: usize = 256 << 10;
    const N: usize = 16;
    let (conn, done) = pair(CMD * N).await;
    let cmd = vec![b'x'; CMD];
    {
        // One submission: all of them go into the write buffer before one write.
        let mut sub = conn.begin().expect("open connection");
        for _ in 0..N {
            sub.push(&[&cmd], Responder::Discard, None);
        }
    }
    tokio::time::timeout(Duration::from_secs(5), done)
        .await
        .expect("the peer received every byte in time")
        .expect("peer thread");
    let kept = |c: &Conn| {
        let st = super::lock(&c.state);
        (st.out.capacity(), st.spare.capacity(), st.out.len())
    };
    let (out, spare, queued) = kept(&conn);
    assert_eq!(queued, 0, "everything was written");
    assert!(
        out + spare >= CMD,
        "the burst's buffers are kept: out {out}, spare {spare}"
    );
    conn.release_idle_memory();
    let (out, spare, _) = kept(&conn);
    assert_eq!(spare, 0, "the spare is let go");
    assert!(
        out <= 64 << 10,
        "an empty write buffer of {out} bytes is let go"
    );
    assert!(
        conn.trim_reads.load(Ordering::Relaxed),
        "the reader is told to let its blocks go"
    );
}
