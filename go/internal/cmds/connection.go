package cmds

import (
	"time"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "Connection Management" group (GLIDE's ConnectionManagementCommands).

func Ping() Cmd[string] {
	return Cmd[string]{Args: []string{"PING"}, Decode: DecodeString}
}

func PingWithOptions(opts options.PingOptions) Cmd[string] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[string](err)
	}
	return Cmd[string]{Args: concat([]string{"PING"}, optArgs), Decode: DecodeString}
}

func Echo(message string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"ECHO", message}, Decode: DecodeNullableString}
}

func ClientId() Cmd[int64] {
	return Cmd[int64]{Args: []string{"CLIENT", "ID"}, Decode: DecodeInt}
}

func ClientGetName() Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"CLIENT", "GETNAME"}, Decode: DecodeNullableString}
}

func ClientSetName(connectionName string) Cmd[string] {
	return Cmd[string]{Args: []string{"CLIENT", "SETNAME", connectionName}, Decode: DecodeOK}
}

func ClientPause(timeout time.Duration) Cmd[string] {
	return Cmd[string]{Args: []string{"CLIENT", "PAUSE", millis(timeout)}, Decode: DecodeOK}
}

func ClientPauseWithOptions(timeout time.Duration, mode options.ClientPauseMode) Cmd[string] {
	return Cmd[string]{Args: []string{"CLIENT", "PAUSE", millis(timeout), string(mode)}, Decode: DecodeOK}
}

func ClientUnpause() Cmd[string] {
	return Cmd[string]{Args: []string{"CLIENT", "UNPAUSE"}, Decode: DecodeOK}
}

// ClientReply is exposed because GLIDE exposes it; only ON is safe on a multiplexed
// connection, since OFF and SKIP make the server drop replies the client waits for.
func ClientReply(mode options.ClientReplyMode) Cmd[string] {
	return Cmd[string]{Args: []string{"CLIENT", "REPLY", string(mode)}, Decode: DecodeOK}
}

// Reset replies with the status "RESET".
func Reset() Cmd[string] {
	return Cmd[string]{Args: []string{"RESET"}, Decode: DecodeOK}
}
