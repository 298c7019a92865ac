package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/settings"
)

// baseClient carries what Client and ClusterClient share: the handle on the core and
// every command that both offer. Command methods are one line each: build the Cmd in
// internal/cmds, hand it to run.
type baseClient struct {
	core *core

	// settings the client was opened with; side is the management connection
	// opened from them on first use (scripting_side.go).
	settings *settings.Settings
	side     sideConn
	// ps is message delivery and subscriptions (pubsub*.go).
	ps *pubsub
}

// run sends one command and decodes its reply. It is the only path from a command
// method to the wire, so cancellation, timeouts and error mapping live in one place.
func run[T any](ctx context.Context, c *baseClient, cmd cmds.Cmd[T]) (T, error) {
	return execute(ctx, c.core, cmd, nil)
}
