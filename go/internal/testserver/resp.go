package testserver

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxFrameDepth bounds nesting so a corrupt reply cannot recurse without end.
const maxFrameDepth = 64

// appendCommand encodes args as a RESP array of bulk strings, the form servers
// accept from every client.
func appendCommand(buf []byte, args []string) []byte {
	buf = append(buf, '*')
	buf = strconv.AppendInt(buf, int64(len(args)), 10)
	buf = append(buf, '\r', '\n')
	for _, a := range args {
		buf = append(buf, '$')
		buf = strconv.AppendInt(buf, int64(len(a)), 10)
		buf = append(buf, '\r', '\n')
		buf = append(buf, a...)
		buf = append(buf, '\r', '\n')
	}
	return buf
}

// readFrame reads exactly one reply frame (RESP2 or RESP3, nested or not) and
// returns its bytes untouched, so callers can compare against the wire form.
func readFrame(r *bufio.Reader) ([]byte, error) {
	return appendFrame(nil, r, 0)
}

func appendFrame(dst []byte, r *bufio.Reader, depth int) ([]byte, error) {
	if depth > maxFrameDepth {
		return dst, errors.New("testserver: reply nested too deeply")
	}
	line, err := r.ReadBytes('\n')
	if err != nil {
		return dst, fmt.Errorf("testserver: reading reply: %w", err)
	}
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return dst, fmt.Errorf("testserver: malformed reply line %q", line)
	}
	dst = append(dst, line...)
	header := string(line[1 : len(line)-2])
	switch line[0] {
	case '+', '-', ':', ',', '#', '_', '(':
		return dst, nil
	case '$', '!', '=':
		n, err := strconv.Atoi(header)
		if err != nil || n < -1 {
			return dst, fmt.Errorf("testserver: bad length in %q", line)
		}
		if n == -1 {
			return dst, nil
		}
		body := make([]byte, n+2)
		if _, err := io.ReadFull(r, body); err != nil {
			return dst, fmt.Errorf("testserver: reading reply body: %w", err)
		}
		if body[n] != '\r' || body[n+1] != '\n' {
			return dst, fmt.Errorf("testserver: bulk reply of %d bytes not followed by CRLF", n)
		}
		return append(dst, body...), nil
	case '*', '~', '>', '%', '|':
		n, err := strconv.Atoi(header)
		if err != nil || n < -1 {
			return dst, fmt.Errorf("testserver: bad count in %q", line)
		}
		if line[0] == '%' || line[0] == '|' {
			n *= 2
		}
		for i := 0; i < n; i++ {
			if dst, err = appendFrame(dst, r, depth+1); err != nil {
				return dst, err
			}
		}
		if line[0] == '|' {
			// Attributes decorate the reply that follows them.
			return appendFrame(dst, r, depth+1)
		}
		return dst, nil
	default:
		return dst, fmt.Errorf("testserver: unknown reply type in %q", line)
	}
}

// replyText unwraps a scalar reply for the package's own bookkeeping commands:
// the text of a simple, bulk or verbatim string or an integer, an error for an
// error reply, and the raw frame for anything else.
func replyText(raw string) (string, error) {
	if len(raw) < 3 {
		return "", fmt.Errorf("testserver: short reply %q", raw)
	}
	first, rest, _ := strings.Cut(raw[1:], "\r\n")
	switch raw[0] {
	case '+', ':':
		return first, nil
	case '-':
		return "", fmt.Errorf("testserver: server replied %s", first)
	case '$', '=', '!':
		if first == "-1" {
			return "", nil
		}
		body := strings.TrimSuffix(rest, "\r\n")
		if raw[0] == '!' {
			return "", fmt.Errorf("testserver: server replied %s", body)
		}
		if raw[0] == '=' && len(body) >= 4 {
			body = body[4:] // the "txt:" format marker
		}
		return body, nil
	default:
		return raw, nil
	}
}

// parseInfo reads "key:value" lines as INFO and CLUSTER INFO write them.
func parseInfo(text string) map[string]string {
	fields := make(map[string]string)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[k] = v
		}
	}
	return fields
}
