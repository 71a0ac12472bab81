package fastpath

import "go.opentelemetry.io/collector/pdata/pcommon"

// Gate is what a rule's condition cannot hold without, checked before
// anything else of the rule: attributes it requires (a container id, a
// command line) and literals one of its patterns needs (a command line
// must say "curl" or "wget"), a bit test after the attribute's one scan.
// Most rules are skipped this way for most records without a visit.
type Gate struct {
	present []int // slots that must be present
	pattern *patternGate
}

type patternGate struct {
	slot int
	lits *literals
}

// Open says whether the rule may fire on the record.
func (g *Gate) Open(v *Values) bool {
	if g == nil {
		return true
	}
	for _, slot := range g.present {
		if _, ok := v.get(slot); !ok {
			return false
		}
	}
	if p := g.pattern; p != nil {
		val, ok := v.get(p.slot)
		if ok && val.Type() == pcommon.ValueTypeStr {
			found, ascii := v.literalsIn(p.slot, val.Str())
			return p.lits.match(found, ascii)
		}
	}
	return true
}

// Gate reads the program's gate from the conjuncts of its top "and" (or
// its only term): presence tests, and a pattern with strong literals or an
// "or" of such patterns on one attribute. Nil when it has neither, or for
// a nil program.
func (p *Program) Gate() *Gate {
	if p == nil {
		return nil
	}
	conjuncts := []*node{&p.root}
	if p.root.kind == nodeAll {
		conjuncts = conjuncts[:0]
		for i := range p.root.children {
			conjuncts = append(conjuncts, &p.root.children[i])
		}
	}
	g := &Gate{}
	for _, n := range conjuncts {
		if n.kind == nodeTerm && n.term.kind == termPresent {
			g.present = append(g.present, n.term.slot)
		} else if g.pattern == nil {
			if slot, lits, ok := requiredPattern(n); ok {
				lits.masks()
				g.pattern = &patternGate{slot: slot, lits: lits}
			}
		}
	}
	if len(g.present) == 0 && g.pattern == nil {
		return nil
	}
	return g
}

// requiredPattern is a pattern with strong literals a node requires.
func requiredPattern(n *node) (int, *literals, bool) {
	switch n.kind {
	case nodeTerm:
		t := n.term
		if t.kind == termMatch && t.re != nil && t.lits != nil && !t.lits.weak() {
			return t.slot, t.lits, true
		}
	case nodeAll:
		for i := range n.children {
			if slot, lits, ok := requiredPattern(&n.children[i]); ok {
				return slot, lits, true
			}
		}
	case nodeAny:
		group := make([]*literals, 0, len(n.children))
		slot := -1
		for i := range n.children {
			s, lits, ok := requiredPattern(&n.children[i])
			if !ok || (slot >= 0 && s != slot) {
				return 0, nil, false
			}
			slot = s
			group = append(group, lits)
		}
		return slot, &literals{each: [][]*literals{group}}, true
	}
	return 0, nil, false
}
