package config

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/valkite/valkite/go/models"
)

func TestResolveLibName(t *testing.T) {
	tests := []struct {
		lib, tag, want string
		fail           bool
	}{
		{"", "", "valkite", false},
		{"custom", "", "custom", false},
		{"", "fw:1.2", "valkite(fw:1.2)", false},
		{"custom/x@2", "fw+beta", "custom/x@2(fw+beta)", false},
		{"!", "~", "!(~)", false},
		{"a b", "", "", true},
		{"", ")", "", true},
		{"a\x7f", "", "", true},
		{"", "\u00a0", "", true},
	}
	for _, tt := range tests {
		got, err := resolveLibName(tt.lib, tt.tag)
		if (err != nil) != tt.fail || got != tt.want {
			t.Errorf("resolveLibName(%q, %q) = %q, %v", tt.lib, tt.tag, got, err)
		}
	}
}

func TestLoadRootCertificatesFromFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(good, []byte(testCertPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := LoadRootCertificatesFromFile(good)
	if err != nil || string(data) != testCertPEM {
		t.Fatalf("got %q, %v", data, err)
	}
	empty := filepath.Join(dir, "empty.pem")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadRootCertificatesFromFile(empty); err == nil {
		t.Fatal("empty file must fail")
	}
	if _, err := LoadRootCertificatesFromFile(filepath.Join(dir, "missing.pem")); err == nil {
		t.Fatal("missing file must fail")
	}
}

func TestClientSideCacheConstructor(t *testing.T) {
	if _, err := NewClientSideCache(0, 10); err == nil {
		t.Fatal("zero size must fail")
	}
	a, err := NewClientSideCache(10, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewClientSideCache(10, 0)
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if !uuid.MatchString(a.cacheId) || a.cacheId == b.cacheId {
		t.Fatalf("ids %q %q", a.cacheId, b.cacheId)
	}
	if a.EvictionPolicy != nil || a.EnableMetrics || a.ServerAssisted {
		t.Fatal("defaults")
	}
	if EvictionPolicyLFU.String() != "LFU" || EvictionPolicy(9).String() != "EvictionPolicy(9)" {
		t.Fatal("String")
	}
}

func TestCompressionDefaults(t *testing.T) {
	c := NewCompressionConfiguration()
	if !c.enabled || c.backend != ZSTD || c.minCompressionSize != DefaultMinCompressionSize || c.Validate() != nil {
		t.Fatalf("defaults: %+v", c)
	}
	if err := c.WithMinCompressionSize(MinCompressionSize).Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestSubscriptionConfig(t *testing.T) {
	var got any
	var cb MessageCallback = func(_ *models.PubSubMessage, ctx any) { got = ctx }
	sc := NewStandaloneSubscriptionConfig().WithCallback(cb, 42).WithSubscription(ExactChannelMode, "c")
	if sc.GetContext() != 42 || sc.GetCallback() == nil {
		t.Fatal("callback/context")
	}
	sc.GetCallback()(models.NewPubSubMessage("m", "c"), sc.GetContext())
	if got != 42 {
		t.Fatal("callback must receive the context")
	}
	cfg := NewClientConfiguration()
	if cfg.HasSubscription() || cfg.GetSubscription() != nil {
		t.Fatal("no subscription by default")
	}
	cfg.WithSubscriptionConfig(sc)
	if !cfg.HasSubscription() || cfg.GetSubscription() != sc {
		t.Fatal("subscription lost")
	}
	if ExactChannelMode.String() != "EXACT" || ShardedClusterChannelMode.String() != "SHARDED" ||
		PubSubChannelMode(7).String() != "PubSubChannelMode(7)" {
		t.Fatal("String")
	}
}
