package models

// KeyValues is a key with the values taken from it (LMPOP/BLMPOP).
type KeyValues struct {
	Key    string
	Values []string
}
