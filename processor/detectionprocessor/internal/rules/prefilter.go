package rules

import (
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Prefilter evaluates, in Go, what it can read of a rule's OTTL
// condition: equalities, list membership, presence, patterns, the event
// name, and the and/or/not that combine them. Its verdict is exact where
// it says Yes or No — OTTL would say the same — and Maybe where it could
// not read enough (a Len, an arithmetic, an attribute of an unexpected
// type); only then does OTTL run. Records that match nothing are thus
// rejected without OTTL and without allocating, and most matches are
// confirmed the same way.
type Prefilter struct {
	root node
}

// Verdict is a prefilter's answer.
type Verdict int8

// Verdicts.
const (
	No Verdict = iota
	Maybe
	Yes
)

// Eval judges a record. A nil prefilter says Maybe.
func (p *Prefilter) Eval(v *Values) Verdict {
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

type termKind int

const (
	termPresent   termKind = iota // != nil
	termStrEqual                  // == "x", or in a list of strings
	termIntEqual                  // == 3, or in a list of integers
	termBoolEqual                 // == true
	termMatch                     // IsMatch, HasPrefix, HasSuffix on a string
	termHas                       // a string slice attribute holds a string
	termEvent                     // event_name == "x"
	termCIDR                      // IsInCIDR
	termSubstring                 // ContainsValue(list, ExtractPatterns(…)[…]): a list item is in the string
)

type term struct {
	kind     termKind
	slot     int // of the attribute compared
	strs     []string
	set      map[string]struct{} // strs, when there are many
	ints     []int64
	boolean  bool
	lower    bool // compared as ConvertCase(…, "lower"): the strings are lower case
	re       *regexp.Regexp
	lits     *literals // what re needs, checked first
	prefix   string
	suffix   string
	prefixes []netip.Prefix
}

// eval judges one comparison as OTTL would: a missing attribute is nil,
// which equals no string, number or bool and is in no list; values of an
// unexpected type (a double for an integer, bytes for a string, a
// non-ASCII string for a case-folded list) are left to OTTL.
func (t *term) eval(values *Values) Verdict {
	v, ok := values.get(t.slot)
	if !ok {
		switch {
		case t.lower: // ConvertCase fails on nil
		case t.kind == termPresent, t.kind == termStrEqual, t.kind == termIntEqual, t.kind == termBoolEqual:
			return No
		}
		return Maybe // what the functions make of nil is theirs to say
	}
	switch t.kind {
	case termPresent:
		if v.Type() == pcommon.ValueTypeBytes && v.Bytes().Len() == 0 {
			return Maybe // OTTL reads empty bytes as a nil slice
		}
		return Yes
	case termStrEqual:
		if t.lower && v.Type() != pcommon.ValueTypeStr {
			return Maybe // ConvertCase fails on what is not a string
		}
		switch v.Type() {
		case pcommon.ValueTypeStr:
		case pcommon.ValueTypeInt, pcommon.ValueTypeDouble, pcommon.ValueTypeBool:
			return No // OTTL does not equate them with strings
		default:
			return Maybe
		}
		s := v.Str()
		if t.lower {
			if !isASCII(s) {
				return Maybe
			}
			for _, want := range t.strs {
				if equalLowerASCII(s, want) {
					return Yes
				}
			}
			return No
		}
		if t.set != nil {
			_, ok := t.set[s]
			return verdict(ok)
		}
		return verdict(slices.Contains(t.strs, s))
	case termIntEqual:
		switch v.Type() {
		case pcommon.ValueTypeInt:
			return verdict(slices.Contains(t.ints, v.Int()))
		case pcommon.ValueTypeStr, pcommon.ValueTypeBool:
			return No
		}
		return Maybe
	case termBoolEqual:
		switch v.Type() {
		case pcommon.ValueTypeBool:
			return verdict(v.Bool() == t.boolean)
		case pcommon.ValueTypeStr, pcommon.ValueTypeInt, pcommon.ValueTypeDouble:
			return No
		}
		return Maybe
	case termHas:
		if v.Type() != pcommon.ValueTypeSlice {
			return Maybe
		}
		items := v.Slice()
		for i := range items.Len() {
			if item := items.At(i); item.Type() == pcommon.ValueTypeStr && item.Str() == t.strs[0] {
				return Yes
			}
		}
		return No
	case termCIDR:
		if v.Type() != pcommon.ValueTypeStr {
			return Maybe
		}
		return t.inCIDR(v.Str())
	case termSubstring:
		if v.Type() != pcommon.ValueTypeStr {
			return Maybe
		}
		// What is extracted is part of the string: when no item is in it,
		// none can be extracted; else the pattern may extract one, OTTL
		// tells.
		if found, ascii := values.literalsIn(t.slot, v.Str()); !t.lits.match(found, ascii) {
			return No
		}
		return Maybe
	case termMatch:
		if v.Type() != pcommon.ValueTypeStr {
			return Maybe // converted by OTTL, or an error there
		}
		s := v.Str()
		switch {
		case t.re != nil:
			if t.lits != nil {
				if found, ascii := values.literalsIn(t.slot, s); !t.lits.match(found, ascii) {
					return No
				}
			}
			return verdict(t.re.MatchString(s))
		case t.prefix != "":
			return verdict(strings.HasPrefix(s, t.prefix))
		default:
			return verdict(strings.HasSuffix(s, t.suffix))
		}
	}
	return Maybe
}

// equalLowerASCII says whether the ASCII string s, lower-cased, is want.
func equalLowerASCII(s, want string) bool {
	if len(s) != len(want) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != want[i] {
			return false
		}
	}
	return true
}

// inCIDR is OTTL's IsInCIDR (net.ParseIP, net.IPNet.Contains) without
// allocating: an address with a zone is no address; an IPv4 address, also
// written as IPv4-mapped IPv6, is only in IPv4 networks.
func (t *term) inCIDR(s string) Verdict {
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" {
		return No
	}
	addr = addr.Unmap()
	for _, p := range t.prefixes {
		if p.Addr().Is4() == addr.Is4() && p.Contains(addr) {
			return Yes
		}
	}
	return No
}

// derivePrefilter reads an expanded condition; nil when nothing of it
// can be evaluated in Go.
func derivePrefilter(condition string, sl *slots) *Prefilter {
	n := deriveNode(condition, sl)
	if n.kind == nodeUnknown {
		return nil
	}
	return &Prefilter{root: n}
}

// deriveNode reads an expression: "or"s of "and"s of terms, any of them
// negated or parenthesized. What it cannot read is an unknown node.
func deriveNode(expr string, sl *slots) node {
	expr = unwrap(strings.TrimSpace(expr))
	n := deriveNodeOnce(expr, sl)
	n.memo = sl.memo(expr)
	return n
}

func deriveNodeOnce(expr string, sl *slots) node {
	for _, op := range []struct {
		word string
		kind nodeKind
	}{{"or", nodeAny}, {"and", nodeAll}} {
		parts := splitTop(expr, op.word)
		if len(parts) < 2 {
			continue
		}
		n := node{kind: op.kind}
		known, before := false, false
		for _, p := range parts {
			c := deriveNode(p, sl)
			known = known || c.kind != nodeUnknown
			c.afterUnknown = before
			before = before || c.unknown
			n.unknown = n.unknown || c.unknown
			n.children = append(n.children, c)
		}
		if !known {
			return node{kind: nodeUnknown, unknown: true}
		}
		sortByCost(n.children)
		return n
	}
	if rest, ok := strings.CutPrefix(expr, "not "); ok {
		inner := deriveNode(rest, sl)
		if inner.kind == nodeUnknown {
			return inner
		}
		return node{kind: nodeNot, children: []node{inner}, unknown: inner.unknown}
	}
	if m := notEqualRe.FindStringSubmatch(expr); m != nil {
		// a != b is not (a == b), nil included: nil != "x" holds.
		equal := m[1] + " == " + m[4]
		if t, ok := parseTerm(equal, sl); ok {
			return node{kind: nodeNot, children: []node{{kind: nodeTerm, term: &t, memo: sl.memo(equal)}}}
		}
	}
	if t, ok := parseTerm(expr, sl); ok {
		// ConvertCase fails on an absent attribute, which is common: for
		// the or and not around it, it is as unknown as what OTTL alone
		// reads.
		return node{kind: nodeTerm, term: &t, unknown: t.lower}
	}
	return node{kind: nodeUnknown, unknown: true}
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

var (
	attrPath   = `(resource\.)?attributes\["((?:[^"\\]|\\.)*)"\]`
	stringLit  = `"((?:[^"\\]|\\.)*)"`
	presentRe  = regexp.MustCompile(`^` + attrPath + `\s*!=\s*nil$`)
	equalRe    = regexp.MustCompile(`^` + attrPath + `\s*==\s*(` + stringLit + `|-?\d+|true|false)$`)
	listRe     = regexp.MustCompile(`^ContainsValue\(\s*\[(.*)\]\s*,\s*` + attrPath + `\s*\)$`)
	lowerRe    = regexp.MustCompile(`^ContainsValue\(\s*\[(.*)\]\s*,\s*ConvertCase\(\s*` + attrPath + `\s*,\s*"lower"\s*\)\s*\)$`)
	notEqualRe = regexp.MustCompile(`^(` + attrPath + `)\s*!=\s*(` + stringLit + `|-?\d+|true|false)$`)
	eventRe    = regexp.MustCompile(`^event_name\s*==\s*` + stringLit + `$`)
	cidrRe     = regexp.MustCompile(`^IsInCIDR\(\s*` + attrPath + `\s*,\s*\[(.*)\]\s*\)$`)
	extractRe  = regexp.MustCompile(`^ContainsValue\(\s*\[(.*)\]\s*,\s*ExtractPatterns\(\s*` + attrPath + `(?:\[(\d+)\])?\s*,\s*` + stringLit + `\s*\)\[` + stringLit + `\]\s*\)$`)
	stringItem = regexp.MustCompile(`^` + stringLit + `$`)
	hasRe      = regexp.MustCompile(`^ContainsValue\(\s*` + attrPath + `\s*,\s*` + stringLit + `\s*\)$`)
	funcRe     = regexp.MustCompile(`^(IsMatch|HasPrefix|HasSuffix)\(\s*` + attrPath + `\s*,\s*` + stringLit + `\s*\)$`)
)

// parseTerm reads one comparison the prefilter can check in Go.
func parseTerm(expr string, sl *slots) (term, bool) {
	bad := false
	strict := func(s string) string {
		u, ok := unquoteStrict(s)
		bad = bad || !ok
		return u
	}
	t, ok := parseTermWith(expr, sl, strict)
	return t, ok && !bad
}

func parseTermWith(expr string, sl *slots, unquote func(string) string) (term, bool) {
	if m := presentRe.FindStringSubmatch(expr); m != nil {
		return term{kind: termPresent, slot: sl.of(m[1] != "", unquote(m[2]))}, true
	}
	if m := equalRe.FindStringSubmatch(expr); m != nil {
		t := term{slot: sl.of(m[1] != "", unquote(m[2]))}
		switch lit := m[3]; {
		case strings.HasPrefix(lit, `"`):
			t.kind, t.strs = termStrEqual, []string{unquote(m[4])}
		case lit == "true" || lit == "false":
			t.kind, t.boolean = termBoolEqual, lit == "true"
		default:
			i, ok := decimal(lit)
			if !ok {
				return term{}, false
			}
			t.kind, t.ints = termIntEqual, []int64{i}
		}
		return t, true
	}
	if m := listRe.FindStringSubmatch(expr); m != nil {
		t := term{slot: sl.of(m[2] != "", unquote(m[3]))}
		strs, ints, ok := parseListLiteral(m[1])
		switch {
		case !ok:
			return term{}, false
		case ints != nil:
			t.kind, t.ints = termIntEqual, ints
		default:
			t.kind, t.strs = termStrEqual, strs
			if len(strs) > 8 {
				t.set = make(map[string]struct{}, len(strs))
				for _, s := range strs {
					t.set[s] = struct{}{}
				}
			}
		}
		return t, true
	}
	if m := cidrRe.FindStringSubmatch(expr); m != nil {
		strs, _, ok := parseListLiteral(m[3])
		if !ok || strs == nil {
			return term{}, false
		}
		t := term{kind: termCIDR, slot: sl.of(m[1] != "", unquote(m[2]))}
		for _, cidr := range strs {
			p, err := netip.ParsePrefix(cidr)
			if err != nil || p.Addr().Is4In6() || p.Addr().Zone() != "" {
				return term{}, false // net's reading of these differs: OTTL's
			}
			t.prefixes = append(t.prefixes, p.Masked())
		}
		return t, true
	}
	if m := extractRe.FindStringSubmatch(expr); m != nil {
		strs, _, ok := parseListLiteral(m[1])
		if !ok || strs == nil {
			return term{}, false
		}
		index := -1
		if m[4] != "" {
			index, _ = strconv.Atoi(m[4])
		}
		t := term{kind: termSubstring, slot: sl.element(m[2] != "", unquote(m[3]), index)}
		t.lits = &literals{each: [][]*literals{{}}}
		for _, item := range strs {
			if item == "" {
				return term{}, false // in every string
			}
			t.lits.each[0] = append(t.lits.each[0], &literals{all: []string{item}})
		}
		t.lits.register(sl.literals[t.slot])
		return t, true
	}
	if m := eventRe.FindStringSubmatch(expr); m != nil {
		return term{kind: termEvent, strs: []string{unquote(m[1])}}, true
	}
	if m := lowerRe.FindStringSubmatch(expr); m != nil {
		strs, _, ok := parseListLiteral(m[1])
		if !ok || strs == nil {
			return term{}, false
		}
		for _, s := range strs {
			if s != strings.ToLower(s) {
				return term{}, false // an item ConvertCase can never produce: leave it to OTTL
			}
		}
		return term{kind: termStrEqual, lower: true, slot: sl.of(m[2] != "", unquote(m[3])), strs: strs}, true
	}
	if m := hasRe.FindStringSubmatch(expr); m != nil {
		return term{kind: termHas, slot: sl.of(m[1] != "", unquote(m[2])), strs: []string{unquote(m[3])}}, true
	}
	if m := funcRe.FindStringSubmatch(expr); m != nil {
		t := term{kind: termMatch, slot: sl.of(m[2] != "", unquote(m[3]))}
		arg := unquote(m[4])
		switch m[1] {
		case "IsMatch":
			re, err := regexp.Compile(arg)
			if err != nil {
				return term{}, false
			}
			t.re, t.lits = re, requiredLiterals(arg)
			if t.lits != nil {
				t.lits.register(sl.literals[t.slot])
			}
		case "HasPrefix":
			if arg == "" {
				return term{}, false
			}
			t.prefix = arg
		case "HasSuffix":
			if arg == "" {
				return term{}, false
			}
			t.suffix = arg
		}
		return t, true
	}
	return term{}, false
}

// parseListLiteral reads the items of a list literal: all strings or all
// integers.
func parseListLiteral(items string) (strs []string, ints []int64, ok bool) {
	for _, item := range splitTop(items, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if m := stringItem.FindStringSubmatch(item); m != nil {
			text, ok := unquoteStrict(m[1])
			if ints != nil || !ok {
				return nil, nil, false
			}
			strs = append(strs, text)
			continue
		}
		i, ok := decimal(item)
		if !ok || strs != nil {
			return nil, nil, false
		}
		ints = append(ints, i)
	}
	return strs, ints, strs != nil || ints != nil
}

// decimal reads an integer literal as OTTL does, when it reads it in base
// 10: no leading zero (OTTL reads 010 as octal).
func decimal(lit string) (int64, bool) {
	digits := strings.TrimPrefix(lit, "-")
	if digits == "" || len(digits) > 1 && digits[0] == '0' {
		return 0, false
	}
	i, err := strconv.ParseInt(lit, 10, 64)
	return i, err == nil
}

// unquoteStrict reads the inside of an OTTL string literal when its only
// escapes are \" and \\, which every reading agrees on; false otherwise
// (OTTL's reading of \xff or of control characters is its own).
func unquoteStrict(s string) (string, bool) {
	if !strings.ContainsAny(s, "\\\n\r\t") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < ' ':
			return "", false
		case c == '\\':
			if i+1 >= len(s) || (s[i+1] != '"' && s[i+1] != '\\') {
				return "", false
			}
			i++
			c = s[i]
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// unwrap removes parentheses around the whole expression.
func unwrap(expr string) string {
	for strings.HasPrefix(expr, "(") && closing(expr, 0) == len(expr)-1 {
		expr = strings.TrimSpace(expr[1 : len(expr)-1])
	}
	return expr
}

// closing is the index of the bracket closing the one at open, outside
// strings; -1 when unbalanced.
func closing(s string, open int) int {
	for i, depth := range outsideStrings(s[open:]) {
		if depth == 0 {
			return open + i
		}
	}
	return -1
}

// splitTop splits s at sep outside strings and brackets: a keyword (and,
// or) only as a whole word, a comma anywhere.
func splitTop(s, sep string) []string {
	var parts []string
	last := 0
	word := sep != ","
	for i, depth := range outsideStrings(s) {
		if depth != 0 || i < last || !strings.HasPrefix(s[i:], sep) {
			continue
		}
		end := i + len(sep)
		if word && (i == 0 || !wordBefore(s[i-1]) || end >= len(s) || !wordAfter(s[end])) {
			continue
		}
		parts = append(parts, s[last:i])
		last = end
	}
	return append(parts, s[last:])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// wordBefore and wordAfter say whether a keyword (and, or) may be preceded
// or followed by c: OTTL's lexer also reads `)or(`.
func wordBefore(c byte) bool { return isSpace(c) || c == ')' || c == ']' || c == '"' }
func wordAfter(c byte) bool  { return isSpace(c) || c == '(' || c == '[' || c == '"' }
