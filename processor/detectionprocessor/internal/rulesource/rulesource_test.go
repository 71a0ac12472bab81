package rulesource

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/defaultrules"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

func listItems(files []*rules.File, name string) []string {
	for _, f := range files {
		if l, ok := f.Lists[name]; ok {
			return l.Items
		}
	}
	return nil
}

func TestLoadReadsThePackThenTheUsersFilesWithListsReplaced(t *testing.T) {
	dir := t.TempDir()
	local := filepath.Join(dir, "local.yaml")
	require.NoError(t, os.WriteFile(local, []byte("lists:\n  local_tools: [a]\n"), 0o600))
	pack, err := defaultrules.Files()
	require.NoError(t, err)

	files, err := Load(Config{Pack: true, Paths: []string{dir},
		Lists: map[string][]string{"server_binaries": {"caddy"}, "local_tools": {"b", "c"}}})
	require.NoError(t, err)
	require.Len(t, files, len(pack)+1)
	assert.Equal(t, pack[0].Path, files[0].Path, "the pack first")
	assert.Equal(t, local, files[len(files)-1].Path)
	assert.Equal(t, []string{"caddy"}, listItems(files, "server_binaries"), "a pack's list")
	assert.Equal(t, []string{"b", "c"}, listItems(files, "local_tools"), "a user's list")

	files, err = Load(Config{Paths: []string{local}})
	require.NoError(t, err)
	assert.Len(t, files, 1, "without the pack")

	_, err = Load(Config{Paths: []string{local}, Lists: map[string][]string{"server_binaries": {"caddy"}}})
	assert.ErrorContains(t, err, "lists::server_binaries: no rule file defines this list", "without the pack, its lists are unknown")

	_, err = Load(Config{Pack: true, Paths: []string{filepath.Join(dir, "missing.yaml")}})
	assert.ErrorContains(t, err, "missing.yaml")
}
