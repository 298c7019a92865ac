package valkite

import (
	"strings"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/settings"
)

// checkSupported rejects configuration options that GLIDE's API offers but valkite's
// core does not implement yet. Failing at construction is better than a client that
// silently ignores, say, a client-side cache or compression the caller relies on.
func checkSupported(s *settings.Settings) error {
	var missing []string
	if s.IAM != nil {
		missing = append(missing, "IAM authentication")
	}
	if s.Compression != nil {
		missing = append(missing, "compression")
	}
	if s.Cache != nil {
		missing = append(missing, "client-side cache")
	}
	if len(missing) == 0 {
		return nil
	}
	return &errs.ConfigurationError{Msg: "not supported by valkite yet: " + strings.Join(missing, ", ")}
}
