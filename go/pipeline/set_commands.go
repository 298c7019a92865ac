package pipeline

import "github.com/valkite/valkite/go/internal/cmds"

// Set commands.

// SAdd queues SADD; its result is the number of members added, an int64.
func (b *BaseBatch[T]) SAdd(key string, members []string) *T { return add(b, cmds.SAdd(key, members)) }
