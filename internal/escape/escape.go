// Package escape makes the strings a workload chose (argv, paths, DNS
// names, the names a process gives things) safe to print and to store as
// OpenTelemetry strings, without losing a byte of them.
//
// A workload can put anything but NUL in an argument or a path: a newline
// that forges a second log line in a viewer, ANSI escape sequences that
// rewrite a terminal, bytes that are not UTF-8 (which OTLP strings must be,
// and which a JSON encoder would silently turn into U+FFFD). A value that
// holds any of them is written in escaped form:
//
//	\\                     a backslash
//	\t \n \r               tab, line feed, carriage return
//	\xNN                   the byte NN (two lowercase hex digits)
//
// Escaped with \xNN are: every other C0 control byte and DEL; every byte
// that is not part of valid UTF-8; and each byte of the UTF-8 encoding of
// the C1 controls (U+0080–U+009F), of the line and paragraph separators
// (U+2028, U+2029), which some viewers break lines at, and of the
// bidirectional embedding, override and isolate controls (U+202A–U+202E,
// U+2066–U+2069), which reorder how the text around them is displayed.
// Everything else, other non-ASCII text included, is kept as it is.
//
// The escaped form is lossless: Decode gives back the original bytes. A
// value that holds none of these is kept verbatim, its backslashes
// included, so that the common value costs a scan and no allocation and
// reads as it always did; a reader tells the two forms apart by the list of
// escaped attributes the record carries (docs/events.md).
package escape

import (
	"strings"
	"unicode/utf8"
)

// Needed tells whether s holds anything that String would escape. It
// reads eight bytes at a time while they are printable ASCII, and does not
// allocate.
func Needed(s string) bool {
	i := 0
	for i < len(s) {
		// Printable ASCII, eight bytes at a time: no byte has its high bit,
		// each is at least 0x20 (adding 0x60 sets its high bit) and none is
		// 0x7f (adding 1 would set it). No addition carries into the next
		// byte while the high bits are clear.
		for ; i+8 <= len(s); i += 8 {
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if w&highBits != 0 || (w+0x6060606060606060)&highBits != highBits || (w+0x0101010101010101)&highBits != 0 {
				break
			}
		}
		if i >= len(s) {
			return false
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size) {
			return true
		}
		i += size
	}
	return false
}

const highBits = 0x8080808080808080

// unsafeRune tells whether the rune r, decoded from size bytes, is
// escaped: an invalid byte (RuneError of one byte), a C1 control, a line or
// paragraph separator or a bidirectional control.
func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError:
		return size == 1
	case r < 0xa0:
		return r >= 0x80
	case r < 0x2028 || r > 0x2069:
		return false
	}
	return r <= 0x202e || r >= 0x2066
}

// String returns s itself, and false, when nothing in it needs escaping;
// otherwise its escaped form and true.
func String(s string) (string, bool) {
	if !Needed(s) {
		return s, false
	}
	return Always(s), true
}

// Always returns the escaped form of s even when nothing but its
// backslashes needs it: for a value that belongs to an attribute (a list)
// or a body that is in escaped form as a whole.
func Always(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8 + 8)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\\':
				b.WriteString(`\\`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c < 0x20 || c == 0x7f:
				writeByte(&b, c)
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size) {
			for j := range size {
				writeByte(&b, s[i+j])
			}
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

const hexDigits = "0123456789abcdef"

func writeByte(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexDigits[c>>4])
	b.WriteByte(hexDigits[c&0xf])
}

// Decode returns the original bytes of a value in escaped form. A
// backslash that starts no escape of this package is kept as it is.
func Decode(s string) string {
	i := strings.IndexByte(s, '\\')
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i >= 0 {
		b = append(b, s[:i]...)
		s = s[i:]
		n := 1 // bytes of s consumed: the backslash alone when no escape follows
		switch {
		case len(s) >= 2 && s[1] == '\\':
			b, n = append(b, '\\'), 2
		case len(s) >= 2 && s[1] == 't':
			b, n = append(b, '\t'), 2
		case len(s) >= 2 && s[1] == 'n':
			b, n = append(b, '\n'), 2
		case len(s) >= 2 && s[1] == 'r':
			b, n = append(b, '\r'), 2
		case len(s) >= 4 && s[1] == 'x' && isHex(s[2]) && isHex(s[3]):
			b, n = append(b, unhex(s[2])<<4|unhex(s[3])), 4
		default:
			b = append(b, '\\')
		}
		s = s[n:]
		i = strings.IndexByte(s, '\\')
	}
	return string(append(b, s...))
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
