//! The byte stream under a connection: plain TCP or rustls over TCP.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf, ReadHalf, WriteHalf};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::config::Address;
use crate::error::{Error, Result};

pub(crate) enum Stream {
    Tcp(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

/// Read side after the split. TCP halves are owned (no lock between reader and writer).
pub(crate) enum ReadSide {
    Tcp(OwnedReadHalf),
    Tls(ReadHalf<TlsStream<TcpStream>>),
}

/// Write side after the split. The TCP half supports `try_write(&self)`, which lets a
/// submitting thread write inline when the socket is idle (no hop to the writer task).
pub(crate) enum WriteSide {
    Tcp(OwnedWriteHalf),
    Tls(tokio::sync::Mutex<WriteHalf<TlsStream<TcpStream>>>),
}

/// Connects (TCP, then TLS when configured) within `timeout`.
pub(crate) async fn connect(
    addr: &Address,
    tls: Option<&TlsConnector>,
    timeout: Duration,
) -> Result<Stream> {
    let fut = async {
        let tcp = TcpStream::connect((addr.host.as_str(), addr.port))
            .await
            .map_err(|e| Error::Connection(format!("connect to {addr}: {e}")))?;
        let _ = tcp.set_nodelay(true);
        match tls {
            None => Ok(Stream::Tcp(tcp)),
            Some(c) => Ok(Stream::Tls(Box::new(
                crate::tls::handshake(c, &addr.host, tcp).await?,
            ))),
        }
    };
    match tokio::time::timeout(timeout, fut).await {
        Ok(r) => r,
        Err(_) => Err(Error::Connection(format!(
            "connect to {addr}: timed out after {timeout:?}"
        ))),
    }
}

impl Stream {
    /// The socket under the stream (TLS included), for [`CompletionSink::connected`].
    ///
    /// [`CompletionSink::connected`]: crate::CompletionSink::connected
    #[cfg(unix)]
    pub(crate) fn raw_fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        match self {
            Stream::Tcp(t) => t.as_raw_fd(),
            Stream::Tls(t) => t.get_ref().0.as_raw_fd(),
        }
    }

    pub(crate) fn split(self) -> (ReadSide, WriteSide) {
        match self {
            Stream::Tcp(t) => {
                let (r, w) = t.into_split();
                (ReadSide::Tcp(r), WriteSide::Tcp(w))
            }
            Stream::Tls(t) => {
                let (r, w) = tokio::io::split(*t);
                (ReadSide::Tls(r), WriteSide::Tls(tokio::sync::Mutex::new(w)))
            }
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, b: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_write(cx, b),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, b),
        }
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

impl AsyncRead for ReadSide {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            ReadSide::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            ReadSide::Tls(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}
