package cmds

// The "Set" group (GLIDE's SetCommands).

func SAdd(key string, members []string) Cmd[int64] {
	return Cmd[int64]{Args: concat([]string{"SADD", key}, members), Decode: DecodeInt}
}
