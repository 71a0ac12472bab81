package rules

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/ottlfuncs"
	"go.opentelemetry.io/collector/component"
)

// Condition is a compiled OTTL condition on a log record.
type Condition = *ottl.Condition[*ottllog.TransformContext]

// Compiled is a rule ready to run.
type Compiled struct {
	Rule
	Severity   Severity
	Condition  Condition
	Exceptions []CompiledException
}

// CompiledException is an exception ready to run.
type CompiledException struct {
	Name      string
	Condition Condition
}

// Set is every enabled rule, indexed by the event names it applies to, so
// a record is only tested by its own rules.
type Set struct {
	Rules   []*Compiled // enabled ones, in file order
	byEvent map[string][]*Compiled
}

// For returns the rules that apply to an event.
func (s *Set) For(event string) []*Compiled { return s.byEvent[event] }

var (
	tacticID    = regexp.MustCompile(`^TA\d{4}$`)
	techniqueID = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)
)

// Compile checks and compiles the rules of every file together: lists and
// macros of one file serve every other, and overrides apply to rules of
// any file. Every problem is reported with its file, line and rule; any
// problem fails the whole set, so a detection stage never runs half-armed.
func Compile(files []*File, set component.TelemetrySettings) (*Set, error) {
	x := &expander{lists: map[string]List{}, macros: map[string]Macro{}}
	var errs []error
	for _, f := range files {
		for name, l := range f.Lists {
			if prev, ok := x.lists[name]; ok {
				errs = append(errs, &Error{Pos: l.Pos, Field: "lists." + name, Err: fmt.Errorf("already defined at %s", prev.Pos)})
			}
			x.lists[name] = l
		}
		for name, m := range f.Macros {
			if prev, ok := x.macros[name]; ok {
				errs = append(errs, &Error{Pos: m.Pos, Field: "macros." + name, Err: fmt.Errorf("already defined at %s", prev.Pos)})
			}
			x.macros[name] = m
		}
	}

	byID := map[string]*Rule{}
	var order []*Rule
	for _, f := range files {
		for i := range f.Rules {
			r := &f.Rules[i]
			if prev, ok := byID[r.ID]; ok && r.ID != "" {
				errs = append(errs, &Error{Pos: r.Pos, Rule: r.ID, Field: "id", Err: fmt.Errorf("duplicate id: already defined at %s", prev.Pos)})
				continue
			}
			byID[r.ID] = r
			order = append(order, r)
		}
	}
	for _, f := range files {
		for _, o := range f.Overrides {
			r, ok := byID[o.ID]
			if !ok {
				errs = append(errs, &Error{Pos: o.Pos, Rule: o.ID, Field: "id", Err: errors.New("overrides a rule that no file defines")})
				continue
			}
			if o.Enabled != nil {
				r.Enabled = o.Enabled
			}
			if o.Severity != "" {
				r.Severity = o.Severity
			}
			r.Exceptions = append(r.Exceptions, o.Exceptions...)
		}
	}

	parser, err := ottllog.NewParser(ottlfuncs.StandardConverters[*ottllog.TransformContext](), set)
	if err != nil {
		return nil, err
	}
	s := &Set{byEvent: map[string][]*Compiled{}}
	for _, r := range order {
		c, err := compileRule(r, x, &parser)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if r.Enabled != nil && !*r.Enabled {
			continue
		}
		s.Rules = append(s.Rules, c)
		for _, event := range r.Events {
			s.byEvent[event] = append(s.byEvent[event], c)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// compileRule checks one rule's fields and compiles its conditions. A
// disabled rule is checked too: enabling it later must not be a surprise.
func compileRule(r *Rule, x *expander, parser *ottl.Parser[*ottllog.TransformContext]) (*Compiled, error) {
	bad := func(field string, err error) error { return &Error{Pos: r.Pos, Rule: r.ID, Field: field, Err: err} }
	var errs []error
	required := map[string]string{"id": r.ID, "name": r.Name, "description": r.Description, "condition": r.Condition}
	for _, field := range []string{"id", "name", "description", "condition"} {
		if required[field] == "" {
			errs = append(errs, bad(field, errors.New("is required")))
		}
	}
	severity, err := ParseSeverity(r.Severity)
	if err != nil {
		errs = append(errs, bad("severity", err))
	}
	if !tacticID.MatchString(r.Tactic.ID) || r.Tactic.Name == "" {
		errs = append(errs, bad("tactic", fmt.Errorf("needs an ATT&CK tactic id (TA0002) and name, got %q %q", r.Tactic.ID, r.Tactic.Name)))
	}
	if !techniqueID.MatchString(r.Technique.ID) || r.Technique.Name == "" {
		errs = append(errs, bad("technique", fmt.Errorf("needs an ATT&CK technique id (T1059 or T1059.004) and name, got %q %q", r.Technique.ID, r.Technique.Name)))
	}
	if len(r.Events) == 0 {
		errs = append(errs, bad("events", errors.New("names no event: a rule is only tested against the events it lists")))
	}
	c := &Compiled{Rule: *r, Severity: severity}
	if r.Condition != "" {
		c.Condition, err = compileCondition(r.Condition, x, parser)
		if err != nil {
			errs = append(errs, bad("condition", err))
		}
	}
	for i, e := range r.Exceptions {
		field := fmt.Sprintf("exceptions[%d]", i)
		if e.Name == "" || e.Condition == "" {
			errs = append(errs, bad(field, errors.New("an exception needs a name and a condition")))
			continue
		}
		cond, err := compileCondition(e.Condition, x, parser)
		if err != nil {
			errs = append(errs, bad(field+" ("+e.Name+")", err))
			continue
		}
		c.Exceptions = append(c.Exceptions, CompiledException{Name: e.Name, Condition: cond})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

func compileCondition(condition string, x *expander, parser *ottl.Parser[*ottllog.TransformContext]) (Condition, error) {
	expanded, err := x.expand(condition, nil)
	if err != nil {
		return nil, err
	}
	return parser.ParseCondition(expanded)
}
