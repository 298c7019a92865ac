package cmds

import (
	"strings"

	"github.com/valkite/valkite/go/internal/resp"
)

// Reply shapes for raw commands. GLIDE's core reshapes the replies of some commands
// before any caller sees them, whichever API sent them: INCRBYFLOAT answers a float64,
// EXPIRE a bool, SMEMBERS a set, HGETALL a map even over RESP2, and so on. Typed
// commands decode straight into their own types and never look here; only
// CustomCommand (on both clients and in batches) picks a shape, once, when the command
// is built. The table is data: command name (with its sub-command for container
// commands such as CONFIG GET) → the shape, possibly chosen by an option token.

// shape names one conversion of a decoded dynamic value (see reshape).
type shape uint8

const (
	shapeNone               shape = iota
	shapeMap                      // flat RESP2 array, array of pairs or map → map[string]any
	shapeEntryMap                 // stream entries: map of id → field/value pairs (XRANGE, XCLAIM)
	shapeStreamsMap               // XREAD: map of stream → shapeEntryMap
	shapeDouble                   // float64
	shapeDoubleOrNil              // float64 or nil
	shapeBool                     // bool
	shapeBools                    // []any of bool
	shapeStrings                  // []any of string
	shapeDoublesOrNil             // []any of float64 or nil
	shapeSet                      // map[string]struct{}
	shapeMemberScores             // map[string]any of float64 scores
	shapeZMPop                    // [key, member → score map] or nil
	shapeGeoPos                   // []any of [lon, lat] float64 pairs or nil
	shapeKeyValues                // LMPOP: map of key → []any of strings, or nil
	shapePairs                    // []any of [field, value] pairs
	shapeScorePairs               // []any of [member, float64 score] pairs
	shapeRankScore                // [rank, float64 score] or nil
	shapeKeyMemberScore           // [key, member, float64 score] or nil
	shapeLolwut                   // the art with its colour escapes drawn as shade characters
	shapeMapList                  // []any of maps (XINFO GROUPS / CONSUMERS)
	shapeFunctionList             // libraries as maps, their functions as maps, flags as sets
	shapeFunctionStats            // running script and engines as maps
	shapeGeoSearch                // [name, [dist float64, hash, [lon, lat]]] per match
	shapeXAutoClaim               // [next id, entry map, deleted ids]
	shapeXInfoStreamFull          // the FULL report with its groups and consumers as maps
	shapeXInfoStream              // the report as a map
	shapeMemoryStats              // map with numbers parsed and db.N maps
	shapeTrackingInfo             // map with flags as a set
	shapeJSONToggle               // bool, or []any of bool or nil
	shapeFTAggregate              // FT.AGGREGATE rows as maps (the leading count dropped)
	shapeFTSearch                 // [count, map of key → field map]
	shapeFTSearchSortKeys         // [count, map of key → [sort key, field map]]
	shapeFTProfileSearch          // [FT.SEARCH result, profile map of float64s]
	shapeFTProfileSortKeys        // [FT.SEARCH WITHSORTKEYS result, profile map]
	shapeFTProfileAggregate       // [FT.AGGREGATE result, profile map]
	shapeFTInfo                   // the index report as a map, its fields as maps
	shapeCount
)

// shapeRule says which shape a command's reply gets. Without a condition, shape always
// applies. With when, shape applies if any argument (any position, any case) equals one
// of those tokens, and otherwise applies when they are all absent. With minArgs, shape
// applies to commands of at least that many arguments (SPOP with a count).
type shapeRule struct {
	shape     shape
	when      []string
	minArgs   int
	otherwise shape
	// pick, when set, chooses the shape from the arguments itself (FT.PROFILE).
	pick func(args []string) shape
	// perNode: the command's reply may already be a map (RESP3, or one value per node
	// in GLIDE's cluster replies), which is kept as it is.
	perNode bool
}

var replyShapes = map[string]shapeRule{
	"CLIENT TRACKINGINFO": {shape: shapeTrackingInfo, perNode: true},
	"HGETALL":             {shape: shapeMap},
	"HELLO":               {shape: shapeMap},
	"CONFIG GET":          {shape: shapeMap, perNode: true},
	"XCLAIM":              {when: []string{"JUSTID"}, shape: shapeStrings, otherwise: shapeEntryMap},
	"XAUTOCLAIM":          {when: []string{"JUSTID"}, shape: shapeNone, otherwise: shapeXAutoClaim},
	"XINFO GROUPS":        {shape: shapeMapList},
	"XINFO CONSUMERS":     {shape: shapeMapList},
	"XRANGE":              {shape: shapeEntryMap},
	"XREVRANGE":           {shape: shapeEntryMap},
	"XREAD":               {shape: shapeStreamsMap},
	"XREADGROUP":          {shape: shapeStreamsMap},
	"LCS":                 {when: []string{"IDX"}, shape: shapeMap},

	"INCRBYFLOAT":  {shape: shapeDouble},
	"HINCRBYFLOAT": {shape: shapeDouble},
	"ZINCRBY":      {shape: shapeDouble},

	"HEXISTS":               {shape: shapeBool},
	"HSETNX":                {shape: shapeBool},
	"EXPIRE":                {shape: shapeBool},
	"EXPIREAT":              {shape: shapeBool},
	"PEXPIRE":               {shape: shapeBool},
	"PEXPIREAT":             {shape: shapeBool},
	"SISMEMBER":             {shape: shapeBool},
	"PERSIST":               {shape: shapeBool},
	"SMOVE":                 {shape: shapeBool},
	"PFADD":                 {shape: shapeBool},
	"RENAMENX":              {shape: shapeBool},
	"MOVE":                  {shape: shapeBool},
	"COPY":                  {shape: shapeBool},
	"MSETNX":                {shape: shapeBool},
	"XGROUP DESTROY":        {shape: shapeBool},
	"XGROUP CREATECONSUMER": {shape: shapeBool},

	"SMISMEMBER":    {shape: shapeBools},
	"SCRIPT EXISTS": {shape: shapeBools},

	"SMEMBERS": {shape: shapeSet},
	"SINTER":   {shape: shapeSet},
	"SDIFF":    {shape: shapeSet},
	"SUNION":   {shape: shapeSet},
	"SPOP":     {minArgs: 3, shape: shapeSet},

	"ZSCORE":      {shape: shapeDoubleOrNil},
	"GEODIST":     {shape: shapeDoubleOrNil},
	"ZMSCORE":     {shape: shapeDoublesOrNil},
	"ZPOPMIN":     {shape: shapeMemberScores},
	"ZPOPMAX":     {shape: shapeMemberScores},
	"BZMPOP":      {shape: shapeZMPop},
	"ZMPOP":       {shape: shapeZMPop},
	"JSON.TOGGLE": {shape: shapeJSONToggle},
	"GEOPOS":      {shape: shapeGeoPos},
	"LMPOP":       {shape: shapeKeyValues},
	"BLMPOP":      {shape: shapeKeyValues},
	"HRANDFIELD":  {when: []string{"WITHVALUES"}, shape: shapePairs},
	"ZRANDMEMBER": {when: []string{"WITHSCORES"}, shape: shapeScorePairs},
	"ZADD":        {when: []string{"INCR"}, shape: shapeDoubleOrNil},
	"ZRANGE":      {when: []string{"WITHSCORES"}, shape: shapeMemberScores},
	"ZDIFF":       {when: []string{"WITHSCORES"}, shape: shapeMemberScores},
	"ZUNION":      {when: []string{"WITHSCORES"}, shape: shapeMemberScores},
	"ZINTER":      {when: []string{"WITHSCORES"}, shape: shapeMemberScores},
	"ZRANK":       {when: []string{"WITHSCORE"}, shape: shapeRankScore},
	"ZREVRANK":    {when: []string{"WITHSCORE"}, shape: shapeRankScore},
	"BZPOPMIN":    {shape: shapeKeyMemberScore},
	"BZPOPMAX":    {shape: shapeKeyMemberScore},

	"LOLWUT":             {shape: shapeLolwut, perNode: true},
	"FUNCTION LIST":      {shape: shapeFunctionList},
	"FUNCTION STATS":     {shape: shapeFunctionStats, perNode: true},
	"GEOSEARCH":          {when: []string{"WITHDIST", "WITHHASH", "WITHCOORD"}, shape: shapeGeoSearch},
	"XINFO STREAM":       {when: []string{"FULL"}, shape: shapeXInfoStreamFull, otherwise: shapeXInfoStream},
	"PUBSUB NUMSUB":      {shape: shapeMap},
	"PUBSUB SHARDNUMSUB": {shape: shapeMap},
	"MEMORY STATS":       {shape: shapeMemoryStats, perNode: true},

	// valkey-search. (FT.CONFIG GET is not looked up as a sub-command, as in GLIDE.)
	"FT._ALIASLIST": {shape: shapeMap},
	"FT.AGGREGATE":  {shape: shapeFTAggregate},
	"FT.SEARCH":     {when: []string{"WITHSORTKEYS"}, shape: shapeFTSearchSortKeys, otherwise: shapeFTSearch},
	"FT.PROFILE":    {pick: ftProfileShape},
	"FT.INFO":       {shape: shapeFTInfo},
}

// ftProfileShape: FT.PROFILE index SEARCH|AGGREGATE ... profiles the query it wraps.
func ftProfileShape(args []string) shape {
	switch {
	case len(args) < 3 || args[2] != "SEARCH":
		return shapeFTProfileAggregate
	case hasToken(args, []string{"WITHSORTKEYS"}):
		return shapeFTProfileSortKeys
	}
	return shapeFTProfileSearch
}

// containers are the commands whose second argument is a sub-command naming the
// reply: CONFIG GET and CONFIG SET answer differently.
var containers = map[string]bool{
	"XGROUP": true, "OBJECT": true, "SLOWLOG": true, "FUNCTION": true, "MODULE": true,
	"COMMAND": true, "PUBSUB": true, "CONFIG": true, "MEMORY": true, "XINFO": true,
	"CLIENT": true, "ACL": true, "SCRIPT": true, "CLUSTER": true, "LATENCY": true,
}

// shapeOf picks the reply shape of a raw command and whether a per-node map is kept.
func shapeOf(args []string) (shape, bool) {
	rule, ok := replyShapes[commandName(args)]
	if !ok {
		return shapeNone, false
	}
	switch {
	case rule.pick != nil:
		return rule.pick(args), rule.perNode
	case rule.when != nil:
		if !hasToken(args, rule.when) {
			return rule.otherwise, rule.perNode
		}
	case rule.minArgs > 0:
		if len(args) < rule.minArgs {
			return rule.otherwise, rule.perNode
		}
	}
	return rule.shape, rule.perNode
}

// commandName is the table's key for args: the command in upper case, with the
// sub-command for container commands.
func commandName(args []string) string {
	if len(args) == 0 {
		return ""
	}
	name := strings.ToUpper(args[0])
	if containers[name] && len(args) > 1 {
		name += " " + strings.ToUpper(args[1])
	}
	return name
}

// hasToken reports whether any argument equals one of tokens, ignoring case. Like
// GLIDE, it looks at every argument, keys and values included.
func hasToken(args []string, tokens []string) bool {
	for _, a := range args {
		for _, t := range tokens {
			if strings.EqualFold(a, t) {
				return true
			}
		}
	}
	return false
}

// shapedDecoders holds one decoder per shape, built once, so choosing a shape costs a
// CustomCommand no allocation.
var shapedDecoders, perNodeDecoders = buildShapedDecoders()

func buildShapedDecoders() (plain, perNode [shapeCount]func(*resp.Reader) (any, error)) {
	for s := shape(0); s < shapeCount; s++ {
		s := s
		plain[s] = func(r *resp.Reader) (any, error) { return decodeShaped(r, s, false) }
		perNode[s] = func(r *resp.Reader) (any, error) { return decodeShaped(r, s, true) }
	}
	return plain, perNode
}

// rawDecoder is CustomCommand's decoder for args: ReadAny, then the command's shape.
func rawDecoder(args []string) func(*resp.Reader) (any, error) {
	s, perNode := shapeOf(args)
	switch {
	case s == shapeNone:
		return DecodeAny
	case perNode:
		return perNodeDecoders[s]
	}
	return shapedDecoders[s]
}

func decodeShaped(r *resp.Reader, s shape, perNode bool) (any, error) {
	status := r.Kind() == resp.TypeSimpleString
	v, err := r.ReadAny()
	if err != nil {
		return nil, err
	}
	if status && v == "QUEUED" {
		// Inside a MULTI sent by hand, the real reply comes with EXEC.
		return v, nil
	}
	if _, isMap := v.(map[string]any); isMap && perNode {
		return v, nil
	}
	return reshape(s, v)
}
