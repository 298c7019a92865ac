package cmds

import (
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Cluster-only forms of commands from other groups, where the cluster reply type
// differs from the standalone one or the arguments come from cluster options.

// EchoString is ECHO decoded as a plain string: the routed form returns one string
// per node (ECHO never answers null).
func EchoString(message string) Cmd[string] {
	return Cmd[string]{Args: []string{"ECHO", message}, Decode: DecodeString}
}

// ClusterPing is PING with the message of a ClusterPingOptions, if any.
func ClusterPing(opts options.ClusterPingOptions) Cmd[string] {
	if opts.PingOptions == nil {
		return Ping()
	}
	return PingWithOptions(*opts.PingOptions)
}

// ClusterInfoSections is INFO with the sections of a ClusterInfoOptions, if any.
func ClusterInfoSections(opts options.ClusterInfoOptions) Cmd[string] {
	if opts.InfoOptions == nil {
		return Info()
	}
	return InfoWithOptions(*opts.InfoOptions)
}

// ClusterLolwut is LOLWUT with the version of a ClusterLolwutOptions, if any.
func ClusterLolwut(opts options.ClusterLolwutOptions) Cmd[string] {
	if opts.LolwutOptions == nil {
		return Lolwut()
	}
	return LolwutWithOptions(*opts.LolwutOptions)
}

// ClusterFlushAll is FLUSHALL with the mode of a FlushClusterOptions, if any.
func ClusterFlushAll(opts options.FlushClusterOptions) Cmd[string] {
	if opts.FlushMode == nil {
		return FlushAll()
	}
	return FlushAllWithOptions(*opts.FlushMode)
}

// ClusterFlushDB is FLUSHDB with the mode of a FlushClusterOptions, if any.
func ClusterFlushDB(opts options.FlushClusterOptions) Cmd[string] {
	if opts.FlushMode == nil {
		return FlushDB()
	}
	return FlushDBWithOptions(*opts.FlushMode)
}

// ClusterClientPause is CLIENT PAUSE with the mode of a ClientPauseClusterOptions, if any.
func ClusterClientPause(timeoutMs int64, opts options.ClientPauseClusterOptions) Cmd[string] {
	if opts.Mode == nil {
		return Cmd[string]{Args: []string{"CLIENT", "PAUSE", itoa(timeoutMs)}, Decode: DecodeOK}
	}
	return Cmd[string]{Args: []string{"CLIENT", "PAUSE", itoa(timeoutMs), string(*opts.Mode)}, Decode: DecodeOK}
}

// NodeScan is one SCAN call on one node, as a cluster scan issues it. The
// ALLOW_NON_COVERED_SLOTS flag of the options is the client's business and is not
// sent.
func NodeScan(cursor string, opts *options.ClusterScanOptions) Cmd[models.ScanResult] {
	args := []string{"SCAN", cursor}
	if opts != nil {
		base, err := opts.BaseScanOptions.ToArgs()
		if err != nil {
			return Failed[models.ScanResult](err)
		}
		args = append(args, base...)
		if opts.ScanType != "" {
			args = append(args, constants.TypeKeyword, string(opts.ScanType))
		}
	}
	return Cmd[models.ScanResult]{Args: args, Decode: DecodeScanResult}
}
