package ottltext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOutsideStringsSkipsLiteralsAndCountsDepth(t *testing.T) {
	s := `f(a["k"], "x \" ) y") or b`
	var outside string
	var depths []int
	for i, depth := range OutsideStrings(s) {
		outside += string(s[i])
		depths = append(depths, depth)
	}
	assert.Equal(t, `f(a[], ) or b`, outside, "string literals, escaped quotes included, are skipped")
	assert.Equal(t, []int{0, 1, 1, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0}, depths, "an opening bracket counts itself, a closing one no longer does")
}

func TestDecimalReadsWhatOTTLReadsInBase10(t *testing.T) {
	for lit, want := range map[string]int64{"0": 0, "80": 80, "-1": -1, "9223372036854775807": 1<<63 - 1} {
		got, ok := Decimal(lit)
		assert.True(t, ok, lit)
		assert.Equal(t, want, got, lit)
	}
	for _, lit := range []string{"", "-", "010", "-01", "1.5", "0x10", "9223372036854775808"} {
		_, ok := Decimal(lit)
		assert.False(t, ok, "%q", lit)
	}
}
