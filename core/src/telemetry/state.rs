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

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::super::spans::{
        end_span, event, served_by, start_span, Parent, SpanKind, SpanStart,
    };
    use super::super::{Config, MetricsConfig, TracesConfig};
    use super::{init, InitError};
    use crate::config::Address;

    // The only test in this binary that initialises telemetry (it is process-wide).
    #[test]
    fn spans_reach_the_file_with_parent_server_and_events() {
        let dir = std::env::temp_dir().join(format!("valkite-otel-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ep = format!("file://{}", dir.display());
        let bad = Config {
            traces: None,
            metrics: None,
            flush_interval: Duration::from_millis(20),
        };
        assert!(matches!(init(&bad), Err(InitError::Invalid(_))));
        let cfg = Config {
            traces: Some(TracesConfig {
                endpoint: ep.clone(),
                sample_percentage: 100,
            }),
            metrics: Some(MetricsConfig { endpoint: ep }),
            flush_interval: Duration::from_millis(20),
        };
        init(&cfg).unwrap();
        assert_eq!(init(&cfg), Err(InitError::AlreadyInitialized));

        let user = start_span(&SpanStart {
            name: "user",
            kind: SpanKind::Internal,
            parent: Parent::None,
            query: None,
            database: None,
        });
        let child = start_span(&SpanStart {
            name: "GET",
            kind: SpanKind::Client,
            parent: Parent::Local(user),
            query: Some("GET ?"),
            database: Some(3),
        });
        let remote = start_span(&SpanStart {
            name: "SET",
            kind: SpanKind::Client,
            parent: Parent::Remote {
                trace_id: [7; 16],
                span_id: [9; 8],
                flags: 1,
                state: "k=v",
            },
            query: Some("SET ? ?"),
            database: None,
        });
        assert!(user != 0 && child != 0 && remote != 0);
        served_by(child, &Address::new("10.0.0.1", 6380));
        event(child, "MOVED", Some("10.0.0.2:6379"));
        end_span(child, Some("timeout"));
        end_span(remote, None);
        end_span(user, None);
        end_span(user, None); // ended already: ignored
        crate::telemetry::count(crate::telemetry::Counter::Moved);

        let file = dir.join("signals.json");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let get = lines.iter().find(|l| l.contains(r#""name":"GET""#));
            let set = lines.iter().find(|l| l.contains(r#""name":"SET""#));
            let moved = lines.iter().any(|l| l.contains("valkite.request.moved"));
            let sync = lines
                .iter()
                .any(|l| l.contains("valkite.subscription.out_of_sync"))
                && lines
                    .iter()
                    .any(|l| l.contains("valkite.subscription.last_sync_timestamp"));
            if let (Some(get), Some(set), true, true) = (get, set, moved, sync) {
                assert!(get.contains(r#""server.address":"10.0.0.1""#), "{get}");
                assert!(get.contains(r#""server.port":6380"#), "{get}");
                assert!(get.contains(r#""db.namespace":"3""#), "{get}");
                assert!(get.contains(r#""db.query.text":"GET ?""#), "{get}");
                assert!(get.contains(r#""kind":"Client""#), "{get}");
                assert!(get.contains(r#""name":"MOVED""#), "{get}");
                assert!(get.contains(r#""status":"Error""#), "{get}");
                assert!(
                    set.contains(r#""trace_id":"07070707070707070707070707070707""#),
                    "{set}"
                );
                assert!(
                    set.contains(r#""parent_span_id":"0909090909090909""#),
                    "{set}"
                );
                let user_line = lines
                    .iter()
                    .find(|l| l.contains(r#""name":"user""#))
                    .expect("user span");
                let id = user_line.split(r#""span_id":""#).nth(1).unwrap();
                let id = &id[..16];
                assert!(
                    get.contains(&format!(r#""parent_span_id":"{id}""#)),
                    "{get}"
                );
                break;
            }
            assert!(Instant::now() < deadline, "spans not exported: {text}");
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
