//! Live spans, by id. The host holds a span by a plain number (no pointer crosses the
//! C ABI); the core finds it here to record the node that served the request and
//! what happened on the way, and the host ends it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use opentelemetry::trace::{
    Span as _, SpanContext, SpanId, Status, TraceContextExt, TraceFlags, TraceId, TraceState,
    Tracer as _,
};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::Span;

use crate::config::Address;

/// The span a new span is a child of.
#[derive(Debug, Clone, Default)]
pub enum Parent<'a> {
    /// A root span (a new trace).
    #[default]
    None,
    /// A live span of this process, by id. An id that is not live gives a root span.
    Local(u64),
    /// A span of another process or SDK (W3C trace context). An invalid one (zero ids)
    /// gives a root span.
    Remote {
        /// The trace id.
        trace_id: [u8; 16],
        /// The parent span's id.
        span_id: [u8; 8],
        /// W3C trace flags (bit 0: sampled).
        flags: u8,
        /// The W3C `tracestate` header value; an unparsable one is dropped.
        state: &'a str,
    },
}

/// The span's kind: a request to the server, or a user's own span around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// A request to the server: gets the database attributes.
    Client,
    /// A span of the user's own.
    Internal,
}

/// What a span starts with.
#[derive(Debug, Clone)]
pub struct SpanStart<'a> {
    /// The span's name (the command, `Batch`, or the user's).
    pub name: &'a str,
    /// Client (a request) or internal (the user's).
    pub kind: SpanKind,
    /// What it is a child of.
    pub parent: Parent<'a>,
    /// For a request span: the query text, already masked (no values).
    pub query: Option<&'a str>,
    /// For a request span: the database index.
    pub database: Option<i64>,
}

struct Live {
    span: Span,
    server: Option<(String, u16)>,
}

const SHARDS: usize = 16;

struct Registry {
    shards: [Mutex<HashMap<u64, Live>>; SHARDS],
    next: AtomicU64,
}

static REGISTRY: std::sync::LazyLock<Registry> = std::sync::LazyLock::new(|| Registry {
    shards: std::array::from_fn(|_| Mutex::new(HashMap::new())),
    next: AtomicU64::new(1),
});

fn shard(id: u64) -> std::sync::MutexGuard<'static, HashMap<u64, Live>> {
    REGISTRY.shards[(id as usize) % SHARDS]
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

fn parent_context(p: &Parent<'_>) -> Context {
    let sc = match p {
        Parent::None => return Context::new(),
        Parent::Local(id) => match shard(*id).get(id) {
            Some(l) => l.span.span_context().clone(),
            None => return Context::new(),
        },
        Parent::Remote {
            trace_id,
            span_id,
            flags,
            state,
        } => SpanContext::new(
            TraceId::from_bytes(*trace_id),
            SpanId::from_bytes(*span_id),
            TraceFlags::new(*flags),
            true,
            state.parse::<TraceState>().unwrap_or_default(),
        ),
    };
    if !sc.is_valid() {
        return Context::new();
    }
    Context::new().with_remote_span_context(sc)
}

/// Starts a span and returns its id, or 0 when traces are not configured.
pub fn start_span(s: &SpanStart<'_>) -> u64 {
    let Some(tracer) = super::state::state().and_then(|st| st.tracer.as_ref()) else {
        return 0;
    };
    let cx = parent_context(&s.parent);
    let mut attrs = Vec::new();
    if s.kind == SpanKind::Client {
        attrs.push(KeyValue::new("db.system.name", "valkey"));
        attrs.push(KeyValue::new("db.operation.name", s.name.to_string()));
        if let Some(q) = s.query {
            attrs.push(KeyValue::new("db.query.text", q.to_string()));
        }
        if let Some(db) = s.database {
            attrs.push(KeyValue::new("db.namespace", db.to_string()));
        }
    }
    let span = tracer
        .span_builder(s.name.to_string())
        .with_kind(match s.kind {
            SpanKind::Client => opentelemetry::trace::SpanKind::Client,
            SpanKind::Internal => opentelemetry::trace::SpanKind::Internal,
        })
        .with_attributes(attrs)
        .start_with_context(tracer, &cx);
    let id = REGISTRY.next.fetch_add(1, Ordering::Relaxed);
    shard(id).insert(id, Live { span, server: None });
    id
}

/// How many spans are live (started, not ended): for leak checks.
pub fn live_spans() -> usize {
    REGISTRY
        .shards
        .iter()
        .map(|s| s.lock().unwrap_or_else(|p| p.into_inner()).len())
        .sum()
}

/// Records the node that served (or is serving) a traced request; a later call (a
/// redirection) replaces it. 0 or an ended span: nothing.
pub fn served_by(span: u64, addr: &Address) {
    if span == 0 {
        return;
    }
    if let Some(l) = shard(span).get_mut(&span) {
        l.server = Some((addr.host.clone(), addr.port));
    }
}

/// Adds an event (a redirection, a retry) to a traced request's span.
pub fn event(span: u64, name: &'static str, detail: Option<&str>) {
    if span == 0 {
        return;
    }
    if let Some(l) = shard(span).get_mut(&span) {
        let attrs = match detail {
            Some(d) => vec![KeyValue::new("detail", d.to_string())],
            None => Vec::new(),
        };
        l.span.add_event(name, attrs);
    }
}

/// Ends a span; `error`: the failure's kind (never a value). An id that is not live
/// (0, ended already) is ignored.
pub fn end_span(span: u64, error: Option<&str>) {
    if span == 0 {
        return;
    }
    let Some(mut l) = shard(span).remove(&span) else {
        return;
    };
    if let Some((host, port)) = l.server.take() {
        l.span.set_attribute(KeyValue::new("server.address", host));
        l.span
            .set_attribute(KeyValue::new("server.port", i64::from(port)));
    }
    if let Some(e) = error {
        l.span.set_status(Status::error(e.to_string()));
    }
    l.span.end();
}
