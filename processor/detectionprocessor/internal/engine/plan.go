package engine

import (
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/fastpath"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// Plan is a rule set as the engine runs it: each enabled rule with what
// the fast path read of its conditions (a program each, evaluated before
// OTTL) and its gate, indexed by event. It is made once for a set and
// serves any number of evaluators, each with its own correlation state.
type Plan struct {
	// Rules are the set's enabled rules, in its order.
	Rules   []*Rule
	set     *rules.Set
	byEvent map[string][]*Rule
	layout  *fastpath.Layout
}

// Rule is a compiled rule and its fast path.
type Rule struct {
	Compiled *rules.Compiled
	// kind is Compiled's, beside what evaluating a record reads: a rule
	// that does not fire is judged without touching Compiled.
	kind rules.Kind
	// Gate is checked before anything else of the rule; nil when none (a
	// sequence's steps have their own conditions, and no gate).
	Gate       *fastpath.Gate
	Condition  Check // empty for a sequence
	Exceptions []Check
	Steps      []Step // a sequence's, as its Compiled.Sequence.Steps
	// DistinctSlot is a threshold's distinct value when it is an attribute
	// alone, read without OTTL; -1 otherwise.
	DistinctSlot int
}

// Check is a condition as the engine evaluates it: its program first,
// OTTL only when the program says Maybe.
type Check struct {
	Program *fastpath.Program // nil when nothing could be read: Maybe
	OTTL    *rules.Condition
}

// Step is a sequence's step as the engine evaluates it.
type Step struct {
	Events     []string
	Condition  Check
	Exceptions []Check
}

// NewPlan reads every condition of the set's enabled rules into the fast
// path, which numbers what they read in common.
func NewPlan(set *rules.Set) *Plan {
	b := fastpath.NewBuilder()
	check := func(c *rules.Condition) Check {
		if c == nil {
			return Check{}
		}
		return Check{Program: b.Program(c.Text), OTTL: c}
	}
	checks := func(exceptions []rules.CompiledException) []Check {
		out := make([]Check, len(exceptions))
		for i, x := range exceptions {
			out[i] = check(x.Condition)
		}
		return out
	}
	p := &Plan{set: set, byEvent: map[string][]*Rule{}}
	planned := make(map[*rules.Compiled]*Rule, len(set.Rules))
	for _, c := range set.Rules {
		r := &Rule{Compiled: c, kind: c.Kind, Condition: check(c.Condition), Exceptions: checks(c.Exceptions), DistinctSlot: -1}
		if c.Sequence != nil {
			for _, s := range c.Sequence.Steps {
				r.Steps = append(r.Steps, Step{Events: s.Events, Condition: check(s.Condition), Exceptions: checks(s.Exceptions)})
			}
		} else {
			r.Gate = r.Condition.Program.Gate()
		}
		if c.Threshold != nil && c.Threshold.Distinct != nil {
			r.DistinctSlot = b.Attribute(c.Threshold.Distinct.Text)
		}
		planned[c] = r
		p.Rules = append(p.Rules, r)
	}
	p.layout = b.Build()
	for _, event := range set.Events() {
		for _, c := range set.For(event) {
			p.byEvent[event] = append(p.byEvent[event], planned[c])
		}
	}
	return p
}

// For returns the rules that apply to an event.
func (p *Plan) For(event string) []*Rule { return p.byEvent[event] }

// NewValues makes the view of a record the plan's programs read: one per
// concurrent evaluation, Reset for each record.
func (p *Plan) NewValues() *fastpath.Values { return p.layout.NewValues() }
