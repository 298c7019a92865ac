//! Per-command facts the request path needs: is it read-only (may go to a replica), is
//! it blocking (its own timeout argument governs it, not the request timeout).

/// Read-only commands may be served by replicas.
pub(crate) fn is_readonly(name: &[u8]) -> bool {
    const RO: &[&str] = &[
        "GET", "MGET", "EXISTS", "TTL", "PTTL", "TYPE", "STRLEN", "GETRANGE", "HGET", "HGETALL", "HMGET",
        "LRANGE", "LLEN", "SMEMBERS", "SCARD", "ZRANGE", "ZSCORE", "ZCARD", "SCAN", "DBSIZE",
    ];
    RO.iter().any(|c| c.as_bytes().eq_ignore_ascii_case(name))
}

/// Blocking commands wait server-side for as long as their argument says.
pub(crate) fn is_blocking(name: &[u8]) -> bool {
    const B: &[&str] = &[
        "BLPOP", "BRPOP", "BLMOVE", "BLMPOP", "BRPOPLPUSH", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "WAIT",
        "WAITAOF", "XREAD", "XREADGROUP",
    ];
    B.iter().any(|c| c.as_bytes().eq_ignore_ascii_case(name))
}
