package fastpath

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/ottltext"
)

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
	// an attribute alone, as a threshold's distinct value may be
	plainAttribute = regexp.MustCompile(`^` + attrPath + `$`)
)

// term reads one comparison a program can check in Go.
func (b *Builder) term(expr string) (term, bool) {
	bad := false
	strict := func(s string) string {
		u, ok := unquoteStrict(s)
		bad = bad || !ok
		return u
	}
	t, ok := b.termWith(expr, strict)
	t.setOutcomes()
	return t, ok && !bad
}

func (b *Builder) termWith(expr string, unquote func(string) string) (term, bool) {
	if m := presentRe.FindStringSubmatch(expr); m != nil {
		return term{kind: termPresent, slot: b.slot(m[1] != "", unquote(m[2]))}, true
	}
	if m := equalRe.FindStringSubmatch(expr); m != nil {
		t := term{slot: b.slot(m[1] != "", unquote(m[2]))}
		switch lit := m[3]; {
		case strings.HasPrefix(lit, `"`):
			t.kind, t.strs = termStrEqual, []string{unquote(m[4])}
		case lit == "true" || lit == "false":
			t.kind, t.boolean = termBoolEqual, lit == "true"
		default:
			i, ok := ottltext.Decimal(lit)
			if !ok {
				return term{}, false
			}
			t.kind, t.ints = termIntEqual, []int64{i}
		}
		return t, true
	}
	if m := listRe.FindStringSubmatch(expr); m != nil {
		t := term{slot: b.slot(m[2] != "", unquote(m[3]))}
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
		t := term{kind: termCIDR, slot: b.slot(m[1] != "", unquote(m[2]))}
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
		t := term{kind: termSubstring, slot: b.element(m[2] != "", unquote(m[3]), index)}
		t.lits = &literals{each: [][]*literals{{}}}
		for _, item := range strs {
			if item == "" {
				return term{}, false // in every string
			}
			t.lits.each[0] = append(t.lits.each[0], &literals{all: []string{item}})
		}
		t.lits.register(b.literals[t.slot])
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
		return term{kind: termStrEqual, lower: true, slot: b.slot(m[2] != "", unquote(m[3])), strs: strs}, true
	}
	if m := hasRe.FindStringSubmatch(expr); m != nil {
		return term{kind: termHas, slot: b.slot(m[1] != "", unquote(m[2])), strs: []string{unquote(m[3])}}, true
	}
	if m := funcRe.FindStringSubmatch(expr); m != nil {
		t := term{kind: termMatch, slot: b.slot(m[2] != "", unquote(m[3]))}
		arg := unquote(m[4])
		switch m[1] {
		case "IsMatch":
			re, err := regexp.Compile(arg)
			if err != nil {
				return term{}, false
			}
			t.re, t.lits = re, requiredLiterals(arg)
			if t.lits != nil {
				t.lits.register(b.literals[t.slot])
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
		i, ok := ottltext.Decimal(item)
		if !ok || strs != nil {
			return nil, nil, false
		}
		ints = append(ints, i)
	}
	return strs, ints, strs != nil || ints != nil
}

// unquoteStrict reads the inside of an OTTL string literal when its only
// escapes are \" and \\, which every reading agrees on; false otherwise
// (OTTL's reading of \xff, of control characters or of bytes that are no
// UTF-8, which it reads as U+FFFD, is its own).
func unquoteStrict(s string) (string, bool) {
	if !utf8.ValidString(s) {
		return "", false
	}
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
