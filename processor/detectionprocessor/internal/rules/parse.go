package rules

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/ottltext"
)

// Error is a problem in a rule file, where it is written.
type Error struct {
	Pos   Pos
	Rule  string // the rule's id, when the problem is in a rule
	Field string // the field at fault, when one is
	Err   error
}

func (e *Error) Error() string {
	s := e.Pos.String() + ": "
	if e.Rule != "" {
		s += "rule " + e.Rule + ": "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

var (
	ruleFields     = fieldsOf(Rule{})
	overrideFields = fieldsOf(Override{})
	fileFields     = []string{"lists", "macros", "rules", "overrides"}
	// names of lists and macros, as conditions reference them (@name, $name).
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// Parse reads one rule file. Every problem is reported, each with its line.
func Parse(path string, data []byte) (*File, error) {
	f := &File{Path: path, Lists: map[string]List{}, Macros: map[string]Macro{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Error{Pos: Pos{File: path, Line: yamlErrorLine(err)}, Err: err}
	}
	if len(doc.Content) == 0 {
		return f, nil // an empty file
	}
	root := doc.Content[0]
	var errs []error
	at := func(n *yaml.Node) Pos { return Pos{File: path, Line: n.Line} }
	if root.Kind != yaml.MappingNode {
		return nil, &Error{Pos: at(root), Err: errors.New("a rule file is a mapping of lists, macros, rules and overrides")}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "lists":
			errs = append(errs, eachNamed(value, at, "lists", func(name string, n *yaml.Node) error {
				l, err := parseList(n)
				if err != nil {
					return &Error{Pos: at(n), Field: "lists." + name, Err: err}
				}
				l.Pos = at(n)
				f.Lists[name] = l
				return nil
			}))
		case "macros":
			errs = append(errs, eachNamed(value, at, "macros", func(name string, n *yaml.Node) error {
				if n.Kind != yaml.ScalarNode || n.Value == "" {
					return &Error{Pos: at(n), Field: "macros." + name, Err: errors.New("a macro is a condition (a string)")}
				}
				f.Macros[name] = Macro{Condition: n.Value, Pos: at(n)}
				return nil
			}))
		case "rules":
			errs = append(errs, eachItem(value, at, "rules", func(n *yaml.Node) error {
				var r Rule
				if err := decodeStrict(n, &r, ruleFields, at); err != nil {
					return withRule(err, idOf(n))
				}
				r.Pos = at(n)
				r.Ruleset = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
				f.Rules = append(f.Rules, r)
				return nil
			}))
		case "overrides":
			errs = append(errs, eachItem(value, at, "overrides", func(n *yaml.Node) error {
				var o Override
				if err := decodeStrict(n, &o, overrideFields, at); err != nil {
					return withRule(err, idOf(n))
				}
				o.Pos = at(n)
				f.Overrides = append(f.Overrides, o)
				return nil
			}))
		default:
			errs = append(errs, &Error{Pos: at(key), Field: key.Value, Err: fmt.Errorf("unknown section (a rule file has %v)", fileFields)})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return f, nil
}

// parseList reads a list of strings, or of integers (port numbers: YAML
// integers, which conditions compare with integer attributes).
func parseList(n *yaml.Node) (List, error) {
	if n.Kind != yaml.SequenceNode {
		return List{}, errors.New("a list is a sequence of strings or of integers")
	}
	var l List
	for i, item := range n.Content {
		if item.Kind != yaml.ScalarNode {
			return List{}, errors.New("a list is a sequence of strings or of integers")
		}
		integer := item.Tag == "!!int"
		if i == 0 {
			l.Integers = integer
		} else if integer != l.Integers {
			return List{}, fmt.Errorf("item %d: a list holds strings or integers, not both", i+1)
		}
		if integer {
			if _, ok := ottltext.Decimal(item.Value); !ok {
				return List{}, fmt.Errorf("item %d: %q: write integers in decimal, without leading zeros", i+1, item.Value)
			}
		}
		l.Items = append(l.Items, item.Value)
	}
	return l, nil
}

// eachNamed calls fn for each entry of a mapping of names.
func eachNamed(n *yaml.Node, at func(*yaml.Node) Pos, section string, fn func(string, *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return &Error{Pos: at(n), Field: section, Err: errors.New("must be a mapping of names")}
	}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		name := n.Content[i].Value
		if !namePattern.MatchString(name) {
			errs = append(errs, &Error{Pos: at(n.Content[i]), Field: section + "." + name, Err: fmt.Errorf("a name is lowercase letters, digits and _ (%s)", namePattern)})
			continue
		}
		errs = append(errs, fn(name, n.Content[i+1]))
	}
	return errors.Join(errs...)
}

// eachItem calls fn for each mapping of a sequence.
func eachItem(n *yaml.Node, at func(*yaml.Node) Pos, section string, fn func(*yaml.Node) error) error {
	if n.Kind != yaml.SequenceNode {
		return &Error{Pos: at(n), Field: section, Err: errors.New("must be a sequence")}
	}
	var errs []error
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			errs = append(errs, &Error{Pos: at(item), Field: section, Err: errors.New("each entry must be a mapping")})
			continue
		}
		errs = append(errs, fn(item))
	}
	return errors.Join(errs...)
}

// decodeStrict decodes a mapping, refusing keys the type does not have.
func decodeStrict(n *yaml.Node, into any, known []string, at func(*yaml.Node) Pos) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(known, k.Value) {
			return &Error{Pos: at(k), Field: k.Value, Err: fmt.Errorf("unknown field (known: %v)", known)}
		}
	}
	if err := n.Decode(into); err != nil {
		return &Error{Pos: Pos{File: at(n).File, Line: yamlErrorLine(err, n.Line)}, Err: err}
	}
	return nil
}

func withRule(err error, id string) error {
	var e *Error
	if errors.As(err, &e) && e.Rule == "" {
		e.Rule = id
	}
	return err
}

// idOf is a rule's id as written, for errors before it is decoded.
func idOf(n *yaml.Node) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" {
			return n.Content[i+1].Value
		}
	}
	return "(without id)"
}

// fieldsOf lists a struct's yaml keys.
func fieldsOf(v any) []string {
	var out []string
	t := reflect.TypeOf(v)
	for i := range t.NumField() {
		if tag := t.Field(i).Tag.Get("yaml"); tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	return out
}

var lineInMessage = regexp.MustCompile(`line (\d+)`)

// yamlErrorLine finds the line a yaml error names, else fallback.
func yamlErrorLine(err error, fallback ...int) int {
	if m := lineInMessage.FindStringSubmatch(err.Error()); m != nil {
		var line int
		_, _ = fmt.Sscanf(m[1], "%d", &line)
		return line
	}
	if len(fallback) > 0 {
		return fallback[0]
	}
	return 0
}
