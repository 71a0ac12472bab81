package rules

import (
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// literals is what a string must contain for a regular expression to
// match it, read off the expression's syntax: `stratum\+(tcp|ssl)://`
// needs "stratum+" and "://", and "tcp" or "ssl". Checking that with
// strings.Contains first spares running the expression on the many strings
// that cannot match, which is most of them. A nil *literals requires
// nothing.
type literals struct {
	all  []string      // each must be contained
	fold []string      // each must be contained in any case, in an ASCII string
	each [][]*literals // and for each group, one of its branches must hold
}

func (l *literals) match(s string) bool {
	if l == nil {
		return true
	}
	for _, lit := range l.all {
		if !strings.Contains(s, lit) {
			return false
		}
	}
	if len(l.fold) > 0 && isASCII(s) { // else k and s may be K (Kelvin) and ſ
		for _, lit := range l.fold {
			if !containsFold(s, lit) {
				return false
			}
		}
	}
	for _, branches := range l.each {
		held := false
		for _, b := range branches {
			if b.match(s) {
				held = true
				break
			}
		}
		if !held {
			return false
		}
	}
	return true
}

// requiredLiterals analyses a regular expression; nil when it requires no
// literal text.
func requiredLiterals(pattern string) *literals {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	return required(re.Simplify())
}

func required(re *syntax.Regexp) *literals {
	switch re.Op {
	case syntax.OpLiteral:
		lit := string(re.Rune)
		if re.Flags&syntax.FoldCase == 0 {
			return &literals{all: []string{lit}}
		}
		for _, r := range re.Rune {
			if r >= utf8.RuneSelf {
				return nil
			}
		}
		return &literals{fold: []string{strings.ToLower(lit)}}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min == 0 {
			return nil
		}
		return required(re.Sub[0])
	case syntax.OpConcat:
		out := &literals{}
		for _, sub := range re.Sub {
			if l := required(sub); l != nil {
				out.all = append(out.all, l.all...)
				out.fold = append(out.fold, l.fold...)
				out.each = append(out.each, l.each...)
			}
		}
		if len(out.all) == 0 && len(out.fold) == 0 && len(out.each) == 0 {
			return nil
		}
		return out
	case syntax.OpAlternate:
		branches := make([]*literals, 0, len(re.Sub))
		for _, sub := range re.Sub {
			l := required(sub)
			if l == nil {
				return nil // a branch needs no literal: nothing is required
			}
			branches = append(branches, l)
		}
		return &literals{each: [][]*literals{branches}}
	}
	return nil
}

// containsFold is strings.Contains ignoring ASCII case, for a lower-case
// substr, without allocating.
func containsFold(s, substr string) bool {
	n := len(substr)
	if n == 0 {
		return true
	}
	first, upper := substr[0], substr[0]
	if 'a' <= first && first <= 'z' {
		upper = first - 'a' + 'A'
	}
	for i := 0; i+n <= len(s); i++ {
		if c := s[i]; (c == first || c == upper) && strings.EqualFold(s[i:i+n], substr) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// size is how many Contains a match may take: a cost.
func (l *literals) size() int {
	n := len(l.all) + len(l.fold)
	for _, branches := range l.each {
		for _, b := range branches {
			n += b.size()
		}
	}
	return n
}

// weak says the literals are too short to reject much: no required literal
// (nor every branch of some alternation) has three characters.
func (l *literals) weak() bool {
	for _, lit := range l.all {
		if len(lit) >= 3 {
			return false
		}
	}
	for _, lit := range l.fold {
		if len(lit) >= 3 {
			return false
		}
	}
	for _, branches := range l.each {
		strong := true
		for _, b := range branches {
			strong = strong && !b.weak()
		}
		if strong {
			return false
		}
	}
	return true
}
