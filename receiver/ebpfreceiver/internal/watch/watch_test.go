package watch

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

func TestPatternsBecomeKernelEntries(t *testing.T) {
	r, err := Build(false, []Category{
		{Name: "secrets", Access: AccessAny, Patterns: []string{"/etc/shadow", "/etc/pam.d/", "/etc/sudoers*", "authorized_keys", ".aws/credentials", ".ssh/"}},
		{Name: "bins", Access: AccessWrite, Patterns: []string{"/usr/bin/"}},
	})
	require.NoError(t, err)
	secrets := kernel.WatchCategory{ID: 1}
	bins := kernel.WatchCategory{ID: 2, WritesOnly: true}
	assert.Equal(t, []kernel.WatchPrefix{
		{Path: "/etc/shadow", Exact: true, Category: secrets},
		{Path: "/etc/pam.d", Exact: true, Category: secrets},
		{Path: "/etc/pam.d/", Category: secrets},
		{Path: "/etc/sudoers", Category: secrets},
		{Path: "/usr/bin", Exact: true, Category: bins},
		{Path: "/usr/bin/", Category: bins},
	}, r.List.Prefixes)
	assert.Equal(t, []kernel.WatchName{
		{Name: "authorized_keys", Category: secrets},
		{Name: ".aws/credentials", Category: secrets},
		{Name: ".ssh/", Category: secrets},
	}, r.List.Names)
	assert.Equal(t, "secrets", r.Name(1))
	assert.Equal(t, "bins", r.Name(2))
	assert.Equal(t, "", r.Name(0))
	assert.Equal(t, "", r.Name(3))
}

func TestConfiguredCategoryExtendsADefault(t *testing.T) {
	r, err := Build(true, []Category{{Name: "credentials", Patterns: []string{"/opt/vault/token"}}, {Name: "mine", Patterns: []string{"/srv/x"}}})
	require.NoError(t, err)
	assert.Equal(t, []string{"credentials", "persistence", "root_home", "binaries", "logs", "histories",
		"container_escape", "system_config", "boot", "package_db", "devices", "hidden_temp", "block_devices",
		"web_roots", "mine"}, r.Names)
	found := false
	for _, p := range r.List.Prefixes {
		if p.Path == "/opt/vault/token" {
			found = true
			assert.Equal(t, kernel.WatchCategory{ID: 1}, p.Category, "added to the default credentials category")
		}
	}
	assert.True(t, found)
}

func TestDefaultsAreValid(t *testing.T) {
	for _, c := range Defaults() {
		assert.NoError(t, c.validate(), c.Name)
	}
	r, err := Build(true, nil)
	require.NoError(t, err)
	for _, p := range r.List.Prefixes {
		if p.Path == "/etc/shadow" {
			assert.False(t, p.Category.WritesOnly, "reading credentials is news")
		}
		if p.Path == "/usr/bin/" {
			assert.True(t, p.Category.WritesOnly, "reading binaries is not")
		}
		if p.Path == "/dev/sd" {
			assert.False(t, p.Category.WritesOnly, "reading a disk is news")
			assert.False(t, p.Category.RegularOnly, "disks are device nodes")
		}
		if p.Path == "/tmp/." || p.Path == "/var/www/" {
			assert.True(t, p.Category.WritesOnly, "%s: only what is planted there is news", p.Path)
		}
		if p.Path == "/dev/loop-control" {
			assert.True(t, p.Exclude, "the loop control device is no disk")
		}
	}
}

func TestInvalidPatterns(t *testing.T) {
	for pattern, want := range map[string]string{
		"":              "empty",
		"/":             "empty",
		"/etc/*/x":      "'*' is only allowed at the end of a path",
		"*.pem":         "'*' is only allowed at the end of an absolute path",
		"a/b/c":         `a name pattern is "name", "dir/name" or "dir/"`,
		"/" + long(300): "longer than 255 bytes",
		long(70):        "longer than 63 bytes",
	} {
		err := Validate([]Category{{Name: "c", Patterns: []string{pattern}}})
		require.Error(t, err, "%q", pattern)
		assert.Contains(t, err.Error(), want, "%q", pattern)
	}
}

func long(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'x'
	}
	return string(b)
}

func TestNamePrefixesExclusionsAndProcessFiles(t *testing.T) {
	r, err := Build(false, []Category{
		{Name: "keys", Patterns: []string{"id_rsa*", "/proc/*/environ", "/proc/*/map*"}},
		{Name: "dev", Access: AccessWrite, RegularFilesOnly: true, Patterns: []string{"/dev/", "!/dev/shm/", "!/dev/termination-log", "!/dev/x*"}},
	})
	require.NoError(t, err)
	keys := kernel.WatchCategory{ID: 1}
	dev := kernel.WatchCategory{ID: 2, WritesOnly: true, RegularOnly: true}
	assert.Equal(t, []kernel.WatchName{{Name: "id_rsa", Category: keys}}, r.List.NamePrefixes)
	assert.Empty(t, r.List.Names)
	assert.Equal(t, []kernel.WatchPrefix{
		// "*" for the pid stays in the entry: the kernel writes one over the pid.
		{Path: "/proc/*/environ", Exact: true, Category: keys},
		{Path: "/proc/*/map", Category: keys},
		{Path: "/dev", Exact: true, Category: dev},
		{Path: "/dev/", Category: dev},
		// Exclusions have no category.
		{Path: "/dev/shm", Exact: true, Exclude: true},
		{Path: "/dev/shm/", Exclude: true},
		{Path: "/dev/termination-log", Exact: true, Exclude: true},
		{Path: "/dev/x", Exclude: true},
	}, r.List.Prefixes)
}

func TestExtendingADefaultCanMakeItRegularFilesOnly(t *testing.T) {
	r, err := Build(true, []Category{{Name: "boot", RegularFilesOnly: true, Patterns: []string{"/efi/"}}})
	require.NoError(t, err)
	for _, p := range r.List.Prefixes {
		if p.Path == "/efi/" || p.Path == "/boot/" {
			assert.True(t, p.Category.RegularOnly, p.Path)
			assert.True(t, p.Category.WritesOnly, "%s: the built-in access stays", p.Path)
		}
	}
}

func TestDefaultsWatchWholeSystemDirectories(t *testing.T) {
	r, err := Build(true, nil)
	require.NoError(t, err)
	categoryOf := map[string]string{}
	for _, p := range r.List.Prefixes {
		if p.Exclude {
			categoryOf["!"+p.Path] = ""
			continue
		}
		categoryOf[p.Path] = r.Name(p.Category.ID)
		if r.Name(p.Category.ID) == "devices" {
			assert.True(t, p.Category.RegularOnly, "only regular files count in /dev")
		}
	}
	for path, category := range map[string]string{
		"/etc/": "system_config", "/boot/": "boot", "/var/lib/dpkg/": "package_db", "/var/lib/rpm/": "package_db",
		"/dev/": "devices", "!/dev/shm/": "", "/etc/cron": "persistence", "/proc/*/environ": "credentials",
		"/proc/*/mem":      "credentials",
		"/var/spool/cron/": "persistence", "/usr/local/bin/": "binaries", "/root/": "root_home",
	} {
		got, ok := categoryOf[path]
		if assert.True(t, ok, "%s is not in the defaults", path) {
			assert.Equal(t, category, got, path)
		}
	}
	names := map[string]string{}
	for _, n := range r.List.Names {
		names[n.Name] = r.Name(n.Category.ID)
	}
	for _, n := range r.List.NamePrefixes {
		names[n.Name+"*"] = r.Name(n.Category.ID)
	}
	for name, category := range map[string]string{
		"syslog": "logs", "auth.log": "logs", "wtmp": "logs", "btmp": "logs", "lastlog": "logs",
		".bash_history": "histories", ".zsh_history": "histories",
		"id_rsa*": "credentials", "id_ed25519*": "credentials", "id_ecdsa*": "credentials", "id_dsa*": "credentials",
		"core_pattern": "container_escape", "release_agent": "container_escape", ".ssh/": "credentials",
	} {
		assert.Equal(t, category, names[name], name)
	}
}

func TestInvalidNewPatternForms(t *testing.T) {
	for pattern, want := range map[string]string{
		"!.ssh/":          "an exclusion is '!' followed by an absolute pattern",
		"!/":              "empty",
		"!/etc/*/x":       "'*' is only allowed at the end of a path, or for the process id in /proc/*/",
		"/proc/*/task/*/": "'*' is only allowed at the end of a path, or for the process id in /proc/*/",
		"/proc/1*/x":      "'*' is only allowed at the end of a path",
		"*":               "'*' is only allowed at the end of an absolute path or of a name",
		"id*_rsa":         "'*' is only allowed at the end of an absolute path or of a name",
		".ssh/id_*":       "'*' is only allowed at the end of an absolute path or of a name",
		long(64) + "*":    "longer than 63 bytes",
	} {
		err := Validate([]Category{{Name: "c", Patterns: []string{pattern}}})
		require.Error(t, err, "%q", pattern)
		assert.Contains(t, err.Error(), want, "%q", pattern)
	}
	for _, valid := range []string{"/proc/*/environ", "/proc/*/", "/proc/*", "id_rsa*", "!/dev/shm/", "!/dev/x*", long(63) + "*"} {
		assert.NoError(t, Validate([]Category{{Name: "c", Patterns: []string{valid}}}), valid)
	}
}
