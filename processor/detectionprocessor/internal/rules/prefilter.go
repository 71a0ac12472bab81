package rules

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Prefilter is a cheap, necessary condition read off a rule's OTTL
// condition: the facts every record the condition accepts must have (this
// attribute equals that string, is in that list, is present, matches that
// pattern). A record it rejects is not handed to OTTL at all, which is what
// keeps records that match nothing free of allocations. It never rejects a
// record the condition accepts: what it cannot read, it does not require.
type Prefilter struct {
	root node
}

// Pass says whether a record of event may satisfy the condition.
func (p *Prefilter) Pass(event string, resource, attrs pcommon.Map) bool {
	return p == nil || p.root.pass(event, resource, attrs)
}

type nodeKind int

const (
	nodeAll nodeKind = iota // every child passes
	nodeAny                 // some child passes
	nodeTerm
)

type node struct {
	kind     nodeKind
	children []node
	term     term
}

func (n node) pass(event string, resource, attrs pcommon.Map) bool {
	switch n.kind {
	case nodeAll:
		for _, c := range n.children {
			if !c.pass(event, resource, attrs) {
				return false
			}
		}
		return true
	case nodeAny:
		for _, c := range n.children {
			if c.pass(event, resource, attrs) {
				return true
			}
		}
		return false
	}
	if n.term.kind == termEvent {
		return event == n.term.strs[0]
	}
	return n.term.pass(resource, attrs)
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
)

type term struct {
	kind     termKind
	resource bool
	key      string
	strs     []string
	set      map[string]struct{} // strs, when there are many
	ints     []int64
	boolean  bool
	lower    bool // compared as ConvertCase(…, "lower"): the strings are lower case
	re       *regexp.Regexp
	lits     *literals // what re needs, checked first
	prefix   string
	suffix   string
}

func (t term) pass(resource, attrs pcommon.Map) bool {
	m := attrs
	if t.resource {
		m = resource
	}
	v, ok := m.Get(t.key)
	if !ok {
		// Absent: only a presence test or an equality can reject it; the
		// string functions may treat nil their own way, so they pass.
		return t.kind == termMatch
	}
	switch t.kind {
	case termStrEqual:
		if v.Type() != pcommon.ValueTypeStr {
			return false
		}
		s := v.Str()
		if t.lower {
			for _, want := range t.strs {
				if strings.EqualFold(s, want) {
					return true
				}
			}
			return false
		}
		if t.set != nil {
			_, ok := t.set[s]
			return ok
		}
		for _, want := range t.strs {
			if s == want {
				return true
			}
		}
		return false
	case termIntEqual:
		for _, want := range t.ints {
			switch v.Type() {
			case pcommon.ValueTypeInt:
				if v.Int() == want {
					return true
				}
			case pcommon.ValueTypeDouble: // OTTL compares numbers by value
				if v.Double() == float64(want) {
					return true
				}
			}
		}
		return false
	case termHas:
		if v.Type() != pcommon.ValueTypeSlice {
			return true // OTTL's own rules for other types
		}
		items := v.Slice()
		for i := range items.Len() {
			if item := items.At(i); item.Type() == pcommon.ValueTypeStr && item.Str() == t.strs[0] {
				return true
			}
		}
		return false
	case termBoolEqual:
		return v.Type() == pcommon.ValueTypeBool && v.Bool() == t.boolean
	case termMatch:
		if v.Type() != pcommon.ValueTypeStr {
			return true // converted by OTTL, or an error there: let it judge
		}
		s := v.Str()
		switch {
		case t.re != nil:
			return t.lits.match(s) && t.re.MatchString(s)
		case t.prefix != "":
			return strings.HasPrefix(s, t.prefix)
		default:
			return strings.HasSuffix(s, t.suffix)
		}
	}
	return true // present
}

// derivePrefilter reads what it can of an expanded condition; nil when it
// can require nothing.
func derivePrefilter(condition string) *Prefilter {
	n, ok := deriveNode(condition)
	if !ok {
		return nil
	}
	return &Prefilter{root: n}
}

// deriveNode reads an expression: an "or" of "and"s of terms, any of them
// parenthesized. ok is false when nothing can be required of it.
func deriveNode(expr string) (node, bool) {
	expr = unwrap(strings.TrimSpace(expr))
	if parts := splitTop(expr, "or"); len(parts) > 1 {
		any := node{kind: nodeAny}
		for _, p := range parts {
			n, ok := deriveNode(p)
			if !ok {
				return node{}, false // that branch may accept anything
			}
			any.children = append(any.children, n)
		}
		sortByCost(any.children)
		return any, true
	}
	if parts := splitTop(expr, "and"); len(parts) > 1 {
		all := node{kind: nodeAll}
		for _, p := range parts {
			if n, ok := deriveNode(p); ok {
				all.children = append(all.children, n)
			}
		}
		sortByCost(all.children)
		return all, len(all.children) > 0
	}
	t, ok := parseTerm(expr)
	return node{kind: nodeTerm, term: t}, ok
}

// sortByCost puts the cheap checks (an equality, a set lookup) before the
// dear ones (a regular expression), so a record is rejected, or a branch
// accepted, for as little as possible.
func sortByCost(nodes []node) {
	slices.SortStableFunc(nodes, func(a, b node) int { return a.cost() - b.cost() })
}

func (n node) cost() int {
	if n.kind != nodeTerm {
		sum := 0
		for _, c := range n.children {
			sum += c.cost()
		}
		return sum
	}
	switch n.term.kind {
	case termMatch:
		switch {
		case n.term.re == nil:
			return 3
		case n.term.lits == nil:
			return 30 // the expression runs on every string
		}
		return 5 // a literal rejects most strings first
	case termStrEqual:
		return 2
	}
	return 1
}

var (
	attrPath  = `(resource\.)?attributes\["((?:[^"\\]|\\.)*)"\]`
	stringLit = `"((?:[^"\\]|\\.)*)"`
	presentRe = regexp.MustCompile(`^` + attrPath + `\s*!=\s*nil$`)
	equalRe   = regexp.MustCompile(`^` + attrPath + `\s*==\s*(` + stringLit + `|-?\d+|true|false)$`)
	listRe    = regexp.MustCompile(`^ContainsValue\(\s*\[(.*)\]\s*,\s*` + attrPath + `\s*\)$`)
	lowerRe   = regexp.MustCompile(`^ContainsValue\(\s*\[(.*)\]\s*,\s*ConvertCase\(\s*` + attrPath + `\s*,\s*"lower"\s*\)\s*\)$`)
	eventRe   = regexp.MustCompile(`^event_name\s*==\s*` + stringLit + `$`)
	hasRe     = regexp.MustCompile(`^ContainsValue\(\s*` + attrPath + `\s*,\s*` + stringLit + `\s*\)$`)
	funcRe    = regexp.MustCompile(`^(IsMatch|HasPrefix|HasSuffix)\(\s*` + attrPath + `\s*,\s*` + stringLit + `\s*\)$`)
)

// parseTerm reads one comparison the prefilter can check in Go.
func parseTerm(expr string) (term, bool) {
	if m := presentRe.FindStringSubmatch(expr); m != nil {
		return term{kind: termPresent, resource: m[1] != "", key: unquote(m[2])}, true
	}
	if m := equalRe.FindStringSubmatch(expr); m != nil {
		t := term{resource: m[1] != "", key: unquote(m[2])}
		switch lit := m[3]; {
		case strings.HasPrefix(lit, `"`):
			t.kind, t.strs = termStrEqual, []string{unquote(m[4])}
		case lit == "true" || lit == "false":
			t.kind, t.boolean = termBoolEqual, lit == "true"
		default:
			i, err := strconv.ParseInt(lit, 10, 64)
			if err != nil {
				return term{}, false
			}
			t.kind, t.ints = termIntEqual, []int64{i}
		}
		return t, true
	}
	if m := listRe.FindStringSubmatch(expr); m != nil {
		t := term{resource: m[2] != "", key: unquote(m[3])}
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
		return term{kind: termStrEqual, lower: true, resource: m[2] != "", key: unquote(m[3]), strs: strs}, true
	}
	if m := hasRe.FindStringSubmatch(expr); m != nil {
		return term{kind: termHas, resource: m[1] != "", key: unquote(m[2]), strs: []string{unquote(m[3])}}, true
	}
	if m := funcRe.FindStringSubmatch(expr); m != nil {
		t := term{kind: termMatch, resource: m[2] != "", key: unquote(m[3])}
		arg := unquote(m[4])
		switch m[1] {
		case "IsMatch":
			re, err := regexp.Compile(arg)
			if err != nil {
				return term{}, false
			}
			t.re, t.lits = re, requiredLiterals(arg)
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
		if strings.HasPrefix(item, `"`) && strings.HasSuffix(item, `"`) && len(item) >= 2 {
			if ints != nil {
				return nil, nil, false
			}
			strs = append(strs, unquote(item[1:len(item)-1]))
			continue
		}
		i, err := strconv.ParseInt(item, 10, 64)
		if err != nil || strs != nil {
			return nil, nil, false
		}
		ints = append(ints, i)
	}
	return strs, ints, strs != nil || ints != nil
}

// unquote reads the inside of an OTTL string literal.
func unquote(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	u, err := strconv.Unquote(`"` + s + `"`)
	if err != nil {
		return s
	}
	return u
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
	depth, inString := 0, false
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits s at sep outside strings and brackets: a keyword (and,
// or) only as a whole word, a comma anywhere.
func splitTop(s, sep string) []string {
	var parts []string
	depth, inString, last := 0, false, 0
	word := sep != ","
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case depth == 0 && strings.HasPrefix(s[i:], sep):
			end := i + len(sep)
			if word && (i == 0 || !isSpace(s[i-1]) || end >= len(s) || !isSpace(s[end])) {
				continue
			}
			parts = append(parts, s[last:i])
			last = end
			i = end - 1
		}
	}
	return append(parts, s[last:])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
