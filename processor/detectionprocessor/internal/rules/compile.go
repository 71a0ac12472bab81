package rules

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"go.opentelemetry.io/collector/component"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/ottltext"
)

// Set is every enabled rule, indexed by the event names it applies to, so
// a record is only tested by its own rules.
type Set struct {
	Rules   []*Compiled // enabled ones, in file order
	byEvent map[string][]*Compiled
}

// For returns the rules that apply to an event.
func (s *Set) For(event string) []*Compiled { return s.byEvent[event] }

// Compile checks and compiles the rules of every file together: lists and
// macros of one file serve every other, and overrides apply to rules of
// any file. Every problem is reported with its file, line and rule; any
// problem fails the whole set, so a detection stage never runs half-armed.
// The files are not modified.
func Compile(files []*File, set component.TelemetrySettings) (*Set, error) {
	x, errs := collectDefinitions(files)
	order, more := applyOverrides(files)
	errs = append(errs, more...)

	parser, err := NewParser(set)
	if err != nil {
		return nil, err
	}
	c := &compiler{x: x, parser: parser}
	compiled := map[string]*Compiled{}
	var all []*Compiled
	for _, r := range order {
		rule, err := c.rule(r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		compiled[r.ID] = rule
		all = append(all, rule)
	}
	for _, rule := range all {
		errs = append(errs, resolveSteps(rule, compiled))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	s := &Set{byEvent: map[string][]*Compiled{}}
	for _, rule := range all {
		if rule.Enabled != nil && !*rule.Enabled {
			continue
		}
		s.Rules = append(s.Rules, rule)
		for _, event := range rule.indexedEvents() {
			s.byEvent[event] = append(s.byEvent[event], rule)
		}
	}
	return s, nil
}

// collectDefinitions gathers every file's lists and macros.
func collectDefinitions(files []*File) (*expander, []error) {
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
	return x, errs
}

// applyOverrides returns copies of every rule, in file order, with the
// overrides of every file applied, refusing duplicate ids.
func applyOverrides(files []*File) ([]*Rule, []error) {
	var errs []error
	byID := map[string]*Rule{}
	var order []*Rule
	for _, f := range files {
		for _, r := range f.Rules {
			if prev, ok := byID[r.ID]; ok && r.ID != "" {
				errs = append(errs, &Error{Pos: r.Pos, Rule: r.ID, Field: "id", Err: fmt.Errorf("duplicate id: already defined at %s", prev.Pos)})
				continue
			}
			r.Exceptions = append([]Exception(nil), r.Exceptions...)
			byID[r.ID] = &r
			order = append(order, &r)
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
	return order, errs
}

// ReplaceLists gives lists defined in files new items, as a configuration
// does to adapt a pack (its own cloud metadata addresses, say) without
// editing it. A name no file defines is an error: a typo must not leave
// the pack's list in force unnoticed.
func ReplaceLists(files []*File, lists map[string][]string) error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(lists)) {
		found := false
		for _, f := range files {
			if l, ok := f.Lists[name]; ok {
				for _, item := range lists[name] {
					if _, ok := ottltext.Decimal(item); l.Integers && !ok {
						errs = append(errs, fmt.Errorf("lists::%s: %q is not an integer, as the list's items are", name, item))
					}
				}
				l.Items = slices.Clone(lists[name])
				f.Lists[name] = l
				found = true
			}
		}
		if !found {
			errs = append(errs, fmt.Errorf("lists::%s: no rule file defines this list", name))
		}
	}
	return errors.Join(errs...)
}

// Events are the event names some enabled rule tests, sorted.
func (s *Set) Events() []string { return slices.Sorted(maps.Keys(s.byEvent)) }
