package object

import (
	"math"
	"testing"

	"github.com/overt-sec/overt/yara/types"
)

func TestAppendDump(t *testing.T) {
	elem := []*types.Field{types.IntField("a"), types.StringField("b")}
	s := types.NewStruct("m",
		types.IntField("i"),
		types.FloatField("f"),
		types.StringField("s"),
		types.StructField("sub", types.IntField("x"), types.IntField("y")),
		types.StructArrayField("arr", elem...),
		types.FuncField("fn", types.Sig(types.Integer)),
	)
	root := NewStruct(s)
	root.SetField(s, "i", Int(-3))
	root.SetField(s, "s", String("a\"\x00\xff"))
	arr := NewArray()
	est := s.Field("arr").Type.Elem.Struct
	e0 := NewStruct(est)
	e0.SetField(est, "a", Int(1))
	arr.Append(e0)
	arr.Append(nil)
	arr.Append(NewStruct(est)) // all undefined: not printed, as yara
	root.SetField(s, "arr", arr)

	for _, c := range []struct {
		name  string
		order DumpOrder
		want  string
	}{
		{"default order", nil, "m\n\tarr\n\t\t[0]\n\t\t\ta = 1\n\t\t\tb = YR_UNDEFINED\n\tsub\n\t\ty = YR_UNDEFINED\n\t\tx = YR_UNDEFINED\n\ts = \"a\"\\x00\\xff\"\n\tf = nan\n\ti = -3\n"},
		{"given order and rename", DumpOrder{"m": {"i", "old=s"}, "m.arr[]": {"b"}}, "m\n\ti = -3\n\told = \"a\"\\x00\\xff\"\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := string(AppendDump(nil, "m", s, root, c.order))
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestAppendFloat(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{{127.5, "127.500000"}, {0, "0.000000"}, {math.Inf(1), "inf"}, {math.NaN(), "nan"}, {-1e-7, "-0.000000"}} {
		if got := string(appendFloat(nil, c.f)); got != c.want {
			t.Errorf("appendFloat(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}
