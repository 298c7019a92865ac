//! Per-command facts the request path needs, read from the generated command table:
//! is it read-only (may go to a replica), is it blocking (its own timeout argument
//! governs it, not the request timeout).

use std::sync::OnceLock;

use crate::commands;

/// Whether a command (complete RESP frame) is read-only, so that a replica may serve
/// it. The one answer both clients use: the command table entry of its sub-command
/// where it has one (`OBJECT ENCODING` and `XINFO STREAM` are read-only although
/// `OBJECT` and `XINFO` as such are not), the same lookup the cluster's routing plan
/// makes ([`commands::lookup`]).
pub(crate) fn is_readonly(cmd: &[u8]) -> bool {
    commands::RespArgs::new(cmd).is_some_and(|args| commands::is_readonly(&args))
}

/// Commands that may change data: refused by a read-only client.
pub(crate) fn is_write(name: &[u8]) -> bool {
    commands::lookup_name(name).is_some_and(|c| c.flags & commands::flags::WRITE != 0)
}

/// Blocking commands wait server-side for as long as their argument says.
///
/// Asked for every request, so a table of the first letters of blocking commands
/// answers "no" for most names without searching the command table.
pub(crate) fn is_blocking(name: &[u8]) -> bool {
    static FIRST: OnceLock<[bool; 256]> = OnceLock::new();
    let first = FIRST.get_or_init(|| {
        let mut t = [false; 256];
        for c in commands::commands() {
            if c.flags & commands::flags::BLOCKING != 0 {
                let b = c.name.as_bytes()[0];
                t[b.to_ascii_uppercase() as usize] = true;
                t[b.to_ascii_lowercase() as usize] = true;
            }
        }
        t
    });
    match name.first() {
        Some(&b) if first[b as usize] => {
            commands::lookup_name(name).is_some_and(|c| c.flags & commands::flags::BLOCKING != 0)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(words: &[&str]) -> Vec<u8> {
        let mut out = bytes::BytesMut::new();
        crate::resp::encode_command(&mut out, words);
        out.to_vec()
    }

    #[test]
    fn table_answers_routing_questions() {
        assert!(is_readonly(&enc(&["get", "k"])));
        assert!(!is_readonly(&enc(&["SET", "k", "v"])));
        // Decided by the sub-command, not the container's name.
        assert!(is_readonly(&enc(&["OBJECT", "ENCODING", "k"])));
        assert!(is_readonly(&enc(&["xinfo", "stream", "s"])));
        assert!(!is_readonly(&enc(&["XGROUP", "CREATE", "s", "g", "$"])));
        assert!(!is_readonly(&enc(&["NOSUCHCOMMAND"])));
        assert!(!is_readonly(b"garbage"));
        assert!(is_blocking(b"BLPOP"));
        assert!(!is_blocking(b"LPOP"));
    }
}
