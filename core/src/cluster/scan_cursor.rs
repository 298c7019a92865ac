//! The state of a cluster-wide SCAN, carried whole by its cursor text: the slots
//! already covered and the primary being scanned (its identity, its config epoch and
//! its own SCAN cursor). The client keeps nothing per scan, so nothing leaks when a
//! caller abandons one, and a cursor can be resumed by any client of the cluster.

use crate::commands::SLOT_COUNT;
use crate::config::Address;
use crate::error::{Error, Result};

const SLOTS: usize = SLOT_COUNT as usize;

/// A set of hash slots, one bit each.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SlotSet([u64; SLOTS / 64]);

impl Default for SlotSet {
    fn default() -> Self {
        SlotSet([0; SLOTS / 64])
    }
}

impl std::fmt::Debug for SlotSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.ranges()).finish()
    }
}

impl SlotSet {
    pub fn add(&mut self, slot: u16) {
        let s = usize::from(slot);
        if s < SLOTS {
            self.0[s >> 6] |= 1 << (s & 63);
        }
    }

    pub fn has(&self, slot: u16) -> bool {
        let s = usize::from(slot);
        s < SLOTS && self.0[s >> 6] & (1 << (s & 63)) != 0
    }

    pub fn add_range(&mut self, lo: u16, hi: u16) {
        for s in lo..=hi.min(SLOT_COUNT - 1) {
            self.add(s);
        }
    }

    pub fn union(&mut self, o: &SlotSet) {
        for (a, b) in self.0.iter_mut().zip(o.0.iter()) {
            *a |= b;
        }
    }

    pub fn intersect(&self, o: &SlotSet) -> SlotSet {
        let mut out = self.clone();
        for (a, b) in out.0.iter_mut().zip(o.0.iter()) {
            *a &= b;
        }
        out
    }

    pub fn minus(&self, o: &SlotSet) -> SlotSet {
        let mut out = self.clone();
        for (a, b) in out.0.iter_mut().zip(o.0.iter()) {
            *a &= !b;
        }
        out
    }

    /// The lowest slot not in the set; `None` when every slot is.
    pub fn first_missing(&self) -> Option<u16> {
        self.0
            .iter()
            .enumerate()
            .find(|(_, w)| **w != u64::MAX)
            .map(|(i, w)| (i * 64 + (!w).trailing_zeros() as usize) as u16)
    }

    /// Inclusive runs, the form the set travels in (a cluster's slots come in a few
    /// long runs).
    pub fn ranges(&self) -> Vec<(u16, u16)> {
        let mut out = Vec::new();
        let mut s = 0u16;
        while s < SLOT_COUNT {
            if !self.has(s) {
                s += 1;
                continue;
            }
            let lo = s;
            while s < SLOT_COUNT && self.has(s) {
                s += 1;
            }
            out.push((lo, s - 1));
        }
        out
    }
}

/// One primary's pass: SCAN on that node alone, from "0" until it answers "0".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanNode {
    pub addr: Address,
    /// The node's id, so that a node restarted with a new identity is noticed.
    pub id: String,
    /// Its config epoch when the pass began: a failover, or the node gaining slots,
    /// bumps it.
    pub epoch: u64,
    /// The node's own SCAN cursor.
    pub cursor: String,
    /// The slots it served (and was not migrating away) when the pass began.
    pub owned: SlotSet,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ScanState {
    /// Slots whose keys have all been returned.
    pub scanned: SlotSet,
    /// The pass in progress; `None`: pick the next primary.
    pub node: Option<ScanNode>,
}

/// What a cluster scan reports once every slot has been visited.
pub const FINISHED_CURSOR: &str = "finished";

const PREFIX: &str = "vk1.";
const VERSION: u8 = 1;

fn invalid(what: &str, text: &str) -> Error {
    let shown: String = text.chars().take(40).collect();
    Error::InvalidRequest(format!(
        "invalid cluster scan cursor: {what} (cursor {shown:?}); start again from \"0\""
    ))
}

impl ScanState {
    /// The cursor text: a version tag, then the binary state in unpadded base64url.
    pub fn encode(&self) -> String {
        let mut b = vec![VERSION];
        put_ranges(&mut b, &self.scanned);
        match &self.node {
            None => b.push(0),
            Some(n) => {
                b.push(1);
                put_uvarint(&mut b, u64::from(n.addr.port));
                put_text(&mut b, &n.addr.host);
                put_text(&mut b, &n.id);
                put_uvarint(&mut b, n.epoch);
                put_text(&mut b, &n.cursor);
                put_ranges(&mut b, &n.owned);
            }
        }
        format!("{PREFIX}{}", base64url(&b))
    }

    /// Reads a cursor [`encode`](Self::encode) produced; "0" (or "") starts a scan.
    /// Anything else is an [`Error::InvalidRequest`] that says so.
    pub fn decode(text: &str) -> Result<ScanState> {
        if text == "0" || text.is_empty() {
            return Ok(ScanState::default());
        }
        let Some(body) = text.strip_prefix(PREFIX) else {
            return Err(invalid("unknown format", text));
        };
        let bytes = unbase64url(body).ok_or_else(|| invalid("not base64url", text))?;
        let mut d = Reader { b: &bytes };
        let fail = |what: &str| invalid(what, text);
        if d.byte() != Some(VERSION) {
            return Err(fail("unknown version"));
        }
        let mut st = ScanState {
            scanned: d.ranges().ok_or_else(|| fail("bad slot ranges"))?,
            node: None,
        };
        match d.byte() {
            Some(0) => {}
            Some(1) => {
                let port = d.uvarint().and_then(|p| u16::try_from(p).ok());
                let host = d.text();
                let id = d.text();
                let epoch = d.uvarint();
                let cursor = d.text();
                let owned = d.ranges();
                match (port, host, id, epoch, cursor, owned) {
                    (Some(port), Some(host), Some(id), Some(epoch), Some(cursor), Some(owned))
                        if port != 0 && !host.is_empty() && !cursor.is_empty() =>
                    {
                        st.node = Some(ScanNode {
                            addr: Address::new(host, port),
                            id,
                            epoch,
                            cursor,
                            owned,
                        });
                    }
                    _ => return Err(fail("bad node")),
                }
            }
            _ => return Err(fail("bad node marker")),
        }
        if !d.b.is_empty() {
            return Err(fail("trailing bytes"));
        }
        Ok(st)
    }
}

fn put_uvarint(b: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        b.push((v as u8) | 0x80);
        v >>= 7;
    }
    b.push(v as u8);
}

fn put_text(b: &mut Vec<u8>, s: &str) {
    put_uvarint(b, s.len() as u64);
    b.extend_from_slice(s.as_bytes());
}

fn put_ranges(b: &mut Vec<u8>, s: &SlotSet) {
    let rs = s.ranges();
    put_uvarint(b, rs.len() as u64);
    for (lo, hi) in rs {
        put_uvarint(b, u64::from(lo));
        put_uvarint(b, u64::from(hi - lo));
    }
}

struct Reader<'a> {
    b: &'a [u8],
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&c, rest) = self.b.split_first()?;
        self.b = rest;
        Some(c)
    }

    fn uvarint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let c = self.byte()?;
            v |= u64::from(c & 0x7f).checked_shl(shift)?;
            if c & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn text(&mut self) -> Option<String> {
        let n = usize::try_from(self.uvarint()?).ok()?;
        if n > self.b.len() {
            return None;
        }
        let (s, rest) = self.b.split_at(n);
        self.b = rest;
        String::from_utf8(s.to_vec()).ok()
    }

    fn ranges(&mut self) -> Option<SlotSet> {
        let count = self.uvarint()?;
        if count > u64::from(SLOT_COUNT) {
            return None;
        }
        let mut s = SlotSet::default();
        for _ in 0..count {
            let lo = self.uvarint()?;
            let width = self.uvarint()?;
            let hi = lo.checked_add(width)?;
            if hi >= u64::from(SLOT_COUNT) {
                return None;
            }
            s.add_range(lo as u16, hi as u16);
        }
        Some(s)
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &c)| acc | u32::from(c) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    out
}

fn unbase64url(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let vals: Vec<u32> = s
        .bytes()
        .map(|c| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32))
        .collect::<Option<_>>()?;
    for chunk in vals.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &v)| acc | v << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// What a node says about itself: the "myself" line of its `CLUSTER NODES`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct NodeSelf {
    pub id: String,
    pub primary: bool,
    pub epoch: u64,
    /// Every slot it serves, those it is migrating away included.
    pub claimed: SlotSet,
    /// `claimed` minus the slots it is migrating away.
    pub stable: SlotSet,
}

/// Reads the "myself" line of a `CLUSTER NODES` reply:
/// `<id> <addr> <flags> <primary> <ping> <pong> <epoch> <link> <slot>...`, where a slot
/// entry is `n`, `lo-hi`, `[n->-target]` (migrating away) or `[n-<-source]`
/// (importing: not yet its own).
pub(crate) fn parse_myself(text: &str) -> Result<NodeSelf> {
    let bad = |m: String| Error::Protocol(format!("CLUSTER NODES: {m}"));
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 8 || !f[2].split(',').any(|x| x == "myself") {
            continue;
        }
        let mut me = NodeSelf {
            id: f[0].to_string(),
            primary: f[2].split(',').any(|x| x == "master"),
            epoch: f[6]
                .parse()
                .map_err(|_| bad(format!("bad config epoch {:?}", f[6])))?,
            ..NodeSelf::default()
        };
        let mut migrating = SlotSet::default();
        for entry in &f[8..] {
            if let Some(inner) = entry.strip_prefix('[') {
                if let Some((slot, _)) = inner.split_once("->-") {
                    if let Ok(s) = slot.parse::<u16>() {
                        migrating.add(s);
                    }
                }
                continue;
            }
            let (lo, hi) = entry.split_once('-').unwrap_or((entry, entry));
            match (lo.parse::<u16>(), hi.parse::<u16>()) {
                (Ok(l), Ok(h)) if l <= h && h < SLOT_COUNT => me.claimed.add_range(l, h),
                _ => return Err(bad(format!("bad slot entry {entry:?}"))),
            }
        }
        if !me.primary {
            me.claimed = SlotSet::default();
        }
        me.stable = me.claimed.minus(&migrating);
        return Ok(me);
    }
    Err(bad("no line for the node itself".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_sets() {
        let mut s = SlotSet::default();
        assert_eq!(s.first_missing(), Some(0));
        s.add_range(0, 99);
        s.add(200);
        s.add_range(16300, 16383);
        assert_eq!(s.first_missing(), Some(100));
        assert_eq!(s.ranges(), vec![(0, 99), (200, 200), (16300, 16383)]);
        let mut other = SlotSet::default();
        other.add_range(50, 250);
        assert_eq!(s.intersect(&other).ranges(), vec![(50, 99), (200, 200)]);
        assert_eq!(s.minus(&other).ranges(), vec![(0, 49), (16300, 16383)]);
        let mut full = SlotSet::default();
        full.add_range(0, 16383);
        assert_eq!(full.first_missing(), None);
    }

    #[test]
    fn cursor_round_trip() {
        let mut st = ScanState::default();
        st.scanned.add_range(0, 5460);
        st.scanned.add_range(9000, 9001);
        let mut owned = SlotSet::default();
        owned.add_range(5461, 10922);
        st.node = Some(ScanNode {
            addr: Address::new("127.0.0.1", 30002),
            id: "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca".into(),
            epoch: 12,
            cursor: "1234567".into(),
            owned,
        });
        let text = st.encode();
        assert!(text.len() < 200, "{} bytes", text.len());
        assert_eq!(ScanState::decode(&text).unwrap(), st);
        let idle = ScanState {
            node: None,
            ..st.clone()
        };
        assert_eq!(ScanState::decode(&idle.encode()).unwrap(), idle);
        assert_eq!(ScanState::decode("0").unwrap(), ScanState::default());
        // Every length of the binary form survives base64url.
        for n in 0..8u8 {
            let b: Vec<u8> = (0..n).map(|i| i.wrapping_mul(97)).collect();
            assert_eq!(unbase64url(&base64url(&b)).unwrap(), b);
        }
    }

    #[test]
    fn bad_cursors_are_invalid_requests() {
        let good = ScanState::default().encode();
        for bad in [
            "12345".to_string(),
            "vk1.***".to_string(),
            "vk1.AA".to_string(),
            format!("{good}AA"),
            good[..good.len() - 1].to_string(),
            "vk9.AQA".to_string(),
        ] {
            match ScanState::decode(&bad) {
                Err(Error::InvalidRequest(m)) => {
                    assert!(m.starts_with("invalid cluster scan cursor"), "{m}")
                }
                other => panic!("{bad:?} decoded as {other:?}"),
            }
        }
    }

    #[test]
    fn reads_myself() {
        let text = "\
a1 127.0.0.1:7001@17001 master - 0 0 2 connected 5461-10922
b2 127.0.0.1:7000@17000 myself,master - 0 0 7 connected 0-102 [101->-a1] [200-<-a1]
c3 127.0.0.1:7003@17003 slave b2 0 0 7 connected
";
        let me = parse_myself(text).unwrap();
        assert_eq!(me.id, "b2");
        assert!(me.primary);
        assert_eq!(me.epoch, 7);
        assert_eq!(me.claimed.ranges(), vec![(0, 102)]);
        // 101 is leaving, 200 not yet arrived.
        assert_eq!(me.stable.ranges(), vec![(0, 100), (102, 102)]);
        let replica = "c3 127.0.0.1:7003@17003 myself,slave b2 0 0 7 connected\n";
        let me = parse_myself(replica).unwrap();
        assert!(!me.primary && me.claimed.first_missing() == Some(0));
        assert!(parse_myself("x y z").is_err());
    }
}
