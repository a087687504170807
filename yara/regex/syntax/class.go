package syntax

// Class is a set of bytes, one bit per byte value.
type Class [4]uint64

// Has reports whether b is in the set.
func (c *Class) Has(b byte) bool { return c[b>>6]&(1<<(b&63)) != 0 }

// Add adds b to the set.
func (c *Class) Add(b byte) { c[b>>6] |= 1 << (b & 63) }

// AddRange adds every byte from lo to hi inclusive; it does nothing if lo > hi.
func (c *Class) AddRange(lo, hi byte) {
	for i := int(lo); i <= int(hi); i++ {
		c.Add(byte(i))
	}
}

// AddClass adds every member of d.
func (c *Class) AddClass(d *Class) {
	for i := range c {
		c[i] |= d[i]
	}
}

// Negate replaces the set by its complement.
func (c *Class) Negate() {
	for i := range c {
		c[i] = ^c[i]
	}
}

// FoldCase adds the other ASCII case of every letter in the set.
func (c *Class) FoldCase() {
	for b := 'A'; b <= 'Z'; b++ {
		lo := byte(b) + 'a' - 'A'
		if c.Has(byte(b)) || c.Has(lo) {
			c.Add(byte(b))
			c.Add(lo)
		}
	}
}

// Count returns the number of bytes in the set.
func (c *Class) Count() int {
	n := 0
	for i := 0; i < 256; i++ {
		if c.Has(byte(i)) {
			n++
		}
	}
	return n
}

// Single returns the only member of the set and true, or false if the set
// does not have exactly one member.
func (c *Class) Single() (byte, bool) {
	if c.Count() != 1 {
		return 0, false
	}
	for i := 0; i < 256; i++ {
		if c.Has(byte(i)) {
			return byte(i), true
		}
	}
	return 0, false
}

// Predefined classes of the \d \w \s escapes.
var (
	// DigitClass is \d: 0-9.
	DigitClass = makeClass("09")
	// WordClass is \w: A-Z a-z 0-9 and "_".
	WordClass = makeClass("AZaz09__")
	// SpaceClass is \s: space, \t, \n, \v, \f and \r.
	SpaceClass = makeClass("  \t\r")
)

// makeClass builds a class from pairs of range endpoints.
func makeClass(ranges string) Class {
	var c Class
	for i := 0; i+1 < len(ranges); i += 2 {
		c.AddRange(ranges[i], ranges[i+1])
	}
	return c
}

// IsWordByte reports whether b is a \w byte.
func IsWordByte(b byte) bool { return WordClass.Has(b) }
