package fastpath

import "strings"

// Builder reads the conditions of a rule set into programs. It numbers
// what they read, so that a record is read once for all of them: each
// attribute (a slot: a pcommon.Map lookup is a scan of the record's
// attributes), the literals patterns need of it (found by one scan), and
// each expression's text (a memo: a shared macro is judged once). Build
// ends the reading and gives the Layout records are read with.
type Builder struct {
	slots    map[slotKey]int
	literals []*slotLiterals // by slot
	memos    map[string]int  // expression → its memo
	programs map[string]*Program
	built    bool
}

// NewBuilder starts reading a set's conditions.
func NewBuilder() *Builder {
	return &Builder{slots: map[slotKey]int{}, memos: map[string]int{}, programs: map[string]*Program{}}
}

// Program reads an expanded condition (lists and macros replaced by what
// they name); nil when nothing of it can be evaluated in Go. The same text
// is the same program.
func (b *Builder) Program(condition string) *Program {
	b.reading()
	if p, ok := b.programs[condition]; ok {
		return p
	}
	var p *Program
	if n := b.node(condition); n.kind != nodeUnknown {
		p = &Program{root: n}
	}
	b.programs[condition] = p
	return p
}

// Attribute is the slot of an expression that is an attribute alone
// (attributes["k"], resource.attributes["k"]), read with Values.Get
// without OTTL; -1 for any other expression.
func (b *Builder) Attribute(expr string) int {
	b.reading()
	m := plainAttribute.FindStringSubmatch(strings.TrimSpace(expr))
	if m == nil {
		return -1
	}
	key, ok := unquoteStrict(m[2])
	if !ok {
		return -1
	}
	return b.slot(m[1] != "", key)
}

// Build makes each slot's literal scanner, once every condition is read,
// and returns the layout of the Values the programs read. The builder
// reads nothing more: a literal numbered after its slot's scanner is made
// would never be found.
func (b *Builder) Build() *Layout {
	b.reading()
	b.built = true
	l := &Layout{keys: make([]slotKey, len(b.slots)), literals: b.literals, memos: len(b.memos)}
	for k, i := range b.slots {
		l.keys[i] = k
	}
	for _, sl := range b.literals {
		sl.build()
	}
	return l
}

func (b *Builder) reading() {
	if b.built {
		panic("fastpath: the builder is built; it reads no more conditions")
	}
}

// memo numbers an expression's text.
func (b *Builder) memo(expr string) int {
	n, ok := b.memos[expr]
	if !ok {
		n = len(b.memos)
		b.memos[expr] = n
	}
	return n
}

// slot numbers an attribute of the record (resource false) or of its
// resource.
func (b *Builder) slot(resource bool, key string) int { return b.element(resource, key, -1) }

// element numbers one element of a slice attribute (attributes["k"][1]).
func (b *Builder) element(resource bool, key string, index int) int {
	k := slotKey{resource, key, index}
	n, ok := b.slots[k]
	if !ok {
		n = len(b.slots)
		b.slots[k] = n
		b.literals = append(b.literals, &slotLiterals{})
	}
	return n
}
