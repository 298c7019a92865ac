//! How long a blocking command may take, read from its own arguments.
//!
//! The server holds a blocking command for as long as its timeout argument says, so a
//! client-side deadline taken from the request timeout (250 ms by default) would fail
//! healthy waits. As in GLIDE's core, the command's own timeout replaces the request
//! timeout, extended by half a second so that the server's "nothing arrived" reply wins
//! the race against our deadline; a timeout of 0 means "no deadline" (the caller can
//! still give up). An argument that cannot be a timeout (negative, not a number, beyond
//! what the server accepts) is refused before anything is sent.

use std::time::Duration;

use crate::commands::ArgList;
use crate::error::{Error, Result};
use crate::routing;

/// The extension past the command's own timeout.
pub(crate) const EXTENSION: Duration = Duration::from_millis(500);

/// What a command is, as far as waiting goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Not a blocking call: the request timeout applies.
    Ordinary,
    /// WAIT / WAITAOF: waits on the replication of *this connection's* writes, so it
    /// must run on the connection that made them. Its timeout governs it.
    OnMain(Option<Duration>),
    /// A blocking pop or a stream read with BLOCK: may wait indefinitely on other
    /// clients' writes; it runs on a connection of its own (`blocking::Pool`).
    OwnConnection(Option<Duration>),
}

impl Kind {
    /// The deadline this kind asks for, when the caller left it to the command
    /// (`None` inside: no deadline). `None` for ordinary commands.
    pub(crate) fn own_timeout(self) -> Option<Option<Duration>> {
        match self {
            Kind::Ordinary => None,
            Kind::OnMain(t) | Kind::OwnConnection(t) => Some(t),
        }
    }

    pub(crate) fn needs_own_connection(self) -> bool {
        matches!(self, Kind::OwnConnection(_))
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Seconds,
    Millis,
}

/// Classifies `args` (name first). Cheap for ordinary commands: one table lookup on the
/// name's first byte.
pub(crate) fn classify<A: ArgList + ?Sized>(args: &A) -> Result<Kind> {
    let Some(name) = args.arg(0) else {
        return Ok(Kind::Ordinary);
    };
    if !routing::is_blocking(name) {
        return Ok(Kind::Ordinary);
    }
    let n = args.arg_count();
    let up = name.to_ascii_uppercase();
    let (at, unit, own) = match up.as_slice() {
        b"BLPOP" | b"BRPOP" | b"BLMOVE" | b"BRPOPLPUSH" | b"BZPOPMIN" | b"BZPOPMAX" => {
            (n.saturating_sub(1), Unit::Seconds, true)
        }
        b"BLMPOP" | b"BZMPOP" => (1, Unit::Seconds, true),
        b"XREAD" | b"XREADGROUP" => match (1..n).find(|&i| {
            args.arg(i)
                .is_some_and(|a| a.eq_ignore_ascii_case(b"BLOCK"))
        }) {
            Some(i) => (i + 1, Unit::Millis, true),
            None => return Ok(Kind::Ordinary),
        },
        b"WAIT" => (2, Unit::Millis, false),
        b"WAITAOF" => (3, Unit::Millis, false),
        _ => return Ok(Kind::Ordinary),
    };
    let t = parse(&up, args.arg(at), unit)?;
    Ok(if own {
        Kind::OwnConnection(t)
    } else {
        Kind::OnMain(t)
    })
}

/// The deadline for a timeout argument: `None` for 0, else the timeout plus
/// [`EXTENSION`].
fn parse(name: &[u8], arg: Option<&[u8]>, unit: Unit) -> Result<Option<Duration>> {
    let name = String::from_utf8_lossy(name);
    let bad = |why: &str| Err(Error::InvalidRequest(format!("{name}: {why}")));
    let Some(arg) = arg else {
        return bad("the timeout argument is missing");
    };
    let Some(v) = std::str::from_utf8(arg)
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
    else {
        return bad("the timeout is not a number");
    };
    let secs = match unit {
        Unit::Seconds => v,
        Unit::Millis => v / 1000.0,
    };
    if secs < 0.0 {
        return bad("the timeout must not be negative");
    }
    if secs == 0.0 {
        return Ok(None);
    }
    if secs > u32::MAX as f64 {
        return bad("the timeout is out of range (at most 2^32 - 1 seconds)");
    }
    Ok(Some(Duration::from_secs_f64(secs) + EXTENSION))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(args: &[&str]) -> Result<Kind> {
        classify(args)
    }

    #[test]
    fn timeouts_come_from_the_right_argument() {
        let own = |ms: u64| Kind::OwnConnection(Some(Duration::from_millis(ms) + EXTENSION));
        assert_eq!(k(&["BLPOP", "a", "b", "1.5"]).unwrap(), own(1500));
        assert_eq!(k(&["brpop", "a", "0"]).unwrap(), Kind::OwnConnection(None));
        assert_eq!(
            k(&["BLMOVE", "a", "b", "LEFT", "RIGHT", "2"]).unwrap(),
            own(2000)
        );
        assert_eq!(k(&["BLMPOP", "0.25", "1", "a", "LEFT"]).unwrap(), own(250));
        assert_eq!(
            k(&["BZMPOP", "3", "1", "a", "MIN", "COUNT", "2"]).unwrap(),
            own(3000)
        );
        assert_eq!(
            k(&["XREAD", "COUNT", "2", "block", "100", "STREAMS", "s", "$"]).unwrap(),
            own(100)
        );
        assert_eq!(k(&["XREAD", "STREAMS", "s", "0"]).unwrap(), Kind::Ordinary);
        assert_eq!(
            k(&["WAIT", "1", "200"]).unwrap(),
            Kind::OnMain(Some(Duration::from_millis(200) + EXTENSION))
        );
        assert_eq!(k(&["WAITAOF", "1", "0", "0"]).unwrap(), Kind::OnMain(None));
        assert_eq!(k(&["GET", "a"]).unwrap(), Kind::Ordinary);
    }

    #[test]
    fn bad_timeouts_are_refused() {
        for args in [
            &["BLPOP", "a", "-1"][..],
            &["BLPOP", "a", "soon"],
            &["BLMPOP"],
            &["WAIT", "1", "-5"],
            &["BZPOPMIN", "a", "1e20"],
        ] {
            assert!(matches!(k(args), Err(Error::InvalidRequest(_))), "{args:?}");
        }
    }
}
