package pipeline

import (
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Scripting and function commands, valid in both modes. Each result slot holds the
// client method's value: a string, the function's own reply (any), a
// []models.LibraryInfo, one node's models.FunctionStatsResult, a []bool.
//
// A batch has no script invocation by digest: EVALSHA's reload on NOSCRIPT would need
// a second round trip in the middle of the batch.

// FunctionLoad queues FUNCTION LOAD (REPLACE if replace); its result is the library name.
func (b *BaseBatch[T]) FunctionLoad(libraryCode string, replace bool) *T {
	return add(b, cmds.FunctionLoad(libraryCode, replace))
}

// FunctionDelete queues FUNCTION DELETE.
func (b *BaseBatch[T]) FunctionDelete(libName string) *T { return add(b, cmds.FunctionDelete(libName)) }

// FunctionFlush queues FUNCTION FLUSH.
func (b *BaseBatch[T]) FunctionFlush() *T { return add(b, cmds.FunctionFlush("")) }

// FunctionFlushSync queues FUNCTION FLUSH SYNC.
func (b *BaseBatch[T]) FunctionFlushSync() *T { return add(b, cmds.FunctionFlush(options.SYNC)) }

// FunctionFlushAsync queues FUNCTION FLUSH ASYNC.
func (b *BaseBatch[T]) FunctionFlushAsync() *T { return add(b, cmds.FunctionFlush(options.ASYNC)) }

// FCall queues FCALL without keys or arguments; its result is the function's reply.
func (b *BaseBatch[T]) FCall(function string) *T { return add(b, cmds.FCall(function, nil, nil)) }

// FCallWithKeysAndArgs queues FCALL with keys and arguments.
func (b *BaseBatch[T]) FCallWithKeysAndArgs(function string, keys []string, args []string) *T {
	return add(b, cmds.FCall(function, keys, args))
}

// FCallReadOnly queues FCALL_RO without keys or arguments.
func (b *BaseBatch[T]) FCallReadOnly(function string) *T {
	return add(b, cmds.FCallReadOnly(function, nil, nil))
}

// FCallReadOnlyWithKeysAndArgs queues FCALL_RO with keys and arguments.
func (b *BaseBatch[T]) FCallReadOnlyWithKeysAndArgs(function string, keys []string, args []string) *T {
	return add(b, cmds.FCallReadOnly(function, keys, args))
}

// FunctionList queues FUNCTION LIST; its result is a []models.LibraryInfo.
func (b *BaseBatch[T]) FunctionList(query models.FunctionListQuery) *T {
	return add(b, cmds.FunctionList(query))
}

// FunctionDump queues FUNCTION DUMP; its result is the serialized payload.
func (b *BaseBatch[T]) FunctionDump() *T { return add(b, cmds.FunctionDump()) }

// FunctionRestore queues FUNCTION RESTORE.
func (b *BaseBatch[T]) FunctionRestore(payload string) *T {
	return add(b, cmds.FunctionRestore(payload))
}

// FunctionRestoreWithPolicy queues FUNCTION RESTORE with APPEND, FLUSH or REPLACE.
func (b *BaseBatch[T]) FunctionRestoreWithPolicy(payload string, policy constants.FunctionRestorePolicy) *T {
	return add(b, cmds.FunctionRestoreWithPolicy(payload, policy))
}

// FunctionKill queues FUNCTION KILL.
func (b *BaseBatch[T]) FunctionKill() *T { return add(b, cmds.FunctionKill()) }

// FunctionStats queues FUNCTION STATS; its result is the node's models.FunctionStatsResult.
func (b *BaseBatch[T]) FunctionStats() *T { return add(b, cmds.FunctionStats()) }

// ScriptExists queues SCRIPT EXISTS; its result is a []bool.
func (b *BaseBatch[T]) ScriptExists(sha1s []string) *T { return add(b, cmds.ScriptExists(sha1s)) }

// ScriptFlush queues SCRIPT FLUSH.
func (b *BaseBatch[T]) ScriptFlush() *T { return add(b, cmds.ScriptFlush()) }

// ScriptFlushWithMode queues SCRIPT FLUSH SYNC or ASYNC.
func (b *BaseBatch[T]) ScriptFlushWithMode(mode options.FlushMode) *T {
	return add(b, cmds.ScriptFlushWithMode(mode))
}

// ScriptShow queues SCRIPT SHOW; its result is the script's source.
func (b *BaseBatch[T]) ScriptShow(sha1 string) *T { return add(b, cmds.ScriptShow(sha1)) }

// ScriptKill queues SCRIPT KILL. In a batch it travels on the batch's connection, so
// it cannot stop a script that connection is waiting for (use the client's ScriptKill).
func (b *BaseBatch[T]) ScriptKill() *T { return add(b, cmds.ScriptKill()) }
