package coveragedoc

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `# Coverage

## Falco rules

| Item | Behaviour | Vigil rules | Fixtures | End to end | Verdict |
|---|---|---|---|---|---|
| Run shell untrusted (stable) | A server starts a shell | VGL-EXEC-001, VGL-EXEC-016 | [fixtures/execution.yaml](x) | ` + "`httpd starts a shell`" + ` | covered |
| Java class download (sandbox) | java receives a class file | — | — | — | not covered: needs socket payloads |
`

func TestParseReadsRowsAndVerdicts(t *testing.T) {
	rows, err := Parse([]byte(sample))
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, Row{Section: "Falco rules", Item: "Run shell untrusted (stable)", Behaviour: "A server starts a shell",
		Rules: []string{"VGL-EXEC-001", "VGL-EXEC-016"}, Fixtures: []string{"execution.yaml"}, E2E: []string{"httpd starts a shell"},
		Covered: true, Line: 7}, rows[0])
	assert.False(t, rows[1].Covered)
	assert.Equal(t, "needs socket payloads", rows[1].Reason)
	covered, listed := Counts(rows)
	assert.Equal(t, 1, covered)
	assert.Equal(t, 2, listed)
}

func TestParseRefusesIncompleteRows(t *testing.T) {
	for name, row := range map[string]string{
		"no verdict":      "| a | b | VGL-EXEC-001 | fixtures/execution.yaml | `x` | maybe |",
		"covered, no e2e": "| a | b | VGL-EXEC-001 | fixtures/execution.yaml | — | covered |",
		"no reason":       "| a | b | — | — | — | not covered: |",
		"a cell too many": "| a | b | c | d | e | covered | f |",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte("## S\n\n| Item | Behaviour | Vigil rules | Fixtures | End to end | Verdict |\n|---|---|---|---|---|---|\n" + row + "\n"))
			assert.ErrorContains(t, err, "line 5")
		})
	}
}
