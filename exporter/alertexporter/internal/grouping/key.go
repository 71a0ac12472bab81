// Package grouping folds a storm of one finding into one message: findings
// whose group_by attributes are equal form a group, and a group sends at
// most one message per window — the first finding at once, then, at each
// window's end, one summary of the repeats that arrived meanwhile.
package grouping

import (
	"strings"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
)

// Key is the group of a finding: the values of the group_by attributes,
// an absent attribute counting as "", separated by NUL, which no name of a
// rule, namespace, cluster or host holds.
func Key(f finding.Finding, by []string) string {
	var b strings.Builder
	for i, name := range by {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(f.Attr(name))
	}
	return b.String()
}

// Attributes are the group_by attributes' values of a finding, by name:
// what a message says its group is.
func Attributes(f finding.Finding, by []string) map[string]string {
	out := make(map[string]string, len(by))
	for _, name := range by {
		out[name] = f.Attr(name)
	}
	return out
}
