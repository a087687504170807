package autoit

// keystream is the byte generator a field is XORed with: a fresh one is
// seeded for every field.
type keystream interface {
	next() byte
}

// decrypt XORs p in place with the keystream ks.
func decrypt(p []byte, ks keystream) {
	for i := range p {
		p[i] ^= ks.next()
	}
}

// mt is the Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998) with
// its standard 32-bit seeding. EA05 files XOR each byte with bits 1–8 of
// its next output (confirmed on ClamAV's clam.ea05.exe: seed 0x16FA turns
// the first record's tag into "FILE").
type mt struct {
	s [mtN]uint32
	i int
}

const (
	mtN     = 624
	mtM     = 397
	mtInit  = 1812433253
	mtMatA  = 0x9908b0df
	mtUpper = 0x80000000
	mtLower = 0x7fffffff
)

func newMT(seed uint32) *mt {
	m := &mt{i: mtN}
	m.s[0] = seed
	for i := 1; i < mtN; i++ {
		m.s[i] = mtInit*(m.s[i-1]^m.s[i-1]>>30) + uint32(i)
	}
	return m
}

// twist regenerates the whole state.
func (m *mt) twist() {
	for k := 0; k < mtN; k++ {
		y := m.s[k]&mtUpper | m.s[(k+1)%mtN]&mtLower
		v := m.s[(k+mtM)%mtN] ^ y>>1
		if y&1 != 0 {
			v ^= mtMatA
		}
		m.s[k] = v
	}
	m.i = 0
}

// uint32 returns the next tempered output.
func (m *mt) uint32() uint32 {
	if m.i >= mtN {
		m.twist()
	}
	y := m.s[m.i]
	m.i++
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	y ^= y >> 18
	return y
}

func (m *mt) next() byte { return byte(m.uint32() >> 1) }

// lame is the generator of EA06 files: a lagged additive generator over 17
// words, each new word the sum of two earlier ones rotated left by 9 and
// 13 bits. Seeding fills the words by repeating seed = 1 - seed*lameMul,
// starts the two lags at words 0 and 10 (stepping down, wrapping at 17)
// and discards lameWarmup outputs; each key byte discards one output and
// takes the top 8 bits of the next. Established on clam.ea06.exe: seed
// 0x18EE turns the first tag into "FILE", and every decrypted stream
// matches its stored Adler-32.
type lame struct {
	s    [lameN]uint32
	a, b int
}

const (
	lameN      = 17
	lameLag    = 10
	lameMul    = 0x53a9b4fb
	lameWarmup = 9
)

func newLame(seed uint32) *lame {
	l := &lame{a: 0, b: lameLag}
	for i := range l.s {
		seed = 1 - seed*lameMul
		l.s[i] = seed
	}
	for range lameWarmup {
		l.uint32()
	}
	return l
}

func rol(x uint32, n uint) uint32 { return x<<n | x>>(32-n) }

func (l *lame) uint32() uint32 {
	r := rol(l.s[l.a], 9) + rol(l.s[l.b], 13)
	l.s[l.a] = r
	l.a = (l.a + lameN - 1) % lameN
	l.b = (l.b + lameN - 1) % lameN
	return r
}

func (l *lame) next() byte {
	l.uint32()
	return byte(l.uint32() >> 24)
}
