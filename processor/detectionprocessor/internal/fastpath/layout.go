package fastpath

// slotKey names an attribute conditions read: a record's or its resource's.
type slotKey struct {
	resource bool
	key      string
	index    int // of an element of a slice attribute; -1 for the attribute
}

// Layout is what the programs of a built set read of a record: the
// attributes, by slot, each with the scanner of the literals its patterns
// need, and how many expressions they judge (memos). It makes the Values
// records are read into.
type Layout struct {
	keys     []slotKey       // by slot
	literals []*slotLiterals // by slot
	memos    int
}
