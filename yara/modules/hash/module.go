package hash

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"hash/crc32"

	"github.com/overt-sec/overt/yara/modules/object"
)

// Module is the run-time hash module. The (offset, size) overloads read the
// scanned object (see object.Range); hashes are lower-case hexadecimal.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(*object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	md := func(b []byte) object.Result { s := md5.Sum(b); return object.StrResult(hex.EncodeToString(s[:])) }
	s1 := func(b []byte) object.Result { s := sha1.Sum(b); return object.StrResult(hex.EncodeToString(s[:])) }
	s256 := func(b []byte) object.Result { s := sha256.Sum256(b); return object.StrResult(hex.EncodeToString(s[:])) }
	// The loader runs once per object: each memo lives for one object.
	root.SetFunc(Schema, "md5", overRange(memoized(md)), overString(md))
	root.SetFunc(Schema, "sha1", overRange(memoized(s1)), overString(s1))
	root.SetFunc(Schema, "sha256", overRange(memoized(s256)), overString(s256))
	root.SetFunc(Schema, "checksum32", overRange(checksum32), overString(checksum32))
	root.SetFunc(Schema, "crc32", overRange(crc), overString(crc))
	return root, nil
}

func checksum32(b []byte) object.Result {
	var s uint32
	for _, c := range b {
		s += uint32(c)
	}
	return object.IntResult(int64(s))
}

func crc(b []byte) object.Result { return object.IntResult(int64(crc32.ChecksumIEEE(b))) }

// overRange adapts f to an (offset, size) overload over the scanned data.
func overRange(f func([]byte) object.Result) object.Func {
	return func(env *object.Env, _ *object.Value, a []object.Arg) object.Result {
		b, ok := object.Range(env.Data, a[0].Int, a[1].Int)
		if !ok {
			return object.Undefined
		}
		return f(b)
	}
}

// overString adapts f to a (string) overload.
func overString(f func([]byte) object.Result) object.Func {
	return func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		return f([]byte(a[0].Str))
	}
}

// maxMemo bounds the ranges whose digest is remembered per function and
// object: rule sets compare hash.md5(0, filesize) with a constant in
// hundreds of rules, so one range is the common case, and a few more cost
// nothing; past the bound digests are recomputed.
const maxMemo = 8

// memoized returns f remembering its results for up to maxMemo ranges,
// identified by the range's position and length in the object.
func memoized(f func([]byte) object.Result) func([]byte) object.Result {
	type entry struct {
		p *byte
		n int
		r object.Result
	}
	var memo []entry
	return func(b []byte) object.Result {
		var p *byte
		if len(b) > 0 {
			p = &b[0]
		}
		for _, e := range memo {
			if e.p == p && e.n == len(b) {
				return e.r
			}
		}
		r := f(b)
		if len(memo) < maxMemo {
			memo = append(memo, entry{p, len(b), r})
		}
		return r
	}
}
