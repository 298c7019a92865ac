//! Per-command facts the request path needs, read from the generated command table:
//! is it read-only (may go to a replica), is it blocking (its own timeout argument
//! governs it, not the request timeout).

use crate::commands;

/// Read-only commands may be served by replicas.
pub(crate) fn is_readonly(name: &[u8]) -> bool {
    commands::lookup_name(name).is_some_and(|c| c.flags & commands::flags::READONLY != 0)
}

/// Blocking commands wait server-side for as long as their argument says.
pub(crate) fn is_blocking(name: &[u8]) -> bool {
    commands::lookup_name(name).is_some_and(|c| c.flags & commands::flags::BLOCKING != 0)
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
