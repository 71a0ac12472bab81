package fastpath

import (
	"slices"
	"strings"
)

// node reads an expression: "or"s of "and"s of terms, any of them
// negated or parenthesized. What it cannot read is an unknown node.
func (b *Builder) node(expr string) node {
	expr = unwrap(strings.TrimSpace(expr))
	n := b.nodeOnce(expr)
	n.memo = b.memo(expr)
	return n
}

func (b *Builder) nodeOnce(expr string) node {
	for _, op := range []struct {
		word string
		kind nodeKind
	}{{"or", nodeAny}, {"and", nodeAll}} {
		parts := splitTop(expr, op.word)
		if len(parts) < 2 {
			continue
		}
		n := node{kind: op.kind}
		known := false
		for i, p := range parts {
			c := b.node(p)
			known = known || c.kind != nodeUnknown
			c.pos, c.failsBefore = i, n.canFail
			n.canFail = n.canFail || c.canFail
			n.children = append(n.children, c)
		}
		if !known {
			return node{kind: nodeUnknown, canFail: true}
		}
		sortByCost(n.children)
		return n
	}
	if rest, ok := strings.CutPrefix(expr, "not "); ok {
		inner := b.node(rest)
		if inner.kind == nodeUnknown {
			return inner
		}
		return node{kind: nodeNot, children: []node{inner}, canFail: inner.canFail}
	}
	if m := notEqualRe.FindStringSubmatch(expr); m != nil {
		// a != b is not (a == b), nil included: nil != "x" holds.
		equal := m[1] + " == " + m[4]
		if t, ok := b.term(equal); ok {
			return node{kind: nodeNot, children: []node{{kind: nodeTerm, term: &t, memo: b.memo(equal)}}}
		}
	}
	if t, ok := b.term(expr); ok {
		return node{kind: nodeTerm, term: &t, canFail: t.canFail()}
	}
	return node{kind: nodeUnknown, canFail: true}
}

// sortByCost puts the cheap checks (an equality, a set lookup) before the
// dear ones (a regular expression), so a record is rejected, or a branch
// accepted, for as little as possible.
func sortByCost(nodes []node) {
	slices.SortStableFunc(nodes, func(a, b node) int { return a.cost() - b.cost() })
}

func (n *node) cost() int {
	switch n.kind {
	case nodeUnknown:
		return 1000 // always Maybe: asked last
	case nodeNot:
		return n.children[0].cost()
	}
	if n.kind != nodeTerm {
		sum := 0
		for i := range n.children {
			sum += n.children[i].cost()
		}
		return sum
	}
	switch n.term.kind {
	case termMatch:
		switch {
		case n.term.re == nil:
			return 3
		case n.term.lits == nil:
			return 100 // the expression runs on every string
		case n.term.lits.weak():
			return 60 // "-" or "/": in nearly every string, the expression runs
		}
		return 3 + n.term.lits.size() // the literals reject most strings first
	case termStrEqual:
		return 2
	}
	return 1
}
