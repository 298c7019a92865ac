package cmds

// The "HyperLogLog" group (GLIDE's HyperLogLogCommands). PFCOUNT and PFMERGE are
// routed by slot in a cluster; keys in different slots get the server's CROSSSLOT
// error.

// PfAdd with no elements is valid: it creates an empty HyperLogLog if key is missing.
func PfAdd(key string, elements []string) Cmd[bool] {
	return Cmd[bool]{Args: concat([]string{"PFADD", key}, elements), Decode: DecodeBool}
}

func PfCount(keys []string) Cmd[int64] {
	if len(keys) == 0 {
		return Failed[int64](refuseEmpty("PFCOUNT", "keys"))
	}
	return Cmd[int64]{Args: concat([]string{"PFCOUNT"}, keys), Decode: DecodeInt}
}

// PfMerge with no source keys is valid: it creates (or keeps) the destination.
func PfMerge(destination string, sourceKeys []string) Cmd[string] {
	return Cmd[string]{Args: concat([]string{"PFMERGE", destination}, sourceKeys), Decode: DecodeOK}
}
