package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/ottltext"
)

// reference is a list (@name) or macro ($name) in a condition. Inside OTTL
// string literals they are left alone.
var reference = regexp.MustCompile(`[@$][a-z][a-z0-9_]*`)

// expander replaces references with what they name: a list with an OTTL
// list literal, a macro with its own expanded condition in parentheses.
type expander struct {
	lists  map[string]List
	macros map[string]Macro
}

// expand returns condition with every reference replaced. via is the chain
// of macros being expanded, to refuse cycles.
func (x *expander) expand(condition string, via []string) (string, error) {
	var b strings.Builder
	last := 0
	for i := range ottltext.OutsideStrings(condition) {
		if c := condition[i]; i < last || (c != '@' && c != '$') {
			continue
		}
		ref := reference.FindString(condition[i:])
		if ref == "" {
			continue
		}
		b.WriteString(condition[last:i])
		text, err := x.resolve(ref, via)
		if err != nil {
			return "", err
		}
		b.WriteString(text)
		last = i + len(ref)
	}
	b.WriteString(condition[last:])
	return b.String(), nil
}

func (x *expander) resolve(ref string, via []string) (string, error) {
	name := ref[1:]
	if ref[0] == '@' {
		l, ok := x.lists[name]
		if !ok {
			return "", fmt.Errorf("unknown list @%s", name)
		}
		quoted := make([]string, len(l.Items))
		for i, item := range l.Items {
			quoted[i] = strconv.Quote(item)
			if l.Integers {
				quoted[i] = item
			}
		}
		return "[" + strings.Join(quoted, ", ") + "]", nil
	}
	m, ok := x.macros[name]
	if !ok {
		return "", fmt.Errorf("unknown macro $%s", name)
	}
	for _, v := range via {
		if v == name {
			return "", fmt.Errorf("macro $%s refers to itself through %s", name, strings.Join(append(via, name), " → "))
		}
	}
	inner, err := x.expand(m.Condition, append(via, name))
	if err != nil {
		return "", err
	}
	return "(" + inner + ")", nil
}
