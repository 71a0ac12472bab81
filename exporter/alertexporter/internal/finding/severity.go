package finding

import (
	"fmt"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
)

// Severity is a finding's severity, ordered.
type Severity int

// The severities of docs/events.md, least severe first.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity's name.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if n == name {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a severity (info, low, medium, high, critical)", name)
}

// Severity is vigil.finding.severity, or, for a finding from a source that
// does not write it, what its SeverityNumber says under the detection
// processor's mapping (WARN low, WARN3 medium, ERROR high, FATAL critical).
func (f Finding) Severity() Severity {
	if s, err := ParseSeverity(f.Attr(schema.VigilFindingSeverity)); err == nil {
		return s
	}
	switch n := f.Record.SeverityNumber(); {
	case n >= plog.SeverityNumberFatal:
		return Critical
	case n >= plog.SeverityNumberError:
		return High
	case n >= plog.SeverityNumberWarn3:
		return Medium
	case n >= plog.SeverityNumberWarn:
		return Low
	}
	return Info
}
