package valkite

/*
#include "valkite.h"
*/
import "C"

import (
	"time"
	"unsafe"

	"github.com/valkite/valkite/go/internal/settings"
)

// cUpdatePassword asks the core to replace the client's password; the outcome arrives
// as the completion of token. The password is passed by pointer for the duration of the
// call only (the core copies it) and is never part of a message.
func cUpdatePassword(h cHandle, token uint64, password string, flags uint32) uint8 {
	var p *C.uint8_t
	if len(password) > 0 {
		p = (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(password)))
	}
	return uint8(C.vk_update_password(h, C.uint64_t(token), p, C.size_t(len(password)), C.uint32_t(flags)))
}

const (
	passwordImmediate = uint32(C.VK_PASSWORD_IMMEDIATE)
	passwordReset     = uint32(C.VK_PASSWORD_RESET)
)

// cSetDatabase makes the client's later connections select db.
func cSetDatabase(h cHandle, db uint32) { C.vk_set_database(h, C.uint32_t(db)) }

// setMutualTLS fills the client certificate fields of the configuration.
func setMutualTLS(cfg *C.VkConfig, s *settings.Settings, frees *[]unsafe.Pointer) {
	cfg.client_cert_pem, cfg.client_cert_pem_len = cBytes(s.ClientCertPEM, frees)
	cfg.client_key_pem, cfg.client_key_pem_len = cBytes(s.ClientKeyPEM, frees)
	cfg.client_cert_path, cfg.client_cert_path_len = cBytes([]byte(s.ClientCertPath), frees)
	cfg.client_key_path, cfg.client_key_path_len = cBytes([]byte(s.ClientKeyPath), frees)
	cfg.client_cert_reload_secs = C.uint32_t(s.CertReload / time.Second)
}

// setCircuitBreaker fills the circuit breaker fields of the configuration.
func setCircuitBreaker(cfg *C.VkConfig, b *settings.CircuitBreaker) {
	if b == nil {
		return
	}
	cfg.circuit_breaker = 1
	cfg.cb_window_ms = C.uint32_t(breakerMillis(b.Window))
	cfg.cb_failure_rate = C.float(b.FailureRate)
	cfg.cb_min_errors = C.uint32_t(b.MinErrors)
	cfg.cb_open_timeout_ms = C.uint32_t(breakerMillis(b.OpenTimeout))
	if b.CountTimeouts {
		cfg.cb_count_timeouts = 1
	}
	cfg.cb_consecutive_successes = C.uint32_t(b.ConsecutiveSuccesses)
}
