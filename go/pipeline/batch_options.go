package pipeline

import (
	"time"

	"github.com/valkite/valkite/go/config"
)

// BaseBatchOptions holds the options both kinds of batch take.
type BaseBatchOptions struct {
	// Timeout for the whole batch in milliseconds; nil keeps the client's request
	// timeout. Every command of the batch must have its reply within it.
	Timeout *uint32
}

// StandaloneBatchOptions are the options of Client.ExecWithOptions.
type StandaloneBatchOptions struct {
	BaseBatchOptions
}

// ClusterBatchOptions are the options of ClusterClient.ExecWithOptions.
type ClusterBatchOptions struct {
	BaseBatchOptions
	// Route sends the whole batch to one node instead of routing it by its keys.
	Route config.SingleNodeRoute
	// RetryStrategy lets a pipeline retry commands that failed on a server or
	// connection error. Not allowed for transactions.
	RetryStrategy *ClusterBatchRetryStrategy
}

// ClusterBatchRetryStrategy says which failures a cluster pipeline retries. Retrying
// can run a command twice or out of order with its neighbours, so both are off unless
// asked for; a transaction accepts neither (Exec returns a *ConfigurationError).
type ClusterBatchRetryStrategy struct {
	// RetryServerError retries commands that failed with a server error such as TRYAGAIN.
	RetryServerError bool
	// RetryConnectionError retries commands whose connection failed.
	RetryConnectionError bool
}

// NewClusterBatchRetryStrategy returns a strategy that retries nothing.
func NewClusterBatchRetryStrategy() *ClusterBatchRetryStrategy {
	return &ClusterBatchRetryStrategy{}
}

// WithRetryServerError sets RetryServerError.
func (cbrs *ClusterBatchRetryStrategy) WithRetryServerError(retryServerError bool) *ClusterBatchRetryStrategy {
	cbrs.RetryServerError = retryServerError
	return cbrs
}

// WithRetryConnectionError sets RetryConnectionError.
func (cbrs *ClusterBatchRetryStrategy) WithRetryConnectionError(retryConnectionError bool) *ClusterBatchRetryStrategy {
	cbrs.RetryConnectionError = retryConnectionError
	return cbrs
}

// NewStandaloneBatchOptions returns options with nothing set.
func NewStandaloneBatchOptions() *StandaloneBatchOptions {
	return &StandaloneBatchOptions{}
}

// WithTimeout sets the batch timeout (millisecond precision).
func (sbo *StandaloneBatchOptions) WithTimeout(timeout time.Duration) *StandaloneBatchOptions {
	sbo.Timeout = millis(timeout)
	return sbo
}

// NewClusterBatchOptions returns options with nothing set.
func NewClusterBatchOptions() *ClusterBatchOptions {
	return &ClusterBatchOptions{}
}

// WithTimeout sets the batch timeout (millisecond precision).
func (cbo *ClusterBatchOptions) WithTimeout(timeout time.Duration) *ClusterBatchOptions {
	cbo.Timeout = millis(timeout)
	return cbo
}

// WithRoute sends the batch to the node route names.
func (cbo *ClusterBatchOptions) WithRoute(route config.SingleNodeRoute) *ClusterBatchOptions {
	cbo.Route = route
	return cbo
}

// WithRetryStrategy sets the retry strategy of a pipeline.
func (cbo *ClusterBatchOptions) WithRetryStrategy(retryStrategy ClusterBatchRetryStrategy) *ClusterBatchOptions {
	cbo.RetryStrategy = &retryStrategy
	return cbo
}

// millis converts to the options' millisecond field, saturating instead of wrapping.
func millis(d time.Duration) *uint32 {
	ms := d.Milliseconds()
	switch {
	case ms < 0:
		ms = 0
	case ms > int64(^uint32(0)):
		ms = int64(^uint32(0))
	}
	v := uint32(ms)
	return &v
}
