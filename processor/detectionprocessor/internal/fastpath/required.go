package fastpath

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

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
		if slices.Contains(re.Rune, utf8.RuneError) {
			return nil // matches any invalid byte too: no literal to look for
		}
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
		for i := 0; i < len(re.Sub); i++ {
			sub := re.Sub[i]
			// A literal next to a small class ("ip" then \s+) is
			// stronger as one of its extensions ("ip ", "ip\t"…): short
			// words are in every string, followed by a space they are not.
			if i+1 < len(re.Sub) && isPlainLiteral(sub) {
				if runes := smallClass(re.Sub[i+1]); runes != nil {
					out.each = append(out.each, extend(string(sub.Rune), runes, false))
					i++
					continue
				}
			}
			if i+1 < len(re.Sub) && isPlainLiteral(re.Sub[i+1]) {
				if runes := smallClass(sub); runes != nil {
					out.each = append(out.each, extend(string(re.Sub[i+1].Rune), runes, true))
					i++
					continue
				}
			}
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

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isPlainLiteral(re *syntax.Regexp) bool {
	return re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase == 0 && !slices.Contains(re.Rune, utf8.RuneError)
}

// smallClass returns the runes of a class of at most 8 ASCII runes that
// must occur at least once (a class, or one repeated one or more times).
func smallClass(re *syntax.Regexp) []rune {
	if (re.Op == syntax.OpPlus || (re.Op == syntax.OpRepeat && re.Min >= 1)) && len(re.Sub) == 1 {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpCharClass {
		return nil
	}
	var runes []rune
	for i := 0; i+1 < len(re.Rune); i += 2 {
		for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
			if r >= utf8.RuneSelf || len(runes) == 8 {
				return nil
			}
			runes = append(runes, r)
		}
	}
	return runes
}

// extend is the alternation of lit followed (or preceded) by each rune.
func extend(lit string, runes []rune, before bool) []*literals {
	branches := make([]*literals, len(runes))
	for i, r := range runes {
		text := lit + string(r)
		if before {
			text = string(r) + lit
		}
		branches[i] = &literals{all: []string{text}}
	}
	return branches
}
