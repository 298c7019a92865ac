package valkite

import (
	"sync"

	"github.com/valkite/valkite/go/models"
)

// PubSubMessageQueue holds the messages of a client created without a callback, in
// the order they arrived. It is unbounded: a reader that falls behind makes it grow
// rather than losing messages or stalling the client's connections. Len says how many
// messages are waiting and Bytes how much memory they hold; watch them if readers can
// stall.
type PubSubMessageQueue struct {
	ps *pubsub

	mu    sync.Mutex
	msgs  []*models.PubSubMessage
	head  int
	bytes int
	// waiters are WaitForMessage channels with nothing in them yet, newest first: a
	// caller that stopped waiting is most likely among the older ones, so the next
	// message goes to the most recent caller.
	waiters []chan *models.PubSubMessage
	// handed are channels a message was put in for a WaitForMessage caller. A caller
	// that stopped waiting leaves its message there; the next reader takes it back,
	// so an abandoned wait never swallows a message.
	handed  []chan *models.PubSubMessage
	signals map[chan struct{}]struct{}
}

func newPubSubMessageQueue(ps *pubsub) *PubSubMessageQueue {
	return &PubSubMessageQueue{ps: ps, signals: map[chan struct{}]struct{}{}}
}

func msgSize(m *models.PubSubMessage) int {
	n := len(m.Message) + len(m.Channel)
	if !m.Pattern.IsNil() {
		n += len(m.Pattern.Value())
	}
	return n
}

// push appends a message (or hands it to the oldest waiting caller) and signals the
// registered channels.
func (q *PubSubMessageQueue) push(m *models.PubSubMessage) {
	q.mu.Lock()
	if len(q.waiters) > 0 {
		w := q.waiters[0]
		q.waiters = q.waiters[1:]
		w <- m // buffered, and empty: it was registered with nothing in it
		for len(q.handed) > 0 && len(q.handed[0]) == 0 {
			q.handed = q.handed[1:] // read by their callers
		}
		q.handed = append(q.handed, w)
	} else {
		q.msgs = append(q.msgs, m)
		q.bytes += msgSize(m)
	}
	for ch := range q.signals {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	q.mu.Unlock()
}

// reclaimLocked takes back the oldest message still sitting in a channel handed to a
// WaitForMessage caller, or returns nil. Handed messages are older than every queued
// one (a message is handed only when the queue is empty). The channel it came from is
// put back last in line, so a caller that is in fact still waiting (it was about to
// receive) is not left without a message for good.
func (q *PubSubMessageQueue) reclaimLocked() *models.PubSubMessage {
	for len(q.handed) > 0 {
		w := q.handed[0]
		q.handed = q.handed[1:]
		select {
		case m := <-w:
			q.waiters = append(q.waiters, w)
			return m
		default:
			// Its caller took the message: nothing to reclaim here.
		}
	}
	return nil
}

func (q *PubSubMessageQueue) popLocked() *models.PubSubMessage {
	if m := q.reclaimLocked(); m != nil {
		return m
	}
	if q.head == len(q.msgs) {
		return nil
	}
	m := q.msgs[q.head]
	q.msgs[q.head] = nil
	q.head++
	q.bytes -= msgSize(m)
	if q.head == len(q.msgs) {
		q.msgs = q.msgs[:0]
		q.head = 0
	} else if q.head > 1024 && q.head*2 > len(q.msgs) {
		q.msgs = append(q.msgs[:0:0], q.msgs[q.head:]...)
		q.head = 0
	}
	return m
}

// Pop returns the oldest message, or nil when none is waiting.
func (q *PubSubMessageQueue) Pop() *models.PubSubMessage {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.popLocked()
}

// WaitForMessage returns a channel that receives the next message: at once if one is
// waiting, otherwise when it arrives. A caller may stop waiting (select on a context,
// say) without losing anything: a message left in an abandoned channel goes to the next
// Pop or WaitForMessage.
func (q *PubSubMessageQueue) WaitForMessage() <-chan *models.PubSubMessage {
	ch := make(chan *models.PubSubMessage, 1)
	q.mu.Lock()
	defer q.mu.Unlock()
	if m := q.popLocked(); m != nil {
		ch <- m
		q.handed = append(q.handed, ch)
		return ch
	}
	q.waiters = append([]chan *models.PubSubMessage{ch}, q.waiters...)
	return ch
}

// RegisterSignalChannel makes the queue send on ch (without blocking) whenever a message
// arrives; give ch a buffer of one so a signal is kept until it is read.
func (q *PubSubMessageQueue) RegisterSignalChannel(ch chan struct{}) {
	q.mu.Lock()
	q.signals[ch] = struct{}{}
	q.mu.Unlock()
}

// UnregisterSignalChannel stops signals on ch.
func (q *PubSubMessageQueue) UnregisterSignalChannel(ch chan struct{}) {
	q.mu.Lock()
	delete(q.signals, ch)
	q.mu.Unlock()
}

// Len is the number of messages waiting to be read, including one left in a channel
// returned by WaitForMessage and not read yet.
func (q *PubSubMessageQueue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := len(q.msgs) - q.head
	for _, w := range q.handed {
		n += len(w)
	}
	return n
}

// Bytes is the size of the messages waiting in the queue (channel, pattern and
// payload; Go's per-message overhead of about 100 bytes comes on top).
func (q *PubSubMessageQueue) Bytes() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.bytes
}
