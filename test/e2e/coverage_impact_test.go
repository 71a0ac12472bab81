package e2e

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/vigil-sensor/vigil/test/harness"
)

// Impact: docs/coverage.md's rows of TA0040: cryptocurrency mining, data
// destruction and encryption, disk wipes, reboots, account removal and
// service stops.
//
// What would really reboot this machine, wipe a disk, lock an account or
// stop a service is performed by harmless programs of the tool's name: a
// copy of /usr/bin/true in a temporary directory (or, in a runc container,
// a copy of the static actions program, which only prints its usage) run
// with the tool's real arguments. The rules judge the executable's name and
// its argv, so this is the honest end-to-end proof of them; the encryption
// and the in-place overwrite of a file are done for real, on a temporary
// file.

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
			name: "dd over a file in place with zeros and random bytes",
			perform: func(t *testing.T, a *arena) string {
				file := filepath.Join(tmpDir(t), "ledger.db")
				a.shell(t, fmt.Sprintf("head -c 4096 /dev/urandom > %[1]s && "+
					"dd if=/dev/zero of=%[1]s bs=512 count=8 conv=notrunc 2>/dev/null && "+
					"dd of=%[1]s if=/dev/urandom count=4096 iflag=count_bytes 2>/dev/null", file))
				return fmt.Sprintf(`process.executable.name:="dd" process.command_line:~%q`, file)
			},
			expect: []expected{{"VGL-IMPACT-003", "T1485"}},
		},
		behaviour{
			name: "reboot, shutdown, telinit 0 and busybox poweroff in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// The container has no CAP_SYS_BOOT and its own PID namespace;
				// reboot, shutdown and telinit are copies of the actions
				// program (which prints its usage and exits), and busybox's
				// poweroff is killed during its delay.
				return a.inRunc(t, "vigil-impact-reboot",
					"/sbin/reboot -f; /sbin/shutdown -h now; /sbin/telinit 0; "+
						"busybox poweroff -d 600 & p=$!; sleep 1; kill $p; true",
					harness.WithFile("/sbin/reboot", a.actions), harness.WithFile("/sbin/shutdown", a.actions),
					harness.WithFile("/sbin/telinit", a.actions)) + ` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-IMPACT-004", "T1529"}},
		},
		behaviour{
			name: "shutdown, reboot, halt, poweroff, telinit 6 and systemctl reboot named copies of true on the host",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "shutdown", "reboot", "halt", "poweroff", "telinit", "systemctl")
				runAll(t, a, dir, "shutdown -r now", "reboot -f", "halt -p", "poweroff", "telinit 6", "systemctl reboot")
				return fmt.Sprintf(`process.executable.path:~%q`, dir+"/")
			},
			expect: []expected{{"VGL-IMPACT-005", "T1529"}},
		},
		behaviour{
			name: "a file encrypted with openssl enc, and 7z a -p by a copy of true",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "7z")
				file := filepath.Join(dir, "ledger.db")
				a.shell(t, fmt.Sprintf("echo ledger > %[1]s && openssl enc -aes-256-cbc -pbkdf2 -salt -in %[1]s -out %[1]s.enc -pass pass:vigil-e2e", file))
				a.host(t, filepath.Join(dir, "7z"), "a", "-pvigil-e2e", file+".7z", file)
				return fmt.Sprintf(`process.command_line:~%q`, file)
			},
			expect: []expected{{"VGL-IMPACT-006", "T1486"}},
		},
		behaviour{
			name: "dd onto /dev/sda, blkdiscard and nvme format by copies of true",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "dd", "blkdiscard", "nvme")
				runAll(t, a, dir, "dd if=/dev/zero of=/dev/sda bs=1M count=1", "blkdiscard -f /dev/sdb", "nvme format /dev/nvme0n1 --ses=1")
				return fmt.Sprintf(`process.executable.path:~%q`, dir+"/")
			},
			expect: []expected{{"VGL-IMPACT-007", "T1561.001"}},
		},
		behaviour{
			name: "wipefs -a and sgdisk --zap-all by copies of true",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "wipefs", "sgdisk")
				runAll(t, a, dir, "wipefs -a /dev/sdb", "sgdisk --zap-all /dev/sdb")
				return fmt.Sprintf(`process.executable.path:~%q`, dir+"/")
			},
			expect: []expected{{"VGL-IMPACT-008", "T1561.002"}},
		},
		behaviour{
			name: "userdel, usermod -L, passwd -l and chage -E 0 by copies of true",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "userdel", "usermod", "passwd", "chage")
				runAll(t, a, dir, "userdel -r vigil-e2e", "usermod -L vigil-e2e", "passwd -l vigil-e2e", "chage -E 0 vigil-e2e")
				return fmt.Sprintf(`process.executable.path:~%q`, dir+"/")
			},
			expect: []expected{{"VGL-IMPACT-009", "T1531"}},
		},
		behaviour{
			name: "busybox passwd -l root in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// The container's own root file system has no account files:
				// the lock fails, having been asked for.
				return a.inRunc(t, "vigil-impact-lock", "busybox passwd -l root; true") +
					` event_name:="process.exec"`
			},
			expect: []expected{{"VGL-IMPACT-009", "T1531"}},
		},
		behaviour{
			name: "snapshots destroyed by copies of true named lvremove, btrfs, zfs and restic",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "lvremove", "btrfs", "zfs", "restic")
				runAll(t, a, dir, "lvremove -f /dev/vg0/root-snap", "btrfs subvolume delete /.snapshots/1/snapshot",
					"zfs destroy -r tank/backups@daily", "restic -r /srv/restic forget --keep-last 0 --prune")
				return fmt.Sprintf(`process.executable.path:~%q`, "^"+dir+"/")
			},
			expect: []expected{{"VGL-IMPACT-011", "T1490"}},
		},
		behaviour{
			name: "backup directory removed with rm -rf in a runc container",
			perform: func(t *testing.T, a *arena) string {
				// busybox by name: its shell runs rm in-process (a NOFORK applet).
				return a.inRunc(t, "vigil-impact-backups", "busybox mkdir -p /var/backups/db && busybox rm -rf /var/backups")
			},
			expect: []expected{{"VGL-IMPACT-011", "T1490"}},
		},
		behaviour{
			name: "systemctl stop mysql and pkill -9 postgres by copies of true",
			perform: func(t *testing.T, a *arena) string {
				dir := namedTrue(t, "systemctl", "pkill")
				runAll(t, a, dir, "systemctl stop mysql.service", "pkill -9 postgres")
				return fmt.Sprintf(`process.executable.path:~%q`, dir+"/")
			},
			expect: []expected{{"VGL-IMPACT-010", "T1489"}},
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
