package fastpath

// slotLiterals numbers the literals expressions need of one attribute
// and scans a value of it for all of them at once.
type slotLiterals struct {
	ids        map[foldedLiteral]int32
	scanner    *scanner
	registered []*literals
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
	var lits []string
	var ids []int32
	for k, id := range sl.ids {
		lits, ids = append(lits, k.text), append(ids, id)
	}
	if len(lits) > 0 {
		sl.scanner = newScanner(lits, ids)
	}
	for _, l := range sl.registered {
		l.masks()
	}
}

// words is the size of a bit set of the slot's literals.
func (sl *slotLiterals) words() int { return (len(sl.ids) + 63) / 64 }

// scan fills found (zeroed) with the literals s contains.
func (sl *slotLiterals) scan(s string, found []uint64) {
	if sl.scanner != nil {
		sl.scanner.scan(s, found)
	}
}
