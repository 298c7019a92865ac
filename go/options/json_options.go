package options

import "strconv"

// JsonGetOptions format JSON.GET's reply. Unset parts use the module's
// defaults (compact output).
type JsonGetOptions struct {
	indent  *string
	newline *string
	space   *string
}

// NewJsonGetOptions returns options with every part unset.
func NewJsonGetOptions() *JsonGetOptions { return &JsonGetOptions{} }

// SetIndent sets the string used per nesting level (INDENT).
func (o *JsonGetOptions) SetIndent(indent string) *JsonGetOptions {
	o.indent = &indent
	return o
}

// SetNewline sets the string written at the end of each line (NEWLINE).
func (o *JsonGetOptions) SetNewline(newline string) *JsonGetOptions {
	o.newline = &newline
	return o
}

// SetSpace sets the string written between a key and its value (SPACE).
func (o *JsonGetOptions) SetSpace(space string) *JsonGetOptions {
	o.space = &space
	return o
}

// ToArgs renders the parts that are set.
func (o *JsonGetOptions) ToArgs() []string {
	args := []string{}
	for _, part := range []struct {
		keyword string
		value   *string
	}{{"INDENT", o.indent}, {"NEWLINE", o.newline}, {"SPACE", o.space}} {
		if part.value != nil {
			args = append(args, part.keyword, *part.value)
		}
	}
	return args
}

// JsonArrIndexOptions bound JSON.ARRINDEX's search to a slice of the array.
type JsonArrIndexOptions struct {
	start *int64
	end   *int64
}

// NewJsonArrIndexOptions searches from start.
func NewJsonArrIndexOptions(start int64) *JsonArrIndexOptions {
	return &JsonArrIndexOptions{start: &start}
}

// SetEnd stops the search before end.
func (o *JsonArrIndexOptions) SetEnd(end int64) *JsonArrIndexOptions {
	o.end = &end
	return o
}

// ToArgs renders start and, when set, end.
func (o *JsonArrIndexOptions) ToArgs() []string {
	args := []string{}
	if o.start != nil {
		args = append(args, strconv.FormatInt(*o.start, 10))
		if o.end != nil {
			args = append(args, strconv.FormatInt(*o.end, 10))
		}
	}
	return args
}
