package config

// Defaults used for the parts of a NodeAddress left empty.
const (
	DefaultHost = "localhost"
	DefaultPort = 6379
)

// NodeAddress is a seed node. An empty Host means DefaultHost and a zero Port
// means DefaultPort, so NodeAddress{} is the usual local server.
type NodeAddress struct {
	Host string
	Port int
}
