//! Building commands for the Rust API. Arguments are encoded as they are added, so
//! sending a command is one copy into the connection's write buffer.

use bytes::BytesMut;

/// A command and its arguments, already in wire form.
///
/// ```
/// let c = valkite::cmd(["SET", "greeting", "hello"]);
/// assert_eq!(c.name(), "SET");
/// let c = valkite::Cmd::new("GET").arg("greeting");
/// assert_eq!(c.len(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct Cmd {
    body: BytesMut,
    nargs: usize,
    name: String,
}

/// Builds a command from its words.
pub fn cmd<I, A>(args: I) -> Cmd
where
    I: IntoIterator<Item = A>,
    A: AsRef<[u8]>,
{
    let mut it = args.into_iter();
    let mut c = match it.next() {
        Some(first) => Cmd::new(first),
        None => Cmd {
            body: BytesMut::new(),
            nargs: 0,
            name: String::new(),
        },
    };
    for a in it {
        c.push(a.as_ref());
    }
    c
}

impl Cmd {
    /// A command with its name only; add arguments with [`Cmd::arg`].
    pub fn new(name: impl AsRef<[u8]>) -> Cmd {
        let name = name.as_ref();
        let mut c = Cmd {
            body: BytesMut::with_capacity(64),
            nargs: 0,
            name: String::from_utf8_lossy(name).to_ascii_uppercase(),
        };
        c.push(name);
        c
    }

    /// Appends an argument (any bytes: strings, binary values, numbers as text).
    pub fn arg(mut self, a: impl AsRef<[u8]>) -> Cmd {
        self.push(a.as_ref());
        self
    }

    fn push(&mut self, a: &[u8]) {
        self.body.extend_from_slice(b"$");
        push_decimal(&mut self.body, a.len() as u64);
        self.body.extend_from_slice(b"\r\n");
        self.body.extend_from_slice(a);
        self.body.extend_from_slice(b"\r\n");
        self.nargs += 1;
    }

    /// The command name, upper-cased.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of words, the name included.
    pub fn len(&self) -> usize {
        self.nargs
    }

    /// Whether the command has no words at all, not even a name (only [`cmd`] of an
    /// empty list builds one).
    pub fn is_empty(&self) -> bool {
        self.nargs == 0
    }

    /// The array header that goes before [`Cmd::body`].
    pub(crate) fn header(&self) -> BytesMut {
        let mut h = BytesMut::with_capacity(16);
        h.extend_from_slice(b"*");
        push_decimal(&mut h, self.nargs as u64);
        h.extend_from_slice(b"\r\n");
        h
    }

    pub(crate) fn body(&self) -> &[u8] {
        &self.body
    }

    /// The whole command in RESP form.
    pub fn to_resp(&self) -> Vec<u8> {
        let mut v = self.header().to_vec();
        v.extend_from_slice(&self.body);
        v
    }
}

impl From<&str> for Cmd {
    fn from(s: &str) -> Cmd {
        cmd(s.split_whitespace())
    }
}

fn push_decimal(out: &mut BytesMut, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&tmp[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_resp_array_of_bulk_strings() {
        let c = cmd(["SET", "k", ""]);
        assert_eq!(c.to_resp(), b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
        let c = Cmd::new("get").arg(vec![0u8, 255]);
        assert_eq!(c.name(), "GET");
        assert_eq!(c.to_resp(), b"*2\r\n$3\r\nget\r\n$2\r\n\x00\xff\r\n");
    }

    #[test]
    fn empty_command_has_no_words() {
        let c = cmd(Vec::<&str>::new());
        assert!(c.is_empty());
    }
}
