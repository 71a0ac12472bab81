package rules

import "go.opentelemetry.io/collector/pdata/pcommon"

// slotKey names an attribute conditions read: a record's or its resource's.
type slotKey struct {
	resource bool
	key      string
}

// slots numbers the attributes the prefilters of a set read, so that each
// is looked up in a record once however many conditions test it (a
// pcommon.Map lookup is a scan of the record's attributes), and scanned
// once for the literals all its expressions need.
type slots struct {
	index    map[slotKey]int
	literals []*slotLiterals // by slot
	memos    map[string]int  // expression → its memo
}

func newSlots() *slots { return &slots{index: map[slotKey]int{}, memos: map[string]int{}} }

// memo numbers an expression's text.
func (s *slots) memo(expr string) int {
	n, ok := s.memos[expr]
	if !ok {
		n = len(s.memos)
		s.memos[expr] = n
	}
	return n
}

func (s *slots) of(resource bool, key string) int {
	k := slotKey{resource, key}
	n, ok := s.index[k]
	if !ok {
		n = len(s.index)
		s.index[k] = n
		s.literals = append(s.literals, &slotLiterals{})
	}
	return n
}

// build makes each slot's literal scanners, once every condition is read.
func (s *slots) build() {
	for _, sl := range s.literals {
		sl.build()
	}
}

// Values is one record as the prefilters read it: its event name and each
// slotted attribute, fetched on first use. One Values serves record after
// record (Reset); it is not safe for concurrent use.
type Values struct {
	event           string
	resource, attrs pcommon.Map
	keys            []slotKey
	vals            []pcommon.Value
	state           []uint8 // 0 not fetched, 1 absent, 2 present
	literals        []*slotLiterals
	scanned         []uint8    // 0 not scanned, 1 scanned, 2 scanned and ASCII
	found           [][]uint64 // the literals each slot's value contains
	memo            []uint8    // each expression's verdict + 1; 0 not evaluated
}

// NewValues makes the Values the set's prefilters read.
func (s *Set) NewValues() *Values {
	n := len(s.slots.index)
	v := &Values{keys: make([]slotKey, n), vals: make([]pcommon.Value, n), state: make([]uint8, n),
		literals: s.slots.literals, scanned: make([]uint8, n), found: make([][]uint64, n),
		memo: make([]uint8, len(s.slots.memos))}
	for k, i := range s.slots.index {
		v.keys[i] = k
		v.found[i] = make([]uint64, s.slots.literals[i].words())
	}
	return v
}

// Reset points v at another record.
func (v *Values) Reset(event string, resource, attrs pcommon.Map) {
	v.event, v.resource, v.attrs = event, resource, attrs
	clear(v.state)
	clear(v.scanned)
	clear(v.memo)
}

// literalsIn returns the literals of the slot that its value s contains,
// scanning s the first time, and whether s is ASCII.
func (v *Values) literalsIn(slot int, s string) (found []uint64, ascii bool) {
	if v.scanned[slot] == 0 {
		clear(v.found[slot])
		v.literals[slot].scan(s, v.found[slot])
		v.scanned[slot] = 1
		if isASCII(s) {
			v.scanned[slot] = 2
		}
	}
	return v.found[slot], v.scanned[slot] == 2
}

// Get returns a slotted attribute of the record; false when absent.
func (v *Values) Get(slot int) (pcommon.Value, bool) { return v.get(slot) }

func (v *Values) get(slot int) (pcommon.Value, bool) {
	switch v.state[slot] {
	case 1:
		return pcommon.Value{}, false
	case 2:
		return v.vals[slot], true
	}
	k := v.keys[slot]
	m := v.attrs
	if k.resource {
		m = v.resource
	}
	val, ok := m.Get(k.key)
	if ok && val.Type() == pcommon.ValueTypeEmpty {
		ok = false // OTTL reads an empty value as nil
	}
	v.state[slot] = 1
	if ok {
		v.vals[slot], v.state[slot] = val, 2
	}
	return val, ok
}
