package rules

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Kind is what a rule matches: one record, or a correlation of records.
type Kind int

// Kinds of rules.
const (
	KindRecord Kind = iota
	KindSequence
	KindThreshold
)

// Compiled is a rule ready to run.
type Compiled struct {
	Rule
	Kind       Kind
	Severity   Severity
	Condition  *Condition // nil for a sequence
	Exceptions []CompiledException
	Sequence   *CompiledSequence
	Threshold  *CompiledThreshold
}

// CompiledException is an exception ready to run.
type CompiledException struct {
	Name      string
	Condition *Condition
}

// CompiledSequence is a sequence ready to run.
type CompiledSequence struct {
	By     Key
	Within time.Duration
	Steps  []CompiledStep
}

// CompiledStep is one step: its events and condition, its own or those of
// the rule it names.
type CompiledStep struct {
	Rule      string // the rule it reuses, if any
	Events    []string
	Condition *Condition
	// Exceptions are the reused rule's: a step that names a rule matches
	// when that rule would fire.
	Exceptions []CompiledException
}

// CompiledThreshold is a threshold ready to run.
type CompiledThreshold struct {
	By       Key
	Within   time.Duration
	Count    int
	Distinct *Value // nil when records are counted
}

// MaxSteps is the most steps a sequence has.
const MaxSteps = 16

var (
	tacticID    = regexp.MustCompile(`^TA\d{4}$`)
	techniqueID = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)
)

type compiler struct {
	x      *expander
	parser *Parser
}

// rule checks one rule's fields and compiles its conditions. A disabled
// rule is checked too: enabling it later must not be a surprise.
func (c *compiler) rule(r *Rule) (*Compiled, error) {
	var errs []error
	bad := func(field string, err error) {
		errs = append(errs, &Error{Pos: r.Pos, Rule: r.ID, Field: field, Err: err})
	}
	for field, value := range map[string]string{"id": r.ID, "name": r.Name, "description": r.Description} {
		if value == "" {
			bad(field, errors.New("is required"))
		}
	}
	out := &Compiled{Rule: *r}
	var err error
	if out.Severity, err = ParseSeverity(r.Severity); err != nil {
		bad("severity", err)
	}
	if !tacticID.MatchString(r.Tactic.ID) || r.Tactic.Name == "" {
		bad("tactic", fmt.Errorf("needs an ATT&CK tactic id (TA0002) and name, got %q %q", r.Tactic.ID, r.Tactic.Name))
	}
	if !techniqueID.MatchString(r.Technique.ID) || r.Technique.Name == "" {
		bad("technique", fmt.Errorf("needs an ATT&CK technique id (T1059 or T1059.004) and name, got %q %q", r.Technique.ID, r.Technique.Name))
	}

	switch {
	case r.Sequence != nil && r.Threshold != nil:
		bad("sequence", errors.New("a rule is a sequence or a threshold, not both"))
	case r.Sequence != nil:
		out.Kind = KindSequence
		if r.Condition != "" || len(r.Events) > 0 {
			bad("condition", errors.New("a sequence's steps have the events and conditions; the rule has none"))
		}
		out.Sequence = c.sequence(r.Sequence, bad)
	default:
		if r.Threshold != nil {
			out.Kind = KindThreshold
			out.Threshold = c.threshold(r.Threshold, bad)
		}
		if len(r.Events) == 0 {
			bad("events", errors.New("names no event: a rule is only tested against the events it lists"))
		}
		if r.Condition == "" {
			bad("condition", errors.New("is required"))
		} else if out.Condition, err = c.condition(r.Condition); err != nil {
			bad("condition", err)
		}
	}
	for i, e := range r.Exceptions {
		field := fmt.Sprintf("exceptions[%d]", i)
		if e.Name == "" || e.Condition == "" {
			bad(field, errors.New("an exception needs a name and a condition"))
			continue
		}
		cond, err := c.condition(e.Condition)
		if err != nil {
			bad(field+" ("+e.Name+")", err)
			continue
		}
		out.Exceptions = append(out.Exceptions, CompiledException{Name: e.Name, Condition: cond})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *compiler) sequence(s *Sequence, bad func(string, error)) *CompiledSequence {
	out := &CompiledSequence{}
	out.By = keyField("sequence.by", s.By, bad)
	out.Within = window("sequence.within", s.Within, bad)
	if len(s.Steps) < 2 || len(s.Steps) > MaxSteps {
		bad("sequence.steps", fmt.Errorf("a sequence has 2 to %d steps, not %d", MaxSteps, len(s.Steps)))
	}
	for i, step := range s.Steps {
		field := fmt.Sprintf("sequence.steps[%d]", i)
		compiled := CompiledStep{Rule: step.Rule, Events: step.Events}
		switch {
		case step.Rule != "" && (step.Condition != "" || len(step.Events) > 0):
			bad(field, errors.New("a step names a rule, or has its own events and condition, not both"))
		case step.Rule == "" && (step.Condition == "" || len(step.Events) == 0):
			bad(field, errors.New("a step needs a rule, or events and a condition"))
		case step.Rule == "":
			cond, err := c.condition(step.Condition)
			if err != nil {
				bad(field+".condition", err)
			}
			compiled.Condition = cond
		}
		out.Steps = append(out.Steps, compiled)
	}
	return out
}

func (c *compiler) threshold(t *Threshold, bad func(string, error)) *CompiledThreshold {
	out := &CompiledThreshold{Count: t.Count}
	out.By = keyField("threshold.by", t.By, bad)
	out.Within = window("threshold.within", t.Within, bad)
	if t.Count < 2 {
		bad("threshold.count", fmt.Errorf("%d: a threshold counts at least 2", t.Count))
	}
	if t.Distinct != "" {
		var err error
		if out.Distinct, err = c.value(t.Distinct); err != nil {
			bad("threshold.distinct", err)
		}
	}
	return out
}

// condition expands and compiles a condition.
func (c *compiler) condition(condition string) (*Condition, error) {
	expanded, err := c.x.expand(condition, nil)
	if err != nil {
		return nil, err
	}
	return c.parser.Condition(expanded)
}

// value expands and compiles a value expression.
func (c *compiler) value(expr string) (*Value, error) {
	expanded, err := c.x.expand(expr, nil)
	if err != nil {
		return nil, err
	}
	return c.parser.Value(expanded)
}

func keyField(field, name string, bad func(string, error)) Key {
	k, err := ParseKey(name)
	if err != nil {
		bad(field, err)
	}
	return k
}

// window reads a correlation window: between a second and an hour, so
// state stays bounded in time.
func window(field, text string, bad func(string, error)) time.Duration {
	d, err := time.ParseDuration(text)
	switch {
	case err != nil:
		bad(field, fmt.Errorf("%q is not a duration (30s, 5m)", text))
	case d < time.Second || d > time.Hour:
		bad(field, fmt.Errorf("%s must be between 1s and 1h", d))
	}
	return d
}

// resolveSteps points a sequence's rule steps at those rules.
func resolveSteps(r *Compiled, byID map[string]*Compiled) error {
	if r.Sequence == nil {
		return nil
	}
	var errs []error
	for i := range r.Sequence.Steps {
		step := &r.Sequence.Steps[i]
		if step.Rule == "" {
			continue
		}
		ref, ok := byID[step.Rule]
		field := fmt.Sprintf("sequence.steps[%d].rule", i)
		switch {
		case !ok:
			errs = append(errs, &Error{Pos: r.Pos, Rule: r.ID, Field: field, Err: fmt.Errorf("no rule has id %q", step.Rule)})
		case ref.Kind != KindRecord:
			errs = append(errs, &Error{Pos: r.Pos, Rule: r.ID, Field: field, Err: fmt.Errorf("%s is a correlation rule: a step reuses a record rule", step.Rule)})
		default:
			step.Events, step.Condition, step.Exceptions = ref.Events, ref.Condition, ref.Exceptions
		}
	}
	return errors.Join(errs...)
}

// indexedEvents are the events a rule is tested on.
func (r *Compiled) indexedEvents() []string {
	if r.Sequence == nil {
		return r.Events
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range r.Sequence.Steps {
		for _, e := range s.Events {
			if !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	return out
}
