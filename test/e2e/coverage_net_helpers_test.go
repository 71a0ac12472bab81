package e2e

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// shellCatcher listens on a loopback port for the reverse shells of the
// behaviours: it tells each shell that connects to exit, and returns the
// port. It stops at the end of the test.
func shellCatcher(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				_, _ = c.Write([]byte("exit\n"))
				_, _ = c.Read(make([]byte, 4096))
			}()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}
