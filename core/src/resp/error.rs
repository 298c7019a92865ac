//! The two kinds of failure a reply can carry: bytes that break the protocol, and a well-formed
//! error reply from the server.

use std::fmt;

/// The bytes on the wire are not valid RESP.
///
/// After this the connection's stream position is unknown, so callers should drop the connection
/// rather than try to resynchronise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("RESP protocol error: {message}")]
pub struct ProtocolError {
    message: String,
}

impl ProtocolError {
    /// Creates an error with the given reason.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The reason, without the "RESP protocol error" prefix that `Display` adds.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// An error reply (`-` simple error or `!` blob error) sent by the server.
///
/// The full text is kept because the parts after the code matter: `MOVED 3999 127.0.0.1:6381`
/// carries the redirect target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    message: String,
}

impl ServerError {
    /// Wraps the full error text as the server sent it (without the leading `-`).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The error code: the first space-separated word (`ERR`, `WRONGTYPE`, `MOVED`, ...).
    ///
    /// The whole message when it has no space.
    pub fn code(&self) -> &str {
        match self.message.find(' ') {
            Some(i) => &self.message[..i],
            None => &self.message,
        }
    }

    /// The full text, code included.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ServerError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_error_code_and_message() {
        let e = ServerError::new("MOVED 3999 127.0.0.1:6381");
        assert_eq!(e.code(), "MOVED");
        assert_eq!(e.message(), "MOVED 3999 127.0.0.1:6381");
        assert_eq!(e.to_string(), "MOVED 3999 127.0.0.1:6381");
        assert_eq!(ServerError::new("ERR").code(), "ERR");
        assert_eq!(ServerError::new("").code(), "");
    }

    #[test]
    fn protocol_error_display_has_reason() {
        let e = ProtocolError::new("bad thing at offset 3");
        assert_eq!(e.message(), "bad thing at offset 3");
        assert!(e.to_string().contains("bad thing at offset 3"));
    }
}
