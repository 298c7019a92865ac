package pipeline

import (
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/options"
)

// Connection commands. In a batch they act on the connection the batch runs on, which
// the client shares between all its callers.

// Ping queues PING; its result is "PONG".
func (b *BaseBatch[T]) Ping() *T { return add(b, cmds.Ping()) }

// PingWithOptions queues PING with a message, which is the result.
func (b *BaseBatch[T]) PingWithOptions(pingOptions options.PingOptions) *T {
	return add(b, cmds.PingWithOptions(pingOptions))
}

// Echo queues ECHO; its result is the message as a string.
func (b *BaseBatch[T]) Echo(message string) *T { return addNullable(b, cmds.Echo(message)) }

// ClientId queues CLIENT ID; its result is an int64.
func (b *BaseBatch[T]) ClientId() *T { return add(b, cmds.ClientId()) }

// ClientGetName queues CLIENT GETNAME; its result is the name as a string, or nil when
// the connection has none.
func (b *BaseBatch[T]) ClientGetName() *T { return addNullable(b, cmds.ClientGetName()) }

// ClientSetName queues CLIENT SETNAME; its result is "OK".
func (b *BaseBatch[T]) ClientSetName(connectionName string) *T {
	return add(b, cmds.ClientSetName(connectionName))
}
