package cmds

import (
	"strconv"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Blocking commands: BLPOP, BRPOP, BLMOVE, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP.
//
// A timeout travels as seconds with a fraction (GLIDE sends timeout.Seconds() in its
// shortest decimal form), and 0 blocks until an element arrives. The core reads the
// same argument back to set the request's deadline (the timeout plus half a second)
// and runs the command on a connection of its own, so nothing here differs from an
// ordinary command except the argument checks. A negative timeout fails before
// anything is sent: the server would refuse it anyway, and the core would have no
// deadline to give it.

// blockingTimeout renders timeout for command, or says why it cannot be sent.
func blockingTimeout(command string, timeout time.Duration) (string, error) {
	if timeout < 0 {
		return "", &errs.RequestError{Msg: command + ": timeout must not be negative, got " + timeout.String()}
	}
	return seconds(timeout), nil
}

// blockingPop builds BLPOP/BRPOP key... timeout.
func blockingPop(command string, keys []string, timeout time.Duration) Cmd[[]string] {
	if len(keys) == 0 {
		return Failed[[]string](listSetErrEmpty(command, "keys"))
	}
	t, err := blockingTimeout(command, timeout)
	if err != nil {
		return Failed[[]string](err)
	}
	return Cmd[[]string]{Args: concat([]string{command}, keys, []string{t}), Decode: DecodeStringArray}
}

// BLPop: nil on timeout, else [key, element].
func BLPop(keys []string, timeout time.Duration) Cmd[[]string] {
	return blockingPop("BLPOP", keys, timeout)
}

// BRPop: nil on timeout, else [key, element].
func BRPop(keys []string, timeout time.Duration) Cmd[[]string] {
	return blockingPop("BRPOP", keys, timeout)
}

// BLMove: the moved element, or nil on timeout.
func BLMove(
	source, destination string, whereFrom, whereTo constants.ListDirection, timeout time.Duration,
) Cmd[models.Result[string]] {
	type R = models.Result[string]
	from, err := whereFrom.ToString()
	if err != nil {
		return Failed[R](err)
	}
	to, err := whereTo.ToString()
	if err != nil {
		return Failed[R](err)
	}
	t, err := blockingTimeout("BLMOVE", timeout)
	if err != nil {
		return Failed[R](err)
	}
	return Cmd[R]{Args: []string{"BLMOVE", source, destination, from, to, t}, Decode: DecodeNullableString}
}

// blmpop builds BLMPOP timeout numkeys key... LEFT|RIGHT [COUNT n]; count < 0 sends no
// COUNT.
func blmpop(keys []string, direction constants.ListDirection, count int64, timeout time.Duration) Cmd[[]models.KeyValues] {
	type R = []models.KeyValues
	if len(keys) == 0 {
		return Failed[R](listSetErrEmpty("BLMPOP", "keys"))
	}
	dir, err := direction.ToString()
	if err != nil {
		return Failed[R](err)
	}
	t, err := blockingTimeout("BLMPOP", timeout)
	if err != nil {
		return Failed[R](err)
	}
	args := make([]string, 0, len(keys)+6)
	args = append(args, "BLMPOP", t, strconv.Itoa(len(keys)))
	args = append(args, keys...)
	args = append(args, dir)
	if count >= 0 {
		args = append(args, constants.CountKeyword, itoa(count))
	}
	return Cmd[R]{Args: args, Decode: DecodeKeyValues}
}

// BLMPop: nil on timeout, else the one key popped from with its element.
func BLMPop(keys []string, direction constants.ListDirection, timeout time.Duration) Cmd[[]models.KeyValues] {
	return blmpop(keys, direction, -1, timeout)
}

// BLMPopCount pops up to count elements; the server wants count > 0.
func BLMPopCount(
	keys []string, direction constants.ListDirection, count int64, timeout time.Duration,
) Cmd[[]models.KeyValues] {
	if count <= 0 {
		return Failed[[]models.KeyValues](listSetErrNotPositive("BLMPOP", "count", count))
	}
	return blmpop(keys, direction, count, timeout)
}

// bzPop builds BZPOPMIN/BZPOPMAX key... timeout.
func bzPop(command string, keys []string, timeout time.Duration) Cmd[models.Result[models.KeyWithMemberAndScore]] {
	type R = models.Result[models.KeyWithMemberAndScore]
	if len(keys) == 0 {
		return Failed[R](listSetErrEmpty(command, "keys"))
	}
	t, err := blockingTimeout(command, timeout)
	if err != nil {
		return Failed[R](err)
	}
	return Cmd[R]{Args: concat([]string{command}, keys, []string{t}), Decode: DecodeKeyWithMemberAndScore}
}

// BZPopMin: the popped [key, member, score], or a nil Result on timeout.
func BZPopMin(keys []string, timeout time.Duration) Cmd[models.Result[models.KeyWithMemberAndScore]] {
	return bzPop("BZPOPMIN", keys, timeout)
}

// BZPopMax: as BZPopMin, highest score first.
func BZPopMax(keys []string, timeout time.Duration) Cmd[models.Result[models.KeyWithMemberAndScore]] {
	return bzPop("BZPOPMAX", keys, timeout)
}

// BZMPopWithOptions builds BZMPOP timeout numkeys key... MIN|MAX [COUNT n]; a count of
// 0 sends none (as ZMPopWithOptions).
func BZMPopWithOptions(
	keys []string, scoreFilter constants.ScoreFilter, timeout time.Duration, opts options.ZMPopOptions,
) Cmd[models.Result[models.KeyWithArrayOfMembersAndScores]] {
	type R = models.Result[models.KeyWithArrayOfMembersAndScores]
	zm := ZMPopWithOptions(keys, scoreFilter, opts)
	if zm.Invalid() {
		return zm
	}
	t, err := blockingTimeout("BZMPOP", timeout)
	if err != nil {
		return Failed[R](err)
	}
	// ZMPOP's vector with BZMPOP's name and the timeout in front of numkeys.
	args := make([]string, 0, len(zm.Args)+1)
	args = append(args, "BZMPOP", t)
	args = append(args, zm.Args[1:]...)
	return Cmd[R]{Args: args, Decode: zm.Decode}
}

// BZMPop: nil Result on timeout, else the key with its popped members and scores.
func BZMPop(
	keys []string, scoreFilter constants.ScoreFilter, timeout time.Duration,
) Cmd[models.Result[models.KeyWithArrayOfMembersAndScores]] {
	return BZMPopWithOptions(keys, scoreFilter, timeout, options.ZMPopOptions{})
}

// DecodeKeyWithMemberAndScore reads BZPOPMIN/BZPOPMAX's reply: null on timeout, else
// [key, member, score] (the score a bulk string under RESP2, a double under RESP3).
func DecodeKeyWithMemberAndScore(r *resp.Reader) (models.Result[models.KeyWithMemberAndScore], error) {
	nilResult := models.CreateNilKeyWithMemberAndScoreResult()
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nilResult, err
	}
	if n != 3 {
		return nilResult, &errs.ProtocolError{Msg: "BZPOP reply is not a [key, member, score] triple"}
	}
	var v models.KeyWithMemberAndScore
	if v.Key, err = r.ReadString(); err != nil {
		return nilResult, err
	}
	if v.Member, err = r.ReadString(); err != nil {
		return nilResult, err
	}
	if v.Score, err = r.ReadFloat(); err != nil {
		return nilResult, err
	}
	return models.CreateKeyWithMemberAndScoreResult(v), nil
}
