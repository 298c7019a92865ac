// Package config describes how a client connects: seed addresses, TLS,
// credentials, timeouts, reconnection, read strategy, pub/sub subscriptions and
// the cluster-only knobs, plus the request routes a cluster command can take.
//
// Configurations are built with chained With* calls and checked only when a
// client is created: ToSettings validates the whole configuration at once and
// flattens it for the client, so an invalid combination (AZ affinity without an
// AZ, say) is reported with every option in view.
package config
