package cmds

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/options"
)

// Argument vectors of the Hash, HyperLogLog and Bitmap constructors: FIELDS blocks,
// time units and option placement are the easy things to get wrong.
func TestHashBitmapArgumentVectors(t *testing.T) {
	at := time.Unix(1700000000, 123_000_000)
	gt := options.NewHExpireOptions().SetExpireCondition(constants.NewExpiryGreaterThanCurrent)
	none := options.NewHExpireOptions()
	cases := []struct {
		name string
		got  []string
		want []string
	}{
		{"HMGet", HMGet("k", []string{"a", "b"}).Args, []string{"HMGET", "k", "a", "b"}},
		{"HSet", HSet("k", map[string]string{"f": "v"}).Args, []string{"HSET", "k", "f", "v"}},
		{"HIncrByFloat", HIncrByFloat("k", "f", 0.1).Args, []string{"HINCRBYFLOAT", "k", "f", "0.1"}},
		{"HScan", HScan("k", "0").Args, []string{"HSCAN", "k", "0"}},
		{"HScanWithOptions", HScanWithOptions("k", "17", *options.NewHashScanOptions().SetMatch("a*").SetCount(3).
			SetNoValues(true)).Args, []string{"HSCAN", "k", "17", "MATCH", "a*", "COUNT", "3", "NOVALUES"}},
		{"HRandFieldWithCount", HRandFieldWithCount("k", -3).Args, []string{"HRANDFIELD", "k", "-3"}},
		{"HRandFieldWithCountWithValues", HRandFieldWithCountWithValues("k", 2).Args,
			[]string{"HRANDFIELD", "k", "2", "WITHVALUES"}},
		{"HSetEx", HSetEx("k", map[string]string{"f": "v"}, options.NewHSetExOptions().
			SetConditionalSet(constants.OnlyIfFieldsDoNotExist).SetExpiry(options.NewExpiryIn(2*time.Second))).Args,
			[]string{"HSETEX", "k", "FNX", "EX", "2", "FIELDS", "1", "f", "v"}},
		{"HSetEx no options", HSetEx("k", map[string]string{"f": "v"}, options.NewHSetExOptions()).Args,
			[]string{"HSETEX", "k", "FIELDS", "1", "f", "v"}},
		{"HGetEx persist", HGetEx("k", []string{"a", "b"}, options.NewHGetExOptions().
			SetExpiry(options.NewExpiryPersist())).Args, []string{"HGETEX", "k", "PERSIST", "FIELDS", "2", "a", "b"}},
		{"HGetEx pxat", HGetEx("k", []string{"a"}, options.NewHGetExOptions().SetExpiry(options.NewExpiryAt(at))).Args,
			[]string{"HGETEX", "k", "PXAT", "1700000000123", "FIELDS", "1", "a"}},
		{"HExpire truncates", HExpire("k", 1500*time.Millisecond, []string{"f"}, gt).Args,
			[]string{"HEXPIRE", "k", "1", "GT", "FIELDS", "1", "f"}},
		{"HExpire zero", HExpire("k", 0, []string{"f"}, none).Args, []string{"HEXPIRE", "k", "0", "FIELDS", "1", "f"}},
		{"HPExpire", HPExpire("k", 1500*time.Millisecond, []string{"f", "g"}, none).Args,
			[]string{"HPEXPIRE", "k", "1500", "FIELDS", "2", "f", "g"}},
		{"HExpireAt", HExpireAt("k", at, []string{"f"}, none).Args,
			[]string{"HEXPIREAT", "k", "1700000000", "FIELDS", "1", "f"}},
		{"HPExpireAt", HPExpireAt("k", at, []string{"f"}, none).Args,
			[]string{"HPEXPIREAT", "k", "1700000000123", "FIELDS", "1", "f"}},
		{"HPersist", HPersist("k", []string{"f"}).Args, []string{"HPERSIST", "k", "FIELDS", "1", "f"}},
		{"HTtl", HTtl("k", []string{"f"}).Args, []string{"HTTL", "k", "FIELDS", "1", "f"}},
		{"HPTtl", HPTtl("k", []string{"f"}).Args, []string{"HPTTL", "k", "FIELDS", "1", "f"}},
		{"HExpireTime", HExpireTime("k", []string{"f"}).Args, []string{"HEXPIRETIME", "k", "FIELDS", "1", "f"}},
		{"HPExpireTime", HPExpireTime("k", []string{"f"}).Args, []string{"HPEXPIRETIME", "k", "FIELDS", "1", "f"}},
		{"PfAdd empty", PfAdd("k", nil).Args, []string{"PFADD", "k"}},
		{"PfCount", PfCount([]string{"a", "b"}).Args, []string{"PFCOUNT", "a", "b"}},
		{"PfMerge", PfMerge("d", []string{"a"}).Args, []string{"PFMERGE", "d", "a"}},
		{"SetBit", SetBit("k", 7, 1).Args, []string{"SETBIT", "k", "7", "1"}},
		{"BitCountWithOptions", BitCountWithOptions("k", *options.NewBitCountOptions().SetStart(1).SetEnd(-1).
			SetBitmapIndexType(options.BIT)).Args, []string{"BITCOUNT", "k", "1", "-1", "BIT"}},
		{"BitPosWithOptions", BitPosWithOptions("k", 1, *options.NewBitPosOptions().SetStart(0)).Args,
			[]string{"BITPOS", "k", "1", "0"}},
		{"BitOp", BitOp(options.XOR, "d", []string{"a", "b"}).Args, []string{"BITOP", "XOR", "d", "a", "b"}},
		{"BitField", BitField("k", []options.BitFieldSubCommands{
			options.NewBitFieldOverflow(options.FAIL),
			options.NewBitFieldSet(options.UnsignedInt, 8, 0, 200),
			&options.BitFieldIncrBy{EncType: options.SignedInt, Bits: 4, Offset: 1, Increment: -2, UseHash: true},
		}).Args, []string{"BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", "0", "200", "INCRBY", "i4", "#1", "-2"}},
		{"BitField empty", BitField("k", nil).Args, []string{"BITFIELD", "k"}},
		{"BitFieldRO", BitFieldRO("k", []options.BitFieldROCommands{options.NewBitFieldGet(options.SignedInt, 64, 0)}).Args,
			[]string{"BITFIELD_RO", "k", "GET", "i64", "0"}},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
}

// argErr is the argument error a command carries, or nil if it was built fine.
func argErr[T any](c Cmd[T]) error {
	if !c.Invalid() {
		return nil
	}
	_, err := c.Decode(nil)
	return err
}

// Invalid arguments fail before sending, with an error naming the argument.
func TestHashBitmapArgumentErrors(t *testing.T) {
	none := options.NewHExpireOptions()
	var nilGet *options.BitFieldGet
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"HMGet", argErr(HMGet("k", nil)), "HMGET: fields must not be empty"},
		{"HSet", argErr(HSet("k", map[string]string{})), "HSET: values must not be empty"},
		{"HDel", argErr(HDel("k", []string{})), "HDEL: fields must not be empty"},
		{"HSetEx", argErr(HSetEx("k", nil, options.NewHSetExOptions())), "HSETEX: fieldsAndValues"},
		{"HSetEx persist", argErr(HSetEx("k", map[string]string{"f": "v"},
			options.NewHSetExOptions().SetExpiry(options.NewExpiryPersist()))), "HSETEX: options"},
		{"HGetEx", argErr(HGetEx("k", nil, options.NewHGetExOptions())), "HGETEX: fields"},
		{"HExpire fields", argErr(HExpire("k", time.Second, nil, none)), "HEXPIRE: fields"},
		{"HExpire sub-second", argErr(HExpire("k", 500*time.Millisecond, []string{"f"}, none)), "expireTime"},
		{"HPExpire sub-ms", argErr(HPExpire("k", time.Microsecond, []string{"f"}, none)), "expireTime"},
		{"HExpireAt condition", argErr(HExpireAt("k", time.Now(), []string{"f"},
			options.NewHExpireOptions().SetExpireCondition("ZZ"))), "invalid expire condition"},
		{"HPersist", argErr(HPersist("k", nil)), "HPERSIST: fields must not be empty"},
		{"HTtl", argErr(HTtl("k", nil)), "HTTL: fields must not be empty"},
		{"HPTtl", argErr(HPTtl("k", nil)), "HPTTL: fields must not be empty"},
		{"HExpireTime", argErr(HExpireTime("k", nil)), "HEXPIRETIME: fields must not be empty"},
		{"HPExpireTime", argErr(HPExpireTime("k", nil)), "HPEXPIRETIME: fields must not be empty"},
		{"HScan count", argErr(HScanWithOptions("k", "0", *options.NewHashScanOptions().SetCount(-5))), "Count"},
		{"PfCount", argErr(PfCount(nil)), "PFCOUNT: keys must not be empty"},
		{"SetBit offset", argErr(SetBit("k", -1, 1)), "SETBIT: offset"},
		{"SetBit value", argErr(SetBit("k", 0, 2)), "0 or 1"},
		{"GetBit offset", argErr(GetBit("k", -3)), "GETBIT: offset"},
		{"BitPos bit", argErr(BitPos("k", 5)), "BITPOS: bit value must be 0 or 1"},
		{"BitPosWithOptions bit", argErr(BitPosWithOptions("k", -1, *options.NewBitPosOptions())), "0 or 1"},
		{"BitOp NOT", argErr(BitOp(options.NOT, "d", []string{"a", "b"})), "keys"},
		{"BitOp AND", argErr(BitOp(options.AND, "d", nil)), "keys"},
		{"BitField u64", argErr(BitField("k", []options.BitFieldSubCommands{options.NewBitFieldGet(options.SignedInt, 8, 0),
			options.NewBitFieldGet(options.UnsignedInt, 64, 0)})), "subcommand 2"},
		{"BitField i0", argErr(BitField("k", []options.BitFieldSubCommands{
			options.NewBitFieldSet(options.SignedInt, 0, 0, 1)})), "i0"},
		{"BitFieldRO i65", argErr(BitFieldRO("k", []options.BitFieldROCommands{
			options.NewBitFieldGet(options.SignedInt, 65, 0)})), "i65"},
		{"BitField nil", argErr(BitField("k", []options.BitFieldSubCommands{nil})), "nil"},
		{"BitFieldRO nil pointer", argErr(BitFieldRO("k", []options.BitFieldROCommands{nilGet})), "nil"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
	// Valid edge values build.
	for name, err := range map[string]error{
		"HExpire 0":         argErr(HExpire("k", 0, []string{"f"}, none)),
		"HExpire negative":  argErr(HExpire("k", -time.Second, []string{"f"}, none)),
		"HRandField -5":     argErr(HRandFieldWithCount("k", -5)),
		"PfMerge no source": argErr(PfMerge("d", nil)),
		"BitField empty":    argErr(BitField("k", nil)),
	} {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDecodeStringPairs(t *testing.T) {
	both{
		resp2: "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$0\r\n\r\n",
		resp3: "*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$0\r\n\r\n",
	}.each(func(proto, frame string) {
		got, err := decode(t, DecodeStringPairs, frame)
		if err != nil || !reflect.DeepEqual(got, [][]string{{"a", "1"}, {"b", ""}}) {
			t.Errorf("%s: %q, %v", proto, got, err)
		}
	})
	got, err := decode(t, DecodeStringPairs, "*0\r\n")
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty: %#v, %v", got, err)
	}
	if got, err := decode(t, DecodeStringPairs, "_\r\n"); err != nil || got != nil {
		t.Errorf("null: %#v, %v", got, err)
	}
	for _, bad := range []string{"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", "*1\r\n*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"} {
		r := resp.NewReader([]byte(bad))
		if _, err := DecodeStringPairs(r); !protocolErr(err) {
			t.Errorf("%q: %v, want a protocol error", bad, err)
		}
	}
}
