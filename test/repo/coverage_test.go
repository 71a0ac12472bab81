package repo

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/internal/coveragedoc"
)

// TestReadmeStatesTheMeasuredCoverage: the README's coverage figure is
// the one docs/coverage.md's rows give.
func TestReadmeStatesTheMeasuredCoverage(t *testing.T) {
	rows, err := coveragedoc.ReadFile("../../docs/coverage.md")
	require.NoError(t, err)
	covered, listed := coveragedoc.Counts(rows)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	want := fmt.Sprintf("%d of the %d behaviours listed (%d %%)", covered, listed, covered*100/listed)
	assert.Contains(t, string(readme), want, "README.md states docs/coverage.md's count")
}
