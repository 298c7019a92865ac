package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// conn is a minimal RESP2 connection used only for setting servers up
// (prefill, cluster formation); the measured clients never go through it.
type conn struct {
	c net.Conn
	r *bufio.Reader
	w *bufio.Writer
}

func dial(addr string) (*conn, error) {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return nil, err
	}
	return &conn{c: c, r: bufio.NewReaderSize(c, 1<<16), w: bufio.NewWriterSize(c, 1<<16)}, nil
}

func (c *conn) Close() { _ = c.c.Close() }

func (c *conn) write(args ...string) {
	fmt.Fprintf(c.w, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(c.w, "$%d\r\n%s\r\n", len(a), a)
	}
}

// read returns one reply: a string for simple/bulk strings and integers,
// nil for a null, []any for arrays, and an error for error replies.
func (c *conn) read() (any, error) {
	line, err := c.r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return nil, errors.New("empty reply line")
	}
	switch line[0] {
	case '+', ':':
		return line[1:], nil
	case '-':
		return nil, errors.New(line[1:])
	case '$':
		n, err := strconv.Atoi(line[1:])
		if err != nil || n < 0 {
			return nil, err
		}
		buf := make([]byte, n+2)
		if _, err := ioReadFull(c.r, buf); err != nil {
			return nil, err
		}
		return string(buf[:n]), nil
	case '*':
		n, err := strconv.Atoi(line[1:])
		if err != nil || n < 0 {
			return nil, err
		}
		out := make([]any, n)
		for i := range out {
			if out[i], err = c.read(); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("unexpected reply %q", line)
}

func ioReadFull(r *bufio.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// do sends one command and returns its reply.
func (c *conn) do(args ...string) (any, error) {
	c.write(args...)
	if err := c.w.Flush(); err != nil {
		return nil, err
	}
	return c.read()
}

// pipeline sends cmds in batches and fails on the first error reply.
func (c *conn) pipeline(cmds [][]string) error {
	const batch = 512
	for i := 0; i < len(cmds); i += batch {
		j := min(i+batch, len(cmds))
		for _, a := range cmds[i:j] {
			c.write(a...)
		}
		if err := c.w.Flush(); err != nil {
			return err
		}
		for range cmds[i:j] {
			if _, err := c.read(); err != nil {
				return err
			}
		}
	}
	return nil
}
