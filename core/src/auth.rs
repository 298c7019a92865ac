//! Password rotation: both clients keep their credentials behind one lock that every
//! handshake reads, so a new password applies to every later (re)connection; an
//! immediate update also sends AUTH on each live connection.

use std::sync::Arc;

use crate::config::Credentials;
use crate::connection::Node;
use crate::error::{Error, Result};

/// Sends AUTH with `creds` on the live connection of every node in `nodes` and waits
/// for all of them. The first failure is returned (the server's error, which never
/// repeats the password); connections that refused keep their earlier authentication,
/// so the client stays usable.
pub(crate) async fn reauth_all(nodes: Vec<Arc<Node>>, creds: &Credentials) -> Result<()> {
    let waits: Vec<_> = nodes.iter().filter_map(|n| n.reauth(creds)).collect();
    let mut first_err = None;
    for rx in waits {
        let outcome = match rx.await {
            Ok(r) => r.map(|_| ()),
            Err(_) => Err(Error::Closing),
        };
        if let Err(e) = outcome {
            first_err.get_or_insert(e);
        }
    }
    match first_err {
        None => Ok(()),
        Some(e) => Err(e),
    }
}

/// The check both clients make before changing anything: an immediate
/// re-authentication needs a password to send.
pub(crate) fn check_update(password: Option<&str>, immediate: bool) -> Result<()> {
    if immediate && password.map_or(true, str::is_empty) {
        return Err(Error::InvalidRequest(
            "immediate authentication needs a non-empty password".into(),
        ));
    }
    Ok(())
}
