//! Connection set-up, run on the raw stream before the connection is shared: a short,
//! strictly sequential conversation. Each step's commands are written in one go and
//! their replies read in order.

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::stream::Stream;
use crate::config::{ClientConfig, Credentials, Protocol};
use crate::error::{Error, Result};
use crate::resp::{self, Scanner, Value};

/// Reported with CLIENT SETINFO LIB-NAME unless the configuration names another library.
pub(crate) const DEFAULT_LIB_NAME: &str = "valkite";

/// What the server told us while we set the connection up.
#[derive(Debug, Clone, Default)]
pub(crate) struct ServerHello {
    pub protocol: u8,
    /// "master"/"primary" or "replica", when HELLO reported it.
    pub role: Option<String>,
    /// The node's availability zone (Valkey 8.1+ reports it in HELLO).
    pub availability_zone: Option<String>,
    /// The server's id for this connection (HELLO's `id`): what CLIENT UNBLOCK names.
    pub client_id: Option<i64>,
}

pub(crate) struct Handshaker<'a> {
    stream: &'a mut Stream,
    buf: BytesMut,
    scanner: Scanner,
}

impl<'a> Handshaker<'a> {
    pub(crate) fn new(stream: &'a mut Stream) -> Self {
        Handshaker {
            stream,
            buf: BytesMut::with_capacity(4096),
            scanner: Scanner::new(),
        }
    }

    /// Sends `cmds` in one write and returns their replies in order. A server error
    /// reply is returned as `Value::ServerError`, not as `Err`, so callers decide which
    /// errors matter.
    pub(crate) async fn roundtrip(&mut self, cmds: &[Vec<&[u8]>]) -> Result<Vec<Value>> {
        let mut out = BytesMut::new();
        for c in cmds {
            resp::encode_command(&mut out, c);
        }
        self.stream
            .write_all(&out)
            .await
            .map_err(|e| Error::Connection(format!("write during handshake: {e}")))?;
        let mut replies = Vec::with_capacity(cmds.len());
        while replies.len() < cmds.len() {
            match self.scanner.scan(&self.buf)? {
                Some(info) => {
                    self.scanner.reset();
                    let frame = self.buf.split_to(info.len).freeze();
                    replies.push(resp::decode(frame)?);
                }
                None => {
                    self.buf.reserve(4096);
                    let n =
                        self.stream.read_buf(&mut self.buf).await.map_err(|e| {
                            Error::Connection(format!("read during handshake: {e}"))
                        })?;
                    if n == 0 {
                        return Err(Error::Connection(
                            "server closed the connection during handshake".into(),
                        ));
                    }
                }
            }
        }
        Ok(replies)
    }

    /// Bytes read past the last handshake reply; the reader starts with them.
    pub(crate) fn into_leftover(self) -> BytesMut {
        self.buf
    }
}

/// What a refused HELLO means for the rest of the handshake.
enum HelloRefusal {
    /// Wrong credentials: no point in trying AUTH.
    BadCredentials,
    /// The server wants authentication first and we have nothing to offer.
    AuthRequired,
    /// No HELLO (unknown, renamed, or no RESP3) or it needs AUTH first: fall back to
    /// RESP2 and AUTH.
    FallBack,
}

fn hello_refusal(e: &resp::ServerError, have_credentials: bool) -> HelloRefusal {
    match e.code() {
        "WRONGPASS" => HelloRefusal::BadCredentials,
        // Valkey answers NOAUTH to an unknown command on a protected server, before
        // it even looks the command up; with credentials, AUTH can still get us in.
        "NOAUTH" if !have_credentials => HelloRefusal::AuthRequired,
        _ => HelloRefusal::FallBack,
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::SimpleString(s) => Some(s.clone()),
        Value::BulkString(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::VerbatimString { text, .. } => Some(text.clone()),
        _ => None,
    }
}

/// Runs the whole set-up: HELLO 3 (with AUTH and SETNAME folded in), falling back to
/// RESP2 + AUTH where HELLO is refused; then SELECT, SETNAME (RESP2 path) and SETINFO.
/// SETINFO errors are ignored: older servers do not know it and that is fine.
///
/// `extra` commands (READONLY for a cluster replica) go out with the last step; their
/// error replies are ignored too: a connection without them still works, just less well
/// (a replica that did not take READONLY redirects reads to its primary).
pub(crate) async fn handshake(
    stream: &mut Stream,
    cfg: &ClientConfig,
    credentials: Option<&Credentials>,
    database: u32,
    extra: &[&[u8]],
) -> Result<(ServerHello, BytesMut)> {
    let mut hs = Handshaker::new(stream);
    let mut hello = ServerHello {
        protocol: 2,
        ..Default::default()
    };
    let user = credentials.map(|c| c.username.clone().unwrap_or_else(|| "default".into()));
    let mut name_sent = false;

    if cfg.protocol == Protocol::Resp3 {
        let mut cmd: Vec<&[u8]> = vec![b"HELLO", b"3"];
        if let (Some(c), Some(u)) = (credentials, &user) {
            cmd.extend([b"AUTH".as_slice(), u.as_bytes(), c.password.as_bytes()]);
        }
        if let Some(n) = &cfg.client_name {
            cmd.extend([b"SETNAME".as_slice(), n.as_bytes()]);
        }
        let reply = hs.roundtrip(&[cmd]).await?.pop();
        match reply {
            // The server's text is not repeated in these errors: refusing an unknown
            // command, some servers echo its arguments, the password among them.
            Some(Value::ServerError(e)) => match hello_refusal(&e, credentials.is_some()) {
                HelloRefusal::BadCredentials => {
                    return Err(Error::Connection(format!(
                        "authentication failed ({})",
                        e.code()
                    )))
                }
                HelloRefusal::AuthRequired => {
                    return Err(Error::Connection(
                        "authentication required: the server wants credentials (NOAUTH)".into(),
                    ))
                }
                HelloRefusal::FallBack => {} // RESP2 + AUTH below
            },
            Some(Value::Map(fields)) => {
                hello.protocol = 3;
                name_sent = cfg.client_name.is_some();
                for (k, v) in &fields {
                    match text(k).as_deref() {
                        Some("role") => hello.role = text(v),
                        Some("id") => {
                            hello.client_id = match v {
                                Value::Integer(i) => Some(*i),
                                other => text(other).and_then(|s| s.parse().ok()),
                            }
                        }
                        Some("availability_zone") => {
                            hello.availability_zone = text(v).filter(|s| !s.is_empty())
                        }
                        _ => {}
                    }
                }
            }
            Some(other) => {
                return Err(Error::Protocol(format!(
                    "unexpected HELLO reply: {other:?}"
                )));
            }
            None => return Err(Error::Protocol("no HELLO reply".into())),
        }
    }

    let mut steps: Vec<Vec<&[u8]>> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    if hello.protocol == 2 {
        if let (Some(c), Some(u)) = (credentials, &user) {
            if c.username.is_some() {
                steps.push(vec![b"AUTH", u.as_bytes(), c.password.as_bytes()]);
            } else {
                steps.push(vec![b"AUTH", c.password.as_bytes()]);
            }
            names.push("AUTH");
        }
    }
    let db = database.to_string();
    if database != 0 {
        steps.push(vec![b"SELECT", db.as_bytes()]);
        names.push("SELECT");
    }
    if !name_sent {
        if let Some(n) = &cfg.client_name {
            steps.push(vec![b"CLIENT", b"SETNAME", n.as_bytes()]);
            names.push("CLIENT SETNAME");
        }
    }
    let lib = cfg.lib_name.as_deref().unwrap_or(DEFAULT_LIB_NAME);
    steps.push(vec![b"CLIENT", b"SETINFO", b"LIB-NAME", lib.as_bytes()]);
    names.push("SETINFO");
    steps.push(vec![
        b"CLIENT",
        b"SETINFO",
        b"LIB-VER",
        env!("CARGO_PKG_VERSION").as_bytes(),
    ]);
    names.push("SETINFO");
    for cmd in extra {
        steps.push(vec![cmd]);
        names.push("EXTRA");
    }

    let replies = hs.roundtrip(&steps).await?;
    for (reply, name) in replies.iter().zip(names) {
        if let Value::ServerError(e) = reply {
            match name {
                "SETINFO" | "EXTRA" => {}
                "AUTH" => return Err(Error::Connection(format!("authentication failed: {e}"))),
                _ => return Err(Error::Connection(format!("{name} failed: {e}"))),
            }
        }
    }
    let mut left = hs.into_leftover();
    if left.is_empty() {
        left = BytesMut::with_capacity(64 * 1024);
    } else {
        left.reserve(64 * 1024);
    }
    let _ = left.remaining();
    Ok((hello, left))
}
