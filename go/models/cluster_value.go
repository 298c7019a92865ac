package models

// ValueType says which variant a ClusterValue holds.
type ValueType int

const (
	SingleValue ValueType = 1 // one node answered (or the replies were aggregated)
	MultiValue  ValueType = 2 // one reply per node, keyed by node address
	NoValue     ValueType = 3 // nothing: the command failed
)

// ClusterValue is the reply of a cluster command whose shape depends on routing:
// a single reply when one node was asked, or a map from node address
// ("host:port") to that node's reply when several were.
type ClusterValue[T any] struct {
	valueType   ValueType
	singleValue T
	multiValue  map[string]T
}

// SingleValue is the reply when IsSingleValue; T's zero value otherwise.
func (value ClusterValue[T]) SingleValue() T { return value.singleValue }

// MultiValue is the per-node replies when IsMultiValue; nil otherwise.
func (value ClusterValue[T]) MultiValue() map[string]T { return value.multiValue }

// ValueType reports the variant held.
func (value ClusterValue[T]) ValueType() ValueType { return value.valueType }

// IsSingleValue reports whether one reply is held.
func (value ClusterValue[T]) IsSingleValue() bool { return value.valueType == SingleValue }

// IsMultiValue reports whether per-node replies are held.
func (value ClusterValue[T]) IsMultiValue() bool { return value.valueType == MultiValue }

// IsEmpty reports whether nothing is held (the zero ClusterValue is not empty in
// this sense: it has no variant at all; commands never return it).
func (value ClusterValue[T]) IsEmpty() bool { return value.valueType == NoValue }

// CreateClusterValue picks the variant from the dynamic type of data: nil is
// empty, a map[string]any is per-node (each value converted to T), a T is single.
// Values that fit none of these give an empty ClusterValue rather than a panic.
func CreateClusterValue[T any](data any) ClusterValue[T] {
	switch v := data.(type) {
	case nil:
		return CreateEmptyClusterValue[T]()
	case map[string]any:
		nodes := make(map[string]T, len(v))
		for addr, reply := range v {
			converted, _ := reply.(T)
			nodes[addr] = converted
		}
		return CreateClusterMultiValue(nodes)
	}
	if single, ok := data.(T); ok {
		return CreateClusterSingleValue(single)
	}
	if nodes, ok := data.(map[string]T); ok {
		return CreateClusterMultiValue(nodes)
	}
	return CreateEmptyClusterValue[T]()
}

// CreateClusterSingleValue holds one reply.
func CreateClusterSingleValue[T any](data T) ClusterValue[T] {
	return ClusterValue[T]{valueType: SingleValue, singleValue: data}
}

// CreateClusterMultiValue holds per-node replies.
func CreateClusterMultiValue[T any](data map[string]T) ClusterValue[T] {
	return ClusterValue[T]{valueType: MultiValue, multiValue: data}
}

// CreateEmptyClusterValue holds nothing.
func CreateEmptyClusterValue[T any]() ClusterValue[T] {
	return ClusterValue[T]{valueType: NoValue}
}
