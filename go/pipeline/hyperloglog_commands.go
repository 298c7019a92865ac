package pipeline

import "github.com/valkite/valkite/go/internal/cmds"

// HyperLogLog commands. In a cluster batch PfCount and PfMerge need all their keys in
// one slot.

// PfAdd queues PFADD; its result is a bool.
func (b *BaseBatch[T]) PfAdd(key string, elements []string) *T {
	return add(b, cmds.PfAdd(key, elements))
}

// PfCount queues PFCOUNT; its result is an int64.
func (b *BaseBatch[T]) PfCount(keys []string) *T { return add(b, cmds.PfCount(keys)) }

// PfMerge queues PFMERGE; its result is "OK".
func (b *BaseBatch[T]) PfMerge(destination string, sourceKeys []string) *T {
	return add(b, cmds.PfMerge(destination, sourceKeys))
}
