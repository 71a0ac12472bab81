package rulescli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// Recorded logs of a shell under nginx (VGL-EXEC-001) and of near misses.
const packFixture = "testdata/recorded/VGL-EXEC-001-fire.json"

func TestLintAcceptsThePackAndTheUsersRules(t *testing.T) {
	code, out, errOut := run(t, "lint", "testdata/rules/local.yaml")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `^ok: \d+ rules enabled, testing \d+ event names\n$`, out)
}

func TestLintNamesFileLineRuleAndField(t *testing.T) {
	code, _, errOut := run(t, "lint", "-no-default", "../testdata/bad/broken.yaml")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "../testdata/bad/broken.yaml:2: rule BROKEN: condition: unknown macro $nobody_defined_this")
}

func TestTestRunsThePackAndTheUsersFixtures(t *testing.T) {
	code, out, errOut := run(t, "test", "testdata/rules/local.yaml")
	require.Equal(t, 0, code, out+errOut)
	assert.Regexp(t, `(?m)^VGL-EXEC-001\s+pass \(5\)\s+pass \(5\)$`, out)
	assert.Regexp(t, `(?m)^LOCAL-PSQL-SHELL\s+pass \(1\)\s+pass \(2\)$`, out)
	assert.Regexp(t, `(?m)^\d+ rules: \d+ passed, 0 failed$`, out)
}

func TestTestFailsOnAWrongFixtureAndOnAMissingOne(t *testing.T) {
	dir := t.TempDir()
	rules, err := os.ReadFile("testdata/rules/local.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "local.yaml"), rules, 0o600))
	fixtures := filepath.Join(dir, "fixtures", "LOCAL-PSQL-SHELL")
	require.NoError(t, os.MkdirAll(fixtures, 0o700))
	fire, err := os.ReadFile("testdata/rules/fixtures/LOCAL-PSQL-SHELL/fire.json")
	require.NoError(t, err)
	// The firing record as a near miss: the rule fires on it.
	require.NoError(t, os.WriteFile(filepath.Join(fixtures, "near_miss.json"), fire, 0o600))

	code, _, errOut := run(t, "test", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "rule LOCAL-PSQL-SHELL")
	assert.Contains(t, errOut, "fixture missing")

	require.NoError(t, os.WriteFile(filepath.Join(fixtures, "fire.json"), fire, 0o600))
	code, out, _ := run(t, "test", dir)
	assert.Equal(t, 1, code)
	assert.Regexp(t, `(?m)^LOCAL-PSQL-SHELL\s+pass \(1\)\s+FAIL \(1\)$`, out)
	assert.Contains(t, out, "LOCAL-PSQL-SHELL near_miss.json: record 1 (process.exec) fired it")
	assert.Regexp(t, `(?m)^(\d+) rules: \d+ passed, 1 failed$`, out)
}

func TestExplainListsTheRulesAnEventIsTestedBy(t *testing.T) {
	code, out, errOut := run(t, "explain", "-event", "process.exec", "-event", "nothing.here", "testdata/rules/local.yaml")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `(?m)^process\.exec: \d+ rules$`, out)
	assert.Regexp(t, `(?m)^  VGL-EXEC-001\s+record\s+high\s+T1059\.004\s+Shell spawned by a network service$`, out)
	assert.Regexp(t, `(?m)^  LOCAL-PSQL-SHELL\s+record\s+critical\s+T1059\.004\s+Shell from the database$`, out)
	assert.Contains(t, out, "nothing.here: 0 rules")
}

func TestReplayPrintsFindings(t *testing.T) {
	code, out, errOut := run(t, "replay", "-input", packFixture)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `(?m)^2025-11-26T00:00:00Z\s+process\.exec\s+VGL-EXEC-001\s+high\s+65\s+T1059\.004\s+exec /usr/bin/dash \(sh -c id\) by nginx$`, out)
	assert.Contains(t, errOut, "2 records, 2 findings")
}

func TestReplayWritesFindingsAsOTLPJSON(t *testing.T) {
	// Two requests, one per line, as the file exporter writes them; the
	// second holds no finding and is left out.
	fire, err := os.ReadFile(packFixture)
	require.NoError(t, err)
	nearMiss, err := os.ReadFile("testdata/recorded/VGL-EXEC-001-near-miss.json")
	require.NoError(t, err)
	input := filepath.Join(t.TempDir(), "logs.json")
	require.NoError(t, os.WriteFile(input, []byte(oneLineJSON(fire)+"\n"+oneLineJSON(nearMiss)+"\n"), 0o600))

	code, out, errOut := run(t, "replay", "-json", "-input", input)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 1)
	var u plog.JSONUnmarshaler
	logs, err := u.UnmarshalLogs([]byte(lines[0]))
	require.NoError(t, err)
	require.Equal(t, 2, logs.LogRecordCount())
	lr := logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	id, _ := lr.Attributes().Get("security_rule.uuid")
	assert.Equal(t, "VGL-EXEC-001", id.Str())
	assert.Equal(t, plog.SeverityNumberError, lr.SeverityNumber())
	assert.Contains(t, errOut, "5 records, 2 findings")
}

func TestUsageErrors(t *testing.T) {
	code, _, errOut := run(t)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "usage: vigil-rules")
	code, _, errOut = run(t, "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)
	code, _, errOut = run(t, "replay")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "-input is required")
	code, _, errOut = run(t, "lint", "-no-default")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "leaves no rules")
	code, _, errOut = run(t, "lint", "-list", "nolist")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "write name=item,item")
}

func TestAListCanBeReplaced(t *testing.T) {
	code, _, errOut := run(t, "lint", "-list", "server_binaries=caddy", "-list", "no_such_list=x")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "lists::no_such_list: no rule file defines this list")

	// Without nginx among the servers, the shell nginx started is no finding.
	code, _, errOut = run(t, "replay", "-list", "server_binaries=caddy", "-input", packFixture)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "2 records, 0 findings")
}

func oneLineJSON(b []byte) string {
	return strings.Join(strings.Fields(string(b)), " ")
}

func TestCaptureWritesCompactFixturesThatTestRuns(t *testing.T) {
	dir := t.TempDir()
	rules, err := os.ReadFile("testdata/rules/local.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "local.yaml"), rules, 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "fixtures"), 0o700))
	out := filepath.Join(dir, "fixtures", "local.yaml")
	recorded := "testdata/rules/fixtures/LOCAL-PSQL-SHELL/"
	for _, list := range []string{"fire", "near_miss"} {
		code, _, errOut := run(t, "capture", "-input", recorded+list+".json", "-rule", "LOCAL-PSQL-SHELL", "-as", list, "-o", out, dir)
		require.Equal(t, 0, code, errOut)
	}
	written, err := os.ReadFile(out)
	require.NoError(t, err)
	// What the rule and the pack's rules read, no more: the executable's
	// name and the parent's, not the exec id or the host.
	assert.Equal(t, `LOCAL-PSQL-SHELL:
  fire:
    - event: process.exec
      attributes:
        process.executable.path: /usr/bin/dash
        vigil.process.parent.executable.name: postgres
  near_miss:
    - event: process.exec
      attributes:
        process.executable.path: /usr/bin/dash
        vigil.process.parent.executable.name: bash
    - event: process.exec
      after: 0s
      attributes:
        process.executable.path: /usr/lib/postgresql/16/bin/pg_dump
        vigil.process.parent.executable.name: postgres
`, string(written))

	code, stdout, errOut := run(t, "test", dir)
	require.Equal(t, 0, code, stdout+errOut)
	assert.Regexp(t, `(?m)^LOCAL-PSQL-SHELL\s+pass \(1\)\s+pass \(2\)$`, stdout)

	code, _, errOut = run(t, "capture", "-input", recorded+"fire.json", "-rule", "NO-SUCH", "-as", "fire", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no enabled rule has id NO-SUCH")
	code, _, errOut = run(t, "capture", "-input", recorded+"fire.json", "-rule", "LOCAL-PSQL-SHELL", "-as", "maybe", dir)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "-as fire|near_miss are required")
}

// The gateway example's cross-node rules run without the pack, as the
// gateways run them, and pass their fixtures.
func TestTheGatewayExamplesRulesPassTheirFixtures(t *testing.T) {
	code, out, errOut := run(t, "test", "-no-default", "../../../examples/gateway/rules")
	require.Equal(t, 0, code, out+errOut)
	assert.Regexp(t, `(?m)^CLUSTER-001\s+pass \(2\)\s+pass \(4\)$`, out)
	assert.Regexp(t, `(?m)^CLUSTER-002\s+pass \(2\)\s+pass \(3\)$`, out)
}
