package harness

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// BuildActions builds the actions program (receiver/ebpfreceiver/testdata/actions,
// given relative to the test's directory) as a static binary in dir: one
// real kernel action per subcommand, usable on the host and in a container.
func BuildActions(dir, pkg string) (string, error) {
	bin := filepath.Join(dir, "actions")
	build := exec.Command("go", "build", "-o", bin, pkg)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", &BuildError{Out: string(out), Err: err}
	}
	return bin, nil
}

// BuildError is a failed go build with its output.
type BuildError struct {
	Out string
	Err error
}

func (b *BuildError) Error() string { return "building " + b.Err.Error() + "\n" + b.Out }

// DNSResponder answers every query on addr (a loopback UDP address the test
// chooses, port 53) with NXDOMAIN until the test ends: the tests never ask a
// real resolver.
func DNSResponder(t *testing.T, addr string) {
	t.Helper()
	conn, err := net.ListenPacket("udp4", addr)
	if err != nil {
		t.Fatalf("DNS responder on %s: %v", addr, err)
	}
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 512)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			var m dnsmessage.Message
			if m.Unpack(buf[:n]) != nil {
				continue
			}
			m.Header.Response, m.Header.RCode = true, dnsmessage.RCodeNameError
			if out, err := m.Pack(); err == nil {
				_, _ = conn.WriteTo(out, from)
			}
		}
	}()
}
