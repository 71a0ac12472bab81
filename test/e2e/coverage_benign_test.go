package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// benignWorkload is what a developer's or an operator's machine does all
// day, which must not be taken for an attack: building and testing this
// project, installing a package, compiling and running a program, looking
// around the system, git, and downloads from a (loopback) server.
func benignWorkload(t *testing.T, a *arena) {
	t.Helper()
	buildAndTest(t)
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	for _, args := range [][]string{
		{"ps", "aux"},
		{"ls", "-R", "/etc"},
		{"git", "-C", root, "status", "--short"},
		{"git", "-C", root, "log", "-3", "--oneline"},
		{"curl", "-sf", "-o", filepath.Join(a.dir, "download"), "http://" + a.web + "/release.tar.gz"},
	} {
		a.host(t, args[0], args[1:]...)
	}
	compileAndRun(t, a)
	installPackage(t, a)
}

// compileAndRun builds a C program and runs it, as any build does.
func compileAndRun(t *testing.T, a *arena) {
	t.Helper()
	dir := filepath.Join(a.dir, "hello")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	src := filepath.Join(dir, "hello.c")
	require.NoError(t, os.WriteFile(src, []byte("#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n"), 0o644))
	a.host(t, "cc", "-o", filepath.Join(dir, "hello"), src)
	a.host(t, filepath.Join(dir, "hello"))
}

// installPackage builds a small Debian package and installs and removes
// it with dpkg: files land in /usr/share and /usr/bin, dpkg's database
// in /var/lib/dpkg changes, a maintainer script runs.
func installPackage(t *testing.T, a *arena) {
	t.Helper()
	name := "vigil-e2e-benign"
	pkg := filepath.Join(a.dir, name)
	for path, content := range map[string]string{
		"DEBIAN/control": fmt.Sprintf("Package: %s\nVersion: 1.0\nArchitecture: all\nMaintainer: Vigil tests <tests@vigil.invalid>\n"+
			"Description: a package the end-to-end test installs\n", name),
		"DEBIAN/postinst":               "#!/bin/sh\nset -e\nmkdir -p /usr/share/" + name + "/state\n",
		"usr/share/" + name + "/README": "installed by Vigil's end-to-end test\n",
		"usr/bin/" + name:               "#!/bin/sh\necho benign\n",
	} {
		file := filepath.Join(pkg, path)
		require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
		mode := os.FileMode(0o644)
		if filepath.Base(filepath.Dir(path)) == "bin" || filepath.Base(path) == "postinst" {
			mode = 0o755
		}
		require.NoError(t, os.WriteFile(file, []byte(content), mode))
	}
	deb := pkg + ".deb"
	a.host(t, "dpkg-deb", "--root-owner-group", "--build", pkg, deb)
	t.Cleanup(func() { _ = exec.Command("dpkg", "--purge", name).Run() })
	a.host(t, "dpkg", "-i", deb)
	a.host(t, name)
	a.host(t, "dpkg", "--purge", name)
}
