package config

import (
	"encoding/pem"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/valkite/valkite/go/internal/settings"
)

const (
	maxPort = 65535
	// maxMillis is the largest duration the core accepts, in milliseconds: it
	// keeps them in 32 bits.
	maxMillis = math.MaxUint32
	// defaultLibName is reported with CLIENT SETINFO unless overridden.
	defaultLibName = "valkite"
)

// addresses applies the host and port defaults and checks the port range. No
// address at all means the default node.
func addresses(in []NodeAddress) ([]settings.Address, error) {
	if len(in) == 0 {
		return []settings.Address{{Host: DefaultHost, Port: DefaultPort}}, nil
	}
	out := make([]settings.Address, len(in))
	for i, a := range in {
		host, port := a.Host, a.Port
		if host == "" {
			host = DefaultHost
		}
		if port == 0 {
			port = DefaultPort
		}
		if port < 1 || port > maxPort {
			return nil, fmt.Errorf("address %s:%d: port must be between 1 and %d", host, port, maxPort)
		}
		out[i] = settings.Address{Host: host, Port: port}
	}
	return out, nil
}

// timeout checks a duration the core takes in whole milliseconds. Zero means
// the default. A positive value under a millisecond is almost always a bare
// integer mistaken for milliseconds, so the error suggests the fix.
func timeout(name string, d time.Duration) (time.Duration, error) {
	switch {
	case d == 0:
		return 0, nil
	case d < 0:
		return 0, fmt.Errorf("%s %v is negative", name, d)
	case d < time.Millisecond:
		return 0, fmt.Errorf("%s %v is below 1ms; did you mean %d * time.Millisecond?", name, d, int64(d))
	case d.Milliseconds() > maxMillis:
		return 0, fmt.Errorf("%s %v exceeds the maximum of 2^32-1 ms (about 49.7 days)", name, d)
	}
	return d.Truncate(time.Millisecond), nil
}

func applyCredentials(s *settings.Settings, creds *ServerCredentials) error {
	if creds == nil {
		return nil
	}
	s.HasCredentials, s.Username, s.Password = true, creds.username, creds.password
	iam := creds.iamConfig
	if iam == nil {
		return nil
	}
	if creds.username == "" {
		return errors.New("IAM authentication needs a username")
	}
	var service settings.IAMService
	switch iam.service {
	case ElastiCache:
		service = settings.IAMElastiCache
	case MemoryDB:
		service = settings.IAMMemoryDB
	default:
		return fmt.Errorf("unknown IAM service type %d", int(iam.service))
	}
	s.IAM = &settings.IAMAuth{ClusterName: iam.clusterName, Service: service, Region: iam.region}
	if iam.refreshIntervalSeconds != nil {
		if *iam.refreshIntervalSeconds == 0 {
			return errors.New("IAM token refresh interval must be at least one second")
		}
		s.IAM.RefreshInterval = time.Duration(*iam.refreshIntervalSeconds) * time.Second
	}
	return nil
}

func readFrom(r ReadFrom) (settings.ReadFrom, error) {
	switch r {
	case Primary:
		return settings.ReadPrimary, nil
	case PreferReplica:
		return settings.ReadPreferReplica, nil
	case AzAffinity:
		return settings.ReadAzAffinity, nil
	case AzAffinityReplicaAndPrimary:
		return settings.ReadAzAffinityReplicaAndPrimary, nil
	case ReadFromAllNodes:
		return settings.ReadAllNodes, nil
	}
	return 0, fmt.Errorf("unknown ReadFrom value %d", int(r))
}

func nodeDiscovery(m NodeDiscoveryMode) (settings.NodeDiscovery, error) {
	switch m {
	case NodeDiscoveryModeStandard:
		return settings.DiscoverStandard, nil
	case NodeDiscoveryModeStatic:
		return settings.DiscoverStatic, nil
	case NodeDiscoveryModeDiscoverAll:
		return settings.DiscoverAll, nil
	}
	return 0, fmt.Errorf("unknown NodeDiscoveryMode value %d", int(m))
}

// resolveLibName builds the CLIENT SETINFO lib-name. The server rejects
// spaces, control characters and parentheses (the tag is appended in
// parentheses), so they are refused here with the option's name.
func resolveLibName(libName, clientInfoTag string) (string, error) {
	for _, f := range []struct{ name, value string }{{"lib name", libName}, {"client info tag", clientInfoTag}} {
		for _, r := range f.value {
			if r < '!' || r > '~' || r == '(' || r == ')' {
				return "", fmt.Errorf("%s %q may only contain printable ASCII from '!' to '~', without '(' or ')'",
					f.name, f.value)
			}
		}
	}
	if libName == "" {
		libName = defaultLibName
	}
	if clientInfoTag != "" {
		libName += "(" + clientInfoTag + ")"
	}
	return libName, nil
}

func backoff(b *BackoffStrategy) (*settings.Backoff, error) {
	if b == nil {
		return nil, nil
	}
	for _, f := range []struct {
		name  string
		value int
	}{{"number of retries", b.numOfRetries}, {"factor", b.factor}, {"exponent base", b.exponentBase}} {
		if f.value < 0 || int64(f.value) > maxMillis {
			return nil, fmt.Errorf("reconnect strategy %s %d must be between 0 and 2^32-1", f.name, f.value)
		}
	}
	out := &settings.Backoff{Retries: b.numOfRetries, FactorMs: b.factor, ExponentBase: b.exponentBase, JitterPercent: -1}
	if b.jitterPercent != nil {
		if j := *b.jitterPercent; j < 0 || j > 100 {
			return nil, fmt.Errorf("reconnect strategy jitter %d%% must be between 0 and 100", j)
		}
		out.JitterPercent = *b.jitterPercent
	}
	return out, nil
}

func compression(c *CompressionConfiguration) (*settings.Compression, error) {
	if c == nil {
		return nil, nil
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("invalid compression configuration: %w", err)
	}
	if !c.enabled {
		return nil, nil
	}
	out := &settings.Compression{LZ4: c.backend == LZ4, MinSize: int(c.minCompressionSize)}
	if c.compressionLevel != nil {
		out.HasLevel, out.Level = true, *c.compressionLevel
	}
	if c.maxDecompressedSize != nil {
		out.MaxDecompressedSize = *c.maxDecompressedSize
	}
	return out, nil
}

func clientCache(c *ClientSideCache) (*settings.ClientCache, error) {
	if c == nil {
		return nil, nil
	}
	if c.cacheId == "" {
		return nil, errors.New("client-side cache has no identity; create it with NewClientSideCache")
	}
	if c.MaxCacheKb == 0 {
		return nil, errors.New("client-side cache size must be positive")
	}
	if c.EntryTtlMs > uint64(math.MaxInt64/int64(time.Millisecond)) {
		return nil, fmt.Errorf("client-side cache TTL of %d ms is too large", c.EntryTtlMs)
	}
	out := &settings.ClientCache{ID: c.cacheId, MaxKB: c.MaxCacheKb, EntryTTL: time.Duration(c.EntryTtlMs) * time.Millisecond,
		Metrics: c.EnableMetrics, ServerAssisted: c.ServerAssisted}
	if p := c.EvictionPolicy; p != nil {
		switch *p {
		case EvictionPolicyLRU:
		case EvictionPolicyLFU:
			out.LFU = true
		default:
			return nil, fmt.Errorf("unknown client-side cache eviction policy %d", int(*p))
		}
	}
	return out, nil
}

func circuitBreaker(c *ClientCircuitBreakerConfiguration) (*settings.CircuitBreaker, error) {
	if c == nil {
		return nil, nil
	}
	if r := c.FailureRateThreshold; r != 0 && !(r > 0 && r <= 1) {
		return nil, fmt.Errorf("circuit breaker failure rate threshold %v must be in (0, 1]", r)
	}
	return &settings.CircuitBreaker{
		Window:               time.Duration(c.WindowSizeMs) * time.Millisecond,
		FailureRate:          c.FailureRateThreshold,
		MinErrors:            int(c.MinErrors),
		OpenTimeout:          time.Duration(c.OpenTimeoutMs) * time.Millisecond,
		CountTimeouts:        c.CountTimeouts,
		ConsecutiveSuccesses: int(c.ConsecutiveSuccesses),
	}, nil
}

// applyAdvanced applies the advanced options standalone and cluster share.
func applyAdvanced(s *settings.Settings, connTimeout time.Duration, tls *TlsConfiguration, noDelay *bool, reconcileMs *int) error {
	var err error
	if s.ConnectionTimeout, err = connectionTimeout(connTimeout); err != nil {
		return err
	}
	if noDelay != nil {
		s.TCPNoDelayOff = !*noDelay
	}
	if reconcileMs != nil {
		if ms := *reconcileMs; ms <= 0 || int64(ms) > maxMillis {
			return fmt.Errorf("pub/sub reconciliation interval %d ms must be between 1 and 2^32-1", ms)
		}
		s.PubSubReconcileInterval = time.Duration(*reconcileMs) * time.Millisecond
	}
	if tls == nil {
		return nil
	}
	if tls.UseInsecureTLS {
		if !s.UseTLS {
			return errors.New("insecure TLS needs TLS enabled; add WithUseTLS(true)")
		}
		s.TLSInsecure = true
	}
	if tls.RootCertificates != nil {
		if len(tls.RootCertificates) == 0 {
			return errors.New("root certificates are empty; pass nil to use the platform's trust store")
		}
		if !hasPEMCertificate(tls.RootCertificates) {
			return errors.New("root certificates contain no PEM CERTIFICATE block")
		}
		s.RootCertsPEM = append([]byte(nil), tls.RootCertificates...)
	}
	if tls.mtls != nil {
		if !s.UseTLS {
			return errors.New("mutual TLS needs TLS enabled; add WithUseTLS(true)")
		}
		applyMutualTLS(s, tls.mtls)
	}
	return nil
}

func hasPEMCertificate(data []byte) bool {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return false
		}
		if block.Type == "CERTIFICATE" {
			return true
		}
	}
}

func applyPeriodicChecks(s *settings.Settings, p PeriodicChecksConfig) error {
	switch v := p.(type) {
	case nil, PeriodicChecksEnabled, *PeriodicChecksEnabled:
	case PeriodicChecksDisabled, *PeriodicChecksDisabled:
		s.PeriodicChecksDisabled = true
	case PeriodicChecksManualInterval:
		return manualInterval(s, v.DurationInSec)
	case *PeriodicChecksManualInterval:
		if v == nil {
			return errors.New("periodic checks interval is a nil pointer")
		}
		return manualInterval(s, v.DurationInSec)
	default:
		return fmt.Errorf("unsupported periodic checks configuration %T", p)
	}
	return nil
}

func manualInterval(s *settings.Settings, seconds uint32) error {
	if seconds == 0 {
		return errors.New("periodic checks interval must be at least one second")
	}
	s.PeriodicChecksInterval = time.Duration(seconds) * time.Second
	return nil
}

// applySubscriptions copies the channels by mode. Standalone and cluster modes
// share their first two values; sharded exists only in cluster mode.
func applySubscriptions(s *settings.Settings, subs map[uint32][]string, cluster bool) error {
	for mode, channels := range subs {
		channels = append([]string(nil), channels...)
		switch {
		case mode == uint32(ExactChannelMode):
			s.ExactChannels = channels
		case mode == uint32(PatternChannelMode):
			s.PatternChannels = channels
		case cluster && mode == uint32(ShardedClusterChannelMode):
			s.ShardedChannels = channels
		default:
			return fmt.Errorf("unknown subscription mode %d", mode)
		}
	}
	return nil
}
