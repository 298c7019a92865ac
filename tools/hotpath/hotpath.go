// Package hotpath measures the costs that decide the shape of valkite's Go ↔ Rust
// boundary (see ARCHITECTURE.md, "Measured before designing"). Run:
//
//	cd tools/hotpath && go test -bench . -benchtime 200000x
package hotpath

/*
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

extern void goCallback(uint64_t);

static void noop(void) {}

static void* run_callbacks(void* arg) {
	uint64_t n = (uint64_t)(uintptr_t)arg;
	for (uint64_t i = 0; i < n; i++) goCallback(i);
	return NULL;
}

// Starts a foreign (non-Go) thread that calls into Go n times, and waits for it.
static void foreign_callbacks(uint64_t n) {
	pthread_t t;
	pthread_create(&t, NULL, run_callbacks, (void*)(uintptr_t)n);
	pthread_join(t, NULL);
}

// A one-slot mailbox with a condvar: a Go goroutine blocks in wait_item (inside cgo),
// a C thread posts.
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static uint64_t posted = 0, taken = 0;

static uint64_t wait_item(void) {
	pthread_mutex_lock(&mu);
	while (posted == taken) pthread_cond_wait(&cv, &mu);
	uint64_t v = ++taken;
	pthread_mutex_unlock(&mu);
	return v;
}

static void post_item(void) {
	pthread_mutex_lock(&mu);
	posted++;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

static pthread_mutex_t mu2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv2 = PTHREAD_COND_INITIALIZER;
static uint64_t posted2 = 0, taken2 = 0;
static uint64_t wait_item2(void) {
	pthread_mutex_lock(&mu2);
	while (posted2 == taken2) pthread_cond_wait(&cv2, &mu2);
	uint64_t v = ++taken2;
	pthread_mutex_unlock(&mu2);
	return v;
}
static void post_item2(void) {
	pthread_mutex_lock(&mu2);
	posted2++;
	pthread_cond_signal(&cv2);
	pthread_mutex_unlock(&mu2);
}

static char big[1 << 16];
static const char* big_ptr(void) { return big; }
static void copy_into(void* dst, size_t n) { memcpy(dst, big, n); }
*/
import "C"

import (
	"unsafe"
)

var callbacks uint64

//export goCallback
func goCallback(i C.uint64_t) { callbacks++ }

func cgoNoop()                  { C.noop() }
func foreignCallbacks(n uint64) { C.foreign_callbacks(C.uint64_t(n)) }
func waitItem() uint64          { return uint64(C.wait_item()) }
func postItem()                 { C.post_item() }
func goStringN(n int) string    { return C.GoStringN(C.big_ptr(), C.int(n)) }
func copyInto(dst []byte)       { C.copy_into(unsafe.Pointer(&dst[0]), C.size_t(len(dst))) }

func waitItem2() uint64 { return uint64(C.wait_item2()) }
func postItem2()        { C.post_item2() }
