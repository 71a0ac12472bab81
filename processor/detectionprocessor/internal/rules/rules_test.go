package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"
)

const pack = `lists:
  shell_binaries: [bash, sh, dash, zsh]
  server_binaries: [nginx, httpd, node]
macros:
  shell_exec: ContainsValue(@shell_binaries, attributes["process.executable.name"])
  spawned_by_server: ContainsValue(@server_binaries, attributes["vigil.process.parent.executable.name"])
rules:
  - id: VGL-T-1
    name: Shell spawned by a server
    description: A server process started a shell.
    severity: high
    tactic: {id: TA0002, name: Execution}
    technique: {id: T1059.004, name: "Command and Scripting Interpreter: Unix Shell"}
    events: [process.exec]
    condition: $shell_exec and $spawned_by_server
    exceptions:
      - name: health checks
        condition: attributes["process.command_line"] == "sh -c /healthz"
    tags: [container]
`

func compileText(t *testing.T, files map[string]string) (*Set, error) {
	t.Helper()
	var parsed []*File
	for _, name := range []string{"default.yaml", "user.yaml"} {
		text, ok := files[name]
		if !ok {
			continue
		}
		f, err := Parse(name, []byte(text))
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
	}
	return Compile(parsed, componenttest.NewNopTelemetrySettings())
}

func execRecord(name, parent, cmdline string) *ottllog.TransformContext {
	logs := plog.NewLogs()
	rl := logs.ResourceLogs().AppendEmpty()
	sl := rl.ScopeLogs().AppendEmpty()
	lr := sl.LogRecords().AppendEmpty()
	lr.SetEventName("process.exec")
	lr.Attributes().PutStr("process.executable.name", name)
	lr.Attributes().PutStr("vigil.process.parent.executable.name", parent)
	lr.Attributes().PutStr("process.command_line", cmdline)
	return ottllog.NewTransformContext(rl, sl, lr)
}

func eval(t *testing.T, c *Compiled, tctx *ottllog.TransformContext) (bool, string) {
	t.Helper()
	ok, err := c.Condition.Eval(context.Background(), tctx)
	require.NoError(t, err)
	if !ok {
		return false, ""
	}
	for _, e := range c.Exceptions {
		if hit, err := e.Condition.Eval(context.Background(), tctx); err == nil && hit {
			return false, e.Name
		}
	}
	return true, ""
}

func TestListsAndMacrosExpandIntoOTTL(t *testing.T) {
	set, err := compileText(t, map[string]string{"default.yaml": pack})
	require.NoError(t, err)
	rules := set.For("process.exec")
	require.Len(t, rules, 1)
	r := rules[0]
	assert.Equal(t, SeverityHigh, r.Severity)
	assert.Equal(t, "T1059.004", r.Technique.ID)
	assert.Empty(t, set.For("file.open"), "indexed by event")

	hit, _ := eval(t, r, execRecord("bash", "nginx", "bash -i"))
	assert.True(t, hit)
	hit, _ = eval(t, r, execRecord("bash", "sshd", "bash -i"))
	assert.False(t, hit, "near miss: a shell from sshd")
	hit, exception := eval(t, r, execRecord("sh", "nginx", "sh -c /healthz"))
	assert.False(t, hit)
	assert.Equal(t, "health checks", exception)
}

func TestOverridesChangeARuleWithoutCopyingIt(t *testing.T) {
	user := `overrides:
  - id: VGL-T-1
    severity: critical
    exceptions:
      - name: our node app runs scripts
        condition: attributes["vigil.process.parent.executable.name"] == "node"
`
	set, err := compileText(t, map[string]string{"default.yaml": pack, "user.yaml": user})
	require.NoError(t, err)
	r := set.For("process.exec")[0]
	assert.Equal(t, SeverityCritical, r.Severity)
	_, exception := eval(t, r, execRecord("bash", "node", "bash x.sh"))
	assert.Equal(t, "our node app runs scripts", exception)

	disabled := "overrides:\n  - id: VGL-T-1\n    enabled: false\n"
	set, err = compileText(t, map[string]string{"default.yaml": pack, "user.yaml": disabled})
	require.NoError(t, err)
	assert.Empty(t, set.Rules)
}

func TestBadInputNamesFileLineRuleAndField(t *testing.T) {
	rule := func(extra string) string {
		return `rules:
  - id: VGL-T-9
    name: n
    description: d
    severity: low
    tactic: {id: TA0007, name: Discovery}
    technique: {id: T1082, name: System Information Discovery}
    events: [process.exec]
` + extra
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"malformed yaml", map[string]string{"user.yaml": "rules:\n  - id: [unclosed\n"}, "user.yaml:"},
		{"unknown section", map[string]string{"user.yaml": "rulez: []\n"}, "user.yaml:1: rulez: unknown section"},
		{"unknown field", map[string]string{"user.yaml": rule("    condition: true\n    severty: high\n")}, "user.yaml:10: rule VGL-T-9: severty: unknown field"},
		{"unknown macro", map[string]string{"user.yaml": rule("    condition: $nope\n")}, "user.yaml:2: rule VGL-T-9: condition: unknown macro $nope"},
		{"unknown list", map[string]string{"user.yaml": rule(`    condition: ContainsValue(@nope, "x")` + "\n")}, "user.yaml:2: rule VGL-T-9: condition: unknown list @nope"},
		{"condition does not compile", map[string]string{"user.yaml": rule("    condition: attributes[\"a\"] ==\n")}, "user.yaml:2: rule VGL-T-9: condition:"},
		{"unknown function", map[string]string{"user.yaml": rule("    condition: NoSuchFunc(1)\n")}, "user.yaml:2: rule VGL-T-9: condition:"},
		{"bad severity", map[string]string{"user.yaml": strings.Replace(rule("    condition: \"true\"\n"), "severity: low", "severity: urgent", 1)}, "user.yaml:2: rule VGL-T-9: severity: \"urgent\" is not a severity"},
		{"duplicate id", map[string]string{"default.yaml": pack, "user.yaml": strings.Replace(rule("    condition: \"true\"\n"), "VGL-T-9", "VGL-T-1", 1)}, "user.yaml:2: rule VGL-T-1: id: duplicate id: already defined at default.yaml:8"},
		{"macro cycle", map[string]string{"user.yaml": "macros:\n  a: $b\n  b: $a\n" + rule("    condition: $a\n")}, "refers to itself"},
		{"override of nothing", map[string]string{"user.yaml": "overrides:\n  - id: VGL-NOPE\n    enabled: false\n"}, "user.yaml:2: rule VGL-NOPE: id: overrides a rule that no file defines"},
		{"no events", map[string]string{"user.yaml": "rules:\n  - id: X\n    name: n\n    description: d\n    severity: low\n    tactic: {id: TA0007, name: Discovery}\n    technique: {id: T1082, name: S}\n    condition: \"true\"\n"}, "user.yaml:2: rule X: events: names no event"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := compileText(t, c.files)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestReferencesInsideStringLiteralsStayText(t *testing.T) {
	x := &expander{lists: map[string]List{"ports": {Items: []string{"3333", `a"b`}}}, macros: map[string]Macro{}}
	got, err := x.expand(`attributes["cmd"] == "echo $HOME @ports \"$x\"" or ContainsValue(@ports, attributes["p"])`, nil)
	require.NoError(t, err)
	assert.Equal(t, `attributes["cmd"] == "echo $HOME @ports \"$x\"" or ContainsValue(["3333", "a\"b"], attributes["p"])`, got)
}
