package fastpath

import "go.opentelemetry.io/collector/pdata/pcommon"

// Values is one record as programs and gates read it: its event name and each
// slotted attribute, fetched on first use. One Values serves record after
// record (Reset); it is not safe for concurrent use.
type Values struct {
	event           string
	resource, attrs pcommon.Map
	keys            []slotKey
	vals            []pcommon.Value
	literals        []*slotLiterals
	found           [][]uint64 // the literals each slot's value contains
	// What is known of the record: entries whose generation is the
	// record's (gen), so that Reset clears nothing.
	gen     uint32
	state   []known // the slot's value: 1 absent, 2 present
	scanned []known // the slot's literals: 1 found, 2 found and ASCII
	memo    []known // each expression's verdict + 1
}

// known is a fact about the record of generation gen.
type known struct {
	gen  uint32
	fact uint8
}

// NewValues makes a Values of the layout: one per concurrent reader.
func (l *Layout) NewValues() *Values {
	n := len(l.keys)
	v := &Values{keys: l.keys, vals: make([]pcommon.Value, n), state: make([]known, n),
		literals: l.literals, scanned: make([]known, n), found: make([][]uint64, n),
		memo: make([]known, l.memos)}
	for i, sl := range l.literals {
		v.found[i] = make([]uint64, sl.words())
	}
	return v
}

// Reset points v at another record.
func (v *Values) Reset(event string, resource, attrs pcommon.Map) {
	v.event, v.resource, v.attrs = event, resource, attrs
	v.gen++
	if v.gen == 0 { // wrapped: old entries could look current
		clear(v.state)
		clear(v.scanned)
		clear(v.memo)
		v.gen = 1
	}
}

// literalsIn returns the literals of the slot that its value s contains,
// scanning s the first time, and whether s is ASCII.
func (v *Values) literalsIn(slot int, s string) (found []uint64, ascii bool) {
	if v.scanned[slot].gen != v.gen {
		clear(v.found[slot])
		v.literals[slot].scan(s, v.found[slot])
		v.scanned[slot] = known{v.gen, 1}
		if isASCII(s) {
			v.scanned[slot].fact = 2
		}
	}
	return v.found[slot], v.scanned[slot].fact == 2
}

// Get returns a slotted attribute of the record; false when absent.
func (v *Values) Get(slot int) (pcommon.Value, bool) { return v.get(slot) }

func (v *Values) get(slot int) (pcommon.Value, bool) {
	if st := v.state[slot]; st.gen == v.gen {
		return v.vals[slot], st.fact == 2
	}
	k := v.keys[slot]
	m := v.attrs
	if k.resource {
		m = v.resource
	}
	val, ok := m.Get(k.key)
	if ok && k.index >= 0 {
		// An element: absent when the attribute is no slice or too short
		// (OTTL fails there; the programs leave that to it).
		if val.Type() != pcommon.ValueTypeSlice || val.Slice().Len() <= k.index {
			ok = false
		} else {
			val = val.Slice().At(k.index)
		}
	}
	if ok && val.Type() == pcommon.ValueTypeEmpty {
		ok = false // OTTL reads an empty value as nil
	}
	v.state[slot] = known{v.gen, 1}
	if ok {
		v.vals[slot], v.state[slot].fact = val, 2
	}
	return val, ok
}
