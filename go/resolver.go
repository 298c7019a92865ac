package valkite

/*
#include <stdint.h>
#include <stddef.h>
*/
import "C"

import (
	"runtime/cgo"
	"sync"
	"unsafe"
)

// The address resolver is Go code the core needs while it connects. The core calls
// it through valkiteResolveAddress once per distinct address and remembers the answer
// (core/src/resolve.rs), so Go runs on the request path never, and on the connection
// path once per node. The call comes from the thread running the client at that
// moment — a Go thread inside vk_poll/vk_submit/vk_client_new, or a runtime thread the
// core owns, which cgo adopts.

// resolverFunc is what WithAddressResolver takes, after the config package's checks.
type resolverFunc = func(host string, port int) (string, int)

// resolverHandles keeps each client's resolver alive until the client is freed.
var resolverHandles sync.Map // cHandle → cgo.Handle

//export valkiteResolveAddress
func valkiteResolveAddress(ctx C.size_t, host *C.uint8_t, hostLen C.size_t, port C.uint16_t,
	outHost *C.uint8_t, outCap C.size_t, outLen *C.size_t, outPort *C.uint16_t) (rewritten C.uint8_t) {
	// A resolver that panics leaves the address as it is; the panic must not cross
	// into the core.
	defer func() {
		if recover() != nil {
			rewritten = 0
		}
	}()
	f, ok := cgo.Handle(ctx).Value().(resolverFunc)
	if !ok || f == nil {
		return 0
	}
	h, p := f(C.GoStringN((*C.char)(unsafe.Pointer(host)), C.int(hostLen)), int(port))
	if h == "" || p <= 0 || p > 65535 || len(h) > int(outCap) {
		return 0
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(outHost)), int(outCap)), h)
	*outLen = C.size_t(len(h))
	*outPort = C.uint16_t(p)
	return 1
}

// dropResolver releases the resolver of a client the core has freed.
func dropResolver(h cHandle) {
	if v, ok := resolverHandles.LoadAndDelete(h); ok {
		v.(cgo.Handle).Delete()
	}
}
