// Package valkite is a Valkey client for Go: standalone and cluster clients, batches
// (pipelines and transactions), TLS, and automatic reconnection, over a core written in
// Rust and linked through cgo.
//
// Its API is the public API of Valkey GLIDE's Go client v2: the same packages
// (config, models, options, pipeline, constants, interfaces), types, method signatures
// and result values. Code written for GLIDE moves to valkite by changing its import
// paths from github.com/valkey-io/valkey-glide/go/v2 to github.com/valkite/valkite/go;
// docs/differences.md in the repository lists where valkite deliberately behaves
// differently.
//
// Create a client from a configuration and call commands with a context:
//
//	cfg := config.NewClientConfiguration().
//		WithAddress(&config.NodeAddress{Host: "localhost", Port: 6379})
//	client, err := valkite.NewClient(cfg)
//	if err != nil {
//		return err
//	}
//	defer client.Close()
//	_, err = client.Set(ctx, "greeting", "hello")
//
// Every method takes a context first; its deadline or cancellation ends the wait for
// the reply (the request keeps its place on the connection, so a late reply is
// discarded, never matched to another request). Errors are typed: see
// [ConnectionError], [TimeoutError], [DisconnectError], [ClosingError],
// [ConfigurationError], [ExecAbortError], [BatchError] and [RequestError] (the server's
// own errors), all usable with errors.As.
//
// Nullable replies are [models.Result] values; replies gathered from several cluster
// nodes are [models.ClusterValue] values.
//
// A client multiplexes all callers over one connection per server: it is safe for
// concurrent use, and one client per application (or per configuration) is the
// intended use.
package valkite
