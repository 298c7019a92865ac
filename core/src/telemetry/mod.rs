//! OpenTelemetry traces and metrics for the whole process (feature `otel`).
//!
//! The host decides which requests are traced (sampling happens before a request is
//! submitted, so an untraced request costs nothing here). A traced request carries the
//! id of a span the host started through [`start_span`]; the core records on it the
//! node that served the request ([`served_by`]) and what happened on the way
//! (redirections, retries: [`event`]), and the host ends it when the reply is back
//! ([`end_span`]). Spans are exported by the OpenTelemetry SDK's batch processor to an
//! OTLP collector (gRPC or HTTP) or to a file of JSON lines.
//!
//! Metrics (when configured): counters of request timeouts, retries and MOVED
//! redirections, kept by the core wherever those happen ([`count`]).
//!
//! Without the `otel` feature every function here is an empty inline stub and the
//! OpenTelemetry crates are not built.

#[cfg(feature = "otel")]
mod config;
#[cfg(feature = "otel")]
mod exporters;
#[cfg(feature = "otel")]
mod file;
#[cfg(feature = "otel")]
mod json;
#[cfg(feature = "otel")]
mod metrics;
#[cfg(feature = "otel")]
mod spans;

#[cfg(feature = "otel")]
pub use config::{Config, Endpoint, MetricsConfig, TracesConfig, DEFAULT_FLUSH_INTERVAL};
#[cfg(feature = "otel")]
pub use metrics::{count, Counter};
#[cfg(feature = "otel")]
pub use spans::{end_span, event, live_spans, served_by, start_span, Parent, SpanKind, SpanStart};

#[cfg(feature = "otel")]
mod state;
#[cfg(feature = "otel")]
pub use state::{init, is_initialized, InitError};

/// What the core counts for the metrics exporter.
#[cfg(not(feature = "otel"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// A request timed out.
    Timeout,
    /// A cluster request was sent again after a failure.
    Retry,
    /// A MOVED redirection was followed.
    Moved,
}

/// Counts one occurrence (no-op without the `otel` feature).
#[cfg(not(feature = "otel"))]
#[inline(always)]
pub fn count(_c: Counter) {}

/// Records the node that served a traced request (no-op without the `otel` feature).
#[cfg(not(feature = "otel"))]
#[inline(always)]
pub fn served_by(_span: u64, _addr: &crate::config::Address) {}

/// Adds an event to a traced request's span (no-op without the `otel` feature).
#[cfg(not(feature = "otel"))]
#[inline(always)]
pub fn event(_span: u64, _name: &'static str, _detail: Option<&str>) {}
