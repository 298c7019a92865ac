package options

import (
	"errors"

	"github.com/valkite/valkite/go/constants"
)

// UpdateOptions restricts ZADD updates by comparing scores.
type UpdateOptions string

const (
	// ScoreLessThanCurrent updates only when the new score is lower (LT).
	ScoreLessThanCurrent UpdateOptions = "LT"
	// ScoreGreaterThanCurrent updates only when the new score is higher (GT).
	ScoreGreaterThanCurrent UpdateOptions = "GT"
)

// ZAddOptions are ZADD's optional arguments. INCR turns ZADD into ZINCRBY for
// one member and cannot be combined with CH.
type ZAddOptions struct {
	ConditionalChange constants.ConditionalSet // NX or XX; others are ignored
	UpdateOptions     UpdateOptions            // LT or GT; others are ignored
	Changed           bool                     // count updated members too (CH)
	Incr              bool                     // increment Member by Increment
	Increment         float64
	Member            string
}

// NewZAddOptions returns empty options.
func NewZAddOptions() *ZAddOptions { return &ZAddOptions{} }

// SetConditionalChange sets NX or XX.
func (options *ZAddOptions) SetConditionalChange(c constants.ConditionalSet) *ZAddOptions {
	options.ConditionalChange = c
	return options
}

// SetUpdateOptions sets LT or GT.
func (options *ZAddOptions) SetUpdateOptions(u UpdateOptions) *ZAddOptions {
	options.UpdateOptions = u
	return options
}

// SetChanged sets CH; it fails when INCR is already set.
func (options *ZAddOptions) SetChanged(ch bool) (*ZAddOptions, error) {
	if options.Incr {
		return nil, errors.New("ZADD cannot combine CH with INCR")
	}
	options.Changed = ch
	return options, nil
}

// SetIncr sets INCR for member; it fails when CH is already set.
func (options *ZAddOptions) SetIncr(incr bool, increment float64, member string) (*ZAddOptions, error) {
	if options.Changed {
		return nil, errors.New("ZADD cannot combine INCR with CH")
	}
	options.Incr, options.Increment, options.Member = incr, increment, member
	return options, nil
}

// ToArgs renders the options after ZADD's key; with INCR, the increment and
// member follow.
func (opts *ZAddOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.ConditionalChange == constants.OnlyIfExists || opts.ConditionalChange == constants.OnlyIfDoesNotExist {
		args = append(args, string(opts.ConditionalChange))
	}
	if opts.UpdateOptions == ScoreGreaterThanCurrent || opts.UpdateOptions == ScoreLessThanCurrent {
		args = append(args, string(opts.UpdateOptions))
	}
	if opts.Changed {
		args = append(args, constants.ChangedKeyword)
	}
	if opts.Incr {
		args = append(args, constants.IncrKeyword, ftoa(opts.Increment), opts.Member)
	}
	return args, nil
}
