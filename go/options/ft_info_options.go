package options

// FtInfoScope is whose index statistics FT.INFO reports.
type FtInfoScope string

const (
	FtInfoScopeLocal   FtInfoScope = "LOCAL"   // the node answering
	FtInfoScopePrimary FtInfoScope = "PRIMARY" // aggregated over the primaries
	FtInfoScopeCluster FtInfoScope = "CLUSTER" // aggregated over every node
)

// FtInfoShardScope says whether FT.INFO needs every shard to answer.
type FtInfoShardScope string

const (
	FtInfoShardScopeAllShards  FtInfoShardScope = "ALLSHARDS"
	FtInfoShardScopeSomeShards FtInfoShardScope = "SOMESHARDS"
)

// FtInfoConsistencyMode says whether FT.INFO waits for consistent data.
type FtInfoConsistencyMode string

const (
	FtInfoConsistencyConsistent   FtInfoConsistencyMode = "CONSISTENT"
	FtInfoConsistencyInconsistent FtInfoConsistencyMode = "INCONSISTENT"
)

// FtInfoOptions are FT.INFO's options; empty fields are not sent.
type FtInfoOptions struct {
	Scope       FtInfoScope
	ShardScope  FtInfoShardScope
	Consistency FtInfoConsistencyMode
}

// ToArgs renders the set options in scope, shard scope, consistency order.
func (o *FtInfoOptions) ToArgs() []string {
	args := []string{}
	for _, v := range []string{string(o.Scope), string(o.ShardScope), string(o.Consistency)} {
		if v != "" {
			args = append(args, v)
		}
	}
	return args
}
