package valkite

import (
	"context"
	"fmt"
	"sort"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// A work queue on a list: producers push on the left, a worker moves one item at a
// time to an in-progress list (so a crashed worker's item is not lost), then removes it.
func ExampleClient_LMove() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()
	queue, busy := "example:{jobs}:queue", "example:{jobs}:busy"

	_, _ = client.LPush(ctx, queue, []string{"resize", "encode", "upload"})
	job, _ := client.LMove(ctx, queue, busy, constants.Right, constants.Left)
	fmt.Println("working on", job.Value())

	left, _ := client.LRange(ctx, queue, 0, -1)
	fmt.Println("still queued:", left)

	_, _ = client.LRem(ctx, busy, 1, job.Value())
	empty, _ := client.LPopCount(ctx, busy, 1)
	fmt.Println("in progress after done:", empty == nil)

	_, _ = client.Del(ctx, []string{queue, busy})
	// Output:
	// working on resize
	// still queued: [upload encode]
	// in progress after done: true
}

// Sets answer membership and set algebra; members come back as a
// map[string]struct{}.
func ExampleClient_SInter() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()
	go1, rust := "example:{langs}:go", "example:{langs}:rust"

	_, _ = client.SAdd(ctx, go1, []string{"ann", "bob", "cyd"})
	_, _ = client.SAdd(ctx, rust, []string{"bob", "cyd", "dan"})

	both, _ := client.SInter(ctx, []string{go1, rust})
	names := make([]string, 0, len(both))
	for name := range both {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Println("both:", names)

	member, _ := client.SMIsMember(ctx, go1, []string{"ann", "dan"})
	fmt.Println("ann, dan in go:", member)

	_, _ = client.Del(ctx, []string{go1, rust})
	// Output:
	// both: [bob cyd]
	// ann, dan in go: [true false]
}

// A stream with a consumer group: entries are added, read by a consumer, seen as
// pending until acknowledged.
func ExampleClient_XReadGroup() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()
	key := "example:events"

	_, _ = client.XAddWithOptions(ctx, key, []models.FieldValue{{Field: "kind", Value: "signup"}},
		*options.NewXAddOptions().SetId("1-0"))
	_, _ = client.XAddWithOptions(ctx, key, []models.FieldValue{{Field: "kind", Value: "login"}},
		*options.NewXAddOptions().SetId("2-0"))
	_, _ = client.XGroupCreate(ctx, key, "mailer", "0")

	read, _ := client.XReadGroup(ctx, "mailer", "worker-1", map[string]string{key: ">"})
	for _, e := range read[key].Entries {
		fmt.Println(e.ID, e.Fields[0].Field, e.Fields[0].Value)
	}
	pending, _ := client.XPending(ctx, key, "mailer")
	fmt.Println("pending:", pending.NumOfMessages)

	acked, _ := client.XAck(ctx, key, "mailer", []string{"1-0", "2-0"})
	fmt.Println("acknowledged:", acked)

	_, _ = client.Del(ctx, []string{key})
	// Output:
	// 1-0 kind signup
	// 2-0 kind login
	// pending: 2
	// acknowledged: 2
}

// Positions in, distances and radius searches out.
func ExampleClient_GeoSearch() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()
	key := "example:sicily"

	_, _ = client.GeoAdd(ctx, key, map[string]options.GeospatialData{
		"Palermo": {Longitude: 13.361389, Latitude: 38.115556},
		"Catania": {Longitude: 15.087269, Latitude: 37.502669},
	})
	dist, _ := client.GeoDistWithUnit(ctx, key, "Palermo", "Catania", constants.GeoUnitKilometers)
	fmt.Printf("Palermo-Catania: %.1f km\n", dist.Value())

	near, _ := client.GeoSearch(ctx, key,
		&options.GeoCoordOrigin{GeospatialData: options.GeospatialData{Longitude: 15, Latitude: 37}},
		*options.NewCircleSearchShape(100, constants.GeoUnitKilometers))
	fmt.Println("within 100 km of (15, 37):", near)

	_, _ = client.Del(ctx, []string{key})
	// Output:
	// Palermo-Catania: 166.3 km
	// within 100 km of (15, 37): [Catania]
}
