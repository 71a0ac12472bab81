package fastpath

// scanner finds, in one pass over a string, which of many literals it
// contains (Aho-Corasick, as a table of transitions over the bytes the
// literals use): the literals of every expression the programs of a set test
// on one attribute. An expression then asks a bit, not strings.Contains
// for each of its literals.
//
// The string is read with ASCII letters lower-cased and the literals are
// lower-cased too, so one pass serves expressions with and without (?i):
// a literal is only ever a necessary condition, and finding "begin" where
// the string says "BEGIN" only means the expression itself is asked.
type scanner struct {
	class  [256]uint8 // lower-cased byte → its class: 0 for bytes no literal has
	nclass int
	next   []int32 // state*nclass + class → state
	// The literals ending at a state: outIDs[outAt[state]:outAt[state+1]].
	outAt  []int32
	outIDs []int32
}

// newScanner builds the automaton of literals, reporting ids[i] for
// lits[i].
func newScanner(lits []string, ids []int32) *scanner {
	sc := &scanner{nclass: 1}
	lower := make([]string, len(lits))
	for n, lit := range lits {
		lower[n] = asciiLower(lit)
		for i := 0; i < len(lower[n]); i++ {
			if c := lower[n][i]; sc.class[c] == 0 {
				sc.class[c] = uint8(sc.nclass)
				sc.nclass++
			}
		}
	}
	for c := 'A'; c <= 'Z'; c++ { // read as their lower case
		sc.class[c] = sc.class[c+'a'-'A']
	}
	// The trie; -1 is no edge yet.
	sc.next = make([]int32, sc.nclass)
	for i := range sc.next {
		sc.next[i] = -1
	}
	out := [][]int32{nil}
	for n, lit := range lower {
		id := ids[n]
		state := int32(0)
		for i := 0; i < len(lit); i++ {
			c := int32(sc.class[lit[i]])
			n := sc.next[int(state)*sc.nclass+int(c)]
			if n < 0 {
				n = int32(len(out))
				out = append(out, nil)
				for range sc.nclass {
					sc.next = append(sc.next, -1)
				}
				sc.next[int(state)*sc.nclass+int(c)] = n
			}
			state = n
		}
		out[state] = append(out[state], id)
	}
	// Breadth first: each state's missing edges are its failure state's,
	// and it reports what its failure state reports.
	fail := make([]int32, len(out))
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
		out[state] = append(out[state], out[fail[state]]...)
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
	sc.outAt = make([]int32, len(out)+1)
	for state, ids := range out {
		sc.outIDs = append(sc.outIDs, ids...)
		sc.outAt[state+1] = int32(len(sc.outIDs))
	}
	return sc
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// scan sets the bit of each literal s contains.
func (sc *scanner) scan(s string, found []uint64) {
	state := int32(0)
	for i := 0; i < len(s); i++ {
		state = sc.next[int(state)*sc.nclass+int(sc.class[s[i]])]
		for _, id := range sc.outIDs[sc.outAt[state]:sc.outAt[state+1]] {
			found[id>>6] |= 1 << (id & 63)
		}
	}
}
