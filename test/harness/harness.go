// Package harness starts the real programs Vigil's end-to-end tests and
// benchmarks run against (the ocb-built collector, VictoriaLogs) on
// loopback, and stops them when the test ends.
package harness

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-sensor/vigil/internal/testenv"
)

// RequireE2E skips unless the test runs under `make integration`, which builds the
// distribution and installs the sink, and as root.
func RequireE2E(t *testing.T) {
	t.Helper()
	testenv.Privileged(t)
	if os.Getenv("VIGIL_E2E") == "" {
		t.Skip("end-to-end test: run `make integration` (it builds otelcol-vigil and VictoriaLogs first)")
	}
}

// RequireDist skips unless the test runs under `make integration` (or with
// VIGIL_E2E and VIGIL_DIST set), for tests of the built distribution that
// need no privileges: they also run as an ordinary user.
func RequireDist(t *testing.T) {
	t.Helper()
	testenv.Integration(t)
	if os.Getenv("VIGIL_E2E") == "" || os.Getenv("VIGIL_DIST") == "" {
		t.Skip("end-to-end test: run `make integration` (it builds otelcol-vigil first), or set VIGIL_E2E=1 and VIGIL_DIST")
	}
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Process is a started program whose output is kept for failure reports.
type Process struct {
	Cmd  *exec.Cmd
	Done chan struct{} // closed when the program has exited
	mu   sync.Mutex
	out  bytes.Buffer
}

// Output is what the program printed so far.
func (p *Process) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func (p *Process) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

// Start runs a program until the test ends; its output is logged if the test fails.
func Start(t *testing.T, env []string, name string, args ...string) *Process {
	t.Helper()
	p := &Process{Cmd: exec.Command(name, args...), Done: make(chan struct{})}
	p.Cmd.Env = append(os.Environ(), env...)
	p.Cmd.Stdout, p.Cmd.Stderr = p, p
	if err := p.Cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	go func() { _ = p.Cmd.Wait(); close(p.Done) }()
	t.Cleanup(func() {
		_ = p.Cmd.Process.Signal(os.Interrupt)
		select {
		case <-p.Done:
		case <-time.After(15 * time.Second):
			_ = p.Cmd.Process.Kill()
			<-p.Done
		}
		if t.Failed() {
			t.Logf("output of %s:\n%s", filepath.Base(name), p.Output())
		}
	})
	return p
}

// WaitHTTP polls url until it answers 200.
func WaitHTTP(t *testing.T, url string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not answer within %s", url, timeout)
}

// VictoriaLogs is a running VictoriaLogs on loopback.
type VictoriaLogs struct {
	Base string // http://127.0.0.1:port
	args []string
	proc *Process
}

// StartVictoriaLogs runs the binary VIGIL_VICTORIALOGS names with a fresh store.
func StartVictoriaLogs(t *testing.T) *VictoriaLogs {
	t.Helper()
	if os.Getenv("VIGIL_VICTORIALOGS") == "" {
		t.Fatal("VIGIL_VICTORIALOGS is not set: run `make e2e`")
	}
	port := FreePort(t)
	vl := &VictoriaLogs{
		Base: fmt.Sprintf("http://127.0.0.1:%d", port),
		args: []string{fmt.Sprintf("-httpListenAddr=127.0.0.1:%d", port), "-storageDataPath=" + t.TempDir(), "-loggerLevel=WARN"},
	}
	vl.Start(t)
	return vl
}

// Start runs VictoriaLogs again after Stop, on the same port and store.
func (v *VictoriaLogs) Start(t *testing.T) {
	t.Helper()
	v.proc = Start(t, nil, os.Getenv("VIGIL_VICTORIALOGS"), v.args...)
	WaitHTTP(t, v.Base+"/health", 30*time.Second)
}

// Stop interrupts VictoriaLogs and waits until it has exited: the backend
// is down until Start.
func (v *VictoriaLogs) Stop(t *testing.T) {
	t.Helper()
	if err := v.proc.Cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-v.proc.Done:
	case <-time.After(30 * time.Second):
		t.Fatal("VictoriaLogs did not stop within 30s")
	}
}

// LogsEndpoint is where an otlphttp exporter sends logs.
func (v *VictoriaLogs) LogsEndpoint() string {
	return v.Base + "/insert/opentelemetry/v1/logs"
}

// Query runs a LogsQL query and returns the matching entries.
func (v *VictoriaLogs) Query(ctx context.Context, logsql string) ([]map[string]string, error) {
	form := url.Values{"query": {logsql}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, v.Base+"/select/logsql/query", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("query %q: %s: %s", logsql, resp.Status, body)
	}
	var entries []map[string]string
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e map[string]string
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("decoding %q: %w", sc.Text(), err)
		}
		entries = append(entries, e)
	}
	return entries, sc.Err()
}

// WaitFor polls a query until it returns at least n entries.
func (v *VictoriaLogs) WaitFor(t *testing.T, logsql string, n int, timeout time.Duration) []map[string]string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last []map[string]string
	var err error
	for time.Now().Before(deadline) {
		last, err = v.Query(context.Background(), logsql)
		if err == nil && len(last) >= n {
			return last
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("VictoriaLogs returned %d entries (want %d) for %s (last error: %v)", len(last), n, logsql, err)
	return nil
}

// StartCollector runs the ocb-built distribution (VIGIL_DIST) with config
// and args (--set=… overrides) and waits until its pipelines run.
func StartCollector(t *testing.T, config string, env []string, args ...string) *Process {
	t.Helper()
	bin := os.Getenv("VIGIL_DIST")
	if bin == "" {
		t.Fatal("VIGIL_DIST is not set: run `make e2e`")
	}
	p := Start(t, env, bin, append([]string{"--config", config}, args...)...)
	deadline := time.After(60 * time.Second)
	for !strings.Contains(p.Output(), "Everything is ready") {
		select {
		case <-p.Done:
			t.Fatalf("otelcol-vigil exited at start:\n%s", p.Output())
		case <-deadline:
			t.Fatalf("otelcol-vigil did not start within 60s:\n%s", p.Output())
		case <-time.After(100 * time.Millisecond):
		}
	}
	return p
}
