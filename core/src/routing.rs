//! Per-command facts the request path needs, read from the generated command table:
//! is it read-only (may go to a replica), is it blocking (its own timeout argument
//! governs it, not the request timeout).

use std::sync::OnceLock;

use crate::commands;

/// Read-only commands may be served by replicas.
pub(crate) fn is_readonly(name: &[u8]) -> bool {
    commands::lookup_name(name).is_some_and(|c| c.flags & commands::flags::READONLY != 0)
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

    #[test]
    fn table_answers_routing_questions() {
        assert!(is_readonly(b"get"));
        assert!(!is_readonly(b"SET"));
        assert!(is_blocking(b"BLPOP"));
        assert!(!is_blocking(b"LPOP"));
        assert!(!is_readonly(b"NOSUCHCOMMAND"));
    }
}
