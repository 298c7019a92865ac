//! Lua scripts invoked by their SHA1 digest, with the source kept so that a server
//! that does not know a script (restarted, `SCRIPT FLUSH`ed, or a cluster node the
//! script never ran on) gets it loaded and the call retried, transparently.
//!
//! [`Script::new`] registers the source in a process-wide store keyed by digest and
//! counted by reference: scripts with the same source share one entry, which is
//! forgotten when the last of them is dropped. An invocation sends `EVALSHA`; on
//! `NOSCRIPT` it looks the digest up, sends `SCRIPT LOAD` where the script runs (the
//! first key's node in a cluster; every node for a keyless script, whose random
//! primary is not known in advance) and retries once. A digest no longer in the store
//! returns the server's `NOSCRIPT` as the error.
//!
//! `SCRIPT KILL` is not here on purpose: a busy script blocks the connection that sent
//! it, and every command of a client shares that connection, so a kill must travel on
//! another client (the Go client keeps a separate management connection for it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::cluster::ClusterClient;
use crate::cmd::Cmd;
use crate::error::{Error, Result};
use crate::resp::Value;
use crate::route::Route;
use crate::Client;

struct Entry {
    code: Arc<[u8]>,
    refs: usize,
}

fn store() -> &'static Mutex<HashMap<String, Entry>> {
    static STORE: OnceLock<Mutex<HashMap<String, Entry>>> = OnceLock::new();
    STORE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn lock() -> std::sync::MutexGuard<'static, HashMap<String, Entry>> {
    store().lock().unwrap_or_else(|p| p.into_inner())
}

/// The lower-case hex SHA1 digest of `code`, as `SCRIPT LOAD` reports it.
pub fn sha1_hex(code: &[u8]) -> String {
    let d = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, code);
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Adds a reference to `code` in the process-wide store and returns its digest.
/// Embedders that manage lifetimes themselves pair it with [`drop_script`].
pub fn add_script(code: &[u8]) -> String {
    let hash = sha1_hex(code);
    let mut s = lock();
    s.entry(hash.clone())
        .or_insert_with(|| Entry {
            code: Arc::from(code),
            refs: 0,
        })
        .refs += 1;
    hash
}

/// Releases one reference to a digest; the last one forgets the source.
pub fn drop_script(hash: &str) {
    let mut s = lock();
    if let Some(e) = s.get_mut(hash) {
        e.refs = e.refs.saturating_sub(1);
        if e.refs == 0 {
            s.remove(hash);
        }
    }
}

/// The source stored for a digest, if any script still holds it.
pub fn script_source(hash: &str) -> Option<Arc<[u8]>> {
    lock().get(hash).map(|e| e.code.clone())
}

/// A script registered in the process-wide store for as long as this value lives.
/// Cloning adds a reference.
#[derive(Debug)]
pub struct Script {
    hash: String,
}

impl Script {
    /// Registers `code` and computes its digest.
    pub fn new(code: impl AsRef<[u8]>) -> Script {
        Script {
            hash: add_script(code.as_ref()),
        }
    }

    /// The digest `EVALSHA` uses.
    pub fn hash(&self) -> &str {
        &self.hash
    }
}

impl Clone for Script {
    fn clone(&self) -> Script {
        let mut s = lock();
        if let Some(e) = s.get_mut(&self.hash) {
            e.refs += 1;
        }
        Script {
            hash: self.hash.clone(),
        }
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        drop_script(&self.hash);
    }
}

fn evalsha<K: AsRef<[u8]>, A: AsRef<[u8]>>(hash: &str, keys: &[K], args: &[A]) -> Cmd {
    let mut c = Cmd::new("EVALSHA").arg(hash).arg(keys.len().to_string());
    for k in keys {
        c = c.arg(k);
    }
    for a in args {
        c = c.arg(a);
    }
    c
}

fn is_noscript(r: &Result<Value>) -> bool {
    matches!(r, Err(Error::Server(e)) if e.code() == "NOSCRIPT")
}

impl Client {
    /// Runs a script by digest with keys and arguments, loading it first if the server
    /// answers `NOSCRIPT` (see the [module documentation](crate::script)).
    pub async fn invoke_script<K: AsRef<[u8]>, A: AsRef<[u8]>>(
        &self,
        script: &Script,
        keys: &[K],
        args: &[A],
    ) -> Result<Value> {
        self.invoke_script_hash(script.hash(), keys, args).await
    }

    /// [`invoke_script`](Self::invoke_script) by digest, for embedders keeping the
    /// store's references themselves ([`add_script`]).
    pub async fn invoke_script_hash<K: AsRef<[u8]>, A: AsRef<[u8]>>(
        &self,
        hash: &str,
        keys: &[K],
        args: &[A],
    ) -> Result<Value> {
        let r = self.send(evalsha(hash, keys, args)).await;
        if !is_noscript(&r) {
            return r;
        }
        let Some(code) = script_source(hash) else {
            return r;
        };
        self.send(Cmd::new("SCRIPT").arg("LOAD").arg(&*code))
            .await?;
        self.send(evalsha(hash, keys, args)).await
    }
}

impl ClusterClient {
    /// Runs a script by digest: on its first key's node (all keys must share a slot),
    /// or on a random primary without keys; reloads it on `NOSCRIPT`.
    pub async fn invoke_script<K: AsRef<[u8]>, A: AsRef<[u8]>>(
        &self,
        script: &Script,
        keys: &[K],
        args: &[A],
    ) -> Result<Value> {
        let load_route = match keys.first() {
            Some(k) => Route::SlotKey {
                key: k.as_ref(),
                replica: false,
            },
            None => Route::Default, // SCRIPT LOAD's own tips: every node
        };
        self.invoke_hash(script.hash(), keys, args, Route::Default, load_route)
            .await
    }

    /// Runs a keyless script along an explicit route (several nodes answer as a map
    /// from address to reply), loading it on those nodes on `NOSCRIPT`.
    pub async fn invoke_script_routed<A: AsRef<[u8]>>(
        &self,
        script: &Script,
        args: &[A],
        route: Route<'_>,
    ) -> Result<Value> {
        let load_route = match route {
            Route::Random => Route::Default,
            r => r,
        };
        self.invoke_hash(script.hash(), &[] as &[&[u8]], args, route, load_route)
            .await
    }

    async fn invoke_hash<K: AsRef<[u8]>, A: AsRef<[u8]>>(
        &self,
        hash: &str,
        keys: &[K],
        args: &[A],
        route: Route<'_>,
        load_route: Route<'_>,
    ) -> Result<Value> {
        let r = self.send_routed(evalsha(hash, keys, args), route).await;
        if !is_noscript(&r) {
            return r;
        }
        let Some(code) = script_source(hash) else {
            return r;
        };
        self.send_routed(Cmd::new("SCRIPT").arg("LOAD").arg(&*code), load_route)
            .await?;
        self.send_routed(evalsha(hash, keys, args), route).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_the_server() {
        assert_eq!(
            sha1_hex(b"return 1"),
            "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"
        );
    }

    #[test]
    fn store_counts_references() {
        let code = b"return 'store_counts_references'";
        let a = Script::new(code);
        let b = a.clone();
        let c = Script::new(code);
        let h = a.hash().to_string();
        drop(a);
        drop(c);
        assert!(script_source(&h).is_some(), "b still holds it");
        drop(b);
        assert!(
            script_source(&h).is_none(),
            "the last drop forgets the code"
        );
        drop_script(&h); // unknown digests are ignored
    }
}
