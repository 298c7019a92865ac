package config

import "fmt"

// MinCompressionSize is the smallest accepted CompressionConfiguration
// minimum: a compressed value carries a 5-byte header, so anything shorter than
// 6 bytes could only grow.
const MinCompressionSize = 6

// DefaultMinCompressionSize is the default threshold below which values are
// sent uncompressed; small values rarely shrink enough to pay for the CPU.
const DefaultMinCompressionSize = 64

// DefaultMaxDecompressedSize caps how large a value may decompress to (512 MiB,
// the server's largest bulk string), guarding against decompression bombs.
const DefaultMaxDecompressedSize uint64 = 512 * 1024 * 1024

// CompressionBackend is the compression algorithm.
type CompressionBackend int

const (
	ZSTD CompressionBackend = iota // better ratio; default level 3
	LZ4                            // faster; default level 0
)

// CompressionConfiguration compresses values the client writes and
// decompresses them on read, transparently. Only clients configured the same
// way understand the stored values, so enable it for every client of a keyspace.
type CompressionConfiguration struct {
	enabled             bool
	backend             CompressionBackend
	compressionLevel    *int32
	minCompressionSize  uint32
	maxDecompressedSize *uint64
}

// NewCompressionConfiguration returns an enabled zstd configuration with the
// default level and a 64-byte threshold.
func NewCompressionConfiguration() *CompressionConfiguration {
	return &CompressionConfiguration{
		enabled:            true,
		backend:            ZSTD,
		minCompressionSize: DefaultMinCompressionSize,
	}
}

// WithEnabled switches compression on or off while keeping the rest.
func (c *CompressionConfiguration) WithEnabled(enabled bool) *CompressionConfiguration {
	c.enabled = enabled
	return c
}

// WithBackend picks the algorithm.
func (c *CompressionConfiguration) WithBackend(backend CompressionBackend) *CompressionConfiguration {
	c.backend = backend
	return c
}

// WithCompressionLevel sets the backend-specific level (zstd -131072..22, LZ4
// -128..12); the client's core checks the range.
func (c *CompressionConfiguration) WithCompressionLevel(level int32) *CompressionConfiguration {
	c.compressionLevel = &level
	return c
}

// WithMinCompressionSize sets the size below which values are sent as they
// are; at least MinCompressionSize.
func (c *CompressionConfiguration) WithMinCompressionSize(size uint32) *CompressionConfiguration {
	c.minCompressionSize = size
	return c
}

// WithMaxDecompressedSize caps the decompressed size of a value; nil restores
// DefaultMaxDecompressedSize, zero is rejected.
func (c *CompressionConfiguration) WithMaxDecompressedSize(size *uint64) *CompressionConfiguration {
	c.maxDecompressedSize = size
	return c
}

// Validate reports the first setting that cannot work.
func (c *CompressionConfiguration) Validate() error {
	if c.minCompressionSize < MinCompressionSize {
		return fmt.Errorf("compression threshold of %d bytes is below the minimum of %d",
			c.minCompressionSize, MinCompressionSize)
	}
	if c.maxDecompressedSize != nil && *c.maxDecompressedSize == 0 {
		return fmt.Errorf("maximum decompressed size must be positive when set")
	}
	if c.backend != ZSTD && c.backend != LZ4 {
		return fmt.Errorf("unknown compression backend %d", int(c.backend))
	}
	return nil
}
