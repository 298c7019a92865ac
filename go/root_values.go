package valkite

import "strings"

// OK is the simple-string reply of commands that only acknowledge (SET, MSET, FLUSHALL
// and the like); compare a command's string result with it.
const OK = "OK"

// NewBatchError builds a *BatchError carrying errs, as GLIDE's constructor of the same
// name does.
func NewBatchError(errs []error) *BatchError { return &BatchError{Errors: errs} }

// ErrorsToString renders errors one per line, each line starting with "- ", the
// layout GLIDE uses when it prints a batch's errors.
func ErrorsToString(errList []error) string {
	var sb strings.Builder
	for _, err := range errList {
		sb.WriteString("- ")
		sb.WriteString(err.Error())
		sb.WriteByte('\n')
	}
	return sb.String()
}
