package defaultrules

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/correlate"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/engine"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/fixture"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// ordinaryMix is a busy host's records that no rule should match, in
// proportions like the receiver's on a build machine: execs and their
// exits, file opens, then connects and DNS, some W+X by a JIT.
func ordinaryMix(tb testing.TB) plog.Logs {
	logs := plog.NewLogs()
	host := logs.ResourceLogs().AppendEmpty()
	host.Resource().Attributes().PutStr("host.name", "build-01")
	container := logs.ResourceLogs().AppendEmpty()
	container.Resource().Attributes().PutStr("host.name", "build-01")
	container.Resource().Attributes().PutStr("container.id", "9f3c1b7e2a4d6c8e0b1a3f5d7c9e2b4a6d8f0c1e3a5b7d9f2c4e6a8b0d1f3e5a")
	add := func(rl plog.ResourceLogs, event string, attrs map[string]any) {
		lr := rl.ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
		lr.SetEventName(event)
		base := map[string]any{"process.pid": 4242, "process.parent_pid": 4181, "process.user.id": 1000,
			"vigil.process.exec_id": "aT-0wMxZ-kUaPHNtvdXY9g", "vigil.process.parent.exec_id": "DtToY_Vvdhu96mu5CClV0Q"}
		for k, v := range attrs {
			base[k] = v
		}
		require.NoError(tb, lr.Attributes().FromRaw(base))
	}
	exec := func(rl plog.ResourceLogs, path, name, cmd, parent string) {
		add(rl, "process.exec", map[string]any{"process.executable.path": path, "process.executable.name": name,
			"process.command_line": cmd, "process.command_args": []any{name}, "process.working_directory": "/home/dev/src",
			"vigil.process.parent.executable.path": "/usr/bin/" + parent, "vigil.process.parent.executable.name": parent,
			"process.interactive": false, "vigil.process.capabilities.effective": []any{}})
	}
	exec(host, "/usr/bin/git", "git", "git status --porcelain", "bash")
	exec(host, "/usr/local/go/bin/go", "go", "go build ./...", "make")
	exec(host, "/usr/local/go/pkg/tool/linux_amd64/compile", "compile", "compile -o /tmp/go-build1/b001/_pkg_.a", "go")
	exec(host, "/usr/bin/ls", "ls", "ls -la", "bash")
	exec(host, "/usr/bin/dash", "dash", "sh -c make test", "make")
	exec(container, "/usr/local/bin/app", "app", "/usr/local/bin/app --port 8080", "containerd-shim-runc-v2")
	open := func(rl plog.ResourceLogs, exe, path, category string, intent ...any) {
		add(rl, "file.open", map[string]any{"process.executable.name": exe, "process.executable.path": "/usr/sbin/" + exe,
			"file.path": path, "vigil.file.watch_category": category, "vigil.file.open.intent": intent,
			"vigil.file.open.flags": []any{"O_RDONLY", "O_CLOEXEC"}})
	}
	open(host, "sshd", "/etc/ssh/sshd_config", "credentials", "read")
	open(host, "cron", "/etc/pam.d/common-session", "credentials", "read")
	open(host, "rsyslogd", "/var/log/syslog", "logs", "write", "create")
	open(container, "app", "/var/run/secrets/kubernetes.io/serviceaccount/token", "credentials", "read")
	connect := func(rl plog.ResourceLogs, exe, peer string, port int) {
		add(rl, "network.connect", map[string]any{"process.executable.name": exe, "process.executable.path": "/usr/bin/" + exe,
			"network.transport": "tcp", "network.type": "ipv4", "network.peer.address": peer, "network.peer.port": port,
			"network.local.address": "10.0.2.15", "network.local.port": 48212, "vigil.network.direction": "outbound"})
	}
	connect(host, "go", "142.250.74.113", 443)
	connect(host, "git", "140.82.121.4", 443)
	connect(container, "app", "10.96.0.10", 5432)
	add(host, "dns.query", map[string]any{"process.executable.name": "go", "dns.question.name": "proxy.golang.org",
		"vigil.dns.question.type": "A", "network.peer.address": "127.0.0.53", "network.peer.port": 53})
	add(host, "memory.protect", map[string]any{"process.executable.name": "java", "process.executable.path": "/usr/lib/jvm/bin/java",
		"vigil.memory.protection": []any{"PROT_READ", "PROT_WRITE", "PROT_EXEC"}, "vigil.memory.anonymous": true})
	// Every short-lived process exits: each exec but the app's has its exit.
	for _, name := range []string{"git", "go", "compile", "ls", "dash"} {
		add(host, "process.exit", map[string]any{"process.executable.name": name, "process.exit.code": 0})
	}
	return logs
}

type rec struct {
	rl plog.ResourceLogs
	sl plog.ScopeLogs
	lr plog.LogRecord
}

func flatten(logs ...plog.Logs) []rec {
	var out []rec
	for _, l := range logs {
		for i := range l.ResourceLogs().Len() {
			rl := l.ResourceLogs().At(i)
			for j := range rl.ScopeLogs().Len() {
				sl := rl.ScopeLogs().At(j)
				for k := range sl.LogRecords().Len() {
					out = append(out, rec{rl, sl, sl.LogRecords().At(k)})
				}
			}
		}
	}
	return out
}

// fixtureRecords are every fixture of the pack: findings and near misses.
func fixtureRecords(tb testing.TB) []rec {
	all, err := fixture.Records(Fixtures())
	require.NoError(tb, err)
	return flatten(all...)
}

// syntheticRules are n distinct rules of the pack's shapes, spread over
// the events of the mix: a command-line pattern, a path prefix with a
// write, a port outside a network, a domain — each with its own literal,
// so no two share work (as copies of one rule would, through the
// evaluation of shared expressions once per record).
func syntheticRules(tb testing.TB, n int) *rules.Set {
	f := &rules.File{Path: "synthetic.yaml"}
	for i := range n {
		r := rules.Rule{ID: fmt.Sprintf("SYN-%03d", i), Name: "synthetic", Description: "synthetic", Severity: "medium",
			Tactic: rules.Mitre{ID: "TA0002", Name: "Execution"}, Technique: rules.Mitre{ID: "T1059", Name: "Command and Scripting Interpreter"}}
		switch i % 4 {
		case 0:
			r.Events = []string{"process.exec"}
			r.Condition = fmt.Sprintf(`attributes["process.command_line"] != nil and IsMatch(attributes["process.command_line"], "tool%d\\s+--flag")`, i)
		case 1:
			r.Events = []string{"file.open"}
			r.Condition = fmt.Sprintf(`HasPrefix(attributes["file.path"], "/opt/app%d/") and ContainsValue(attributes["vigil.file.open.intent"], "write")`, i)
		case 2:
			r.Events = []string{"network.connect"}
			r.Condition = fmt.Sprintf(`attributes["network.peer.port"] == %d and not IsInCIDR(attributes["network.peer.address"], ["10.0.0.0/8"])`, 20000+i)
		case 3:
			r.Events = []string{"dns.query"}
			r.Condition = fmt.Sprintf(`IsMatch(attributes["dns.question.name"], "(^|\\.)domain%d\\.example$")`, i)
		}
		f.Rules = append(f.Rules, r)
	}
	set, err := rules.Compile([]*rules.File{f}, componenttest.NewNopTelemetrySettings())
	require.NoError(tb, err)
	return set
}

func benchmarkRecords(b *testing.B, set *rules.Set, records []rec) {
	benchmarkPlan(b, engine.NewPlan(set), records)
}

func benchmarkPlan(b *testing.B, plan *engine.Plan, records []rec) {
	eval := engine.New(plan, correlate.Limits{MaxKeys: 10000, MaxValues: 1000}, nil)
	ctx := context.Background()
	matched := make([]*rules.Compiled, 0, 16)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		r := records[i%len(records)]
		matched, _ = eval.Evaluate(ctx, r.rl, r.sl, r.lr, matched[:0])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/record")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkNoRulesBaseline: the same records through an evaluator with no
// rules — the floor the pack's cost is measured against.
func BenchmarkNoRulesBaseline(b *testing.B) {
	empty, err := rules.Compile(nil, componenttest.NewNopTelemetrySettings())
	require.NoError(b, err)
	benchmarkRecords(b, empty, flatten(ordinaryMix(b)))
}

// BenchmarkPackOrdinaryRecords: the default pack on records that match
// nothing (the common case): the cost per record and its allocations.
func BenchmarkPackOrdinaryRecords(b *testing.B) {
	benchmarkRecords(b, compiled(b), flatten(ordinaryMix(b)))
}

// BenchmarkPackOrdinaryRecordsOTTLOnly: the same with every condition
// left to OTTL, as without the Go fast path: what the fast path saves.
func BenchmarkPackOrdinaryRecordsOTTLOnly(b *testing.B) {
	plan := engine.NewPlan(compiled(b))
	for _, r := range plan.Rules {
		r.Condition.Program, r.Gate = nil, nil
		for i := range r.Exceptions {
			r.Exceptions[i].Program = nil
		}
		for i := range r.Steps {
			r.Steps[i].Condition.Program = nil
			for j := range r.Steps[i].Exceptions {
				r.Steps[i].Exceptions[j].Program = nil
			}
		}
		r.DistinctSlot = -1
	}
	benchmarkPlan(b, plan, flatten(ordinaryMix(b)))
}

// BenchmarkPackFixtureRecords: the default pack on every fixture record,
// findings and near misses: records built to reach the conditions.
func BenchmarkPackFixtureRecords(b *testing.B) {
	benchmarkRecords(b, compiled(b), fixtureRecords(b))
}

// BenchmarkRuleCount: how the cost of ordinary records grows with the
// number of rules, distinct ones of the pack's shapes.
func BenchmarkRuleCount(b *testing.B) {
	records := flatten(ordinaryMix(b))
	for _, n := range []int{10, 50, 200} {
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			set := syntheticRules(b, n)
			require.Len(b, set.Rules, n)
			benchmarkRecords(b, set, records)
		})
	}
}

// TestTheOrdinaryMixMatchesNothing keeps the benchmark honest: its
// records are what no rule should flag.
func TestTheOrdinaryMixMatchesNothing(t *testing.T) {
	eval := engine.New(engine.NewPlan(compiled(t)), correlate.Limits{MaxKeys: 100, MaxValues: 100}, func(r *rules.Compiled, err error) {
		t.Errorf("%s: %v", r.ID, err)
	})
	for _, r := range flatten(ordinaryMix(t)) {
		matched, _ := eval.Evaluate(context.Background(), r.rl, r.sl, r.lr, nil)
		for _, m := range matched {
			t.Errorf("%s fired on an ordinary %s record", m.ID, r.lr.EventName())
		}
	}
}

// BenchmarkPackOrdinaryByEvent: the ordinary mix's records of one event at
// a time: what an exec costs, what a connect costs.
func BenchmarkPackOrdinaryByEvent(b *testing.B) {
	set := compiled(b)
	byEvent := map[string][]rec{}
	var events []string
	for _, r := range flatten(ordinaryMix(b)) {
		e := r.lr.EventName()
		if byEvent[e] == nil {
			events = append(events, e)
		}
		byEvent[e] = append(byEvent[e], r)
	}
	for _, e := range events {
		b.Run("event="+e, func(b *testing.B) { benchmarkRecords(b, set, byEvent[e]) })
	}
}
