package constants

// Section is one INFO section name. The value is what INFO accepts, lower case.
type Section string

const (
	Server       Section = "server"
	Clients      Section = "clients"
	Memory       Section = "memory"
	Persistence  Section = "persistence"
	Stats        Section = "stats"
	Replication  Section = "replication"
	Cpu          Section = "cpu"
	Commandstats Section = "commandstats"
	Latencystats Section = "latencystats"
	Sentinel     Section = "sentinel"
	Cluster      Section = "cluster"
	Modules      Section = "modules"
	Keyspace     Section = "keyspace"
	Errorstats   Section = "errorstats"
	All          Section = "all"        // every section except modules
	Default      Section = "default"    // what INFO with no argument returns
	Everything   Section = "everything" // all plus modules
)
