package cmds

import (
	"fmt"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "Hash" group (GLIDE's HashCommands), except the field-expiry commands, which
// are in hash_expire.go. Commands that take a list of fields refuse an empty one
// before anything is sent: the server would only answer with an arity error.

// refuseEmpty is the argument error of a command given an empty list.
func refuseEmpty(cmd, arg string) error {
	return fmt.Errorf("%s: %s must not be empty", cmd, arg)
}

func HGet(key, field string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"HGET", key, field}, Decode: DecodeNullableString}
}

// HGetAll answers an empty map for a missing key (RESP3 sends a map, RESP2 a flat
// array; DecodeStringMap reads both).
func HGetAll(key string) Cmd[map[string]string] {
	return Cmd[map[string]string]{Args: []string{"HGETALL", key}, Decode: DecodeStringMap}
}

func HMGet(key string, fields []string) Cmd[[]models.Result[string]] {
	if len(fields) == 0 {
		return Failed[[]models.Result[string]](refuseEmpty("HMGET", "fields"))
	}
	return Cmd[[]models.Result[string]]{Args: concat([]string{"HMGET", key}, fields), Decode: DecodeNullableStringArray}
}

func HSet(key string, values map[string]string) Cmd[int64] {
	if len(values) == 0 {
		return Failed[int64](refuseEmpty("HSET", "values"))
	}
	return Cmd[int64]{Args: pairs([]string{"HSET", key}, values), Decode: DecodeInt}
}

func HSetNX(key, field, value string) Cmd[bool] {
	return Cmd[bool]{Args: []string{"HSETNX", key, field, value}, Decode: DecodeBool}
}

func HDel(key string, fields []string) Cmd[int64] {
	if len(fields) == 0 {
		return Failed[int64](refuseEmpty("HDEL", "fields"))
	}
	return Cmd[int64]{Args: concat([]string{"HDEL", key}, fields), Decode: DecodeInt}
}

func HLen(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"HLEN", key}, Decode: DecodeInt}
}

func HVals(key string) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"HVALS", key}, Decode: DecodeStringArray}
}

func HExists(key, field string) Cmd[bool] {
	return Cmd[bool]{Args: []string{"HEXISTS", key, field}, Decode: DecodeBool}
}

func HKeys(key string) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"HKEYS", key}, Decode: DecodeStringArray}
}

func HStrLen(key, field string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"HSTRLEN", key, field}, Decode: DecodeInt}
}

func HIncrBy(key, field string, increment int64) Cmd[int64] {
	return Cmd[int64]{Args: []string{"HINCRBY", key, field, itoa(increment)}, Decode: DecodeInt}
}

// HIncrByFloat's reply is a bulk string in both protocols; DecodeFloat parses it.
func HIncrByFloat(key, field string, increment float64) Cmd[float64] {
	return Cmd[float64]{Args: []string{"HINCRBYFLOAT", key, field, ftoa(increment)}, Decode: DecodeFloat}
}

// HScan takes the cursor as the wire string: the client method passes
// models.Cursor.String(), the batch method (GLIDE's signature there) a string.
func HScan(key, cursor string) Cmd[models.ScanResult] {
	return Cmd[models.ScanResult]{Args: []string{"HSCAN", key, cursor}, Decode: DecodeScanResult}
}

func HScanWithOptions(key, cursor string, opts options.HashScanOptions) Cmd[models.ScanResult] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[models.ScanResult](err)
	}
	return Cmd[models.ScanResult]{Args: concat([]string{"HSCAN", key, cursor}, optArgs), Decode: DecodeScanResult}
}

func HRandField(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"HRANDFIELD", key}, Decode: DecodeNullableString}
}

// HRandFieldWithCount: a negative count allows repeats, so every count is valid.
func HRandFieldWithCount(key string, count int64) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"HRANDFIELD", key, itoa(count)}, Decode: DecodeStringArray}
}

func HRandFieldWithCountWithValues(key string, count int64) Cmd[[][]string] {
	return Cmd[[][]string]{Args: []string{"HRANDFIELD", key, itoa(count), "WITHVALUES"}, Decode: DecodeStringPairs}
}
