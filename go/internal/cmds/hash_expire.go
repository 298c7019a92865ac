package cmds

import (
	"fmt"
	"time"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Hash field expiry (Valkey 9.0+): HSETEX, HGETEX, HEXPIRE and relatives. Each ends
// with a FIELDS numfields field... block; an empty field list is refused before
// sending, as GLIDE does.

// fieldsBlock appends "FIELDS n fields..." to head in one allocation.
func fieldsBlock(head []string, fields []string) []string {
	out := make([]string, 0, len(head)+2+len(fields))
	out = append(out, head...)
	out = append(out, "FIELDS", itoa(int64(len(fields))))
	return append(out, fields...)
}

func HSetEx(key string, fieldsAndValues map[string]string, opts options.HSetExOptions) Cmd[int64] {
	if len(fieldsAndValues) == 0 {
		return Failed[int64](refuseEmpty("HSETEX", "fieldsAndValues"))
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[int64](fmt.Errorf("HSETEX: options: %w", err))
	}
	head := concat([]string{"HSETEX", key}, optArgs, []string{"FIELDS", itoa(int64(len(fieldsAndValues)))})
	return Cmd[int64]{Args: pairs(head, fieldsAndValues), Decode: DecodeInt}
}

func HGetEx(key string, fields []string, opts options.HGetExOptions) Cmd[[]models.Result[string]] {
	if len(fields) == 0 {
		return Failed[[]models.Result[string]](refuseEmpty("HGETEX", "fields"))
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[[]models.Result[string]](fmt.Errorf("HGETEX: options: %w", err))
	}
	return Cmd[[]models.Result[string]]{
		Args:   fieldsBlock(concat([]string{"HGETEX", key}, optArgs), fields),
		Decode: DecodeNullableStringArray,
	}
}

// hexpire builds HEXPIRE and its relatives from the time argument already rendered.
func hexpire(cmd, key, when string, fields []string, opts options.HExpireOptions) Cmd[[]int64] {
	if len(fields) == 0 {
		return Failed[[]int64](refuseEmpty(cmd, "fields"))
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[[]int64](fmt.Errorf("%s: options: %w", cmd, err))
	}
	return Cmd[[]int64]{Args: fieldsBlock(concat([]string{cmd, key, when}, optArgs), fields), Decode: DecodeIntArray}
}

// HExpire sends whole seconds, truncating as GLIDE does. A positive duration below
// one second is refused: truncated to 0 it would delete the fields at once, which no
// caller asking for a TTL means (HPExpire takes milliseconds).
func HExpire(key string, expireTime time.Duration, fields []string, opts options.HExpireOptions) Cmd[[]int64] {
	if expireTime > 0 && expireTime < time.Second {
		return Failed[[]int64](fmt.Errorf("HEXPIRE: expireTime %v is below the command's one-second unit; use HPExpire", expireTime))
	}
	return hexpire("HEXPIRE", key, itoa(int64(expireTime/time.Second)), fields, opts)
}

// HPExpire sends whole milliseconds; a positive duration below one is refused, as
// for HExpire.
func HPExpire(key string, expireTime time.Duration, fields []string, opts options.HExpireOptions) Cmd[[]int64] {
	if expireTime > 0 && expireTime < time.Millisecond {
		return Failed[[]int64](fmt.Errorf("HPEXPIRE: expireTime %v is below the command's one-millisecond unit", expireTime))
	}
	return hexpire("HPEXPIRE", key, itoa(expireTime.Milliseconds()), fields, opts)
}

func HExpireAt(key string, expireTime time.Time, fields []string, opts options.HExpireOptions) Cmd[[]int64] {
	return hexpire("HEXPIREAT", key, itoa(expireTime.Unix()), fields, opts)
}

func HPExpireAt(key string, expireTime time.Time, fields []string, opts options.HExpireOptions) Cmd[[]int64] {
	return hexpire("HPEXPIREAT", key, itoa(expireTime.UnixMilli()), fields, opts)
}

// hfieldsQuery builds the commands that take only a key and a FIELDS block.
func hfieldsQuery(cmd, key string, fields []string) Cmd[[]int64] {
	if len(fields) == 0 {
		return Failed[[]int64](refuseEmpty(cmd, "fields"))
	}
	return Cmd[[]int64]{Args: fieldsBlock([]string{cmd, key}, fields), Decode: DecodeIntArray}
}

func HPersist(key string, fields []string) Cmd[[]int64] { return hfieldsQuery("HPERSIST", key, fields) }

func HTtl(key string, fields []string) Cmd[[]int64] { return hfieldsQuery("HTTL", key, fields) }

func HPTtl(key string, fields []string) Cmd[[]int64] { return hfieldsQuery("HPTTL", key, fields) }

func HExpireTime(key string, fields []string) Cmd[[]int64] {
	return hfieldsQuery("HEXPIRETIME", key, fields)
}

func HPExpireTime(key string, fields []string) Cmd[[]int64] {
	return hfieldsQuery("HPEXPIRETIME", key, fields)
}
