package defaultrules

import (
	"io/fs"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/vigil-sensor/vigil/internal/coveragedoc"
)

// TestCoverageMatrixNamesRulesThatExist holds docs/coverage.md to the
// pack: every rule a row names is an enabled rule of the pack, with
// fixtures in the file the row names.
func TestCoverageMatrixNamesRulesThatExist(t *testing.T) {
	rows, err := coveragedoc.ReadFile("../../../../docs/coverage.md")
	require.NoError(t, err)
	require.NotEmpty(t, rows)

	enabled := map[string]bool{}
	for _, r := range compiled(t).Rules {
		enabled[r.ID] = true
	}
	fixturesIn := map[string][]string{} // file → rule ids
	entries, err := fs.ReadDir(Fixtures(), ".")
	require.NoError(t, err)
	for _, e := range entries {
		data, err := fs.ReadFile(Fixtures(), e.Name())
		require.NoError(t, err)
		var byRule map[string]yaml.Node
		require.NoError(t, yaml.Unmarshal(data, &byRule))
		for id := range byRule {
			fixturesIn[e.Name()] = append(fixturesIn[e.Name()], id)
		}
	}
	for _, row := range rows {
		for _, id := range row.Rules {
			assert.True(t, enabled[id], "docs/coverage.md:%d (%s): %s is no enabled rule of the pack", row.Line, row.Item, id)
			has := slices.ContainsFunc(row.Fixtures, func(f string) bool { return slices.Contains(fixturesIn[f], id) })
			assert.True(t, has, "docs/coverage.md:%d (%s): no fixtures of %s in %v", row.Line, row.Item, id, row.Fixtures)
		}
	}
}
