package options

import "fmt"

func invalidExpiryType(t any) error {
	return fmt.Errorf("invalid expiry type %q for this command", t)
}
