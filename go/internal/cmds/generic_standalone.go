package cmds

import (
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The standalone-only part of the "Generic" group (GLIDE's GenericCommands).

// CustomCommand sends args verbatim; the reply is decoded into the dynamic shape of
// resp.Reader.ReadAny, then reshaped as GLIDE reshapes that command's raw reply
// (shapes.go: INCRBYFLOAT → float64, SMEMBERS → set, HGETALL → map, …), the same
// over RESP2 and RESP3. The caller's slice is used as is: the core copies the
// arguments before the call returns.
func CustomCommand(args []string) Cmd[any] {
	return Cmd[any]{Args: args, Decode: rawDecoder(args)}
}

func Move(key string, dbIndex int64) Cmd[bool] {
	return Cmd[bool]{Args: []string{"MOVE", key, itoa(dbIndex)}, Decode: DecodeBool}
}

func Scan(cursor models.Cursor) Cmd[models.ScanResult] {
	return Cmd[models.ScanResult]{Args: []string{"SCAN", cursor.String()}, Decode: DecodeScanResult}
}

func ScanWithOptions(cursor models.Cursor, opts options.ScanOptions) Cmd[models.ScanResult] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[models.ScanResult](err)
	}
	return Cmd[models.ScanResult]{Args: concat([]string{"SCAN", cursor.String()}, optArgs), Decode: DecodeScanResult}
}

func RandomKey() Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"RANDOMKEY"}, Decode: DecodeNullableString}
}

// MigrateKeys uses MIGRATE's multi-key form: an empty key argument, then KEYS and the
// keys after every option.
func MigrateKeys(host string, port int64, keys []string, destinationDB, timeout int64) Cmd[string] {
	return Cmd[string]{
		Args: concat(
			[]string{"MIGRATE", host, itoa(port), "", itoa(destinationDB), itoa(timeout), constants.KeysKeyword},
			keys,
		),
		Decode: DecodeOK,
	}
}

func MigrateKeysWithOptions(
	host string, port int64, keys []string, destinationDB, timeout int64, opts options.MigrateOptions,
) Cmd[string] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[string](err)
	}
	return Cmd[string]{
		Args: concat(
			[]string{"MIGRATE", host, itoa(port), "", itoa(destinationDB), itoa(timeout)},
			optArgs, []string{constants.KeysKeyword}, keys,
		),
		Decode: DecodeOK,
	}
}
