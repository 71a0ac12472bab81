package ship

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/vigil-sensor/vigil/internal/testenv"
	"github.com/vigil-sensor/vigil/test/harness"
)

// capability is one Linux capability as setpriv, the manifests and the
// receiver's messages name it.
type capability struct {
	setpriv string // bpf
	kube    string // BPF
	kernel  string // CAP_BPF
	bit     uint
}

var knownCapabilities = []capability{
	{"bpf", "BPF", "CAP_BPF", 39},
	{"perfmon", "PERFMON", "CAP_PERFMON", 38},
	{"sys_ptrace", "SYS_PTRACE", "CAP_SYS_PTRACE", 19},
	{"dac_read_search", "DAC_READ_SEARCH", "CAP_DAC_READ_SEARCH", 2},
	{"sys_resource", "SYS_RESOURCE", "CAP_SYS_RESOURCE", 24},
}

// TestDocumentedCapabilitiesAreTheSame: the DaemonSet adds, and the systemd
// unit grants, the same capabilities, which are the receiver's list.
func TestDocumentedCapabilitiesAreTheSame(t *testing.T) {
	unit := documentedUnitCapabilities(t)
	kube := documentedKubeCapabilities(t)
	assert.ElementsMatch(t, unit, kube, "the unit's AmbientCapabilities and the DaemonSet's capabilities.add")
	var all []string
	for _, c := range knownCapabilities {
		all = append(all, c.kernel)
	}
	assert.ElementsMatch(t, all, unit)
}

// TestCollectorRunsWithOnlyTheListedCapabilities runs the release binary
// under setpriv with exactly the capabilities the manifests list — as the
// systemd unit does (an unprivileged uid with ambient capabilities) and as
// the DaemonSet does (uid 0 with a bounding set of them) — with every event
// group enabled: it must load and attach everything, and its start-up /proc
// scan must know a process started before it by another user (its exit
// record carries the executable path read from /proc). Then, for each
// capability, the collector started without it must stop at once with the
// receiver's error naming that capability and what it is for.
func TestCollectorRunsWithOnlyTheListedCapabilities(t *testing.T) {
	testenv.Privileged(t)
	dir := releaseDir(t)
	ensureTracefs(t)

	bin := filepath.Join(scratch(t), "otelcol-vigil")
	require.NoError(t, os.WriteFile(bin, must(os.ReadFile(distBinary(dir, "amd64", "otelcol-vigil"))), 0o755))

	held := heldBoundingSet(t)
	var granted []capability
	for _, c := range knownCapabilities {
		if held&(1<<c.bit) != 0 {
			granted = append(granted, c)
			continue
		}
		// CAP_SYS_RESOURCE is listed for kernels before 5.11, which count BPF
		// maps against RLIMIT_MEMLOCK; a sandbox without it can still prove
		// the others on a newer kernel.
		require.Equal(t, "CAP_SYS_RESOURCE", c.kernel, "this test must be able to grant %s", c.kernel)
		require.True(t, kernelAtLeast(t, 5, 11), "CAP_SYS_RESOURCE cannot be granted here and this kernel needs it")
		t.Logf("%s is not in this test's bounding set; on this kernel (5.11 or later) the collector needs it not", c.kernel)
	}

	modes := []struct {
		name string
		uid  []string
	}{
		{"systemd unit: uid 65534 with ambient capabilities", []string{"--reuid=65534", "--regid=65534", "--clear-groups"}},
		{"DaemonSet: uid 0 with only these capabilities", nil},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Run("all listed", func(t *testing.T) {
				runWithCapabilities(t, bin, mode.uid, granted)
			})
			for _, drop := range granted {
				if drop.kernel == "CAP_SYS_RESOURCE" {
					continue // needed only before 5.11, see above
				}
				t.Run("without "+drop.kernel, func(t *testing.T) {
					var rest []capability
					for _, c := range granted {
						if c != drop {
							rest = append(rest, c)
						}
					}
					failsWithout(t, bin, mode.uid, rest, drop)
				})
			}
		})
	}
}

// setprivArgs runs the collector with exactly caps, as uid (nil: root).
func setprivArgs(uid []string, caps []capability, command ...string) []string {
	list := "-all"
	for _, c := range caps {
		list += ",+" + c.setpriv
	}
	args := append([]string{}, uid...)
	args = append(args, "--inh-caps="+list, "--ambient-caps="+list, "--bounding-set="+list, "--")
	return append(args, command...)
}

// collectorConfig enables every event group and writes records to out.
func collectorConfig(t *testing.T, out string, healthPort int) string {
	config := fmt.Sprintf(`receivers:
  ebpf:
    process: {exec: true, exit: true, fork: true}
    network: {enabled: true}
    dns: {enabled: true, include_write: true}
    files: {enabled: true}
    memory: {enabled: true}
    privileges: {enabled: true}
    kernel: {enabled: true}
exporters:
  file:
    path: %s
extensions:
  health_check:
    endpoint: 127.0.0.1:%d
service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [ebpf]
      exporters: [file]
`, out, healthPort)
	path := filepath.Join(filepath.Dir(out), "config.yaml")
	require.NoError(t, os.WriteFile(path, []byte(config), 0o644))
	return path
}

// scratch is a directory the unprivileged uid can write, in a parent it
// can search without CAP_DAC_READ_SEARCH (t.TempDir's parent is 0700).
func scratch(t *testing.T) string {
	dir := t.TempDir()
	require.NoError(t, os.Chmod(filepath.Dir(dir), 0o755))
	require.NoError(t, os.Chmod(dir, 0o777))
	return dir
}

func runWithCapabilities(t *testing.T, bin string, uid []string, caps []capability) {
	// A process of another user (root, with every capability) started before
	// the collector: only the /proc scan can tell its executable.
	sleeper := exec.Command("sleep", "300")
	require.NoError(t, sleeper.Start())
	t.Cleanup(func() { _ = sleeper.Process.Kill(); _ = sleeper.Wait() })
	sleepExe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", sleeper.Process.Pid))
	require.NoError(t, err)

	out := filepath.Join(scratch(t), "records.json")
	port := harness.FreePort(t)
	p := harness.Start(t, nil, "setpriv", setprivArgs(uid, caps, bin, "--config", collectorConfig(t, out, port))...)
	waitHealthy(t, p, port)

	// Exactly the listed capabilities, effective.
	var want uint64
	for _, c := range caps {
		want |= 1 << c.bit
	}
	status := string(must(os.ReadFile(fmt.Sprintf("/proc/%d/status", p.Cmd.Process.Pid))))
	for _, set := range []string{"CapEff", "CapPrm", "CapBnd"} {
		got := regexp.MustCompile(`(?m)^` + set + `:\s+([0-9a-f]+)$`).FindStringSubmatch(status)
		require.NotNil(t, got, set)
		assert.Equal(t, fmt.Sprintf("%016x", want), got[1], "%s of the collector", set)
	}

	// The receiver reads the ring only once its /proc scan is done: the
	// first records written mean the scan has seen the sleeper.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if fi, err := os.Stat(out); err == nil && fi.Size() > 0 {
			break
		}
		require.True(t, time.Now().Before(deadline), "no records within 30s:\n%s", p.Output())
		time.Sleep(100 * time.Millisecond)
	}
	require.NoError(t, sleeper.Process.Kill())
	_ = sleeper.Wait()
	pid := strconv.Itoa(sleeper.Process.Pid)
	deadline = time.Now().Add(30 * time.Second)
	for {
		if exe, ok := exitRecord(t, out, pid); ok {
			assert.Equal(t, sleepExe, exe, "the exit record of a process the scan found carries its executable")
			return
		}
		select {
		case <-p.Done:
			t.Fatalf("the collector exited:\n%s", p.Output())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no process.exit record of pid %s in %s within 30s", pid, out)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func waitHealthy(t *testing.T, p *harness.Process, port int) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.Done:
			t.Fatalf("the collector exited at start:\n%s", p.Output())
		default:
		}
		if strings.Contains(p.Output(), "Everything is ready") {
			harness.WaitHTTP(t, fmt.Sprintf("http://127.0.0.1:%d/", port), 10*time.Second)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the collector did not start within 90s:\n%s", p.Output())
}

// exitRecord finds the process.exit record of pid in the file exporter's
// output and returns its process.executable.path.
func exitRecord(t *testing.T, path, pid string) (string, bool) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", false
	}
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var doc struct {
			ResourceLogs []struct {
				ScopeLogs []struct {
					LogRecords []struct {
						EventName  string `json:"eventName"`
						Attributes []struct {
							Key   string `json:"key"`
							Value struct {
								String string `json:"stringValue"`
								Int    string `json:"intValue"`
							} `json:"value"`
						} `json:"attributes"`
					} `json:"logRecords"`
				} `json:"scopeLogs"`
			} `json:"resourceLogs"`
		}
		if json.Unmarshal(sc.Bytes(), &doc) != nil {
			continue // a line being written
		}
		for _, rl := range doc.ResourceLogs {
			for _, sl := range rl.ScopeLogs {
				for _, r := range sl.LogRecords {
					if r.EventName != "process.exit" {
						continue
					}
					attrs := map[string]string{}
					for _, a := range r.Attributes {
						attrs[a.Key] = a.Value.String + a.Value.Int
					}
					if attrs["process.pid"] == pid {
						return attrs["process.executable.path"], true
					}
				}
			}
		}
	}
	return "", false
}

func failsWithout(t *testing.T, bin string, uid []string, caps []capability, missing capability) {
	out := filepath.Join(scratch(t), "records.json")
	cmd := exec.Command("setpriv", setprivArgs(uid, caps, bin, "--config", collectorConfig(t, out, harness.FreePort(t)))...)
	done := make(chan struct{})
	var output []byte
	var err error
	go func() { output, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("the collector without %s did not stop within 60s:\n%s", missing.kernel, output)
	}
	require.Error(t, err, "the collector without %s must fail:\n%s", missing.kernel, output)
	msg := string(output)
	assert.Regexp(t, `the collector lacks [A-Z_, ]*`+missing.kernel, msg)
	assert.Contains(t, msg, missing.kernel+" for ", "the error says what %s is for", missing.kernel)
	assert.Contains(t, msg, "AmbientCapabilities=", "the error says how to grant it")
}

func documentedUnitCapabilities(t *testing.T) []string {
	unit := string(must(os.ReadFile(filepath.Join(repoRoot(t), "deploy/systemd/otelcol-vigil.service"))))
	m := regexp.MustCompile(`(?m)^AmbientCapabilities=(.*)$`).FindStringSubmatch(unit)
	require.NotNil(t, m)
	bound := regexp.MustCompile(`(?m)^CapabilityBoundingSet=(.*)$`).FindStringSubmatch(unit)
	require.NotNil(t, bound)
	assert.Equal(t, m[1], bound[1], "the bounding set is the ambient set")
	return strings.Fields(m[1])
}

func documentedKubeCapabilities(t *testing.T) []string {
	objects, err := harness.ManifestObjects(filepath.Join(repoRoot(t), "examples/kubernetes/daemonset.yaml"))
	require.NoError(t, err)
	var caps []string
	for _, obj := range objects {
		ds, ok := obj.(*appsv1.DaemonSet)
		if !ok {
			continue
		}
		sc := ds.Spec.Template.Spec.Containers[0].SecurityContext
		require.NotNil(t, sc)
		assert.True(t, sc.Privileged == nil || !*sc.Privileged, "not privileged")
		require.NotNil(t, sc.Capabilities)
		assert.Equal(t, []corev1.Capability{"ALL"}, sc.Capabilities.Drop)
		require.NotNil(t, sc.SeccompProfile)
		assert.Equal(t, corev1.SeccompProfileTypeLocalhost, sc.SeccompProfile.Type)
		require.NotNil(t, sc.SeccompProfile.LocalhostProfile)
		assert.Equal(t, "otelcol-vigil.json", *sc.SeccompProfile.LocalhostProfile)
		for _, c := range sc.Capabilities.Add {
			caps = append(caps, "CAP_"+string(c))
		}
	}
	require.NotEmpty(t, caps, "the DaemonSet adds capabilities")
	return caps
}

// heldBoundingSet is this test's own bounding set: what it can grant.
func heldBoundingSet(t *testing.T) uint64 {
	status := string(must(os.ReadFile("/proc/self/status")))
	m := regexp.MustCompile(`(?m)^CapBnd:\s+([0-9a-f]+)$`).FindStringSubmatch(status)
	require.NotNil(t, m)
	v, err := strconv.ParseUint(m[1], 16, 64)
	require.NoError(t, err)
	return v
}

func kernelAtLeast(t *testing.T, major, minor int) bool {
	var u unix.Utsname
	require.NoError(t, unix.Uname(&u))
	var ma, mi int
	_, err := fmt.Sscanf(unix.ByteSliceToString(u.Release[:]), "%d.%d", &ma, &mi)
	require.NoError(t, err)
	return ma > major || (ma == major && mi >= minor)
}

// ensureTracefs mounts tracefs where the receiver looks for it, as the
// documentation asks of hosts whose collector lacks CAP_SYS_ADMIN.
func ensureTracefs(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/tracing/events/syscalls"); err == nil {
		return
	}
	err := unix.Mount("tracefs", "/sys/kernel/tracing", "tracefs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
	require.NoError(t, err)
}
