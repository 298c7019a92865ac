//! The process-wide telemetry state: set once by [`init`].

use std::sync::{Mutex, OnceLock};

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::metrics::{PeriodicReader, SdkMeterProvider};
use opentelemetry_sdk::trace::{
    BatchConfigBuilder, BatchSpanProcessor, SdkTracer, SdkTracerProvider,
};
use opentelemetry_sdk::Resource;

use super::config::{Config, Endpoint};
use super::exporters::Builder;

/// Why [`init`] refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InitError {
    /// Telemetry was initialised before; it is set once per process.
    #[error("OpenTelemetry is already initialized: it can be initialized once per process")]
    AlreadyInitialized,
    /// The configuration is invalid.
    #[error("invalid OpenTelemetry configuration: {0}")]
    Invalid(String),
    /// An exporter could not be built.
    #[error("OpenTelemetry initialization failed: {0}")]
    Failed(String),
}

pub(crate) struct State {
    pub tracer: Option<SdkTracer>,
    // Kept alive for the life of the process: dropping them would stop exporting.
    _traces: Option<SdkTracerProvider>,
    _meters: Option<SdkMeterProvider>,
}

static STATE: OnceLock<State> = OnceLock::new();
/// Serialises `init` calls, so a failed one can be retried and two racing ones give
/// one success and one `AlreadyInitialized`.
static INIT: Mutex<()> = Mutex::new(());

pub(crate) fn state() -> Option<&'static State> {
    STATE.get()
}

/// Whether [`init`] succeeded.
pub fn is_initialized() -> bool {
    STATE.get().is_some()
}

/// Starts exporting traces and/or metrics. Once per process: a second call after a
/// success is [`InitError::AlreadyInitialized`]; a failed call changes nothing and may
/// be retried.
pub fn init(cfg: &Config) -> Result<(), InitError> {
    let _g = INIT.lock().unwrap_or_else(|p| p.into_inner());
    if STATE.get().is_some() {
        return Err(InitError::AlreadyInitialized);
    }
    cfg.validate()?;
    let traces = cfg
        .traces
        .as_ref()
        .map(|t| Endpoint::parse(&t.endpoint))
        .transpose()?;
    let metrics = cfg
        .metrics
        .as_ref()
        .map(|m| Endpoint::parse(&m.endpoint))
        .transpose()?;
    let resource = Resource::builder().with_service_name("valkite").build();
    let mut b = Builder::default();
    let mut tracer = None;
    let mut tracer_provider = None;
    if let Some(ep) = &traces {
        let exporter = b.spans(ep)?;
        let processor = BatchSpanProcessor::builder(exporter)
            .with_batch_config(
                BatchConfigBuilder::default()
                    .with_scheduled_delay(cfg.flush_interval)
                    .build(),
            )
            .build();
        let p = SdkTracerProvider::builder()
            .with_span_processor(processor)
            .with_resource(resource.clone())
            .build();
        tracer = Some(p.tracer("valkite"));
        tracer_provider = Some(p);
    }
    let mut meter_provider = None;
    if let Some(ep) = &metrics {
        let exporter = b.metrics(ep)?;
        let reader = PeriodicReader::builder(exporter)
            .with_interval(cfg.flush_interval)
            .build();
        let p = SdkMeterProvider::builder()
            .with_reader(reader)
            .with_resource(resource)
            .build();
        super::metrics::register(&p);
        meter_provider = Some(p);
    }
    let _ = STATE.set(State {
        tracer,
        _traces: tracer_provider,
        _meters: meter_provider,
    });
    Ok(())
}
