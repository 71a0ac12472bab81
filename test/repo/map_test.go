// Package repo checks what the repository says of itself.
package repo

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeMapMatchesTheTree keeps the README's map of the repository
// true: every path it names exists, and every Go package is named, in the
// row of the folder that holds it (generated telemetry packages aside).
func TestReadmeMapMatchesTheTree(t *testing.T) {
	root := "../.."
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	section := string(readme)[strings.Index(string(readme), "## Architecture"):]
	rows := map[string]string{} // path → the row's text
	for _, m := range regexp.MustCompile("(?m)^\\| \\[`([^`]+)`\\]\\([^)]*\\) \\| (.*) \\|$").FindAllStringSubmatch(section, -1) {
		rows[strings.TrimSuffix(m[1], "/")] = m[2]
	}
	require.NotEmpty(t, rows, "the map is a table of [`path`](path) | what lives there")
	for path := range rows {
		_, err := os.Stat(filepath.Join(root, path))
		assert.NoError(t, err, "the map names %s", path)
	}

	require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		switch {
		case !d.IsDir():
			return nil
		case strings.HasPrefix(d.Name(), ".") && rel != ".", d.Name() == "_build", d.Name() == "testdata",
			d.Name() == "metadata", d.Name() == "metadatatest":
			return filepath.SkipDir
		}
		if !hasGo(t, path) || rel == "." {
			return nil
		}
		holder := ""
		for p := range rows {
			if (rel == p || strings.HasPrefix(rel, p+"/")) && len(p) > len(holder) {
				holder = p
			}
		}
		if !assert.NotEmpty(t, holder, "no row of the map holds %s", rel) {
			return nil
		}
		if rest := strings.TrimPrefix(strings.TrimPrefix(rel, holder), "/"); rest != "" {
			assert.Contains(t, rows[holder], rest, "the row of %s names %s", holder, rel)
		}
		return nil
	}))
}

func hasGo(t *testing.T, dir string) bool {
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") {
			return true
		}
	}
	return false
}
