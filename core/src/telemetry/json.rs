//! The little JSON the file exporter writes: strings escaped, numbers as they are.

use std::fmt::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use opentelemetry::{KeyValue, Value};

/// Appends `s` as a JSON string.
pub(crate) fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `"key":` (with a leading comma unless `first`).
pub(crate) fn key(out: &mut String, k: &str, first: bool) {
    if !first {
        out.push(',');
    }
    string(out, k);
    out.push(':');
}

/// Nanoseconds since the Unix epoch.
pub(crate) fn nanos(t: SystemTime) -> u128 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

fn value(out: &mut String, v: &Value) {
    match v {
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::I64(i) => {
            let _ = write!(out, "{i}");
        }
        Value::F64(f) if f.is_finite() => {
            let _ = write!(out, "{f}");
        }
        other => string(out, &other.as_str()),
    }
}

/// Appends an object of attributes.
pub(crate) fn attributes<'a>(out: &mut String, kvs: impl IntoIterator<Item = &'a KeyValue>) {
    out.push('{');
    for (i, kv) in kvs.into_iter().enumerate() {
        key(out, kv.key.as_str(), i == 0);
        value(out, &kv.value);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        let mut s = String::new();
        super::string(&mut s, "a\"b\\c\n\u{1}");
        assert_eq!(s, r#""a\"b\\c\n\u0001""#);
    }
}
