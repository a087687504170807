package refmatch

import "testing"

// TestMachineReuse checks that a machine gives the same answers whatever it
// matched before: a narrow call after a wide one must not leave visited
// states behind for the next wide call.
func TestMachineReuse(t *testing.T) {
	// a, then any number of bytes, then b.
	b := &builder{}
	var a, z inst
	a.op, z.op = opByte, opByte
	a.class.Add('a')
	z.class.Add('b')
	b.emit(a)
	b.emit(inst{op: opSkip, min: 0, max: -1})
	b.emit(z)
	b.emit(inst{op: opMatch})
	data := []byte("a" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + "b")
	m := newMachine(b.prog)
	calls := []struct {
		name         string
		start, limit int
		want         int // -1: no match
	}{
		{"wide", 0, len(data), len(data)},
		{"narrow", 0, 3, -1},
		{"wide-again", 0, len(data), len(data)},
		{"narrow-late", 40, 45, -1},
		{"wide-third", 0, len(data), len(data)},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			n, ok := m.matchAt(data, c.start, c.limit)
			if !ok {
				n = -1
			}
			if n != c.want {
				t.Errorf("matchAt(%d, %d) = %d, want %d", c.start, c.limit, n, c.want)
			}
		})
	}
}
