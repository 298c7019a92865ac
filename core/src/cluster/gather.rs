//! Reassembling a request that ran as several parts: a multi-slot command split per
//! slot, or a keyless command sent to every node or primary. Each part retries on its
//! own; when the last one is in, the parts are combined the way the server's command
//! tips say, so the caller sees what a single server would have answered.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use super::frames;
use super::inner::Inner;
use super::request::{Done, Sink};
use crate::commands::ResponsePolicy;
use crate::error::Error;

/// How the parts combine.
pub(crate) enum Combine {
    /// A command split per slot. `keys[k]` = (part, index in that part's reply) of
    /// the k-th key group of the original command, for array replies (MGET).
    Slots {
        policy: ResponsePolicy,
        keys: Vec<(u32, u32)>,
    },
    /// A command sent to several nodes; `addrs[i]` is part i's node.
    Nodes {
        policy: ResponsePolicy,
        addrs: Vec<String>,
        /// RANDOMKEY: any shard's key will do, an empty shard's nil will not.
        first_non_nil: bool,
        /// Every node's array, one after the other.
        concat: bool,
    },
}

pub(crate) struct Gather {
    inner: Arc<Inner>,
    sink: Mutex<Option<Sink>>,
    parts: Mutex<Vec<Option<Done>>>,
    remaining: AtomicUsize,
    combine: Combine,
}

impl Gather {
    pub fn new(inner: Arc<Inner>, sink: Sink, n: usize, combine: Combine) -> Arc<Gather> {
        Arc::new(Gather {
            inner,
            sink: Mutex::new(Some(sink)),
            parts: Mutex::new((0..n).map(|_| None).collect()),
            remaining: AtomicUsize::new(n),
            combine,
        })
    }

    /// Records part `i`; the last part completes the whole.
    pub fn put(&self, i: usize, done: Done, flush: bool) {
        {
            let mut parts = self.parts.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(slot) = parts.get_mut(i) {
                *slot = Some(done);
            }
        }
        if self.remaining.fetch_sub(1, Ordering::AcqRel) != 1 {
            return;
        }
        let parts: Vec<Done> =
            std::mem::take(&mut *self.parts.lock().unwrap_or_else(|p| p.into_inner()))
                .into_iter()
                .map(|d| {
                    d.unwrap_or_else(|| Done::Err(Error::Protocol("a part never completed".into())))
                })
                .collect();
        let done = combine(&self.combine, parts);
        let sink = self.sink.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(sink) = sink {
            self.inner.deliver(sink, done, flush);
        }
    }
}

fn frame_of(d: &Done) -> Option<&Bytes> {
    match d {
        Done::Frame(f) => Some(f),
        _ => None,
    }
}

/// Combines the parts' outcomes. A part that failed client-side (timeout, connection)
/// fails the whole, except where one success is enough.
pub(crate) fn combine(how: &Combine, parts: Vec<Done>) -> Done {
    let policy = match how {
        Combine::Slots { policy, .. } | Combine::Nodes { policy, .. } => *policy,
    };
    if policy == ResponsePolicy::OneSucceeded {
        return one_succeeded(parts);
    }
    if let Some(i) = parts.iter().position(|d| matches!(d, Done::Err(_))) {
        return parts
            .into_iter()
            .nth(i)
            .unwrap_or(Done::Err(Error::Protocol("lost part".into())));
    }
    let frames: Vec<Bytes> = parts.iter().filter_map(frame_of).cloned().collect();
    if frames.len() != parts.len() {
        return Done::Err(Error::Protocol("a part returned several replies".into()));
    }
    match how {
        Combine::Nodes {
            first_non_nil: true,
            ..
        } => {
            if let Some(e) = frames.iter().find(|f| frames::is_error(f)) {
                return Done::Frame(e.clone());
            }
            let pick = frames
                .iter()
                .find(|f| !frames::is_nil(f))
                .or(frames.first());
            pick.map_or(Done::Err(Error::Protocol("no part".into())), |f| {
                Done::Frame(f.clone())
            })
        }
        Combine::Nodes { concat: true, .. } => concat_arrays(&frames),
        Combine::Nodes { addrs, .. } if !aggregates(policy) => {
            Done::Multi(addrs.iter().cloned().zip(frames).collect())
        }
        Combine::Slots { keys, .. } if policy == ResponsePolicy::Default => {
            concat_in_key_order(&frames, keys)
        }
        _ => aggregate(policy, &frames),
    }
}

/// Whether the policy folds the replies into one.
pub(crate) fn aggregates(p: ResponsePolicy) -> bool {
    !matches!(p, ResponsePolicy::Default | ResponsePolicy::Special)
}

fn one_succeeded(parts: Vec<Done>) -> Done {
    let mut last = None;
    for d in parts {
        match &d {
            Done::Frame(f) if !frames::is_error(f) => return d,
            _ => last = Some(d),
        }
    }
    last.unwrap_or(Done::Err(Error::Protocol("no part".into())))
}

/// Every element of every node's array (or set), in node order.
fn concat_arrays(frames: &[Bytes]) -> Done {
    if let Some(e) = frames.iter().find(|f| frames::is_error(f)) {
        return Done::Frame(e.clone());
    }
    let mut all = Vec::new();
    for f in frames {
        match frames::elements(f) {
            Some(e) => all.extend(e),
            None => {
                return Done::Err(Error::Protocol(
                    "cannot combine replies: expected arrays".into(),
                ))
            }
        }
    }
    Done::Frame(frames::array_frame(all.iter().map(|b| &b[..])))
}

/// Every element of every part's array, put back where its key was.
fn concat_in_key_order(frames: &[Bytes], keys: &[(u32, u32)]) -> Done {
    if let Some(e) = frames.iter().find(|f| frames::is_error(f)) {
        return Done::Frame(e.clone());
    }
    let mut elems = Vec::with_capacity(frames.len());
    for f in frames {
        match frames::elements(f) {
            Some(e) => elems.push(e),
            None => {
                return Done::Err(Error::Protocol(
                    "a part of a split command did not return an array".into(),
                ))
            }
        }
    }
    let mut out: Vec<&[u8]> = Vec::with_capacity(keys.len());
    for &(p, i) in keys {
        match elems.get(p as usize).and_then(|e| e.get(i as usize)) {
            Some(b) => out.push(b),
            None => {
                return Done::Err(Error::Protocol(
                    "a part of a split command returned too few elements".into(),
                ))
            }
        }
    }
    Done::Frame(frames::array_frame(out.into_iter()))
}

fn aggregate(policy: ResponsePolicy, frames: &[Bytes]) -> Done {
    if let Some(e) = frames.iter().find(|f| frames::is_error(f)) {
        return Done::Frame(e.clone());
    }
    let ints = || -> Option<Vec<i64>> { frames.iter().map(|f| frames::int(f)).collect() };
    let bad = |what: &str| Done::Err(Error::Protocol(format!("cannot combine replies: {what}")));
    match policy {
        ResponsePolicy::AggSum => match ints() {
            Some(v) => Done::Frame(frames::int_frame(
                v.iter().fold(0i64, |a, b| a.saturating_add(*b)),
            )),
            None => bad("expected integers to sum"),
        },
        ResponsePolicy::AggMin => match ints().and_then(|v| v.into_iter().min()) {
            Some(m) => Done::Frame(frames::int_frame(m)),
            None => bad("expected integers"),
        },
        ResponsePolicy::AggMax => match ints().and_then(|v| v.into_iter().max()) {
            Some(m) => Done::Frame(frames::int_frame(m)),
            None => bad("expected integers"),
        },
        ResponsePolicy::AggLogicalAnd | ResponsePolicy::AggLogicalOr => {
            let and = policy == ResponsePolicy::AggLogicalAnd;
            let mut acc: Option<Vec<i64>> = None;
            for f in frames {
                let Some(v) = frames::elements(f).and_then(|e| {
                    e.iter()
                        .map(|x| frames::int(x))
                        .collect::<Option<Vec<i64>>>()
                }) else {
                    return bad("expected arrays of integers");
                };
                acc = Some(match acc {
                    None => v,
                    Some(a) if a.len() == v.len() => a
                        .iter()
                        .zip(&v)
                        .map(|(x, y)| {
                            let (x, y) = (*x != 0, *y != 0);
                            i64::from(if and { x && y } else { x || y })
                        })
                        .collect(),
                    Some(_) => return bad("arrays of different lengths"),
                });
            }
            let items: Vec<Bytes> = acc
                .unwrap_or_default()
                .into_iter()
                .map(frames::int_frame)
                .collect();
            Done::Frame(frames::array_frame(items.iter().map(|b| &b[..])))
        }
        // AllSucceeded (errors were returned above), and anything else: the first.
        _ => match frames.first() {
            Some(f) => Done::Frame(f.clone()),
            None => bad("no replies"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &'static str) -> Done {
        Done::Frame(Bytes::from_static(s.as_bytes()))
    }
    fn frame(d: Done) -> String {
        match d {
            Done::Frame(b) => String::from_utf8_lossy(&b).into_owned(),
            Done::Multi(m) => format!("multi:{}", m.len()),
            Done::Err(e) => format!("err:{e}"),
        }
    }
    fn nodes(policy: ResponsePolicy) -> Combine {
        Combine::Nodes {
            policy,
            addrs: vec!["a:1".into(), "b:2".into()],
            first_non_nil: false,
            concat: false,
        }
    }

    #[test]
    fn sums_and_extremes() {
        assert_eq!(
            frame(combine(
                &nodes(ResponsePolicy::AggSum),
                vec![f(":2\r\n"), f(":3\r\n")]
            )),
            ":5\r\n"
        );
        assert_eq!(
            frame(combine(
                &nodes(ResponsePolicy::AggMin),
                vec![f(":2\r\n"), f(":3\r\n")]
            )),
            ":2\r\n"
        );
        assert_eq!(
            frame(combine(
                &nodes(ResponsePolicy::AggMax),
                vec![f(":2\r\n"), f(":3\r\n")]
            )),
            ":3\r\n"
        );
        assert_eq!(
            frame(combine(
                &nodes(ResponsePolicy::AggSum),
                vec![f(":2\r\n"), f("-ERR x\r\n")]
            )),
            "-ERR x\r\n"
        );
    }

    #[test]
    fn logical_and_or() {
        let parts = || vec![f("*2\r\n:1\r\n:0\r\n"), f("*2\r\n:1\r\n:1\r\n")];
        assert_eq!(
            frame(combine(&nodes(ResponsePolicy::AggLogicalAnd), parts())),
            "*2\r\n:1\r\n:0\r\n"
        );
        assert_eq!(
            frame(combine(&nodes(ResponsePolicy::AggLogicalOr), parts())),
            "*2\r\n:1\r\n:1\r\n"
        );
    }

    #[test]
    fn succeeded_policies() {
        assert_eq!(
            frame(combine(
                &nodes(ResponsePolicy::AllSucceeded),
                vec![f("+OK\r\n"), f("+OK\r\n")]
            )),
            "+OK\r\n"
        );
        assert_eq!(
            frame(combine(
                &nodes(ResponsePolicy::AllSucceeded),
                vec![f("+OK\r\n"), f("-ERR no\r\n")]
            )),
            "-ERR no\r\n"
        );
        assert_eq!(
            frame(combine(
                &nodes(ResponsePolicy::OneSucceeded),
                vec![f("-NOTBUSY\r\n"), f("+OK\r\n")]
            )),
            "+OK\r\n"
        );
        assert_eq!(
            frame(combine(
                &nodes(ResponsePolicy::OneSucceeded),
                vec![Done::Err(Error::Timeout), f("+OK\r\n")]
            )),
            "+OK\r\n"
        );
        assert!(frame(combine(
            &nodes(ResponsePolicy::AllSucceeded),
            vec![Done::Err(Error::Timeout), f("+OK\r\n")]
        ))
        .starts_with("err:"));
    }

    #[test]
    fn multi_node_and_random_key() {
        assert_eq!(
            frame(combine(
                &nodes(ResponsePolicy::Special),
                vec![f("$1\r\na\r\n"), f("$1\r\nb\r\n")]
            )),
            "multi:2"
        );
        let rk = Combine::Nodes {
            policy: ResponsePolicy::Special,
            addrs: vec!["a:1".into(), "b:2".into()],
            first_non_nil: true,
            concat: false,
        };
        assert_eq!(
            frame(combine(&rk, vec![f("_\r\n"), f("$1\r\nk\r\n")])),
            "$1\r\nk\r\n"
        );
        assert_eq!(frame(combine(&rk, vec![f("_\r\n"), f("$-1\r\n")])), "_\r\n");
    }

    #[test]
    fn arrays_concatenate_in_node_order() {
        let how = Combine::Nodes {
            policy: ResponsePolicy::Special,
            addrs: vec!["a:1".into(), "b:2".into()],
            first_non_nil: false,
            concat: true,
        };
        assert_eq!(
            frame(combine(&how, vec![f("*1\r\n$1\r\na\r\n"), f("*0\r\n")])),
            "*1\r\n$1\r\na\r\n"
        );
        assert_eq!(
            frame(combine(&how, vec![f("*0\r\n"), f("-ERR x\r\n")])),
            "-ERR x\r\n"
        );
    }

    #[test]
    fn split_array_back_in_key_order() {
        // keys k0 k1 k2: k0, k2 went to part 0; k1 to part 1.
        let how = Combine::Slots {
            policy: ResponsePolicy::Default,
            keys: vec![(0, 0), (1, 0), (0, 1)],
        };
        let parts = vec![f("*2\r\n$2\r\nv0\r\n_\r\n"), f("*1\r\n$2\r\nv1\r\n")];
        assert_eq!(
            frame(combine(&how, parts)),
            "*3\r\n$2\r\nv0\r\n$2\r\nv1\r\n_\r\n"
        );
    }
}
