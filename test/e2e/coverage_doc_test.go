package e2e

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/internal/coveragedoc"
)

// TestCoverageMatrixNamesBehavioursThatArePerformed holds docs/coverage.md
// to this suite, without running it: every covered row names behaviours
// TestCoverage performs, which expect every rule the row names; and every
// behaviour performed is some covered row's.
func TestCoverageMatrixNamesBehavioursThatArePerformed(t *testing.T) {
	rows, err := coveragedoc.ReadFile("../../docs/coverage.md")
	require.NoError(t, err)

	byName := map[string]behaviour{}
	for _, b := range behaviours {
		_, dup := byName[b.name]
		require.False(t, dup, "two behaviours named %q", b.name)
		byName[b.name] = b
	}
	named := map[string]bool{}
	for _, row := range rows {
		if !row.Covered {
			continue
		}
		var expects []string
		for _, name := range row.E2E {
			b, ok := byName[name]
			if !assert.True(t, ok, "docs/coverage.md:%d (%s): no behaviour %q in test/e2e", row.Line, row.Item, name) {
				continue
			}
			named[name] = true
			for _, e := range b.expect {
				expects = append(expects, e.rule)
			}
		}
		for _, id := range row.Rules {
			assert.True(t, slices.Contains(expects, id), "docs/coverage.md:%d (%s): %s is expected by none of %v", row.Line, row.Item, id, row.E2E)
		}
	}
	for name := range byName {
		assert.True(t, named[name], "behaviour %q is in no covered row of docs/coverage.md", name)
	}
}
