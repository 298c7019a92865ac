package constants

// ObjectType is a data type name as TYPE reports it and as SCAN's TYPE filter
// expects it.
type ObjectType string

const (
	ObjectTypeString ObjectType = "string"
	ObjectTypeList   ObjectType = "list"
	ObjectTypeSet    ObjectType = "set"
	ObjectTypeZSet   ObjectType = "zset"
	ObjectTypeHash   ObjectType = "hash"
	ObjectTypeStream ObjectType = "stream"
)
