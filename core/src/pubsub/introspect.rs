//! PUBSUB CHANNELS / NUMPAT / NUMSUB / SHARDCHANNELS / SHARDNUMSUB on a cluster: asked
//! of every node (subscribers may sit on any of them, replicas included), the replies
//! combined the way GLIDE combines them — lists concatenated, NUMPAT summed, NUMSUB
//! and SHARDNUMSUB merged by channel with the counts summed.

use std::collections::HashMap;

use bytes::{BufMut, Bytes, BytesMut};

use crate::error::{Error, Result};
use crate::route::Route;
use crate::{ClusterClient, Cmd, Value};

/// How one introspection subcommand's replies combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    /// CHANNELS, SHARDCHANNELS.
    Concat,
    /// NUMPAT.
    Sum,
    /// NUMSUB, SHARDNUMSUB.
    SumByChannel,
}

/// The combination for `PUBSUB <sub>`, or `None` for a subcommand that is not one of
/// the five.
pub fn combine_of(sub: &[u8]) -> Option<Combine> {
    let is = |s: &str| sub.eq_ignore_ascii_case(s.as_bytes());
    if is("CHANNELS") || is("SHARDCHANNELS") {
        Some(Combine::Concat)
    } else if is("NUMPAT") {
        Some(Combine::Sum)
    } else if is("NUMSUB") || is("SHARDNUMSUB") {
        Some(Combine::SumByChannel)
    } else {
        None
    }
}

fn text(v: &Value) -> Result<Bytes> {
    match v {
        Value::BulkString(b) => Ok(b.clone()),
        Value::SimpleString(s) => Ok(Bytes::from(s.clone().into_bytes())),
        other => Err(Error::Protocol(format!(
            "PUBSUB: expected a channel name, got {other:?}"
        ))),
    }
}

fn int(v: &Value) -> Result<i64> {
    match v {
        Value::Integer(n) => Ok(*n),
        other => Err(Error::Protocol(format!(
            "PUBSUB: expected a count, got {other:?}"
        ))),
    }
}

/// Runs `args` (PUBSUB and its subcommand …) on every node and returns the combined
/// reply as a RESP frame.
pub async fn cluster_introspect(client: &ClusterClient, args: &[Bytes]) -> Result<Bytes> {
    let how = args
        .get(1)
        .and_then(|s| combine_of(s))
        .ok_or_else(|| Error::InvalidRequest("not a PUBSUB introspection command".into()))?;
    let addrs: Vec<crate::Address> = client.view().addresses().cloned().collect();
    if addrs.is_empty() {
        return Err(Error::Disconnect("no cluster topology yet".into()));
    }
    let mut replies = Vec::with_capacity(addrs.len());
    let sends = addrs.iter().map(|a| {
        let cmd: Cmd = crate::cmd(args.iter());
        client.send_routed(
            cmd,
            Route::ByAddress {
                host: &a.host,
                port: a.port,
            },
        )
    });
    for r in join_all(sends).await {
        replies.push(r?);
    }
    let mut out = BytesMut::new();
    match how {
        Combine::Sum => {
            let mut total = 0i64;
            for r in &replies {
                total = total.saturating_add(int(r)?);
            }
            out.put_slice(format!(":{total}\r\n").as_bytes());
        }
        Combine::Concat => {
            let mut all = Vec::new();
            for r in &replies {
                match r {
                    Value::Array(items) | Value::Set(items) => {
                        for i in items {
                            all.push(text(i)?);
                        }
                    }
                    Value::Nil => {}
                    other => {
                        return Err(Error::Protocol(format!(
                            "PUBSUB: expected a list, got {other:?}"
                        )))
                    }
                }
            }
            out.put_slice(format!("*{}\r\n", all.len()).as_bytes());
            for c in all {
                bulk(&mut out, &c);
            }
        }
        Combine::SumByChannel => {
            let mut order: Vec<Bytes> = Vec::new();
            let mut sums: HashMap<Bytes, i64> = HashMap::new();
            let mut add = |k: Bytes, n: i64| {
                let e = sums.entry(k.clone()).or_insert_with(|| {
                    order.push(k);
                    0
                });
                *e = e.saturating_add(n);
            };
            for r in &replies {
                match r {
                    Value::Map(pairs) => {
                        for (k, v) in pairs {
                            add(text(k)?, int(v)?);
                        }
                    }
                    Value::Array(items) => {
                        for pair in items.chunks(2) {
                            if let [k, v] = pair {
                                add(text(k)?, int(v)?);
                            }
                        }
                    }
                    other => {
                        return Err(Error::Protocol(format!(
                            "PUBSUB: expected channel counts, got {other:?}"
                        )))
                    }
                }
            }
            out.put_slice(format!("%{}\r\n", order.len()).as_bytes());
            for k in order {
                let n = sums.get(&k).copied().unwrap_or(0);
                bulk(&mut out, &k);
                out.put_slice(format!(":{n}\r\n").as_bytes());
            }
        }
    }
    Ok(out.freeze())
}

fn bulk(out: &mut BytesMut, b: &[u8]) {
    out.put_slice(format!("${}\r\n", b.len()).as_bytes());
    out.put_slice(b);
    out.put_slice(b"\r\n");
}

/// Awaits every future, in order (no extra dependency for a handful of nodes).
async fn join_all<F: std::future::Future>(futs: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for f in futs {
        set.push(Box::pin(f));
    }
    // Polled together: each send is already on the wire once polled once.
    let mut out: Vec<Option<F::Output>> = (0..set.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in set.iter_mut().enumerate() {
            if out[i].is_some() {
                continue;
            }
            match f.as_mut().poll(cx) {
                std::task::Poll::Ready(v) => out[i] = Some(v),
                std::task::Poll::Pending => pending = true,
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().flatten().collect()
}
