package cmds

import (
	"strconv"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "List" group (GLIDE's ListCommands), without the blocking commands.

// listPush builds LPUSH/RPUSH/LPUSHX/RPUSHX: every form needs at least one element.
func listPush(command, key string, elements []string) Cmd[int64] {
	if len(elements) == 0 {
		return Failed[int64](listSetErrEmpty(command, "elements"))
	}
	return Cmd[int64]{Args: concat([]string{command, key}, elements), Decode: DecodeInt}
}

func LPush(key string, elements []string) Cmd[int64]  { return listPush("LPUSH", key, elements) }
func RPush(key string, elements []string) Cmd[int64]  { return listPush("RPUSH", key, elements) }
func LPushX(key string, elements []string) Cmd[int64] { return listPush("LPUSHX", key, elements) }
func RPushX(key string, elements []string) Cmd[int64] { return listPush("RPUSHX", key, elements) }

func LPop(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"LPOP", key}, Decode: DecodeNullableString}
}

func RPop(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"RPOP", key}, Decode: DecodeNullableString}
}

// listPopCount is LPOP/RPOP with a count: nil for a missing key, the popped elements
// otherwise. The server refuses a negative count.
func listPopCount(command, key string, count int64) Cmd[[]string] {
	if count < 0 {
		return Failed[[]string](listSetErrNegative(command, "count", count))
	}
	return Cmd[[]string]{Args: []string{command, key, itoa(count)}, Decode: DecodeStringArray}
}

func LPopCount(key string, count int64) Cmd[[]string] { return listPopCount("LPOP", key, count) }
func RPopCount(key string, count int64) Cmd[[]string] { return listPopCount("RPOP", key, count) }

func LPos(key, element string) Cmd[models.Result[int64]] {
	return Cmd[models.Result[int64]]{Args: []string{"LPOS", key, element}, Decode: DecodeNullableInt}
}

func LPosWithOptions(key, element string, opts options.LPosOptions) Cmd[models.Result[int64]] {
	optArgs, err := lposOptionArgs(opts)
	if err != nil {
		return Failed[models.Result[int64]](err)
	}
	return Cmd[models.Result[int64]]{Args: concat([]string{"LPOS", key, element}, optArgs), Decode: DecodeNullableInt}
}

// LPosCount asks for up to count matches; 0 means all of them.
func LPosCount(key, element string, count int64) Cmd[[]int64] {
	if count < 0 {
		return Failed[[]int64](listSetErrNegative("LPOS", "count", count))
	}
	return Cmd[[]int64]{Args: []string{"LPOS", key, element, constants.CountKeyword, itoa(count)}, Decode: DecodeIntArray}
}

func LPosCountWithOptions(key, element string, count int64, opts options.LPosOptions) Cmd[[]int64] {
	if count < 0 {
		return Failed[[]int64](listSetErrNegative("LPOS", "count", count))
	}
	optArgs, err := lposOptionArgs(opts)
	if err != nil {
		return Failed[[]int64](err)
	}
	return Cmd[[]int64]{
		Args:   concat([]string{"LPOS", key, element, constants.CountKeyword, itoa(count)}, optArgs),
		Decode: DecodeIntArray,
	}
}

func LRange(key string, start, end int64) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"LRANGE", key, itoa(start), itoa(end)}, Decode: DecodeStringArray}
}

func LIndex(key string, index int64) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"LINDEX", key, itoa(index)}, Decode: DecodeNullableString}
}

func LTrim(key string, start, end int64) Cmd[string] {
	return Cmd[string]{Args: []string{"LTRIM", key, itoa(start), itoa(end)}, Decode: DecodeOK}
}

func LLen(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"LLEN", key}, Decode: DecodeInt}
}

// LRem takes any count: positive removes from the head, negative from the tail, 0 all.
func LRem(key string, count int64, element string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"LREM", key, itoa(count), element}, Decode: DecodeInt}
}

func LInsert(key string, position constants.InsertPosition, pivot, element string) Cmd[int64] {
	where, err := position.ToString()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: []string{"LINSERT", key, where, pivot, element}, Decode: DecodeInt}
}

func LSet(key string, index int64, element string) Cmd[string] {
	return Cmd[string]{Args: []string{"LSET", key, itoa(index), element}, Decode: DecodeOK}
}

func LMove(source, destination string, whereFrom, whereTo constants.ListDirection) Cmd[models.Result[string]] {
	from, err := whereFrom.ToString()
	if err != nil {
		return Failed[models.Result[string]](err)
	}
	to, err := whereTo.ToString()
	if err != nil {
		return Failed[models.Result[string]](err)
	}
	return Cmd[models.Result[string]]{
		Args:   []string{"LMOVE", source, destination, from, to},
		Decode: DecodeNullableString,
	}
}

// lmpop builds LMPOP numkeys key... LEFT|RIGHT [COUNT n]; count < 0 means "no COUNT".
func lmpop(keys []string, direction constants.ListDirection, count int64) Cmd[[]models.KeyValues] {
	if len(keys) == 0 {
		return Failed[[]models.KeyValues](listSetErrEmpty("LMPOP", "keys"))
	}
	dir, err := direction.ToString()
	if err != nil {
		return Failed[[]models.KeyValues](err)
	}
	args := make([]string, 0, len(keys)+5)
	args = append(args, "LMPOP", strconv.Itoa(len(keys)))
	args = append(args, keys...)
	args = append(args, dir)
	if count >= 0 {
		args = append(args, constants.CountKeyword, itoa(count))
	}
	return Cmd[[]models.KeyValues]{Args: args, Decode: DecodeKeyValues}
}

func LMPop(keys []string, direction constants.ListDirection) Cmd[[]models.KeyValues] {
	return lmpop(keys, direction, -1)
}

// LMPopCount pops up to count elements; the server wants count > 0.
func LMPopCount(keys []string, direction constants.ListDirection, count int64) Cmd[[]models.KeyValues] {
	if count <= 0 {
		return Failed[[]models.KeyValues](listSetErrNotPositive("LMPOP", "count", count))
	}
	return lmpop(keys, direction, count)
}
