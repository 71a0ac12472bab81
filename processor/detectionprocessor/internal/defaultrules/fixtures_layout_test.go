package defaultrules

import (
	"io/fs"
	"path"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// TestFixturesSitBesideTheirRules keeps a rule file and its fixtures side
// by side: the fixtures of the rules of credential_access.yaml are in
// fixtures/credential_access.yaml, and nowhere else.
func TestFixturesSitBesideTheirRules(t *testing.T) {
	fileOf := map[string]string{}
	for _, r := range compiled(t).Rules {
		fileOf[r.ID] = path.Base(r.Pos.File)
	}
	entries, err := fs.ReadDir(Fixtures(), ".")
	require.NoError(t, err)
	seen := 0
	for _, e := range entries {
		data, err := fs.ReadFile(Fixtures(), e.Name())
		require.NoError(t, err)
		var byRule map[string]yaml.Node
		require.NoError(t, yaml.Unmarshal(data, &byRule), e.Name())
		for id := range byRule {
			assert.Equal(t, fileOf[id], e.Name(), "fixtures of %s", id)
			seen++
		}
	}
	assert.Equal(t, len(fileOf), seen, "every rule's fixtures, once")
}
