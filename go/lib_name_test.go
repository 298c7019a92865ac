package valkite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
)

// clientInfoField reads one field of CLIENT INFO for the client's connection.
func clientInfoField(t *testing.T, c interface {
	CustomCommand(context.Context, []string) (any, error)
}, field string) string {
	t.Helper()
	info, err := c.CustomCommand(context.Background(), []string{"CLIENT", "INFO"})
	if err != nil {
		t.Fatalf("CLIENT INFO: %v", err)
	}
	for _, f := range strings.Fields(info.(string)) {
		if v, ok := strings.CutPrefix(f, field+"="); ok {
			return v
		}
	}
	t.Fatalf("CLIENT INFO has no %s: %q", field, info)
	return ""
}

// The library name reported with CLIENT SETINFO: valkite by default, the configured
// name otherwise, with the client info tag appended in parentheses.
func TestLibNameAndClientInfoTag(t *testing.T) {
	s := sharedValkey.get(t)
	base := func() *config.ClientConfiguration {
		return config.NewClientConfiguration().
			WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
			WithRequestTimeout(5 * time.Second)
	}
	for _, tc := range []struct {
		name string
		cfg  *config.ClientConfiguration
		want string
	}{
		{"default", base(), "valkite"},
		{"lib name", base().WithLibName("my-lib"), "my-lib"},
		{"tag", base().WithClientInfoTag("svc:1.2"), "valkite(svc:1.2)"},
		{"both", base().WithLibName("my-lib").WithClientInfoTag("svc"), "my-lib(svc)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(tc.cfg)
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			defer c.Close()
			if got := clientInfoField(t, c, "lib-name"); got != tc.want {
				t.Fatalf("lib-name = %q, want %q", got, tc.want)
			}
		})
	}
	if _, err := NewClient(base().WithLibName("has space")); err == nil {
		t.Fatal("a library name with a space was accepted")
	}
}

func TestClusterLibName(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	seed := cl.Nodes[0]
	c, err := NewClusterClient(config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithLibName("cluster-lib").WithClientInfoTag("t1"))
	if err != nil {
		t.Fatalf("NewClusterClient: %v", err)
	}
	defer c.Close()
	// Every node's connection reports it, so any node answering CLIENT INFO will do.
	v, err := c.CustomCommand(context.Background(), []string{"CLIENT", "INFO"})
	if err != nil {
		t.Fatalf("CLIENT INFO: %v", err)
	}
	if info := v.SingleValue().(string); !strings.Contains(info, " lib-name=cluster-lib(t1) ") {
		t.Fatalf("CLIENT INFO = %q", info)
	}
}
