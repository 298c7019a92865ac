package cmds

import (
	"reflect"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Argument vectors of the constructors whose layout is easy to get wrong: units,
// option placement, multi-word command names. The server-side behaviour is covered
// by the integration tests in the root package.
func TestArgumentVectors(t *testing.T) {
	at := time.Unix(1700000000, 123_000_000)
	cases := []struct {
		name string
		got  []string
		want []string
	}{
		{"Set", Set("k", "v").Args, []string{"SET", "k", "v"}},
		{"SetWithOptions", SetWithOptions("k", "v", *options.NewSetOptions().SetOnlyIfDoesNotExist().
			SetExpiry(options.NewExpiryIn(2 * time.Second))).Args, []string{"SET", "k", "v", "NX", "EX", "2"}},
		{"IncrByFloat", IncrByFloat("k", 0.1).Args, []string{"INCRBYFLOAT", "k", "0.1"}},
		{"IncrByFloat integral", IncrByFloat("k", 3).Args, []string{"INCRBYFLOAT", "k", "3"}},
		{"LCSLen", LCSLen("a", "b").Args, []string{"LCS", "a", "b", "LEN"}},
		{"Expire whole seconds", Expire("k", 10*time.Second).Args, []string{"EXPIRE", "k", "10"}},
		{"Expire fraction", Expire("k", 1500*time.Millisecond).Args, []string{"EXPIRE", "k", "1.5"}},
		{"ExpireWithOptions", ExpireWithOptions("k", time.Minute, constants.HasNoExpiry).Args,
			[]string{"EXPIRE", "k", "60", "NX"}},
		{"ExpireAt", ExpireAt("k", at).Args, []string{"EXPIREAT", "k", "1700000000"}},
		{"PExpire", PExpire("k", 1500*time.Millisecond).Args, []string{"PEXPIRE", "k", "1500"}},
		{"PExpireAt", PExpireAt("k", at).Args, []string{"PEXPIREAT", "k", "1700000000123"}},
		{"Restore", Restore("k", 2*time.Second, "payload").Args, []string{"RESTORE", "k", "2000", "payload"}},
		{"ObjectFreq", ObjectFreq("k").Args, []string{"OBJECT", "FREQ", "k"}},
		{"SortStoreWithOptions", SortStoreWithOptions("k", "d", *options.NewSortOptions().SetIsAlpha(true)).Args,
			[]string{"SORT", "k", "STORE", "d", "ASC", "ALPHA"}},
		{"SortReadOnly", SortReadOnly("k").Args, []string{"SORT_RO", "k"}},
		{"Wait", Wait(2, 1500*time.Millisecond).Args, []string{"WAIT", "2", "1500"}},
		{"Migrate", Migrate("h", 6380, []string{"k"}, 1, 500).Args, []string{"MIGRATE", "h", "6380", "k", "1", "500"}},
		{"Migrate two keys", Migrate("h", 1, []string{"a", "b"}, 0, 5).Args,
			[]string{"MIGRATE", "h", "1", "", "0", "5", "KEYS", "a", "b"}},
		{"MigrateWithOptions one key", MigrateWithOptions("h", 1, []string{"a"}, 0, 5,
			*options.NewMigrateOptions().SetCopy()).Args,
			[]string{"MIGRATE", "h", "1", "a", "0", "5", "COPY"}},
		{"MigrateKeysWithOptions", MigrateKeysWithOptions("h", 1, []string{"a", "b"}, 0, 5,
			*options.NewMigrateOptions().SetReplace()).Args,
			[]string{"MIGRATE", "h", "1", "", "0", "5", "REPLACE", "KEYS", "a", "b"}},
		{"MigrateKeys", MigrateKeys("h", 1, []string{"a"}, 0, 5).Args,
			[]string{"MIGRATE", "h", "1", "", "0", "5", "KEYS", "a"}},
		{"Scan", Scan(models.NewCursor()).Args, []string{"SCAN", "0"}},
		{"ScanWithOptions", ScanWithOptions(models.NewCursorFromString("42"),
			*options.NewScanOptions().SetMatch("p*").SetCount(5)).Args,
			[]string{"SCAN", "42", "MATCH", "p*", "COUNT", "5"}},
		{"ClientPause", ClientPause(2 * time.Second).Args, []string{"CLIENT", "PAUSE", "2000"}},
		{"ClientPauseWithOptions", ClientPauseWithOptions(time.Second, options.ClientPauseModeWrite).Args,
			[]string{"CLIENT", "PAUSE", "1000", "WRITE"}},
		{"PingWithOptions", PingWithOptions(options.PingOptions{Message: "hi"}).Args, []string{"PING", "hi"}},
		{"Info", Info().Args, []string{"INFO"}},
		{"InfoWithOptions", InfoWithOptions(options.InfoOptions{Sections: []constants.Section{constants.Server,
			constants.Memory}}).Args, []string{"INFO", "server", "memory"}},
		{"FlushAllWithOptions", FlushAllWithOptions(options.ASYNC).Args, []string{"FLUSHALL", "ASYNC"}},
		{"ConfigGet", ConfigGet([]string{"a", "b"}).Args, []string{"CONFIG", "GET", "a", "b"}},
		{"LatencyReset", LatencyReset(nil).Args, []string{"LATENCY", "RESET"}},
		{"FailoverWithOptions", FailoverWithOptions(options.NewFailoverOptionsWithTo("h", 7)).Args,
			[]string{"FAILOVER", "TO", "h", "7"}},
		{"FailoverWithOptions(nil)", FailoverWithOptions(nil).Args, []string{"FAILOVER"}},
		{"ReplicaOfNoOne", ReplicaOfNoOne().Args, []string{"REPLICAOF", "NO", "ONE"}},
		{"AclDryRun", AclDryRun("u", "get", []string{"k"}).Args, []string{"ACL", "DRYRUN", "u", "get", "k"}},
		{"AclLogReset", AclLogReset().Args, []string{"ACL", "LOG", "RESET"}},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: args %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestConfigSetAndMSetPairKeysWithValues(t *testing.T) {
	args := ConfigSet(map[string]string{"a": "1", "b": "2"}).Args
	if len(args) != 6 || args[0] != "CONFIG" || args[1] != "SET" {
		t.Fatalf("ConfigSet args %q", args)
	}
	pairs := map[string]string{args[2]: args[3], args[4]: args[5]}
	if !reflect.DeepEqual(pairs, map[string]string{"a": "1", "b": "2"}) {
		t.Fatalf("ConfigSet pairs %q", args)
	}
	if args := MSet(map[string]string{"k": "v"}).Args; !reflect.DeepEqual(args, []string{"MSET", "k", "v"}) {
		t.Fatalf("MSet args %q", args)
	}
}

// buildErr returns the error a Failed command carries in its decoder.
func buildErr[T any](decode func(*resp.Reader) (T, error)) error {
	_, err := decode(nil)
	return err
}

// An invalid option becomes a Failed command: no arguments, the error kept for the
// client (or a batch) to report without sending anything.
func TestInvalidOptionsFailBeforeSending(t *testing.T) {
	bad := &options.Expiry{Type: "bogus"}
	check := func(name string, args []string, err error) {
		t.Helper()
		if err == nil || len(args) != 0 {
			t.Errorf("%s: want a Failed command, got args %q err %v", name, args, err)
		}
	}
	c1 := SetWithOptions("k", "v", options.SetOptions{Expiry: bad})
	check("SetWithOptions", c1.Args, buildErr(c1.Decode))
	c2 := GetExWithOptions("k", options.GetExOptions{Expiry: bad})
	check("GetExWithOptions", c2.Args, buildErr(c2.Decode))
	c3 := ExpireWithOptions("k", time.Second, "NEVER")
	check("ExpireWithOptions", c3.Args, buildErr(c3.Decode))
	c4 := MigrateWithOptions("h", 1, []string{"k"}, 0, 1, options.MigrateOptions{Username: "u"})
	check("MigrateWithOptions", c4.Args, buildErr(c4.Decode))
	c5 := Migrate("h", 1, nil, 0, 1)
	check("Migrate without keys", c5.Args, buildErr(c5.Decode))
	if c := Set("k", "v"); c.Invalid() || c.Decode == nil {
		t.Fatal("a valid command must carry a decoder and no error")
	}
}
