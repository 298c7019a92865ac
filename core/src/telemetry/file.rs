//! The `file://` exporters: one JSON object per line, appended to one file shared by
//! spans and metrics.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData, ResourceMetrics};
use opentelemetry_sdk::metrics::exporter::PushMetricExporter;
use opentelemetry_sdk::metrics::Temporality;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};

use super::json;

/// An open signals file, shared by the span and metric exporters writing to it.
#[derive(Debug, Clone)]
pub(crate) struct Sink(Arc<Mutex<File>>);

impl Sink {
    pub(crate) fn open(path: &Path) -> std::io::Result<Sink> {
        let f = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Sink(Arc::new(Mutex::new(f))))
    }

    fn write(&self, text: &str) -> OTelSdkResult {
        let mut f = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f.write_all(text.as_bytes())
            .and_then(|_| f.flush())
            .map_err(|e| OTelSdkError::InternalFailure(format!("writing signals file: {e}")))
    }
}

/// Spans as JSON lines.
#[derive(Debug)]
pub(crate) struct FileSpans(pub Sink);

fn kind(k: &opentelemetry::trace::SpanKind) -> &'static str {
    use opentelemetry::trace::SpanKind::*;
    match k {
        Client => "Client",
        Server => "Server",
        Producer => "Producer",
        Consumer => "Consumer",
        Internal => "Internal",
    }
}

/// One span's line (with its newline).
pub(crate) fn span_line(out: &mut String, s: &SpanData) {
    use std::fmt::Write as _;
    out.push('{');
    json::key(out, "name", true);
    json::string(out, &s.name);
    json::key(out, "trace_id", false);
    json::string(out, &s.span_context.trace_id().to_string());
    json::key(out, "span_id", false);
    json::string(out, &s.span_context.span_id().to_string());
    json::key(out, "parent_span_id", false);
    json::string(out, &s.parent_span_id.to_string());
    json::key(out, "kind", false);
    json::string(out, kind(&s.span_kind));
    json::key(out, "start_time", false);
    let _ = write!(out, "{}", json::nanos(s.start_time));
    json::key(out, "end_time", false);
    let _ = write!(out, "{}", json::nanos(s.end_time));
    json::key(out, "span_attributes", false);
    json::attributes(out, s.attributes.iter());
    json::key(out, "events", false);
    out.push('[');
    for (i, e) in s.events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        json::key(out, "name", true);
        json::string(out, &e.name);
        json::key(out, "time", false);
        let _ = write!(out, "{}", json::nanos(e.timestamp));
        json::key(out, "attributes", false);
        json::attributes(out, e.attributes.iter());
        out.push('}');
    }
    out.push(']');
    json::key(out, "status", false);
    json::string(
        out,
        match &s.status {
            opentelemetry::trace::Status::Error { .. } => "Error",
            opentelemetry::trace::Status::Ok => "Ok",
            opentelemetry::trace::Status::Unset => "Unset",
        },
    );
    out.push_str("}\n");
}

impl SpanExporter for FileSpans {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let mut out = String::with_capacity(batch.len() * 400);
        for s in &batch {
            span_line(&mut out, s);
        }
        self.0.write(&out)
    }
}

/// Metrics as JSON lines: one line per data point.
#[derive(Debug)]
pub(crate) struct FileMetrics(pub Sink);

fn point<T: std::fmt::Display>(out: &mut String, name: &str, kind: &str, v: T) {
    use std::fmt::Write as _;
    out.push('{');
    json::key(out, "metric", true);
    json::string(out, name);
    json::key(out, "type", false);
    json::string(out, kind);
    json::key(out, "value", false);
    let _ = write!(out, "{v}");
    json::key(out, "time", false);
    let _ = write!(out, "{}", json::nanos(std::time::SystemTime::now()));
    out.push_str("}\n");
}

fn data<T: std::fmt::Display + Copy>(out: &mut String, name: &str, d: &MetricData<T>) {
    match d {
        MetricData::Sum(s) => s
            .data_points()
            .for_each(|p| point(out, name, "sum", p.value())),
        MetricData::Gauge(g) => g
            .data_points()
            .for_each(|p| point(out, name, "gauge", p.value())),
        _ => {}
    }
}

impl PushMetricExporter for FileMetrics {
    async fn export(&self, metrics: &ResourceMetrics) -> OTelSdkResult {
        let mut out = String::new();
        for scope in metrics.scope_metrics() {
            for m in scope.metrics() {
                match m.data() {
                    AggregatedMetrics::U64(d) => data(&mut out, m.name(), d),
                    AggregatedMetrics::I64(d) => data(&mut out, m.name(), d),
                    AggregatedMetrics::F64(d) => data(&mut out, m.name(), d),
                }
            }
        }
        if out.is_empty() {
            return Ok(());
        }
        self.0.write(&out)
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        Ok(())
    }

    fn temporality(&self) -> Temporality {
        Temporality::Cumulative
    }
}
