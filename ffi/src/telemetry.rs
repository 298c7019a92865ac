//! OpenTelemetry across the C ABI: process-wide initialisation, and spans the host
//! starts and ends by id (the core records the serving node on a traced request's span
//! between the two; see `VK_ROUTE_TRACED`).

use std::time::Duration;

use valkite::telemetry::{self, Parent, SpanKind, SpanStart};

use crate::error::VkStatus;
use crate::handle::guard;

/// `VkSpanParent::kind`: no parent (a new trace).
pub const VK_OTEL_PARENT_NONE: u8 = 0;
/// `VkSpanParent::kind`: a span of this process, by the id `vk_otel_span_start` gave.
pub const VK_OTEL_PARENT_LOCAL: u8 = 1;
/// `VkSpanParent::kind`: a W3C trace context from elsewhere.
pub const VK_OTEL_PARENT_REMOTE: u8 = 2;

/// `vk_otel_span_start` kind: a request to the server (database attributes).
pub const VK_OTEL_SPAN_CLIENT: u8 = 0;
/// `vk_otel_span_start` kind: a user's own span.
pub const VK_OTEL_SPAN_INTERNAL: u8 = 1;

/// The parent of a new span.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct VkSpanParent {
    /// One of `VK_OTEL_PARENT_*`.
    pub kind: u8,
    /// `VK_OTEL_PARENT_LOCAL`: the parent's id.
    pub local: u64,
    /// `VK_OTEL_PARENT_REMOTE`: the trace id.
    pub trace_id: [u8; 16],
    /// `VK_OTEL_PARENT_REMOTE`: the parent span's id.
    pub span_id: [u8; 8],
    /// `VK_OTEL_PARENT_REMOTE`: W3C trace flags (bit 0: sampled).
    pub flags: u8,
    /// `VK_OTEL_PARENT_REMOTE`: the `tracestate` header value (may be null with length
    /// 0); an unparsable one is dropped.
    pub state: *const u8,
    /// The length of `state`.
    pub state_len: usize,
}

/// # Safety
/// `p` null with `len` 0, or valid for `len` bytes.
unsafe fn text<'a>(p: *const u8, len: usize) -> std::borrow::Cow<'a, str> {
    if p.is_null() || len == 0 {
        return std::borrow::Cow::Borrowed("");
    }
    // SAFETY: the caller promises `len` readable bytes at `p`.
    String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Starts exporting traces (`traces_endpoint` non-empty) and/or metrics
/// (`metrics_endpoint` non-empty) for the whole process. Once per process; a failed call
/// may be retried. On failure, a message of at most `err_cap` bytes goes to `err_buf`
/// and its length to `err_len`; the status is `VkErrConfiguration` for a second call,
/// `VkErrInvalidArgument` for an invalid configuration.
///
/// # Safety
/// Each pointer is null (with length 0) or valid for its length; `err_len` writable or
/// null.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn vk_otel_init(
    traces_endpoint: *const u8,
    traces_endpoint_len: usize,
    sample_percentage: i32,
    metrics_endpoint: *const u8,
    metrics_endpoint_len: usize,
    flush_interval_ms: i64,
    err_buf: *mut u8,
    err_cap: usize,
    err_len: *mut usize,
) -> VkStatus {
    guard(|| {
        // SAFETY: per the contract.
        let traces = unsafe { text(traces_endpoint, traces_endpoint_len) };
        // SAFETY: per the contract.
        let metrics = unsafe { text(metrics_endpoint, metrics_endpoint_len) };
        let cfg = telemetry::Config {
            traces: (!traces.is_empty()).then(|| telemetry::TracesConfig {
                endpoint: traces.into_owned(),
                sample_percentage,
            }),
            metrics: (!metrics.is_empty()).then(|| telemetry::MetricsConfig {
                endpoint: metrics.into_owned(),
            }),
            flush_interval: Duration::from_millis(flush_interval_ms.max(0) as u64),
        };
        match telemetry::init(&cfg) {
            Ok(()) => VkStatus::VkOk,
            Err(e) => {
                // SAFETY: per the contract.
                unsafe { crate::handle::write_message(&e.to_string(), err_buf, err_cap, err_len) };
                match e {
                    telemetry::InitError::AlreadyInitialized => VkStatus::VkErrConfiguration,
                    _ => VkStatus::VkErrInvalidArgument,
                }
            }
        }
    })
}

/// Starts a span and returns its id (0: telemetry has no traces, or a failure). `kind`:
/// `VK_OTEL_SPAN_*`. For a client span, `query` is the command with its arguments
/// already masked and `database` the database index (negative: not given).
///
/// # Safety
/// `name`/`query` valid for their lengths (or null with 0); `parent` null or valid.
#[no_mangle]
pub unsafe extern "C" fn vk_otel_span_start(
    name: *const u8,
    name_len: usize,
    kind: u8,
    parent: *const VkSpanParent,
    query: *const u8,
    query_len: usize,
    database: i64,
) -> u64 {
    let mut id = 0;
    guard(|| {
        // SAFETY: per the contract.
        let name = unsafe { text(name, name_len) };
        // SAFETY: per the contract.
        let query = unsafe { text(query, query_len) };
        let p = if parent.is_null() || !parent.is_aligned() {
            None
        } else {
            // SAFETY: non-null, aligned, valid per the contract.
            Some(unsafe { *parent })
        };
        // SAFETY: the parent's state pointer is valid for its length per the contract.
        let state = p.map(|p| unsafe { text(p.state, p.state_len) });
        let parent = match (p, &state) {
            (Some(p), _) if p.kind == VK_OTEL_PARENT_LOCAL => Parent::Local(p.local),
            (Some(p), Some(st)) if p.kind == VK_OTEL_PARENT_REMOTE => Parent::Remote {
                trace_id: p.trace_id,
                span_id: p.span_id,
                flags: p.flags,
                state: st,
            },
            _ => Parent::None,
        };
        let client = kind == VK_OTEL_SPAN_CLIENT;
        id = telemetry::start_span(&SpanStart {
            name: &name,
            kind: if client {
                SpanKind::Client
            } else {
                SpanKind::Internal
            },
            parent,
            query: (client && !query.is_empty()).then_some(&*query),
            database: (client && database >= 0).then_some(database),
        });
        VkStatus::VkOk
    });
    id
}

/// How many spans are started and not ended (for leak checks).
#[no_mangle]
pub extern "C" fn vk_otel_live_spans() -> u64 {
    telemetry::live_spans() as u64
}

/// Ends a span. `error` (may be empty): the kind of failure, never a value. An id that
/// is not live (0, ended already) is ignored.
///
/// # Safety
/// `error` valid for `error_len` bytes, or null with 0.
#[no_mangle]
pub unsafe extern "C" fn vk_otel_span_end(span: u64, error: *const u8, error_len: usize) {
    guard(|| {
        // SAFETY: per the contract.
        let e = unsafe { text(error, error_len) };
        telemetry::end_span(span, (!e.is_empty()).then_some(&*e));
        VkStatus::VkOk
    });
}
