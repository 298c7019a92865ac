module github.com/valkite/valkite/bench

go 1.26.0

replace github.com/valkite/valkite/go => ../../go

require (
	github.com/redis/go-redis/v9 v9.23.0
	github.com/valkey-io/valkey-glide/go/v2 v2.5.3
	github.com/valkey-io/valkey-go v1.0.79
	github.com/valkite/valkite/go v0.0.0-00010101000000-000000000000
	golang.org/x/image v0.47.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	google.golang.org/protobuf v1.33.0 // indirect
)
