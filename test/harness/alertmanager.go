package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// amConfig routes every alert to a receiver that notifies no one: the
// tests read alerts back through the API.
const amConfig = `route:
  receiver: nobody
receivers:
  - name: nobody
`

// Alertmanager is a running Alertmanager (Debian's prometheus-alertmanager,
// installed by test/setup/deps.sh) on loopback, alone: no cluster.
type Alertmanager struct {
	Base    string // http://127.0.0.1:port
	port    int
	process *Process
}

// StartAlertmanager runs Alertmanager on a free loopback port with a fresh
// configuration and storage, until the test ends.
func StartAlertmanager(t *testing.T) *Alertmanager {
	t.Helper()
	return StartAlertmanagerOn(t, FreePort(t))
}

// StartAlertmanagerOn runs Alertmanager on a chosen loopback port: a
// test that needs its destination away for a while reserves the port
// first and starts it later.
func StartAlertmanagerOn(t *testing.T, port int) *Alertmanager {
	t.Helper()
	bin, err := exec.LookPath(alertmanagerBinary())
	if err != nil {
		t.Fatalf("Alertmanager is not installed (%v): run test/setup/deps.sh test", err)
	}
	dir := t.TempDir()
	config := filepath.Join(dir, "alertmanager.yml")
	if err := os.WriteFile(config, []byte(amConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	am := &Alertmanager{Base: fmt.Sprintf("http://127.0.0.1:%d", port), port: port}
	am.process = Start(t, nil, bin,
		"--config.file="+config,
		"--storage.path="+filepath.Join(dir, "data"),
		fmt.Sprintf("--web.listen-address=127.0.0.1:%d", port),
		"--cluster.listen-address=", // alone: no gossip port
		"--log.level=warn")
	WaitHTTP(t, am.Base+"/-/ready", 30*time.Second)
	return am
}

// alertmanagerBinary is VIGIL_ALERTMANAGER, else Debian's binary name.
func alertmanagerBinary() string {
	if bin := os.Getenv("VIGIL_ALERTMANAGER"); bin != "" {
		return bin
	}
	return "prometheus-alertmanager"
}

// Stop ends Alertmanager now, as an outage would; the port stays the
// test's, so StartAlertmanagerOn(t, am.Port()) brings it back.
func (a *Alertmanager) Stop(t *testing.T) {
	t.Helper()
	_ = a.process.Cmd.Process.Kill()
	<-a.process.Done
}

// Port is the port Alertmanager listens on.
func (a *Alertmanager) Port() int { return a.port }

// Alert is a gettableAlert of the v2 API: what Alertmanager holds.
type Alert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	UpdatedAt    time.Time         `json:"updatedAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`
	Status       struct {
		State string `json:"state"` // unprocessed, active or suppressed
	} `json:"status"`
}

// Alerts are the alerts Alertmanager holds that have not resolved (the v2
// API leaves out alerts whose endsAt has passed).
func (a *Alertmanager) Alerts(ctx context.Context) ([]Alert, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.Base+"/api/v2/alerts", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/v2/alerts: %s", resp.Status)
	}
	var alerts []Alert
	return alerts, json.NewDecoder(resp.Body).Decode(&alerts)
}

// WaitForAlerts polls until at least n alerts match, and returns those.
func (a *Alertmanager) WaitForAlerts(t *testing.T, match func(Alert) bool, n int, timeout time.Duration) []Alert {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var found []Alert
	var err error
	for time.Now().Before(deadline) {
		var all []Alert
		all, err = a.Alerts(context.Background())
		found = found[:0]
		for _, al := range all {
			if match(al) {
				found = append(found, al)
			}
		}
		if err == nil && len(found) >= n {
			return found
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("Alertmanager holds %d matching alerts, want %d (last error: %v)", len(found), n, err)
	return nil
}

// WaitForNoAlerts polls until no alert matches: they have resolved.
func (a *Alertmanager) WaitForNoAlerts(t *testing.T, match func(Alert) bool, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		all, err := a.Alerts(context.Background())
		left := 0
		for _, al := range all {
			if match(al) {
				left++
			}
		}
		if err == nil && left == 0 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("alerts still held after %s", timeout)
}

// Labelled matches alerts carrying every one of these labels.
func Labelled(labels map[string]string) func(Alert) bool {
	return func(a Alert) bool {
		for k, v := range labels {
			if a.Labels[k] != v {
				return false
			}
		}
		return true
	}
}
