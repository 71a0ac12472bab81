package rules

import "go.opentelemetry.io/collector/pdata/pcommon"

// slotKey names an attribute conditions read: a record's or its resource's.
type slotKey struct {
	resource bool
	key      string
}

// slots numbers the attributes the prefilters of a set read, so that each
// is looked up in a record once however many conditions test it (a
// pcommon.Map lookup is a scan of the record's attributes).
type slots map[slotKey]int

func (s slots) of(resource bool, key string) int {
	k := slotKey{resource, key}
	n, ok := s[k]
	if !ok {
		n = len(s)
		s[k] = n
	}
	return n
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
}

// NewValues makes the Values the set's prefilters read.
func (s *Set) NewValues() *Values {
	keys := make([]slotKey, len(s.slots))
	for k, n := range s.slots {
		keys[n] = k
	}
	return &Values{keys: keys, vals: make([]pcommon.Value, len(keys)), state: make([]uint8, len(keys))}
}

// Reset points v at another record.
func (v *Values) Reset(event string, resource, attrs pcommon.Map) {
	v.event, v.resource, v.attrs = event, resource, attrs
	clear(v.state)
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
