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

type result struct {
	name           string
	generated      int
	rate           float64
	received, lost int
	cpuSeconds     float64
}

func TestStormExecCompleteness(t *testing.T) {
	if os.Getenv("VIGIL_BENCH") == "" {
		t.Skip("benchmark: run `make bench`")
	}
	if os.Geteuid() != 0 {
		t.Skip("benchmark: needs root (sudo make bench)")
	}
	storm := buildStorm(t)
	var results []result

	// 1. No sensor.
	n, rate := runStorm(t, storm, newMarker())
	results = append(results, result{name: "no sensor", generated: n, rate: rate})

	// 2. bpftrace printing every exec and exit from the sched tracepoints.
	mountTracefs(t)
	bt := exec.Command("bpftrace", "-e", `tracepoint:sched:sched_process_exec { printf("exec %d %s\n", pid, str(args->filename)); }
tracepoint:sched:sched_process_exit { printf("exit %d\n", pid); }`)
	btOut, err := bt.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, bt.Start())
	lines := make(chan int)
	go func() {
		sc := bufio.NewScanner(btOut)
		c := 0
		for sc.Scan() {
			c++
		}
		lines <- c
	}()
	time.Sleep(3 * time.Second) // attach
	m := newMarker()
	btCPU := cpuSeconds(t, bt.Process.Pid)
	n, rate = runStorm(t, storm, m)
	btCPU = cpuSeconds(t, bt.Process.Pid) - btCPU
	_ = bt.Process.Signal(os.Interrupt)
	_ = bt.Wait()
	<-lines
	results = append(results, result{name: "bpftrace (sched tracepoints, printf)", generated: n, rate: rate, cpuSeconds: btCPU})

	// 3. otelcol-vigil: ebpf receiver → file exporter.
	out := filepath.Join(t.TempDir(), "records.json")
	config, err := filepath.Abs("testdata/ebpf-to-file.yaml")
	require.NoError(t, err)
	col := harness.StartCollector(t, config, []string{"VIGIL_BENCH_OUT=" + out, fmt.Sprintf("VIGIL_BENCH_METRICS_PORT=%d", harness.FreePort(t))})
	m = newMarker()
	colCPU := cpuSeconds(t, col.Cmd.Process.Pid)
	n, rate = runStorm(t, storm, m)
	time.Sleep(3 * time.Second) // drain, last loss report
	colCPU = cpuSeconds(t, col.Cmd.Process.Pid) - colCPU
	require.NoError(t, col.Cmd.Process.Signal(os.Interrupt))
	<-col.Done
	received, lost := countRecords(t, out, m)
	results = append(results, result{name: "otelcol-vigil (ebpf → file)", generated: n, rate: rate, received: received, lost: lost, cpuSeconds: colCPU})

	report(t, results)
	// Accounting, not speed: every exec was received or counted lost.
	require.GreaterOrEqual(t, received+lost, n, "execs neither received nor counted lost")
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

func report(t *testing.T, results []result) {
	var b strings.Builder
	base := results[0].rate
	fmt.Fprintf(&b, "| setup | execs in %ds | execs/s | slowdown | exec records received | exec records lost | observer CPU s | observer CPU µs/exec |\n", stormSeconds)
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		recv, lost, cpu, per := "–", "–", "–", "–"
		if r.name != "no sensor" {
			cpu = fmt.Sprintf("%.2f", r.cpuSeconds)
			per = fmt.Sprintf("%.0f", r.cpuSeconds/float64(r.generated)*1e6)
		}
		if r.received != 0 || r.lost != 0 {
			recv, lost = strconv.Itoa(r.received), strconv.Itoa(r.lost)
		}
		fmt.Fprintf(&b, "| %s | %d | %.0f | %+.1f%% | %s | %s | %s | %s |\n",
			r.name, r.generated, r.rate, (base/r.rate-1)*100, recv, lost, cpu, per)
	}
	t.Log("\n" + b.String())
	_ = os.MkdirAll("../../_build/bench", 0o755)
	_ = os.WriteFile("../../_build/bench/storm.md", []byte(b.String()), 0o644)
}
