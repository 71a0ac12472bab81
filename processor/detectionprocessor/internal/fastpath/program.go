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
	return p.root.eval(v).verdict()
}

// outcome is a node's verdict on a record, and whether OTTL may fail there
// (where the verdict is No or Maybe): OTTL evaluates left to right and
// stops at the first failure, and a failing condition does not hold. So a
// not turns only a No that cannot be a failure into Yes, and an or's Yes
// counts only when no branch written before it may fail first. A Yes is
// never a failure.
type outcome uint8

// mayFail is the outcome's failure bit, over its verdict.
const mayFail outcome = 4

func (o outcome) verdict() Verdict { return Verdict(o &^ mayFail) }

func (o outcome) fails() bool { return o&mayFail != 0 }

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
	children []node // sorted by cost
	term     *term  // a nodeTerm's
	// memo numbers the expression among the set's: the same text (a
	// shared macro, a common test) is evaluated once per record.
	memo int
	// pos is the node's place among its siblings as written: the order
	// OTTL evaluates them in.
	pos int
	// canFail: the node is, or holds, what OTTL may fail on (a function of
	// an absent attribute, what only OTTL reads). failsBefore: a sibling
	// written before it can fail, so OTTL may fail before reaching it.
	canFail, failsBefore bool
}

func (n *node) eval(v *Values) outcome {
	if m := v.memo[n.memo]; m.gen == v.gen {
		return outcome(m.fact)
	}
	out := n.evalOnce(v)
	v.memo[n.memo] = known{v.gen, uint8(out)}
	return out
}

func (n *node) evalOnce(v *Values) outcome {
	switch n.kind {
	case nodeAll:
		out, fails := outcome(Yes), outcome(0)
		for i := range n.children {
			c := &n.children[i]
			o := c.eval(v)
			switch o.verdict() {
			case No:
				if c.failsBefore {
					return outcome(No) | mayFail // OTTL may fail on an earlier conjunct first
				}
				return o
			case Maybe:
				out = outcome(Maybe)
			}
			fails |= o & mayFail
		}
		return out | fails
	case nodeAny:
		out, fails := outcome(No), outcome(0)
		for i := range n.children {
			c := &n.children[i]
			o := c.eval(v)
			switch o.verdict() {
			case Yes:
				if !c.failsBefore || n.noneFailsBefore(c.pos, v) {
					return o
				}
				out, fails = outcome(Maybe), mayFail // OTTL fails on an earlier branch first
			case Maybe:
				out = outcome(Maybe)
			}
			fails |= o & mayFail
		}
		return out | fails
	case nodeNot:
		o := n.children[0].eval(v)
		switch o.verdict() {
		case Yes:
			return outcome(No)
		case No:
			if o.fails() {
				return outcome(Maybe) | mayFail // not does not turn OTTL failing into yes
			}
			return outcome(Yes)
		}
		return o
	case nodeTerm:
		if n.term.kind == termEvent {
			return outcome(verdict(v.event == n.term.strs[0]))
		}
		return n.term.eval(v)
	}
	return outcome(Maybe) | mayFail
}

// noneFailsBefore says whether OTTL fails on none of the children written
// before pos, on this record.
func (n *node) noneFailsBefore(pos int, v *Values) bool {
	for i := range n.children {
		if c := &n.children[i]; c.pos < pos && c.eval(v).fails() {
			return false
		}
	}
	return true
}

func verdict(b bool) Verdict {
	if b {
		return Yes
	}
	return No
}
