// Package fastpath evaluates in Go what it can read of a rule's OTTL
// condition, so that OTTL runs only for the rest. A Builder reads the
// conditions of a rule set (their text, lists and macros expanded) into
// programs that share what they read of a record: each attribute is looked
// up once (a slot), scanned once for the literal text every pattern on it
// needs, and each expression common to several conditions is judged once.
// A program's verdict is exact where it says Yes or No — OTTL would say the
// same — and Maybe where it could not read enough; a gate is what a rule's
// condition cannot hold without, checked before anything else of the rule.
//
// The package knows nothing of rule files: the rules package compiles them,
// the engine asks this one for each condition's program and gate.
package fastpath

// Program is a condition's Go evaluation: equalities, list membership,
// presence, patterns, the event name, and the and/or/not that combine
// them. What it cannot read (a Len, an arithmetic, an attribute of an
// unexpected type) it leaves to OTTL by saying Maybe. Records that match
// nothing are thus rejected without OTTL and without allocating, and most
// matches are confirmed the same way.
type Program struct {
	root node
}

// Verdict is a program's answer.
type Verdict int8

// Verdicts.
const (
	No Verdict = iota
	Maybe
	Yes
)

// Eval judges a record. A nil program says Maybe.
func (p *Program) Eval(v *Values) Verdict {
	if p == nil {
		return Maybe
	}
	return p.root.eval(v)
}

type nodeKind int

const (
	nodeAll     nodeKind = iota // and
	nodeAny                     // or
	nodeNot                     // not
	nodeTerm                    // a comparison read in Go
	nodeUnknown                 // what only OTTL can evaluate
)

type node struct {
	kind     nodeKind
	children []node
	term     *term // a nodeTerm's
	// memo numbers the expression among the set's: the same text (a
	// shared macro, a common test) is evaluated once per record.
	memo int
	// unknown: the node is, or holds, what only OTTL evaluates — which
	// may fail. afterUnknown: a sibling written before it is unknown, so
	// OTTL, going left to right, may fail before reaching it.
	unknown, afterUnknown bool
}

func (n *node) eval(v *Values) Verdict {
	if m := v.memo[n.memo]; m.gen == v.gen {
		return Verdict(m.fact)
	}
	out := n.evalOnce(v)
	v.memo[n.memo] = known{v.gen, uint8(out)}
	return out
}

func (n *node) evalOnce(v *Values) Verdict {
	switch n.kind {
	case nodeAll:
		out := Yes
		for i := range n.children {
			switch n.children[i].eval(v) {
			case No:
				return No
			case Maybe:
				out = Maybe
			}
		}
		return out
	case nodeAny:
		out := No
		for i := range n.children {
			c := &n.children[i]
			switch c.eval(v) {
			case Yes:
				if !c.afterUnknown {
					return Yes
				}
				out = Maybe // OTTL may fail on an earlier branch first
			case Maybe:
				out = Maybe
			}
		}
		return out
	case nodeNot:
		if n.children[0].unknown {
			return Maybe // a No there may be OTTL failing, which not does not turn into yes
		}
		return Yes - n.children[0].eval(v) // Yes↔No, Maybe stays
	case nodeTerm:
		if n.term.kind == termEvent {
			return verdict(v.event == n.term.strs[0])
		}
		return n.term.eval(v)
	}
	return Maybe
}

func verdict(b bool) Verdict {
	if b {
		return Yes
	}
	return No
}
