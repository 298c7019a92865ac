//! `CLUSTER SLOTS` replies from a peer: parsing never panics, the view it yields is in
//! normal form (ranges sorted, merged and in the slot space; replicas sorted and
//! unique; shards ordered by first slot), and the order of the reply's entries changes
//! nothing — consensus relies on equal views comparing equal.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use valkite::cluster::fuzz::cluster_slots;
use valkite::cluster::View;
use valkite::Value;

fn check_normal(v: &View) {
    for s in &v.shards {
        assert!(!s.ranges.is_empty());
        for w in s.ranges.windows(2) {
            assert!(
                u32::from(w[0].1) + 1 < u32::from(w[1].0),
                "unmerged ranges {:?}",
                s.ranges
            );
        }
        for &(a, b) in &s.ranges {
            assert!(a <= b && b < 16384);
        }
        for w in s.replicas.windows(2) {
            assert!(
                (&w[0].host, w[0].port) < (&w[1].host, w[1].port),
                "replicas not sorted/unique"
            );
        }
    }
    for w in v.shards.windows(2) {
        assert!(w[0].ranges[0] <= w[1].ranges[0]);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(reply) = valkite::resp::decode(Bytes::copy_from_slice(data)) else {
        return;
    };
    let parsed = cluster_slots(&reply);
    if let Some(v) = &parsed {
        check_normal(v);
        let _ = (v.covered_slots(), v.addresses().count(), v.fingerprint());
    }
    if let Value::Array(entries) = &reply {
        let mut rev = entries.clone();
        rev.reverse();
        let again = cluster_slots(&Value::Array(rev));
        assert_eq!(
            parsed.is_some(),
            again.is_some(),
            "entry order changed the verdict"
        );
        if let (Some(a), Some(b)) = (&parsed, &again) {
            assert_eq!(a, b, "entry order changed the view");
            assert_eq!(a.fingerprint(), b.fingerprint());
        }
    }
});
