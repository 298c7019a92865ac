package valkite

/*
#include <stdlib.h>
#include "valkite.h"
extern uint8_t valkiteResolveAddress(size_t, uint8_t*, size_t, uint16_t, uint8_t*, size_t, size_t*, uint16_t*);
*/
import "C"

import (
	"math"
	"runtime/cgo"
	"unsafe"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/settings"
)

// This file is the only one that speaks cgo. Each function is one crossing; the
// request path uses exactly two kinds: cSubmit (many requests per call, from whichever
// goroutine is flushing) and cPoll (many completions per call, from the poller).

type cHandle = *C.VkClient

// cBytes copies b into C memory (freed by the caller) so that the configuration struct,
// which Go allocates, holds no Go pointers.
func cBytes(b []byte, frees *[]unsafe.Pointer) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	p := C.CBytes(b)
	*frees = append(*frees, p)
	return (*C.uint8_t)(p), C.size_t(len(b))
}

func cNew(s *settings.Settings) (cHandle, error) {
	var frees []unsafe.Pointer
	defer func() {
		for _, p := range frees {
			C.free(p)
		}
	}()
	var cfg C.VkConfig
	n := len(s.Addresses)
	addrs := (*[1 << 20]C.VkAddress)(C.malloc(C.size_t(n) * C.size_t(unsafe.Sizeof(C.VkAddress{}))))[:n:n]
	frees = append(frees, unsafe.Pointer(&addrs[0]))
	for i, a := range s.Addresses {
		addrs[i].host, addrs[i].host_len = cBytes([]byte(a.Host), &frees)
		addrs[i].port = C.uint16_t(a.Port)
	}
	cfg.addresses = &addrs[0]
	cfg.addresses_len = C.size_t(n)
	if s.Cluster {
		cfg.cluster = 1
		switch {
		case s.PeriodicChecksDisabled:
			cfg.periodic_checks_us = C.uint64_t(math.MaxUint64)
		case s.PeriodicChecksInterval > 0:
			cfg.periodic_checks_us = C.uint64_t(s.PeriodicChecksInterval.Microseconds())
		}
		if s.RefreshTopologyFromInitialNodes {
			cfg.refresh_from_seeds = 1
		}
	}
	if s.UseTLS {
		cfg.use_tls = 1
		if s.TLSInsecure {
			cfg.tls_insecure = 1
		}
		cfg.root_certs_pem, cfg.root_certs_pem_len = cBytes(s.RootCertsPEM, &frees)
		setMutualTLS(&cfg, s, &frees)
	}
	if s.HasCredentials {
		cfg.has_credentials = 1
		cfg.username, cfg.username_len = cBytes([]byte(s.Username), &frees)
		cfg.password, cfg.password_len = cBytes([]byte(s.Password), &frees)
	}
	if s.HasDatabaseID {
		cfg.database_id = C.uint32_t(s.DatabaseID)
	}
	cfg.client_name, cfg.client_name_len = cBytes([]byte(s.ClientName), &frees)
	cfg.client_az, cfg.client_az_len = cBytes([]byte(s.ClientAZ), &frees)
	cfg.lib_name, cfg.lib_name_len = cBytes([]byte(s.LibName), &frees)
	cfg.request_timeout_us = C.uint64_t(s.RequestTimeout.Microseconds())
	cfg.connection_timeout_us = C.uint64_t(s.ConnectionTimeout.Microseconds())
	cfg.inflight_limit = C.uint32_t(s.InflightLimit)
	if b := s.Reconnect; b != nil {
		cfg.has_reconnect = 1
		cfg.reconnect_retries = C.uint32_t(b.Retries)
		cfg.reconnect_factor_ms = C.uint32_t(b.FactorMs)
		cfg.reconnect_exponent_base = C.uint32_t(b.ExponentBase)
		cfg.reconnect_jitter_percent = C.int32_t(b.JitterPercent)
	}
	cfg.read_from = C.uint8_t(s.ReadFrom)
	if s.LazyConnect {
		cfg.lazy_connect = 1
	}
	if s.ReadOnly {
		cfg.read_only = 1
	}
	cfg.node_discovery = C.uint8_t(s.NodeDiscovery)
	setCircuitBreaker(&cfg, s.CircuitBreaker)
	var resolver cgo.Handle
	if s.AddressResolver != nil {
		resolver = cgo.NewHandle(resolverFunc(s.AddressResolver))
		cfg.resolver = C.VkResolveFn(C.valkiteResolveAddress)
		cfg.resolver_ctx = C.size_t(resolver)
	}
	var h *C.VkClient
	var msg [1024]byte
	var msgLen C.size_t
	st := C.vk_client_new(&cfg, &h, (*C.uint8_t)(unsafe.Pointer(&msg[0])), C.size_t(len(msg)), &msgLen)
	if st != C.VK_OK {
		if resolver != 0 {
			resolver.Delete()
		}
		return nil, statusError(uint8(st), msg[:msgLen])
	}
	if resolver != 0 {
		resolverHandles.Store(h, resolver)
	}
	return h, nil
}

func cSubmit(h cHandle, buf []byte) uint8 {
	if len(buf) == 0 {
		return 0
	}
	return uint8(C.vk_submit(h, (*C.uint8_t)(unsafe.Pointer(&buf[0])), C.size_t(len(buf))))
}

// pollOut is where vk_poll writes its byte count: C memory allocated once per poller,
// because the address of a Go local passed to C escapes and would cost an allocation
// on every poll.
type pollOut struct{ n *C.size_t }

func newPollOut() pollOut {
	return pollOut{n: (*C.size_t)(C.malloc(C.size_t(unsafe.Sizeof(C.size_t(0)))))}
}

func (p pollOut) free() { C.free(unsafe.Pointer(p.n)) }

// cPoll blocks until completions are ready and returns the status and byte count (or,
// with statusBufferTooSmall, the size needed).
func cPoll(h cHandle, buf []byte, out pollOut) (uint8, int) {
	st := C.vk_poll(h, (*C.uint8_t)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), out.n)
	return uint8(st), int(*out.n)
}

// cPollReady is cPoll without the wait: it runs the client's I/O once and returns what
// completed, possibly nothing. The poller calls it when the readiness descriptor fires.
func cPollReady(h cHandle, buf []byte, out pollOut) (uint8, int) {
	st := C.vk_poll_ready(h, (*C.uint8_t)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), out.n)
	return uint8(st), int(*out.n)
}

// cReadyFd is the client's readiness descriptor (owned by the core), or -1.
func cReadyFd(h cHandle) int { return int(C.vk_client_ready_fd(h)) }

func cClose(h cHandle) { C.vk_client_close(h) }

func cFree(h cHandle) { C.vk_client_free(h) }

// Status codes of the C ABI (VkStatus).
const (
	statusOK             = 0
	statusConnection     = 1
	statusDisconnect     = 2
	statusTimeout        = 3
	statusClosing        = 4
	statusConfiguration  = 5
	statusProtocol       = 6
	statusInflightLimit  = 7
	statusExecAbort      = 8
	statusInvalid        = 9
	statusServer         = 10
	statusPanic          = 11
	statusBufferTooSmall = 12
	statusOKMultiNode    = 13
)

// statusError maps a C ABI status and its message onto valkite's error types.
func statusError(st uint8, msg []byte) error {
	if err, ok := circuitBreakerStatusError(st, msg); ok {
		return err
	}
	m := string(msg)
	switch st {
	case statusConnection:
		return &errs.ConnectionError{Msg: m}
	case statusDisconnect:
		return &errs.DisconnectError{Msg: m}
	case statusTimeout:
		return &errs.TimeoutError{Msg: m}
	case statusClosing:
		if m == "" {
			m = "client is closed"
		}
		return &errs.ClosingError{Msg: m}
	case statusConfiguration:
		return &errs.ConfigurationError{Msg: m}
	case statusExecAbort:
		return &errs.ExecAbortError{Msg: m}
	case statusServer:
		return &errs.RequestError{Msg: m}
	case statusProtocol:
		return &errs.ProtocolError{Msg: m}
	default:
		if m == "" {
			m = "valkite: internal error"
		}
		return &errs.RequestError{Msg: m}
	}
}

// Results of cCommandSlot besides a slot number.
const (
	slotNone    = -1 // no keys
	slotCross   = -2 // keys in different slots
	slotInvalid = -3 // unknown command or bad encoding
)

// cCommandSlot asks the core's command table which slot a RESP-encoded command's keys
// hash to.
func cCommandSlot(cmd []byte) int {
	if len(cmd) == 0 {
		return slotInvalid
	}
	return int(C.vk_command_slot((*C.uint8_t)(unsafe.Pointer(&cmd[0])), C.size_t(len(cmd))))
}
