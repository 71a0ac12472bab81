package ship

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/internal/testenv"
)

// TestDebInstallsIntoAScratchRoot installs `make package`'s amd64 .deb with
// dpkg into an empty root (its maintainer scripts run with DPKG_ROOT set,
// as `dpkg --root` runs them without a chroot): the binaries, the unit and
// the configuration land where the unit expects them, the configuration is
// registered as a conffile, the postinst creates the otelcol-vigil account
// in that root, the packaged configuration is valid for the binary, and
// `systemd-analyze verify` accepts the unit against that root.
func TestDebInstallsIntoAScratchRoot(t *testing.T) {
	testenv.Privileged(t) // dpkg installs files owned by root
	dir := releaseDir(t)
	deb := onlyMatch(t, filepath.Join(dir, "otelcol-vigil_*_amd64.deb"))
	version := strings.TrimSpace(string(must(os.ReadFile(filepath.Join(dir, "dist", "VERSION")))))

	fields := run(t, "dpkg-deb", "--field", deb, "Package", "Version", "Architecture")
	assert.Contains(t, fields, "Package: otelcol-vigil\n")
	assert.Contains(t, fields, "Version: "+version+"\n")
	assert.Contains(t, fields, "Architecture: amd64\n")

	root := t.TempDir()
	require.NoError(t, os.Chmod(root, 0o755))
	for _, d := range []string{"etc", "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	for name, content := range map[string]string{
		"etc/passwd":             "root:x:0:0:root:/root:/bin/sh\n",
		"etc/group":              "root:x:0:\n",
		"etc/shadow":             "root:*:19000:0:99999:7:::\n",
		"etc/gshadow":            "root:*::\n",
		"var/lib/dpkg/status":    "",
		"var/lib/dpkg/available": "",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(content), 0o644))
	}
	// Dependencies (passwd, for useradd) are the scratch root's to lack.
	run(t, "dpkg", "--root="+root, "--force-script-chrootless", "--force-depends", "--log=/dev/null", "-i", deb)

	status := run(t, "dpkg", "--root="+root, "--status", "otelcol-vigil")
	assert.Contains(t, status, "Status: install ok installed\n")
	assert.Contains(t, status, "Conffiles:\n /etc/otelcol-vigil/config.yaml ")

	for bin, want := range map[string]string{
		"usr/bin/otelcol-vigil":                        distBinary(dir, "amd64", "otelcol-vigil"),
		"usr/bin/vigil-rules":                          distBinary(dir, "amd64", "vigil-rules"),
		"usr/lib/systemd/system/otelcol-vigil.service": filepath.Join(repoRoot(t), "deploy/systemd/otelcol-vigil.service"),
		"etc/otelcol-vigil/config.yaml":                filepath.Join(repoRoot(t), "deploy/package/config.yaml"),
	} {
		got, err := os.ReadFile(filepath.Join(root, bin))
		require.NoError(t, err, bin)
		assert.True(t, bytes.Equal(must(os.ReadFile(want)), got), "%s is %s", bin, want)
	}
	for _, bin := range []string{"usr/bin/otelcol-vigil", "usr/bin/vigil-rules"} {
		fi, err := os.Stat(filepath.Join(root, bin))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o755), fi.Mode().Perm(), bin)
	}

	passwd := string(must(os.ReadFile(filepath.Join(root, "etc/passwd"))))
	assert.Regexp(t, `(?m)^otelcol-vigil:x:[0-9]+:[0-9]+:Vigil runtime threat sensor:/var/lib/otelcol-vigil:/usr/sbin/nologin$`, passwd)
	assert.Regexp(t, `(?m)^otelcol-vigil:x:[0-9]+:$`, string(must(os.ReadFile(filepath.Join(root, "etc/group")))))

	// The configuration the package installs is one the binary accepts.
	out, err := exec.Command(filepath.Join(root, "usr/bin/otelcol-vigil"), "validate",
		"--config", filepath.Join(root, "etc/otelcol-vigil/config.yaml")).CombinedOutput()
	require.NoError(t, err, "%s", out)

	// The unit, checked against the scratch root (its ExecStart exists
	// there), beside the host's own units, which the unit's default
	// dependencies (sysinit.target…) name.
	run(t, "cp", "-an", "/usr/lib/systemd/system/.", filepath.Join(root, "usr/lib/systemd/system")+"/")
	out, err = exec.Command("systemd-analyze", "verify", "--root="+root, "otelcol-vigil.service").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.NotContains(t, string(out), "otelcol-vigil.service:", "systemd-analyze has no remark on the unit:\n%s", out)
}

// TestPackagesOfEveryArchitecture: `make package` wrote a .deb and an .rpm
// of each architecture built (the .rpm checked by its lead magic and name).
func TestPackagesOfEveryArchitecture(t *testing.T) {
	dir := releaseDir(t)
	rpmArch := map[string]string{"amd64": "x86_64", "arm64": "aarch64"}
	for _, arch := range releaseArchs(t) {
		deb := onlyMatch(t, filepath.Join(dir, "otelcol-vigil_*_"+arch+".deb"))
		assert.Equal(t, arch+"\n", run(t, "dpkg-deb", "--field", deb, "Architecture"))
		rpm := must(os.ReadFile(onlyMatch(t, filepath.Join(dir, "otelcol-vigil-*."+rpmArch[arch]+".rpm"))))
		require.Greater(t, len(rpm), 96)
		assert.Equal(t, []byte{0xed, 0xab, 0xee, 0xdb}, rpm[:4], "rpm lead magic")
		assert.Equal(t, "otelcol-vigil-", string(rpm[10:24]), "rpm lead name")
	}
}

func onlyMatch(t *testing.T, pattern string) string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	require.NoError(t, err)
	require.Len(t, m, 1, "exactly one file matches %s", pattern)
	return m[0]
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	require.NoError(t, err, "%s %s: %s", name, strings.Join(args, " "), out)
	return string(out)
}
