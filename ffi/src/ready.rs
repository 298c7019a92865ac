//! Readiness: one descriptor the host's own event loop can wait on instead of blocking
//! a thread inside [`vk_poll`](crate::vk_poll).
//!
//! Why: a host such as Go pays dearly for a thread parked in a foreign call. Go hands
//! that thread's scheduler slot to another thread after ~20 µs, and getting it back
//! when the call returns costs futex wake-ups on every round trip. If the poller
//! instead waits in Go's own netpoller, the wait costs what any Go socket read costs,
//! and the foreign call that follows ([`vk_poll_ready`](crate::vk_poll_ready)) is short.
//!
//! What: an epoll instance (level-triggered) holding every connection's socket for
//! `EPOLLIN` — registered through [`CompletionSink::connected`] — plus an eventfd the
//! queue writes when completions appear outside a poll (a submitting thread failing a
//! request, the client closing). The epoll descriptor becomes readable when either has
//! something; epoll descriptors nest, so the host can register it in its own loop.
//!
//! What it does not see: timers (request timeouts, heartbeats, reconnect back-off) and
//! tasks woken from other threads. A host using it must still enter the runtime now and
//! then — the Go poller falls back to the blocking `vk_poll` after a quiet spell.
//!
//! [`CompletionSink::connected`]: valkite::CompletionSink::connected

use std::cell::Cell;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    /// Set while this thread runs the engine's runtime from `vk_poll`/`vk_poll_ready`:
    /// completions produced there are taken by the same call, so no signal is needed.
    static IN_POLL: Cell<bool> = const { Cell::new(false) };
}

/// Marks the current thread as polling until dropped.
pub(crate) struct Polling(bool);

impl Polling {
    pub(crate) fn enter() -> Polling {
        Polling(IN_POLL.with(|p| p.replace(true)))
    }
}

impl Drop for Polling {
    fn drop(&mut self) {
        let prev = self.0;
        IN_POLL.with(|p| p.set(prev));
    }
}

pub(crate) fn in_poll() -> bool {
    IN_POLL.with(|p| p.get())
}

pub(crate) struct Readiness {
    epoll: OwnedFd,
    event: OwnedFd,
    /// The eventfd has been written and not yet drained (saves a read per poll).
    signalled: AtomicBool,
}

impl Readiness {
    /// `None` when the kernel refuses (out of descriptors); the host then keeps to the
    /// blocking `vk_poll`.
    pub(crate) fn new() -> Option<Readiness> {
        // SAFETY: plain syscalls; each result is checked before it is wrapped.
        unsafe {
            let ep = libc::epoll_create1(libc::EPOLL_CLOEXEC);
            if ep < 0 {
                return None;
            }
            let epoll = OwnedFd::from_raw_fd(ep);
            let ev = libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK);
            if ev < 0 {
                return None;
            }
            let event = OwnedFd::from_raw_fd(ev);
            let r = Readiness {
                epoll,
                event,
                signalled: AtomicBool::new(false),
            };
            if !r.watch(r.event.as_raw_fd()) {
                return None;
            }
            Some(r)
        }
    }

    pub(crate) fn fd(&self) -> RawFd {
        self.epoll.as_raw_fd()
    }

    /// Adds a socket (level-triggered `EPOLLIN`). A descriptor number reused after a
    /// close is a new registration: the kernel dropped the old one with the socket.
    pub(crate) fn watch(&self, fd: RawFd) -> bool {
        let mut ev = libc::epoll_event {
            events: (libc::EPOLLIN | libc::EPOLLRDHUP) as u32,
            u64: fd as u64,
        };
        // SAFETY: both descriptors are open (the socket is owned by a live connection);
        // `ev` is a valid epoll_event for the duration of the call.
        let rc =
            unsafe { libc::epoll_ctl(self.epoll.as_raw_fd(), libc::EPOLL_CTL_ADD, fd, &mut ev) };
        rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EEXIST)
    }

    /// Wakes a host waiting on [`fd`](Self::fd). The flag is raised after the write,
    /// so a [`drain`](Self::drain) that sees it always finds the counter to read; a
    /// signal racing a drain at worst leaves the descriptor readable one poll longer.
    pub(crate) fn signal(&self) {
        if self.signalled.load(Ordering::Acquire) {
            return;
        }
        let one: u64 = 1;
        // SAFETY: writes 8 bytes from a local to our own eventfd. A full counter
        // (EAGAIN) still leaves it readable, which is all that matters.
        unsafe {
            libc::write(
                self.event.as_raw_fd(),
                (&one as *const u64).cast(),
                std::mem::size_of::<u64>(),
            );
        }
        self.signalled.store(true, Ordering::Release);
    }

    /// Clears a signal so the descriptor stops being readable for it.
    pub(crate) fn drain(&self) {
        if !self.signalled.swap(false, Ordering::AcqRel) {
            return;
        }
        let mut v: u64 = 0;
        // SAFETY: reads 8 bytes into a local from our own non-blocking eventfd.
        unsafe {
            libc::read(
                self.event.as_raw_fd(),
                (&mut v as *mut u64).cast(),
                std::mem::size_of::<u64>(),
            );
        }
    }
}
