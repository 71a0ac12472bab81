// Package rules is the detection rule language: it reads rule files —
// rules, reusable lists and macros, overrides of other files' rules —
// checks their fields, expands lists and macros, and compiles them into a
// Set: every condition an OTTL condition on log records, kept with its
// expanded text, every rule indexed by the event names it applies to.
// Running them is the engine's (package engine), which asks the fast path
// (package fastpath) to read each condition's text into Go first.
package rules

import "fmt"

// Severity ranks a rule's findings.
type Severity int

// Severities, lowest first; their names are what rule files write.
const (
	SeverityInfo Severity = iota + 1
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = map[string]Severity{
	"info": SeverityInfo, "low": SeverityLow, "medium": SeverityMedium, "high": SeverityHigh, "critical": SeverityCritical,
}

func (s Severity) String() string {
	for name, v := range severityNames {
		if v == s {
			return name
		}
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads a severity's name.
func ParseSeverity(name string) (Severity, error) {
	if s, ok := severityNames[name]; ok {
		return s, nil
	}
	return 0, fmt.Errorf("%q is not a severity (info, low, medium, high, critical)", name)
}

// Mitre is a MITRE ATT&CK tactic or technique: its id and its name.
type Mitre struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

// Exception is a named condition that, when true, keeps a rule from firing:
// an allow-list entry.
type Exception struct {
	Name      string `yaml:"name"`
	Condition string `yaml:"condition"`
}

// Rule is one rule as a file writes it.
type Rule struct {
	ID          string      `yaml:"id"`
	Name        string      `yaml:"name"`
	Description string      `yaml:"description"`
	Severity    string      `yaml:"severity"`
	Tactic      Mitre       `yaml:"tactic"`
	Technique   Mitre       `yaml:"technique"`
	Events      []string    `yaml:"events"`
	Condition   string      `yaml:"condition"`
	Exceptions  []Exception `yaml:"exceptions"`
	Tags        []string    `yaml:"tags"`
	Enabled     *bool       `yaml:"enabled"`
	References  []string    `yaml:"references"`
	// A correlation rule has one of these, and no events or condition of
	// its own for a sequence.
	Sequence  *Sequence  `yaml:"sequence"`
	Threshold *Threshold `yaml:"threshold"`

	Pos Pos `yaml:"-"`
	// Ruleset names the rule's set: its file's name without directory and
	// extension, or "default" for the built-in pack.
	Ruleset string `yaml:"-"`
}

// Sequence is a correlation rule's ordered steps: it fires when every step
// matches, in order, for one key, within a window.
type Sequence struct {
	By     string `yaml:"by"`
	Within string `yaml:"within"`
	Steps  []Step `yaml:"steps"`
}

// Step is one step of a sequence: another rule, by id (its condition and
// events, whether or not that rule is enabled), or its own events and
// condition.
type Step struct {
	Rule      string   `yaml:"rule"`
	Events    []string `yaml:"events"`
	Condition string   `yaml:"condition"`
}

// Threshold fires when the rule's events and condition match Count records
// for one key within a window, or Count distinct values of Distinct (an
// OTTL value expression such as attributes["network.peer.port"]).
type Threshold struct {
	By       string `yaml:"by"`
	Within   string `yaml:"within"`
	Count    int    `yaml:"count"`
	Distinct string `yaml:"distinct"`
}

// Override changes a rule defined in another file without copying it.
type Override struct {
	ID         string      `yaml:"id"`
	Enabled    *bool       `yaml:"enabled"`
	Severity   string      `yaml:"severity"`
	Exceptions []Exception `yaml:"exceptions"` // added to the rule's own

	Pos Pos `yaml:"-"`
}

// Pos is where something is written: a file and a line.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// File is one rule file.
type File struct {
	Path      string
	Lists     map[string]List
	Macros    map[string]Macro
	Rules     []Rule
	Overrides []Override
}

// List is a named list of strings, referenced as @name in conditions.
type List struct {
	Items []string
	// Integers: the items are integers, written without quotes in
	// conditions.
	Integers bool
	Pos      Pos
}

// Macro is a named condition fragment, referenced as $name in conditions.
type Macro struct {
	Condition string
	Pos       Pos
}
