package cmds

import (
	"strconv"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "Set" group (GLIDE's SetCommands).

// setKeyMembers builds the commands of the form NAME key member... (SADD, SREM,
// SMISMEMBER), which need at least one member.
func setKeyMembers(command, key string, members []string) []string {
	return concat([]string{command, key}, members)
}

func SAdd(key string, members []string) Cmd[int64] {
	if len(members) == 0 {
		return Failed[int64](listSetErrEmpty("SADD", "members"))
	}
	return Cmd[int64]{Args: setKeyMembers("SADD", key, members), Decode: DecodeInt}
}

func SRem(key string, members []string) Cmd[int64] {
	if len(members) == 0 {
		return Failed[int64](listSetErrEmpty("SREM", "members"))
	}
	return Cmd[int64]{Args: setKeyMembers("SREM", key, members), Decode: DecodeInt}
}

func SMIsMember(key string, members []string) Cmd[[]bool] {
	if len(members) == 0 {
		return Failed[[]bool](listSetErrEmpty("SMISMEMBER", "members"))
	}
	return Cmd[[]bool]{Args: setKeyMembers("SMISMEMBER", key, members), Decode: DecodeBoolArray}
}

func SMembers(key string) Cmd[map[string]struct{}] {
	return Cmd[map[string]struct{}]{Args: []string{"SMEMBERS", key}, Decode: DecodeStringSet}
}

func SCard(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"SCARD", key}, Decode: DecodeInt}
}

func SIsMember(key, member string) Cmd[bool] {
	return Cmd[bool]{Args: []string{"SISMEMBER", key, member}, Decode: DecodeBool}
}

// setAlgebra builds SDIFF/SINTER/SUNION, which need at least one key.
func setAlgebra(command string, keys []string) Cmd[map[string]struct{}] {
	if len(keys) == 0 {
		return Failed[map[string]struct{}](listSetErrEmpty(command, "keys"))
	}
	return Cmd[map[string]struct{}]{Args: concat([]string{command}, keys), Decode: DecodeStringSet}
}

// setAlgebraStore builds the STORE forms: destination first, then at least one key.
func setAlgebraStore(command, destination string, keys []string) Cmd[int64] {
	if len(keys) == 0 {
		return Failed[int64](listSetErrEmpty(command, "keys"))
	}
	return Cmd[int64]{Args: concat([]string{command, destination}, keys), Decode: DecodeInt}
}

func SDiff(keys []string) Cmd[map[string]struct{}]  { return setAlgebra("SDIFF", keys) }
func SInter(keys []string) Cmd[map[string]struct{}] { return setAlgebra("SINTER", keys) }
func SUnion(keys []string) Cmd[map[string]struct{}] { return setAlgebra("SUNION", keys) }

func SDiffStore(destination string, keys []string) Cmd[int64] {
	return setAlgebraStore("SDIFFSTORE", destination, keys)
}

func SInterStore(destination string, keys []string) Cmd[int64] {
	return setAlgebraStore("SINTERSTORE", destination, keys)
}

func SUnionStore(destination string, keys []string) Cmd[int64] {
	return setAlgebraStore("SUNIONSTORE", destination, keys)
}

// sinterCard builds SINTERCARD numkeys key... [LIMIT n]; limit < 0 means "no LIMIT".
func sinterCard(keys []string, limit int64) Cmd[int64] {
	if len(keys) == 0 {
		return Failed[int64](listSetErrEmpty("SINTERCARD", "keys"))
	}
	args := make([]string, 0, len(keys)+4)
	args = append(args, "SINTERCARD", strconv.Itoa(len(keys)))
	args = append(args, keys...)
	if limit >= 0 {
		args = append(args, constants.LimitKeyword, itoa(limit))
	}
	return Cmd[int64]{Args: args, Decode: DecodeInt}
}

func SInterCard(keys []string) Cmd[int64] { return sinterCard(keys, -1) }

// SInterCardLimit stops counting at limit; 0 means no limit, a negative one is refused.
func SInterCardLimit(keys []string, limit int64) Cmd[int64] {
	if limit < 0 {
		return Failed[int64](listSetErrNegative("SINTERCARD", "limit", limit))
	}
	return sinterCard(keys, limit)
}

func SRandMember(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"SRANDMEMBER", key}, Decode: DecodeNullableString}
}

// SRandMemberCount takes any count: a negative one allows repeated members.
func SRandMemberCount(key string, count int64) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"SRANDMEMBER", key, itoa(count)}, Decode: DecodeStringArray}
}

func SPop(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"SPOP", key}, Decode: DecodeNullableString}
}

func SPopCount(key string, count int64) Cmd[map[string]struct{}] {
	if count < 0 {
		return Failed[map[string]struct{}](listSetErrNegative("SPOP", "count", count))
	}
	return Cmd[map[string]struct{}]{Args: []string{"SPOP", key, itoa(count)}, Decode: DecodeStringSet}
}

func SMove(source, destination, member string) Cmd[bool] {
	return Cmd[bool]{Args: []string{"SMOVE", source, destination, member}, Decode: DecodeBool}
}

// SScan takes the cursor as the server sent it (the client wraps models.Cursor, the
// batch method takes the string, as in GLIDE).
func SScan(key, cursor string) Cmd[models.ScanResult] {
	return Cmd[models.ScanResult]{Args: []string{"SSCAN", key, cursor}, Decode: DecodeScanResult}
}

func SScanWithOptions(key, cursor string, opts options.BaseScanOptions) Cmd[models.ScanResult] {
	optArgs, err := sscanOptionArgs(opts)
	if err != nil {
		return Failed[models.ScanResult](err)
	}
	return Cmd[models.ScanResult]{Args: concat([]string{"SSCAN", key, cursor}, optArgs), Decode: DecodeScanResult}
}
