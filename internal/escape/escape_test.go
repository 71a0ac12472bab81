package escape

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestCleanValuesAreKeptVerbatim(t *testing.T) {
	for _, s := range []string{
		"",
		"/usr/bin/bash",
		"sh -c printf '%s\\n' x", // a backslash alone is no reason to escape
		`C:\Windows\System32`,
		"naïve café 日本語 🙂",
		"\u00a0non-breaking space",
		"\u200b zero width space and \u200e mark are not escaped",
		strings.Repeat("0123456789abcdef", 300),
	} {
		got, changed := String(s)
		assert.False(t, changed, "%q", s)
		assert.Equal(t, s, got)
		assert.False(t, Needed(s), "%q", s)
	}
}

func TestHostileValuesAreEscaped(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"a forged log line",
			"x\n2025-06-03T14:18:14Z INFO exec /usr/bin/true (pid 1, uid 0)",
			`x\n2025-06-03T14:18:14Z INFO exec /usr/bin/true (pid 1, uid 0)`},
		{"carriage return that rewrites the line", "innocent\rmalicious", `innocent\rmalicious`},
		{"tab", "a\tb", `a\tb`},
		{"ANSI: clear the screen, red text", "\x1b[2J\x1b[31mred\x1b[0m", `\x1b[2J\x1b[31mred\x1b[0m`},
		{"backspaces that hide text", "rm -rf /\b\b\b\b\b\b\bls     ", `rm -rf /\x08\x08\x08\x08\x08\x08\x08ls     `},
		{"bell, NUL, unit separator", "\a\x00\x1f", `\x07\x00\x1f`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"invalid UTF-8", "/tmp/\xff\xfe.sh", `/tmp/\xff\xfe.sh`},
		{"a lone continuation byte and a cut sequence", "\x80 \xe6\x97", `\x80 \xe6\x97`},
		{"overlong encoding of /", "\xc0\xaf", `\xc0\xaf`},
		{"a UTF-16 surrogate encoded", "\xed\xa0\x80", `\xed\xa0\x80`},
		{"C1 control (NEL, CSI)", "a\u0085b\u009b31m", `a\xc2\x85b\xc2\x9b31m`},
		{"line separator", "a\u2028b\u2029c", `a\xe2\x80\xa8b\xe2\x80\xa9c`},
		{"right-to-left override", "invoice\u202egpj.sh", `invoice\xe2\x80\xaegpj.sh`},
		{"bidi isolates", "\u2066x\u2069", `\xe2\x81\xa6x\xe2\x81\xa9`},
		{"backslashes of an escaped value are doubled", "a\\nb\nc", `a\\nb\nc`},
		{"non-ASCII beside an escape stays", "café\n", `café\n`},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.True(t, Needed(c.in))
			got, changed := String(c.in)
			assert.True(t, changed)
			assert.Equal(t, c.want, got)
			assert.True(t, utf8.ValidString(got), "escaped form is UTF-8")
			assert.False(t, Needed(got), "escaped form needs no more escaping")
			assert.Equal(t, c.in, Decode(got), "lossless")
		})
	}
}

// Every position of the eight-byte fast path must see an unsafe byte.
func TestNeededAtEveryOffset(t *testing.T) {
	for _, bad := range []byte{0x00, 0x09, 0x0a, 0x1b, 0x1f, 0x7f, 0x80, 0xff} {
		for n := 1; n <= 24; n++ {
			for i := range n {
				b := []byte(strings.Repeat("a", n))
				b[i] = bad
				assert.True(t, Needed(string(b)), "byte %#x at %d of %d", bad, i, n)
			}
		}
	}
	for _, ok := range []byte{0x20, '~', '\\', '0'} {
		assert.False(t, Needed(strings.Repeat(string(ok), 17)), "%q", ok)
	}
}

func TestAlwaysDoublesBackslashesOfCleanValues(t *testing.T) {
	assert.Equal(t, `a\\nb`, Always(`a\nb`))
	assert.Equal(t, "plain", Always("plain"))
	assert.Equal(t, `a\nb`, Decode(Always(`a\nb`)))
}

func TestDecodeKeepsWhatIsNoEscape(t *testing.T) {
	assert.Equal(t, `\q \x4 \xzz \`, Decode(`\q \x4 \xzz \`))
	assert.Equal(t, "\xab\xCD", Decode(`\xab\xCD`))
	assert.Equal(t, "plain", Decode("plain"))
}

func FuzzEscapeRoundTrip(f *testing.F) {
	for _, s := range []string{"", "a\nb", "\xff", `\x41`, "\u2028", "\u0085", "café"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, changed := String(s)
		if !changed {
			if got != s || !utf8.ValidString(s) {
				t.Fatalf("%q kept verbatim as %q", s, got)
			}
			return
		}
		if !utf8.ValidString(got) || Needed(got) {
			t.Fatalf("%q escaped to %q, not safe", s, got)
		}
		if Decode(got) != s {
			t.Fatalf("%q escaped to %q decodes to %q", s, got, Decode(got))
		}
		if Decode(Always(s)) != s {
			t.Fatalf("Always(%q) = %q does not decode back", s, Always(s))
		}
	})
}

var sink bool

// BenchmarkNeededClean is the common case: a clean value costs a scan and
// no allocation.
func BenchmarkNeededClean(b *testing.B) {
	s := "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx2g -jar /srv/app/service.jar --spring.profiles.active=prod"
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		sink = Needed(s)
	}
}

func BenchmarkStringClean(b *testing.B) {
	s := "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx2g -jar /srv/app/service.jar --spring.profiles.active=prod"
	b.ReportAllocs()
	for b.Loop() {
		_, sink = String(s)
	}
	if n := testing.AllocsPerRun(100, func() { String(s) }); n != 0 {
		b.Fatalf("%v allocations for a clean value", n)
	}
}

func BenchmarkStringHostile(b *testing.B) {
	s := "/tmp/x\n2025-06-03 fake line \x1b[31m\xff"
	b.ReportAllocs()
	for b.Loop() {
		_, sink = String(s)
	}
}
