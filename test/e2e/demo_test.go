package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

// TestDemoListsFindingsInTheWebUI runs `make demo`'s script as a user
// would (VictoriaLogs on loopback, the distribution with the real sensor,
// harmless attack-like actions) and opens the address it prints in
// headless Chromium: the rendered page lists the findings' rules. A
// screenshot is kept in _build/demo/.
func TestDemoListsFindingsInTheWebUI(t *testing.T) {
	harness.RequireE2E(t)
	chromium, err := exec.LookPath("chromium")
	require.NoError(t, err, "run test/setup/deps.sh test")
	started := time.Now()
	demo := harness.Start(t, []string{
		fmt.Sprintf("DEMO_PORT=%d", harness.FreePort(t)), "DEMO_SECONDS=300",
	}, "../../examples/demo/demo.sh")
	var page string
	deadline := time.After(2 * time.Minute)
	for page == "" {
		select {
		case <-demo.Done:
			t.Fatalf("the demo exited:\n%s", demo.Output())
		case <-deadline:
			t.Fatalf("the demo printed no address within 2 minutes:\n%s", demo.Output())
		case <-time.After(200 * time.Millisecond):
			page = demoPage.FindString(demo.Output())
		}
	}
	u, err := url.Parse(page)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1", u.Hostname(), "the demo serves on loopback only")
	t.Logf("demo ready in %s: %s", time.Since(started).Round(time.Millisecond), page)

	// The UI fetches the findings after it loads: render until they show.
	var dom string
	for try := 0; try < 3 && !strings.Contains(dom, "VGL-EVADE-003"); try++ {
		dom = headless(t, chromium, "--dump-dom", page)
	}
	for _, rule := range []string{"VGL-CRED-001", "VGL-EVADE-003"} {
		assert.Contains(t, dom, rule, "the rendered page lists the finding of %s", rule)
	}

	shots, err := filepath.Abs("../../_build/demo")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(shots, 0o755))
	shot := filepath.Join(shots, "vmui-findings.png")
	_ = os.Remove(shot)
	headless(t, chromium, "--screenshot="+shot, page)
	png, err := os.ReadFile(shot)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(png, []byte("\x89PNG")), "a PNG")
	t.Logf("screenshot %s (%d bytes); test %s", shot, len(png), time.Since(started).Round(time.Millisecond))
}

// demoPage is the address of the findings the demo prints.
var demoPage = regexp.MustCompile(`http://127\.0\.0\.1:\d+/select/vmui/#/\?\S+`)

// headless runs Chromium without a display, its own profile, no
// background traffic, and every host name but loopback unresolvable: it
// can talk to nothing but the demo.
func headless(t *testing.T, chromium string, args ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--window-size=1400,900", "--virtual-time-budget=15000",
	}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "chromium %v: %s", args, stderr.String())
	return string(out)
}
