package cmds

import (
	"strconv"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "Server Management" group (GLIDE's ServerManagementCommands).

func Select(index int64) Cmd[string] {
	return Cmd[string]{Args: []string{"SELECT", itoa(index)}, Decode: DecodeOK}
}

func ConfigGet(parameters []string) Cmd[map[string]string] {
	return Cmd[map[string]string]{Args: concat([]string{"CONFIG", "GET"}, parameters), Decode: DecodeStringMap}
}

func ConfigSet(parameters map[string]string) Cmd[string] {
	return Cmd[string]{Args: pairs([]string{"CONFIG", "SET"}, parameters), Decode: DecodeOK}
}

func ConfigResetStat() Cmd[string] {
	return Cmd[string]{Args: []string{"CONFIG", "RESETSTAT"}, Decode: DecodeOK}
}

func ConfigRewrite() Cmd[string] {
	return Cmd[string]{Args: []string{"CONFIG", "REWRITE"}, Decode: DecodeOK}
}

func Info() Cmd[string] {
	return Cmd[string]{Args: []string{"INFO"}, Decode: DecodeString}
}

func InfoWithOptions(opts options.InfoOptions) Cmd[string] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[string](err)
	}
	return Cmd[string]{Args: concat([]string{"INFO"}, optArgs), Decode: DecodeString}
}

func DBSize() Cmd[int64] {
	return Cmd[int64]{Args: []string{"DBSIZE"}, Decode: DecodeInt}
}

// Time replies [unix seconds, microseconds], both as strings, as GLIDE returns them.
func Time() Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"TIME"}, Decode: DecodeStringArray}
}

func FlushAll() Cmd[string] {
	return Cmd[string]{Args: []string{"FLUSHALL"}, Decode: DecodeOK}
}

func FlushAllWithOptions(mode options.FlushMode) Cmd[string] {
	return Cmd[string]{Args: []string{"FLUSHALL", string(mode)}, Decode: DecodeOK}
}

func FlushDB() Cmd[string] {
	return Cmd[string]{Args: []string{"FLUSHDB"}, Decode: DecodeOK}
}

func FlushDBWithOptions(mode options.FlushMode) Cmd[string] {
	return Cmd[string]{Args: []string{"FLUSHDB", string(mode)}, Decode: DecodeOK}
}

func Lolwut() Cmd[string] {
	return Cmd[string]{Args: []string{"LOLWUT"}, Decode: DecodeLolwut}
}

func LolwutWithOptions(opts options.LolwutOptions) Cmd[string] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[string](err)
	}
	return Cmd[string]{Args: concat([]string{"LOLWUT"}, optArgs), Decode: DecodeLolwut}
}

func LastSave() Cmd[int64] {
	return Cmd[int64]{Args: []string{"LASTSAVE"}, Decode: DecodeInt}
}

func Save() Cmd[string] {
	return Cmd[string]{Args: []string{"SAVE"}, Decode: DecodeOK}
}

// The BGSAVE family and BGREWRITEAOF answer with a status sentence ("Background
// saving started"), which is returned as sent.

func BgSave() Cmd[string] {
	return Cmd[string]{Args: []string{"BGSAVE"}, Decode: DecodeOK}
}

func BgSaveSchedule() Cmd[string] {
	return Cmd[string]{Args: []string{"BGSAVE", "SCHEDULE"}, Decode: DecodeOK}
}

func BgSaveCancel() Cmd[string] {
	return Cmd[string]{Args: []string{"BGSAVE", "CANCEL"}, Decode: DecodeOK}
}

func BgRewriteAof() Cmd[string] {
	return Cmd[string]{Args: []string{"BGREWRITEAOF"}, Decode: DecodeOK}
}

func MemoryDoctor() Cmd[string] {
	return Cmd[string]{Args: []string{"MEMORY", "DOCTOR"}, Decode: DecodeString}
}

func MemoryMallocStats() Cmd[string] {
	return Cmd[string]{Args: []string{"MEMORY", "MALLOC-STATS"}, Decode: DecodeString}
}

func MemoryPurge() Cmd[string] {
	return Cmd[string]{Args: []string{"MEMORY", "PURGE"}, Decode: DecodeOK}
}

func MemoryStats() Cmd[models.MemoryStats] {
	return Cmd[models.MemoryStats]{Args: []string{"MEMORY", "STATS"}, Decode: DecodeMemoryStats}
}

func LatencyHistory(event string) Cmd[[]models.LatencyEntry] {
	return Cmd[[]models.LatencyEntry]{Args: []string{"LATENCY", "HISTORY", event}, Decode: DecodeLatencyHistory}
}

func LatencyLatest() Cmd[[]models.LatencyEventInfo] {
	return Cmd[[]models.LatencyEventInfo]{Args: []string{"LATENCY", "LATEST"}, Decode: DecodeLatencyLatest}
}

func LatencyReset(events []string) Cmd[int64] {
	return Cmd[int64]{Args: concat([]string{"LATENCY", "RESET"}, events), Decode: DecodeInt}
}

func Failover() Cmd[string] {
	return Cmd[string]{Args: []string{"FAILOVER"}, Decode: DecodeOK}
}

// FailoverWithOptions takes the options by pointer, as GLIDE does; nil means none.
func FailoverWithOptions(opts *options.FailoverOptions) Cmd[string] {
	if opts == nil {
		return Failover()
	}
	return Cmd[string]{Args: concat([]string{"FAILOVER"}, opts.ToArgs()), Decode: DecodeOK}
}

func ReplicaOf(host string, port int) Cmd[string] {
	return Cmd[string]{Args: []string{"REPLICAOF", host, strconv.Itoa(port)}, Decode: DecodeOK}
}

func ReplicaOfNoOne() Cmd[string] {
	return Cmd[string]{Args: []string{"REPLICAOF", "NO", "ONE"}, Decode: DecodeOK}
}
