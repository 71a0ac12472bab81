package ship

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/vigil-sensor/vigil/internal/testenv"
)

// releaseDir is _build/ after `make dist image package`, which `make
// integration` runs before the tests and names in VIGIL_RELEASE.
func releaseDir(t *testing.T) string {
	t.Helper()
	testenv.Integration(t)
	dir := os.Getenv("VIGIL_RELEASE")
	if dir == "" {
		t.Skip("release test: run `make integration` (it runs `make dist image package`), or set VIGIL_RELEASE to _build after them")
	}
	return dir
}

// distBinary is a command of the release build of one architecture.
func distBinary(dir, arch, name string) string {
	return filepath.Join(dir, "dist", "linux_"+arch, name)
}

// releaseArchs are the architectures `make` built the release of
// (VIGIL_RELEASE_ARCHS, from its DIST_ARCHS).
func releaseArchs(t *testing.T) []string {
	t.Helper()
	archs := strings.Fields(os.Getenv("VIGIL_RELEASE_ARCHS"))
	if len(archs) == 0 {
		t.Fatal("VIGIL_RELEASE_ARCHS is not set: run `make integration`, or name the architectures `make dist` built")
	}
	return archs
}

// repoRoot is the repository's root, two levels up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}
