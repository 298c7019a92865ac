package config

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/internal/settings"
)

func ptr[T any](v T) *T { return &v }

func TestDefaultsStandalone(t *testing.T) {
	s, err := NewClientConfiguration().ToSettings()
	if err != nil {
		t.Fatal(err)
	}
	want := &settings.Settings{
		Addresses: []settings.Address{{Host: "localhost", Port: 6379}},
		LibName:   "valkite",
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got %+v\nwant %+v", s, want)
	}
}

func TestDefaultsCluster(t *testing.T) {
	s, err := NewClusterClientConfiguration().ToSettings()
	if err != nil {
		t.Fatal(err)
	}
	want := &settings.Settings{
		Cluster:   true,
		Addresses: []settings.Address{{Host: "localhost", Port: 6379}},
		LibName:   "valkite",
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got %+v\nwant %+v", s, want)
	}
}

func TestAddressDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   NodeAddress
		want settings.Address
	}{
		{"empty", NodeAddress{}, settings.Address{Host: "localhost", Port: 6379}},
		{"host only", NodeAddress{Host: "h"}, settings.Address{Host: "h", Port: 6379}},
		{"port only", NodeAddress{Port: 7000}, settings.Address{Host: "localhost", Port: 7000}},
		{"both", NodeAddress{Host: "h", Port: 1}, settings.Address{Host: "h", Port: 1}},
		{"max port", NodeAddress{Host: "h", Port: 65535}, settings.Address{Host: "h", Port: 65535}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			s, err := NewClientConfiguration().WithAddress(&in).ToSettings()
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Addresses) != 1 || s.Addresses[0] != tt.want {
				t.Fatalf("got %+v, want %+v", s.Addresses, tt.want)
			}
			if in != tt.in {
				t.Fatal("ToSettings must not modify the configuration")
			}
		})
	}
}

func TestMultipleAddressesKeepOrder(t *testing.T) {
	s, err := NewClusterClientConfiguration().
		WithAddress(&NodeAddress{Host: "a", Port: 1}).
		WithAddress(&NodeAddress{Host: "b", Port: 2}).
		ToSettings()
	if err != nil {
		t.Fatal(err)
	}
	want := []settings.Address{{Host: "a", Port: 1}, {Host: "b", Port: 2}}
	if !reflect.DeepEqual(s.Addresses, want) {
		t.Fatalf("got %+v", s.Addresses)
	}
}

// invalid lists every configuration ToSettings must reject, with a fragment of
// the expected message.
func TestValidationErrors(t *testing.T) {
	adv := NewAdvancedClientConfiguration
	cadv := NewAdvancedClusterClientConfiguration
	sa := NewClientConfiguration
	cl := NewClusterClientConfiguration
	type tosettings interface {
		ToSettings() (*settings.Settings, error)
	}
	tests := []struct {
		name string
		cfg  tosettings
		want string
	}{
		{"port negative", sa().WithAddress(&NodeAddress{Port: -1}), "port must be between 1 and 65535"},
		{"port too large", cl().WithAddress(&NodeAddress{Port: 65536}), "port must be between 1 and 65535"},
		{"request timeout negative", sa().WithRequestTimeout(-time.Second), "request timeout -1s is negative"},
		{"request timeout too large", cl().WithRequestTimeout(1200 * time.Hour), "exceeds the maximum of 2^32-1 ms"},
		{"request timeout below 1ms", sa().WithRequestTimeout(500),
			"request timeout 500ns is below 1ms; did you mean 500 * time.Millisecond?"},
		{"connection timeout negative", sa().WithAdvancedConfiguration(adv().WithConnectionTimeout(-1)),
			"connection timeout -1ns is negative"},
		{"connection timeout too large", cl().WithAdvancedConfiguration(cadv().WithConnectionTimeout(1200 * time.Hour)),
			"exceeds the maximum"},
		{"az affinity without az", sa().WithReadFrom(AzAffinity), "need the client's AZ"},
		{"az replica and primary without az", cl().WithReadFrom(AzAffinityReplicaAndPrimary), "need the client's AZ"},
		{"unknown read from", sa().WithReadFrom(ReadFrom(42)), "unknown ReadFrom value 42"},
		{"negative database id", sa().WithDatabaseId(-1), "database id must not be negative"},
		{"negative database id cluster", cl().WithDatabaseId(-3), "database id must not be negative"},
		{"backoff negative retries", sa().WithReconnectStrategy(NewBackoffStrategy(-1, 10, 2)), "number of retries -1"},
		{"backoff negative factor", sa().WithReconnectStrategy(NewBackoffStrategy(1, -10, 2)), "factor -10"},
		{"backoff negative base", cl().WithReconnectStrategy(NewBackoffStrategy(1, 10, -2)), "exponent base -2"},
		{"backoff factor overflow", sa().WithReconnectStrategy(NewBackoffStrategy(1, 1<<33, 2)), "between 0 and 2^32-1"},
		{"jitter negative", sa().WithReconnectStrategy(NewBackoffStrategy(1, 1, 2).WithJitterPercent(-1)), "jitter -1%"},
		{"jitter above 100", cl().WithReconnectStrategy(NewBackoffStrategy(1, 1, 2).WithJitterPercent(101)), "jitter 101%"},
		{"lib name space", sa().WithLibName("my lib"), `lib name "my lib" may only contain`},
		{"lib name paren", cl().WithLibName("a(b"), "lib name"},
		{"lib name non ascii", sa().WithLibName("é"), "lib name"},
		{"client info tag control", sa().WithClientInfoTag("a\tb"), "client info tag"},
		{"insecure tls without tls", sa().WithAdvancedConfiguration(
			adv().WithTlsConfiguration(NewTlsConfiguration().WithInsecureTLS(true))), "insecure TLS needs TLS enabled"},
		{"insecure tls without tls cluster", cl().WithAdvancedConfiguration(
			cadv().WithTlsConfiguration(NewTlsConfiguration().WithInsecureTLS(true))), "insecure TLS needs TLS enabled"},
		{"empty root certs", sa().WithUseTLS(true).WithAdvancedConfiguration(
			adv().WithTlsConfiguration(NewTlsConfiguration().WithRootCertificates([]byte{}))), "root certificates are empty"},
		{"root certs not pem", cl().WithUseTLS(true).WithAdvancedConfiguration(
			cadv().WithTlsConfiguration(NewTlsConfiguration().WithRootCertificates([]byte("junk")))), "no PEM CERTIFICATE"},
		{"read only with az affinity", sa().WithReadOnly(true).WithReadFrom(AzAffinity).WithClientAZ("az1"),
			"read-only mode cannot be combined"},
		{"read only with az replica and primary", sa().WithReadOnly(true).WithReadFrom(AzAffinityReplicaAndPrimary).
			WithClientAZ("az1"), "read-only mode cannot be combined"},
		{"unknown discovery mode", sa().WithNodeDiscoveryMode(9), "unknown NodeDiscoveryMode value 9"},
		{"reconcile interval zero", sa().WithAdvancedConfiguration(adv().WithPubSubReconciliationIntervalMs(0)),
			"reconciliation interval 0 ms"},
		{"reconcile interval negative", cl().WithAdvancedConfiguration(cadv().WithPubSubReconciliationIntervalMs(-5)),
			"reconciliation interval -5 ms"},
		{"periodic interval zero", cl().WithAdvancedConfiguration(
			cadv().WithPeriodicChecks(PeriodicChecksManualInterval{})), "at least one second"},
		{"compression min size", sa().WithCompressionConfiguration(NewCompressionConfiguration().WithMinCompressionSize(5)),
			"below the minimum of 6"},
		{"compression max size zero", cl().WithCompressionConfiguration(
			NewCompressionConfiguration().WithMaxDecompressedSize(ptr(uint64(0)))), "must be positive"},
		{"compression backend", sa().WithCompressionConfiguration(NewCompressionConfiguration().WithBackend(7)),
			"unknown compression backend 7"},
		{"cache without constructor", sa().WithClientSideCache(&ClientSideCache{MaxCacheKb: 1}),
			"create it with NewClientSideCache"},
		{"cache zero size", cl().WithClientSideCache(func() *ClientSideCache {
			c, _ := NewClientSideCache(1, 0)
			c.MaxCacheKb = 0
			return c
		}()), "size must be positive"},
		{"cache eviction policy", sa().WithClientSideCache(func() *ClientSideCache {
			c, _ := NewClientSideCache(1, 0)
			return c.WithEvictionPolicy(5)
		}()), "eviction policy 5"},
		{"circuit breaker rate above 1", sa().WithClientCircuitBreaker(
			&ClientCircuitBreakerConfiguration{FailureRateThreshold: 1.5}), "must be in (0, 1]"},
		{"circuit breaker rate negative", cl().WithClientCircuitBreaker(
			&ClientCircuitBreakerConfiguration{FailureRateThreshold: -0.1}), "must be in (0, 1]"},
		{"iam without username", sa().WithCredentials(&ServerCredentials{
			iamConfig: NewIamAuthConfig("c", ElastiCache, "r")}), "needs a username"},
		{"iam zero refresh", sa().WithCredentials(func() *ServerCredentials {
			c, _ := NewServerCredentialsWithIam("u", NewIamAuthConfig("c", MemoryDB, "r").WithRefreshIntervalSeconds(0))
			return c
		}()), "at least one second"},
		{"standalone sharded subscription", sa().WithSubscriptionConfig(
			NewStandaloneSubscriptionConfig().WithSubscription(PubSubChannelMode(ShardedClusterChannelMode), "c")),
			"unknown subscription mode 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.cfg.ToSettings()
			if err == nil {
				t.Fatalf("accepted: %+v", s)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
			if s != nil {
				t.Fatal("settings must be nil on error")
			}
		})
	}
}

func TestTimeouts(t *testing.T) {
	tests := []struct {
		in, want time.Duration
	}{
		{0, 0},
		{time.Millisecond, time.Millisecond},
		{1500 * time.Microsecond, time.Millisecond},
		{3 * time.Second, 3 * time.Second},
		{(1<<32 - 1) * time.Millisecond, (1<<32 - 1) * time.Millisecond},
	}
	for _, tt := range tests {
		s, err := NewClientConfiguration().WithRequestTimeout(tt.in).
			WithAdvancedConfiguration(NewAdvancedClientConfiguration().WithConnectionTimeout(tt.in)).ToSettings()
		if err != nil {
			t.Fatalf("%v: %v", tt.in, err)
		}
		if s.RequestTimeout != tt.want || s.ConnectionTimeout != tt.want {
			t.Fatalf("%v: got %v/%v, want %v", tt.in, s.RequestTimeout, s.ConnectionTimeout, tt.want)
		}
	}
}

func TestAllStandaloneOptions(t *testing.T) {
	var resolver AddressResolver = func(h string, p int) (string, int) { return h, p }
	cfg := NewClientConfiguration().
		WithAddress(&NodeAddress{Host: "h1", Port: 1000}).
		WithUseTLS(true).
		WithCredentials(NewServerCredentials("user", "pw")).
		WithReadFrom(AzAffinity).
		WithClientAZ("az-1").
		WithRequestTimeout(2 * time.Second).
		WithClientName("name").
		WithLibName("lib").
		WithClientInfoTag("fw:1").
		WithReconnectStrategy(NewBackoffStrategy(5, 10, 2).WithJitterPercent(30)).
		WithDatabaseId(3).
		WithLazyConnect(true).
		WithNodeDiscoveryMode(NodeDiscoveryModeDiscoverAll).
		WithAddressResolver(resolver).
		WithSubscriptionConfig(NewStandaloneSubscriptionConfig().
			WithSubscription(ExactChannelMode, "a").
			WithSubscription(ExactChannelMode, "b").
			WithSubscription(PatternChannelMode, "p*")).
		WithAdvancedConfiguration(NewAdvancedClientConfiguration().
			WithConnectionTimeout(5 * time.Second).
			WithTcpNoDelay(false).
			WithPubSubReconciliationIntervalMs(1500).
			WithTlsConfiguration(NewTlsConfiguration().WithInsecureTLS(true).WithRootCertificates([]byte(testCertPEM))))
	s, err := cfg.ToSettings()
	if err != nil {
		t.Fatal(err)
	}
	if s.AddressResolver == nil {
		t.Fatal("resolver lost")
	}
	s.AddressResolver = nil
	want := &settings.Settings{
		Addresses:               []settings.Address{{Host: "h1", Port: 1000}},
		UseTLS:                  true,
		TLSInsecure:             true,
		RootCertsPEM:            []byte(testCertPEM),
		HasCredentials:          true,
		Username:                "user",
		Password:                "pw",
		HasDatabaseID:           true,
		DatabaseID:              3,
		ClientName:              "name",
		ClientAZ:                "az-1",
		ReadFrom:                settings.ReadAzAffinity,
		RequestTimeout:          2 * time.Second,
		ConnectionTimeout:       5 * time.Second,
		Reconnect:               &settings.Backoff{Retries: 5, FactorMs: 10, ExponentBase: 2, JitterPercent: 30},
		LazyConnect:             true,
		LibName:                 "lib(fw:1)",
		TCPNoDelayOff:           true,
		PubSubReconcileInterval: 1500 * time.Millisecond,
		ExactChannels:           []string{"a", "b"},
		PatternChannels:         []string{"p*"},
		NodeDiscovery:           settings.DiscoverAll,
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got  %+v\nwant %+v", s, want)
	}
}

func TestAllClusterOptions(t *testing.T) {
	cache, err := NewClientSideCache(1024, 60000)
	if err != nil {
		t.Fatal(err)
	}
	cache.WithEvictionPolicy(EvictionPolicyLFU).WithMetrics(true).WithServerAssisted(true)
	iam, err := NewServerCredentialsWithIam("iam-user", NewIamAuthConfig("cl", MemoryDB, "eu-west-1").
		WithRefreshIntervalSeconds(300))
	if err != nil {
		t.Fatal(err)
	}
	cfg := NewClusterClientConfiguration().
		WithAddress(&NodeAddress{Host: "seed"}).
		WithUseTLS(true).
		WithCredentials(iam).
		WithReadFrom(ReadFromAllNodes).
		WithRecoveryRequestsQueueSize(0).
		WithCompressionConfiguration(NewCompressionConfiguration().WithBackend(LZ4).WithCompressionLevel(-3).
			WithMinCompressionSize(6).WithMaxDecompressedSize(ptr(uint64(1 << 20)))).
		WithClientSideCache(cache).
		WithClientCircuitBreaker(&ClientCircuitBreakerConfiguration{WindowSizeMs: 1000, FailureRateThreshold: 1,
			MinErrors: 2, OpenTimeoutMs: 300, CountTimeouts: true, ConsecutiveSuccesses: 4}).
		WithSubscriptionConfig(NewClusterSubscriptionConfig().WithSubscription(ShardedClusterChannelMode, "s")).
		WithAdvancedConfiguration(NewAdvancedClusterClientConfiguration().
			WithRefreshTopologyFromInitialNodes(true).
			WithPeriodicChecks(PeriodicChecksManualInterval{DurationInSec: 30}).
			WithTcpNoDelay(true))
	s, err := cfg.ToSettings()
	if err != nil {
		t.Fatal(err)
	}
	want := &settings.Settings{
		Cluster:                         true,
		Addresses:                       []settings.Address{{Host: "seed", Port: 6379}},
		UseTLS:                          true,
		HasCredentials:                  true,
		Username:                        "iam-user",
		ReadFrom:                        settings.ReadAllNodes,
		LibName:                         "valkite",
		PeriodicChecksInterval:          30 * time.Second,
		RefreshTopologyFromInitialNodes: true,
		ShardedChannels:                 []string{"s"},
		IAM: &settings.IAMAuth{ClusterName: "cl", Service: settings.IAMMemoryDB, Region: "eu-west-1",
			RefreshInterval: 300 * time.Second},
		Compression: &settings.Compression{LZ4: true, HasLevel: true, Level: -3, MinSize: 6, MaxDecompressedSize: 1 << 20},
		Cache: &settings.ClientCache{ID: cache.cacheId, MaxKB: 1024, EntryTTL: time.Minute, LFU: true, Metrics: true,
			ServerAssisted: true},
		CircuitBreaker: &settings.CircuitBreaker{Window: time.Second, FailureRate: 1, MinErrors: 2,
			OpenTimeout: 300 * time.Millisecond, CountTimeouts: true, ConsecutiveSuccesses: 4},
		HasRecoveryQueueSize: true,
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got  %+v\nwant %+v", s, want)
	}
}

func TestPeriodicChecks(t *testing.T) {
	tests := []struct {
		name         string
		in           PeriodicChecksConfig
		wantDisabled bool
		wantInterval time.Duration
	}{
		{"unset", nil, false, 0},
		{"enabled", PeriodicChecksEnabled{}, false, 0},
		{"disabled", PeriodicChecksDisabled{}, true, 0},
		{"disabled pointer", &PeriodicChecksDisabled{}, true, 0},
		{"manual", PeriodicChecksManualInterval{DurationInSec: 7}, false, 7 * time.Second},
		{"manual pointer", &PeriodicChecksManualInterval{DurationInSec: 2}, false, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewClusterClientConfiguration().WithAdvancedConfiguration(
				NewAdvancedClusterClientConfiguration().WithPeriodicChecks(tt.in)).ToSettings()
			if err != nil {
				t.Fatal(err)
			}
			if s.PeriodicChecksDisabled != tt.wantDisabled || s.PeriodicChecksInterval != tt.wantInterval {
				t.Fatalf("got disabled=%v interval=%v", s.PeriodicChecksDisabled, s.PeriodicChecksInterval)
			}
		})
	}
}

func TestCredentialModes(t *testing.T) {
	s, err := NewClientConfiguration().WithCredentials(NewServerCredentialsWithDefaultUsername("pw")).ToSettings()
	if err != nil {
		t.Fatal(err)
	}
	if !s.HasCredentials || s.Username != "" || s.Password != "pw" || s.IAM != nil {
		t.Fatalf("default user: %+v", s)
	}
	if NewServerCredentials("u", "p").IsIamAuth() {
		t.Fatal("password credentials are not IAM")
	}
	if _, err := NewServerCredentialsWithIam("", NewIamAuthConfig("c", ElastiCache, "r")); err == nil {
		t.Fatal("IAM without a username must fail")
	}
	if _, err := NewServerCredentialsWithIam("u", nil); err == nil {
		t.Fatal("IAM without a config must fail")
	}
}

func TestOptionalFeatureDefaults(t *testing.T) {
	disabled := NewCompressionConfiguration().WithEnabled(false)
	s, err := NewClientConfiguration().WithCompressionConfiguration(disabled).
		WithReconnectStrategy(NewBackoffStrategy(0, 0, 0)).
		WithDatabaseId(0).
		WithReadOnly(true).
		WithReadFrom(PreferReplica).
		WithSubscriptionConfig(NewStandaloneSubscriptionConfig()).
		ToSettings()
	if err != nil {
		t.Fatal(err)
	}
	if s.Compression != nil {
		t.Fatal("disabled compression must not reach the settings")
	}
	if s.Reconnect == nil || s.Reconnect.JitterPercent != -1 {
		t.Fatalf("unset jitter must be -1: %+v", s.Reconnect)
	}
	if !s.HasDatabaseID || s.DatabaseID != 0 {
		t.Fatal("database 0 set explicitly must be kept")
	}
	if !s.ReadOnly || s.ReadFrom != settings.ReadPreferReplica {
		t.Fatalf("read only: %+v", s)
	}
	if s.ExactChannels != nil || s.PatternChannels != nil {
		t.Fatal("an empty subscription config subscribes to nothing")
	}
}

func TestRootCertificatesCopied(t *testing.T) {
	pem := []byte(testCertPEM)
	s, err := NewClusterClientConfiguration().WithUseTLS(true).WithAdvancedConfiguration(
		NewAdvancedClusterClientConfiguration().WithTlsConfiguration(
			NewTlsConfiguration().WithRootCertificates(pem))).ToSettings()
	if err != nil {
		t.Fatal(err)
	}
	pem[0] = 'X'
	if string(s.RootCertsPEM) != testCertPEM {
		t.Fatal("settings must not alias the caller's certificate bytes")
	}
}
