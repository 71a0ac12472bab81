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
	assert.Equal(t, []string{"credentials", "persistence", "root_home", "binaries", "logs", "container_escape", "mine"}, r.Names)
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
