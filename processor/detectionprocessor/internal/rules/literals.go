package rules

import (
	"regexp/syntax"
	"slices"
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

	// Their numbers in the attribute's slotLiterals, once registered, and
	// as bit masks once every literal of the slot is numbered: all and
	// fold must be in the found set; an alternation of plain literals
	// holds when its mask meets it.
	allIDs, foldIDs   []int32
	allMask, foldMask bitMask
	eachMask          []bitMask // by group; nil for a group with nested branches
	eachFold          []bool    // by group: a branch is case-folded
}

// bitMask is a sparse mask of literal ids: the words that have bits.
type bitMask []wordBits

type wordBits struct {
	word int32
	bits uint64
}

func newBitMask(ids []int32) bitMask {
	var m bitMask
	for _, id := range ids {
		w, bit := id>>6, uint64(1)<<(id&63)
		if i := slices.IndexFunc(m, func(wb wordBits) bool { return wb.word == w }); i >= 0 {
			m[i].bits |= bit
		} else {
			m = append(m, wordBits{w, bit})
		}
	}
	return m
}

// all says whether every literal of the mask is found.
func (m bitMask) all(found []uint64) bool {
	for _, wb := range m {
		if found[wb.word]&wb.bits != wb.bits {
			return false
		}
	}
	return true
}

// any says whether some literal of the mask is found.
func (m bitMask) any(found []uint64) bool {
	for _, wb := range m {
		if found[wb.word]&wb.bits != 0 {
			return true
		}
	}
	return false
}

// register numbers the literals in sl.
func (l *literals) register(sl *slotLiterals) {
	sl.registered = append(sl.registered, l)
	l.registerIDs(sl)
}

func (l *literals) registerIDs(sl *slotLiterals) {
	for _, lit := range l.all {
		l.allIDs = append(l.allIDs, sl.id(lit, false))
	}
	for _, lit := range l.fold {
		l.foldIDs = append(l.foldIDs, sl.id(lit, true))
	}
	for _, branches := range l.each {
		for _, b := range branches {
			b.registerIDs(sl)
		}
	}
}

// masks turns the ids into bit masks, once every literal of the slot is
// numbered.
func (l *literals) masks() {
	l.allMask, l.foldMask = newBitMask(l.allIDs), newBitMask(l.foldIDs)
	l.eachMask, l.eachFold = make([]bitMask, len(l.each)), make([]bool, len(l.each))
	for g, branches := range l.each {
		var ids []int32
		plain := true
		for _, b := range branches {
			b.masks()
			single := len(b.allIDs)+len(b.foldIDs) == 1 && len(b.each) == 0
			plain = plain && single
			if single {
				ids = append(append(ids, b.allIDs...), b.foldIDs...)
				l.eachFold[g] = l.eachFold[g] || len(b.foldIDs) == 1
			}
		}
		if plain {
			l.eachMask[g] = newBitMask(ids)
		}
	}
}

// match says whether a string whose literals are found may match. In a
// string that is not ASCII, case-folded literals are not checked: k and s
// also fold to K (Kelvin) and ſ.
func (l *literals) match(found []uint64, ascii bool) bool {
	if l == nil {
		return true
	}
	if !l.allMask.all(found) || ascii && !l.foldMask.all(found) {
		return false
	}
	for g, branches := range l.each {
		if !l.groupHolds(g, branches, found, ascii) {
			return false
		}
	}
	return true
}

func (l *literals) groupHolds(g int, branches []*literals, found []uint64, ascii bool) bool {
	if mask := l.eachMask[g]; mask != nil {
		return mask.any(found) || !ascii && l.eachFold[g]
	}
	for _, b := range branches {
		if b.match(found, ascii) {
			return true
		}
	}
	return false
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

// weak says the literals are too short to reject much: together, the
// literals any string matching must hold are fewer than three characters
// ("-", "ss", "ip"), which nearly every string has.
func (l *literals) weak() bool { return l.strength() < 3 }

// strength is how many characters of literals a matching string holds at
// least: the required ones, and the weakest branch of each alternation.
func (l *literals) strength() int {
	n := 0
	for _, lit := range l.all {
		n += len(lit)
	}
	for _, lit := range l.fold {
		n += len(lit)
	}
	for _, branches := range l.each {
		least := -1
		for _, b := range branches {
			if s := b.strength(); least < 0 || s < least {
				least = s
			}
		}
		n += max(least, 0)
	}
	return n
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
