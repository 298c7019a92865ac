package cmds

// ACL commands (part of GLIDE's standalone ServerManagementCommands).

func AclCat() Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"ACL", "CAT"}, Decode: DecodeStringArray}
}

func AclCatWithCategory(category string) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"ACL", "CAT", category}, Decode: DecodeStringArray}
}

func AclDelUser(usernames []string) Cmd[int64] {
	return Cmd[int64]{Args: concat([]string{"ACL", "DELUSER"}, usernames), Decode: DecodeInt}
}

// AclDryRun replies "OK" when the user may run the command, otherwise a sentence
// explaining why not: both are values, not errors.
func AclDryRun(username, command string, args []string) Cmd[string] {
	return Cmd[string]{Args: concat([]string{"ACL", "DRYRUN", username, command}, args), Decode: DecodeOK}
}

func AclGenPass() Cmd[string] {
	return Cmd[string]{Args: []string{"ACL", "GENPASS"}, Decode: DecodeString}
}

func AclGenPassWithBits(bits int64) Cmd[string] {
	return Cmd[string]{Args: []string{"ACL", "GENPASS", itoa(bits)}, Decode: DecodeString}
}

// AclGetUser replies with a map of the user's rules, or nil for an unknown user.
func AclGetUser(username string) Cmd[any] {
	return Cmd[any]{Args: []string{"ACL", "GETUSER", username}, Decode: DecodeAny}
}

func AclList() Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"ACL", "LIST"}, Decode: DecodeStringArray}
}

func AclLoad() Cmd[string] {
	return Cmd[string]{Args: []string{"ACL", "LOAD"}, Decode: DecodeOK}
}

func AclLog() Cmd[[]any] {
	return Cmd[[]any]{Args: []string{"ACL", "LOG"}, Decode: DecodeAnyArray}
}

func AclLogWithCount(count int64) Cmd[[]any] {
	return Cmd[[]any]{Args: []string{"ACL", "LOG", itoa(count)}, Decode: DecodeAnyArray}
}

func AclLogReset() Cmd[string] {
	return Cmd[string]{Args: []string{"ACL", "LOG", "RESET"}, Decode: DecodeOK}
}

func AclSave() Cmd[string] {
	return Cmd[string]{Args: []string{"ACL", "SAVE"}, Decode: DecodeOK}
}

func AclSetUser(username string, rules []string) Cmd[string] {
	return Cmd[string]{Args: concat([]string{"ACL", "SETUSER", username}, rules), Decode: DecodeOK}
}

func AclUsers() Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"ACL", "USERS"}, Decode: DecodeStringArray}
}

func AclWhoAmI() Cmd[string] {
	return Cmd[string]{Args: []string{"ACL", "WHOAMI"}, Decode: DecodeString}
}
