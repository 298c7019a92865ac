package valkite

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/pipeline"
)

// Large replies cross from the core by reference (no copy into the completion queue or
// the poll buffer); whatever becomes of the request — read by its caller, abandoned by
// it, part of a pipeline, or still pending when the client closes — each such reply is
// given back to the core exactly once. A double free would crash the process; a
// missing one shows as replies still held once everything settled.
func TestLargeRepliesByReferenceAreFreedOnce(t *testing.T) {
	s := sharedValkey.get(t)
	c := openClient(t, cfgFor(s))
	ctx := context.Background()
	key := testKey(t, "big")
	value := strings.Repeat("0123456789abcdef", 8<<10) // 128 KiB: above the by-reference threshold
	if _, err := c.Set(ctx, key, value); err != nil {
		t.Fatal(err)
	}
	before := refReplies.Load()

	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				var rctx context.Context = ctx
				switch (g + i) % 3 {
				case 1:
					rctx = newAbandonCtx() // gives up right after submitting
				case 2:
					b := pipeline.NewStandaloneBatch(false)
					for j := 0; j < 5; j++ {
						b.Get(key)
					}
					res, err := c.Exec(ctx, *b, true)
					if err != nil || len(res) != 5 {
						errs <- "pipeline: " + errString(err)
						return
					}
					for _, r := range res {
						v, ok := r.(string)
						if rv, isResult := r.(interface{ Value() string }); isResult {
							v, ok = rv.Value(), true
						}
						if !ok || v != value {
							errs <- fmt.Sprintf("pipeline: a GET returned %T of length %d, not the value", r, len(fmt.Sprint(r)))
							return
						}
					}
					continue
				}
				r, err := c.Get(rctx, key)
				if rctx == ctx && (err != nil || r.Value() != value) {
					errs <- "GET: " + errString(err)
					return
				}
			}
		}(g)
	}
	waitGroupWithin(t, &wg, 60*time.Second, "the large GETs")
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if got := refReplies.Load() - before; got == 0 {
		t.Fatal("no reply came by reference: the test did not exercise the path")
	}
	pollUntil(t, "every slot to be free again", 10*time.Second, func() bool { return idleSlots(c) })
	pollUntil(t, "every by-reference reply to be given back", 10*time.Second, func() bool { return cRepliesHeld() == 0 })

	// Pending when the client closes: the replies still come (or not) and are freed.
	c2 := openClient(t, cfgFor(s))
	for i := 0; i < 20; i++ {
		go func() { _, _ = c2.Get(newAbandonCtx(), key) }()
	}
	c2.Close()
	pollUntil(t, "replies of the closed client to be given back", 10*time.Second, func() bool { return cRepliesHeld() == 0 })
}

func errString(err error) string {
	if err == nil {
		return "wrong value"
	}
	return err.Error()
}

// A cluster client's large replies take the same by-reference path (they used to be
// copied on their way through the cluster layer), and are given back exactly once too.
func TestClusterLargeRepliesByReferenceAreFreedOnce(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	key := testKey(t, "bigc")
	value := strings.Repeat("fedcba9876543210", 8<<10) // 128 KiB
	if _, err := c.Set(ctx, key, value); err != nil {
		t.Fatal(err)
	}
	before := refReplies.Load()
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 30; i++ {
				rctx := ctx
				if (g+i)%2 == 1 {
					rctx = newAbandonCtx()
				}
				r, err := c.Get(rctx, key)
				if rctx == ctx && (err != nil || r.Value() != value) {
					errs <- "GET: " + errString(err)
					return
				}
			}
		}(g)
	}
	waitGroupWithin(t, &wg, 60*time.Second, "the large cluster GETs")
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if got := refReplies.Load() - before; got == 0 {
		t.Fatal("no cluster reply came by reference")
	}
	pollUntil(t, "every by-reference reply to be given back", 10*time.Second, func() bool { return cRepliesHeld() == 0 })
}
