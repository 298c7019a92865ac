package models

import "fmt"

// String makes a Result print as its value (or "<nil>"), so that
// fmt.Println(client.Get(ctx, k)) shows what users expect — the announcement's sample
// prints a Result directly and expects the value.
func (result Result[T]) String() string {
	if result.isNil {
		return "<nil>"
	}
	return fmt.Sprint(result.val)
}
