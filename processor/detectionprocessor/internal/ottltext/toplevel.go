// Package ottltext reads the text of OTTL expressions where more than one
// reader needs the same answer: rule expansion (lists and macros replaced)
// and the fast path (conditions read into Go) both split, match and replace
// at an expression's top level, outside its string literals, and both take
// integer literals as OTTL reads them.
package ottltext

import "iter"

// OutsideStrings yields the index of each byte of an OTTL expression that
// is outside its string literals, with the bracket depth once that byte is
// read (an opening bracket counts itself, a closing one no longer does):
// what splitting at top-level keywords, matching parentheses and expanding
// references each need.
func OutsideStrings(s string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		depth, inString := 0, false
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case inString && c == '\\':
				i++ // an escaped character, a quote perhaps
				continue
			case c == '"':
				inString = !inString
				continue
			case inString:
				continue
			case c == '(' || c == '[' || c == '{':
				depth++
			case c == ')' || c == ']' || c == '}':
				depth--
			}
			if !yield(i, depth) {
				return
			}
		}
	}
}
