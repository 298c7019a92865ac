package valkite

import (
	"encoding/binary"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
)

// multiNodeResult is the result slot of a batch command that several nodes answered
// (INFO, FUNCTION STATS, CONFIG GET … sent to every node of a cluster pipeline, whose
// replies no response policy combines): a map from node address ("host:port") to that
// node's reply, each decoded as the command's own result would be. This is the value
// GLIDE's core gives such a command in a cluster pipeline. A node's error reply is the
// command's error.
func multiNodeResult(w *waiter, decode func(*resp.Reader) (any, error)) (value any, cmdErr error) {
	out := make(map[string]any)
	b := w.buf
	for len(b) > 0 {
		// Each node: address length u16, address, frame length u32, frame.
		if len(b) < 2 {
			return nil, malformedMultiNode()
		}
		al := int(binary.LittleEndian.Uint16(b))
		if len(b) < 2+al+4 {
			return nil, malformedMultiNode()
		}
		addr := string(b[2 : 2+al])
		fl := int(binary.LittleEndian.Uint32(b[2+al:]))
		if len(b) < 6+al+fl {
			return nil, malformedMultiNode()
		}
		frame := b[6+al : 6+al+fl]
		b = b[6+al+fl:]
		if isErrorFrame(frame) {
			return nil, replyError(frame)
		}
		w.reader.Reset(frame)
		v, err := decode(&w.reader)
		if err != nil {
			return nil, err
		}
		out[addr] = v
	}
	return out, nil
}

func malformedMultiNode() error {
	return &errs.ProtocolError{Msg: "valkite: malformed multi-node completion"}
}
