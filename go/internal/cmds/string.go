package cmds

import (
	"strconv"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "String" group (GLIDE's StringCommands).

func Set(key, value string) Cmd[string] {
	return Cmd[string]{Args: []string{"SET", key, value}, Decode: DecodeOK}
}

// SetWithOptions replies "OK", nil when a condition stopped the write, or the old
// value with ReturnOldValue: all three fit a nullable string.
func SetWithOptions(key, value string, opts options.SetOptions) Cmd[models.Result[string]] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[models.Result[string]](err)
	}
	return Cmd[models.Result[string]]{Args: concat([]string{"SET", key, value}, optArgs), Decode: DecodeNullableString}
}

func Get(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"GET", key}, Decode: DecodeNullableString}
}

func GetEx(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"GETEX", key}, Decode: DecodeNullableString}
}

func GetExWithOptions(key string, opts options.GetExOptions) Cmd[models.Result[string]] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[models.Result[string]](err)
	}
	return Cmd[models.Result[string]]{Args: concat([]string{"GETEX", key}, optArgs), Decode: DecodeNullableString}
}

func MSet(keyValueMap map[string]string) Cmd[string] {
	return Cmd[string]{Args: pairs([]string{"MSET"}, keyValueMap), Decode: DecodeOK}
}

func MGet(keys []string) Cmd[[]models.Result[string]] {
	return Cmd[[]models.Result[string]]{Args: concat([]string{"MGET"}, keys), Decode: DecodeNullableStringArray}
}

func MSetNX(keyValueMap map[string]string) Cmd[bool] {
	return Cmd[bool]{Args: pairs([]string{"MSETNX"}, keyValueMap), Decode: DecodeBool}
}

func Incr(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"INCR", key}, Decode: DecodeInt}
}

func IncrBy(key string, amount int64) Cmd[int64] {
	return Cmd[int64]{Args: []string{"INCRBY", key, itoa(amount)}, Decode: DecodeInt}
}

func IncrByFloat(key string, amount float64) Cmd[float64] {
	return Cmd[float64]{Args: []string{"INCRBYFLOAT", key, ftoa(amount)}, Decode: DecodeFloat}
}

func Decr(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"DECR", key}, Decode: DecodeInt}
}

func DecrBy(key string, amount int64) Cmd[int64] {
	return Cmd[int64]{Args: []string{"DECRBY", key, itoa(amount)}, Decode: DecodeInt}
}

func Strlen(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"STRLEN", key}, Decode: DecodeInt}
}

func SetRange(key string, offset int, value string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"SETRANGE", key, strconv.Itoa(offset), value}, Decode: DecodeInt}
}

func GetRange(key string, start, end int) Cmd[string] {
	return Cmd[string]{Args: []string{"GETRANGE", key, strconv.Itoa(start), strconv.Itoa(end)}, Decode: DecodeString}
}

func Append(key, value string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"APPEND", key, value}, Decode: DecodeInt}
}

func LCS(key1, key2 string) Cmd[*models.LCSMatch] {
	return Cmd[*models.LCSMatch]{Args: []string{"LCS", key1, key2}, Decode: DecodeLCSString}
}

func LCSLen(key1, key2 string) Cmd[*models.LCSMatch] {
	return Cmd[*models.LCSMatch]{Args: []string{"LCS", key1, key2, options.LCSLenCommand}, Decode: DecodeLCSLen}
}

func LCSWithOptions(key1, key2 string, opts options.LCSIdxOptions) Cmd[*models.LCSMatch] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[*models.LCSMatch](err)
	}
	return Cmd[*models.LCSMatch]{Args: concat([]string{"LCS", key1, key2}, optArgs), Decode: DecodeLCSIdx}
}

func GetDel(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"GETDEL", key}, Decode: DecodeNullableString}
}
