package e2e

import (
	"fmt"
	"path/filepath"
	"testing"
)

// Impact: docs/coverage.md's rows of TA0040, cryptocurrency mining.
func init() {
	register(
		behaviour{
			name: "program named xmrig run with a stratum+tcp pool",
			perform: func(t *testing.T, a *arena) string {
				xmrig := filepath.Join(tmpDir(t), "xmrig")
				a.host(t, "cp", "/usr/bin/true", xmrig)
				a.host(t, xmrig, "-o", "stratum+tcp://wallet:x@127.0.0.1:3333", "--donate-level", "1")
				return fmt.Sprintf(`process.executable.path:=%q`, xmrig)
			},
			expect: []expected{{"VGL-IMPACT-001", "T1496.001"}, {"VGL-IMPACT-002", "T1496.001"}},
		},
		behaviour{
			name: "an innocuous program given a stratum+ssl pool on its command line",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, "/usr/bin/true", "--url", "stratum+ssl://127.0.0.1:5555/vigil-e2e-pool", "--threads", "2")
				return `process.command_line:~"vigil-e2e-pool"`
			},
			expect: []expected{{"VGL-IMPACT-002", "T1496.001"}},
		},
		behaviour{
			name: "shred of a file in a temporary directory",
			perform: func(t *testing.T, a *arena) string {
				file := filepath.Join(tmpDir(t), "ledger.db")
				a.shell(t, fmt.Sprintf("head -c 4096 /dev/urandom > %s && shred -u -n 1 %s", file, file))
				return fmt.Sprintf(`process.command_line:~%q`, "shred -u -n 1 "+file)
			},
			expect: []expected{{"VGL-IMPACT-003", "T1485"}},
		},
		behaviour{
			name: "DNS query for a mining pool sent to loopback in a pod",
			perform: func(t *testing.T, a *arena) string {
				where := a.inPod(t, "ip link set lo up && (/actions dns 127.0.0.1:53 vigil-e2e.pool.supportxmr.com; true)")
				return where + ` dns.question.name:~"vigil-e2e.pool.supportxmr.com"`
			},
			expect: []expected{{"VGL-NET-007", "T1496.001"}},
		},
	)
}
