package valkite

/*
#include <stdlib.h>
#include "valkite.h"
extern uint8_t valkiteResolveAddress(size_t, uint8_t*, size_t, uint16_t, uint8_t*, size_t, size_t*, uint16_t*);
*/
import "C"

import (
	"encoding/binary"
	"math"
	"runtime/cgo"
	"sync/atomic"
	"unsafe"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/settings"
)

// This file is the only one that speaks cgo. Each function is one crossing; the
// request path uses exactly two kinds: cSubmit (many requests per call, from whichever
// goroutine is flushing) and cPoll/cPollReady (many completions per call, for every
// client of the process, from whoever drives the engine).

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

// cPoll blocks until completions of any client are ready and returns the status and
// byte count (or, with statusBufferTooSmall, the size needed). It returns with nothing
// after cPollInterrupt.
func cPoll(buf []byte, out pollOut) (uint8, int) {
	st := C.vk_poll((*C.uint8_t)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), out.n)
	return uint8(st), int(*out.n)
}

// cPollReady is cPoll without the wait: it runs the engine's I/O once and returns what
// completed, possibly nothing. Drivers call it when the readiness descriptor fires.
func cPollReady(buf []byte, out pollOut) (uint8, int) {
	st := C.vk_poll_ready((*C.uint8_t)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), out.n)
	return uint8(st), int(*out.n)
}

// cPollInterrupt makes a blocked cPoll return.
func cPollInterrupt() { C.vk_poll_interrupt() }

// cReadyFd is the engine's readiness descriptor (owned by the core), or -1.
func cReadyFd() int { return int(C.vk_ready_fd()) }

// cClientID is the id the client's completion records carry.
func cClientID(h cHandle) uint32 { return uint32(C.vk_client_id(h)) }

// cReplyFree gives back a reply the core handed over by reference (0: nothing).
func cReplyFree(ref uint64) {
	if ref != 0 {
		C.vk_reply_free(C.uint64_t(ref))
	}
}

// cRepliesHeld is how many by-reference replies the core has handed out and not had
// back, process-wide (for tests).
func cRepliesHeld() uint64 { return uint64(C.vk_replies_held()) }

// refReplies counts replies taken by reference (for tests).
var refReplies atomic.Uint64

// refReply reads a statusOKRef payload: the frame in the core's memory and the handle
// that owns it. The frame stays valid until cReplyFree(handle).
func refReply(payload []byte) ([]byte, uint64) {
	if len(payload) < 24 {
		return nil, 0
	}
	var data unsafe.Pointer
	// Copied into an aligned pointer variable: the payload sits at any offset.
	copy((*[8]byte)(unsafe.Pointer(&data))[:], payload[:8])
	n := binary.LittleEndian.Uint64(payload[8:])
	refReplies.Add(1)
	return unsafe.Slice((*byte)(data), n), binary.LittleEndian.Uint64(payload[16:])
}

func cClose(h cHandle) { C.vk_client_close(h) }

func cFree(h cHandle) { C.vk_client_free(h) }

// Wire constants, taken from the generated header so they cannot drift from the core.
const (
	// recordHeader: token u64, timeout_us u64, len u32, route u8, route_len u16.
	recordHeader = int(C.VK_SUBMIT_HEADER)
	// completionHeader: client u32, token u64, status u8, len u32.
	completionHeader = int(C.VK_COMPLETION_HEADER)

	// defaultInflightLimit is what a client gets when its configuration leaves it at 0.
	defaultInflightLimit = int(C.VK_DEFAULT_INFLIGHT_LIMIT)

	routeDefault        = byte(C.VK_ROUTE_DEFAULT)
	routeAllNodes       = byte(C.VK_ROUTE_ALL_NODES)
	routeAllPrimaries   = byte(C.VK_ROUTE_ALL_PRIMARIES)
	routeRandom         = byte(C.VK_ROUTE_RANDOM)
	routeSlotIDPrimary  = byte(C.VK_ROUTE_SLOT_ID_PRIMARY)
	routeSlotIDReplica  = byte(C.VK_ROUTE_SLOT_ID_REPLICA)
	routeSlotKeyPrimary = byte(C.VK_ROUTE_SLOT_KEY_PRIMARY)
	routeSlotKeyReplica = byte(C.VK_ROUTE_SLOT_KEY_REPLICA)
	routeByAddress      = byte(C.VK_ROUTE_BY_ADDRESS)
	routeClusterScan    = byte(C.VK_ROUTE_CLUSTER_SCAN)

	// High bits of the route byte: per-request flags (a batch's record; retries a
	// cluster request must not make).
	routeInBatch           = byte(C.VK_ROUTE_IN_BATCH)
	routeNoRetryServer     = byte(C.VK_ROUTE_NO_RETRY_SERVER)
	routeNoRetryConnection = byte(C.VK_ROUTE_NO_RETRY_CONNECTION)
)

// Status codes of the C ABI (VkStatus), from the generated header.
const (
	statusOK             = uint8(C.VK_OK)
	statusConnection     = uint8(C.VK_ERR_CONNECTION)
	statusDisconnect     = uint8(C.VK_ERR_DISCONNECT)
	statusTimeout        = uint8(C.VK_ERR_TIMEOUT)
	statusClosing        = uint8(C.VK_ERR_CLOSING)
	statusConfiguration  = uint8(C.VK_ERR_CONFIGURATION)
	statusProtocol       = uint8(C.VK_ERR_PROTOCOL)
	statusInflightLimit  = uint8(C.VK_ERR_INFLIGHT_LIMIT)
	statusExecAbort      = uint8(C.VK_ERR_EXEC_ABORT)
	statusInvalid        = uint8(C.VK_ERR_INVALID_ARGUMENT)
	statusServer         = uint8(C.VK_ERR_SERVER)
	statusPanic          = uint8(C.VK_ERR_PANIC)
	statusBufferTooSmall = uint8(C.VK_ERR_BUFFER_TOO_SMALL)
	statusOKMultiNode    = uint8(C.VK_OK_MULTI_NODE)
	statusClientGone     = uint8(C.VK_CLIENT_GONE)
	statusOKRef          = uint8(C.VK_OK_REF)
	statusCircuitOpen    = uint8(C.VK_ERR_CIRCUIT_OPEN)
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
