package options

import "github.com/valkite/valkite/go/constants"

// Aggregate combines the scores of a member present in several sorted sets
// (ZUNION, ZINTER and their STORE forms).
type Aggregate string

const (
	AggregateSum Aggregate = "SUM"
	AggregateMin Aggregate = "MIN"
	AggregateMax Aggregate = "MAX"
)

// ToArgs renders AGGREGATE a.
func (a Aggregate) ToArgs() ([]string, error) {
	return []string{constants.AggregateKeyWord, string(a)}, nil
}

// KeysOrWeightedKeys is the key list of ZUNION/ZINTER: a KeyArray, or a
// WeightedKeys that multiplies each set's scores.
type KeysOrWeightedKeys interface {
	ToArgs() ([]string, error)
}

// KeyArray is a plain key list.
type KeyArray struct {
	Keys []string
}

// ToArgs renders numkeys followed by the keys.
func (k KeyArray) ToArgs() ([]string, error) {
	return append([]string{itoa(int64(len(k.Keys)))}, k.Keys...), nil
}

// KeyWeightPair is a key with the factor its scores are multiplied by.
type KeyWeightPair struct {
	Key    string
	Weight float64
}

// WeightedKeys is a key list with one weight per key.
type WeightedKeys struct {
	KeyWeightPairs []KeyWeightPair
}

// ToArgs renders numkeys, the keys, then WEIGHTS and the weights.
func (w WeightedKeys) ToArgs() ([]string, error) {
	n := len(w.KeyWeightPairs)
	args := make([]string, 0, 2+2*n)
	args = append(args, itoa(int64(n)))
	for _, p := range w.KeyWeightPairs {
		args = append(args, p.Key)
	}
	args = append(args, constants.WeightsKeyword)
	for _, p := range w.KeyWeightPairs {
		args = append(args, ftoa(p.Weight))
	}
	return args, nil
}
