package cmds

import (
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "Generic" group shared by standalone and cluster clients (GLIDE's
// GenericBaseCommands).

func Del(keys []string) Cmd[int64] {
	return Cmd[int64]{Args: concat([]string{"DEL"}, keys), Decode: DecodeInt}
}

func Exists(keys []string) Cmd[int64] {
	return Cmd[int64]{Args: concat([]string{"EXISTS"}, keys), Decode: DecodeInt}
}

func Unlink(keys []string) Cmd[int64] {
	return Cmd[int64]{Args: concat([]string{"UNLINK"}, keys), Decode: DecodeInt}
}

func Touch(keys []string) Cmd[int64] {
	return Cmd[int64]{Args: concat([]string{"TOUCH"}, keys), Decode: DecodeInt}
}

func Expire(key string, expireTime time.Duration) Cmd[bool] {
	return Cmd[bool]{Args: []string{"EXPIRE", key, seconds(expireTime)}, Decode: DecodeBool}
}

func ExpireWithOptions(key string, expireTime time.Duration, cond constants.ExpireCondition) Cmd[bool] {
	c, err := cond.ToString()
	if err != nil {
		return Failed[bool](err)
	}
	return Cmd[bool]{Args: []string{"EXPIRE", key, seconds(expireTime), c}, Decode: DecodeBool}
}

func ExpireAt(key string, expireTime time.Time) Cmd[bool] {
	return Cmd[bool]{Args: []string{"EXPIREAT", key, itoa(expireTime.Unix())}, Decode: DecodeBool}
}

func ExpireAtWithOptions(key string, expireTime time.Time, cond constants.ExpireCondition) Cmd[bool] {
	c, err := cond.ToString()
	if err != nil {
		return Failed[bool](err)
	}
	return Cmd[bool]{Args: []string{"EXPIREAT", key, itoa(expireTime.Unix()), c}, Decode: DecodeBool}
}

func PExpire(key string, expireTime time.Duration) Cmd[bool] {
	return Cmd[bool]{Args: []string{"PEXPIRE", key, millis(expireTime)}, Decode: DecodeBool}
}

func PExpireWithOptions(key string, expireTime time.Duration, cond constants.ExpireCondition) Cmd[bool] {
	c, err := cond.ToString()
	if err != nil {
		return Failed[bool](err)
	}
	return Cmd[bool]{Args: []string{"PEXPIRE", key, millis(expireTime), c}, Decode: DecodeBool}
}

func PExpireAt(key string, expireTime time.Time) Cmd[bool] {
	return Cmd[bool]{Args: []string{"PEXPIREAT", key, itoa(expireTime.UnixMilli())}, Decode: DecodeBool}
}

func PExpireAtWithOptions(key string, expireTime time.Time, cond constants.ExpireCondition) Cmd[bool] {
	c, err := cond.ToString()
	if err != nil {
		return Failed[bool](err)
	}
	return Cmd[bool]{Args: []string{"PEXPIREAT", key, itoa(expireTime.UnixMilli()), c}, Decode: DecodeBool}
}

func ExpireTime(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"EXPIRETIME", key}, Decode: DecodeInt}
}

func PExpireTime(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"PEXPIRETIME", key}, Decode: DecodeInt}
}

func TTL(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"TTL", key}, Decode: DecodeInt}
}

func PTTL(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"PTTL", key}, Decode: DecodeInt}
}

func Type(key string) Cmd[string] {
	return Cmd[string]{Args: []string{"TYPE", key}, Decode: DecodeString}
}

func Rename(key, newKey string) Cmd[string] {
	return Cmd[string]{Args: []string{"RENAME", key, newKey}, Decode: DecodeOK}
}

func RenameNX(key, newKey string) Cmd[bool] {
	return Cmd[bool]{Args: []string{"RENAMENX", key, newKey}, Decode: DecodeBool}
}

func Persist(key string) Cmd[bool] {
	return Cmd[bool]{Args: []string{"PERSIST", key}, Decode: DecodeBool}
}

func Restore(key string, ttl time.Duration, value string) Cmd[string] {
	return Cmd[string]{Args: []string{"RESTORE", key, millis(ttl), value}, Decode: DecodeOK}
}

func RestoreWithOptions(key string, ttl time.Duration, value string, opts options.RestoreOptions) Cmd[string] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[string](err)
	}
	return Cmd[string]{Args: concat([]string{"RESTORE", key, millis(ttl), value}, optArgs), Decode: DecodeOK}
}

func ObjectEncoding(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"OBJECT", "ENCODING", key}, Decode: DecodeNullableString}
}

func Dump(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"DUMP", key}, Decode: DecodeNullableString}
}

func ObjectFreq(key string) Cmd[models.Result[int64]] {
	return Cmd[models.Result[int64]]{Args: []string{"OBJECT", "FREQ", key}, Decode: DecodeNullableInt}
}

func ObjectIdleTime(key string) Cmd[models.Result[int64]] {
	return Cmd[models.Result[int64]]{Args: []string{"OBJECT", "IDLETIME", key}, Decode: DecodeNullableInt}
}

func ObjectRefCount(key string) Cmd[models.Result[int64]] {
	return Cmd[models.Result[int64]]{Args: []string{"OBJECT", "REFCOUNT", key}, Decode: DecodeNullableInt}
}

func Sort(key string) Cmd[[]models.Result[string]] {
	return Cmd[[]models.Result[string]]{Args: []string{"SORT", key}, Decode: DecodeNullableStringArray}
}

func SortWithOptions(key string, opts options.SortOptions) Cmd[[]models.Result[string]] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[[]models.Result[string]](err)
	}
	return Cmd[[]models.Result[string]]{Args: concat([]string{"SORT", key}, optArgs), Decode: DecodeNullableStringArray}
}

func SortReadOnly(key string) Cmd[[]models.Result[string]] {
	return Cmd[[]models.Result[string]]{Args: []string{"SORT_RO", key}, Decode: DecodeNullableStringArray}
}

func SortReadOnlyWithOptions(key string, opts options.SortOptions) Cmd[[]models.Result[string]] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[[]models.Result[string]](err)
	}
	return Cmd[[]models.Result[string]]{Args: concat([]string{"SORT_RO", key}, optArgs), Decode: DecodeNullableStringArray}
}

func SortStore(key, destination string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"SORT", key, constants.StoreKeyword, destination}, Decode: DecodeInt}
}

func SortStoreWithOptions(key, destination string, opts options.SortOptions) Cmd[int64] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"SORT", key, constants.StoreKeyword, destination}, optArgs), Decode: DecodeInt}
}

func Wait(numberOfReplicas int64, timeout time.Duration) Cmd[int64] {
	return Cmd[int64]{Args: []string{"WAIT", itoa(numberOfReplicas), millis(timeout)}, Decode: DecodeInt}
}

func Copy(source, destination string) Cmd[bool] {
	return Cmd[bool]{Args: []string{"COPY", source, destination}, Decode: DecodeBool}
}

func CopyWithOptions(source, destination string, opts options.CopyOptions) Cmd[bool] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[bool](err)
	}
	return Cmd[bool]{Args: concat([]string{"COPY", source, destination}, optArgs), Decode: DecodeBool}
}
