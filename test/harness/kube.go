package harness

import (
	"bufio"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/vigil-sensor/vigil/internal/testenv"
)

// ControlPlane is a running etcd + kube-apiserver on loopback.
type ControlPlane struct {
	Kubeconfig string // a kubeconfig file for the cluster admin (system:masters)
	// SensorKubeconfig authenticates as the service account of
	// examples/kubernetes/rbac.yaml (vigil/otelcol-vigil), which may do
	// nothing until that manifest is applied: it tests that the manifest
	// grants what the sensor needs.
	SensorKubeconfig string
	Config           *rest.Config
	Client           kubernetes.Interface
}

// RequireControlPlane skips unless VIGIL_KUBE=1, which `make test` sets after
// test/setup/kube.sh has installed etcd and built the kube-apiserver.
func RequireControlPlane(t *testing.T) {
	t.Helper()
	testenv.Integration(t)
	if os.Getenv("VIGIL_KUBE") != "1" {
		t.Skip("Kubernetes integration test: run `make integration`, or test/setup/kube.sh then VIGIL_KUBE=1 go test (needs etcd and _build/tools/kube-apiserver)")
	}
}

// StartControlPlane starts etcd (from PATH) and the kube-apiserver
// (VIGIL_KUBE_APISERVER, else <repo>/_build/tools/kube-apiserver) on free
// loopback ports, waits until the API server is ready and returns admin
// clients. Both stop when the test ends. Only the API server runs: no
// scheduler, controller-manager or kubelet, so nothing creates ServiceAccounts
// or tokens, schedules Pods or sets their status: tests create the objects they
// need directly (Pods need no ServiceAccount: that admission plugin is off).
func StartControlPlane(t *testing.T) *ControlPlane {
	t.Helper()
	etcd, err := exec.LookPath("etcd")
	if err != nil {
		t.Fatal("etcd is not installed: run test/setup/kube.sh")
	}
	apiserver := os.Getenv("VIGIL_KUBE_APISERVER")
	if apiserver == "" {
		apiserver = filepath.Join(repoRoot(t), "_build", "tools", "kube-apiserver")
	}
	if _, err := os.Stat(apiserver); err != nil {
		t.Fatalf("kube-apiserver: %v: run test/setup/kube.sh", err)
	}

	etcdURL := startEtcd(t, etcd)

	dir := t.TempDir()
	saKey, saPub := writeServiceAccountKeys(t, dir)
	token, sensorToken := randomToken(t), randomToken(t)
	tokens := filepath.Join(dir, "tokens.csv")
	// token,user,uid,"groups". The admin's group system:masters may do
	// anything. The sensor's user name is the one the API server gives a
	// service account's tokens (no controller-manager here mints real ones),
	// so RBAC bindings to that ServiceAccount apply to it.
	lines := token + ",admin,admin,system:masters\n" +
		sensorToken + "," + SensorUser + ",otelcol-vigil,\"system:serviceaccounts,system:serviceaccounts:vigil,system:authenticated\"\n"
	if err := os.WriteFile(tokens, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	certDir := filepath.Join(dir, "certs")
	port := FreePort(t)
	began := time.Now()
	p := Start(t, nil, apiserver,
		"--etcd-servers="+etcdURL,
		"--bind-address=127.0.0.1",
		// Without it the server advertises the host's default-route address
		// (and fails to start where there is none).
		"--advertise-address=127.0.0.1",
		// The reconciler of the "kubernetes" Service's Endpoints refuses a
		// loopback address (the server would not start): nothing here needs it.
		"--endpoint-reconciler-type=none",
		// Virtual Service IPs, never routed; the implicit default is deprecated.
		"--service-cluster-ip-range=10.0.0.0/24",
		fmt.Sprintf("--secure-port=%d", port),
		"--cert-dir="+certDir,
		"--token-auth-file="+tokens,
		"--authorization-mode=RBAC",
		"--allow-privileged=true", // a privileged pod is what posture tests describe
		// That admission plugin refuses Pods until their ServiceAccount
		// exists, and "default" is made by the controller-manager, absent here.
		"--disable-admission-plugins=ServiceAccount",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file="+saPub,
		"--service-account-signing-key-file="+saKey,
	)
	host := fmt.Sprintf("https://127.0.0.1:%d", port)
	waitReady(t, p, host+"/readyz", token, 90*time.Second)
	t.Logf("kube-apiserver ready at %s after %s", host, time.Since(began).Round(100*time.Millisecond))

	// The server signed its serving certificate (SAN 127.0.0.1, the bind
	// address) with a CA it wrote alongside: trust that rather than skip TLS.
	ca, err := os.ReadFile(filepath.Join(certDir, "apiserver.crt"))
	if err != nil {
		t.Fatal(err)
	}
	kubeconfig := writeKubeconfig(t, host, ca, token)
	sensorKubeconfig := writeKubeconfig(t, host, ca, sensorToken)
	// Built from the file, so the file handed to other programs is known to work.
	restCfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	// The client-go default (5 QPS) would throttle tests that create many objects.
	restCfg.QPS, restCfg.Burst = 100, 200
	client, err := kubernetes.NewForConfig(restCfg)
	if err != nil {
		t.Fatal(err)
	}
	return &ControlPlane{Kubeconfig: kubeconfig, SensorKubeconfig: sensorKubeconfig, Config: restCfg, Client: client}
}

// SensorUser is the service account of examples/kubernetes/rbac.yaml, as the
// API server names its user.
const SensorUser = "system:serviceaccount:vigil:otelcol-vigil"

// writeKubeconfig writes a kubeconfig for one bearer token.
func writeKubeconfig(t *testing.T, host string, ca []byte, token string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["vigil-test"] = &clientcmdapi.Cluster{Server: host, CertificateAuthorityData: ca}
	cfg.AuthInfos["user"] = &clientcmdapi.AuthInfo{Token: token}
	cfg.Contexts["vigil-test"] = &clientcmdapi.Context{Cluster: "vigil-test", AuthInfo: "user"}
	cfg.CurrentContext = "vigil-test"
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// startEtcd runs a single-member etcd with its data in a temporary directory
// and returns its client URL.
func startEtcd(t *testing.T, bin string) string {
	t.Helper()
	client := fmt.Sprintf("http://127.0.0.1:%d", FreePort(t))
	peer := fmt.Sprintf("http://127.0.0.1:%d", FreePort(t))
	p := Start(t, nil, bin,
		"--name=vigil-test",
		"--data-dir="+t.TempDir(),
		"--listen-client-urls="+client,
		"--advertise-client-urls="+client,
		// etcd 3.4 would otherwise listen for peers on localhost:2380,
		// which clashes between parallel tests.
		"--listen-peer-urls="+peer,
		"--initial-advertise-peer-urls="+peer,
		"--initial-cluster=vigil-test="+peer,
		"--logger=zap",
		"--log-level=warn",
	)
	waitReady(t, p, client+"/health", "", 30*time.Second)
	return client
}

// waitReady polls url until it answers 200, failing at once if p exits. TLS
// is not verified: the API server's CA does not exist before it starts.
func waitReady(t *testing.T, p *Process, url, token string, timeout time.Duration) {
	t.Helper()
	c := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
	}
	defer c.CloseIdleConnections()
	name := filepath.Base(p.Cmd.Path)
	deadline := time.Now().Add(timeout)
	var last string
	for time.Now().Before(deadline) {
		if last = get(c, url, token); last == "" {
			return
		}
		select {
		case <-p.Done:
			t.Fatalf("%s exited while starting (%s):\n%s", name, p.Cmd.ProcessState, p.Output())
		case <-time.After(200 * time.Millisecond):
		}
	}
	t.Fatalf("%s: %s not ready within %s: %s", name, url, timeout, last)
}

// get returns "" if url answers 200, else why not.
func get(c *http.Client, url, token string) string {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err.Error()
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return resp.Status + ": " + string(body)
	}
	return ""
}

// writeServiceAccountKeys writes a throwaway RSA key pair the API server
// signs and verifies service-account tokens with (both flags are mandatory).
func writeServiceAccountKeys(t *testing.T, dir string) (keyFile, pubFile string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	keyFile, pubFile = filepath.Join(dir, "sa.key"), filepath.Join(dir, "sa.pub")
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})
	if err := errors.Join(os.WriteFile(keyFile, keyPEM, 0o600), os.WriteFile(pubFile, pubPEM, 0o644)); err != nil {
		t.Fatal(err)
	}
	return keyFile, pubFile
}

// randomToken is a fresh bearer token, so no two control planes accept each
// other's clients.
func randomToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// repoRoot is the directory of Vigil's main go.mod, found upwards from the
// test's working directory (its package directory).
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if isMainModule(filepath.Join(dir, "go.mod")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod of github.com/vigil-sensor/vigil above the working directory: set VIGIL_KUBE_APISERVER")
		}
		dir = parent
	}
}

func isMainModule(gomod string) bool {
	f, err := os.Open(gomod)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "module github.com/vigil-sensor/vigil" {
			return true
		}
	}
	return false
}
