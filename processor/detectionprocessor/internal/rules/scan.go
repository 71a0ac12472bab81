package rules

// scanner finds, in one pass over a string, which of many literals it
// contains (Aho-Corasick, as a table of transitions over the bytes the
// literals use): the literals of every expression a set's prefilters test
// on one attribute. An expression then asks a bit, not strings.Contains
// for each of its literals.
type scanner struct {
	class  [256]uint8 // byte → its class: 0 for bytes no literal has
	nclass int
	next   []int32   // state*nclass + class → state
	out    [][]int32 // state → the literals ending there
	fold   bool      // literals are lower case, the string is read lower-cased
}

// newScanner builds the automaton of literals, reporting ids[i] for
// lits[i].
func newScanner(lits []string, ids []int32, fold bool) *scanner {
	sc := &scanner{fold: fold, nclass: 1}
	for _, lit := range lits {
		for i := 0; i < len(lit); i++ {
			if sc.class[lit[i]] == 0 {
				sc.class[lit[i]] = uint8(sc.nclass)
				sc.nclass++
			}
		}
	}
	// The trie; -1 is no edge yet.
	sc.next = make([]int32, sc.nclass)
	for i := range sc.next {
		sc.next[i] = -1
	}
	sc.out = [][]int32{nil}
	for n, lit := range lits {
		id := ids[n]
		state := int32(0)
		for i := 0; i < len(lit); i++ {
			c := int32(sc.class[lit[i]])
			n := sc.next[int(state)*sc.nclass+int(c)]
			if n < 0 {
				n = int32(len(sc.out))
				sc.out = append(sc.out, nil)
				for range sc.nclass {
					sc.next = append(sc.next, -1)
				}
				sc.next[int(state)*sc.nclass+int(c)] = n
			}
			state = n
		}
		sc.out[state] = append(sc.out[state], id)
	}
	// Breadth first: each state's missing edges are its failure state's,
	// and it reports what its failure state reports.
	fail := make([]int32, len(sc.out))
	queue := []int32{}
	for c := range sc.nclass {
		if n := sc.next[c]; n < 0 {
			sc.next[c] = 0
		} else {
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		state := queue[0]
		queue = queue[1:]
		sc.out[state] = append(sc.out[state], sc.out[fail[state]]...)
		for c := range sc.nclass {
			i := int(state)*sc.nclass + c
			if n := sc.next[i]; n < 0 {
				sc.next[i] = sc.next[int(fail[state])*sc.nclass+c]
			} else {
				fail[n] = sc.next[int(fail[state])*sc.nclass+c]
				queue = append(queue, n)
			}
		}
	}
	return sc
}

// scan sets the bit of each literal s contains.
func (sc *scanner) scan(s string, found []uint64) {
	state := int32(0)
	for i := 0; i < len(s); i++ {
		b := s[i]
		if sc.fold && 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		state = sc.next[int(state)*sc.nclass+int(sc.class[b])]
		for _, id := range sc.out[state] {
			found[id>>6] |= 1 << (id & 63)
		}
	}
}

// slotLiterals numbers the literals expressions need of one attribute
// and scans a value of it for all of them at once.
type slotLiterals struct {
	ids         map[foldedLiteral]int32
	exact, fold *scanner
	registered  []*literals
}

type foldedLiteral struct {
	text string
	fold bool
}

func (sl *slotLiterals) id(text string, fold bool) int32 {
	if sl.ids == nil {
		sl.ids = map[foldedLiteral]int32{}
	}
	k := foldedLiteral{text, fold}
	id, ok := sl.ids[k]
	if !ok {
		id = int32(len(sl.ids))
		sl.ids[k] = id
	}
	return id
}

// build makes the scanners once every literal is numbered.
func (sl *slotLiterals) build() {
	var exact, fold []string
	var exactIDs, foldIDs []int32
	for k, id := range sl.ids {
		if k.fold {
			fold, foldIDs = append(fold, k.text), append(foldIDs, id)
		} else {
			exact, exactIDs = append(exact, k.text), append(exactIDs, id)
		}
	}
	if len(exact) > 0 {
		sl.exact = newScanner(exact, exactIDs, false)
	}
	if len(fold) > 0 {
		sl.fold = newScanner(fold, foldIDs, true)
	}
	for _, l := range sl.registered {
		l.masks(sl.words())
	}
}

// words is the size of a bit set of the slot's literals.
func (sl *slotLiterals) words() int { return (len(sl.ids) + 63) / 64 }

// scan fills found (zeroed) with the literals s contains.
func (sl *slotLiterals) scan(s string, found []uint64) {
	if sl.exact != nil {
		sl.exact.scan(s, found)
	}
	if sl.fold != nil {
		sl.fold.scan(s, found)
	}
}
