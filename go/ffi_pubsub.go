package valkite

/*
#include "valkite.h"
*/
import "C"

import (
	"unsafe"
)

// The pub/sub crossings (ffi/src/pubsub.rs). Subscriptions themselves travel as
// ordinary requests; these read messages and state.

// cPubSubFd is the client's message eventfd (owned by the core), or -1.
func cPubSubFd(h cHandle) int { return int(C.vk_pubsub_fd(h)) }

// cPubSubTake copies queued messages into buf; with statusBufferTooSmall, n is the
// size the first message needs.
func cPubSubTake(h cHandle, buf []byte) (uint8, int) {
	var n C.size_t
	st := C.vk_pubsub_take(h, (*C.uint8_t)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n)
	return uint8(st), int(n)
}

// cPubSubState writes desired and actual subscriptions into buf.
func cPubSubState(h cHandle, buf []byte) (uint8, int) {
	var n C.size_t
	var p *C.uint8_t
	if len(buf) > 0 {
		p = (*C.uint8_t)(unsafe.Pointer(&buf[0]))
	}
	st := C.vk_pubsub_state(h, p, C.size_t(len(buf)), &n)
	return uint8(st), int(n)
}

// cPubSubQueued is how many messages the core holds for the client, and their bytes.
func cPubSubQueued(h cHandle) (uint64, uint64) {
	var n, b C.uint64_t
	C.vk_pubsub_queued(h, &n, &b)
	return uint64(n), uint64(b)
}

func cPubSubSetInterval(h cHandle, ms uint64) { C.vk_pubsub_set_interval(h, C.uint64_t(ms)) }
