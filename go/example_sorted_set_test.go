package valkite

import (
	"context"
	"fmt"
	"math"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/options"
)

// A leaderboard: scores in, the top entries out with their scores, highest first.
// Infinite scores are ordinary values.
func ExampleClient_ZRangeWithScores() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()
	key := "example:leaderboard"

	_, _ = client.ZAdd(ctx, key, map[string]float64{"ann": 31.5, "bob": 12, "cyd": 47, "eve": math.Inf(-1)})
	newScore, _ := client.ZIncrBy(ctx, key, 20, "bob")
	fmt.Println("bob now has", newScore)

	top, _ := client.ZRangeWithScores(ctx, key, options.NewRangeByIndexQuery(0, 2).SetReverse())
	for _, e := range top {
		fmt.Println(e.Member, e.Score)
	}
	rank, _ := client.ZRank(ctx, key, "eve")
	fmt.Println("eve's rank:", rank.Value())

	_, _ = client.Del(ctx, []string{key})
	// Output:
	// bob now has 32
	// cyd 47
	// bob 32
	// ann 31.5
	// eve's rank: 0
}

// Members by score range, a page at a time, then the lowest popped.
func ExampleClient_ZRange() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()
	key := "example:prices"

	_, _ = client.ZAdd(ctx, key, map[string]float64{"pen": 2, "book": 15, "lamp": 40, "desk": 250})
	query := options.NewRangeByScoreQuery(
		options.NewInclusiveScoreBoundary(10),
		options.NewInfiniteScoreBoundary(constants.PositiveInfinity)).SetLimit(0, 2)
	members, _ := client.ZRange(ctx, key, query)
	fmt.Println(members)

	popped, _ := client.ZMPop(ctx, []string{key}, constants.MIN)
	fmt.Println(popped.Value().Key, popped.Value().MembersAndScores)

	_, _ = client.Del(ctx, []string{key})
	// Output:
	// [book lamp]
	// example:prices [{pen 2}]
}
