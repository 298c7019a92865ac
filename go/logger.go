package valkite

/*
#include "valkite.h"
*/
import "C"

import (
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"math"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// Log records of the client core: connections lost and restored, reconnects that
// failed (with the delay before the next try), cluster topology changes, topology
// refreshes deferred because one just ran, protocol errors. Each event is limited to
// a few records per interval; the next one after a burst carries the field
// "suppressed" with the number held back. Records carry addresses, counts, durations
// and error texts — never a password, a key or a value.
//
// This is a valkite extension (the API the package otherwise follows has no
// equivalent).

var logRoute struct {
	mu      sync.Mutex
	logger  atomic.Pointer[slog.Logger]
	level   atomic.Int64 // an slog.Level
	started bool
	file    *os.File
}

func init() { logRoute.level.Store(int64(slog.LevelWarn)) }

// SetLogger routes the client core's log records into logger, from one goroutine,
// in the order the core logged them, each with the attribute "target" (the core's
// module) and the record's own fields. Only records at or above the level set with
// SetLogLevel are produced at all (by default warnings and errors). A nil logger
// stops routing. Until SetLogger is called the core collects no records.
//
// The core never waits for the logger: if records arrive faster than the handler
// takes them, the newest are dropped and a warning saying how many follows.
func SetLogger(logger *slog.Logger) {
	logRoute.mu.Lock()
	defer logRoute.mu.Unlock()
	logRoute.logger.Store(logger)
	if logger == nil {
		C.vk_log_set_level(C.VK_LOG_OFF)
		return
	}
	if !logRoute.started {
		if err := startLogRoute(); err != nil {
			logger.Warn("valkite: core log records cannot be routed", "error", err)
			logRoute.logger.Store(nil)
			return
		}
		logRoute.started = true
	}
	applyLogLevel()
}

// SetLogLevel sets the lowest level of core records routed to the logger of
// SetLogger: slog.LevelError, slog.LevelWarn (the default), slog.LevelInfo or
// slog.LevelDebug (anything lower also takes the core's finest trace records).
func SetLogLevel(level slog.Level) {
	logRoute.mu.Lock()
	defer logRoute.mu.Unlock()
	logRoute.level.Store(int64(level))
	if logRoute.logger.Load() != nil {
		applyLogLevel()
	}
}

// applyLogLevel tells the core the level (logRoute.mu held).
func applyLogLevel() {
	var code C.uint8_t
	switch l := slog.Level(logRoute.level.Load()); {
	case l < slog.LevelDebug:
		code = C.VK_LOG_TRACE
	case l < slog.LevelInfo:
		code = C.VK_LOG_DEBUG
	case l < slog.LevelWarn:
		code = C.VK_LOG_INFO
	case l < slog.LevelError:
		code = C.VK_LOG_WARN
	default:
		code = C.VK_LOG_ERROR
	}
	if st := C.vk_log_set_level(code); st != C.VK_OK {
		if l := logRoute.logger.Load(); l != nil {
			l.Warn("valkite: the core's logging is already taken by another tracing subscriber")
		}
	}
}

// startLogRoute starts the goroutine that waits on the core's log descriptor in the
// netpoller and hands records to the logger (logRoute.mu held).
func startLogRoute() error {
	fd := int(C.vk_log_fd())
	if fd < 0 {
		return errors.New("no log descriptor (out of descriptors)")
	}
	dup, err := syscall.Dup(fd)
	if err != nil {
		return err
	}
	syscall.CloseOnExec(dup)
	if err := syscall.SetNonblock(dup, true); err != nil {
		syscall.Close(dup)
		return err
	}
	logRoute.file = os.NewFile(uintptr(dup), "valkite-log")
	go logLoop(logRoute.file)
	return nil
}

// logLoop runs for the life of the process once a logger was set.
func logLoop(f *os.File) {
	var counter [8]byte
	buf := make([]byte, 16<<10)
	for {
		// Reset the counter first, then take: a record queued after the take writes
		// the descriptor again, so none is left behind.
		if _, err := f.Read(counter[:]); err != nil && !errors.Is(err, syscall.EAGAIN) {
			return
		}
		for {
			var n C.size_t
			var dropped C.uint64_t
			st := C.vk_log_take((*C.uint8_t)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n, &dropped)
			if st == C.VK_ERR_BUFFER_TOO_SMALL {
				buf = make([]byte, int(n))
				continue
			}
			if st != C.VK_OK {
				break
			}
			logger := logRoute.logger.Load()
			if logger != nil && dropped > 0 {
				logger.Warn("valkite: core log records dropped: the logger fell behind", "dropped", uint64(dropped))
			}
			if n == 0 {
				break
			}
			if logger != nil {
				deliverLogRecords(logger, buf[:n])
			}
		}
	}
}

// deliverLogRecords decodes records (layout in ffi/src/log.rs) and hands each to
// logger's handler.
func deliverLogRecords(logger *slog.Logger, b []byte) {
	ctx := context.Background()
	h := logger.Handler()
	for len(b) >= C.VK_LOG_HEADER {
		level := logLevel(b[0])
		nFields := int(b[1])
		at := time.UnixMilli(int64(binary.LittleEndian.Uint64(b[2:])))
		tl := int(binary.LittleEndian.Uint16(b[10:]))
		ml := int(binary.LittleEndian.Uint32(b[12:]))
		b = b[C.VK_LOG_HEADER:]
		if len(b) < tl+ml {
			return
		}
		target, msg := string(b[:tl]), string(b[tl:tl+ml])
		b = b[tl+ml:]
		attrs := make([]slog.Attr, 0, nFields+1)
		attrs = append(attrs, slog.String("target", target))
		for i := 0; i < nFields; i++ {
			if len(b) < 6 {
				return
			}
			kl, kind, vl := int(b[0]), b[1], int(binary.LittleEndian.Uint32(b[2:]))
			b = b[6:]
			if len(b) < kl+vl {
				return
			}
			key, v := string(b[:kl]), b[kl:kl+vl]
			b = b[kl+vl:]
			attrs = append(attrs, logAttr(key, kind, v))
		}
		if !h.Enabled(ctx, level) {
			continue
		}
		r := slog.NewRecord(at, level, msg, 0)
		r.AddAttrs(attrs...)
		_ = h.Handle(ctx, r)
	}
}

func logLevel(code byte) slog.Level {
	switch code {
	case C.VK_LOG_ERROR:
		return slog.LevelError
	case C.VK_LOG_WARN:
		return slog.LevelWarn
	case C.VK_LOG_INFO:
		return slog.LevelInfo
	case C.VK_LOG_DEBUG:
		return slog.LevelDebug
	default:
		return slog.LevelDebug - 4
	}
}

func logAttr(key string, kind byte, v []byte) slog.Attr {
	switch {
	case kind == C.VK_LOG_U64 && len(v) == 8:
		return slog.Uint64(key, binary.LittleEndian.Uint64(v))
	case kind == C.VK_LOG_I64 && len(v) == 8:
		return slog.Int64(key, int64(binary.LittleEndian.Uint64(v)))
	case kind == C.VK_LOG_BOOL && len(v) == 1:
		return slog.Bool(key, v[0] != 0)
	case kind == C.VK_LOG_F64 && len(v) == 8:
		return slog.Float64(key, math.Float64frombits(binary.LittleEndian.Uint64(v)))
	default:
		return slog.String(key, string(v))
	}
}
