package authenticode

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ASN.1 universal tags used by the parser.
const (
	tagBoolean         = 1
	tagInteger         = 2
	tagBitString       = 3
	tagOctetString     = 4
	tagNull            = 5
	tagOID             = 6
	tagUTF8String      = 12
	tagSequence        = 16
	tagSet             = 17
	tagPrintableString = 19
	tagT61String       = 20
	tagIA5String       = 22
	tagUTCTime         = 23
	tagGeneralizedTime = 24
	tagUniversalString = 28
	tagBMPString       = 30
)

// ASN.1 tag classes.
const (
	classUniversal = 0
	classContext   = 2
)

// element is one DER (or definite-length BER) element: its identifier,
// its whole encoding and its contents.
type element struct {
	class       int
	tag         int
	constructed bool
	full        []byte // identifier, length and contents
	body        []byte // contents only
}

var errTruncated = errors.New("truncated ASN.1 element")

// readElement reads the element at the start of b and returns it with
// the bytes that follow it. Lengths must be definite; long-form lengths
// may be non-minimal, as BER allows.
func readElement(b []byte) (element, []byte, error) {
	if len(b) < 2 {
		return element{}, nil, errTruncated
	}
	e := element{class: int(b[0] >> 6), constructed: b[0]&0x20 != 0, tag: int(b[0] & 0x1f)}
	i := 1
	if e.tag == 0x1f { // high tag number form
		e.tag = 0
		for {
			if i >= len(b) || i > maxTagBytes {
				return element{}, nil, errors.New("bad ASN.1 tag")
			}
			c := b[i]
			i++
			e.tag = e.tag<<7 | int(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(b) {
		return element{}, nil, errTruncated
	}
	n := int(b[i])
	i++
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 {
			return element{}, nil, errors.New("indefinite ASN.1 length")
		}
		if k > 4 || i+k > len(b) {
			return element{}, nil, errors.New("bad ASN.1 length")
		}
		n = 0
		for _, c := range b[i : i+k] {
			n = n<<8 | int(c)
		}
		i += k
	}
	if n < 0 || n > len(b)-i {
		return element{}, nil, errTruncated
	}
	e.full = b[:i+n]
	e.body = b[i : i+n]
	return e, b[i+n:], nil
}

// is reports whether e is the universal element tag.
func (e element) is(tag int) bool { return e.class == classUniversal && e.tag == tag }

// isContext reports whether e is the context-specific element [tag].
func (e element) isContext(tag int) bool { return e.class == classContext && e.tag == tag }

// children returns the elements inside constructed element e, at most
// max of them.
func (e element) children(max int) ([]element, error) {
	if !e.constructed {
		return nil, fmt.Errorf("ASN.1 element with tag %d is not constructed", e.tag)
	}
	var out []element
	b := e.body
	for len(b) > 0 {
		if len(out) >= max {
			return nil, fmt.Errorf("more than %d ASN.1 elements", max)
		}
		c, rest, err := readElement(b)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		b = rest
	}
	return out, nil
}

// parseOne parses b as exactly one element (trailing bytes are allowed,
// as OpenSSL allows them after a signature blob).
func parseOne(b []byte) (element, error) {
	e, _, err := readElement(b)
	return e, err
}

// sequence parses e as a SEQUENCE and returns its first max children.
func (e element) sequence(max int) ([]element, error) {
	if !e.is(tagSequence) {
		return nil, fmt.Errorf("expected SEQUENCE, found tag %d", e.tag)
	}
	return e.children(max)
}

// oid returns the dotted text of OBJECT IDENTIFIER e.
func (e element) oid() (string, error) {
	if !e.is(tagOID) {
		return "", fmt.Errorf("expected OBJECT IDENTIFIER, found tag %d", e.tag)
	}
	return oidString(e.body)
}

// oidString decodes the contents of an OBJECT IDENTIFIER.
func oidString(b []byte) (string, error) {
	if len(b) == 0 || len(b) > maxOIDBytes {
		return "", errors.New("bad OBJECT IDENTIFIER length")
	}
	var sb strings.Builder
	var v uint64
	first := true
	for i, c := range b {
		if v > 1<<56 {
			return "", errors.New("OBJECT IDENTIFIER arc too large")
		}
		v = v<<7 | uint64(c&0x7f)
		if c&0x80 != 0 {
			if i == len(b)-1 {
				return "", errors.New("truncated OBJECT IDENTIFIER")
			}
			continue
		}
		if first {
			switch {
			case v < 40:
				sb.WriteString("0.")
			case v < 80:
				sb.WriteString("1.")
				v -= 40
			default:
				sb.WriteString("2.")
				v -= 80
			}
			first = false
		} else {
			sb.WriteByte('.')
		}
		sb.WriteString(strconv.FormatUint(v, 10))
		v = 0
	}
	return sb.String(), nil
}

// algorithm returns the OID of AlgorithmIdentifier e.
func (e element) algorithm() (string, error) {
	c, err := e.sequence(maxSequence)
	if err != nil || len(c) == 0 {
		return "", errors.New("bad AlgorithmIdentifier")
	}
	return c[0].oid()
}
