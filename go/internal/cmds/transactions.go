package cmds

// Optimistic locking (WATCH/UNWATCH). MULTI, EXEC and DISCARD are not commands of
// their own in the API: the batch runner sends them around an atomic batch.

func Watch(keys []string) Cmd[string] {
	return Cmd[string]{Args: concat([]string{"WATCH"}, keys), Decode: DecodeOK}
}

func Unwatch() Cmd[string] {
	return Cmd[string]{Args: []string{"UNWATCH"}, Decode: DecodeOK}
}
