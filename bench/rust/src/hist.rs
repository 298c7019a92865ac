//! Log-linear latency histogram (nanoseconds), the same layout as the Go
//! harness uses so the two sides report comparable quantiles.

const SUB_BITS: u32 = 5;
const BUCKETS: usize = 64 << SUB_BITS;

pub struct Hist {
    counts: Vec<u64>,
    n: u64,
}

fn bucket_of(v: u64) -> usize {
    if v < 1 << SUB_BITS {
        return v as usize;
    }
    let e = 63 - v.leading_zeros() - SUB_BITS;
    (((e + 1) as usize) << SUB_BITS) | ((v >> e) as usize & ((1 << SUB_BITS) - 1))
}

fn bucket_low(b: usize) -> u64 {
    if b < 1 << SUB_BITS {
        return b as u64;
    }
    let e = (b >> SUB_BITS) - 1;
    let m = (b as u64 & ((1 << SUB_BITS) - 1)) | (1 << SUB_BITS);
    m << e
}

impl Hist {
    pub fn new() -> Self {
        Hist {
            counts: vec![0; BUCKETS],
            n: 0,
        }
    }

    pub fn record(&mut self, ns: u64) {
        self.counts[bucket_of(ns).min(BUCKETS - 1)] += 1;
        self.n += 1;
    }

    pub fn merge(&mut self, o: &Hist) {
        for (a, b) in self.counts.iter_mut().zip(&o.counts) {
            *a += b;
        }
        self.n += o.n;
    }

    pub fn quantile(&self, q: f64) -> u64 {
        if self.n == 0 {
            return 0;
        }
        let rank = (q * (self.n - 1) as f64) as u64 + 1;
        let mut seen = 0;
        for (b, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let (lo, hi) = (bucket_low(b), bucket_low(b + 1));
                return lo + (hi - lo) / 2;
            }
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_values() {
        for v in (0u64..1 << 22).step_by(7) {
            let b = bucket_of(v);
            assert!(bucket_low(b) <= v && v < bucket_low(b + 1), "{v}");
        }
    }
}
