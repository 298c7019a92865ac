//! What `init` is given, and the validation of endpoints.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::state::InitError;

/// Where traces are sent, and which share of requests the host traces.
#[derive(Debug, Clone)]
pub struct TracesConfig {
    /// `grpc://`, `http(s)://` or `file://` (see [`Endpoint::parse`]).
    pub endpoint: String,
    /// 0–100; the host samples with it (the core only validates and reports it).
    pub sample_percentage: i32,
}

/// Where metrics are sent.
#[derive(Debug, Clone)]
pub struct MetricsConfig {
    /// `grpc://`, `http(s)://` or `file://` (see [`Endpoint::parse`]).
    pub endpoint: String,
}

/// The process-wide telemetry settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Traces, or `None` for none.
    pub traces: Option<TracesConfig>,
    /// Metrics, or `None` for none.
    pub metrics: Option<MetricsConfig>,
    /// How often spans and metrics are exported.
    pub flush_interval: Duration,
}

/// The default export interval.
pub const DEFAULT_FLUSH_INTERVAL: Duration = Duration::from_millis(5000);

/// A validated endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// OTLP over gRPC; the URL given to the exporter (`http://host:port`).
    Grpc(String),
    /// OTLP over HTTP(S): the base URL (`http(s)://host:port[/path]`).
    Http(String),
    /// JSON lines appended to this file.
    File(PathBuf),
}

/// The file a `file://` endpoint without a file name writes to.
pub const FILE_NAME: &str = "signals.json";

impl Endpoint {
    /// Parses `grpc://`, `http://`, `https://` or `file://`.
    pub fn parse(s: &str) -> Result<Endpoint, InitError> {
        let s = s.trim();
        let (scheme, rest) = s.split_once("://").ok_or_else(|| {
            InitError::Invalid(format!(
                "endpoint {s:?} has no scheme: use grpc://, http://, https:// or file://"
            ))
        })?;
        match scheme.to_ascii_lowercase().as_str() {
            "grpc" => {
                if rest.is_empty() {
                    return Err(InitError::Invalid(format!("endpoint {s:?} has no host")));
                }
                Ok(Endpoint::Grpc(format!("http://{rest}")))
            }
            "http" | "https" => {
                if rest.is_empty() {
                    return Err(InitError::Invalid(format!("endpoint {s:?} has no host")));
                }
                Ok(Endpoint::Http(s.to_string()))
            }
            "file" => Ok(Endpoint::File(file_path(rest)?)),
            other => Err(InitError::Invalid(format!(
                "endpoint scheme {other:?} is not supported: use grpc://, http://, https:// or file://"
            ))),
        }
    }
}

/// The file a `file://` path names: a directory (existing, or a path without an
/// extension) means `<dir>/signals.json`; the directory holding the file must exist.
fn file_path(p: &str) -> Result<PathBuf, InitError> {
    if p.is_empty() {
        return Err(InitError::Invalid("file:// endpoint has no path".into()));
    }
    let path = Path::new(p);
    let file = if path.is_dir() || path.extension().is_none() {
        path.join(FILE_NAME)
    } else {
        path.to_path_buf()
    };
    let dir = file.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if !dir.is_dir() {
        return Err(InitError::Invalid(format!(
            "file:// endpoint: directory {} does not exist",
            dir.display()
        )));
    }
    Ok(file)
}

impl Config {
    /// Checks what `init` can check before building anything.
    pub(crate) fn validate(&self) -> Result<(), InitError> {
        if self.traces.is_none() && self.metrics.is_none() {
            return Err(InitError::Invalid(
                "at least one of traces or metrics must be configured".into(),
            ));
        }
        if let Some(t) = &self.traces {
            if !(0..=100).contains(&t.sample_percentage) {
                return Err(InitError::Invalid(format!(
                    "sample percentage {} is outside 0..100",
                    t.sample_percentage
                )));
            }
        }
        if self.flush_interval.is_zero() {
            return Err(InitError::Invalid(
                "flush interval must be a positive number of milliseconds".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(
            Endpoint::parse("grpc://localhost:4317").unwrap(),
            Endpoint::Grpc("http://localhost:4317".into())
        );
        assert!(matches!(
            Endpoint::parse("https://c:4318/v1/traces"),
            Ok(Endpoint::Http(_))
        ));
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("localhost:4317").is_err());
        let dir = std::env::temp_dir();
        let d = dir.to_str().unwrap();
        assert_eq!(
            Endpoint::parse(&format!("file://{d}")).unwrap(),
            Endpoint::File(dir.join(FILE_NAME))
        );
        assert_eq!(
            Endpoint::parse(&format!("file://{d}/spans.jsonl")).unwrap(),
            Endpoint::File(dir.join("spans.jsonl"))
        );
        assert!(Endpoint::parse("file:///no/such/dir/x.json").is_err());
    }
}
