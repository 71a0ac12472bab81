package fastpath

import (
	"strings"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/ottltext"
)

// unwrap removes parentheses around the whole expression.
func unwrap(expr string) string {
	for strings.HasPrefix(expr, "(") && closing(expr, 0) == len(expr)-1 {
		expr = strings.TrimSpace(expr[1 : len(expr)-1])
	}
	return expr
}

// closing is the index of the bracket closing the one at open, outside
// strings; -1 when unbalanced.
func closing(s string, open int) int {
	for i, depth := range ottltext.OutsideStrings(s[open:]) {
		if depth == 0 {
			return open + i
		}
	}
	return -1
}

// splitTop splits s at sep outside strings and brackets: a keyword (and,
// or) only as a whole word, a comma anywhere.
func splitTop(s, sep string) []string {
	var parts []string
	last := 0
	word := sep != ","
	for i, depth := range ottltext.OutsideStrings(s) {
		if depth != 0 || i < last || !strings.HasPrefix(s[i:], sep) {
			continue
		}
		end := i + len(sep)
		if word && (i == 0 || !wordBefore(s[i-1]) || end >= len(s) || !wordAfter(s[end])) {
			continue
		}
		parts = append(parts, s[last:i])
		last = end
	}
	return append(parts, s[last:])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// wordBefore and wordAfter say whether a keyword (and, or) may be preceded
// or followed by c: OTTL's lexer also reads `)or(`.
func wordBefore(c byte) bool { return isSpace(c) || c == ')' || c == ']' || c == '"' }
func wordAfter(c byte) bool  { return isSpace(c) || c == '(' || c == '[' || c == '"' }
