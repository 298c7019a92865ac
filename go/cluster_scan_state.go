package valkite

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strings"
)

// slotSet is a set of hash slots, one bit each.
type slotSet [slotCount / 64]uint64

func (s *slotSet) add(slot int)      { s[slot>>6] |= 1 << (slot & 63) }
func (s *slotSet) has(slot int) bool { return s[slot>>6]&(1<<(slot&63)) != 0 }

func (s *slotSet) addRange(lo, hi int) {
	for slot := lo; slot <= hi; slot++ {
		s.add(slot)
	}
}

func (s *slotSet) union(o *slotSet) {
	for i := range s {
		s[i] |= o[i]
	}
}

func (s *slotSet) intersect(o *slotSet) slotSet {
	var out slotSet
	for i := range s {
		out[i] = s[i] & o[i]
	}
	return out
}

func (s *slotSet) complement() slotSet {
	var out slotSet
	for i := range s {
		out[i] = ^s[i]
	}
	return out
}

// firstMissing is the lowest slot not in the set, -1 when the set is full.
func (s *slotSet) firstMissing() int {
	for i, w := range s {
		if w != ^uint64(0) {
			return i*64 + bits.TrailingZeros64(^w)
		}
	}
	return -1
}

func (s *slotSet) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// ranges lists the set as inclusive [lo, hi] runs, which is how it travels in a
// cursor: a cluster's slots come in a few long runs.
func (s *slotSet) ranges() [][2]int {
	var out [][2]int
	for slot := 0; slot < slotCount; {
		if !s.has(slot) {
			slot++
			continue
		}
		lo := slot
		for slot < slotCount && s.has(slot) {
			slot++
		}
		out = append(out, [2]int{lo, slot - 1})
	}
	return out
}

// scanState is everything a cluster scan needs to continue, carried by the cursor
// itself: no state is kept in the client, so a cursor outlives nothing and can be
// resumed by another ClusterClient of the same cluster.
type scanState struct {
	// scanned holds the slots whose keys have all been returned.
	scanned slotSet
	// node is the primary being scanned; its zero value means "pick the next one".
	node scanNode
}

// scanNode is one primary's pass: SCAN on that node alone, from cursor "0" until
// the node answers "0" again.
type scanNode struct {
	host   string
	port   int
	id     string // node id, so a restarted node with a new identity is noticed
	epoch  uint64 // config epoch when the pass began (see scanFinishNode)
	cursor string // the node's SCAN cursor
	owned  slotSet
}

func (n *scanNode) active() bool { return n.host != "" }

// Cursor text: a version tag, then the binary state in unpadded base64url.
const scanCursorPrefix = "vk1."

const scanCursorVersion = 1

func (st *scanState) encode() string {
	b := []byte{scanCursorVersion}
	b = appendRanges(b, &st.scanned)
	if !st.node.active() {
		b = append(b, 0)
	} else {
		n := &st.node
		b = append(b, 1)
		b = binary.AppendUvarint(b, uint64(n.port))
		b = appendText(b, n.host)
		b = appendText(b, n.id)
		b = binary.AppendUvarint(b, n.epoch)
		b = appendText(b, n.cursor)
		b = appendRanges(b, &n.owned)
	}
	return scanCursorPrefix + base64.RawURLEncoding.EncodeToString(b)
}

func appendText(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendRanges(b []byte, s *slotSet) []byte {
	rs := s.ranges()
	b = binary.AppendUvarint(b, uint64(len(rs)))
	for _, r := range rs {
		b = binary.AppendUvarint(b, uint64(r[0]))
		b = binary.AppendUvarint(b, uint64(r[1]-r[0]))
	}
	return b
}

// errBadScanCursor is wrapped by every cursor decoding error.
var errBadScanCursor = errors.New("valkite: not a cluster scan cursor")

// decodeScanCursor reads a cursor that encode produced; "0" (a new cursor) is an
// empty state.
func decodeScanCursor(text string) (scanState, error) {
	var st scanState
	if text == "0" || text == "" {
		return st, nil
	}
	fail := func(what string) (scanState, error) {
		return scanState{}, fmt.Errorf("%w: %s (cursor %.40q)", errBadScanCursor, what, text)
	}
	if !strings.HasPrefix(text, scanCursorPrefix) {
		return fail("unknown format")
	}
	b, err := base64.RawURLEncoding.DecodeString(text[len(scanCursorPrefix):])
	if err != nil {
		return fail("not base64url")
	}
	d := decoder{b: b}
	if d.byte() != scanCursorVersion {
		return fail("unknown version")
	}
	d.ranges(&st.scanned)
	switch d.byte() {
	case 0:
	case 1:
		n := &st.node
		n.port = int(d.uvarint())
		n.host = d.text()
		n.id = d.text()
		n.epoch = d.uvarint()
		n.cursor = d.text()
		d.ranges(&n.owned)
		if d.err == nil && (n.host == "" || n.port < 1 || n.port > 65535 || n.cursor == "") {
			return fail("bad node")
		}
	default:
		return fail("bad node marker")
	}
	if d.err != nil {
		return fail(d.err.Error())
	}
	if len(d.b) != 0 {
		return fail("trailing bytes")
	}
	return st, nil
}

// decoder reads the cursor's binary form; the first error sticks and later reads
// return zero values.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.fail("truncated")
		return 0xff
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) text() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.fail("truncated text")
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) ranges(s *slotSet) {
	count := d.uvarint()
	if count > slotCount {
		d.fail("too many ranges")
		return
	}
	for i := uint64(0); i < count && d.err == nil; i++ {
		lo, width := d.uvarint(), d.uvarint()
		if d.err == nil && (lo >= slotCount || width >= slotCount || lo+width >= slotCount) {
			d.fail("slot out of range")
			return
		}
		s.addRange(int(lo), int(lo+width))
	}
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = errors.New(what)
	}
}
