//! Builds the span and metric exporters an endpoint names.

use std::sync::Arc;
use std::time::Duration;

use opentelemetry_otlp::{WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::metrics::data::ResourceMetrics;
use opentelemetry_sdk::metrics::exporter::PushMetricExporter;
use opentelemetry_sdk::metrics::Temporality;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};
use opentelemetry_sdk::Resource;
use tokio::runtime::Runtime;

use super::config::Endpoint;
use super::file::{FileMetrics, FileSpans, Sink};
use super::state::InitError;

/// How long one export may take.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

/// The span exporter of one endpoint.
#[derive(Debug)]
pub(crate) enum Spans {
    File(FileSpans),
    Http(opentelemetry_otlp::SpanExporter),
    /// gRPC runs on the telemetry runtime: the SDK's export thread blocks on it.
    Grpc(Arc<Runtime>, opentelemetry_otlp::SpanExporter),
}

impl SpanExporter for Spans {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        match self {
            Spans::File(f) => f.export(batch).await,
            Spans::Http(e) => e.export(batch).await,
            Spans::Grpc(rt, e) => rt.block_on(e.export(batch)),
        }
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        match self {
            Spans::File(f) => f.shutdown_with_timeout(timeout),
            Spans::Http(e) => e.shutdown_with_timeout(timeout),
            Spans::Grpc(rt, e) => {
                let _g = rt.enter();
                e.shutdown_with_timeout(timeout)
            }
        }
    }

    /// The SDK hands the provider's resource (service.name) to the exporter here;
    /// the OTLP exporters put it on every batch they send, so it must reach them.
    fn set_resource(&mut self, resource: &Resource) {
        match self {
            Spans::File(f) => f.set_resource(resource),
            Spans::Http(e) | Spans::Grpc(_, e) => e.set_resource(resource),
        }
    }
}

/// The metric exporter of one endpoint.
#[derive(Debug)]
pub(crate) enum Metrics {
    File(FileMetrics),
    Http(opentelemetry_otlp::MetricExporter),
    Grpc(Arc<Runtime>, opentelemetry_otlp::MetricExporter),
}

impl PushMetricExporter for Metrics {
    async fn export(&self, metrics: &ResourceMetrics) -> OTelSdkResult {
        match self {
            Metrics::File(f) => f.export(metrics).await,
            Metrics::Http(e) => e.export(metrics).await,
            Metrics::Grpc(rt, e) => rt.block_on(e.export(metrics)),
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        match self {
            Metrics::File(f) => f.force_flush(),
            Metrics::Http(e) | Metrics::Grpc(_, e) => e.force_flush(),
        }
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        match self {
            Metrics::File(f) => f.shutdown_with_timeout(timeout),
            Metrics::Http(e) | Metrics::Grpc(_, e) => e.shutdown_with_timeout(timeout),
        }
    }

    fn temporality(&self) -> Temporality {
        Temporality::Cumulative
    }
}

/// What building exporters needs and shares: one file handle per path, one runtime for
/// gRPC.
#[derive(Default)]
pub(crate) struct Builder {
    files: Vec<(std::path::PathBuf, Sink)>,
    rt: Option<Arc<Runtime>>,
}

impl Builder {
    fn file(&mut self, path: &std::path::Path) -> Result<Sink, InitError> {
        if let Some((_, s)) = self.files.iter().find(|(p, _)| p == path) {
            return Ok(s.clone());
        }
        let s = Sink::open(path).map_err(|e| {
            InitError::Invalid(format!(
                "file:// endpoint: cannot open {}: {e}",
                path.display()
            ))
        })?;
        self.files.push((path.to_path_buf(), s.clone()));
        Ok(s)
    }

    fn runtime(&mut self) -> Result<Arc<Runtime>, InitError> {
        if let Some(rt) = &self.rt {
            return Ok(rt.clone());
        }
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("valkite-otel")
            .enable_all()
            .build()
            .map_err(|e| InitError::Failed(format!("telemetry runtime: {e}")))?;
        let rt = Arc::new(rt);
        self.rt = Some(rt.clone());
        Ok(rt)
    }

    pub(crate) fn spans(&mut self, ep: &Endpoint) -> Result<Spans, InitError> {
        let failed = |e: opentelemetry_otlp::ExporterBuildError| {
            InitError::Failed(format!("traces exporter: {e}"))
        };
        Ok(match ep {
            Endpoint::File(p) => Spans::File(FileSpans(self.file(p)?)),
            Endpoint::Http(url) => Spans::Http(
                opentelemetry_otlp::SpanExporter::builder()
                    .with_http()
                    .with_http_client(http_client()?)
                    .with_endpoint(signal_url(url, "traces"))
                    .with_timeout(EXPORT_TIMEOUT)
                    .build()
                    .map_err(failed)?,
            ),
            Endpoint::Grpc(url) => {
                let rt = self.runtime()?;
                let e = {
                    let _g = rt.enter();
                    opentelemetry_otlp::SpanExporter::builder()
                        .with_tonic()
                        .with_endpoint(url.clone())
                        .with_timeout(EXPORT_TIMEOUT)
                        .build()
                        .map_err(failed)?
                };
                Spans::Grpc(rt, e)
            }
        })
    }

    pub(crate) fn metrics(&mut self, ep: &Endpoint) -> Result<Metrics, InitError> {
        let failed = |e: opentelemetry_otlp::ExporterBuildError| {
            InitError::Failed(format!("metrics exporter: {e}"))
        };
        Ok(match ep {
            Endpoint::File(p) => Metrics::File(FileMetrics(self.file(p)?)),
            Endpoint::Http(url) => Metrics::Http(
                opentelemetry_otlp::MetricExporter::builder()
                    .with_http()
                    .with_http_client(http_client()?)
                    .with_endpoint(signal_url(url, "metrics"))
                    .with_timeout(EXPORT_TIMEOUT)
                    .build()
                    .map_err(failed)?,
            ),
            Endpoint::Grpc(url) => {
                let rt = self.runtime()?;
                let e = {
                    let _g = rt.enter();
                    opentelemetry_otlp::MetricExporter::builder()
                        .with_tonic()
                        .with_endpoint(url.clone())
                        .with_timeout(EXPORT_TIMEOUT)
                        .build()
                        .map_err(failed)?
                };
                Metrics::Grpc(rt, e)
            }
        })
    }
}

/// An endpoint without a path gets the signal's standard OTLP/HTTP path.
fn signal_url(url: &str, signal: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) if after_scheme.len() > i + 1 => url.to_string(),
        _ => format!("{}/v1/{signal}", url.trim_end_matches('/')),
    }
}

/// A blocking HTTP client whose TLS uses the same provider and roots as the core's
/// connections (ring, the platform's certificates).
fn http_client() -> Result<reqwest::blocking::Client, InitError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert); // one odd platform cert must not sink the rest
    }
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| InitError::Failed(format!("TLS for the HTTP exporter: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    // reqwest's blocking client runs its own thread; building it inside a runtime
    // would panic, so it is built on a thread of its own.
    std::thread::spawn(move || {
        reqwest::blocking::Client::builder()
            .use_preconfigured_tls(tls)
            .timeout(EXPORT_TIMEOUT)
            .build()
    })
    .join()
    .map_err(|_| InitError::Failed("HTTP exporter client: build panicked".into()))?
    .map_err(|e| InitError::Failed(format!("HTTP exporter client: {e}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn signal_paths() {
        assert_eq!(
            super::signal_url("http://c:4318", "traces"),
            "http://c:4318/v1/traces"
        );
        assert_eq!(
            super::signal_url("http://c:4318/", "metrics"),
            "http://c:4318/v1/metrics"
        );
        assert_eq!(
            super::signal_url("https://c/v1/traces", "traces"),
            "https://c/v1/traces"
        );
    }
}
