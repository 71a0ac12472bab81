// Package bench measures the sensor against the same workloads without it
// and with bpftrace on the same kernel events; `make bench` runs it.
package bench

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/test/harness"
)

// stormSeconds is how long each storm runs and rounds how many times each
// setup runs, interleaved so that drift of a noisy VM affects each setup
// alike; the report shows every round and the medians. VIGIL_BENCH_SECONDS,
// VIGIL_BENCH_ROUNDS and VIGIL_BENCH_STORMS (names, comma-separated) shorten
// a run while working on one storm.
var (
	stormSeconds = envInt("VIGIL_BENCH_SECONDS", 10)
	rounds       = envInt("VIGIL_BENCH_ROUNDS", 3)
)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

const (
	setupNone     = "no sensor"
	setupBpftrace = "bpftrace"
	setupVigil    = "otelcol-vigil"
)

// storm is a workload that repeats one kind of event as fast as it can.
type storm struct {
	name string
	// run performs the storm for stormSeconds and returns how many
	// operations it did and the pid that did them.
	run func(t *testing.T, marker string) (ops int, pid int)
	// bpftrace prints one line per event of the same tracepoints.
	bpftrace string
	// event is the record counted; counts tells whether a record is one of
	// this storm's (pid is the storm's).
	event  string
	counts func(attrs plog.LogRecord, pid int, marker string) bool
	// quiet storms produce no records (an unwatched file): they measure
	// what the sensor costs activity it filters out in the kernel.
	quiet bool
}

type result struct {
	storm, setup   string
	ops            int
	rate           float64
	received, lost int
	cpuSeconds     float64
}

func TestStorms(t *testing.T) {
	if os.Getenv("VIGIL_BENCH") == "" {
		t.Skip("benchmark: run `make bench`")
	}
	if os.Geteuid() != 0 {
		t.Skip("benchmark: needs root (sudo make bench)")
	}
	mountTracefs(t)
	stats, err := enableBPFStats()
	require.NoError(t, err)
	defer stats.Close()

	actions, err := harness.BuildActions(t.TempDir(), "../../receiver/ebpfreceiver/testdata/actions")
	require.NoError(t, err)
	watched := filepath.Join(t.TempDir(), "storm-target")
	unwatched := filepath.Join(t.TempDir(), "storm-unwatched")
	for _, f := range []string{watched, unwatched} {
		require.NoError(t, os.WriteFile(f, nil, 0o600))
	}
	quietOpens := openStorm(actions, unwatched)
	quietOpens.name, quietOpens.quiet = "open-unwatched", true
	storms := []storm{execStorm(t), connectStorm(actions), openStorm(actions, watched), quietOpens}
	if only := os.Getenv("VIGIL_BENCH_STORMS"); only != "" {
		storms = slices.DeleteFunc(storms, func(s storm) bool { return !slices.Contains(strings.Split(only, ","), s.name) })
	}

	var results []result
	programs := map[string]programStats{}
	for _, s := range storms {
		for range rounds {
			results = append(results, runWithout(t, s), runWithBpftrace(t, s), runWithVigil(t, s, watched, programs))
		}
	}
	report(t, storms, results)
	reportPrograms(t, programs)
	quiet := map[string]bool{}
	for _, s := range storms {
		quiet[s.name] = s.quiet
	}
	for _, r := range results {
		if quiet[r.storm] {
			require.Zero(t, r.received, "%s: an unwatched file was reported", r.storm)
			continue
		}
		if r.setup == setupVigil {
			// Accounting, not speed: every event was received or counted lost.
			require.GreaterOrEqual(t, r.received+r.lost, r.ops, "%s: events neither received nor counted lost", r.storm)
		}
	}
}

func newMarker() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "storm" + hex.EncodeToString(b)
}

// mountTracefs makes classic tracepoints usable for bpftrace.
func mountTracefs(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/tracing/events"); err == nil {
		return
	}
	require.NoError(t, unix.Mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, ""))
}

// cpuSeconds is the user+system CPU time a process has used.
func cpuSeconds(t *testing.T, pid int) float64 {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	require.NoError(t, err)
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100 // USER_HZ
}

func runWithout(t *testing.T, s storm) result {
	start := time.Now()
	ops, _ := s.run(t, newMarker())
	return result{storm: s.name, setup: setupNone, ops: ops, rate: float64(ops) / time.Since(start).Seconds()}
}

// runWithBpftrace runs the storm with bpftrace printing a line per event to
// a reader that drains it.
func runWithBpftrace(t *testing.T, s storm) result {
	bt := exec.Command("bpftrace", "-e", s.bpftrace)
	out, err := bt.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, bt.Start())
	drained := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
		}
		close(drained)
	}()
	time.Sleep(3 * time.Second) // attach
	cpu := cpuSeconds(t, bt.Process.Pid)
	start := time.Now()
	ops, _ := s.run(t, newMarker())
	rate := float64(ops) / time.Since(start).Seconds()
	cpu = cpuSeconds(t, bt.Process.Pid) - cpu
	_ = bt.Process.Signal(os.Interrupt)
	<-drained
	_ = bt.Wait()
	return result{storm: s.name, setup: setupBpftrace, ops: ops, rate: rate, cpuSeconds: cpu}
}

// runWithVigil runs the storm under the ocb-built collector (ebpf receiver,
// default settings, → file exporter) and counts the storm's records there.
func runWithVigil(t *testing.T, s storm, watched string, programs map[string]programStats) result {
	out := filepath.Join(t.TempDir(), "records.json")
	config, err := filepath.Abs("testdata/ebpf-to-file.yaml")
	require.NoError(t, err)
	col := harness.StartCollector(t, config, []string{
		"VIGIL_BENCH_OUT=" + out, "VIGIL_BENCH_WATCH=" + watched,
		fmt.Sprintf("VIGIL_BENCH_METRICS_PORT=%d", harness.FreePort(t)),
	})
	m := newMarker()
	cpu := cpuSeconds(t, col.Cmd.Process.Pid)
	start := time.Now()
	ops, pid := s.run(t, m)
	rate := float64(ops) / time.Since(start).Seconds()
	time.Sleep(3 * time.Second) // drain, last loss report
	cpu = cpuSeconds(t, col.Cmd.Process.Pid) - cpu
	// Each collector loads its programs anew: their counters cover its life.
	now, err := vigilProgramStats()
	require.NoError(t, err)
	for name, st := range now {
		p := programs[name]
		p.runs += st.runs
		p.runtime += st.runtime
		programs[name] = p
	}
	require.NoError(t, col.Cmd.Process.Signal(os.Interrupt))
	<-col.Done
	received, lost := countRecords(t, out, s, pid, m)
	return result{storm: s.name, setup: setupVigil, ops: ops, rate: rate, received: received, lost: lost, cpuSeconds: cpu}
}

// countRecords counts the storm's records in the file exporter's output and
// the records of the storm's event reported lost.
func countRecords(t *testing.T, path string, s storm, pid int, marker string) (received, lost int) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	var um plog.JSONUnmarshaler
	for sc.Scan() {
		logs, err := um.UnmarshalLogs(sc.Bytes())
		require.NoError(t, err)
		for _, rl := range logs.ResourceLogs().All() {
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					switch lr.EventName() {
					case s.event:
						if s.counts(lr, pid, marker) {
							received++
						}
					case "sensor.loss":
						if v, _ := lr.Attributes().Get("vigil.loss.event_name"); v.Str() == s.event {
							c, _ := lr.Attributes().Get("vigil.loss.count")
							lost += int(c.Int())
						}
					}
				}
			}
		}
	}
	require.NoError(t, sc.Err())
	return received, lost
}

func attrStr(lr plog.LogRecord, key string) string {
	v, _ := lr.Attributes().Get(key)
	return v.AsString()
}

// report prints every round and, per storm and setup, the medians.
func report(t *testing.T, storms []storm, results []result) {
	var b strings.Builder
	b.WriteString("| storm | setup | operations | per second | records received | records lost | observer CPU s | observer CPU µs/op |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	rates := map[string][]float64{}
	for _, r := range results {
		recv, lost, cpu, per := "–", "–", "–", "–"
		if r.setup != setupNone {
			cpu = fmt.Sprintf("%.2f", r.cpuSeconds)
			per = fmt.Sprintf("%.1f", r.cpuSeconds/float64(r.ops)*1e6)
		}
		if r.setup == setupVigil {
			recv, lost = strconv.Itoa(r.received), strconv.Itoa(r.lost)
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %.0f | %s | %s | %s | %s |\n", r.storm, r.setup, r.ops, r.rate, recv, lost, cpu, per)
		rates[r.storm+"/"+r.setup] = append(rates[r.storm+"/"+r.setup], r.rate)
	}
	b.WriteString("\n| storm | setup | median per second | slowdown vs no sensor |\n|---|---|---|---|\n")
	for _, s := range storms {
		base := median(rates[s.name+"/"+setupNone])
		for _, setup := range []string{setupNone, setupBpftrace, setupVigil} {
			m := median(rates[s.name+"/"+setup])
			fmt.Fprintf(&b, "| %s | %s | %.0f | %+.1f%% |\n", s.name, setup, m, (base/m-1)*100)
		}
	}
	t.Log("\n" + b.String())
	_ = os.MkdirAll("../../_build/bench", 0o755)
	_ = os.WriteFile("../../_build/bench/storms.md", []byte(b.String()), 0o644)
}

// reportPrograms prints the average kernel time of each BPF program over
// the storms it ran in.
func reportPrograms(t *testing.T, total map[string]programStats) {
	var b strings.Builder
	b.WriteString("| BPF program | runs | average run time |\n|---|---|---|\n")
	names := make([]string, 0, len(total))
	for name := range total {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if s := total[name]; s.runs > 0 {
			fmt.Fprintf(&b, "| %s | %d | %s |\n", name, s.runs, time.Duration(s.runtime/s.runs))
		}
	}
	t.Log("\n" + b.String())
	_ = os.WriteFile("../../_build/bench/programs.md", []byte(b.String()), 0o644)
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// runJSON runs a command that prints one JSON object and returns it.
func runJSON(t *testing.T, name string, args ...string) map[string]any {
	out, err := exec.Command(name, args...).Output()
	require.NoError(t, err, "%s %v", name, args)
	var facts map[string]any
	require.NoError(t, json.Unmarshal(out, &facts))
	require.Nil(t, facts["error"])
	return facts
}
