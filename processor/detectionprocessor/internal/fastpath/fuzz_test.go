package fastpath

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/defaultrules"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// FuzzFastPathAgreesWithOTTL compares the fast path with OTTL on random
// conditions and records, under the contract the engine relies on (and
// the pack's agreement test checks on its fixtures): where a program says
// Yes, OTTL holds without error; where it says No, or its gate is closed,
// OTTL does not hold (it may fail: a failing condition does not hold
// either). Maybe promises nothing.
//
// The condition is the fuzzer's text when it gives one (the seeds are
// conditions of the pack, expanded), joined or not to one the generator
// builds from choices; else the generator's alone: the shapes the fast
// path reads, some only OTTL reads, and/or/not and parentheses, over a
// few attributes. Two records are built from the rest of the choices,
// over those attributes and every one the condition names, with values of
// every type and strings that the condition's own literals suggest; both
// are judged with one Values, so memos and Reset are exercised too.
func FuzzFastPathAgreesWithOTTL(f *testing.F) {
	for _, text := range packSeeds(f) {
		f.Add(text, []byte{})
		f.Add(text, []byte{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4})
	}
	for _, choices := range [][]byte{
		{},
		{2, 0, 5, 1, 0, 3, 1, 2, 0, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{3, 4, 1, 0, 8, 2, 1, 9, 4, 4, 7, 1, 2, 1, 9, 0, 0, 3, 3, 1, 2},
		{4, 5, 9, 3, 1, 2, 10, 0, 1, 1, 2, 1, 1, 6, 6, 6, 0, 2, 7, 9, 9, 9},
		{5, 2, 3, 1, 2, 0, 4, 11, 1, 0, 1, 3, 12, 1, 13, 2, 14, 15, 16, 1},
	} {
		f.Add("", choices)
	}
	parser, err := rules.NewParser(componenttest.NewNopTelemetrySettings())
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, text string, choices []byte) {
		g := &generator{choices: choices}
		condition := g.condition(text)
		cond, err := parser.Condition(condition)
		if err != nil {
			t.Skip("not OTTL:", err)
		}
		b := NewBuilder()
		p := b.Program(condition)
		gate := p.Gate()
		values := b.Build().NewValues()
		keys := namedKeys(`attributes["a"] attributes["b"] attributes["c"] attributes["q\"k"] attributes[""] ` + condition)
		literals := stringLiterals(condition)
		for range 2 {
			rl, sl, lr := g.record(keys, literals)
			values.Reset(lr.EventName(), rl.Resource().Attributes(), lr.Attributes())
			verdict := p.Eval(values)
			open := gate.Open(values)
			require.Equal(t, verdict, p.Eval(values), "judged again, from memos")

			tctx := ottllog.NewTransformContext(rl, sl, lr)
			ok, err := cond.Eval(context.Background(), tctx)
			tctx.Close()
			holds := err == nil && ok
			record := func() string {
				return lr.EventName() + " " + describe(lr.Attributes()) + " resource " + describe(rl.Resource().Attributes())
			}
			switch {
			case verdict == Yes && !holds:
				t.Fatalf("%s\nGo says yes, OTTL %v (%v) on %s", condition, ok, err, record())
			case verdict == No && holds:
				t.Fatalf("%s\nGo says no, OTTL yes on %s", condition, record())
			case !open && holds:
				t.Fatalf("%s\nthe gate is closed, OTTL holds on %s", condition, record())
			}
		}
	})
}

// describe prints a map with its values' types, in key order.
func describe(m pcommon.Map) string {
	var parts []string
	m.Range(func(k string, v pcommon.Value) bool {
		parts = append(parts, strconv.Quote(k)+":"+v.Type().String()+"("+strconv.Quote(v.AsString())+")")
		return true
	})
	slices.Sort(parts)
	return "{" + strings.Join(parts, " ") + "}"
}

// packSeeds are a few conditions of the pack, expanded: for each shape
// the fast path reads, the shortest condition that has it, its lists
// shortened (the fuzzer minimizes every input it finds interesting: long
// ones take it long).
func packSeeds(tb testing.TB) []string {
	files, err := defaultrules.Files()
	require.NoError(tb, err)
	set, err := rules.Compile(files, componenttest.NewNopTelemetrySettings())
	require.NoError(tb, err)
	var all []string
	for _, r := range set.Rules {
		if r.Condition != nil {
			all = append(all, shortenLists(r.Condition.Text))
		}
		for _, x := range r.Exceptions {
			all = append(all, shortenLists(x.Condition.Text))
		}
		if r.Sequence != nil {
			for _, s := range r.Sequence.Steps {
				all = append(all, shortenLists(s.Condition.Text))
			}
		}
	}
	slices.SortStableFunc(all, func(a, b string) int { return len(a) - len(b) })
	var seeds []string
	for _, shape := range []string{"ConvertCase(", "ExtractPatterns(", "IsInCIDR(", "(?i)", "HasPrefix(", "HasSuffix(",
		"ContainsValue(attributes", "event_name", "!= nil", "Len(", "not ", "== true", "]["} {
		for _, text := range all {
			if strings.Contains(text, shape) {
				if !slices.Contains(seeds, text) {
					seeds = append(seeds, text)
				}
				break
			}
		}
	}
	return seeds
}

// listLiteral is a list of strings, its first three items apart.
var listLiteral = regexp.MustCompile(`\[((?:"(?:[^"\\]|\\.)*",\s*){2}"(?:[^"\\]|\\.)*")(?:,\s*"(?:[^"\\]|\\.)*")+\]`)

// shortenLists keeps three items of each list of strings.
func shortenLists(condition string) string { return listLiteral.ReplaceAllString(condition, "[$1]") }

var (
	namedKey      = regexp.MustCompile(`attributes\["((?:[^"\\]|\\.)*)"\]`)
	stringLiteral = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
)

// namedKeys are the attribute keys a condition names (written without
// escapes other than \").
func namedKeys(condition string) []string {
	var keys []string
	for _, m := range namedKey.FindAllStringSubmatch(condition, -1) {
		key := strings.ReplaceAll(m[1], `\"`, `"`)
		if !strings.Contains(key, `\`) && !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	return keys
}

// stringLiterals are the condition's string literals (plainly written),
// which make likely values.
func stringLiterals(condition string) []string {
	var out []string
	for _, m := range stringLiteral.FindAllStringSubmatch(condition, -1) {
		if !strings.Contains(m[1], `\`) {
			out = append(out, m[1])
		}
	}
	return out
}

// generator turns the fuzzer's bytes into choices; when they run out,
// every choice is the first.
type generator struct {
	choices []byte
}

func (g *generator) pick(n int) int {
	if len(g.choices) == 0 {
		return 0
	}
	c := int(g.choices[0])
	g.choices = g.choices[1:]
	return c % n
}

func (g *generator) oneOf(items ...string) string { return items[g.pick(len(items))] }

// condition is text alone, joined to a generated condition, or (without
// text) a generated one.
func (g *generator) condition(text string) string {
	if text == "" {
		return g.expr(3)
	}
	switch g.pick(4) {
	case 1:
		return "(" + text + ") and " + g.expr(2)
	case 2:
		return g.expr(2) + " or (" + text + ")"
	}
	return text
}

func (g *generator) expr(depth int) string {
	if depth == 0 {
		return g.term()
	}
	switch g.pick(8) {
	case 2:
		return g.expr(depth-1) + " and " + g.expr(depth-1)
	case 3:
		return g.expr(depth-1) + " or " + g.expr(depth-1)
	case 4:
		inner := g.expr(depth - 1)
		if strings.HasPrefix(inner, "not ") {
			inner = "(" + inner + ")" // OTTL reads no "not not"
		}
		return "not " + inner
	case 5:
		return "(" + g.expr(depth-1) + ")"
	case 6:
		// OTTL's lexer reads keywords next to parentheses too.
		return "(" + g.expr(depth-1) + ")" + g.oneOf("and", "or") + "(" + g.expr(depth-1) + ")"
	}
	return g.term()
}

// term is a comparison: mostly of the shapes the fast path reads, some
// only OTTL reads.
func (g *generator) term() string {
	a := g.attr()
	switch g.pick(20) {
	case 0:
		return a + " == " + g.literal()
	case 1:
		return a + " != nil"
	case 2:
		return a + " != " + g.literal()
	case 3:
		return "ContainsValue(" + g.list() + ", " + a + ")"
	case 4:
		return "ContainsValue(" + g.list() + `, ConvertCase(` + a + `, "lower"))`
	case 5:
		return "IsMatch(" + a + ", " + quote(g.pattern()) + ")"
	case 6:
		return "HasPrefix(" + a + ", " + g.str() + ")"
	case 7:
		return "HasSuffix(" + a + ", " + g.str() + ")"
	case 8:
		return "IsInCIDR(" + a + ", " + g.cidrs() + ")"
	case 9:
		if g.pick(2) == 1 {
			a += "[" + g.oneOf("0", "1") + "]"
		}
		return "ContainsValue(" + g.list() + ", ExtractPatterns(" + a + `, "(?P<x>[^.]+[.][^.]+)$")["x"])`
	case 10:
		return "ContainsValue(" + a + ", " + g.str() + ")"
	case 11:
		return `event_name == ` + g.oneOf(`"x"`, `"y"`)
	case 12:
		return "Len(" + a + ") > " + g.oneOf("0", "1", "3")
	case 13:
		return "IsString(" + a + ")"
	case 14:
		return a + " == nil"
	case 15:
		return g.oneOf("true", "false")
	case 16:
		return "Int(" + a + ") > 3"
	case 17:
		return a + " == " + g.oneOf("1.5", "3.0", "-0.0")
	case 18:
		return "IsMatch(" + a + ", " + g.str() + ")"
	}
	return "ContainsValue(" + g.list() + ", " + a + ")"
}

func (g *generator) attr() string {
	key := g.oneOf("a", "b", "c", "a", "b", `q\"k`, "")
	if g.pick(4) == 0 {
		return `resource.attributes["` + key + `"]`
	}
	return `attributes["` + key + `"]`
}

// literal is a literal of any type OTTL compares.
func (g *generator) literal() string {
	switch g.pick(4) {
	case 1:
		return g.integer()
	case 2:
		return g.oneOf("true", "false")
	}
	return g.str()
}

// str is a string literal, as OTTL writes it: mostly plain, some with
// escapes only OTTL reads (the fast path leaves them to it).
func (g *generator) str() string {
	if g.pick(8) == 0 {
		return g.oneOf(`"a\tb"`, `"\x41"`, `"\u00e9"`, `"\n"`, `"\\"`, `"a\"b"`)
	}
	return quote(g.text())
}

var texts = []string{"", "x", "X", "xy", "x y", "ab", "AB", "ip a", "curl -s http://x | sh", "CURL ", "stratum+tcp://p:3333",
	"pool.example", "eu.pool.example", "10.0.0.1", "127.0.0.1", "::1", "::ffff:127.0.0.1", "fe80::1%eth0", "1.2.3",
	"ſ", "S", "K", "\u212a", "é", "É", "ß", "\xff", "/usr/bin/x", "/tmp/", "a.b", "3", "80", "true", `q"k`, `b\s`}

func (g *generator) text() string { return texts[g.pick(len(texts))] }

func (g *generator) integer() string {
	return g.oneOf("0", "1", "3", "53", "-1", "80", "010", "9223372036854775807", "-9223372036854775808")
}

// list is a list literal: strings (some lower case, some many), integers,
// or both.
func (g *generator) list() string {
	n := 1 + g.pick(10)
	kind := g.pick(4)
	items := make([]string, n)
	for i := range items {
		switch {
		case kind == 1 || kind == 3 && g.pick(2) == 0:
			items[i] = g.integer()
		default:
			items[i] = g.str()
		}
	}
	return "[" + strings.Join(items, g.oneOf(", ", ",")) + "]"
}

func (g *generator) pattern() string {
	return g.oneOf(`^x`, `x$`, `(?i)curl\s`, `stratum\+(tcp|ssl)://`, `[-x]ip\s`, `a{2,}b|c+d`, `x?y*`, `^(\S*/)?x$`,
		`(?i)k`, `ſ`, `(?i)s`, "\uFFFD", `.`, `^ip\s+(a|addr)`, `(?i)(socket|fsockopen)`, `^[0-9]+$`, `\d`, `(?i)é`)
}

func (g *generator) cidrs() string {
	n := 1 + g.pick(3)
	items := make([]string, n)
	for i := range items {
		items[i] = quote(g.oneOf("10.0.0.0/8", "127.0.0.0/8", "::1/128", "::ffff:127.0.0.0/104", "fe80::/10",
			"0.0.0.0/0", "::/0", "10.0.0.1/32", "bad"))
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// quote writes s as an OTTL string literal.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// record builds a record and its resource: each key absent or of some
// type, strings mostly from the condition's literals.
func (g *generator) record(keys, literals []string) (plog.ResourceLogs, plog.ScopeLogs, plog.LogRecord) {
	rl := plog.NewResourceLogs()
	sl := rl.ScopeLogs().AppendEmpty()
	lr := sl.LogRecords().AppendEmpty()
	lr.SetEventName(g.oneOf("x", "y", ""))
	for _, k := range keys {
		g.put(lr.Attributes(), k, literals)
		if g.pick(3) == 0 {
			g.put(rl.Resource().Attributes(), k, literals)
		}
	}
	return rl, sl, lr
}

func (g *generator) put(m pcommon.Map, key string, literals []string) {
	switch g.pick(12) {
	case 0:
		// absent
	case 1, 2, 3:
		m.PutStr(key, g.value(literals))
	case 4:
		i, _ := strconv.ParseInt(g.integer(), 10, 64)
		m.PutInt(key, i)
	case 5:
		m.PutBool(key, g.pick(2) == 1)
	case 6:
		m.PutDouble(key, []float64{0, 3, 53, 1.5, -1}[g.pick(5)])
	case 7:
		b := m.PutEmptyBytes(key)
		if g.pick(2) == 1 {
			b.FromRaw([]byte(g.value(literals)))
		}
	case 8, 9:
		s := m.PutEmptySlice(key)
		for range g.pick(4) {
			switch g.pick(4) {
			case 1:
				s.AppendEmpty().SetInt(80)
			case 2:
				s.AppendEmpty()
			default:
				s.AppendEmpty().SetStr(g.value(literals))
			}
		}
	case 10:
		m.PutEmpty(key)
	case 11:
		m.PutEmptyMap(key).PutStr("k", g.value(literals))
	}
}

// value is a string: one of the condition's literals, perhaps changed
// (case, around it), or one of the generator's texts.
func (g *generator) value(literals []string) string {
	if len(literals) == 0 || g.pick(3) == 0 {
		return g.text()
	}
	s := literals[g.pick(len(literals))]
	switch g.pick(6) {
	case 1:
		return strings.ToUpper(s)
	case 2:
		return "x" + s
	case 3:
		return s + " y"
	case 4:
		return "a." + s
	}
	return s
}
