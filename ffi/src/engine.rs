//! The engine: what every client of the process shares.
//!
//! One single-threaded tokio runtime runs every client's connections, timers and tasks;
//! one completion queue collects every client's replies, each record tagged with its
//! client's id; one readiness descriptor covers every socket. The host therefore needs
//! one poller for the whole process, however many clients it holds: a thousand idle
//! clients cost their sockets and heartbeats, not a thread or a poller each.
//!
//! The runtime has no thread of its own. It runs while a host thread is inside
//! [`vk_poll`](crate::vk_poll) or [`vk_poll_ready`](crate::vk_poll_ready), or inside
//! [`vk_client_new`](crate::vk_client_new) while that connects (tokio lets several
//! threads call `block_on` on one current-thread runtime: one drives, the others wait
//! for their own future). The engine is created by the first client and lives as long as
//! the process.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use crate::queue::Queue;

pub(crate) struct Engine {
    pub(crate) rt: tokio::runtime::Runtime,
    pub(crate) queue: Arc<Queue>,
    next_id: AtomicU32,
}

static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();

impl Engine {
    /// The process's engine, created on first use; `Err` when the runtime could not be
    /// built (the message says why, and every later call says the same).
    pub(crate) fn get() -> Result<&'static Engine, &'static str> {
        ENGINE
            .get_or_init(|| {
                crate::alloc_tuning::tune_allocator();
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map(|rt| Engine {
                        rt,
                        queue: Arc::new(Queue::default()),
                        next_id: AtomicU32::new(1),
                    })
                    .map_err(|e| format!("cannot start runtime: {e}"))
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// The engine if a client ever created it.
    pub(crate) fn existing() -> Option<&'static Engine> {
        ENGINE.get().and_then(|e| e.as_ref().ok())
    }

    /// A fresh client id. Ids are not reused: a completion that arrives after its
    /// client is gone can never be taken for another client's. Zero is never handed out.
    pub(crate) fn next_id(&self) -> u32 {
        loop {
            let id = self.next_id.fetch_add(1, Ordering::Relaxed);
            if id != 0 {
                return id;
            }
        }
    }
}
