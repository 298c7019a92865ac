//! Address rewriting: a user function maps every address the client is about to dial
//! (seeds, nodes from the topology, MOVED/ASK targets) to the one to connect to.
//!
//! The client keeps the addresses the servers use for themselves — slot maps and
//! redirections are matched on them — and applies the function only when it opens a
//! connection. Each address is resolved once per client and remembered, so an embedder
//! whose function lives in another runtime (the Go client's) is called once per node,
//! never per request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::config::Address;

/// The function: `Some((host, port))` to connect there instead, `None` to keep the
/// address as it is. An empty host or a port of 0 also keeps it.
pub type ResolveFn = dyn Fn(&str, u16) -> Option<(String, u16)> + Send + Sync;

/// A resolver with its per-address memory. Cheap to clone; clones share the memory.
#[derive(Clone)]
pub struct AddressResolver {
    f: Arc<ResolveFn>,
    seen: Arc<Mutex<HashMap<Address, Address>>>,
}

impl std::fmt::Debug for AddressResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AddressResolver")
    }
}

impl AddressResolver {
    /// Wraps `f` (see [`ResolveFn`] for what it returns) with an empty memory.
    pub fn new(f: impl Fn(&str, u16) -> Option<(String, u16)> + Send + Sync + 'static) -> Self {
        AddressResolver {
            f: Arc::new(f),
            seen: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Where to connect for `addr`. A panicking function counts as "keep it".
    pub fn resolve(&self, addr: &Address) -> Address {
        if let Some(a) = self
            .seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(addr)
        {
            return a.clone();
        }
        let f = &self.f;
        let out =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&addr.host, addr.port)))
                .ok()
                .flatten()
                .filter(|(h, p)| !h.is_empty() && *p != 0)
                .map(|(h, p)| Address::new(h, p))
                .unwrap_or_else(|| addr.clone());
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(addr.clone(), out.clone());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn resolves_once_and_falls_back() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let r = AddressResolver::new(move |h, p| {
            c.fetch_add(1, Ordering::Relaxed);
            match h {
                "fake" => Some(("127.0.0.1".into(), p + 1)),
                "empty" => Some((String::new(), p)),
                "panic" => panic!("resolver bug"),
                _ => None,
            }
        });
        let fake = Address::new("fake", 10);
        assert_eq!(r.resolve(&fake), Address::new("127.0.0.1", 11));
        assert_eq!(r.resolve(&fake), Address::new("127.0.0.1", 11));
        assert_eq!(calls.load(Ordering::Relaxed), 1);
        for h in ["empty", "panic", "other"] {
            let a = Address::new(h, 5);
            assert_eq!(r.resolve(&a), a);
        }
    }
}
