//! The decoded form of a reply, and conversions to plain Rust types.

use bytes::Bytes;

use super::lex;
use super::ServerError;

/// A decoded RESP2 or RESP3 value.
///
/// RESP2's null bulk string and null array, and RESP3's null, all become [`Value::Nil`]: callers
/// never need to tell them apart. Error replies are values, not `Err`, because they can appear
/// inside aggregates (a transaction's results); use [`Value::into_result`] for the top level.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `_`, `$-1` or `*-1`.
    Nil,
    /// `+`: short status text such as `OK`.
    SimpleString(String),
    /// `$`: binary-safe data, sharing the frame's buffer.
    BulkString(Bytes),
    /// `=`: text with a three-letter format hint (`txt`, `mkd`).
    VerbatimString {
        /// The format hint before the colon.
        format: String,
        /// The text after the colon.
        text: String,
    },
    /// `:`
    Integer(i64),
    /// `,`: may be infinite or NaN.
    Double(f64),
    /// `#`
    Boolean(bool),
    /// `(`: an integer of any size, as its decimal digits.
    BigNumber(String),
    /// `*`
    Array(Vec<Value>),
    /// `%`: pairs in the order received (keys need not be unique or hashable).
    Map(Vec<(Value, Value)>),
    /// `~`
    Set(Vec<Value>),
    /// `>`: out-of-band data such as pub/sub messages.
    Push(Vec<Value>),
    /// `|`: metadata the server attached to the value that follows it.
    Attribute {
        /// The metadata pairs.
        attributes: Vec<(Value, Value)>,
        /// The annotated value.
        value: Box<Value>,
    },
    /// `-` or `!`: an error reply.
    ServerError(ServerError),
}

/// Why a [`Value`] could not become the requested Rust type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConversionError {
    /// The value was an error reply; it is passed through so callers can still act on it.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// The value had a type (or content) the target cannot represent.
    #[error("cannot convert {found} to {expected}")]
    Unexpected {
        /// The target type.
        expected: &'static str,
        /// The value's type.
        found: &'static str,
    },
}

impl Value {
    /// The RESP type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::SimpleString(_) => "simple string",
            Value::BulkString(_) => "bulk string",
            Value::VerbatimString { .. } => "verbatim string",
            Value::Integer(_) => "integer",
            Value::Double(_) => "double",
            Value::Boolean(_) => "boolean",
            Value::BigNumber(_) => "big number",
            Value::Array(_) => "array",
            Value::Map(_) => "map",
            Value::Set(_) => "set",
            Value::Push(_) => "push",
            Value::Attribute { .. } => "attribute",
            Value::ServerError(_) => "error",
        }
    }

    /// The value with any attributes in front of it removed. The accessors below already look
    /// through attributes; this is for matching on the variant.
    pub fn without_attributes(self) -> Value {
        let mut value = self;
        while let Value::Attribute { value: inner, .. } = value {
            value = *inner;
        }
        value
    }

    fn peeled(&self) -> &Value {
        let mut value = self;
        while let Value::Attribute { value: inner, .. } = value {
            value = inner;
        }
        value
    }

    /// Whether this is a null of any kind.
    pub fn is_nil(&self) -> bool {
        matches!(self.peeled(), Value::Nil)
    }

    /// The error reply, if this is one.
    pub fn as_server_error(&self) -> Option<&ServerError> {
        match self.peeled() {
            Value::ServerError(e) => Some(e),
            _ => None,
        }
    }

    /// Text content: simple strings, verbatim strings' text, and bulk strings that are UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        match self.peeled() {
            Value::SimpleString(s) | Value::VerbatimString { text: s, .. } => Some(s),
            Value::BulkString(b) => std::str::from_utf8(b).ok(),
            _ => None,
        }
    }

    /// Raw content of any string-like value (simple, bulk, verbatim text, big number digits).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self.peeled() {
            Value::SimpleString(s)
            | Value::VerbatimString { text: s, .. }
            | Value::BigNumber(s) => Some(s.as_bytes()),
            Value::BulkString(b) => Some(b),
            _ => None,
        }
    }

    /// An integer, also from a simple or bulk string holding one in decimal (RESP2 sends some
    /// numbers that way).
    pub fn as_int(&self) -> Option<i64> {
        match self.peeled() {
            Value::Integer(n) => Some(*n),
            Value::SimpleString(s) => lex::parse_int(s.as_bytes(), 0).ok(),
            Value::BulkString(b) => lex::parse_int(b, 0).ok(),
            _ => None,
        }
    }

    /// A float: doubles, integers, and strings holding a number (RESP2 sends scores as bulk
    /// strings).
    pub fn as_f64(&self) -> Option<f64> {
        match self.peeled() {
            Value::Double(d) => Some(*d),
            Value::Integer(n) => Some(*n as f64),
            Value::SimpleString(s) => lex::parse_double(s.as_bytes(), 0).ok(),
            Value::BulkString(b) => lex::parse_double(b, 0).ok(),
            _ => None,
        }
    }

    /// A boolean: RESP3 booleans, and RESP2's integers 1 and 0.
    pub fn as_bool(&self) -> Option<bool> {
        match self.peeled() {
            Value::Boolean(b) => Some(*b),
            Value::Integer(1) => Some(true),
            Value::Integer(0) => Some(false),
            _ => None,
        }
    }

    /// The elements of an array, set or push.
    pub fn as_slice(&self) -> Option<&[Value]> {
        match self.peeled() {
            Value::Array(items) | Value::Set(items) | Value::Push(items) => Some(items),
            _ => None,
        }
    }

    /// Turns an error reply into `Err` and passes anything else through.
    pub fn into_result(self) -> Result<Value, ServerError> {
        match self {
            Value::ServerError(e) => Err(e),
            Value::Attribute { attributes, value } => match *value {
                Value::ServerError(e) => Err(e),
                value => Ok(Value::Attribute {
                    attributes,
                    value: Box::new(value),
                }),
            },
            other => Ok(other),
        }
    }

    fn mismatch(&self, expected: &'static str) -> ConversionError {
        match self {
            Value::ServerError(e) => ConversionError::Server(e.clone()),
            other => ConversionError::Unexpected {
                expected,
                found: other.type_name(),
            },
        }
    }
}

impl TryFrom<Value> for String {
    type Error = ConversionError;

    /// Accepts simple, bulk (if UTF-8) and verbatim strings, and big numbers.
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        match value.without_attributes() {
            Value::SimpleString(s)
            | Value::VerbatimString { text: s, .. }
            | Value::BigNumber(s) => Ok(s),
            Value::BulkString(b) => match std::str::from_utf8(&b) {
                Ok(s) => Ok(s.to_owned()),
                Err(_) => Err(ConversionError::Unexpected {
                    expected: "string",
                    found: "non-UTF-8 bulk string",
                }),
            },
            other => Err(other.mismatch("string")),
        }
    }
}

impl TryFrom<Value> for Bytes {
    type Error = ConversionError;

    /// Accepts any string-like value; bulk strings are not copied.
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        match value.without_attributes() {
            Value::BulkString(b) => Ok(b),
            Value::SimpleString(s)
            | Value::VerbatimString { text: s, .. }
            | Value::BigNumber(s) => Ok(Bytes::from(s)),
            other => Err(other.mismatch("bytes")),
        }
    }
}

impl TryFrom<Value> for Vec<u8> {
    type Error = ConversionError;

    /// Accepts any string-like value.
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        match value.without_attributes() {
            Value::BulkString(b) => Ok(b.to_vec()),
            Value::SimpleString(s)
            | Value::VerbatimString { text: s, .. }
            | Value::BigNumber(s) => Ok(s.into_bytes()),
            other => Err(other.mismatch("bytes")),
        }
    }
}

impl TryFrom<Value> for i64 {
    type Error = ConversionError;

    /// Same rules as [`Value::as_int`].
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        value
            .as_int()
            .ok_or_else(|| value.peeled().mismatch("integer"))
    }
}

impl TryFrom<Value> for f64 {
    type Error = ConversionError;

    /// Same rules as [`Value::as_f64`].
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        value
            .as_f64()
            .ok_or_else(|| value.peeled().mismatch("double"))
    }
}

impl TryFrom<Value> for bool {
    type Error = ConversionError;

    /// Same rules as [`Value::as_bool`].
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        value
            .as_bool()
            .ok_or_else(|| value.peeled().mismatch("boolean"))
    }
}

impl TryFrom<Value> for Vec<Value> {
    type Error = ConversionError;

    /// Accepts arrays, sets and pushes.
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        match value.without_attributes() {
            Value::Array(items) | Value::Set(items) | Value::Push(items) => Ok(items),
            other => Err(other.mismatch("array")),
        }
    }
}

/// `Option<T>` maps any null to `None` and otherwise converts as `T` does.
macro_rules! optional {
    ($($t:ty),*) => {$(
        impl TryFrom<Value> for Option<$t> {
            type Error = ConversionError;

            fn try_from(value: Value) -> Result<Self, Self::Error> {
                if value.is_nil() {
                    Ok(None)
                } else {
                    <$t>::try_from(value).map(Some)
                }
            }
        }
    )*};
}

optional!(String, Bytes, Vec<u8>, i64, f64, bool);

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(b: &'static [u8]) -> Value {
        Value::BulkString(Bytes::from_static(b))
    }

    fn attributed(v: Value) -> Value {
        Value::Attribute {
            attributes: vec![(Value::SimpleString("a".into()), Value::Integer(1))],
            value: Box::new(v),
        }
    }

    #[test]
    fn accessors() {
        assert!(Value::Nil.is_nil());
        assert!(attributed(Value::Nil).is_nil());
        assert_eq!(bulk(b"hi").as_str(), Some("hi"));
        assert_eq!(bulk(b"\xff").as_str(), None);
        assert_eq!(bulk(b"\xff").as_bytes(), Some(&b"\xff"[..]));
        assert_eq!(Value::SimpleString("OK".into()).as_str(), Some("OK"));
        assert_eq!(attributed(Value::Integer(3)).as_int(), Some(3));
        assert_eq!(bulk(b"-17").as_int(), Some(-17));
        assert_eq!(bulk(b"1.5").as_int(), None);
        assert_eq!(bulk(b"1.5").as_f64(), Some(1.5));
        assert_eq!(Value::Integer(2).as_f64(), Some(2.0));
        assert_eq!(Value::Integer(1).as_bool(), Some(true));
        assert_eq!(Value::Integer(2).as_bool(), None);
        assert_eq!(
            Value::Set(vec![Value::Nil]).as_slice(),
            Some(&[Value::Nil][..])
        );
        let err = Value::ServerError(ServerError::new("ERR x"));
        assert_eq!(err.as_server_error().map(ServerError::code), Some("ERR"));
        assert!(err.clone().into_result().is_err());
        assert!(attributed(err).into_result().is_err());
        assert_eq!(Value::Integer(1).into_result(), Ok(Value::Integer(1)));
        assert_eq!(attributed(Value::Nil).without_attributes(), Value::Nil);
    }

    #[test]
    fn conversions() {
        assert_eq!(String::try_from(bulk(b"abc")), Ok("abc".to_owned()));
        assert!(String::try_from(bulk(b"\xff")).is_err());
        assert_eq!(
            String::try_from(Value::VerbatimString {
                format: "txt".into(),
                text: "t".into()
            }),
            Ok("t".to_owned())
        );
        assert_eq!(i64::try_from(Value::Integer(-5)), Ok(-5));
        assert_eq!(i64::try_from(bulk(b"12")), Ok(12));
        assert_eq!(f64::try_from(Value::Double(0.5)), Ok(0.5));
        assert_eq!(bool::try_from(Value::Boolean(false)), Ok(false));
        assert_eq!(Vec::<u8>::try_from(bulk(b"xy")), Ok(b"xy".to_vec()));
        assert_eq!(Bytes::try_from(bulk(b"xy")), Ok(Bytes::from_static(b"xy")));
        assert_eq!(
            Vec::<Value>::try_from(Value::Array(vec![Value::Integer(1)])),
            Ok(vec![Value::Integer(1)])
        );
        assert_eq!(Option::<String>::try_from(Value::Nil), Ok(None));
        assert_eq!(
            Option::<String>::try_from(bulk(b"v")),
            Ok(Some("v".to_owned()))
        );
        assert_eq!(Option::<i64>::try_from(Value::Integer(4)), Ok(Some(4)));
        assert_eq!(
            i64::try_from(Value::Array(vec![])),
            Err(ConversionError::Unexpected {
                expected: "integer",
                found: "array"
            })
        );
        let e = ServerError::new("WRONGTYPE no");
        assert_eq!(
            String::try_from(Value::ServerError(e.clone())),
            Err(ConversionError::Server(e.clone()))
        );
        assert_eq!(
            Option::<i64>::try_from(attributed(Value::ServerError(e.clone()))),
            Err(ConversionError::Server(e))
        );
    }
}
