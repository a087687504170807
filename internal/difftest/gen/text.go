package gen

import (
	"fmt"
	"math/rand/v2"
)

// stdAlphabet is the standard base64 alphabet, used when base64 or
// base64wide has no argument.
const stdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// genText instantiates a text string with its modifiers. The order of the
// transformations follows YARA's documentation: case, then the wide form,
// then xor or base64, then the fullword delimiters.
func genText(value []byte, m modifiers, rng *rand.Rand, miss bool) (Instance, error) {
	if len(value) == 0 {
		return Instance{}, fmt.Errorf("%w: empty text string", ErrUnsupported)
	}
	plain := append([]byte(nil), value...)
	if miss {
		i, err := textMissIndex(len(plain), m)
		if err != nil {
			return Instance{}, err
		}
		if i < 0 {
			i = rng.IntN(len(plain))
		}
		plain[i] = missByte(plain[i])
	}
	if m.nocase {
		for i, c := range plain {
			plain[i] = randomCase(rng, c)
		}
	}
	wide := m.useWide(rng)
	form := plain
	if wide {
		form = widen(plain)
	}
	if m.base64 || m.base64Wide {
		return Instance{Data: base64Instance(form, m, rng)}, nil
	}
	if m.xor {
		lo, hi := clampKey(m.xorMin), clampKey(m.xorMax)
		if hi < lo {
			lo, hi = hi, lo
		}
		key := byte(lo + rng.IntN(hi-lo+1))
		for i := range form {
			form[i] ^= key
		}
	}
	if m.fullword {
		form = fullwordGuard(rng, form, wide, false, false)
	}
	return Instance{Data: form}, nil
}

// textMissIndex chooses which plaintext byte a near miss changes: -1 means
// any. Base64 strips the encoded characters that depend on the neighbours of
// the text, so its near misses change an interior byte, and a one-byte xor
// string has no near miss at all (every byte value is some key's image).
func textMissIndex(n int, m modifiers) (int, error) {
	switch {
	case m.xor && n < 2:
		return 0, fmt.Errorf("%w: one-byte xor string", ErrNoNearMiss)
	case (m.base64 || m.base64Wide) && n < 3:
		return 0, fmt.Errorf("%w: base64 string shorter than 3 bytes", ErrNoNearMiss)
	case m.base64 || m.base64Wide:
		return n / 2, nil
	}
	return -1, nil
}

func clampKey(k int) int { return max(0, min(k, 255)) }

// base64Instance encodes form, preceded by zero to two random bytes (the
// three alignments YARA searches) and followed by one to two random bytes,
// with the chosen modifier's alphabet; base64wide's output is widened.
func base64Instance(form []byte, m modifiers, rng *rand.Rand) []byte {
	useWide := m.base64Wide && (!m.base64 || rng.IntN(2) == 0)
	alphabet := m.alphabet
	if useWide {
		alphabet = m.alphabetWide
	}
	if len(alphabet) != 64 {
		alphabet = []byte(stdAlphabet)
	}
	src := make([]byte, 0, len(form)+4)
	for n := rng.IntN(3); n > 0; n-- {
		src = append(src, byte(rng.IntN(256)))
	}
	src = append(src, form...)
	for n := 1 + rng.IntN(2); n > 0; n-- {
		src = append(src, byte(rng.IntN(256)))
	}
	enc := encodeBase64(src, alphabet)
	if useWide {
		enc = widen(enc)
	}
	return enc
}

// encodeBase64 encodes src with a 64-byte alphabet and no padding. It is
// written out rather than taken from encoding/base64 because YARA accepts
// alphabets (with repeated or newline bytes) that encoding/base64 rejects
// with a panic.
func encodeBase64(src, alphabet []byte) []byte {
	out := make([]byte, 0, (len(src)+2)/3*4)
	for i := 0; i < len(src); i += 3 {
		var v uint32
		n := min(3, len(src)-i)
		for j := 0; j < 3; j++ {
			v <<= 8
			if j < n {
				v |= uint32(src[i+j])
			}
		}
		for j := 0; j <= n; j++ {
			out = append(out, alphabet[(v>>(18-6*j))&63])
		}
	}
	return out
}
