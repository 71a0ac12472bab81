// Package bench measures the sensor against the same workload without it
// and with bpftrace on the same kernel events; `make bench` runs it.
package bench

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
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

const stormSeconds = 10

// storm is the compiled storm.c.
func buildStorm(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "storm")
	out, err := exec.Command("cc", "-O2", "-o", bin, "storm/storm.c").CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// runStorm runs the storm and returns how many processes it started and
// their rate.
func runStorm(t *testing.T, bin, marker string) (int, float64) {
	start := time.Now()
	out, err := exec.Command(bin, strconv.Itoa(stormSeconds), marker).Output()
	require.NoError(t, err)
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	require.NoError(t, err)
	return n, float64(n) / time.Since(start).Seconds()
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

// rounds of the three setups, interleaved so that drift of a noisy VM
// affects each setup alike; the report shows every round and the medians.
const rounds = 3

type result struct {
	setup          string
	generated      int
	rate           float64
	received, lost int
	cpuSeconds     float64
}

const (
	setupNone     = "no sensor"
	setupBpftrace = "bpftrace (sched tracepoints, printf)"
	setupVigil    = "otelcol-vigil (ebpf → file)"
)

func TestStormExecCompleteness(t *testing.T) {
	if os.Getenv("VIGIL_BENCH") == "" {
		t.Skip("benchmark: run `make bench`")
	}
	if os.Geteuid() != 0 {
		t.Skip("benchmark: needs root (sudo make bench)")
	}
	storm := buildStorm(t)
	mountTracefs(t)
	stats, err := enableBPFStats()
	require.NoError(t, err)
	defer stats.Close()

	var results []result
	programs := map[string]programStats{}
	for range rounds {
		results = append(results, stormWithoutSensor(t, storm), stormWithBpftrace(t, storm))
		r := stormWithVigil(t, storm, func() {
			// Each collector loads its programs anew: their counters
			// cover this collector's life, essentially the storm.
			now, err := vigilProgramStats()
			require.NoError(t, err)
			for name, s := range now {
				p := programs[name]
				p.runs += s.runs
				p.runtime += s.runtime
				programs[name] = p
			}
		})
		results = append(results, r)
		// Accounting, not speed: every exec was received or counted lost.
		require.GreaterOrEqual(t, r.received+r.lost, r.generated, "execs neither received nor counted lost")
	}
	report(t, results)
	reportPrograms(t, programs)
}

func stormWithoutSensor(t *testing.T, storm string) result {
	n, rate := runStorm(t, storm, newMarker())
	return result{setup: setupNone, generated: n, rate: rate}
}

// stormWithBpftrace runs the storm with bpftrace printing every exec and
// exit from the sched tracepoints to a reader that counts the lines.
func stormWithBpftrace(t *testing.T, storm string) result {
	bt := exec.Command("bpftrace", "-e", `tracepoint:sched:sched_process_exec { printf("exec %d %s\n", pid, str(args->filename)); }
tracepoint:sched:sched_process_exit { printf("exit %d\n", pid); }`)
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
	n, rate := runStorm(t, storm, newMarker())
	cpu = cpuSeconds(t, bt.Process.Pid) - cpu
	_ = bt.Process.Signal(os.Interrupt)
	<-drained
	_ = bt.Wait()
	return result{setup: setupBpftrace, generated: n, rate: rate, cpuSeconds: cpu}
}

// stormWithVigil runs the storm under the ocb-built collector exporting to a
// file, and counts the storm's exec records there. sampled is called after
// the storm, while the BPF programs are still loaded.
func stormWithVigil(t *testing.T, storm string, sampled func()) result {
	out := filepath.Join(t.TempDir(), "records.json")
	config, err := filepath.Abs("testdata/ebpf-to-file.yaml")
	require.NoError(t, err)
	col := harness.StartCollector(t, config, []string{"VIGIL_BENCH_OUT=" + out, fmt.Sprintf("VIGIL_BENCH_METRICS_PORT=%d", harness.FreePort(t))})
	m := newMarker()
	cpu := cpuSeconds(t, col.Cmd.Process.Pid)
	n, rate := runStorm(t, storm, m)
	time.Sleep(3 * time.Second) // drain, last loss report
	cpu = cpuSeconds(t, col.Cmd.Process.Pid) - cpu
	sampled()
	require.NoError(t, col.Cmd.Process.Signal(os.Interrupt))
	<-col.Done
	received, lost := countRecords(t, out, m)
	return result{setup: setupVigil, generated: n, rate: rate, received: received, lost: lost, cpuSeconds: cpu}
}

// countRecords counts the storm's exec records in the file exporter's output
// and the process.exec records reported lost.
func countRecords(t *testing.T, path, marker string) (received, lost int) {
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
					attrs := lr.Attributes()
					switch lr.EventName() {
					case "process.exec":
						name, _ := attrs.Get("process.executable.name")
						cmd, _ := attrs.Get("process.command_line")
						if name.Str() == "true" && strings.Contains(cmd.Str(), marker) {
							received++
						}
					case "sensor.loss":
						if v, _ := attrs.Get("vigil.loss.event_name"); v.Str() == "process.exec" {
							c, _ := attrs.Get("vigil.loss.count")
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

// report prints every round and, per setup, the median rate and slowdown.
func report(t *testing.T, results []result) {
	var b strings.Builder
	fmt.Fprintf(&b, "| round | setup | execs in %ds | execs/s | exec records received | exec records lost | observer CPU s | observer CPU µs/exec |\n", stormSeconds)
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	rates := map[string][]float64{}
	for i, r := range results {
		recv, lost, cpu, per := "–", "–", "–", "–"
		if r.setup != setupNone {
			cpu = fmt.Sprintf("%.2f", r.cpuSeconds)
			per = fmt.Sprintf("%.0f", r.cpuSeconds/float64(r.generated)*1e6)
		}
		if r.setup == setupVigil {
			recv, lost = strconv.Itoa(r.received), strconv.Itoa(r.lost)
		}
		fmt.Fprintf(&b, "| %d | %s | %d | %.0f | %s | %s | %s | %s |\n", i/3+1, r.setup, r.generated, r.rate, recv, lost, cpu, per)
		rates[r.setup] = append(rates[r.setup], r.rate)
	}
	base := median(rates[setupNone])
	b.WriteString("\n| setup | median execs/s | slowdown vs no sensor |\n|---|---|---|\n")
	for _, setup := range []string{setupNone, setupBpftrace, setupVigil} {
		m := median(rates[setup])
		fmt.Fprintf(&b, "| %s | %.0f | %+.1f%% |\n", setup, m, (base/m-1)*100)
	}
	t.Log("\n" + b.String())
	_ = os.MkdirAll("../../_build/bench", 0o755)
	_ = os.WriteFile("../../_build/bench/storm.md", []byte(b.String()), 0o644)
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
